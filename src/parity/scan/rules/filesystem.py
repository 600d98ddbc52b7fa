"""Files the attacker gets to choose or reach: request data used as a path (traversal, PHP file inclusion), archive
members extracted without a check on their names (zip slip), temporary files with guessable names, modes that let
every local user write (or read a secret), and database grants of everything to everyone.

Traversal counts only request data (see ``_taint.user_input``): a CLI that opens ``sys.argv[1]`` is doing its job. A
block that visibly checks the path (``startswith`` after ``realpath``, ``secure_filename``, ``safe_join``) is left
alone, since the reviewer's question is then answered. Create calls (``os.makedirs(p, 0o777)``) count less than
chmod: the umask trims their mode, and 0666 for a new file is the norm, not a finding."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator

from tree_sitter import Node

from parity.scan.finding import Confidence, Finding, RuleInfo, Severity
from parity.scan.rules._file_modes import (
    _JS_MODE_OPTIONS,
    _MODE_CALLS,
    _READABLE_SECRET,
    _SYMBOLIC,
    _UMASK,
    _secret_path,
    _world_writable,
    mode_value,
)
from parity.scan.rules._taint import user_input
from parity.scan.rules.base import RULES, RuleFamily, pattern
from parity.scan.syntax import Arg, Call, Code

TRAVERSAL = RuleInfo("path-traversal", "CWE-22", Severity.MEDIUM, "Path traversal",
                     "A path built from request data can name any file the process can read or write, such as "
                     "../../etc/passwd or the app's own secrets.")
INCLUSION = RuleInfo("file-inclusion", "CWE-98", Severity.HIGH, "File inclusion from request data",
                     "PHP runs whatever file the request names, so an attacker can execute uploaded files, logs or "
                     "remote code.")
ZIP_SLIP = RuleInfo("archive-path-traversal", "CWE-22", Severity.MEDIUM, "Archive extraction without path checks",
                    "Archive members named like ../../home/user/.bashrc are written outside the target folder "
                    "(zip slip), so an uploaded archive can overwrite code or configuration.")
TEMP = RuleInfo("insecure-temp-file", "CWE-377", Severity.MEDIUM, "Insecure temporary file",
                "The temporary file's name is known in advance, so another local user can create it first or plant "
                "a symlink there and read or redirect what the program writes.")
PERMS = RuleInfo("insecure-permissions", "CWE-732", Severity.MEDIUM, "Overly broad file permissions",
                 "Every local user (and any compromised service) can modify the file, so it can be replaced with "
                 "malicious content or code.")
DB_GRANT = RuleInfo("excessive-database-privileges", "CWE-269", Severity.MEDIUM, "Database grant far too broad",
                    "The account gets every privilege on every database (or everyone gets it), so one leaked "
                    "application password hands over the whole server.")

_PATH_SANITIZER = re.compile(r"secure_filename|basename|filepath\.Base\(|FilenameUtils\.getName|getFileName\(\)"
                             r"|\bsafe_join\b|\bint\(|\bintval\(|\buuid|\bParseInt\(|\bAtoi\(")
_PATH_GUARDS = ("startswith(", "hasprefix(", "is_relative_to(", "commonpath(", "safe_join", "islocal(", "filepath.rel(",
                "path.relative(", "'..'", '".."', "str_starts_with", "strpos(realpath")
_PY_PATH = {"open": (0,), "io.open": (0,), "codecs.open": (0,), "aiofiles.open": (0,), "os.open": (0,),
            "send_file": (0,), "flask.send_file": (0,), "os.remove": (0,), "os.unlink": (0,), "os.rmdir": (0,),
            "shutil.rmtree": (0,), "shutil.copy": (0, 1), "shutil.copyfile": (0, 1), "shutil.move": (0, 1),
            "os.rename": (0, 1), "pathlib.Path": (0,), "Path": (0,), "os.listdir": (0,)}
_PY_PATH_METHODS = frozenset({"read_text", "read_bytes", "write_text", "write_bytes"})
_JS_FS = re.compile(r"^(?:fs|fsp|fse|fs-extra|fs/promises|fs\.promises|fsPromises)\.(?:readFile|writeFile|appendFile"
                    r"|createReadStream|createWriteStream|unlink|rm|readdir|open|copyFile|readJson|outputFile|rename"
                    r"|access|stat|rmdir)(?:Sync)?$")
_GO_PATH = {"os.Open": 0, "os.OpenFile": 0, "os.ReadFile": 0, "os.WriteFile": 0, "os.Create": 0, "os.Remove": 0,
            "os.RemoveAll": 0, "os.ReadDir": 0, "ioutil.ReadFile": 0, "ioutil.WriteFile": 0, "http.ServeFile": 2,
            "c.File": 0, "c.FileAttachment": 0}
_JAVA_FILE = frozenset({"File", "FileInputStream", "FileOutputStream", "FileReader", "FileWriter", "RandomAccessFile",
                        "Paths.get", "Path.of"})
_PHP_PATH = frozenset({"file_get_contents", "readfile", "fopen", "file", "file_put_contents", "unlink",
                       "show_source", "highlight_file", "parse_ini_file", "copy", "rename", "scandir", "fpassthru"})
_LOOKUP = re.compile(r"\$\w+\s*\[\s*\$_(?:GET|POST|REQUEST|COOKIE)")  # include $pages[$_GET['p']]: an allowlist
_GRANT_ALL = (r"\bgrant\s+all(?:\s+privileges)?\s+on\s+(?:\*\.\*|all\s+databases)|\bgrant\s+all\b[^;\n]{0,200}"
              r"\bto\s+public\b")
_GRANT_ALL_RE = re.compile(_GRANT_ALL, re.I)
_INCLUDES = ("include_expression", "include_once_expression", "require_expression", "require_once_expression")

_TMP_PATH = re.compile(r"^(?:/tmp|/var/tmp|/dev/shm)/[^\s*?{}]+$")
_TEMP_NAME_CALLS = frozenset({"tempfile.mktemp", "os.tempnam", "os.tmpnam"})
_C_TEMP = frozenset({"tmpnam", "tempnam", "mktemp", "tmpnam_r"})
_WRITE_TO = {  # language -> callee -> index of the mode or flags argument (-1: the call always writes)
    "python": {"open": 1, "io.open": 1, "os.open": 1},
    "javascript": {"fs.writeFile": -1, "fs.writeFileSync": -1, "fs.createWriteStream": -1, "fs.appendFile": -1,
                   "fs.appendFileSync": -1},
    "go": {"os.Create": -1, "os.WriteFile": -1, "ioutil.WriteFile": -1, "os.OpenFile": 1},
    "c": {"fopen": 1, "creat": -1, "open": 1}, "php": {"file_put_contents": -1, "fopen": 1},
    "java": {"FileWriter": -1, "FileOutputStream": -1, "PrintWriter": -1},
}
_WRITE_TO["typescript"] = _WRITE_TO["javascript"]
_WRITE_TO["cpp"] = _WRITE_TO["c"]

_SHELL_PREFIXES = frozenset({"sudo", "doas", "RUN", "exec", "nohup", "command", "time"})


def _fixed_tmp(path: str) -> bool:
    """A path in a shared temp folder whose name anyone can predict ($$, the PID, is predictable too)."""
    return bool(_TMP_PATH.match(path)) and "$" not in path.replace("$$", "")


_TMP_NAMES: weakref.WeakKeyDictionary[Code, dict[str, str]] = weakref.WeakKeyDictionary()


def _tmp_names(code: Code) -> dict[str, str]:
    """Variables holding a fixed temp path (``LOG = "/tmp/app.log"``), so ``open(LOG, "w")`` counts too."""
    if code not in _TMP_NAMES:
        _TMP_NAMES[code] = {a.key: a.value.value or "" for a in code.assignments if a.value.kind == "const" and
                            _TMP_PATH.match(a.value.value or "")} if "/tmp/" in code.text else {}
    return _TMP_NAMES[code]


_CALL_NAMES = frozenset(
    {k.rsplit(".", 1)[-1] for k in [*_PY_PATH, *_GO_PATH, *_MODE_CALLS, *(k for t in _WRITE_TO.values() for k in t)]}
    | {n.rsplit(".", 1)[-1] for n in _JAVA_FILE | _TEMP_NAME_CALLS | _UMASK} | _PY_PATH_METHODS | _PHP_PATH | _C_TEMP
    | {"FileResponse", "readFile", "writeFile", "appendFile", "createReadStream", "createWriteStream", "unlink", "rm",
       "readdir", "open", "copyFile", "readJson", "outputFile", "sendFile", "download", "resolve", "extractall",
       "rename", "renameSync", "access", "accessSync", "stat", "statSync", "rmdir", "rmdirSync",
       "extract", "Join", "join", "chmod", "Chmod", "setWritable", "fromString", "mkdir", "openSync"}
    | {n + "Sync" for n in ("readFile", "writeFile", "appendFile", "unlink", "rm", "readdir", "copyFile", "mkdir")})


@RULES.register("filesystem")
class FileSystem(RuleFamily):
    rules = (TRAVERSAL, INCLUSION, ZIP_SLIP, TEMP, PERMS, DB_GRANT)
    patterns = (
        pattern(PERMS, r"\bchmod\s+(?:-R\s+)?(?:0?[0-7]?[0-7][0-7][2367]|[ugo]*[ao][ugo]*[+=][rwxXst]*w[rwxXst]*)\b",
                None),
        pattern(PERMS, r"\bchmod\([^()\n]{0,200},\s*0o?[0-7]?[0-7][0-7][2367]\b|\bumask\(\s*0+\s*\)", None),
        pattern(DB_GRANT, _GRANT_ALL, None, flags=re.I),
        pattern(TEMP, r"\btempfile\.mktemp\(|\bos\.(?:tempnam|tmpnam)\(", ["python"]),
        pattern(TEMP, r"\b(?:tmpnam|tempnam)\s*\(", ["c", "cpp"]),
        pattern(INCLUSION, r"\b(?:include|require)(?:_once)?\s*\(?\s*\$_(?:GET|POST|REQUEST|COOKIE)\b", ["php"]),
        pattern(TRAVERSAL, r"\bopen\(\s*(?:os\.path\.join\([^)\n]{0,200})?request\.(?:args|form|values|GET)",
                ["python"]),
    )

    def check(self, code: Code) -> Iterator[Finding]:
        if code.tree is None:
            return
        if "GRANT" in code.text or "grant" in code.text:
            for row, line in enumerate(code.lines):
                if ("rant" in line or "RANT" in line) and _GRANT_ALL_RE.search(line[:4000]):
                    yield code.finding(DB_GRANT, row)
        if code.language == "shell":
            yield from self._shell(code)
            return
        taint = user_input(code, _PATH_SANITIZER, "path")
        low = code.text.lower()
        guarded = any(g in low for g in _PATH_GUARDS)
        tar_names = self._tar_names(code) if code.language == "python" and "tarfile" in code.text else None
        for call in code.calls:
            if call.last not in _CALL_NAMES and not call.name.startswith("Files."):
                continue
            if not guarded:
                for arg in self._path_args(code, call):
                    level = taint.level(arg.text)
                    if level is None or _PATH_SANITIZER.search(arg.text):
                        continue
                    built = taint.built_from_request(arg.text)
                    yield code.finding(TRAVERSAL, built[0] if built else call.node, confidence=level, message=(
                        f"The path built here from request data reaches {call.name}() on line {call.line}: "
                        if built else f"{call.name}() opens a path taken from the request: ") + TRAVERSAL.why)
                    break
            yield from self._zip_slip(code, call, tar_names)
            yield from self._temp(code, call)
            yield from self._perms(code, call)
        if code.language == "php" and ("include" in code.text or "require" in code.text):
            for node in code.nodes(_INCLUDES):
                level = taint.level(code.node_text(node))
                if level is not None and not _LOOKUP.search(code.node_text(node)):
                    yield code.finding(INCLUSION, node, confidence=level)
        elif code.language == "python" and ("infolist()" in code.text or "getmembers()" in code.text or
                                             "namelist()" in code.text):
            yield from self._py_members(code)
        elif code.language == "java":
            for row, line in enumerate(code.lines):
                if "OTHERS_WRITE" in line and re.search(r"(?:add|of)\([^;\n]{0,300}OTHERS_WRITE", line[:4000]):
                    yield code.finding(PERMS, row)

    # -- path traversal and zip slip -------------------------------------------------------------------------

    def _path_args(self, code: Code, call: Call) -> list[Arg]:
        lang, q = code.language, call.qualname
        pos = [a for a in call.args if a.keyword is None]
        if lang == "python":
            if call.last in _PY_PATH_METHODS:
                receiver = call.name.rsplit(".", 1)[0]
                return [Arg(call.node, receiver, None, "dynamic", None)]
            idx = _PY_PATH.get(q) or ((0,) if call.last in ("send_file", "FileResponse") else ())
            return [pos[i] for i in idx if i < len(pos)]
        if lang in ("javascript", "typescript"):
            if q.startswith("f") and _JS_FS.match(q):
                return pos[:2] if call.last.startswith(("rename", "copyFile")) else pos[:1]
            if call.last in ("sendFile", "download") and call.name.split(".")[0] in ("res", "response", "reply"):
                return [] if any(re.search(r"\broot\s*:", a.text) for a in pos[1:]) else pos[:1]
        elif lang == "go":
            i = _GO_PATH.get(q)
            return pos[i:i + 1] if i is not None else []
        elif lang == "java":
            if call.name in _JAVA_FILE:
                return pos
            if q.startswith("Files."):
                return pos[:1]
            if call.last == "resolve" and re.search(r"path|dir|root|base", call.name, re.I):
                return pos[:1]
        elif lang == "php" and call.name in _PHP_PATH:
            return pos[:1]
        return []

    @staticmethod
    def _tar_names(code: Code) -> set[str]:
        """Names bound to a tarfile: ``t = tarfile.open(...)`` and ``with tarfile.open(...) as t:``."""
        names = set()
        for line in code.lines:
            if "tarfile." in line or "TarFile" in line:
                m = re.match(r"\s*(\w+)\s*=\s*tarfile\.", line) or re.search(r"\bas\s+(\w+)\s*:?\s*$", line)
                if m:
                    names.add(m.group(1))
        return names

    def _zip_slip(self, code: Code, call: Call, tar_names: set[str] | None) -> Iterator[Finding]:
        lang, last = code.language, call.last
        if lang == "python" and last in ("extractall", "extract") and tar_names is not None:
            receiver = call.name.rsplit(".", 1)[0]
            if (receiver in tar_names or "tarfile" in receiver) and call.keyword("filter") is None and not \
                    re.search(r"is_within_directory|commonpath|commonprefix|startswith\(|is_relative_to", code.text):
                yield code.finding(ZIP_SLIP, call.node, message=f"{call.name}() without filter='data' trusts member "
                                   "names: " + ZIP_SLIP.why)
            return
        member = None
        if lang == "go" and call.qualname in ("filepath.Join", "path.Join") and "archive/" in code.text:
            member = re.compile(r"\b\w+\.Name\b")
            guard = re.compile(r"HasPrefix|IsLocal|filepath\.Rel\(|\"\.\.\"")
        elif lang == "java" and (call.name in _JAVA_FILE or last == "resolve") and \
                re.search(r"ZipEntry|ZipInputStream|JarEntry|TarArchiveEntry|ZipFile", code.text):
            member = re.compile(r"getName\(\)")
            guard = re.compile(r"startsWith\(")
        elif lang in ("javascript", "typescript") and call.qualname in ("path.join", "path.resolve") and \
                ("zip" in code.text or "Zip" in code.text or "tar" in code.text):
            member = re.compile(r"\b(?:entry|header|file)\.(?:path|entryName|fileName|name)\b")
            guard = re.compile(r"startsWith\(|['\"]\.\.['\"]")
        if member is not None and any(member.search(a.text) for a in call.args) and not guard.search(code.text):
            yield code.finding(ZIP_SLIP, call.node, confidence=Confidence.MEDIUM)

    @staticmethod
    def _py_members(code: Code) -> Iterator[Finding]:
        """``dest / info.filename`` for each member of a zip or tar: the member's name decides where it lands."""
        members = set(re.findall(r"\bfor\s+(\w+)\s+in\s+[\w.]+\.(?:infolist|getmembers|namelist)\(\)", code.text))
        if not members or re.search(r"is_relative_to\(|commonpath\(|startswith\(|is_within_directory", code.text):
            return
        for a in code.assignments:
            text = a.value.text
            if ("/" in text or "join(" in text) and any(
                    re.search(rf"\b{m}(?:\.(?:filename|name))?\b(?!\.)", text) for m in members) and not \
                    _PATH_SANITIZER.search(text):
                yield code.finding(ZIP_SLIP, a.node, confidence=Confidence.MEDIUM, message="An archive member's own "
                                   "name picks the output path: " + ZIP_SLIP.why)

    # -- temporary files -------------------------------------------------------------------------------------

    def _temp(self, code: Code, call: Call) -> Iterator[Finding]:
        lang, q = code.language, call.qualname
        if (lang == "python" and q in _TEMP_NAME_CALLS) or \
                (lang in ("c", "cpp") and call.name in _C_TEMP):
            yield code.finding(TEMP, call.node, message=f"{call.name}() returns a name, not a file, so another "
                               "process can create it first: use mkstemp()/NamedTemporaryFile.")
            return
        table = _WRITE_TO.get(lang or "", {})
        key = call.name if call.name in table else q
        if key not in table or not call.args:
            if lang == "python" and call.last in ("write_text", "write_bytes") and re.search(
                    r"Path\(\s*['\"](?:/tmp|/var/tmp)/", call.name):
                yield self._tmp_finding(code, call.node)
            return
        path = call.args[0]
        value = path.value if path.kind == "const" else _tmp_names(code).get(path.text)
        if not _TMP_PATH.match(value or ""):
            return
        i = table[key]
        mode = call.keyword("mode") or (call.positional(i) if i >= 0 else None)
        if i >= 0 and (mode is None or not (re.search(r"[wax+]", mode.value) if mode.value is not None else
                                            re.search(r"O_(?:CREAT|WRONLY|RDWR|APPEND|TRUNC)", mode.text))):
            return
        yield self._tmp_finding(code, call.node)

    @staticmethod
    def _tmp_finding(code: Code, where: Node | int) -> Finding:
        return code.finding(TEMP, where, confidence=Confidence.MEDIUM, severity=Severity.LOW,
                            message="Writes to a fixed name in a shared temp folder: " + TEMP.why)

    # -- permissions ----------------------------------------------------------------------------------------

    def _perms(self, code: Code, call: Call) -> Iterator[Finding]:
        q = call.qualname
        if q in _UMASK or call.name in _UMASK:
            first = call.positional(0)
            mask = mode_value(first.text) if first is not None else None
            if mask is not None and not mask & 0o002:
                yield code.finding(PERMS, call.node, message="umask without the others-write bit makes every file "
                                   "the process creates world-writable: " + PERMS.why)
            return
        spec = _MODE_CALLS.get(q) or _MODE_CALLS.get(call.name)
        if q == "open" and code.language in ("c", "cpp"):
            spec = (2, False)
        arg: Arg | None = None
        exact = True
        if spec is not None:
            arg, exact = call.keyword("mode") or call.positional(spec[0]), spec[1]
        elif call.last.lower() == "chmod" and len(call.args) == 1 and code.language in ("python", "go"):
            arg = call.args[0]  # Path.chmod(mode), File.Chmod(mode)
        elif call.last == "setWritable" and [a.text for a in call.args] == ["true", "false"]:
            yield code.finding(PERMS, call.node)
            return
        elif call.last == "fromString" and "PosixFilePermissions" in call.name and call.args:
            value = call.args[0].value or ""
            if len(value) == 9 and value[7] == "w":
                yield code.finding(PERMS, call.node)
            return
        elif code.language in ("javascript", "typescript") and call.last in _JS_MODE_OPTIONS:
            arg, exact = next((a for a in call.args if "mode" in a.text), None), False
        if arg is not None and arg.text.startswith("{"):
            m = re.search(r"\bmode\s*:\s*([\w']+)", arg.text)
            arg = Arg(arg.node, m.group(1), None, "const", None) if m else None
        mode = mode_value(arg.text) if arg is not None else None
        if _world_writable(mode, exact=exact):
            how = "" if exact else " (the umask may trim it, but the code asks for it)"
            yield code.finding(PERMS, call.node, confidence=Confidence.HIGH if exact else Confidence.MEDIUM,
                               message=f"{call.name}() grants write access to every user{how}: {PERMS.why}")
        elif exact and mode is not None and mode & 0o004 and _secret_path(call.args[0].text if len(
                call.args) > 1 else call.name):
            yield code.finding(PERMS, call.node, confidence=Confidence.MEDIUM, message=_READABLE_SECRET)

    # -- shell ----------------------------------------------------------------------------------------------

    def _shell(self, code: Code) -> Iterator[Finding]:
        for call in code.calls:
            words = [call.name] + [a.text for a in call.args]
            while words and words[0] in _SHELL_PREFIXES:
                words = words[1:]
                while words and words[0].startswith("-"):
                    words = words[2:] if words[0] in ("-u", "-g") else words[1:]
            if not words:
                continue
            name, args = words[0], [w.strip("'\"") for w in words[1:]]
            if name == "chmod":
                yield from self._chmod(code, call, args)
            elif name in ("mkdir", "install") and "-m" in args[:-1]:
                mode = mode_value(args[args.index("-m") + 1])
                if _world_writable(mode, exact=True):
                    yield code.finding(PERMS, call.node)
            elif name == "umask" and args:
                mask = mode_value(args[0] if args[0].startswith("0") else "0" + args[0])
                if mask is not None and not mask & 0o002:
                    yield code.finding(PERMS, call.node)
            elif name == "mktemp" and ("-u" in args or "--dry-run" in args):
                yield code.finding(TEMP, call.node, message="mktemp -u only prints a name; the file is not created, "
                                   "so another process can take it first.")
            elif name == "tee" and any(_fixed_tmp(a) for a in args if not a.startswith("-")):
                yield self._tmp_finding(code, call.node)
        if "/tmp/" not in code.text and "/dev/shm/" not in code.text:
            return
        for a in code.assignments:  # OUT=/tmp/backup.$$.sql, used as a file later
            if _fixed_tmp(a.value.text.strip("'\"")) and "." in a.value.text.rsplit("/", 1)[-1]:
                yield self._tmp_finding(code, a.node)
        for node in code.nodes(("file_redirect",)):
            dest = node.child_by_field_name("destination")
            if dest is None:
                continue
            op = next((c.type for c in node.children if not c.is_named), "")
            if op in (">", ">>", ">|", "&>", "&>>") and _fixed_tmp(code.node_text(dest).strip("'\"")):
                yield self._tmp_finding(code, node)

    def _chmod(self, code: Code, call: Call, args: list[str]) -> Iterator[Finding]:
        operands = [a for a in args if not a.startswith("-") or re.fullmatch(r"-[rwxXst]+", a)]
        if len(operands) < 2:
            return
        mode, targets = operands[0], operands[1:]
        world = False
        if re.fullmatch(r"[0-7]{1,4}", mode):
            world = _world_writable(int(mode, 8), exact=True)
        else:
            for clause in mode.split(","):
                m = _SYMBOLIC.fullmatch(clause)
                if m and m.group(2) in "+=" and "w" in m.group(3) and re.search("[oa]", m.group(1)):
                    world = True
        if not world:
            if re.fullmatch(r"[0-7]{3,4}", mode) and int(mode, 8) & 0o004 and any(_secret_path(t) for t in targets):
                yield code.finding(PERMS, call.node, confidence=Confidence.MEDIUM, message=_READABLE_SECRET)
            return
        if any("docker.sock" in t for t in targets):
            yield code.finding(PERMS, call.node, severity=Severity.HIGH, message="A world-writable Docker socket lets "
                               "every local user run containers as root; add users to the docker group instead.")
        else:
            yield code.finding(PERMS, call.node, message=f"chmod {mode} makes {' '.join(targets)[:80]} writable by "
                               f"every user: {PERMS.why}")
