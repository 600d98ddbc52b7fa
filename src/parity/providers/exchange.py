"""What the gateway (or the bakeoff) hands a provider, and what comes back, in the caller's API shape."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from parity.protocol.usage import Usage

Api = Literal["openai", "anthropic"]


@dataclass(slots=True)
class ChatCall:
    """One chat request in the caller's shape. ``body`` has had gateway-only fields removed; ``model`` is public."""

    api: Api
    body: dict[str, Any]
    stream: bool
    include_usage: bool = False
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Reply:
    """A complete answer. ``raw`` holds the upstream's exact bytes when they can be sent unchanged."""

    body: dict[str, Any]
    usage: Usage
    raw: bytes | None = None
    status: int = 200


class ReplyStream:
    """An open stream whose first event has arrived, so a failure before the first byte could still fall back.

    Iterating yields SSE bytes in the caller's shape. ``message()`` assembles what went through into one answer and
    ``usage`` is known once the iteration ends (estimated when the upstream sent none).
    """

    def __init__(self, frames: AsyncIterator[bytes], *, message: Callable[[], dict[str, Any]],
                 usage: Callable[[], Usage], close: Callable[[], Awaitable[None]], first_at: float) -> None:
        self._frames = frames
        self._message = message
        self._usage = usage
        self._close = close
        self.first_at = first_at

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._frames

    def message(self) -> dict[str, Any]:
        return self._message()

    @property
    def usage(self) -> Usage:
        return self._usage()

    async def aclose(self) -> None:
        """Stop the upstream call (the client went away, or the stream failed)."""
        await self._close()
