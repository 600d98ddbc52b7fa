"""Which language a piece of code is in, and its tree-sitter grammar.

Names come from a fence's info string, a file's extension or a shebang; failing those, a cheap keyword vote. The
grammars are the per-language wheels (``tree-sitter-python`` ...), imported on first use, never downloaded."""

from __future__ import annotations

import importlib
import re
import threading
from functools import cache
from pathlib import PurePath

import tree_sitter

LANGUAGES = ("python", "javascript", "typescript", "shell", "sql", "go", "java", "c", "cpp", "php")

ALIASES = {
    "py": "python", "python": "python", "python3": "python", "py3": "python", "pycon": "python", "ipython": "python",
    "sage": "python", "gyp": "python",
    "js": "javascript", "javascript": "javascript", "jsx": "javascript", "node": "javascript", "nodejs": "javascript",
    "mjs": "javascript", "cjs": "javascript",
    "ts": "typescript", "typescript": "typescript", "tsx": "typescript", "mts": "typescript", "cts": "typescript",
    "sh": "shell", "bash": "shell", "shell": "shell", "zsh": "shell", "ksh": "shell", "console": "shell",
    "shell-session": "shell", "shellsession": "shell", "dockerfile": "shell", "docker": "shell",
    "sql": "sql", "mysql": "sql", "postgresql": "sql", "postgres": "sql", "psql": "sql", "plsql": "sql", "tsql": "sql",
    "sqlite": "sql", "pgsql": "sql",
    "go": "go", "golang": "go",
    "java": "java",
    "c": "c", "h": "c",
    "cpp": "cpp", "c++": "cpp", "cc": "cpp", "cxx": "cpp", "hpp": "cpp", "hh": "cpp", "hxx": "cpp",
    "php": "php", "php3": "php", "php4": "php", "php5": "php", "php7": "php", "php8": "php",
}

EXTENSIONS = {
    ".py": "python", ".pyw": "python", ".pyi": "python",
    ".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
    ".ts": "typescript", ".tsx": "typescript", ".mts": "typescript", ".cts": "typescript",
    ".sh": "shell", ".bash": "shell", ".zsh": "shell", ".ksh": "shell",
    ".sql": "sql", ".go": "go", ".java": "java",
    ".c": "c", ".h": "c", ".cc": "cpp", ".cpp": "cpp", ".cxx": "cpp", ".hpp": "cpp", ".hh": "cpp", ".hxx": "cpp",
    ".php": "php", ".phtml": "php",
}
MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdx", ".txt", ".rst", ""})
SHELL_FILENAMES = frozenset({"dockerfile", "makefile", ".bashrc", ".profile", ".zshrc", "containerfile"})

_GRAMMARS = {
    "python": ("tree_sitter_python", "language"),
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_tsx"),  # TSX parses plain TypeScript too
    "shell": ("tree_sitter_bash", "language"),
    "sql": ("tree_sitter_sql", "language"),
    "go": ("tree_sitter_go", "language"),
    "java": ("tree_sitter_java", "language"),
    "c": ("tree_sitter_c", "language"),
    "cpp": ("tree_sitter_cpp", "language"),
    "php": ("tree_sitter_php", "language_php"),
}


def from_fence(info: str) -> str | None:
    """``python``, ``{.python}``, ``py title="x.py"``, ``bash $`` ... -> a canonical name, or None."""
    word = info.strip().lstrip("{.").split(maxsplit=1)[0] if info.strip() else ""
    word = word.rstrip("}").lower()
    if word.startswith("language-"):
        word = word[len("language-"):]
    return ALIASES.get(word)


def from_path(path: str) -> str | None:
    p = PurePath(path)
    if p.name.lower() in SHELL_FILENAMES:
        return "shell"
    return EXTENSIONS.get(p.suffix.lower())


_SHEBANG = re.compile(r"^#!\s*\S*?(?:/env\s+)?(python[\d.]*|node|bash|sh|zsh|ksh|php|deno|bun)\b")
_SHEBANG_LANG = {"node": "javascript", "deno": "typescript", "bun": "javascript", "php": "php"}

# (language, pattern, weight): a vote for bare code with no fence or file name to say what it is.
_VOTES = [(lang, re.compile(p, re.M), w) for lang, p, w in [
    ("python", r"^\s*(?:def|class)\s+\w+.*:\s*$", 3), ("python", r"^\s*(?:from\s+[\w.]+\s+)?import\s+[\w.]+", 2),
    ("python", r"^\s*(?:elif|except\b.*|try|finally|with\s.+|for\s.+\sin\s.+):\s*$", 2),
    ("python", r"\bself\.\w+|\bprint\(|__name__|\bNone\b|\bTrue\b", 1),
    ("javascript", r"\b(?:const|let|var)\s+\w+\s*=|=>|\bfunction\s*\w*\s*\(", 2),
    ("javascript", r"\brequire\(\s*['\"]|\bconsole\.log\(|\bmodule\.exports\b|\bdocument\.\w+", 3),
    ("javascript", r"^\s*import\s+.+\s+from\s+['\"]|^\s*export\s+(?:default|const|function|class)\b", 2),
    ("typescript", r":\s*(?:string|number|boolean|any|void|unknown)\b|^\s*(?:interface|type)\s+\w+|<\w+>\(", 2),
    ("shell", r"^\s*(?:sudo|apt(?:-get)?|yum|brew|pip3?|npm|curl|wget|chmod|chown|export|echo|cd|mkdir|rm)\s", 2),
    ("shell", r"^\s*\$\s+\w|\|\s*(?:ba)?sh\b|\$\{?\w+\}?|^\s*fi\s*$|^\s*done\s*$|\bthen\s*$", 1),
    ("sql", r"(?i)^\s*(?:select\s.+\sfrom|insert\s+into|update\s+\w+\s+set|delete\s+from"
            r"|create\s+(?:table|index|view|user)|alter\s+table|drop\s+table|grant\s)", 4),
    ("go", r"^\s*package\s+\w+\s*$|^\s*func\s+(?:\(\w+\s+\*?\w+\)\s*)?\w+\(|:=|\bfmt\.\w+", 3),
    ("java", r"\bpublic\s+(?:static\s+)?(?:class|void|final)\b|\bSystem\.out\.|\bString\[\]|@Override", 3),
    ("c", r"^\s*#include\s*<\w+\.h>|\bprintf\s*\(|\bmalloc\s*\(|\bint\s+main\s*\(", 3),
    ("cpp", r"^\s*#include\s*<(?:iostream|vector|string|memory|map)>|\bstd::|\bcout\s*<<|\btemplate\s*<", 4),
    ("php", r"<\?php|\$\w+\s*=|\becho\s+\$|->\w+\(", 3),
]]


def detect(text: str, hint: str | None = None) -> str | None:
    """Best guess for unlabelled code, or None when nothing scores (prose)."""
    if hint:
        return hint
    head = text.lstrip()[:200]
    m = _SHEBANG.match(head)
    if m:
        word = m.group(1)
        return "python" if word.startswith("python") else _SHEBANG_LANG.get(word, "shell")
    if "<?php" in head:
        return "php"
    sample = text[:4000]
    scores: dict[str, int] = {}
    for lang, pattern, weight in _VOTES:
        hits = len(pattern.findall(sample))
        if hits:
            scores[lang] = scores.get(lang, 0) + weight * min(hits, 5)
    if scores.get("typescript") and scores.get("javascript"):
        scores["typescript"] += scores["javascript"]
    if scores.get("cpp") and scores.get("c"):
        scores["cpp"] += scores["c"]
    if not scores:
        return None
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 2 else None


@cache
def grammar(lang: str) -> tree_sitter.Language | None:
    """The tree-sitter language for a canonical name; None when its wheel is missing (patterns still run)."""
    spec = _GRAMMARS.get(lang)
    if spec is None:
        return None
    try:
        module = importlib.import_module(spec[0])
    except ImportError:
        return None
    return tree_sitter.Language(getattr(module, spec[1])())


_local = threading.local()


def parser(lang: str) -> tree_sitter.Parser | None:
    """A parser per language and thread (a Parser is not safe to share between threads)."""
    parsers: dict[str, tree_sitter.Parser | None] = _local.__dict__.setdefault("parsers", {})
    if lang not in parsers:
        g = grammar(lang)
        parsers[lang] = tree_sitter.Parser(g) if g is not None else None
    return parsers[lang]
