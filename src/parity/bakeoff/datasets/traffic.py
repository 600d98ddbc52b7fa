"""Captured traffic as bakeoff items: OpenAI-format JSONL (``parity export``'s format), the store, shadow answers.

The answer captured in production can stand in for the model that gave it (no new call, and it is exactly what
users saw); shadow answers do the same for candidates, which makes ``--from-shadow`` a bakeoff without new calls.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from parity.bakeoff.items import Answer, Item, answer_from_openai_response
from parity.errors import ConfigError, RequestError
from parity.protocol.openai_chat import validate_chat_request
from parity.protocol.usage import Usage
from parity.providers.translate import anthropic_to_openai, openai_to_anthropic
from parity.store.queries import hydrate

_CLIENT_ONLY = ("model", "stream", "stream_options", "tags", "user", "n")
_APIS = {"openai": "openai.chat", "anthropic": "anthropic.messages"}


@dataclass(slots=True)
class TrafficFilter:
    since: float | None = None
    until: float | None = None
    model: str | None = None
    key: str | None = None
    tags: list[str] = field(default_factory=list)
    """Any of these tags."""
    api: str | None = None
    """``openai`` or ``anthropic``."""

    def describe(self) -> dict[str, str]:
        shown = {"since": self.since, "until": self.until, "model": self.model, "key": self.key,
                 "tags": ",".join(self.tags) or None, "api": self.api}
        return {k: str(v) for k, v in shown.items() if v is not None}


def load_openai_jsonl(path: str | Path, incumbent: str) -> list[Item]:
    """``{"messages": [..., final assistant answer], "tools", "metadata"}`` a line; the final assistant message is
    the captured answer of the model named in ``metadata.model`` (the incumbent when it names none)."""
    path = Path(path)
    items: list[Item] = []
    problems: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read dataset {path}: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            items.append(_jsonl_item(orjson.loads(line), str(number), incumbent))
        except orjson.JSONDecodeError as exc:
            problems.append(f"{path}:{number}: invalid JSON: {exc}")
        except (ValueError, RequestError) as exc:
            problems.append(f"{path}:{number}: {getattr(exc, 'param', None) or 'messages'}: {exc}")
    if problems:
        raise ConfigError(f"invalid dataset {path}:\n  " + "\n  ".join(problems[:50]))
    if not items:
        raise ConfigError(f"dataset {path} has no items")
    return items


def _jsonl_item(row: Any, line: str, incumbent: str) -> Item:
    if not isinstance(row, dict) or not isinstance(row.get("messages"), list) or not row["messages"]:
        raise ValueError("each line needs 'messages': a non-empty list of chat messages")
    messages = list(row["messages"])
    meta: dict[str, Any] = row["metadata"] if isinstance(row.get("metadata"), dict) else {}
    captured: dict[str, Answer] = {}
    if isinstance(messages[-1], dict) and messages[-1].get("role") == "assistant":
        answer = {k: v for k, v in messages.pop().items() if v is not None}
        captured[str(meta.get("model") or incumbent)] = Answer(answer, source="captured")
    if not messages:
        raise ValueError("'messages' holds only the answer; the prompt is missing")
    params = {k: v for k, v in row.items() if k not in ("messages", "metadata", *_CLIENT_ONLY)}
    validate_chat_request({**params, "model": "dataset", "messages": messages})
    tags: list[str] = [str(t) for t in meta["tags"]] if isinstance(meta.get("tags"), list) else []
    return Item(id=str(meta.get("id") or f"line-{line}"), messages=messages, params=params, tags=tags,
                conversation=str(meta["conversation"]) if meta.get("conversation") else None, captured=captured,
                meta={k: meta[k] for k in ("model", "served_by", "ts") if k in meta})


def load_store(conn: sqlite3.Connection, where: TrafficFilter, *, shadows_of: Iterable[str] = ()) -> list[Item]:
    """Answered, fully captured chat requests, oldest first; with ``shadows_of``, only requests that have a shadow
    answer from one of those models, which is then that model's captured answer."""
    wanted = set(shadows_of)
    items = []
    for record in _iter(conn, where, bool(wanted)):
        item = _store_item(record)
        if item is None:
            continue
        for shadow in record["shadow"]:
            if shadow["model"] in wanted and (answer := _shadow_answer(shadow, record["api"])) is not None:
                item.captured[shadow["model"]] = answer
        if wanted and not wanted & set(item.captured):
            continue
        items.append(item)
    return items


def _iter(conn: sqlite3.Connection, where: TrafficFilter, shadowed: bool) -> Iterator[dict[str, Any]]:
    clauses = ["status = 200", "capture = 'full'", "request IS NOT NULL", "response IS NOT NULL"]
    args: list[Any] = []
    if where.api is not None:
        if where.api not in _APIS:
            raise ConfigError(f"--api must be one of {', '.join(_APIS)}, got {where.api!r}")
        clauses.append("api = ?")
        args.append(_APIS[where.api])
    else:
        clauses.append("api IN ('openai.chat', 'anthropic.messages')")
    for column, op, value in (("ts", ">=", where.since), ("ts", "<", where.until), ("model", "=", where.model),
                              ("key_name", "=", where.key)):
        if value is not None:
            clauses.append(f"{column} {op} ?")
            args.append(value)
    if shadowed:
        clauses.append("id IN (SELECT request_id FROM shadows)")
    cursor = conn.execute(f"SELECT * FROM requests WHERE {' AND '.join(clauses)} ORDER BY ts", args)
    wanted_tags = set(where.tags)
    while rows := cursor.fetchmany(500):
        for record in hydrate(conn, rows, True):
            if not wanted_tags or wanted_tags & set(record["tags"]):
                yield record


def _store_item(record: dict[str, Any]) -> Item | None:
    request, response, model = record["request"], record["response"], record["model"] or ""
    if not isinstance(request, dict) or not isinstance(response, dict) or "parity_capture_error" in response:
        return None
    try:
        if record["api"] == "anthropic.messages":
            request = anthropic_to_openai.request(request, model)
            response = openai_to_anthropic.response(response, model)
    except (RequestError, KeyError, TypeError, ValueError):
        return None  # a record the translation cannot read is skipped, not guessed at
    messages = request.get("messages")
    message = answer_from_openai_response(response)
    if not isinstance(messages, list) or not messages or message is None:
        return None
    usage = Usage(record["prompt_tokens"], record["completion_tokens"], record["cached_tokens"],
                  record["reasoning_tokens"], record["tokens_estimated"])
    answer = Answer(message, usage, record["cost_usd"], record["latency_ms"], record["ttft_ms"], source="captured")
    params = {k: v for k, v in request.items() if k not in ("messages", *_CLIENT_ONLY)}
    return Item(id=record["id"], messages=messages, params=params, tags=record["tags"], captured={model: answer},
                meta={"model": model, "api": record["api"], "route": record["route"], "key": record["key_name"],
                      "user": record["user"], "served_by": record["served_by"], "ts": record["ts"]})


def _shadow_answer(shadow: dict[str, Any], api: str) -> Answer | None:
    """The shadow's answer, its failure (real evidence about the candidate), or None when it was not captured."""
    usage = Usage(shadow["prompt_tokens"], shadow["completion_tokens"], shadow["cached_tokens"],
                  shadow["reasoning_tokens"], shadow["tokens_estimated"])
    response = shadow["response"]
    if shadow["status"] == 499:  # cancelled at the gateway's shutdown: no evidence about the candidate
        return None
    if shadow["status"] != 200:
        return Answer(None, usage, error=f"{shadow['status']}: {shadow['error'] or 'shadow call failed'}",
                      latency_ms=shadow["latency_ms"], source="shadow")
    if not isinstance(response, dict) or "parity_capture_error" in response:
        return None
    if api == "anthropic.messages":
        try:
            response = openai_to_anthropic.response(response, shadow["model"])
        except (RequestError, KeyError, TypeError, ValueError):
            return None
    message = answer_from_openai_response(response)
    if message is None:
        return None
    return Answer(message, usage, shadow["cost_usd"], shadow["latency_ms"], shadow["ttft_ms"], source="shadow")
