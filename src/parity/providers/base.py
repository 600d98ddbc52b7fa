"""The provider extension point: a small base class, a registry filled by a decorator, and entry points.

A provider knows one native API (``openai`` or ``anthropic``) and how to reach its upstream; the base class does
the rest (pass-through or translation for the caller's shape, opening streams so that failures before the first byte
can still fall back). A third-party provider is one class registered under the ``parity.providers`` entry-point group.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any, ClassVar

import aiohttp
from yarl import URL

from parity.config import ModelEntry, RouterConfig
from parity.errors import RequestError, UpstreamError
from parity.providers import adapt
from parity.providers.exchange import Api, ChatCall, Reply, ReplyStream
from parity.providers.profiles import profile_for
from parity.providers.relay import relay_for
from parity.registry import Registry

ENTRY_POINT_GROUP = "parity.providers"
PROVIDERS: Registry[Provider] = Registry("provider", ENTRY_POINT_GROUP, {
    "openai": "parity.providers.openai_compat", "anthropic": "parity.providers.anthropic",
    "mock": "parity.providers.mock"})
register = PROVIDERS.register
"""Class decorator: make a provider available under ``provider: NAME`` in the config."""
provider_class = PROVIDERS.get
available_providers = PROVIDERS.available


class Provider(ABC):
    """One configured deployment. Subclasses implement the native calls; callers use ``chat`` and ``embed``."""

    name: ClassVar[str] = ""
    api: ClassVar[Api] = "openai"
    default_base_url: ClassVar[str | None] = None

    def __init__(self, entry: ModelEntry, router: RouterConfig, session: aiohttp.ClientSession | None) -> None:
        self.entry = entry
        self.session = session
        self.profile = profile_for(entry.upstream_model, None if entry.profile == "auto" else entry.profile)
        self.base_url = (entry.base_url or self.default_base_url or "").rstrip("/")
        total = entry.timeout or router.timeout
        connect = entry.connect_timeout or router.connect_timeout
        self.timeout = aiohttp.ClientTimeout(total=total, sock_connect=connect)
        self.stream_timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect, sock_read=total)
        self.upstream_label = f"{entry.id} ({self.base_url or self.name})"
        self._urls: dict[str, URL] = {}

    def url(self, path: str) -> URL:
        """The upstream URL for ``path``, parsed once (URL parsing is measurable per request)."""
        url = self._urls.get(path)
        if url is None:
            url = self._urls[path] = URL(self.base_url + path)
        return url

    def describe(self) -> str:
        """One line for ``parity check``: where this entry's requests go."""
        return f"{self.name} {self.api} API at {self.base_url or '(in process)'} as {self.entry.upstream_model!r}"

    async def chat(self, call: ChatCall) -> Reply | ReplyStream:
        body = adapt.native_body(call, self.api, self.entry.upstream_model, self.entry.max_tokens_default)
        if not call.stream:
            native, raw = await self.complete(body, call)
            return adapt.reply(call, self.api, native, raw, self.profile)
        return await self._open_stream(call, body)

    async def _open_stream(self, call: ChatCall, body: dict[str, Any]) -> ReplyStream:
        relay = relay_for(call, self.api, self.profile)
        chunks = self.stream(body, call)
        try:
            first = b""
            while not first:  # keep-alives and comments do not count as the first byte
                try:
                    first = relay.feed(await anext(chunks))
                except StopAsyncIteration:
                    raise UpstreamError(f"{self.upstream_label} closed the stream before sending anything",
                                        kind="protocol", status=502, retryable=True) from None
        except BaseException:
            await chunks.aclose()
            raise
        first_at = time.perf_counter()
        if relay.upstream_error:
            await chunks.aclose()
            raise UpstreamError(f"{self.upstream_label}: {relay.upstream_error}", kind="protocol", status=502,
                                retryable=True)

        async def frames() -> AsyncIterator[bytes]:
            yield first
            async for chunk in chunks:
                out = relay.feed(chunk)
                if out:
                    yield out
            tail = relay.close()
            if tail:
                yield tail

        return ReplyStream(frames(), message=relay.message, usage=relay.usage, close=chunks.aclose,
                           first_at=first_at)

    @abstractmethod
    async def complete(self, body: dict[str, Any], call: ChatCall) -> tuple[dict[str, Any], bytes]:
        """One native non-streamed call: the parsed answer and its raw bytes. Raises UpstreamError."""

    @abstractmethod
    def stream(self, body: dict[str, Any], call: ChatCall) -> AsyncGenerator[bytes, None]:
        """One native streamed call: the upstream's SSE bytes as they arrive. Raises UpstreamError."""

    async def embed(self, body: dict[str, Any]) -> Reply:
        raise RequestError(f"model {body.get('model')!r} ({self.name} provider) does not serve embeddings",
                           param="model")

