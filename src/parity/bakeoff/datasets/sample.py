"""Preparing captured traffic for a bakeoff: conversations, duplicates, and a stratified sample.

Captured traffic holds one record per request; a multi-turn conversation is several records whose messages
start the same way. Items of one conversation are kept together (sampled whole, and clustered in the
statistics, since turns of one conversation are not independent evidence).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence

import orjson

from parity.bakeoff.items import Item

Strata = Callable[[Item], str]
STRATA: dict[str, Strata] = {
    "none": lambda item: "",
    "model": lambda item: str(item.meta.get("model") or ""),
    "route": lambda item: f"{item.meta.get('api') or ''} {item.meta.get('model') or ''} "
                          f"{item.meta.get('route') or ''}".strip(),
    "tag": lambda item: ",".join(sorted(item.tags)),
    "key": lambda item: str(item.meta.get("key") or ""),
}


def conversation_of(item: Item) -> str:
    """Requests that share who sent them and how the conversation opened (system prompt and first user turn)."""
    opening = []
    for message in item.messages:
        opening.append(message)
        if message.get("role") == "user":
            break
    who = item.meta.get("user") or item.meta.get("key") or ""
    digest = hashlib.blake2b(orjson.dumps([who, opening], option=orjson.OPT_SORT_KEYS), digest_size=8)
    return digest.hexdigest()


def assign_conversations(items: Sequence[Item]) -> None:
    """Set ``conversation`` where the source did not, for items that continue an earlier conversation."""
    for item in items:
        if item.conversation is None and sum(m.get("role") == "assistant" for m in item.messages) > 0:
            item.conversation = conversation_of(item)
    opened = {conversation_of(i) for i in items if i.conversation is not None}
    for item in items:  # the first turn of a conversation that continues later belongs to it too
        if item.conversation is None and (key := conversation_of(item)) in opened:
            item.conversation = key


def dedupe(items: Sequence[Item]) -> tuple[list[Item], int]:
    """Keep the newest of identical requests (same messages and parameters); returns the items and how many went."""
    newest: dict[str, Item] = {}
    for item in items:  # oldest first, so later ones replace earlier ones
        newest[item.request_key("")] = item
    kept = list(newest.values())
    return kept, len(items) - len(kept)


def sample(items: Sequence[Item], n: int, *, stratify: str = "none", seed: int = 0) -> list[Item]:
    """About ``n`` items, whole conversations at a time, each stratum in proportion to its size (at least one
    conversation each). Order is kept, so the sample reads like the traffic did."""
    if n <= 0:
        raise ValueError(f"--sample must be positive, got {n}")
    if n >= len(items):
        return list(items)
    key = STRATA[stratify]
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.conversation or f"item:{item.id}", []).append(item)
    strata: dict[str, list[list[Item]]] = {}
    for group in groups.values():
        strata.setdefault(key(group[0]), []).append(group)
    quotas = _quotas({s: sum(len(g) for g in gs) for s, gs in strata.items()}, n)
    rng = random.Random(seed)
    chosen: set[int] = set()
    for stratum, convs in strata.items():
        rng.shuffle(convs)
        taken = 0
        for conv in convs:
            if taken >= quotas[stratum]:
                break
            chosen.update(id(i) for i in conv)
            taken += len(conv)
    return [i for i in items if id(i) in chosen]


def _quotas(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Largest-remainder allocation of ``n`` over strata, at least 1 each."""
    total = sum(sizes.values())
    exact = {s: n * size / total for s, size in sizes.items()}
    quotas = {s: max(1, int(v)) for s, v in exact.items()}
    for s in sorted(exact, key=lambda s: exact[s] - int(exact[s]), reverse=True):
        if sum(quotas.values()) >= n:
            break
        quotas[s] += 1
    return quotas
