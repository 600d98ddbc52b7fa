"""Undoing the encodings that hide a payload (base64, hex, escapes, zlib/gzip/bz2/lzma, rot13, char codes,
reversal, fragments), as data and within hard limits, so the obfuscation family can scan what would have run.

Everything here is hostile-input safe: every decode is capped in what it reads and writes, loops are bounded, and
errors mean "could not decode", never an exception. Nothing is executed, unmarshalled or unpickled."""

from __future__ import annotations

import base64
import binascii
import bz2
import codecs
import lzma
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes

MAX_OUT = 1_000_000
"""Bytes one decode step may produce: a zip bomb stops here."""
MAX_LAYERS = 6
MAX_ITEMS = 100_000

DECODERS = frozenset({"base64", "base32", "hex", "escape", "zlib", "gzip", "deflate", "bz2", "lzma",
                      "rot13", "chr", "reverse", "url", "marshal"})
"""Steps that mean the code hid something, as opposed to ``concat`` (pieces put together)."""

_B64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")
_WS = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{3})")
_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "lzma"), (b"\x5d\x00\x00", "lzma"))


def as_bytes(data: str | bytes) -> bytes:
    if isinstance(data, bytes):
        return data
    return data.encode("latin-1") if data.isascii() or max(data) <= "\xff" else data.encode("utf-8", "surrogatepass")


def as_str(data: str | bytes) -> str:
    return data if isinstance(data, str) else data.decode("latin-1")


def b64(data: str | bytes) -> bytes | None:
    s = _WS.sub("", as_str(data))
    if not s or not _B64.fullmatch(s):
        return None
    s = s.rstrip("=")[:MAX_OUT // 3 * 4]
    if len(s) % 4 == 1:
        return None
    if "-" in s or "_" in s:
        s = s.translate(str.maketrans("-_", "+/"))
    try:
        return base64.b64decode(s + "=" * (-len(s) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def unhex(data: str | bytes) -> bytes | None:
    s = _WS.sub("", as_str(data))
    s = s[2:] if s[:2] in ("0x", "0X") else s
    if not s or not _HEX.fullmatch(s):
        return None
    return bytes.fromhex(s[:MAX_OUT * 2])


def b32(data: str | bytes) -> bytes | None:
    try:
        return base64.b32decode(_WS.sub("", as_str(data))[:MAX_OUT * 8 // 5].encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None


def decompress(data: str | bytes, kind: str) -> bytes | None:
    """``kind`` zlib, gzip or deflate (each tries the other two framings too), bz2 or lzma; at most MAX_OUT."""
    raw = as_bytes(data)
    try:
        if kind == "bz2":
            return bz2.BZ2Decompressor().decompress(raw, max_length=MAX_OUT)
        if kind == "lzma":
            return lzma.LZMADecompressor().decompress(raw, max_length=MAX_OUT)
    except (OSError, EOFError, ValueError, lzma.LZMAError):
        return None
    for wbits in ((-15, 47) if kind == "deflate" else (47, -15)):
        try:
            out = zlib.decompressobj(wbits).decompress(raw, MAX_OUT)
        except (zlib.error, ValueError):
            continue
        if out:
            return out
    return None


BYTE_DECODERS: dict[str, Callable[[str | bytes], bytes | str | None]] = {
    "base64": b64, "hex": unhex, "base32": b32,
    "zlib": lambda d: decompress(d, "zlib"), "gzip": lambda d: decompress(d, "gzip"),
    "deflate": lambda d: decompress(d, "deflate"), "bz2": lambda d: decompress(d, "bz2"),
    "lzma": lambda d: decompress(d, "lzma"), "rot13": lambda d: codecs.encode(as_str(d), "rot13"),
    "url": lambda d: unquote_to_bytes(as_str(d)[:MAX_OUT * 3]), "reverse": lambda d: d[::-1]}

CODECS = {"base64": "base64", "b64": "base64", "hex": "hex", "rot13": "rot13", "zlib": "zlib", "zip": "zlib",
          "bz2": "bz2", "base32": "base32"}
"""Python codec names (``codecs.decode(x, "rot_13")``), spelt without ``_codec``, ``-`` or ``_``."""


def codec(name: str) -> str | None:
    return CODECS.get(name.lower().removesuffix("_codec").replace("_", "").replace("-", ""))


def texty(s: str) -> bool:
    """Mostly printable text (what code is), not the binary a base64 image or key decodes to."""
    if not s or "\x00" in s:
        return False
    sample = s[:4000]
    return len(_CONTROL.findall(sample)) * 100 <= len(sample)


def to_text(data: str | bytes | None) -> str | None:
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        return None
    return text if text is not None and texty(text) else None


def _magic(raw: bytes) -> str | None:
    if len(raw) > 2 and raw[0] == 0x78 and raw[1] in (0x01, 0x5E, 0x9C, 0xDA):
        return "zlib"
    return next((kind for sig, kind in _MAGIC if raw.startswith(sig)), None)


def peel(data: str | bytes, steps: tuple[str, ...] = (), min_len: int = 16) -> tuple[str, tuple[str, ...]] | None:
    """Take layers off until text that is not itself an encoding is left: (text, steps taken), or None when a
    layer is binary (an image, a key, random bytes) rather than more encoding or text."""
    for _ in range(MAX_LAYERS):
        if isinstance(data, bytes):
            kind = _magic(data)
            if kind:
                out = decompress(data, kind)
                if out is None:
                    return None
                data, steps = out, (*steps, kind)
                continue
            text = to_text(data)
            if text is None:
                return None
            data = text
        s = data.strip()
        if len(s) < min_len or " " in s[:200]:
            return s, steps
        nxt: tuple[bytes, str] | None = None
        for name, fn in (("hex", unhex), ("base64", b64)):
            out = fn(s)
            if out and (_magic(out) or to_text(out) is not None):
                nxt = (out, name)
                break
        if nxt is None:
            return (s, steps) if texty(s) else None
        data, steps = nxt[0], (*steps, nxt[1])
    return (data, steps) if isinstance(data, str) else None


def escape_heavy(raw: str, value: str) -> bool:
    """A literal written mostly as ``\\x41``/``\\u0041``/octal escapes: text dressed up to hide what it says."""
    n = len(_ESCAPE.findall(raw[:20_000]))
    return n >= 4 and n * 2 >= len(value)


@dataclass(frozen=True, slots=True)
class Val:
    """What an expression evaluates to, as far as the code shows: the data (None when it comes from outside
    the block), the decoding steps on the way, how many literal fragments were joined, and list items."""

    data: str | bytes | None = None
    steps: tuple[str, ...] = ()
    parts: int = 0
    seq: tuple[Any, ...] | None = None

    @property
    def decoders(self) -> tuple[str, ...]:
        return tuple(s for s in self.steps if s in DECODERS)

    @property
    def text(self) -> str | None:
        return to_text(self.data)

    def then(self, step: str, data: str | bytes | None) -> Val:
        return Val(data if self.data is not None else None, (*self.steps, step), self.parts)


UNKNOWN = Val()


def apply(val: Val, step: str) -> Val:
    """``val`` run through one decoder (``step`` in BYTE_DECODERS); unknown data stays unknown, step kept."""
    fn = BYTE_DECODERS.get(step)
    if val.seq is not None and step == "reverse":
        return Val(None, (*val.steps, step), val.parts, val.seq[::-1])
    if fn is None or val.data is None:
        return val.then(step, None)
    return val.then(step, fn(val.data))


def chars(items: tuple[Any, ...], op: str = "", k: int = 0) -> str | None:
    """``chr`` of each item (after ``c ^ k``, ``c + k`` or ``c - k``); None unless every item is a code point."""
    out = []
    for item in items[:MAX_ITEMS]:
        if not isinstance(item, int):
            return None
        c = item ^ k if op == "^" else item + k if op == "+" else item - k if op == "-" else item
        if not 0 <= c < 0x110000:
            return None
        out.append(chr(c))
    return "".join(out)


def to_int(text: str) -> int | None:
    """An integer or char literal's value (``105``, ``0x69``, ``0o151``, ``'i'``), or None."""
    t = text.strip().rstrip("lLuU").replace("_", "")
    if len(t) == 3 and t[0] == t[2] == "'":
        return ord(t[1])
    m = _NUMBER.fullmatch(t)
    return int(m.group(1) or "0", 0) if m else None


_NUMBER = re.compile(r"0*(0[xXoObB][0-9a-fA-F]{1,8}|[1-9]\d{0,9})?")
