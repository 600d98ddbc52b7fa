"""Turning per-item answers and scores into the bakeoff's result: tallies, comparisons, costs and worst examples.

Only small numbers are kept per item (scores, tokens, latencies); answer texts are kept for the handful of worst
examples only, so memory stays flat however many items run.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import orjson
from pydantic import BaseModel

from parity.bakeoff import stats
from parity.bakeoff.items import Answer, Item
from parity.bakeoff.scorers.refusal import is_refusal
from parity.bakeoff.scoring import Cell, ItemScores, is_na
from parity.report.bakeoff_result import (
    CandidateResult,
    Example,
    JudgeStats,
    Latency,
    ModelSummary,
    ScoreComparison,
    ScoreSummary,
)
from parity.store.queries import percentile

_TEXT_LIMIT = 4000


@dataclass(slots=True)
class Tally:
    items: int = 0
    answered: int = 0
    errors: int = 0
    error_examples: list[str] = field(default_factory=list)
    refusals: int = 0
    called: int = 0
    cached: int = 0
    captured: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    priced: int = 0
    unpriced: int = 0
    latency: list[float] = field(default_factory=list)
    ttft: list[float] = field(default_factory=list)
    captured_latency: list[float] = field(default_factory=list)
    captured_ttft: list[float] = field(default_factory=list)

    def add(self, item: Item, answer: Answer) -> None:
        self.items += 1
        if answer.source == "cache":
            self.cached += 1
        elif answer.source in ("captured", "shadow"):
            self.captured += 1
        elif answer.source == "run":
            self.called += 1
        if not answer.ok:
            self.errors += 1
            if len(self.error_examples) < 5:
                self.error_examples.append(f"{item.id}: {answer.error}"[:300])
            return
        self.answered += 1
        self.refusals += is_refusal(answer)
        self.prompt_tokens += answer.usage.prompt_tokens or 0
        self.completion_tokens += answer.usage.completion_tokens or 0
        if answer.cost_usd is None:
            self.unpriced += 1
        else:
            self.cost += answer.cost_usd
            self.priced += 1
        # measured by a bakeoff call (now, or in the run that paid for a cached answer), or in production
        own = answer.source in ("run", "cache")
        if answer.latency_ms is not None:
            (self.latency if own else self.captured_latency).append(answer.latency_ms)
        if answer.ttft_ms is not None:
            (self.ttft if own else self.captured_ttft).append(answer.ttft_ms)

    @property
    def cost_usd(self) -> float | None:
        return None if self.priced == 0 and self.answered else round(self.cost, 6)

    @property
    def cost_per_1k(self) -> float | None:
        return None if self.priced == 0 else self.cost / self.priced * 1000


@dataclass(slots=True)
class JudgeTally:
    judged: int = 0
    failures: int = 0
    disagreements: int = 0
    cost: float = 0.0
    cost_known: bool = True
    examples: list[str] = field(default_factory=list)


class Collector:
    """Receives each item's answers and scores as they finish (in any order) and builds the result at the end."""

    def __init__(self, incumbent: str, candidates: Sequence[str], labels: Sequence[str], pairwise: set[str],
                 primary: str, worst: int) -> None:
        self.incumbent = incumbent
        self.candidates = list(candidates)
        self.models = [incumbent, *self.candidates]
        self.labels = list(labels)
        self.pairwise = pairwise
        self.primary = primary
        self.worst = worst
        self.tallies = {m: Tally() for m in self.models}
        self.cells: dict[str, dict[str, list[Cell]]] = {label: {m: [] for m in self.models} for label in labels}
        self.clusters: list[str] = []
        self.judges = {m: JudgeTally() for m in self.candidates}
        self.scoring_cost = 0.0
        self.scoring_cost_known = True
        self._heaps: dict[str, list[tuple[float, int, Example]]] = {m: [] for m in self.candidates}
        self._seq = 0

    def add(self, item: Item, answers: dict[str, Answer], scores: ItemScores) -> None:
        self.clusters.append(item.conversation or f"item:{item.id}")
        for model in self.models:
            self.tallies[model].add(item, answers[model])
        for label in self.labels:
            row = scores.cells.get(label, {})
            for model in self.models:
                self.cells[label][model].append(row.get(model, math.nan))
        self.scoring_cost += scores.cost_usd
        self.scoring_cost_known &= not scores.cost_unknown
        for model, judgment in scores.judge.items():
            tally = self.judges[model]
            tally.judged += 1
            if judgment.failed:
                tally.failures += 1
                if len(tally.examples) < 5:
                    tally.examples.append(f"{item.id}: {judgment.detail}"[:300])
            tally.disagreements += bool(judgment.disagreement)
            if judgment.cost_usd is None:
                tally.cost_known = False
            else:
                tally.cost += judgment.cost_usd
        self._keep_worst(item, answers, scores)

    def _keep_worst(self, item: Item, answers: dict[str, Answer], scores: ItemScores) -> None:
        if self.worst <= 0:
            return
        row = scores.cells.get(self.primary, {})
        pairwise = self.primary in self.pairwise
        base = row.get(self.incumbent)
        for model in self.candidates:
            value = row.get(model)
            if value is None or is_na(value) or (not pairwise and (base is None or is_na(base))):
                continue
            difference = value - 0.5 if pairwise else value - (base or 0.0)
            heap = self._heaps[model]
            self._seq += 1
            if len(heap) >= self.worst and -difference <= heap[0][0]:
                continue
            example = Example(
                item_id=item.id, prompt=item.prompt_text[:_TEXT_LIMIT],
                reference=_text(item.reference), incumbent_answer=_answer_text(answers[self.incumbent]),
                candidate_answer=_answer_text(answers[model]),
                incumbent_score=None if pairwise else base, candidate_score=value,
                difference=difference, detail=scores.details.get(self.primary, {}).get(model))
            if len(heap) < self.worst:
                heapq.heappush(heap, (-difference, self._seq, example))
            else:
                heapq.heapreplace(heap, (-difference, self._seq, example))

    # -------------------------------------------------------------------------------------------------- result

    def clustered(self) -> list[str] | None:
        return self.clusters if len(set(self.clusters)) < len(self.clusters) else None

    def compare(self, label: str, margin: float, alpha: float, seed: int) -> dict[str, stats.Comparison]:
        """Every candidate on one column, each interval at the Bonferroni level for all candidates; items the column
        does not apply to are left out (they are not failures), items with a failure are excluded and counted. A
        candidate with nothing to pair is missing from the result (and reported), without hiding the others."""
        inc = self.cells[label][self.incumbent]
        keep = [i for i in range(len(inc)) if not all(is_na(self.cells[label][m][i]) for m in self.models)]
        clusters = self.clustered()
        groups = [clusters[i] for i in keep] if clusters else None
        pairwise = label in self.pairwise
        incumbent = None if pairwise else [_none_if_na(inc[i]) for i in keep]
        out = {}
        for model in self.candidates:
            scores = [_none_if_na(self.cells[label][model][i]) for i in keep]
            try:
                out[model] = stats.compare(incumbent, scores, margin=margin, alpha=alpha / len(self.candidates),
                                           clusters=groups, kind="pairwise" if pairwise else "auto", seed=seed)
            except ValueError:
                continue  # nothing pairs up (every item errored, or too few conversations)
        return out

    def summaries(self, production: dict[str, Latency]) -> list[ModelSummary]:
        out = []
        for model in self.models:
            t = self.tallies[model]
            scores = []
            for label in self.labels:
                values = [v for v in self.cells[label][model] if not is_na(v)]
                if label in self.pairwise and model == self.incumbent:
                    continue
                scored = [v for v in values if v is not None]
                scores.append(ScoreSummary(scorer=label, mean=sum(scored) / len(scored) if scored else None,
                                           n=len(scored), failures=sum(v is None for v in values)))
            out.append(ModelSummary(
                model=model, role="incumbent" if model == self.incumbent else "candidate", items=t.items,
                answered=t.answered, errors=t.errors, error_rate=t.errors / t.items if t.items else 0.0,
                error_examples=t.error_examples, refusals=t.refusals,
                refusal_rate=t.refusals / t.answered if t.answered else 0.0, called=t.called, cached=t.cached,
                captured=t.captured, prompt_tokens=t.prompt_tokens, completion_tokens=t.completion_tokens,
                cost_usd=t.cost_usd, cost_per_1k_usd=t.cost_per_1k, unpriced=t.unpriced,
                latency=latency(t.latency, t.ttft), scores=scores,
                production_latency=latency(t.captured_latency, t.captured_ttft) if t.captured_latency
                else production.get(model)))
        return out

    def candidate(self, model: str, comparisons: dict[str, dict[str, stats.Comparison]], holm_p: float) -> \
            CandidateResult | None:
        primary = comparisons.get(self.primary, {}).get(model)
        if primary is None:
            return None
        diffs = self._primary_diffs(model)
        t = self.tallies[model]
        judge = None
        if model in self.judges and self.judges[model].judged:
            j = self.judges[model]
            judged_ok = j.judged - j.failures
            judge = JudgeStats(judged=j.judged, failures=j.failures,
                               disagreement_rate=j.disagreements / judged_ok if judged_ok else None,
                               cost_usd=round(j.cost, 6) if j.cost_known else None, failure_examples=j.examples)
        worst = [e for _, _, e in sorted(self._heaps[model], key=lambda x: (-x[0], x[1]))]
        return CandidateResult(
            model=model, **_shared(primary, CandidateResult), p_value_holm=holm_p,
            wins=sum(d > 0 for d in diffs), ties=sum(d == 0 for d in diffs),
            losses=sum(d < 0 for d in diffs), cost_usd=t.cost_usd, cost_per_1k_usd=t.cost_per_1k,
            errors=t.errors, judge=judge, worst=worst,
            scores=[ScoreComparison(scorer=label, **_shared(c[model], ScoreComparison))
                    for label, c in comparisons.items() if model in c])

    def _primary_diffs(self, model: str) -> list[float]:
        cand = self.cells[self.primary][model]
        if self.primary in self.pairwise:
            return [v - 0.5 for v in cand if v is not None and not is_na(v)]
        inc = self.cells[self.primary][self.incumbent]
        return [c - i for i, c in zip(inc, cand, strict=True)
                if c is not None and i is not None and not is_na(c) and not is_na(i)]


def latency(values: list[float], ttft: list[float]) -> Latency:
    values, ttft = sorted(values), sorted(ttft)
    return Latency(samples=len(values), ttft_p50_ms=percentile(ttft, 50), ttft_p95_ms=percentile(ttft, 95),
                   p50_ms=percentile(values, 50), p95_ms=percentile(values, 95))


def _shared(c: stats.Comparison, model: type[BaseModel]) -> dict[str, Any]:
    """The statistics' fields that the report model carries under the same names."""
    return {f.name: getattr(c, f.name) for f in fields(c) if f.name in model.model_fields}


def _none_if_na(value: Cell) -> float | None:
    return None if value is None or is_na(value) else value


def _answer_text(answer: Answer) -> str:
    if not answer.ok:
        return f"[error] {answer.error}"
    text = answer.text
    if answer.tool_calls:
        calls = "\n".join(f"{c.get('function', {}).get('name')}({c.get('function', {}).get('arguments')})"
                          for c in answer.tool_calls)
        text = f"{text}\n[tool calls]\n{calls}".strip()
    return text[:_TEXT_LIMIT]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value[:_TEXT_LIMIT]
    return orjson.dumps(value).decode()[:_TEXT_LIMIT]
