"""What a rule family is, and the registry that finds them (built-ins and the ``parity.scan_rules`` entry-point
group alike).

A family owns a few related rules (``RuleInfo``) and checks a parsed block through ``Code``. It may also give
``patterns``: regular expressions the engine runs where the parser could not help (no grammar for the language, or
lines inside a parse error), so broken code is never silently clean. A pattern with ``always`` runs on every line:
for text-level evidence (a reverse-shell one-liner) that looks the same inside a string or a comment."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from parity.errors import ConfigError
from parity.registry import Registry
from parity.scan.finding import Confidence, Finding, RuleInfo
from parity.scan.syntax import Code


@dataclass(frozen=True, slots=True)
class Pattern:
    rule: RuleInfo
    regex: re.Pattern[str]
    languages: frozenset[str] | None = None
    """Block languages it applies to; None: any, including code whose language is unknown."""
    confidence: Confidence = Confidence.MEDIUM
    always: bool = False
    message: str | None = None
    screen: re.Pattern[str] | None = None
    """The regex in multi-line mode, run once over a whole block: most blocks fail it, and then no line is tried."""


def pattern(rule: RuleInfo, regex: str, languages: Iterable[str] | None = None, *,
            confidence: Confidence = Confidence.MEDIUM, always: bool = False, message: str | None = None,
            flags: int = 0) -> Pattern:
    return Pattern(rule, re.compile(regex, flags), frozenset(languages) if languages is not None else None,
                   confidence, always, message, re.compile(regex, flags | re.MULTILINE))


class RuleFamily:
    """Subclass, set ``rules`` (and ``patterns``), implement ``check``, and decorate with ``@RULES.register(name)``."""

    name: ClassVar[str]
    rules: ClassVar[tuple[RuleInfo, ...]] = ()
    languages: ClassVar[frozenset[str] | None] = None
    """Languages ``check`` wants; None: every block, including ones whose language is unknown."""
    patterns: ClassVar[tuple[Pattern, ...]] = ()

    def check(self, code: Code) -> Iterable[Finding]:
        return ()


RULES: Registry[RuleFamily] = Registry("scan rule family", "parity.scan_rules", {
    "injection": "parity.scan.rules.injection",
    "deserialization": "parity.scan.rules.deserialization",
    "crypto": "parity.scan.rules.crypto",
    "secrets": "parity.scan.rules.secrets",
    "tls": "parity.scan.rules.tls",
    "filesystem": "parity.scan.rules.filesystem",
    "web": "parity.scan.rules.web",
    "debug": "parity.scan.rules.debug",
    "dependencies": "parity.scan.rules.dependencies",
    "obfuscation": "parity.scan.rules.obfuscation",
    "network": "parity.scan.rules.network",
    "triggers": "parity.scan.rules.triggers",
    "unicode": "parity.scan.rules.unicode",
})


def load_all() -> list[RuleFamily]:
    """An instance of every available family, in name order (a broken plugin raises, naming itself)."""
    families = []
    for name in RULES.available():
        try:
            families.append(RULES.get(name)())
        except ConfigError:
            raise
        except Exception as exc:
            raise ConfigError(f"scan rule family {name!r} could not be loaded: {type(exc).__name__}: {exc}") from exc
    return families
