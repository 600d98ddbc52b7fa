"""The ``numeric`` scorer: the last number in the answer equals the expected number, within a tolerance.

Models show their working before the result, so the *final* number is the answer. Tolerances are absolute by default
(``numeric:0.01``); a percentage (``numeric:1%``) is relative to the expected value.
"""

from __future__ import annotations

import math
import re
from collections import deque
from typing import Any

from parity.bakeoff.items import Answer, Item
from parity.bakeoff.scorers.base import Score, Scorer, register
from parity.errors import ConfigError

DEFAULT_TOLERANCE = 1e-6
_NUMBER = re.compile(
    r"""
    (?<![\w.])                          # not the tail of a word, a version string or another number
    (?P<sign>[-+\u2212])?               # ASCII signs and the Unicode minus models like to print
    (?P<body>
        \d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?   # 1,234 and 1,234.5
      | \d+(?:\.\d+)?                        # 1234 and 3.14
      | \.\d+                                # .5
    )
    (?P<exponent>[eE][-+]?\d+)?         # 6.02e23
    """,
    re.VERBOSE,
)
_DIGITS = "0123456789"
_WINDOW = 32
# Float rounding must not fail an answer that is exactly at the tolerance (1.1 vs 1.0 within 0.1).
_SLACK = 1e-12


def _value(found: re.Match[str]) -> float:
    sign = "-" if found["sign"] in ("-", "\u2212") else ""
    return float(sign + found["body"].replace(",", "") + (found["exponent"] or ""))


def last_number(text: str) -> float | None:
    """The last number written in ``text`` (a trailing ``%`` is ignored: 12% is 12), or None."""
    # A regex scan costs ~50 ns a character, and answers are long, so scan only from a space (no number holds one,
    # so none is cut in two) shortly before the last digit; if no number is there (the digit was in "H2O"), scan the
    # rest, which ends at that space.
    end = max(map(text.rfind, _DIGITS)) + 1
    if not end:
        return None
    start = max(0, text.rfind(" ", 0, max(0, end - _WINDOW)))
    last = deque(_NUMBER.finditer(text, start, end), maxlen=1)
    if not last and start:
        last = deque(_NUMBER.finditer(text, 0, start), maxlen=1)
    return _value(last[0]) if last else None


def parse_number(value: Any) -> float:
    """An expected value as a float: a number, or a string such as ``"1,234.5"``, ``"-3"`` or ``"12%"``."""
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, int | float):
        return float(value)
    found = _NUMBER.fullmatch(value.strip().removesuffix("%").rstrip()) if isinstance(value, str) else None
    if found is None:
        raise ValueError(f"{value!r} is not a number")
    return _value(found)


def parse_tolerance(value: Any) -> tuple[float, bool]:
    """``(tolerance, relative)`` from a number or a string; ``"1%"`` is relative 0.01. Raises ConfigError."""
    relative = isinstance(value, str) and value.strip().endswith("%")
    try:
        tolerance = parse_number(value)
    except ValueError as exc:
        raise ConfigError(f"numeric: tolerance {value!r} is not a number or a percentage like 1%") from exc
    if tolerance < 0 or not math.isfinite(tolerance):
        raise ConfigError(f"numeric: tolerance {value!r} must be a finite number >= 0")
    return (tolerance / 100, True) if relative else (tolerance, False)


@register("numeric")
class Numeric(Scorer):
    """1 when the answer's final number is within tolerance of the expected one. The argument (or the option
    ``tolerance``) is the tolerance, not the expected value: ``numeric:0.5`` or ``numeric:2%``."""

    needs_reference = True

    def __init__(self, arg: str | None = None, **kwargs: Any) -> None:
        super().__init__(arg, **kwargs)
        given = arg if arg else self.options.get("tolerance")
        self.tolerance, self.relative = parse_tolerance(given) if given is not None else (DEFAULT_TOLERANCE, False)

    def score(self, item: Item, answer: Answer, expected: Any) -> Score:
        try:
            wanted = parse_number(expected)
        except ValueError as exc:
            return Score(None, f"reference: {exc}")
        got = last_number(answer.text)
        if got is None:
            return Score(0.0, "no number in the answer")
        allowed = self.tolerance * abs(wanted) if self.relative else self.tolerance
        within = abs(got - wanted) <= allowed + _SLACK * max(1.0, abs(wanted), abs(got))
        shown = f"{self.tolerance * 100:g}%" if self.relative else f"{self.tolerance:g}"
        return Score(1.0 if within else 0.0, f"found {got:.10g}, expected {wanted:.10g} (±{shown})")
