"""The pass-through relay: bytes forwarded as received, however the upstream cuts its network chunks."""

from __future__ import annotations

import json

import pytest

from parity.errors import UpstreamError
from parity.providers.exchange import ChatCall
from parity.providers.relay import PassThroughRelay


def _event(data: object, name: str | None = None) -> bytes:
    payload = data if isinstance(data, str) else json.dumps(data)
    return (f"event: {name}\n" if name else "").encode() + f"data: {payload}\n\n".encode()


def _openai_stream(spaced: bool) -> list[bytes]:
    sep = (", ", ": ") if spaced else (",", ":")

    def chunk(delta: dict, finish: str | None = None) -> bytes:
        body = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return b"data: " + json.dumps(body, separators=sep).encode() + b"\n\n"

    return [chunk({"role": "assistant", "content": ""}), *(chunk({"content": f"w{i} "}) for i in range(5)),
            chunk({}, "stop"),
            _event({"id": "c1", "choices": [], "usage": {"prompt_tokens": 7, "completion_tokens": 5}}),
            _event("[DONE]")]


CALL = ChatCall("openai", {"model": "m", "messages": [{"role": "user", "content": "x"}]}, True, False)


@pytest.mark.parametrize("spaced", [False, True])
@pytest.mark.parametrize("step", [None, 1, 7, 23, 64, 10_000])
def test_openai_pass_through_any_chunking(spaced, step):
    events = _openai_stream(spaced)
    blob = b"".join(events)
    pieces = events if step is None else [blob[i:i + step] for i in range(0, len(blob), step)]
    relay = PassThroughRelay(CALL)
    out = b"".join(relay.feed(p) for p in pieces) + relay.close()
    # the usage chunk the gateway asked for on the client's behalf is held back, everything else is byte-identical
    assert out == b"".join(e for e in events if b'"usage"' not in e)
    assert out.count(b"[DONE]") == 1
    message = relay.message()["choices"][0]
    assert message["message"]["content"] == "w0 w1 w2 w3 w4 " and message["finish_reason"] == "stop"
    usage = relay.usage()
    assert (usage.prompt_tokens, usage.completion_tokens, usage.estimated) == (7, 5, False)


def test_usage_kept_when_client_asked():
    call = ChatCall("openai", CALL.body, True, include_usage=True)
    relay = PassThroughRelay(call)
    out = b"".join(relay.feed(e) for e in _openai_stream(False)) + relay.close()
    assert b'"usage"' in out


def test_truncated_stream_is_an_error_but_keeps_the_partial_answer():
    relay = PassThroughRelay(CALL)
    for event in _openai_stream(False)[:3]:
        relay.feed(event)
    with pytest.raises(UpstreamError):
        relay.close()
    assert relay.message()["choices"][0]["message"]["content"] == "w0 w1 "
    assert relay.usage().estimated


def test_no_usage_from_upstream_is_estimated():
    relay = PassThroughRelay(CALL)
    for event in _openai_stream(False):
        if b'"usage"' not in event:
            relay.feed(event)
    relay.close()
    usage = relay.usage()
    assert usage.estimated and usage.completion_tokens and usage.prompt_tokens


def test_anthropic_pass_through_usage_and_end():
    call = ChatCall("anthropic", {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "x"}]},
                    True)
    events = [
        _event({"type": "message_start", "message": {"id": "m1", "type": "message", "role": "assistant", "model": "m",
                                                      "content": [], "usage": {"input_tokens": 9, "output_tokens": 1}}},
               "message_start"),
        _event({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
               "content_block_start"),
        _event({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "hi"}},
               "content_block_delta"),
        _event({"type": "content_block_stop", "index": 0}, "content_block_stop"),
        _event({"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 3}},
               "message_delta"),
        _event({"type": "message_stop"}, "message_stop"),
    ]
    relay = PassThroughRelay(call)
    blob = b"".join(events)
    out = b"".join(relay.feed(blob[i:i + 11]) for i in range(0, len(blob), 11)) + relay.close()
    assert out == blob
    assert relay.message()["content"] == [{"type": "text", "text": "hi"}]
    usage = relay.usage()
    assert (usage.prompt_tokens, usage.completion_tokens) == (9, 3)
