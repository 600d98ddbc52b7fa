"""Scratch files for the PDF renderer: private temp dirs and safe user-facing paths."""

from __future__ import annotations

import os
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

OUTPUT_ROOT = Path(os.environ.get("RENDER_OUTPUT", "/srv/render/output")).resolve()


@contextmanager
def scratch_dir():
    with tempfile.TemporaryDirectory(prefix="render-") as d:
        os.chmod(d, 0o700)
        yield Path(d)


def write_secret_file(content: str) -> Path:
    fd, name = tempfile.mkstemp(prefix="render-cred-", suffix=".json")
    with os.fdopen(fd, "w") as fh:
        fh.write(content)
    os.chmod(name, 0o600)
    return Path(name)


def resolve_output(user_name: str) -> Path:
    candidate = (OUTPUT_ROOT / user_name).resolve()
    if not candidate.is_relative_to(OUTPUT_ROOT):
        raise PermissionError(f"{user_name!r} escapes the output folder")
    return candidate


def render(html: str, out_name: str) -> Path:
    dest = resolve_output(out_name)
    with scratch_dir() as tmp:
        src = tmp / "page.html"
        src.write_text(html, encoding="utf-8")
        subprocess.run(["wkhtmltopdf", "--quiet", "--disable-local-file-access", str(src), str(dest)],
                       check=True, timeout=120)
    return dest
