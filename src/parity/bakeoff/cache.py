"""The bakeoff's answer cache, in the store: an answer once paid for is never paid for again.

Keyed by (model, request) (``Item.request_key``), so an interrupted run resumes where it stopped, a re-score with
new scorers costs no model calls, and a judge's verdicts are reused too. Only successful answers are kept: an error
is retried next time. Rows are buffered and written in small batches; ``flush`` runs at the end and on interrupt,
so at most one batch (a fraction of a second of work) is repaid after a crash.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import orjson

from parity.bakeoff.items import Answer
from parity.protocol.usage import Usage
from parity.store.db import Redactor, connect

_BATCH = 200
_LINGER_S = 0.5


class AnswerCache:
    def __init__(self, path: str | Path, redactor: Redactor | None = None, *, read: bool = True) -> None:
        self.conn: sqlite3.Connection = connect(path)
        self.redactor = redactor or Redactor(())
        self.read = read
        """False for ``--fresh``: every answer is asked again (and the new one replaces the old)."""
        self._pending: list[tuple[Any, ...]] = []
        self._last_flush = time.monotonic()

    def get(self, key: str) -> Answer | None:
        if not self.read:
            return None
        row = self.conn.execute("SELECT * FROM bakeoff_answers WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        usage = Usage(row["prompt_tokens"], row["completion_tokens"], row["cached_tokens"], row["reasoning_tokens"],
                      bool(row["tokens_estimated"]))
        return Answer(orjson.loads(row["message"]), usage, row["cost_usd"], row["latency_ms"], row["ttft_ms"],
                      source="cache")

    def put(self, key: str, model: str, answer: Answer) -> None:
        if not answer.ok:
            return
        u = answer.usage
        message = self.redactor.text(orjson.dumps(answer.message).decode())
        self._pending.append((key, model, time.time(), message, u.prompt_tokens, u.completion_tokens,
                              u.cached_tokens, u.reasoning_tokens, int(u.estimated), answer.cost_usd,
                              answer.latency_ms, answer.ttft_ms))
        if len(self._pending) >= _BATCH or time.monotonic() - self._last_flush > _LINGER_S:
            self.flush()

    def flush(self) -> None:
        self._last_flush = time.monotonic()
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        with self.conn:
            self.conn.execute("BEGIN")
            self.conn.executemany(f"INSERT OR REPLACE INTO bakeoff_answers VALUES ({','.join('?' * 12)})", rows)

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.conn.close()
