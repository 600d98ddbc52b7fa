"""``parity scan`` as a user runs it: files, folders, standard input; table, JSON, SARIF; exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

EXE = Path(sys.executable).with_name("parity")
COMMAND = [str(EXE)] if EXE.exists() else [sys.executable, "-m", "parity.cli.main"]
RISKY = "Sure:\n\n```python\nimport requests\nr = requests.get(url, verify=False)\n```\n"


def run(*args: str, stdin: str | bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([*COMMAND, "scan", *args], input=data, capture_output=True, timeout=60, cwd=cwd,
                          check=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "answer.md").write_text(RISKY)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "ok.py").write_text("import requests\nrequests.get(url, verify=True)\n")
    (tmp_path / "src" / "bad.go").write_text("package main\n\nvar c = &tls.Config{InsecureSkipVerify: true}\n")
    (tmp_path / "src" / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "dep.js").write_text("new https.Agent({rejectUnauthorized: false})")
    return tmp_path


def test_json_lists_findings_with_files_and_lines(tree):
    done = run(str(tree), "--format", "json")
    assert done.returncode == 1, done.stderr
    doc = json.loads(done.stdout)
    where = sorted((Path(f["file"]).name, f["line"], f["rule"]) for f in doc["findings"])
    assert where == [("answer.md", 5, "tls-verification-disabled"), ("bad.go", 3, "tls-verification-disabled")]
    assert doc["summary"]["high"] == 2 and doc["files"] == 3  # node_modules is not walked, the .bin not counted
    assert {f["cwe"] for f in doc["findings"]} == {"CWE-295"}


def test_fail_on_sets_the_exit_code(tree):
    assert run(str(tree), "--fail-on", "critical").returncode == 0
    assert run(str(tree / "src" / "ok.py")).returncode == 0
    assert run(str(tree), "--fail-on", "never").returncode == 0


def test_sarif_is_valid_and_names_rules(tree):
    done = run(str(tree), "--format", "sarif", cwd=tree)
    doc = json.loads(done.stdout)
    schema = {"type": "object", "required": ["version", "runs"], "properties": {"runs": {"type": "array", "items": {
        "required": ["tool", "results"], "properties": {"results": {"type": "array", "items": {
            "required": ["ruleId", "message", "locations", "level"]}}}}}}}
    jsonschema.validate(doc, schema)
    run0 = doc["runs"][0]
    assert [r["id"] for r in run0["tool"]["driver"]["rules"]] == ["tls-verification-disabled"]
    assert run0["tool"]["driver"]["rules"][0]["properties"]["tags"] == ["security", "CWE-295"]
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run0["results"])
    assert uris == ["answer.md", "src/bad.go"]
    assert {r["level"] for r in run0["results"]} == {"error"}


def test_stdin_and_table(tree):
    done = run("-", stdin=RISKY)
    out = done.stdout.decode()
    assert done.returncode == 1 and "tls-verification-disabled" in out and "1 finding" in out
    done = run("-", "--language", "go", stdin="var c = &tls.Config{InsecureSkipVerify: true}")
    assert done.returncode == 1


def test_bad_input_gets_a_clear_error(tree):
    done = run("-", stdin=b"\x00\x01binary")
    assert done.returncode == 2 and b"binary" in done.stderr
    done = run("-", "--max-bytes", "10", stdin="x" * 100)
    assert done.returncode == 2 and b"limit" in done.stderr
    done = run(str(tree / "missing.py"))
    assert done.returncode == 2 and b"no such file" in done.stderr
    done = run(str(tree), "--max-bytes", "10", "--format", "json")
    assert all(s["reason"].endswith("limit") for s in json.loads(done.stdout)["skipped"])
