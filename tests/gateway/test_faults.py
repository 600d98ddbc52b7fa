"""Upstream faults and bad input: each gets a precise error in the caller's shape, and a complete record."""

from __future__ import annotations

import http.client
import json

import anthropic
import httpx
import openai
import pytest

from servers import free_port


def _entry(name, stub, **extra):
    return {"name": name, "provider": "openai", "base_url": stub.url + "/v1", "api_key": "sk-up-secret-1", **extra}


def _client(gw, **kw):
    return openai.OpenAI(base_url=gw.url + "/v1", api_key="anything", max_retries=0, **kw)


MSG = [{"role": "user", "content": "hi"}]


def test_fallback_on_500_then_answer(gateway, openai_stub, second_stub):
    openai_stub.behaviour = "500"
    gw = gateway({"models": [_entry("a", openai_stub, fallbacks=["b"]), _entry("b", second_stub)]})
    completion = _client(gw).chat.completions.create(model="a", messages=MSG)
    assert completion.choices[0].message.content == "Hello from second-stub."
    [record] = gw.records()
    assert [a["entry"] for a in record["attempts"]] == ["a#0", "b#0"]
    assert record["attempts"][0]["status"] == 500 and "broken" in record["attempts"][0]["error"]
    assert record["served_by"] == "b#0" and record["status"] == 200


def test_no_fallback_on_client_error(gateway, openai_stub, second_stub):
    openai_stub.behaviour = "400"
    gw = gateway({"models": [_entry("a", openai_stub, fallbacks=["b"]), _entry("b", second_stub)]})
    with pytest.raises(openai.BadRequestError) as info:
        _client(gw).chat.completions.create(model="a", messages=MSG)
    assert info.value.body["param"] == "temperature"  # the upstream's own error, relayed
    assert second_stub.requests == []
    [record] = gw.records()
    assert record["status"] == 400 and len(record["attempts"]) == 1


def test_all_rate_limited_gives_429_with_retry_after(gateway, openai_stub, second_stub):
    openai_stub.behaviour = second_stub.behaviour = "429"
    gw = gateway({"models": [_entry("a", openai_stub, fallbacks=["b"]), _entry("b", second_stub)],
                  "router": {"retries": 0}})
    with pytest.raises(openai.RateLimitError) as info:
        _client(gw).chat.completions.create(model="a", messages=MSG)
    assert info.value.response.headers["retry-after"] == "7"
    assert "rate limited" in info.value.message


def test_connect_error_falls_back_and_all_down_is_502(gateway, openai_stub):
    dead = f"http://127.0.0.1:{free_port()}/v1"
    gw = gateway({"models": [{"name": "a", "provider": "openai", "base_url": dead, "fallbacks": ["b"]},
                             _entry("b", openai_stub)], "router": {"retries": 0}})
    assert _client(gw).chat.completions.create(model="a", messages=MSG).choices[0].message.content
    openai_stub.behaviour = "500"
    with pytest.raises(openai.InternalServerError) as info:
        _client(gw).chat.completions.create(model="a", messages=MSG)
    assert info.value.status_code == 502 and "2 attempt(s) failed" in info.value.message


def test_timeout_is_504(gateway, openai_stub):
    openai_stub.behaviour, openai_stub.delay = "slow", 1.5
    gw = gateway({"models": [_entry("a", openai_stub, timeout=0.3)], "router": {"retries": 0}})
    with pytest.raises(openai.APIStatusError) as info:
        _client(gw).chat.completions.create(model="a", messages=MSG)
    assert info.value.status_code == 504 and info.value.body["type"] in ("timeout", "server_error")


def test_retry_pass_after_backoff(gateway, openai_stub):
    openai_stub.behaviour = "badjson"
    gw = gateway({"models": [_entry("a", openai_stub)], "router": {"retries": 2, "backoff": 0.01}})
    with pytest.raises(openai.InternalServerError):
        _client(gw).chat.completions.create(model="a", messages=MSG)
    assert len(openai_stub.requests) == 3
    [record] = gw.records()
    assert len(record["attempts"]) == 3 and all("invalid JSON" in a["error"] for a in record["attempts"])


def test_cooldown_skips_failing_deployment(gateway, openai_stub, second_stub):
    openai_stub.behaviour = "500"
    gw = gateway({"models": [_entry("a", openai_stub, weight=1000), _entry("a", second_stub, weight=0.001)],
                  "router": {"retries": 0, "cooldown_failures": 2, "cooldown": 60}})
    client = _client(gw)
    for _ in range(6):
        assert client.chat.completions.create(model="a", messages=MSG).choices[0].message.content
    # the heavy but broken deployment was tried until its cooldown began, then skipped
    assert len(openai_stub.requests) == 2
    assert gw.app.router.healthy() == {"a#0": False, "a#1": True}


def test_stream_fails_before_first_byte_falls_back(gateway, openai_stub, second_stub):
    openai_stub.behaviour = "500"
    gw = gateway({"models": [_entry("a", openai_stub, fallbacks=["b"]), _entry("b", second_stub)]})
    chunks = list(_client(gw).chat.completions.create(model="a", messages=MSG, stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "Hello from the stand-in."
    assert gw.records()[0]["served_by"] == "b#0"


def test_stream_cut_midway_ends_with_error_event(gateway, openai_stub):
    openai_stub.behaviour = "cut"
    gw = gateway({"models": [_entry("a", openai_stub)]})
    with httpx.stream("POST", gw.url + "/v1/chat/completions", json={"model": "a", "messages": MSG,
                                                                     "stream": True}) as response:
        assert response.status_code == 200
        events = [line[6:] for line in response.iter_lines() if line.startswith("data: ")]
    assert json.loads(events[-1])["error"]["message"]
    assert "Hello" in events[0]
    [record] = gw.records()
    assert record["error"].startswith("stream broke after the first byte")
    assert record["response"]["choices"][0]["message"]["content"] == "Hello from"  # the partial answer is kept


def test_anthropic_stream_cut_gives_anthropic_error_event(gateway, anthropic_stub):
    anthropic_stub.behaviour = "cut"
    gw = gateway({"models": [{"name": "c", "provider": "anthropic", "base_url": anthropic_stub.url}]})
    client = anthropic.Anthropic(base_url=gw.url, api_key="x", max_retries=0)
    with pytest.raises(anthropic.APIStatusError) as info, client.messages.stream(
            model="c", max_tokens=50, messages=MSG) as stream:
        for _ in stream:
            pass
    assert "error" in str(info.value.body)


def test_client_disconnect_cancels_upstream_and_records_partial(gateway, openai_stub):
    openai_stub.behaviour = "hang_stream"
    gw = gateway({"models": [_entry("a", openai_stub)]})
    with httpx.stream("POST", gw.url + "/v1/chat/completions",
                      json={"model": "a", "messages": MSG, "stream": True}) as response:
        for line in response.iter_lines():
            if line.startswith("data: "):
                break  # got the first chunk; leave
    assert openai_stub.cancelled.wait(10)
    [record] = gw.records()
    assert record["status"] == 499 and "disconnected" in record["error"]
    assert record["response"]["choices"][0]["message"]["content"] == "Hello"


@pytest.mark.parametrize(("body", "param"), [
    (b"{not json", None),
    (b"[1, 2]", None),
    (json.dumps({"messages": MSG}).encode(), "model"),
    (json.dumps({"model": "a", "messages": []}).encode(), "messages"),
    (json.dumps({"model": "a", "messages": [{"content": "x"}]}).encode(), "messages.0.role"),
    (json.dumps({"model": "a", "messages": MSG, "stream": "yes"}).encode(), "stream"),
])
def test_bad_openai_requests_are_400_naming_the_field(gateway, openai_stub, body, param):
    gw = gateway({"models": [_entry("a", openai_stub)]})
    response = httpx.post(gw.url + "/v1/chat/completions", content=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error" and error["param"] == param and error["message"]
    assert response.headers["x-parity-request-id"] == gw.records()[0]["id"]
    assert openai_stub.requests == []


def test_bad_anthropic_request_is_400_in_anthropic_shape(gateway, openai_stub):
    gw = gateway({"models": [_entry("a", openai_stub)]})
    client = anthropic.Anthropic(base_url=gw.url, api_key="x", max_retries=0)
    with pytest.raises(anthropic.BadRequestError) as info:
        client.messages.create(model="a", max_tokens=0, messages=MSG)
    assert info.value.body["error"]["type"] == "invalid_request_error"
    assert "max_tokens" in info.value.body["error"]["message"]


def test_unknown_model_is_404_listing_models(gateway, openai_stub):
    gw = gateway({"models": [_entry("a", openai_stub), _entry("b", openai_stub)]})
    with pytest.raises(openai.NotFoundError) as info:
        _client(gw).chat.completions.create(model="zzz", messages=MSG)
    assert "available: a, b" in info.value.message
    client = anthropic.Anthropic(base_url=gw.url, api_key="x", max_retries=0)
    with pytest.raises(anthropic.NotFoundError) as ainfo:
        client.messages.create(model="zzz", max_tokens=5, messages=MSG)
    assert ainfo.value.body["error"]["type"] == "not_found_error"


def test_oversized_body_is_413(gateway, openai_stub):
    gw = gateway({"models": [_entry("a", openai_stub)], "server": {"max_body_mb": 0.01}})
    big = {"model": "a", "messages": [{"role": "user", "content": "x" * 20000}]}
    response = httpx.post(gw.url + "/v1/chat/completions", json=big)
    assert response.status_code == 413 and "limit" in response.json()["error"]["message"]
    conn = http.client.HTTPConnection("127.0.0.1", gw.server.port)  # chunked: no content-length to trust
    conn.putrequest("POST", "/v1/chat/completions")
    conn.putheader("transfer-encoding", "chunked")
    conn.endheaders()
    payload = json.dumps(big).encode()
    conn.send(b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload))
    assert conn.getresponse().status == 413


def test_translation_error_names_field(gateway, anthropic_stub):
    gw = gateway({"models": [{"name": "c", "provider": "anthropic", "base_url": anthropic_stub.url}]})
    with pytest.raises(openai.BadRequestError) as info:
        _client(gw).chat.completions.create(model="c", messages=MSG, n=2)
    assert info.value.body["param"] == "n"
    assert anthropic_stub.requests == []
