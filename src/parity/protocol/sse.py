"""Server-sent events, as both APIs stream them: parsed from upstream bytes, written for clients."""

from __future__ import annotations

from dataclasses import dataclass

import orjson


@dataclass(slots=True)
class SseEvent:
    """One event: its ``event:`` name (Anthropic names every event; OpenAI none) and its ``data:`` payload."""

    event: str | None
    data: bytes


class SseParser:
    """Incremental parser: feed network chunks, get the events completed so far. Comments are dropped."""

    __slots__ = ("_buffer", "complete")

    def __init__(self) -> None:
        self._buffer = b""
        self.complete = b""  # the bytes of the events the last ``feed`` completed, as received

    def feed(self, chunk: bytes) -> list[SseEvent]:
        buffer = self._buffer + chunk
        if b"\r" in buffer:
            if buffer.endswith(b"\r"):  # a CRLF may be split across chunks
                self._buffer = buffer
                self.complete = b""
                return []
            buffer = buffer.replace(b"\r\n", b"\n")
        events: list[SseEvent] = []
        start = 0
        while True:
            end = buffer.find(b"\n\n", start)
            if end < 0:
                break
            event = _parse_block(buffer[start:end])
            if event is not None:
                events.append(event)
            start = end + 2
        self._buffer = buffer[start:]
        self.complete = buffer[:start]
        return events

    @property
    def pending(self) -> bool:
        """Bytes of an unfinished event are waiting for the rest."""
        return bool(self._buffer)

    def flush(self) -> list[SseEvent]:
        """An upstream that closes without the final blank line still delivered its last event."""
        rest, self._buffer = self._buffer.strip(), b""
        event = _parse_block(rest) if rest else None
        return [event] if event is not None else []


def _parse_block(block: bytes) -> SseEvent | None:
    if block.startswith(b"data: ") and b"\n" not in block:  # the common case: one data line, no event name
        return SseEvent(None, block[6:])
    name: str | None = None
    data: list[bytes] = []
    for line in block.split(b"\n"):
        if not line or line.startswith(b":"):
            continue
        field, _, value = line.partition(b":")
        if value.startswith(b" "):
            value = value[1:]
        if field == b"data":
            data.append(value)
        elif field == b"event":
            name = value.decode("utf-8", "replace")
    if not data and name is None:
        return None
    return SseEvent(name, b"\n".join(data))


def frame(data: object, event: str | None = None) -> bytes:
    """One SSE frame; Anthropic clients expect ``event:`` lines, OpenAI clients only ``data:``."""
    payload = data if isinstance(data, bytes) else orjson.dumps(data)
    if event is None:
        return b"data: " + payload + b"\n\n"
    return b"event: " + event.encode() + b"\ndata: " + payload + b"\n\n"


DONE = b"data: [DONE]\n\n"
