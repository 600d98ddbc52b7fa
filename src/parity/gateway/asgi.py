"""The few ASGI pieces the gateway needs, written directly for speed: a request view and JSON/bytes responses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from parity.errors import RequestError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class Request:
    """One HTTP request: lower-cased headers, and the body read once with a size limit."""

    __slots__ = ("headers", "method", "path", "query", "receive", "scope", "send")

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.scope = scope
        self.receive = receive
        self.send = send
        self.method: str = scope["method"]
        self.path: str = scope["path"]
        self.query: bytes = scope.get("query_string", b"")
        self.headers: dict[str, str] = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}

    def bearer(self) -> str | None:
        """The key a client sent: OpenAI SDKs use Authorization: Bearer, Anthropic SDKs x-api-key."""
        auth = self.headers.get("authorization")
        if auth:
            scheme, _, token = auth.partition(" ")
            return token.strip() if scheme.lower() == "bearer" else auth.strip()
        return self.headers.get("x-api-key")

    async def body(self, limit: int) -> bytes:
        declared = self.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise RequestError(f"request body is {int(declared)} bytes; the limit is {limit}", status=413)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                raise RequestError("client disconnected while sending the body", status=499)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise RequestError(f"request body exceeds the limit of {limit} bytes", status=413)
            chunks.append(chunk)
            if not message.get("more_body"):
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    async def json(self, limit: int) -> dict[str, Any]:
        raw = await self.body(limit)
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise RequestError(f"request body is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise RequestError(f"request body must be a JSON object, not {type(data).__name__}")
        return data


def header_list(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


async def respond(send: Send, status: int, body: bytes, headers: dict[str, str],
                  content_type: bytes = b"application/json") -> None:
    raw = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), *header_list(headers)]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def respond_json(send: Send, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
    await respond(send, status, orjson.dumps(data), headers or {})
