"""What the gateway hands to the store. Built on the hot path from objects it already has; serialised later."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parity.protocol.usage import Usage


@dataclass(slots=True)
class Attempt:
    entry: str
    status: int | None
    error: str | None
    latency_ms: float


@dataclass(slots=True)
class RequestRecord:
    """One client request, as ``parity logs --json`` shows it."""

    id: str
    ts: float
    api: str
    model: str | None
    status: int
    stream: bool
    capture: str
    served_by: str | None = None
    route: str | None = None
    usage: Usage = field(default_factory=Usage)
    cost_usd: float | None = None
    latency_ms: float | None = None
    ttft_ms: float | None = None
    error: str | None = None
    key_name: str | None = None
    user: str | None = None
    tags: list[str] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    request: Any = None
    response: Any = None  # a JSON value, or a zero-argument callable the writer calls (a stream to assemble)
    guard: dict[str, Any] | None = None
    """What the code guard found and did: ``{"action", "blocked", "findings": [...]}``; None when it was off."""


@dataclass(slots=True)
class ShadowRecord:
    """A shadow answer, stored beside the primary's record under the same request id."""

    request_id: str
    seq: int
    ts: float
    model: str
    status: int
    served_by: str | None = None
    error: str | None = None
    latency_ms: float | None = None
    ttft_ms: float | None = None
    usage: Usage = field(default_factory=Usage)
    cost_usd: float | None = None
    response: Any = None
    capture: str = "full"
