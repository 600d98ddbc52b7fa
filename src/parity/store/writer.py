"""Capture leaves the hot path here: a bounded queue drained in batches by one writer thread.

A full queue makes ``put`` wait (back-pressure) instead of dropping, and ``close`` drains everything, so a record
accepted from a request is written even when the server is stopped under load. A failed batch is retried, never
discarded; metrics are updated from the same batches so the request path pays for neither.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from parity.store.db import Redactor, connect, prune, write_batch
from parity.store.records import RequestRecord, ShadowRecord

log = logging.getLogger("parity.store")
Record = RequestRecord | ShadowRecord
BATCH = 1024
LINGER = 0.02  # seconds a batch waits for company: one commit per 20 ms instead of one per request
PRUNE_EVERY = 3600.0


class CaptureWriter:
    def __init__(self, path: Path, *, redactor: Redactor, queue_size: int = 10000,
                 retention: float | None = None, on_batch: Callable[[Sequence[Record]], None] | None = None) -> None:
        self._path = path
        self._redactor = redactor
        self._queue: asyncio.Queue[Record] = asyncio.Queue(queue_size)
        self._retention = retention
        self._on_batch = on_batch
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="parity-store")
        self._conn: sqlite3.Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self._last_prune = 0.0
        self._closing = False
        self.written = 0

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._conn = await loop.run_in_executor(self._executor, connect, self._path)
        await loop.run_in_executor(self._executor, self._maybe_prune)
        self._task = asyncio.create_task(self._run(), name="parity-capture-writer")

    def put_nowait(self, record: Record) -> bool:
        """Queue without waiting; False when full (the caller then awaits ``put``)."""
        try:
            self._queue.put_nowait(record)
            return True
        except asyncio.QueueFull:
            return False

    @property
    def queued(self) -> int:
        return self._queue.qsize()

    async def put(self, record: Record) -> None:
        if not self.put_nowait(record):
            await self._queue.put(record)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            batch = [await self._queue.get()]
            if not self._closing and not 0 < self._queue.maxsize <= BATCH and self._queue.qsize() < BATCH:
                await asyncio.sleep(LINGER)
            while len(batch) < BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            await self._write(loop, batch)
            for _ in batch:
                self._queue.task_done()

    async def _write(self, loop: asyncio.AbstractEventLoop, batch: list[Record]) -> None:
        delay = 0.05
        while True:
            try:
                await loop.run_in_executor(self._executor, self._write_sync, batch)
                return
            except sqlite3.Error as exc:  # a locked or full disk: keep the batch and try again
                log.error("store write failed, retrying in %.1fs: %s", delay, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
            except Exception:  # a record that cannot be written at all: write the others, name the bad one
                log.exception("store write failed; writing the batch record by record")
                for record in batch:
                    try:
                        await loop.run_in_executor(self._executor, self._write_sync, [record])
                    except Exception:
                        log.exception("dropped unwritable record %s", getattr(record, "id", None) or
                                      getattr(record, "request_id", None))
                return

    def _write_sync(self, batch: list[Record]) -> None:
        assert self._conn is not None
        write_batch(self._conn, batch, self._redactor)
        self.written += len(batch)
        if self._on_batch is not None:
            try:
                self._on_batch(batch)
            except Exception:  # metrics must never stop capture
                log.exception("metrics update failed")
        self._maybe_prune()

    def _maybe_prune(self) -> None:
        now = time.time()
        if self._retention and self._conn is not None and now - self._last_prune > PRUNE_EVERY:
            self._last_prune = now
            removed = prune(self._conn, now - self._retention)
            if removed:
                log.info("retention: pruned %d records", removed)

    async def flush(self) -> None:
        """Wait until everything queued so far is written."""
        await self._queue.join()

    async def close(self) -> None:
        """Write everything queued, then stop. Called from the server's shutdown."""
        self._closing = True
        if self._task is not None:
            await self._queue.join()
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        loop = asyncio.get_running_loop()
        if self._conn is not None:
            await loop.run_in_executor(self._executor, self._conn.close)
        self._executor.shutdown(wait=True)
