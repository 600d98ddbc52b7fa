"""The floor: a bare pass-through proxy on Parity's stack (raw ASGI, uvicorn with uvloop and httptools, an aiohttp
client, orjson) with no validation, routing or capture. What Parity adds above this is the cost of its features.

usage: uvicorn bare_proxy:app --app-dir bench --port 4160 --loop uvloop --http httptools --no-access-log
env: UPSTREAM (default http://127.0.0.1:9100/v1)
"""

from __future__ import annotations

import os
from typing import Any

import aiohttp
import orjson
from yarl import URL

UPSTREAM = URL(os.environ.get("UPSTREAM", "http://127.0.0.1:9100/v1") + "/chat/completions")
_session: aiohttp.ClientSession | None = None


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    global _session
    if scope["type"] != "http":
        return
    if scope["path"] == "/health":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
        return
    if _session is None:
        _session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                         cookie_jar=aiohttp.DummyCookieJar())
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    request = orjson.loads(body)
    async with _session.post(UPSTREAM, data=orjson.dumps(request),
                             headers={"content-type": "application/json"}) as upstream:
        headers = [(b"content-type", upstream.headers.get("content-type", "application/json").encode())]
        await send({"type": "http.response.start", "status": upstream.status, "headers": headers})
        if request.get("stream"):
            async for chunk in upstream.content.iter_any():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        else:
            await send({"type": "http.response.body", "body": await upstream.read()})
