"""Debug features left on: debug modes, interactive debuggers reachable from the network, stack traces sent to the
client, profiling and management endpoints, wildcard host lists and forgotten breakpoints.

Development configs are the norm in answers, so the rules weigh where a switch sits: ``DEBUG = True`` counts in
Django-style settings or a config class not named for development or tests, not as a script's own verbosity flag;
the Werkzeug debugger (Flask ``debug=True``) is critical only when the server listens on every interface, where it
gives anyone on the network a Python console. Auto-reload (``uvicorn --reload``) is not reported."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules.base import RULES, RuleFamily, pattern
from parity.scan.syntax import Call, Code

DEBUG_ON = RuleInfo("debug-mode-enabled", "CWE-489", Severity.MEDIUM, "Debug mode enabled",
                    "Debug mode shows stack traces, settings and source to whoever triggers an error and often "
                    "turns off protections; make it depend on the environment and default to off.")
DEBUGGER = RuleInfo("debugger-exposed", "CWE-94", Severity.CRITICAL, "Interactive debugger reachable",
                    "An interactive debugger (Werkzeug console, Node inspector, JDWP, debugpy) runs any code its "
                    "client sends; listening on all interfaces (CWE-1327) hands that to the network.")
ERROR_DETAILS = RuleInfo("error-details-exposed", "CWE-209", Severity.LOW, "Error details sent to the client",
                         "Stack traces and error internals in responses map the code, libraries and paths for an "
                         "attacker; log them and return a generic message.")
DEBUG_ENDPOINT = RuleInfo("debug-endpoint-exposed", "CWE-215", Severity.MEDIUM, "Debug or profiling endpoint exposed",
                          "Profiling and management endpoints (pprof, Actuator, phpinfo) disclose memory, "
                          "configuration and secrets, and some allow heap dumps or shutdown.")
ALLOWED_HOSTS = RuleInfo("allowed-hosts-wildcard", "CWE-183", Severity.LOW, "Any Host header accepted",
                         "ALLOWED_HOSTS = ['*'] lets forged Host headers through, which poisons password-reset "
                         "links and caches.")
BREAKPOINT = RuleInfo("debug-breakpoint-left", "CWE-489", Severity.LOW, "Breakpoint left in code",
                      "A leftover breakpoint halts the process waiting for a console, a denial of service in "
                      "production and an open debugger if a terminal is attached.")

_TRUE = frozenset({"True", "true", "1", "'1'", '"1"', "'true'", '"true"', "'True'", '"True"', "TRUE", "'on'", '"on"',
                   "'On'", '"On"'})
_ALL_INTERFACES = re.compile(r"""^['"]?(?:0\.0\.0\.0|::|\[::\]|\*)(?::\d+)?['"]?$""")
_SETTINGS = ("INSTALLED_APPS", "ALLOWED_HOSTS", "MIDDLEWARE", "DATABASES", "ROOT_URLCONF", "WSGI_APPLICATION")
_DEV_CLASS = re.compile(r"(?i)dev|test|local|debug")
_DEBUG_RUN = frozenset({"run", "run_server", "FastAPI", "Starlette", "Quart", "Sanic", "Litestar"})
_BREAKPOINTS = frozenset({"pdb.set_trace", "ipdb.set_trace", "pudb.set_trace", "breakpoint", "pdb.post_mortem",
                          "ipdb.post_mortem", "IPython.embed", "embed"})
_APP_TARGET = re.compile(r"^(?:self\.)?(?:app|application|server|api|e|flask_app|router)\.(?:debug|Debug)$")
_RESPONSE_CALL = re.compile(r"\b(?:return|jsonify|Response|HttpResponse|JSONResponse|make_response|abort|HTTPException"
                            r"|render_template|res\.|resp\.|response\.)")
_SHELL_DEBUG_KEYS = {"FLASK_DEBUG": _TRUE, "DJANGO_DEBUG": _TRUE, "APP_DEBUG": _TRUE,
                     "FLASK_ENV": frozenset({"development", "'development'", '"development"'}),
                     "NODE_ENV": frozenset({"'development'", '"development"'})}
_PHP_ON = frozenset({"1", "'1'", '"1"', "true", "TRUE", "'On'", '"On"', "'on'", '"on"', "'stdout'", '"stdout"'})


class _Debug:
    def __init__(self, code: Code) -> None:
        self.code = code

    def find(self, rule: RuleInfo, where: Node | int, conf: Confidence = Confidence.HIGH, msg: str | None = None,
             sev: Severity | None = None) -> Finding:
        return self.code.finding(rule, where, confidence=conf, message=msg and f"{msg}: {rule.why}", severity=sev)

    def run(self) -> Iterator[Finding]:
        lang = self.code.language
        for call in self.code.calls:
            if lang == "shell":
                yield from self.command(call)
            else:
                yield from self.call(call)
        yield from self.assignments()
        text = self.code.text
        if lang == "go" and "net/http/pprof" in text:
            for m in re.finditer(r'(_\s+)?"net/http/pprof"', text):
                yield self.find(DEBUG_ENDPOINT, text.count("\n", 0, m.start()),
                                Confidence.HIGH if m.group(1) else Confidence.MEDIUM,
                                "net/http/pprof registers /debug/pprof on the default mux")
        if lang in ("javascript", "typescript") and "debugger" in text:
            for node in self.code.nodes(("debugger_statement",)):
                yield self.find(BREAKPOINT, node)

    def call(self, call: Call) -> Iterator[Finding]:
        q, last, lang = call.qualname, call.last, self.code.language
        debug = call.keyword("debug")
        if last in _DEBUG_RUN and debug is not None and debug.text in _TRUE and q != "asyncio.run":
            host = call.keyword("host") or (call.positional(0) if last == "run" and call.args and
                                            call.args[0].kind == "const" and "." in call.args[0].text else None)
            if host is not None and host.value is not None and _ALL_INTERFACES.match(host.value) and last != "FastAPI":
                yield self.find(DEBUGGER, call.node, msg=f"{call.name}(debug=True) on {host.value} serves the "
                                "Werkzeug debugger console to the network")
            else:
                yield self.find(DEBUG_ON, debug.node, msg=f"{call.name}(debug=True)")
        elif last == "run_simple" or last == "DebuggedApplication":
            on = call.keyword("use_debugger") or call.keyword("evalex") or (
                call.positional(1) if last == "DebuggedApplication" else None)
            host = call.positional(0) if last == "run_simple" else None
            if on is not None and on.text in _TRUE:
                exposed = host is not None and host.value is not None and bool(_ALL_INTERFACES.match(host.value))
                yield self.find(DEBUGGER, call.node, msg="the Werkzeug debugger console is on",
                                sev=None if exposed else Severity.HIGH)
        elif q in ("debugpy.listen", "remote_pdb.set_trace", "remote_pdb.RemotePdb", "RemotePdb", "web_pdb.set_trace"):
            exposed = "0.0.0.0" in " ".join(a.text for a in call.args)
            yield self.find(DEBUGGER, call.node, msg=f"{q} opens a remote debugger",
                            sev=None if exposed else Severity.MEDIUM)
        elif q in _BREAKPOINTS or (lang == "python" and q.endswith(("pdb.set_trace", "pdb.Pdb().set_trace"))):
            if q not in ("embed",) or "IPython" in self.code.text:
                yield self.find(BREAKPOINT, call.node, Confidence.MEDIUM)
        elif lang == "python" and q == "traceback.format_exc":
            if _RESPONSE_CALL.search(self.code.lines[call.node.start_point.row]):
                yield self.find(ERROR_DETAILS, call.node, Confidence.MEDIUM, "traceback returned to the client")
        elif lang in ("javascript", "typescript"):
            yield from self.js(call, q, last)
        elif lang == "php":
            if last == "ini_set" and len(call.args) >= 2 and call.args[0].value in (
                    "display_errors", "display_startup_errors") and call.args[1].text in _PHP_ON:
                yield self.find(ERROR_DETAILS, call.node, msg="display_errors on")
            elif last == "phpinfo":
                yield self.find(DEBUG_ENDPOINT, call.node, msg="phpinfo() prints the whole configuration")
            elif last == "getTraceAsString" and re.search(r"\b(?:echo|print)\b", self.code.lines[
                    call.node.start_point.row]):
                yield self.find(ERROR_DETAILS, call.node, Confidence.MEDIUM, "stack trace echoed")
        elif lang == "java" and last == "printStackTrace" and call.args and re.search(
                r"(?i)resp|getWriter|getOutputStream", call.args[0].text):
            yield self.find(ERROR_DETAILS, call.node, msg="stack trace written to the HTTP response")
        elif lang == "java" and last == "setProperty" and len(call.args) >= 2 and \
                call.args[0].value == "management.endpoints.web.exposure.include" and call.args[1].value == "*":
            yield self.find(DEBUG_ENDPOINT, call.node, msg="every Actuator endpoint exposed")
        elif lang == "go" and q == "gin.SetMode" and call.args and call.args[0].text == "gin.DebugMode":
            yield self.find(DEBUG_ON, call.node, msg="gin debug mode", sev=Severity.LOW)

    def js(self, call: Call, q: str, last: str) -> Iterator[Finding]:
        if last == "set" and len(call.args) >= 2 and call.args[0].value == "env" and \
                call.args[1].value == "development":
            yield self.find(DEBUG_ON, call.node, msg="app.set('env', 'development')")
        elif q == "errorhandler" and re.search(r"""['"]errorhandler['"]""", self.code.text):  # the npm package
            row = call.node.start_point.row
            guard = "\n".join(self.code.lines[max(0, row - 3):row + 1])
            if "development" not in guard and "NODE_ENV" not in guard:
                yield self.find(ERROR_DETAILS, call.node, msg="the errorhandler middleware sends full stack traces")
        elif last in ("send", "json", "end", "write") and any(
                re.search(r"\b(?:err|error|e|ex|exception)\.stack\b", a.text) for a in call.args):
            yield self.find(ERROR_DETAILS, call.node, msg="err.stack sent in the response")

    def command(self, call: Call) -> Iterator[Finding]:
        words = [a.value if a.value is not None else a.text for a in call.args]
        line = " ".join(words)
        if call.name == "flask" and "run" in words and re.search(r"(?:^|\s)--debug(?:ger)?\b", line):
            exposed = re.search(r"(?:--host[= ]|-h\s+)(?:0\.0\.0\.0|::)", line)
            yield self.find(DEBUGGER if exposed else DEBUG_ON, call.node, msg="flask run --debug" + (
                " on all interfaces serves the Werkzeug console to the network" if exposed else ""))
        elif re.search(r"--inspect(?:-brk)?=(?:0\.0\.0\.0|\[::\]|\*)", line):
            yield self.find(DEBUGGER, call.node, msg="the Node inspector listens on all interfaces")
        elif re.search(r"jdwp=[^\s]*address=(?:\*|0\.0\.0\.0):", line):
            yield self.find(DEBUGGER, call.node, msg="JDWP remote debugging on all interfaces")

    def assignments(self) -> Iterator[Finding]:
        code = self.code
        settings = None
        for a in code.assignments:
            key, value = a.key, a.value.text.strip()
            if key == "DEBUG" and value in _TRUE:
                where = self._container(a.node)
                if where == "call" or "config" in a.target or "settings" in a.target:
                    yield self.find(DEBUG_ON, a.node)
                elif where.startswith("class "):
                    if not _DEV_CLASS.search(where):
                        yield self.find(DEBUG_ON, a.node, Confidence.MEDIUM, f"DEBUG on in {where}")
                else:
                    if settings is None:
                        settings = any(s in code.text for s in _SETTINGS)
                    if settings:
                        yield self.find(DEBUG_ON, a.node, msg="DEBUG = True in Django settings")
            elif key in ("debug", "Debug") and value in _TRUE and _APP_TARGET.match(a.target):
                yield self.find(DEBUG_ON, a.node, msg=f"{a.target} = {value}")
            elif key == "ALLOWED_HOSTS" and value[:1] in "[(" and re.search(r"""['"]\*['"]""", value):
                yield self.find(ALLOWED_HOSTS, a.node)
            elif key in _SHELL_DEBUG_KEYS and value in _SHELL_DEBUG_KEYS[key]:
                yield self.find(DEBUG_ON, a.node, Confidence.MEDIUM, f"{key}={value}",
                                Severity.LOW if key == "NODE_ENV" else None)

    def _container(self, node: Node) -> str:
        """``call`` for a keyword argument (``config.update(DEBUG=True)``), ``class Name`` inside a class body,
        else ``module``."""
        n = node.parent
        for _ in range(12):
            if n is None:
                break
            if n.type in ("keyword_argument", "argument_list", "arguments"):
                return "call"
            if n.type in ("class_definition", "class_declaration", "class_body"):
                name = n.child_by_field_name("name") or (n.parent.child_by_field_name("name") if n.parent else None)
                return "class " + (self.code.node_text(name) if name is not None else "")
            if n.type in ("function_definition", "function_declaration", "method_declaration"):
                return "function"
            n = n.parent
        return "module"


@RULES.register("debug")
class DebugLeftOn(RuleFamily):
    rules = (DEBUG_ON, DEBUGGER, ERROR_DETAILS, DEBUG_ENDPOINT, ALLOWED_HOSTS, BREAKPOINT)
    # The ``always`` ones run on every line of every block: each opens with a literal, which the regex engine finds
    # fast (a leading alternation or \b is several times slower).
    patterns = (
        pattern(DEBUGGER, r"--inspect(?:-brk)?=(?:0\.0\.0\.0|\[::\])", always=True,
                message="the Node inspector listens on all interfaces"),
        pattern(DEBUGGER, r"jdwp=\S{0,200}address=(?:\*|0\.0\.0\.0):", always=True,
                message="JDWP remote debugging listens on all interfaces"),
        pattern(DEBUG_ENDPOINT, r"management\.endpoints\.web\.exposure\.include['\"]?\s*[=:,]\s*['\"]?\*",
                always=True, message="every Spring Actuator endpoint exposed"),
        pattern(ERROR_DETAILS, r"server\.error\.include-stacktrace\s*[=:]\s*always", always=True),
        pattern(ERROR_DETAILS, r"display_errors\s*=\s*On\b", always=True),
        pattern(DEBUG_ON, r"@EnableWebSecurity\(\s*debug\s*=\s*true", ["java"], always=True),
        pattern(DEBUG_ON, r"(?=[aAF])(?:app\.run\(.{0,200}debug\s*=\s*True|APP_DEBUG\s*=\s*true\b|"
                r"FLASK_DEBUG\s*=\s*1\b)"),
        pattern(ERROR_DETAILS, r"ini_set\(\s*['\"]display_errors['\"]\s*,\s*(?:1|true|['\"](?:1|On|on)['\"])",
                ["php"]),
        pattern(DEBUG_ENDPOINT, r'_\s+"net/http/pprof"', ["go"]),
        pattern(ALLOWED_HOSTS, r"ALLOWED_HOSTS\s*=\s*\[\s*['\"]\*['\"]", ["python"]),
    )

    def check(self, code: Code) -> Iterator[Finding]:
        return _Debug(code).run() if code.tree is not None else iter(())
