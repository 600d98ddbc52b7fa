"""What a bakeoff compares: items (one prompt each, with what a good answer looks like) and answers to them.

Every dataset source (suite files, OpenAI JSONL, captured traffic, shadow answers) becomes a list of ``Item``; every
model call, cached answer or captured answer becomes an ``Answer``. Scorers see only these two types.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import orjson

from parity.protocol.usage import Usage


@dataclass(slots=True)
class Check:
    """One per-item assertion from a suite file: ``{"type": NAME, "value": ...}`` plus any scorer options."""

    type: str
    value: Any = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Item:
    """One prompt to put to every model. ``messages`` are OpenAI chat messages; ``params`` the other request fields
    (temperature, max_tokens, tools, response_format, ...), sent as given so every model gets the same request."""

    id: str
    messages: list[dict[str, Any]]
    params: dict[str, Any] = field(default_factory=dict)
    reference: Any = None
    checks: list[Check] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    conversation: str | None = None
    captured: dict[str, Answer] = field(default_factory=dict)
    """Answers already on record, by public model name (the incumbent's captured answer, shadow answers)."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Where the item came from (store record id, route, api, key...), shown in the report."""

    def body(self, model: str) -> dict[str, Any]:
        """The OpenAI chat request this item sends to ``model``."""
        return {**self.params, "model": model, "messages": self.messages}

    def request_key(self, model: str) -> str:
        """Identifies (item content, model, params): the answer cache's key, so a rerun never pays twice."""
        return request_key(model, {**self.params, "messages": self.messages})

    @property
    def prompt_text(self) -> str:
        """The last user turn as plain text, for tables and judges."""
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return message_text(message)
        return message_text(self.messages[-1]) if self.messages else ""


def request_key(model: str, body: dict[str, Any]) -> str:
    canonical = orjson.dumps({"model": model, "body": body}, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical).hexdigest()


@dataclass(slots=True)
class Answer:
    """One model's answer to one item: the assistant message (OpenAI shape), or the error that replaced it."""

    message: dict[str, Any] | None
    usage: Usage = field(default_factory=Usage)
    cost_usd: float | None = None
    latency_ms: float | None = None
    ttft_ms: float | None = None
    error: str | None = None
    source: str = "run"
    """``run`` (called now), ``cache`` (paid for in an earlier run), ``captured`` or ``shadow`` (from the store)."""

    @property
    def ok(self) -> bool:
        return self.error is None and self.message is not None

    @property
    def text(self) -> str:
        return message_text(self.message) if self.message else ""

    @property
    def tool_calls(self) -> list[dict[str, Any]]:
        calls = (self.message or {}).get("tool_calls")
        return calls if isinstance(calls, list) else []


def message_text(message: dict[str, Any]) -> str:
    """The text of an OpenAI message: a string, or the text parts of a content list."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


def answer_from_openai_response(response: Any) -> dict[str, Any] | None:
    """The assistant message of an OpenAI chat completion body, or None when it has none."""
    if not isinstance(response, dict):
        return None
    choices = response.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None
    message = choices[0].get("message")
    return {k: v for k, v in message.items() if v is not None} if isinstance(message, dict) else None
