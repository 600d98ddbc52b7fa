"""What the scanner reports. A finding is plain data (a frozen dataclass, not pydantic) because the gateway makes
them on the request path; ``to_dict`` gives the JSON shape the CLI, the store and the audit share."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any


class _Ranked(StrEnum):
    """A string enum whose members compare by their order of declaration."""

    @property
    def rank(self) -> int:
        return list(type(self)).index(self)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.rank < other.rank


class Severity(_Ranked):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Confidence(_Ranked):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule's fixed facts: what SARIF lists under ``tool.driver.rules`` and what a finding inherits."""

    id: str
    cwe: str
    severity: Severity
    title: str
    why: str
    """Why it matters, in a sentence a reviewer would write."""


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    cwe: str
    severity: Severity
    confidence: Confidence
    line: int
    """1-based, in the text given to the scanner (or the file, for ``scan_path``)."""
    snippet: str
    message: str
    column: int = 1
    language: str | None = None
    file: str | None = None
    payload_depth: int = 0
    """0 for code as written; n when found inside a payload decoded n times."""

    def at(self, *, line: int | None = None, file: str | None = None, **changes: Any) -> Finding:
        return replace(self, line=self.line if line is None else line,
                       file=self.file if file is None else file, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "cwe": self.cwe, "severity": self.severity.value,
            "confidence": self.confidence.value, "file": self.file, "line": self.line, "column": self.column,
            "language": self.language, "snippet": self.snippet, "message": self.message,
            "payload_depth": self.payload_depth,
        }
