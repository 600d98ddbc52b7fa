"""The scorer extension point: a small base class, a registry filled by a decorator, and entry points.

A scorer turns one answer (or, for pairwise scorers, two answers) into a number in [0, 1], or says it could not
(``Score.failed``): a failure is shown and excluded from the statistics, never silently scored. A third-party scorer
is one class registered under the ``parity.scorers`` entry-point group; ``--scorer NAME[:ARG]`` and a suite item's
``{"type": NAME, "value": ...}`` both reach it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from parity.bakeoff.items import Answer, Item
from parity.errors import ConfigError
from parity.registry import Registry

ENTRY_POINT_GROUP = "parity.scorers"
_MODULES = {"exact": "exact", "contains": "exact", "regex": "exact", "json": "json_valid",
            "json_schema": "json_valid", "tool_call": "tool_call", "numeric": "numeric", "similarity": "similarity",
            "refusal": "refusal", "judge": "judge", "rubric": "rubric", "python": "custom"}
SCORERS: Registry[Scorer] = Registry("scorer", ENTRY_POINT_GROUP,
                                     {name: f"parity.bakeoff.scorers.{m}" for name, m in _MODULES.items()})


@dataclass(frozen=True, slots=True)
class Score:
    """A score in [0, 1] (for pairwise scorers: the candidate's result, 1 win, 0.5 tie, 0 loss), or a failure."""

    value: float | None
    detail: str | None = None
    """Why, in a few words (the judge's reasoning, the schema error, the number found); shown in the report."""
    cost_usd: float | None = None
    """What scoring cost (a judge's calls), added to the bakeoff's bill."""
    disagreement: bool | None = None
    """Pairwise judges: whether the two presentation orders disagreed (position bias)."""

    @property
    def failed(self) -> bool:
        return self.value is None


class ModelCaller(Protocol):
    """What model-based scorers use to call a configured model (the bakeoff's runner: cached, rate-limited)."""

    async def chat(self, model: str, messages: list[dict[str, Any]], **params: Any) -> Answer: ...

    async def embed(self, model: str, texts: list[str]) -> list[list[float]]: ...


class Scorer:
    """Base class. Deterministic scorers override ``score``; model-based ones set ``uses_model`` and override
    ``ascore`` (or ``acompare`` when ``pairwise``). ``arg`` is the text after ``NAME:`` on the command line."""

    name: ClassVar[str] = ""
    pairwise: ClassVar[bool] = False
    uses_model: ClassVar[bool] = False
    needs_reference: ClassVar[bool] = False
    """True when the scorer needs an expected answer: from the check's ``value``, else the item's ``reference``.
    Items with neither are not scored by it (not applicable, which is different from a failure)."""

    def __init__(self, arg: str | None = None, *, caller: ModelCaller | None = None,
                 options: dict[str, Any] | None = None) -> None:
        self.arg = arg
        self.caller = caller
        self.options = options or {}

    @property
    def label(self) -> str:
        """The column name in reports: ``NAME``, or ``NAME:ARG`` when an argument was given."""
        return f"{self.name}:{self.arg}" if self.arg else self.name

    def applies(self, item: Item, expected: Any) -> bool:
        return not self.needs_reference or expected is not None

    def score(self, item: Item, answer: Answer, expected: Any) -> Score:
        raise NotImplementedError(f"scorer {self.name!r} scores asynchronously or pairwise")

    async def ascore(self, item: Item, answer: Answer, expected: Any) -> Score:
        return self.score(item, answer, expected)

    async def acompare(self, item: Item, incumbent: Answer, candidate: Answer, expected: Any) -> Score:
        raise NotImplementedError(f"scorer {self.name!r} is not pairwise")


register = SCORERS.register
"""Class decorator: make a scorer available as ``--scorer NAME`` and as a suite check ``type: NAME``."""
scorer_class = SCORERS.get
available_scorers = SCORERS.available


def parse_spec(spec: str) -> tuple[str, str | None]:
    """``NAME[:ARG]`` from the command line; the argument may itself contain colons (a regex, a module path)."""
    name, sep, arg = spec.partition(":")
    name = name.strip()
    if not name:
        raise ConfigError(f"empty scorer name in {spec!r}; use NAME or NAME:ARG")
    return name, (arg if sep else None)


def make_scorer(spec: str, caller: ModelCaller | None = None, options: dict[str, Any] | None = None) -> Scorer:
    name, arg = parse_spec(spec)
    return scorer_class(name)(arg, caller=caller, options=options)
