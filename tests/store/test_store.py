"""The SQLite store: migrations, batch writes read back as ``parity logs`` records, redaction, pruning, the writer."""

from __future__ import annotations

import asyncio
import sqlite3
import time

import orjson
import pytest

from parity.errors import ParityError
from parity.protocol.usage import Usage
from parity.store import queries
from parity.store.db import REDACTED, Redactor, connect, prune, write_batch
from parity.store.records import Attempt, RequestRecord, ShadowRecord
from parity.store.schema import MIGRATIONS, migrate
from parity.store.writer import CaptureWriter

SECRET = "sk-gateway-secret-0001"
UPSTREAM = "sk-upstream-secret-0002"
NO_SECRETS = Redactor([])


def request(rid: str, ts: float, model: str = "m", **kw) -> RequestRecord:
    fields = {"api": "openai.chat", "status": 200, "stream": False, "capture": "full", "served_by": f"{model}#0",
              "usage": Usage(11, 5, 2, 1), "cost_usd": 0.001, "latency_ms": 12.5,
              "request": {"model": model, "messages": [{"role": "user", "content": f"question {rid}"}]},
              "response": {"choices": [{"index": 0, "message": {"role": "assistant", "content": f"answer {rid}"}}]},
              **kw}
    return RequestRecord(id=rid, ts=ts, model=model, **fields)


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


# --- migrations ---------------------------------------------------------------------------------------------------

def test_connect_creates_the_schema_in_wal_mode(tmp_path):
    path = tmp_path / "sub" / "store.db"
    conn = connect(path)
    assert {"requests", "attempts", "shadows", "schema_migrations"} <= tables(conn)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [tuple(r)[:2] for r in conn.execute("SELECT version, name FROM schema_migrations ORDER BY version")]
    assert versions == [(v, n) for v, n, _ in MIGRATIONS]


def test_migrations_are_idempotent(tmp_path):
    path = tmp_path / "store.db"
    conn = connect(path)
    write_batch(conn, [request("r1", 1000.0)], NO_SECRETS)
    newest = MIGRATIONS[-1][0]
    assert migrate(conn) == newest
    conn.close()
    conn = connect(path)  # a second start on the same file
    assert migrate(conn) == newest
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
    assert [r["id"] for r in queries.recent(conn)] == ["r1"]  # data kept


def test_store_from_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "store.db"
    conn = connect(path)
    future = MIGRATIONS[-1][0] + 1
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', 0)", (future,))
    conn.close()
    with pytest.raises((RuntimeError, ParityError), match="newer"):
        connect(path)


def test_readonly_connect_needs_an_existing_store(tmp_path):
    with pytest.raises((FileNotFoundError, ParityError), match="no store at"):
        connect(tmp_path / "absent.db", readonly=True)
    assert not (tmp_path / "absent.db").exists()


# --- write_batch and queries --------------------------------------------------------------------------------------

def test_write_batch_round_trip_with_attempts_and_shadows(tmp_path):
    conn = connect(tmp_path / "store.db")
    first = request("r1", 1000.0, attempts=[Attempt("m#0", 500, "upstream broke", 3.0), Attempt("m#1", 200, None, 9.0)],
                    served_by="m#1", tags=["a", "b"], key_name="app", user="u1", stream=True, ttft_ms=4.0)
    second = request("r2", 2000.0, model="other", attempts=[Attempt("other#0", 200, None, 5.0)])
    shadows = [ShadowRecord("r1", 1, 1000.5, "cand2", 502, error="cand2 down", latency_ms=7.0),
               ShadowRecord("r1", 0, 1000.4, "cand", 200, served_by="cand#0", latency_ms=6.0, usage=Usage(11, 7),
                            cost_usd=None, response={"choices": [{"message": {"content": "shadow answer"}}]})]
    write_batch(conn, [first, *shadows, second], NO_SECRETS)

    records = queries.recent(conn)
    assert [r["id"] for r in records] == ["r2", "r1"]  # newest first
    r1 = records[1]
    assert r1["ts"] == "1970-01-01T00:16:40.000Z"
    assert r1["stream"] is True and r1["tokens_estimated"] is False
    assert (r1["prompt_tokens"], r1["completion_tokens"], r1["cached_tokens"], r1["reasoning_tokens"]) == (11, 5, 2, 1)
    assert r1["cost_usd"] == 0.001 and r1["ttft_ms"] == 4.0 and r1["served_by"] == "m#1"
    assert r1["tags"] == ["a", "b"] and r1["key_name"] == "app" and r1["user"] == "u1"
    assert r1["attempts"] == [{"entry": "m#0", "status": 500, "error": "upstream broke", "latency_ms": 3.0},
                              {"entry": "m#1", "status": 200, "error": None, "latency_ms": 9.0}]
    assert [s["model"] for s in r1["shadow"]] == ["cand", "cand2"]  # in seq order
    assert r1["shadow"][0]["response"]["choices"][0]["message"]["content"] == "shadow answer"
    assert r1["shadow"][0]["completion_tokens"] == 7 and r1["shadow"][0]["cost_usd"] is None
    assert r1["shadow"][1]["status"] == 502 and r1["shadow"][1]["error"] == "cand2 down"
    assert r1["request"]["messages"][0]["content"] == "question r1"
    assert r1["response"]["choices"][0]["message"]["content"] == "answer r1"
    assert records[0]["shadow"] == [] and records[0]["tags"] == []


def test_recent_filters_by_model_since_and_limit(tmp_path):
    conn = connect(tmp_path / "store.db")
    write_batch(conn, [request(f"r{i}", 1000.0 + i, model="a" if i % 2 else "b") for i in range(10)], NO_SECRETS)
    assert [r["id"] for r in queries.recent(conn, model="a")] == ["r9", "r7", "r5", "r3", "r1"]
    assert [r["id"] for r in queries.recent(conn, since=1007.0)] == ["r9", "r8", "r7"]
    assert [r["id"] for r in queries.recent(conn, model="b", since=1005.0)] == ["r8", "r6"]
    assert [r["id"] for r in queries.recent(conn, limit=2)] == ["r9", "r8"]
    assert queries.recent(conn, model="absent") == []
    without = queries.recent(conn, limit=1, bodies=False)[0]
    assert without["request"] is None and without["response"] is None and without["attempts"] == []


def test_rewriting_a_record_replaces_it(tmp_path):
    conn = connect(tmp_path / "store.db")
    write_batch(conn, [request("r1", 1000.0, status=502)], NO_SECRETS)
    write_batch(conn, [request("r1", 1000.0, status=200)], NO_SECRETS)
    assert [r["status"] for r in queries.recent(conn)] == [200]


def test_stats_per_model(tmp_path):
    conn = connect(tmp_path / "store.db")
    now = time.time()
    batch = [request(f"a{i}", now - i, latency_ms=float(10 * (i + 1))) for i in range(10)]
    batch += [request("bad", now, status=502, error="down", cost_usd=None, latency_ms=999.0),
              request("b1", now, model="b", cost_usd=None)]
    write_batch(conn, batch, NO_SECRETS)
    rows = {s["model"]: s for s in queries.stats(conn, since=now - 3600)}
    a = rows["m"]
    assert a["requests"] == 11 and a["errors"] == 1
    assert a["latency_p50_ms"] == 50.0 and a["latency_p99_ms"] == 100.0  # the failure is not in the percentiles
    assert a["cost_usd"] == pytest.approx(0.01)
    assert a["prompt_tokens"] == 121
    assert rows["b"]["cost_usd"] is None and rows["b"]["unpriced_requests"] == 1  # unknown, never a silent 0


# --- redaction and capture policy ---------------------------------------------------------------------------------

def test_redactor_removes_secrets_from_bodies_and_errors(tmp_path):
    path = tmp_path / "store.db"
    conn = connect(path)
    redact = Redactor([SECRET, UPSTREAM, ""])
    rec = request("r1", 1000.0, error=f"upstream said: bad key {UPSTREAM}",
                  request={"model": "m", "messages": [{"role": "user", "content": f"my key is {SECRET}!"}],
                           "api_key": UPSTREAM},
                  response={"choices": [{"message": {"content": f"echo {SECRET}"}}]},
                  attempts=[Attempt("m#0", 401, f"401 for key {UPSTREAM}", 2.0)])
    shadow = ShadowRecord("r1", 0, 1000.1, "cand", 500, error=f"key {SECRET} refused",
                          response={"choices": [{"message": {"content": SECRET}}]})
    write_batch(conn, [rec, shadow], redact)
    [record] = queries.recent(conn)
    assert record["request"]["messages"][0]["content"] == f"my key is {REDACTED}!"
    assert record["request"]["api_key"] == REDACTED
    assert record["response"]["choices"][0]["message"]["content"] == f"echo {REDACTED}"
    assert record["error"] == f"upstream said: bad key {REDACTED}"
    assert record["attempts"][0]["error"] == f"401 for key {REDACTED}"
    assert record["shadow"][0]["error"] == f"key {REDACTED} refused"
    assert record["shadow"][0]["response"]["choices"][0]["message"]["content"] == REDACTED
    conn.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("store.db"))
    assert SECRET.encode() not in raw and UPSTREAM.encode() not in raw


def test_redactor_prefers_the_longest_secret():
    redact = Redactor(["sk-abcdefgh", "sk-abcdefgh-longer"])
    assert redact.text("x sk-abcdefgh-longer y") == f"x {REDACTED} y"
    assert redact.text(None) is None and redact.json(None) is None


def test_redactor_handles_secrets_that_json_escapes():
    secret = 'pa"ss\\word-1234'
    stored = Redactor([secret]).json({"content": f"key={secret}"})
    assert stored is not None and orjson.loads(stored) == {"content": f"key={REDACTED}"}


def test_metadata_capture_stores_no_bodies(tmp_path):
    conn = connect(tmp_path / "store.db")
    write_batch(conn, [request("r1", 1000.0, capture="metadata", tags=["t"]),
                       ShadowRecord("r1", 0, 1000.1, "cand", 200, capture="metadata",
                                    response={"choices": [{"message": {"content": "shadow body"}}]})], NO_SECRETS)
    row = conn.execute("SELECT request, response, capture FROM requests").fetchone()
    assert tuple(row) == (None, None, "metadata")
    assert conn.execute("SELECT response FROM shadows").fetchone()[0] is None
    [record] = queries.recent(conn)
    assert record["prompt_tokens"] == 11 and record["tags"] == ["t"] and record["cost_usd"] == 0.001


# --- pruning ------------------------------------------------------------------------------------------------------

def test_prune_removes_old_records_with_their_attempts_and_shadows(tmp_path):
    conn = connect(tmp_path / "store.db")
    write_batch(conn, [request("old", 1000.0, attempts=[Attempt("m#0", 200, None, 1.0)]),
                       ShadowRecord("old", 0, 1000.2, "cand", 200),
                       request("new", 5000.0, attempts=[Attempt("m#0", 200, None, 1.0)]),
                       ShadowRecord("new", 0, 5000.2, "cand", 200)], NO_SECRETS)
    assert prune(conn, 3000.0) == 1
    assert [r["id"] for r in queries.recent(conn)] == ["new"]
    assert {r[0] for r in conn.execute("SELECT request_id FROM attempts")} == {"new"}
    assert {r[0] for r in conn.execute("SELECT request_id FROM shadows")} == {"new"}
    assert prune(conn, 3000.0) == 0


def test_prune_leaves_no_orphan_shadows(tmp_path):
    conn = connect(tmp_path / "store.db")
    write_batch(conn, [request("r1", 2999.9), ShadowRecord("r1", 0, 3000.1, "cand", 200)], NO_SECRETS)
    prune(conn, 3000.0)
    assert conn.execute("SELECT count(*) FROM shadows").fetchone()[0] == 0


# --- the capture writer -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("queue_size", [10000, 2])
async def test_writer_writes_everything_queued(tmp_path, queue_size):
    path = tmp_path / "store.db"
    seen: list[int] = []
    writer = CaptureWriter(path, redactor=Redactor([SECRET]), queue_size=queue_size,
                           on_batch=lambda batch: seen.append(len(batch)))
    await writer.start()
    count = 1500 if queue_size > 100 else 60
    now = time.time()
    blocked = 0
    for i in range(count):
        record = request(f"r{i:05d}", now + i / 1e4, error=f"e {SECRET}" if i == 7 else None)
        if not writer.put_nowait(record):
            blocked += 1
            await writer.put(record)  # back-pressure: waits for room, never drops
    await writer.close()
    assert writer.written == count and sum(seen) == count
    if queue_size == 2:
        assert blocked > 0  # the back-pressure path was taken
    conn = connect(path, readonly=True)
    assert conn.execute("SELECT count(*) FROM requests").fetchone()[0] == count
    assert conn.execute("SELECT error FROM requests WHERE id = 'r00007'").fetchone()[0] == f"e {REDACTED}"
    conn.close()


async def test_writer_under_concurrent_producers_with_a_small_queue(tmp_path):
    path = tmp_path / "store.db"
    writer = CaptureWriter(path, redactor=NO_SECRETS, queue_size=1)
    await writer.start()

    async def produce(n: int) -> None:
        for i in range(12):
            await writer.put(request(f"p{n}-{i}", 1000.0 + i))

    await asyncio.gather(*(produce(n) for n in range(5)))
    await writer.flush()
    assert writer.queued == 0
    await writer.close()
    conn = connect(path, readonly=True)
    assert conn.execute("SELECT count(*) FROM requests").fetchone()[0] == 60
    conn.close()


async def test_writer_does_not_linger_on_a_full_small_queue(tmp_path):
    writer = CaptureWriter(tmp_path / "store.db", redactor=NO_SECRETS, queue_size=2)
    await writer.start()
    started = time.perf_counter()
    for i in range(150):
        await writer.put(request(f"r{i}", 1000.0 + i))
    await writer.flush()
    elapsed = time.perf_counter() - started
    await writer.close()
    assert elapsed < 0.5  # ~0.03 s of SQLite work; ~1 s when each batch of 3 waits 20 ms


async def test_writer_lands_records_while_a_reader_holds_a_read_transaction(tmp_path):
    path = tmp_path / "store.db"
    writer = CaptureWriter(path, redactor=NO_SECRETS)
    await writer.start()
    await writer.put(request("before", 1000.0))
    await writer.flush()
    reader = connect(path, readonly=True)
    reader.isolation_level = None
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM requests").fetchone()[0] == 1  # the snapshot is now held
    try:
        await writer.put(request("during", 2000.0))
        await asyncio.wait_for(writer.flush(), 10)  # WAL: the writer is not blocked by the reader
        assert reader.execute("SELECT count(*) FROM requests").fetchone()[0] == 1  # still the old snapshot
    finally:
        reader.execute("COMMIT")
    assert [r["id"] for r in queries.recent(reader)] == ["during", "before"]
    reader.close()
    await writer.close()


async def test_writer_prunes_by_retention_at_start(tmp_path):
    path = tmp_path / "store.db"
    conn = connect(path)
    now = time.time()
    write_batch(conn, [request("ancient", now - 10 * 86400), request("recent", now - 60)], NO_SECRETS)
    conn.close()
    writer = CaptureWriter(path, redactor=NO_SECRETS, retention=86400)
    await writer.start()
    await writer.close()
    conn = connect(path, readonly=True)
    assert [r["id"] for r in queries.recent(conn)] == ["recent"]
    conn.close()
