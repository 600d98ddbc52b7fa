"""What the ``injection`` family's checkers share: the family's rule descriptions, what counts as untrusted text
(request data, argv, sockets) or as a decoded payload, and ``Flow``, the small same-block data flow that follows a
sink's bare variable back to its assignments (``q = f"..."; cur.execute(q)``). It is a module of its own so that
the checkers split across ``injection.py`` and ``_injection_sql.py`` (and the ``deserialization`` family) can use
it without importing one another, and so that no file passes the project's size limit."""

from __future__ import annotations

import re
from typing import NamedTuple

from tree_sitter import Node

from parity.scan.document import Block
from parity.scan.finding import Confidence, RuleInfo, Severity
from parity.scan.rules._taint import SOURCE
from parity.scan.syntax import CALL_TYPES, Arg, Code

SQLI = RuleInfo("sql-injection", "CWE-89", Severity.HIGH, "SQL query built from dynamic data",
                "The query text is built by splicing in values, so a crafted value can change the statement; "
                "pass values as bound parameters instead.")
CMDI = RuleInfo("command-injection", "CWE-78", Severity.HIGH, "Shell command built from dynamic data",
                "The command line goes through a shell with spliced-in text, so shell metacharacters in that text "
                "run commands of the attacker's choosing; pass an argument list without a shell.")
XP_CMDSHELL = RuleInfo("sql-xp-cmdshell", "CWE-78", Severity.MEDIUM, "xp_cmdshell enabled or used",
                       "xp_cmdshell lets SQL run operating-system commands as the database service account, which "
                       "turns any SQL injection into full command execution.")
EVALI = RuleInfo("eval-injection", "CWE-95", Severity.HIGH, "Dynamic text evaluated as code",
                 "eval (or a string given to exec, setTimeout or assert) runs whatever code the text contains, so "
                 "anyone who controls part of it controls the program.")
CODEI = RuleInfo("code-injection", "CWE-94", Severity.HIGH, "Code compiled from dynamic text",
                 "The Function constructor, compile(), vm and script engines turn text into running code; text that "
                 "is not a constant lets its author run code in the process.")
SSTI = RuleInfo("template-injection", "CWE-1336", Severity.HIGH, "Template source built from dynamic data",
                "Template engines run expressions found in the template itself, so a template built from user data "
                "lets that user run code on the server; pass the data as template variables instead.")

H, M, L = Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


UNTRUSTED = re.compile(
    SOURCE.pattern + r"|\b(?:request|req|ctx|self\.request)\s*\.\s*(?:args|form|values|json|data|get_json|params"
    r"|query|body|cookies|headers|GET|POST|FILES|files|query_params|path_params|rfile|stream|get_data|getParameter\w*"
    r"|getHeader|getQueryString|getInputStream|getReader)\b|\$_SERVER\b"
    r"|\b(?:raw_)?input\s*\(|\b(?:sys|process)\.argv\b|\bos\.Args\b|\.(?:recv(?:from|_into)?|makefile)\s*\("
    r"|\bc\.GetHeader\s*\(|\blocation\.href\b|\bgetParameter\s*\(|\.getInputStream\s*\(|\burlopen\s*\("
    r"|\brequests\.(?:get|post)\s*\(|\bresp(?:onse)?\.(?:content|body|data)\b|\.Body\b")
"""The request data the web rules follow (``_taint.SOURCE``) plus what is untrusted for injection too: command-line
input, sockets and network responses."""


_UNTRUSTED_HINTS = ("req", "$_", "input", "argv", "Args", "recv", "makefile", "Form", "Query", "c.", "location.",
                    "getParameter", "getInputStream", "urlopen", "resp", ".Body", "ctx.", "event", "document.",
                    "URLSearchParams", "searchParams", "window.name", "mux.", "chi.", "$request")


def untrusted(text: str) -> bool:
    return any(h in text for h in _UNTRUSTED_HINTS) and UNTRUSTED.search(text) is not None  # substrings first: fast


_QUOTED = re.compile(r"\b(?:shlex\.quote|pipes\.quote|shlex\.join|escapeshellarg|escapeshellcmd|shellescape"
                     r"|shell_escape|shellQuote|quote_literal|quote_ident|sql\.(?:SQL|Identifier|Literal))\s*\(")
SHELLS = _set("sh bash zsh dash ksh ash cmd cmd.exe powershell pwsh")
_SHELL_FLAGS = _set("-c -lc -ic -ec -xc /c /C -Command -command")
_C_BUILDERS = _set("sprintf snprintf vsprintf vsnprintf asprintf strcat strncat strcpy strncpy sprintf_s swprintf")
_CONTAINERS = _set("list tuple array array_initializer array_creation_expression composite_literal literal_value "
                   "literal_element array_element_initializer initializer_list expression_list")
_AUGMENTED = "(augmented_assignment_expression left: (_) @name right: (_) @value)"
_EXTRA_ASSIGN = {"python": _AUGMENTED.replace("_expression", ""), "javascript": _AUGMENTED, "typescript": _AUGMENTED,
                 "php": _AUGMENTED, "go": "(assignment_statement left: (expression_list . (_) @name) "
                                         "right: (expression_list . (_) @value))"}
_NOT_VARIABLES = _set("pair keyword_argument keyed_element array_element_initializer")
_CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]+$")
_CONVERSION = re.compile(r"^(?:new\s+)?(?:string|str|String|bytes|Buffer\.from|strings\.TrimSpace)\(\s*(\w+)\s*\)$")
_IDENT = re.compile(r"^\$?(?:(?:self|this)\.)?([A-Za-z_]\w*)$")
DECODED = re.compile(r"b64decode\(|base64(?:_decode\(|\.|['\"])|DecodeString\(|getDecoder\(|atob\(|fromCharCode"
                     r"|unhexlify\(|fromhex\(|gzinflate\(|gzuncompress\(|str_rot13\(|zlib\.|decompress\("
                     r"|marshal\.loads|codecs\.decode\(|\[::-1\]|\bchr\b")
"""A payload decoded at run time: obfuscation (its own rule family) rather than injection."""


def php_tagged(code: Code) -> Code:
    """PHP from an answer often lacks ``<?php``, and the grammar then reads it all as inline HTML. Parse it again
    with the tag put in front of the first line, so rows (and so lines) stay the same."""
    root = code.tree.root_node if code.tree is not None and code.language == "php" else None
    if root is None or root.named_child_count != 1 or root.named_children[0].type != "text" or "$" not in code.text:
        return code
    tagged = vars(code).get("php_tagged")  # shared by the families that ask
    if tagged is None:
        tagged = vars(code)["php_tagged"] = Code(Block("php", "<?php " + code.text, code.block.first_line,
                                                       code.block.origin), depth=code.depth)
    return tagged


class Value(NamedTuple):
    kind: str
    text: str
    row: int | None = None
    """0-based row where a variable's value was built from pieces; None when the argument itself is the value."""


class Flow:
    """Where a bare name in a block got its value: enough to see ``q = f"..."; cur.execute(q)``."""

    def __init__(self, code: Code) -> None:
        self.code = code
        self._events: dict[str, list[tuple[int, str, str]]] | None = None

    def events(self) -> dict[str, list[tuple[int, str, str]]]:
        if self._events is not None:
            return self._events
        code, out = self.code, dict[str, list[tuple[int, str, str]]]()
        for a in code.assignments:
            if a.node.parent is None or a.node.parent.type not in _NOT_VARIABLES:
                for key in a.key.split(","):  # Go's cmd, err := ...
                    out.setdefault(key.strip(), []).append((a.node.start_point.row, a.value.kind, a.value.text))
        for caps in code.matches(_EXTRA_ASSIGN[code.language]) if code.language in _EXTRA_ASSIGN else ():
            name, value = caps["name"][0], caps["value"][0]
            key = code.node_text(name).lstrip("$").rsplit(".", 1)[-1]
            out.setdefault(key, []).append((value.start_point.row, code.classify(value)[0], code.node_text(value)))
        for call in code.calls if code.language in ("c", "cpp") else ():  # sprintf(buf, "...%s", x) fills buf
            if call.last in _C_BUILDERS and len(call.args) >= 2:
                kinds = {a.kind for a in call.args[1:]}
                kind = "interpolated" if len(kinds) > 1 else "dynamic" if kinds != {"const"} else "const"
                key = call.args[0].text.lstrip("&*").strip()
                out.setdefault(key, []).append((call.node.start_point.row, kind, code.node_text(call.node)))
        self._events = out
        return out

    def resolve(self, arg: Arg, row: int) -> Value:
        """An argument's kind and text, through its variable's assignments above ``row`` when it is a bare name.
        An unknown ALL_CAPS name is taken for a constant defined elsewhere."""
        if arg.kind != "dynamic":
            return Value(arg.kind, arg.text)
        if arg.node.type in _CONTAINERS:  # an argv list: as constant as its least constant element
            kinds = {k for k, _, _ in flat(self.code, [arg], True)}
            return Value("interpolated" if "interpolated" in kinds else "dynamic" if "dynamic" in kinds or not kinds
                         else "const", arg.text)
        m = _IDENT.match(arg.text.removesuffix(".c_str()").removesuffix(".data()").removesuffix(".toString()"))
        if m is None and (c := _CONVERSION.match(arg.text)):  # string(cmd), str(x), new String(bytes)
            m = _IDENT.match(c.group(1))
        if m is None:
            fn = arg.node.child_by_field_name("function") if arg.node.type == "call_expression" else None
            inner = fn.child_by_field_name("argument") if fn is not None else None  # ("ping " + h).c_str()
            if inner is not None and inner.type == "parenthesized_expression":
                return Value(self.code.classify(inner)[0], arg.text)
            return Value("dynamic", arg.text)
        seen = [e for e in self.events().get(m.group(1), ()) if e[0] <= row]
        if not seen:
            return Value("const" if _CONSTANT.match(m.group(1)) else "dynamic", arg.text)
        kinds = {k for _, k, _ in seen}
        kind = "interpolated" if "interpolated" in kinds else "dynamic" if "dynamic" in kinds else "const"
        built = [r for r, k, _ in seen if k == kind]
        return Value(kind, "\n".join(t for _, _, t in seen), built[-1] if kind != "const" else None)


def flat(code: Code, args: list[Arg], keywords: bool = False) -> list[tuple[str, str | None, Node]]:
    """Arguments with argv lists, arrays and ``Arrays.asList(...)`` opened up, as (kind, const value, node)."""
    out: list[tuple[str, str | None, Node]] = []

    def visit(node: Node, depth: int) -> None:
        if depth < 4 and node.type in _CONTAINERS:
            for child in node.named_children:
                if "type" not in child.type and child.type not in ("dimensions", "comment"):
                    visit(child, depth + 1)
        elif depth < 4 and node.type in CALL_TYPES and re.match(r"(?:Arrays\.asList|List\.of)\s*\(",
                                                                  code.node_text(node)):
            for child in (node.child_by_field_name("arguments") or node).named_children:
                visit(child, depth + 1)
        else:
            kind, value = code.classify(node)
            out.append((kind, value if kind == "const" else None, node))

    for a in args:
        if keywords or a.keyword is None:
            visit(a.node, 0)
    return out


def shell_c(items: list[tuple[str, str | None, Node]]) -> Node | None:
    """The script of ``sh -c SCRIPT`` (in any argv form) when it is not a constant."""
    for i in range(len(items) - 2):
        kind, value, _ = items[i]
        if kind == "const" and value and value.rsplit("/", 1)[-1] in SHELLS:
            flag, script = items[i + 1], items[i + 2]
            if flag[1] in _SHELL_FLAGS and script[0] != "const":
                return script[2]
    return None


def as_arg(code: Code, node: Node) -> Arg:
    kind, value = code.classify(node)
    return Arg(node, code.node_text(node), None, kind, value if kind == "const" else None)


def confidence(v: Value) -> Confidence:
    return H if v.kind == "interpolated" or untrusted(v.text) else M
