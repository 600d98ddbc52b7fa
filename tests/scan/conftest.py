from __future__ import annotations

from collections.abc import Callable

import pytest

from parity.scan import Finding, Scanner
from parity.scan.rules.base import RULES

ScanFn = Callable[..., list[Finding]]


@pytest.fixture
def scan_with() -> Callable[[str], ScanFn]:
    """``scan_with("tls")(text, language=None)``: findings of one rule family only, so a family's tests do not
    depend on the others."""

    def make(*families: str) -> ScanFn:
        scanner = Scanner([RULES.get(name)() for name in families])
        return scanner.scan_text

    return make


def rules_of(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}
