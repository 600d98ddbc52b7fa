"""An Anthropic Messages client reaching an OpenAI-compatible upstream (vLLM, DeepSeek, Ollama, ...).

``request`` maps the Messages request onto Chat Completions; ``response`` and ``StreamTranslator`` map the answer
back. Inputs are assumed validated (``validate_messages_request``); the functions still tolerate missing keys.
"""

from __future__ import annotations

from typing import Any

from parity.providers.profiles import Profile, split_reasoning
from parity.providers.translate._anthropic_stream import StreamTranslator, error_event
from parity.providers.translate._common import (
    STOP_REASON,
    anthropic_usage,
    dumps,
    new_id,
    parse_arguments,
    strip_prefix,
)

__all__ = ["StreamTranslator", "error_event", "request", "response"]


def _reasoning_effort(budget_tokens: int) -> str:
    if budget_tokens <= 2048:
        return "low"
    return "medium" if budget_tokens <= 8192 else "high"


def request(body: dict[str, Any], upstream_model: str) -> dict[str, Any]:
    """A Chat Completions request equivalent to the Messages request ``body``.

    Dropped on purpose, because an OpenAI-compatible server would reject or misread them: unknown and
    Anthropic-only top-level fields (``service_tier``, ``container``, ``mcp_servers``, ...), server tools (they run
    at Anthropic), thinking blocks in the history (their signatures mean nothing elsewhere, and DeepSeek rejects
    ``reasoning_content`` in input), ``cache_control`` markers, and block types with no Chat equivalent.
    """
    messages: list[dict[str, Any]] = []
    system = _system_text(body.get("system"))
    if system:
        messages.append({"role": "system", "content": system})
    for message in body.get("messages") or ():
        if message.get("role") == "assistant":
            messages.append(_assistant_message(message.get("content")))
        else:
            messages.extend(_user_messages(message.get("content")))

    out: dict[str, Any] = {"model": upstream_model, "messages": messages}
    if body.get("max_tokens") is not None:
        out["max_tokens"] = body["max_tokens"]
    for key in ("temperature", "top_p", "top_k"):
        if body.get(key) is not None:
            out[key] = body[key]
    if body.get("stop_sequences"):
        out["stop"] = list(body["stop_sequences"])
    user_id = (body.get("metadata") or {}).get("user_id")
    if user_id:
        out["user"] = user_id
    if body.get("stream"):
        out["stream"] = True
        out["stream_options"] = {"include_usage": True}
    thinking = body.get("thinking") or {}
    if thinking.get("type") == "enabled":
        out["reasoning_effort"] = _reasoning_effort(int(thinking.get("budget_tokens") or 0))
    _add_tools(body, out)
    return out


def _system_text(system: object) -> str:
    if isinstance(system, str):
        return system
    if isinstance(system, list):
        return "\n".join(b.get("text", "") for b in system if isinstance(b, dict) and b.get("type") == "text")
    return ""


def _add_tools(body: dict[str, Any], out: dict[str, Any]) -> None:
    tools = [
        {"type": "function", "function": {
            "name": tool["name"], "description": tool.get("description") or "",
            "parameters": tool.get("input_schema") or {"type": "object", "properties": {}}}}
        for tool in body.get("tools") or () if tool.get("type") in (None, "custom")]
    if not tools:
        return
    out["tools"] = tools
    choice = body.get("tool_choice") or {}
    kind = choice.get("type")
    if kind == "auto":
        out["tool_choice"] = "auto"
    elif kind == "any":
        out["tool_choice"] = "required"
    elif kind == "none":
        out["tool_choice"] = "none"
    elif kind == "tool":
        out["tool_choice"] = {"type": "function", "function": {"name": choice.get("name", "")}}
    if choice.get("disable_parallel_tool_use"):
        out["parallel_tool_calls"] = False


def _assistant_message(content: object) -> dict[str, Any]:
    if isinstance(content, str):
        return {"role": "assistant", "content": content}
    texts: list[str] = []
    tool_calls: list[dict[str, Any]] = []
    for block in content if isinstance(content, list) else ():
        kind = block.get("type")
        if kind == "text":
            texts.append(block.get("text", ""))
        elif kind == "tool_use":
            tool_calls.append({"id": block.get("id") or new_id("call_"), "type": "function",
                               "function": {"name": block.get("name", ""), "arguments": dumps(block.get("input", {}))}})
    message: dict[str, Any] = {"role": "assistant", "content": "".join(texts) if texts or not tool_calls else None}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return message


def _user_messages(content: object) -> list[dict[str, Any]]:
    """One user turn -> ``tool`` messages first (they must follow the assistant's tool calls), then the rest."""
    if isinstance(content, str):
        return [{"role": "user", "content": content}]
    tool_messages: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    for block in content if isinstance(content, list) else ():
        if block.get("type") == "tool_result":
            text, images = _tool_result(block)
            tool_messages.append({"role": "tool", "tool_call_id": block.get("tool_use_id", ""), "content": text})
            # Tool messages carry text only; images a tool returned travel in the following user message.
            parts.extend(images)
        else:
            parts.extend(_content_parts(block))
    messages = tool_messages
    if parts:
        messages.append({"role": "user", "content": _compact(parts)})
    elif not tool_messages:
        messages.append({"role": "user", "content": ""})
    return messages


def _compact(parts: list[dict[str, Any]]) -> str | list[dict[str, Any]]:
    """Text-only content as a plain string: several servers (DeepSeek, older vLLM templates) reject part lists."""
    if all(p["type"] == "text" for p in parts):
        return "\n".join(p["text"] for p in parts)
    return parts


def _tool_result(block: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    content = block.get("content")
    images: list[dict[str, Any]] = []
    if isinstance(content, str):
        text = content
    else:
        texts = []
        for item in content if isinstance(content, list) else ():
            for part in _content_parts(item):
                if part["type"] == "text":
                    texts.append(part["text"])
                else:
                    images.append(part)
        text = "\n".join(texts)
    if block.get("is_error"):
        text = f"Error: {text}" if text else "Error"
    return text, images


def _content_parts(block: dict[str, Any]) -> list[dict[str, Any]]:
    kind = block.get("type")
    if kind == "text":
        return [{"type": "text", "text": block.get("text", "")}]
    if kind == "image":
        source = block.get("source") or {}
        if source.get("type") == "base64":
            url = f"data:{source.get('media_type', 'image/png')};base64,{source.get('data', '')}"
            return [{"type": "image_url", "image_url": {"url": url}}]
        if source.get("type") == "url":
            return [{"type": "image_url", "image_url": {"url": source.get("url", "")}}]
        return []
    if kind == "document":
        return _document_parts(block)
    if kind == "search_result":
        return [{"type": "text", "text": "\n".join(
            c.get("text", "") for c in block.get("content") or () if c.get("type") == "text")}]
    return []


def _document_parts(block: dict[str, Any]) -> list[dict[str, Any]]:
    source = block.get("source") or {}
    title = block.get("title")
    kind = source.get("type")
    if kind == "base64":
        media_type = source.get("media_type", "application/pdf")
        return [{"type": "file", "file": {"filename": title or "document.pdf",
                                          "file_data": f"data:{media_type};base64,{source.get('data', '')}"}}]
    if kind == "text":
        text = source.get("data", "")
    elif kind == "content":
        inner = source.get("content")
        text = inner if isinstance(inner, str) else "\n".join(
            c.get("text", "") for c in inner or () if c.get("type") == "text")
    elif kind == "url":
        # Chat Completions cannot fetch a document by URL; the model at least learns where it is.
        text = f"Document: {source.get('url', '')}"
    else:
        return []
    return [{"type": "text", "text": f"{title}\n\n{text}" if title else text}]


def response(body: dict[str, Any], model: str, *, profile: Profile | None = None) -> dict[str, Any]:
    """The Anthropic ``message`` equivalent to a ``chat.completion``; ``model`` is the public name.

    ``profile`` splits ``<think>``/harmony reasoning out of the content when the server left it there.
    """
    choices = body.get("choices") or [{}]
    choice = choices[0] or {}
    message = choice.get("message") or {}
    content = message.get("content")
    if isinstance(content, list):
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    text = content or ""
    reasoning = message.get("reasoning_content") or message.get("reasoning")
    if not reasoning and profile is not None and text:
        reasoning, text = split_reasoning(text, profile)

    blocks: list[dict[str, Any]] = []
    if reasoning:
        # The signature field is required by Anthropic's schema; there is no honest value, so it stays empty.
        blocks.append({"type": "thinking", "thinking": reasoning, "signature": ""})
    if text:
        blocks.append({"type": "text", "text": text})
    calls = list(message.get("tool_calls") or ())
    if message.get("function_call"):
        calls.append({"function": message["function_call"]})
    for call in calls:
        function = call.get("function") or {}
        blocks.append({"type": "tool_use", "id": call.get("id") or new_id("toolu_"),
                       "name": function.get("name", ""), "input": parse_arguments(function.get("arguments"))})

    stop_reason, stop_sequence = _stop_reason(choice, has_tool_calls=bool(calls))
    upstream_id = strip_prefix(body.get("id"), "chatcmpl-")
    return {"id": f"msg_{upstream_id}" if upstream_id else new_id("msg_"), "type": "message", "role": "assistant",
            "model": model, "content": blocks, "stop_reason": stop_reason, "stop_sequence": stop_sequence,
            "usage": anthropic_usage(body.get("usage"))}


def _stop_reason(choice: dict[str, Any], *, has_tool_calls: bool) -> tuple[str, str | None]:
    finish = choice.get("finish_reason")
    if has_tool_calls and finish in (None, "stop", "tool_calls", "function_call"):
        # Ollama and some templates say "stop" after a tool call; Anthropic clients only run tools on tool_use.
        return "tool_use", None
    matched = choice.get("stop_reason")  # vLLM names the stop string that matched
    if finish == "stop" and isinstance(matched, str) and matched:
        return "stop_sequence", matched
    return STOP_REASON.get(str(finish), "end_turn"), None
