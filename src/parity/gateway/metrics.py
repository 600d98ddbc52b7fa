"""Prometheus metrics, updated from the capture writer's batches so the request path pays nothing for them.

A batch is first summed in plain dicts, so the (locking) Prometheus objects are touched once per label set per batch
rather than several times per request.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from parity.store.records import RequestRecord, ShadowRecord

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("parity_requests", "Requests by public model, deployment and HTTP status",
                                ["model", "served_by", "status"], registry=r)
        self.errors = Counter("parity_errors", "Requests that ended in an error (any status >= 400, or a stream "
                              "that broke)", ["model"], registry=r)
        self.latency = Histogram("parity_request_latency_seconds", "End-to-end latency seen by the client",
                                 ["model"], buckets=_LATENCY_BUCKETS, registry=r)
        self.ttft = Histogram("parity_time_to_first_token_seconds", "Time to the first streamed byte",
                              ["model"], buckets=_LATENCY_BUCKETS, registry=r)
        self.tokens = Counter("parity_tokens", "Tokens by public model and kind", ["model", "kind"], registry=r)
        self.cost = Counter("parity_cost_usd", "Spend in USD by public model (requests with a known price)",
                            ["model"], registry=r)
        self.shadows = Counter("parity_shadow_requests", "Shadow requests by model and status",
                               ["model", "status"], registry=r)
        self.guard = Counter("parity_guard_findings", "Code guard findings in answers, by model and severity",
                             ["model", "severity"], registry=r)
        self.guard_blocked = Counter("parity_guard_blocked", "Answers the code guard withheld", ["model"],
                                     registry=r)
        self.queue = Gauge("parity_capture_queue", "Records waiting to be written to the store", registry=r)
        self.healthy = Gauge("parity_deployment_healthy", "1 when a deployment is not in cooldown", ["entry"],
                             registry=r)

    def observe(self, batch: Sequence[RequestRecord | ShadowRecord]) -> None:
        requests: Tally[tuple[str, str, str]] = Tally()
        shadows: Tally[tuple[str, str]] = Tally()
        errors: Tally[str] = Tally()
        tokens: Tally[tuple[str, str]] = Tally()
        cost: dict[str, float] = {}
        latency: dict[str, list[float]] = {}
        ttft: dict[str, list[float]] = {}
        for record in batch:
            if isinstance(record, ShadowRecord):
                shadows[(record.model, str(record.status))] += 1
                continue
            model = record.model or "-"
            requests[(model, record.served_by or "-", str(record.status))] += 1
            if record.status >= 400 or record.error:
                errors[model] += 1
            if record.latency_ms is not None:
                latency.setdefault(model, []).append(record.latency_ms / 1000)
            if record.ttft_ms is not None:
                ttft.setdefault(model, []).append(record.ttft_ms / 1000)
            u = record.usage
            if u.prompt_tokens:
                tokens[(model, "prompt")] += u.prompt_tokens
            if u.completion_tokens:
                tokens[(model, "completion")] += u.completion_tokens
            if record.cost_usd:
                cost[model] = cost.get(model, 0.0) + record.cost_usd
            if record.guard:
                for finding in record.guard["findings"]:
                    self.guard.labels(model, finding["severity"]).inc()
                if record.guard["blocked"]:
                    self.guard_blocked.labels(model).inc()
        for labels, n in requests.items():
            self.requests.labels(*labels).inc(n)
        for labels2, n in shadows.items():
            self.shadows.labels(*labels2).inc(n)
        for model, n in errors.items():
            self.errors.labels(model).inc(n)
        for labels2, n in tokens.items():
            self.tokens.labels(*labels2).inc(n)
        for model, usd in cost.items():
            self.cost.labels(model).inc(usd)
        for histogram, values in ((self.latency, latency), (self.ttft, ttft)):
            for model, seconds in values.items():
                child = histogram.labels(model)
                for value in seconds:
                    child.observe(value)

    def render(self) -> bytes:
        return generate_latest(self.registry)
