"""Anthropic SSE events -> OpenAI ``chat.completion.chunk`` dicts, for an OpenAI client of an Anthropic upstream."""

from __future__ import annotations

import time
from typing import Any

from parity.errors import UpstreamError
from parity.providers.translate._common import ANTHROPIC_ERROR_STATUS, FINISH_REASON, new_id, openai_usage, strip_prefix


class StreamTranslator:
    """Feed each event (name and parsed data), then call ``finish()`` once; each returns chunks to send.

    With ``include_usage`` (the client's ``stream_options.include_usage``) a last chunk with empty ``choices``
    carries the usage, as OpenAI does.
    """

    def __init__(self, model: str, include_usage: bool) -> None:
        self._model = model
        self._include_usage = include_usage
        self._id = f"chatcmpl-{new_id('')}"
        self._created = int(time.time())
        self._role_sent = False
        self._tool_index: dict[int, int] = {}  # Anthropic block index -> OpenAI tool_calls index
        self._usage: dict[str, Any] = {}
        self._usage_sent = False
        self._finish_sent = False

    def feed(self, event_type: str, data: dict[str, Any]) -> list[dict[str, Any]]:
        kind = data.get("type") or event_type
        chunks: list[dict[str, Any]] = []
        if kind == "error":
            self._raise(data)
        if kind == "message_start":
            message = data.get("message") or {}
            if message.get("id"):
                self._id = f"chatcmpl-{strip_prefix(message['id'], 'msg_')}"
            self._usage.update({k: v for k, v in (message.get("usage") or {}).items() if v is not None})
        elif kind == "content_block_start":
            self._block_start(chunks, int(data.get("index") or 0), data.get("content_block") or {})
        elif kind == "content_block_delta":
            self._block_delta(chunks, int(data.get("index") or 0), data.get("delta") or {})
        elif kind == "message_delta":
            self._usage.update({k: v for k, v in (data.get("usage") or {}).items() if v is not None})
            stop_reason = (data.get("delta") or {}).get("stop_reason")
            if stop_reason is not None and not self._finish_sent:
                self._finish_sent = True
                chunks.append(self._chunk({}, finish_reason=FINISH_REASON.get(stop_reason, "stop")))
        elif kind == "message_stop":
            chunks.extend(self._usage_chunk())
        if chunks and not self._role_sent:
            self._role_sent = True
            chunks[0]["choices"][0]["delta"] = {"role": "assistant", **chunks[0]["choices"][0]["delta"]}
        elif kind == "message_start" and not self._role_sent:
            self._role_sent = True
            chunks.append(self._chunk({"role": "assistant", "content": ""}))
        return chunks

    def finish(self) -> list[dict[str, Any]]:
        """The usage chunk if the stream ended without ``message_stop``; no finish_reason is invented."""
        return self._usage_chunk()

    def _block_start(self, chunks: list[dict[str, Any]], index: int, block: dict[str, Any]) -> None:
        kind = block.get("type")
        if kind == "tool_use":
            position = len(self._tool_index)
            self._tool_index[index] = position
            chunks.append(self._chunk({"tool_calls": [{
                "index": position, "id": block.get("id") or new_id("call_"), "type": "function",
                "function": {"name": block.get("name", ""), "arguments": ""}}]}))
        elif kind == "text" and block.get("text"):
            chunks.append(self._chunk({"content": block["text"]}))
        elif kind == "thinking" and block.get("thinking"):
            chunks.append(self._chunk({"reasoning_content": block["thinking"]}))

    def _block_delta(self, chunks: list[dict[str, Any]], index: int, delta: dict[str, Any]) -> None:
        kind = delta.get("type")
        if kind == "text_delta" and delta.get("text"):
            chunks.append(self._chunk({"content": delta["text"]}))
        elif kind == "thinking_delta" and delta.get("thinking"):
            chunks.append(self._chunk({"reasoning_content": delta["thinking"]}))
        elif kind == "input_json_delta" and delta.get("partial_json") and index in self._tool_index:
            chunks.append(self._chunk({"tool_calls": [
                {"index": self._tool_index[index], "function": {"arguments": delta["partial_json"]}}]}))

    def _usage_chunk(self) -> list[dict[str, Any]]:
        if not self._include_usage or self._usage_sent or not self._usage:
            return []
        self._usage_sent = True
        return [{"id": self._id, "object": "chat.completion.chunk", "created": self._created, "model": self._model,
                 "choices": [], "usage": openai_usage(self._usage)}]

    def _chunk(self, delta: dict[str, Any], *, finish_reason: str | None = None) -> dict[str, Any]:
        return {"id": self._id, "object": "chat.completion.chunk", "created": self._created, "model": self._model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]}

    @staticmethod
    def _raise(data: dict[str, Any]) -> None:
        error: dict[str, Any] = data["error"] if isinstance(data.get("error"), dict) else {}
        kind = str(error.get("type") or "api_error")
        message = str(error.get("message") or "The upstream stream failed.")
        raise UpstreamError(f"Upstream stream error ({kind}): {message}", kind="protocol",
                            status=ANTHROPIC_ERROR_STATUS.get(kind, 502), retryable=False, body=data)
