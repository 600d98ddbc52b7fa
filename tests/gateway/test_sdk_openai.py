"""The official OpenAI SDK through the gateway, against an OpenAI-compatible stand-in and Anthropic's shape."""

from __future__ import annotations

import json

import openai
import pytest


def _config(stub, provider="openai", **extra):
    base = stub.url + ("/v1" if provider == "openai" else "")
    return {"models": [{"name": "main", "provider": provider, "model": "up-model", "base_url": base,
                        "api_key": "sk-upstream-secret-123", **extra}]}


def test_chat_non_streaming_passes_through(gateway, openai_stub):
    gw = gateway(_config(openai_stub))
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="anything")
    raw = client.chat.completions.with_raw_response.create(
        model="main", messages=[{"role": "user", "content": "hi"}], temperature=0.3, seed=7, extra_body={"top_k": 5})
    completion = raw.parse()
    assert completion.choices[0].message.content == "Hello from openai-stub."
    assert completion.usage.prompt_tokens == 11
    sent = openai_stub.requests[-1]
    assert sent["model"] == "up-model"
    assert sent["temperature"] == 0.3 and sent["seed"] == 7 and sent["top_k"] == 5  # unknown fields pass through
    assert openai_stub.headers[-1]["authorization"] == "Bearer sk-upstream-secret-123"
    rid = raw.headers["x-parity-request-id"]
    [record] = gw.records()
    assert record["id"] == rid
    assert record["served_by"] == "main#0" and record["status"] == 200 and record["api"] == "openai.chat"
    assert record["prompt_tokens"] == 11 and record["completion_tokens"] == 5 and not record["tokens_estimated"]
    assert record["response"]["choices"][0]["message"]["content"] == "Hello from openai-stub."
    assert record["attempts"] == [{"entry": "main#0", "status": 200, "error": None,
                                   "latency_ms": record["attempts"][0]["latency_ms"]}]


def test_chat_streaming_is_captured_assembled(gateway, openai_stub):
    gw = gateway(_config(openai_stub))
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="anything")
    chunks = list(client.chat.completions.create(model="main", messages=[{"role": "user", "content": "hi"}],
                                                 stream=True))
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == "Hello from the stand-in."
    assert all(c.choices for c in chunks)  # the usage chunk the gateway asked for is not shown to this client
    assert openai_stub.requests[-1]["stream_options"] == {"include_usage": True}
    [record] = gw.records()
    assert record["stream"] is True and record["ttft_ms"] is not None and record["ttft_ms"] <= record["latency_ms"]
    assert record["response"]["choices"][0]["message"]["content"] == text
    assert record["prompt_tokens"] == 11 and record["completion_tokens"] == 5


def test_stream_usage_kept_when_client_asks(gateway, openai_stub):
    gw = gateway(_config(openai_stub))
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="anything")
    chunks = list(client.chat.completions.create(model="main", messages=[{"role": "user", "content": "hi"}],
                                                 stream=True, stream_options={"include_usage": True}))
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == 5


async def test_async_client_tools(gateway, openai_stub):
    gw = gateway(_config(openai_stub))
    client = openai.AsyncOpenAI(base_url=gw.url + "/v1", api_key="anything")
    tools = [{"type": "function", "function": {"name": "weather", "description": "Weather for a city",
                                               "parameters": {"type": "object",
                                                              "properties": {"city": {"type": "string"}}}}}]
    completion = await client.chat.completions.create(model="main", messages=[{"role": "user", "content": "w?"}],
                                                      tools=tools)
    call = completion.choices[0].message.tool_calls[0]
    assert call.function.name == "weather" and json.loads(call.function.arguments) == {"city": "Paris"}
    stream = await client.chat.completions.create(model="main", messages=[{"role": "user", "content": "w?"}],
                                                  tools=tools, stream=True)
    args = ""
    async for chunk in stream:
        for tc in chunk.choices[0].delta.tool_calls or []:
            args += tc.function.arguments or ""
    assert json.loads(args) == {"city": "Paris"}
    records = gw.records()
    assert records[0]["response"]["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] == args


@pytest.mark.parametrize("stream", [False, True])
def test_openai_client_reaches_anthropic_upstream(gateway, anthropic_stub, stream):
    gw = gateway(_config(anthropic_stub, provider="anthropic"))
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="anything")
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"}]
    if stream:
        chunks = list(client.chat.completions.create(model="main", messages=messages, stream=True,
                                                     stream_options={"include_usage": True}))
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        usage = chunks[-1].usage
        finish = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
        assert finish == ["stop"]
    else:
        completion = client.chat.completions.create(model="main", messages=messages)
        text, usage = completion.choices[0].message.content, completion.usage
        assert completion.choices[0].finish_reason == "stop"
    assert text in ("Hello from anthropic-stub.", "Hello from the stand-in.")
    assert usage.prompt_tokens == 12 and usage.completion_tokens == 4  # 9 input + 3 cache reads
    sent = anthropic_stub.requests[-1]
    assert sent["system"] == "Be brief." and sent["model"] == "up-model" and sent["max_tokens"] > 0
    assert anthropic_stub.headers[-1]["x-api-key"] == "sk-upstream-secret-123"
    [record] = gw.records()
    assert record["cached_tokens"] == 3


def test_openai_tools_through_anthropic_upstream(gateway, anthropic_stub):
    gw = gateway(_config(anthropic_stub, provider="anthropic"))
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="anything")
    tools = [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}]
    completion = client.chat.completions.create(model="main", messages=[{"role": "user", "content": "w?"}],
                                                tools=tools, tool_choice="required")
    assert completion.choices[0].finish_reason == "tool_calls"
    call = completion.choices[0].message.tool_calls[0]
    assert call.function.name == "weather" and json.loads(call.function.arguments) == {"city": "Paris"}
    sent = anthropic_stub.requests[-1]
    assert sent["tools"][0]["name"] == "weather" and sent["tool_choice"]["type"] == "any"


def test_embeddings(gateway, openai_stub):
    gw = gateway(_config(openai_stub))
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="anything")
    result = client.embeddings.create(model="main", input=["a", "b"])
    assert len(result.data) == 2 and result.data[1].embedding == [0.1, 0.2]
    [record] = gw.records()
    assert record["api"] == "openai.embeddings" and record["prompt_tokens"] == 5


def test_models_list(gateway, openai_stub):
    gw = gateway(_config(openai_stub))
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="anything")
    assert [m.id for m in client.models.list()] == ["main"]
