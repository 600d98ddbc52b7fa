"""Scanner benchmark: Parity's code scanner against bandit (and semgrep, given rules) on the hand-labelled corpus in
``bench/scan_corpus`` (labels in ``labels.yaml``).

Parity runs in-process (one ``Scanner``, each file timed); bandit runs once over every Python file (and Python
block of a Markdown answer) and then once per file on a sample, to show what one file costs it; semgrep the same
over every language when ``--semgrep-rules DIR`` is given. See bench/README.md ("Scanner benchmark").

    .venv/bin/python bench/scan.py
    .venv/bin/python bench/scan.py --semgrep-rules /path/to/rules --semgrep bench/.venv-semgrep/bin/semgrep
    .venv/bin/python bench/scan.py --list-misses parity
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

import parity
from parity.errors import ParityError
from parity.scan import Scanner, Severity, at_least
from scan_peers import (  # beside this script: python puts the script's folder first on sys.path
    SEVERITIES,
    TOLERANCE,
    CorpusFile,
    PeerRun,
    Reported,
    Score,
    load_corpus,
    peer_inputs,
    percentile,
    run_bandit,
    run_semgrep,
    score,
)

HERE = Path(__file__).resolve().parent
console = Console() if sys.stdout.isatty() else Console(width=150)


def make_scanner(notes: list[str]) -> Scanner:
    """Every registered rule family. While families are being written one may fail to load: then the others are
    benchmarked, and the run says so loudly (on screen and in the JSON)."""
    try:
        return Scanner()
    except (ImportError, ParityError) as exc:
        from parity.scan.rules.base import RULES

        families = []
        for name in RULES.available():
            try:
                families.append(RULES.get(name)())
            except (ImportError, ParityError) as e:
                notes.append(f"Parity rule family {name!r} failed to load and is left out: {e}")
        if not families:
            raise SystemExit(f"no Parity rule family loads: {exc}") from exc
        return Scanner(families)


def run_parity(corpus: list[CorpusFile], min_severity: str, notes: list[str]) -> tuple[PeerRun, dict[str, Any]]:
    t0 = time.perf_counter()
    scanner = make_scanner(notes)
    setup_s = time.perf_counter() - t0
    run = PeerRun("parity", parity.__version__, files=len(corpus))
    floor = Severity(min_severity)
    for cf in corpus:
        t = time.perf_counter()
        result = scanner.scan_paths([cf.path])
        run.sample_s.append(time.perf_counter() - t)
        run.findings += [Reported(cf.rel, f.line, f.rule, f.severity.value) for f in at_least(result.findings, floor)]
        run.errors += [f"{name}: {why}" for name, why in result.skipped]
    run.batch_s = sum(run.sample_s)
    return run, {"scanner_setup_s": setup_s, "first_file_s": run.sample_s[0] if run.sample_s else None}


def timing(run: PeerRun) -> dict[str, Any]:
    """Seconds per file: ``batch`` is one run over all files divided by their number; ``one`` is one file at a time
    (Parity: every file, in-process; a peer: a new process per file, on a sample)."""
    per = run.batch_s / run.files if run.files else None
    return {"files": run.files, "batch_s": run.batch_s, "batch_s_per_file": per,
            "files_per_s": run.files / run.batch_s if run.batch_s else None,
            "one_s_p50": percentile(run.sample_s, 50), "one_s_p99": percentile(run.sample_s, 99),
            "one_s_mean": statistics.fmean(run.sample_s) if run.sample_s else None, "one_samples": len(run.sample_s)}


# -- output -------------------------------------------------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _ms(x: float | None) -> str:
    return "-" if x is None else f"{1000 * x:.2f} ms" if x < 1 else f"{x:.2f} s"


def _ratio(peer: float | None, ours: float | None) -> str:
    return "-" if not peer or not ours else f"{peer / ours:,.1f}x" if peer < 10 * ours else f"{peer / ours:,.0f}x"


def print_tables(corpus: list[CorpusFile], cols: list[tuple[str, Score, dict[str, Any] | None]],
                 ours: dict[str, Any]) -> None:
    n_clean = sum(cf.category == "clean" for cf in corpus)
    t = Table(title=f"Scanner benchmark: {len(corpus)} files, {sum(len(c.labels) for c in corpus)} labels "
                    f"(match within ±{TOLERANCE} lines)")
    t.add_column("")
    for name, _, _ in cols:
        t.add_column(name, justify="right")
    rows: list[tuple[str, Any]] = [
        ("labels found", lambda s, _: f"{s.found}/{s.labels}"),
        ("precision", lambda s, _: _pct(s.precision)),
        ("recall", lambda s, _: _pct(s.recall)),
        ("F1", lambda s, _: _pct(s.f1)),
        ("findings (file+line) / false positives", lambda s, _: f"{s.reported} / {s.reported - s.true_pos}"),
        (f"FP on clean files (findings / files of {n_clean})", lambda s, _: f"{s.clean_fp} / {s.clean_files_flagged}"),
        ("recall on obfuscated", lambda s, _: _pct(s.obf_recall)),
        ("files given to the tool", lambda _, tm: "" if tm is None else str(tm["files"])),
        ("files/s (whole run)", lambda _, tm: "" if not tm or not tm["files_per_s"] else f"{tm['files_per_s']:,.1f}"),
        ("per file, whole run", lambda _, tm: "" if tm is None else _ms(tm["batch_s_per_file"])),
        ("per file, one at a time p50", lambda _, tm: "" if tm is None else _ms(tm["one_s_p50"])),
        ("per file, one at a time p99", lambda _, tm: "" if tm is None else _ms(tm["one_s_p99"])),
        ("÷ Parity per file (whole run)", lambda _, tm: "" if tm is None or tm is ours else
         _ratio(tm["batch_s_per_file"], ours["batch_s_per_file"])),
        ("÷ Parity per file (one at a time p50)", lambda _, tm: "" if tm is None or tm is ours else
         _ratio(tm["one_s_p50"], ours["one_s_p50"])),
    ]
    for label, fn in rows:
        t.add_row(label, *[fn(s, tm) for _, s, tm in cols])
    console.print(t)
    console.print("[dim]Parity runs in-process (one Scanner); 'one at a time' for a peer is a new process per file "
                  "on a sample, startup included. Python-only columns score the .py files and all-Python answers."
                  "[/dim]")

    k = Table(title="Recall per kind (labels found / labels)")
    k.add_column("kind")
    main = [(name, s) for name, s, tm in cols if tm is not None]
    for name, _ in main:
        k.add_column(name, justify="right")
    kinds = sorted({lab["kind"] for cf in corpus for lab in cf.labels})
    for kind in kinds:
        cells = []
        for _, s in main:
            f, n = s.kinds.get(kind, [0, 0])
            cells.append(f"[green]{f}/{n}[/green]" if n and f == n else f"{f}/{n}")
        k.add_row(kind, *cells)
    console.print(k)


def list_misses(tool: str, corpus: list[CorpusFile], s: Score) -> None:
    text = {cf.rel: cf.path.read_text(encoding="utf-8").split("\n") for cf in corpus}

    def at(rel: str, line: int) -> str:
        lines = text[rel]
        return lines[line - 1].strip()[:110] if 0 < line <= len(lines) else ""

    console.rule(f"{tool}: {len(s.missed)} missed labels")
    for rel, lab in s.missed:
        note = escape(lab.get("note", ""))
        console.print(f"{escape(rel)}:{lab['line']}  [bold]{lab['kind']}[/bold] {lab['cwe']}  {note}", highlight=False)
        console.print(Text("    " + at(rel, lab["line"]), style="dim"))
    console.rule(f"{tool}: {len(s.false_pos)} false positives")
    for rep in s.false_pos:
        where = f"{escape(rep.rel)}:{rep.line}"
        console.print(f"{where}  [bold]{escape(rep.rule)}[/bold] ({rep.severity})", highlight=False)
        console.print(Text("    " + at(rep.rel, rep.line), style="dim"))


# -- main ---------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=HERE / "scan_corpus", help="corpus folder with labels.yaml")
    ap.add_argument("--json", type=Path, default=HERE / "results-scan.json", help="where to write all numbers")
    ap.add_argument("--min-severity", choices=SEVERITIES, default="low",
                    help="drop Parity findings below this; bandit gets -l/-ll/-lll, semgrep INFO/WARNING/ERROR")
    ap.add_argument("--semgrep-rules", type=Path, help="a folder of semgrep rule YAML files (semgrep runs only then)")
    ap.add_argument("--semgrep", help="semgrep executable (default: semgrep on PATH)")
    ap.add_argument("--no-bandit", action="store_true", help="skip bandit")
    ap.add_argument("--sample", type=int, default=10, help="files bandit scans one at a time, for s/file (10)")
    ap.add_argument("--semgrep-sample", type=int, default=3,
                    help="files semgrep scans one at a time (3: each run loads every rule again)")
    ap.add_argument("--list-misses", metavar="TOOL", choices=("parity", "bandit", "semgrep"),
                    help="print the labels TOOL missed and its false positives")
    args = ap.parse_args(argv)

    corpus = load_corpus(args.corpus)
    py_corpus = [cf for cf in corpus if cf.python_only]
    notes: list[str] = []
    console.print(f"corpus: {len(corpus)} files ({len(py_corpus)} Python-only), "
                  f"{sum(len(cf.labels) for cf in corpus)} labels")

    parity_run, parity_extra = run_parity(corpus, args.min_severity, notes)
    runs: dict[str, PeerRun] = {"parity": parity_run}
    with tempfile.TemporaryDirectory(prefix="parity-scan-bench-") as tmp:
        inputs = peer_inputs(corpus, Path(tmp))
        if not args.no_bandit:
            if shutil.which("bandit") or Path(sys.executable).with_name("bandit").exists():
                console.print(f"bandit: {sum(i.language == 'python' for i in inputs)} Python files ...")
                runs["bandit"] = run_bandit(inputs, args.min_severity, args.sample)
            else:
                notes.append("bandit not found: pip install -e '.[bench]'")
        if args.semgrep_rules:
            exe = args.semgrep or shutil.which("semgrep")
            if not args.semgrep_rules.is_dir():
                notes.append(f"semgrep skipped: {args.semgrep_rules} is not a folder")
            elif not exe or not (shutil.which(exe) or Path(exe).is_file()):
                notes.append(f"semgrep skipped: no semgrep executable ({exe or 'none on PATH'}); give --semgrep PATH")
            else:
                console.print(f"semgrep: {len(inputs)} files with rules from {args.semgrep_rules} ...")
                runs["semgrep"] = run_semgrep(exe, args.semgrep_rules, inputs, args.min_severity,
                                              args.semgrep_sample)
    for note in notes:
        console.print(f"[yellow]{note}[/yellow]", highlight=False)

    scores = {name: (score(corpus, r.findings), score(py_corpus, r.findings)) for name, r in runs.items()}
    times = {name: timing(r) for name, r in runs.items()}
    cols: list[tuple[str, Score, dict[str, Any] | None]] = [(n, scores[n][0], times[n]) for n in runs]
    for n in ("parity", "bandit"):
        if n in runs:
            cols.append((f"{n} (Python only)", scores[n][1], None))
    print_tables(corpus, cols, times["parity"])
    for name, r in runs.items():
        if r.errors:
            what = "files skipped" if name == "parity" else "errors (files it could not parse, rules it could not load)"
            console.print(f"[yellow]{name}: {len(r.errors)} {what}[/yellow]", highlight=False)
            console.print(f"  e.g. {r.errors[0][:200]}", highlight=False, markup=False)

    if args.list_misses:
        if args.list_misses in scores:
            list_misses(args.list_misses, corpus, scores[args.list_misses][0])
        else:
            console.print(f"[red]{args.list_misses} did not run[/red]")

    out = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "machine": platform.machine(), "processor": platform.processor(),
                    "cpu_count": os.cpu_count(), "python": sys.version.split()[0]},
        "versions": {name: r.version for name, r in runs.items()},
        "settings": {"corpus": str(args.corpus), "min_severity": args.min_severity, "tolerance_lines": TOLERANCE,
                     "sample": args.sample, "semgrep_sample": args.semgrep_sample,
                     "semgrep_rules": str(args.semgrep_rules) if args.semgrep_rules else None},
        "corpus": corpus_counts(corpus),
        "notes": notes,
        "tools": {name: {"all": scores[name][0].summary(), "python_only": scores[name][1].summary(),
                         "timing": times[name] | (parity_extra if name == "parity" else {}),
                         "errors": r.errors,
                         "findings": [{"file": f.rel, "line": f.line, "rule": f.rule, "severity": f.severity}
                                      for f in r.findings]}
                  for name, r in runs.items()},
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    console.print(f"wrote {args.json}")
    return 0


def corpus_counts(corpus: list[CorpusFile]) -> dict[str, Any]:
    by: dict[str, dict[str, int]] = {"category": {}, "language": {}, "kind": {}}
    for cf in corpus:
        by["category"][cf.category] = by["category"].get(cf.category, 0) + 1
        by["language"][cf.language] = by["language"].get(cf.language, 0) + 1
        for lab in cf.labels:
            by["kind"][lab["kind"]] = by["kind"].get(lab["kind"], 0) + 1
    return {"files": len(corpus), "python_only_files": sum(cf.python_only for cf in corpus),
            "labels": sum(len(cf.labels) for cf in corpus), **by}


if __name__ == "__main__":
    sys.exit(main())
