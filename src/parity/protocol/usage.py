"""Token usage in one shape, read from either API's usage object, or estimated (and marked so) when absent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Usage:
    """Token counts of one answer. ``estimated`` marks counts the gateway had to guess because none came back."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cached_tokens: int | None = None
    reasoning_tokens: int | None = None
    estimated: bool = False

    @property
    def total(self) -> int:
        return (self.prompt_tokens or 0) + (self.completion_tokens or 0)

    @property
    def known(self) -> bool:
        return self.prompt_tokens is not None or self.completion_tokens is not None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def from_openai(usage: Any) -> Usage:
    """OpenAI ``usage``; cached and reasoning counts sit in the *_details objects (vLLM and DeepSeek agree)."""
    if not isinstance(usage, dict):
        return Usage()
    prompt_details = usage.get("prompt_tokens_details") or {}
    completion_details = usage.get("completion_tokens_details") or {}
    cached = _int(prompt_details.get("cached_tokens")) if isinstance(prompt_details, dict) else None
    if cached is None:
        cached = _int(usage.get("prompt_cache_hit_tokens"))  # DeepSeek's own field
    reasoning = (_int(completion_details.get("reasoning_tokens"))
                 if isinstance(completion_details, dict) else None)
    return Usage(_int(usage.get("prompt_tokens")), _int(usage.get("completion_tokens")), cached, reasoning)


def from_anthropic(usage: Any) -> Usage:
    """Anthropic ``usage``: input_tokens excludes cache reads and writes, so the prompt is their sum."""
    if not isinstance(usage, dict):
        return Usage()
    read = _int(usage.get("cache_read_input_tokens")) or 0
    written = _int(usage.get("cache_creation_input_tokens")) or 0
    base = _int(usage.get("input_tokens"))
    prompt = None if base is None else base + read + written
    return Usage(prompt, _int(usage.get("output_tokens")), read if read else (0 if base is not None else None))


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate (about four characters a token for English, one a token for CJK)."""
    if not text:
        return 0
    cjk = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return max(1, round((len(text) - cjk) / 4 + cjk))


def text_of(value: Any) -> str:
    """All text inside a JSON value (messages, content blocks, tool arguments), for estimates."""
    parts: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, str):
            parts.append(v)
        elif isinstance(v, dict):
            for key, item in v.items():
                if key not in ("type", "role", "id", "tool_call_id", "image_url", "source", "signature"):
                    walk(item)
        elif isinstance(v, list):
            for item in v:
                walk(item)

    walk(value)
    return " ".join(parts)
