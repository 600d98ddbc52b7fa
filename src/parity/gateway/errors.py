"""Errors on the wire, in the caller's own API shape, with the status codes design.md fixes."""

from __future__ import annotations

import math
from typing import Any

from parity.gateway.asgi import Send, respond_json
from parity.protocol.errors import anthropic_error_body, openai_error_body
from parity.protocol.sse import frame
from parity.providers.exchange import Api


def error_body(api: Api, status: int, message: str, *, param: str | None = None,
               code: str | None = None) -> dict[str, Any]:
    if api == "anthropic":
        return anthropic_error_body(status, message)
    return openai_error_body(status, message, param=param, code=code)


async def send_error(send: Send, api: Api, status: int, message: str, headers: dict[str, str], *,
                     param: str | None = None, code: str | None = None, retry_after: float | None = None) -> None:
    if retry_after is not None:
        headers = {**headers, "retry-after": str(max(1, math.ceil(retry_after)))}
    await respond_json(send, status, error_body(api, status, message, param=param, code=code), headers)


def stream_error_frame(api: Api, status: int, message: str) -> bytes:
    """A failure after the first byte: the status line is gone, so the error travels as an event."""
    body = error_body(api, status, message)
    return frame(body, "error") if api == "anthropic" else frame(body)
