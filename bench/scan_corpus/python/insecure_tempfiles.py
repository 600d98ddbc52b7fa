import os
import tempfile


def render_report(data: bytes) -> str:
    path = tempfile.mktemp(suffix=".pdf")
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def cache_credentials(token: str) -> None:
    with open("/tmp/deploy_token", "w") as fh:
        fh.write(token)
    os.chmod("/tmp/deploy_token", 0o644)
