from __future__ import annotations

import base64
import hashlib
import time

import pytest

from parity.scan import Severity


def fake(label: str, n: int, alphabet: str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") -> str:
    """A random-looking but made-up token, built at run time so no token-shaped literal sits in this file (secret
    scanners on the repository would stop it)."""
    digest = hashlib.sha512(label.encode()).digest() * 4
    return "".join(alphabet[b % len(alphabet)] for b in digest[:n])


UPPER32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
AWS_ID = "AK" + "IA" + fake("aws", 16, UPPER32)
GITHUB = "gh" + "p_" + fake("gh", 36)
SLACK = "xo" + "xb-" + fake("slack", 12, "0123456789") + "-" + fake("slack2", 24)
STRIPE = "sk" + "_live_" + fake("stripe", 24)
OPENAI = "sk-" + "proj-" + fake("openai", 48)
ANTHROPIC = "sk-" + "ant-api03-" + fake("anthropic", 60)
GOOGLE = "AI" + "za" + fake("google", 35)
JWT = ".".join(["eyJ" + fake("h", 20), "eyJ" + fake("p", 40), fake("s", 43)])
PEM_BODY = "\n".join(fake(f"pem{i}", 64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                     for i in range(4))
PEM = f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----"
RANDOM_SECRET = fake("generic", 32)
AWS_SECRET = fake("aws-secret", 40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
PASSWORD_VALUE = "Tr0ub4dor&3x"
BASIC = base64.b64encode(b"admin:" + PASSWORD_VALUE.encode()).decode()

TOKEN, PEM_RULE = ("hardcoded-api-token", "CWE-798"), ("hardcoded-crypto-key", "CWE-321")
PW, CRED = ("hardcoded-password", "CWE-259"), ("hardcoded-credential", "CWE-798")

POSITIVE = [
    # known formats, any language and unknown ones
    ("python", f'import boto3\nAWS_KEY = "{AWS_ID}"\n', TOKEN, 2, AWS_ID),
    ("javascript", f"const gh = new Octokit({{ auth: '{GITHUB}' }});", TOKEN, 1, GITHUB),
    ("shell", f"export SLACK_BOT={SLACK}\n", TOKEN, 1, SLACK),
    ("go", f'package main\nconst stripeKey = "{STRIPE}"\n', TOKEN, 2, STRIPE),
    ("python", f'client = OpenAI(api_key="{OPENAI}")\n', TOKEN, 1, OPENAI),
    (None, f"Set this in your config:\n\n    ANTHROPIC_API_KEY={ANTHROPIC}\n", TOKEN, 3, ANTHROPIC),
    ("java", f'class A {{\n  static final String MAPS = "{GOOGLE}";\n}}', TOKEN, 2, GOOGLE),
    ("php", f"<?php\n$headers = ['Authorization' => 'Bearer {JWT}'];\n", TOKEN, 2, JWT),
    ("python", f'aws_secret_access_key = "{AWS_SECRET}"\n', CRED, 1, AWS_SECRET),
    (None, f"[default]\naws_access_key_id = {AWS_ID}\naws_secret_access_key = {AWS_SECRET}\n", CRED, 3, AWS_SECRET),
    ("python", f'KEY = """{PEM}"""\n', PEM_RULE, 1, PEM_BODY[:40]),
    ("java", 'class T {\n  private static final byte[] KEY = "acme1234".getBytes();\n}', PEM_RULE, 2, "acme1234"),
    ("python", 'from cryptography.fernet import Fernet\nf = Fernet(b"' + RANDOM_SECRET + '")\n', PEM_RULE, 2,
     RANDOM_SECRET),
    (None, PEM + "\n", PEM_RULE, 1, PEM_BODY[:40]),
    # generic passwords and secrets
    ("python", f'DB_PASSWORD = "{PASSWORD_VALUE}"\n', PW, 1, PASSWORD_VALUE),
    ("python", f'conn = psycopg2.connect(host="db", user="app", password="{PASSWORD_VALUE}")\n', PW, 1,
     PASSWORD_VALUE),
    ("python", f'app.config["SECRET_KEY"] = "{RANDOM_SECRET}"\n', CRED, 1, RANDOM_SECRET),
    ("python", 'app.config["SECRET_KEY"] = "dev"\n', CRED, 1, "dev"),
    ("python", f'token = jwt.encode(payload, "{RANDOM_SECRET}", algorithm="HS256")\n', CRED, 1, RANDOM_SECRET),
    ("javascript", f"const config = {{\n  user: 'app',\n  password: '{PASSWORD_VALUE}',\n}};", PW, 3, PASSWORD_VALUE),
    ("typescript", f'const apiKey: string = "{RANDOM_SECRET}";', CRED, 1, RANDOM_SECRET),
    ("java", f'class A {{ void f() {{\n  ds.setPassword("{PASSWORD_VALUE}");\n}} }}', PW, 2, PASSWORD_VALUE),
    ("java", f'class A {{ void f() {{\n  c = DriverManager.getConnection(url, "root", "{PASSWORD_VALUE}");\n}} }}',
     PW, 2, PASSWORD_VALUE),
    ("go", f'package main\nvar cfg = Config{{User: "app", Password: "{PASSWORD_VALUE}"}}\n', PW, 2, PASSWORD_VALUE),
    ("php", f"<?php\ndefine('DB_PASSWORD', '{PASSWORD_VALUE}');\n", PW, 2, PASSWORD_VALUE),
    ("php", f"<?php\n$db = new mysqli('localhost', 'root', '{PASSWORD_VALUE}', 'app');\n", PW, 2, PASSWORD_VALUE),
    ("c", f'const char *db_password = "{PASSWORD_VALUE}";', PW, 1, PASSWORD_VALUE),
    # connection strings, command lines, headers
    ("python", f'engine = create_engine("postgresql://app:{PASSWORD_VALUE}@db:5432/app")\n', PW, 1, PASSWORD_VALUE),
    ("javascript", f"mongoose.connect('mongodb+srv://app:{PASSWORD_VALUE}@cluster0.mongodb.net/db');", PW, 1,
     PASSWORD_VALUE),
    ("shell", f"mysql -u root -p'{PASSWORD_VALUE}' app < dump.sql", PW, 1, PASSWORD_VALUE),
    ("shell", f"sshpass -p '{PASSWORD_VALUE}' ssh deploy@host", PW, 1, PASSWORD_VALUE),
    ("shell", f"curl -u admin:{PASSWORD_VALUE} https://api.example.com", PW, 1, PASSWORD_VALUE),
    ("shell", f"docker run -e POSTGRES_PASSWORD={PASSWORD_VALUE} postgres:16", PW, 1, PASSWORD_VALUE),
    ("shell", f'curl -H "Authorization: Basic {BASIC}" https://api.example.com', PW, 1, BASIC),
    ("sql", f"CREATE USER app WITH PASSWORD '{PASSWORD_VALUE}';\nGRANT ALL ON db TO app;", PW, 1, PASSWORD_VALUE),
    (None, f"database:\n  user: app\n  password: {PASSWORD_VALUE}\n", PW, 3, PASSWORD_VALUE),
    (None, f"DB_HOST=db\nDB_PASSWORD={PASSWORD_VALUE}\n", PW, 2, PASSWORD_VALUE),
]

NEGATIVE = [
    ("python", 'import os\nAPI_KEY = os.environ["API_KEY"]\npassword = os.getenv("DB_PASSWORD")\n'),
    ("python", 'api_key = "your-api-key-here"\npassword = "<PASSWORD>"\nsecret = "changeme"\n'),
    ("python", 'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"\n'
               'AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n'),
    ("python", 'client = OpenAI(api_key="sk-...")\nPASSWORD_FIELD = "password"\nprompt = "Enter your password:"\n'),
    ("python", 'tokenizer.pad_token = "<pad>"\nmax_tokens = 512\nTOKEN_URL = "https://auth.example.com/token"\n'),
    ("python", 'password_env = "DB_PASSWORD"\nAUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]\n'
               'auth_backend = "django.contrib.auth.backends.ModelBackend"\n'),
    ("python", 'url = f"postgresql://{user}:{password}@{host}/db"\nhashed = bcrypt.hashpw(password, salt)\n'),
    ("javascript", "const password = process.env.DB_PASSWORD;\nconst token = req.headers.authorization;\n"
                   "fetch(url, { headers: { Authorization: `Bearer ${token}` } });"),
    ("javascript", "const form = { type: 'password', label: 'Password', placeholder: 'Your password' };"),
    ("typescript", "const secret: string = config.get<string>('jwt.secret');"),
    ("java", 'class A { void f() { String pw = System.getenv("DB_PASSWORD"); ds.setPassword(pw); } }'),
    ("go", 'package main\nimport "os"\nvar password = os.Getenv("DB_PASSWORD")\n'),
    ("php", "<?php\n$password = $_ENV['DB_PASSWORD'];\n$pdo = new PDO($dsn, $user, $password);\n"),
    ("shell", 'mysql -u root -p app\nexport DB_PASSWORD="${DB_PASSWORD:?}"\ncurl -u "$USER:$PASS" https://x\n'),
    (None, "database:\n  password: ${DB_PASSWORD}\n  user: app\n"),
    (None, "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----\n"),
    (None, "mongodb://user:<password>@cluster0.example.net/db\n"),
]


@pytest.mark.parametrize(("language", "code", "rule", "line", "secret"), POSITIVE)
def test_flags_hardcoded_secrets_and_masks_them(scan_with, language, code, rule, line, secret):
    found = scan_with("secrets")(code, language=language)
    assert (rule[0], rule[1], line) in [(f.rule, f.cwe, f.line) for f in found], found
    for f in found:
        assert secret not in f.snippet
        if len(secret) >= 14:
            assert secret not in f.message and secret[6:14] not in f.snippet + f.message


@pytest.mark.parametrize(("language", "code"), NEGATIVE)
def test_leaves_placeholders_and_environment_lookups_alone(scan_with, language, code):
    assert scan_with("secrets")(code, language=language) == []


def test_snippet_keeps_only_a_prefix(scan_with):
    [f] = scan_with("secrets")(f'GITHUB_TOKEN = "{GITHUB}"\n', language="python")
    assert f.snippet == f'GITHUB_TOKEN = "{GITHUB[:4]}***"' and f.severity is Severity.HIGH


def test_test_looking_values_are_low(scan_with):
    found = scan_with("secrets")('password = "test1234!"\n', language="python")
    assert [(f.rule, f.severity) for f in found] == [("hardcoded-password", Severity.LOW)]


def test_a_known_format_is_not_also_reported_as_generic(scan_with):
    found = scan_with("secrets")(f'api_key = "{OPENAI}"\n', language="python")
    assert [f.rule for f in found] == ["hardcoded-api-token"]


def test_broken_code_still_scanned(scan_with):
    answer = f"Like this:\n```python\ndef connect(:\n    password = \"{PASSWORD_VALUE}\"\n    key = \"{STRIPE}\n"
    found = scan_with("secrets")(answer)
    assert {(f.rule, f.line) for f in found} >= {("hardcoded-password", 4), ("hardcoded-api-token", 5)}
    assert all(PASSWORD_VALUE not in f.snippet and STRIPE not in f.snippet for f in found)


def test_hostile_input_is_fast(scan_with):
    scan = scan_with("secrets")
    for text in ("a" * 100_000, "sk-" * 30_000, "://:" * 20_000, "password=" * 10_000, "eyJ." * 20_000,
                 "Basic " * 15_000, "-----BEGIN PRIVATE KEY-----" * 3_000):
        start = time.perf_counter()
        scan(text, language="python")
        scan(text)
        assert time.perf_counter() - start < 2.0, text[:20]


def test_docker_port_flag_is_not_a_password(scan_with):
    found = scan_with("secrets")(f"docker run -p 5432:5432 postgres\ndocker login -p {PASSWORD_VALUE} registry.io",
                                 language="shell")
    assert [(f.rule, f.line) for f in found] == [("hardcoded-password", 2)]
