"""Separating reasoning from the answer when a server sends both in ``content`` (a model served raw).

One state machine serves streams and whole texts, so a streamed answer splits exactly like the same answer
non-streamed. It holds back only what could still become a tag (a chunk may end in ``</thi``) plus trailing
whitespace, which is dropped when a tag follows (``...\\n</think>\\n\\nAnswer`` gives clean pieces).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from parity.providers.profiles import Profile

PieceKind = Literal["reasoning", "content"]
Piece = tuple[PieceKind, str]

THINK_OPEN = "<think>"
THINK_CLOSE = "</think>"
_HARMONY_HEADER_START = ("<|start|>", "<|channel|>")
_HARMONY_END = ("<|end|>", "<|return|>", "<|call|>")
_HARMONY_MARKERS = (*_HARMONY_HEADER_START, "<|message|>", "<|constrain|>", *_HARMONY_END)

_State = Literal["reasoning", "content", "header", "between"]


class ReasoningSplitter:
    """Streaming split: ``feed`` each content delta, then ``flush`` once; both give ``(kind, text)`` pieces."""

    def __init__(self, profile: Profile | None, *, starts_in_reasoning: bool | None = None) -> None:
        self._mode = profile.reasoning if profile is not None else None
        if starts_in_reasoning is None:
            starts_in_reasoning = profile is not None and profile.think_open_in_prompt
        self._markers: tuple[str, ...] = ()
        if self._mode == "think_tags":
            self._markers = (THINK_OPEN, THINK_CLOSE)
        elif self._mode == "harmony":
            self._markers = _HARMONY_MARKERS
        self._state: _State = "reasoning" if starts_in_reasoning and self._mode == "think_tags" else "content"
        self._strip = self._state == "reasoning"  # strip leading whitespace of the next segment
        self._buffer = ""
        self._pending_ws = ""
        self._header = ""

    def feed(self, text: str) -> list[Piece]:
        if not self._markers:
            return [("content", text)] if text else []
        self._buffer += text
        return self._drain(final=False)

    def flush(self) -> list[Piece]:
        if not self._markers:
            return []
        out = self._drain(final=True)
        if self._pending_ws and self._state == "content":
            _append(out, "content", self._pending_ws)
        self._pending_ws = ""
        return out

    def _drain(self, *, final: bool) -> list[Piece]:
        out: list[Piece] = []
        while True:
            index, marker = self._find_marker()
            if marker is None:
                keep = 0 if final else self._partial_marker_length()
                self._emit(out, self._buffer[: len(self._buffer) - keep])
                self._buffer = self._buffer[len(self._buffer) - keep:]
                return out
            self._emit(out, self._buffer[:index])
            self._buffer = self._buffer[index + len(marker):]
            self._on_marker(marker)

    def _find_marker(self) -> tuple[int, str | None]:
        best, found = -1, None
        for marker in self._markers:
            index = self._buffer.find(marker)
            if index >= 0 and (best < 0 or index < best):
                best, found = index, marker
        return best, found

    def _partial_marker_length(self) -> int:
        """Length of the longest buffer suffix that is a proper prefix of some marker."""
        longest = 0
        for marker in self._markers:
            for size in range(min(len(marker) - 1, len(self._buffer)), longest, -1):
                if self._buffer.endswith(marker[:size]):
                    longest = size
                    break
        return longest

    def _emit(self, out: list[Piece], text: str) -> None:
        if not text or self._state == "between":
            return
        if self._state == "header":
            self._header += text
            return
        text = self._pending_ws + text
        if self._strip:
            text = text.lstrip()
        body = text.rstrip()
        self._pending_ws = text[len(body):]
        if body:
            self._strip = False
            _append(out, self._state, body)

    def _on_marker(self, marker: str) -> None:
        self._pending_ws = ""
        if self._mode == "think_tags":
            # A stray tag (an opener while reasoning, a closer while answering) is dropped.
            self._state = "reasoning" if marker == THINK_OPEN else "content"
            self._strip = True
        elif marker in _HARMONY_HEADER_START:
            self._state, self._header = "header", ""
        elif marker == "<|constrain|>":
            self._header += " "
        elif marker == "<|message|>":
            words = self._header.split()
            # Only the analysis channel is reasoning; final and commentary (preambles, tool calls) are shown.
            self._state = "reasoning" if words and words[0] == "analysis" else "content"
            self._strip = True
        else:
            self._state = "between"


def _append(out: list[Piece], kind: PieceKind | _State, text: str) -> None:
    piece_kind: PieceKind = "reasoning" if kind == "reasoning" else "content"
    if out and out[-1][0] == piece_kind:
        out[-1] = (piece_kind, out[-1][1] + text)
    else:
        out.append((piece_kind, text))


def split_reasoning(text: str, profile: Profile | None) -> tuple[str | None, str]:
    """``(reasoning, answer)`` from a whole content string; reasoning is ``None`` when there is none.

    Unlike a stream, a whole text can be looked at ahead: a ``</think>`` with no ``<think>`` before it means the
    template opened the tag in the prompt, even for a profile that does not say so.
    """
    if profile is None or profile.reasoning not in ("think_tags", "harmony"):
        return None, text
    starts_in_reasoning = None
    close = text.find(THINK_CLOSE)
    if profile.reasoning == "think_tags" and close >= 0 and THINK_OPEN not in text[:close]:
        starts_in_reasoning = True
    splitter = ReasoningSplitter(profile, starts_in_reasoning=starts_in_reasoning)
    pieces = splitter.feed(text) + splitter.flush()
    reasoning = "".join(t for kind, t in pieces if kind == "reasoning")
    answer = "".join(t for kind, t in pieces if kind == "content")
    return reasoning or None, answer
