"""The gateway: a raw ASGI app (measured faster than a framework on this hot path) and its lifespan.

``create_app(config)`` gives an ASGI callable for any ASGI server; ``parity serve`` runs it on uvicorn with uvloop and
httptools. Startup opens the upstream connection pool and the store; shutdown lets in-flight shadow calls finish,
then drains the capture queue, so nothing accepted is lost.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import aiohttp

from parity import __version__
from parity.config import CAPTURE_ORDER, Config
from parity.errors import RequestError
from parity.gateway import chat, embeddings, models
from parity.gateway.asgi import Receive, Request, Scope, Send, respond, respond_json
from parity.gateway.auth import KeyRing, KeyState, check_limits
from parity.gateway.errors import send_error
from parity.gateway.guard import Guard
from parity.gateway.metrics import Metrics
from parity.gateway.routing import Router
from parity.pricing.prices import Rates, resolve
from parity.providers.base import Provider, provider_class
from parity.providers.exchange import Api
from parity.providers.http import new_session
from parity.store.db import Redactor, connect
from parity.store.writer import CaptureWriter

log = logging.getLogger("parity.gateway")
SHADOW_GRACE = 30.0


def build_providers(config: Config, session: aiohttp.ClientSession | None) -> dict[str, Provider]:
    """One provider per config entry, keyed by entry id. Also what the bakeoff and audit call directly."""
    return {e.id: provider_class(e.provider)(e, config.router, session) for e in config.models}


class Gateway:
    """All state of one running gateway. Nothing here is global, so tests can run several side by side."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.max_body = int(config.server.max_body_mb * 1024 * 1024)
        self.keys = KeyRing(config.keys)
        self.guard = Guard(config)
        self.metrics = Metrics()
        self.redactor = Redactor(config.secrets())
        self.session: aiohttp.ClientSession | None = None
        self.router: Router | None = None
        self.rates: dict[str, Rates | None] = {}
        self.writer = CaptureWriter(config.store_path(), redactor=self.redactor, queue_size=config.server.queue_size,
                                    retention=config.retention, on_batch=self.metrics.observe)
        self.background: set[asyncio.Task[Any]] = set()
        self._capture: dict[tuple[str | None, str | None], str] = {}
        self.started = time.time()
        self.inflight = 0  # requests still in their handler (a client may have its answer before capture ends)
        self._idle = asyncio.Event()
        self._idle.set()

    async def startup(self) -> None:
        self.session = new_session()
        providers = build_providers(self.config, self.session)
        self.router = Router(self.config, providers)
        self.rates = {eid: resolve(p.entry, p.name, p.base_url) for eid, p in providers.items()}
        if self.guard.configured:
            self.guard.warm()
        await self.writer.start()
        await asyncio.get_running_loop().run_in_executor(None, self._load_spend)

    def _load_spend(self) -> None:
        """Budgets survive restarts: re-read each budgeted key's spend in its window from the store."""
        budgeted = [s for s in self.keys.states() if s.key.budget_usd is not None]
        if not budgeted:
            return
        conn = connect(self.config.store_path())
        try:
            for state in budgeted:
                since = time.time() - state.key.budget_period if state.key.budget_period else 0.0
                rows = conn.execute("SELECT ts, cost_usd FROM requests WHERE key_name = ? AND ts > ? AND cost_usd > 0 "
                                    "ORDER BY ts", (state.key.name, since)).fetchall()
                state.spend.extend((ts, cost) for ts, cost in rows)
                state.spend_sum = sum(cost for _, cost in rows)
        finally:
            conn.close()

    async def shutdown(self) -> None:
        if self.background:
            _, pending = await asyncio.wait(self.background, timeout=SHADOW_GRACE)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
        await self.writer.close()
        if self.session is not None:
            await self.session.close()

    async def settle(self) -> None:
        """Wait until no request is in its handler, no shadow call runs, and every capture is written."""
        while self.inflight or self.background:
            await self._idle.wait()
            if self.background:
                await asyncio.wait(set(self.background))
        await self.writer.flush()

    def spawn(self, coro: Any) -> None:
        """A background task (a shadow call) that shutdown waits for."""
        task = asyncio.create_task(coro)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    def visible_models(self, key: KeyState | None) -> list[str]:
        """The public names this key may use (all without auth or an allow-list)."""
        names = self.router.names() if self.router else []
        return names if key is None or key.key.models is None else [n for n in names if n in key.key.models]

    def admit(self, key: KeyState | None, model: str) -> None:
        """404 for an unknown model (listing what this key may use), then the key's limits; RequestError either way."""
        assert self.router is not None
        if model not in self.router.groups:
            names = ", ".join(self.visible_models(key)) or "(none)"
            raise RequestError(f"model {model!r} not found; available: {names}", status=404, param="model",
                               kind="model_not_found")
        if key is not None:
            check_limits(key, model)

    def capture_policy(self, model: str | None, key_name: str | None, key_policy: str | None) -> str:
        """The most restrictive of the model's, the key's and the global policy."""
        cached = self._capture.get((model, key_name))
        if cached is None:
            entries = self.config.entries(model) if model else []
            model_policy = next((e.capture for e in entries if e.capture), None)
            policies = [p for p in (model_policy, key_policy) if p] or [self.config.capture]
            cached = min(policies, key=CAPTURE_ORDER.__getitem__)
            self._capture[(model, key_name)] = cached
        return cached

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            self.inflight += 1
            self._idle.clear()
            try:
                await self._http(Request(scope, receive, send))
            finally:
                self.inflight -= 1
                if not self.inflight:
                    self._idle.set()
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as exc:
                    log.exception("gateway startup failed")
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, req: Request) -> None:
        path = req.path.rstrip("/") or "/"
        if path.startswith("/v1/"):
            path = path[3:]
        method = req.method
        if method == "POST":
            if path == "/chat/completions":
                return await chat.handle(self, req, "openai")
            if path == "/messages":
                return await chat.handle(self, req, "anthropic")
            if path == "/messages/count_tokens":
                return await chat.count_tokens(self, req)
            if path == "/embeddings":
                return await embeddings.handle(self, req)
        elif method == "GET":
            if path == "/health":
                return await self._health(req)
            if path == "/metrics":
                return await self._metrics(req)
            if path == "/models" or path.startswith("/models/"):
                return await models.handle(self, req, path)
        api: Api = "anthropic" if "anthropic-version" in req.headers or path.startswith("/messages") else "openai"
        known = {"/chat/completions", "/messages", "/messages/count_tokens", "/embeddings", "/health", "/metrics",
                 "/models"}
        if path in known:
            return await send_error(req.send, api, 405, f"method {method} not allowed on {req.path}", {})
        await send_error(req.send, api, 404, f"no route for {method} {req.path}", {})

    async def _health(self, req: Request) -> None:
        healthy = self.router.healthy() if self.router else {}
        await respond_json(req.send, 200, {"status": "ok", "version": __version__,
                                           "uptime_s": round(time.time() - self.started, 1),
                                           "capture_queue": self.writer.queued, "deployments": healthy})

    async def _metrics(self, req: Request) -> None:
        try:
            self.keys.authenticate(req.bearer()) if self.config.server.metrics_auth else None
        except RequestError as exc:
            return await send_error(req.send, "openai", exc.status, exc.message, {})
        self.metrics.queue.set(self.writer.queued)
        for entry_id, ok in (self.router.healthy() if self.router else {}).items():
            self.metrics.healthy.labels(entry_id).set(1 if ok else 0)
        await respond(req.send, 200, self.metrics.render(), {}, b"text/plain; version=0.0.4; charset=utf-8")


def create_app(config: Config) -> Gateway:
    return Gateway(config)
