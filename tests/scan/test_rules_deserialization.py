from __future__ import annotations

import time

import pytest

from parity.scan.document import Block
from parity.scan.rules.base import RULES
from parity.scan.syntax import Code

DESER, YAML, MODEL = "unsafe-deserialization", "unsafe-yaml-load", "unsafe-model-load"

POSITIVE = [
    # (language, code, rule, line, confidence)
    ("python", "import pickle\nfrom flask import request\nobj = pickle.loads(request.get_data())\n", DESER, 3, "high"),
    ("python", "import pickle, base64\nraw = request.cookies.get('cart')\n"
               "items = pickle.loads(base64.b64decode(raw))\n", DESER, 3, "medium"),
    ("python", "import cPickle\nstate = cPickle.loads(blob)\n", DESER, 2, "medium"),
    ("python", "import pickle as pk\nmsg = pk.loads(sock.recv(4096))\n", DESER, 2, "high"),
    ("python", "import dill\nfn = dill.loads(payload)\n", DESER, 2, "medium"),
    ("python", "import jsonpickle\nobj = jsonpickle.decode(request.json['state'])\n", DESER, 2, "high"),
    ("python", "with open('cache.pkl', 'rb') as f:\n    cache = pickle.load(f)\n", DESER, 2, "low"),
    ("python", "import pandas as pd\ndf = pd.read_pickle(upload_path)\n", DESER, 2, "medium"),
    ("python", "import yaml\ncfg = yaml.load(text)\n", YAML, 2, "medium"),
    ("python", "import yaml\ncfg = yaml.load(fh, Loader=yaml.Loader)\n", YAML, 2, "high"),
    ("python", "import yaml\ncfg = yaml.unsafe_load(text)\n", YAML, 2, "high"),
    ("python", "import yaml\ncfg = yaml.load(fh, Loader=yaml.FullLoader)\n", YAML, 2, "medium"),
    ("python", "import yaml\ncfg = yaml.full_load(fh)\n", YAML, 2, "medium"),
    ("python", "from ruamel.yaml import YAML\ny = YAML(typ='unsafe')\n", YAML, 2, "high"),
    ("python", "import torch\nmodel = torch.load(path)\n", MODEL, 2, "medium"),
    ("python", "import torch\nmodel = torch.load(path, weights_only=False)\n", MODEL, 2, "high"),
    ("python", "import numpy as np\narr = np.load(f, allow_pickle=True)\n", MODEL, 2, "medium"),
    ("javascript", "const serialize = require('node-serialize');\n"
                   "const obj = serialize.unserialize(req.cookies.profile);\n", DESER, 2, "high"),
    ("typescript", "import * as serialize from 'node-serialize';\nconst o = serialize.unserialize(body);\n",
     DESER, 2, "medium"),
    ("javascript", "const serialize = require('serialize-javascript');\nconst state = eval('(' + str + ')');\n",
     DESER, 2, "medium"),
    ("java", "class A {\n  Object read(HttpServletRequest req) throws Exception {\n"
             "    ObjectInputStream in = new ObjectInputStream(req.getInputStream());\n"
             "    return in.readObject();\n  }\n}", DESER, 4, "high"),
    ("java", "class A {\n  Object read(InputStream is) throws Exception {\n"
             "    return new ObjectInputStream(is).readObject();\n  }\n}", DESER, 3, "medium"),
    ("java", "class A { Object f(HttpServletRequest request) {\n"
             "  return new XMLDecoder(request.getInputStream()).readObject();\n} }", DESER, 2, "high"),
    ("java", "class A { Object f(String xml) {\n  XStream xs = new XStream();\n  return xs.fromXML(xml);\n} }",
     DESER, 3, "medium"),
    ("java", "class A { void f() {\n  ObjectMapper m = new ObjectMapper();\n  m.enableDefaultTyping();\n} }",
     DESER, 3, "medium"),
    ("java", "import org.yaml.snakeyaml.Yaml;\nclass A { Object f(String s) {\n  Yaml yaml = new Yaml();\n"
             "  return yaml.load(s);\n} }", YAML, 4, "medium"),
    ("php", "<?php\n$cart = unserialize($_COOKIE['cart']);\n", DESER, 2, "high"),
    ("php", "<?php\n$prefs = unserialize(base64_decode($_GET['p']));\n", DESER, 2, "high"),
    ("php", "$obj = unserialize($data);\n", DESER, 1, "medium"),  # no <?php tag, as answers often write it
    ("go", "package main\nfunc h(conn net.Conn) {\n\tdec := gob.NewDecoder(conn)\n\tdec.Decode(&msg)\n}\n",
     DESER, 3, "medium"),
]

NEGATIVE = [
    ("python", "import json, yaml\ncfg = yaml.safe_load(fh)\nall_ = list(yaml.load_all(fh, Loader=yaml.SafeLoader))\n"
               "c2 = yaml.load(fh, yaml.CSafeLoader)\nstate = json.loads(request.data)\ndump = pickle.dumps(obj)\n"),
    ("python", "import torch\nsd = torch.load(path, weights_only=True)\nmodel.load_state_dict(sd)\n"
               "import numpy as np\na = np.load('a.npy')\n"),
    ("python", "import marshal, base64\ncode = marshal.loads(base64.b64decode(BLOB))\n"),  # obfuscation's job
    ("javascript", "const obj = JSON.parse(req.body);\nconst s = serialize.serialize({ a: 1 });\n"),
    ("java", "class A {\n  Object read(InputStream is) throws Exception {\n"
             "    ObjectInputStream in = new ObjectInputStream(is);\n    in.setObjectInputFilter(filter);\n"
             "    return in.readObject();\n  }\n"
             "  Object y(String s) { return new Yaml(new SafeConstructor(new LoaderOptions())).load(s); }\n}"),
    ("java", "class B implements Serializable {\n  private void readObject(ObjectInputStream s) throws Exception {\n"
             "    s.defaultReadObject();\n    this.name = (String) s.readObject();\n  }\n}"),
    ("php", "<?php\n$cfg = unserialize($data, ['allowed_classes' => false]);\n$e = unserialize('a:0:{}');\n"
            "$j = json_decode($_POST['x'], true);\n"),
    ("go", "package main\nfunc f() {\n\tfh, _ := os.Open(\"state.gob\")\n\tdec := gob.NewDecoder(fh)\n"
           "\tjson.NewDecoder(r.Body).Decode(&v)\n}\n"),
]


@pytest.mark.parametrize(("language", "code", "rule", "line", "confidence"), POSITIVE)
def test_flags_unsafe_deserialization(scan_with, language, code, rule, line, confidence):
    found = scan_with("deserialization")(code, language=language)
    assert [(f.rule, f.cwe, f.line, f.confidence.value) for f in found] == [(rule, "CWE-502", line, confidence)]


@pytest.mark.parametrize(("language", "code"), NEGATIVE)
def test_leaves_safe_loading_alone(scan_with, language, code):
    assert scan_with("deserialization")(code, language=language) == []


def test_severity_follows_the_loader_and_the_source(scan_with):
    scan = scan_with("deserialization")
    full = scan("import yaml\ncfg = yaml.load(fh, Loader=yaml.FullLoader)\n", language="python")
    torch_from_request = scan("import torch\nm = torch.load(io.BytesIO(request.data))\n", language="python")
    gob = scan("package main\nfunc f(c net.Conn) {\n\tgob.NewDecoder(c).Decode(&v)\n}\n", language="go")
    assert [f.severity.value for f in full + torch_from_request + gob] == ["medium", "high", "low"]


def test_own_cache_is_low_and_request_body_high(scan_with):
    code = ("import pickle\nblob = request.get_data()\nsession = pickle.loads(blob)\n"
            "raw = r.get(f'session:{sid}')\nold = pickle.loads(raw)\n")
    found = scan_with("deserialization")(code, language="python")
    assert [(f.line, f.confidence.value) for f in found] == [(3, "high"), (5, "low")]


def test_broken_code_still_scanned_by_the_fallback_patterns(scan_with):
    answer = ("Load it like this:\n```python\ndef restore(blob:\n    return pickle.loads(blob\n"
              "cfg = yaml.load(open('c.yml')\n")
    found = scan_with("deserialization")(answer)
    assert {(f.rule, f.line) for f in found} >= {(DESER, 4), (YAML, 5)}


def test_unlabelled_php_uses_generic_patterns(scan_with):
    found = scan_with("deserialization")("```\n$c = unserialize($_COOKIE['c']);\n```\n")
    assert [(f.rule, f.line, f.confidence.value) for f in found] == [(DESER, 2, "high")]


HOSTILE = [  # sizes at which a backtracking regex would take seconds; kept small enough to parse quickly
    "a" * 100_000, "os.system(\"" + "x" * 30_000, "eval \"$" + "a" * 30_000, "format('%s" + "x" * 30_000,
    "promisify child_process " + "a" * 30_000, "$" + "a" * 30_000, "EXEC('" + "'" * 10_000, "(" * 3_000,
    "pickle.loads(" * 2_000, "yaml.load(" + "(" * 2_000, "open(x) as " * 2_000, "execute(\"" + "select " * 4_000,
    "EXEC('" * 3_000, "SET @a = " + "'x' + @b " * 2_000, "update " * 5_000]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_stays_fast(text):
    """The family's own work (checks and fallback patterns) on inputs built to make regexes backtrack; the parse
    and the shared facts are done first, as other families would have done them."""
    family = RULES.get("deserialization")()
    for language in ("python", "javascript", "java", "php", "sql", "shell", "c", "go", None):
        code = Code(Block(language, ("<?php " if language == "php" else "") + text, 1))
        code.calls, code.assignments  # noqa: B018 - warm the shared facts
        start = time.perf_counter()
        list(family.check(code)) if family.languages is None or language in family.languages else None
        for p in family.patterns:
            for line in code.lines:
                p.regex.search(line[:4000])
        assert time.perf_counter() - start < 0.5, language
