"""Cost per request: a config override, a self-hosted GPU bill, or the genai-prices database. Unknown is None.

Prices are resolved once per deployment (the database lookup and its Decimal arithmetic cost ~0.1 ms, too slow for
every request) into float rates; a request's cost is then a few multiplications. Tiered prices (long-context
surcharges) keep the database's own calculation.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlparse

from parity.config import ModelEntry
from parity.protocol.usage import Usage

_PROVIDER_IDS = {"anthropic": "anthropic"}


@dataclass(frozen=True, slots=True)
class Rates:
    """USD per million tokens, and where the numbers came from (shown by ``parity check``)."""

    input: float
    output: float
    cached_input: float | None
    source: str
    cache_write: float | None = None
    tiered: Any = None  # a genai-prices ModelPrice whose own calculation is needed

    def cost(self, usage: Usage) -> float | None:
        if usage.prompt_tokens is None and usage.completion_tokens is None:
            return None
        prompt = usage.prompt_tokens or 0
        cached = min(usage.cached_tokens or 0, prompt)
        if self.tiered is not None:
            from genai_prices import Usage as PriceUsage

            calc = self.tiered.calc_price(PriceUsage(input_tokens=prompt, cache_read_tokens=cached,
                                                     output_tokens=usage.completion_tokens or 0))
            return float(calc["total_price"])
        cached_rate = self.input if self.cached_input is None else self.cached_input
        return ((prompt - cached) * self.input + cached * cached_rate
                + (usage.completion_tokens or 0) * self.output) / 1e6


def resolve(entry: ModelEntry, provider_name: str, base_url: str) -> Rates | None:
    """The rates for one deployment, or None when nothing trustworthy is known."""
    if entry.price is not None:
        p = entry.price
        return Rates(p.input_per_mtok, p.output_per_mtok, p.cached_input_per_mtok, "config price")
    if entry.self_hosted is not None:
        hosted = entry.self_hosted
        if hosted.tokens_per_second is None:
            return None
        per_mtok = hosted.gpu_hour_usd * hosted.gpus / 3600 / hosted.tokens_per_second * 1e6
        return Rates(0.0, per_mtok, 0.0, f"self-hosted: ${hosted.gpu_hour_usd}/GPU-hour x {hosted.gpus} "
                                         f"at {hosted.tokens_per_second:g} output tokens/s")
    if provider_name == "mock":
        return Rates(0.0, 0.0, 0.0, "mock (free)")
    return _from_database(entry.upstream_model, provider_name, base_url)


def _from_database(model: str, provider_name: str, base_url: str) -> Rates | None:
    from genai_prices import data_snapshot, types

    snapshot = data_snapshot.get_snapshot()
    provider_id = _PROVIDER_IDS.get(provider_name)
    attempts: list[tuple[str | None, str | None]] = [(provider_id, base_url or None)]
    if not _is_private(base_url):
        attempts.append((provider_id, None))
    for pid, url in attempts:
        try:
            provider, info = snapshot.find_provider_model(model, None, pid, url)
        except LookupError:
            continue
        price = info.get_prices(datetime.now(UTC))
        values = {k: getattr(price, k, None) for k in ("input_mtok", "output_mtok", "cache_read_mtok",
                                                       "cache_write_mtok")}
        source = f"genai-prices: {provider.id}/{info.id}"
        if any(isinstance(v, types.TieredPrices) for v in values.values()):
            return Rates(0.0, 0.0, None, source + " (tiered)", tiered=price)
        return Rates(_f(values["input_mtok"]) or 0.0, _f(values["output_mtok"]) or 0.0,
                     _f(values["cache_read_mtok"]), source, cache_write=_f(values["cache_write_mtok"]))
    return None


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _is_private(base_url: str) -> bool:
    """Self-hosted servers: their model names must not borrow some public provider's list price."""
    host = urlparse(base_url).hostname or ""
    if host in ("localhost", "") or host.endswith((".local", ".internal", ".lan")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host
    return address.is_private or address.is_loopback or address.is_link_local
