"""Small pieces both translation directions share: JSON text, ids, data URLs, finish/stop reason tables."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import orjson


def dumps(value: Any) -> str:
    """Compact JSON text; falls back to ``json`` for what orjson refuses (integers beyond 64 bits)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def parse_arguments(arguments: object) -> dict[str, Any]:
    """Tool-call arguments as the object Anthropic requires; unparsable text is kept as ``{"_raw": ...}``
    rather than failing, because models do emit broken JSON and the client should still see it."""
    if isinstance(arguments, dict):
        return arguments
    if not isinstance(arguments, str) or not arguments.strip():
        return {}
    try:
        parsed = orjson.loads(arguments)
    except orjson.JSONDecodeError:
        return {"_raw": arguments}
    return parsed if isinstance(parsed, dict) else {"_raw": arguments}


def new_id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:24]}"


def strip_prefix(value: object, prefix: str) -> str:
    text = str(value or "")
    return text[len(prefix):] if text.startswith(prefix) else text


_DATA_URL = re.compile(r"^data:(?P<mime>[^;,]*)(?P<params>(;[^;,]*)*?);base64,(?P<data>.*)$", re.DOTALL)


def parse_data_url(url: str) -> tuple[str, str] | None:
    """``(media_type, base64 data)`` of a base64 ``data:`` URL, else ``None``."""
    match = _DATA_URL.match(url)
    if match is None:
        return None
    return match["mime"] or "application/octet-stream", match["data"]


# OpenAI finish_reason -> Anthropic stop_reason
STOP_REASON = {"stop": "end_turn", "length": "max_tokens", "tool_calls": "tool_use", "function_call": "tool_use",
               "content_filter": "refusal"}
# Anthropic stop_reason -> OpenAI finish_reason
FINISH_REASON = {"end_turn": "stop", "stop_sequence": "stop", "max_tokens": "length", "tool_use": "tool_calls",
                 "refusal": "content_filter", "pause_turn": "stop", "model_context_window_exceeded": "length"}

# Anthropic error.type -> the HTTP status it came with
ANTHROPIC_ERROR_STATUS = {"invalid_request_error": 400, "authentication_error": 401, "billing_error": 402,
                          "permission_error": 403, "not_found_error": 404, "request_too_large": 413,
                          "rate_limit_error": 429, "api_error": 502, "timeout_error": 504,
                          "overloaded_error": 529}


def anthropic_usage(usage: dict[str, Any] | None) -> dict[str, int]:
    """OpenAI usage -> Anthropic's, where ``input_tokens`` excludes cached reads."""
    usage = usage or {}
    prompt = int(usage.get("prompt_tokens") or 0)
    details = usage.get("prompt_tokens_details") or {}
    # DeepSeek reports cache hits in its own field.
    cached = int(details.get("cached_tokens") or usage.get("prompt_cache_hit_tokens") or 0)
    return {"input_tokens": max(prompt - cached, 0), "output_tokens": int(usage.get("completion_tokens") or 0),
            "cache_read_input_tokens": cached, "cache_creation_input_tokens": 0}


def openai_usage(usage: dict[str, Any] | None) -> dict[str, Any]:
    """Anthropic usage -> OpenAI's, where ``prompt_tokens`` includes cached reads and writes."""
    usage = usage or {}
    cache_read = int(usage.get("cache_read_input_tokens") or 0)
    prompt = int(usage.get("input_tokens") or 0) + cache_read + int(usage.get("cache_creation_input_tokens") or 0)
    completion = int(usage.get("output_tokens") or 0)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": cache_read}}
