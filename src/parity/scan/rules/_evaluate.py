"""The bounded evaluator behind the ``obfuscation`` family: ``Evaluator`` follows an expression back through
literals, concatenation, decoder calls, list items, one-line helpers and the block's own assignments, and says what
it evaluates to as a ``Val``, using the decoders in ``_decode``. It is split from ``_decode`` because it is a
separate concern (walking syntax trees rather than undoing encodings) and the two together passed the project's
file-size limit; the same rules hold here: a node budget and depth limit bound the walk, and nothing is executed."""

from __future__ import annotations

import re
from typing import Any

from parity.scan.rules._decode import (
    _WS,
    MAX_ITEMS,
    MAX_OUT,
    UNKNOWN,
    Val,
    apply,
    as_str,
    chars,
    codec,
    escape_heavy,
    to_int,
)
from parity.scan.syntax import Code

_IDENT_TYPES = frozenset({"identifier", "variable_name", "simple_expansion", "expansion"})
_INT_TYPES = frozenset({"integer", "number", "int_literal", "decimal_integer_literal", "hex_integer_literal",
                        "octal_integer_literal", "number_literal", "character_literal", "char_literal",
                        "rune_literal"})
_SEQ_TYPES = frozenset({"list", "tuple", "array", "array_initializer", "initializer_list", "array_creation_expression",
                        "composite_literal", "literal_value", "array_creation"})
_BIN_TYPES = frozenset({"binary_operator", "binary_expression"})
_WRAP_TYPES = frozenset({"parenthesized_expression", "argument", "await_expression", "expression_list",
                         "non_null_expression", "as_expression", "cast_expression", "type_conversion_expression",
                         "spread_element", "literal_element", "list_splat"})
_INIT_TYPES = frozenset({"array_initializer", "initializer_list", "literal_value"})
_JS_ASSIGN = ("(variable_declarator name: (identifier) @name value: (_) @value)"
              "(assignment_expression left: (identifier) @name right: (_) @value)"
              "(augmented_assignment_expression left: (identifier) @name right: (_) @plus)")
_GO_LIST = "left: (expression_list . (identifier) @name) right: (expression_list . (_) @value)"
_ASSIGN_QUERIES = {
    "python": "(assignment left: (identifier) @name right: (_) @value)"
              "(augmented_assignment left: (identifier) @name right: (_) @plus)",
    "javascript": _JS_ASSIGN, "typescript": _JS_ASSIGN,
    "php": "(assignment_expression left: (variable_name) @name right: (_) @value)"
           "(augmented_assignment_expression left: (variable_name) @name right: (_) @plus)",
    "go": f"(short_var_declaration {_GO_LIST}) (assignment_statement {_GO_LIST})"
          "(var_spec name: (identifier) @name value: (expression_list . (_) @value))",
    "java": "(variable_declarator name: (identifier) @name value: (_) @value)"
            "(assignment_expression left: (identifier) @name right: (_) @value)",
    "c": "(init_declarator declarator: (_) @name value: (_) @value)"
         "(assignment_expression left: (identifier) @name right: (_) @value)",
    "shell": "(variable_assignment name: (variable_name) @name value: (_) @value)",
}
_ASSIGN_QUERIES["cpp"] = _ASSIGN_QUERIES["c"]
_FN_QUERIES = {  # one-expression helpers: ``def dec(s): return b64decode(s)``
    "python": "(function_definition name: (identifier) @name parameters: (_) @params body: (block (return_statement"
              " (_) @ret)))",
    "javascript": "(function_declaration name: (identifier) @name parameters: (_) @params body: (statement_block"
                  " (return_statement (_) @ret)))",
    "php": "(function_definition name: (name) @name parameters: (_) @params body: (compound_statement"
           " (return_statement (_) @ret)))",
}
_FN_QUERIES["typescript"] = _FN_QUERIES["javascript"]
_LAMBDAS = frozenset({"lambda", "arrow_function", "function_expression", "anonymous_function", "function"})
_BODIES = frozenset({"block", "statement_block", "compound_statement"})
_INT = re.compile(r"0[xX][0-9a-fA-F]{1,8}|\d{1,10}")
_INT_LIST = re.compile(rf"[\[({{]\s*(?:(?:{_INT.pattern})\s*,\s*)*(?:{_INT.pattern})?\s*,?\s*[\])}}]")
_GEN_BODY = re.compile(r"chr\(\s*(\w+)\s*(?:([-+^])\s*(0x[0-9a-fA-F]+|\d+))?\s*\)")
_ONE_ARG = {
    **dict.fromkeys(("b64decode", "standard_b64decode", "urlsafe_b64decode", "decodebytes", "decodestring", "atob",
                     "a2b_base64", "base64_decode", "decodeBase64", "FromBase64String", "base64Decode"), "base64"),
    **dict.fromkeys(("fromhex", "unhexlify", "a2b_hex", "hex2bin", "decodeHex", "parseHexBinary"), "hex"),
    **dict.fromkeys(("unquote", "unquote_plus", "unquote_to_bytes", "decodeURIComponent", "decodeURI", "unescape",
                     "urldecode", "rawurldecode"), "url"),
    "gzinflate": "deflate", "gzuncompress": "zlib", "gzdecode": "gzip", "inflateSync": "zlib", "unzipSync": "zlib",
    "inflateRawSync": "deflate", "gunzipSync": "gzip", "b32decode": "base32", "str_rot13": "rot13",
    "strrev": "reverse", "array_reverse": "reverse"}
"""Functions that decode their one argument, by the last part of their name."""
_PASS_NAMES = frozenset({"decode", "toString", "encode", "str", "String", "string", "strip", "trim", "utf8_decode",
                         "getBytes", "bytes", "bytearray", "ToString", "tostring", "valueOf"})
_TEXT_ENCODINGS = frozenset({"", "utf8", "utf-8", "ascii", "latin1", "latin-1", "binary", "iso-8859-1", "utf_8"})


class Evaluator:
    """Follows an expression back through literals, concatenation, decoder calls and the block's own
    assignments (``p = b64decode(s); exec(p)``), within a budget of nodes visited per check."""

    def __init__(self, code: Code, budget: int = 600) -> None:
        self.code = code
        self.budget = budget
        self._calls: dict[tuple[int, int], Any] | None = None
        self._env: dict[str, list[tuple[int, Any, bool]]] | None = None
        self.used: set[int] = set()
        """Start bytes of the literals evaluated: they were scanned as payloads already."""
        self._bound: dict[str, Val] = {}

    def call_at(self, node: Any) -> Any:
        if self._calls is None:
            self._calls = {(c.node.start_byte, c.node.end_byte): c for c in self.code.calls}
        return self._calls.get((node.start_byte, node.end_byte))

    @property
    def env(self) -> dict[str, list[tuple[int, Any, bool]]]:
        if self._env is None:
            env: dict[str, list[tuple[int, Any, bool]]] = {}
            query = _ASSIGN_QUERIES.get(self.code.language or "")
            for caps in self.code.matches(query) if query else []:
                values = caps.get("value") or caps.get("plus")
                value = values[0] if values else None
                if caps.get("name") and value is not None:
                    name = self.code.node_text(caps["name"][0]).lstrip("$*& ")
                    env.setdefault(name, []).append((value.start_byte, value, "plus" in caps))
            query = _FN_QUERIES.get(self.code.language or "")
            for caps in self.code.matches(query) if query else []:
                if caps.get("name") and caps.get("params") and caps.get("ret"):
                    name = self.code.node_text(caps["name"][0])
                    env.setdefault(name, []).append((0, caps["params"][0], False))
            for entries in env.values():
                entries.sort(key=lambda e: e[0])
            self._env = env
        return self._env

    def value(self, node: Any, depth: int = 0) -> Val:
        self.budget -= 1
        if node is None or self.budget < 0 or depth > 24:
            return UNKNOWN
        t = node.type
        if t in _WRAP_TYPES and node.named_child_count:
            return self.value(node.named_children[-1], depth + 1)
        if t in _IDENT_TYPES:
            return self._resolve(node, depth)
        if t in _INT_TYPES:
            n = to_int(self.code.node_text(node))
            return Val(None, (), 0, (n,)) if n is not None else UNKNOWN
        if t in _BIN_TYPES:
            op = node.child_by_field_name("operator")
            if op is not None and self.code.node_text(op) in ("+", "."):
                return _concat(self.value(node.child_by_field_name("left"), depth + 1),
                               self.value(node.child_by_field_name("right"), depth + 1))
            return UNKNOWN
        if t == "concatenated_string":
            out = Val("", (), 0)
            for child in node.named_children:
                out = _concat(out, self.value(child, depth + 1))
            return out
        if t in _SEQ_TYPES:
            return self._seq(node, depth)
        if t == "subscript" and (s := node.child_by_field_name("subscript")) is not None and \
                _WS.sub("", self.code.node_text(s)) == "::-1":
            return apply(self.value(node.child_by_field_name("value"), depth + 1), "reverse")
        if t in ("call", "call_expression", "new_expression", "method_invocation", "object_creation_expression",
                 "function_call_expression", "member_call_expression", "scoped_call_expression"):
            return self._call(node, depth)
        kind, value = self.code.classify(node)
        if kind != "const" or value is None:
            return UNKNOWN
        steps = ("escape",) if escape_heavy(self.code.node_text(node), value) else ()
        self.used.add(node.start_byte)
        return Val(value, steps, 1)

    def _resolve(self, node: Any, depth: int) -> Val:
        name = self.code.node_text(node).lstrip("$").strip("{}")
        if name in self._bound:
            return self._bound[name]
        entries = [e for e in self.env.get(name, ()) if e[0] < node.start_byte]
        start = max((i for i, e in enumerate(entries) if not e[2]), default=None)
        if start is None:
            return UNKNOWN
        out = self.value(entries[start][1], depth + 1)
        for _, value, _ in entries[start + 1:]:
            out = _concat(out, self.value(value, depth + 1))
        return out

    def _seq(self, node: Any, depth: int) -> Val:
        text = self.code.node_text(node) if node.end_byte - node.start_byte < MAX_OUT else ""
        if node.type in ("list", "tuple", "array", "array_initializer", "initializer_list") and \
                _INT_LIST.fullmatch(text):
            ints = tuple(int(x, 16) if x[1:2] in "xX" else int(x) for x in _INT.findall(text)[:MAX_ITEMS])
            return Val(None, (), len(ints), ints)
        items: list[Any] = []
        steps: tuple[str, ...] = ()
        children = node.named_children
        init = next((c for c in children if c.type in _INIT_TYPES), None) if node.type not in _INIT_TYPES else None
        if init is not None:
            children = init.named_children
        for child in children[:MAX_ITEMS]:
            if child.type in _INT_TYPES:
                items.append(to_int(self.code.node_text(child)))
            elif child.type == "spread_element" and child.named_child_count:
                v = self.value(child.named_children[0], depth + 1)
                items.extend(v.seq if v.seq is not None else list(as_str(v.data)) if v.data is not None else [None])
                steps += v.steps
            elif child.type not in ("integral_type", "type_identifier", "dimensions", "array_type", "slice_type"):
                v = self.value(child, depth + 1)
                items.append(v.data if v.seq is None else v.seq[0] if len(v.seq) == 1 else None)
                steps += v.steps
        return Val(None, steps, len(items), tuple(items))

    def _call(self, node: Any, depth: int) -> Val:
        call = self.call_at(node)
        if call is None:
            return UNKNOWN
        last, name = call.last, call.qualname
        args = [a for a in call.args if a.keyword is None]
        f = node.child_by_field_name("function")
        recv = (f.child_by_field_name("object") or f.child_by_field_name("operand")) if f is not None else \
            node.child_by_field_name("object")

        def arg(i: int) -> Val:
            return self.value(args[i].node, depth + 1) if i < len(args) else UNKNOWN

        def const(i: int) -> str:
            return (args[i].value or "").lower() if i < len(args) and args[i].kind == "const" else "?"

        subject = (lambda: self.value(recv, depth + 1)) if recv is not None else (lambda: arg(0))
        low = name.lower()
        owner = _WS.sub("", self.code.node_text(recv)).lower() if recv is not None else ""
        if last in _ONE_ARG:
            return apply(arg(0), _ONE_ARG[last])
        if last == "DecodeString" or (last == "decode" and args and owner.endswith(("decoder()", "base64"))):
            return apply(arg(0), "hex" if owner == "hex" else "base64")
        if last == "from" and owner in ("buffer", "array"):
            v, enc = arg(0), const(1) if len(args) > 1 else ""
            if owner == "array":
                return Val(None, v.steps, v.parts, tuple(as_str(v.data))) if v.data is not None else v
            return apply(v, "hex" if enc == "hex" else "base64") if enc in ("base64", "base64url", "hex") else v
        if name in ("codecs.decode", "codecs.encode"):
            step = codec(const(1))
            return apply(arg(0), step) if step else arg(0)
        if last == "decode" and recv is not None and (step := codec(const(0))):  # Python 2: s.decode("base64")
            return apply(subject(), step)
        if last == "decompress" and (kind := next((k for k in ("zlib", "gzip", "bz2", "lzma") if k in low), None)):
            return apply(arg(0), kind)
        if last == "reversed" and recv is None:
            return apply(arg(0), "reverse")
        if last in ("chr", "mb_chr", "fromCharCode") or name.endswith("fromCharCode.apply"):
            if all(a.node.type in _INT_TYPES for a in args):
                items: tuple[Any, ...] | None = tuple(to_int(a.text) for a in args[:MAX_ITEMS])
            else:
                items = arg(1).seq if name.endswith("fromCharCode.apply") else tuple(
                    i for a in range(min(len(args), 64)) for i in (arg(a).seq or (None,)))
            return Val(chars(items or (None,)), ("chr",), 1)
        if last == "loads" and "marshal" in low:
            return arg(0).then("marshal", None)
        if last in ("join", "implode"):
            return self._join(node, call, recv, args, depth)
        if last == "reverse" and recv is not None:
            return apply(subject(), "reverse")
        if (last == "split" and const(0) == "" and recv is not None) or (last == "str_split" and len(args) == 1):
            v = subject()
            return Val(None, v.steps, v.parts, tuple(as_str(v.data))) if v.data is not None else UNKNOWN
        if last == "map" and recv is not None:
            v = subject()
            if v.seq is not None and "fromcharcode" in _WS.sub("", self.code.node_text(node)).lower():
                return Val(None, (*v.steps, "chr"), v.parts, tuple(chars(v.seq) or ()))
            return UNKNOWN
        if last in ("map", "bytes", "bytearray") and recv is None and args:
            v = arg(len(args) - 1)
            if v.seq is not None and (last != "map" or args[0].text == "chr"):
                return Val(chars(v.seq), (*v.steps, "chr"), v.parts)
        if last in _PASS_NAMES or name in _PASS_NAMES:
            if last in ("toString", "decode") and recv is not None and const(0) not in _TEXT_ENCODINGS | {"?"}:
                return UNKNOWN
            v = subject()
            return Val(chars(v.seq), (*v.steps, "chr"), v.parts) if v.seq and chars(v.seq) else v
        return self._apply_fn(f, [arg(i) for i in range(min(len(args), 4))], depth) if f is not None else UNKNOWN

    def _apply_fn(self, f: Any, args: list[Val], depth: int) -> Val:
        """A call to a lambda or one-line helper defined in the block (``_ = lambda s: b64decode(s[::-1])``),
        evaluated with its parameters bound; or to a variable holding a decoder's name (PHP ``$d($x)``)."""
        while f.type == "parenthesized_expression" and f.named_child_count:
            f = f.named_children[0]
        fn = f if f.type in _LAMBDAS else None
        if fn is None and f.type in _IDENT_TYPES:
            name = self.code.node_text(f).lstrip("$")
            entries = [e for e in self.env.get(name, ()) if e[0] < f.start_byte and not e[2]]
            fn = entries[-1][1] if entries else None
            if fn is not None and fn.type not in _LAMBDAS:
                if fn.type in ("parameters", "formal_parameters"):  # a def: its parameters, then its body
                    fn = fn.parent
                else:
                    held = self.value(fn, depth + 1).text
                    step = _ONE_ARG.get(held or "")
                    return apply(args[0], step) if step and args else UNKNOWN
        if fn is None:
            return UNKNOWN
        params_node = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        body = fn.child_by_field_name("body")
        if body is not None and body.type in _BODIES:
            ret = next((c for c in body.named_children if c.type == "return_statement"), None)
            body = ret.named_children[0] if ret is not None and ret.named_child_count else None
        if body is None:
            return UNKNOWN
        params = [_WS.sub("", p).lstrip("$&*").split(":")[0].split("=")[0] for p in
                  self.code.node_text(params_node).strip("()").split(",")] if params_node is not None else []
        saved = self._bound
        self._bound = {**saved, **dict(zip(params, args, strict=False))}
        try:
            return self.value(body, depth + 1)
        finally:
            self._bound = saved

    def _join(self, node: Any, call: Any, recv: Any, args: list[Any], depth: int) -> Val:
        """``sep.join(items)``, ``items.join(sep)``, ``implode(sep, items)``, including ``chr`` generators."""
        if call.last == "implode" or recv is None:
            seq_node = args[-1].node if args else None
        elif self.code.language == "python":
            arguments = node.child_by_field_name("arguments")
            seq_node = arguments if arguments is not None and arguments.type == "generator_expression" else \
                (args[0].node if args else None)
        else:
            seq_node = recv
        if seq_node is None:
            return UNKNOWN
        if seq_node.type in ("generator_expression", "list_comprehension"):
            body, loop = seq_node.child_by_field_name("body"), None
            for child in seq_node.named_children:
                if child.type == "for_in_clause":
                    loop = child.child_by_field_name("right")
            m = _GEN_BODY.fullmatch(_WS.sub("", self.code.node_text(body))) if body is not None else None
            if m is None or loop is None:
                return UNKNOWN
            v = self.value(loop, depth + 1)
            k = to_int(m.group(3)) if m.group(3) else 0
            return Val(chars(v.seq, m.group(2) or "", k or 0) if v.seq else None, (*v.steps, "chr"), v.parts)
        v = self.value(seq_node, depth + 1)
        if v.seq is None:
            return Val(v.data, v.steps, v.parts) if v.data is not None and v.decoders else UNKNOWN
        if any(not isinstance(i, str | bytes) for i in v.seq):
            return Val(None, v.steps or ("concat",), len(v.seq))
        return Val("".join(as_str(i) for i in v.seq), v.steps, len(v.seq))


def _concat(a: Val, b: Val) -> Val:
    data = None
    if a.data is not None and b.data is not None and len(a.data) + len(b.data) <= MAX_OUT:
        data = as_str(a.data) + as_str(b.data)
    elif a.seq is not None and b.seq is not None:
        return Val(None, a.steps + b.steps, a.parts + b.parts, (a.seq + b.seq)[:MAX_ITEMS])
    return Val(data, a.steps + b.steps, a.parts + b.parts)
