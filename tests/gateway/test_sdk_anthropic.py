"""The official Anthropic SDK through the gateway, against Anthropic's shape and an OpenAI-compatible upstream."""

from __future__ import annotations

import anthropic
import pytest


def _config(stub, provider):
    base = stub.url + ("/v1" if provider == "openai" else "")
    return {"models": [{"name": "claude", "provider": provider, "model": "up-model", "base_url": base,
                        "api_key": "sk-upstream-secret-123"}]}


@pytest.mark.parametrize("provider", ["anthropic", "openai"])
def test_messages_non_streaming(gateway, anthropic_stub, openai_stub, provider):
    stub = anthropic_stub if provider == "anthropic" else openai_stub
    gw = gateway(_config(stub, provider))
    client = anthropic.Anthropic(base_url=gw.url, api_key="anything")
    message = client.messages.create(model="claude", max_tokens=100, system="Be brief.",
                                     messages=[{"role": "user", "content": "hi"}], metadata={"user_id": "u-1"})
    assert message.content[0].type == "text"
    assert message.content[0].text == f"Hello from {stub.name}."
    assert message.stop_reason == "end_turn"
    sent = stub.requests[-1]
    if provider == "openai":
        assert sent["messages"][0] == {"role": "system", "content": "Be brief."}
        assert sent["max_tokens"] == 100 and sent["user"] == "u-1"
        assert message.usage.input_tokens == 11 and message.usage.output_tokens == 5
    else:
        assert sent["system"] == "Be brief." and stub.headers[-1]["anthropic-version"]
    [record] = gw.records()
    assert record["api"] == "anthropic.messages" and record["user"] == "u-1"
    assert record["response"]["content"][0]["text"] == f"Hello from {stub.name}."


@pytest.mark.parametrize("provider", ["anthropic", "openai"])
async def test_messages_streaming_async(gateway, anthropic_stub, openai_stub, provider):
    stub = anthropic_stub if provider == "anthropic" else openai_stub
    gw = gateway(_config(stub, provider))
    client = anthropic.AsyncAnthropic(base_url=gw.url, api_key="anything")
    async with client.messages.stream(model="claude", max_tokens=100,
                                      messages=[{"role": "user", "content": "hi"}]) as stream:
        text = "".join([t async for t in stream.text_stream])
        final = await stream.get_final_message()
    assert text == "Hello from the stand-in."
    assert final.stop_reason == "end_turn" and final.usage.output_tokens > 0
    [record] = gw.records()
    assert record["stream"] and record["response"]["content"][0]["text"] == text
    assert record["completion_tokens"] == final.usage.output_tokens


@pytest.mark.parametrize("provider", ["anthropic", "openai"])
def test_tool_use_streaming(gateway, anthropic_stub, openai_stub, provider):
    stub = anthropic_stub if provider == "anthropic" else openai_stub
    gw = gateway(_config(stub, provider))
    client = anthropic.Anthropic(base_url=gw.url, api_key="anything")
    tools = [{"name": "weather", "description": "Weather", "input_schema": {"type": "object",
                                                                           "properties": {"city": {"type": "string"}}}}]
    with client.messages.stream(model="claude", max_tokens=100, tools=tools,
                                messages=[{"role": "user", "content": "weather?"}]) as stream:
        final = stream.get_final_message()
    [block] = [b for b in final.content if b.type == "tool_use"]
    assert block.name == "weather" and block.input == {"city": "Paris"}
    assert final.stop_reason == "tool_use"
    if provider == "openai":
        assert stub.requests[-1]["tools"][0]["function"]["parameters"]["properties"] == {"city": {"type": "string"}}


def test_models_list_in_anthropic_shape(gateway, anthropic_stub):
    gw = gateway(_config(anthropic_stub, "anthropic"))
    client = anthropic.Anthropic(base_url=gw.url, api_key="anything")
    assert [m.id for m in client.models.list()] == ["claude"]


def test_count_tokens(gateway, anthropic_stub):
    gw = gateway(_config(anthropic_stub, "anthropic"))
    client = anthropic.Anthropic(base_url=gw.url, api_key="anything")
    count = client.messages.count_tokens(model="claude", messages=[{"role": "user", "content": "hello " * 40}])
    assert 30 < count.input_tokens < 120


def test_unsigned_thinking_from_an_open_model_is_not_sent_to_anthropic(gateway, anthropic_stub):
    gw = gateway(_config(anthropic_stub, "anthropic"))
    client = anthropic.Anthropic(base_url=gw.url, api_key="anything")
    history = [{"role": "user", "content": "hi"},
               {"role": "assistant", "content": [{"type": "thinking", "thinking": "from qwen", "signature": ""},
                                                 {"type": "text", "text": "Hello."}]},
               {"role": "user", "content": "and now?"}]
    client.messages.create(model="claude", max_tokens=50, messages=history)
    sent = anthropic_stub.requests[-1]["messages"][1]["content"]
    assert sent == [{"type": "text", "text": "Hello."}]
