"""Ordered, named, forward-only migrations. A migration once released is never edited; add a new one."""

from __future__ import annotations

import sqlite3
import time

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial", """
CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    ts REAL NOT NULL,
    api TEXT NOT NULL,
    model TEXT,
    served_by TEXT,
    route TEXT,
    status INTEGER NOT NULL,
    stream INTEGER NOT NULL,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    cached_tokens INTEGER,
    reasoning_tokens INTEGER,
    tokens_estimated INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL,
    latency_ms REAL,
    ttft_ms REAL,
    error TEXT,
    key_name TEXT,
    user TEXT,
    tags TEXT,
    capture TEXT NOT NULL,
    request TEXT,
    response TEXT
);
CREATE INDEX requests_ts ON requests (ts);
CREATE INDEX requests_model_ts ON requests (model, ts);
CREATE INDEX requests_key_ts ON requests (key_name, ts);
CREATE TABLE attempts (
    request_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    entry TEXT NOT NULL,
    status INTEGER,
    error TEXT,
    latency_ms REAL,
    PRIMARY KEY (request_id, seq)
);
CREATE TABLE shadows (
    request_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    ts REAL NOT NULL,
    model TEXT NOT NULL,
    served_by TEXT,
    status INTEGER NOT NULL,
    error TEXT,
    latency_ms REAL,
    ttft_ms REAL,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    cached_tokens INTEGER,
    reasoning_tokens INTEGER,
    tokens_estimated INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL,
    response TEXT,
    PRIMARY KEY (request_id, seq)
);
CREATE INDEX shadows_ts ON shadows (ts);
"""),
    (2, "bakeoff answer cache", """
CREATE TABLE bakeoff_answers (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    ts REAL NOT NULL,
    message TEXT NOT NULL,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    cached_tokens INTEGER,
    reasoning_tokens INTEGER,
    tokens_estimated INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL,
    latency_ms REAL,
    ttft_ms REAL
);
"""),
    (3, "code guard findings", """
ALTER TABLE requests ADD COLUMN guard TEXT
"""),
]


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations this database lacks, each in its own transaction; returns the schema version."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                 "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at REAL NOT NULL)")
    done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    newest = max(done, default=0)
    known = MIGRATIONS[-1][0]
    if newest > known:
        raise RuntimeError(f"the store was written by a newer Parity (schema {newest} > {known}); upgrade Parity")
    for version, name, sql in MIGRATIONS:
        if version in done:
            continue
        with conn:
            conn.execute("BEGIN")
            for statement in filter(str.strip, sql.split(";")):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, time.time()))
        newest = version
    return newest
