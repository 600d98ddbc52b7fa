#!/usr/bin/env python3
"""Create a release tarball for the current git tag."""
import shlex
import subprocess
import sys
from pathlib import Path


def current_tag() -> str:
    out = subprocess.run(["git", "describe", "--tags", "--abbrev=0"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def make_tarball(dest: Path, name: str) -> Path:
    target = dest / f"{name}.tar.gz"
    subprocess.run(["git", "archive", "--format=tar.gz", f"--prefix={name}/", "-o", str(target), "HEAD"], check=True)
    return target


def ping(host: str) -> bool:
    return subprocess.run(["ping", "-c", "1", "--", host], capture_output=True).returncode == 0


if __name__ == "__main__":
    tag = current_tag()
    path = make_tarball(Path(sys.argv[1]), f"acme-{tag}")
    print("created", shlex.quote(str(path)))
