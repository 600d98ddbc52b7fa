"""Shadow traffic: a copy of the request goes to a candidate in the background; its answer is stored beside the
primary's under the same request id, for a later bakeoff (``--from-shadow``) at no extra client latency."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from parity.errors import RequestError
from parity.gateway.routing import AllAttemptsFailed
from parity.providers.exchange import ChatCall, Reply
from parity.store.records import ShadowRecord


async def run_shadow(gw: Any, request_id: str, seq: int, model: str, call: ChatCall, policy: str) -> None:
    started = time.perf_counter()
    body = {**call.body, "model": model}
    shadow_call = ChatCall(call.api, body, call.stream, call.include_usage, call.headers)
    rec = ShadowRecord(request_id=request_id, seq=seq, ts=time.time(), model=model, status=0, capture=policy)
    plan = gw.router.plan(model, None)
    try:
        result, deployment, _ = await gw.router.run(plan, lambda d: d.provider.chat(shadow_call))
        rec.served_by = deployment.id
        if isinstance(result, Reply):
            rec.response, rec.usage = result.body, result.usage
        else:
            rec.ttft_ms = round((result.first_at - started) * 1000, 3)
            try:
                async for _ in result:
                    pass
            finally:
                await result.aclose()
            rec.response, rec.usage = result.message, result.usage
        rec.status = 200
        rates = gw.rates.get(deployment.id)
        rec.cost_usd = rates.cost(rec.usage) if rates is not None else None
    except AllAttemptsFailed as failed:
        rec.status, rec.error = failed.status, failed.error.message
    except RequestError as exc:
        rec.status, rec.error = exc.status, exc.message
    except asyncio.CancelledError:
        rec.status, rec.error = 499, "shadow call cancelled at shutdown"
    except Exception as exc:  # noqa: BLE001 - a shadow must never disturb the gateway; the failure is recorded
        rec.status, rec.error = 500, f"shadow failed: {type(exc).__name__}: {exc}"
    rec.latency_ms = round((time.perf_counter() - started) * 1000, 3)
    if policy != "off":
        await gw.writer.put(rec)
