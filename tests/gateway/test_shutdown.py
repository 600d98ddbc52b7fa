"""Stopping the gateway under load loses no accepted record (SIGTERM drains the capture queue)."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import openai
import yaml

from servers import free_port


def _wait_ready(url: str, proc: subprocess.Popen[bytes], deadline: float = 20) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"gateway exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)  # polling readiness with a deadline, not synchronising on a guess
    raise RuntimeError("gateway did not become ready")


async def test_sigterm_under_load_loses_nothing(tmp_path: Path) -> None:
    store = tmp_path / "p.db"
    config = tmp_path / "parity.yaml"
    config.write_text(yaml.safe_dump({"store": str(store), "models": [
        {"name": "m", "provider": "mock", "options": {"latency_ms": 30}}]}))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    exe = Path(sys.executable).with_name("parity")
    proc = subprocess.Popen([str(exe), "serve", "--config", str(config), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_ready(url, proc)
        client = openai.AsyncOpenAI(base_url=url + "/v1", api_key="x", max_retries=0)
        got: list[str] = []
        first_batch = asyncio.Event()

        async def one(i: int) -> None:
            try:
                raw = await client.chat.completions.with_raw_response.create(
                    model="m", messages=[{"role": "user", "content": f"request {i}"}], stream=i % 2 == 0)
                if i % 2 == 0:
                    async for _ in raw.parse():
                        pass
                else:
                    raw.parse()
                got.append(raw.headers["x-parity-request-id"])
                if len(got) >= 50:
                    first_batch.set()
            except (openai.APIConnectionError, openai.APIStatusError):
                pass  # refused after shutdown began: never accepted, so nothing to record

        async def load() -> None:
            for wave in range(20):
                await asyncio.gather(*(one(wave * 40 + i) for i in range(40)))

        loader = asyncio.create_task(load())
        await first_batch.wait()
        os.kill(proc.pid, signal.SIGTERM)
        await loader
        assert proc.wait(30) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal after a clean shutdown
    finally:
        if proc.poll() is None:
            proc.kill()
    conn = sqlite3.connect(store)
    stored = {row[0] for row in conn.execute("SELECT id FROM requests")}
    assert len(got) >= 50
    assert set(got) <= stored, f"{len(set(got) - stored)} answered requests missing from the store"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
