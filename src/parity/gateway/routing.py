"""Which deployment answers: load-balanced groups, canary, fallbacks, retries with backoff, and cooldowns.

A request's plan is an ordered chain of deployments: its group's entries in weighted random order (entries in
cooldown last), then each fallback group the same way. The chain is tried in order; a failure the client caused
(a 4xx other than 408/409/429) stops at once, anything else moves on. When every link failed, the chain is tried
again after a jittered exponential backoff that honours Retry-After, up to ``router.retries`` more passes.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from parity.config import Config, ModelEntry, RouterConfig
from parity.errors import UpstreamError
from parity.providers.base import Provider
from parity.store.records import Attempt

T = TypeVar("T")


@dataclass(slots=True)
class Deployment:
    """One entry with its provider and health: consecutive failures and the time its cooldown ends."""

    entry: ModelEntry
    provider: Provider
    failures: int = 0
    cooled_until: float = 0.0

    @property
    def id(self) -> str:
        return self.entry.id


@dataclass(slots=True)
class Plan:
    model: str
    route: str  # "primary" or "canary"
    chain: list[Deployment]


class AllAttemptsFailed(Exception):
    """Every link of every pass failed; ``status`` is what the client gets (429, 502 or 504)."""

    def __init__(self, errors: Sequence[UpstreamError], attempts: list[Attempt]) -> None:
        last = errors[-1]
        if any(not e.retryable for e in errors):
            status = next(e.status for e in errors if not e.retryable)
        elif all(e.status == 429 for e in errors):
            status = 429
        elif all(e.kind == "timeout" for e in errors):
            status = 504
        else:
            status = 502
        self.status = status
        self.client_fault = any(not e.retryable for e in errors)
        self.error = next((e for e in errors if not e.retryable), last)
        waits = [e.retry_after for e in errors if e.retry_after is not None]
        self.retry_after = max(waits) if waits else None
        self.attempts = attempts
        super().__init__(self.error.message)


class Router:
    def __init__(self, config: Config, providers: dict[str, Provider], *, rng: random.Random | None = None) -> None:
        self.settings: RouterConfig = config.router
        self.deployments = {e.id: Deployment(e, providers[e.id]) for e in config.models}
        self.groups: dict[str, list[Deployment]] = {}
        for entry in config.models:
            self.groups.setdefault(entry.name, []).append(self.deployments[entry.id])
        self._rng = rng or random.Random()
        self.canaries = {name: next((d.entry.canary for d in g if d.entry.canary), None)
                         for name, g in self.groups.items()}
        self.shadows = {name: next((d.entry.shadow for d in g if d.entry.shadow), [])
                        for name, g in self.groups.items()}

    def names(self) -> list[str]:
        return list(self.groups)

    def plan(self, model: str, sticky: str | None) -> Plan:
        """The attempt chain for a request to public name ``model``. Raises KeyError for an unknown name."""
        group = self.groups[model]
        canary = self.canaries.get(model)
        if canary is not None and canary.percent > 0 and self._bucket(model, sticky) < canary.percent:
            chain = self._chain(canary.model, [])
            return Plan(canary.model, "canary", self._chain(model, chain))
        return Plan(model, "primary", self._chain(model, []) if group else [])

    def group_plan(self, model: str) -> Plan:
        """Only ``model``'s own entries, no canary and no fallbacks: a bakeoff must never score one model's answer
        under another's name. Raises KeyError for an unknown name."""
        return Plan(model, "primary", self._weighted(self.groups[model]))

    def _bucket(self, model: str, sticky: str | None) -> float:
        """A stable number in [0, 100) per (group, user or key), so a canary user stays a canary user."""
        if sticky is None:
            return self._rng.random() * 100
        digest = hashlib.blake2b(f"{model}\0{sticky}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") / 2**64 * 100

    def _chain(self, model: str, chain: list[Deployment]) -> list[Deployment]:
        seen = {d.id for d in chain}
        ordered = self._weighted(self.groups[model])
        chain = chain + [d for d in ordered if d.id not in seen]
        seen.update(d.id for d in ordered)
        for name in dict.fromkeys(n for d in ordered for n in d.entry.fallbacks):
            for d in self._weighted(self.groups.get(name, [])):
                if d.id not in seen:
                    chain.append(d)
                    seen.add(d.id)
        return chain

    def _weighted(self, group: list[Deployment]) -> list[Deployment]:
        """Weighted random order without replacement (Efraimidis-Spirakis), healthy entries first."""
        if len(group) == 1:
            return list(group)
        now = time.monotonic()
        keyed = sorted(group, key=lambda d: (d.cooled_until > now, -self._rng.random() ** (1 / d.entry.weight)))
        return keyed

    async def run(self, plan: Plan, call: Callable[[Deployment], Awaitable[T]]) -> tuple[T, Deployment,
                                                                                              list[Attempt]]:
        """Try ``call`` along the chain; returns the first success with all attempts, or raises AllAttemptsFailed."""
        attempts: list[Attempt] = []
        errors: list[UpstreamError] = []
        for pass_no in range(self.settings.retries + 1):
            if pass_no:
                await asyncio.sleep(self._backoff(pass_no, errors))
            now = time.monotonic()
            chain = [d for d in plan.chain if d.cooled_until <= now] or plan.chain
            for deployment in chain:
                started = time.perf_counter()
                try:
                    value = await call(deployment)
                except UpstreamError as exc:
                    attempts.append(Attempt(deployment.id, exc.status if exc.kind == "http" else None, exc.message,
                                            _ms(started)))
                    errors.append(exc)
                    if not exc.retryable:
                        raise AllAttemptsFailed(errors, attempts) from exc
                    self._failed(deployment, exc)
                    continue
                attempts.append(Attempt(deployment.id, 200, None, _ms(started)))
                deployment.failures = 0
                return value, deployment, attempts
        raise AllAttemptsFailed(errors, attempts)

    def _failed(self, deployment: Deployment, exc: UpstreamError) -> None:
        deployment.failures += 1
        now = time.monotonic()
        if exc.retry_after:
            deployment.cooled_until = max(deployment.cooled_until, now + exc.retry_after)
        if deployment.failures >= self.settings.cooldown_failures:
            deployment.cooled_until = max(deployment.cooled_until, now + self.settings.cooldown)
            deployment.failures = 0

    def _backoff(self, pass_no: int, errors: list[UpstreamError]) -> float:
        base = self.settings.backoff * 2 ** (pass_no - 1) * self._rng.uniform(0.5, 1.5)
        asked = max((e.retry_after for e in errors if e.retry_after is not None), default=0.0)
        return min(max(base, asked), self.settings.max_retry_wait)

    def healthy(self) -> dict[str, bool]:
        now = time.monotonic()
        return {d.id: d.cooled_until <= now for d in self.deployments.values()}


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)
