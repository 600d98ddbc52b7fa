"""Gateway keys and per-key limits, through the official SDKs: 401/403/429 in the caller's shape, budgets that
survive a restart, and keys that never reach the store."""

from __future__ import annotations

import hashlib
import json
import time

import anthropic
import httpx
import openai
import pytest

from parity.protocol.usage import Usage
from parity.store.db import REDACTED, Redactor, write_batch
from parity.store.db import connect as store_connect
from parity.store.records import RequestRecord

APP_KEY = "sk-parity-app-key-0001"
OPS_KEY = "sk-parity-ops-key-0002"
UPSTREAM_KEY = "sk-upstream-secret-0003"
MSG = [{"role": "user", "content": "hi"}]
# 16 tokens a request from the stand-in (11 in, 5 out) at $0.1 a token: $1.60 a chat request, $0.50 an embedding.
DEAR = {"input_per_mtok": 100_000, "output_per_mtok": 100_000}


def entry(stub, name="main", **extra):
    return {"name": name, "provider": "openai", "model": "up-model", "base_url": stub.url + "/v1",
            "api_key": UPSTREAM_KEY, **extra}


def keyed(stub, *keys, models=None, **extra):
    return {"keys": list(keys) or [{"name": "app", "key": APP_KEY}], "models": models or [entry(stub)], **extra}


def oai(gw, key=APP_KEY):
    return openai.OpenAI(base_url=gw.url + "/v1", api_key=key, max_retries=0)


def anth(gw, key=APP_KEY):
    return anthropic.Anthropic(base_url=gw.url, api_key=key, max_retries=0)


def chat(gw, key=APP_KEY, model="main"):
    return oai(gw, key).chat.completions.create(model=model, messages=MSG)


def message(gw, key=APP_KEY, model="main"):
    return anth(gw, key).messages.create(model=model, max_tokens=32, messages=MSG)


# --- authentication -----------------------------------------------------------------------------------------------

def test_missing_key_is_401_in_openai_shape(gateway, openai_stub):
    gw = gateway(keyed(openai_stub))
    with pytest.raises(openai.AuthenticationError) as info:
        oai(gw).chat.completions.create(model="main", messages=MSG, extra_headers={"Authorization": openai.omit})
    assert info.value.status_code == 401
    body = info.value.body
    assert body["type"] == "invalid_request_error" and "missing API key" in body["message"]
    assert info.value.response.headers["x-parity-request-id"].startswith("req_")
    assert openai_stub.requests == []


def test_missing_key_is_401_in_anthropic_shape(gateway, openai_stub):
    gw = gateway(keyed(openai_stub))
    with pytest.raises(anthropic.AuthenticationError) as info:
        anth(gw).messages.create(model="main", max_tokens=32, messages=MSG,
                                 extra_headers={"x-api-key": anthropic.omit, "authorization": anthropic.omit})
    assert info.value.status_code == 401
    assert info.value.body == {"type": "error", "error": {"type": "authentication_error",
                                                          "message": info.value.body["error"]["message"]}}
    assert "missing API key" in info.value.body["error"]["message"]
    assert openai_stub.requests == []


def test_wrong_key_is_401_in_both_shapes(gateway, openai_stub):
    gw = gateway(keyed(openai_stub))
    with pytest.raises(openai.AuthenticationError) as info:
        chat(gw, key="sk-wrong-key-0000")
    assert info.value.body["message"] == "invalid API key"
    with pytest.raises(anthropic.AuthenticationError) as ainfo:
        message(gw, key=APP_KEY + "x")
    assert ainfo.value.body["error"]["type"] == "authentication_error"
    with pytest.raises(openai.AuthenticationError):
        oai(gw, key="sk-wrong-key-0000").embeddings.create(model="main", input="x")
    with pytest.raises(openai.AuthenticationError):
        oai(gw, key="sk-wrong-key-0000").models.list()
    with pytest.raises(anthropic.AuthenticationError):
        anth(gw, key="sk-wrong-key-0000").models.list()
    with pytest.raises(anthropic.AuthenticationError):
        anth(gw, key="sk-wrong-key-0000").messages.count_tokens(model="main", messages=MSG)
    assert openai_stub.requests == []
    records = gw.records()
    assert sorted(r["status"] for r in records) == [401, 401, 401]  # chat, messages and embeddings are recorded
    assert all(r["key_name"] is None for r in records)


def test_openai_error_codes_are_openais_own(gateway, openai_stub):
    gw = gateway(keyed(openai_stub, {"name": "app", "key": APP_KEY, "rpm": 1}))
    with pytest.raises(openai.AuthenticationError) as info:
        chat(gw, key="sk-wrong-key-0000")
    assert info.value.code == "invalid_api_key"
    chat(gw)
    with pytest.raises(openai.RateLimitError) as limited:
        chat(gw)
    assert limited.value.code == "rate_limit_exceeded"


def test_bearer_and_x_api_key_are_both_accepted(gateway, openai_stub):
    gw = gateway(keyed(openai_stub))
    assert chat(gw).choices[0].message.content == "Hello from openai-stub."  # Authorization: Bearer
    assert message(gw).content[0].text == "Hello from openai-stub."  # x-api-key
    with httpx.Client(base_url=gw.url) as http:
        by_x_api_key = http.post("/v1/chat/completions", json={"model": "main", "messages": MSG},
                                 headers={"x-api-key": APP_KEY})
        by_bearer = http.post("/v1/messages", json={"model": "main", "max_tokens": 8, "messages": MSG},
                              headers={"authorization": f"Bearer {APP_KEY}", "anthropic-version": "2023-06-01"})
    assert by_x_api_key.status_code == 200 and by_bearer.status_code == 200
    for headers in openai_stub.headers:  # the gateway key is never forwarded upstream
        assert APP_KEY not in json.dumps(headers)
        assert headers["authorization"] == f"Bearer {UPSTREAM_KEY}"
    records = gw.records()
    assert [r["key_name"] for r in records] == ["app"] * 4


def test_key_sha256(gateway, openai_stub):
    digest = hashlib.sha256(OPS_KEY.encode()).hexdigest()
    gw = gateway(keyed(openai_stub, {"name": "app", "key": APP_KEY}, {"name": "ops", "key_sha256": digest}))
    assert chat(gw, key=OPS_KEY).choices[0].message.content
    assert message(gw, key=OPS_KEY).content[0].text
    with pytest.raises(openai.AuthenticationError):
        chat(gw, key=digest)  # the digest itself is not a key
    assert [r["key_name"] for r in gw.records()] == [None, "ops", "ops"]


def test_metrics_auth(gateway, openai_stub):
    gw = gateway(keyed(openai_stub, server={"metrics_auth": True}))
    with httpx.Client(base_url=gw.url) as http:
        assert http.get("/metrics").status_code == 401
        assert http.get("/metrics", headers={"authorization": f"Bearer {APP_KEY}"}).status_code == 200
        assert http.get("/health").status_code == 200  # health needs no key


# --- limits -------------------------------------------------------------------------------------------------------

def test_rpm_limit_gives_429_with_retry_after_on_every_surface(gateway, openai_stub):
    gw = gateway(keyed(openai_stub, {"name": "app", "key": APP_KEY, "rpm": 2}, {"name": "ops", "key": OPS_KEY}))
    chat(gw)
    message(gw)
    with pytest.raises(openai.RateLimitError) as info:
        chat(gw)
    retry_after = int(info.value.response.headers["retry-after"])
    assert 1 <= retry_after <= 60
    assert "2 requests per minute" in info.value.message
    with pytest.raises(anthropic.RateLimitError) as ainfo:
        message(gw)
    assert ainfo.value.body["error"]["type"] == "rate_limit_error"
    assert 1 <= int(ainfo.value.response.headers["retry-after"]) <= 60
    with pytest.raises(openai.RateLimitError):
        oai(gw).embeddings.create(model="main", input="x")
    assert chat(gw, key=OPS_KEY).choices  # another key is not limited
    assert len(openai_stub.requests) == 3
    assert sorted(r["status"] for r in gw.records()) == [200, 200, 200, 429, 429, 429]


def test_tpm_limit_after_usage_accumulates(gateway, openai_stub):
    gw = gateway(keyed(openai_stub, {"name": "app", "key": APP_KEY, "tpm": 20}))
    chat(gw)  # 16 tokens: under 20
    chat(gw)  # 32 tokens counted after this one
    with pytest.raises(openai.RateLimitError) as info:
        chat(gw)
    assert "20 tokens per minute" in info.value.message
    assert 1 <= int(info.value.response.headers["retry-after"]) <= 60
    assert len(openai_stub.requests) == 2


def test_budget_on_chat_and_embeddings(gateway, openai_stub):
    gw = gateway(keyed(openai_stub, {"name": "chat", "key": APP_KEY, "budget_usd": 2.0},
                       {"name": "embed", "key": OPS_KEY, "budget_usd": 1.0},
                       models=[entry(openai_stub, price=DEAR)]))
    chat(gw)
    message(gw)  # $3.20 spent: over the $2 budget, which is checked before each request
    with pytest.raises(openai.RateLimitError) as info:
        chat(gw)
    assert "budget exceeded" in info.value.message
    assert int(info.value.response.headers["retry-after"]) >= 1
    with pytest.raises(anthropic.RateLimitError):
        message(gw)
    embeddings = oai(gw, key=OPS_KEY).embeddings
    embeddings.create(model="main", input="a")
    embeddings.create(model="main", input="b")  # $1.00 spent
    with pytest.raises(openai.RateLimitError) as einfo:
        embeddings.create(model="main", input="c")
    assert "budget exceeded" in einfo.value.message
    costs = sorted((r["key_name"], r["status"], r["cost_usd"]) for r in gw.records())
    assert costs == [("chat", 200, pytest.approx(1.6)), ("chat", 200, pytest.approx(1.6)), ("chat", 429, None),
                     ("chat", 429, None), ("embed", 200, pytest.approx(0.5)), ("embed", 200, pytest.approx(0.5)),
                     ("embed", 429, None)]


def test_budget_survives_a_restart(gateway, openai_stub, tmp_path):
    config = keyed(openai_stub, {"name": "app", "key": APP_KEY, "budget_usd": 2.0},
                   {"name": "ops", "key": OPS_KEY, "budget_usd": 2.0},
                   models=[entry(openai_stub, price=DEAR)], store=str(tmp_path / "shared.db"))
    first = gateway(config)
    chat(first)
    chat(first)
    chat(first, key=OPS_KEY)
    first.server.stop()  # the lifespan shutdown drains the capture queue into the store
    second = gateway(config)
    with pytest.raises(openai.RateLimitError) as info:
        chat(second)
    assert "$3.2000" in info.value.message
    assert chat(second, key=OPS_KEY).choices  # $1.60 of $2: still allowed once
    with pytest.raises(openai.RateLimitError):
        chat(second, key=OPS_KEY)


def test_budget_period_counts_only_its_window_after_a_restart(gateway, openai_stub, tmp_path):
    store = tmp_path / "shared.db"
    conn = store_connect(store)
    old = time.time() - 2 * 86400
    write_batch(conn, [RequestRecord(id=f"old-{name}", ts=old, api="openai.chat", model="main", status=200,
                                     stream=False, capture="metadata", usage=Usage(1, 1), cost_usd=50.0,
                                     key_name=name) for name in ("daily", "forever")], Redactor([]))
    conn.close()
    gw = gateway(keyed(openai_stub, {"name": "daily", "key": APP_KEY, "budget_usd": 10, "budget_period": "1d"},
                       {"name": "forever", "key": OPS_KEY, "budget_usd": 10}, store=str(store)))
    assert chat(gw).choices  # two days ago is outside the 1d window
    with pytest.raises(openai.RateLimitError):
        chat(gw, key=OPS_KEY)


def test_budget_survives_a_restart_when_capture_is_off(gateway, openai_stub, tmp_path):
    config = keyed(openai_stub, {"name": "app", "key": APP_KEY, "budget_usd": 2.0, "capture": "off"},
                   models=[entry(openai_stub, price=DEAR)], store=str(tmp_path / "shared.db"))
    first = gateway(config)
    chat(first)
    chat(first)
    with pytest.raises(openai.RateLimitError):
        chat(first)
    first.server.stop()
    second = gateway(config)
    with pytest.raises(openai.RateLimitError):
        chat(second)


# --- per-key model allow-lists ------------------------------------------------------------------------------------

def test_model_allow_list(gateway, openai_stub):
    gw = gateway(keyed(openai_stub, {"name": "app", "key": APP_KEY, "models": ["main"]},
                       {"name": "ops", "key": OPS_KEY},
                       models=[entry(openai_stub), entry(openai_stub, name="secret-model")]))
    with pytest.raises(openai.PermissionDeniedError) as info:
        chat(gw, model="secret-model")
    assert info.value.status_code == 403 and "may not use model 'secret-model'" in info.value.message
    with pytest.raises(anthropic.PermissionDeniedError) as ainfo:
        message(gw, model="secret-model")
    assert ainfo.value.body["error"]["type"] == "permission_error"
    with pytest.raises(openai.PermissionDeniedError):
        oai(gw).embeddings.create(model="secret-model", input="x")
    assert chat(gw).choices
    assert [m.id for m in oai(gw).models.list()] == ["main"]
    assert [m.id for m in anth(gw).models.list()] == ["main"]
    with pytest.raises(openai.NotFoundError):
        oai(gw).models.retrieve("secret-model")
    with pytest.raises(openai.NotFoundError) as missing:
        chat(gw, model="absent")
    assert "secret-model" not in missing.value.message and "main" in missing.value.message
    assert [m.id for m in oai(gw, key=OPS_KEY).models.list()] == ["main", "secret-model"]
    assert chat(gw, key=OPS_KEY, model="secret-model").choices
    assert len(openai_stub.requests) == 2


def test_embeddings_404_hides_models_the_key_may_not_use(gateway, openai_stub):
    gw = gateway(keyed(openai_stub, {"name": "app", "key": APP_KEY, "models": ["main"]},
                       models=[entry(openai_stub), entry(openai_stub, name="secret-model")]))
    with pytest.raises(openai.NotFoundError) as info:
        oai(gw).embeddings.create(model="absent", input="x")
    assert "secret-model" not in info.value.message


def test_key_capture_policy_metadata(gateway, openai_stub):
    gw = gateway(keyed(openai_stub, {"name": "app", "key": APP_KEY, "capture": "metadata"},
                       {"name": "ops", "key": OPS_KEY}))
    chat(gw)
    chat(gw, key=OPS_KEY)
    by_key = {r["key_name"]: r for r in gw.records()}
    assert by_key["app"]["request"] is None and by_key["app"]["response"] is None
    assert by_key["app"]["prompt_tokens"] == 11 and by_key["app"]["capture"] == "metadata"
    assert by_key["ops"]["request"]["messages"] == MSG


# --- secrets never reach the store --------------------------------------------------------------------------------

def test_keys_never_reach_the_store(gateway, openai_stub, second_stub, tmp_path):
    openai_stub.name = f"upstream rejected {UPSTREAM_KEY}"  # its error message echoes the upstream key
    openai_stub.behaviour = "500"
    store = tmp_path / "secret.db"
    gw = gateway(keyed(openai_stub, models=[entry(openai_stub, fallbacks=["backup"]), entry(second_stub, "backup")],
                       router={"retries": 0}, store=str(store)))
    pasted = f"my keys are {APP_KEY} and {UPSTREAM_KEY}"
    completion = oai(gw).chat.completions.create(model="main", messages=[{"role": "user", "content": pasted}],
                                                 extra_headers={"x-parity-tags": "team-a"})
    assert completion.choices[0].message.content == "Hello from second-stub."
    message(gw, model="backup")
    list(oai(gw).chat.completions.create(model="backup", messages=MSG, stream=True))
    oai(gw).embeddings.create(model="backup", input=[pasted])
    with pytest.raises(openai.AuthenticationError):
        chat(gw, key=APP_KEY[:-1])  # a near miss of the real key
    assert second_stub.headers[0]["authorization"] == f"Bearer {UPSTREAM_KEY}"  # the key really was in use
    records = gw.records()
    assert len(records) == 5
    dumped = json.dumps(records)
    assert APP_KEY not in dumped and UPSTREAM_KEY not in dumped and APP_KEY[:-1] not in dumped
    [first] = [r for r in records if r["served_by"] == "backup#0" and r["attempts"][0]["entry"] == "main#0"]
    assert first["request"]["messages"][0]["content"] == f"my keys are {REDACTED} and {REDACTED}"
    assert first["attempts"][0]["error"].endswith(f"returned 500: upstream rejected {REDACTED} is broken")
    files = [p for p in tmp_path.iterdir() if p.name.startswith("secret.db")]
    assert {p.name for p in files} >= {"secret.db", "secret.db-wal"}
    for path in files:
        raw = path.read_bytes()
        assert APP_KEY.encode() not in raw and UPSTREAM_KEY.encode() not in raw
        assert APP_KEY[:-1].encode() not in raw


def test_keys_in_tags_and_user_are_redacted(gateway, openai_stub):
    gw = gateway(keyed(openai_stub))
    oai(gw).chat.completions.create(model="main", messages=MSG, extra_body={"tags": [UPSTREAM_KEY]},
                                    extra_headers={"x-parity-tags": APP_KEY, "x-parity-user": APP_KEY})
    dumped = json.dumps(gw.records())
    assert APP_KEY not in dumped and UPSTREAM_KEY not in dumped


def test_upstream_key_is_not_relayed_to_the_client(gateway, openai_stub):
    openai_stub.name = f"upstream rejected {UPSTREAM_KEY}"
    openai_stub.behaviour = "500"
    gw = gateway(keyed(openai_stub, router={"retries": 0}))
    with pytest.raises(openai.InternalServerError) as info:
        chat(gw)
    assert UPSTREAM_KEY not in info.value.response.text

