"""Any OpenAI-compatible server: OpenAI, DeepSeek, Together, Fireworks, OpenRouter, Groq, vLLM, SGLang, Ollama,
llama.cpp server, LM Studio. They differ in quirks (kept as profile data), not in protocol."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from functools import cached_property
from typing import Any

from parity.protocol.usage import Usage, estimate_tokens, text_of
from parity.providers.base import Provider, register
from parity.providers.exchange import ChatCall, Reply
from parity.providers.http import json_object, post_read, post_stream


@register("openai")
class OpenAICompatProvider(Provider):
    api = "openai"
    default_base_url = "https://api.openai.com/v1"

    @cached_property
    def _headers(self) -> dict[str, str]:
        headers = {"content-type": "application/json", **self.entry.headers}
        if self.entry.api_key:
            headers["authorization"] = f"Bearer {self.entry.api_key}"
        return headers

    async def complete(self, body: dict[str, Any], call: ChatCall) -> tuple[dict[str, Any], bytes]:
        return await self._post_json("/chat/completions", body)

    async def _post_json(self, path: str, body: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        assert self.session is not None
        raw = await post_read(self.session, self.url(path), body, self._headers, timeout=self.timeout,
                              upstream=self.upstream_label)
        return json_object(raw, self.upstream_label), raw

    def stream(self, body: dict[str, Any], call: ChatCall) -> AsyncGenerator[bytes, None]:
        assert self.session is not None
        return post_stream(self.session, self.url("/chat/completions"), body, self._headers,
                           timeout=self.stream_timeout, upstream=self.upstream_label)

    async def embed(self, body: dict[str, Any]) -> Reply:
        upstream = {**body, "model": self.entry.upstream_model}
        parsed, raw = await self._post_json("/embeddings", upstream)
        usage = parsed.get("usage")
        usage = usage if isinstance(usage, dict) else {}
        prompt = usage.get("prompt_tokens") if isinstance(usage.get("prompt_tokens"), int) else None
        if prompt is None:
            return Reply(parsed, Usage(estimate_tokens(text_of(body.get("input"))), 0, estimated=True), raw=raw)
        return Reply(parsed, Usage(prompt, 0), raw=raw)
