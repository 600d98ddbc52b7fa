"""An Anthropic Messages client reaching an OpenAI-compatible upstream."""

from __future__ import annotations

import json
from typing import Any

import anthropic.types
import pytest
from anthropic.lib.streaming._messages import accumulate_event
from pydantic import TypeAdapter

from parity.protocol.anthropic_messages import validate_messages_request
from parity.protocol.openai_chat import validate_chat_request
from parity.providers.profiles import profile_for
from parity.providers.translate import anthropic_to_openai as a2o
from parity.providers.translate import openai_to_anthropic as o2a

EVENT = TypeAdapter(anthropic.types.RawMessageStreamEvent)


def _body(**fields: Any) -> dict[str, Any]:
    return {"model": "claude-public", "max_tokens": 256, "messages": [{"role": "user", "content": "hi"}], **fields}


def test_request_tool_conversation_keeps_order() -> None:
    body = _body(
        system=[{"type": "text", "text": "You are terse."}, {"type": "text", "text": "Use tools."}],
        messages=[
            {"role": "user", "content": "Weather in Paris and Rome?"},
            {"role": "assistant", "content": [
                {"type": "thinking", "thinking": "two calls", "signature": "sig"},
                {"type": "text", "text": "Checking."},
                {"type": "tool_use", "id": "toolu_1", "name": "weather", "input": {"city": "Paris"}},
                {"type": "tool_use", "id": "toolu_2", "name": "weather", "input": {"city": "Rome"}}]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18C"},
                {"type": "tool_result", "tool_use_id": "toolu_2", "is_error": True,
                 "content": [{"type": "text", "text": "station down"}]},
                {"type": "text", "text": "And summarise."}]},
        ],
        tools=[{"name": "weather", "description": "Weather now",
                "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}},
               {"type": "web_search_20250305", "name": "web_search"}],
        tool_choice={"type": "any", "disable_parallel_tool_use": True},
    )
    validate_messages_request(body)
    out = a2o.request(body, "qwen3-32b")
    validate_chat_request(out)
    assert out["model"] == "qwen3-32b"
    assert [m["role"] for m in out["messages"]] == ["system", "user", "assistant", "tool", "tool", "user"]
    assert out["messages"][0]["content"] == "You are terse.\nUse tools."
    assistant = out["messages"][2]
    assert assistant["content"] == "Checking."
    assert "reasoning_content" not in assistant
    assert [(c["id"], c["function"]["name"], json.loads(c["function"]["arguments"]))
            for c in assistant["tool_calls"]] == [("toolu_1", "weather", {"city": "Paris"}),
                                                  ("toolu_2", "weather", {"city": "Rome"})]
    assert out["messages"][3] == {"role": "tool", "tool_call_id": "toolu_1", "content": "18C"}
    assert out["messages"][4] == {"role": "tool", "tool_call_id": "toolu_2", "content": "Error: station down"}
    assert out["messages"][5] == {"role": "user", "content": "And summarise."}
    assert out["tools"] == [{"type": "function", "function": {
        "name": "weather", "description": "Weather now",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]
    assert out["tool_choice"] == "required"
    assert out["parallel_tool_calls"] is False


def test_request_multimodal_and_options() -> None:
    body = _body(
        messages=[{"role": "user", "content": [
            {"type": "text", "text": "Compare"},
            {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "QUJD"}},
            {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}},
            {"type": "document", "title": "spec.pdf",
             "source": {"type": "base64", "media_type": "application/pdf", "data": "UERG"}}]}],
        stop_sequences=["END"], temperature=0.2, top_p=0.9, top_k=40, metadata={"user_id": "u-1"},
        stream=True, thinking={"type": "enabled", "budget_tokens": 4000}, service_tier="auto",
        container="c-1",
    )
    out = a2o.request(body, "qwen-vl")
    validate_chat_request(out)
    assert out["messages"][0]["content"] == [
        {"type": "text", "text": "Compare"},
        {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,QUJD"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
        {"type": "file", "file": {"filename": "spec.pdf", "file_data": "data:application/pdf;base64,UERG"}}]
    assert out["stop"] == ["END"] and out["max_tokens"] == 256
    assert (out["temperature"], out["top_p"], out["top_k"]) == (0.2, 0.9, 40)
    assert out["user"] == "u-1"
    assert out["stream"] is True and out["stream_options"] == {"include_usage": True}
    assert out["reasoning_effort"] == "medium"
    assert "service_tier" not in out and "container" not in out and "metadata" not in out


@pytest.mark.parametrize(("budget", "effort"), [(1024, "low"), (2048, "low"), (2049, "medium"), (8192, "medium"),
                                                (8193, "high")])
def test_thinking_budget_to_effort(budget: int, effort: str) -> None:
    out = a2o.request(_body(thinking={"type": "enabled", "budget_tokens": budget}), "m")
    assert out["reasoning_effort"] == effort


@pytest.mark.parametrize(("choice", "expected"), [
    ({"type": "auto"}, "auto"), ({"type": "none"}, "none"),
    ({"type": "tool", "name": "f"}, {"type": "function", "function": {"name": "f"}})])
def test_tool_choice_mapping(choice: dict[str, Any], expected: object) -> None:
    out = a2o.request(_body(tools=[{"name": "f", "input_schema": {"type": "object"}}], tool_choice=choice), "m")
    assert out["tool_choice"] == expected
    assert "parallel_tool_calls" not in out


def _completion(message: dict[str, Any], finish: str = "stop", **extra: Any) -> dict[str, Any]:
    return {"id": "chatcmpl-abc", "object": "chat.completion", "created": 1, "model": "upstream",
            "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": finish, **extra}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120,
                      "prompt_tokens_details": {"cached_tokens": 60}}}


def test_response_with_reasoning_text_and_tools() -> None:
    body = _completion({"content": "Calling.", "reasoning_content": "need weather", "tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": '{"city":"Paris"}'}},
        {"id": "call_2", "type": "function", "function": {"name": "weather", "arguments": '{"city":'}}]},
        finish="tool_calls")
    out = a2o.response(body, "claude-public")
    message = anthropic.types.Message.model_validate(out)
    assert out["id"] == "msg_abc" and message.model == "claude-public"
    assert out["content"] == [
        {"type": "thinking", "thinking": "need weather", "signature": ""},
        {"type": "text", "text": "Calling."},
        {"type": "tool_use", "id": "call_1", "name": "weather", "input": {"city": "Paris"}},
        {"type": "tool_use", "id": "call_2", "name": "weather", "input": {"_raw": '{"city":'}}]
    assert message.stop_reason == "tool_use"
    assert out["usage"] == {"input_tokens": 40, "output_tokens": 20, "cache_read_input_tokens": 60,
                            "cache_creation_input_tokens": 0}


@pytest.mark.parametrize(("finish", "extra", "stop_reason", "stop_sequence"), [
    ("stop", {}, "end_turn", None), ("length", {}, "max_tokens", None), ("content_filter", {}, "refusal", None),
    ("stop", {"stop_reason": "END"}, "stop_sequence", "END"), (None, {}, "end_turn", None)])
def test_response_stop_reasons(finish: str | None, extra: dict[str, Any], stop_reason: str,
                               stop_sequence: str | None) -> None:
    out = a2o.response(_completion({"content": "x"}, finish, **extra), "m")  # type: ignore[arg-type]
    assert (out["stop_reason"], out["stop_sequence"]) == (stop_reason, stop_sequence)


def test_response_splits_think_tags_with_profile() -> None:
    body = _completion({"content": "<think>\nadd them\n</think>\n\n4"})
    out = a2o.response(body, "m", profile=profile_for("Qwen/Qwen3-8B"))
    assert out["content"] == [{"type": "thinking", "thinking": "add them", "signature": ""},
                              {"type": "text", "text": "4"}]
    assert a2o.response(body, "m")["content"] == [{"type": "text", "text": "<think>\nadd them\n</think>\n\n4"}]


def test_ollama_stop_after_tool_call_is_tool_use() -> None:
    body = _completion({"content": "", "tool_calls": [
        {"id": "c", "function": {"name": "f", "arguments": {"a": 1}}}]}, finish="stop")
    out = a2o.response(body, "m")
    assert out["stop_reason"] == "tool_use"
    assert out["content"] == [{"type": "tool_use", "id": "c", "name": "f", "input": {"a": 1}}]


def test_round_trip_through_openai_shape_keeps_conversation() -> None:
    anthropic_body = _body(
        system="sys",
        messages=[
            {"role": "user", "content": [{"type": "text", "text": "q"}]},
            {"role": "assistant", "content": [{"type": "text", "text": "calling"},
                                              {"type": "tool_use", "id": "t1", "name": "f", "input": {"x": [1, 2]}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "ok"},
                                         {"type": "text", "text": "go on"}]}],
        tools=[{"name": "f", "description": "d", "input_schema": {"type": "object"}}],
        tool_choice={"type": "tool", "name": "f"}, stop_sequences=["X"], temperature=0.5)
    back = o2a.request(a2o.request(anthropic_body, "mid"), "claude-public")
    validate_messages_request(back)
    assert back["system"] == "sys"
    assert back["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "q"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "calling"},
                                          {"type": "tool_use", "id": "t1", "name": "f", "input": {"x": [1, 2]}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "ok"},
                                     {"type": "text", "text": "go on"}]}]
    assert back["tools"] == anthropic_body["tools"]
    assert back["tool_choice"] == {"type": "tool", "name": "f"}
    assert (back["stop_sequences"], back["temperature"], back["max_tokens"]) == (["X"], 0.5, 256)


# --- streaming -----------------------------------------------------------------------------------------------------

def _chunk(delta: dict[str, Any] | None = None, finish: str | None = None, usage: dict[str, Any] | None = None,
           choices: bool = True) -> dict[str, Any]:
    chunk: dict[str, Any] = {"id": "chatcmpl-s1", "object": "chat.completion.chunk", "created": 1, "model": "up",
                             "choices": [{"index": 0, "delta": delta or {}, "finish_reason": finish}]
                             if choices else []}
    if usage is not None:
        chunk["usage"] = usage
    return chunk


def _run(translator: a2o.StreamTranslator, chunks: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    events = [e for chunk in chunks for e in translator.feed(chunk)] + translator.finish()
    for name, data in events:
        assert data["type"] == name
        EVENT.validate_python(data)  # every event is one the Anthropic SDK parses
    return events


def _sdk_message(events: list[tuple[str, dict[str, Any]]]) -> anthropic.types.Message:
    snapshot = None
    json_bufs: dict[int, bytes] = {}
    for _, data in events:
        snapshot = accumulate_event(event=EVENT.validate_python(data), current_snapshot=snapshot,
                                    json_bufs=json_bufs)
    assert snapshot is not None
    return anthropic.types.Message.model_validate(snapshot.model_dump())


def test_stream_text_with_usage_only_last_chunk() -> None:
    usage = {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}
    events = _run(a2o.StreamTranslator("claude-public"), [
        _chunk({"role": "assistant", "content": ""}), _chunk({"content": "Hel"}), _chunk({"content": "lo"}),
        _chunk(finish="stop"), _chunk(usage=usage, choices=False)])
    assert [n for n, _ in events] == ["message_start", "content_block_start", "content_block_delta",
                                      "content_block_delta", "content_block_stop", "message_delta", "message_stop"]
    assert events[0][1]["message"]["id"] == "msg_s1" and events[0][1]["message"]["model"] == "claude-public"
    assert events[5][1]["usage"]["output_tokens"] == 5 and events[5][1]["usage"]["input_tokens"] == 12
    message = _sdk_message(events)
    assert message.content[0].type == "text" and message.content[0].text == "Hello"
    assert message.stop_reason == "end_turn" and message.usage.output_tokens == 5


def test_stream_reasoning_then_text_then_split_tool_calls() -> None:
    events = _run(a2o.StreamTranslator("m"), [
        _chunk({"role": "assistant"}),
        _chunk({"reasoning_content": "Need "}), _chunk({"reasoning": "two lookups."}),
        _chunk({"content": "Looking up."}),
        _chunk({"tool_calls": [{"index": 0, "id": "call_a", "type": "function",
                                "function": {"name": "weather", "arguments": ""}}]}),
        _chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"city": '}}]}),
        _chunk({"tool_calls": [{"index": 0, "function": {"arguments": '"Paris"}'}}]}),
        _chunk({"tool_calls": [{"index": 1, "id": "call_b", "function": {"name": "weather",
                                                                          "arguments": '{"city": "Rome"}'}}]}),
        _chunk(finish="tool_calls", usage={"prompt_tokens": 3, "completion_tokens": 9, "total_tokens": 12})])
    starts = [d["content_block"]["type"] for n, d in events if n == "content_block_start"]
    assert starts == ["thinking", "text", "tool_use", "tool_use"]
    assert not any(d.get("delta", {}).get("type") == "signature_delta" for _, d in events)
    message = _sdk_message(events)
    assert message.content[0].thinking == "Need two lookups."  # type: ignore[union-attr]
    assert message.content[1].text == "Looking up."  # type: ignore[union-attr]
    assert [(b.id, b.input) for b in message.content[2:]] == [  # type: ignore[union-attr]
        ("call_a", {"city": "Paris"}), ("call_b", {"city": "Rome"})]
    assert message.stop_reason == "tool_use" and message.usage.output_tokens == 9


def test_stream_think_tags_split_by_profile() -> None:
    pieces = ["<thi", "nk>\nadd", " them\n</th", "ink>\n\n", "4"]
    events = _run(a2o.StreamTranslator("m", profile=profile_for("qwen3-32b")),
                  [_chunk({"content": p}) for p in pieces] + [_chunk(finish="stop")])
    message = _sdk_message(events)
    assert [(b.type, getattr(b, "thinking", None) or getattr(b, "text", None)) for b in message.content] == [
        ("thinking", "add them"), ("text", "4")]


def test_stream_held_tag_prefix_is_released_when_reasoning_field_appears() -> None:
    events = _run(a2o.StreamTranslator("m", profile=profile_for("qwen3-32b")), [
        _chunk({"content": "a <"}), _chunk({"reasoning_content": "r"}), _chunk({"content": "b"})])
    message = _sdk_message(events)
    assert [getattr(b, "text", None) or getattr(b, "thinking", None) for b in message.content] == ["a <", "r", "b"]


def test_stream_without_usage_or_finish_reason_still_closes() -> None:
    translator = a2o.StreamTranslator("m")
    events = _run(translator, [_chunk({"content": "cut"})])
    assert [n for n, _ in events][-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert events[-2][1]["usage"] == {"output_tokens": 0}
    assert translator.finish() == []


def test_stream_of_nothing_is_a_valid_empty_message() -> None:
    events = _run(a2o.StreamTranslator("m"), [])
    assert [n for n, _ in events] == ["message_start", "message_delta", "message_stop"]


def test_error_event() -> None:
    name, data = a2o.error_event("upstream died", 502)
    assert name == "error"
    anthropic.types.ErrorResponse.model_validate(data)  # what the SDK parses an error event as
    assert data == {"type": "error", "error": {"type": "api_error", "message": "upstream died"}}
    assert a2o.error_event("slow", 504)[1]["error"]["type"] == "timeout_error"
