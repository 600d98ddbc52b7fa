"""The scanner's findings for people (a rich table) and for machines (JSON)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from parity.scan import ScanResult, Severity

SEVERITY_STYLE = {"critical": "bold white on red", "high": "bold red", "medium": "yellow", "low": "cyan",
                  "info": "dim"}
JSON_VERSION = 1


def to_json(result: ScanResult) -> dict[str, Any]:
    counts = Counter(f.severity.value for f in result.findings)
    return {
        "schema_version": JSON_VERSION,
        "files": result.files,
        "summary": {s.value: counts.get(s.value, 0) for s in reversed(Severity)},
        "findings": [f.to_dict() for f in result.findings],
        "skipped": [{"file": path, "reason": why} for path, why in result.skipped],
    }


def render_findings(console: Console, result: ScanResult) -> None:
    if result.findings:
        table = Table(show_lines=True, expand=False)
        table.add_column("severity")
        table.add_column("rule")
        table.add_column("where", overflow="fold")
        table.add_column("what", overflow="fold", ratio=1)
        for f in result.findings:
            where = f"{f.file}:{f.line}" if f.file else f"line {f.line}"
            what = f"{escape(f.message)}\n[dim]{escape(f.snippet)}[/]" if f.snippet else escape(f.message)
            table.add_row(f"[{SEVERITY_STYLE[f.severity.value]}]{f.severity.value}[/]\n[dim]{f.confidence.value} "
                          "confidence[/]", f"{escape(f.rule)}\n[dim]{f.cwe}[/]", escape(where), what)
        console.print(table)
    counts = Counter(f.severity.value for f in result.findings)
    parts = [f"[{SEVERITY_STYLE[s.value]}]{counts[s.value]} {s.value}[/]" for s in reversed(Severity)
             if counts.get(s.value)]
    files = f" in {result.files} file{'s' if result.files != 1 else ''}" if result.files else ""
    console.print(f"{len(result.findings)} finding{'s' if len(result.findings) != 1 else ''}{files}"
                  + (": " + ", ".join(parts) if parts else ""))
    for path, why in result.skipped:
        console.print(f"[dim]skipped {escape(path)}: {escape(why)}[/]")
