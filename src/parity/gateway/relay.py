"""Sending a stream to the client: as it comes (scanning code blocks as they close when the guard is on), or held
until the guard has scanned all of it. A failure mid-way becomes an error event; a client gone cancels the
upstream call."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from parity.errors import UpstreamError
from parity.gateway.asgi import Request, header_list
from parity.gateway.errors import send_error, stream_error_frame
from parity.gateway.guard import HEADER, StreamGuard, block_message, header_value, verdict
from parity.providers.exchange import Api, ReplyStream
from parity.scan import Finding
from parity.store.db import Redactor
from parity.store.records import RequestRecord

log = logging.getLogger("parity.gateway")
SSE_HEADERS = [(b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-cache"),
               (b"x-accel-buffering", b"no")]
GUARD_STATUS = 422
_TERMINAL = {"openai": b"data: [DONE]", "anthropic": b"event: message_stop"}


async def _watching(req: Request, rec: RequestRecord, work: Callable[[], Awaitable[None]]) -> bool:
    """Run ``work``, cancelling it when the client disconnects. Returns False when the client went away."""
    task = asyncio.current_task()
    state = {"done": False, "gone": False}

    def on_receive(fut: asyncio.Future[Any]) -> None:
        if not state["done"] and not fut.cancelled() and fut.exception() is None \
                and fut.result().get("type") == "http.disconnect":
            state["gone"] = True
            if task is not None:
                task.cancel()

    watcher = asyncio.ensure_future(req.receive())
    watcher.add_done_callback(on_receive)
    try:
        await work()
    except asyncio.CancelledError:
        if not state["gone"]:
            raise
        if task is not None:
            task.uncancel()
        rec.status, rec.error = 499, "client disconnected mid-stream; upstream call cancelled"
    finally:
        state["done"] = True
        watcher.cancel()
    return not state["gone"]


def _blocked(guard: StreamGuard, rec: RequestRecord) -> bytes:
    rec.guard = verdict(guard.policy, guard.findings, blocked=True)
    rec.error = block_message(guard.findings)
    log.warning("request %s: code guard ended the stream: %s", rec.id, rec.error)
    return stream_error_frame(guard.api, GUARD_STATUS, rec.error, code="code_guard_blocked")


async def _guarded(send: Any, guard: StreamGuard, rec: RequestRecord,
                   events: list[tuple[bytes, bool, list[Finding]]], blocking: bool) -> bool:
    """Forward events up to the one that closes a blocked block; then the error event instead of the rest."""
    out = b""
    for raw, terminal, found in events:
        if found and blocking and guard.policy.blocks(found):
            await send({"type": "http.response.body", "body": out + _blocked(guard, rec), "more_body": True})
            return False
        if terminal:
            guard.ended = True
            if guard.policy.action == "annotate":
                out += guard.annotation()
        out += raw
    if out:
        await send({"type": "http.response.body", "body": out, "more_body": True})
    return True


async def relay_stream(req: Request, api: Api, stream: ReplyStream, headers: dict[str, str], rec: RequestRecord,
                       started: float, redactor: Redactor, guard: StreamGuard | None = None) -> None:
    send = req.send
    rec.ttft_ms = round((stream.first_at - started) * 1000, 3)
    rec.status = 200
    blocking = guard is not None and guard.policy.action == "block"

    async def work() -> None:
        await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS + header_list(headers)})
        try:
            async for chunk in stream:
                if guard is None:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                elif not await _guarded(send, guard, rec, guard.events(chunk), blocking):
                    return
            if guard is not None and not guard.ended:  # an upstream that never sent its end event
                await _guarded(send, guard, rec, guard.events(b"", end=True), blocking)
                found = guard.finish()
                if found and blocking and guard.policy.blocks(found):
                    await send({"type": "http.response.body", "body": _blocked(guard, rec), "more_body": True})
                elif guard.policy.action == "annotate" and not guard.ended:
                    await send({"type": "http.response.body", "body": guard.annotation(), "more_body": True})
        except UpstreamError as exc:
            if guard is not None:
                guard.finish()  # what was open when it broke went out: the record says what it held
            rec.error = f"stream broke after the first byte: {exc.message}"
            message = redactor.text(exc.message) or "upstream error"
            await send({"type": "http.response.body", "body": stream_error_frame(api, exc.status, message),
                        "more_body": True})

    try:
        connected = await _watching(req, rec, work)
    finally:
        await stream.aclose()
    _settle(guard, rec)
    rec.response, rec.usage = stream.message, stream.usage  # assembled by the store writer, off the loop
    if connected:
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def relay_buffered(req: Request, api: Api, stream: ReplyStream, headers: dict[str, str],
                         rec: RequestRecord, started: float, redactor: Redactor, guard: StreamGuard) -> None:
    """The guard's ``buffer`` option: nothing reaches the client until the whole answer is scanned, so a blocked
    answer is a plain error response with a status code, as for a non-streamed request."""
    rec.ttft_ms = round((stream.first_at - started) * 1000, 3)
    chunks: list[bytes] = []
    failure: list[UpstreamError] = []

    async def work() -> None:
        try:
            async for chunk in stream:
                chunks.append(chunk)
                guard.feed(chunk)
        except UpstreamError as exc:
            failure.append(exc)
        guard.finish()

    try:
        connected = await _watching(req, rec, work)
    finally:
        await stream.aclose()
    rec.response, rec.usage = stream.message, stream.usage
    if not connected:
        return
    _settle(guard, rec)
    if failure:
        rec.status, rec.error = failure[0].status, f"stream broke: {failure[0].message}"
        await send_error(req.send, api, failure[0].status, redactor.text(failure[0].message) or "upstream error",
                         headers)
        return
    if guard.policy.blocks(guard.findings):
        _blocked(guard, rec)
        rec.status = GUARD_STATUS
        await send_error(req.send, api, GUARD_STATUS, rec.error or "", headers, code="code_guard_blocked")
        return
    rec.status = 200
    if guard.policy.action == "annotate":
        headers = {**headers, HEADER: header_value(guard.findings)}
    body = b"".join(chunks)
    if guard.policy.action == "annotate":
        terminal = _TERMINAL[api]
        at = body.rfind(b"\n" + terminal)  # the last event, never a look-alike inside a JSON string
        body = body[:at + 1] + guard.annotation() + body[at + 1:] if at >= 0 else body + guard.annotation()
    await req.send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS + header_list(headers)})
    await req.send({"type": "http.response.body", "body": body, "more_body": False})


def _settle(guard: StreamGuard | None, rec: RequestRecord) -> None:
    if guard is not None and rec.guard is None:
        rec.guard = verdict(guard.policy, guard.findings, blocked=False)
        if guard.findings:
            log.warning("request %s: code guard: %s", rec.id, header_value(guard.findings))
