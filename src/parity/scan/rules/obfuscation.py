"""Obfuscated code: payloads encoded (base64, hex, escapes, compression, rot13, char codes, reversal, fragments)
and then executed or imported, names of dangerous builtins hidden behind getattr/globals()/window[...], and
sandbox escapes. General linters see ``exec(x)``; this family decodes ``x`` as data and scans what would run."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from parity.scan import languages
from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules._decode import Val, escape_heavy, peel
from parity.scan.rules._evaluate import Evaluator
from parity.scan.rules._obfuscation_names import (
    _ALL_ARGS,
    _CODE,
    _IMPORT,
    _JS_GLOBALS,
    _MARSHAL,
    _PHP_CALLBACKS,
    _PHP_DANGER,
    _PY_BUILTINS,
    _PY_GATE,
    _RESCAN_LANG,
    _SHELL,
    _SINKS,
    _SUPERGLOBAL,
    DANGER_MODULES,
    DANGER_NAMES,
)
from parity.scan.rules._obfuscation_shell import (
    _DECODE_CMDS,
    _INLINE_FLAGS,
    _INTERPRETERS,
    _SUBST,
    _escaped_echo,
    _find,
    _interpreter,
    _pipe_payload,
    _shell_step,
    _stages,
)
from parity.scan.rules.base import RULES, RuleFamily, pattern
from parity.scan.syntax import STRING_TYPES, Code

OBFUSCATED_EXEC = RuleInfo(
    "obfuscated-exec", "CWE-506", Severity.CRITICAL, "Encoded or disguised code is decoded and executed",
    "Code that decodes a hidden payload and runs it is how backdoors and droppers hide from review: what executes "
    "is not what the reader sees.")
ENCODED_PAYLOAD = RuleInfo(
    "encoded-payload", "CWE-506", Severity.MEDIUM, "Encoded string literal hides code",
    "A long encoded literal decodes to code with problems of its own; shipping code this way hides it from "
    "reviewers and scanners.")
DYNAMIC_IMPORT = RuleInfo(
    "dynamic-import", "CWE-95", Severity.HIGH, "Module or function chosen by a disguised or request-supplied name",
    "Importing or calling something whose name is assembled, decoded or taken from the request lets the code run "
    "functions (system, exec, child_process) that never appear in its text.")
HIDDEN_BUILTIN = RuleInfo(
    "hidden-builtin", "CWE-506", Severity.HIGH, "Dangerous builtin reached through a disguised lookup",
    "Reaching eval/exec/system through getattr, globals(), __builtins__ or window[...] with a constructed name is "
    "a common way to hide code execution from review and from linters.")
SANDBOX_ESCAPE = RuleInfo(
    "sandbox-escape", "CWE-693", Severity.HIGH, "Sandbox escape gadget",
    "Walking __class__/__subclasses__ or constructor.constructor reaches the interpreter's internals from a "
    "restricted context; it is the core of template-injection and sandbox-escape payloads.")

_DANGER_TEXT = re.compile(r"\b(?:import|exec|eval|system|popen|subprocess|socket|spawn|child_process|require"
                          r"|Function|passthru|shell_exec|rm\s+-|curl|wget|/bin/(?:ba)?sh|base64)\b")
_SHELL_GATE = re.compile(r"base64|xxd|\\x[0-9a-fA-F]{2}|\beval\b|\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b|/dev/tcp"
                         r"|\bpython\d?\s+-c|\bperl\s+-e|\bnode\s+-e|\brev\b|gunzip|zcat")
_CODE_GATE = re.compile(r"b64decode|base64|atob|fromCharCode|fromhex|unhexlify|decompress|\\x[0-9a-fA-F]{2}"
                        r"|marshal|rot13|\bexec\b|\beval\b|__import__|\bchr\(")
_CODEISH = re.compile(r"[(=;{|$]")
_TOKEN = bytes(ord("a") if chr(i).isascii() and (chr(i).isalnum() or chr(i) in "+/=_-") else 32 for i in range(256))
"""Maps base64 and hex characters to ``a`` and the rest to a space: a long run of ``a`` is a long encoded token."""
_OTHER_LASTS = frozenset({"exec", "execSync", "spawn", "spawnSync", "eval", "getMethod", "getDeclaredMethod",
                          "loadClass"})


def _ws(text: str) -> str:
    return re.sub(r"\s+", "", text)


@RULES.register("obfuscation")
class Obfuscation(RuleFamily):
    rules = (OBFUSCATED_EXEC, ENCODED_PAYLOAD, DYNAMIC_IMPORT, HIDDEN_BUILTIN, SANDBOX_ESCAPE)
    patterns = (
        pattern(OBFUSCATED_EXEC, r"\b(?:eval|assert|exec|Function)\s*\(\s*(?:base64_decode|gzinflate|gzuncompress"
                r"|gzdecode|str_rot13|strrev|atob|unescape|(?:base64\.)?b64decode|zlib\.decompress|marshal\.loads"
                r"|codecs\.decode|bytes\.fromhex|String\.fromCharCode|Buffer\.from)\s*\(", None),
        pattern(OBFUSCATED_EXEC, r"\b(?:base64|base32)\s+(?:-d|--decode|-D)\b(?:[^|\n]{0,200}\|){1,4}\s*(?:sudo\s+)?"
                r"(?:ba|z|da|k)?sh\b|\beval\s+[\"']?\$\((?:[^)\n]{0,200})\bbase64\s+(?:-d|--decode)", None,
                always=True),
        pattern(OBFUSCATED_EXEC, r"\beval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,\s*[rd]\s*\)",
                None, always=True, confidence=Confidence.HIGH, message="eval() of Dean Edwards-packed JavaScript: "
                "the code that runs is unpacked at run time. " + OBFUSCATED_EXEC.why),
        pattern(OBFUSCATED_EXEC, r"\b(?:include|require)(?:_once)?\s*\(?\s*['\"](?:data:[^,'\"]{0,40};base64,"
                r"|php://input)", ["php"], always=True, confidence=Confidence.HIGH),
        pattern(SANDBOX_ESCAPE, r"(?:\.__(?:bases?|mro)__|(?:''|\"\"|\(\)|\[\]|\{\})\.__class__)\b[^\n]{0,160}?"
                r"\.__subclasses__\s*\(|__globals__\s*\[\s*['\"]__builtins__['\"]|\.__init__\.__globals__\b", None,
                always=True, confidence=Confidence.HIGH),
        pattern(SANDBOX_ESCAPE, r"\bconstructor\s*\.\s*constructor\s*\(|\[\s*(['\"])constructor\1\s*\]\s*\[\s*"
                r"(['\"])constructor\2\s*\]", None, always=True, confidence=Confidence.HIGH),
    )

    def check(self, code: Code) -> Iterator[Finding]:
        if code.tree is None:
            return
        ev = Evaluator(code)
        seen: set[int] = set()
        if code.language == "shell":
            yield from self._shell(code, ev, seen)
        else:
            yield from self._sinks(code, ev, seen)
            yield from self._lookups(code, ev)
        yield from self._encoded(code, ev, seen)

    # -- decoded payloads reaching an execution sink ---------------------------------------------------------

    def _sinks(self, code: Code, ev: Evaluator, seen: set[int]) -> Iterator[Finding]:
        table = _SINKS.get(code.language or "", {})
        for call in code.calls:
            kind = table.get(call.qualname) or table.get(call.name)
            if kind is None:
                kind = self._other_sink(code, call) if call.last in _OTHER_LASTS else None
                if kind is None:
                    continue
            args = [a for a in call.args if a.keyword is None]
            if not args or (kind == _IMPORT and len(args) == 1 and args[0].kind == "const" and
                            args[0].node.type in STRING_TYPES and "\\" not in args[0].text):
                continue
            if code.language == "php" and call.last == "preg_replace":
                yield from self._preg_e(code, ev, call, args)
                continue
            nodes = [a.node for a in args] if call.qualname in _ALL_ARGS or call.name in _ALL_ARGS else \
                [args[-1].node if call.last == "create_function" else args[0].node]
            if nodes[0].type in ("list", "array", "tuple"):
                nodes = nodes[0].named_children[:16]
            vals = [(n, ev.value(n)) for n in nodes]
            val = next((v for _, v in vals if v.decoders), None) or \
                next((v for _, v in vals if v.parts >= 2 and v.data is not None), None) or vals[-1][1]
            seen.update(n.start_byte for n in nodes)
            if kind == _IMPORT:
                yield from self._import(code, call, val)
            elif kind == _MARSHAL:
                if val.decoders:
                    yield code.finding(OBFUSCATED_EXEC, call.node, message="marshal.loads() rebuilds a code object "
                                       f"from data {_how(val)}: " + OBFUSCATED_EXEC.why)
            else:
                lang = "shell" if kind == _SHELL else _RESCAN_LANG.get(code.language or "")
                yield from self._run(code, call, val, lang)

    def _other_sink(self, code: Code, call: Any) -> str | None:
        if code.language in ("javascript", "typescript") and "child_process" in call.name and \
                call.last in ("exec", "execSync", "spawn", "spawnSync"):
            return _SHELL
        if code.language == "java":
            if call.last == "exec" and "Runtime" in call.name:
                return _SHELL
            if call.last == "eval" or (call.last in ("getMethod", "getDeclaredMethod", "loadClass")):
                return _CODE if call.last == "eval" else _IMPORT
        return None

    def _run(self, code: Code, call: Any, val: Val, lang: str | None) -> Iterator[Finding]:
        payload = val.text
        if val.decoders:
            if payload is not None:
                peeled = peel(payload, val.steps)
                if peeled is not None:
                    payload, steps = peeled
                    val = Val(payload, steps, val.parts)
            conf = Confidence.HIGH if val.data is not None or "marshal" in val.steps else Confidence.MEDIUM
            what = "code" if val.data is not None else "data"
            yield code.finding(OBFUSCATED_EXEC, call.node, confidence=conf,
                               message=f"{call.name}() runs {what} {_how(val)}: {OBFUSCATED_EXEC.why}")
            if payload:
                yield from self._rescan(code, payload, call.node, lang)
        elif payload is not None and val.parts >= 2:
            found = self._rescan(code, payload, call.node, lang)
            if found or _DANGER_TEXT.search(payload):
                yield code.finding(OBFUSCATED_EXEC, call.node, confidence=Confidence.MEDIUM, severity=Severity.HIGH,
                                   message=f"{call.name}() runs code assembled from {val.parts} fragments: "
                                   + OBFUSCATED_EXEC.why)
            yield from found
        elif payload is not None and (_SHELL_GATE if lang == "shell" else _CODE_GATE).search(payload):
            yield from self._rescan(code, payload, call.node, lang)

    def _rescan(self, code: Code, payload: str, at: Any, lang: str | None) -> list[Finding]:
        if lang == "php" and "<?php" not in payload:
            payload = "<?php " + payload
        return code.rescan(payload[:200_000], at, lang)

    def _import(self, code: Code, call: Any, val: Val) -> Iterator[Finding]:
        name = (val.text or "").strip()
        if val.decoders or (val.parts >= 2 and (name.split(".")[0] in DANGER_MODULES or name in DANGER_NAMES)):
            yield code.finding(DYNAMIC_IMPORT, call.node, message=f"{call.name}() gets a name {_how(val)}"
                               + (f" ({name!r})" if name and len(name) < 60 else "") + ": " + DYNAMIC_IMPORT.why)

    def _preg_e(self, code: Code, ev: Evaluator, call: Any, args: list[Any]) -> Iterator[Finding]:
        regex = args[0].value if args[0].kind == "const" else None
        if regex and len(regex) > 2 and "e" in regex[regex.rfind(regex[0]) + 1:] and regex.rfind(regex[0]) > 0:
            yield code.finding(OBFUSCATED_EXEC, call.node, severity=Severity.HIGH, message="preg_replace() with the "
                               "/e modifier evaluates the replacement as PHP code: " + OBFUSCATED_EXEC.why)
            if len(args) > 1:
                yield from self._run(code, call, ev.value(args[1].node), "php")

    # -- hidden names ----------------------------------------------------------------------------------------

    def _lookups(self, code: Code, ev: Evaluator) -> Iterator[Finding]:
        lang = code.language
        if lang == "python":
            for call in code.calls:
                if call.name == "getattr" and len(call.args) >= 2:
                    yield from self._getattr(code, ev, call)
            if any(w in code.text for w in _PY_GATE):
                yield from self._subscripts(code, ev, "subscript", "value", "subscript")
        elif lang in ("javascript", "typescript"):
            if any(w + "[" in code.text for w in _JS_GLOBALS):
                yield from self._subscripts(code, ev, "subscript_expression", "object", "index")
        elif lang == "php":
            yield from self._php_callables(code, ev)

    def _getattr(self, code: Code, ev: Evaluator, call: Any) -> Iterator[Finding]:
        obj, name = call.args[0], call.args[1]
        val = ev.value(name.node)
        target = (val.text or "").strip()
        risky = target in DANGER_NAMES or target.split(".")[0] in DANGER_MODULES
        on_builtins = bool(_PY_BUILTINS.search(_ws(obj.text)))
        if val.decoders or (val.parts >= 2 and (risky or on_builtins)) or \
                (on_builtins and (risky or name.kind != "const")):
            conf = Confidence.HIGH if val.decoders or risky else Confidence.MEDIUM
            yield code.finding(HIDDEN_BUILTIN, call.node, confidence=conf, message=f"getattr({obj.text}, ...) looks "
                               f"up {target or 'a computed name'!r}{_by(val)}: " + HIDDEN_BUILTIN.why)

    def _subscripts(self, code: Code, ev: Evaluator, kind: str, obj_field: str, key_field: str) -> Iterator[Finding]:
        for node in code.nodes((kind,)):
            obj, key = node.child_by_field_name(obj_field), node.child_by_field_name(key_field)
            if obj is None or key is None:
                continue
            subject = _ws(code.node_text(obj))
            val = ev.value(key)
            target = (val.text or "").strip()
            risky = target in DANGER_NAMES or target in DANGER_MODULES
            if kind == "subscript":
                if subject == "sys.modules":
                    hit = (val.decoders or val.parts >= 2) and (risky or bool(val.decoders))
                elif subject in ("globals()", "locals()", "vars()"):
                    hit = risky or bool(val.decoders)
                else:
                    hit = bool(_PY_BUILTINS.search(subject)) and (risky or bool(val.decoders) or val.data is None)
            else:
                hit = subject in _JS_GLOBALS and (bool(val.decoders) or risky)
            if hit:
                yield code.finding(HIDDEN_BUILTIN, node, confidence=Confidence.HIGH if risky or val.decoders
                                   else Confidence.MEDIUM, message=f"{subject}[...] reaches "
                                   f"{target or 'a computed name'!r}{_by(val)}: " + HIDDEN_BUILTIN.why)

    def _php_callables(self, code: Code, ev: Evaluator) -> Iterator[Finding]:
        for call in code.calls:
            fn = call.node.child_by_field_name("function") if call.node.type == "function_call_expression" else None
            where = None
            if fn is not None and fn.type not in ("name", "qualified_name"):
                where = fn
            elif call.last in _PHP_CALLBACKS and len(call.args) > _PHP_CALLBACKS[call.last]:
                where = call.args[_PHP_CALLBACKS[call.last]].node
            if where is None:
                continue
            text = code.node_text(where).strip()
            source = ev.value(where)
            if where.type == "variable_name":  # $f($x): what was $f set to?
                prior = [e for e in ev.env.get(text.lstrip("$"), ()) if e[0] < where.start_byte]
                text = code.node_text(prior[-1][1]).strip() if prior else text
            target = (source.text or "").strip().lower()
            if _SUPERGLOBAL.match(text):
                yield code.finding(DYNAMIC_IMPORT, call.node, severity=Severity.CRITICAL, message="calls a function "
                                   f"whose name comes from the request ({text[:40]}): a web shell. "
                                   + DYNAMIC_IMPORT.why)
            elif target in _PHP_DANGER and (where is fn or source.parts >= 2 or source.decoders):
                conf = Confidence.HIGH if source.parts >= 2 or source.decoders or where is fn else Confidence.MEDIUM
                yield code.finding(DYNAMIC_IMPORT, call.node, confidence=conf, message=f"calls {target}() through "
                                   f"a name{_by(source) or ' held in a variable'}: " + DYNAMIC_IMPORT.why)

    # -- shell ------------------------------------------------------------------------------------------------

    def _shell(self, code: Code, ev: Evaluator, seen: set[int]) -> Iterator[Finding]:
        pipes, piped = {}, "|" in code.text
        for call in code.calls:
            name = call.name.rsplit("/", 1)[-1]
            if piped and name in _DECODE_CMDS:
                parent = call.node.parent
                if parent is not None and parent.type == "pipeline":
                    pipes[parent.start_byte] = parent
            if name[:2] == "$(" or name[:1] == "`" or (name in _INTERPRETERS and any(
                    "$(" in a.text or "`" in a.text or "<(" in a.text for a in call.args[:8])):
                yield from self._substituted(code, ev, call, seen)
            flag = _INLINE_FLAGS.get(name)
            if flag and any(a.text == flag for a in call.args):
                i = next(i for i, a in enumerate(call.args) if a.text == flag)
                inline = call.args[i + 1] if i + 1 < len(call.args) else None
                if inline is not None and inline.kind == "const" and inline.value and _CODE_GATE.search(inline.value):
                    yield from self._rescan(code, inline.value, call.node, _INTERPRETERS.get(name))
        for pipe in pipes.values():
            stages = _stages(ev, pipe)
            if len(stages) < 2:
                continue
            interp = _interpreter(stages[-1])
            steps = [s for s in map(_shell_step, stages[:-1]) if s]
            if interp is None or (not steps and not _escaped_echo(stages[0])):
                continue
            payload = _pipe_payload(code, ev, stages[:-1], seen)
            how = " | ".join(steps) or "escapes"
            yield code.finding(OBFUSCATED_EXEC, pipe, message=f"pipes data decoded with {how} into {interp[0]}: "
                               + OBFUSCATED_EXEC.why)
            if payload:
                yield from self._rescan(code, payload, pipe, interp[1])

    def _substituted(self, code: Code, ev: Evaluator, call: Any, seen: set[int]) -> Iterator[Finding]:
        """``eval "$(echo .. | base64 -d)"``, ``bash -c "$(...)"``, ``bash <(...)``, ``$(...)`` as the command."""
        name_node = call.node.child_by_field_name("name")
        roots = [a.node for a in call.args] + ([name_node] if name_node is not None else [])
        for root in roots:
            sub = _find(root, _SUBST)
            if sub is None:
                continue
            inner = _find(sub, ("pipeline",))
            stages = _stages(ev, inner) if inner is not None else []
            steps = [s for s in map(_shell_step, stages) if s]
            if not steps:
                continue
            payload = _pipe_payload(code, ev, stages, seen)
            yield code.finding(OBFUSCATED_EXEC, call.node, message=f"runs the output of a {' | '.join(steps)} "
                               "decode as shell code: " + OBFUSCATED_EXEC.why)
            if payload:
                yield from self._rescan(code, payload, call.node, "shell")
            return

    # -- encoded literals with no visible sink ---------------------------------------------------------------

    def _encoded(self, code: Code, ev: Evaluator, seen: set[int]) -> Iterator[Finding]:
        if b"a" * 48 not in code.text.encode("utf-8", "surrogatepass").translate(_TOKEN) and \
                code.text.count("\\") < 16:
            return  # no long base64/hex run and few escapes: nothing here can be an encoded payload
        candidates: dict[int, tuple[Any, str]] = {}
        for node in code.nodes(STRING_TYPES):  # not code.strings: its parent checks are slow on deep trees
            if node.end_byte - node.start_byte >= 80 and node.start_byte not in candidates:
                kind, value = code.classify(node)
                if kind == "const" and value and len(value) >= 80:
                    candidates[node.start_byte] = (node, value)
        for a in code.assignments:
            if a.value.kind == "const" and a.value.value and len(a.value.value) >= 80:
                candidates.setdefault(a.node.start_byte, (a.node, a.value.value))
        if code.language == "shell":
            for call in code.calls:
                for arg in call.args:
                    if arg.kind == "const" and arg.value and len(arg.value) >= 80:
                        candidates.setdefault(arg.node.start_byte, (arg.node, arg.value))
        budget = 64  # literals decoded per block: a file of a thousand base64 blobs costs no more than 64
        for start, (node, value) in candidates.items():
            if start in seen or start in ev.used or budget <= 0:
                continue
            budget -= 1
            m = re.match(r"data:([\w.+-]+/[\w.+-]+)?(?:;[\w=-]+)*;base64,", value[:120])
            if m:
                if (m.group(1) or "").startswith(("image/", "font/", "audio/", "video/")):
                    continue
                value = value[m.end():]
            escaped = escape_heavy(code.node_text(node), value)
            peeled = peel(value, ("escape",) if escaped else ())
            if peeled is None or not peeled[1]:
                continue
            text, steps = peeled
            if not _CODEISH.search(text[:2000]):
                continue
            lang = languages.detect(text) or code.language  # a payload in a Python file is most likely Python
            found = self._rescan(code, text, node, lang)
            if found:
                yield code.finding(ENCODED_PAYLOAD, node, confidence=Confidence.MEDIUM, message="a literal encoded "
                                   f"with {' + '.join(steps)} decodes to {lang} code with findings of its own: "
                                   + ENCODED_PAYLOAD.why)
                yield from found


def _how(val: Val) -> str:
    return "decoded with " + " + ".join(val.decoders) if val.decoders else f"built from {val.parts} fragments"


def _by(val: Val) -> str:
    return f" (decoded with {' + '.join(val.decoders)})" if val.decoders else \
        f" (assembled from {val.parts} fragments)" if val.parts >= 2 else ""
