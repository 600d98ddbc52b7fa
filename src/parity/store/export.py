"""Captured traffic as OpenAI-format chat JSONL: the dataset the bakeoff reads and fine-tuning uses.

One exchange a line: the request's messages, then the captured answer as the final assistant message. Anthropic
traffic is converted with the same translation the gateway uses, so both APIs give one format.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import IO, Any

import orjson

from parity.providers.translate import anthropic_to_openai, openai_to_anthropic
from parity.store.queries import iter_records


def exchange(record: dict[str, Any]) -> dict[str, Any] | None:
    """One record as a training/bakeoff line, or None when it has no complete captured exchange."""
    request, response = record.get("request"), record.get("response")
    if record["status"] != 200 or not isinstance(request, dict) or not isinstance(response, dict):
        return None
    if record["api"] == "anthropic.messages":
        request = anthropic_to_openai.request(request, record["model"] or "")
        response = openai_to_anthropic.response(response, record["model"] or "")
    elif record["api"] != "openai.chat":
        return None
    choices = response.get("choices") or []
    if not choices or not isinstance(choices[0], dict) or not isinstance(choices[0].get("message"), dict):
        return None
    answer = {k: v for k, v in choices[0]["message"].items() if v is not None}
    answer["role"] = "assistant"
    line: dict[str, Any] = {"messages": [*request.get("messages", []), answer]}
    if request.get("tools"):
        line["tools"] = request["tools"]
    line["metadata"] = {"id": record["id"], "model": record["model"], "served_by": record["served_by"],
                        "ts": record["ts"], "tags": record["tags"]}
    return line


def lines(conn: sqlite3.Connection, *, model: str | None = None, since: float | None = None) -> Iterator[bytes]:
    for record in iter_records(conn, model=model, since=since):
        line = exchange(record)
        if line is not None:
            yield orjson.dumps(line) + b"\n"


def export_jsonl(conn: sqlite3.Connection, out: IO[bytes], *, model: str | None = None,
                 since: float | None = None) -> int:
    """Write the JSONL to ``out``; returns the number of exchanges written."""
    count = 0
    for line in lines(conn, model=model, since=since):
        out.write(line)
        count += 1
    return count
