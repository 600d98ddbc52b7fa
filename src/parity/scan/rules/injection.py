"""Injection: outside text (a request, a user, a file name) spliced into something another interpreter parses (SQL,
a shell, the language's own ``eval``, a template engine). The tell is a sink fed a string *built* from pieces
(concatenation, f-strings, ``Sprintf``, ``"$var"``) rather than bound parameters or an argv list. A sink fed a bare
variable is followed back to that variable's assignments in the same block."""

from __future__ import annotations

import re
from collections.abc import Iterator

from parity.scan.finding import Finding, RuleInfo
from parity.scan.rules._injection_common import (
    _CONTAINERS,
    _QUOTED,
    _SHELL_FLAGS,
    CMDI,
    CODEI,
    DECODED,
    EVALI,
    SHELLS,
    SQLI,
    SSTI,
    XP_CMDSHELL,
    Flow,
    H,
    L,
    M,
    Value,
    _set,
    as_arg,
    confidence,
    flat,
    php_tagged,
    shell_c,
    untrusted,
)
from parity.scan.rules._injection_common import UNTRUSTED as UNTRUSTED
from parity.scan.rules._injection_sql import _PREDICATE_SINKS, _SQL_LOOSE, _SQL_STRICT, sql_calls, sql_script
from parity.scan.rules.base import RULES, RuleFamily, pattern
from parity.scan.syntax import Call, Code

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
_SAFE_ENV = _set("HOME PWD PATH USER SHELL TMPDIR HOSTNAME LANG OLDPWD UID BASH_SOURCE SCRIPT_DIR DIR 0 # ? $ !")
_SH_EXPANSION = re.compile(r"\$(?:\{[#!]?(\w+|[@*#?])|(\w+|[@*#?]))")
_SH_WRAPPERS = _set("sudo env nohup exec xargs timeout nice doas command su")
_READS = re.compile(r"\bopen\(|\.read(?:_text)?\(|readFileSync|get_template|\.readFile\(|file_get_contents")


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
