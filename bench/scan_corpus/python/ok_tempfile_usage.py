import os
import tempfile
from pathlib import Path


def render_report(data: bytes) -> Path:
    fd, name = tempfile.mkstemp(suffix=".pdf")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return Path(name)


def convert(blob: bytes) -> bytes:
    with tempfile.NamedTemporaryFile(suffix=".csv") as tmp:
        tmp.write(blob)
        tmp.flush()
        return Path(tmp.name).read_bytes()


def scratch() -> str:
    with tempfile.TemporaryDirectory(prefix="build-") as d:
        return os.path.basename(d)
