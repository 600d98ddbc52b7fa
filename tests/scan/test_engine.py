"""The scanner's plumbing: where code is found in an answer, which language it is, limits on hostile input."""

from __future__ import annotations

import pytest

from parity.scan import Confidence, Finding, ScanError, Scanner, Severity
from parity.scan.document import blocks, tool_call_blocks
from parity.scan.finding import RuleInfo
from parity.scan.languages import detect, from_fence, from_path
from parity.scan.rules.base import RULES, RuleFamily
from parity.scan.syntax import Code


def test_fenced_blocks_keep_their_lines_and_languages():
    text = "Intro\n\n```py\nx = 1\n```\nmiddle\n~~~~\nconst a = require('x');\n~~~~\n```sh\ncurl -k https://a\n"
    found = blocks(text)
    assert [(b.language, b.first_line, b.origin) for b in found] == [
        ("python", 4, "fence"), ("javascript", 8, "fence"), ("shell", 11, "fence")]  # the last one never closed
    assert found[2].text == "curl -k https://a\n"


def test_text_without_fences_is_bare_code_or_prose():
    assert [b.language for b in blocks("import os\nos.getcwd()\n")] == ["python"]
    assert [b.language for b in blocks("Paris is the capital of France.")] == [None]
    assert blocks("Paris is the capital of France.", fenced_only=True) == []


@pytest.mark.parametrize(("info", "language"), [
    ("python", "python"), ("{.python}", "python"), ("js title=a", "javascript"), ("language-ts", "typescript"),
    ("console", "shell"), ("c++", "cpp"), ("golang", "go"), ("text", None), ("", None)])
def test_fence_names(info, language):
    assert from_fence(info) == language


@pytest.mark.parametrize(("code", "language"), [
    ("#!/usr/bin/env python3\nprint(1)", "python"), ("#!/bin/bash\necho hi", "shell"),
    ("package main\n\nfunc main() {\n\tfmt.Println(1)\n}", "go"),
    ("public class A {\n  public static void main(String[] a) { System.out.println(1); }\n}", "java"),
    ("<?php echo $x;", "php"), ("SELECT name FROM users WHERE id = 1;", "sql"),
    ("#include <stdio.h>\nint main() { printf(\"x\"); }", "c"), ("#include <iostream>\nstd::cout << 1;", "cpp"),
    ("const x: number = 1;\ninterface A { b: string }", "typescript"),
])
def test_detects_unlabelled_code(code, language):
    assert detect(code) == language


def test_file_names():
    assert (from_path("a/b.PY"), from_path("Dockerfile"), from_path("x.tsx"), from_path("notes.md")) == (
        "python", "shell", "typescript", None)


def test_tool_call_arguments_give_code_blocks():
    found = tool_call_blocks('{"command": "curl -k https://a", "note": "fine", "code": "import os\\nos.getcwd()"}')
    assert sorted((b.language, b.text) for b in found) == [("python", "import os\nos.getcwd()"),
                                                         ("shell", "curl -k https://a")]
    assert tool_call_blocks("not json at all") != []  # scanned as text rather than dropped


def test_facts_resolve_aliases_and_classify_arguments():
    from parity.scan.document import Block

    code = Code(Block("python", "import subprocess as sp\nfrom os import system\nsp.run(f'ls {d}', shell=True)\n"
                      "system('a' + b)\nsystem('ls')\n", 1))
    assert [(c.qualname, c.args[0].kind) for c in code.calls] == [
        ("subprocess.run", "interpolated"), ("os.system", "interpolated"), ("os.system", "const")]
    assert code.calls[0].keyword("shell").text == "True"


def test_size_cap_binary_and_bad_utf8():
    scanner = Scanner([RULES.get("tls")()], max_bytes=1000)
    with pytest.raises(ScanError, match="scanner's limit is 1 KB"):
        scanner.scan_text("x" * 2000)
    with pytest.raises(ScanError, match="binary"):
        scanner.scan_text("abc\x00def")
    text = b"```python\nrequests.get(u, verify=False)  # \xff\xfe\n```".decode("utf-8", "replace")
    assert [f.line for f in scanner.scan_text(text)] == [2]


def test_adversarial_inputs_finish_quickly():
    import time

    scanner = Scanner()
    hostile = ["(" * 20000 + ")" * 20000, "a" * 500_000, "x = " + "[" * 5000 + "]" * 5000,
               "```python\n" + "if x:\n " * 3000 + "pass\n```", "\"" * 100_000, "`" * 50_000,
               "eval(" * 3000, "\u202e" * 10000 + "abc"]
    for text in hostile:
        t0 = time.perf_counter()
        scanner.scan_text(text)
        scanner.scan_text(text, language="javascript")
        assert time.perf_counter() - t0 < 10, text[:30]


def test_a_crashing_rule_costs_only_its_own_findings(caplog):
    class Broken(RuleFamily):
        name = "broken"

        def check(self, code):
            raise RuntimeError("boom")

    scanner = Scanner([Broken(), RULES.get("tls")()])
    assert [f.rule for f in scanner.scan_text("requests.get(u, verify=False)", language="python")] == [
        "tls-verification-disabled"]
    assert "broken failed" in caplog.text


def test_payloads_are_rescanned_with_bounded_depth():
    rule = RuleInfo("nested", "CWE-506", Severity.HIGH, "nested", "nested payload")
    depths: list[int] = []

    class Matryoshka(RuleFamily):
        """Every block holds a payload that decodes to another: the engine must stop after ``max_depth``."""

        name = "matryoshka"

        def check(self, code):
            depths.append(code.depth)
            yield code.finding(rule, 0, confidence=Confidence.HIGH)
            yield from code.rescan("again", 0, "python")

    found = Scanner([Matryoshka()], max_depth=3).scan_text("start", language="python")
    assert depths == [0, 1, 2, 3]
    assert [(f.rule, f.line, f.payload_depth) for f in found] == [("nested", 1, 0)]  # one per line: the outermost
    assert all(isinstance(f, Finding) for f in found)


def test_high_plane_characters_do_not_reach_the_shell_grammar():
    """tree-sitter-bash has crashed the process on '{' followed by a tag character (ASCII smuggling)."""
    scanner = Scanner()
    for _ in range(50):
        found = scanner.scan_text("''{\U000e0041 rm -rf /tmp/x\necho {\U000e0042}", language="shell")
    assert {f.rule for f in found} == {"invisible-character"}


def test_snippets_show_hidden_characters_as_escapes():
    found = Scanner().scan_text("is_admin = False  # \u202e } \u2066 if is_admin:\n", language="python")
    assert found and all("\u202e" not in f.snippet and "\\u202e" in f.snippet for f in found)
