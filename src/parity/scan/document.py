"""Where the code is in what a model wrote: fenced Markdown blocks (closed or cut off), bare code, whole files, and
the string values of tool-call arguments. Each piece keeps the line it starts on, so findings point at the text the
user gave, not at the piece."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from parity.scan import languages

_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})([^`]*)$")  # any indent: models nest fences in list items


@dataclass(frozen=True, slots=True)
class Block:
    language: str | None
    """Canonical language name, or None for text whose language could not be told (generic patterns only)."""
    text: str
    first_line: int
    """1-based line, in the whole text, of the block's first line."""
    origin: str = "bare"
    """``fence``, ``bare``, ``file``, ``tool-call`` or ``payload``."""


def fenced(text: str) -> tuple[list[Block], bool]:
    """The fenced blocks, and whether there were any fences at all. An unclosed fence runs to the end of the text:
    a truncated answer is still code."""
    out: list[Block] = []
    lines = text.split("\n")
    i, any_fence = 0, False
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        any_fence = True
        marker, info = m.group(1), m.group(2)
        close = re.compile(r"^[ \t]*" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}\s*$")
        start = i + 1
        j = start
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        body = "\n".join(lines[start:j])
        if body.strip():
            lang = languages.from_fence(info) or languages.detect(body)
            out.append(Block(lang, body, start + 1, "fence"))
        i = j + 1
    return out, any_fence


def blocks(text: str, *, language: str | None = None, fenced_only: bool = False) -> list[Block]:
    """Split a model answer (or any text) into the pieces to scan.

    With ``language`` the whole text is code in that language. Otherwise fenced blocks are the code; text with no
    fences is scanned as bare code in its detected language (or with generic patterns when none is detected),
    unless ``fenced_only`` (the gateway's cheap path for prose answers)."""
    if language:
        return [Block(language, text, 1, "file")]
    found, any_fence = fenced(text)
    if any_fence or fenced_only:
        return found
    return [Block(languages.detect(text), text, 1, "bare")] if text.strip() else []


_KEY_HINTS = {"command": "shell", "cmd": "shell", "shell": "shell", "script": "shell", "bash": "shell",
              "sql": "sql", "query": "sql", "python": "python", "py": "python", "js": "javascript",
              "javascript": "javascript", "typescript": "typescript"}


def tool_call_blocks(arguments: str | dict[str, Any], *, name: str = "") -> list[Block]:
    """Code inside a tool call's arguments: each string value that is a command or looks like code. The key (or the
    tool's name) hints the language: ``command`` is shell, ``query`` SQL, ``code`` whatever it looks like."""
    if isinstance(arguments, str):
        try:
            data: Any = orjson.loads(arguments)
        except orjson.JSONDecodeError:
            return [Block(languages.detect(arguments), arguments, 1, "tool-call")] if arguments.strip() else []
    else:
        data = arguments
    out: list[Block] = []
    stack: list[tuple[str, Any]] = [(name, data)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((str(k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((key, v) for v in value)
        elif isinstance(value, str) and value.strip():
            hint = _KEY_HINTS.get(key.lower()) or _KEY_HINTS.get(name.lower())
            if "```" in value:
                out.extend(Block(b.language, b.text, b.first_line, "tool-call") for b in fenced(value)[0])
                continue
            lang = hint or languages.detect(value)
            if lang or "\n" in value:
                out.append(Block(lang, value, 1, "tool-call"))
    return out
