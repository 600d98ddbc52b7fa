"""Helpers for ``bench/scan.py``: the labelled corpus, Markdown answers split into code files the peers can read,
bandit and semgrep as subprocesses, and the scoring. Nothing here imports a peer: each runs as its own process."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from parity.scan import document

KINDS = (
    "sql-injection", "command-injection", "code-injection", "template-injection", "deserialization", "weak-crypto",
    "weak-random", "hardcoded-secret", "tls-disabled", "path-traversal", "ssrf", "xss", "open-redirect",
    "insecure-temp", "insecure-permissions", "debug-enabled", "dependency-confusion", "obfuscated-exec",
    "dynamic-import", "reverse-shell", "pipe-to-shell", "network-beacon", "exfiltration", "crypto-miner", "logic-bomb",
    "trojan-source", "invisible-char", "homoglyph",
)
CATEGORIES = ("positive", "obfuscated", "clean")
EXT = {"python": ".py", "javascript": ".js", "typescript": ".ts", "shell": ".sh", "sql": ".sql", "go": ".go",
       "java": ".java", "c": ".c", "cpp": ".cpp", "php": ".php"}
SEVERITIES = ("info", "low", "medium", "high", "critical")
TOLERANCE = 2  # a finding within this many lines of a label counts for it


@dataclass
class CorpusFile:
    rel: str
    path: Path
    category: str
    language: str
    code: list[str]
    labels: list[dict[str, Any]]

    @property
    def python_only(self) -> bool:
        """Code a Python-only tool can read in full: a .py file, or an answer whose code is all Python."""
        return self.language == "python" or (self.language == "markdown" and self.code == ["python"])


def load_corpus(root: Path) -> list[CorpusFile]:
    labels = yaml.safe_load((root / "labels.yaml").read_text(encoding="utf-8"))
    return [CorpusFile(rel, root / rel, e["category"], e["language"], list(e.get("code") or [e["language"]]),
                       list(e["expected"] or [])) for rel, e in sorted(labels.items())]


@dataclass(frozen=True)
class PeerInput:
    """One file a peer scans: a corpus file as it is, or one fenced block of a Markdown answer."""

    rel: str  # the corpus file its findings belong to
    path: Path
    language: str
    offset: int  # add to a line in ``path`` to get the line in the corpus file


def peer_inputs(corpus: list[CorpusFile], tmp: Path) -> list[PeerInput]:
    """Every corpus file a peer can read. A Markdown answer is split with Parity's own block splitter (closed and
    cut-off fences, unlabelled fences by language vote), so each tool scans exactly the code Parity scans; a PHP
    block without ``<?php`` gets one, as PHP tools need it."""
    out: list[PeerInput] = []
    for cf in corpus:
        if cf.language != "markdown":
            out.append(PeerInput(cf.rel, cf.path.resolve(), cf.language, 0))
            continue
        text = cf.path.read_text(encoding="utf-8")
        for i, block in enumerate(document.blocks(text)):
            if block.language not in EXT:
                continue
            body, offset = block.text, block.first_line - 1
            if block.language == "php" and "<?php" not in body:
                body, offset = "<?php\n" + body, offset - 1
            name = re.sub(r"[^\w.-]", "_", cf.rel) + f".block{i}{EXT[block.language]}"
            dest = tmp / name
            dest.write_text(body + "\n", encoding="utf-8")
            out.append(PeerInput(cf.rel, dest.resolve(), block.language, offset))
    return out


@dataclass
class Reported:
    rel: str
    line: int
    rule: str
    severity: str


@dataclass
class PeerRun:
    tool: str
    version: str
    findings: list[Reported] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    files: int = 0
    batch_s: float = 0.0
    sample_s: list[float] = field(default_factory=list)  # one process per file


# semgrep asks the network for a newer version unless told not to; with no network that stalls every run.
_ENV = os.environ | {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}


def _version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False, env=_ENV).stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    return out.strip().splitlines()[0] if out.strip() else "unknown"


def _run_json(cmd: list[str], timeout: float) -> tuple[dict[str, Any], float, str]:
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, env=_ENV)
    except subprocess.TimeoutExpired:
        return {}, time.perf_counter() - t0, f"timed out after {timeout:.0f} s: {' '.join(cmd[:4])} ..."
    elapsed = time.perf_counter() - t0
    try:
        return json.loads(proc.stdout or "{}"), elapsed, ""
    except json.JSONDecodeError:
        return {}, elapsed, f"exit {proc.returncode}: {(proc.stderr or proc.stdout)[-400:]}"


def _sample(inputs: list[PeerInput], n: int) -> list[PeerInput]:
    """``n`` inputs spread evenly over the list (deterministic)."""
    if n <= 0 or not inputs:
        return []
    step = max(1, len(inputs) // n)
    return inputs[::step][:n]


def _bandit_level(min_severity: str) -> str:
    return {"info": "-l", "low": "-l", "medium": "-ll"}.get(min_severity, "-lll")


def run_bandit(inputs: list[PeerInput], min_severity: str, sample: int, timeout: float = 600) -> PeerRun:
    exe = shutil.which("bandit") or str(Path(sys.executable).with_name("bandit"))
    run = PeerRun("bandit", _version([exe, "--version"]))
    py = [i for i in inputs if i.language == "python"]
    run.files = len(py)
    by_path = {str(i.path): i for i in py}
    cmd = [exe, "-f", "json", "-q", _bandit_level(min_severity)]
    data, run.batch_s, err = _run_json([*cmd, *by_path], timeout)
    if err:
        run.errors.append(err)
    for r in data.get("results", []):
        src = by_path.get(str(Path(r["filename"]).resolve()))
        if src is not None:
            run.findings.append(Reported(src.rel, r["line_number"] + src.offset, r["test_id"],
                                         r["issue_severity"].lower()))
    run.errors += [f"{e.get('filename')}: {e.get('reason')}" for e in data.get("errors", [])]
    for one in _sample(py, sample):
        run.sample_s.append(_run_json([*cmd, str(one.path)], timeout)[1])
    return run


_SEMGREP_SEVERITY = {"info": "low", "warning": "medium", "error": "high", "experiment": "info", "inventory": "info"}


def run_semgrep(exe: str, rules: Path, inputs: list[PeerInput], min_severity: str, sample: int,
                timeout: float = 600) -> PeerRun:
    run = PeerRun("semgrep", _version([exe, "--version"]))
    run.files = len(inputs)
    by_path = {str(i.path): i for i in inputs}
    cmd = [exe, "scan", "--config", str(rules), "--json", "--metrics=off", "--disable-version-check", "--quiet"]
    data, run.batch_s, err = _run_json([*cmd, *by_path], timeout)
    if err:
        run.errors.append(err)
    floor = SEVERITIES.index(min_severity)
    for r in data.get("results", []):
        src = by_path.get(str(Path(r["path"]).resolve()))
        sev = str(r.get("extra", {}).get("severity", "info")).lower()
        sev = _SEMGREP_SEVERITY.get(sev, sev if sev in SEVERITIES else "low")
        if src is not None and SEVERITIES.index(sev) >= floor:
            run.findings.append(Reported(src.rel, r["start"]["line"] + src.offset, r["check_id"], sev))
    run.errors += [str(e.get("message", e))[:300] for e in data.get("errors", []) if e.get("level") != "warn"]
    for one in _sample(inputs, sample):
        run.sample_s.append(_run_json([*cmd, str(one.path)], timeout)[1])
    return run


# -- scoring ------------------------------------------------------------------------------------------------------


@dataclass
class Score:
    labels: int = 0
    found: int = 0
    reported: int = 0  # deduplicated by file and line
    true_pos: int = 0
    clean_fp: int = 0
    clean_files_flagged: int = 0
    obf_labels: int = 0
    obf_found: int = 0
    kinds: dict[str, list[int]] = field(default_factory=dict)  # kind -> [found, total]
    missed: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    false_pos: list[Reported] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.true_pos / self.reported if self.reported else None

    @property
    def recall(self) -> float | None:
        return self.found / self.labels if self.labels else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)

    @property
    def obf_recall(self) -> float | None:
        return self.obf_found / self.obf_labels if self.obf_labels else None

    def summary(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "labels": self.labels,
                "found": self.found, "reported": self.reported, "true_positives": self.true_pos,
                "false_positives": self.reported - self.true_pos, "fp_on_clean": self.clean_fp,
                "clean_files_flagged": self.clean_files_flagged, "obfuscated_recall": self.obf_recall,
                "per_kind": {k: {"found": f, "total": t} for k, (f, t) in sorted(self.kinds.items())}}


def score(corpus: list[CorpusFile], findings: list[Reported]) -> Score:
    """A label is found when any finding lies within ``TOLERANCE`` lines of it in the same file (whatever its rule:
    tools name and number their rules differently). A finding, one per file and line, is a true positive when it
    lies within ``TOLERANCE`` lines of any label of its file."""
    s = Score()
    wanted = {cf.rel for cf in corpus}
    lines: dict[str, dict[int, Reported]] = {}
    for f in findings:
        if f.rel in wanted:
            lines.setdefault(f.rel, {}).setdefault(f.line, f)
    for cf in corpus:
        got = lines.get(cf.rel, {})
        for lab in cf.labels:
            hit = any(abs(n - lab["line"]) <= TOLERANCE for n in got)
            s.labels += 1
            s.found += hit
            k = s.kinds.setdefault(lab["kind"], [0, 0])
            k[0] += hit
            k[1] += 1
            if cf.category == "obfuscated":
                s.obf_labels += 1
                s.obf_found += hit
            if not hit:
                s.missed.append((cf.rel, lab))
        for n, rep in sorted(got.items()):
            s.reported += 1
            if any(abs(n - lab["line"]) <= TOLERANCE for lab in cf.labels):
                s.true_pos += 1
            else:
                s.false_pos.append(rep)
        if cf.category == "clean" and got:
            s.clean_fp += len(got)
            s.clean_files_flagged += 1
    return s


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile: a value that was actually observed."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, int(-(-len(ordered) * p // 100))) - 1]
