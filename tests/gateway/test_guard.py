"""The code guard on live traffic: the real gateway, the official SDKs, an upstream that answers with code."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anthropic
import httpx
import openai
import pytest

from parity.config import GuardConfig
from parity.gateway.guard import GuardPolicy
from parity.scan import Confidence, Finding, Severity
from servers import ServerThread
from stubs import Stub

RISKY = "Here is the fetcher:\n\n```python\nimport requests\nr = requests.get(url, verify=False)\n```\n\nAFTER-THE-CODE"
CLEAN = "Use a list of arguments and let the library quote them. No code needed here; it is AFTER-THE-CODE."
TRUNCATED = "Start:\n```python\nimport requests\nrequests.get(url, verify=False)"
MSG = [{"role": "user", "content": "write a fetcher"}]


class CodeStub(Stub):
    """Answers ``reply`` (or a tool call with ``tool_args``) in either API's shape, streaming a few characters per
    event so that fences open and close across chunk boundaries."""

    def __init__(self) -> None:
        super().__init__("code-stub")
        self.tool_args: dict[str, Any] | None = None

    async def answer(self, path: str, request: dict[str, Any], send: Any) -> None:
        pieces = [self.reply[i:i + 7] for i in range(0, len(self.reply), 7)]
        if path.endswith("/messages"):
            await self._anthropic(request, send, pieces)
        else:
            await self._openai(request, send, pieces)

    async def _sse(self, send: Any, events: list[tuple[str | None, Any]]) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/event-stream")]})
        for name, data in events:
            payload = data if isinstance(data, str) else json.dumps(data)
            head = f"event: {name}\n" if name else ""
            await send({"type": "http.response.body", "body": f"{head}data: {payload}\n\n".encode(), "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _openai(self, request: dict[str, Any], send: Any, pieces: list[str]) -> None:
        base = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": request["model"]}
        call = {"id": "call_1", "type": "function",
                "function": {"name": "run", "arguments": json.dumps(self.tool_args)}}
        message: dict[str, Any] = {"role": "assistant", "content": self.reply}
        if self.tool_args is not None:
            message = {"role": "assistant", "content": None, "tool_calls": [call]}
        if not request.get("stream"):
            await self.json(send, 200, {**base, "object": "chat.completion", "usage": {
                "prompt_tokens": 5, "completion_tokens": 9, "total_tokens": 14},
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}]})
            return
        events: list[tuple[str | None, Any]] = []
        if self.tool_args is not None:
            args = call["function"]["arguments"]
            events.append((None, {**base, "choices": [{"index": 0, "delta": {"tool_calls": [
                {**call, "index": 0, "function": {"name": "run", "arguments": ""}}]}, "finish_reason": None}]}))
            events += [(None, {**base, "choices": [{"index": 0, "delta": {"tool_calls": [
                {"index": 0, "function": {"arguments": args[i:i + 9]}}]}, "finish_reason": None}]})
                for i in range(0, len(args), 9)]
        events += [(None, {**base, "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]})
                   for p in (pieces if self.tool_args is None else [])]
        events += [(None, {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}), (None, "[DONE]")]
        await self._sse(send, events)

    async def _anthropic(self, request: dict[str, Any], send: Any, pieces: list[str]) -> None:
        usage = {"input_tokens": 5, "output_tokens": 9}
        if not request.get("stream"):
            content: list[dict[str, Any]] = [{"type": "text", "text": self.reply}]
            if self.tool_args is not None:
                content = [{"type": "tool_use", "id": "toolu_1", "name": "run", "input": self.tool_args}]
            await self.json(send, 200, {"id": "m1", "type": "message", "role": "assistant", "model": request["model"],
                                        "content": content, "stop_reason": "end_turn", "stop_sequence": None,
                                        "usage": usage})
            return
        events: list[tuple[str | None, Any]] = [("message_start", {"type": "message_start", "message": {
            "id": "m1", "type": "message", "role": "assistant", "model": request["model"], "content": [],
            "stop_reason": None, "stop_sequence": None, "usage": usage}})]
        events.append(("content_block_start", {"type": "content_block_start", "index": 0,
                                               "content_block": {"type": "text", "text": ""}}))
        events += [("content_block_delta", {"type": "content_block_delta", "index": 0,
                                            "delta": {"type": "text_delta", "text": p}}) for p in pieces]
        events += [("content_block_stop", {"type": "content_block_stop", "index": 0}),
                   ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn",
                                                                         "stop_sequence": None},
                                      "usage": {"output_tokens": 9}}),
                   ("message_stop", {"type": "message_stop"})]
        await self._sse(send, events)


@pytest.fixture
def code_stub() -> Iterator[CodeStub]:
    stub = CodeStub()
    server = ServerThread(stub).start()
    stub.url = server.url
    yield stub
    server.stop()


def _start(gateway: Any, stub: CodeStub, provider: str = "openai", **guard: Any) -> Any:
    base = stub.url + ("/v1" if provider == "openai" else "")
    return gateway({"models": [{"name": "m", "provider": provider, "base_url": base, "api_key": "sk-test-123456",
                                "guard": {"action": "block", **guard}}]})


def test_blocks_a_risky_answer_with_an_openai_error(gateway, code_stub):
    code_stub.reply = RISKY
    gw = _start(gateway, code_stub)
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="x", max_retries=0)
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        client.chat.completions.create(model="m", messages=MSG)
    assert "tls-verification-disabled" in caught.value.message and "line 5" in caught.value.message
    assert caught.value.body["code"] == "code_guard_blocked"
    [record] = gw.records()
    assert record["status"] == 422 and record["guard"]["blocked"] is True
    assert record["guard"]["findings"][0]["cwe"] == "CWE-295"
    assert "AFTER-THE-CODE" in record["response"]["choices"][0]["message"]["content"]  # kept for review


def test_annotates_with_a_header_and_the_record(gateway, code_stub):
    code_stub.reply = RISKY
    gw = _start(gateway, code_stub, provider="anthropic", action="annotate")
    client = anthropic.Anthropic(base_url=gw.url, api_key="x", max_retries=0)
    raw = client.messages.with_raw_response.create(model="m", max_tokens=50, messages=MSG)
    assert "AFTER-THE-CODE" in raw.parse().content[0].text
    assert raw.headers["x-parity-guard"] == "1 finding; max=high; rules=tls-verification-disabled"
    code_stub.reply = CLEAN
    raw = client.messages.with_raw_response.create(model="m", max_tokens=50, messages=MSG)
    assert raw.headers["x-parity-guard"] == "clean"
    records = gw.records()
    assert [len(r["guard"]["findings"]) for r in records] == [0, 1]
    assert all(r["guard"]["action"] == "annotate" and not r["guard"]["blocked"] for r in records)


def test_tool_call_arguments_are_scanned(gateway, code_stub):
    code_stub.tool_args = {"code": "import requests\nrequests.post(u, data=d, verify=False)\n"}
    gw = _start(gateway, code_stub)
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="x", max_retries=0)
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(model="m", messages=MSG)
    with pytest.raises(openai.APIError):
        list(client.chat.completions.create(model="m", messages=MSG, stream=True))


def test_a_stream_is_cut_when_a_risky_block_closes(gateway, code_stub):
    code_stub.reply = RISKY
    gw = _start(gateway, code_stub)
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="x", max_retries=0)
    text = ""
    with pytest.raises(openai.APIError) as caught:
        for chunk in client.chat.completions.create(model="m", messages=MSG, stream=True):
            text += chunk.choices[0].delta.content or ""
    assert "code guard" in str(caught.value)
    assert "verify=False" in text and "AFTER-THE-CODE" not in text  # the rest never left the gateway
    [record] = gw.records()
    assert record["guard"]["blocked"] is True and "tls-verification-disabled" in record["error"]


def test_an_anthropic_stream_passes_and_ends_with_an_annotation(gateway, code_stub):
    code_stub.reply = RISKY
    gw = _start(gateway, code_stub, provider="anthropic", action="annotate")
    client = anthropic.Anthropic(base_url=gw.url, api_key="x", max_retries=0)
    with client.messages.stream(model="m", max_tokens=50, messages=MSG) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == RISKY and final.content[0].text == RISKY
    body = httpx.post(gw.url + "/v1/messages", json={"model": "m", "max_tokens": 50, "messages": MSG,
                                                      "stream": True}).text
    events = [json.loads(line[6:]) for line in body.splitlines() if line.startswith("data: ")]
    assert [e["type"] for e in events[-2:]] == ["parity_guard", "message_stop"]
    assert events[-2]["parity_guard"]["findings"][0]["rule"] == "tls-verification-disabled"


def test_openai_stream_annotation_is_a_chunk_the_sdk_accepts(gateway, code_stub):
    code_stub.reply = RISKY
    gw = _start(gateway, code_stub, action="annotate")
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="x", max_retries=0)
    chunks = list(client.chat.completions.create(model="m", messages=MSG, stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == RISKY
    [note] = [c for c in chunks if not c.choices]
    assert note.model_extra["parity_guard"]["findings"][0]["line"] == 5


def test_a_truncated_block_is_scanned_when_the_stream_ends(gateway, code_stub):
    code_stub.reply = TRUNCATED
    gw = _start(gateway, code_stub, provider="anthropic")
    client = anthropic.Anthropic(base_url=gw.url, api_key="x", max_retries=0)
    with pytest.raises(anthropic.APIStatusError) as caught:
        list(client.messages.create(model="m", max_tokens=50, messages=MSG, stream=True))
    assert "tls-verification-disabled" in str(caught.value)


def test_buffer_holds_the_stream_and_blocks_with_a_status(gateway, code_stub):
    code_stub.reply = RISKY
    gw = _start(gateway, code_stub, stream="buffer")
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="x", max_retries=0)
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(model="m", messages=MSG, stream=True)
    code_stub.reply = CLEAN
    chunks = list(client.chat.completions.create(model="m", messages=MSG, stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == CLEAN
    assert [r["status"] for r in gw.records()] == [200, 422]


def test_thresholds_leave_lesser_findings_alone(gateway, code_stub):
    code_stub.reply = RISKY
    gw = _start(gateway, code_stub, min_severity="critical")
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="x", max_retries=0)
    assert "AFTER-THE-CODE" in client.chat.completions.create(model="m", messages=MSG).choices[0].message.content
    assert gw.records()[0]["guard"]["findings"] == []


def test_each_guard_keeps_its_own_thresholds():
    policy = GuardPolicy.from_guards([GuardConfig(action="log", min_severity="high"),
                                    GuardConfig(action="block", min_severity="critical", stream="buffer")])
    assert policy is not None and (policy.action, policy.buffer) == ("block", True)
    high = Finding("r", "CWE-1", Severity.HIGH, Confidence.HIGH, 1, "", "")
    critical = Finding("r", "CWE-1", Severity.CRITICAL, Confidence.HIGH, 1, "", "")
    low = Finding("r", "CWE-1", Severity.LOW, Confidence.HIGH, 1, "", "")
    assert policy.keep([low, high]) == [high]  # logged, by the first guard
    assert not policy.blocks([high]) and policy.blocks([critical])  # the block keeps its critical bar
    assert GuardPolicy.from_guards([GuardConfig(action="off")]) is None
    assert GuardPolicy.from_guards([]) is None


def test_without_bodies_the_record_keeps_findings_but_not_snippets(gateway, code_stub):
    code_stub.reply = RISKY
    gw = gateway({"capture": "metadata", "models": [{"name": "m", "provider": "openai",
                                                     "base_url": code_stub.url + "/v1",
                                                     "guard": {"action": "annotate"}}]})
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key="x", max_retries=0)
    client.chat.completions.create(model="m", messages=MSG)
    [record] = gw.records()
    [finding] = record["guard"]["findings"]
    assert record["response"] is None and finding["snippet"] is None and finding["message"] is None
    assert finding["line"] == 5 and finding["rule"] == "tls-verification-disabled"


def _guard(**settings: Any) -> tuple[Any, GuardPolicy]:
    from parity.config import Config
    from parity.gateway.guard import Guard

    policy = GuardPolicy.from_guards([GuardConfig(action="block", **settings)])
    assert policy is not None
    return Guard(Config()), policy


@pytest.mark.parametrize("event", [
    b'data: {"choices":[{"delta":{"tool_calls":[null]}}]}\n\n', b'data: {"choices":[{"delta":{"tool_calls":5}}]}\n\n',
    b'data: {"choices":[{"index":[1],"delta":{"content":"x"}}]}\n\n', b'data: {"choices":"x"}\n\n',
    b"data: not json\n\n"])
def test_odd_stream_events_are_passed_over_not_fatal(event):
    guard, policy = _guard()
    [(raw, terminal, found)] = guard.stream(policy, "openai").events(event)
    assert raw == event and not terminal and found == []


def test_events_only_json_loads_accepts_are_still_scanned():
    guard, policy = _guard()
    text = "```python\\nimport requests\\nrequests.get(u, verify=False)\\n```\\n"
    event = b'data: {"x": NaN, "choices":[{"index":0,"delta":{"content":"' + text.encode() + b'"}}]}\n\n'
    [(_, _, found)] = guard.stream(policy, "openai").events(event)
    assert [f.rule for f in found] == ["tls-verification-disabled"]


def test_fences_nested_in_list_items_are_scanned():
    guard, policy = _guard()
    answer = "- Install:\n  - then:\n    ```bash\n    curl -k https://example.com/x\n    ```\n"
    found = guard.scan_reply(policy, "openai", {"choices": [{"message": {"content": answer}}]})
    assert [(f.rule, f.line) for f in found] == [("tls-verification-disabled", 4)]
