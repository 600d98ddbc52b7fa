"""Weak cryptography: broken hashes and ciphers, passwords under a fast hash, fixed IVs, short RSA keys, predictable
random numbers where a secret is made, and JWTs whose signature is never checked.

MD5, SHA-1 and non-cryptographic RNGs are fine for checksums, caches and games, so the rules read the names around a
call: the nearest binding (assignment target, keyword, key), else the enclosing function, plus the call's arguments.
Policy: a security name (password, token, secret, salt, nonce, otp, api key...) makes a finding confident; a checksum
or cache name drops a weak hash to low; ``usedforsecurity=False`` is the author saying it is not for security, so it
is not reported. An RNG is reported only where a security name is near (medium) or an id is made (low): a
``random.choice`` in a game is never reported."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from tree_sitter import Node

from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules._crypto_random import (
    PASSWORD_WORDS,
    WEAK_RANDOM,
    context,
    go_math_rand,
    is_secret_name,
    predictable_random,
    words,
)
from parity.scan.rules.base import RULES, RuleFamily, pattern
from parity.scan.syntax import CALL_TYPES, Arg, Call, Code

WEAK_HASH = RuleInfo("weak-hash", "CWE-328", Severity.MEDIUM, "Broken hash (MD5/SHA-1) used", "MD5 and SHA-1 have "
                     "practical collisions, so signatures, integrity checks or tokens built on them can be forged.")
PASSWORD_HASH = RuleInfo("weak-password-hash", "CWE-916", Severity.MEDIUM, "Password hashed with a fast hash",
                         "A fast unsalted digest (or a bcrypt cost this low) lets a stolen hash table be cracked at "
                         "billions of guesses a second; use bcrypt, scrypt, Argon2 or PBKDF2 with a high cost.")
WEAK_CIPHER = RuleInfo("weak-cipher", "CWE-327", Severity.MEDIUM, "Broken cipher or ECB mode",
                       "DES, 3DES, RC4 and Blowfish are broken or too small, and ECB leaks patterns in the plaintext; "
                       "use AES-GCM or ChaCha20-Poly1305.")
STATIC_IV = RuleInfo("static-iv", "CWE-329", Severity.MEDIUM, "Hard-coded IV or nonce",
                     "A fixed IV or nonce makes equal plaintexts encrypt alike and, for GCM/CTR, reveals the "
                     "keystream; generate a fresh random one per message.")
SMALL_KEY = RuleInfo("weak-rsa-key", "CWE-326", Severity.MEDIUM, "RSA/DSA key shorter than 2048 bits", "Keys under "
                     "2048 bits are within reach of factoring or discouraged by every current standard.")
JWT_UNVERIFIED = RuleInfo("jwt-signature-not-verified", "CWE-347", Severity.HIGH, "JWT signature not verified",
                          "Without signature verification (or with alg 'none') anyone can forge a token with any "
                          "claims, such as another user's id or an admin role.")

_NOT_SECURITY = frozenset({"checksum", "checksums", "etag", "cache", "cached", "fingerprint", "file", "files",
                           "filename", "path", "content", "contents", "chunk", "dedup", "dedupe", "duplicate",
                           "gravatar", "avatar", "color", "colour", "shard", "bucket", "partition", "sum", "crc",
                           "cdn", "asset", "url", "read", "open", "lock", "ws", "websocket"})
_KDF = re.compile(r"(?i)pbkdf|hkdf|scrypt|hmac|argon|bcrypt|kdf|oaep|mgf")
_KDF_IN_TEXT = ("pwnedpasswords", "haveibeenpwned")
_HASHES = re.compile(r"(md[245]|sha-?1|sha|ripemd160|sha-?(?:224|256|384|512)|sha3[-_]\d+|blake2[bs]|sm3)")
_HASH_FACTORIES = frozenset({"new", "createhash", "getinstance", "hash", "hash_file", "openssl_digest"})
_BROKEN = frozenset({"md5", "md4", "md2", "sha1", "sha-1", "sha"})
_CIPHER_CALL = re.compile(
    r"(?:^|\.)(?:(?:DES3?|ARC[24]|Blowfish|CAST|XOR)\.new|(?:DES|TripleDES|RC4|RC4Drop|Blowfish)\.(?:en|de)crypt"
    r"|algorithms\.(?:TripleDES|ARC4|Blowfish|CAST5|IDEA|SEED)|DES(?:ede)?KeySpec)$"
    r"|^(?:des|rc4|rc2|blowfish|cast5)\.New\w*Cipher$"
    r"|^(?:EVP_(?:des|rc4|rc2|bf|cast5|idea|seed)\w*|EVP_\w+_ecb|DES_\w+|RC4|RC4_set_key|BF_set_key|AES_ecb_encrypt)$")
_WEAK_ALGO = re.compile(r"(?i)^(?:des(?:-ede3?)?|des3|3des|desede|tripledes|rc4|arcfour|rc2|bf|blowfish|cast5?|idea)"
                        r"(?:[-/].*)?$")
_ECB = re.compile(r"(?i)(?:^|[-/_.])ecb(?:$|[-/_])")
_ALGO_ARG = {"createcipheriv": 0, "createdecipheriv": 0, "openssl_encrypt": 1, "openssl_decrypt": 1,
             "evp_get_cipherbyname": 0, "getinstance": 0}
_IV_ARG = {"createCipheriv": 2, "createDecipheriv": 2, "IvParameterSpec": 0, "GCMParameterSpec": 1,
           "openssl_encrypt": 4, "openssl_decrypt": 4, "EVP_EncryptInit_ex": 4, "EVP_DecryptInit_ex": 4,
           "EVP_CipherInit_ex": 4, "EVP_EncryptInit": 3, "EVP_DecryptInit": 3, "NewCBCEncrypter": 1,
           "NewCBCDecrypter": 1, "NewCTR": 1, "NewCFBEncrypter": 1, "NewCFBDecrypter": 1, "NewOFB": 1}
_STATIC_EXPR = re.compile(
    r"""^(?:[bB]?(['"])[^'"]*\1\s*(?:\*\s*\d+|\.\s*(?:encode|getBytes)\([^)]*\))|(?:bytes|bytearray)\(\s*\d+\s*\)"""
    r"""|(?:bytes|bytearray)\.fromhex\(\s*['"][^'"]*['"]\s*\)|new\s+byte\s*\[\s*\d*\s*\]\s*(?:\{[^}]*\})?"""
    r"""|Buffer\.(?:alloc\(\s*\d+\s*(?:,\s*0\s*)?\)|from\(\s*['"][^'"]*['"]\s*(?:,\s*['"]\w+['"]\s*)?\))"""
    r"""|new\s+Uint8Array\(\s*(?:\d+|\[[\d\s,]*\])\s*\)|\[\]byte\(\s*"[^"]*"\s*\)|\[\]byte\{[\w\s,]*\}"""
    r"""|make\(\s*\[\]byte\s*,\s*\d+\s*\)|\{[\s\dx,]*\})$""")
_MAYBE_FILLED = re.compile(r"^(?:new\s+byte|Buffer\.alloc|new\s+Uint8Array|make\(|bytearray\(|\{)")
_FILL = (r"(?:nextBytes|randomFill\w*|ReadFull|Read|RAND_bytes|RAND_priv_bytes|getRandomValues|readinto)"
         r"\s*\([^)\n]{0,200}?\b")
_KEYSIZE_ARG: dict[str, int | str] = {"generate_private_key": "key_size", "RSA.generate": 0, "DSA.generate": 0,
                                      "rsa.newkeys": 0, "rsa.GenerateKey": 1, "RSA_generate_key": 0,
                                      "RSA_generate_key_ex": 1, "EVP_PKEY_CTX_set_rsa_keygen_bits": 1,
                                      "DSA_generate_parameters_ex": 1, "RSAKeyGenParameterSpec": 0}
# (substrings, one of which must be there; the evidence): a regex led by \b is slow over a whole block
_JWT_TEXT = {
    "go": (("None", "Unverified"), re.compile(r"\bSigningMethodNone\b|\bUnsafeAllowNoneSignatureType\b"
                                              r"|\bParseUnverified\b")),
    "java": (("none()", "Jwt"), re.compile(r"\bAlgorithm\.none\(\)|\bparseClaimsJwt\b|\bparsePlaintextJwt\b")),
    "python": (("unverified",), re.compile(r"\bget_unverified_claims\b|\bdecode_unverified\b"))}
_MCRYPT = re.compile(r"MCRYPT_(?:DES|3DES|TRIPLEDES|BLOWFISH|RC2|ARCFOUR|MODE_ECB)\b")
_AEAD = re.compile(r"AESGCM|ChaCha20Poly1305|AESCCM|AESOCB3")
_CHAIN = frozenset({*CALL_TYPES, "attribute", "member_expression", "field_expression", "selector_expression"})
_KEYPAIR_GEN = re.compile(r'getInstance\(\s*"(?:RSA|DSA|DH|DiffieHellman)"')
_SHELL_BITS = re.compile(r"(?:\bgenrsa\b[^|;&]{0,120}?\s|rsa:|rsa_keygen_bits:|-b\s+)(\d{3,4})\b")
_BCRYPT_COST = {"gensalt": 0, "gensaltsync": 0, "hash": 1, "hashsync": 1, "generatefrompassword": 1,
                "bcryptpasswordencoder": 0, "using": -1}
_SQL_HASH = re.compile(r"(?i)\b(md5|sha[12]?)\s*\(")
_CALL_HINT = re.compile(  # lower-cased callee; a case-insensitive alternation is several times slower
    r"md[245]|sha|blake|ripemd|sm3|digest|hash|cipher|des|rc[24]|arc[24]|blowfish|cast|idea|ecb|cbc|gcm|ctr|cfb"
    r"|ofb|iv|seal|crypt|new$|getinstance|generate|keygen|newkeys|initialize|rand|choice|sample|shuffle|uniform"
    r"|uniqid|lcg|next|ints|longs|jwt|decode|gensalt|using|openssl|evp_|rsa|dsa|aes|xor")
_KEY_HINT = re.compile(r"iv|nonce|modulus|bits|mode|verify_sig|alg|cost|pass|secret|token|key|salt|otp")
_FALSE = frozenset({"False", "false", "0"})


@lru_cache(maxsize=8192)
def _hinted(name: str, pattern: re.Pattern[str]) -> bool:
    """Whether a callee or key could matter; names repeat across answers, so the answer is kept."""
    return pattern.search(name.lower()) is not None


def _int(arg: Arg | None) -> int | None:
    text = arg.text.strip() if arg is not None else ""
    return int(text) if text.isdigit() and len(text) < 7 else None


def _is_static(arg: Arg | None) -> bool:
    if arg is None:
        return False
    text = arg.text.strip()
    if arg.kind == "const" and arg.value is not None and text[:1] in "'\"`bB":
        return len(arg.value) >= 8
    return bool(_STATIC_EXPR.match(text))


class _Crypto:
    """One block's checks; keeps what earlier calls taught (a hash factory seen, Go's math/rand name)."""

    def __init__(self, code: Code) -> None:
        self.code = code
        self.hashers: dict[str, str] = {}  # md = MessageDigest.getInstance("MD5") -> {"md": "md5"}
        self.password_rows: set[int] = set()
        self._static_ivs: dict[str, int] | None = None
        self.lower = code.text.lower()
        self.kdf = any(k in self.lower for k in _KDF_IN_TEXT)  # Pwned Passwords wants SHA-1 of a password: no store
        self.go_rand = go_math_rand(code.text) if code.language == "go" else None

    def find(self, rule: RuleInfo, where: Node | int, conf: Confidence = Confidence.HIGH, msg: str | None = None,
             sev: Severity | None = None) -> Finding:
        return self.code.finding(rule, where, confidence=conf, message=msg and f"{msg}: {rule.why}", severity=sev)

    def run(self) -> Iterator[Finding]:
        code = self.code
        ecb = "ECB" in code.text or "MCRYPT_" in code.text
        for call in code.calls:
            if not _hinted(call.qualname, _CALL_HINT) and not (ecb and call.args):
                continue
            yield from self.hash(call)
            yield from self.cipher(call)
            yield from self.key_size(call)
            yield from predictable_random(code, call, self.go_rand)
            yield from self.jwt_and_cost(call)
        if self.hashers and not self.kdf:
            for call in code.calls:  # md = MessageDigest.getInstance("SHA-256"); md.digest(password.getBytes())
                algo = self.hashers.get(call.name.rsplit(".", 1)[0])
                if algo and call.last in ("update", "digest") and call.node.start_point.row not in \
                        self.password_rows and words(" ".join(a.text for a in call.args)) & PASSWORD_WORDS:
                    yield self.find(PASSWORD_HASH, call.node, Confidence.HIGH, f"password hashed with {algo}",
                                    Severity.HIGH if algo in _BROKEN else None)
        yield from self.assignments()
        yield from self.text()

    def _algorithm(self, call: Call) -> str | None:
        low, parts = call.last.lower(), call.qualname.lower().split(".")
        owner = parts[-2] if len(parts) > 1 else ""
        if low in _HASH_FACTORIES:
            if low == "new" and _HASHES.fullmatch(owner):
                return owner
            arg = call.positional(1 if low == "openssl_digest" else 0)
            if arg is not None and arg.value and _HASHES.fullmatch(arg.value.lower()) and \
                    (low != "getinstance" or owner == "messagedigest"):
                return arg.value.lower()
            return None
        if low.startswith("sum"):  # Go: md5.Sum, sha256.Sum256
            return owner if _HASHES.fullmatch(owner) else None
        m = _HASHES.fullmatch(low.removeprefix("evp_").removesuffix("_init").removesuffix("hex"))
        if m and low != "sha" and (low.startswith(("md", "sha", "evp_")) or "hash" in call.qualname.lower()):
            return m.group(1)
        return None

    def hash(self, call: Call) -> Iterator[Finding]:
        algo = self._algorithm(call)
        kw = call.keyword("usedforsecurity")
        if algo is None or (kw is not None and kw.text in _FALSE):
            return
        name, around = context(self.code, call.node)
        if name.isidentifier():
            self.hashers[name] = algo
        if any(_KDF.search(c) for c in around):
            return
        node = call.node
        while node.parent is not None and node.parent.type in _CHAIN:
            node = node.parent
        data = words(self.code.node_text(node)[:300]) - {"hash", "hashlib", "sha", "md"}
        names = words(name)
        broken = algo.lower() in _BROKEN
        if (data | names) & PASSWORD_WORDS and not (data | names) & {"token", "tokens", "reset"} and not self.kdf:
            self.password_rows.add(call.node.start_point.row)
            yield self.find(PASSWORD_HASH, call.node, Confidence.HIGH if data & PASSWORD_WORDS else Confidence.MEDIUM,
                            f"password hashed with {algo}", Severity.HIGH if broken else None)
        elif broken:
            if is_secret_name(names | data):
                yield self.find(WEAK_HASH, call.node, Confidence.HIGH, f"{algo} protecting a secret")
            elif (names | data) & _NOT_SECURITY:
                yield self.find(WEAK_HASH, call.node, Confidence.LOW, f"{algo} (looks like a checksum or cache key; "
                                "pass usedforsecurity=False or use SHA-256 to say so)", Severity.LOW)
            else:
                yield self.find(WEAK_HASH, call.node, Confidence.MEDIUM, f"{algo} used")

    def cipher(self, call: Call) -> Iterator[Finding]:
        low, args = call.last.lower(), call.args
        if _CIPHER_CALL.search(call.qualname):
            yield self.find(WEAK_CIPHER, call.node, msg=f"{call.name} is a broken cipher or mode")
        elif low in ("createcipher", "createdecipher") and self.code.language in ("javascript", "typescript"):
            yield self.find(WEAK_CIPHER, call.node, msg=f"{call.last} derives the key with MD5 and uses no IV")
        elif low in _ALGO_ARG:
            arg, owner = call.positional(_ALGO_ARG[low]), call.qualname.split(".")[-2:-1]
            value = arg.value if arg is not None and arg.value and (low != "getinstance" or owner in (
                ["Cipher"], ["KeyGenerator"], ["SecretKeyFactory"])) else ""
            if arg is not None and value and (_WEAK_ALGO.match(value) or (
                    _ECB.search(value) and not value.upper().startswith("RSA"))):
                yield self.find(WEAK_CIPHER, arg.node, msg=f"cipher {value!r}")
            elif arg is not None and owner == ["Cipher"] and value.upper() in ("AES", "DESEDE"):
                yield self.find(WEAK_CIPHER, arg.node, msg=f'Cipher.getInstance("{value}") defaults to ECB mode')
        elif (call.last == "ECB" and "modes" in call.qualname) or any(
                a.text.endswith(("MODE_ECB", "mode.ECB")) or _MCRYPT.search(a.text) for a in args):
            yield self.find(WEAK_CIPHER, call.node, msg="ECB mode or a broken mcrypt cipher")
        elif call.qualname.endswith("AES.new") and len(args) == 1:
            yield self.find(WEAK_CIPHER, call.node, Confidence.MEDIUM, "AES.new without a mode is ECB in PyCrypto")
        elif self.code.language == "shell" and call.name == "openssl" and args and args[0].value:
            opts = [a.text.lstrip("-") for a in args[1:12] if a.text.startswith("-")] if args[0].value == "enc" \
                else [args[0].value]
            bad = next((o for o in opts if _WEAK_ALGO.match(o) or _ECB.search(o)), None)
            if bad:
                yield self.find(WEAK_CIPHER, call.node, msg=f"openssl cipher {bad}")
        yield from self.static_iv(call, low)

    def static_iv(self, call: Call, low: str) -> Iterator[Finding]:
        pos = _IV_ARG.get(call.last)
        if pos is None and call.last in ("CBC", "GCM", "CTR", "CFB", "OFB", "CFB8") and "modes" in call.qualname:
            pos = 0
        iv: Arg | None = None
        if pos is not None:
            iv = call.positional(pos)
        elif low == "new":
            iv = call.keyword("iv") or call.keyword("nonce") or call.keyword("IV")
            if iv is None and len(call.args) > 2 and "MODE_" in call.args[1].text:
                iv = call.positional(2)
        elif low == "seal" and len(call.args) == 4:  # Go AEAD: Seal(dst, nonce, plaintext, aad)
            iv = call.positional(1)
        elif low == "encrypt" and _AEAD.search(call.name):
            iv = call.positional(0)
        if iv is not None and _is_static(iv):
            yield self.find(STATIC_IV, iv.node, msg=f"constant IV/nonce {iv.text[:24]}")
        elif iv is not None and iv.text in self.static_ivs():
            yield self.find(STATIC_IV, iv.node, msg=f"{iv.text} is the constant from line {self.static_ivs()[iv.text]}")

    def static_ivs(self) -> dict[str, int]:
        """Names bound to a constant IV or nonce in this block (never refilled from an RNG) -> their line."""
        if self._static_ivs is None:
            self._static_ivs = {}
            for a in self.code.assignments:
                key = a.key if not a.key.isdigit() else re.sub(r"\W.*", "", a.target.lstrip("*& "))
                ws, text = words(key), a.value.text.strip()
                if ws & {"iv", "nonce"} and not ws & {"length", "len", "size", "bits", "name", "header"} and \
                        _is_static(a.value) and not (_MAYBE_FILLED.match(text) and re.search(
                            _FILL + re.escape(key) + r"\b", self.code.text)):
                    self._static_ivs[key] = a.line
        return self._static_ivs

    def key_size(self, call: Call) -> Iterator[Finding]:
        spec = _KEYSIZE_ARG.get(call.last, _KEYSIZE_ARG.get(".".join(call.qualname.split(".")[-2:])))
        if spec is None and call.last == "initialize" and _KEYPAIR_GEN.search(self.code.text) and \
                '"EC"' not in self.code.text:
            spec = 0
        arg = call.keyword(spec) if isinstance(spec, str) else call.positional(spec) if spec is not None else None
        bits = _int(arg)
        if arg is not None and bits is not None and 0 < bits < 2048:
            yield self.find(SMALL_KEY, arg.node, msg=f"{bits}-bit key")
        elif self.code.language == "shell" and call.name in ("openssl", "ssh-keygen"):
            text = " ".join(a.text for a in call.args)[:1000]
            m = _SHELL_BITS.search(text)
            if (m and int(m.group(1)) < 2048) or re.search(r"-t\s+dsa\b", text):
                yield self.find(SMALL_KEY, call.node, msg="RSA key under 2048 bits (or DSA)")

    def jwt_and_cost(self, call: Call) -> Iterator[Finding]:
        q, low = call.qualname.lower(), call.last.lower()
        verify = call.keyword("verify")
        if low == "decode" and "jwt" in q and verify is not None and verify.text in _FALSE:
            yield self.find(JWT_UNVERIFIED, verify.node)
        elif self.code.language in ("javascript", "typescript") and low == "decode" and (
                q == "jsonwebtoken.decode" or ("jwt" in q and "jsonwebtoken" in self.code.text)):
            yield self.find(JWT_UNVERIFIED, call.node, Confidence.LOW, "jwt.decode() reads claims without checking "
                            "the signature (use jwt.verify)", Severity.MEDIUM)
        if "bcrypt" in q and low in _BCRYPT_COST:
            arg = call.keyword("rounds") or (call.positional(_BCRYPT_COST[low]) if _BCRYPT_COST[low] >= 0 else None)
            cost = _int(arg)
            if arg is not None and ((cost is not None and cost < 10) or arg.text.endswith("MinCost")):
                yield self.find(PASSWORD_HASH, arg.node, msg=f"bcrypt cost {arg.text}", sev=Severity.LOW)

    def assignments(self) -> Iterator[Finding]:
        code = self.code
        jwt = None
        for a in code.assignments:
            key = a.key if not a.key.isdigit() else re.sub(r"\W.*", "", a.target.lstrip("*& "))
            if not _hinted(key, _KEY_HINT):
                continue
            ws, text = words(key), a.value.text.strip()
            if jwt is None and ws & {"algorithm", "alg", "algorithms"}:
                jwt = any(k in self.lower for k in ("jwt", "jws", "jose"))
            if self.static_ivs().get(key) == a.line:
                yield self.find(STATIC_IV, a.node, msg=f"{key} is a constant")
            elif key in ("modulusLength", "private_key_bits") and (_int(a.value) or 2048) < 2048:
                yield self.find(SMALL_KEY, a.node, msg=f"{text}-bit key")
            elif key.lower() == "mode" and text.endswith((".ECB", "MODE_ECB")):
                yield self.find(WEAK_CIPHER, a.node, msg="ECB mode")
            elif key == "verify_signature" and text in _FALSE:
                yield self.find(JWT_UNVERIFIED, a.node)
            elif jwt and key.lower() in ("algorithm", "alg", "algorithms") and re.search(r"""(?i)['"]none['"]""", text):
                yield self.find(JWT_UNVERIFIED, a.node, msg="alg 'none' accepts unsigned tokens")
            elif key == "cost" and "password_hash" in code.text and (_int(a.value) or 10) < 10:
                yield self.find(PASSWORD_HASH, a.node, msg=f"bcrypt cost {text}", sev=Severity.LOW)
            elif code.language == "shell" and "$RANDOM" in text and is_secret_name(ws):
                yield self.find(WEAK_RANDOM, a.node, Confidence.MEDIUM, f"$RANDOM makes {key}")

    def text(self) -> Iterator[Finding]:
        code = self.code
        need, jwt_text = _JWT_TEXT.get(code.language or "", ((), None))
        for m in jwt_text.finditer(code.text) if jwt_text and any(n in code.text for n in need) else ():
            yield self.find(JWT_UNVERIFIED, code.text.count("\n", 0, m.start()), Confidence.MEDIUM, m.group(0))
        if code.language == "sql":
            for row, line in enumerate(code.lines):
                sql = _SQL_HASH.search(line)
                if sql and words(line) & PASSWORD_WORDS:
                    yield self.find(PASSWORD_HASH, row, Confidence.MEDIUM, f"password hashed with {sql.group(1)}()",
                                    Severity.HIGH)
        elif code.language == "shell" and "passwd" in code.text:
            for m in re.finditer(r"\bopenssl\s+passwd\s+(?:-1|-crypt|-apr1)\b", code.text):
                yield self.find(PASSWORD_HASH, code.text.count("\n", 0, m.start()), msg="MD5/DES crypt")


@RULES.register("crypto")
class WeakCrypto(RuleFamily):
    rules = (WEAK_HASH, PASSWORD_HASH, WEAK_CIPHER, STATIC_IV, SMALL_KEY, WEAK_RANDOM, JWT_UNVERIFIED)
    # Fallback evidence, one literal-led regex each: the engine's literal-prefix search makes these several times
    # faster than one alternation, and they run on every line of blocks it could not parse.
    patterns = tuple(pattern(rule, rx, langs, confidence=conf) for rule, rx, langs, conf in [
        (WEAK_HASH, r"hashlib\.(?:md5|sha1)\((?![^)]{0,200}usedforsecurity\s*=\s*False)", None, Confidence.LOW),
        (WEAK_HASH, r"createHash\(\s*['\"](?:md5|sha1)['\"]", None, Confidence.LOW),
        (WEAK_HASH, r'MessageDigest\.getInstance\(\s*"(?:MD5|SHA-?1)"', None, Confidence.LOW),
        (PASSWORD_HASH, r"(?:md5|sha1|sha256|MD5|SHA1)\s*\(\s*\$?\w{0,40}[pP]assw", ["php", "python", "sql"],
         Confidence.MEDIUM),
        (WEAK_CIPHER, r"MODE_ECB\b", None, Confidence.MEDIUM),
        (WEAK_CIPHER, r"createCipher\(", ["javascript", "typescript"], Confidence.MEDIUM),
        (WEAK_CIPHER, r'Cipher\.getInstance\(\s*"(?:DES|DESede|RC4|AES"|[^"]{0,20}/ECB/)', None, Confidence.MEDIUM),
        (WEAK_CIPHER, r"DES3?\.new\(|ARC4\.new\(|Blowfish\.new\(", None, Confidence.MEDIUM),
        (JWT_UNVERIFIED, r"""verify_signature['"]?\s*:\s*(?:False|false)""", None, Confidence.MEDIUM),
        (JWT_UNVERIFIED, r"""algorithms?['"]?\s*[=:]\s*\[?\s*['"]none['"]""", None, Confidence.MEDIUM),
        (SMALL_KEY, r"modulusLength\s*:\s*(?:512|768|1024)\b", None, Confidence.MEDIUM),
        (SMALL_KEY, r"key_size\s*=\s*(?:512|768|1024)\b", ["python"], Confidence.MEDIUM),
        (SMALL_KEY, r"genrsa\b.{0,100}\s(?:512|768|1024)\b", None, Confidence.MEDIUM),
        (WEAK_RANDOM, r"Math\.random\(\).{0,80}(?:token|password|secret|salt)", ["javascript", "typescript"],
         Confidence.LOW),
    ])

    def check(self, code: Code) -> Iterator[Finding]:
        return _Crypto(code).run() if code.tree is not None else iter(())
