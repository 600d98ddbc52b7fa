"""One view of code for every rule: a block parsed by tree-sitter (which recovers from broken and truncated code),
with the facts rules ask about most (calls, string literals, assignments, imports) pulled out the same way in every
language. A rule reads ``Code``; it never needs to know which grammar names a call ``call`` or
``method_invocation``."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property

import tree_sitter
from tree_sitter import Node

from parity.scan import languages
from parity.scan.document import Block
from parity.scan.finding import Confidence, Finding, RuleInfo, Severity

CALL_TYPES = ("call", "call_expression", "new_expression", "method_invocation", "object_creation_expression",
              "function_call_expression", "member_call_expression", "scoped_call_expression", "command")
STRING_TYPES = ("string", "string_literal", "interpreted_string_literal", "raw_string_literal", "raw_string",
                "template_string", "encapsed_string", "heredoc", "nowdoc", "text_block", "concatenated_string")
INTERPOLATION_TYPES = frozenset({"interpolation", "template_substitution", "expansion", "simple_expansion",
                                 "command_substitution", "variable_name", "dynamic_variable_name",
                                 "member_access_expression", "subscript_expression"})
CONSTANT_TYPES = frozenset({"integer", "float", "number", "int_literal", "float_literal",
                            "decimal_integer_literal", "hex_integer_literal", "number_literal", "true", "false",
                            "none", "null", "null_literal", "nil", "boolean", "boolean_literal"})
_WRAPPERS = frozenset({"parenthesized_expression", "argument", "expression_list", "literal_element"})
CONCAT_OPERATORS = frozenset({"+", ".", "%", "||"})
FORMAT_CALLS = re.compile(r"(?:^|\.)(?:format|Sprintf|sprintf|snprintf|format_map|vsprintf|formatted)$")
_ASSIGN_PATTERNS = (
    "(assignment left: (_) @name right: (_) @value)",
    "(keyword_argument name: (_) @name value: (_) @value)",
    "(pair key: (_) @name value: (_) @value)",
    "(variable_declarator name: (_) @name value: (_) @value)",
    "(assignment_expression left: (_) @name right: (_) @value)",
    "(short_var_declaration left: (_) @name right: (_) @value)",
    "(var_spec name: (_) @name value: (_) @value)",
    "(const_spec name: (_) @name value: (_) @value)",
    "(keyed_element key: (_) @name value: (_) @value)",
    "(init_declarator declarator: (_) @name value: (_) @value)",
    "(variable_assignment name: (_) @name value: (_) @value)",
    "(array_element_initializer (_) @name . (_) @value)",
)
_ESCAPES = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]{1,6}\}|[0-7]{1,3}|.)", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"', "`": "`"}


def unescape(raw: str) -> str:
    """A literal's escapes decoded the way most languages read them (``\\x41``, ``\\u0041``, octal, ``\\n``)."""
    if "\\" not in raw:
        return raw

    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        try:
            if e[0] == "x" and len(e) > 1:
                return chr(int(e[1:], 16))
            if e[0] == "u" and len(e) > 1:
                return chr(int(e[1:].strip("{}"), 16))
            if e[0] in "1234567" or (e[0] == "0" and len(e) > 1):
                return chr(int(e, 8) % 0x110000)
        except ValueError:  # "C:\xampp": not an escape after all
            return m.group(0)
        return _SIMPLE_ESCAPES.get(e, e)

    return _ESCAPES.sub(one, raw)


# tree-sitter-bash can crash the process on some code points from U+40000 up (tag characters among them, the stuff
# of "ASCII smuggling"); the parser sees them as four ASCII bytes instead, so every offset stays the same.
_HIGH_PLANES = re.compile(rb"[\xf1-\xf4][\x80-\xbf]{3}")
# Characters that reorder or hide text: shown as escapes in snippets, so a terminal or SARIF viewer shows them.
_HIDDEN = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")
_QUOTES = re.compile(r"""^[rRbBuUfFL8@]{0,3}('''|\"\"\"|'|"|`)(.*)\1$""", re.S)


def literal_value(text: str) -> str:
    """The value of a string literal's source text: quotes and prefixes off, escapes decoded (not for raw ones)."""
    m = _QUOTES.match(text)
    if not m:
        return text
    body = m.group(2)
    return body if text[:1] in "rR" else unescape(body)


class Arg:
    """One argument (or assigned value). ``kind`` and ``value`` are worked out on first use: most arguments are
    never asked, and classifying them all was the scanner's largest single cost."""

    __slots__ = ("_code", "_kind", "_value", "keyword", "node", "text")

    def __init__(self, node: Node, text: str, keyword: str | None, kind: str | None = None,
                 value: str | None = None, code: Code | None = None) -> None:
        self.node = node
        self.text = text
        self.keyword = keyword
        self._kind = kind
        self._value = value
        self._code = code

    @property
    def kind(self) -> str:
        """``const`` (a literal), ``interpolated`` (a string built from literal text and something else),
        ``dynamic``."""
        if self._kind is None:
            kind, value = self._code.classify(self.node) if self._code is not None else ("dynamic", None)
            self._kind, self._value = kind, value if kind == "const" else None
        return self._kind

    @property
    def value(self) -> str | None:
        """A constant string's value (quotes off, escapes decoded); None otherwise."""
        return self._value if self.kind == "const" else None


@dataclass(slots=True)
class Call:
    name: str
    """The callee as written, whitespace removed and ``->``/``::`` written as ``.``: ``os.system``, ``$db.query``."""
    qualname: str
    """``name`` with import aliases resolved: ``sp.run`` after ``import subprocess as sp`` is ``subprocess.run``."""
    args: list[Arg]
    node: Node
    line: int
    last: str = ""
    """The qualified name's last part (``run`` for ``subprocess.run``); rules ask for it constantly."""

    def __post_init__(self) -> None:
        self.last = self.qualname.rsplit(".", 1)[-1]

    def positional(self, i: int) -> Arg | None:
        pos = [a for a in self.args if a.keyword is None]
        return pos[i] if i < len(pos) else None

    def keyword(self, name: str) -> Arg | None:
        return next((a for a in self.args if a.keyword == name), None)


@dataclass(slots=True)
class Assignment:
    key: str
    """The target's last name, quotes and ``$`` off: ``DEBUG`` for ``app.config["DEBUG"]``."""
    target: str
    """The target as written: ``app.config["DEBUG"]``."""
    value: Arg
    node: Node
    line: int


@dataclass(slots=True)
class StringLit:
    value: str
    node: Node
    line: int


@cache
def _query(lang: str, source: str) -> tree_sitter.Query | None:
    g = languages.grammar(lang)
    if g is None:
        return None
    try:
        return tree_sitter.Query(g, source)
    except (tree_sitter.QueryError, ValueError):  # node kind absent from this grammar
        return None


@cache
def _kinds_query(lang: str, kinds: tuple[str, ...], capture: str) -> tree_sitter.Query | None:
    g = languages.grammar(lang)
    if g is None:
        return None
    present = [k for k in kinds if g.id_for_node_kind(k, True)]
    return _query(lang, "[" + " ".join(f"({k})" for k in present) + f"] @{capture}") if present else None


@cache
def _patterns_query(lang: str, patterns: tuple[str, ...]) -> str:
    """The patterns this grammar accepts, joined into one query so the tree is walked once for all of them."""
    return "\n".join(p for p in patterns if _query(lang, p) is not None)


def _clean_name(text: str) -> str:
    if " " in text or "\n" in text or "\t" in text:
        text = re.sub(r"\s+", "", text)
    return text.replace("?.", ".").replace("->", ".").replace("::", ".").lstrip("$")


def _key_name(text: str) -> str:
    text = text.strip()[-300:]
    m = re.search(r"""[\[.>:$]\s*['"]?([\w-]+)['"]?\s*\]?\s*$""", text)
    name = m.group(1) if m else text
    return name.strip("'\"` $")


class Code:
    """A block ready for rules. Parsing and each fact are computed on first use and kept."""

    def __init__(self, block: Block, *, depth: int = 0,
                 rescan: Callable[[str, int, str | None], list[Finding]] | None = None,
                 parse_budget: float = 2.0) -> None:
        self.block = block
        self.parse_budget = parse_budget
        self.language = block.language
        self.text = block.text
        self.depth = depth
        self._rescan = rescan
        self._bytes = block.text.encode("utf-8", "surrogatepass")
        self._shift = 0
        if self.language == "php" and "<?" not in block.text[:2000]:
            # Without its opening tag tree-sitter-php reads PHP as HTML; add it on the first line, keeping lines.
            self._bytes = b"<?php " + self._bytes
            self._shift = 6

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def tree(self) -> tree_sitter.Tree | None:
        """The parse, or None when there is no grammar or parsing ran past ``parse_budget`` seconds (some inputs
        make a grammar crawl); the patterns then cover every line."""
        p = languages.parser(self.language) if self.language else None
        if p is None:
            return None
        data = self._bytes if self.text.isascii() else _HIGH_PLANES.sub(b"____", self._bytes)
        deadline = time.perf_counter() + self.parse_budget
        try:
            return p.parse(lambda offset, _point: data[offset:offset + 65536],
                           progress_callback=lambda *_: time.perf_counter() > deadline)
        except ValueError:  # cancelled
            p.reset()
            return None

    def release(self) -> None:
        """Drop the parsed facts. Arguments point back at their Code (to classify lazily); dropping them here
        breaks that cycle, so a scan's objects go at once instead of waiting for the cycle collector's pauses."""
        for name in ("calls", "assignments", "strings", "tree", "error_rows"):
            self.__dict__.pop(name, None)

    def line_of(self, where: Node | int) -> int:
        """1-based line in the scanned text for a node, or a 0-based row within this block."""
        row = where if isinstance(where, int) else where.start_point.row
        return self.block.first_line + row

    def node_text(self, node: Node) -> str:
        return self._bytes[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def captures(self, query_source: str) -> dict[str, list[Node]]:
        """Run a tree-sitter query written for this block's grammar ({} when it has none or the query does not
        fit the grammar)."""
        q = _query(self.language or "", query_source) if self.tree is not None else None
        if q is None or self.tree is None:
            return {}
        return tree_sitter.QueryCursor(q).captures(self.tree.root_node)

    def matches(self, query_source: str) -> list[dict[str, list[Node]]]:
        """Like ``captures`` but one dict per match, so captures of the same match stay together."""
        q = _query(self.language or "", query_source) if self.tree is not None else None
        if q is None or self.tree is None:
            return []
        return [caps for _, caps in tree_sitter.QueryCursor(q).matches(self.tree.root_node)]

    def nodes(self, kinds: tuple[str, ...]) -> list[Node]:
        q = _kinds_query(self.language or "", kinds, "n") if self.tree is not None else None
        if q is None or self.tree is None:
            return []
        found = tree_sitter.QueryCursor(q).captures(self.tree.root_node).get("n", [])
        return sorted(found, key=lambda n: n.start_byte)

    @cached_property
    def error_rows(self) -> frozenset[int]:
        """0-based rows the parser could not make sense of (inside ERROR or MISSING nodes): the pattern fallback
        scans these. All rows when there is no grammar."""
        if self.tree is None:
            return frozenset(range(len(self.lines)))
        if not self.tree.root_node.has_error:
            return frozenset()
        rows: set[int] = set()
        for node in self.captures("(ERROR) @e").get("e", []):
            rows.update(range(node.start_point.row, node.end_point.row + 1))
        return frozenset(rows)

    # -- facts -----------------------------------------------------------------------------------------------

    def classify(self, node: Node, depth: int = 0) -> tuple[str, str | None]:
        """(kind, value) of an expression: ``const`` with its string value, ``interpolated`` or ``dynamic``."""
        t = node.type
        if depth > 30:
            return "dynamic", None
        if t in _WRAPPERS and node.named_child_count == 1:
            return self.classify(node.named_children[0], depth + 1)
        if t in CONSTANT_TYPES:
            return "const", self.node_text(node)
        if t in STRING_TYPES or t in ("word", "string_content", "literal"):
            parts = [c for c in node.named_children if c.type in INTERPOLATION_TYPES or c.type in STRING_TYPES]
            if any(c.type in INTERPOLATION_TYPES for c in parts):
                return "interpolated", None
            if t == "concatenated_string" or (parts and all(c.type in STRING_TYPES for c in parts)):
                kinds = [self.classify(c, depth + 1) for c in parts]
                if all(k == "const" for k, _ in kinds):
                    return "const", "".join(v or "" for _, v in kinds)
                return "interpolated", None
            return "const", literal_value(self.node_text(node))
        if t in ("binary_operator", "binary_expression"):
            op = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op is not None and self.node_text(op) in CONCAT_OPERATORS and left is not None and right is not None:
                lk, lv = self.classify(left, depth + 1)
                rk, rv = self.classify(right, depth + 1)
                if lk == rk == "const" and self.node_text(op) != "%":
                    return "const", (lv or "") + (rv or "")
                if "const" in (lk, rk) or "interpolated" in (lk, rk):
                    return "interpolated", None
        if t in CALL_TYPES:
            call = self._call(node)
            if call is not None and FORMAT_CALLS.search(call.name):
                if all(a.kind == "const" for a in call.args):
                    return "const", None
                return "interpolated", None
        return "dynamic", None

    def _arg(self, node: Node, keyword: str | None = None) -> Arg:
        return Arg(node, self.node_text(node), keyword, code=self)

    def _call(self, node: Node) -> Call | None:
        if node.type == "command":  # shell: name + arguments
            name_node = node.child_by_field_name("name")
            if name_node is None:
                return None
            name = self.node_text(name_node).strip()
            words = [self._arg(c) for c in node.children_by_field_name("argument")]
            return Call(name, name, words, node, self.line_of(node))
        args_node = node.child_by_field_name("arguments")
        if args_node is None:
            named = [c for c in node.named_children if c.type in ("arguments", "argument_list")]
            if not named:
                return None
            args_node = named[0]
        start = max(node.start_byte, args_node.start_byte - 256)  # a callee longer than that is no name anyway
        callee = self._bytes[start:args_node.start_byte].decode("utf-8", "replace").strip()
        if node.type in ("new_expression", "object_creation_expression"):
            callee = callee.removeprefix("new").strip()
        name = _clean_name(callee)
        args: list[Arg] = []
        for child in args_node.named_children:
            if child.type in ("comment", "line_comment", "block_comment"):
                continue
            if child.type == "keyword_argument":
                key, value = child.child_by_field_name("name"), child.child_by_field_name("value")
                if key is not None and value is not None:
                    args.append(self._arg(value, self.node_text(key)))
                continue
            if child.type == "argument" and child.named_child_count:
                key = child.child_by_field_name("name")
                inner = child.named_children[-1]
                args.append(self._arg(inner, self.node_text(key) if key is not None else None))
                continue
            args.append(self._arg(child))
        return Call(name, self._qualify(name), args, node, self.line_of(node))

    @cached_property
    def calls(self) -> list[Call]:
        out = []
        for node in self.nodes(CALL_TYPES):
            call = self._call(node)
            if call is not None:
                out.append(call)
        return out

    def calls_to(self, *names: str) -> Iterator[Call]:
        """Calls whose qualified name is one of ``names``, or ends with ``.name`` for names written ``*.name``."""
        exact = {n for n in names if not n.startswith("*.")}
        suffixes = tuple(n[1:] for n in names if n.startswith("*."))
        for call in self.calls:
            if call.qualname in exact or call.name in exact or (suffixes and call.qualname.endswith(suffixes)):
                yield call

    @cached_property
    def strings(self) -> list[StringLit]:
        out = []
        nodes = self.nodes(STRING_TYPES)
        parts = {c.id for n in nodes if n.type == "concatenated_string" for c in n.named_children}
        for node in nodes:
            if node.id in parts:  # the whole concatenation is the literal
                continue
            kind, value = self.classify(node)
            if kind == "const" and value is not None:
                out.append(StringLit(value, node, self.line_of(node)))
        return out

    @cached_property
    def assignments(self) -> list[Assignment]:
        out = []
        combined = _patterns_query(self.language or "", _ASSIGN_PATTERNS) if self.tree is not None else ""
        if combined:
            for caps in self.matches(combined):
                if caps.get("name") and caps.get("value"):
                    name, value = caps["name"][0], caps["value"][0]
                    target = self.node_text(name)
                    out.append(Assignment(_key_name(target), target, self._arg(value), value, self.line_of(value)))
        out.sort(key=lambda a: a.node.start_byte)
        return out

    @cached_property
    def imports(self) -> dict[str, str]:
        """Local name -> what it stands for (``sp`` -> ``subprocess``, ``system`` -> ``os.system``); Python and
        JavaScript/TypeScript, where aliasing hides dangerous calls most often."""
        if self.language == "python":
            return _python_imports(self.text)
        if self.language in ("javascript", "typescript"):
            return _js_imports(self.text)
        return {}

    def _qualify(self, name: str) -> str:
        head, dot, rest = name.partition(".")
        target = self.imports.get(head) if self.language in ("python", "javascript", "typescript") else None
        return target + dot + rest if target else name

    # -- reporting -------------------------------------------------------------------------------------------

    def finding(self, rule: RuleInfo, where: Node | int, *, confidence: Confidence = Confidence.HIGH,
                message: str | None = None, severity: Severity | None = None) -> Finding:
        """A finding at a node (or a 0-based row of this block) with the line's text as the snippet."""
        row = where if isinstance(where, int) else where.start_point.row
        col = 1 if isinstance(where, int) else where.start_point.column + 1 - (self._shift if row == 0 else 0)
        snippet = self.lines[row].strip() if row < len(self.lines) else ""
        if not snippet.isascii():
            snippet = _HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", snippet)
        if len(snippet) > 200:
            snippet = snippet[:197] + "..."
        return Finding(rule=rule.id, cwe=rule.cwe, severity=severity or rule.severity, confidence=confidence,
                       line=self.line_of(row), snippet=snippet, message=message or rule.why, column=col,
                       language=self.language, payload_depth=self.depth)

    def rescan(self, payload: str, at: Node | int, language: str | None = None) -> list[Finding]:
        """Scan a decoded payload as code of its own; its findings point at ``at`` (the encoded literal)."""
        if self._rescan is None:
            return []
        return self._rescan(payload, self.line_of(at if isinstance(at, int) else at.start_point.row), language)


_PY_IMPORT = re.compile(r"^\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)", re.M)
_PY_FROM = re.compile(r"^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]+)", re.M)
_JS_REQUIRE = re.compile(r"""(?:const|let|var)\s+(\w+|\{[^}]*\})\s*=\s*"""
                         r"""require\(\s*['"](?:node:)?([\w./@-]+)['"]\s*\)""")
_JS_IMPORT = re.compile(r"""import\s+(?:(\w+)\s*,?\s*)?(?:\*\s+as\s+(\w+)|\{([^}]*)\})?\s*"""
                        r"""from\s+['"](?:node:)?([\w./@-]+)['"]""")


def _python_imports(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _PY_IMPORT.finditer(text):
        for part in m.group(1).split(","):
            name, _, alias = part.strip().partition(" as ")
            out[(alias or name.split(".")[0]).strip()] = name.strip() if alias else name.split(".")[0]
    for m in _PY_FROM.finditer(text):
        for part in m.group(2).strip("()").replace("\n", " ").split(","):
            name, _, alias = part.strip().partition(" as ")
            if name.strip():
                out[(alias or name).strip()] = f"{m.group(1)}.{name.strip()}"
    return out


def _js_members(spec: str, module: str, out: dict[str, str], sep: str) -> None:
    for part in spec.split(","):
        name, _, alias = part.strip().partition(sep)
        if name.strip():
            out[(alias or name).strip()] = f"{module}.{name.strip()}"


def _js_imports(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _JS_REQUIRE.finditer(text):
        target, module = m.group(1), m.group(2)
        if target.startswith("{"):
            _js_members(target.strip("{}"), module, out, ":")
        else:
            out[target] = module
    for m in _JS_IMPORT.finditer(text):
        default, star, members, module = m.groups()
        for local in (default, star):
            if local:
                out[local] = module
        if members:
            _js_members(members, module, out, " as ")
    return out
