import ssl

import requests

CA_BUNDLE = "/etc/acme/ca-bundle.pem"


def fetch_internal(url: str) -> dict:
    r = requests.get(url, verify=CA_BUNDLE, timeout=10)
    r.raise_for_status()
    return r.json()


def fetch_public(url: str) -> dict:
    return requests.get(url, verify=True, timeout=10).json()


def server_context(cert: str, key: str) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert, key)
    return ctx
