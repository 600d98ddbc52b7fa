"""The code scanner: insecure, obfuscated and backdoored code in model output.

``scan_text(text)`` and ``scan_path(path)`` return ``Finding`` objects; the gateway guard, the audit and the
bakeoff use the same scanner. Rules live in ``parity.scan.rules`` (one module per family; third parties add
families through the ``parity.scan_rules`` entry-point group)."""

from __future__ import annotations

import os
from functools import cache

from parity.scan.engine import ScanError, Scanner, ScanResult, at_least
from parity.scan.finding import Confidence, Finding, RuleInfo, Severity

__all__ = ["Confidence", "Finding", "RuleInfo", "ScanError", "ScanResult", "Scanner", "Severity", "at_least",
           "default_scanner", "scan_path", "scan_text"]


@cache
def default_scanner() -> Scanner:
    """Every registered rule family, loaded once per process."""
    return Scanner()


def scan_text(text: str, *, language: str | None = None) -> list[Finding]:
    """Findings in a model answer (Markdown with fenced blocks), bare code, or code in ``language``."""
    return default_scanner().scan_text(text, language=language)


def scan_path(path: str | os.PathLike[str]) -> list[Finding]:
    """Findings in a file or every source file under a folder; each finding names its ``file``."""
    return default_scanner().scan_paths([path]).findings
