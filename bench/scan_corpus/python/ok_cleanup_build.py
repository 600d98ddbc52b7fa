#!/usr/bin/env python3
"""Remove build artefacts from the project tree."""
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TARGETS = ["build", "dist", ".pytest_cache", "htmlcov"]


def main() -> int:
    for name in TARGETS:
        path = ROOT / name
        if path.is_dir():
            shutil.rmtree(path)
            print("removed", path.relative_to(ROOT))
    for pyc in ROOT.rglob("*.pyc"):
        pyc.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
