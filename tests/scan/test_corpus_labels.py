"""The scanner benchmark's hand-made labels stay consistent with their corpus: bench/scan_corpus (the corpus the
rules were written against) and bench/scan_holdout (a held-out corpus written later, without reading the rules). No
scanner runs here: this only checks the labels files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

BENCH = Path(__file__).resolve().parents[2] / "bench"
# corpus folder -> (fewest files, most files) it promises
CORPORA = {"scan_corpus": (120, 170), "scan_holdout": (50, 80)}
KINDS = {
    "sql-injection", "command-injection", "code-injection", "template-injection", "deserialization", "weak-crypto",
    "weak-random", "hardcoded-secret", "tls-disabled", "path-traversal", "ssrf", "xss", "open-redirect",
    "insecure-temp", "insecure-permissions", "debug-enabled", "dependency-confusion", "obfuscated-exec",
    "dynamic-import", "reverse-shell", "pipe-to-shell", "network-beacon", "exfiltration", "crypto-miner", "logic-bomb",
    "trojan-source", "invisible-char", "homoglyph",
}
CODE_LANGUAGES = {"python", "javascript", "typescript", "shell", "sql", "go", "java", "c", "cpp", "php"}
EXTENSIONS = {".py": "python", ".js": "javascript", ".ts": "typescript", ".tsx": "typescript", ".sh": "shell",
              ".sql": "sql", ".go": "go", ".java": "java", ".c": "c", ".cpp": "cpp", ".php": "php", ".md": "markdown"}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus(request: pytest.FixtureRequest) -> Path:
    return BENCH / request.param


@pytest.fixture(scope="module")
def labels(corpus: Path) -> dict[str, Any]:
    data = yaml.safe_load((corpus / "labels.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data
    return data


def test_every_file_has_an_entry_and_every_entry_a_file(corpus: Path, labels: dict[str, Any]) -> None:
    on_disk = {p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file() and p.name != "labels.yaml"}
    assert sorted(on_disk - labels.keys()) == [], "files without labels"
    assert sorted(labels.keys() - on_disk) == [], "labels without files"


def test_entries_are_well_formed(labels: dict[str, Any]) -> None:
    for rel, entry in labels.items():
        assert set(entry) <= {"category", "language", "code", "expected"}, rel
        assert entry["category"] in {"positive", "obfuscated", "clean"}, rel
        assert entry["language"] == EXTENSIONS[Path(rel).suffix], rel
        if entry["language"] == "markdown":
            assert entry.get("code") and set(entry["code"]) <= CODE_LANGUAGES, rel
        assert isinstance(entry["expected"], list), rel
        if entry["category"] == "clean":
            assert entry["expected"] == [], f"{rel}: a clean file has no labels"
        else:
            assert entry["expected"], f"{rel}: a {entry['category']} file needs at least one label"


def test_labels_point_at_real_lines(corpus: Path, labels: dict[str, Any]) -> None:
    for rel, entry in labels.items():
        lines = (corpus / rel).read_text(encoding="utf-8").split("\n")
        seen = set()
        for item in entry["expected"]:
            assert set(item) <= {"line", "cwe", "kind", "note"} and {"line", "cwe", "kind"} <= set(item), rel
            assert item["kind"] in KINDS, f"{rel}: unknown kind {item['kind']!r}"
            assert re.fullmatch(r"CWE-\d+", item["cwe"]), f"{rel}: bad CWE {item['cwe']!r}"
            n = item["line"]
            assert isinstance(n, int) and 1 <= n <= len(lines), f"{rel}: line {n} is outside the file"
            assert lines[n - 1].strip(), f"{rel}:{n} is blank"
            assert (n, item["kind"]) not in seen, f"{rel}:{n} labelled twice as {item['kind']}"
            seen.add((n, item["kind"]))


def test_corpus_has_the_promised_shape(corpus: Path, labels: dict[str, Any]) -> None:
    categories = [e["category"] for e in labels.values()]
    fewest, most = CORPORA[corpus.name]
    assert fewest <= len(labels) <= most
    assert 0.3 <= categories.count("clean") / len(labels) <= 0.5
    assert {e["language"] for e in labels.values()} >= CODE_LANGUAGES | {"markdown"}
    assert {i["kind"] for e in labels.values() for i in e["expected"]} == KINDS, "every kind has at least one case"
