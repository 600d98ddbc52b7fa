"""Permission bits for the ``filesystem`` family's ``insecure-permissions`` rule: what a mode argument stands for
(``mode_value``: octal, hex, decimal or a named constant), when it lets every user write, which calls take a mode
and at which argument, and which paths look like secrets that should not be readable by all. It is a module of its
own so that ``filesystem.py`` stays within the project's file-size limit; the checks that report findings stay
there."""

from __future__ import annotations

import re

# callee -> (index of the mode argument, whether the mode is applied as given (chmod) or filtered by the umask)
_MODE_CALLS = {
    "os.chmod": (1, True), "os.fchmod": (1, True), "os.lchmod": (1, True), "os.mkdir": (1, False),
    "os.makedirs": (1, False), "fs.chmod": (1, True), "fs.chmodSync": (1, True), "fs.fchmod": (1, True),
    "fs.fchmodSync": (1, True), "fs.lchmod": (1, True), "fs.lchmodSync": (1, True), "fs.mkdir": (1, False),
    "fs.mkdirSync": (1, False), "os.Chmod": (1, True), "os.WriteFile": (2, False), "ioutil.WriteFile": (2, False),
    "os.MkdirAll": (1, False), "os.Mkdir": (1, False), "os.OpenFile": (2, False), "chmod": (1, True),
    "fchmod": (1, True), "fchmodat": (2, True), "mkdir": (1, False), "creat": (1, False),
    "std.filesystem.permissions": (1, True), "fs.permissions": (1, True), "filesystem.permissions": (1, True),
}
_JS_MODE_OPTIONS = frozenset({"writeFile", "writeFileSync", "appendFile", "appendFileSync", "open", "openSync",
                              "mkdir", "mkdirSync"})
_UMASK = frozenset({"os.umask", "umask", "process.umask", "syscall.Umask", "unix.Umask"})
_WORLD_SYMBOLS = re.compile(r"S_IWOTH|S_IRWXO|ModePerm|perms\.all|perms\.others_(?:write|all)|OTHERS_WRITE")
_SYMBOLIC = re.compile(r"([ugoa]*)([-+=])([rwxXst]*)")
_SECRET_PATH = re.compile(r"(?i)token|secret|passw|credential|private|id_rsa|id_ed25519|id_ecdsa|\.pem\b|\.key\b"
                          r"|\.env\b|api_?key|\.netrc|\.pgpass|htpasswd|shadow")
_READABLE_SECRET = ("The file looks like a secret (a key, token or password) and is left readable by every local "
                    "user; use 0600.")


def _secret_path(text: str) -> bool:
    return bool(_SECRET_PATH.search(text)) and not re.search(r"\.pub\b|public", text, re.I)


def mode_value(text: str) -> int | None:
    """The permission bits an argument stands for: octal, hex, decimal, a quoted octal string or a symbol that
    grants others write; None when it cannot be told (a variable, an expression that removes bits)."""
    t = text.strip().strip("'\"")
    if "~" in t or "&^" in t:
        return None
    if _WORLD_SYMBOLS.search(t.replace("::", ".")):
        return 0o777
    if re.fullmatch(r"0[oO][0-7]+|0[0-7]*", t):
        return int(t.replace("o", "").replace("O", ""), 8)
    if re.fullmatch(r"0[xX][0-9a-fA-F]+", t):
        return int(t, 16)
    if re.fullmatch(r"[1-9][0-9]{0,5}", t):
        # 777 written without the leading 0 means 0777 to the person who wrote it, even where the language reads
        # it as decimal; 511 and 438 are the decimal spellings of 0777 and 0666.
        return int(t, 8) if len(t) <= 4 and t not in ("511", "438") and set(t) <= set("01234567") else int(t)
    return None


def _world_writable(mode: int | None, *, exact: bool) -> bool:
    if mode is None or not mode & 0o002 or mode & 0o1000:  # the sticky bit marks a shared folder like /tmp
        return False
    return exact or mode != 0o666  # 0666 is what every create call asks for; the umask trims it
