"""Anthropic's Messages API (api.anthropic.com, or any server that speaks it)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from parity.providers.base import Provider, register
from parity.providers.exchange import ChatCall
from parity.providers.http import iter_chunks, json_object, post

DEFAULT_VERSION = "2023-06-01"


@register("anthropic")
class AnthropicProvider(Provider):
    api = "anthropic"
    default_base_url = "https://api.anthropic.com"

    @property
    def _url(self) -> str:
        base = self.base_url
        return base + ("/messages" if base.endswith("/v1") else "/v1/messages")

    def _headers(self, call: ChatCall) -> dict[str, str]:
        headers = {"content-type": "application/json",
                   "anthropic-version": str(self.entry.options.get("anthropic_version", DEFAULT_VERSION))}
        for name in ("anthropic-version", "anthropic-beta"):  # an Anthropic client's own choice wins
            if name in call.headers:
                headers[name] = call.headers[name]
        headers.update(self.entry.headers)
        if self.entry.api_key:
            headers["x-api-key"] = self.entry.api_key
        return headers

    async def complete(self, body: dict[str, Any], call: ChatCall) -> tuple[dict[str, Any], bytes]:
        assert self.session is not None
        async with post(self.session, self._url, body, self._headers(call), timeout=self.timeout,
                        upstream=self.upstream_label) as response:
            raw = await response.read()
        return json_object(raw, self.upstream_label), raw

    async def stream(self, body: dict[str, Any], call: ChatCall) -> AsyncGenerator[bytes, None]:
        assert self.session is not None
        async with post(self.session, self._url, body, self._headers(call), timeout=self.stream_timeout,
                        upstream=self.upstream_label) as response:
            async for chunk in iter_chunks(response, self.upstream_label):
                yield chunk
