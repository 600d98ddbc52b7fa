"""Gateway keys and per-key limits: requests and tokens per minute, and a USD budget.

Keys are held only as SHA-256 digests and compared with ``hmac.compare_digest`` against every configured key, so
neither timing nor the store reveals them. Limits are enforced before a request is routed, on every API surface.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections import deque
from dataclasses import dataclass, field

from parity.config import KeyConfig
from parity.errors import RequestError


@dataclass(slots=True)
class KeyState:
    key: KeyConfig
    requests: deque[float] = field(default_factory=deque)
    tokens: deque[tuple[float, int]] = field(default_factory=deque)
    token_sum: int = 0
    spend: deque[tuple[float, float]] = field(default_factory=deque)
    spend_sum: float = 0.0


class KeyRing:
    def __init__(self, keys: list[KeyConfig]) -> None:
        self._keys = [(k.digest, KeyState(k)) for k in keys]

    @property
    def enabled(self) -> bool:
        return bool(self._keys)

    def authenticate(self, presented: str | None) -> KeyState | None:
        """The key's state, None when auth is off; RequestError(401) for a missing or wrong key."""
        if not self._keys:
            return None
        if not presented:
            raise RequestError("missing API key: send 'Authorization: Bearer KEY' or 'x-api-key: KEY'", status=401,
                               kind="invalid_api_key")
        digest = hashlib.sha256(presented.encode()).digest()
        found = None
        for candidate, state in self._keys:  # no early exit: every key is compared
            if hmac.compare_digest(candidate, digest):
                found = state
        if found is None:
            raise RequestError("invalid API key", status=401, kind="invalid_api_key")
        return found

    def states(self) -> list[KeyState]:
        return [state for _, state in self._keys]


def check_limits(state: KeyState, model: str, now: float | None = None) -> None:
    """Raise RequestError(429, retry_after) if this key is over a limit, else count the request."""
    key = state.key
    now = time.time() if now is None else now
    if key.models is not None and model not in key.models:
        raise RequestError(f"key {key.name!r} may not use model {model!r}", status=403, kind="model_not_allowed")
    window = now - 60
    while state.requests and state.requests[0] <= window:
        state.requests.popleft()
    while state.tokens and state.tokens[0][0] <= window:
        state.token_sum -= state.tokens.popleft()[1]
    if key.rpm is not None and len(state.requests) >= key.rpm:
        wait = state.requests[0] + 60 - now
        raise RequestError(f"rate limit: key {key.name!r} is over {key.rpm} requests per minute", status=429,
                           kind="rate_limit_exceeded", retry_after=math.ceil(max(wait, 1)))
    if key.tpm is not None and state.token_sum >= key.tpm:
        wait = state.tokens[0][0] + 60 - now
        raise RequestError(f"rate limit: key {key.name!r} is over {key.tpm} tokens per minute", status=429,
                           kind="rate_limit_exceeded", retry_after=math.ceil(max(wait, 1)))
    if key.budget_usd is not None:
        if key.budget_period is not None:
            while state.spend and state.spend[0][0] <= now - key.budget_period:
                state.spend_sum -= state.spend.popleft()[1]
        if state.spend_sum >= key.budget_usd:
            wait = (state.spend[0][0] + key.budget_period - now) if key.budget_period and state.spend else 3600
            raise RequestError(f"budget exceeded: key {key.name!r} has spent ${state.spend_sum:.4f} of "
                               f"${key.budget_usd:.2f}", status=429, kind="budget_exceeded",
                               retry_after=math.ceil(max(wait, 1)))
    state.requests.append(now)


def charge(state: KeyState, tokens: int, cost_usd: float | None, now: float | None = None) -> None:
    """Count a finished request's tokens and cost against its key."""
    now = time.time() if now is None else now
    if tokens and state.key.tpm is not None:
        state.tokens.append((now, tokens))
        state.token_sum += tokens
    if cost_usd and state.key.budget_usd is not None:
        state.spend.append((now, cost_usd))
        state.spend_sum += cost_usd
