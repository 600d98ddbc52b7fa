"""Fixtures: stand-in upstreams and the real gateway, each a real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))

from parity.config import load_config
from parity.gateway.app import Gateway, create_app
from parity.store import queries
from parity.store.db import connect
from servers import ServerThread
from stubs import AnthropicStub, OpenAIStub


class GatewayHandle:
    """A running gateway and ways to look inside it."""

    def __init__(self, server: ServerThread, app: Gateway, config_path: Path) -> None:
        self.server = server
        self.app = app
        self.url = server.url
        self.config_path = config_path

    def run(self, coro: Any, timeout: float = 30) -> Any:
        assert self.server.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.server.loop).result(timeout)

    def flush(self) -> None:
        """Wait for shadows and queued captures to reach the store."""

        self.run(self.app.settle())

    def records(self, limit: int = 100, **kw: Any) -> list[dict[str, Any]]:
        self.flush()
        conn = connect(self.app.config.store_path(), readonly=True)
        try:
            return queries.recent(conn, limit=limit, **kw)
        finally:
            conn.close()


def _served(stub: Any) -> Iterator[Any]:
    server = ServerThread(stub).start()
    stub.url = server.url
    yield stub
    server.stop()


@pytest.fixture
def openai_stub() -> Iterator[OpenAIStub]:
    yield from _served(OpenAIStub("openai-stub"))


@pytest.fixture
def second_stub() -> Iterator[OpenAIStub]:
    yield from _served(OpenAIStub("second-stub"))


@pytest.fixture
def anthropic_stub() -> Iterator[AnthropicStub]:
    yield from _served(AnthropicStub("anthropic-stub"))


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[Callable[[dict[str, Any]], GatewayHandle]]:
    """Start the real gateway from a config dict (written as YAML and loaded like a user's file)."""
    started: list[GatewayHandle] = []

    def start(config: dict[str, Any]) -> GatewayHandle:
        config = {"store": str(tmp_path / f"store{len(started)}.db"), **config}
        path = tmp_path / f"parity{len(started)}.yaml"
        path.write_text(yaml.safe_dump(config))
        app = create_app(load_config(path))
        handle = GatewayHandle(ServerThread(app).start(), app, path)
        started.append(handle)
        return handle

    yield start
    for handle in started:
        handle.server.stop()
