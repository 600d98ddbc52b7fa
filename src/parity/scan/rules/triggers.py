"""Logic and time bombs: a branch that fires only after a fixed date, or only on a named host, user, locale or
time zone, and then deletes, executes or phones home. Either half alone is ordinary code (scheduling, per-host
config, localised greetings); the finding needs both, found through the parse tree: a conditional whose condition
reads a trigger source and whose guarded code does something dangerous."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import tree_sitter

from parity.scan import languages
from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules.base import RULES, RuleFamily, pattern
from parity.scan.syntax import Code

TIME_BOMB = RuleInfo(
    "time-bomb", "CWE-511", Severity.HIGH, "Date-triggered dangerous code (time bomb)",
    "Code that deletes, executes or phones home only after a fixed date passes review and tests today and fires "
    "later; there is rarely an honest reason to hard-code that date.")
LOGIC_BOMB = RuleInfo(
    "logic-bomb", "CWE-511", Severity.HIGH, "Host-, user- or locale-targeted dangerous code (logic bomb)",
    "Dangerous code that runs only on a named machine, for a named user, or in a given locale, time zone or "
    "country targets someone: it stays dormant everywhere the code is tested.")

_KINDS = {
    "python": ("if_statement", "elif_clause", "conditional_expression", "boolean_operator"),
    "javascript": ("if_statement", "ternary_expression", "binary_expression"),
    "shell": ("if_statement", "elif_clause", "case_statement", "list"),
}
_KINDS["typescript"] = _KINDS["javascript"]
_DEFAULT_KINDS = ("if_statement", "else_if_clause", "conditional_expression", "ternary_expression")

_TIME = re.compile(r"\b(?:now|today|utcnow|time|localtime|gmtime|currentTimeMillis|Now|moment|getFullYear|getMonth"
                   r"|getDate|getDay|getTime|getYear)\s*\(|\bDate\.now\b|\bnew\s+Date\s*\(|\$\(\s*date\b|`date\b"
                   r"|\bdate\s+['\"]?\+%|\bdate\s*\(\s*['\"]|\b(?:mktime|strtotime)\b|\$\{?EPOCHSECONDS|\bInstant\b"
                   r"|\bCalendar\.getInstance\b")
_STRONG_DATE = re.compile(r"['\"`]\d{4}-\d\d-\d\d|['\"`]\d\d?/\d\d?/\d{4}|\b1[5-9]\d{8}(?:\d{3})?\b"
                          r"|\b20\d\d[01]\d[0-3]\d\b|\b(?:datetime|date|Date|of|UTC|mktime|DateTime|Date|LocalDate"
                          r"|strtotime|set)\s*\(\s*['\"]?(?:19[7-9]\d|2\d{3})\b")
_YEAR = re.compile(r"\b(?:19[7-9]\d|20\d\d)\b")
_YEARISH = re.compile(r"20\d\d|19[7-9]\d|1[5-9]\d{8}")  # a cheap first look: literal prefixes search fast
_YEAR_CONTEXT = re.compile(r"year|Year|YEAR|%Y|['\"]Y['\"]|getFullYear")
_DAY = re.compile(r"(?:weekday|isoweekday|getDay|getDate|\.day\b|\.month\b|getMonth|tm_wday|tm_mday|tm_mon|DayOfWeek"
                  r"|Weekday|%[dmuaAjbw]|['\"][DjNlwn]['\"])[^\n]{0,40}?(?:==|!=|-eq|-ne|\bis\b)")
_HOST = re.compile(r"gethostname\s*\(|platform\.node\s*\(|\buname\b|\bhostname\b|\bHOSTNAME\b|getHostName\s*\("
                   r"|getLocalHost\s*\(|\bHostname\s*\(|php_uname|COMPUTERNAME|SERVER_NAME|HTTP_HOST|/etc/hostname"
                   r"|MachineName")
_USER = re.compile(r"getuser\s*\(|getlogin\s*\(|\bwhoami\b|\bid\s+-u?n\b|\$\{?(?:USER|LOGNAME|USERNAME)\b"
                   r"|['\"](?:USER|USERNAME|LOGNAME)['\"]|env\.(?:USER|USERNAME|LOGNAME)\b|userInfo\s*\("
                   r"|get_current_user\s*\(|['\"]user\.name['\"]|user\.Current\s*\(|getpwuid|Environment\.UserName")
_LOCALE = re.compile(r"getlocale\s*\(|getdefaultlocale\s*\(|setlocale\s*\(|\$\{?(?:LANG|LC_ALL|LC_CTYPE|LANGUAGE|TZ)\b"
                     r"|['\"](?:LANG|LC_ALL|LC_CTYPE|LANGUAGE|TZ)['\"]|env\.(?:LANG|LC_ALL|LANGUAGE|TZ)\b"
                     r"|resolvedOptions\s*\(|navigator\.languages?\b|Locale\.getDefault|['\"]user\.(?:country|language"
                     r"|timezone)['\"]|\btimeZone\b|\btzname\b|tm_zone|/etc/timezone|TimeZone\.getDefault"
                     r"|ZoneId\.systemDefault|getTimezoneOffset|CurrentCulture")
_GEO = re.compile(r"ipinfo\.io|ip-api\.com|ipapi\.co|ifconfig\.co|geoip|geolocation|freegeoip|ipgeolocation|ipwho")
_LITERAL = re.compile(r"['\"`]|\d|\s!?==?\s|-(?:eq|ne|gt|ge|lt|le)\b|=~|\bin\b")
_IDENT = re.compile(r"\$?\{?([A-Za-z_][\w]*)")
_EXIT_ONLY = re.compile(r"(?:\b(?:return|exit|Exit|die|continue|break|pass|then|fi)\b|sys\.|process\.|os\."
                        r"|[\s(){};:!0-9]|\w+\s*=\s*\w+|'[^']*'|\"[^\"]*\")*")

_DELETE = frozenset({
    "shutil.rmtree", "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.truncate", "fs.rmSync", "fs.rm",
    "fs.rmdirSync", "fs.unlinkSync", "fs.rmdir", "fs.unlink", "fs.promises.rm", "fs.promises.unlink", "rimraf",
    "rimraf.sync", "fse.remove", "fse.removeSync", "fse.emptyDir", "fs.emptyDirSync", "os.RemoveAll", "os.Remove",
    "os.Truncate", "Files.delete", "Files.deleteIfExists", "FileUtils.deleteDirectory", "FileUtils.forceDelete",
    "FileUtils.cleanDirectory", "rm", "rmdir", "shred", "wipefs", "srm", "unlink"})
_DELETE_SUFFIX = (".rmtree", ".unlink", ".rmSync", ".unlinkSync", ".rmdirSync", ".RemoveAll", ".deleteRecursively",
                  ".rmdir", ".truncate")
_EXEC = frozenset({
    "os.system", "os.popen", "pty.spawn", "exec", "eval", "Function", "execSync", "spawnSync", "exec.Command",
    "exec.CommandContext", "syscall.Exec", "ProcessBuilder", "system", "shell_exec", "passthru", "popen", "proc_open",
    "assert", "pcntl_exec", "execl", "execlp", "execv", "execvp", "execve", "ShellExecute", "WinExec", "nc", "ncat",
    "vm.runInNewContext", "vm.runInThisContext", "socat", "telnet", "mkfs", "dd"})
_EXEC_PREFIX = ("subprocess.", "child_process.", "os.exec", "os.spawn", "commands.")
_NET = frozenset({
    "urllib.request.urlopen", "urlopen", "urllib.request.Request", "http.client.HTTPConnection", "smtplib.SMTP",
    "http.client.HTTPSConnection", "socket.create_connection", "ftplib.FTP", "fetch", "http.request", "http.get",
    "https.request", "https.get", "net.connect", "net.createConnection", "tls.connect", "WebSocket", "sendBeacon",
    "navigator.sendBeacon", "http.Post", "http.Get", "http.PostForm", "net.Dial", "URL", "Socket", "curl_init",
    "curl_exec", "fsockopen", "file_get_contents", "mail", "curl", "wget", "scp", "rsync", "ssh", "ftp", "sftp"})
_NET_PREFIX = ("requests.", "httpx.", "axios", "aiohttp.", "urllib3.", "got.", "superagent.", "needle.")
_DISABLE = frozenset({"os.kill", "os.killpg", "process.kill", "kill", "pkill", "killall", "shutdown", "reboot",
                      "halt", "poweroff", "posix_kill", "setenforce", "ufw", "iptables", "systemctl", "service",
                      "crontab", "chattr", "init", "launchctl"})
_WRITE = frozenset({"open", "fopen", "fs.writeFileSync", "fs.appendFileSync", "fs.writeFile", "fs.appendFile",
                    "file_put_contents", "os.WriteFile", "ioutil.WriteFile", "Files.write", "Files.writeString",
                    "FileWriter", "FileOutputStream", "tee", "cp", "mv", "ln", "chmod", "chown"})
_HOSTED = re.compile(r"[a-z][a-z0-9+.-]*://|\b\d{1,3}(?:\.\d{1,3}){3}\b|['\"][\w-]+(?:\.[\w-]+)+(?::\d+)?['\"]"
                     r"|/dev/(?:tcp|udp)/")
_SYSTEM_PATH = re.compile(r"^['\"]?(?:/etc/|/boot/|/root/|/usr/(?:local/)?s?bin/|/s?bin/|/lib|/var/spool/cron"
                          r"|/dev/sd|/dev/nvme|/dev/disk|C:\\\\Windows)|authorized_keys|\.bashrc|\.bash_profile|\.zshrc"
                          r"|\.profile\b|sudoers|crontab|rc\.local|ld\.so\.preload")
_SQL_DESTROY = re.compile(r"(?i)\b(?:drop\s+(?:table|database|schema)|truncate\s+(?:table\s+)?\w|delete\s+from)\b")
_SHELL_REDIRECT = re.compile(r">>?\s*['\"]?(?:/etc/|/boot/|/root/|/usr/s?bin/|/s?bin/|~?/\.ssh/|/dev/sd|/dev/nvme)")
_INTERPRETER_NAMES = ("bash", "sh", "zsh", "dash", "ksh", "python", "python3", "perl", "node")
_DISABLE_ARGS = {"systemctl": ("stop", "disable", "mask", "kill"), "service": ("stop",), "ufw": ("disable",),
                 "iptables": ("-F", "--flush", "-X", "-P"), "setenforce": ("0",), "crontab": ("-r",),
                 "init": ("0", "6"), "launchctl": ("unload", "remove", "bootout")}
_PREFIXES = _EXEC_PREFIX + _NET_PREFIX
_LASTS = frozenset(n.rsplit(".", 1)[-1].rsplit("/", 1)[-1] for n in _DELETE | _EXEC | _NET | _DISABLE | _WRITE) | {
    s.lstrip(".") for s in _DELETE_SUFFIX} | {"delete", "exec", "execSync", "spawn", "spawnSync", "connect", "execute",
                                              "executescript", "query", "Exec", "raw", "executeUpdate", "writeFileSync",
                                              "appendFileSync", "write_text", "write_bytes"} | set(_INTERPRETER_NAMES)
_OUT_PARAM = frozenset({"gethostname", "getlogin_r", "uname", "GetComputerNameA", "GetComputerNameW",
                        "GetUserNameA", "GetUserNameW", "localtime_r", "gmtime_r", "getpwuid_r"})
_NASTY = re.compile(r"\brm\s+-\w*[rRf]|\bmkfs|\bdd\s+if=|/dev/(?:tcp|udp)/|\b(?:curl|wget|nc|ncat)\b|\bshred\b"
                    r"|\bshutdown\b|\bformat\s+[a-zA-Z]:|\bdel\s+/[sfq]")
_SURE = frozenset({"deletes files", "runs a destructive or remote command", "destroys data", "writes a system file"})
"""What a branch does that no honest per-host or per-date switch does: high confidence."""
_CRITICAL = frozenset({"deletes files", "runs commands", "runs a destructive or remote command", "destroys data",
                       "sends data to a hard-coded host", "writes a system file"})


def _danger(code: Code, call: Any) -> str | None:
    """What a call in a guarded branch does that a bomb would do, or None for ordinary code."""
    q, last, shell = call.qualname, call.last, code.language == "shell"
    if last not in _LASTS and not q.startswith(_PREFIXES):
        return None
    words = [a.value or a.text for a in call.args]
    if q in _DELETE or q.endswith(_DELETE_SUFFIX) or (code.language == "java" and last == "delete" and "File" in q):
        if q in ("rm", "rmdir", "unlink") and not shell and code.language not in ("php", "c", "cpp"):
            return None
        return "deletes files"
    if q in _DISABLE or q.rsplit("/", 1)[-1] in _DISABLE:
        need = _DISABLE_ARGS.get(q)
        return "stops or disables the system" if need is None or any(w in need for w in words) else None
    if shell and q in _INTERPRETER_NAMES and \
            any(w in ("-c", "-e", "-i") or "/dev/tcp" in w for w in words):
        return "runs commands"
    if q in _EXEC or q.startswith(_EXEC_PREFIX) or (last == "exec" and "Runtime" in q) or \
            (last in ("exec", "execSync", "spawn", "spawnSync") and "child_process" in call.name):
        if q in ("exec", "eval", "assert") and code.language == "shell":
            return "runs commands" if q == "eval" else None
        if q in ("mkfs", "dd"):
            return "destroys data"
        return "runs a destructive or remote command" if _NASTY.search(code.node_text(call.node)[:2000]) else \
            "runs commands"
    if q in _NET or q.startswith(_NET_PREFIX) or (code.language == "python" and last == "connect" and "sock" in q):
        return "sends data to a hard-coded host" if _HOSTED.search(code.node_text(call.node)[:2000]) else None
    if q in _WRITE or last in ("writeFileSync", "appendFileSync", "write_text", "write_bytes"):
        if q in ("open", "fopen") and not any(set(a.value or "") & set("wax+") for a in call.args[1:3]
                                              if a.kind == "const" and len(a.value or "") <= 3):
            return None  # opened for reading
        target = words[-1] if shell and words else code.node_text(call.node) if last.startswith("write_") else \
            (words[0] if words else "")
        return "writes a system file" if _SYSTEM_PATH.search(target or "") else None
    if last in ("execute", "executescript", "query", "exec", "Exec", "raw", "executeUpdate") and words and \
            _SQL_DESTROY.search(words[0] or ""):
        return "destroys data"
    return None


def _trigger(text: str) -> tuple[RuleInfo, str, bool] | None:
    """(rule, what triggers, strong) for a condition's text, or None when it reads no trigger source."""
    if _TIME.search(text):
        if _STRONG_DATE.search(text) or (_YEAR.search(text) and _YEAR_CONTEXT.search(text)):
            return TIME_BOMB, "a fixed-date check", True
        if _DAY.search(text):
            return TIME_BOMB, "a day-of-week or day-of-month check", False
    if not _LITERAL.search(text):
        return None
    for regex, what in ((_HOST, "a host-name check"), (_USER, "a user-name check"),
                        (_LOCALE, "a locale or time-zone check"), (_GEO, "a geo-IP country check")):
        if regex.search(text):
            return LOGIC_BOMB, what, True
    return None


@RULES.register("triggers")
class Triggers(RuleFamily):
    rules = (TIME_BOMB, LOGIC_BOMB)
    patterns = (
        pattern(LOGIC_BOMB, r"^(?=.*(?:\bif\b|&&|\|\||\?))(?=.*(?:\$\(\s*(?:hostname|whoami)|`(?:hostname|whoami)"
                r"|gethostname\(|getuser\(|getlogin\(|os\.hostname\(|\$HOSTNAME\b|\$USER\b)).*(?:\brm\s+-[rRf]+"
                r"|\bmkfs\b|\bdd\s+if=|rmtree\(|rmSync\(|RemoveAll\(|os\.system\(|\bshred\b)", None,
                confidence=Confidence.MEDIUM),
        pattern(TIME_BOMB, r"^(?=.*(?:\bif\b|&&|\|\||\?))(?=.*(?:\$\(\s*date\b|`date\b|datetime\.now\(|date\.today\("
                r"|Date\.now\(|new Date\(|time\.time\(|time\.Now\()).*\b20\d\d\b.*(?:\brm\s+-[rRf]+|\bmkfs\b"
                r"|\bdd\s+if=|rmtree\(|rmSync\(|RemoveAll\(|os\.system\(|\bshred\b)", None,
                confidence=Confidence.MEDIUM),
    )

    def check(self, code: Code) -> Iterator[Finding]:
        if code.tree is None:
            return
        hits: list[tuple[Any, str, str]] = []
        for call in code.calls:
            does = _danger(code, call)
            if does is not None:
                hits.append((call.node, does, call.name[:60]))
        if code.language == "shell" and _SHELL_REDIRECT.search(code.text):
            hits.extend((n, "writes a system file", "a redirect") for n in code.nodes(("file_redirect",))
                        if _SHELL_REDIRECT.search(code.node_text(n)))
        if not hits:
            return
        query = _cond_query(code.language or "")
        if query is None:
            return
        cache: dict[int, tuple[RuleInfo, str, bool] | None] = {}
        found: dict[int, tuple[Any, RuleInfo, str, bool, str, str]] = {}
        exits = self._exit_guards(code, query, hits)
        for node, does, name in sorted(hits, key=lambda h: h[1] not in _CRITICAL)[:200]:
            guards = [(g, False) for g in _containing(code, query, node.start_byte, node.start_byte + 1)]
            guards += [(g, True) for g, scope in exits if g.end_byte <= node.start_byte < scope]
            for guard, inverted in guards:
                if guard.start_byte in found:
                    continue
                conds = _conditions(code, guard)
                if not conds or any(c.start_byte <= node.start_byte < c.end_byte for c in conds):
                    continue
                if guard.start_byte not in cache:
                    cache[guard.start_byte] = self._trigger_of(code, guard, conds)
                trig = cache[guard.start_byte]
                if trig is not None and (not inverted or trig[0] is TIME_BOMB):
                    found[guard.start_byte] = (guard, *trig, does, name)
        for guard, rule, what, strong, does, name in found.values():
            sure = strong and (does in _SURE or (rule is TIME_BOMB and does == "runs commands"))
            yield code.finding(rule, guard, confidence=Confidence.HIGH if sure else Confidence.MEDIUM,
                               severity=Severity.CRITICAL if does in _CRITICAL else Severity.HIGH,
                               message=f"{what} guards code that {does} ({name}): {rule.why}")

    def _exit_guards(self, code: Code, query: Any, hits: list[tuple[Any, str, str]]) -> list[tuple[Any, int]]:
        """``if now < datetime(2026, 1, 1): return`` before the dangerous code: a date guard written inverted.
        Only looked for when the block has a year in it ("must run as X" exits are not bombs, so host and user
        checks are not followed this way)."""
        if not _YEARISH.search(code.text):
            return []
        out = []
        for guard in _containing(code, query, 0, max(h[0].start_byte for h in hits)):
            if guard.type == "if_statement" and self._exits(code, guard):
                parent = guard.parent
                out.append((guard, parent.end_byte if parent is not None else guard.end_byte))
        return out

    def _trigger_of(self, code: Code, node: Any, conds: list[Any]) -> tuple[RuleInfo, str, bool] | None:
        text = " ".join(code.node_text(c)[:1000] for c in conds) + (" in" if node.type == "case_statement" else "")
        return _trigger(text + " " + self._expansion(code, text))

    def _exits(self, code: Code, node: Any) -> bool:
        """``if date < X: return`` with the dangerous part after it: the guard is inverted, not absent."""
        conds = node.children_by_field_name("condition")
        if not conds:
            return False
        body = code.node_text(node)[conds[-1].end_byte - node.start_byte:][:200]
        return bool(re.search(r"\b(?:return|exit|Exit|die)\b", body)) and _EXIT_ONLY.fullmatch(body) is not None

    def _expansion(self, code: Code, cond_text: str) -> str:
        """The values assigned to the names a condition uses (``host = socket.gethostname()``), and for C the
        call that filled a buffer (``gethostname(buf, n)``)."""
        names = {m.group(1) for m in _IDENT.finditer(cond_text[:1000])}
        out = [a.value.text[:300] for a in code.assignments
               if a.key in names or a.target.split(",")[0].strip().lstrip("$") in names]
        if code.language in ("c", "cpp"):
            out += [code.node_text(c.node)[:300] for c in code.calls
                    if c.last in _OUT_PARAM and c.args and c.args[0].text.lstrip("&") in names]
        return " ".join(out[:20])


@cache
def _cond_query(lang: str) -> tree_sitter.Query | None:
    g = languages.grammar(lang) if lang else None
    kinds = [k for k in _KINDS.get(lang, _DEFAULT_KINDS) if g is not None and g.id_for_node_kind(k, True)]
    return tree_sitter.Query(g, "[" + " ".join(f"({k})" for k in kinds) + "] @n") if g is not None and kinds else None


def _containing(code: Code, query: tree_sitter.Query, start: int, end: int) -> list[Any]:
    """Conditionals overlapping a byte range: for one byte, the ones a call sits inside (cheap: tree-sitter only
    descends into subtrees that overlap the range)."""
    if code.tree is None:
        return []
    cursor = tree_sitter.QueryCursor(query)
    cursor.set_byte_range(start, end)
    return cursor.captures(code.tree.root_node).get("n", [])


def _conditions(code: Code, node: Any) -> list[Any]:
    t = node.type
    if t == "conditional_expression" and code.language == "python":
        return [node.named_children[1]] if node.named_child_count >= 3 else []
    if t == "case_statement":
        value = node.child_by_field_name("value")
        return [value] if value is not None else []
    if t in ("list", "boolean_operator", "binary_expression"):
        if t != "list" and (node.parent is None or node.parent.type != "expression_statement"):
            return []
        op = node.child_by_field_name("operator") if t != "list" else \
            (node.children[1] if node.child_count >= 3 else None)
        if op is None or code.node_text(op) not in ("&&", "||", "and", "or"):
            return []
        first = node.child_by_field_name("left") if t != "list" else node.named_children[0]
        return [first] if first is not None else []
    return node.children_by_field_name("condition")
