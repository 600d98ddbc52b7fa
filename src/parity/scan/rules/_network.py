"""Helpers for the ``network`` family: which hosts are suspicious, how bad running code from a URL is, how a line
fetches code and runs it, and cheap text look-ups (a block's words for gates, the rows holding a substring, simple
forward data flow by name).

Regular expressions are the slow part of scanning plain text in Python, so the family never runs a broad one over a
whole block: a set of the block's words decides which detectors can apply, ``str.find`` locates the rows, and the
(linear, anchored) regexes run only on those rows."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from parity.scan.finding import Severity
from parity.scan.syntax import Code

# -- hosts -------------------------------------------------------------------------------------------------------

HOST_KINDS = {
    "a Tor hidden service": ("onion",),
    "a dynamic-DNS or tunnel host": (
        "duckdns.org", "ngrok.io", "ngrok.app", "ngrok-free.app", "no-ip.com", "no-ip.org", "no-ip.biz", "noip.com",
        "ddns.net", "hopto.org", "zapto.org", "sytes.net", "serveo.net", "trycloudflare.com", "loca.lt",
        "localtunnel.me", "portmap.io", "dyndns.org", "dynu.net", "afraid.org", "bore.pub"),
    "a paste or file-drop site": (
        "pastebin.com", "paste.ee", "hastebin.com", "ghostbin.com", "rentry.co", "termbin.com", "controlc.com",
        "0x0.st", "transfer.sh", "file.io", "anonfiles.com", "gofile.io", "temp.sh", "bashupload.com",
        "catbox.moe", "filebin.net"),
    "a request catcher": (
        "webhook.site", "requestbin.net", "requestbin.com", "pipedream.net", "interact.sh", "oast.fun", "oast.pro",
        "oast.live", "oast.site", "oast.online", "oast.me", "burpcollaborator.net", "oastify.com", "dnslog.cn",
        "ceye.io", "requestcatcher.com", "hookbin.com"),
}
BAD_SUFFIX = {s: why for why, suffixes in HOST_KINDS.items() for s in suffixes}
ODD_TLDS = frozenset({"xyz", "top", "tk", "ml", "ga", "cf", "gq", "pw", "ru", "cn", "su", "icu", "cyou", "buzz",
                      "monster", "zip", "mov", "kp"})
_BENIGN = ("goproxy.cn", "yandex.ru", "ya.ru", "paradigm.xyz", "abc.xyz", ".edu.cn", ".gov.cn", ".ac.cn", ".org.cn")
CHANNELS = re.compile(r"discord(?:app)?\.com/api/webhooks|api\.telegram\.org/bot")  # on the lower-cased line
_NOT_BEACONS = frozenset({"8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112",  # resolvers
                          "208.67.222.222", "208.67.220.220", "1.2.3.4", "4.3.2.1", "5.6.7.8", "12.34.56.78",
                          "123.45.67.89", "11.22.33.44"})  # and placeholders
_OFFICIAL = (  # vendors whose documented install is ``curl ... | sh``: still unverified code, but expected advice
    "get.docker.com", "sh.rustup.rs", "install.python-poetry.org", "astral.sh", "bun.sh", "deno.land", "get.pnpm.io",
    "fnm.vercel.app", "get.sdkman.io", "get.k3s.io", "tailscale.com", "ollama.com", "ollama.ai", "nixos.org",
    "install.determinate.systems", "get.scoop.sh", "community.chocolatey.org", "dot.net", "starship.rs",
    "get.helm.sh", "pyenv.run", "get.rvm.io", "deb.nodesource.com", "rpm.nodesource.com", "get.volta.sh", "fly.io",
    "mise.run", "bootstrap.pypa.io", "foundry.paradigm.xyz", "install.ohmyz.sh", "get.acme.sh", "sh.vector.dev",
    "micro.mamba.pm", "install.julialang.org", "rclone.org", "claude.ai", "packagecloud.io", "get.pulumi.com",
    "sdk.cloud.google.com", "code-server.dev", "install.pi-hole.net", "aka.ms/installazurecli", "get.haskellstack.org",
    "raw.githubusercontent.com/homebrew/", "raw.githubusercontent.com/nvm-sh/", "raw.githubusercontent.com/ohmyzsh/",
    "raw.githubusercontent.com/helm/", "raw.githubusercontent.com/creationix/nvm/", "raw.githubusercontent.com/rvm/")
_OFFICIAL_HOSTS = frozenset(o for o in _OFFICIAL if "/" not in o)
_OFFICIAL_PATHS = tuple(o for o in _OFFICIAL if "/" in o)
# Gate for the suspicious hosts: each one's first word -> the text the hosts sharing that word start with.
_BY_WORD: dict[bytes, list[str]] = {}
for _s in BAD_SUFFIX:
    _BY_WORD.setdefault(re.split(r"[^a-z0-9]", _s)[0].encode(), []).append(_s)
BAD_WORDS = {w: v[0] for w, v in _BY_WORD.items()}
for _w, _v in _BY_WORD.items():
    while not all(x.startswith(BAD_WORDS[_w]) for x in _v):
        BAD_WORDS[_w] = BAD_WORDS[_w][:-1]

_SCHEMES = ("https", "http", "wss", "ws", "tcp", "udp", "ftp")
_AFTER_SCHEME = re.compile(r"(?:[^\s/@'\"]*@)?([\w.-]+)(/[^\s'\"|<>`;)]*)?")
IPV4 = re.compile(r"(?<![\w.])(?<![=<>~!]=)(?:\d{1,3}\.){3}\d{1,3}(?![\w.-])")
IP_HINT = re.compile(r"\.\d{1,3}\.\d{1,3}\.")
_DOMAIN = re.compile(r"(?<![\w@.-])((?:[a-z0-9-]+\.)+[a-z]{2,24})(?![\w-])")  # these two on the lower-cased line
_QUOTED = re.compile(r"""['"](?:[a-z0-9-]+\.)+[a-z]{2,24}(?::\d+)?['"]""")
_CURL_HOST = re.compile(r"\b(?:curl|wget|iwr|irm)\b(?:\s+-\S+)*\s+['\"]?([\w-]+\.[\w.-]+)(\S*)")


def urls(line: str) -> Iterator[tuple[str, str, str]]:
    """(scheme, host, path) of each URL on a line, found from its ``://`` (a regex for URLs is slow on plain text)."""
    i = line.find("://")
    while i > 0:
        scheme = next((s for s in _SCHEMES if line.endswith(s, max(0, i - 5), i)), "")
        m = _AFTER_SCHEME.match(line, i + 3) if scheme else None
        if m:
            yield scheme, m.group(1), m.group(2) or ""
        i = line.find("://", i + 3)


@lru_cache(maxsize=2048)
def host_risk(host: str) -> tuple[str, str] | None:
    """(level, why) for a suspicious host: level ``ip`` or ``strong`` (throw-away hosts), or ``weak`` (a TLD
    popular with abuse); None for anything else."""
    h = host.lower().rstrip(".")
    if IPV4.fullmatch(h):
        try:
            ip = ipaddress.ip_address(h)
        except ValueError:
            return None
        if not ip.is_global or ip.is_multicast or h in _NOT_BEACONS or len(set(h.split("."))) == 1:
            return None
        return "ip", f"the hard-coded public IP address {h}"
    for suffix in (h, *(h.split(".", i)[-1] for i in range(1, h.count(".") + 1))):
        if suffix in BAD_SUFFIX:
            return "strong", f"{h}, {BAD_SUFFIX[suffix]}"
    if h.rsplit(".", 1)[-1] in ODD_TLDS and not any(h.endswith(b) or h == b.lstrip(".") for b in _BENIGN):
        return "weak", f"{h}, on a top-level domain popular for throw-away hosts"
    return None


def hosts(line: str, domains: Iterable[str] = ()) -> Iterator[tuple[str, str, str]]:
    """(host, level, why) for each suspicious host on a line: in URLs, IPv4 literals, and (when the line holds one
    of ``domains``) bare host names; TLD-only suspicion counts only in a URL or a quoted host (``self.top`` is not
    a domain)."""
    for _, host, _ in urls(line):
        risk = host_risk(host)
        if risk:
            yield host, *risk
    if IP_HINT.search(line):
        for m in IPV4.finditer(line):
            risk = host_risk(m.group())
            if risk:
                yield m.group(), *risk
    low = line.lower()
    if any(d in low for d in domains):
        quoted = {q.group().strip("'\"").split(":")[0] for q in _QUOTED.finditer(low)}
        for m in _DOMAIN.finditer(low):
            risk = host_risk(m.group(1))
            if risk and (risk[0] == "strong" or m.group(1) in quoted):
                yield m.group(1), *risk


def grade(line: str) -> tuple[Severity, str]:
    """How bad running code from this line's URL is: worst for throw-away hosts and plain http, least for a
    vendor's own installer over https."""
    found = next(urls(line), None)
    if found is None:
        m = _CURL_HOST.search(line)
        if m is None:
            return Severity.HIGH, "from a URL chosen at run time"
        found = ("https", m.group(1), m.group(2))
    scheme, host, path = found
    risk = host_risk(host)
    if risk and risk[0] != "weak":
        return Severity.CRITICAL, f"from {risk[1]}"
    if scheme.lower() in ("http", "ftp", "tcp"):
        return Severity.CRITICAL, f"over plain {scheme}, so anyone on the network path can swap the code"
    if risk:
        return Severity.HIGH, f"from {risk[1]}"
    h = host.lower()
    if (h + path.lower()).startswith(_OFFICIAL_PATHS) or any(h.split(".", i)[-1] in _OFFICIAL_HOSTS
                                                             for i in range(h.count(".") + 1)):
        return Severity.LOW, f"from {host}, a vendor's documented installer, still unverified"
    return Severity.HIGH, f"from {host}"


# -- code fetched and run ------------------------------------------------------------------------------------

SH = r"(?:ba|z|k|da)?sh"
_INTERP = (r"(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\w+=\S*\s+)*)?(?:/usr(?:/local)?/bin/|/bin/)?"
           rf"(?:{SH}|fish|python[\d.]*|perl|ruby|node|php|pwsh|powershell)\b(?!\s+-[a-zA-Z]*[cemnpr](?:\s|$))")
_PIPE_INTO = re.compile(rf"\|\s*{_INTERP}")
_SUBST_AT = re.compile(r"(?:<\(|\$\(|`)\s*(?:curl|wget)\b")  # a download's output used as a script, when ...
_SUBST_BEFORE = re.compile(rf"(?:\b(?:{SH}|source|eval)|(?:^|[;&|])\s*\.)\s+[\"']?$|"  # ... ``sh <(``, ``eval "$(``
                           rf"\b(?:{SH}|python[\d.]*|perl|ruby|node)\s+-c\s+[\"']?$")  # or ``bash -c "$(`` comes first
_PS_RUN = re.compile(r"\b(?:iex|invoke-expression)\b")  # these two on the lower-cased line
_PS_GET = re.compile(r"\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring|downloaddata|wget|curl)\b")
_FETCHER = re.compile(r"\b(?:curl|wget|aria2c)\b")
DOWNLOAD = re.compile(r"\b(?:requests|httpx|urllib3|session|http)\.(?:get|request)\s*\(|urlopen\s*\(|\bfetch\s*\(|"
                      r"\baxios(?:\.get)?\s*\(|\bgot\s*\(|https?\.get\s*\(|file_get_contents\s*\(\s*['\"]https?:|"
                      r"curl_exec|DownloadString|Invoke-WebRequest|Invoke-RestMethod|Net::HTTP|URI\.open|"
                      r"LWP::Simple|http\.Get\s*\(|\b(?:include|require)(?:_once)?\s*\(?\s*['\"]https?://")
_EXEC_CALL = re.compile(r"(?:exec|eval|execfile|Function|runIn(?:This|New)Context)\s*\(|"
                        r"(?:include|require)(?:_once)?\s*\(?\s*['\"]https?://")
SAVED = re.compile(r"(curl|wget)\b|urlretrieve\s*\(|-[Oo]ut[Ff]ile\b|[Dd]ownload[Ff]ile\s*\(")
_CMD_END = re.compile(r"\|\||&&|[;|]")
_CMD_SPLIT = re.compile(r"&&|\|\||[;|&()]")
_CURL_OUT = re.compile(r"(?:^|\s)(?:-o|--output)[=\s]\s*(\S+)|>\s*(\S+)")
_CURL_REMOTE = re.compile(r"\s-[a-zA-Z]*O\b|--remote-name")
_WGET_OUT = re.compile(r"\s-[a-zA-Z]*O\s*(\S+)|--output-document[=\s](\S+)")
_CODE_OUT = re.compile(r"(?:urlretrieve|[Dd]ownload[Ff]ile)\s*\(\s*[^,]+,\s*([^,)]+)|-[Oo]ut[Ff]ile\s+(\S+)")
VERIFIED = ("sha1", "sha256", "sha384", "sha512", "shasum", "gpg", "cosign", "minisign", "get-filehash", "hashlib",
             "checksum")
_INTERPRETERS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "source", ".", "python", "python3", "perl", "ruby",
                           "node", "pwsh", "powershell", "php", "Start-Process", "&"})
_RUN_CALL = re.compile(r"\b(?:system|Popen|run|call|check_call|check_output|startfile|execv\w*|execFile|spawn|"
                       r"Start-Process)\b")


def pipe_line(line: str) -> bool:
    for m in _PIPE_INTO.finditer(line):
        before = line[:m.start()].rsplit("|", 2)  # the command feeding the pipe, or one more through ``tee``
        if _FETCHER.search(before[-1]) or (len(before) > 1 and "tee" in before[-1] and _FETCHER.search(before[-2])):
            return True
    for m in _SUBST_AT.finditer(line):
        if _SUBST_BEFORE.search(line, max(0, m.start() - 40), m.start()):
            return True
    low = line.lower()
    return ("iex" in low or "invoke-expression" in low) and bool(_PS_RUN.search(low) and _PS_GET.search(low))


def exec_call(line: str, *, python: bool) -> bool:
    """``exec(`` (Python's; elsewhere ``exec`` runs a shell command), ``eval(``, ``new Function(``,
    ``vm.runInThisContext(`` or a remote ``include``, not a method that shares the name (``cursor.exec(``)."""
    for m in _EXEC_CALL.finditer(line):
        before, word = line[:m.start()].rstrip(), m.group()
        if word.startswith("exec") and not python:
            continue
        if word[0] in "ir" or word.startswith("runIn") or not before or before.endswith("new") or not (
                before[-1].isalnum() or before[-1] in "._$"):
            return True
    return False


def saved_as(line: str, m: re.Match[str]) -> tuple[str | None, str]:
    """(file name a download on this line is saved as, the rest of the line after the download command)."""
    if m.start() and (line[m.start() - 1].isalnum() or line[m.start() - 1] in "_-"):
        return None, ""  # libcurl, pycurl
    seg = _CMD_END.split(line[m.start():], maxsplit=1)[0]
    if m.group() == "curl" and not any(k in seg for k in (" -o", "--output", "O", ">")):
        return None, ""  # output to the terminal or a pipe
    rest = line[m.start() + len(seg):]
    tool = m.group().lower()
    if tool in ("curl", "wget"):
        if tool == "curl":
            o = _CURL_OUT.search(seg)
            remote = _CURL_REMOTE.search(seg) is not None
        else:
            o = _WGET_OUT.search(seg)
            remote = True
        url = next(urls(seg), None)
        path = (o.group(1) or o.group(2)) if o else (url[2] if remote and url and url[2] else None)
    else:
        o = _CODE_OUT.search(line)
        path = (o.group(1) or o.group(2)) if o else None
    if path is None or path.strip("'\"") in ("-", "/dev/null"):
        return None, rest
    name = path.strip("'\"() ").rstrip("/").replace("\\", "/").rsplit("/", 1)[-1].lstrip("$").strip("{}")
    return name or None, rest


def runs(line: str, name: str) -> bool:
    """Whether a line runs the file ``name`` by path (``./x``, ``/tmp/x``, ``"$F"``), through an interpreter
    (``sh x``) or from code (``os.system(p)``, ``subprocess.run([p])``)."""
    if name not in line:
        return False
    for cmd in _CMD_SPLIT.split(line):
        words = [w.strip("'\"") for w in cmd.split()]
        while words and (words[0] in ("sudo", "exec", "nohup", "time", "env") or words[0].startswith("-")):
            words.pop(0)
        if len(words) > 1 and words[0] in _INTERPRETERS:
            words = [w for w in words[1:] if not w.startswith("-")] or [""]
            if words[0].endswith(name):
                return True
        elif words and (words[0].endswith("/" + name) or words[0] in (f"${name}", f"${{{name}}}")):
            return True
    return bool(_RUN_CALL.search(line) and re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", line))


# -- text look-ups -----------------------------------------------------------------------------------------------

MAX_ROWS = 500  # rows a detector looks at in one block: bounds the work on hostile text
_WORD_BYTES = bytes(c if chr(c).isascii() and (chr(c).isalnum() or c == 0x5F) else 0x20 for c in range(256))


class Doc:
    """A block's text for the family: lower-cased once, with its set of words (``[a-z0-9_]+``) for gates."""

    def __init__(self, code: Code) -> None:
        self.code, self.text, self.lines = code, code.text, code.lines
        self.low = code.text.lower()
        self.words = frozenset(self.low.encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split())

    def keys(self, table: dict[bytes, str]) -> list[str]:
        """The substrings of ``table`` whose word the block holds."""
        return [table[word] for word in self.words.intersection(table)]

    def rows(self, keys: Iterable[str]) -> list[int]:
        """Rows whose lower-cased text holds one of ``keys`` (``str.find``, one hit per row)."""
        found: set[int] = set()
        low = self.low
        for key in keys:
            i, row, last = low.find(key), 0, 0
            while i >= 0:
                row += low.count("\n", last, i)
                found.add(row)
                last = low.find("\n", i)
                if last < 0:
                    break
                i = low.find(key, last)
        return sorted(found)[:MAX_ROWS]

    def rows_of(self, regex: re.Pattern[str]) -> list[int]:
        """Rows where a regex matches the lower-cased text (for regexes with a literal start, which ``re`` finds
        fast)."""
        found: list[int] = []
        row = last = 0
        for m in regex.finditer(self.low):
            row += self.low.count("\n", last, m.start())
            last = m.start()
            if not found or found[-1] != row:
                found.append(row)
                if len(found) >= MAX_ROWS:
                    break
        return found

    def matching(self, keys: Iterable[str], test: Callable[[str], object]) -> list[int]:
        """Rows holding one of ``keys`` whose line passes ``test`` (a regex's ``search``, usually)."""
        return [row for row in self.rows(keys) if test(self.lines[row][:4000])]

    def line(self, row: int) -> str:
        return self.lines[row][:4000]


_SUBSCRIPT = re.compile(r"\[[^\]]*\]|'[^']*'|\"[^\"]*\"")  # ``env["PATH"] =`` stores into ``env``
_ASSIGN_OP = re.compile(r"(?<![=!<>:+\-*/%&|^~])=(?![=>~])|:=|<-")
_STOP = frozenset({"const", "let", "var", "my", "our", "local", "export", "readonly", "declare", "final", "static",
                   "val", "auto", "self", "this", "String", "string", "int", "byte", "char", "new", "await",
                   "async", "def", "private", "public", "protected", "err", "_"})


def targets(line: str) -> set[str]:
    """Names a line stores into: ``x = ...``, ``x, err := ...``, ``with ... as f``, ``for line in f``."""
    names = set(re.findall(r"\bas\s+([A-Za-z_]\w*)", line)) | set(re.findall(r"\bfor\s+([A-Za-z_]\w*)\s+in\b", line))
    m = _ASSIGN_OP.search(line)
    if m:
        left = _SUBSCRIPT.sub("", line[max(0, m.start() - 120):m.start()].split("(")[-1])
        names.update(re.findall(r"[A-Za-z_]\w*", left))
    return names - _STOP


def region(lines: list[str], row: int) -> str:
    """A statement starting at ``row``: following lines while brackets stay open or the line ends in ``\\``."""
    out, depth = [], 0
    for line in lines[row:row + 8]:
        out.append(line[:4000])
        depth += sum(line.count(c) for c in "([{") - sum(line.count(c) for c in ")]}")
        if depth <= 0 and not line.rstrip().endswith("\\"):
            break
    return "\n".join(out)


_KEYWORD = re.compile(r"\s*=(?!=)")  # ``name=`` is a keyword or a target, not a use of ``name``
_ENV_KW = re.compile(r"\benv\w*\s*[=:]\s*\{?\s*(?:\*\*|\.\.\.)?$")


def _use(taint_re: re.Pattern[str] | None, text: str) -> re.Match[str] | None:
    """The first use of a tainted name, not counting one handed to a child process as its environment
    (``env=env``): that data goes to the process, not into what the statement returns."""
    for m in taint_re.finditer(text) if taint_re is not None else ():
        if not _ENV_KW.search(text, max(0, m.start() - 20), m.start()) and not _KEYWORD.match(text, m.end()):
            return m
    return None


def flows(doc: Doc, sources: list[int], sinks: list[int],
          source: Callable[[str], re.Match[str] | None]) -> Iterator[tuple[int, int]]:
    """(sink row, source row) where a sink's statement uses a source directly or a name assigned from one,
    following assignments forward (``r = fetch(u)``, ``t = r.text``, ``eval(t)``)."""
    if not sources or not sinks:
        return
    src, snk = set(sources), set(sinks)
    tainted: dict[str, int] = {}
    taint_re: re.Pattern[str] | None = None
    for row in range(sources[0], sinks[-1] + 1):
        line = doc.line(row)
        if row in snk:
            stmt = region(doc.lines, row)
            m = source(stmt) or _use(taint_re, stmt)
            if m:
                yield row, tainted.get(m.group(), row)
                continue
        if row in src:
            origin = row
        elif (t := _use(taint_re, line)) is not None:
            origin = tainted[t.group()]
        else:
            continue
        new = targets(line) - tainted.keys()
        if new and len(tainted) < 64:  # bounded: hostile text must not grow the pattern without end
            tainted.update(dict.fromkeys(new, origin))
            taint_re = re.compile(r"\b(?:" + "|".join(map(re.escape, tainted)) + r")\b")
