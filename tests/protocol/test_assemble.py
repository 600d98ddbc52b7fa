"""Stream assemblers rebuild the same answer a non-streamed call gives, even from a cut stream."""

from __future__ import annotations

from typing import Any

import anthropic.types
import openai.types.chat

from parity.protocol.assemble import AnthropicStreamAssembler, OpenAIStreamAssembler


def _chunk(delta: dict[str, Any] | None = None, *, index: int = 0, finish: str | None = None,
           usage: dict[str, Any] | None = None, choices: bool = True) -> dict[str, Any]:
    chunk: dict[str, Any] = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 7, "model": "m",
                             "choices": [{"index": index, "delta": delta or {}, "finish_reason": finish}]
                             if choices else []}
    if usage is not None:
        chunk["usage"] = usage
    return chunk


def _assemble(chunks: list[dict[str, Any]]) -> dict[str, Any]:
    assembler = OpenAIStreamAssembler()
    for chunk in chunks:
        assembler.feed(chunk)
    return assembler.result()


def test_openai_text_reasoning_and_usage_only_last_chunk() -> None:
    usage = {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}
    result = _assemble([
        _chunk({"role": "assistant", "content": ""}),
        _chunk({"reasoning_content": "let me "}), _chunk({"reasoning": "think"}),
        _chunk({"content": "Hel"}), _chunk({"content": "lo"}),
        _chunk(finish="stop"), _chunk(usage=usage, choices=False),
    ])
    openai.types.chat.ChatCompletion.model_validate(result)
    assert result["id"] == "chatcmpl-1" and result["object"] == "chat.completion" and result["created"] == 7
    message = result["choices"][0]["message"]
    assert message["content"] == "Hello"
    assert message["reasoning_content"] == "let me think"
    assert result["choices"][0]["finish_reason"] == "stop"
    assert result["usage"] == usage


def test_openai_tool_calls_merge_by_index_with_split_arguments() -> None:
    result = _assemble([
        _chunk({"role": "assistant", "content": None, "tool_calls": [
            {"index": 0, "id": "call_a", "type": "function", "function": {"name": "get", "arguments": ""}}]}),
        _chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"ci'}}]}),
        _chunk({"tool_calls": [{"index": 0, "function": {"arguments": 'ty": "Paris"}'}}]}),
        _chunk({"tool_calls": [{"index": 1, "id": "call_b", "type": "function",
                                "function": {"name": "time", "arguments": "{}"}}]}),
        _chunk(finish="tool_calls"),
    ])
    completion = openai.types.chat.ChatCompletion.model_validate(result)
    calls = completion.choices[0].message.tool_calls
    assert calls is not None
    assert [(c.id, c.function.name, c.function.arguments) for c in calls] == [  # type: ignore[union-attr]
        ("call_a", "get", '{"city": "Paris"}'), ("call_b", "time", "{}")]
    assert completion.choices[0].message.content is None
    assert completion.choices[0].finish_reason == "tool_calls"


def test_openai_tool_calls_without_index_are_appended() -> None:
    result = _assemble([
        _chunk({"tool_calls": [{"id": "a", "function": {"name": "f", "arguments": "{}"}}]}),
        _chunk({"tool_calls": [{"id": "b", "function": {"name": "g", "arguments": "{}"}}]}),
    ])
    assert [c["id"] for c in result["choices"][0]["message"]["tool_calls"]] == ["a", "b"]


def test_openai_several_choices_by_index() -> None:
    result = _assemble([
        _chunk({"content": "A"}, index=0), _chunk({"content": "B"}, index=1),
        _chunk({"content": "a"}, index=0), _chunk(index=1, finish="length"), _chunk(index=0, finish="stop"),
    ])
    assert [(c["index"], c["message"]["content"], c["finish_reason"]) for c in result["choices"]] == [
        (0, "Aa", "stop"), (1, "B", "length")]


def test_openai_truncated_stream_keeps_what_arrived() -> None:
    result = _assemble([_chunk({"content": "partial"}),
                        _chunk({"tool_calls": [{"index": 0, "id": "c", "function": {"name": "f",
                                                                                    "arguments": '{"a'}}]})])
    choice = result["choices"][0]
    assert choice["finish_reason"] is None
    assert choice["message"]["content"] == "partial"
    assert choice["message"]["tool_calls"][0]["function"]["arguments"] == '{"a'
    assert "usage" not in result
    assert _assemble([])["choices"] == []


def _anthropic_events() -> list[tuple[str, dict[str, Any]]]:
    return [
        ("message_start", {"type": "message_start", "message": {
            "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x", "content": [],
            "stop_reason": None, "stop_sequence": None,
            "usage": {"input_tokens": 10, "output_tokens": 1, "cache_read_input_tokens": 4}}}),
        ("content_block_start", {"type": "content_block_start", "index": 0,
                                 "content_block": {"type": "thinking", "thinking": "", "signature": ""}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                 "delta": {"type": "thinking_delta", "thinking": "Let me "}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                 "delta": {"type": "thinking_delta", "thinking": "see."}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                 "delta": {"type": "signature_delta", "signature": "SIG"}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("ping", {"type": "ping"}),
        ("content_block_start", {"type": "content_block_start", "index": 1,
                                 "content_block": {"type": "text", "text": ""}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 1,
                                 "delta": {"type": "text_delta", "text": "Checking"}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 1}),
        ("content_block_start", {"type": "content_block_start", "index": 2, "content_block": {
            "type": "tool_use", "id": "toolu_1", "name": "get", "input": {}}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 2,
                                 "delta": {"type": "input_json_delta", "partial_json": ""}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 2,
                                 "delta": {"type": "input_json_delta", "partial_json": '{"city": '}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 2,
                                 "delta": {"type": "input_json_delta", "partial_json": '"Paris"}'}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 2}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None},
                           "usage": {"output_tokens": 42}}),
        ("message_stop", {"type": "message_stop"}),
    ]


def _assemble_anthropic(events: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    assembler = AnthropicStreamAssembler()
    for name, data in events:
        assembler.feed(name, data)
    return assembler.result()


def test_anthropic_full_stream() -> None:
    result = _assemble_anthropic(_anthropic_events())
    message = anthropic.types.Message.model_validate(result)
    assert message.id == "msg_1" and message.model == "claude-x"
    assert [b.type for b in message.content] == ["thinking", "text", "tool_use"]
    assert result["content"][0] == {"type": "thinking", "thinking": "Let me see.", "signature": "SIG"}
    assert result["content"][1]["text"] == "Checking"
    assert result["content"][2]["input"] == {"city": "Paris"}
    assert message.stop_reason == "tool_use"
    assert result["usage"] == {"input_tokens": 10, "output_tokens": 42, "cache_read_input_tokens": 4}


def test_anthropic_truncated_stream_keeps_raw_tool_json() -> None:
    events = _anthropic_events()[:13]  # cut inside the tool call's JSON
    result = _assemble_anthropic(events)
    assert result["stop_reason"] is None
    assert result["content"][2]["input"] == '{"city": '
    assert result["content"][1]["text"] == "Checking"
    assert result["usage"]["output_tokens"] == 1


def test_anthropic_stream_without_message_start_and_with_error() -> None:
    assembler = AnthropicStreamAssembler()
    assembler.feed("content_block_delta", {"index": 0, "delta": {"type": "text_delta", "text": "orphan"}})
    assembler.feed("error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})
    result = assembler.result()
    assert result["content"] == [{"type": "text", "text": "orphan"}]
    assert result["type"] == "message" and result["stop_reason"] is None
    assert assembler.error == {"type": "overloaded_error", "message": "Overloaded"}
