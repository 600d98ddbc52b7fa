"""POST /v1/chat/completions (OpenAI) and POST /v1/messages (Anthropic): one pipeline for both shapes.

Only what routing needs is checked here (model, messages, stream); the rest of the body passes untouched, and is
validated in full only when it must be translated for an upstream of the other shape.
"""

from __future__ import annotations

import itertools
import logging
import os
import random
import time
from typing import Any

import orjson

from parity.errors import RequestError
from parity.gateway import capture
from parity.gateway.asgi import Request, respond
from parity.gateway.auth import KeyState
from parity.gateway.errors import send_error, send_failure
from parity.gateway.guard import HEADER, GuardPolicy, block_message, header_value, verdict
from parity.gateway.relay import GUARD_STATUS, relay_buffered, relay_stream
from parity.gateway.routing import AllAttemptsFailed, Plan
from parity.gateway.shadow import run_shadow
from parity.protocol.usage import estimate_tokens, text_of
from parity.providers.exchange import Api, ChatCall, Reply
from parity.store.records import RequestRecord

log = logging.getLogger("parity.gateway")
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
    policy = gw.guard.policy(model, rec.key_name, key.key.guard if key else None)
    if isinstance(result, Reply):
        rec.response, rec.usage = result.body, result.usage
        if policy is not None and not await _guard_reply(gw, req, api, policy, result, headers, rec):
            return await capture.finish(gw, rec, started, key, deployment)
        await respond(req.send, 200, result.raw or orjson.dumps(result.body), headers)
        rec.status = 200
    elif policy is not None and policy.buffer:
        await relay_buffered(req, api, result, headers, rec, started, gw.redactor, gw.guard.stream(policy, api))
    else:
        guard = gw.guard.stream(policy, api) if policy is not None else None
        await relay_stream(req, api, result, headers, rec, started, gw.redactor, guard)
    await capture.finish(gw, rec, started, key, deployment)


async def _guard_reply(gw: Any, req: Request, api: Api, policy: GuardPolicy, result: Reply,
                       headers: dict[str, str], rec: RequestRecord) -> bool:
    """Scan a complete answer; False when the guard withheld it (the error is sent)."""
    found = gw.guard.scan_reply(policy, api, result.body)
    blocked = policy.blocks(found)
    rec.guard = verdict(policy, found, blocked=blocked)
    if found:
        log.warning("request %s: code guard: %s", rec.id, header_value(found))
    if blocked:
        rec.status, rec.error = GUARD_STATUS, block_message(found)
        await send_error(req.send, api, GUARD_STATUS, rec.error, headers, code="code_guard_blocked")
        return False
    if policy.action == "annotate":
        headers[HEADER] = header_value(found)
    return True


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


