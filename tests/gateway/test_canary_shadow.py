"""Canary split and stickiness; shadow capture that never delays the client."""

from __future__ import annotations

import time

import openai

MSG = [{"role": "user", "content": "hi"}]


def _entry(name, stub, **extra):
    return {"name": name, "provider": "openai", "base_url": stub.url + "/v1", **extra}


def test_canary_split_is_near_percent_and_sticky_per_user(gateway, openai_stub, second_stub):
    gw = gateway({"models": [_entry("prod", openai_stub, canary={"model": "cand", "percent": 20}),
                             _entry("cand", second_stub)]})
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="x", max_retries=0)
    served: dict[str, set[str]] = {}
    for user in range(200):
        for _ in range(2):
            raw = client.chat.completions.with_raw_response.create(model="prod", messages=MSG, user=f"user-{user}")
            served.setdefault(f"user-{user}", set()).add(raw.headers["x-parity-served-by"])
    assert all(len(s) == 1 for s in served.values())  # sticky: a user never flips between the two
    canary_users = sum(1 for s in served.values() if s == {"cand#0"})
    assert 20 <= canary_users <= 64  # 20% of 200 = 40; binomial 99.9% band is roughly 23..59
    records = gw.records(limit=1000)
    assert {r["route"] for r in records if r["served_by"] == "cand#0"} == {"canary"}
    assert all(r["model"] == "prod" for r in records)


def test_canary_falls_back_to_primary_group(gateway, openai_stub, second_stub):
    second_stub.behaviour = "500"
    gw = gateway({"models": [_entry("prod", openai_stub, canary={"model": "cand", "percent": 100}),
                             _entry("cand", second_stub)], "router": {"retries": 0}})
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="x", max_retries=0)
    raw = client.chat.completions.with_raw_response.create(model="prod", messages=MSG)
    assert raw.headers["x-parity-served-by"] == "prod#0"


def test_shadow_is_captured_without_delaying_client(gateway, openai_stub, second_stub):
    second_stub.behaviour, second_stub.delay = "slow", 1.0
    gw = gateway({"models": [_entry("prod", openai_stub, shadow={"model": "cand", "percent": 100}),
                             _entry("cand", second_stub)]})
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="x", max_retries=0)
    started = time.perf_counter()
    raw = client.chat.completions.with_raw_response.create(model="prod", messages=MSG)
    elapsed = time.perf_counter() - started
    assert raw.parse().choices[0].message.content == "Hello from openai-stub."
    assert elapsed < 0.8  # the shadow takes 1 s; the client did not wait for it
    chunks = list(client.chat.completions.create(model="prod", messages=MSG, stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "Hello from the stand-in."
    records = gw.records()
    assert len(records) == 2
    for record in records:
        [shadow] = record["shadow"]
        assert shadow["model"] == "cand" and shadow["served_by"] == "cand#0" and shadow["status"] == 200
        assert shadow["latency_ms"] >= 1000
        message = shadow["response"]["choices"][0]["message"]
        assert message["content"] in ("Hello from second-stub.", "Hello from the stand-in.")
    assert records[0]["shadow"][0]["ttft_ms"] is not None  # the streamed request was shadowed as a stream
    assert second_stub.requests[0]["model"] == "cand" and openai_stub.requests[0]["model"] == "prod"


def test_shadow_failure_is_recorded_not_seen(gateway, openai_stub, second_stub):
    second_stub.behaviour = "500"
    gw = gateway({"models": [_entry("prod", openai_stub, shadow={"model": "cand", "percent": 100}),
                             _entry("cand", second_stub)], "router": {"retries": 0}})
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="x", max_retries=0)
    assert client.chat.completions.create(model="prod", messages=MSG).choices[0].message.content
    [record] = gw.records()
    assert record["status"] == 200 and record["shadow"][0]["status"] == 502


def test_weights_balance_a_group(gateway, openai_stub, second_stub):
    gw = gateway({"models": [_entry("g", openai_stub, weight=3), _entry("g", second_stub, weight=1)]})
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="x", max_retries=0)
    for _ in range(200):
        client.chat.completions.create(model="g", messages=MSG)
    share = len(openai_stub.requests) / 200
    assert 0.62 <= share <= 0.87  # 75% expected
