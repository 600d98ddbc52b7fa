"""An OpenAI Chat Completions client reaching an Anthropic upstream.

``request`` maps the Chat request onto Messages; ``response`` and ``StreamTranslator`` map the answer back.
Inputs are assumed validated (``validate_chat_request``); what Anthropic cannot express raises ``RequestError``.
"""

from __future__ import annotations

import base64
import binascii
import time
from typing import Any

from parity.errors import RequestError
from parity.providers.translate._common import (
    FINISH_REASON,
    dumps,
    new_id,
    openai_usage,
    parse_arguments,
    parse_data_url,
    strip_prefix,
)
from parity.providers.translate._openai_stream import StreamTranslator

__all__ = ["StreamTranslator", "request", "response"]

THINKING_BUDGET = {"low": 1024, "medium": 4096, "high": 16384}
_JSON_ONLY = "Respond with only a valid JSON object: no prose, no code fences."


def request(body: dict[str, Any], upstream_model: str, default_max_tokens: int = 4096) -> dict[str, Any]:
    """A Messages request equivalent to the Chat request ``body``.

    Lossy by necessity: OpenAI-only sampling fields (``seed``, ``logprobs``, penalties, ``logit_bias``...) are
    dropped; ``temperature`` is clamped to Anthropic's 0..1; whitespace-only stop strings (Anthropic rejects them)
    are dropped; ``reasoning_content`` in the history is dropped (Anthropic only accepts its own signed
    thinking); with thinking on, ``temperature``, ``top_p`` and ``top_k`` are dropped because Anthropic restricts them.
    """
    if (body.get("n") or 1) > 1:
        raise RequestError("n > 1 is not supported by this model's upstream (Anthropic).", status=400, param="n")
    system, turns = _turns(body.get("messages") or ())
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_object":
        system.append(_JSON_ONLY)
    elif response_format.get("type") == "json_schema":
        spec = response_format.get("json_schema") or {}
        system.append(f"{_JSON_ONLY} It must conform to this JSON Schema:\n{dumps(spec.get('schema') or {})}")
    if not turns:
        # Chat accepts a conversation of system messages only; Messages needs a user turn.
        turns, system = [{"role": "user", "content": [{"type": "text", "text": "\n\n".join(system) or "."}]}], []

    max_tokens = body.get("max_completion_tokens") or body.get("max_tokens") or default_max_tokens
    out: dict[str, Any] = {"model": upstream_model, "messages": turns, "max_tokens": max_tokens}
    if system:
        out["system"] = "\n\n".join(system)
    stop = body.get("stop")
    stops = [s for s in ([stop] if isinstance(stop, str) else stop or ()) if isinstance(s, str) and s.strip()]
    if stops:
        out["stop_sequences"] = stops
    budget = THINKING_BUDGET.get(str(body.get("reasoning_effort")))
    if budget is not None:
        out["thinking"] = {"type": "enabled", "budget_tokens": budget}
        if max_tokens <= budget:
            # The client's max_tokens meant the answer; Anthropic counts thinking in it too.
            out["max_tokens"] = budget + max_tokens
    else:
        if body.get("temperature") is not None:
            out["temperature"] = min(max(float(body["temperature"]), 0.0), 1.0)
        if body.get("top_p") is not None:
            out["top_p"] = body["top_p"]
        if body.get("top_k") is not None:
            out["top_k"] = body["top_k"]
    if body.get("user"):
        out["metadata"] = {"user_id": body["user"]}
    if body.get("stream"):
        out["stream"] = True
    _add_tools(body, out)
    return out


def _turns(messages: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """System texts, and user/assistant turns with same-role neighbours merged (Anthropic wants alternation)."""
    system: list[str] = []
    turns: list[dict[str, Any]] = []
    legacy_call_ids: list[str] = []
    for i, message in enumerate(messages):
        role = message.get("role")
        if role in ("system", "developer"):
            system.append(_text_of(message.get("content")))
            continue
        if role == "assistant":
            blocks = _assistant_blocks(message, legacy_call_ids)
            _append(turns, "assistant", blocks)
        elif role == "tool":
            _append(turns, "user", [_tool_result(message.get("tool_call_id", ""), message.get("content"))])
        elif role == "function":
            call_id = legacy_call_ids.pop(0) if legacy_call_ids else new_id("toolu_")
            _append(turns, "user", [_tool_result(call_id, message.get("content"))])
        else:
            _append(turns, "user", _user_blocks(message.get("content"), f"messages.{i}.content"))
    for turn in turns:
        if turn["role"] == "user":
            # Anthropic wants tool results first in their turn.
            turn["content"].sort(key=lambda b: b.get("type") != "tool_result")
    if turns and turns[-1]["role"] == "assistant":
        _strip_trailing_whitespace(turns[-1]["content"])
    return system, turns


def _append(turns: list[dict[str, Any]], role: str, blocks: list[dict[str, Any]]) -> None:
    if not blocks:
        return  # Anthropic rejects empty turns; leaving one out keeps the rest valid
    if turns and turns[-1]["role"] == role:
        turns[-1]["content"].extend(blocks)
    else:
        turns.append({"role": role, "content": blocks})


def _strip_trailing_whitespace(blocks: list[dict[str, Any]]) -> None:
    """Anthropic rejects a final assistant (prefill) turn that ends in whitespace."""
    if blocks and blocks[-1].get("type") == "text":
        blocks[-1]["text"] = blocks[-1]["text"].rstrip()
        if not blocks[-1]["text"]:
            blocks.pop()


def _text_of(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(p.get("text") or p.get("refusal") or "") for p in content
                         if isinstance(p, dict) and p.get("type") in ("text", "refusal"))
    return ""


def _assistant_blocks(message: dict[str, Any], legacy_call_ids: list[str]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    text = _text_of(message.get("content"))
    if text:
        blocks.append({"type": "text", "text": text})
    for call in message.get("tool_calls") or ():
        function = call.get("function") or {}
        blocks.append({"type": "tool_use", "id": call.get("id") or new_id("toolu_"),
                       "name": function.get("name", ""), "input": parse_arguments(function.get("arguments"))})
    legacy = message.get("function_call")
    if legacy:
        call_id = new_id("toolu_")
        legacy_call_ids.append(call_id)
        blocks.append({"type": "tool_use", "id": call_id, "name": legacy.get("name", ""),
                       "input": parse_arguments(legacy.get("arguments"))})
    return blocks


def _tool_result(tool_call_id: str, content: object) -> dict[str, Any]:
    return {"type": "tool_result", "tool_use_id": tool_call_id, "content": _text_of(content)}


def _user_blocks(content: object, param: str) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}] if content else []
    blocks: list[dict[str, Any]] = []
    for j, part in enumerate(content if isinstance(content, list) else ()):
        block = _user_block(part, f"{param}.{j}")
        if block is not None:
            blocks.append(block)
    return blocks


def _user_block(part: dict[str, Any], param: str) -> dict[str, Any] | None:
    kind = part.get("type")
    if kind == "text":
        return {"type": "text", "text": part["text"]} if part.get("text") else None
    if kind == "image_url":
        url = (part.get("image_url") or {}).get("url", "")
        data = parse_data_url(url)
        if data is not None:
            return {"type": "image", "source": {"type": "base64", "media_type": data[0], "data": data[1]}}
        return {"type": "image", "source": {"type": "url", "url": url}}
    if kind == "file":
        return _document(part.get("file") or {}, param)
    raise RequestError(f"Content part type {kind!r} is not supported by this model's upstream (Anthropic).",
                       status=400, param=f"{param}.type")


def _document(file: dict[str, Any], param: str) -> dict[str, Any]:
    data = parse_data_url(str(file.get("file_data") or ""))
    if data is None:
        raise RequestError("Only inline files (file_data as a base64 data: URL) can be sent to this model's "
                           "upstream (Anthropic).", status=400, param=f"{param}.file")
    media_type, payload = data
    if media_type == "application/pdf":
        block: dict[str, Any] = {"type": "document",
                                 "source": {"type": "base64", "media_type": media_type, "data": payload}}
    elif media_type.startswith("text/"):
        try:
            text = base64.b64decode(payload, validate=True).decode("utf-8", "replace")
        except binascii.Error as exc:
            raise RequestError("file_data is not valid base64.", status=400,
                               param=f"{param}.file.file_data") from exc
        block = {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": text}}
    else:
        raise RequestError(f"File type {media_type!r} is not supported by this model's upstream (Anthropic).",
                           status=400, param=f"{param}.file.file_data")
    if file.get("filename"):
        block["title"] = file["filename"]
    return block


def _add_tools(body: dict[str, Any], out: dict[str, Any]) -> None:
    tools: list[dict[str, Any]] = []
    for i, tool in enumerate(body.get("tools") or ()):
        if tool.get("type", "function") != "function" or not tool.get("function"):
            raise RequestError(f"Tool type {tool.get('type')!r} is not supported by this model's upstream "
                               "(Anthropic).", status=400, param=f"tools.{i}.type")
        tools.append(_tool(tool["function"]))
    tools.extend(_tool(function) for function in body.get("functions") or ())
    if not tools:
        return
    out["tools"] = tools
    choice = body.get("tool_choice", body.get("function_call"))
    mapped: dict[str, Any] = {"type": "auto"}
    if choice == "none":
        mapped = {"type": "none"}
    elif choice == "required":
        mapped = {"type": "any"}
    elif isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name") or choice.get("name")
        if name:
            mapped = {"type": "tool", "name": name}
    if body.get("parallel_tool_calls") is False and mapped["type"] != "none":
        mapped["disable_parallel_tool_use"] = True
    if choice is not None or len(mapped) > 1:
        out["tool_choice"] = mapped


def _tool(function: dict[str, Any]) -> dict[str, Any]:
    tool: dict[str, Any] = {"name": function.get("name", ""),
                            "input_schema": function.get("parameters") or {"type": "object", "properties": {}}}
    if function.get("description"):
        tool["description"] = function["description"]
    return tool


def response(body: dict[str, Any], model: str) -> dict[str, Any]:
    """The ``chat.completion`` equivalent to an Anthropic ``message``; ``model`` is the public name."""
    texts: list[str] = []
    thinking: list[str] = []
    tool_calls: list[dict[str, Any]] = []
    for block in body.get("content") or ():
        kind = block.get("type")
        if kind == "text":
            texts.append(block.get("text", ""))
        elif kind == "thinking":
            thinking.append(block.get("thinking", ""))
        elif kind == "tool_use":
            tool_calls.append({"id": block.get("id") or new_id("call_"), "type": "function",
                               "function": {"name": block.get("name", ""), "arguments": dumps(block.get("input", {}))}})
    message: dict[str, Any] = {"role": "assistant",
                               "content": "".join(texts) if texts or not tool_calls else None}
    if thinking:
        message["reasoning_content"] = "".join(thinking)
    if tool_calls:
        message["tool_calls"] = tool_calls
    return {"id": f"chatcmpl-{strip_prefix(body.get('id'), 'msg_') or new_id('')}", "object": "chat.completion",
            "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": message, "logprobs": None,
                         "finish_reason": FINISH_REASON.get(str(body.get("stop_reason")), "stop")}],
            "usage": openai_usage(body.get("usage"))}
