"""Relaying a stream from the upstream's shape to the caller's, capturing the answer on the side.

Pass-through (same shape both sides) forwards the upstream's bytes as they come, cut at event boundaries, and keeps
the raw events; the answer is assembled once, when the record is written, so each chunk costs a byte search, not a
JSON parse. Only events that change what happens are parsed on the way: the end of the answer, usage, errors, and
the usage chunk the gateway asked for on its own behalf (held back from a client that did not ask for it).
Translation parses and rewrites every event, since the caller needs other events altogether.
"""

from __future__ import annotations

from typing import Any

import orjson

from parity.errors import UpstreamError
from parity.protocol import usage as usage_mod
from parity.protocol.assemble import AnthropicStreamAssembler, OpenAIStreamAssembler
from parity.protocol.sse import DONE, SseEvent, SseParser, frame
from parity.protocol.usage import Usage
from parity.providers.adapt import complete_usage, usage_of
from parity.providers.exchange import Api, ChatCall
from parity.providers.profiles import Profile
from parity.providers.translate import anthropic_to_openai, openai_to_anthropic

_ANTHROPIC_PARSED = frozenset({"message_start", "message_delta", "error"})


class Relay:
    """The common surface: ``feed`` bytes in, bytes out; ``close`` at the end; then ``message`` and ``usage``."""

    def __init__(self, call: ChatCall) -> None:
        self.call = call
        self.parser = SseParser()
        self.finished = False  # the upstream said its answer is complete
        self.done = False  # the terminating event has been relayed
        self.upstream_error: str | None = None

    def feed(self, chunk: bytes) -> bytes:
        raise NotImplementedError

    def close(self) -> bytes:
        """At the end of the upstream's bytes: closing frames, or UpstreamError if the answer was cut short."""
        out = self._events(self.parser.flush())
        if not self.finished:
            raise UpstreamError("the upstream ended the stream before the answer was complete",
                                kind="protocol", status=502, retryable=False)
        if self.done:
            return out
        self.done = True
        return out + self._closing()

    def _events(self, events: list[SseEvent]) -> bytes:
        raise NotImplementedError

    def _closing(self) -> bytes:
        return DONE if self.call.api == "openai" else b""

    def message(self) -> dict[str, Any]:
        raise NotImplementedError

    def usage(self) -> Usage:
        message = self.message()
        return complete_usage(usage_of(self.call.api, message), self.call.body, message, self.call.api)


class PassThroughRelay(Relay):
    def __init__(self, call: ChatCall) -> None:
        super().__init__(call)
        self._openai = call.api == "openai"
        self._drop_usage = self._openai and not call.include_usage
        self._kept: list[SseEvent | bytes] = []  # events, or whole raw chunks that needed no look
        self._usage: dict[str, Any] = {}
        self._assembled: dict[str, Any] | None = None

    def feed(self, chunk: bytes) -> bytes:
        if (self._openai and chunk.endswith(b"\n\n") and not self.parser.pending and b"\r" not in chunk
                and not _interesting(chunk)):
            self._kept.append(chunk)  # whole events, none of which matters now: forward as they are
            return chunk
        events = self.parser.feed(chunk)
        if not events:
            return b""
        if all([self._note(e) for e in events]):  # a list: every event must be noted, not only up to a hold-back
            return self.parser.complete
        return b"".join(frame(e.data, e.event) for e in events if e.event != "_dropped")

    def _events(self, events: list[SseEvent]) -> bytes:
        return b"".join(frame(e.data, e.event) for e in events if self._note(e))

    def _note(self, event: SseEvent) -> bool:
        """Keep the event for assembly; parse it only if it may matter now. False: hold it back."""
        data = event.data
        if self._openai:
            if data == b"[DONE]":
                self.finished = self.done = True
                return True
            self._kept.append(event)
            if not _interesting(data):
                return True
            parsed = _loads(data)
            if parsed.get("error") and not parsed.get("choices"):
                self.upstream_error = _error_message(parsed)
            if any(isinstance(c, dict) and c.get("finish_reason") for c in parsed.get("choices") or ()):
                self.finished = True
            if isinstance(parsed.get("usage"), dict):
                self._usage = parsed["usage"]
                if self._drop_usage and not parsed.get("choices"):
                    event.event = "_dropped"  # recorded for assembly, not sent
                    return False
            return True
        self._kept.append(event)
        name = event.event
        if name == "message_stop":
            self.finished = self.done = True
        elif name in _ANTHROPIC_PARSED:
            parsed = _loads(data)
            if name == "error":
                self.upstream_error = _error_message(parsed)
            elif name == "message_start":
                self._usage.update((parsed.get("message") or {}).get("usage") or {})
            else:
                self._usage.update(parsed.get("usage") or {})
                if (parsed.get("delta") or {}).get("stop_reason"):
                    self.finished = True
        return True

    def message(self) -> dict[str, Any]:
        if self._assembled is None:
            if self._openai:
                openai = OpenAIStreamAssembler()
                parser = SseParser()
                for kept in self._kept:
                    for event in parser.feed(kept) if isinstance(kept, bytes) else [kept]:
                        parsed = _loads(event.data)
                        if parsed:
                            openai.feed(parsed)
                self._assembled = openai.result()
            else:
                anthropic = AnthropicStreamAssembler()
                for kept in self._kept:
                    assert isinstance(kept, SseEvent)
                    parsed = _loads(kept.data)
                    anthropic.feed(kept.event or str(parsed.get("type")), parsed)
                self._assembled = anthropic.result()
        return self._assembled

    def usage(self) -> Usage:
        usage = usage_mod.from_openai(self._usage) if self._openai else usage_mod.from_anthropic(self._usage)
        if usage.prompt_tokens is not None and usage.completion_tokens is not None:
            return usage
        return super().usage()  # no usage came: assemble now and estimate


class TranslatingRelay(Relay):
    def __init__(self, call: ChatCall, profile: Profile) -> None:
        super().__init__(call)
        model = str(call.body.get("model"))
        self._to_anthropic = (anthropic_to_openai.StreamTranslator(model, profile=profile)
                              if call.api == "anthropic" else None)
        self._to_openai = openai_to_anthropic.StreamTranslator(model, call.include_usage) \
            if call.api == "openai" else None
        self._openai = OpenAIStreamAssembler()
        self._anthropic = AnthropicStreamAssembler()

    def feed(self, chunk: bytes) -> bytes:
        return self._events(self.parser.feed(chunk))

    def _events(self, events: list[SseEvent]) -> bytes:
        if self._to_anthropic is not None:
            return b"".join(self._openai_to_anthropic(e) for e in events)
        return b"".join(self._anthropic_to_openai(e) for e in events)

    def _closing(self) -> bytes:
        if self._to_anthropic is None:
            return DONE
        return self._emit_anthropic(self._to_anthropic.finish())  # finished without [DONE]: close it ourselves

    def _emit_anthropic(self, produced: list[tuple[str, dict[str, Any]]]) -> bytes:
        out = []
        for name, payload in produced:
            self._anthropic.feed(name, payload)
            out.append(frame(payload, name))
        return b"".join(out)

    def _openai_to_anthropic(self, event: SseEvent) -> bytes:
        assert self._to_anthropic is not None
        if event.data == b"[DONE]":
            if self.done:
                return b""
            self.finished = self.done = True
            return self._emit_anthropic(self._to_anthropic.finish())
        data = _loads(event.data)
        if data.get("error") and not data.get("choices"):
            self.upstream_error = _error_message(data) or "upstream stream error"
            raise UpstreamError(self.upstream_error, kind="protocol", status=502, retryable=False)
        if any(isinstance(c, dict) and c.get("finish_reason") for c in data.get("choices") or ()):
            self.finished = True
        return self._emit_anthropic(self._to_anthropic.feed(data))

    def _anthropic_to_openai(self, event: SseEvent) -> bytes:
        assert self._to_openai is not None
        data = _loads(event.data)
        kind = event.event or str(data.get("type"))
        chunks = self._to_openai.feed(kind, data)
        done = kind == "message_stop"
        if done:
            chunks = [*chunks, *self._to_openai.finish()]
            self.finished = self.done = True
        out = []
        for chunk in chunks:
            self._openai.feed(chunk)
            out.append(frame(chunk))
        if done:
            out.append(DONE)
        return b"".join(out)

    def message(self) -> dict[str, Any]:
        return self._anthropic.result() if self.call.api == "anthropic" else self._openai.result()


def relay_for(call: ChatCall, native: Api, profile: Profile) -> Relay:
    return PassThroughRelay(call) if call.api == native else TranslatingRelay(call, profile)


def _set(data: bytes, key: bytes) -> bool:
    """Whether ``key`` appears anywhere with a non-null value: a byte search that spares parsing most chunks.

    It only decides whether to parse, so a false positive costs a parse and nothing else.
    """
    at = data.find(key)
    while at >= 0:
        end = at + len(key)
        if not data[end:end + 12].lstrip(b" \t:").startswith(b"null"):
            return True
        at = data.find(key, end)
    return False


def _interesting(data: bytes) -> bool:
    """An OpenAI-shaped chunk that may end the answer, carry usage or an error, and so must be looked at."""
    return (b"[DONE]" in data or b'"error"' in data or _set(data, b'"usage"')
            or _set(data, b'"finish_reason"'))


def _loads(data: bytes) -> dict[str, Any]:
    try:
        parsed = orjson.loads(data)
    except orjson.JSONDecodeError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _error_message(data: dict[str, Any]) -> str | None:
    error = data.get("error")
    if isinstance(error, dict):
        return str(error.get("message") or error)
    return str(error) if error else None
