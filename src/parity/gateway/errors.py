"""Errors on the wire, in the caller's own API shape, with the status codes design.md fixes."""

from __future__ import annotations

import math
from typing import Any

from parity.gateway.asgi import Send, respond, respond_json
from parity.gateway.routing import AllAttemptsFailed
from parity.protocol.errors import anthropic_error_body, openai_error_body
from parity.protocol.sse import frame
from parity.providers.exchange import Api
from parity.store.db import Redactor


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


def stream_error_frame(api: Api, status: int, message: str, *, code: str | None = None) -> bytes:
    """A failure after the first byte: the status line is gone, so the error travels as an event."""
    body = error_body(api, status, message, code=code)
    return frame(body, "error") if api == "anthropic" else frame(body)


async def send_failure(send: Send, api: Api, failed: AllAttemptsFailed, headers: dict[str, str],
                       redactor: Redactor) -> None:
    """Every attempt failed: the upstream's own error when the client caused it (same shape), else ours."""
    error = failed.error
    body = error.body
    if failed.client_fault and isinstance(body, dict) and _same_shape(api, body):
        await respond(send, failed.status, (redactor.json(body) or "").encode(), headers)
        return
    tried = len(failed.attempts)
    message = error.message if failed.client_fault else f"all {tried} attempt(s) failed; last: {error.message}"
    message = redactor.text(message) or ""
    retry_after = (failed.retry_after or 1.0) if failed.status == 429 else None
    await send_error(send, api, failed.status, message, headers, retry_after=retry_after)


def _same_shape(api: Api, body: dict[str, Any]) -> bool:
    if api == "anthropic":
        return body.get("type") == "error" and isinstance(body.get("error"), dict)
    return isinstance(body.get("error"), dict)
