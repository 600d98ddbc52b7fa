"""Thin wrappers around git used by the release tooling."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

GIT = shutil.which("git") or "git"


def run_git(repo: Path, *args: str, timeout: float = 30) -> str:
    """Run git with an argument list (no shell) and return stdout."""
    proc = subprocess.run(
        [GIT, "-C", str(repo), *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return proc.stdout.strip()


def changed_files(repo: Path, base: str, head: str = "HEAD") -> list[str]:
    out = run_git(repo, "diff", "--name-only", f"{base}...{head}", "--")
    return [line for line in out.splitlines() if line]


def tag_release(repo: Path, version: str, message: str) -> None:
    run_git(repo, "tag", "-a", f"v{version}", "-m", message)


def describe_for_humans(repo: Path, *args: str) -> str:
    """The command line a user can copy-paste to reproduce what we ran."""
    return shlex.join([GIT, "-C", str(repo), *args])


def archive(repo: Path, ref: str, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([GIT, "-C", str(repo), "archive", "--format=tar.gz", "-o", str(dest), ref, "--"], check=True)
    return dest
