"""SARIF 2.1.0, the format code-scanning tools (GitHub, GitLab, IDEs) read, so findings drop into them as is."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from parity import __version__
from parity.scan.finding import Finding, RuleInfo, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note",
          Severity.INFO: "note"}
# GitHub ranks alerts by this number (critical >= 9.0, high >= 7.0, medium >= 4.0, low > 0).
_SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0",
                      Severity.INFO: "0.0"}


def _uri(file: str | None) -> str:
    if not file or file == "-":
        return "stdin"
    path = Path(file)
    try:
        path = path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path.resolve().as_uri()
    return quote(path.as_posix())


def _rule(info: RuleInfo) -> dict[str, Any]:
    return {
        "id": info.id, "name": info.title,
        "shortDescription": {"text": info.title}, "fullDescription": {"text": info.why},
        "help": {"text": f"{info.why} ({info.cwe})"},
        "defaultConfiguration": {"level": _LEVEL[info.severity]},
        "properties": {"tags": ["security", info.cwe], "security-severity": _SECURITY_SEVERITY[info.severity]},
    }


def to_sarif(findings: list[Finding], rules: dict[str, RuleInfo]) -> dict[str, Any]:
    used = sorted({f.rule for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(used)}
    results = []
    for f in findings:
        region: dict[str, Any] = {"startLine": f.line, "startColumn": f.column}
        if f.snippet:
            region["snippet"] = {"text": f.snippet}
        results.append({
            "ruleId": f.rule, "ruleIndex": index[f.rule], "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.file)}, "region": region}}],
            "properties": {"cwe": f.cwe, "severity": f.severity.value, "confidence": f.confidence.value,
                           "security-severity": _SECURITY_SEVERITY[f.severity], "payload_depth": f.payload_depth},
        })
    driver_rules = [_rule(rules[r]) if r in rules else {"id": r} for r in used]
    return {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "Parity", "version": __version__,
                                "informationUri": "https://github.com/parity-llm/parity", "rules": driver_rules}},
            "results": results,
        }],
    }
