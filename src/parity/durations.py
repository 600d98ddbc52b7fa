"""Human durations ("90s", "15m", "7d") as used in the config and the CLI's ``--since``."""

from __future__ import annotations

import re

_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PATTERN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$")


def parse_duration(value: str | float | int) -> float:
    """Seconds in ``value``; a bare number is seconds. Raises ValueError with the accepted forms."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return float(value)
    match = _PATTERN.match(str(value))
    if not match:
        raise ValueError(f"not a duration: {value!r} (use a number of seconds or e.g. 500ms, 30s, 15m, 12h, 7d, 2w)")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]
