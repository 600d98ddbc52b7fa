"""The SQLite store: one file in WAL mode, so the gateway writes while ``parity logs`` reads."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson

from parity.store.records import RequestRecord, ShadowRecord
from parity.store.schema import migrate

REDACTED = "[redacted]"
log = logging.getLogger("parity.store")


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and for writers create and migrate) the store."""
    path = Path(path)
    if readonly:
        if not path.exists():
            raise FileNotFoundError(f"no store at {path}: start the gateway first (parity serve)")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        migrate(conn)
    conn.row_factory = sqlite3.Row
    return conn


class Redactor:
    """Replaces every configured secret wherever it appears in text bound for the store or a log."""

    def __init__(self, secrets: Iterable[str]) -> None:
        plain = {s for s in secrets if s}
        escaped = {orjson.dumps(s).decode()[1:-1] for s in plain}  # as the secret appears inside JSON text
        self._secrets = sorted(plain | escaped, key=len, reverse=True)

    def text(self, value: str | None) -> str | None:
        if value is None:
            return None
        for secret in self._secrets:
            if secret in value:
                value = value.replace(secret, REDACTED)
        return value

    def json(self, value: Any) -> str | None:
        if callable(value):  # a streamed answer, assembled here rather than on the event loop
            try:
                value = value()
            except Exception as exc:  # the record still lands, with the reason in place of the body
                log.exception("could not assemble a captured answer")
                value = {"parity_capture_error": f"{type(exc).__name__}: {exc}"}
        if value is None:
            return None
        return self.text(orjson.dumps(value, default=str).decode())


def write_batch(conn: sqlite3.Connection, records: Sequence[RequestRecord | ShadowRecord], redact: Redactor) -> None:
    """Insert a batch in one transaction: either every record lands or none does (and the caller retries)."""
    requests: list[tuple[Any, ...]] = []
    attempts: list[tuple[Any, ...]] = []
    shadows: list[tuple[Any, ...]] = []
    for r in records:
        if isinstance(r, ShadowRecord):
            u = r.usage
            full = r.capture == "full"
            shadows.append((r.request_id, r.seq, r.ts, r.model, r.served_by, r.status, redact.text(r.error),
                            r.latency_ms, r.ttft_ms, u.prompt_tokens, u.completion_tokens, u.cached_tokens,
                            u.reasoning_tokens, int(u.estimated), r.cost_usd,
                            redact.json(r.response) if full else None))
            continue
        u = r.usage
        full = r.capture == "full"
        requests.append((r.id, r.ts, r.api, r.model, r.served_by, r.route, r.status, int(r.stream),
                         u.prompt_tokens, u.completion_tokens, u.cached_tokens, u.reasoning_tokens,
                         int(u.estimated), r.cost_usd, r.latency_ms, r.ttft_ms, redact.text(r.error), r.key_name,
                         redact.text(r.user), redact.json(r.tags) if r.tags else None, r.capture,
                         redact.json(r.request) if full else None, redact.json(r.response) if full else None,
                         redact.json(r.guard if full else _without_snippets(r.guard))))
        attempts.extend((r.id, i, a.entry, a.status, redact.text(a.error), a.latency_ms)
                        for i, a in enumerate(r.attempts))
    with conn:
        conn.execute("BEGIN")
        if requests:
            conn.executemany(f"INSERT OR REPLACE INTO requests VALUES ({','.join('?' * 24)})", requests)
        if attempts:
            conn.executemany("INSERT OR REPLACE INTO attempts VALUES (?,?,?,?,?,?)", attempts)
        if shadows:
            conn.executemany(f"INSERT OR REPLACE INTO shadows VALUES ({','.join('?' * 16)})", shadows)


def _without_snippets(guard: dict[str, Any] | None) -> dict[str, Any] | None:
    """A guard verdict for a record captured without bodies: the snippets are the answer's own text."""
    if guard is None:
        return None
    return {**guard, "findings": [{**f, "snippet": None, "message": None} for f in guard["findings"]]}


def prune(conn: sqlite3.Connection, before_ts: float) -> int:
    """Delete records older than ``before_ts`` with their attempts and shadows; returns how many requests went."""
    with conn:
        conn.execute("BEGIN")
        conn.execute("DELETE FROM attempts WHERE request_id IN (SELECT id FROM requests WHERE ts < ?)", (before_ts,))
        conn.execute("DELETE FROM shadows WHERE ts < ? OR request_id IN (SELECT id FROM requests WHERE ts < ?)",
                     (before_ts, before_ts))
        cur = conn.execute("DELETE FROM requests WHERE ts < ?", (before_ts,))
        return cur.rowcount
