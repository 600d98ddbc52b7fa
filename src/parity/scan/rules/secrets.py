"""Hard-coded credentials: provider keys in their known formats, private keys, passwords and tokens written as
literals, and passwords inside connection strings, command lines and Basic auth headers.

A finding never repeats the secret: the snippet keeps its first few characters and then ``***`` (fewer than four
for a short secret, so a short password is not half given away). Known formats are matched over the whole text of
every block, whatever its language, strings and comments included; that is done in ``check`` rather than with
engine patterns because a pattern's snippet is the raw line, which would copy the secret into the report.

Placeholder policy: documentation examples (``AKIAIOSFODNN7EXAMPLE``), ``your-api-key-here``, ``<PASSWORD>``,
``${VAR}``, ``changeme``, elided keys (``sk-...``), values equal to their own name and the like are not reported at
all; values that say ``test`` are reported at low severity. A generic ``token``/``secret``/``api_key`` literal must
also look random (length and entropy); a password only has to look like one (no spaces, not a label)."""

from __future__ import annotations

import base64
import binascii
import bisect
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from tree_sitter import Node

from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules.base import RULES, RuleFamily
from parity.scan.syntax import Arg, Call, Code

API_TOKEN = RuleInfo("hardcoded-api-token", "CWE-798", Severity.HIGH, "Hard-coded API token or cloud key",
                     "A provider key in the source ends up in repositories, logs and model transcripts; anyone who "
                     "sees it can use the account. Revoke it and load it from the environment or a secret store.")
CRYPTO_KEY = RuleInfo("hardcoded-crypto-key", "CWE-321", Severity.HIGH, "Cryptographic key embedded in code",
                      "A private or symmetric key in the source is no longer secret: anyone with the text can "
                      "decrypt, forge or sign as its owner.")
PASSWORD = RuleInfo("hardcoded-password", "CWE-259", Severity.HIGH, "Hard-coded password",
                    "A password written into code or a command line is shared with everyone who can read it and "
                    "cannot be rotated without a change; read it from the environment or a secret store.")
CREDENTIAL = RuleInfo("hardcoded-credential", "CWE-798", Severity.HIGH, "Hard-coded secret, token or key",
                      "A secret literal (API key, signing key, token) in code is readable by anyone with the code and "
                      "lets them act as the application; load it from the environment or a secret store.")

_B = r"(?<![A-Za-z0-9_])"
_E = r"(?![A-Za-z0-9_])"
# (marker that must be in the text, what it is, regex, severity when not the rule's)
_KNOWN: list[tuple[str, str, re.Pattern[str], Severity | None]] = [
    (m, what, re.compile(rx), sev) for m, what, rx, sev in [
        ("AKIA", "AWS access key id", _B + r"AKIA[A-Z2-7]{16}" + _E, None),
        ("ASIA", "AWS temporary access key id", _B + r"ASIA[A-Z2-7]{16}" + _E, None),
        ("gh", "GitHub token", _B + r"gh[pousr]_[A-Za-z0-9]{36,255}" + _E, None),
        ("github_pat_", "GitHub token", _B + r"github_pat_[A-Za-z0-9_]{60,255}" + _E, None),
        ("glpat-", "GitLab token", _B + r"glpat-[A-Za-z0-9_-]{20,64}" + _E, None),
        ("xox", "Slack token", _B + r"xox[abposr]-[A-Za-z0-9-]{10,250}" + _E, None),
        ("hooks.slack.com", "Slack webhook URL", r"hooks\.slack\.com/services/T\w{6,}/B\w{6,}/\w{20,}", None),
        ("_live_", "Stripe live key", _B + r"[sr]k_live_[A-Za-z0-9]{20,247}" + _E, None),
        ("_test_", "Stripe test key", _B + r"[sr]k_test_[A-Za-z0-9]{20,247}" + _E, Severity.LOW),
        ("sk-ant-", "Anthropic API key", _B + r"sk-ant-[A-Za-z0-9_-]{20,250}" + _E, None),
        ("sk-", "OpenAI API key", _B + r"sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,250}|[A-Za-z0-9]{32,250})" + _E,
         None),
        ("AIza", "Google API key", _B + r"AIza[0-9A-Za-z_-]{35}" + _E, None),
        ("npm_", "npm token", _B + r"npm_[A-Za-z0-9]{36}" + _E, None),
        ("hf_", "Hugging Face token", _B + r"hf_[A-Za-z0-9]{34,40}" + _E, None),
        ("SG.", "SendGrid API key", _B + r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}" + _E, None),
        ("pypi-", "PyPI token", _B + r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}", None),
        ("_v1_", "DigitalOcean token", _B + r"do[opr]_v1_[a-f0-9]{64}" + _E, None),
        ("shp", "Shopify token", _B + r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}" + _E, None),
        (":AA", "Telegram bot token", _B + r"\d{8,10}:AA[A-Za-z0-9_-]{33}" + _E, None),
        ("eyJ", "JSON Web Token", _B + r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}",
         Severity.MEDIUM),
    ]]
_PEM = re.compile(r"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----")
_URL_PASSWORD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s:/@'\"`]{0,64}:([^\s@'\"`/]{1,128})@[\w\[.-]")
_KV_PASSWORD = re.compile(r"(?i)(?:^|[;?&\s\"'])(?:password|pwd|passwd)=([^;&'\"\s(){}\[\],]{3,128})(?=[;&'\"\s]|$)")
_SQL_PASSWORD = re.compile(r"(?i)(?:password|identified\s+by)\s+'([^'\n]{1,128})'")
_BASIC = re.compile(r"Basic\s+([A-Za-z0-9+/]{8,200}={0,2})(?![A-Za-z0-9+/=])")
_BEARER = re.compile(r"Bearer\s+([A-Za-z0-9._~+/-]{20,400}=*)(?![A-Za-z0-9._~+/=-])")
_LINE_ASSIGN = re.compile(r"""^\s*(?:[\w$]+\s+){0,3}["']?([A-Za-z_$][\w.$-]{0,63})["']?\s*(?::=|=>|:|=)\s*"""
                          r"""(["'`]?)([^\s"'`#,;]{1,200})\2\s*[,;]?\s*(?:#.*|//.*)?$""")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passphrase", "passcode", "pw"})
_CRED_WORDS = frozenset({"secret", "token", "apikey", "credential", "credentials", "bearer"})
_KEY_WITH = frozenset({"api", "auth", "private", "secret", "access", "signing", "encryption", "hmac", "master",
                       "client", "license", "app", "jwt", "session", "aes", "crypto", "subscription"})
_NOT_A_VALUE = frozenset({
    "hash", "hashed", "field", "label", "prompt", "placeholder", "input", "regex", "pattern", "policy", "length",
    "len", "min", "max", "url", "uri", "path", "file", "env", "var", "name", "header", "param", "column", "type",
    "format", "hint", "message", "msg", "text", "title", "error", "selector", "xpath", "attr", "rule", "validator",
    "strength", "chars", "charset", "alphabet", "expiry", "expires", "expiration", "ttl", "age", "count", "attempts",
    "prefix", "suffix", "encoder", "algorithm", "alg", "scheme", "mode", "endpoint", "version", "size", "limit",
    "timeout", "enabled", "required", "manager", "provider", "service", "template", "mask", "display", "form",
    "tokens", "tokenizer", "bos", "eos", "pad", "unk", "sep", "cls", "special", "stop", "start", "end", "id", "ids",
    "ref", "arn", "usage", "budget", "location", "dir", "method", "kind", "class", "storage", "store", "query",
    "mutation", "route", "page", "view", "handler", "icon", "index", "idx", "char", "lexer", "parser", "next",
    "cursor", "continuation", "backend", "backends", "scope", "scopes", "audience", "issuer", "domain", "realm",
    "strategy", "module", "example"})
_FAKE = ("changeme", "change_me", "change-me", "changethis", "your", "xxx", "***", "example", "placeholder", "dummy",
         "sample", "redacted", "replace", "insert", "todo", "tbd", "fixme", "${", "{{", "%(", "%s", "...", "\u2026",
         "fake", "mock", "notreal", "not-a-real", "not_a_real", "here", "<", ">", "0000000", "1234567", "abcdefg",
         "%20")
_TRIVIAL = frozenset({"password", "secret", "pass", "passwd", "test", "testing", "token", "apikey", "api_key", "key",
                      "none", "null", "nil", "string", "value", "true", "false", "undefined", "empty", "default",
                      "required", "optional", "str", "bytes", "env", "bearer", "basic", "abc", "foo", "bar", "baz",
                      "anything", "something", "whatever", "unused", "ignored", "demo", "xyz", "qwerty"})
_MYSQL = (("-p", True), ("--password=", True))
_SHELL_FLAGS = {  # command -> (flag, whether the value is attached to it)
    "mysql": _MYSQL, "mysqldump": _MYSQL, "mysqladmin": _MYSQL, "mariadb": _MYSQL, "sshpass": (("-p", False),),
    "redis-cli": (("-a", False),), "docker": (("-p", False), ("--password", False), ("--password=", True)),
    "curl": (("-u", False), ("--user", False), ("--user=", True))}
_SETTER = re.compile(r"(?i)set_?(?:password|passwd|secret|api_?key|token|access_?key|secret_?key|client_?secret"
                     r"|credentials?|auth_?token)")
_KV_CALLS = frozenset({"put", "set", "setdefault", "setProperty", "define", "Setenv", "setenv", "putenv", "setItem",
                       "Set", "Add", "add_header", "header"})
_PASSWORD_ARG = {"mysqli_connect": 2, "mysql_connect": 2, "mysqli": 2, "PDO": 2, "getConnection": 2,
                 "HTTPBasicAuth": 1, "HTTPDigestAuth": 1, "BasicAuth": 1, "login": 1, "SetBasicAuth": 1,
                 "UsernamePasswordCredentials": 1, "PasswordAuthentication": 1,
                 "UsernamePasswordAuthenticationToken": 1}
_JWT_OWNERS = frozenset({"jwt", "jsonwebtoken", "jose", "jws"})
_KEY_ARG = {"Fernet": 0, "SecretKeySpec": 0, "createHmac": 1, "createCipheriv": 1, "createDecipheriv": 1,
            "SignedString": 0}
_CIPHER_OWNERS = frozenset({"AES", "DES", "DES3", "ChaCha20", "Blowfish", "ARC4", "hmac", "AESGCM", "ChaCha20Poly1305"})
_CRYPTO_KEY_WORDS = frozenset({"aes", "encryption", "encrypt", "decrypt", "hmac", "signing", "cipher", "crypto",
                               "des", "private", "fernet", "symmetric", "aead"})
_IDENTIFIER = re.compile(r"[a-z]+(?:_[a-z]+)+|[a-z]+(?:[A-Z][a-z]+)+")  # key_size, apiKey: a name, not a value
_READABLE = re.compile(r"[a-z]+(?:[-_][a-z0-9]+){2,}")
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
_LITERAL_CALL = re.compile(r"""^[bB]?(["'`])([^"'`]{6,200})\1\s*\.\s*(?:getBytes|encode)\([^)]{0,40}\)$|"""
                           r"""^(?:Buffer\.from|\[\]byte|(?:bytes|bytearray)\.fromhex)\(\s*(["'`])([^"'`]{6,200})\3"""
                           r"""\s*(?:,\s*['"]\w+['"]\s*)?\)$""")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _entropy(s: str) -> float:
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values()) if n else 0.0


@lru_cache(maxsize=4096)
def kind_of(key: str) -> RuleInfo | None:
    """Which rule a literal bound to ``key`` falls under, if its name says it is a credential."""
    ws = _words(key)
    if not ws or ws & _NOT_A_VALUE:
        return None
    if ws & _PASSWORD_WORDS or "password" in key.lower():
        return PASSWORD
    joined = key.lower().replace("_", "").replace("-", "")
    if "key" in ws and ws & _CRYPTO_KEY_WORDS:
        return CRYPTO_KEY
    if ws & _CRED_WORDS or ("key" in ws and ws & _KEY_WITH) or "apikey" in joined or "secretkey" in joined:
        return CREDENTIAL
    return None


def _is_fake(value: str, key: str = "") -> bool:
    low = value.lower()
    squashed = re.sub(r"[\W_]", "", low)
    return (low in _TRIVIAL or squashed in _TRIVIAL or any(f in low for f in _FAKE) or len(set(value)) < 3
            or (bool(key) and squashed == re.sub(r"[\W_]", "", key.lower())) or value[:1] in "$%{<![(@:"
            or bool(re.fullmatch(r"[A-Z][A-Z0-9]*_[A-Z0-9_]+", value)))


def verdict(rule: RuleInfo, value: str, key: str = "") -> tuple[Severity, Confidence] | None:
    """Severity and confidence for a literal under ``rule``, or None for a placeholder or a value that is not one."""
    if not value or len(value) > 400 or _is_fake(value, key):
        return None
    if any(c.isspace() for c in value):  # a label or prompt, except a short phrase used as a signing secret
        short = len(value.split()) <= 3 and value[-1:].isalnum() and not value[:1].isupper()
        return (Severity.MEDIUM, Confidence.LOW) if rule is CREDENTIAL and short and len(value) >= 8 else None
    if ("/" in value and (value.startswith(("/", "./", "~")) or "://" in value)) or value.endswith(
            (".pem", ".key", ".txt", ".json", ".env", ".yaml", ".yml", ".crt")) or _DOTTED.fullmatch(value):
        return None  # a path, URL or dotted name pointing at the secret, not the secret
    classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    strong = len(value) >= 16 and _entropy(value) >= 3.5 and classes >= 2
    if "test" in value.lower():
        return Severity.LOW, Confidence.LOW
    if rule is PASSWORD:
        if len(value) < 4:
            return None
        return Severity.HIGH, Confidence.HIGH if strong or (len(value) >= 8 and classes >= 3) else Confidence.MEDIUM
    if "secret" in key.lower() and len(value) >= 3 and not _IDENTIFIER.fullmatch(value) and len(value) < 8:
        return Severity.HIGH, Confidence.MEDIUM  # SECRET_KEY = "dev": short makes a signing key guessable
    if len(value) < 8 or _entropy(value) < 2.5 or _IDENTIFIER.fullmatch(value):
        return None
    if _READABLE.fullmatch(value):
        return Severity.MEDIUM, Confidence.LOW  # sk-upstream-secret-123: a made-up demo value, most likely
    return Severity.HIGH, Confidence.HIGH if strong else Confidence.MEDIUM


def mask(text: str, secret: str) -> str:
    keep = min(4, len(secret) // 3)
    return text.replace(secret, secret[:keep] + "***") if secret else text


class _Secrets:
    """One block's search; remembers the rows a known format already explained."""

    def __init__(self, code: Code) -> None:
        self.code = code
        self.known_rows: set[int] = set()
        self.seen: set[tuple[str, int]] = set()
        self._newlines: list[int] | None = None

    def row(self, offset: int) -> int:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.code.text)]
        return bisect.bisect_left(self._newlines, offset)

    def find(self, rule: RuleInfo, where: Node | int, secret: str, what: str, sev: Severity | None = None,
             conf: Confidence = Confidence.HIGH) -> Iterator[Finding]:
        row = where if isinstance(where, int) else where.start_point.row
        if (rule.id, row) in self.seen:
            return
        self.seen.add((rule.id, row))
        shown = f" ({mask(secret, secret)})" if secret else ""
        f = self.code.finding(rule, where, confidence=conf, severity=sev, message=f"{what}{shown}: {rule.why}")
        line = self.code.lines[row] if row < len(self.code.lines) else ""
        if not isinstance(where, int) and where.start_point.row == where.end_point.row:
            raw = self.code.node_text(where)  # the literal as written, escapes and all
            line = line.replace(raw, raw[:1 + min(4, len(secret) // 3)] + "***") if len(raw) > 1 else line
        snippet = mask(line, secret).strip()
        probe = secret[4:12]
        if len(probe) >= 6 and probe in snippet:  # written differently from its value: cut before it
            snippet = snippet[:snippet.find(probe)] + "***"
        yield replace(f, snippet=snippet[:197] + "..." if len(snippet) > 200 else snippet)

    def literal(self, rule: RuleInfo, where: Node | int, value: str | None, what: str, key: str = "",
                skip_known: bool = True) -> Iterator[Finding]:
        row = where if isinstance(where, int) else where.start_point.row
        if value is None or (skip_known and row in self.known_rows):
            return
        v = verdict(rule, value, key)
        if v is not None:
            yield from self.find(rule, where, value, what, v[0], v[1])

    def run(self) -> Iterator[Finding]:
        code, text = self.code, self.code.text
        for marker, what, rx, sev in _KNOWN:
            if marker in text:
                for m in rx.finditer(text):
                    token = m.group(0)
                    if not _is_fake(token) and "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c" not in token:
                        row = self.row(m.start())
                        self.known_rows.add(row)
                        yield from self.find(API_TOKEN, row, token, what, sev,
                                             Confidence.MEDIUM if sev is Severity.MEDIUM else Confidence.HIGH)
        if "PRIVATE KEY" in text:
            yield from self.pem()
        if "://" in text:
            for m in _URL_PASSWORD.finditer(text):
                yield from self.literal(PASSWORD, self.row(m.start()), m.group(1),
                                        "password in a connection URL")
        low = text.lower()
        if "password=" in low or "pwd=" in low or "passwd=" in low:
            for m in _KV_PASSWORD.finditer(text):
                yield from self.literal(PASSWORD, self.row(m.start()), m.group(1),
                                        "password in a connection string")
        if "password '" in low or "identified by" in low:
            for m in _SQL_PASSWORD.finditer(text):
                yield from self.literal(PASSWORD, self.row(m.start()), m.group(1), "password in a SQL statement")
        if "Basic " in text:
            yield from self.basic_auth()
        if "Bearer " in text:
            for m in _BEARER.finditer(text):
                yield from self.literal(CREDENTIAL, self.row(m.start()), m.group(1), "bearer token",
                                        "bearer")
        if code.tree is not None:
            yield from self.assignments()
            yield from self.calls()
        rows = code.error_rows if code.tree is not None else range(len(code.lines))
        for row in sorted(rows):
            line = _LINE_ASSIGN.match(code.lines[row][:4000])
            kind = kind_of(line.group(1).rsplit(".", 1)[-1]) if line else None
            if line and kind:
                yield from self.literal(kind, row, line.group(3), f"{kind.title.lower()} for {line.group(1)}",
                                        line.group(1))

    def pem(self) -> Iterator[Finding]:
        text = self.code.text
        end = text.find("-----END")
        for i, m in enumerate(_PEM.finditer(text)):
            row = self.row(m.start())
            if i >= 100:
                break  # enough to say the block holds keys; hostile input repeats the header forever
            if ("hardcoded-private-key", row) in self.seen:
                continue
            while 0 <= end < m.end():
                end = text.find("-----END", end + 1)
            body = text[m.end():end if end >= 0 else m.end() + 600][:8000]
            b64 = re.sub(r"\\n|[\s\"'+,;`]|Proc-Type:.*|DEK-Info:.*", "", body)
            if len(b64) < 64 or "..." in body or "\u2026" in body or "<" in body:
                continue  # an elided example, not a key
            self.known_rows.add(row)
            line = self.code.lines[row]
            secret = line[line.find(m.group(0)) + len(m.group(0)):].strip()
            encrypted = "ENCRYPTED" in m.group(1) or "Proc-Type: 4,ENCRYPTED" in body
            yield from self.find(CRYPTO_KEY, row, secret, m.group(1).lower(), Severity.MEDIUM if encrypted else None)

    def basic_auth(self) -> Iterator[Finding]:
        for m in _BASIC.finditer(self.code.text):
            try:
                plain = base64.b64decode(m.group(1), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                continue
            user, sep, password = plain.partition(":")
            if sep and user and password.isprintable() and verdict(PASSWORD, password) is not None:
                row = self.row(m.start())
                yield from self.literal(PASSWORD, row, m.group(1), "Basic auth header", skip_known=False)

    def assignments(self) -> Iterator[Finding]:
        for a in self.code.assignments:
            rule, text = kind_of(a.key), a.value.text.strip()
            if rule is None and a.key.lower() == "key" and (_LITERAL_CALL.match(text) or text[:2] in ('b"', "b'")):
                rule = CRYPTO_KEY  # KEY = b"..." / "...".getBytes(): key material, not a dict key
            if rule is None:
                continue
            value = self._literal(a.value)
            if value is None and self.code.language == "shell" and a.value.kind == "const":
                value = a.value.value
            yield from self.literal(rule, a.value.node, value, f"{rule.title.lower()} for {a.key}", a.key)

    def _literal(self, arg: Arg | None) -> str | None:
        if arg is None:
            return None
        text = arg.text.strip()
        if arg.kind == "const" and arg.value is not None and text[:1] in "\"'`bBrRuUfL@":
            return arg.value
        m = _LITERAL_CALL.match(text)
        return (m.group(2) or m.group(4)) if m else None

    def calls(self) -> Iterator[Finding]:
        for call in self.code.calls:
            last = call.last
            if self.code.language == "shell":
                yield from self.command(call)
            elif _SETTER.fullmatch(last) and call.args:
                setter = PASSWORD if "pass" in last.lower() else CREDENTIAL
                yield from self.literal(setter, call.args[-1].node, self._literal(call.args[-1]),
                                        f"{setter.title.lower()} passed to {last}", last[3:])
            elif last in _KV_CALLS and len(call.args) >= 2:
                key = call.args[0].value if call.args[0].kind == "const" else None
                rule = kind_of(key.rsplit(".", 1)[-1]) if key else None
                if rule is not None and key:
                    yield from self.literal(rule, call.args[1].node, self._literal(call.args[1]),
                                            f"{rule.title.lower()} for {key}", key)
            elif last in _PASSWORD_ARG and (last != "login" or len(call.args) == 2):
                pw = call.positional(_PASSWORD_ARG[last])
                if pw is not None:
                    yield from self.literal(PASSWORD, pw.node, self._literal(pw), f"password passed to {last}")
            else:
                yield from self.key_argument(call, last)

    def key_argument(self, call: Call, last: str) -> Iterator[Finding]:
        parts = call.qualname.split(".")
        owner = parts[-2] if len(parts) > 1 else ""
        pos, rule = _KEY_ARG.get(last), CRYPTO_KEY
        if (last in ("encode", "sign", "decode", "verify") and owner.lower() in _JWT_OWNERS) or last == "SignedString":
            pos, rule = (1 if last != "SignedString" else 0), CREDENTIAL
        elif (last == "new" and owner in _CIPHER_OWNERS) or last in _CIPHER_OWNERS:
            pos = 0
        arg = call.positional(pos) if pos is not None else None
        if arg is not None:
            yield from self.literal(rule, arg.node, self._literal(arg), f"key passed to {call.name}")

    def command(self, call: Call) -> Iterator[Finding]:
        name = call.name.rsplit("/", 1)[-1]
        args = call.args
        flags = _SHELL_FLAGS.get(name, ()) if name != "docker" or any(a.text == "login" for a in args[:3]) else ()
        for i, a in enumerate(args):
            if "$" in a.text:
                continue
            raw = a.value if a.kind == "const" and a.value is not None else re.sub(r"['\"]", "", a.text)
            env = re.fullmatch(r"([A-Za-z_]\w*)=(.+)", raw)  # ENV K=V, docker -e K=V, env K=V cmd
            rule = kind_of(env.group(1)) if env else None
            if env and rule:
                yield from self.literal(rule, a.node, env.group(2), f"{rule.title.lower()} for {env.group(1)}",
                                        env.group(1))
                continue
            for flag, attached in flags:
                value = raw[len(flag):] if attached and raw.startswith(flag) and len(raw) > len(flag) else (
                    args[i + 1].value if not attached and raw == flag and i + 1 < len(args) else None)
                if value and name == "curl":
                    value = value.partition(":")[2]
                if value:
                    yield from self.literal(PASSWORD, a.node, value, f"password on the {name} command line")
        if name == "htpasswd" and args and args[0].text.startswith("-") and "b" in args[0].text and len(args) >= 4:
            yield from self.literal(PASSWORD, args[-1].node, args[-1].value, "password on the htpasswd command line")


@RULES.register("secrets")
class HardcodedSecrets(RuleFamily):
    rules = (API_TOKEN, CRYPTO_KEY, PASSWORD, CREDENTIAL)
    # No engine patterns: a pattern's snippet is the raw line and would copy the secret into the report. ``check``
    # runs for every block (languages = None) and scans the raw text itself, parsed or not.

    def check(self, code: Code) -> Iterator[Finding]:
        return _Secrets(code).run()
