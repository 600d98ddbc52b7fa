"""Bridges the caller's API shape and a provider's native one: pass-through when they match, translation if not.

Streams are relayed by ``parity.providers.relay``.
"""

from __future__ import annotations

from typing import Any

from parity.protocol import usage as usage_mod
from parity.protocol.anthropic_messages import validate_messages_request
from parity.protocol.openai_chat import validate_chat_request
from parity.protocol.usage import Usage
from parity.providers.exchange import Api, ChatCall, Reply
from parity.providers.profiles import Profile
from parity.providers.translate import anthropic_to_openai, openai_to_anthropic


def native_body(call: ChatCall, native: Api, upstream_model: str, max_tokens_default: int) -> dict[str, Any]:
    """The body to send upstream, in the provider's own shape."""
    if call.api == native:
        body = dict(call.body)
        body["model"] = upstream_model
        if native == "openai" and call.stream:
            options = body.get("stream_options") or {}
            if not options.get("include_usage"):  # ask for usage so cost is measured, not guessed
                body["stream_options"] = {**options, "include_usage": True}
        elif native == "anthropic" and _has_unsigned_thinking(body.get("messages")):
            body["messages"] = _drop_unsigned_thinking(body["messages"])
        return body
    if call.api == "anthropic":  # translation needs the whole request to be valid, not only what routing reads
        validate_messages_request(call.body)
        return anthropic_to_openai.request(call.body, upstream_model)
    validate_chat_request(call.body)
    return openai_to_anthropic.request(call.body, upstream_model, max_tokens_default)


def usage_of(api: Api, body: dict[str, Any]) -> Usage:
    if api == "openai":
        return usage_mod.from_openai(body.get("usage"))
    return usage_mod.from_anthropic(body.get("usage"))


def complete_usage(usage: Usage, request: dict[str, Any], answer: dict[str, Any], api: Api) -> Usage:
    """Fill in what the upstream did not report with an estimate, marked as one."""
    if usage.prompt_tokens is not None and usage.completion_tokens is not None:
        return usage
    prompt = usage.prompt_tokens
    if prompt is None:
        prompt = usage_mod.estimate_tokens(usage_mod.text_of([request.get("system"), request.get("messages"),
                                                              request.get("input"), request.get("tools")]))
    completion = usage.completion_tokens
    if completion is None:
        content = answer.get("content") if api == "anthropic" else [c.get("message") for c in answer.get("choices", [])]
        completion = usage_mod.estimate_tokens(usage_mod.text_of(content))
    return Usage(prompt, completion, usage.cached_tokens, usage.reasoning_tokens, estimated=True)


def reply(call: ChatCall, native: Api, body: dict[str, Any], raw: bytes, profile: Profile) -> Reply:
    """A non-streamed native answer as the caller expects it."""
    usage = usage_of(native, body)
    if call.api == native:
        return Reply(body, complete_usage(usage, call.body, body, call.api), raw=raw)
    model = str(call.body.get("model"))
    if call.api == "anthropic":
        translated = anthropic_to_openai.response(body, model, profile=profile)
    else:
        translated = openai_to_anthropic.response(body, model)
    return Reply(translated, complete_usage(usage, call.body, translated, call.api))


def _has_unsigned_thinking(messages: Any) -> bool:
    """Thinking that an open model produced (translated, so it has no Anthropic signature) in the history."""
    return isinstance(messages, list) and any(
        isinstance(m, dict) and m.get("role") == "assistant" and isinstance(m.get("content"), list)
        and any(isinstance(b, dict) and b.get("type") == "thinking" and not b.get("signature") for b in m["content"])
        for m in messages)


def _drop_unsigned_thinking(messages: list[Any]) -> list[Any]:
    """Anthropic rejects thinking blocks without a valid signature, which a conversation gets when an earlier turn
    was answered by an open model (a fallback or canary): drop them rather than fail the request."""
    out = []
    for m in messages:
        if isinstance(m, dict) and m.get("role") == "assistant" and isinstance(m.get("content"), list):
            blocks = [b for b in m["content"]
                      if not (isinstance(b, dict) and b.get("type") == "thinking" and not b.get("signature"))]
            m = {**m, "content": blocks or [{"type": "text", "text": "[reasoning omitted]"}]}  # no empty turns
        out.append(m)
    return out
