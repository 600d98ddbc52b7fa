"""The ``python`` scorer: a user's own function, named as ``module.path:function`` or ``path/to/file.py:function``.

A suite often needs one check no built-in covers; writing a plugin package for it is too much. The function is
loaded once, when the scorer is built, so a typo stops the bakeoff before any model call is paid for; while scoring,
anything the function raises or returns out of range becomes a failed score, never a crashed bakeoff.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import math
import numbers
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parity.bakeoff.items import Answer, Item
from parity.bakeoff.scorers.base import Score, Scorer, register
from parity.errors import ConfigError

ScoreFunction = Callable[[Item, Answer, Any], Any]
_USAGE = "python scorer needs MODULE:FUNCTION or path/to/file.py:FUNCTION"


def _load_file(path: str) -> Any:
    """Execute a Python file as a module, once: it is kept in ``sys.modules`` under a name derived from its path, so
    a scorer built for every suite check does not re-run the file."""
    file = Path(path).resolve()
    if not file.is_file():
        raise ConfigError(f"python scorer: file not found: {path}")
    name = f"parity_user_scorer_{file.stem}_{hashlib.sha256(str(file).encode()).hexdigest()[:12]}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise ConfigError(f"python scorer: cannot load {path} as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before running it, as an import would: dataclasses and pickling look it up
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # any error in user code becomes a config error naming the file
        del sys.modules[name]
        raise ConfigError(f"python scorer: {path} failed to load: {type(exc).__name__}: {exc}") from exc
    return module


def load_function(target: str) -> ScoreFunction:
    """The callable named by ``module.path:function`` or ``file.py:function``. Raises ConfigError."""
    where, sep, attr = target.rpartition(":")
    if not sep or not where or not attr:
        raise ConfigError(f"{_USAGE}, got {target!r}")
    if where.endswith(".py") or "/" in where or "\\" in where:
        module = _load_file(where)
    else:
        try:
            module = importlib.import_module(where)
        except ImportError as exc:
            raise ConfigError(f"python scorer: cannot import module {where!r}: {exc}") from exc
    fn = getattr(module, attr, None)
    if fn is None:
        raise ConfigError(f"python scorer: {where} has no function {attr!r}")
    if not callable(fn):
        raise ConfigError(f"python scorer: {where}:{attr} is a {type(fn).__name__}, not a function")
    return fn


def to_score(result: Any) -> Score:
    """A user function's result as a Score: a number or bool, a ``Score``, or ``(value, detail)``."""
    detail: str | None = None
    if isinstance(result, Score):
        value, detail = result.value, result.detail
        if value is None:
            return result
    elif isinstance(result, tuple) and len(result) == 2:
        value, detail = result[0], (None if result[1] is None else str(result[1]))
    else:
        value = result
    if isinstance(value, numbers.Real):  # bool included: True is 1.0
        number = float(value)
    else:
        return Score(None, f"TypeError: scorer returned {type(value).__name__}; "
                           "return a number in [0, 1], a bool, a Score or (value, detail)")
    if not (math.isfinite(number) and 0.0 <= number <= 1.0):
        return Score(None, f"ValueError: scorer returned {number!r}, outside [0, 1]")
    if isinstance(result, Score):
        return Score(number, detail, result.cost_usd, result.disagreement)
    return Score(number, detail)


def _target(arg: str | None, options: dict[str, Any] | None) -> str:
    target = arg or (options or {}).get("function")
    if not isinstance(target, str) or not target:
        raise ConfigError(_USAGE)
    return target


def _is_async(fn: ScoreFunction) -> bool:
    """An ``async def`` function, or an object whose ``__call__`` is one."""
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(type(fn).__call__)


@register("python")
class Python(Scorer):
    """Calls ``fn(item, answer, expected)``. The target is the argument, or the check option ``function``.

    An ``async def`` function gets an ``AsyncPython`` instead, whose ``uses_model`` makes the runner await it; plain
    functions stay synchronous, so the runner does not count them as model calls of unknown cost.
    """

    fn: ScoreFunction

    def __new__(cls, arg: str | None = None, **kwargs: Any) -> Python:
        fn = load_function(_target(arg, kwargs.get("options")))
        scorer = super().__new__(AsyncPython if cls is Python and _is_async(fn) else cls)
        scorer.fn = fn
        return scorer

    def score(self, item: Item, answer: Answer, expected: Any) -> Score:
        try:
            result = self.fn(item, answer, expected)
        except Exception as exc:  # noqa: BLE001 - user code must not crash the bakeoff; the failure is shown
            return Score(None, f"{type(exc).__name__}: {exc}")
        if inspect.isawaitable(result):
            if inspect.iscoroutine(result):
                result.close()  # never awaited: close it rather than leak a warning
            return Score(None, "TypeError: a plain function returned an awaitable; declare it async def")
        return to_score(result)


class AsyncPython(Python):
    """A ``python`` scorer whose function is ``async def``: scored through ``ascore``."""

    uses_model = True

    def score(self, item: Item, answer: Answer, expected: Any) -> Score:
        raise NotImplementedError("an async python scorer scores through ascore")

    async def ascore(self, item: Item, answer: Answer, expected: Any) -> Score:
        try:
            result = self.fn(item, answer, expected)
            if inspect.isawaitable(result):
                result = await result
        except Exception as exc:  # noqa: BLE001 - user code must not crash the bakeoff; the failure is shown
            return Score(None, f"{type(exc).__name__}: {exc}")
        return to_score(result)
