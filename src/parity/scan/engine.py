"""Runs the rule families over text, files and trees, within limits that make it safe on hostile input: a size
cap, a bound on how many times a decoded payload is decoded again, and a rule that crashes costs only its own
findings. Nothing scanned is ever run; payloads are decoded as data and scanned as text."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from parity.errors import ParityError
from parity.scan import document, languages
from parity.scan.document import Block
from parity.scan.finding import Finding, Severity
from parity.scan.rules.base import RuleFamily, load_all
from parity.scan.syntax import Code

log = logging.getLogger("parity.scan")

MAX_BYTES = 2_000_000
MAX_PAYLOAD_DEPTH = 3
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
                       ".ruff_cache", ".pytest_cache", "dist", "build", "vendor", "site-packages"})


class ScanError(ParityError):
    """The input cannot be scanned (too large, binary); the message says why and what limit applies."""


@dataclass
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(path, why) for each file not scanned: binary, too large, unreadable, not code."""


def _megabytes(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1000:.0f} KB" if n >= 1000 else f"{n} bytes"


class Scanner:
    def __init__(self, families: Iterable[RuleFamily] | None = None, *, max_bytes: int = MAX_BYTES,
                 max_depth: int = MAX_PAYLOAD_DEPTH, parse_budget: float = 2.0) -> None:
        self.families = list(families) if families is not None else load_all()
        self.max_bytes = max_bytes
        self.max_depth = max_depth
        self.parse_budget = parse_budget
        """Seconds one block may spend in the parser before the scanner falls back to patterns for it."""

    # -- text --------------------------------------------------------------------------------------------

    def scan_text(self, text: str, *, language: str | None = None, fenced_only: bool = False) -> list[Finding]:
        """Findings in a model answer, a snippet or a file's text. ``language`` (a name or alias) says the whole
        text is code in it; otherwise fenced blocks are the code, or the whole text when it has no fences."""
        self._check_size(len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass")))
        if "\x00" in text:
            raise ScanError("input looks binary (it contains NUL bytes); give the scanner text")
        lang = languages.ALIASES.get(language.lower(), language.lower()) if language else None
        return self.scan_blocks(document.blocks(text, language=lang, fenced_only=fenced_only))

    def scan_blocks(self, blocks: Iterable[Block], depth: int = 0) -> list[Finding]:
        found: list[Finding] = []
        for block in blocks:
            found.extend(self._scan_block(block, depth))
        return _dedupe(found)

    def _check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise ScanError(f"input is {_megabytes(size)}; the scanner's limit is {_megabytes(self.max_bytes)} "
                            "(raise it with --max-bytes, or scan a smaller piece)")

    def _scan_block(self, block: Block, depth: int) -> list[Finding]:
        def rescan(payload: str, line: int, language: str | None) -> list[Finding]:
            return self._rescan(payload, line, language, depth)

        code = Code(block, depth=depth, rescan=rescan, parse_budget=self.parse_budget)
        found: list[Finding] = []
        try:
            for family in self.families:
                if family.languages is None or code.language in family.languages:
                    try:
                        found.extend(family.check(code))
                    except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others' findings
                        log.warning("scan rule family %s failed on a %s block: %r", family.name, code.language,
                                    exc)
                found.extend(self._patterns(family, code))
        finally:
            code.release()
        return found

    def _patterns(self, family: RuleFamily, code: Code) -> Iterator[Finding]:
        for p in family.patterns:
            if p.languages is not None and code.language not in p.languages:
                continue
            if p.always:
                if p.screen is not None and not p.screen.search(code.text):
                    continue
                rows: Iterable[int] = range(len(code.lines))
            elif code.error_rows:
                rows = sorted(code.error_rows)
            else:
                continue
            for row in rows:
                line = code.lines[row]
                if len(line) > 4000:
                    line = line[:4000]
                if p.regex.search(line):
                    yield code.finding(p.rule, row, confidence=p.confidence, message=p.message)

    def _rescan(self, payload: str, line: int, language: str | None, depth: int) -> list[Finding]:
        if depth + 1 > self.max_depth or not payload.strip() or len(payload) > self.max_bytes:
            return []
        block = Block(language or languages.detect(payload), payload, 1, "payload")
        return [f.at(line=line, payload_depth=max(f.payload_depth, depth + 1),
                     message=f"in a decoded payload: {f.message}")
                for f in self.scan_blocks([block], depth + 1)]

    # -- files -------------------------------------------------------------------------------------------

    def scan_paths(self, paths: Iterable[str | os.PathLike[str]], *, language: str | None = None) -> ScanResult:
        """Every file given, and every source file under each folder; ``language`` reads them all as that."""
        result = ScanResult()
        for path in paths:
            p = Path(path)
            for file in _walk(p) if p.is_dir() else [p]:
                self._scan_file(file, result, explicit=file == p, language=language)
        result.findings.sort(key=lambda f: (f.file or "", f.line, f.rule))
        return result

    def _scan_file(self, file: Path, result: ScanResult, *, explicit: bool, language: str | None = None) -> None:
        name = str(file)
        lang = language or languages.from_path(name)
        is_doc = language is None and file.suffix.lower() in languages.MARKDOWN_EXTENSIONS
        try:
            size = file.stat().st_size
            if size > self.max_bytes:
                result.skipped.append((name, f"{_megabytes(size)} is over the {_megabytes(self.max_bytes)} limit"))
                return
            data = file.read_bytes()
        except OSError as exc:
            result.skipped.append((name, f"unreadable: {exc.strerror or exc}"))
            return
        if b"\x00" in data[:8192]:
            result.skipped.append((name, "binary"))
            return
        text = data.decode("utf-8", "replace").removeprefix("\ufeff")
        if lang is None and not is_doc:
            lang = languages.detect(text[:200]) if text.startswith("#!") else None
            if lang is None and not explicit:
                return  # not a source file; trees hold many of these
        result.files += 1
        found = self.scan_blocks(document.blocks(text, language=lang))
        result.findings.extend(f.at(file=name) for f in found)


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for filename in sorted(filenames):
            yield Path(dirpath) / filename


def _dedupe(found: list[Finding]) -> list[Finding]:
    """One finding per rule and line: the most confident (then most severe, then outermost) wins."""
    best: dict[tuple[str, int], Finding] = {}
    for f in found:
        key = (f.rule, f.line)
        old = best.get(key)
        if old is None or (f.confidence, f.severity, -f.payload_depth) > (old.confidence, old.severity,
                                                                         -old.payload_depth):
            best[key] = f
    return sorted(best.values(), key=lambda f: (f.line, -f.severity.rank, f.rule))


def at_least(findings: Iterable[Finding], severity: Severity) -> list[Finding]:
    return [f for f in findings if f.severity >= severity]
