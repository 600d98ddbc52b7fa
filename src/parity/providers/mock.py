"""A deterministic in-process model: no key, no network. For a first run, demos and tests.

Same request, same answer. It calls a tool when the request forces one or the last user message names one,
answers in JSON when ``response_format`` asks, and reasons when ``reasoning_effort`` is set. Options (under
``options:`` in the config): ``reply`` (fixed answer text), ``latency_ms`` (wait before answering),
``chunk_delay_ms`` (between streamed chunks).
"""

from __future__ import annotations

import asyncio
import hashlib
import struct
import time
from collections.abc import AsyncGenerator
from typing import Any

import orjson

from parity.protocol.sse import DONE, frame
from parity.protocol.usage import Usage, estimate_tokens, text_of
from parity.providers.base import Provider, register
from parity.providers.exchange import ChatCall, Reply


@register("mock")
class MockProvider(Provider):
    api = "openai"

    def describe(self) -> str:
        return f"mock (deterministic, in process) as {self.entry.upstream_model!r}"

    async def _wait(self, key: str) -> None:
        delay = float(self.entry.options.get(key, 0)) / 1000
        if delay > 0:
            await asyncio.sleep(delay)

    async def complete(self, body: dict[str, Any], call: ChatCall) -> tuple[dict[str, Any], bytes]:
        await self._wait("latency_ms")
        answer = self._answer(body)
        raw = orjson.dumps(answer)
        return answer, raw

    async def stream(self, body: dict[str, Any], call: ChatCall) -> AsyncGenerator[bytes, None]:
        await self._wait("latency_ms")
        answer = self._answer(body)
        message = answer["choices"][0]["message"]
        base = {"id": answer["id"], "object": "chat.completion.chunk", "created": answer["created"],
                "model": answer["model"]}

        def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
            return frame({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})

        yield chunk({"role": "assistant", "content": ""})
        for field in ("reasoning_content", "content"):
            words = (message.get(field) or "").split(" ")
            for i, word in enumerate(words if message.get(field) else []):
                await self._wait("chunk_delay_ms")
                yield chunk({field: word if i == 0 else " " + word})
        for i, tool_call in enumerate(message.get("tool_calls") or []):
            yield chunk({"tool_calls": [{"index": i, **tool_call}]})
        yield chunk({}, answer["choices"][0]["finish_reason"])
        if (body.get("stream_options") or {}).get("include_usage"):
            yield frame({**base, "choices": [], "usage": answer["usage"]})
        yield DONE

    def _answer(self, body: dict[str, Any]) -> dict[str, Any]:
        messages = body.get("messages") or []
        last = messages[-1] if messages else {}
        last_text = text_of(last.get("content"))
        message: dict[str, Any] = {"role": "assistant", "content": None}
        finish = "stop"
        tool = _tool_to_call(body, last_text) if last.get("role") != "tool" else None
        reply = self.entry.options.get("reply")
        if tool is not None:
            name = tool["function"]["name"]
            args = _example(tool["function"].get("parameters") or {})
            digest = hashlib.sha256(orjson.dumps(messages)).hexdigest()[:24]
            message["tool_calls"] = [{"id": f"call_{digest}", "type": "function",
                                      "function": {"name": name, "arguments": orjson.dumps(args).decode()}}]
            finish = "tool_calls"
        elif last.get("role") == "tool":
            message["content"] = reply or f"The tool returned: {last_text[:200]}"
        else:
            message["content"] = reply or f"Mock answer to: {last_text[:200]}"
        response_format = body.get("response_format") or {}
        if tool is None and response_format.get("type") == "json_schema":
            schema = (response_format.get("json_schema") or {}).get("schema") or {}
            message["content"] = orjson.dumps(_example(schema)).decode()
        elif tool is None and response_format.get("type") == "json_object":
            message["content"] = orjson.dumps({"answer": message["content"]}).decode()
        if body.get("reasoning_effort"):
            message["reasoning_content"] = f"Considering: {last_text[:80]}"
        prompt = estimate_tokens(text_of([messages, body.get("tools")]))
        completion = estimate_tokens(text_of(message))
        digest = hashlib.sha256(orjson.dumps([body.get("model"), messages])).hexdigest()[:24]
        return {"id": f"chatcmpl-mock-{digest}", "object": "chat.completion", "created": int(time.time()),
                "model": body.get("model"), "system_fingerprint": "parity-mock",
                "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
                "usage": {"prompt_tokens": prompt, "completion_tokens": completion,
                          "total_tokens": prompt + completion}}

    async def embed(self, body: dict[str, Any]) -> Reply:
        inputs = body.get("input")
        items = inputs if isinstance(inputs, list) and inputs and not isinstance(inputs[0], int) else [inputs]
        dims = int(body.get("dimensions") or 8)
        data = [{"object": "embedding", "index": i, "embedding": _vector(orjson.dumps(item), dims)}
                for i, item in enumerate(items)]
        tokens = estimate_tokens(text_of(items))
        answer = {"object": "list", "data": data, "model": body.get("model"),
                  "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}
        return Reply(answer, Usage(tokens, 0), raw=orjson.dumps(answer))


def _tool_to_call(body: dict[str, Any], last_text: str) -> dict[str, Any] | None:
    tools = [t for t in body.get("tools") or [] if isinstance(t, dict) and t.get("type") == "function"]
    choice = body.get("tool_choice")
    if not tools or choice == "none":
        return None
    if isinstance(choice, dict):
        wanted = (choice.get("function") or {}).get("name")
        return next((t for t in tools if t["function"].get("name") == wanted), tools[0])
    if choice == "required":
        return tools[0]
    return next((t for t in tools if t["function"].get("name", "\0") in last_text), None)


def _example(schema: dict[str, Any]) -> Any:
    """A value that satisfies a simple JSON schema: what a well-behaved model would produce."""
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        return {k: _example(v if isinstance(v, dict) else {}) for k, v in (schema.get("properties") or {}).items()}
    if kind == "array":
        return [_example(schema.get("items") or {})]
    return {"integer": 1, "number": 1.0, "boolean": True, "null": None}.get(str(kind), "mock")


def _vector(seed: bytes, dims: int) -> list[float]:
    out: list[float] = []
    counter = 0
    while len(out) < dims:
        block = hashlib.sha256(seed + counter.to_bytes(4, "big")).digest()
        out.extend(v / 2**31 - 1.0 for v in struct.unpack(">8I", block))
        counter += 1
    return out[:dims]
