"""Web sinks fed by request data: server-side request forgery, cross-site scripting, open redirects, and CORS that
lets any site read a signed-in user's responses.

Request data is followed by name within the block (``u = request.args["u"]`` taints ``u``), which is what a reviewer
does with a 40-line answer: no flow across functions or files. A sink counts only when what reaches it is request
data (or, for HTML sinks, any non-constant markup), so constant URLs and escaped output stay clean.
``user_input`` (in ``_taint``) is shared with the filesystem family."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from tree_sitter import Node

from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules._taint import SOURCE as SOURCE
from parity.scan.rules._taint import Taint, user_input
from parity.scan.rules._taint import identifiers as identifiers
from parity.scan.rules.base import RULES, RuleFamily, pattern
from parity.scan.syntax import Arg, Call, Code

SSRF = RuleInfo("ssrf", "CWE-918", Severity.HIGH, "Server-side request forgery",
                "The server fetches a URL the client chose, so an attacker can reach internal services, cloud "
                "metadata endpoints and local files through it.")
XSS = RuleInfo("xss", "CWE-79", Severity.MEDIUM, "Cross-site scripting sink",
               "Dynamic data is written into HTML without escaping, so a value carrying markup runs as script in "
               "the victim's browser.")
OPEN_REDIRECT = RuleInfo("open-redirect", "CWE-601", Severity.MEDIUM, "Open redirect",
                         "The redirect target comes from the request, so a link to this site can forward users to a "
                         "phishing page that borrows its reputation.")
CORS = RuleInfo("cors-wildcard-credentials", "CWE-942", Severity.MEDIUM, "CORS allows any origin with credentials",
                "Any website can make the browser send the user's cookies to this API and read the responses, "
                "which undoes the same-origin policy.")


# -- sinks -------------------------------------------------------------------------------------------------

_URL_GUARDS = ("url_has_allowed_host_and_scheme", "is_safe_url", "netloc", ".hostname", "allowed_", "allowlist",
               "allow_list", "whitelist", "white_list", "issafeurl", "islocalurl", "url::islocal", "ipaddress",
               ".is_private")
_SLASH_PREFIX = re.compile(r"(?:startswith|startsWith|HasPrefix)\([^)\n]{0,80}['\"]/['\"]\s*\)")
_ESCAPES = ("escape", "sanitiz", "purify", "htmlspecialchars", "htmlentities", "strip_tags", "bleach", "intval(",
            "(int)", "json_encode", "esc_html", "esc_attr", "encode.forhtml", "textcontent", "he.encode")


def _url_guarded(text: str) -> bool:
    """Whether the block checks a URL's host or scheme somewhere (substring tests: a case-blind regex alternation
    over the whole block costs more than the rest of the family)."""
    low = text.lower()
    if any(g in low for g in _URL_GUARDS):
        return True
    return ("with(" in low or "prefix(" in low) and bool(_SLASH_PREFIX.search(text))


def _escaped(text: str) -> bool:
    low = text.lower()
    return any(e in low for e in _ESCAPES)


def _escaped_variable(code: Code, text: str) -> bool:
    """``clean = DOMPurify.sanitize(html)`` earlier in the block makes ``clean`` safe to render."""
    name = text.strip()
    return name.isidentifier() and any(a.key == name and _escaped(a.value.text) for a in code.assignments)


_URLISH = re.compile(r"url|uri|link|endpoint|webhook|callback|host|target|site|feed|src", re.I)
_TAG = re.compile(r"<[A-Za-z/!]")
_JS_URL = re.compile(r"`javascript:[^`]{0,300}\$\{|['\"]javascript:[^'\"]{0,300}['\"]\s*\+")
_PY_HTTP = re.compile(r"^(?:requests|httpx|urllib\.request|urllib2|urllib|aiohttp)\.(?:get|post|put|patch|delete|head"
                      r"|options|request|stream|urlopen|Request)$")
_JS_HTTP = re.compile(r"^(?:fetch|axios|got|needle|ky|request|superagent|undici\.(?:request|fetch)"
                      r"|(?:axios|got|needle|ky|superagent)\.(?:get|post|put|patch|delete|head|request)"
                      r"|https?\.(?:get|request))$")
_CLIENT_METHOD = re.compile(r"(?i)^\w*(?:session|client|http)\w*\.(?:get|post|put|patch|delete|head|request|fetch"
                            r"|stream)$")
_GO_HTTP = {"http.Get": 0, "http.Head": 0, "http.Post": 0, "http.PostForm": 0, "http.NewRequest": 1,
            "http.NewRequestWithContext": 2}
_JAVA_HTTP = {"getForObject": 0, "getForEntity": 0, "postForObject": 0, "postForEntity": 0, "exchange": 0,
              "connect": 0, "HttpGet": 0, "HttpPost": 0}
_CORS_WILDCARD = re.compile(  # matched against lower-cased text, in a window around each "origin"
    r"access-control-allow-origin['\"]?(?:\s*[,:=]|\s*\]\s*=|\s*=>|\s)\s*['\"]?\*"
    r"|access-control-allow-origin['\"]?\s*,\s*(?:req\.headers\.origin|req\.header\(['\"]origin|r\.header\.get\("
    r"\"origin\"\)|\$_server\[['\"]http_origin|request\.headers(?:\.get\(|\[)['\"]origin)"
    r"|\b(?:allow_origins|origins|allowedorigins|alloworigins|allowedoriginpatterns|addallowedorigin"
    r"|addallowedoriginpattern|origin)['\"]?\s*(?:[:=(]|=>)\s*(?:\[\]string\s*)?[\[{]?\s*['\"]\*['\"]"
    r"|\borigin\s*:\s*true\b|allowallorigins\s*:\s*true|cors_(?:origin_allow_all|allow_all_origins)\s*=\s*true"
    r"|allow_origin_regex\s*=\s*['\"]\.\*")
_CORS_CREDENTIALS = re.compile(
    r"Access-Control-Allow-Credentials['\"]?(?:\s*[,:=]|\s*\]\s*=|\s*=>|\s)\s*['\"]?true"
    r"|\b(?:supports_credentials|allow_credentials|credentials|AllowCredentials|allowCredentials"
    r"|CORS_ALLOW_CREDENTIALS|setAllowCredentials)['\"]?\s*(?:[:=(]|=>)\s*['\"]?true", re.I)


def _words(text: str) -> list[str]:
    return text.split()


_HTML_KEYS = frozenset({"innerHTML", "outerHTML", "__html", "srcdoc"})
_SINK_NAMES = frozenset(_words("""
get post put patch delete head options request stream urlopen Request fetch axios got needle ky superagent Get Head
Post PostForm NewRequest NewRequestWithContext URL create getForObject getForEntity postForObject postForEntity
exchange connect HttpGet HttpPost file_get_contents curl_init fopen curl_setopt redirect HttpResponseRedirect
HttpResponsePermanentRedirect RedirectResponse assign replace Redirect sendRedirect RedirectView header to away
write writeln bypassSecurityTrustHtml insertAdjacentHTML html send end Markup mark_safe SafeString HttpResponse
make_response HTMLResponse Response Environment HTML Fprintf Fprint Fprintln WriteString Write print println append
printf format
"""))


def _arg(call: Call, index: int, keyword: str | None = None) -> Arg | None:
    return (call.keyword(keyword) if keyword else None) or call.positional(index)


def _ssrf_target(code: Code, call: Call) -> Arg | None:
    lang, q = code.language, call.qualname
    if lang == "python":
        if _PY_HTTP.match(q) or q in ("urlopen", "urllib.request.urlopen"):
            return _arg(call, 1 if call.last in ("request", "stream") else 0, "url")
    elif lang in ("javascript", "typescript"):
        if _JS_HTTP.match(q):
            return call.positional(0)
    elif lang == "go":
        if q in _GO_HTTP:
            return call.positional(_GO_HTTP[q])
    elif lang == "java":
        if call.name in ("URL", "java.net.URL") and re.search(r"openConnection|openStream|getContent", code.text):
            return call.positional(0)
        if q == "URI.create" and re.search(r"HttpRequest|HttpClient|WebClient", code.text):
            return call.positional(0)
        if call.last in _JAVA_HTTP:
            return call.positional(_JAVA_HTTP[call.last])
    elif lang == "php":
        if call.name in ("file_get_contents", "curl_init", "fopen"):
            return call.positional(0)
        if call.name == "curl_setopt" and len(call.args) >= 3 and call.args[1].text == "CURLOPT_URL":
            return call.args[2]
    if _CLIENT_METHOD.match(q):
        arg = _arg(call, 1 if call.last == "request" else 0, "url")
        return arg if arg is not None and _URLISH.search(arg.text) else None
    return None


def _redirect_target(code: Code, call: Call) -> Arg | None:
    lang, last = code.language, call.last
    if lang == "python" and last in ("redirect", "HttpResponseRedirect", "HttpResponsePermanentRedirect",
                                     "RedirectResponse"):
        return _arg(call, 0, "url")
    if lang in ("javascript", "typescript"):
        if last == "redirect" and call.name.split(".")[0] in ("res", "response", "ctx", "reply") and call.args:
            return call.args[-1]
        if call.name in ("location.assign", "location.replace", "window.location.assign", "window.location.replace"):
            return call.positional(0)
    if lang == "go":
        if call.qualname == "http.Redirect":
            return call.positional(2)
        if last == "Redirect" and call.name.startswith("c."):
            return call.positional(1)
    if lang == "java" and last in ("sendRedirect", "RedirectView"):
        return call.positional(0)
    if lang == "php":
        if call.name == "header":
            arg = call.positional(0)
            return arg if arg is not None and "location" in arg.text.lower() else None
        if call.name == "redirect" or (call.name.startswith("redirect()") and last in ("to", "away")):
            return call.positional(0)
    return None


@RULES.register("web")
class WebSinks(RuleFamily):
    rules = (SSRF, XSS, OPEN_REDIRECT, CORS)
    patterns = (
        pattern(XSS, r"v-html\s*=|\{\{[^{}\n]{0,200}\|\s*safe\s*\}\}|\{%-?\s*autoescape\s+(?:off|false)\b"
                r"|<%-\s*(?!include\b)[\w$]|(?<![\w$\"'`])\{\{\{\s*[A-Za-z_][\w.]{0,100}\s*\}\}\}|\{@html\s", None,
                always=True,
                message="The template prints a value without HTML escaping: " + XSS.why),
        pattern(XSS, r"\.(?:inner|outer)HTML\s*\+?=\s*[A-Za-z_$`(]|document\.write(?:ln)?\(\s*[A-Za-z_$`(]",
                ["javascript", "typescript"]),
        pattern(XSS, r"\b(?:echo|print)\s*\(?\s*\$_(?:GET|POST|REQUEST|COOKIE)\b", ["php"]),
        pattern(SSRF, r"\b(?:requests|httpx)\.(?:get|post)\(\s*request\.(?:args|form|json|values)", ["python"]),
        pattern(OPEN_REDIRECT, r"\bredirect\(\s*request\.(?:args|form|values|GET)", ["python"]),
        pattern(OPEN_REDIRECT, r"\bres\.redirect\(\s*req\.(?:query|body|params)", ["javascript", "typescript"]),
    )

    def check(self, code: Code) -> Iterator[Finding]:
        yield from self._cors(code)
        if code.tree is None:
            return
        taint = user_input(code)
        lang, text = code.language, code.text
        guarded: list[bool] = []

        def url_guarded() -> bool:
            if not guarded:
                guarded.append(_url_guarded(text))
            return guarded[0]

        for call in code.calls:
            last = call.last
            if last not in _SINK_NAMES:
                continue
            if taint:
                for rule, target in ((SSRF, _ssrf_target(code, call)), (OPEN_REDIRECT, _redirect_target(code, call))):
                    level = taint.level(target.text) if target is not None else None
                    if level is None or target is None or url_guarded() or target.text.startswith(("url_for(",
                                                                                                   "reverse(")):
                        continue
                    yield code.finding(rule, call.node, confidence=level, message=(
                        f"{call.name}() fetches a URL taken from the request: {SSRF.why}" if rule is SSRF else None))
            yield from self._xss_call(code, call, taint)
        if lang in ("javascript", "typescript"):
            yield from self._xss_assignments(code, taint, url_guarded)
            if "javascript:" in text:
                for row, line in enumerate(code.lines):
                    if "javascript:" in line and _JS_URL.search(line[:4000]):
                        yield code.finding(XSS, row, confidence=taint.level(line) or Confidence.MEDIUM,
                                           message="A javascript: URL built from data runs it as script when the "
                                                   "link is followed: " + XSS.why)
        elif lang == "python" and taint and "return" in text and "<" in text:
            yield from self._py_returns(code, taint)
        elif lang == "php" and taint and ("echo" in text or "print" in text):
            for node in code.nodes(("echo_statement", "print_intrinsic")):
                echoed = code.node_text(node)
                level = taint.level(echoed)
                if level is not None and not _escaped(echoed):
                    yield code.finding(XSS, node, confidence=level,
                                       message="Request data is echoed without htmlspecialchars(): " + XSS.why)
        elif lang == "java" and '"redirect:' in text and taint:
            for node in code.nodes(("return_statement",)):
                if '"redirect:' in code.node_text(node) and taint.level(code.node_text(node)) and not url_guarded():
                    yield code.finding(OPEN_REDIRECT, node, confidence=Confidence.MEDIUM)
        elif lang == "go" and '"text/template"' in text and "ResponseWriter" in text:
            row = next(i for i, line in enumerate(code.lines) if '"text/template"' in line)
            yield code.finding(XSS, row, confidence=Confidence.LOW, severity=Severity.LOW,
                               message="text/template does not escape HTML; use html/template for web pages.")

    def _xss_call(self, code: Code, call: Call, taint: Taint) -> Iterator[Finding]:
        lang, last, name = code.language, call.last, call.name
        value: Arg | None = None
        need_taint = False
        if lang in ("javascript", "typescript"):
            if name in ("document.write", "document.writeln") or last == "bypassSecurityTrustHtml":
                value = call.positional(0)
            elif last == "insertAdjacentHTML":
                value = call.positional(1)
            elif last == "html" and len(call.args) == 1:
                value = call.args[0]
            elif last in ("send", "write", "end") and name.split(".")[0] in ("res", "response", "reply"):
                value, need_taint = call.positional(0), True
        elif lang == "python":
            if last in ("Markup", "mark_safe", "SafeString"):
                value = call.positional(0)
            elif last in ("HttpResponse", "make_response", "HTMLResponse", "Response"):
                value, need_taint = call.positional(0), True
            elif last == "Environment" and ("jinja2" in call.qualname or "jinja2" in code.text):
                auto = call.keyword("autoescape")
                if auto is None or auto.text == "False":
                    yield code.finding(XSS, call.node, confidence=Confidence.MEDIUM if auto else Confidence.LOW,
                                       message="jinja2.Environment without autoescape renders variables as raw "
                                               "HTML; pass autoescape=select_autoescape().")
                return
        elif lang == "go":
            if call.qualname == "template.HTML":
                value = call.positional(0)
            elif call.qualname in ("fmt.Fprintf", "fmt.Fprint", "fmt.Fprintln", "io.WriteString") and call.args \
                    and call.args[0].text in ("w", "rw", "writer", "resp", "res"):
                value, need_taint = Arg(call.node, ", ".join(a.text for a in call.args[1:]), None, "dynamic",
                                        None), True
            elif name in ("w.Write", "rw.Write"):
                value, need_taint = call.positional(0), True
        elif lang == "java" and last in ("print", "println", "write", "append", "printf", "format") and (
                "getWriter()" in name or (name.startswith("out.") and "getWriter" in code.text)):
            value, need_taint = call.positional(0), True
        if value is None or value.kind == "const" or value.text in ("None", "null", "nil") or \
                _escaped(value.text) or _escaped_variable(code, value.text):
            return
        level = taint.level(value.text)
        if need_taint and (level is None or (not _TAG.search(value.text) and (lang == "python" or (
                lang in ("javascript", "typescript") and level is Confidence.MEDIUM and value.kind == "dynamic")))):
            built = taint.built_from_request(value.text) if level is not None else None
            if built is not None and _TAG.search(built[1].text) and not _escaped(built[1].text):
                yield code.finding(XSS, built[0], confidence=Confidence.MEDIUM, message="HTML built here from "
                                   f"request data is sent by {name}() on line {call.line}: " + XSS.why)
            return  # Python views need visible markup; a plain JS variable sent back is usually data
        if level is None:
            level = Confidence.HIGH if value.kind == "interpolated" and _TAG.search(value.text) else Confidence.MEDIUM
        yield code.finding(XSS, call.node, confidence=level)

    def _xss_assignments(self, code: Code, taint: Taint, url_guarded: Callable[[], bool]) -> Iterator[Finding]:
        text = code.text
        if "HTML" not in text and "__html" not in text and "srcdoc" not in text and "location" not in text:
            return
        pairs = [(a.key, a.target, a.value, a.node) for a in code.assignments
                 if a.key in _HTML_KEYS or (a.key in ("location", "href") and taint)]
        if "HTML +=" in text or "HTML+=" in text:
            for caps in code.matches("(augmented_assignment_expression left: (_) @name right: (_) @value)"):
                node = caps["value"][0]
                target = code.node_text(caps["name"][0])
                kind, val = code.classify(node)
                pairs.append((target.rsplit(".", 1)[-1], target, Arg(node, code.node_text(node), None, kind, val),
                              node))
        for key, target, value, node in pairs:
            if value.kind == "const" or _escaped(value.text) or _escaped_variable(code, value.text):
                continue
            if key in _HTML_KEYS:
                level = taint.level(value.text) or (
                    Confidence.HIGH if value.kind == "interpolated" and _TAG.search(value.text) else Confidence.MEDIUM)
                yield code.finding(XSS, node, confidence=level)
            elif target in ("location", "window.location", "location.href", "window.location.href",
                            "document.location"):
                redirect = taint.level(value.text)
                if redirect is not None and not url_guarded():
                    yield code.finding(OPEN_REDIRECT, node, confidence=redirect)

    def _py_returns(self, code: Code, taint: Taint) -> Iterator[Finding]:
        """Flask and Django views that build HTML from request data in an f-string or by concatenation."""
        root = code.tree.root_node if code.tree is not None else None
        for row, line in enumerate(code.lines):
            col = line.find("return ")
            if root is None or col < 0 or "<" not in line:
                continue
            node: Node | None = root.descendant_for_point_range((row, col), (row, col + 6))
            while node is not None and node.type != "return_statement":
                node = node.parent
            if node is None or not node.named_child_count:
                continue
            value = node.named_children[0]
            kind, _ = code.classify(value)
            returned = code.node_text(value)
            if kind == "interpolated" and _TAG.search(returned) and not _escaped(returned):
                level = taint.level(returned)
                if level is not None:
                    yield code.finding(XSS, node, confidence=level, message="The view returns HTML built from "
                                       "request data without escaping: " + XSS.why)

    def _cors(self, code: Code) -> Iterator[Finding]:
        text = code.text
        if "redential" not in text and "REDENTIAL" not in text:
            return
        if not _CORS_CREDENTIALS.search(text):
            return
        low = text.lower()
        at = low.find("origin")
        while at >= 0:
            m = _CORS_WILDCARD.search(low, max(0, at - 30), at + 100)
            if m is not None:
                yield code.finding(CORS, low.count("\n", 0, m.start()), confidence=Confidence.HIGH)
                return
            at = low.find("origin", at + 6)
        if code.language == "python":  # flask_cors: no ``origins`` means every origin
            for call in code.calls:
                if call.last != "CORS":
                    continue
                creds = call.keyword("supports_credentials")
                if creds is not None and creds.text == "True" and call.keyword("origins") is None and \
                        call.keyword("resources") is None:
                    yield code.finding(CORS, call.node, confidence=Confidence.MEDIUM,
                                       message="CORS(supports_credentials=True) without origins allows every origin "
                                               "with cookies: " + CORS.why)
