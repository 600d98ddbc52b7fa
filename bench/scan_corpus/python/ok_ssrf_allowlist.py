from urllib.parse import urlparse

import requests

ALLOWED = {"api.stripe.com", "hooks.slack.com"}


def forward(url: str, payload: dict) -> int:
    parts = urlparse(url)
    if parts.scheme != "https" or parts.hostname not in ALLOWED:
        raise ValueError("destination not allowed")
    return requests.post(url, json=payload, timeout=5, allow_redirects=False).status_code
