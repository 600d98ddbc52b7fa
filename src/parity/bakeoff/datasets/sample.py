"""Preparing captured traffic for a bakeoff: conversations, duplicates, and a stratified sample.

Captured traffic holds one record per request; a multi-turn conversation is several records whose messages
start the same way. Items of one conversation are kept together (sampled whole, and clustered in the
statistics, since turns of one conversation are not independent evidence).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from parity.bakeoff.items import Item, message_text

Strata = Callable[[Item], str]
STRATA: dict[str, Strata] = {
    "none": lambda item: "",
    "model": lambda item: str(item.meta.get("model") or ""),
    "route": lambda item: f"{item.meta.get('api') or ''} {item.meta.get('model') or ''} "
                          f"{item.meta.get('route') or ''}".strip(),
    "tag": lambda item: ",".join(sorted(item.tags)),
    "key": lambda item: str(item.meta.get("key") or ""),
}


def assign_conversations(items: Sequence[Item]) -> None:
    """Link each request to the earlier one it continues, where the source did not say: a request continues another
    when that one's messages, then the answer it got, open its own messages. Sessions that merely start alike ("Hi")
    stay apart, because each got its own answer; without captured answers the latest alike request is taken."""
    parents: dict[bytes, Item] = {}
    for item in items:  # oldest first, as every source yields them
        if item.conversation is None:
            for end in range(len(item.messages) - 1, 0, -1):
                turn = item.messages[end]
                if turn.get("role") != "assistant":
                    continue
                prefix = item.messages[:end]
                parent = parents.get(_digest(item, prefix, message_text(turn))) or parents.get(
                    _digest(item, prefix, None))
                if parent is not None:
                    if parent.conversation is None:
                        parent.conversation = f"conv:{parent.id}"
                    item.conversation = parent.conversation
                    break
        parents[_digest(item, item.messages, None)] = item
        for answer in item.captured.values():
            parents[_digest(item, item.messages, answer.text)] = item


def _digest(item: Item, messages: list[dict[str, Any]], answer: str | None) -> bytes:
    who = item.meta.get("user") or item.meta.get("key") or ""
    data = orjson.dumps([who, messages, answer], option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(data, digest_size=16).digest()


def dedupe(items: Sequence[Item]) -> tuple[list[Item], int]:
    """Keep the first of identical requests (same messages and parameters); returns the items and how many went.
    The first, because a conversation's later turns continue it."""
    first: dict[str, Item] = {}
    for item in items:
        first.setdefault(item.request_key(""), item)
    kept = list(first.values())
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
    """Largest-remainder allocation of ``n`` over strata, at least 1 each while there are no more strata than ``n``
    (beyond that, the sample size wins and the smallest strata may get none)."""
    total = sum(sizes.values())
    exact = {s: n * size / total for s, size in sizes.items()}
    floor = 1 if len(sizes) <= n else 0
    quotas = {s: max(floor, int(v)) for s, v in exact.items()}
    for s in sorted(exact, key=lambda s: exact[s] - int(exact[s]), reverse=True):
        if sum(quotas.values()) >= n:
            break
        quotas[s] += 1
    return quotas
