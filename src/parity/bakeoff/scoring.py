"""Scoring one item's answers: every scorer column, for every model, in one place.

A column is a scorer applied to every item (``--scorer``, ``--judge``), or ``assert``: the share of an item's own
checks that pass (a check without a ``value`` compares with the item's ``reference``). Each cell is a score in
[0, 1], ``None`` (the model errored or the scorer failed: excluded and counted, never scored), or ``NA`` (the scorer
does not apply to the item, e.g. no reference to compare with).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Final

import orjson

from parity.bakeoff.items import Answer, Check, Item
from parity.bakeoff.scorers.base import ModelCaller, Score, Scorer, make_scorer, scorer_class
from parity.errors import ConfigError

NA: Final = math.nan
ASSERT = "assert"
Cell = float | None  # NA is a float (nan): "not applicable"


def is_na(value: Cell) -> bool:
    return value is not None and value != value


@dataclass(slots=True)
class Column:
    label: str
    scorer: Scorer | None  # None for the assert column
    pairwise: bool = False


@dataclass(slots=True)
class ItemScores:
    """One item's cells by column label then model, with the scorers' details and what scoring cost."""

    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)
    details: dict[str, dict[str, str | None]] = field(default_factory=dict)
    judge: dict[str, Score] = field(default_factory=dict)
    """Pairwise judgments by candidate (for failure and position-bias counts)."""
    cost_usd: float = 0.0
    cost_unknown: bool = False


class Scoring:
    def __init__(self, specs: list[str], *, caller: ModelCaller | None, options: dict[str, Any],
                 with_asserts: bool) -> None:
        self.caller = caller
        self.options = options
        self.columns: list[Column] = []
        for spec in specs:
            scorer = make_scorer(spec, caller, options)
            if any(c.label == scorer.label for c in self.columns):
                continue
            self.columns.append(Column(scorer.label, scorer, scorer.pairwise))
        if with_asserts:
            self.columns.append(Column(ASSERT, None))
        self._checks: dict[bytes, Scorer] = {}

    def check_types(self, items: list[Item]) -> None:
        """Fail before any model is called when a suite names an unknown or pairwise check type."""
        for name in sorted({c.type for i in items for c in i.checks}):
            if scorer_class(name).pairwise:
                raise ConfigError(f"check type {name!r} compares two answers, so it cannot be a per-item check; "
                                  f"use --scorer {name} (or --judge MODEL) instead")

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]

    async def score(self, item: Item, incumbent: str, answers: dict[str, Answer]) -> ItemScores:
        out = ItemScores()
        for column in self.columns:
            cells: dict[str, Cell] = {}
            details: dict[str, str | None] = {}
            if column.scorer is None:
                for model, answer in answers.items():
                    cells[model], details[model] = await self._asserts(item, answer, out)
            elif not column.scorer.applies(item, item.reference):
                cells = dict.fromkeys(answers, NA)
            elif column.pairwise:
                base = answers[incumbent]
                for model, answer in answers.items():
                    if model == incumbent:
                        continue
                    if not (base.ok and answer.ok):
                        cells[model] = None
                        continue
                    result = await _safe(column.scorer.acompare(item, base, answer, item.reference))
                    cells[model], details[model] = result.value, result.detail
                    out.judge[model] = result
                    _add_cost(out, result, column.scorer)
            else:
                for model, answer in answers.items():
                    one = await self._one(column.scorer, item, answer, item.reference, out)
                    cells[model], details[model] = (None, None) if one is None else (one.value, one.detail)
            out.cells[column.label] = cells
            out.details[column.label] = details
        return out

    async def _one(self, scorer: Scorer, item: Item, answer: Answer, expected: Any,
                   out: ItemScores) -> Score | None:
        if not answer.ok:
            return None
        result: Score
        if scorer.uses_model:
            result = await _safe(scorer.ascore(item, answer, expected))
        else:
            try:
                result = scorer.score(item, answer, expected)
            except Exception as exc:  # noqa: BLE001 - a scorer's bug fails one cell, shown, never the bakeoff
                result = Score(None, f"scorer error: {type(exc).__name__}: {exc}")
        _add_cost(out, result, scorer)
        if result.value is not None and not 0 <= result.value <= 1:
            return Score(None, f"scorer returned {result.value!r}, outside [0, 1]")
        return result

    async def _asserts(self, item: Item, answer: Answer, out: ItemScores) -> tuple[Cell, str | None]:
        if not item.checks:
            return NA, None
        if not answer.ok:
            return None, None
        passed = 0.0
        notes = []
        for check in item.checks:
            scorer = self._check_scorer(check)
            expected = check.value if check.value is not None else item.reference
            result = await self._one(scorer, item, answer, expected, out)
            if result is None or result.value is None:
                return None, f"{check.type}: scorer failed: {result.detail if result else 'no answer'}"
            passed += result.value
            if result.value < 1:
                notes.append(f"{check.type} failed" + (f": {result.detail}" if result.detail else ""))
        return passed / len(item.checks), "; ".join(notes) or "all checks passed"

    def _check_scorer(self, check: Check) -> Scorer:
        key = orjson.dumps([check.type, check.options], option=orjson.OPT_SORT_KEYS, default=str)
        scorer = self._checks.get(key)
        if scorer is None:
            cls = scorer_class(check.type)
            scorer = self._checks[key] = cls(None, caller=self.caller, options={**self.options, **check.options})
        return scorer


async def _safe(pending: Any) -> Score:
    try:
        result = await pending
    except Exception as exc:  # noqa: BLE001 - shown as a scorer failure for this item
        return Score(None, f"scorer error: {type(exc).__name__}: {exc}")
    return result if isinstance(result, Score) else Score(None, f"scorer returned {result!r}, not a Score")


def _add_cost(out: ItemScores, result: Score, scorer: Scorer) -> None:
    if result.cost_usd is not None:
        out.cost_usd += result.cost_usd
    elif scorer.uses_model:
        out.cost_unknown = True
