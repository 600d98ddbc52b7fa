import os
import stat
from pathlib import Path


def save_private_key(path: Path, pem: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)


def make_executable(script: Path) -> None:
    mode = script.stat().st_mode
    script.chmod(mode | stat.S_IXUSR | stat.S_IXGRP)


def publish_static(path: Path) -> None:
    os.chmod(path, 0o644)
