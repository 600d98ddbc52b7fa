"""Stream assemblers: rebuild one complete answer from a stream, so a streamed exchange is recorded (and scored)
exactly like a non-streamed one.

Both work on parsed JSON dicts and never raise on odd input: a truncated or half-broken stream still yields
what arrived, with ``finish_reason`` / ``stop_reason`` left ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson


@dataclass
class _ToolCallState:
    id: str | None = None
    type: str = "function"
    name: str = ""
    arguments: list[str] = field(default_factory=list)


@dataclass
class _ChoiceState:
    content: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    refusal: list[str] = field(default_factory=list)
    tool_calls: dict[int, _ToolCallState] = field(default_factory=dict)
    logprobs: list[Any] = field(default_factory=list)
    finish_reason: str | None = None


class OpenAIStreamAssembler:
    """Feed each ``chat.completion.chunk``; ``result()`` is the equivalent ``chat.completion``."""

    def __init__(self) -> None:
        self._id = ""
        self._created = 0
        self._model = ""
        self._fingerprint: str | None = None
        self._usage: dict[str, Any] | None = None
        self._choices: dict[int, _ChoiceState] = {}

    def feed(self, chunk: dict[str, Any]) -> None:
        self._id = self._id or str(chunk.get("id") or "")
        self._created = self._created or int(chunk.get("created") or 0)
        self._model = self._model or str(chunk.get("model") or "")
        self._fingerprint = self._fingerprint or chunk.get("system_fingerprint")
        if isinstance(chunk.get("usage"), dict):
            self._usage = chunk["usage"]
        for choice in chunk.get("choices") or ():
            if isinstance(choice, dict):
                self._feed_choice(choice)

    def _feed_choice(self, choice: dict[str, Any]) -> None:
        index = int(choice.get("index") or 0)
        state = self._choices.get(index)
        if state is None:
            state = self._choices[index] = _ChoiceState()
        delta = choice.get("delta") or {}
        if isinstance(delta.get("content"), str):
            state.content.append(delta["content"])
        # Some servers send both names for the same text; take one.
        reasoning = delta.get("reasoning_content") or delta.get("reasoning")
        if isinstance(reasoning, str):
            state.reasoning.append(reasoning)
        if isinstance(delta.get("refusal"), str):
            state.refusal.append(delta["refusal"])
        for position, call in enumerate(delta.get("tool_calls") or ()):
            self._feed_tool_call(state, call, position)
        logprobs = choice.get("logprobs")
        if isinstance(logprobs, dict) and isinstance(logprobs.get("content"), list):
            state.logprobs.extend(logprobs["content"])
        if choice.get("finish_reason"):
            state.finish_reason = choice["finish_reason"]

    @staticmethod
    def _feed_tool_call(state: _ChoiceState, call: dict[str, Any], position: int) -> None:
        index = call.get("index")
        if not isinstance(index, int):
            # Servers that omit the index send each call whole; match by id, else append.
            ids = {c.id: i for i, c in state.tool_calls.items()}
            index = ids.get(call.get("id"), len(state.tool_calls) + position)
        tool = state.tool_calls.setdefault(index, _ToolCallState())
        tool.id = tool.id or call.get("id")
        tool.type = call.get("type") or tool.type
        function = call.get("function") or {}
        if function.get("name") and not tool.name:
            tool.name = function["name"]
        if isinstance(function.get("arguments"), str):
            tool.arguments.append(function["arguments"])

    def result(self) -> dict[str, Any]:
        choices = []
        for index in sorted(self._choices):
            state = self._choices[index]
            message: dict[str, Any] = {"role": "assistant",
                                       "content": "".join(state.content) if state.content else None}
            if state.reasoning:
                message["reasoning_content"] = "".join(state.reasoning)
            if state.refusal:
                message["refusal"] = "".join(state.refusal)
            if state.tool_calls:
                message["tool_calls"] = [
                    {"id": tool.id or f"call_{index}_{i}", "type": tool.type,
                     "function": {"name": tool.name, "arguments": "".join(tool.arguments)}}
                    for i, tool in sorted(state.tool_calls.items())]
            elif message["content"] is None:
                message["content"] = ""
            choice: dict[str, Any] = {"index": index, "message": message, "finish_reason": state.finish_reason,
                                      "logprobs": {"content": state.logprobs} if state.logprobs else None}
            choices.append(choice)
        out: dict[str, Any] = {"id": self._id, "object": "chat.completion", "created": self._created,
                               "model": self._model, "choices": choices}
        if self._fingerprint:
            out["system_fingerprint"] = self._fingerprint
        if self._usage is not None:
            out["usage"] = self._usage
        return out


class AnthropicStreamAssembler:
    """Feed each SSE event (name and parsed data); ``result()`` is the equivalent Anthropic ``message``."""

    def __init__(self) -> None:
        self._message: dict[str, Any] = {"id": "", "type": "message", "role": "assistant", "model": "",
                                         "content": [], "stop_reason": None, "stop_sequence": None,
                                         "usage": {"input_tokens": 0, "output_tokens": 0}}
        self._blocks: dict[int, dict[str, Any]] = {}
        self._json: dict[int, list[str]] = {}
        self.error: dict[str, Any] | None = None
        """The upstream's ``error`` event payload, if the stream carried one."""

    def feed(self, event_type: str, data: dict[str, Any]) -> None:
        kind = data.get("type") or event_type
        if kind == "message_start" and isinstance(data.get("message"), dict):
            start = data["message"]
            usage = {**self._message["usage"], **(start.get("usage") or {})}
            self._message.update({k: v for k, v in start.items() if k not in ("content", "usage")})
            self._message["usage"] = usage
        elif kind == "content_block_start" and isinstance(data.get("content_block"), dict):
            self._blocks[int(data.get("index") or 0)] = dict(data["content_block"])
        elif kind == "content_block_delta":
            self._delta(int(data.get("index") or 0), data.get("delta") or {})
        elif kind == "message_delta":
            delta = data.get("delta") or {}
            for key in ("stop_reason", "stop_sequence"):
                if key in delta:
                    self._message[key] = delta[key]
            # Counts on message_delta are cumulative totals: they replace, they do not add.
            usage = data.get("usage") or {}
            self._message["usage"].update({k: v for k, v in usage.items() if v is not None})
        elif kind == "error":
            self.error = data.get("error") if isinstance(data.get("error"), dict) else data

    def _delta(self, index: int, delta: dict[str, Any]) -> None:
        block = self._blocks.setdefault(index, _block_for_delta(delta))
        kind = delta.get("type")
        if kind == "text_delta":
            block["text"] = block.get("text", "") + str(delta.get("text") or "")
        elif kind == "thinking_delta":
            block["thinking"] = block.get("thinking", "") + str(delta.get("thinking") or "")
        elif kind == "signature_delta":
            block["signature"] = delta.get("signature") or ""
        elif kind == "input_json_delta":
            self._json.setdefault(index, []).append(str(delta.get("partial_json") or ""))
        elif kind == "citations_delta" and delta.get("citation") is not None:
            block.setdefault("citations", []).append(delta["citation"])

    def result(self) -> dict[str, Any]:
        content = []
        for index in sorted(self._blocks):
            block = dict(self._blocks[index])
            if index in self._json:
                raw = "".join(self._json[index])
                block["input"] = _parse_json(raw) if raw else block.get("input", {})
            content.append(block)
        return {**self._message, "content": content, "usage": dict(self._message["usage"])}


def _block_for_delta(delta: dict[str, Any]) -> dict[str, Any]:
    """A stand-in block when a delta arrives without its content_block_start (a damaged stream)."""
    kind = delta.get("type")
    if kind == "thinking_delta" or kind == "signature_delta":
        return {"type": "thinking", "thinking": "", "signature": ""}
    if kind == "input_json_delta":
        return {"type": "tool_use", "id": "", "name": "", "input": {}}
    return {"type": "text", "text": ""}


def _parse_json(raw: str) -> Any:
    """The parsed arguments, or the raw string when the stream was cut or the model wrote bad JSON."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return raw
