"""Reading captured traffic back: the ``logs`` records and the ``stats`` summary, as plain dicts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

import orjson

_REQUEST_FIELDS = ("id", "ts", "api", "model", "served_by", "route", "status", "stream", "prompt_tokens",
                   "completion_tokens", "cached_tokens", "reasoning_tokens", "tokens_estimated", "cost_usd",
                   "latency_ms", "ttft_ms", "error", "key_name", "user", "tags", "capture", "request", "response",
                   "guard")


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _loads(value: str | None) -> Any:
    return None if value is None else orjson.loads(value)


def recent(conn: sqlite3.Connection, *, limit: int = 50, model: str | None = None, since: float | None = None,
           bodies: bool = True) -> list[dict[str, Any]]:
    """Newest first, each in the ``parity logs --json`` shape (design.md), attempts and shadows included."""
    where, args = _filters(model, since)
    rows = conn.execute(f"SELECT * FROM requests {where} ORDER BY ts DESC LIMIT ?", (*args, limit)).fetchall()
    return hydrate(conn, rows, bodies)


def iter_records(conn: sqlite3.Connection, *, model: str | None = None, since: float | None = None,
                 batch: int = 500) -> Any:
    """Oldest first, all matching records, fetched in batches (for export)."""
    where, args = _filters(model, since)
    cursor = conn.execute(f"SELECT * FROM requests {where} ORDER BY ts", args)
    while rows := cursor.fetchmany(batch):
        yield from hydrate(conn, rows, True)


def _filters(model: str | None, since: float | None, until: float | None = None) -> tuple[str, tuple[Any, ...]]:
    clauses: list[str] = []
    args: list[Any] = []
    if until is not None:
        clauses.append("ts < ?")
        args.append(until)
    if model:
        clauses.append("model = ?")
        args.append(model)
    if since is not None:
        clauses.append("ts >= ?")
        args.append(since)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", tuple(args)


def hydrate(conn: sqlite3.Connection, rows: list[sqlite3.Row], bodies: bool) -> list[dict[str, Any]]:
    ids = [r["id"] for r in rows]
    attempts: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    shadows: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        marks = ",".join("?" * len(chunk))
        for a in conn.execute(f"SELECT * FROM attempts WHERE request_id IN ({marks}) ORDER BY seq", chunk):
            attempts[a["request_id"]].append({"entry": a["entry"], "status": a["status"], "error": a["error"],
                                              "latency_ms": a["latency_ms"]})
        for s in conn.execute(f"SELECT * FROM shadows WHERE request_id IN ({marks}) ORDER BY seq", chunk):
            shadows[s["request_id"]].append({
                "model": s["model"], "served_by": s["served_by"], "status": s["status"], "error": s["error"],
                "latency_ms": s["latency_ms"], "ttft_ms": s["ttft_ms"], "prompt_tokens": s["prompt_tokens"],
                "completion_tokens": s["completion_tokens"], "cached_tokens": s["cached_tokens"],
                "reasoning_tokens": s["reasoning_tokens"], "tokens_estimated": bool(s["tokens_estimated"]),
                "cost_usd": s["cost_usd"], "response": _loads(s["response"]) if bodies else None})
    out = []
    for r in rows:
        record = {f: r[f] for f in _REQUEST_FIELDS}
        record["ts"] = iso(r["ts"])
        record["stream"] = bool(r["stream"])
        record["tokens_estimated"] = bool(r["tokens_estimated"])
        record["tags"] = _loads(r["tags"]) or []
        record["request"] = _loads(r["request"]) if bodies else None
        record["response"] = _loads(r["response"]) if bodies else None
        record["guard"] = _loads(r["guard"])
        record["attempts"] = attempts[r["id"]]
        record["shadow"] = shadows[r["id"]]
        out.append(record)
    return out


def stats(conn: sqlite3.Connection, *, since: float | None = None, until: float | None = None) -> list[dict[str, Any]]:
    """Per public model: requests, errors, tokens, latency percentiles, and cost: the sum over priced requests,
    with ``unpriced_requests`` counting answered requests whose price is unknown (cost None when all are)."""
    where, args = _filters(None, since, until)
    per: dict[str, dict[str, Any]] = {}
    query = (f"SELECT model, status, error, prompt_tokens, completion_tokens, cost_usd, latency_ms, ttft_ms, "
             f"tokens_estimated FROM requests {where}")
    for row in conn.execute(query, args):
        s = per.setdefault(row["model"] or "(none)", {
            "model": row["model"] or "(none)", "requests": 0, "errors": 0, "prompt_tokens": 0,
            "completion_tokens": 0, "estimated_requests": 0, "cost_usd": 0.0, "unpriced_requests": 0,
            "_lat": [], "_ttft": []})
        s["requests"] += 1
        if row["status"] >= 400 or row["error"]:
            s["errors"] += 1
        s["prompt_tokens"] += row["prompt_tokens"] or 0
        s["completion_tokens"] += row["completion_tokens"] or 0
        s["estimated_requests"] += row["tokens_estimated"]
        if row["cost_usd"] is None:
            if row["status"] == 200:
                s["unpriced_requests"] += 1
        else:
            s["cost_usd"] += row["cost_usd"]
        if row["latency_ms"] is not None and row["status"] < 400:
            s["_lat"].append(row["latency_ms"])
        if row["ttft_ms"] is not None:
            s["_ttft"].append(row["ttft_ms"])
    out = []
    for s in sorted(per.values(), key=lambda x: -x["requests"]):
        lat, ttft = sorted(s.pop("_lat")), sorted(s.pop("_ttft"))
        s["error_rate"] = s["errors"] / s["requests"]
        s["cost_usd"] = None if s["unpriced_requests"] and not s["cost_usd"] else round(s["cost_usd"], 6)
        s.update({"latency_p50_ms": percentile(lat, 50), "latency_p95_ms": percentile(lat, 95),
                  "latency_p99_ms": percentile(lat, 99), "ttft_p50_ms": percentile(ttft, 50),
                  "ttft_p95_ms": percentile(ttft, 95)})
        out.append(s)
    return out


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile of sorted ``values``: a value that was actually observed."""
    if not values:
        return None
    rank = max(1, -(-len(values) * p // 100))
    return round(values[int(rank) - 1], 3)
