"""Unsafe deserialization: formats whose readers build arbitrary objects (pickle, Java serialization, PHP
``unserialize``, YAML with a full loader, node-serialize) run code chosen by whoever wrote the bytes. How bad it
is depends on where the bytes come from, so confidence follows the source: request data, sockets and network
responses are high, an unknown variable medium, the program's own file or cache low."""

from __future__ import annotations

import re
from collections.abc import Iterator

from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules._injection_common import DECODED, Flow, Value, php_tagged, untrusted
from parity.scan.rules.base import RULES, RuleFamily, pattern
from parity.scan.syntax import Call, Code

DESER = RuleInfo("unsafe-deserialization", "CWE-502", Severity.HIGH, "Unsafe deserialization",
                 "This format rebuilds arbitrary objects and can run code while loading, so whoever controls the "
                 "bytes controls the process; use JSON or a schema-checked format for data that crosses a trust "
                 "boundary.")
YAML = RuleInfo("unsafe-yaml-load", "CWE-502", Severity.HIGH, "YAML loaded without a safe loader",
                "A full or unsafe YAML loader constructs arbitrary objects named in the document, which can run "
                "code; use yaml.safe_load (or SafeLoader / SafeConstructor).")
MODEL = RuleInfo("unsafe-model-load", "CWE-502", Severity.MEDIUM, "Model or array file loaded through pickle",
                 "torch.load, joblib.load and numpy.load with allow_pickle unpickle the file, so a model file from "
                 "someone else can run code when loaded; use weights_only=True or a safetensors file.")

H, M, L = Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW

_PICKLE = re.compile(r"^(?:c?[Pp]ickle|_pickle|dill|cloudpickle|marshal)\.(?:loads?|Unpickler)$|^jsonpickle\.decode$"
                     r"|^shelve\.open$")
_PY_NAMES = frozenset({"load", "loads", "Unpickler", "decode", "open", "read_pickle", "load_all", "unsafe_load",
                       "unsafe_load_all", "full_load", "full_load_all", "YAML", "load_model"})
_SAFE_LOADERS = frozenset({"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"})
_FULL_LOADERS = frozenset({"FullLoader", "CFullLoader"})
_LOCAL_STORE = re.compile(r"\b(?:redis|cache|r|rds|memcache|mc|db|store)\.(?:get|hget|lpop|rpop|mget)\(|\bopen\(|"
                          r"\.read_bytes\(|\.read\(\)|Path\(|file_get_contents\(\s*['\"]")
_JS_DESER = re.compile(r"^(?:node-serialize|serialize|funcster|cryo|Cryo)\.(?:unserialize|deepDeserialize|parse)$")
_JAVA_FILTERS = re.compile(r"setObjectInputFilter|ObjectInputFilter|ValidatingObjectInputStream|resolveClass"
                           r"|SerialKiller|LookAheadObjectInputStream")
_XSTREAM_SAFE = re.compile(r"allowTypes|addPermission|setupDefaultSecurity|allowTypesByWildcard|allowTypesByRegExp")
_NETWORK = re.compile(r"\bconn\w*\b|\bsocket\b|\.Body\b|\bnet\.|\bc\.Request\b|\bws\b|\bclient\b")


def source_confidence(v: Value, code: Code) -> Confidence:
    """High for request, socket and network data; low for a constant path, an open file or the app's own cache."""
    if untrusted(v.text):
        return H
    if v.kind == "const" or _LOCAL_STORE.search(v.text):
        return L
    name = re.fullmatch(r"\w+", v.text.strip())
    if name and "open(" in code.text and re.search(
            r"open\([^)\n]{0,200}\)\s+as\s+" + name.group(0) + r"\b", code.text):
        return L
    return M


def _kw(call: Call, name: str) -> str | None:
    arg = call.keyword(name)
    return arg.text if arg is not None else None


def python(code: Code, flow: Flow) -> Iterator[Finding]:
    for call in code.calls:
        if (last := call.last) not in _PY_NAMES:
            continue
        q, first, row = call.qualname, call.positional(0), call.node.start_point.row
        if (_PICKLE.search(q) or last == "read_pickle") and first is not None:
            v = flow.resolve(first, row)
            if not (q.startswith("marshal.") and DECODED.search(v.text) and not untrusted(v.text)):  # obfuscation
                yield code.finding(DESER, call.node, confidence=L if q.startswith("shelve.") else
                                   source_confidence(v, code))
        elif q in ("yaml.load", "yaml.load_all"):
            loader = call.keyword("Loader") or (call.args[1] if len(call.args) > 1 and
                                                 call.args[1].keyword is None else None)
            name = loader.text.rsplit(".", 1)[-1] if loader is not None else None
            if name in _SAFE_LOADERS or (name and "Safe" in name):
                continue
            if name in _FULL_LOADERS:
                yield code.finding(YAML, call.node, confidence=M, severity=Severity.MEDIUM,
                                   message="FullLoader builds objects from tags and has had bypasses: " + YAML.why)
            else:
                conf = H if name in ("Loader", "UnsafeLoader", "CLoader", "CUnsafeLoader") else L if name else M
                yield code.finding(YAML, call.node, confidence=conf)
        elif q in ("yaml.unsafe_load", "yaml.unsafe_load_all"):
            yield code.finding(YAML, call.node, confidence=H)
        elif q in ("yaml.full_load", "yaml.full_load_all"):
            yield code.finding(YAML, call.node, confidence=M, severity=Severity.MEDIUM)
        elif last == "YAML" and (typ := call.keyword("typ")) is not None and "unsafe" in typ.text:
            yield code.finding(YAML, call.node, confidence=H)
        elif q == "torch.load" and first is not None:
            weights = call.keyword("weights_only")
            if weights is not None and weights.text != "False":
                continue
            conf = source_confidence(flow.resolve(first, row), code)
            yield code.finding(MODEL, call.node, confidence=H if weights is not None or conf is H else min(conf, M),
                               severity=Severity.HIGH if conf is H else None)
        elif (q in ("joblib.load", "sklearn.externals.joblib.load") or q.endswith(".joblib.load")) and first:
            conf = source_confidence(flow.resolve(first, row), code)
            yield code.finding(MODEL, call.node, confidence=conf if conf is H else L,
                               severity=Severity.HIGH if conf is H else None)
        elif (last == "load" and q.split(".")[0] in ("np", "numpy") and _kw(call, "allow_pickle") == "True") or (
                last == "load_model" and _kw(call, "safe_mode") == "False"):
            yield code.finding(MODEL, call.node, confidence=M)


def javascript(code: Code, flow: Flow) -> Iterator[Finding]:
    serial_js = "serialize-javascript" in code.text
    for call in code.calls:
        first, row = call.positional(0), call.node.start_point.row
        if first is None:
            continue
        if _JS_DESER.search(call.qualname) and (call.qualname.startswith(("node-serialize", "funcster", "cryo"))
                                                or re.search(r"node-serialize|funcster|cryo", code.text)):
            yield code.finding(DESER, call.node, confidence=max(source_confidence(flow.resolve(first, row), code), M))
        elif serial_js and call.qualname == "eval" and first.kind != "const":
            yield code.finding(DESER, call.node, confidence=M, message="serialize-javascript output read back with "
                               "eval runs any code in it: " + DESER.why)


def _in_method(call: Call, name: str) -> bool:
    node = call.node.parent
    for _ in range(12):
        if node is None:
            return False
        if node.type == "method_declaration":
            ident = node.child_by_field_name("name")
            return ident is not None and ident.text == name.encode()
        node = node.parent
    return False


def java(code: Code, flow: Flow) -> Iterator[Finding]:
    text = code.text
    ois = "ObjectInputStream" in text and not _JAVA_FILTERS.search(text)
    sources = [a.text for c in code.calls if c.last in ("ObjectInputStream", "XMLDecoder") for a in c.args]
    reads, snake = False, re.search(r"new\s+Yaml\s*\(\s*\)", text) is not None and "SafeConstructor" not in text
    for call in code.calls:
        last = call.last
        if ois and last in ("readObject", "readUnshared") and not call.args and not _in_method(call, "readObject"):
            reads = True
            yield code.finding(DESER, call.node, confidence=H if any(untrusted(s) or _NETWORK.search(s)
                                                                      for s in sources) else M)
        elif last == "XMLDecoder" and call.args:
            yield code.finding(DESER, call.node, confidence=source_confidence(Value("dynamic", call.args[0].text),
                                                                             code))
        elif last in ("fromXML", "unmarshal") and "XStream" in text and not _XSTREAM_SAFE.search(text):
            yield code.finding(DESER, call.node, confidence=M, severity=Severity.MEDIUM,
                               message="XStream without a type allowlist can build any class: " + DESER.why)
        elif last in ("enableDefaultTyping", "activateDefaultTyping"):
            yield code.finding(DESER, call.node, confidence=M, severity=Severity.MEDIUM,
                               message="Jackson default typing lets the JSON name the classes to build: " + DESER.why)
        elif last == "deserialize" and call.name.endswith("SerializationUtils.deserialize"):
            yield code.finding(DESER, call.node, confidence=M)
        elif last in ("load", "loadAs", "loadAll") and snake:
            yield code.finding(YAML, call.node, confidence=M, severity=Severity.MEDIUM,
                               message="SnakeYAML's default constructor (before 2.0) builds any class named in the "
                               "document: " + YAML.why)
    if ois and not reads:
        for call in code.calls:
            if call.last == "ObjectInputStream":
                yield code.finding(DESER, call.node, confidence=M)
    for m in re.finditer(r"JsonTypeInfo\.Id\.(?:CLASS|MINIMAL_CLASS)", text):
        yield code.finding(DESER, text.count("\n", 0, m.start()), confidence=L, severity=Severity.MEDIUM)


def php(code: Code, flow: Flow) -> Iterator[Finding]:
    for call in code.calls:
        if call.name != "unserialize" or (first := call.positional(0)) is None:
            continue
        options = call.positional(1)
        if options is not None and re.search(r"allowed_classes['\"]\s*=>\s*(?:false|\[)", options.text):
            continue
        v = flow.resolve(first, call.node.start_point.row)
        if v.kind != "const":
            yield code.finding(DESER, call.node, confidence=source_confidence(v, code))


def go(code: Code, flow: Flow) -> Iterator[Finding]:
    for call in code.calls:
        if call.qualname == "gob.NewDecoder" and (first := call.positional(0)) is not None and (
                untrusted(first.text) or _NETWORK.search(first.text) or re.search(
                    r"\b" + re.escape(first.text) + r"\s+\*?net\.\w*Conn\b", code.text)):
            yield code.finding(DESER, call.node, confidence=M, severity=Severity.LOW,
                               message="gob decodes only registered types, but decoding network data into interfaces "
                               "trusts the peer's type names and sizes: " + DESER.why)


_CHECKS = {"python": python, "javascript": javascript, "typescript": javascript, "java": java, "php": php, "go": go}


@RULES.register("deserialization")
class Deserialization(RuleFamily):
    rules = (DESER, YAML, MODEL)
    languages = frozenset(_CHECKS)
    patterns = (
        pattern(DESER, r"\b(?:c?[Pp]ickle|dill|cloudpickle)\.loads?\s*\(|\bjsonpickle\.decode\s*\("),
        pattern(DESER, r"\bunserialize\s*\(\s*(?:base64_decode\s*\()?\s*\$_(?:GET|POST|COOKIE|REQUEST)", confidence=H),
        pattern(DESER, r"\bnew\s+ObjectInputStream\s*\(|\bnew\s+XMLDecoder\s*\(|require\(\s*['\"]node-serialize"),
        pattern(YAML, r"\byaml\.(?:unsafe_load|load)\s*\((?![^)\n]{0,200}Safe)"),
    )

    def check(self, code: Code) -> Iterator[Finding]:
        code = php_tagged(code)
        check = _CHECKS.get(code.language or "")
        if check is not None:
            yield from check(code, Flow(code))
