"""The code guard: Parity's scanner on the answers going back to clients.

Only code is scanned: fenced blocks and tool-call arguments. A prose answer costs one substring test, so the guard
adds nothing measurable where there is no code. Streams are scanned as each code block closes; what happens then
(log, annotate, block) follows the strictest policy among the top level, the model and the key."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import orjson

from parity.config import GUARD_ORDER, Config, GuardConfig
from parity.protocol.sse import SseParser, frame
from parity.providers.exchange import Api
from parity.scan import Confidence, Finding, Scanner, Severity
from parity.scan.document import Block, fenced, tool_call_blocks
from parity.scan.engine import ScanError
from parity.scan.languages import detect, from_fence

log = logging.getLogger("parity.gateway")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})([^`]*)$")  # models indent fences inside list items
HEADER = "x-parity-guard"
GUARD_MAX_BYTES = 256_000


@dataclass(frozen=True, slots=True)
class _Threshold:
    action: str
    min_severity: Severity
    min_confidence: Confidence

    def meets(self, f: Finding) -> bool:
        return f.severity >= self.min_severity and f.confidence >= self.min_confidence


@dataclass(frozen=True, slots=True)
class GuardPolicy:
    """The guards that apply to a request (top level, model, key), kept apart: a finding triggers the strictest
    action among the guards whose thresholds it meets, so a lenient ``log`` never lowers a ``block``'s bar."""

    thresholds: tuple[_Threshold, ...]
    buffer: bool

    @classmethod
    def from_guards(cls, guards: list[GuardConfig]) -> GuardPolicy | None:
        on = [g for g in guards if g.action != "off"]
        if not on:
            return None
        return cls(tuple(_Threshold(g.action, Severity(g.min_severity), Confidence(g.min_confidence)) for g in on),
                   buffer=any(g.stream == "buffer" for g in on))

    @property
    def action(self) -> str:
        """The strictest action any guard may take (what the client can be told to expect)."""
        return max((t.action for t in self.thresholds), key=GUARD_ORDER.__getitem__)

    def keep(self, findings: list[Finding]) -> list[Finding]:
        return [f for f in findings if any(t.meets(f) for t in self.thresholds)]

    def blocks(self, findings: list[Finding]) -> bool:
        return any(t.action == "block" and t.meets(f) for t in self.thresholds for f in findings)


class Guard:
    """The gateway's guard: policies resolved once per (model, key), one scanner for the process."""

    def __init__(self, config: Config, scanner: Scanner | None = None) -> None:
        self.config = config
        self._scanner = scanner
        self._policies: dict[tuple[str | None, str | None], GuardPolicy | None] = {}

    @property
    def scanner(self) -> Scanner:
        """Tighter limits than the CLI's: this runs on the event loop, and the upstream's answer is untrusted."""
        if self._scanner is None:
            self._scanner = Scanner(max_bytes=GUARD_MAX_BYTES, parse_budget=0.25)
        return self._scanner

    def policy(self, model: str | None, key_name: str | None, key_guard: GuardConfig | None) -> GuardPolicy | None:
        cache_key = (model, key_name)
        if cache_key not in self._policies:
            entries = self.config.entries(model) if model else []
            guards = [g for g in (self.config.guard, next((e.guard for e in entries if e.guard), None), key_guard)
                      if g is not None]
            self._policies[cache_key] = GuardPolicy.from_guards(guards)
        return self._policies[cache_key]

    def scan_reply(self, policy: GuardPolicy, api: Api, body: dict[str, Any]) -> list[Finding]:
        """Findings above the policy's thresholds in a complete answer (either API's shape)."""
        try:
            text, calls = reply_code(api, body)
        except (AttributeError, TypeError, ValueError) as exc:  # an upstream answer of an unexpected shape
            log.warning("code guard could not read an answer: %r", exc)
            return []
        blocks: list[Block] = []
        if "```" in text or "~~~" in text:
            blocks.extend(fenced(text)[0])
        for name, arguments in calls:
            blocks.extend(tool_call_blocks(arguments, name=name))
        return policy.keep(self._scan(blocks)) if blocks else []

    def _scan(self, blocks: list[Block]) -> list[Finding]:
        """Scan up to GUARD_MAX_BYTES of code per call; what is beyond it is logged as not scanned."""
        budget, kept = GUARD_MAX_BYTES, list[Block]()
        for block in blocks:
            budget -= len(block.text)
            if budget < 0:
                log.warning("code guard: %d block(s) over the %d-byte scan limit were not scanned",
                            len(blocks) - len(kept), GUARD_MAX_BYTES)
                break
            kept.append(block)
        try:
            return self.scanner.scan_blocks(kept)
        except ScanError as exc:
            log.warning("code guard skipped a block: %s", exc)
            return []

    @property
    def configured(self) -> bool:
        return any(g is not None for g in (self.config.guard, *(m.guard for m in self.config.models),
                                           *(k.guard for k in self.config.keys)))

    def warm(self) -> None:
        """Load the rules and compile every grammar's queries before the first request pays for it."""
        samples = {"python": "import os\nos.system(x)", "javascript": "eval(x)", "typescript": "eval(x as any)",
                   "shell": "curl x | sh", "sql": "SELECT 1;", "go": "exec.Command(x)", "java": "r.exec(x);",
                   "c": "system(x);", "cpp": "system(x);", "php": "<?php system($x);"}
        self._scan([Block(lang, text, 1, "fence") for lang, text in samples.items()])

    def stream(self, policy: GuardPolicy, api: Api) -> StreamGuard:
        return StreamGuard(self, policy, api)


def reply_code(api: Api, body: dict[str, Any]) -> tuple[str, list[tuple[str, Any]]]:
    """The answer's text and its tool calls as (name, arguments)."""
    texts: list[str] = []
    calls: list[tuple[str, Any]] = []
    if api == "anthropic":
        for block in body.get("content") or []:
            if not isinstance(block, dict):
                continue
            if block.get("type") == "text" and isinstance(block.get("text"), str):
                texts.append(block["text"])
            elif block.get("type") in ("tool_use", "server_tool_use"):
                calls.append((str(block.get("name") or ""), block.get("input") or {}))
    else:
        for choice in body.get("choices") or []:
            message = choice.get("message") if isinstance(choice, dict) else None
            if not isinstance(message, dict):
                continue
            if isinstance(message.get("content"), str):
                texts.append(message["content"])
            for call in message.get("tool_calls") or []:
                fn = call.get("function") if isinstance(call, dict) else None
                if isinstance(fn, dict):
                    calls.append((str(fn.get("name") or ""), fn.get("arguments") or ""))
    return "\n".join(texts), calls


def verdict(policy: GuardPolicy, findings: list[Finding], *, blocked: bool) -> dict[str, Any]:
    """What the stored record (and an annotation) says."""
    return {"action": policy.action, "blocked": blocked, "findings": [f.to_dict() for f in findings]}


def header_value(findings: list[Finding]) -> str:
    """``3 findings; max=critical; rules=reverse-shell,sql-injection`` (or ``clean``)."""
    if not findings:
        return "clean"
    worst = max(f.severity for f in findings)
    rules = ",".join(sorted({f.rule for f in findings}))
    return f"{len(findings)} finding{'s' if len(findings) != 1 else ''}; max={worst.value}; rules={rules}"


def block_message(findings: list[Finding]) -> str:
    shown = "; ".join(f"{f.rule} ({f.cwe}, {f.severity.value}) at line {f.line}" for f in findings[:5])
    more = f"; and {len(findings) - 5} more" if len(findings) > 5 else ""
    return f"the answer was withheld by Parity's code guard: {shown}{more}"


class _Fences:
    """Follows one streamed text and hands back each fenced block as it closes."""

    __slots__ = ("body", "info", "line", "marker", "pieces", "size", "start")

    def __init__(self) -> None:
        self.pieces: list[str] = []  # the current line so far (joined once, when it ends)
        self.size = 0
        self.line = 0  # complete lines seen
        self.marker: str | None = None
        self.info = ""
        self.start = 0
        self.body: list[str] = []

    def feed(self, text: str) -> list[Block]:
        if "\n" not in text:
            if self.size < GUARD_MAX_BYTES:  # a longer line is no code worth holding
                self.pieces.append(text)
                self.size += len(text)
            return []
        lines = ("".join(self.pieces) + text).split("\n")
        rest = lines.pop()
        self.pieces, self.size = [rest], len(rest)
        out: list[Block] = []
        for line in lines:
            self.line += 1
            block = self._line(line)
            if block is not None:
                out.append(block)
        return out

    def _line(self, line: str) -> Block | None:
        if self.marker is None:
            m = _FENCE.match(line) if ("`" in line or "~" in line) else None
            if m:
                self.marker, self.info, self.start, self.body = m.group(1), m.group(2), self.line + 1, []
            return None
        closer = line.strip()
        if closer.startswith(self.marker) and closer.strip(self.marker[0]) == "":
            return self._close()
        self.body.append(line)
        return None

    def _close(self) -> Block | None:
        body = "\n".join(self.body)
        self.marker = None
        if not body.strip():
            return None
        return Block(from_fence(self.info) or detect(body), body, self.start, "fence")

    def finish(self) -> Block | None:
        """A fence still open when the stream ends (a truncated answer) is code all the same."""
        if self.marker is None:
            return None
        if self.size:
            self.body.append("".join(self.pieces))
            self.pieces, self.size = [], 0
        return self._close()


@dataclass
class _ToolCall:
    name: str = ""
    arguments: list[str] = field(default_factory=list)


class StreamGuard:
    """Fed the stream's bytes as they pass; returns the findings (above the policy) of each block that closes."""

    def __init__(self, guard: Guard, policy: GuardPolicy, api: Api) -> None:
        self.guard = guard
        self.policy = policy
        self.api = api
        self.findings: list[Finding] = []
        self.ended = False
        """The answer's end event went by (``[DONE]`` or ``message_stop``)."""
        self._parser = SseParser()
        self._fences: dict[int, _Fences] = {}
        self._calls: dict[tuple[int, int], _ToolCall] = {}

    def events(self, chunk: bytes, *, end: bool = False) -> list[tuple[bytes, bool, list[Finding]]]:
        """Each event this chunk completes: its bytes, whether it ends the answer, and the findings (above the
        policy) of the blocks it closed. An event that ends the answer also scans what is still open. With
        ``end`` (the upstream closed), an unterminated last event counts too."""
        out = []
        for event in self._parser.feed(chunk) + (self._parser.flush() if end else []):
            terminal = event.data == b"[DONE]" or event.event == "message_stop"
            blocks: list[Block] = []
            if event.data and not terminal:
                try:
                    data = orjson.loads(event.data)
                except orjson.JSONDecodeError:  # NaN, lone surrogates: clients' json.loads still takes them
                    try:
                        data = json.loads(event.data)
                    except ValueError:
                        data = None
                if isinstance(data, dict):
                    try:
                        blocks = self._event(data)
                    except (AttributeError, TypeError, ValueError) as exc:  # an event of an unexpected shape
                        log.warning("code guard could not read a stream event: %r", exc)
            found = self._found(blocks)
            if terminal:
                found += self.finish()
            head = b"event: " + event.event.encode() + b"\n" if event.event else b""
            raw = head + b"".join(b"data: " + line + b"\n" for line in event.data.split(b"\n")) + b"\n"
            out.append((raw, terminal, found))
        return out

    def feed(self, chunk: bytes) -> list[Finding]:
        """The findings of the blocks this chunk closes (for callers that forward nothing themselves)."""
        return [f for _, _, found in self.events(chunk) for f in found]

    def finish(self) -> list[Finding]:
        blocks = [b for f in self._fences.values() if (b := f.finish()) is not None]
        for call in self._calls.values():
            blocks.extend(tool_call_blocks("".join(call.arguments), name=call.name))
        self._calls.clear()
        return self._found(blocks)

    def _found(self, blocks: list[Block]) -> list[Finding]:
        if not blocks:
            return []
        new = self.policy.keep(self.guard._scan(blocks))
        self.findings.extend(new)
        return new

    def _text(self, index: int, text: str) -> list[Block]:
        fences = self._fences.get(index)
        if fences is None:
            fences = self._fences[index] = _Fences()
        return fences.feed(text)

    def _event(self, data: dict[str, Any]) -> list[Block]:
        if self.api == "anthropic":
            kind = data.get("type")
            index = data.get("index", 0)
            if kind == "content_block_delta":
                delta = data.get("delta") or {}
                if delta.get("type") == "text_delta":
                    return self._text(0, str(delta.get("text") or ""))
                if delta.get("type") == "input_json_delta":
                    self._calls.setdefault((0, index), _ToolCall()).arguments.append(str(delta.get("partial_json")))
            elif kind == "content_block_start":
                block = data.get("content_block") or {}
                if block.get("type") in ("tool_use", "server_tool_use"):
                    self._calls[(0, index)] = _ToolCall(str(block.get("name") or ""))
            elif kind == "content_block_stop" and (0, index) in self._calls:
                call = self._calls.pop((0, index))
                return tool_call_blocks("".join(call.arguments) or "{}", name=call.name)
            return []
        out: list[Block] = []
        for choice in data.get("choices") or []:
            delta = choice.get("delta") if isinstance(choice, dict) else None
            if not isinstance(delta, dict):
                continue
            ci = choice.get("index", 0)
            if isinstance(delta.get("content"), str) and delta["content"]:
                out.extend(self._text(ci, delta["content"]))
            for tc in delta.get("tool_calls") or []:
                call = self._calls.setdefault((ci, int(tc.get("index", 0))), _ToolCall())
                fn = tc.get("function") or {}
                call.name = call.name or str(fn.get("name") or "")
                if fn.get("arguments"):
                    call.arguments.append(str(fn["arguments"]))
            if choice.get("finish_reason"):  # the calls are complete: scan them before this chunk goes out
                for key in [k for k in self._calls if k[0] == ci]:
                    done = self._calls.pop(key)
                    out.extend(tool_call_blocks("".join(done.arguments) or "{}", name=done.name))
        return out

    def annotation(self) -> bytes:
        """The final event for ``annotate``: OpenAI clients see a chunk with no choices, Anthropic clients an event
        of its own type; both SDKs pass over what they do not know."""
        body = {"parity_guard": verdict(self.policy, self.findings, blocked=False)}
        if self.api == "anthropic":
            return frame({"type": "parity_guard", **body}, "parity_guard")
        return frame({"id": "parity-guard", "object": "chat.completion.chunk", "created": 0, "model": "",
                      "choices": [], **body})
