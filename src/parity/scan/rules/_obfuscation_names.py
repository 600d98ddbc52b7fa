"""What the ``obfuscation`` family looks for, by name: each language's execution sinks and the kind of payload each
takes (code, shell, import, marshal), and the builtins, modules, PHP functions and global objects that are dangerous
to reach through a disguised lookup. These are plain tables with no logic of their own; they live apart from the
checks so that ``obfuscation.py`` stays within the project's file-size limit."""

from __future__ import annotations

import re

_CODE, _SHELL, _IMPORT, _MARSHAL = "code", "shell", "import", "marshal"


def _kinds(**groups: str) -> dict[str, str]:
    return {name: kind.strip("_") for kind, names in groups.items() for name in names.split()}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SINKS = {
    "python": _kinds(
        code_="exec eval compile execfile builtins.exec builtins.eval", marshal_="marshal.loads",
        import_="__import__ importlib.import_module importlib.__import__",
        shell_="os.system os.popen subprocess.run subprocess.call subprocess.Popen subprocess.check_output pty.spawn "
               "subprocess.check_call subprocess.getoutput subprocess.getstatusoutput commands.getoutput os.execl "
               "os.execv os.execvp os.execlp os.spawnl os.spawnv os.spawnlp os.spawnvp os.startfile"),
    "javascript": _kinds(
        code_="eval window.eval globalThis.eval global.eval Function setTimeout setInterval vm.runInNewContext "
              "vm.runInThisContext vm.runInContext vm.Script vm.compileFunction execScript", import_="require import",
        shell_="child_process.exec child_process.execSync child_process.spawn child_process.execFile "
               "child_process.spawnSync child_process.execFileSync"),
    "php": _kinds(code_="eval assert create_function preg_replace",
                  shell_="system exec shell_exec passthru popen proc_open pcntl_exec"),
    "go": _kinds(shell_="exec.Command exec.CommandContext syscall.Exec"),
    "java": _kinds(shell_="ProcessBuilder", import_="Class.forName"),
    "c": _kinds(shell_="system popen execl execlp execv execvp execve"),
}
_SINKS["typescript"], _SINKS["cpp"] = _SINKS["javascript"], _SINKS["c"]
_ALL_ARGS = _words("exec.Command exec.CommandContext ProcessBuilder syscall.Exec Function")
_RESCAN_LANG = {"typescript": "typescript", "javascript": "javascript", "python": "python", "php": "php",
                "java": "javascript"}
DANGER_NAMES = _words(
    "eval exec execfile compile __import__ import_module system popen spawn Popen check_output getoutput "
    "execv execve execl execvp loads __builtins__ builtins globals getattr Function require child_process execSync "
    "spawnSync execFile constructor shell_exec passthru proc_open assert create_function call_user_func "
    "runInNewContext setTimeout getRuntime forName atob b64decode")
DANGER_MODULES = _words(
    "os subprocess sys builtins __builtin__ importlib ctypes pty socket marshal pickle shutil posix nt commands runpy "
    "code child_process fs net vm http https dgram worker_threads cluster process")
_PHP_DANGER = _words(
    "system exec shell_exec passthru popen proc_open pcntl_exec assert eval create_function call_user_func "
    "call_user_func_array base64_decode file_put_contents fwrite include require unserialize preg_replace")
_PHP_CALLBACKS = {**dict.fromkeys(_words("call_user_func call_user_func_array forward_static_call array_map "
                                         "ob_start register_shutdown_function register_tick_function"), 0),
                  **dict.fromkeys(_words("array_filter array_walk usort uasort uksort array_reduce iterator_apply"), 1)}
_SUPERGLOBAL = re.compile(r"^\$_(?:GET|POST|REQUEST|COOKIE|SERVER|FILES)\b|^\$HTTP_\w+_VARS\b")
_PY_BUILTINS = re.compile(r"__builtins__|\bbuiltins\b|__import__\(|globals\(\)|locals\(\)|\bvars\(|sys\.modules"
                          r"|getattr\((?:os|subprocess|sys|builtins|importlib|ctypes|pty|posix|nt|socket)\b"
                          r"|^(?:os|subprocess|pty|posix|nt|importlib|ctypes)$")
_JS_GLOBALS = frozenset({"window", "global", "globalThis", "self", "top", "parent", "frames"})
_PY_GATE = ("builtins", "sys.modules", "globals()", "locals()", "vars(")
