"""Error bodies in each API's own shape, so an SDK raises the same exception class it would against the real API.

The type names are the ones OpenAI and Anthropic actually send; clients branch on them (Anthropic's SDK on the
status, OpenAI users often on ``code``).
"""

from __future__ import annotations

from typing import Any

import orjson

# status -> (type, code)
_OPENAI: dict[int, tuple[str, str | None]] = {
    400: ("invalid_request_error", None),
    401: ("invalid_request_error", "invalid_api_key"),
    403: ("invalid_request_error", "permission_denied"),
    404: ("invalid_request_error", "model_not_found"),
    408: ("timeout", "timeout"),
    409: ("invalid_request_error", "conflict"),
    413: ("invalid_request_error", "request_too_large"),
    422: ("invalid_request_error", None),
    429: ("rate_limit_exceeded", "rate_limit_exceeded"),
    500: ("server_error", None),
    502: ("server_error", "bad_gateway"),
    503: ("server_error", "service_unavailable"),
    504: ("timeout", "timeout"),
}

_ANTHROPIC: dict[int, str] = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    408: "timeout_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    502: "api_error",
    503: "overloaded_error",
    504: "timeout_error",
    529: "overloaded_error",
}


def openai_error_body(status: int, message: str, *, param: str | None = None, code: str | None = None,
                      type: str | None = None) -> dict[str, Any]:
    """``{"error": {"message", "type", "param", "code"}}``; ``type`` and ``code`` default by status."""
    default_type, default_code = _OPENAI.get(status) or (
        ("server_error", None) if status >= 500 else ("invalid_request_error", None))
    return {"error": {"message": message, "type": type or default_type, "param": param,
                      "code": code if code is not None else default_code}}


def anthropic_error_type(status: int) -> str:
    """Anthropic's ``error.type`` for an HTTP status."""
    return _ANTHROPIC.get(status) or ("api_error" if status >= 500 else "invalid_request_error")


def anthropic_error_body(status: int, message: str) -> dict[str, Any]:
    """``{"type": "error", "error": {"type", "message"}}``."""
    return {"type": "error", "error": {"type": anthropic_error_type(status), "message": message}}


_MAX_MESSAGE = 2000


def extract_error_message(body: object) -> str | None:
    """A human message from an upstream error body of either shape, FastAPI's ``detail``, or plain text.

    Returns ``None`` when there is nothing readable, so callers can fall back to the status line.
    """
    if isinstance(body, bytes | bytearray):
        body = bytes(body).decode("utf-8", "replace")
    if isinstance(body, str):
        text = body.strip()
        if text[:1] in ("{", "["):
            try:
                parsed = orjson.loads(text)
            except orjson.JSONDecodeError:
                parsed = None
            if parsed is not None:
                return extract_error_message(parsed) or text[:_MAX_MESSAGE]
        return text[:_MAX_MESSAGE] or None
    if isinstance(body, list):
        messages = [m for m in (extract_error_message(item) for item in body) if m]
        return "; ".join(messages) or None
    if not isinstance(body, dict):
        return None
    error = body.get("error")
    if isinstance(error, dict):
        found = extract_error_message(error)
        if found:
            return found
    elif isinstance(error, str) and error.strip():
        return error.strip()[:_MAX_MESSAGE]
    for key in ("message", "detail", "msg", "error_message"):
        value = body.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:_MAX_MESSAGE]
        if isinstance(value, list | dict):
            found = extract_error_message(value)
            if found:
                return found
    return None
