"""The ``tool_call`` scorer: did the model call the same functions with the same arguments as the reference?

Agents break on tool-call drift more than on prose drift, so this compares the parsed calls, not their text: the
order of calls does not matter (parallel calls have no order), their number does, and arguments must be equal as
JSON values (``1`` equals ``1.0``, ``true`` does not equal ``1``; key order and whitespace are irrelevant).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from parity.bakeoff.items import Answer, Item
from parity.bakeoff.scorers.base import Score, Scorer, register

Call = tuple[str, Any]
_DETAIL_CHARS = 40


class _BadCall(ValueError):
    """A call that cannot be read: in the reference a scorer failure, in the answer the model's fault."""


def _clip(value: Any) -> str:
    text = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode() if not isinstance(value, str) else repr(value)
    return text if len(text) <= _DETAIL_CHARS else text[: _DETAIL_CHARS - 1] + "…"


def _call(raw: Any) -> Call:
    """``(name, arguments)`` from ``{"function": {...}}`` (OpenAI) or a bare ``{"name", "arguments"}``."""
    if not isinstance(raw, dict):
        raise _BadCall(f"a tool call must be an object, got {type(raw).__name__}")
    fn = raw.get("function", raw)
    name = fn.get("name") if isinstance(fn, dict) else None
    if not isinstance(name, str) or not name:
        raise _BadCall("a tool call has no function name")
    args = fn.get("arguments")
    if args is None or args == "":  # some servers send "" for a function without parameters
        return name, {}
    if isinstance(args, str):
        try:
            return name, orjson.loads(args)
        except orjson.JSONDecodeError as exc:
            raise _BadCall(f"{name}: arguments are not valid JSON ({exc})") from exc
    if isinstance(args, dict | list):
        return name, args
    raise _BadCall(f"{name}: arguments must be a JSON object or string, got {type(args).__name__}")


def reference_calls(expected: Any) -> list[Call]:
    """The calls a reference asks for: an assistant message (its ``tool_calls``; none when it has only text), a
    list of calls, or one call. Raises ValueError when the reference is none of these."""
    if isinstance(expected, list):
        return [_call(c) for c in expected]
    if not isinstance(expected, dict):
        raise _BadCall(f"reference is a {type(expected).__name__}, not a tool call or assistant message")
    if "tool_calls" in expected or "role" in expected:
        calls = expected.get("tool_calls") or []
        if not isinstance(calls, list):
            raise _BadCall("reference tool_calls is not a list")
        return [_call(c) for c in calls]
    return [_call(expected)]


def json_equal(a: Any, b: Any) -> bool:
    """Equality of parsed JSON values, where (unlike Python's ``==``) booleans are not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(json_equal, a, b))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def _arg_diff(wanted: Any, got: Any) -> str:
    if not (isinstance(wanted, dict) and isinstance(got, dict)):
        return f"arguments {_clip(got)}, expected {_clip(wanted)}"
    missing = [k for k in wanted if k not in got]
    if missing:
        return f"missing argument {missing[0]!r}"
    extra = [k for k in got if k not in wanted]
    if extra:
        return f"unexpected argument {extra[0]!r}"
    key = next((k for k in wanted if not json_equal(wanted[k], got[k])), None)
    if key is None:
        return "arguments differ"
    return f"{key}={_clip(got[key])}, expected {_clip(wanted[key])}"


def compare_calls(wanted: Sequence[Call], got: Sequence[Call]) -> str | None:
    """None when the calls match as multisets, else what differed. Greedy pairing is exact because equality is an
    equivalence relation: any equal partner is as good as any other."""
    unmatched = list(got)
    missing: list[Call] = []
    for call in wanted:
        twin = next((i for i, g in enumerate(unmatched) if g[0] == call[0] and json_equal(call[1], g[1])), None)
        if twin is None:
            missing.append(call)
        else:
            del unmatched[twin]
    if not missing and not unmatched:
        return None
    parts = [f"expected {len(wanted)} call(s), got {len(got)}"] if len(wanted) != len(got) else []
    for name, args in missing:
        same_name = next((i for i, g in enumerate(unmatched) if g[0] == name), None)
        if same_name is None:
            parts.append(f"missing {name}")
        else:
            parts.append(f"{name}: {_arg_diff(args, unmatched.pop(same_name)[1])}")
    parts.extend(f"unexpected {name}" for name, _ in unmatched)
    return "; ".join(parts)


@register("tool_call")
class ToolCall(Scorer):
    """1 when the answer's tool calls equal the reference's (names and parsed arguments, in any order), else 0."""

    needs_reference = True

    def score(self, item: Item, answer: Answer, expected: Any) -> Score:
        try:
            wanted = reference_calls(expected)
        except _BadCall as exc:
            return Score(None, str(exc))
        try:
            got = [_call(c) for c in answer.tool_calls]
        except _BadCall as exc:
            return Score(0.0, str(exc))
        difference = compare_calls(wanted, got)
        if difference is None:
            return Score(1.0, f"{len(wanted)} call(s) match" if wanted else "no calls, as expected")
        return Score(0.0, difference)
