"""The exception tree. Each boundary (config, gateway, CLI) translates these with ``raise ... from``."""

from __future__ import annotations


class ParityError(Exception):
    """Base of every error Parity raises on purpose."""


class ConfigError(ParityError):
    """The config file is invalid; the message names the file, line and key."""


class RequestError(ParityError):
    """The client's request is wrong; becomes a 4xx in the client's API shape."""

    def __init__(self, message: str, *, status: int = 400, param: str | None = None, kind: str | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.param = param
        self.kind = kind
        self.retry_after = retry_after


class UpstreamError(ParityError):
    """An upstream call failed. ``retryable`` says whether another attempt (or a fallback) may help.

    ``kind`` is ``connect``, ``timeout``, ``http`` or ``protocol``; ``status`` the upstream's HTTP status (or the
    status the gateway would return for a connect error or timeout); ``body`` the upstream's error body if any.
    """

    def __init__(self, message: str, *, kind: str, status: int, retryable: bool,
                 retry_after: float | None = None, body: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after
        self.body = body

    @classmethod
    def from_status(cls, status: int, message: str, *, retry_after: float | None = None,
                    body: object = None) -> UpstreamError:
        """A non-2xx upstream reply: 408, 409, 429 and 5xx are retryable; other 4xx are the client's fault."""
        retryable = status in (408, 409, 429) or status >= 500
        return cls(message, kind="http", status=status, retryable=retryable, retry_after=retry_after, body=body)
