"""HTTP plumbing shared by the providers that call upstream servers: one pooled aiohttp session, error mapping."""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import AsyncGenerator, Mapping
from typing import Any

import aiohttp
import orjson
from yarl import URL

from parity import __version__
from parity.errors import UpstreamError
from parity.protocol.errors import extract_error_message


def new_session() -> aiohttp.ClientSession:
    """One session for all upstreams: connection pooling per host, no limit on concurrent connections."""
    connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300, keepalive_timeout=60)
    return aiohttp.ClientSession(connector=connector, json_serialize=lambda o: orjson.dumps(o).decode(),
                                 cookie_jar=aiohttp.DummyCookieJar(), skip_auto_headers=("User-Agent",),
                                 headers={"user-agent": f"parity/{__version__}"}, raise_for_status=False,
                                 trust_env=False)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the upstream asked us to wait: ``retry-after-ms`` (OpenAI), or ``Retry-After`` seconds or date."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def status_error(status: int, raw: bytes, headers: Mapping[str, str], upstream: str) -> UpstreamError:
    body: Any
    try:
        body = orjson.loads(raw) if raw else None
    except orjson.JSONDecodeError:
        body = raw[:2000].decode("utf-8", "replace")
    reason = extract_error_message(body) or f"HTTP {status}"
    return UpstreamError.from_status(status, f"{upstream} returned {status}: {reason}",
                                     retry_after=retry_after(headers), body=body)


def transport_error(exc: BaseException, upstream: str) -> UpstreamError:
    """Connect errors and timeouts; both may be retried elsewhere. The message never includes headers."""
    if isinstance(exc, asyncio.TimeoutError | aiohttp.ServerTimeoutError):
        return UpstreamError(f"{upstream} timed out", kind="timeout", status=504, retryable=True)
    if isinstance(exc, aiohttp.ClientPayloadError):
        return UpstreamError(f"{upstream} broke off its answer: {exc}", kind="protocol", status=502, retryable=True)
    detail = str(exc) or type(exc).__name__
    return UpstreamError(f"cannot reach {upstream}: {detail}", kind="connect", status=502, retryable=True)


async def post_read(session: aiohttp.ClientSession, url: str | URL, body: dict[str, Any], headers: dict[str, str],
                    *, timeout: aiohttp.ClientTimeout, upstream: str) -> bytes:
    """POST JSON and read the whole 2xx body; everything else becomes UpstreamError."""
    try:
        async with session.post(url, data=orjson.dumps(body), headers=headers, timeout=timeout) as response:
            raw = await response.read()
            if response.status >= 300:
                raise status_error(response.status, raw, response.headers, upstream)
            return raw
    except UpstreamError:
        raise
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        raise transport_error(exc, upstream) from exc


async def post_stream(session: aiohttp.ClientSession, url: str | URL, body: dict[str, Any],
                      headers: dict[str, str], *, timeout: aiohttp.ClientTimeout,
                      upstream: str) -> AsyncGenerator[bytes, None]:
    """POST JSON and yield the 2xx body as it arrives; closing the generator closes the upstream connection."""
    try:
        async with session.post(url, data=orjson.dumps(body), headers=headers, timeout=timeout) as response:
            if response.status >= 300:
                raise status_error(response.status, await response.read(), response.headers, upstream)
            async for chunk in response.content.iter_any():
                yield chunk
    except UpstreamError:
        raise
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        raise transport_error(exc, upstream) from exc


def json_object(raw: bytes, upstream: str) -> dict[str, Any]:
    """A 2xx body that must be a JSON object; anything else is the upstream's fault (and worth a fallback)."""
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise UpstreamError(f"{upstream} answered with invalid JSON", kind="protocol", status=502,
                            retryable=True) from exc
    if not isinstance(parsed, dict):
        raise UpstreamError(f"{upstream} answered with a JSON {type(parsed).__name__}, not an object",
                            kind="protocol", status=502, retryable=True)
    return parsed
