"""Backdoor behaviour: reverse shells, code fetched and run unverified, beacons to throw-away hosts, host secrets
sent out, crypto miners, and hooks that re-run any of these at boot.

The evidence is textual on purpose: ``bash -i >& /dev/tcp/...`` or ``curl ... | sh`` looks the same in a shell
block, an ``os.system`` string, a Dockerfile ``RUN`` line, broken code or a language with no grammar, so the family
runs on every block and reads the text itself (which also makes fallback patterns unnecessary). Each detector is
gated by the block's words and looks only at the rows holding its keywords (see ``_network``)."""

from __future__ import annotations

import re

from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules import _network as nw
from parity.scan.rules._network import Doc, flows
from parity.scan.rules.base import RULES, RuleFamily
from parity.scan.syntax import Code

REVERSE_SHELL = RuleInfo(
    "reverse-shell", "CWE-506", Severity.CRITICAL, "Reverse or bind shell",
    "A shell wired to a network socket hands whoever is at the other end full control of the machine; there is "
    "no legitimate reason for it in application code.")
PIPE_TO_SHELL = RuleInfo(
    "pipe-to-shell", "CWE-494", Severity.HIGH, "Downloaded code run without an integrity check",
    "Code fetched from the network is run as it arrives, with no checksum or signature, so whoever controls the "
    "server, the DNS or the network path decides what runs.")
BEACON = RuleInfo(
    "network-beacon", "CWE-506", Severity.HIGH, "Connection to a suspicious hard-coded host",
    "The code talks to a hard-coded public IP address or a throw-away host (tunnel, dynamic DNS, paste site, "
    "request catcher, Tor), the usual shape of a command-and-control or exfiltration channel.")
EXFIL = RuleInfo(
    "data-exfiltration", "CWE-200", Severity.CRITICAL, "Host secrets sent over the network",
    "Secrets gathered from the host (the whole environment, SSH or cloud credentials, password files, browser "
    "data) are sent to a remote server.")
MINER = RuleInfo(
    "crypto-miner", "CWE-506", Severity.CRITICAL, "Cryptocurrency miner",
    "The code runs or configures a cryptocurrency miner, which spends the host's CPU and power for someone "
    "else's wallet.")
PERSISTENCE = RuleInfo(
    "persistence-mechanism", "CWE-506", Severity.HIGH, "Boot or login hook that runs remote code",
    "Code that plants a download, a remote shell or an attacker's SSH key in a cron job, shell profile, boot "
    "script or service survives reboots and gives its author a way back in.")


def _keys(*pairs: str) -> dict[bytes, str]:
    """Gate tables: ``"word=substring"`` (or a bare word) -> {word: substring to find the rows by}."""
    return {p.partition("=")[0].encode(): p.partition("=")[2] or p for p in pairs}


# -- reverse shells ----------------------------------------------------------------------------------------------

_SH = nw.SH
_REV_KEYS = _keys("tcp=/dev/tcp", "udp=/dev/udp", "inet=/inet/", "mkfifo", "mknod", "socat", "telnet", "stdin=std",
                  "fsockopen", "tcpsocket", "dup2", "pty=pty.spawn", "nc", "ncat", "netcat", "i=sh -i")
_FD_WIRE = r"[<>]&\s*(?:[3-9]|\d\d+|%d|\$\w+)\b"
_NC = re.compile(r"(?<![\w.-])(?:nc|ncat|netcat)(?:\.exe|\.traditional|\.openbsd)?\s")
_NC_EXEC = re.compile(r"\s-(?:-(?:sh-)?exec|[a-zA-Z]*[ec])\s+['\"]?[^\s'\"]*(?:sh|bash|cmd|powershell)(?:\.exe)?\b")
_LINE_REVERSE = (  # (substring of the lower-cased line, regex, a second regex that must match too)
    ("/dev/", re.compile(r"/dev/(?:tcp|udp)/\S"),  # a shell reading from the socket, not ``cat <&3``
     re.compile(rf"\b{_SH}\s+-i\b|\b0\s*>&\s*1\b|\b0\s*<&\s*\d|\b{_SH}\b[^|;&\n]{{0,80}}?{_FD_WIRE}|\bdo\s+\$\w+")),
    ("sh -i", re.compile(rf"\b{_SH}\s+-i\s*\d?[<>]&\s*(?:\d|%d|\$)"), None),  # /bin/sh -i <&3 >&3 (PHP, Ruby, Lua)
    ("std", re.compile(r"open\s*\(\s*STD(?:IN|OUT|ERR)\s*,\s*[\"']?[+<>]*&"), None),  # Perl dups STDIN on the socket
    ("mk", re.compile(r"\bmk(?:fifo|nod)\b"), re.compile(r"\b(?:nc|ncat|netcat|telnet|s_client|socat)\b")),
    ("socat", re.compile(r"\bsocat\b"), re.compile(r"(?:exec|system|EXEC|SYSTEM):['\"]?\S*?(?:sh|cmd)")),
    ("telnet", re.compile(r"\btelnet\b"), re.compile(rf"\|\s*(?:/bin/)?{_SH}\s*\|")),
    ("/inet/", re.compile(r"/inet/tcp/"), re.compile(r"\bgetline\b")),
    ("socket", re.compile(r"\bsocket\b"), re.compile(r"\bdup2\s*\(|\bpty\.spawn\s*\(")),
    ("fsockopen", re.compile(r"fsockopen\s*\("),
     re.compile(r"\b(?:proc_open|shell_exec|exec|system|passthru|popen)\s*\(")),
    ("tcpsocket", re.compile(r"TCPSocket\.(?:new|open)"), re.compile(r"\b(?:exec|spawn|system|popen)\b")),
)
# Multi-line reverse shells in code: a socket, a shell, and the shell's streams wired to the socket.
_SOCKET_WORDS = frozenset(b"socket dial dialtcp dialtimeout tcpclient fsockopen tcpsocket createconnection".split())
_SHELL_KEYS = ("/bin/", "sh'", 'sh"', "cmd", "powershell", "pty.spawn")
_SHELL_ARG = re.compile(rf"""['"](?:/bin/|/usr/bin/)?{_SH}(?:\.exe)?(?:\s+-i)?['"]|/bin/{_SH}\b|\bcmd(?:\.exe)?['"]|"""
                        r"""powershell(?:\.exe)?['"]|\bpty\.spawn\s*\(""")
_WIRE_KEYS = ("dup2", "fileno()", ".pipe(", ".stdin", ".stdout", ".stderr", "fdopen", "open(std", "<&", ">&", "=>$",
              "=> $", "getoutputstream")
_WIRE = re.compile(r"\bdup2\s*\(|std(?:in|out|err)\s*=\s*[\w.]+\.fileno\(\)|\.pipe\s*\(\s*\w+\.stdin\b|"
                   r"\.std(?:out|err)\.pipe\s*\(\s*(?!process\b)\w+\s*\)|\.Std(?:in|out|err)\s*=\s*(?!os\b)\w+\s*;?$|"
                   r"\bfdopen\s*\(|open\s*\(\s*STD(?:IN|OUT|ERR)\s*,|[<>]&\s*(?:[3-9]|%d)\b|\b0\s*=>\s*\$\w+|"
                   r"getOutputStream\s*\(\)")


def _reverse_line(line: str) -> bool:
    low = line.lower()
    for key, first, second in _LINE_REVERSE:
        if key in low and first.search(line) and (second is None or second.search(line)):
            return True
    return "nc" in low and any(_NC.search(seg) and _NC_EXEC.search(seg) for seg in re.split(r"[;|&]", line))


# -- downloaded code run ------------------------------------------------------------------------------------------

_PIPE_KEYS = _keys("curl", "wget", "iex", "invoke=invoke-expression")
_DL_KEYS = _keys("requests=requests.", "httpx=httpx.", "urllib3=urllib3.", "session=session.", "urlopen",
                 "fetch=fetch(", "axios", "got=got(", "http=http.", "https=https.", "file_get_contents", "curl_exec",
                 "downloadstring", "invoke=invoke-", "net=net::http", "uri=uri.open", "lwp=lwp::")
_EXEC_KEYS = ("exec", "eval", "function", "runin", "include", "require")
_SAVED_KEYS = _keys("curl", "wget", "urlretrieve", "outfile=-outfile", "downloadfile")


# -- secrets sent out, beacons, miners, persistence --------------------------------------------------------------

_CAP = 100  # findings per detector and block
_LAUNCH = re.compile(r"subprocess|popen|spawn|exec|fork|\brun\(|call\(|check_output|processbuilder|start")
_ENV_ARG = re.compile(r"\benv\w*\s*[=:]\s*[{(\[]?\s*(?:\*\*|\.\.\.|dict\(|Object\.assign\(\s*\{\}\s*,\s*)?$")
_SECRET_KEYS = _keys("environ", "env", "getenv", "printenv", "_env=$_env", "_server=$_server", "passwd=/etc/passwd",
                     "shadow=/etc/shadow", "sudoers", "ssh", "aws=.aws", "netrc", "npmrc", "pypirc", "docker=.docker/",
                     "kube=.kube", "git=.git-credentials", "bash_history", "zsh_history", "cookie", "cookies",
                     "login=login data", "local=local st", "wallet=wallet.dat", "proc=/proc/self/environ")
_SECRET_TESTS = tuple((key, re.compile(rx)) for keys, rx in (  # (lower-cased substrings, the source to match)
    (("os.environ",), r"os\.environ\b(?!\s*(?:\[|\.get\b|\.setdefault\b|\.pop\b))"),
    (("process.env",), r"process\.env\b(?!\s*(?:\.|\[|\?\.))"),
    (("getenv()", "getenv( )", "os.environ()"), r"getenv\(\s*\)|os\.Environ\(\)"),
    (("$_env", "$_server"), r"\$_(?:ENV|SERVER)\b(?!\s*\[)"),
    (("env|", "env |", "$(env", "$(printenv", "$(set", " env:"), r"\$\(\s*(?:env|printenv|set)\s*\)|"
                                                               r"(?<![\w.-])(?:print)?env\s*\||(?:ChildItem|gci|dir|ls)\s+[Ee]nv:"),
    (("/etc/",), r"/etc/(?:passwd|shadow|sudoers)\b"),
    ((".ssh",), r"\.ssh(?:/id_\w+\b(?!\.pub)|/?(?=['\"\s)]|$))|['\"]\.ssh['\"]"),
    ((".aws",), r"\.aws/credentials|['\"]\.aws['\"]"),
    ((".netrc", ".npmrc", ".pypirc", ".git-credentials", ".docker/config", ".kube/config", "_history", "wallet.dat",
      "cookies.sqlite", "/proc/self/environ"), r"\.(?:netrc|npmrc|pypirc|git-credentials)\b|\.docker/config\.json|"
                                               r"\.kube/config|\.(?:bash|zsh)_history|wallet\.dat|cookies\.sqlite|"
                                               r"/proc/self/environ"),
    (("document.cookie",), r"document\.cookie"),
    (("local state", "local storage", "login data"), r"Local State|Local Storage|Login Data"),
) for key in keys)


def _secret(line: str) -> re.Match[str] | None:
    """The host secret a line reads, if any; not the environment handed to a child process (``env=os.environ``,
    ``{...process.env}`` under ``env:``), ``curl --netrc``, nor a path asked for in a URL (``?f=../etc/passwd``)."""
    low = line.lower()
    for key, regex in _SECRET_TESTS:
        if key in low and (m := regex.search(line)):
            before = line[max(0, m.start() - 40):m.start()]
            token = re.split(r"[\s'\"`]", line[:m.start()])[-1]
            if (_ENV_ARG.search(before) and _LAUNCH.search(low)) or "--netrc" in low or "://" in token or \
                    "../" in token or "=/" in token:
                continue
            return m
    return None


_IDENTITY_KEYS = _keys("gethostname", "getuser", "getlogin", "platform=platform.node", "hostname", "userinfo",
                       "whoami", "uname")
_IDENTITY = re.compile(r"gethostname|getuser\b|getlogin|platform\.node|os\.hostname|userInfo|\bwhoami\b|"
                       r"\$\(hostname\)|\buname\s+-a")
_SEND_KEYS = ("post", "put", "patch", "get", "request", "urlopen", "fetch", "axios", "send", "curl", "wget", "nc",
              "netcat", "socat", "telnet", "/dev/", "invoke-", "iwr", "irm", "upload", "nslookup", "dig", "smtplib",
              "storbinary", "req.")
_SEND = re.compile(
    r"\b(?:requests|httpx|session|sess|client|aiohttp|urllib3|http)\.(?:post|put|patch|get|request)\s*\(|urlopen\s*\(|"
    r"urllib\.request\.Request|\bfetch\s*\(|\baxios(?:\.\w+)?\s*\(|sendBeacon|XMLHttpRequest|\.send(?:all|to)?\s*\(|"
    r"\bhttps?\.request\s*\(|\bhttp\.Post(?:Form)?\s*\(|openConnection|\bcurl(?:_setopt|_exec)?\b|\bwget\b|"
    r"\b(?:nc|ncat|netcat|socat|telnet)\b|/dev/(?:tcp|udp)/|Invoke-(?:WebRequest|RestMethod)|\biwr\b|\birm\b|"
    r"Upload(?:String|Data|File)|\bnslookup\b|\bdig\b|smtplib|sendmail|storbinary|\breq\.(?:write|end)\s*\(|"
    r"file_get_contents\s*\(\s*['\"]https?:")
_NET = re.compile(r"connect|dial|socket|request|urlopen|urllib|fetch|axios|http(?!s?://)|websocket|\burl\b|curl|wget|"
                  r"\bnc\b|ncat|netcat|telnet|socat|inet_|gethostbyname|getaddrinfo|resolve|lookup|\bdig\b|fsockopen|"
                  r"file_get_contents|webclient|tcpclient|\bsend|\biwr\b|\birm\b|invoke-webrequest|invoke-restmethod|"
                  r"\.get\s*\(|\.post\s*\(|/dev/tcp|open-uri|net::http")  # on the lower-cased line
_DIAG = re.compile(r"\b(?:ping|traceroute|tracert|mtr|whois|ssh|scp|sftp|rsync|ufw|iptables|nft|firewall-cmd|route|"
                   r"allow|deny)\b")
_TLD_KEYS = {t.encode(): "." + t for t in nw.ODD_TLDS}
_MINER_KEYS = _keys("stratum", "coinhive", "coin=coin-hive", "authedmine", "cryptonight", "minergate",
                    "donate=donate-level", "xmr", "moneroocean", "supportxmr", "minexmr", "nanopool", "2miners",
                    "f2pool", "hashvault", "c3pool", "xmrpool", "herominers", "ethermine", "unmineable")
_MINER = re.compile(r"stratum\+(?:tcp|ssl|tls)://|coin-?hive|authedmine|cryptonight|minergate|donate-level|xmr-stak|"
                    r"moneroocean|supportxmr|minexmr|nanopool\.org|2miners\.com|f2pool|hashvault\.pro|c3pool|xmrpool|"
                    r"herominers|ethermine\.org|unmineable|xmr\.pool")  # this and the next four: lower-cased line
_MINER_BIN_KEYS = _keys("xmrig", "cpuminer", "minerd", "ccminer", "ethminer", "lolminer", "nbminer", "nanominer",
                        "phoenixminer", "cgminer", "bfgminer")
_MINER_BIN = re.compile(r"\b(?:xmrig|cpuminer|minerd|ccminer|ethminer|lolminer|nbminer|nanominer|phoenixminer|cgminer|"
                        r"bfgminer)\b")
_DEFENSIVE = re.compile(r"\b(?:grep|pgrep|pkill|killall|kill|rm|yara|clamscan|block|deny|detect\w*)\b")
_MINER_RUN = re.compile(r"curl|wget|chmod|nohup|\./|--url|\s-o\s|--user|\s-u\s|pool|wallet|--threads|systemctl|"
                        r"docker\s+run|subprocess|system\(|exec")
_WALLET = re.compile(r"\b4[0-9AB][1-9A-HJ-NP-Za-km-z]{93}\b")
_PERSIST_KEYS = _keys("authorized_keys", "reboot=@reboot", "crontab", "cron=/cron", "rc=rc.local", "init=init.d/",
                      "bashrc=.bashrc", "bash_profile=.bash_profile", "zshrc=.zshrc", "profile=.profile",
                      "execstart", "currentversion=currentversion\\", "schtasks")
_PERSIST = re.compile(r"authorized_keys|@reboot|crontab|/cron|rc\.local|init\.d/|\.bashrc|\.bash_profile|\.zshrc|"
                      r"\.profile\b|/etc/profile|execstart\w*\s*=|currentversion\\+run|schtasks")  # lower-cased
_DROPPER = re.compile(r"\b(?:curl|wget|iwr|irm|invoke-webrequest|downloadstring|nc|ncat|netcat|socat)\b|"
                      r"/dev/(?:tcp|udp)/|\bbash\s+-i\b|base64\s+(?:-d|--decode)|\bpython[\d.]*\s+-c\b")  # lower
_FETCH_ONLY = re.compile(r"\b(?:curl|wget)\b")  # a plain request (a health-check ping) is not a dropper
_RUNS_REMOTE = re.compile(r"\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b|[;&]\s*(?:sudo\s+)?(?:sh|bash|\./)|"
                          r"\b(?:nc|ncat|netcat|socat)\b|/dev/(?:tcp|udp)/|\bbash\s+-i\b|base64\s+(?:-d|--decode)")
_DROP_KEYS = ("curl", "wget", "iwr", "irm", "invoke", "download", "nc", "socat", "/dev/", "bash", "base64", "python",
              "perl", "ruby", "php", "socket", "mkfifo", "telnet", "ssh-", "ecdsa", "http", "powershell")
_SSH_KEY = re.compile(r"\b(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d+)\s+AAAA[\w+/=]{60,}")
_CONNECT_WORDS = frozenset(b"connect accept create_connection createconnection dial dialtcp dialtimeout fsockopen "
                           b"tcpsocket tcpclient".split())


@RULES.register("network")
class NetworkBackdoor(RuleFamily):
    rules = (REVERSE_SHELL, PIPE_TO_SHELL, BEACON, EXFIL, MINER, PERSISTENCE)
    languages = None

    def check(self, code: Code) -> list[Finding]:
        doc = Doc(code)
        found = self._reverse(doc) + self._fetch_and_run(doc)
        beacons = self._beacons(doc)
        found += self._exfil(doc, suspicious=bool(beacons))
        done = {f.line for f in found}
        return found + [b for b in beacons if b.line not in done] + self._miner(doc) + self._persistence(doc)

    def _reverse(self, doc: Doc) -> list[Finding]:
        code, flagged = doc.code, set()
        out: list[Finding] = []
        for row in doc.rows(doc.keys(_REV_KEYS)):
            if len(out) >= _CAP:
                break  # hostile text: the first findings say enough
            if _reverse_line(doc.line(row)):
                flagged.add(row)
                out.append(code.finding(REVERSE_SHELL, row, message="a shell wired to a network connection (a "
                                        "reverse or bind shell): " + REVERSE_SHELL.why))
        w = doc.words
        if ((w & _SOCKET_WORDS and w & _CONNECT_WORDS) or (b"net" in w and b"connect" in w)
                or "new socket(" in doc.low) and (wires := doc.matching(_WIRE_KEYS, _WIRE.search)) \
                and wires[0] not in flagged and doc.matching(_SHELL_KEYS, _SHELL_ARG.search):
            out.append(code.finding(REVERSE_SHELL, wires[0], message="a socket is connected and a shell's input and "
                                    "output are wired to it (a reverse shell): " + REVERSE_SHELL.why))
        if b"tcpclient" in w and b"getstream" in w and (b"iex" in w or b"invoke" in w):
            out.append(code.finding(REVERSE_SHELL, doc.rows(["tcpclient"])[0], message="a PowerShell TCP client whose "
                                    "stream is run by Invoke-Expression (a reverse shell): " + REVERSE_SHELL.why))
        return out

    def _fetch_and_run(self, doc: Doc) -> list[Finding]:
        code, lines, out, rows = doc.code, doc.lines, [], set()

        def add(row: int, source_line: str, what: str) -> None:
            if row not in rows:
                rows.add(row)
                severity, where = nw.grade(source_line[:4000])
                out.append(code.finding(PIPE_TO_SHELL, row, severity=severity,
                                        message=f"{what} ({where}): {PIPE_TO_SHELL.why}"))

        for row in doc.rows(doc.keys(_PIPE_KEYS)):
            if len(out) >= _CAP:
                break  # hostile text: the first findings say enough
            if nw.pipe_line(doc.line(row)):
                add(row, lines[row], "downloaded code is piped straight into an interpreter")
        sources = doc.matching(doc.keys(_DL_KEYS), nw.DOWNLOAD.search)
        python = doc.code.language in ("python", None)
        sinks = doc.matching(_EXEC_KEYS, lambda line: nw.exec_call(line, python=python)) if sources else []
        for row, src in flows(doc, sources, sinks, nw.DOWNLOAD.search):
            if len(out) >= _CAP:
                break  # hostile text: the first findings say enough
            add(row, lines[src] if "://" in lines[src] else lines[row],
                "code fetched over the network is evaluated")
        verified: list[int] | None = None
        for row in doc.rows(doc.keys(_SAVED_KEYS)):
            if len(out) >= _CAP:
                break  # hostile text: the first findings say enough
            m = nw.SAVED.search(doc.line(row))
            name, rest = nw.saved_as(doc.line(row), m) if m else (None, "")
            if name and verified is None:
                verified = doc.rows(nw.VERIFIED)
            for i, later in enumerate([rest, *lines[row + 1:row + 11]] if name else []):
                if row + i in (verified or ()):
                    break
                if name and nw.runs(later[:4000], name):
                    add(row + i, lines[row], f"the downloaded file {name!r} is run without a checksum or signature "
                                             "check")
                    break
        return out

    def _beacons(self, doc: Doc) -> list[Finding]:
        code = doc.code
        out: list[Finding] = []
        seen: dict[str, bool] = {}
        domains = doc.keys(nw.BAD_WORDS) + doc.keys(_TLD_KEYS)
        keys = domains + (["://"] if "://" in doc.low else [])
        for row in sorted(set(doc.rows(keys)).union(doc.rows_of(nw.IP_HINT))):
            if len(out) >= _CAP:
                break  # hostile text: the first findings say enough
            line = doc.line(row)
            found = list(nw.hosts(line, domains))
            channel = ("discord" in line or "telegram" in line) and nw.CHANNELS.search(line.lower())
            if not found and not channel:
                continue
            low = line.lower()
            used = _NET.search(low) is not None or _used_on_net(doc, nw.targets(line), row, seen)
            for host, level, why in found:
                if level == "ip" and (_DIAG.search(low) or not (used or f"://{host}" in line)):
                    continue
                if level == "weak" and not used:
                    continue
                confidence = {"strong": Confidence.HIGH if used else Confidence.MEDIUM,
                              "ip": Confidence.MEDIUM if used else Confidence.LOW}.get(level, Confidence.LOW)
                out.append(code.finding(BEACON, row, confidence=confidence, message=f"connects to {why}: {BEACON.why}",
                                        severity=Severity.MEDIUM if level == "weak" else None))
                break
            else:
                if used and channel:
                    out.append(code.finding(
                        BEACON, row, confidence=Confidence.LOW, severity=Severity.LOW,
                        message="posts to a Discord webhook or Telegram bot, a common exfiltration channel; check "
                                "that it is the user's own and carries no host data."))
        return out

    def _exfil(self, doc: Doc, *, suspicious: bool) -> list[Finding]:
        keys = doc.keys(_SECRET_KEYS) + (doc.keys(_IDENTITY_KEYS) if suspicious else [])

        def source(text: str) -> re.Match[str] | None:
            return _secret(text) or (_IDENTITY.search(text) if suspicious else None)

        sources = doc.matching(keys, source) if keys else []
        out: list[Finding] = []
        for row, src in flows(doc, sources, doc.matching(_SEND_KEYS, _SEND.search) if sources else [], source):
            if len(out) >= _CAP:
                break  # hostile text: the first findings say enough
            stmt = nw.region(doc.lines, row)
            m = _secret(stmt) or _secret(doc.lines[src])
            if m and m.group() == "document.cookie" and "://" not in stmt:
                continue  # a cookie value sent back to the page's own server
            what = repr(m.group().strip("|;& ")) if m else "the host's name and user"
            read = f" (read on line {doc.code.line_of(src)})" if src != row else ""
            out.append(doc.code.finding(EXFIL, row, confidence=Confidence.HIGH if m else Confidence.MEDIUM,
                                        message=f"sends {what}{read} over the network: {EXFIL.why}"))
        return out

    def _miner(self, doc: Doc) -> list[Finding]:
        out: list[Finding] = []
        seen = set()
        for row in doc.rows(doc.keys(_MINER_KEYS) + doc.keys(_MINER_BIN_KEYS)):
            if len(out) >= _CAP:
                break  # hostile text: the first findings say enough
            line = doc.line(row).lower()
            m = _MINER.search(line)
            strong = m is not None
            if m is None:
                m = _MINER_BIN.search(line)
                if m is None or _DEFENSIVE.search(line):
                    continue
                strong = _MINER_RUN.search(line) is not None
            seen.add(row)
            out.append(doc.code.finding(MINER, row, confidence=Confidence.HIGH if strong else Confidence.MEDIUM,
                                        severity=None if strong else Severity.HIGH,
                                        message=f"miner evidence ({m.group()!r}): {MINER.why}"))
        if out:
            out += [doc.code.finding(MINER, row, message="a Monero wallet address next to miner settings: " + MINER.why)
                    for row, line in enumerate(doc.lines) if row not in seen and len(line) >= 95
                    and _WALLET.search(line[:4000])]
        return out

    def _persistence(self, doc: Doc) -> list[Finding]:
        out: list[Finding] = []
        for row in doc.rows(doc.keys(_PERSIST_KEYS)):
            if len(out) >= _CAP:
                break  # hostile text: the first findings say enough
            line = doc.line(row)
            m = _PERSIST.search(line.lower())
            why = _persists(line, m.group()) if m else None
            if why:
                out.append(doc.code.finding(PERSISTENCE, row, message=f"{why}: {PERSISTENCE.why}",
                                            confidence=Confidence.MEDIUM if "keys" in why else Confidence.HIGH))
        return out


def _persists(line: str, where: str) -> str | None:
    low = line.lower()
    if not any(k in low for k in _DROP_KEYS):
        return None
    if where == "authorized_keys":
        writes = re.search(r">>|\btee\b|write|append|open\s*\(", line) is not None
        return "adds a hard-coded or downloaded key to authorized_keys" if writes and (
            _SSH_KEY.search(line) or _DROPPER.search(low)) else None
    if where == "@reboot" and _DROPPER.search(low) and (_RUNS_REMOTE.search(low) or not _FETCH_ONLY.search(low)):
        return "an @reboot cron job that fetches code or connects out"
    if where.startswith(("currentversion", "schtasks")):
        return "a Windows Run key or scheduled task that runs remote or encoded PowerShell" if re.search(
            r"https?://|powershell\S*\s+-(?:e|enc|encodedcommand|w\s+hidden)\b", low) else None
    if _reverse_line(line) or nw.pipe_line(line) or (_DROPPER.search(low) and re.search(r"\|\s*(?:ba|z)?sh\b", line)):
        kind = "a cron job" if "cron" in where or "reboot" in where else "a systemd service" if "exec" in where else \
            "a boot script" if where in ("rc.local", "init.d/") else "a shell start-up file"
        return f"{kind} that runs downloaded code or a remote shell"
    return None


def _used_on_net(doc: Doc, names: set[str], row: int, seen: dict[str, bool]) -> bool:
    """Whether a name stored on ``row`` is used on a line that talks to the network (``seen`` caches by name)."""
    for name in names:
        if name not in seen:
            word = re.compile(rf"\b{re.escape(name)}\b")
            seen[name] = any(r != row and word.search(doc.line(r)) and _NET.search(doc.line(r).lower())
                             for r in doc.rows([name.lower()])[:50])
        if seen[name]:
            return True
    return False
