"""POST /v1/chat/completions (OpenAI) and POST /v1/messages (Anthropic): one pipeline for both shapes.

Only what routing needs is checked here (model, messages, stream); the rest of the body passes untouched, and is
validated in full only when it must be translated for an upstream of the other shape.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import random
import time
from typing import Any

import orjson

from parity.errors import RequestError, UpstreamError
from parity.gateway import capture
from parity.gateway.asgi import Request, header_list, respond
from parity.gateway.auth import KeyState
from parity.gateway.errors import send_error, send_failure, stream_error_frame
from parity.gateway.routing import AllAttemptsFailed, Plan
from parity.gateway.shadow import run_shadow
from parity.protocol.usage import estimate_tokens, text_of
from parity.providers.exchange import Api, ChatCall, Reply, ReplyStream
from parity.store.db import Redactor
from parity.store.records import RequestRecord

log = logging.getLogger("parity.gateway")
SSE_HEADERS = [(b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-cache"),
               (b"x-accel-buffering", b"no")]
FORWARDED_HEADERS = ("anthropic-version", "anthropic-beta")
API_NAMES: dict[str, str] = {"openai": "openai.chat", "anthropic": "anthropic.messages"}


_ID_PREFIX = "req_" + os.urandom(6).hex()
_ID_COUNTER = itertools.count(int.from_bytes(os.urandom(3), "big") << 16)


def new_request_id() -> str:
    """Unique per process (a random prefix) and cheap (a counter, not a system call per request)."""
    return f"{_ID_PREFIX}{next(_ID_COUNTER):012x}"


def envelope(api: Api, body: dict[str, Any]) -> tuple[str, bool]:
    """The fields routing needs, checked with errors that name the field."""
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise RequestError("'model' is required and must be a non-empty string", param="model")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise RequestError("'messages' must be a non-empty array", param="messages")
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or not isinstance(message.get("role"), str):
            raise RequestError(f"messages[{i}] must be an object with a string 'role'", param=f"messages.{i}.role")
    stream = body.get("stream", False)
    if stream is None:
        stream = False
    if not isinstance(stream, bool):
        raise RequestError("'stream' must be a boolean", param="stream")
    if api == "anthropic":
        max_tokens = body.get("max_tokens")
        if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
            raise RequestError("'max_tokens' is required and must be a positive integer", param="max_tokens")
    elif body.get("stream_options") is not None and not isinstance(body.get("stream_options"), dict):
        raise RequestError("'stream_options' must be an object", param="stream_options")
    return model, stream


def _user(api: Api, body: dict[str, Any], req: Request) -> str | None:
    user = req.headers.get("x-parity-user")
    if user:
        return user
    if api == "openai":
        value = body.get("user") or body.get("safety_identifier")
    else:
        metadata = body.get("metadata")
        value = metadata.get("user_id") if isinstance(metadata, dict) else None
    return value if isinstance(value, str) and value else None


async def handle(gw: Any, req: Request, api: Api) -> None:
    started = time.perf_counter()
    rid = new_request_id()
    headers = {"x-parity-request-id": rid}
    rec = RequestRecord(id=rid, ts=time.time(), api=API_NAMES[api], model=None, status=0, stream=False,
                        capture=gw.config.capture)
    key: KeyState | None = None
    try:
        key = gw.keys.authenticate(req.bearer())
        rec.key_name = key.key.name if key else None
        body = await req.json(gw.max_body)
        rec.request = body
        model, stream = envelope(api, body)
        rec.model, rec.stream = model, stream
        gw.admit(key, model)
    except RequestError as exc:
        rec.status, rec.error = exc.status, exc.message
        if exc.status != 499:
            await send_error(req.send, api, exc.status, exc.message, headers, param=exc.param, code=exc.kind,
                             retry_after=exc.retry_after)
        return await capture.finish(gw, rec, started, key)

    rec.capture = gw.capture_policy(model, rec.key_name, key.key.capture if key else None)
    rec.tags = capture.tags(req.headers.get("x-parity-tags"), body.get("tags"))
    rec.user = _user(api, body, req)
    forwarded = {h: req.headers[h] for h in FORWARDED_HEADERS if h in req.headers}
    clean = body if "tags" not in body else {k: v for k, v in body.items() if k != "tags"}
    include_usage = bool((clean.get("stream_options") or {}).get("include_usage")) if api == "openai" else False
    call = ChatCall(api, clean, stream, include_usage, forwarded)
    plan: Plan = gw.router.plan(model, rec.user or rec.key_name)
    rec.route = plan.route
    _start_shadows(gw, rid, model, call, rec.capture)

    try:
        result, deployment, attempts = await gw.router.run(plan, lambda d: d.provider.chat(call))
    except AllAttemptsFailed as failed:
        rec.attempts, rec.status, rec.error = failed.attempts, failed.status, failed.error.message
        await send_failure(req.send, api, failed, headers, gw.redactor)
        return await capture.finish(gw, rec, started, key)
    except RequestError as exc:  # the request could not be translated for this upstream
        rec.status, rec.error = exc.status, exc.message
        await send_error(req.send, api, exc.status, exc.message, headers, param=exc.param)
        return await capture.finish(gw, rec, started, key)
    except Exception as exc:
        log.exception("request %s failed inside the gateway", rid)
        rec.status, rec.error = 500, f"internal gateway error: {type(exc).__name__}"
        await send_error(req.send, api, 500, rec.error, headers)
        return await capture.finish(gw, rec, started, key)

    rec.attempts, rec.served_by = attempts, deployment.id
    headers["x-parity-served-by"] = deployment.id
    if isinstance(result, Reply):
        await respond(req.send, 200, result.raw or orjson.dumps(result.body), headers)
        rec.status, rec.response, rec.usage = 200, result.body, result.usage
    else:
        await _relay_stream(req, api, result, headers, rec, started, gw.redactor)
    await capture.finish(gw, rec, started, key, deployment)


async def _relay_stream(req: Request, api: Api, stream: ReplyStream, headers: dict[str, str], rec: RequestRecord,
                        started: float, redactor: Redactor) -> None:
    """Send the stream; a failure mid-way becomes an error event, a client gone cancels the upstream call."""
    send = req.send
    rec.ttft_ms = round((stream.first_at - started) * 1000, 3)
    rec.status = 200
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
        await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS + header_list(headers)})
        async for chunk in stream:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        state["done"] = True
    except UpstreamError as exc:
        state["done"] = True
        rec.error = f"stream broke after the first byte: {exc.message}"
        message = redactor.text(exc.message) or "upstream error"
        await send({"type": "http.response.body", "body": stream_error_frame(api, exc.status, message),
                    "more_body": True})
    except asyncio.CancelledError:
        if not state["gone"]:
            raise
        if task is not None:
            task.uncancel()
        rec.status, rec.error = 499, "client disconnected mid-stream; upstream call cancelled"
    finally:
        state["done"] = True
        watcher.cancel()
        await stream.aclose()
    rec.response, rec.usage = stream.message, stream.usage  # assembled by the store writer, off the loop
    if not state["gone"]:
        await send({"type": "http.response.body", "body": b"", "more_body": False})


def _start_shadows(gw: Any, rid: str, model: str, call: ChatCall, policy: str) -> None:
    for seq, shadow in enumerate(gw.router.shadows.get(model) or []):
        if shadow.percent >= 100 or random.random() * 100 < shadow.percent:
            gw.spawn(run_shadow(gw, rid, seq, shadow.model, call, policy))


async def count_tokens(gw: Any, req: Request) -> None:
    """Anthropic's token counter. Answered by estimate: no upstream call, so it is fast and free."""
    headers = {"x-parity-request-id": new_request_id()}
    try:
        gw.keys.authenticate(req.bearer())
        body = await req.json(gw.max_body)
    except RequestError as exc:
        return await send_error(req.send, "anthropic", exc.status, exc.message, headers)
    tokens = estimate_tokens(text_of([body.get("system"), body.get("messages"), body.get("tools")]))
    await respond(req.send, 200, orjson.dumps({"input_tokens": tokens}), headers)


