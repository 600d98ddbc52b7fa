"""Bridges the caller's API shape and a provider's native one: pass-through when they match, translation if not.

Pass-through keeps the upstream's bytes: each network chunk is split into whole SSE events, which are forwarded as
received and, on the side, parsed once to assemble the answer for capture. Only an event the client did not ask for
(the usage chunk the gateway requested on its own behalf) is held back.
"""

from __future__ import annotations

from typing import Any

import orjson

from parity.errors import UpstreamError
from parity.protocol import usage as usage_mod
from parity.protocol.assemble import AnthropicStreamAssembler, OpenAIStreamAssembler
from parity.protocol.sse import DONE, SseEvent, SseParser, frame
from parity.protocol.usage import Usage
from parity.providers.exchange import Api, ChatCall, Reply
from parity.providers.profiles import Profile
from parity.providers.translate import anthropic_to_openai, openai_to_anthropic


def native_body(call: ChatCall, native: Api, upstream_model: str, max_tokens_default: int) -> dict[str, Any]:
    """The body to send upstream, in the provider's own shape."""
    if call.api == native:
        body = dict(call.body)
        body["model"] = upstream_model
        if native == "openai" and call.stream:
            options = body.get("stream_options") or {}
            if not options.get("include_usage"):  # ask for usage so cost is measured, not guessed
                body["stream_options"] = {**options, "include_usage": True}
        return body
    if call.api == "anthropic":
        return anthropic_to_openai.request(call.body, upstream_model)
    return openai_to_anthropic.request(call.body, upstream_model, max_tokens_default)


def usage_of(api: Api, body: dict[str, Any]) -> Usage:
    if api == "openai":
        return usage_mod.from_openai(body.get("usage"))
    return usage_mod.from_anthropic(body.get("usage"))


def complete_usage(usage: Usage, request: dict[str, Any], answer: dict[str, Any], api: Api) -> Usage:
    """Fill in what the upstream did not report with an estimate, marked as one."""
    if usage.prompt_tokens is not None and usage.completion_tokens is not None:
        return usage
    prompt = usage.prompt_tokens
    if prompt is None:
        prompt = usage_mod.estimate_tokens(usage_mod.text_of([request.get("system"), request.get("messages"),
                                                              request.get("input"), request.get("tools")]))
    completion = usage.completion_tokens
    if completion is None:
        content = answer.get("content") if api == "anthropic" else [c.get("message") for c in answer.get("choices", [])]
        completion = usage_mod.estimate_tokens(usage_mod.text_of(content))
    return Usage(prompt, completion, usage.cached_tokens, usage.reasoning_tokens, estimated=True)


def reply(call: ChatCall, native: Api, body: dict[str, Any], raw: bytes, profile: Profile) -> Reply:
    """A non-streamed native answer as the caller expects it."""
    usage = usage_of(native, body)
    if call.api == native:
        return Reply(body, complete_usage(usage, call.body, body, call.api), raw=raw)
    model = str(call.body.get("model"))
    if call.api == "anthropic":
        translated = anthropic_to_openai.response(body, model, profile=profile)
    else:
        translated = openai_to_anthropic.response(body, model)
    return Reply(translated, complete_usage(usage, call.body, translated, call.api))


class StreamRelay:
    """Turns the upstream's byte stream into the caller's, assembling the answer on the side."""

    def __init__(self, call: ChatCall, native: Api, profile: Profile) -> None:
        self.call = call
        self.native = native
        self._parser = SseParser()
        self._openai = OpenAIStreamAssembler() if call.api == "openai" else None
        self._anthropic = AnthropicStreamAssembler() if call.api == "anthropic" else None
        self._drop_usage = native == call.api == "openai" and not call.include_usage
        self._to_anthropic = (anthropic_to_openai.StreamTranslator(str(call.body.get("model")), profile=profile)
                              if call.api == "anthropic" and native == "openai" else None)
        self._to_openai = (openai_to_anthropic.StreamTranslator(str(call.body.get("model")), call.include_usage)
                           if call.api == "openai" and native == "anthropic" else None)
        self.finished = False  # the upstream said its answer is complete
        self._done = False  # the terminating event has been relayed
        self.upstream_error: str | None = None

    def feed(self, chunk: bytes) -> bytes:
        return self._relay(self._parser.feed(chunk))

    def close(self) -> bytes:
        """At the end of the upstream's bytes: closing frames, or UpstreamError if the answer was cut short."""
        out = self._relay(self._parser.flush())
        if not self.finished:
            raise UpstreamError("the upstream ended the stream before the answer was complete",
                                kind="protocol", status=502, retryable=False)
        if self._done:
            return out
        self._done = True
        if self._to_anthropic is not None:  # finished without [DONE]: close the message ourselves
            assert self._anthropic is not None
            closing = self._to_anthropic.finish()
            for name, payload in closing:
                self._anthropic.feed(name, payload)
            return out + b"".join(frame(payload, name) for name, payload in closing)
        return out + DONE if self.call.api == "openai" else out

    def _relay(self, events: list[SseEvent]) -> bytes:
        if not events:
            return b""
        if self._to_anthropic is not None:
            return b"".join(self._openai_to_anthropic(e) for e in events)
        if self._to_openai is not None:
            return b"".join(self._anthropic_to_openai(e) for e in events)
        kept = [e for e in events if self._pass(e)]
        return b"".join(frame(e.data, e.event) for e in kept)

    def _pass(self, event: SseEvent) -> bool:
        """Assemble one pass-through event; False to hold it back from the client."""
        if event.data == b"[DONE]":
            self.finished = self._done = True
            return True
        try:
            data = orjson.loads(event.data)
        except orjson.JSONDecodeError:
            return True
        if not isinstance(data, dict):
            return True
        if self._openai is not None:
            if "error" in data and not data.get("choices"):
                self.upstream_error = _message(data)
                return True
            self._openai.feed(data)
            choices = data.get("choices")
            if any(isinstance(c, dict) and c.get("finish_reason") for c in choices or []):
                self.finished = True
            return not (self._drop_usage and not choices and data.get("usage"))
        kind = event.event or str(data.get("type"))
        assert self._anthropic is not None
        self._anthropic.feed(kind, data)
        if kind == "error":
            self.upstream_error = _message(data)
        elif kind == "message_stop":
            self.finished = self._done = True
        elif kind == "message_delta" and _stop_reason(data):
            self.finished = True
        return True

    def _openai_to_anthropic(self, event: SseEvent) -> bytes:
        assert self._to_anthropic is not None and self._anthropic is not None
        if event.data == b"[DONE]":
            if self._done:
                return b""
            self.finished = self._done = True
            produced = self._to_anthropic.finish()
        else:
            data = orjson.loads(event.data)
            if isinstance(data, dict) and "error" in data and not data.get("choices"):
                self.upstream_error = _message(data) or "upstream stream error"
                raise UpstreamError(self.upstream_error, kind="protocol", status=502, retryable=False)
            if any(isinstance(c, dict) and c.get("finish_reason") for c in data.get("choices") or []):
                self.finished = True
            produced = self._to_anthropic.feed(data)
        out = []
        for name, payload in produced:
            self._anthropic.feed(name, payload)
            out.append(frame(payload, name))
        return b"".join(out)

    def _anthropic_to_openai(self, event: SseEvent) -> bytes:
        assert self._to_openai is not None and self._openai is not None
        data = orjson.loads(event.data)
        kind = event.event or str(data.get("type"))
        chunks = self._to_openai.feed(kind, data)
        done = kind == "message_stop"
        if done:
            chunks = [*chunks, *self._to_openai.finish()]
            self.finished = self._done = True
        out = []
        for chunk in chunks:
            self._openai.feed(chunk)
            out.append(frame(chunk))
        if done:
            out.append(DONE)
        return b"".join(out)

    def message(self) -> dict[str, Any]:
        if self._openai is not None:
            return self._openai.result()
        assert self._anthropic is not None
        return self._anthropic.result()

    def usage(self) -> Usage:
        message = self.message()
        return complete_usage(usage_of(self.call.api, message), self.call.body, message, self.call.api)


def _message(data: dict[str, Any]) -> str | None:
    error = data.get("error")
    if isinstance(error, dict):
        return str(error.get("message") or error)
    return str(error) if error else None


def _stop_reason(data: dict[str, Any]) -> Any:
    delta = data.get("delta")
    return delta.get("stop_reason") if isinstance(delta, dict) else None
