"""An OpenAI Chat Completions client reaching an Anthropic upstream."""

from __future__ import annotations

import json
from typing import Any

import openai.types.chat
import pytest

from parity.errors import RequestError, UpstreamError
from parity.protocol.anthropic_messages import validate_messages_request
from parity.protocol.assemble import OpenAIStreamAssembler
from parity.protocol.openai_chat import validate_chat_request
from parity.providers.translate import anthropic_to_openai as a2o
from parity.providers.translate import openai_to_anthropic as o2a


def _body(**fields: Any) -> dict[str, Any]:
    return {"model": "gpt-public", "messages": [{"role": "user", "content": "hi"}], **fields}


def test_request_tool_conversation_merges_turns() -> None:
    body = _body(
        messages=[
            {"role": "system", "content": "Be terse."},
            {"role": "developer", "content": [{"type": "text", "text": "Use tools."}]},
            {"role": "user", "content": "Weather in Paris and Rome?"},
            {"role": "assistant", "content": "Checking.", "reasoning_content": "dropped", "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": '{"city":"Paris"}'}},
                {"id": "call_2", "type": "function", "function": {"name": "weather", "arguments": "not json"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "18C"},
            {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "21C"}]},
            {"role": "user", "content": "Summarise."},
            {"role": "user", "content": "Briefly."},
        ],
        tools=[{"type": "function", "function": {"name": "weather", "description": "Weather now",
                                                 "parameters": {"type": "object"}}}],
        tool_choice="required", parallel_tool_calls=False,
    )
    validate_chat_request(body)
    out = o2a.request(body, "claude-sonnet")
    validate_messages_request(out)
    assert out["model"] == "claude-sonnet" and out["max_tokens"] == 4096
    assert out["system"] == "Be terse.\n\nUse tools."
    assert [m["role"] for m in out["messages"]] == ["user", "assistant", "user"]
    assert out["messages"][1]["content"] == [
        {"type": "text", "text": "Checking."},
        {"type": "tool_use", "id": "call_1", "name": "weather", "input": {"city": "Paris"}},
        {"type": "tool_use", "id": "call_2", "name": "weather", "input": {"_raw": "not json"}}]
    assert out["messages"][2]["content"] == [
        {"type": "tool_result", "tool_use_id": "call_1", "content": "18C"},
        {"type": "tool_result", "tool_use_id": "call_2", "content": "21C"},
        {"type": "text", "text": "Summarise."}, {"type": "text", "text": "Briefly."}]
    assert out["tools"] == [{"name": "weather", "description": "Weather now", "input_schema": {"type": "object"}}]
    assert out["tool_choice"] == {"type": "any", "disable_parallel_tool_use": True}


def test_request_multimodal() -> None:
    out = o2a.request(_body(messages=[{"role": "user", "content": [
        {"type": "text", "text": "Compare"},
        {"type": "image_url", "image_url": {"url": "data:image/webp;base64,QUJD"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "high"}},
        {"type": "file", "file": {"filename": "a.pdf", "file_data": "data:application/pdf;base64,UERG"}},
        {"type": "file", "file": {"filename": "n.txt", "file_data": "data:text/plain;base64,aGVsbG8="}}]}]), "c")
    validate_messages_request(out)
    assert out["messages"][0]["content"] == [
        {"type": "text", "text": "Compare"},
        {"type": "image", "source": {"type": "base64", "media_type": "image/webp", "data": "QUJD"}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}},
        {"type": "document", "title": "a.pdf",
         "source": {"type": "base64", "media_type": "application/pdf", "data": "UERG"}},
        {"type": "document", "title": "n.txt", "source": {"type": "text", "media_type": "text/plain",
                                                           "data": "hello"}}]


@pytest.mark.parametrize(("part", "param"), [
    ({"type": "input_audio", "input_audio": {"data": "AA", "format": "wav"}}, "messages.0.content.1.type"),
    ({"type": "file", "file": {"file_id": "file-1"}}, "messages.0.content.1.file"),
    ({"type": "file", "file": {"file_data": "data:application/zip;base64,AA"}}, "messages.0.content.1.file.file_data"),
])
def test_request_unsupported_parts_name_the_field(part: dict[str, Any], param: str) -> None:
    body = _body(messages=[{"role": "user", "content": [{"type": "text", "text": "x"}, part]}])
    with pytest.raises(RequestError) as info:
        o2a.request(body, "c")
    assert info.value.param == param and info.value.status == 400


def test_request_n_greater_than_one_is_rejected() -> None:
    with pytest.raises(RequestError) as info:
        o2a.request(_body(n=2), "c")
    assert (info.value.param, info.value.status) == ("n", 400)


def test_request_options() -> None:
    out = o2a.request(_body(max_tokens=100, max_completion_tokens=200, stop="\n\nHuman:", temperature=1.7, top_p=0.8,
                            user="u-1", stream=True, stream_options={"include_usage": True}, seed=3,
                            frequency_penalty=0.5, logit_bias={"1": 2}), "c")
    assert out["max_tokens"] == 200
    assert out["stop_sequences"] == ["\n\nHuman:"]
    assert (out["temperature"], out["top_p"]) == (1.0, 0.8)
    assert out["metadata"] == {"user_id": "u-1"} and out["stream"] is True
    for dropped in ("seed", "frequency_penalty", "logit_bias", "stream_options", "user", "stop"):
        assert dropped not in out
    assert o2a.request(_body(max_tokens=100), "c")["max_tokens"] == 100
    assert o2a.request(_body(), "c", default_max_tokens=777)["max_tokens"] == 777
    assert "stop_sequences" not in o2a.request(_body(stop=["\n", " "]), "c")


@pytest.mark.parametrize(("effort", "budget"), [("low", 1024), ("medium", 4096), ("high", 16384)])
def test_reasoning_effort_enables_thinking(effort: str, budget: int) -> None:
    out = o2a.request(_body(reasoning_effort=effort, max_tokens=2000, temperature=0.3), "c")
    validate_messages_request(out)
    assert out["thinking"] == {"type": "enabled", "budget_tokens": budget}
    assert out["max_tokens"] > budget
    assert "temperature" not in out  # Anthropic forbids it with thinking


@pytest.mark.parametrize(("choice", "expected"), [
    ("none", {"type": "none"}), ("auto", {"type": "auto"}), ("required", {"type": "any"}),
    ({"type": "function", "function": {"name": "f"}}, {"type": "tool", "name": "f"})])
def test_tool_choice_mapping(choice: object, expected: dict[str, Any]) -> None:
    tools = [{"type": "function", "function": {"name": "f"}}]
    out = o2a.request(_body(tools=tools, tool_choice=choice), "c")
    assert out["tool_choice"] == expected
    assert out["tools"] == [{"name": "f", "input_schema": {"type": "object", "properties": {}}}]


def test_response_format_becomes_a_system_instruction() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    out = o2a.request(_body(messages=[{"role": "system", "content": "S"}, {"role": "user", "content": "x"}],
                            response_format={"type": "json_schema", "json_schema": {"name": "n", "schema": schema}}),
                      "c")
    assert out["system"].startswith("S\n\n")
    assert "JSON" in out["system"] and json.dumps(schema, separators=(",", ":")) in out["system"]
    assert "JSON object" in o2a.request(_body(response_format={"type": "json_object"}), "c")["system"]
    assert "system" not in o2a.request(_body(response_format={"type": "text"}), "c")


def test_final_assistant_prefill_loses_trailing_whitespace() -> None:
    out = o2a.request(_body(messages=[{"role": "user", "content": "x"}, {"role": "assistant", "content": "{ \n"}]),
                      "c")
    assert out["messages"][-1] == {"role": "assistant", "content": [{"type": "text", "text": "{"}]}


def _message(content: list[dict[str, Any]], stop_reason: str = "end_turn") -> dict[str, Any]:
    return {"id": "msg_xyz", "type": "message", "role": "assistant", "model": "claude-sonnet", "content": content,
            "stop_reason": stop_reason, "stop_sequence": None,
            "usage": {"input_tokens": 10, "output_tokens": 7, "cache_read_input_tokens": 30,
                      "cache_creation_input_tokens": 5}}


def test_response_with_thinking_text_and_tools() -> None:
    out = o2a.response(_message([
        {"type": "thinking", "thinking": "Plan.", "signature": "s"},
        {"type": "text", "text": "Calling "}, {"type": "text", "text": "now."},
        {"type": "tool_use", "id": "toolu_1", "name": "weather", "input": {"city": "Paris"}}], "tool_use"),
        "gpt-public")
    completion = openai.types.chat.ChatCompletion.model_validate(out)
    assert completion.id == "chatcmpl-xyz" and completion.model == "gpt-public"
    message = out["choices"][0]["message"]
    assert message["content"] == "Calling now."
    assert message["reasoning_content"] == "Plan."
    assert message["tool_calls"] == [{"id": "toolu_1", "type": "function",
                                      "function": {"name": "weather", "arguments": '{"city":"Paris"}'}}]
    assert completion.choices[0].finish_reason == "tool_calls"
    assert out["usage"] == {"prompt_tokens": 45, "completion_tokens": 7, "total_tokens": 52,
                            "prompt_tokens_details": {"cached_tokens": 30}}


def test_response_only_tool_calls_has_null_content() -> None:
    out = o2a.response(_message([{"type": "tool_use", "id": "t", "name": "f", "input": {}}], "tool_use"), "g")
    assert out["choices"][0]["message"]["content"] is None
    assert "reasoning_content" not in out["choices"][0]["message"]


@pytest.mark.parametrize(("stop_reason", "finish"), [
    ("end_turn", "stop"), ("stop_sequence", "stop"), ("max_tokens", "length"), ("tool_use", "tool_calls"),
    ("refusal", "content_filter"), ("pause_turn", "stop")])
def test_response_finish_reasons(stop_reason: str, finish: str) -> None:
    assert o2a.response(_message([{"type": "text", "text": "x"}], stop_reason), "g")[
        "choices"][0]["finish_reason"] == finish


def test_response_round_trip_through_anthropic_shape() -> None:
    original = _message([{"type": "thinking", "thinking": "Plan.", "signature": ""},
                         {"type": "text", "text": "Hi."},
                         {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {"a": [1, {"b": None}]}}],
                        "tool_use")
    back = a2o.response(o2a.response(original, "g"), "claude-sonnet")
    assert back["id"] == original["id"] and back["content"] == original["content"]
    assert back["stop_reason"] == "tool_use"
    assert back["usage"]["input_tokens"] + back["usage"]["cache_read_input_tokens"] == 45


# --- streaming -----------------------------------------------------------------------------------------------------

def _events() -> list[tuple[str, dict[str, Any]]]:
    def delta(index: int, d: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        return "content_block_delta", {"type": "content_block_delta", "index": index, "delta": d}

    return [
        ("message_start", {"type": "message_start", "message": {
            "id": "msg_s", "type": "message", "role": "assistant", "model": "claude", "content": [],
            "stop_reason": None, "stop_sequence": None,
            "usage": {"input_tokens": 20, "output_tokens": 1, "cache_read_input_tokens": 5}}}),
        ("ping", {"type": "ping"}),
        ("content_block_start", {"type": "content_block_start", "index": 0,
                                 "content_block": {"type": "thinking", "thinking": "", "signature": ""}}),
        delta(0, {"type": "thinking_delta", "thinking": "Plan"}), delta(0, {"type": "signature_delta",
                                                                             "signature": "S"}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("content_block_start", {"type": "content_block_start", "index": 1,
                                 "content_block": {"type": "text", "text": ""}}),
        delta(1, {"type": "text_delta", "text": "Hel"}), delta(1, {"type": "text_delta", "text": "lo"}),
        ("content_block_stop", {"type": "content_block_stop", "index": 1}),
        ("content_block_start", {"type": "content_block_start", "index": 2, "content_block": {
            "type": "tool_use", "id": "toolu_a", "name": "weather", "input": {}}}),
        delta(2, {"type": "input_json_delta", "partial_json": ""}),
        delta(2, {"type": "input_json_delta", "partial_json": '{"city":'}),
        delta(2, {"type": "input_json_delta", "partial_json": ' "Paris"}'}),
        ("content_block_stop", {"type": "content_block_stop", "index": 2}),
        ("content_block_start", {"type": "content_block_start", "index": 3, "content_block": {
            "type": "tool_use", "id": "toolu_b", "name": "time", "input": {}}}),
        delta(3, {"type": "input_json_delta", "partial_json": "{}"}),
        ("content_block_stop", {"type": "content_block_stop", "index": 3}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None},
                           "usage": {"output_tokens": 33}}),
        ("message_stop", {"type": "message_stop"}),
    ]


def _run(translator: o2a.StreamTranslator, events: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    chunks = [c for name, data in events for c in translator.feed(name, data)] + translator.finish()
    for chunk in chunks:
        openai.types.chat.ChatCompletionChunk.model_validate(chunk)  # what the OpenAI SDK parses
    return chunks


def test_stream_full_sequence() -> None:
    chunks = _run(o2a.StreamTranslator("gpt-public", include_usage=True), _events())
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert all(c["id"] == "chatcmpl-s" and c["model"] == "gpt-public" for c in chunks)
    tool_starts = [c["choices"][0]["delta"]["tool_calls"][0] for c in chunks
                   if c["choices"] and "id" in (c["choices"][0]["delta"].get("tool_calls") or [{}])[0]]
    assert tool_starts == [
        {"index": 0, "id": "toolu_a", "type": "function", "function": {"name": "weather", "arguments": ""}},
        {"index": 1, "id": "toolu_b", "type": "function", "function": {"name": "time", "arguments": ""}}]
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"] == {
        "prompt_tokens": 25, "completion_tokens": 33, "total_tokens": 58, "prompt_tokens_details": {"cached_tokens": 5}}
    assert chunks[-2]["choices"][0]["finish_reason"] == "tool_calls"

    assembler = OpenAIStreamAssembler()
    for chunk in chunks:
        assembler.feed(chunk)
    completion = openai.types.chat.ChatCompletion.model_validate(assembler.result())
    message = completion.choices[0].message
    assert message.content == "Hello"
    assert assembler.result()["choices"][0]["message"]["reasoning_content"] == "Plan"
    assert [(c.id, c.function.name, json.loads(c.function.arguments))  # type: ignore[union-attr]
            for c in message.tool_calls or ()] == [("toolu_a", "weather", {"city": "Paris"}), ("toolu_b", "time", {})]
    assert completion.choices[0].finish_reason == "tool_calls"


def test_stream_without_include_usage_has_no_usage_chunk() -> None:
    chunks = _run(o2a.StreamTranslator("g", include_usage=False), _events())
    assert all(c["choices"] and "usage" not in c for c in chunks)
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_truncated_stream_gives_usage_but_no_invented_finish() -> None:
    translator = o2a.StreamTranslator("g", include_usage=True)
    chunks = _run(translator, _events()[:9])
    assert not any(c["choices"] and c["choices"][0]["finish_reason"] for c in chunks)
    assert chunks[-1]["usage"]["prompt_tokens"] == 25
    assert translator.finish() == []


def test_stream_error_event_raises_upstream_error() -> None:
    translator = o2a.StreamTranslator("g", include_usage=True)
    translator.feed(*_events()[0])
    with pytest.raises(UpstreamError) as info:
        translator.feed("error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})
    assert (info.value.kind, info.value.status, info.value.retryable) == ("protocol", 529, False)
    assert "Overloaded" in info.value.message
    with pytest.raises(UpstreamError) as other:
        translator.feed("error", {"type": "error", "error": {"type": "mystery", "message": "?"}})
    assert other.value.status == 502


def test_request_bad_base64_text_file_names_the_field() -> None:
    part = {"type": "file", "file": {"file_data": "data:text/plain;base64,@@@"}}
    with pytest.raises(RequestError) as info:
        o2a.request(_body(messages=[{"role": "user", "content": [part]}]), "c")
    assert info.value.param == "messages.0.content.0.file.file_data"
