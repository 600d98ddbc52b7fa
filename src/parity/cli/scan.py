"""``parity scan``: insecure, obfuscated and backdoored code in model answers, files and trees."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson
from rich.console import Console

from parity.scan import Confidence, Scanner, ScanResult, Severity
from parity.scan.engine import MAX_BYTES
from parity.scan.languages import ALIASES
from parity.scan.sarif import to_sarif

SEVERITIES = [s.value for s in Severity]


def _read_stdin(scanner: Scanner, language: str | None) -> ScanResult:
    data = sys.stdin.buffer.read(scanner.max_bytes + 1)
    text = data.decode("utf-8", "replace")
    found = scanner.scan_text(text, language=language)  # too large or binary: a ScanError, exit 2
    return ScanResult([f.at(file="-") for f in found], files=1)


@click.command("scan")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "sarif"]), default="table", show_default=True)
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "never"]), default="high", show_default=True,
              help="Exit 1 when a finding is at least this severe.")
@click.option("--min-severity", type=click.Choice(SEVERITIES), default="low", show_default=True,
              help="Leave out findings below this severity.")
@click.option("--min-confidence", type=click.Choice([c.value for c in Confidence]), default="low",
              show_default=True, help="Leave out findings the scanner is less sure of.")
@click.option("--language", type=click.Choice(sorted(set(ALIASES)), case_sensitive=False), default=None,
              help="Read every input as code in this language (default: by file extension, fence or content).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default=None,
              help="Write the output here instead of standard output.")
@click.option("--max-bytes", type=click.IntRange(1), default=MAX_BYTES, show_default=True,
              help="Larger inputs are refused (files: skipped with a note).")
def scan_command(paths: tuple[str, ...], fmt: str, fail_on: str, min_severity: str, min_confidence: str,
                 language: str | None, out_path: str | None, max_bytes: int) -> None:
    """Scan model answers (Markdown), code files or folders; '-' reads standard input.

    Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 on an error."""
    scanner = Scanner(max_bytes=max_bytes)
    result = ScanResult()
    for path in paths:
        if path == "-":
            part = _read_stdin(scanner, language)
        else:
            if not Path(path).exists():
                raise click.BadParameter(f"no such file or folder: {path}", param_hint="PATHS")
            part = scanner.scan_paths([path], language=ALIASES.get(language.lower()) if language else None)
        result.findings += part.findings
        result.files += part.files
        result.skipped += part.skipped
    result.findings = [f for f in result.findings if f.severity >= Severity(min_severity)
                       and f.confidence >= Confidence(min_confidence)]
    _emit(result, fmt, scanner, out_path)
    if fail_on != "never" and any(f.severity >= Severity(fail_on) for f in result.findings):
        sys.exit(1)


def _emit(result: ScanResult, fmt: str, scanner: Scanner, out_path: str | None) -> None:
    from parity.report.scan import render_findings, to_json

    if fmt == "table":
        if out_path:
            with open(out_path, "w", encoding="utf-8") as fh:
                render_findings(Console(file=fh, width=140), result)
        else:
            console = Console()
            render_findings(console if console.is_terminal else Console(width=140), result)
        return
    rules = {r.id: r for family in scanner.families for r in family.rules}
    doc = to_sarif(result.findings, rules) if fmt == "sarif" else to_json(result)
    data = orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"
    if out_path:
        Path(out_path).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


COMMANDS = [scan_command]
