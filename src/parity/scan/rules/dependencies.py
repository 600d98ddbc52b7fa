"""Installs that fetch code from somewhere other than what the reader expects: an extra package index (dependency
confusion: pip merges indexes and takes the highest version, CWE-427), a registry or archive on a host nobody vetted
(CWE-829), packages over plain HTTP or with TLS checks off (CWE-494), and look-alike or known-malicious package
names (CWE-1357, CWE-506). Unpinned installs of popular packages from the public registry are not findings.

Commands are read as text, line by line (shell, Dockerfile ``RUN``, notebook ``!pip``, requirements files,
``pip.conf``/``.npmrc``, package.json), and from the string arguments of ``subprocess``/``os.system``/``execSync``
calls, so an answer that installs through Python code is read the same way as one that tells the user to."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from tree_sitter import Node

from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules._package_names import COMPROMISED_NPM, MALICIOUS_NPM, MALICIOUS_PYPI, look_alike
from parity.scan.rules._package_names import NPM_POPULAR as NPM_POPULAR
from parity.scan.rules._package_names import PYPI_POPULAR as PYPI_POPULAR
from parity.scan.rules._package_names import TYPOS as TYPOS
from parity.scan.rules.base import RULES, RuleFamily, pattern
from parity.scan.syntax import Code

CONFUSION = RuleInfo("dependency-confusion", "CWE-427", Severity.HIGH, "Extra package index (dependency confusion)",
                     "pip merges every index it is given and installs the highest version it finds, so anyone who "
                     "publishes the same name on the public index with a bigger version number takes over the install.")
UNTRUSTED = RuleInfo("untrusted-package-source", "CWE-829", Severity.MEDIUM, "Packages from a non-standard source",
                     "Packages come from a host other than the public registry; whoever runs that host decides what "
                     "code runs at install time.")
INSECURE = RuleInfo("insecure-package-source", "CWE-494", Severity.HIGH, "Packages fetched without transport security",
                    "Packages are downloaded over plain HTTP or with certificate checks off, so anyone on the network "
                    "path can swap in code that runs at install time.")
TYPOSQUAT = RuleInfo("typosquat-package", "CWE-1357", Severity.MEDIUM, "Look-alike package name",
                     "The name is one or two keystrokes away from a popular package; typosquatted look-alikes are a "
                     "common way to ship malware that runs at install time.")
MALICIOUS = RuleInfo("malicious-package", "CWE-506", Severity.HIGH, "Known malicious package",
                     "This package (or this exact version) was published with malicious code; installing it runs "
                     "the attacker's code on the machine.")

_HINTS = ("install", "pip", "npm", "npx ", "yarn", "uv ", "poetry", "pdm ", "bun ", "registry", "index-url",
          "trusted-host", "find-links", "ependencies", "uv_")


def _hinted(text: str) -> bool:
    """Whether a line or block could hold an install or a package source (substring tests, cheaper than a regex)."""
    low = text.lower()
    return any(h in low for h in _HINTS)


_URL = re.compile(r"^(?:git\+)?(?:https?|ftp)://(?:[^@/\s]*@)?([^/:?#\s]+)", re.I)
_PYPI_HOSTS = frozenset({"pypi.org", "pypi.python.org", "files.pythonhosted.org", "upload.pypi.org"})
_REGISTRIES = _PYPI_HOSTS | {"registry.npmjs.org", "registry.npmjs.com", "registry.yarnpkg.com", "npm.pkg.github.com"}
_VENDOR_INDEXES = frozenset({"download.pytorch.org", "pypi.nvidia.com", "pypi.ngc.nvidia.com", "data.pyg.org",
                             "developer.download.nvidia.com", "storage.googleapis.com"})
_MIRRORS = frozenset({"pypi.tuna.tsinghua.edu.cn", "mirrors.aliyun.com", "pypi.mirrors.ustc.edu.cn",
                      "mirrors.cloud.tencent.com", "repo.huaweicloud.com", "registry.npmmirror.com",
                      "registry.npm.taobao.org"})
_KNOWN_HOSTS = _REGISTRIES | _VENDOR_INDEXES | {"github.com", "gitlab.com", "bitbucket.org", "codeload.github.com",
                                                "huggingface.co"}
_LOCAL = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1"})
_VALUE_OPTS = frozenset({"-r", "--requirement", "-c", "--constraint", "-t", "--target", "--prefix", "--root",
                         "--platform", "--python-version", "--implementation", "--abi", "--only-binary", "--no-binary",
                         "--upgrade-strategy", "--src", "--cache-dir", "--log", "--proxy", "--timeout", "--retries",
                         "--progress-bar", "--python", "-p", "--group", "--source", "--hash", "--index-strategy", "-E",
                         "--extras", "--extra", "-G", "--with", "--tag", "-w", "--workspace", "--omit", "--cache",
                         "--userconfig", "-C", "--cwd", "--filter", "--package"})
_INSTALLERS = {("pip", "install"): "pypi", ("pip", "download"): "pypi", ("uv", "add"): "pypi",
               ("poetry", "add"): "pypi", ("pdm", "add"): "pypi", ("pipx", "install"): "pypi",
               ("pipenv", "install"): "pypi", ("yarn", "add"): "npm"} | {
    (tool, verb): "npm" for tool in ("npm", "pnpm", "bun") for verb in ("install", "i", "add", "in", "isntall")}
_EXEC_CALLS = frozenset({"run", "call", "check_call", "check_output", "Popen", "system", "popen", "getoutput",
                         "getstatusoutput", "exec", "execSync", "spawn", "spawnSync", "execFile", "execFileSync",
                         "Command", "shell_exec", "passthru", "proc_open"})
_PREFIXES = frozenset({"sudo", "doas", "RUN", "time", "exec", "command", "nohup", "env", "$", ">", "#", "ENV",
                       "export", "-", "run:", "script:", "cmd:"})  # shells, Dockerfiles, CI YAML
_CONFIG_LINE = re.compile(r"^\s*(extra-index-url|index-url|trusted-host|find-links|(?:@[\w.-]+:)?registry"
                          r"|npmRegistryServer)\s*[=:]\s*['\"]?([^\s'\"]+)")
_ENV_SETTINGS = {"PIP_EXTRA_INDEX_URL": "extra", "UV_EXTRA_INDEX_URL": "extra", "PIP_INDEX_URL": "index",
                 "UV_INDEX_URL": "index", "UV_DEFAULT_INDEX": "index", "NPM_CONFIG_REGISTRY": "registry",
                 "npm_config_registry": "registry", "YARN_REGISTRY": "registry", "PIP_TRUSTED_HOST": "trusted"}
_REQUIREMENT = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[\w,\s-]*\])?\s*([=<>!~][^;#]*)?(;.*)?")
_PLACEHOLDER = re.compile(r"[$`{}*]|<[\w -]*>")
_SEPARATORS = re.compile(r"[-_.]+")
_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*=\S*")
_PYTHON = re.compile(r"python[\d.]*|py")
_PIP = re.compile(r"pip[\d.]*|easy_install")
_SEPARATOR_OPS = re.compile(r"&&|\|\||;|\||`")  # backticks: `pip install x` quoted in prose
_PKG_JSON_DEP = re.compile(r"^\s*\"(@?[^\"\s]+)\"\s*:\s*\"([^\"]*)\"")


def _host(url: str) -> str | None:
    m = _URL.match(url)
    return m.group(1).lower() if m else None


class _Findings:
    """Collects one block's findings, each at the row (or node) of the command it came from."""

    def __init__(self, code: Code) -> None:
        self.code = code
        self.out: list[Finding] = []

    def add(self, rule: RuleInfo, where: Node | int, message: str, *, confidence: Confidence = Confidence.HIGH,
            severity: Severity | None = None) -> None:
        self.out.append(self.code.finding(rule, where, confidence=confidence, message=message, severity=severity))

    def trusted_host(self, host: str, where: Node | int) -> None:
        self.add(INSECURE, where, f"trusted-host {host} turns off certificate checks for that host: " + INSECURE.why,
                 severity=Severity.MEDIUM)

    def index(self, url: str, where: Node | int, kind: str, tool: str) -> None:
        """An index, registry or find-links location given to an installer (``kind``: extra or index)."""
        host = _host(url)
        if host is None or host in _LOCAL:
            return
        if url.lower().startswith(("http://", "git+http://")):
            self.add(INSECURE, where, f"{tool} fetches packages from {url[:80]} over plain HTTP: " + INSECURE.why)
        elif kind == "extra" and host not in _PYPI_HOSTS:
            vendor, uv = host in _VENDOR_INDEXES, tool.startswith("uv")
            why = ("an official vendor index, but pip still takes the highest version from either index (the 2022 "
                   "torchtriton compromise came through exactly this); prefer --index-url for that package."
                   if vendor else CONFUSION.why)
            self.add(CONFUSION, where, f"Extra index {host}: {why}" + (
                " (uv prefers the first index by default, which limits this.)" if uv else ""),
                severity=Severity.LOW if vendor else Severity.MEDIUM if uv else None)
        elif kind != "extra" and host not in _REGISTRIES | _VENDOR_INDEXES:
            mirror = host in _MIRRORS
            self.add(UNTRUSTED, where, f"{tool} uses {host} instead of the public registry" + (
                ", a public mirror: fine only if you trust its operator." if mirror else ": " + UNTRUSTED.why),
                severity=Severity.LOW if mirror else None, confidence=Confidence.MEDIUM)

    def package(self, spec: str, ecosystem: str, where: Node | int, tool: str) -> None:
        """One package argument: a URL, a path, or a name with an optional version."""
        if not spec or _PLACEHOLDER.search(spec) or spec.startswith((".", "/", "~", "file:", "-")):
            return
        host = _host(spec)
        if host is not None:
            if spec.lower().startswith(("http://", "git+http://", "ftp://")) and host not in _LOCAL:
                self.add(INSECURE, where, f"{tool} installs {spec[:80]} over plain HTTP: " + INSECURE.why)
            elif host not in _KNOWN_HOSTS | _LOCAL and "#sha256=" not in spec:
                self.add(UNTRUSTED, where, f"{tool} installs an archive from {host} with no hash to pin it: "
                         + UNTRUSTED.why, severity=Severity.LOW, confidence=Confidence.MEDIUM)
            return
        version = ""
        if ecosystem == "npm":
            if spec.startswith("@") or ":" in spec or "/" in spec:
                return  # scoped (the scope's owner controls it), git and GitHub shorthands
            name, _, version = spec.lower().partition("@")
            bad = MALICIOUS_NPM.get(name)
            if bad is None and version in COMPROMISED_NPM.get(name, ()):
                bad = f"version {version} was compromised"
        else:
            m = _REQUIREMENT.match(spec)
            if m is None:
                return
            name = _SEPARATORS.sub("-", m.group(1)).lower()
            bad = MALICIOUS_PYPI.get(name)
        if bad is not None:
            self.add(MALICIOUS, where, f"{name}{'@' + version if version else ''}: {bad}. " + MALICIOUS.why)
            return
        similar = look_alike(name, ecosystem)
        if similar is not None:
            target, d = similar
            self.add(TYPOSQUAT, where, f"{name!r} looks like the popular package {target!r} ({d} edit"
                     f"{'s' if d > 1 else ''} away); check the spelling: " + TYPOSQUAT.why,
                     confidence=Confidence.MEDIUM if d == 1 else Confidence.LOW)


def _strip_prefixes(tokens: list[str]) -> list[str]:
    """Drop what runs the command rather than being it: sudo and its options, Dockerfile RUN, env assignments."""
    while tokens:
        head = tokens[0].lstrip("!%")
        if head in _PREFIXES and len(tokens) > 1:
            tokens = tokens[1:]
            while tokens and tokens[0].startswith("-") and tokens[0] not in ("-i", "--index-url", "-r"):
                tokens = tokens[2:] if tokens[0] in ("-u", "-g") else tokens[1:]
        elif _ASSIGNMENT.fullmatch(head) and head.split("=", 1)[0] not in _ENV_SETTINGS:
            tokens = tokens[1:]
        else:
            return [head, *tokens[1:]]
    return tokens


def _command(t: list[str]) -> tuple[str, str, list[str]] | None:
    """(ecosystem, tool, arguments after the install verb) for an install command; None otherwise."""
    if len(t) >= 3 and _PYTHON.fullmatch(t[0]) and t[1] == "-m":
        t = t[2:]
    elif t[:1] == ["-m"]:
        t = t[1:]
    if len(t) >= 2 and t[0] == "npx":
        return "npm", "npx", [] if t[1].startswith("-") else t[1:2]
    tool = "pip" if _PIP.fullmatch(t[0] if t else "") else (t[0] if t else "")
    if tool == "uv" and t[1:3] == ["pip", "install"]:
        return "pypi", "uv pip", t[3:]
    if tool == "yarn" and t[1:3] == ["global", "add"]:
        t = t[:1] + t[2:]
    if tool == "pip" and t[0] == "easy_install":
        return "pypi", "easy_install", t[1:]
    ecosystem = _INSTALLERS.get((tool, t[1])) if len(t) >= 2 else None
    return (ecosystem, tool, t[2:]) if ecosystem else None


def _install(f: _Findings, ecosystem: str, tool: str, args: list[str], where: Node | int) -> None:
    i = 0
    while i < len(args):
        a = args[i]
        opt, eq, inline = a.partition("=")
        value = inline if eq else (args[i + 1] if i + 1 < len(args) else "")
        step = 1 if eq else 2
        if opt in ("--extra-index-url", "--index") and ecosystem == "pypi":
            f.index(value, where, "extra", tool)
        elif opt in ("-i", "--index-url", "--default-index", "--registry", "-f", "--find-links"):
            f.index(value, where, "index", tool)
        elif opt == "--trusted-host":
            f.trusted_host(value, where)
        elif opt in ("-e", "--editable"):
            f.package(value, ecosystem, where, tool)
        elif opt not in _VALUE_OPTS:
            step = 1
            if not a.startswith("-") and a != "@":
                f.package(a, ecosystem, where, tool)
        i += step


def _scan_line(f: _Findings, line: str, where: Node | int) -> None:
    """One command line (or config/requirements line); ``&&``, ``;`` and pipes split it into commands."""
    segments = [s for s in _SEPARATOR_OPS.split(line) if s.strip()]
    for n, seg in enumerate(segments):
        m = _CONFIG_LINE.match(seg)
        tokens = _strip_prefixes([t.strip("'\"") for t in seg.split()]) or [""]
        setting = tokens[0].split("=", 1)
        if m:  # pip.conf, .npmrc, .yarnrc.yml
            key, value = m.group(1), m.group(2)
            if key == "trusted-host":
                f.trusted_host(value, where)
            elif not key.startswith("@") or value.lower().startswith("http://"):  # a scoped registry is the fix
                f.index(value, where, "extra" if key == "extra-index-url" else "index",
                        "npm" if "egistry" in key else "pip")
        elif setting[0] in _ENV_SETTINGS:
            kind = _ENV_SETTINGS[setting[0]]
            value = (setting[1] if len(setting) > 1 else " ".join(tokens[1:2])).strip("'\"")
            for url in value.split():
                if kind == "trusted":
                    f.trusted_host(url, where)
                else:
                    f.index(url, where, kind, setting[0])
        elif tokens[0].startswith("-"):  # an option line in a requirements file
            _install(f, "pypi", "requirements", tokens, where)
        elif len(tokens) >= 4 and tokens[1:3] == ["config", "set"] and re.search(r"registry|index-url", tokens[3]):
            key, _, value = tokens[3].partition("=")
            f.index(value or " ".join(tokens[4:5]), where, "extra" if "extra" in key else "index", tokens[0])
        elif (cmd := _command(tokens)) is not None:
            ecosystem, tool, args = cmd
            if (n > 0 and re.search(r"\b(?:curl|wget)\b", segments[n - 1])) or any("$(curl" in a or "$(wget" in a
                                                                                  for a in args):
                f.add(UNTRUSTED, where, f"{tool} installs whatever a download returns, unreviewed and unpinned: "
                      + UNTRUSTED.why, confidence=Confidence.MEDIUM)
            _install(f, ecosystem, tool, args, where)


def _logical_lines(lines: list[str], rows: Iterable[int]) -> Iterator[tuple[int, str]]:
    """Lines with backslash continuations joined, each with the row it starts on."""
    buf, start = "", -1
    for row in rows:
        line = lines[row][:4000].rstrip()
        start = row if start < 0 else start
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        yield start, buf + line
        buf, start = "", -1
    if start >= 0:
        yield start, buf


@RULES.register("dependencies")
class Dependencies(RuleFamily):
    rules = (CONFUSION, UNTRUSTED, INSECURE, TYPOSQUAT, MALICIOUS)
    patterns = (
        pattern(CONFUSION, r"--extra-index-url['\"]?[=\s,]+['\"]?https?://(?!pypi\.org|files\.pythonhosted\.org)",
                None),
        pattern(INSECURE, r"\b(?:pip3?|npm|yarn|pnpm)\b[^\n]{0,300}(?:--index-url|-i|--registry)[=\s]+['\"]?http://"
                r"(?!localhost|127\.0\.0\.1)", None),
    )

    def check(self, code: Code) -> Iterator[Finding]:
        lang = code.language
        if lang is not None and not _hinted(code.text):
            return
        f = _Findings(code)
        if lang in (None, "shell"):
            for row, line in _logical_lines(code.lines, range(len(code.lines))):
                if _hinted(line):
                    _scan_line(f, line.split(" #", 1)[0], row)
        elif lang == "python":  # notebook cells: !pip install ..., %pip install ...
            rows = [i for i, line in enumerate(code.lines) if line.lstrip()[:1] in ("!", "%")]
            for row, line in _logical_lines(code.lines, rows):
                _scan_line(f, line.lstrip().lstrip("!%"), row)
        if lang == "python" and "_require" in code.text:  # setup(install_requires=[...])
            for a in code.assignments:
                if a.key in ("install_requires", "setup_requires", "tests_require", "extras_require"):
                    start, end = a.node.start_byte, a.node.end_byte
                    for lit in code.strings:
                        if start <= lit.node.start_byte < end:
                            f.package(lit.value.strip(), "pypi", lit.node, a.key)
        if lang is not None and code.tree is not None:
            for call in code.calls:
                if call.last in _EXEC_CALLS:
                    start, end = call.node.start_byte, call.node.end_byte
                    words = " ".join(s.value for s in code.strings if start <= s.node.start_byte < end)
                    if _hinted(words):
                        _scan_line(f, words, call.node)
        if lang is None:
            self._manifests(f, code)
        yield from f.out

    @staticmethod
    def _manifests(f: _Findings, code: Code) -> None:
        """requirements.txt and package.json shown as plain text."""
        lines = [(i, line.split("#", 1)[0].strip()) for i, line in enumerate(code.lines)]
        lines = [(i, line) for i, line in lines if line]
        if lines and all(_REQUIREMENT.fullmatch(line) or line.startswith("-") for _, line in lines):
            for row, line in lines:
                if not line.startswith("-"):
                    f.package(line, "pypi", row, "requirements")
            return
        if "ependencies" in code.text or "requires" in code.text:
            Dependencies._pyproject(f, code)
        if "ependencies\"" not in code.text:
            return
        inside = False
        for row, line in enumerate(code.lines):
            if re.search(r"\"(?:dev|peer|optional)?[dD]ependencies\"\s*:\s*\{", line):
                inside = True
            elif inside and "}" in line:
                inside = False
            elif inside and (m := _PKG_JSON_DEP.match(line)):
                name, version = m.group(1), m.group(2)
                f.package(version if _host(version) else f"{name}@{version.lstrip('^~=')}", "npm", row,
                          "package.json")

    @staticmethod
    def _pyproject(f: _Findings, code: Code) -> None:
        """pyproject.toml and setup.cfg: ``dependencies = [...]`` arrays, Poetry tables, ``install_requires =``."""
        array, table, indented = False, False, False
        for row, line in enumerate(code.lines):
            bare = line.split("#", 1)[0]
            if bare.lstrip().startswith("["):
                table = bool(re.match(r"\s*\[tool\.poetry\.(?:[\w.-]+\.)?(?:dev-)?dependencies\]", bare))
                array = indented = False
                continue
            if re.match(r"\s*(?:dependencies|requires|[\w-]+)\s*=\s*\[", bare) and (
                    "ependencies" in bare or "requires" in bare or "optional-dependencies" in code.text):
                array = "]" not in bare.split("[", 1)[1]
                for spec in re.findall(r"[\"']([^\"']+)[\"']", bare.split("[", 1)[1]):
                    f.package(spec, "pypi", row, "pyproject")
            elif array:
                array = "]" not in bare
                for spec in re.findall(r"[\"']([^\"']+)[\"']", bare):
                    f.package(spec, "pypi", row, "pyproject")
            elif table and (m := re.match(r"\s*([A-Za-z0-9][\w.-]*)\s*=", bare)) and m.group(1) != "python":
                f.package(m.group(1), "pypi", row, "poetry")
            elif re.match(r"\s*(?:install_requires|setup_requires)\s*=\s*$", bare):
                indented = True
            elif indented and bare[:1].isspace() and bare.strip():
                f.package(bare.strip(), "pypi", row, "setup.cfg")
            else:
                indented = False
