import base64
from pathlib import Path

# 1x1 transparent PNG used as a placeholder avatar.
PLACEHOLDER_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def data_uri(path: Path, mime: str = "image/png") -> str:
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{mime};base64,{encoded}"


def decode_upload(payload: str) -> bytes:
    header, _, body = payload.partition(",")
    if not header.startswith("data:image/"):
        raise ValueError("not an image")
    return base64.b64decode(body, validate=True)
