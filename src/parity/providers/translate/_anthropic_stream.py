"""OpenAI ``chat.completion.chunk`` stream -> Anthropic SSE events, for an Anthropic client of an OpenAI upstream.

Anthropic streams are a sequence of content blocks, each opened, filled and closed before the next; OpenAI
streams interleave reasoning, text and tool-call fragments freely. The translator keeps one block open and
closes it whenever the kind of fragment changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from parity.protocol.errors import anthropic_error_body
from parity.providers.profiles import Profile, ReasoningSplitter
from parity.providers.translate._common import STOP_REASON, anthropic_usage, new_id, strip_prefix

Event = tuple[str, dict[str, Any]]


@dataclass
class _PendingTool:
    """A tool call seen before its name: Anthropic's block start must carry the name."""

    id: str | None = None
    name: str = ""
    arguments: list[str] = field(default_factory=list)


class StreamTranslator:
    """Feed each parsed OpenAI chunk, then call ``finish()`` once; each returns ``(event, data)`` pairs."""

    def __init__(self, model: str, *, profile: Profile | None = None) -> None:
        self._model = model
        self._splitter = (ReasoningSplitter(profile)
                          if profile is not None and profile.reasoning in ("think_tags", "harmony") else None)
        self._saw_reasoning_field = False
        self._started = False
        self._finished = False
        self._next_index = 0
        self._open: str | None = None  # "thinking", "text" or "tool:<openai index>"
        self._tool_blocks: dict[int, int] = {}  # OpenAI tool index -> Anthropic block index
        self._pending_tools: dict[int, _PendingTool] = {}
        self._finish_reason: str | None = None
        self._stop_sequence: str | None = None
        self._usage: dict[str, Any] | None = None

    def feed(self, chunk: dict[str, Any]) -> list[Event]:
        events: list[Event] = []
        if not self._started:
            self._start(events, chunk)
        if isinstance(chunk.get("usage"), dict):
            self._usage = chunk["usage"]
        for choice in chunk.get("choices") or ():
            # Anthropic has no n > 1; only the first choice is translated.
            if isinstance(choice, dict) and int(choice.get("index") or 0) == 0:
                self._choice(events, choice)
        return events

    def finish(self) -> list[Event]:
        """Close what is open and end the message; safe on a stream that never got a finish_reason."""
        if self._finished:
            return []
        self._finished = True
        events: list[Event] = []
        if not self._started:
            self._start(events, {})
        if self._splitter is not None:
            self._pieces(events, self._splitter.flush())
        for index in list(self._pending_tools):
            self._start_tool(events, index, self._pending_tools.pop(index))
        self._close(events)
        stop_reason = STOP_REASON.get(str(self._finish_reason), "end_turn")
        if self._tool_blocks and stop_reason == "end_turn":
            stop_reason = "tool_use"
        if self._stop_sequence is not None and stop_reason == "end_turn":
            stop_reason = "stop_sequence"
        usage = anthropic_usage(self._usage)
        events.append(("message_delta", {
            "type": "message_delta",
            "delta": {"stop_reason": stop_reason, "stop_sequence": self._stop_sequence},
            "usage": usage if self._usage is not None else {"output_tokens": 0}}))
        events.append(("message_stop", {"type": "message_stop"}))
        return events

    def _start(self, events: list[Event], chunk: dict[str, Any]) -> None:
        self._started = True
        upstream_id = strip_prefix(chunk.get("id"), "chatcmpl-")
        # Input tokens are unknown until the last chunk; the final message_delta carries the real counts.
        events.append(("message_start", {"type": "message_start", "message": {
            "id": f"msg_{upstream_id}" if upstream_id else new_id("msg_"), "type": "message", "role": "assistant",
            "model": self._model, "content": [], "stop_reason": None, "stop_sequence": None,
            "usage": {"input_tokens": 0, "output_tokens": 0}}}))

    def _choice(self, events: list[Event], choice: dict[str, Any]) -> None:
        delta = choice.get("delta") or {}
        reasoning = delta.get("reasoning_content") or delta.get("reasoning")
        if isinstance(reasoning, str) and reasoning:
            if self._splitter is not None and not self._saw_reasoning_field:
                # The server parses reasoning after all: release what the splitter held, in order.
                self._pieces(events, self._splitter.flush())
            self._saw_reasoning_field = True
            self._text(events, "thinking", reasoning)
        content = delta.get("content")
        if isinstance(content, str) and content:
            if self._splitter is not None and not self._saw_reasoning_field:
                self._pieces(events, self._splitter.feed(content))
            else:
                self._text(events, "text", content)
        for position, call in enumerate(delta.get("tool_calls") or ()):
            index = call.get("index")
            self._tool_delta(events, index if isinstance(index, int) else len(self._tool_blocks) + position, call)
        if choice.get("finish_reason"):
            self._finish_reason = choice["finish_reason"]
            matched = choice.get("stop_reason")  # vLLM: the stop string that matched
            if choice["finish_reason"] == "stop" and isinstance(matched, str) and matched:
                self._stop_sequence = matched

    def _pieces(self, events: list[Event], pieces: Sequence[tuple[str, str]]) -> None:
        for kind, text in pieces:
            self._text(events, "thinking" if kind == "reasoning" else "text", text)

    def _text(self, events: list[Event], kind: str, text: str) -> None:
        if self._open != kind:
            self._close(events)
            block = ({"type": "thinking", "thinking": "", "signature": ""} if kind == "thinking"
                     else {"type": "text", "text": ""})
            self._open_block(events, kind, block)
        delta = ({"type": "thinking_delta", "thinking": text} if kind == "thinking"
                 else {"type": "text_delta", "text": text})
        events.append(("content_block_delta",
                       {"type": "content_block_delta", "index": self._next_index - 1, "delta": delta}))

    def _tool_delta(self, events: list[Event], index: int, call: dict[str, Any]) -> None:
        function = call.get("function") or {}
        arguments = function.get("arguments") if isinstance(function.get("arguments"), str) else ""
        if index in self._tool_blocks:
            if arguments:
                # Normally the open block; a server interleaving calls still gets its fragment to the right block.
                events.append(("content_block_delta", {
                    "type": "content_block_delta", "index": self._tool_blocks[index],
                    "delta": {"type": "input_json_delta", "partial_json": arguments}}))
            return
        pending = self._pending_tools.setdefault(index, _PendingTool())
        pending.id = pending.id or call.get("id")
        pending.name = pending.name or function.get("name") or ""
        if arguments:
            pending.arguments.append(arguments)
        if pending.name:
            self._start_tool(events, index, self._pending_tools.pop(index))

    def _start_tool(self, events: list[Event], index: int, tool: _PendingTool) -> None:
        self._close(events)
        self._tool_blocks[index] = self._next_index
        self._open_block(events, f"tool:{index}", {"type": "tool_use", "id": tool.id or new_id("toolu_"),
                                                   "name": tool.name, "input": {}})
        if tool.arguments:
            events.append(("content_block_delta", {
                "type": "content_block_delta", "index": self._next_index - 1,
                "delta": {"type": "input_json_delta", "partial_json": "".join(tool.arguments)}}))

    def _open_block(self, events: list[Event], kind: str, block: dict[str, Any]) -> None:
        events.append(("content_block_start",
                       {"type": "content_block_start", "index": self._next_index, "content_block": block}))
        self._open = kind
        self._next_index += 1

    def _close(self, events: list[Event]) -> None:
        if self._open is not None:
            events.append(("content_block_stop", {"type": "content_block_stop", "index": self._next_index - 1}))
            self._open = None


def error_event(message: str, status: int) -> Event:
    """The ``error`` event for a failure after the stream began (the HTTP status is already sent)."""
    return "error", anthropic_error_body(status, message)
