"""Anthropic's Messages API (api.anthropic.com, or any server that speaks it)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from functools import cached_property
from typing import Any

from yarl import URL

from parity.providers.base import Provider, register
from parity.providers.exchange import ChatCall
from parity.providers.http import json_object, post_read, post_stream

DEFAULT_VERSION = "2023-06-01"


@register("anthropic")
class AnthropicProvider(Provider):
    api = "anthropic"
    default_base_url = "https://api.anthropic.com"

    @property
    def _url(self) -> URL:
        return self.url("/messages" if self.base_url.endswith("/v1") else "/v1/messages")

    @cached_property
    def _base_headers(self) -> dict[str, str]:
        headers = {"content-type": "application/json",
                   "anthropic-version": str(self.entry.options.get("anthropic_version", DEFAULT_VERSION)),
                   **self.entry.headers}
        if self.entry.api_key:
            headers["x-api-key"] = self.entry.api_key
        return headers

    def _headers(self, call: ChatCall) -> dict[str, str]:
        if not call.headers:
            return self._base_headers
        headers = dict(self._base_headers)
        for name in ("anthropic-version", "anthropic-beta"):  # an Anthropic client's own choice wins
            if name in call.headers:
                headers[name] = call.headers[name]
        return headers

    async def complete(self, body: dict[str, Any], call: ChatCall) -> tuple[dict[str, Any], bytes]:
        assert self.session is not None
        raw = await post_read(self.session, self._url, body, self._headers(call), timeout=self.timeout,
                              upstream=self.upstream_label)
        return json_object(raw, self.upstream_label), raw

    def stream(self, body: dict[str, Any], call: ChatCall) -> AsyncGenerator[bytes, None]:
        assert self.session is not None
        return post_stream(self.session, self._url, body, self._headers(call), timeout=self.stream_timeout,
                           upstream=self.upstream_label)
