"""Injection: outside text (a request, a user, a file name) spliced into something another interpreter parses (SQL,
a shell, the language's own ``eval``, a template engine). The tell is a sink fed a string *built* from pieces
(concatenation, f-strings, ``Sprintf``, ``"$var"``) rather than bound parameters or an argv list. A sink fed a bare
variable is followed back to that variable's assignments in the same block."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from tree_sitter import Node

from parity.scan.document import Block
from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules.base import RULES, RuleFamily, pattern
from parity.scan.syntax import CALL_TYPES, Arg, Call, Code

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
    r"\b(?:request|req|ctx|self\.request)\s*\.\s*(?:args|form|values|json|data|get_json|params|query|body|cookies"
    r"|headers|GET|POST|FILES|files|query_params|path_params|rfile|stream|get_data|getParameter\w*|getHeader"
    r"|getQueryString|getInputStream|getReader)\b|\$_(?:GET|POST|REQUEST|COOKIE|SERVER|FILES)\b"
    r"|\b(?:raw_)?input\s*\(|\b(?:sys|process)\.argv\b|\bos\.Args\b|\.(?:recv(?:from|_into)?|makefile)\s*\("
    r"|\.(?:Post)?FormValue\s*\(|\.URL\.Query\(|\bc\.(?:Query|Param|PostForm|GetHeader)\s*\("
    r"|\blocation\.(?:hash|search|href)\b|\bgetParameter\s*\(|\.getInputStream\s*\(|\burlopen\s*\("
    r"|\brequests\.(?:get|post)\s*\(|\bresp(?:onse)?\.(?:content|body|data)\b|\.Body\b")
"""Text that names request data, command-line input, sockets or network responses."""


_UNTRUSTED_HINTS = ("req", "$_", "input", "argv", "Args", "recv", "makefile", "Form", "Query", "c.", "location.",
                    "getParameter", "getInputStream", "urlopen", "resp", ".Body", "ctx.")


def untrusted(text: str) -> bool:
    return any(h in text for h in _UNTRUSTED_HINTS) and UNTRUSTED.search(text) is not None  # substrings first: fast


_SQL = re.compile(r"(?i)\b(?:select\b[^;]{0,400}?\bfrom\b|insert\s+(?:or\s+\w+\s+)?into\b|delete\s+from\b"
                  r"|update\s+[\w.`\"\[\]]+\s+set\b|replace\s+into\b|merge\s+into\b|(?:drop|create|alter|truncate)\s+"
                  r"(?:table|database|index|view|user|schema)\b|where\s+[\w.`\"\[\]]+\s*(?:[=<>!]|like\b|in\b)"
                  r"|order\s+by\b|exec(?:ute)?\s+(?:immediate|sp_\w+|xp_\w+))")
_SQL_WORDS = ("select", "insert", "update", "delete", "where", "order by", "exec", "create", "drop", "alter", "merge",
              "replace", "truncate")
_PREDICATE = re.compile(r"(?i)(?:[=<>]|!=|\blike|\bin\s*\()\s*'?\s*(?:%[sdvq]|\{|\$\{|\"\s*\+)")
_SLOT = r"(?i)(?:[=<>]|\blike|\bin\s*\(|\bvalues\s*\(|,)\s*'?\s*"
_VALUE_SLOT = re.compile(_SLOT + r"(?:\{|\$\{|#\{|\$[A-Za-z_{]|[\"'`]\s*(?:\+|\.\s*\$|\|\|))")
_VALUE_SLOT_PCT = re.compile(_SLOT + r"%[sdvqr]")
_PCT_FORMAT = re.compile(r"""["']\s*%\s*[\w(\[]|printf\s*\(|\.format\s*\(|String\.format""")
_QUOTED = re.compile(r"\b(?:shlex\.quote|pipes\.quote|shlex\.join|escapeshellarg|escapeshellcmd|shellescape"
                     r"|shell_escape|shellQuote|quote_literal|quote_ident|sql\.(?:SQL|Identifier|Literal))\s*\(")
_SQL_STRICT = _set("execute executemany executescript executeQuery executeUpdate executeLargeUpdate addBatch "
                   "exec_driver_sql read_sql read_sql_query mysqli_query mysql_query pg_query pg_send_query "
                   "sqlite_query mysqli_multi_query multi_query real_query sqlite3_exec sqlite3_prepare "
                   "sqlite3_prepare_v2 sqlite3_prepare_v3 mysql_real_query PQexec createNativeQuery createSQLQuery "
                   "queryRawUnsafe executeRawUnsafe whereRaw orderByRaw havingRaw selectRaw joinRaw RawSQL "
                   "unprepared extra")
_SQL_LOOSE = _set("query exec Exec Query QueryRow QueryContext ExecContext QueryRowContext Prepare PrepareContext "
                  "prepare prepareStatement createQuery text raw Raw run all get each statement select "
                  "queryForObject queryForList queryForMap update literal Where Having Order Joins Select where "
                  "get_results get_var get_row get_col")
_SQL_SECOND = _set("mysqli_query mysqli_multi_query pg_query pg_send_query sqlite3_exec sqlite3_prepare "
                   "sqlite3_prepare_v2 sqlite3_prepare_v3 mysql_real_query PQexec QueryContext ExecContext "
                   "QueryRowContext PrepareContext")
_SQL_GENERIC = _set("get run all each select update statement literal Select Order exec Exec prepare Prepare where "
                    "Where")
_DB_RECEIVER = ("db", "data", "conn", "cur", "sql", "pool", "client", "knex", "sequelize", "session", "stmt", "pdo",
                "jdbc", "engine", "repo", "tx", "query", "builder", "model", "objects", "table", "gorm")
_PREDICATE_SINKS = _set("Where Having Joins where whereRaw havingRaw extra literal")

SHELLS = _set("sh bash zsh dash ksh ash cmd cmd.exe powershell pwsh")
_SHELL_FLAGS = _set("-c -lc -ic -ec -xc /c /C -Command -command")
_PY_SHELL_ALWAYS = _set("os.system os.popen os.popen2 os.popen3 os.popen4 commands.getoutput "
                        "commands.getstatusoutput subprocess.getoutput subprocess.getstatusoutput "
                        "asyncio.create_subprocess_shell popen2.popen2 platform.popen")
_PY_SUBPROCESS = _set("run call check_call check_output Popen")
_JS_EXEC = re.compile(r"^(?:child_?process|cp|shell|shelljs|proc|childProcess)\.exec(?:Sync)?$"
                      r"|child_process.{0,3}\)\.exec(?:Sync)?$|^exec(?:Sync)?$")
_CP = r"require\(\s*['\"](?:node:)?child_process['\"]\s*\)\."
_JS_EXEC_ALIAS = re.compile(r"promisify\(\s*(?:[\w.]+\.|" + _CP + r")?exec\s*\)|" + _CP + r"exec(?:Sync)?\b")
_JS_SPAWN = _set("spawn spawnSync execFile execFileSync fork execa execaSync")
_C_SHELL = _set("system popen _popen _wpopen _wsystem wsystem")
_PHP_SHELL = _set("system exec shell_exec passthru popen proc_open pcntl_exec")
_CMD_NAMES = _C_SHELL | _PHP_SHELL | _PY_SUBPROCESS | _JS_SPAWN | {q.rsplit(".", 1)[-1] for q in _PY_SHELL_ALWAYS} | {
    "exec", "execSync", "Command", "CommandContext", "ProcessBuilder", "command"}
_C_BUILDERS = _set("sprintf snprintf vsprintf vsnprintf asprintf strcat strncat strcpy strncpy sprintf_s swprintf")
_SAFE_ENV = _set("HOME PWD PATH USER SHELL TMPDIR HOSTNAME LANG OLDPWD UID BASH_SOURCE SCRIPT_DIR DIR 0 # ? $ !")
_SH_EXPANSION = re.compile(r"\$(?:\{[#!]?(\w+|[@*#?])|(\w+|[@*#?]))")
_SH_WRAPPERS = _set("sudo env nohup exec xargs timeout nice doas command su")
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
_READS = re.compile(r"\bopen\(|\.read(?:_text)?\(|readFileSync|get_template|\.readFile\(|file_get_contents")


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


_PIECES = re.compile(r"[$#]?\{([^{}]{1,100})\}|\$(\w+(?:->\w+)?)|[\"'`]\s*[+.]\s*([\w.$>-]{1,100})")
_PLACEHOLDERS = re.compile(r"""(?i)placeholder|qmark|wpdb|join\(.{0,40}['"](?:\?|%s)['"]"""
                           r"""|['"](?:\?|%s)['"].{0,40}join"""
                           r"""|^\s*['"][^'"\n]{0,5}['"]\.join\(\s*\[\s*(?:['"][\w. ]{0,40}['"](?:\s*,\s*)?){1,50}"""
                           r"""\]\s*\)$""")


def _benign(v: Value, flow: Flow, row: int) -> bool:
    """Every spliced piece is a constant's name, a placeholder list (``",".join("?" * len(ids))``) or WordPress's
    table prefix: the values themselves still travel as parameters."""
    pieces = [next(g for g in m.groups() if g).strip().lstrip("$") for m in _PIECES.finditer(v.text)]
    for p in pieces:
        name = re.split(r"\.|->", p)[-1]
        if not (_CONSTANT.match(name) or _PLACEHOLDERS.search(p) or any(
                r <= row and (k == "const" or _PLACEHOLDERS.search(t)) for r, k, t in flow.events().get(name, ()))):
            return False
    return bool(pieces) and not untrusted(v.text)


@lru_cache(maxsize=512)
def _db_like(receiver: str) -> bool:
    """``db.get``/``conn.run`` are queries; ``requests.get``/``app.run`` are not."""
    receiver = receiver.lower()
    return any(k in receiver for k in _DB_RECEIVER)


def sql_calls(code: Code, flow: Flow, calls: list[Call]) -> Iterator[Finding]:
    """Statements reported where they are built: the line to fix, when a variable carries them to the sink."""
    low = code.text.lower()
    sql_text = any(k in low for k in _SQL_WORDS)
    for call in calls:
        last = call.last.lstrip("$")
        strict = last in _SQL_STRICT or last in _PREDICATE_SINKS
        if not strict and (not sql_text or last not in _SQL_LOOSE or (
                last in _SQL_GENERIC and not _db_like(call.name[:-len(last)]))):
            continue
        pos = [a for a in call.args if a.keyword is None]  # C APIs and Go's *Context take the statement second
        second = last in _SQL_SECOND or (last == "mysql_query" and code.language in ("c", "cpp"))
        row, args = call.node.start_point.row, list[Arg]()
        for a in (pos[1:2] if second and len(pos) > 1 else pos[:1]) + [
                a for a in call.args if a.keyword in ("sql", "query", "statement", "where", "select", "tables")]:
            args += [as_arg(code, n) for _, _, n in flat(code, [a], True)] if a.node.type in _CONTAINERS else [a]
        for a in args:
            v = flow.resolve(a, row)
            if v.kind != "interpolated" or _QUOTED.search(v.text):
                continue
            looks = _SQL.search(v.text) or (last in _PREDICATE_SINKS and _PREDICATE.search(v.text))
            if (looks or strict) and not _benign(v, flow, row):
                slot = _VALUE_SLOT.search(v.text) or (_PCT_FORMAT.search(v.text) and _VALUE_SLOT_PCT.search(v.text))
                conf = H if (looks and slot) or untrusted(v.text) else M
                yield code.finding(SQLI, call.node if v.row is None else v.row, confidence=conf)
                break


def _cmd(code: Code, call: Call, v: Value) -> Iterator[Finding]:
    if v.kind != "const" and not _QUOTED.search(v.text) and not (DECODED.search(v.text) and not untrusted(v.text)):
        yield code.finding(CMDI, call.node, confidence=confidence(v))


def _script(code: Code, call: Call, flow: Flow) -> Iterator[Finding]:
    script = shell_c(flat(code, call.args))
    if script is not None:
        yield from _cmd(code, call, flow.resolve(as_arg(code, script), call.node.start_point.row))


def _js_exec_names(code: Code) -> set[str]:
    """Names bound to child_process.exec another way: ``const run = util.promisify(exec)``."""
    out, text = set(), code.text
    for m in _JS_EXEC_ALIAS.finditer(text) if "promisify" in text or "child_process" in text else ():
        name = re.search(r"(\w+)\s*=\s*(?:util\.)?$", text[max(0, m.start() - 60):m.start()])
        if name:
            out.add(name.group(1))
    return out


def command_calls(code: Code, flow: Flow, calls: list[Call], js_exec: set[str]) -> Iterator[Finding]:
    lang = code.language
    for call in calls:
        row, first, last, q = call.node.start_point.row, call.positional(0), call.last, call.qualname
        if last not in _CMD_NAMES and call.name not in js_exec:
            continue
        v = flow.resolve(first, row) if first is not None else Value("const", "")
        if lang == "python":
            shell = call.keyword("shell")
            if q in _PY_SHELL_ALWAYS:
                yield from _cmd(code, call, v)
            elif last in _PY_SUBPROCESS and ("subprocess" in q or q == last):
                if shell is None or shell.text in ("False", "0", "None"):
                    yield from _script(code, call, flow)
                elif shell.text == "True" or v.kind == "interpolated":
                    yield from _cmd(code, call, v)
        elif lang in ("javascript", "typescript"):
            if _JS_EXEC.search(q) or _JS_EXEC.search(call.name) or call.name in js_exec:
                if v.kind != "const" and (v.kind == "interpolated" or "." in q or q in js_exec or untrusted(v.text)):
                    yield from _cmd(code, call, v)
            elif last in _JS_SPAWN:
                if any(re.search(r"\bshell\s*:\s*(?:true|['\"])", a.text) for a in call.args[1:]):
                    yield from _cmd(code, call, v)
                else:
                    yield from _script(code, call, flow)
        elif lang == "go" and last in ("Command", "CommandContext"):
            yield from _script(code, call, flow)
        elif lang == "java" and (last in ("ProcessBuilder", "command") or (last == "exec" and "Runtime" in code.text)):
            if shell_c(flat(code, call.args)) is not None:
                yield from _script(code, call, flow)
            elif last == "exec" and first is not None and first.node.type not in _CONTAINERS:
                yield from _cmd(code, call, v)
        elif (lang in ("c", "cpp") and last in _C_SHELL) or (lang == "php" and call.name in _PHP_SHELL):
            yield from _cmd(code, call, v)


def backticks(code: Code) -> Iterator[Finding]:
    """PHP's `ls $dir` runs through a shell."""
    for node in code.nodes(("shell_command_expression",)):
        if any(c.type == "variable_name" for c in node.named_children) and not _QUOTED.search(code.node_text(node)):
            yield code.finding(CMDI, node, confidence=H)


def shell_calls(code: Code) -> Iterator[Finding]:
    """``eval "$x"`` and ``sh -c "$x"`` parse a variable's text as shell code. ``eval "$(tool init)"`` (how tools
    load their environment) and well-known variables like ``$HOME`` are left alone."""
    for call in code.calls:
        words, args = [call.name, *(a.text for a in call.args)], call.args
        if call.name in _SH_WRAPPERS:
            i = next((i for i, w in enumerate(words) if w.rsplit("/", 1)[-1] in SHELLS), None)
            if i is None:
                continue
            words, args = words[i:], args[i:]
        if words[0] == "eval":
            scripts = list(args)
        elif words[0].rsplit("/", 1)[-1] in SHELLS and len(words) > 2 and words[1] in _SHELL_FLAGS:
            scripts = [args[1]]
        else:
            continue
        for a in scripts:
            names = {m.group(1) or m.group(2) for m in _SH_EXPANSION.finditer(a.text)} if a.kind != "const" else set()
            if risky := names - _SAFE_ENV:
                whole = _SH_EXPANSION.sub("", a.text).strip("\"'{} ") == ""
                yield code.finding(CMDI, call.node, confidence=H if whole else M,
                                   message=f"`{words[0]}` parses ${sorted(risky)[0]} as shell code: " + CMDI.why)
                break


_SQL_KEYWORDS = _set("exec execute immediate sp_executesql prepare from n format using")
_SQL_EXEC = re.compile(r"(?i)\bexec(?:ute)?\s*\(\s*(?:N?'(?:[^']|''){0,2000}'|@\w+)\s*\+|\bexec(?:ute)?\s*\(?\s*@\w+"
                       r"|\bexecute\s+immediate\b|\bsp_executesql\b|\bprepare\s+\w+\s+from\b"
                       r"|\bexecute\s+(?:'|format\s*\(|\w+\s*\|\|)")
_SQL_VAR = re.compile(r"(?i)\b(?:set|select|declare)\s+@(\w+)[^;=\n]{0,60}=([^;]{0,2000})"
                      r"|\b([a-z_]\w*)\s*:=([^;]{0,2000})")
_SQL_SAFE_CALLS = re.compile(r"(?i)\b(?:quotename|quote_ident|quote_literal|quote_nullable)\s*\([^()]{0,200}\)")
_SQL_CONCAT = re.compile(r"(?i)(?:\+|\|\|)\s*@?[a-z_]\w*\b(?!\s*\()|\b@?[a-z_]\w*\s*(?:\+|\|\|)"
                         r"|\bconcat\s*\([^)]{0,500}(?:,\s*@?[a-z_]\w*\s*[,)])")
_SQL_FORMAT_S = re.compile(r"(?i)\bformat\s*\(\s*E?'[^']{0,500}%s[^']{0,500}'")
_XP_CMDSHELL = re.compile(r"(?i)\bxp_cmdshell\b([^;\n]{0,300})")


def _sql_concat(text: str, own: str = "") -> bool:
    """Whether SQL text splices a variable into a string. QUOTENAME/quote_ident is how one does that safely, and
    ``@sql = @sql + N'...'`` only appends constant text."""
    text = re.sub(r"(?:\b[NnEe])?'(?:[^']|''){0,2000}'", "''", _SQL_SAFE_CALLS.sub("''", text))
    if own:
        text = re.sub(r"(?i)@?\b" + re.escape(own) + r"\b", "''", text)
    return _SQL_CONCAT.search(text) is not None


def _format_s(stmt: str, text: str) -> bool:
    """PL/pgSQL ``format('... %s ...', x)`` with an x not declared as regclass or a number (both print safely)."""
    m = _SQL_FORMAT_S.search(stmt)
    args = re.findall(r",\s*(\w+)", stmt[m.end():m.end() + 300].split(")")[0]) if m else []
    return any(re.search(r"\b" + a + r"\s+(?:regclass|regtype|regproc|int|integer|bigint|smallint|numeric|uuid)\b",
                         text) is None for a in args)


def sql_script(code: Code) -> Iterator[Finding]:
    """Dynamic SQL inside SQL (procedures, migrations). The grammars barely read T-SQL or PL/SQL, so this reads the
    text: a statement that executes a string built by concatenation, directly or through a variable."""
    text, built = code.text, dict[str, int]()
    for m in _SQL_VAR.finditer(text):
        name, value = m.group(1) or m.group(3), m.group(2) or m.group(4) or ""
        if _sql_concat(value, name) or _format_s(value, text):
            built[name.lower()] = text.count("\n", 0, m.start())
    for m in _SQL_EXEC.finditer(text):
        end = text.find(";", m.end())
        stmt = text[m.start():end if end != -1 else len(text)][:2000]
        head = re.sub(r"'(?:[^']|''){0,2000}'", "", stmt[:300])
        words = [w.lower() for w in re.findall(r"@?\b(\w+)", head) if w.lower() not in _SQL_KEYWORDS]
        used = [built[w] for w in words[:2 if m.group(0)[:1] in "pP" else 1] if w in built]  # PREPARE s FROM @q
        if used or _sql_concat(stmt) or _format_s(stmt, text):  # reported where the string is built
            yield code.finding(SQLI, used[-1] if used else text.count("\n", 0, m.start()),
                               confidence=H if used or _sql_concat(stmt) else M)
    for m in _XP_CMDSHELL.finditer(text):
        row, rest = text.count("\n", 0, m.start()), m.group(1)
        if re.match(r"\s*'?\s*,\s*1", rest):
            yield code.finding(XP_CMDSHELL, row, message="xp_cmdshell is switched on: " + XP_CMDSHELL.why)
        elif re.search(r"@\w+|'\s*\+", rest):
            yield code.finding(CMDI, row, message="xp_cmdshell runs a command built from SQL data: " + CMDI.why)
        elif re.match(r"\s+N?'", rest):
            yield code.finding(XP_CMDSHELL, row, confidence=M)


_PY_EVAL = _set("eval exec builtins.eval builtins.exec compile builtins.compile")
_JS_EVAL = _set("eval window.eval globalThis.eval global.eval execScript window.execScript")
_JS_VM = _set("runInNewContext runInThisContext runInContext compileFunction Script")
_TIMERS = _set("setTimeout setInterval setImmediate window.setTimeout window.setInterval")
_EVAL_NAMES = _JS_VM | _set("eval exec compile Function execScript assert create_function preg_replace "
                            "mb_ereg_replace evaluate setTimeout setInterval setImmediate")


def _eval(code: Code, call: Call, v: Value, rule: RuleInfo = EVALI, *, low: bool = False) -> Iterator[Finding]:
    """Constant code is skipped, and so is a decoded constant (an obfuscated payload: the obfuscation rules' call);
    code read from a local file is low (a script runner more than an injection)."""
    if v.kind != "const" and not (DECODED.search(v.text) and not untrusted(v.text)):
        rule = CODEI if re.match(r"(?:builtins\.)?compile\(", v.text) else rule
        conf = confidence(v)
        yield code.finding(rule, call.node, confidence=L if (low or _READS.search(v.text)) and conf is not H else conf)


def _e_modifier(regex: str) -> bool:
    if len(regex) < 2 or regex[0].isalnum() or regex[0] == "\\":
        return False
    i = regex.rfind({"(": ")", "{": "}", "[": "]", "<": ">"}.get(regex[0], regex[0]))
    return i > 0 and "e" in regex[i + 1:]


def eval_calls(code: Code, flow: Flow, calls: list[Call]) -> Iterator[Finding]:
    lang = code.language
    for call in calls:
        first, row, q, last = call.positional(0), call.node.start_point.row, call.qualname, call.last
        if first is None or last not in _EVAL_NAMES:
            continue
        v = flow.resolve(first, row)
        if lang == "python" and q in _PY_EVAL:
            if last != "compile" or call.node.parent is None or call.node.parent.parent is None or re.match(
                    r"(?:builtins\.)?(?:exec|eval)\(", code.node_text(call.node.parent.parent)) is None:
                yield from _eval(code, call, v, CODEI if last == "compile" else EVALI, low=last == "compile")
        elif lang in ("javascript", "typescript"):
            if q in _JS_EVAL:
                yield from _eval(code, call, v)
            elif last in _JS_VM and "vm" in q.split("."):
                yield from _eval(code, call, v, CODEI)
            elif q in ("Function", "window.Function"):
                yield from _eval(code, call, flow.resolve(call.args[-1], row), CODEI)
            elif q in _TIMERS and first.kind == "interpolated":
                yield code.finding(EVALI, call.node, confidence=H)
        elif lang == "php":
            if q == "eval" or (q == "assert" and (first.kind == "interpolated" or untrusted(first.text))):
                yield from _eval(code, call, v)
            elif q == "create_function":
                kinds = {a.kind for a in call.args}
                kind = "interpolated" if "interpolated" in kinds else "dynamic" if "dynamic" in kinds else "const"
                yield from _eval(code, call, Value(kind, code.node_text(call.node)), CODEI)
            elif q in ("preg_replace", "mb_ereg_replace") and first.kind == "const" and _e_modifier(first.value or ""):
                yield code.finding(EVALI, call.node, message="/e runs the replacement as PHP: " + EVALI.why)
        elif lang == "java" and last in ("eval", "evaluate") and "." in q and re.search(
                r"ScriptEngine|GroovyShell|Nashorn|getEngineByName", code.text):
            yield from _eval(code, call, v, CODEI)


_PY_TEMPLATES = re.compile(r"(?:^|\.)render_template_string$|^(?:jinja2|mako\.template|django\.template)\.Template$")
_JS_TEMPLATES = re.compile(r"^(?:ejs|pug|jade|handlebars|Handlebars|hbs|doT|dot|_|lodash|nunjucks|env|swig|Vue)\."
                           r"(?:render|compile|precompile|template|renderString|compileTemplate)$|^lodash\.template$")
_TEMPLATE_NAMES = _set("render_template_string Template from_string render compile precompile template renderString "
                       "compileTemplate createTemplate fetch display evaluate Parse")


def template_calls(code: Code, flow: Flow, calls: list[Call]) -> Iterator[Finding]:
    """A template whose *source* comes from outside. Python's sinks also flag a template of unknown origin (medium):
    ``render_template_string`` and ``jinja2.Template`` exist to take template text, not file contents."""
    lang = code.language
    jinja = lang == "python" and ("jinja2" in code.text or "Environment(" in code.text)
    for call in calls:
        first, row, q, last = call.positional(0), call.node.start_point.row, call.qualname, call.last
        if last not in _TEMPLATE_NAMES:
            continue
        if lang == "python":
            hot = bool(_PY_TEMPLATES.search(q)) or (jinja and last in ("from_string", "Template"))
        elif lang in ("javascript", "typescript"):
            hot = bool(_JS_TEMPLATES.search(q) or _JS_TEMPLATES.search(call.name))
        elif lang == "php":
            hot = last == "createTemplate" or (last in ("fetch", "display") and first is not None
                                               and re.match(r"""['"](?:string|eval):""", first.text) is not None)
        elif lang == "java" and last == "evaluate" and "Velocity" in code.text and len(call.args) == 4:
            first, hot = call.args[3], True
        else:
            hot = lang == "go" and last == "Parse" and "template" in call.name.lower()
        if not hot or first is None:
            continue
        v = flow.resolve(first, row)
        if v.kind == "interpolated" or untrusted(v.text):
            yield code.finding(SSTI, call.node, confidence=H if lang != "go" else M)
        elif v.kind == "dynamic" and lang == "python" and not _READS.search(v.text):
            yield code.finding(SSTI, call.node, confidence=M)


_KW = r"\b(?:select|insert|update|delete)\b"
_SINKS = _SQL_STRICT | _PREDICATE_SINKS | _SQL_LOOSE | _CMD_NAMES | _EVAL_NAMES | _TEMPLATE_NAMES


@RULES.register("injection")
class Injection(RuleFamily):
    rules = (SQLI, CMDI, XP_CMDSHELL, EVALI, CODEI, SSTI)
    languages = _set("python javascript typescript shell sql go java c cpp php")
    patterns = (
        pattern(SQLI, r"(?i)^(?=.{0,4000}?" + _KW + r").*?\.(?:execute|executemany|executeQuery|executeUpdate|query"
                r"|raw)\s*\(\s*(?:f[\"'][^\"'\n]{0,300}\{|[\"'][^\"'\n]{0,300}[\"']\s*(?:\+|%|\.)\s*[\w$(]"
                r"|`[^`]{0,300}\$\{)"),
        pattern(SQLI, r"(?i)\b(?:mysqli?_query|pg_query)\s*\([^;]{0,300}\$_(?:GET|POST|REQUEST|COOKIE)"),
        pattern(SQLI, r"(?i)\bexec(?:ute)?\s*\(\s*N?'(?:[^']|''){0,300}'\s*\+\s*@"
                r"|\bexecute\s+immediate\s+[^;]{0,300}\|\|"),
        pattern(CMDI, r"\bos\.(?:system|popen)\s*\(\s*(?:f[\"']|[\"'][^\"']{0,300}[\"']\s*(?:\+|%))"
                r"|\bsubprocess\.\w+\s*\(\s*f[\"'][^\n]{0,300}shell\s*=\s*True"),
        pattern(CMDI, r"\bexec(?:Sync)?\s*\(\s*`[^`]{0,300}\$\{|\bexec(?:Sync)?\s*\(\s*[\"'][^\"']{0,300}[\"']\s*\+"),
        pattern(CMDI, r"\b(?:system|shell_exec|passthru|exec|popen)\s*\([^;]{0,300}\$_(?:GET|POST|REQUEST|COOKIE)"),
        pattern(CMDI, r"^\s*eval\s+\"?\$\{?[A-Za-z_]\w*\}?\"?\s*$|\b(?:ba)?sh\s+-c\s+\"\$\{?[A-Za-z_1-9]"),
        pattern(CMDI, r"(?i)\bxp_cmdshell\s+@\w+"),
        pattern(EVALI, r"\beval\s*\(\s*(?:request\.|req\.|\$_(?:GET|POST|REQUEST|COOKIE)|input\s*\()"),
        pattern(CODEI, r"\bnew\s+Function\s*\([^)]{0,300}(?:req\.|request\.)"),
        pattern(SSTI, r"\brender_template_string\s*\(\s*(?:f[\"']|request\.|[\"'][^\"']{0,300}[\"']\s*(?:\+|%))"),
    )

    def check(self, code: Code) -> Iterator[Finding]:
        code = php_tagged(code)
        if code.language == "sql":
            yield from sql_script(code)
        elif code.language == "shell":
            yield from shell_calls(code)
        else:
            js_exec = _js_exec_names(code) if code.language in ("javascript", "typescript") else set()
            calls = [c for c in code.calls if c.last.lstrip("$") in _SINKS or c.name in js_exec]
            if calls:
                flow = Flow(code)
                yield from sql_calls(code, flow, calls)
                yield from command_calls(code, flow, calls, js_exec)
                yield from eval_calls(code, flow, calls)
                yield from template_calls(code, flow, calls)
            if code.language == "php" and "`" in code.text:
                yield from backticks(code)
