"""Embedded fallback icons, so the desktop tray app works without its asset folder."""

from __future__ import annotations

import base64
import binascii
import hashlib
from pathlib import Path

# 16x16 RGBA PNG: blue/white checkerboard shown while the real icon loads.
PLACEHOLDER_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAKUlEQVR42mP4//8/AzKWm/D/PzImJM8wDAwgVQO6/HAwYDQdjKYDIAYA"
    "+QHUn/lOBB0AAAAASUVORK5CYII="
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def placeholder_bytes() -> bytes:
    data = base64.b64decode(PLACEHOLDER_PNG, validate=True)
    if not data.startswith(PNG_MAGIC):
        raise ValueError("embedded icon is not a PNG")
    return data


def write_placeholder(cache_dir: Path) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    out = cache_dir / "tray-placeholder.png"
    out.write_bytes(placeholder_bytes())
    return out


def data_uri() -> str:
    return "data:image/png;base64," + PLACEHOLDER_PNG


def is_valid_b64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except binascii.Error:
        return False
    return True


def icon_etag() -> str:
    return hashlib.sha256(placeholder_bytes()).hexdigest()[:16]
