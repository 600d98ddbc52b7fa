"""String scorers: ``exact`` (the whole answer), ``contains`` (required substrings) and ``regex`` (a pattern).

They are the cheapest checks a suite can carry, so everything that can be prepared once (the needle, the compiled
pattern) is prepared at construction; ``score`` only normalises the answer and compares.
"""

from __future__ import annotations

import re
from typing import Any

from parity.bakeoff.items import Answer, Item, message_text
from parity.bakeoff.scorers.base import Score, Scorer, register
from parity.errors import ConfigError

_DETAIL_CHARS = 60


def _clip(text: str, limit: int = _DETAIL_CHARS) -> str:
    """A quoted excerpt short enough for a report cell."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _as_text(value: Any) -> str:
    """A reference as text: an OpenAI message (a captured answer) by its content, anything else by ``str``."""
    if isinstance(value, str):
        return value
    return message_text(value) if isinstance(value, dict) else str(value)


def _as_texts(value: Any) -> list[str]:
    return [_as_text(v) for v in value] if isinstance(value, list | tuple) else [_as_text(value)]


@register("exact")
class Exact(Scorer):
    """The answer equals the expected text (or any of a list), ignoring surrounding and repeated whitespace.

    ``exact:i`` or the option ``ignore_case: true`` compares case-insensitively. The argument is only that flag: the
    expected text comes from the check's ``value`` or the item's reference.
    """

    needs_reference = True

    def __init__(self, arg: str | None = None, **kwargs: Any) -> None:
        super().__init__(arg, **kwargs)
        if arg not in (None, "", "i"):
            raise ConfigError(f"exact takes no argument but 'i' (ignore case), got {arg!r}; "
                              "use contains:TEXT or regex:PATTERN to give the expected text on the command line")
        self.ignore_case = arg == "i" or bool(self.options.get("ignore_case"))

    def _normalise(self, text: str) -> str:
        text = " ".join(text.split())
        return text.casefold() if self.ignore_case else text

    def score(self, item: Item, answer: Answer, expected: Any) -> Score:
        got = self._normalise(answer.text)
        wanted = _as_texts(expected)
        if any(got == self._normalise(w) for w in wanted):
            return Score(1.0, "exact match")
        return Score(0.0, f"got {_clip(got)}, expected {_clip(wanted[0]) if len(wanted) == 1 else 'one of the list'}")


@register("contains")
class Contains(Scorer):
    """Every expected string appears in the answer: ``contains:TEXT``, or the check's value (a string or a list).

    An argument on the command line wins over the item's reference. ``ignore_case: true`` folds case on both sides.
    """

    needs_reference = True

    def __init__(self, arg: str | None = None, **kwargs: Any) -> None:
        super().__init__(arg, **kwargs)
        self.ignore_case = bool(self.options.get("ignore_case"))
        self._needles = self._prepare([arg]) if arg is not None else None

    def _prepare(self, needles: list[str]) -> list[str]:
        return [n.casefold() for n in needles] if self.ignore_case else needles

    def applies(self, item: Item, expected: Any) -> bool:
        return self._needles is not None or expected is not None

    def score(self, item: Item, answer: Answer, expected: Any) -> Score:
        needles = self._needles if self._needles is not None else self._prepare(_as_texts(expected))
        text = answer.text.casefold() if self.ignore_case else answer.text
        missing = [n for n in needles if n not in text]
        if not missing:
            return Score(1.0, f"contains all {len(needles)}" if len(needles) > 1 else "contains it")
        more = " …" if len(missing) > 3 else ""
        return Score(0.0, "missing " + ", ".join(_clip(m, 30) for m in missing[:3]) + more)


@register("regex")
class Regex(Scorer):
    """The answer matches a pattern (``re.search``): ``regex:PATTERN``, or the check's value.

    A bad pattern on the command line stops the bakeoff before any call is paid for; a bad pattern in one suite item
    only fails that item's score. ``ignore_case: true`` adds ``re.IGNORECASE``.
    """

    needs_reference = True

    def __init__(self, arg: str | None = None, **kwargs: Any) -> None:
        super().__init__(arg, **kwargs)
        self.flags = re.IGNORECASE if self.options.get("ignore_case") else 0
        self._pattern: re.Pattern[str] | None = None
        if arg is not None:
            try:
                self._pattern = re.compile(arg, self.flags)
            except re.error as exc:
                raise ConfigError(f"regex scorer: invalid pattern {arg!r}: {exc}") from exc

    def applies(self, item: Item, expected: Any) -> bool:
        return self._pattern is not None or expected is not None

    def score(self, item: Item, answer: Answer, expected: Any) -> Score:
        pattern = self._pattern
        if pattern is None:
            if not isinstance(expected, str):
                return Score(None, f"regex needs a pattern string, got {type(expected).__name__}")
            try:
                pattern = re.compile(expected, self.flags)  # re keeps its own cache of compiled patterns
            except re.error as exc:
                return Score(None, f"invalid pattern {_clip(expected)}: {exc}")
        found = pattern.search(answer.text)
        if found:
            return Score(1.0, f"matched {_clip(found.group(0), 40)}")
        return Score(0.0, f"no match for {_clip(pattern.pattern, 40)}")
