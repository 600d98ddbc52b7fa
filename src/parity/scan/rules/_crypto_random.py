"""The names around a call that say it makes a secret, and the predictable-RNG check built on them (the ``crypto``
family's ``insecure-random`` rule).

Policy: an RNG is reported only where a security name is near (medium): the nearest binding (assignment target,
keyword, key), else the enclosing function, plus the call's arguments. One that makes an id or code is low (the
function's name can lift it: ``code = randint(...)`` in ``verify_reset_code``). Any other use (games, jitter,
sampling, shuffling NLP tokens) is not reported."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.syntax import CALL_TYPES, Call, Code

WEAK_RANDOM = RuleInfo("insecure-random", "CWE-338", Severity.MEDIUM, "Predictable RNG used for a secret",
                       "This generator is not cryptographic: its output can be predicted from a few samples, so "
                       "tokens, passwords or keys made with it can be guessed; use secrets/crypto.randomBytes/"
                       "SecureRandom/crypto/rand.")

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
PASSWORD_WORDS = frozenset({"password", "passwords", "passwd", "pwd", "pw", "pass", "passphrase", "passcode"})
SECRET_WORDS = PASSWORD_WORDS | frozenset({
    "secret", "secrets", "token", "tokens", "salt", "nonce", "otp", "totp", "hotp", "csrf", "xsrf", "session", "sid",
    "apikey", "credential", "credentials", "auth", "pin", "iv", "reset", "verification", "signature", "signing",
    "encryption", "hmac", "mfa", "activation", "recovery", "invite", "magic", "captcha", "cipher", "crypto"})
_KEY_QUALIFIERS = frozenset({"private", "secret", "encryption", "aes", "hmac", "signing", "access", "api", "master",
                             "crypto", "license", "session", "des", "rsa", "cipher"})
_ID_WORDS = frozenset({"id", "ids", "uid", "uuid", "guid", "identifier", "key", "code", "coupon", "voucher"})
_BINDINGS = {"assignment": "left", "augmented_assignment": "left", "keyword_argument": "name", "pair": "key",
             "variable_declarator": "name", "assignment_expression": "left", "short_var_declaration": "left",
             "assignment_statement": "left", "var_spec": "name", "const_spec": "name", "init_declarator": "declarator",
             "default_parameter": "name", "public_field_definition": "name", "field_definition": "property",
             "keyed_element": "", "array_element_initializer": "", "property_declaration": ""}
_FUNCTIONS = frozenset({"function_definition", "function_declaration", "method_definition", "method_declaration",
                        "function_expression"})
_PY_RANDOM = frozenset({"random", "randint", "randrange", "choice", "choices", "sample", "shuffle", "getrandbits",
                        "uniform", "randbytes", "rand", "bytes"})
_GO_RANDOM = frozenset({"Int", "Intn", "Int31", "Int31n", "Int63", "Int63n", "Uint32", "Uint64", "Float32",
                        "Float64", "Read", "Perm", "Shuffle", "N", "IntN", "Int64", "Int64N", "Uint64N"})
_JAVA_RANDOM = frozenset({"nextInt", "nextLong", "nextBytes", "nextDouble", "nextFloat", "nextGaussian", "ints",
                          "longs"})
_C_RANDOM = frozenset({"rand", "random", "drand48", "lrand48", "mrand48", "std.rand", "mt_rand", "uniqid",
                       "lcg_value", "str_shuffle", "array_rand"})
_GO_IMPORT = re.compile(r"""(?:^|[\s(])(?:(\w+)\s+)?"(math/rand(?:/v2)?|crypto/rand)\"""")


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def is_secret_name(ws: set[str]) -> bool:
    return bool(ws & SECRET_WORDS) or ("key" in ws and bool(ws & _KEY_QUALIFIERS)) or "apikey" in "".join(ws)


def context(code: Code, node: Node) -> tuple[str, list[str]]:
    """The nearest binding's name (else the enclosing function's), and the callees the node is nested in."""
    calls: list[str] = []
    child, n = node, node.parent
    for _ in range(24):
        if n is None:
            break
        field = _BINDINGS.get(n.type)
        if field is not None:
            target = n.child_by_field_name(field) if field else n.named_child(0)
            if target is not None and target != child:
                return code.node_text(target)[:100], calls
        if n.type in _FUNCTIONS:
            name = n.child_by_field_name("name") or n.child_by_field_name("declarator")
            return (code.node_text(name)[:100] if name is not None else ""), calls
        if n.type in CALL_TYPES:
            calls.append(code.node_text(n)[:80].split("(", 1)[0])
        child, n = n, n.parent
    return "", calls


def function_name(code: Code, node: Node) -> str:
    n = node.parent
    while n is not None and n.type not in _FUNCTIONS:
        n = n.parent
    name = n.child_by_field_name("name") if n is not None else None
    return code.node_text(name) if name is not None else ""


def go_math_rand(text: str) -> str | None:
    """The name math/rand has in a Go file, None without it, ``?`` for a snippet with no imports at all."""
    imports = {path: alias if alias not in ("", "import") else "rand" for alias, path in _GO_IMPORT.findall(text)}
    if not imports:
        return "?"  # a snippet without imports: only names crypto/rand lacks count
    math = imports.get("math/rand") or imports.get("math/rand/v2")
    return math if math and math != imports.get("crypto/rand") else None


def predictable_random(code: Code, call: Call, go_rand: str | None) -> Iterator[Finding]:
    """A non-cryptographic RNG call, reported where the names around it say it makes a secret (or an id)."""
    lang, q, last = code.language, call.qualname, call.last
    if lang == "python":
        weak = q.startswith(("random.", "numpy.random.", "np.random.")) and last in _PY_RANDOM and \
            "SystemRandom" not in q
    elif lang in ("javascript", "typescript"):
        weak = q == "Math.random"
    elif lang == "java":
        head = call.name.rsplit(".", 1)[0]
        weak = q == "Math.random" or q.startswith("RandomStringUtils.") or (last in _JAVA_RANDOM and (
            "ThreadLocalRandom" in head or ("Random()" in head and "SecureRandom" not in head) or bool(
                head.isidentifier() and re.search(rf"(?<![\w.])Random\s+{head}\b|\b{head}\s*=\s*new\s+Random\(",
                                                  code.text))))
    elif lang == "go":
        head = call.name.split(".")[0]
        weak = bool(go_rand) and head == (go_rand if go_rand != "?" else "rand") and \
            last in _GO_RANDOM and (go_rand != "?" or last not in ("Read", "Int"))
    else:
        weak = lang in ("php", "c", "cpp") and call.name in _C_RANDOM
    if not weak:
        return
    name, _ = context(code, call.node)
    ws = words(name) | (words(" ".join(a.text for a in call.args)) & (SECRET_WORDS - {"token", "tokens"}))
    if not is_secret_name(ws) and ws & _ID_WORDS:  # code = randint(...) in verify_reset_code()
        ws |= words(function_name(code, call.node))
    elif not is_secret_name(ws) and call.node.parent is not None and \
            call.node.parent.type in ("argument_list", "arguments"):  # printf("backup id %08x", rand())
        ws |= words(code.node_text(call.node.parent)[:120])
    if is_secret_name(ws):
        yield code.finding(WEAK_RANDOM, call.node, confidence=Confidence.MEDIUM,
                           message=f"{call.name} makes {name or 'a secret'}: {WEAK_RANDOM.why}")
    elif ws & _ID_WORDS:
        yield code.finding(WEAK_RANDOM, call.node, confidence=Confidence.LOW, severity=Severity.LOW,
                           message=f"{call.name} makes an identifier ({name}); if it must be unguessable: "
                           f"{WEAK_RANDOM.why}")

