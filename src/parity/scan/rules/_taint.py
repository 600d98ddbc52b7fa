"""Request data, followed by name within a block: which expressions read the request (``SOURCE``), which variables
were assigned from it or are route parameters the client sets (``user_input`` -> ``Taint``), and where a tainted
path or markup was put together. It is its own module because two families share it (``web`` for SSRF, XSS and
redirects, ``filesystem`` for path traversal and file inclusion), and keeping it in ``web`` pushed that file past the
size the project allows."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field

from parity.scan.finding import Confidence
from parity.scan.syntax import Arg, Code

SOURCE = re.compile(
    r"\b(?:request|req|ctx|ctx\.request)\.(?:args|form|values|json|data|files|cookies|headers|GET|POST|FILES|COOKIES"
    r"|query_params|path_params|get_json|get_data|body|params|query|param|header|input)\b"
    r"|\bevent\s*(?:\.|\[\s*['\"])(?:queryStringParameters|pathParameters|body)\b"
    r"|\blocation\.(?:search|hash)\b|\bdocument\.(?:URL|documentURI|referrer|cookie)\b|\bURLSearchParams\b"
    r"|\.searchParams\.get\b|\bwindow\.name\b"
    r"|\.URL\.Query\(\)|\.(?:Post)?FormValue\(|\.(?:Post)?Form\.Get\(|\bmux\.Vars\(|\bchi\.URLParam\("
    r"|\bc\.(?:Query|Param|PostForm|DefaultQuery|GetQuery|QueryParam|FormValue)\("
    r"|\.getParameter(?:Values|Map)?\(|\.getHeader\(|\.getQueryString\(|\.getPathInfo\("
    r"|\$_(?:GET|POST|REQUEST|COOKIE|FILES)\b|\$_SERVER\s*\[\s*['\"](?:HTTP_\w+|QUERY_STRING|REQUEST_URI|PATH_INFO)"
    r"|\$request->(?:input|get|query|post|all)\(")
_IDENT = re.compile(r"[A-Za-z_]\w*")
_BUILT = re.compile(r"[jJ]oin\(|resolve\(|\s/\s|Path\(|Paths\.get\(|\bFile\(|printf\(|format\(")
_PLAIN_STRING = re.compile(r"\"[^\"\\\n{$]*\"|'[^'\\\n{$]*'")
_BINDINGS = frozenset({"assignment", "variable_declarator", "short_var_declaration", "assignment_expression",
                       "var_spec", "const_spec", "init_declarator", "variable_assignment", "augmented_assignment"})
_PY_ROUTE = re.compile(r"[ \t]*@[\w.]{1,80}\.(?:route|get|post|put|patch|delete|api_route|websocket)\(")
_NOT_INPUT = frozenset({"self", "cls", "request", "req", "db", "session", "response", "background_tasks", "app"})
_JAVA_PARAM = re.compile(r"@(?:RequestParam|PathVariable|RequestBody|RequestHeader|QueryParam|PathParam|FormParam)"
                         r"\b(?:\([^()]{0,200}\))?\s+(?:final\s+)?[\w.<>\[\]]{1,80}\s+(\w+)")


def identifiers(text: str) -> set[str]:
    """Names used in an expression, leaving out the contents of plain string literals."""
    return set(_IDENT.findall(_PLAIN_STRING.sub("", text)))


_SOURCE_HINTS = ("request", "req.", "ctx.", "event", "location.", "document.", "searchparams", "window.name", ".url.",
                 "formvalue", "form.get", "mux.vars", "urlparam", "c.query", "c.param", "c.postform", "c.defaultquery",
                 "c.getquery", "c.formvalue", "getparameter", "getheader", "getquerystring", "getpathinfo", "$_")


def _mentions_source(text: str) -> bool:
    """A cheap pre-check: whether SOURCE could match anywhere (substring tests beat a regex pass)."""
    low = text.lower()
    return any(h in low for h in _SOURCE_HINTS)


@dataclass(frozen=True, slots=True)
class Taint:
    names: frozenset[str]
    """Variables that hold request data (route parameters included)."""
    sources: bool = True
    """Whether the block reads request data at all."""
    origins: dict[str, tuple[int, Arg]] = field(default_factory=dict)
    """Name -> (0-based row, value) of the assignment that last tainted it."""

    def built_from_request(self, text: str) -> tuple[int, Arg] | None:
        """The assignment that built a bare variable from request data (a join, a concatenation, an f-string), so
        a finding can point where the path or markup was put together rather than where it was used."""
        origin = self.origins.get(text.strip())
        if origin is None or not (origin[1].kind == "interpolated" or _BUILT.search(origin[1].text)):
            return None
        return origin

    def level(self, text: str) -> Confidence | None:
        """HIGH when the expression reads the request itself, MEDIUM when it goes through a tainted variable."""
        if self.sources and SOURCE.search(text):
            return Confidence.HIGH
        if self.names and not self.names.isdisjoint(identifiers(text)):
            return Confidence.MEDIUM
        return None

    def __bool__(self) -> bool:
        return self.sources or bool(self.names)


_TAINTS: weakref.WeakKeyDictionary[Code, dict[str, Taint]] = weakref.WeakKeyDictionary()


def _route_params(code: Code) -> set[str]:
    """Parameters of Flask/FastAPI route functions and Spring-annotated parameters: the client sets all of them."""
    out: set[str] = set()
    if "@" not in code.text:
        return out
    if code.language == "python":
        starts = [i for i, line in enumerate(code.lines) if line.lstrip().startswith("@")][:50]
        offsets = [len(line) + 1 for line in code.lines] if starts else []
        for row in starts:
            m = _PY_ROUTE.match(code.lines[row])
            if m is None:
                continue
            at = sum(offsets[:row]) + m.end()
            window = code.text[at:at + 1500]
            d = window.find("def ")
            opening = window.find("(", d) if d >= 0 else -1
            if opening < 0:
                continue
            closing = min((i for i in (window.find("):", opening), window.find(") ->", opening)) if i >= 0),
                          default=-1)
            for param in window[opening + 1:closing].split(","):
                name = param.split(":")[0].split("=")[0].strip().lstrip("*")
                if name.isidentifier() and name not in _NOT_INPUT and "Depends(" not in param:
                    out.add(name)
    elif code.language == "java":
        out.update(m.group(1) for m in _JAVA_PARAM.finditer(code.text))
    return out


def user_input(code: Code, sanitizer: re.Pattern[str] | None = None, kind: str = "") -> Taint:
    """Which names hold request data in this block. An assignment through ``sanitizer`` clears the name."""
    per = _TAINTS.setdefault(code, {})
    if kind in per:
        return per[kind]
    names = _route_params(code)
    sources = _mentions_source(code.text)
    if not sources and not names:
        per[kind] = taint = Taint(frozenset(), False)
        return taint
    origins: dict[str, tuple[int, Arg]] = {}
    for a in sorted(code.assignments, key=lambda a: a.node.start_byte):
        parent = a.node.parent
        if parent is not None and parent.type == "expression_list":
            parent = parent.parent
        if parent is None or parent.type not in _BINDINGS:
            continue
        targets = {a.key} if ("[" in a.target or "." in a.target) else set(_IDENT.findall(a.target))
        text = a.value.text
        if (sources and SOURCE.search(text)) or not names.isdisjoint(identifiers(text)):
            if sanitizer is not None and sanitizer.search(text):
                names -= targets
            else:
                names |= targets
                origins.update((t, (a.node.start_point.row, a.value)) for t in targets)
        elif parent.type != "augmented_assignment":
            names -= targets
    per[kind] = taint = Taint(frozenset(names), sources, {k: v for k, v in origins.items() if k in names})
    return taint
