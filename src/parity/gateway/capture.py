"""The end of every request: cost, key charges, then the record into the capture queue (never dropped)."""

from __future__ import annotations

import time
from typing import Any

from parity.gateway.auth import KeyState, charge
from parity.gateway.routing import Deployment
from parity.store.records import RequestRecord

MAX_TAGS = 32


def tags(header: str | None, field: Any) -> list[str]:
    """Tags from the ``x-parity-tags`` header (comma-separated) and a gateway-only ``tags`` body field."""
    found: list[str] = []
    for source in (header, field):
        if isinstance(source, str):
            found.extend(source.split(","))
        elif isinstance(source, list):
            found.extend(str(t) for t in source)
    return list(dict.fromkeys(t.strip()[:100] for t in found if t and t.strip()))[:MAX_TAGS]


async def finish(gw: Any, rec: RequestRecord, started: float, key: KeyState | None,
                 deployment: Deployment | None = None) -> None:
    rec.latency_ms = round((time.perf_counter() - started) * 1000, 3)
    if deployment is not None:
        rates = gw.rates.get(deployment.id)
        rec.cost_usd = rates.cost(rec.usage) if rates is not None else None
    if key is not None:
        charge(key, rec.usage.total, rec.cost_usd)
    if rec.capture == "off":
        if key is None or key.key.budget_usd is None or not rec.cost_usd:
            return
        rec.request = rec.response = None  # spend only, so the budget survives a restart
        rec.tags, rec.user = [], None
    await gw.writer.put(rec)
