"""Shell-pipeline decoding for the ``obfuscation`` family: which commands decode (``base64 -d``, ``xxd -r``,
``gunzip``, ``rev``...), which run their input as code (``sh``, ``python``, ``node``...), and the literal a pipeline
such as ``echo ... | base64 -d | sh`` starts from, run through its decoding stages as data so the payload can be
scanned. The family keeps the checks that report findings; these helpers are pure and live apart so that
``obfuscation.py`` stays within the project's file-size limit."""

from __future__ import annotations

from typing import Any

from parity.scan.rules._decode import BYTE_DECODERS, UNKNOWN, escape_heavy, to_text
from parity.scan.rules._evaluate import Evaluator
from parity.scan.syntax import Code, unescape

_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "ash", "busybox"})
_INTERPRETERS = {**dict.fromkeys(_SHELLS, "shell"), "python": "python", "python2": "python", "python3": "python",
                 "node": "javascript", "nodejs": "javascript", "deno": "typescript", "php": "php", "perl": None,
                 "ruby": None, "source": "shell", ".": "shell", "eval": "shell"}
_INLINE_FLAGS = {"python": "-c", "python2": "-c", "python3": "-c", "node": "-e", "nodejs": "-e", "perl": "-e",
                 "ruby": "-e", "php": "-r", **dict.fromkeys(_SHELLS, "-c")}
_SUBST = ("command_substitution", "process_substitution")
_SHELL_DECODERS = {"base64": ("base64", "-d"), "basenc": ("base64", "-d"), "base32": ("base32", "-d"),
                   "openssl": ("base64", "-d"), "xxd": ("hex", "-r"), "rev": ("reverse", ""), "tr": ("rot13", ""),
                   "gunzip": ("gzip", ""), "zcat": ("gzip", ""), "gzip": ("gzip", "-d"), "bunzip2": ("bz2", ""),
                   "bzcat": ("bz2", ""), "bzip2": ("bz2", "-d"), "unxz": ("lzma", ""), "xzcat": ("lzma", ""),
                   "xz": ("lzma", "-d"), "lzma": ("lzma", "-d"), "unlzma": ("lzma", "")}
_DECODE_CMDS = frozenset({*_SHELL_DECODERS, "printf", "echo"})


def _shell_step(call: Any) -> str | None:
    """The decoding a pipeline stage does (``base64 -d`` -> base64), or None for any other command."""
    words = [a.text.strip("'\"") for a in call.args]
    step, flag = _SHELL_DECODERS.get(call.name.rsplit("/", 1)[-1], (None, None))
    if step is None or (flag and not any(w.startswith(flag) or w in ("--decode", "-D") for w in words)):
        return None
    if call.name == "openssl" and not {"base64", "-base64", "-a", "enc"} & set(words):
        return None
    if call.name == "tr" and {"A-Za-z", "N-ZA-Mn-za-m"} - set(words[:2]):
        return None
    return step


def _interpreter(call: Any) -> tuple[str, str | None] | None:
    """(name, payload language) when a pipeline's last stage runs its standard input as code."""
    name, args = call.name.rsplit("/", 1)[-1], [a.text for a in call.args]
    while name in ("sudo", "env", "exec", "nohup", "command") and args:
        rest = [a for a in args if not a.startswith("-") and "=" not in a]
        if not rest:
            return None
        name, args = rest[0].rsplit("/", 1)[-1], args[args.index(rest[0]) + 1:]
    if name not in _INTERPRETERS or name in (".", "source", "eval"):
        return None
    return (name, _INTERPRETERS[name]) if all(a.startswith("-") for a in args) else None


def _stages(ev: Evaluator, pipe: Any) -> list[Any]:
    out: list[Any] = []
    for child in pipe.named_children:
        node = child.child_by_field_name("body") if child.type == "redirected_statement" else child
        call = ev.call_at(node) if node is not None and node.type == "command" else None
        if call is None:
            return out if out else []
        out.append(call)
    return out


def _escaped_echo(call: Any) -> bool:
    return call.name in ("echo", "printf") and any(
        a.kind == "const" and escape_heavy(a.text, a.value or "") for a in call.args)


def _pipe_payload(code: Code, ev: Evaluator, stages: list[Any], seen: set[int]) -> str | None:
    """The literal a decode pipeline starts from, run through its decoding stages (as data)."""
    first, rest = stages[0], stages[1:]
    data: str | bytes | None = None
    if first.name in ("echo", "printf"):
        words = [a for a in first.args if not (a.kind == "const" and (a.value or "").startswith("-"))]
        if first.name == "printf" and len(words) > 1 and "%" in (words[0].value or ""):
            words = words[1:]
        vals = [ev.value(a.node) for a in words]
        if not vals or any(v.data is None for v in vals):
            return None
        data = " ".join(str(v.data) for v in vals)
        if first.name == "printf" or any(a.text == "-e" for a in first.args):
            data = unescape(data)
        seen.update(a.node.start_byte for a in words)
    else:
        here = _find(first.node, ("herestring_redirect",))
        val = ev.value(here.named_children[0]) if here is not None and here.named_child_count else UNKNOWN
        if val.data is None:
            return None
        data, rest = val.data, stages
    for stage in rest:
        step = _shell_step(stage)
        fn = BYTE_DECODERS.get(step or "")
        if fn is None or data is None:
            return None
        data = fn(data)
    return to_text(data)


def _find(root: Any, kinds: tuple[str, ...], limit: int = 200) -> Any:
    """The first node of one of ``kinds`` under ``root`` (breadth first, bounded), or None."""
    queue, i = [root], 0
    while i < len(queue) and i < limit:
        node = queue[i]
        i += 1
        if node.type in kinds:
            return node
        queue.extend(node.named_children)
    return None
