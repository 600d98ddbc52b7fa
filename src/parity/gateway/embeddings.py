"""POST /v1/embeddings (OpenAI shape only), routed and captured like chat."""

from __future__ import annotations

import time
from typing import Any

import orjson

from parity.errors import RequestError
from parity.gateway import capture
from parity.gateway.asgi import Request, respond
from parity.gateway.auth import KeyState
from parity.gateway.chat import new_request_id
from parity.gateway.errors import send_error, send_failure
from parity.gateway.routing import AllAttemptsFailed
from parity.store.records import RequestRecord


def _check(body: dict[str, Any]) -> str:
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise RequestError("'model' is required and must be a non-empty string", param="model")
    value = body.get("input")
    ok = (isinstance(value, str) and value != "") or (isinstance(value, list) and value and all(
        isinstance(v, str | int) or (isinstance(v, list) and all(isinstance(t, int) for t in v)) for v in value))
    if not ok:
        raise RequestError("'input' must be a non-empty string, array of strings, or array of token arrays",
                           param="input")
    return model


async def handle(gw: Any, req: Request) -> None:
    started = time.perf_counter()
    rid = new_request_id()
    headers = {"x-parity-request-id": rid}
    rec = RequestRecord(id=rid, ts=time.time(), api="openai.embeddings", model=None, status=0, stream=False,
                        capture=gw.config.capture)
    key: KeyState | None = None
    try:
        key = gw.keys.authenticate(req.bearer())
        rec.key_name = key.key.name if key else None
        body = await req.json(gw.max_body)
        rec.request = body
        model = rec.model = _check(body)
        gw.admit(key, model)
        rec.capture = gw.capture_policy(model, rec.key_name, key.key.capture if key else None)
        rec.tags = capture.tags(req.headers.get("x-parity-tags"), body.get("tags"))
        clean = {k: v for k, v in body.items() if k != "tags"}
        plan = gw.router.plan(model, rec.key_name)
        rec.route = plan.route
        reply, deployment, rec.attempts = await gw.router.run(plan, lambda d: d.provider.embed(clean))
    except RequestError as exc:
        rec.status, rec.error = exc.status, exc.message
        if exc.status != 499:
            await send_error(req.send, "openai", exc.status, exc.message, headers, param=exc.param, code=exc.kind,
                             retry_after=exc.retry_after)
        return await capture.finish(gw, rec, started, key)
    except AllAttemptsFailed as failed:
        rec.attempts, rec.status, rec.error = failed.attempts, failed.status, failed.error.message
        await send_failure(req.send, "openai", failed, headers, gw.redactor)
        return await capture.finish(gw, rec, started, key)
    rec.served_by, rec.status, rec.usage = deployment.id, 200, reply.usage
    rec.response = {**reply.body, "data": f"[{len(reply.body.get('data') or [])} embeddings not stored]"}
    headers["x-parity-served-by"] = deployment.id
    await respond(req.send, 200, reply.raw or orjson.dumps(reply.body), headers)
    await capture.finish(gw, rec, started, key, deployment)
