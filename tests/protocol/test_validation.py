"""Request validation names the offending field; response models accept what real servers send."""

from __future__ import annotations

from typing import Any

import anthropic.types
import openai.types.shared
import pytest

from parity.errors import RequestError
from parity.protocol.anthropic_messages import Message, StreamEvent, validate_messages_request
from parity.protocol.embeddings import EmbeddingsResponse, validate_embeddings_request
from parity.protocol.errors import anthropic_error_body, extract_error_message, openai_error_body
from parity.protocol.openai_chat import ChatCompletion, ChatCompletionChunk, JSONSchemaFormat, validate_chat_request


def _chat(**fields: Any) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": "hi"}], **fields}


def _anthropic(**fields: Any) -> dict[str, Any]:
    return {"model": "m", "max_tokens": 64, "messages": [{"role": "user", "content": "hi"}], **fields}


def _param(validate: Any, body: object) -> str | None:
    with pytest.raises(RequestError) as info:
        validate(body)
    assert info.value.status == 400
    if info.value.param:
        assert info.value.param in info.value.message
    return info.value.param


# --- OpenAI chat ---------------------------------------------------------------------------------------------------

def test_chat_request_full_conversation_is_valid_and_keeps_unknown_fields() -> None:
    body = _chat(
        messages=[
            {"role": "developer", "content": "be brief"},
            {"role": "user", "content": [
                {"type": "text", "text": "what is this?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA", "detail": "low"}},
                {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}},
                {"type": "file", "file": {"file_data": "data:application/pdf;base64,AAAA", "filename": "a.pdf"}},
                {"type": "video_url", "video_url": {"url": "http://x/v.mp4"}},
            ]},
            {"role": "assistant", "content": None,
             "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "c1", "content": "42"},
        ],
        tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
        tool_choice={"type": "function", "function": {"name": "f"}},
        response_format={"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}},
        stream=True, stream_options={"include_usage": True}, stop=["\n"], top_k=20, chat_template_kwargs={},
    )
    request = validate_chat_request(body)
    assert request.model_extra == {"top_k": 20, "chat_template_kwargs": {}}
    assert request.stream_options is not None and request.stream_options.include_usage is True
    assert isinstance(request.response_format, JSONSchemaFormat)
    assert request.response_format.json_schema.schema_ == {"type": "object"}


@pytest.mark.parametrize(("body", "param"), [
    ({"messages": [{"role": "user", "content": "x"}]}, "model"),
    (_chat(messages=[]), "messages"),
    (_chat(messages=[{"role": "bogus", "content": "x"}]), "messages.0.role"),
    (_chat(messages=[{"content": "x"}]), "messages.0.role"),
    (_chat(messages=[{"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text"}]}]),
     "messages.0.content.1.text"),
    (_chat(messages=[{"role": "user", "content": [{"text": "a"}]}]), "messages.0.content.0.type"),
    (_chat(messages=[{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]),
     "messages.0.content.0.image_url.url"),
    (_chat(messages=[{"role": "user", "content": "x"}, {"role": "tool", "content": "r"}]),
     "messages.1.tool_call_id"),
    (_chat(messages=[{"role": "assistant", "tool_calls": [{"type": "function"}]}]), "messages.0.tool_calls.0.id"),
    (_chat(temperature=-1), "temperature"),
    (_chat(n=0), "n"),
    (_chat(stop=5), "stop"),
    (_chat(tool_choice="sometimes"), "tool_choice"),
    (_chat(response_format={"type": "yaml"}), "response_format.type"),
    (_chat(stream_options={"include_usage": "maybe"}), "stream_options.include_usage"),
])
def test_chat_request_errors_name_the_field(body: dict[str, Any], param: str) -> None:
    assert _param(validate_chat_request, body) == param


def test_non_object_body_is_a_request_error() -> None:
    assert _param(validate_chat_request, ["not", "an", "object"]) is None


def test_chat_completion_accepts_loose_server_output() -> None:
    completion = ChatCompletion.model_validate({
        "id": "x", "created": 1, "model": "deepseek-reasoner",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": None, "reasoning_content": "hmm"},
                     "finish_reason": "stop", "stop_reason": None}]})
    assert completion.usage is None
    assert completion.choices[0].message.reasoning_content == "hmm"
    chunk = ChatCompletionChunk.model_validate({"choices": [{"delta": {"reasoning": "a"}}]})
    assert chunk.choices[0].delta.reasoning == "a"


# --- Anthropic messages --------------------------------------------------------------------------------------------

def test_messages_request_full_conversation_is_valid() -> None:
    body = _anthropic(
        system=[{"type": "text", "text": "sys", "cache_control": {"type": "ephemeral"}}],
        messages=[
            {"role": "user", "content": [
                {"type": "text", "text": "look"},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "AAAA"}},
                {"type": "image", "source": {"type": "url", "url": "https://x/y.png"}},
                {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "AA"}}]},
            {"role": "assistant", "content": [
                {"type": "thinking", "thinking": "hmm", "signature": "sig"},
                {"type": "redacted_thinking", "data": "xx"},
                {"type": "server_tool_use", "id": "s1", "name": "web_search", "input": {}},
                {"type": "tool_use", "id": "t1", "name": "f", "input": {"a": 1}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "is_error": True,
                                          "content": [{"type": "text", "text": "boom"}]}]},
        ],
        tools=[{"name": "f", "input_schema": {"type": "object"}},
               {"type": "web_search_20250305", "name": "web_search", "max_uses": 3}],
        tool_choice={"type": "any", "disable_parallel_tool_use": True},
        thinking={"type": "enabled", "budget_tokens": 2048}, metadata={"user_id": "u"}, top_k=5,
        context_management={"edits": []},
    )
    request = validate_messages_request(body)
    assert request.model_extra == {"context_management": {"edits": []}}
    assert request.tools is not None and request.tools[1].model_extra == {"max_uses": 3}


@pytest.mark.parametrize(("body", "param"), [
    ({"model": "m", "messages": [{"role": "user", "content": "x"}]}, "max_tokens"),
    (_anthropic(max_tokens=0), "max_tokens"),
    (_anthropic(messages=[]), "messages"),
    (_anthropic(messages=[{"role": "system", "content": "x"}]), "messages.0.role"),
    (_anthropic(messages=[{"role": "user", "content": [
        {"type": "image", "source": {"type": "base64", "media_type": "image/png"}}]}]),
     "messages.0.content.0.source.data"),
    (_anthropic(messages=[{"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f"}]}]),
     "messages.0.content.0.input"),
    (_anthropic(tool_choice={"type": "sometimes"}), "tool_choice.type"),
    (_anthropic(tool_choice={"type": "tool"}), "tool_choice.name"),
    (_anthropic(tools=[{"name": "f"}]), "tools.0.input_schema"),
    (_anthropic(thinking={"type": "enabled", "budget_tokens": 10}), "thinking.budget_tokens"),
    (_anthropic(temperature=1.5), "temperature"),
    (_anthropic(system=[{"type": "text"}]), "system.0.text"),
])
def test_messages_request_errors_name_the_field(body: dict[str, Any], param: str) -> None:
    assert _param(validate_messages_request, body) == param


def test_anthropic_message_and_events_parse() -> None:
    message = Message.model_validate({"id": "msg_1", "model": "claude", "content": [
        {"type": "text", "text": "hi"}, {"type": "web_search_tool_result", "tool_use_id": "s", "content": []}],
        "stop_reason": "end_turn", "usage": {"input_tokens": 3, "output_tokens": 1}})
    assert message.content[1].type == "web_search_tool_result"
    from pydantic import TypeAdapter
    event = TypeAdapter(StreamEvent).validate_python(
        {"type": "message_delta", "delta": {"stop_reason": "tool_use"}, "usage": {"output_tokens": 7}})
    assert event.type == "message_delta" and event.usage.output_tokens == 7


# --- embeddings ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["hello", ["a", "b"], [1, 2, 3], [[1, 2], [3]]])
def test_embeddings_input_forms(value: object) -> None:
    assert validate_embeddings_request({"model": "e", "input": value}).input == value


@pytest.mark.parametrize(("body", "param"), [
    ({"model": "e", "input": ""}, "input"),
    ({"model": "e", "input": []}, "input"),
    ({"model": "e", "input": ["a", ""]}, "input"),
    ({"model": "e"}, "input"),
    ({"model": "e", "input": "x", "dimensions": 0}, "dimensions"),
    ({"model": "e", "input": "x", "encoding_format": "hex"}, "encoding_format"),
])
def test_embeddings_errors_name_the_field(body: dict[str, Any], param: str) -> None:
    assert _param(validate_embeddings_request, body) == param


def test_embeddings_response_parses() -> None:
    response = EmbeddingsResponse.model_validate(
        {"data": [{"index": 0, "embedding": [0.1, 0.2]}], "model": "e", "usage": {"prompt_tokens": 2,
                                                                               "total_tokens": 2}})
    assert response.data[0].embedding == [0.1, 0.2]


# --- error bodies --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "type_", "code"), [
    (400, "invalid_request_error", None), (401, "invalid_request_error", "invalid_api_key"),
    (404, "invalid_request_error", "model_not_found"), (429, "rate_limit_exceeded", "rate_limit_exceeded"),
    (500, "server_error", None), (502, "server_error", "bad_gateway"), (504, "timeout", "timeout"),
    (418, "invalid_request_error", None), (599, "server_error", None),
])
def test_openai_error_body(status: int, type_: str, code: str | None) -> None:
    body = openai_error_body(status, "nope", param="messages.0")
    assert body == {"error": {"message": "nope", "type": type_, "param": "messages.0", "code": code}}
    openai.types.shared.ErrorObject.model_validate(body["error"])
    assert openai_error_body(429, "q", code="insufficient_quota", type="insufficient_quota")["error"]["type"] == \
        "insufficient_quota"


@pytest.mark.parametrize(("status", "type_"), [
    (400, "invalid_request_error"), (401, "authentication_error"), (403, "permission_error"),
    (404, "not_found_error"), (413, "request_too_large"), (429, "rate_limit_error"), (500, "api_error"),
    (502, "api_error"), (503, "overloaded_error"), (504, "timeout_error"), (529, "overloaded_error"),
])
def test_anthropic_error_body(status: int, type_: str) -> None:
    body = anthropic_error_body(status, "nope")
    assert body == {"type": "error", "error": {"type": type_, "message": "nope"}}
    if status != 413:  # documented by Anthropic, absent from the SDK's union
        assert anthropic.types.ErrorResponse.model_validate(body).error.type == type_


@pytest.mark.parametrize(("body", "message"), [
    ({"error": {"message": "bad model", "type": "invalid_request_error"}}, "bad model"),
    ({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}, "Overloaded"),
    ({"object": "error", "message": "vllm says no", "code": 400}, "vllm says no"),
    ({"detail": [{"loc": ["body"], "msg": "field required"}]}, "field required"),
    ({"error": "ollama: model not found"}, "ollama: model not found"),
    ('{"error": {"message": "from text"}}', "from text"),
    (b"  Bad Gateway\n", "Bad Gateway"),
    ("", None), ({"unrelated": 1}, None), (42, None), (None, None),
])
def test_extract_error_message(body: object, message: str | None) -> None:
    assert extract_error_message(body) == message
