"""Identifiers, tokens and checksums used across the app."""

from __future__ import annotations

import hashlib
import hmac
import os
import random
import secrets
from pathlib import Path

SIGNING_KEY = os.environ["WEBHOOK_SIGNING_KEY"].encode()


def new_api_token() -> str:
    return "ak_" + secrets.token_urlsafe(32)


def new_otp() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def sign_webhook(body: bytes) -> str:
    return hmac.new(SIGNING_KEY, body, hashlib.sha256).hexdigest()


def verify_webhook(body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign_webhook(body), signature)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def cache_key(url: str) -> str:
    # Not security relevant: a short, stable key for the HTTP cache.
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def shuffled_quiz(questions: list[str], seed: int | None = None) -> list[str]:
    """Randomise question order for practice quizzes (no security meaning)."""
    rng = random.Random(seed)
    out = list(questions)
    rng.shuffle(out)
    return out


def jitter(base_delay: float) -> float:
    return base_delay * (0.5 + random.random())
