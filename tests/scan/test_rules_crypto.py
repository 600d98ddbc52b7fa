from __future__ import annotations

import time

import pytest

from parity.scan import Severity

HASH, PW, CIPHER, IV = ("weak-hash", "CWE-328"), ("weak-password-hash", "CWE-916"), ("weak-cipher", "CWE-327"), \
    ("static-iv", "CWE-329")
KEY, RAND, JWT = ("weak-rsa-key", "CWE-326"), ("insecure-random", "CWE-338"), ("jwt-signature-not-verified", "CWE-347")

POSITIVE = [
    # weak hashes
    ("python", "import hashlib\nsig = hashlib.md5(secret + body).hexdigest()\n", HASH, 2),
    ("python", "import hashlib\nh = hashlib.new('sha1', data)\n", HASH, 2),
    ("python", "from cryptography.hazmat.primitives import hashes\nd = hashes.Hash(hashes.SHA1())\n", HASH, 2),
    ("javascript", "const crypto = require('crypto');\n"
                   "const sig = crypto.createHash('md5').update(body).digest('hex');", HASH, 2),
    ("java", 'class A { void f() throws Exception {\n MessageDigest md = MessageDigest.getInstance("SHA-1");\n} }',
     HASH, 2),
    ("go", 'package main\nimport "crypto/md5"\nfunc sign(b []byte) [16]byte {\n\treturn md5.Sum(b)\n}', HASH, 4),
    ("c", "void f(const unsigned char *d, size_t n, unsigned char *out) {\n  MD5(d, n, out);\n}", HASH, 2),
    # passwords under a fast hash
    ("python", "import hashlib\ndef hash_password(password):\n    return hashlib.md5(password.encode()).hexdigest()\n",
     PW, 3),
    ("python", "import hashlib\nstored = hashlib.sha256((salt + password).encode()).hexdigest()\n", PW, 2),
    ("javascript", "const hash = crypto.createHash('sha256').update(password).digest('hex');", PW, 1),
    ("java", 'class A { byte[] f(String password) throws Exception {\n'
             ' MessageDigest md = MessageDigest.getInstance("SHA-256");\n'
             ' return md.digest(password.getBytes());\n} }', PW, 3),
    ("php", "<?php\n$hash = md5($_POST['password']);\n", PW, 2),
    ("sql", "INSERT INTO users (name, password) VALUES ('bob', MD5('x'));", PW, 1),
    ("python", "import bcrypt\nsalt = bcrypt.gensalt(rounds=4)\n", PW, 2),
    ("javascript", "const bcrypt = require('bcrypt');\nconst h = await bcrypt.hash(pw, 4);", PW, 2),
    ("shell", "openssl passwd -1 hunter2", PW, 1),
    # weak ciphers and ECB
    ("python", "from Crypto.Cipher import DES\nc = DES.new(key, DES.MODE_CBC, iv)\n", CIPHER, 2),
    ("python", "from Crypto.Cipher import AES\ncipher = AES.new(key, AES.MODE_ECB)\n", CIPHER, 2),
    ("python", "from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n"
               "c = Cipher(algorithms.AES(key), modes.ECB())\n", CIPHER, 2),
    ("javascript", "const c = crypto.createCipher('aes192', password);", CIPHER, 1),
    ("javascript", "const c = crypto.createCipheriv('des-ede3-cbc', key, iv);", CIPHER, 1),
    ("typescript", "const enc = CryptoJS.AES.encrypt(msg, key, { mode: CryptoJS.mode.ECB });", CIPHER, 1),
    ("java", 'class A { void f() throws Exception {\n Cipher c = Cipher.getInstance("AES");\n} }', CIPHER, 2),
    ("java", 'class A { void f() throws Exception {\n Cipher c = Cipher.getInstance("DESede/CBC/PKCS5Padding");\n} }',
     CIPHER, 2),
    ("go", "package main\nfunc f(k []byte) {\n\tb, _ := des.NewTripleDESCipher(k)\n\t_ = b\n}", CIPHER, 3),
    ("php", "<?php\n$enc = openssl_encrypt($data, 'aes-128-ecb', $key);\n", CIPHER, 2),
    ("c", "void f(EVP_CIPHER_CTX *ctx) {\n  EVP_EncryptInit_ex(ctx, EVP_rc4(), NULL, key, NULL);\n}", CIPHER, 2),
    ("shell", "openssl enc -des3 -in a.txt -out a.enc", CIPHER, 1),
    # static IVs and nonces
    ("python", 'from Crypto.Cipher import AES\niv = b"1234567890123456"\nc = AES.new(key, AES.MODE_CBC, iv)\n', IV, 2),
    ("python", "from cryptography.hazmat.primitives.ciphers import modes\nm = modes.CBC(b'\\x00' * 16)\n", IV, 2),
    ("javascript", "const c = crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16, 0));", IV, 1),
    ("java", "class A { void f() {\n IvParameterSpec spec = new IvParameterSpec(new byte[16]);\n} }", IV, 2),
    ("go", 'package main\nfunc f() {\n\tiv := []byte("1234567890123456")\n\t_ = iv\n}', IV, 3),
    ("c", "void f(void) {\n  unsigned char iv[16] = {0};\n  EVP_EncryptInit_ex(ctx, c, NULL, key, iv);\n}", IV, 2),
    # short keys
    ("python", "from cryptography.hazmat.primitives.asymmetric import rsa\n"
               "k = rsa.generate_private_key(public_exponent=65537, key_size=1024)\n", KEY, 2),
    ("javascript", "const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });", KEY, 1),
    ("java", 'class A { void f() throws Exception {\n KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");\n'
             ' g.initialize(1024);\n} }', KEY, 3),
    ("go", "package main\nfunc f() {\n\tk, _ := rsa.GenerateKey(rand.Reader, 1024)\n\t_ = k\n}", KEY, 3),
    ("php", "<?php\n$res = openssl_pkey_new(['private_key_bits' => 1024]);\n", KEY, 2),
    ("c", "RSA *r = RSA_generate_key(512, 65537, NULL, NULL);", KEY, 1),
    ("shell", "openssl genrsa -out key.pem 1024", KEY, 1),
    # predictable randomness for secrets
    ("python", "import random, string\ndef gen_token(n=32):\n"
               "    return ''.join(random.choice(string.ascii_letters) for _ in range(n))\n", RAND, 3),
    ("python", "from random import randint\notp = str(randint(100000, 999999))\n", RAND, 2),
    ("javascript", "function makeToken() {\n  return Math.random().toString(36).slice(2);\n}", RAND, 2),
    ("typescript", "const resetPassword: string = Math.random().toString(36);", RAND, 1),
    ("java", "class A { String f() {\n Random rnd = new Random();\n String token = Long.toHexString(rnd.nextLong());\n"
             " return token;\n} }", RAND, 3),
    ("go", 'package main\nimport "math/rand"\nfunc newSessionKey() int64 {\n\treturn rand.Int63()\n}', RAND, 4),
    ("php", "<?php\n$token = md5(uniqid());\n", RAND, 2),
    ("c", "void f(void) {\n  int session_key = rand();\n}", RAND, 2),
    ("shell", "PASSWORD=$RANDOM\necho $PASSWORD", RAND, 1),
    # JWT signature not verified
    ("python", "import jwt\nclaims = jwt.decode(tok, options={'verify_signature': False})\n", JWT, 2),
    ("python", "import jwt\nclaims = jwt.decode(tok, key, verify=False)\n", JWT, 2),
    ("python", "import jwt\nt = jwt.encode(payload, None, algorithm='none')\n", JWT, 2),
    ("javascript", "const jwt = require('jsonwebtoken');\njwt.verify(token, secret, { algorithms: ['none'] });",
     JWT, 2),
    ("go", "package main\nfunc f() {\n\tt, _ := jwt.Parse(s, func(t *jwt.Token) (interface{}, error) {\n"
           "\t\treturn jwt.UnsafeAllowNoneSignatureType, nil\n\t})\n\t_ = t\n}", JWT, 4),
    ("java", "class A { void f() {\n Algorithm a = Algorithm.none();\n} }", JWT, 2),
]

NEGATIVE = [
    ("python", "import hashlib, secrets\ndigest = hashlib.sha256(data).hexdigest()\ntoken = secrets.token_hex(32)\n"),
    ("python", "import hashlib\netag = hashlib.md5(body, usedforsecurity=False).hexdigest()\n"),
    ("python", "import bcrypt\nhashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))\n"),
    ("python", "import hashlib\nkey = hashlib.pbkdf2_hmac('sha256', password.encode(), salt, 600_000)\n"),
    ("python", "import random\nmove = random.choice(['rock', 'paper', 'scissors'])\nrandom.shuffle(deck)\n"),
    ("python", "import random\ntokens = text.split()\nrandom.shuffle(tokens)\n"),
    ("python", "from Crypto.Cipher import AES\nimport os\nc = AES.new(key, AES.MODE_GCM, nonce=os.urandom(12))\n"),
    ("python", "from cryptography.hazmat.primitives.asymmetric import rsa\n"
               "k = rsa.generate_private_key(public_exponent=65537, key_size=4096)\n"),
    ("python", "import jwt\nclaims = jwt.decode(tok, key, algorithms=['HS256'])\n"),
    ("javascript", "const iv = crypto.randomBytes(16);\nconst c = crypto.createCipheriv('aes-256-gcm', key, iv);\n"
                   "const h = crypto.createHash('sha256').update(body).digest('hex');"),
    ("javascript", "const delay = Math.random() * 1000;\nconst color = colors[Math.floor(Math.random() * 3)];"),
    ("javascript", "const jwt = require('jsonwebtoken');\nconst claims = jwt.verify(token, secret, "
                   "{ algorithms: ['HS256'] });"),
    ("java", 'class A { void f() throws Exception {\n SecureRandom r = new SecureRandom();\n'
             ' byte[] iv = new byte[12];\n r.nextBytes(iv);\n Cipher c = Cipher.getInstance("AES/GCM/NoPadding");\n'
             ' c.init(1, k, new GCMParameterSpec(128, iv));\n'
             ' MessageDigest md = MessageDigest.getInstance("SHA-256");\n} }'),
    ("java", "class A { int roll() {\n Random dice = new Random();\n int face = dice.nextInt(6);\n return face;\n} }"),
    ("go", 'package main\nimport (\n\t"crypto/rand"\n\t"crypto/sha256"\n)\nfunc f(b []byte) {\n\trand.Read(b)\n'
           '\t_ = sha256.Sum256(b)\n}'),
    ("go", 'package main\nimport "math/rand"\nfunc jitter() int {\n\treturn rand.Intn(100)\n}'),
    ("php", "<?php\n$hash = password_hash($password, PASSWORD_DEFAULT);\n$token = bin2hex(random_bytes(32));\n"),
    ("c", "int main(void) {\n  int dice = rand() % 6;\n  return dice;\n}"),
    ("shell", "sha256sum file.tar.gz\nmd5sum file.iso\nopenssl genrsa -out key.pem 4096\n"
              "openssl enc -aes-256-cbc -pbkdf2 -in a -out b"),
    ("sql", "SELECT id, md5(payload) AS checksum FROM events;"),
]


@pytest.mark.parametrize(("language", "code", "rule", "line"), POSITIVE)
def test_flags_weak_crypto(scan_with, language, code, rule, line):
    found = scan_with("crypto")(code, language=language)
    assert (rule[0], rule[1], line) in [(f.rule, f.cwe, f.line) for f in found], found


@pytest.mark.parametrize(("language", "code"), NEGATIVE)
def test_leaves_sound_crypto_alone(scan_with, language, code):
    assert scan_with("crypto")(code, language=language) == []


def test_checksum_naming_lowers_a_weak_hash(scan_with):
    found = scan_with("crypto")("import hashlib\nchecksum = hashlib.md5(open(p, 'rb').read()).hexdigest()\n",
                                language="python")
    assert [(f.rule, f.severity, f.confidence.value) for f in found] == [("weak-hash", Severity.LOW, "low")]


def test_random_for_an_id_is_low(scan_with):
    found = scan_with("crypto")("const id = Math.random().toString(36).slice(2);", language="javascript")
    assert [(f.rule, f.severity) for f in found] == [("insecure-random", Severity.LOW)]


def test_md5_of_a_password_is_high(scan_with):
    found = scan_with("crypto")("<?php\n$hash = md5($_POST['password']);\n", language="php")
    assert [f.severity for f in found] == [Severity.HIGH]


def test_broken_code_still_scanned_by_the_fallback_patterns(scan_with):
    answer = "Here:\n```python\ndef f(key:\n    c = AES.new(key, AES.MODE_ECB\n    h = hashlib.md5(data\n"
    found = scan_with("crypto")(answer)
    assert {(f.rule, f.line) for f in found} >= {("weak-cipher", 4), ("weak-hash", 5)}


def test_unknown_language_uses_generic_patterns(scan_with):
    found = scan_with("crypto")("config:\n  jwt: {verify_signature: false}\n")
    assert [(f.rule, f.line) for f in found] == [("jwt-signature-not-verified", 2)]


def test_hostile_input_is_fast(scan_with):
    scan = scan_with("crypto")
    for text in ("a" * 100_000, "(" * 5_000 + ")" * 5_000, "genrsa " * 10_000, "hashlib.md5(" * 5_000):
        start = time.perf_counter()
        scan(text, language="python")
        scan(text)
        assert time.perf_counter() - start < 2.0
