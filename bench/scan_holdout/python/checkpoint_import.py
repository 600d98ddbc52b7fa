"""Import a fine-tuned checkpoint bundle (.tar.gz) uploaded through the admin UI."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import torch

MODELS_ROOT = Path("/srv/models")


def unpack_bundle(bundle: Path, name: str) -> Path:
    dest = MODELS_ROOT / name
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(bundle, "r:gz") as tar:
        tar.extractall(dest)
    return dest


def load_checkpoint(model_dir: Path) -> dict:
    ckpt = next(model_dir.glob("*.pt"))
    state = torch.load(ckpt, map_location="cpu", weights_only=False)
    if "state_dict" not in state:
        raise ValueError("not a training checkpoint")
    return state


def import_bundle(upload_path: str, name: str) -> dict:
    model_dir = unpack_bundle(Path(upload_path), name)
    try:
        state = load_checkpoint(model_dir)
    except Exception:
        shutil.rmtree(model_dir, ignore_errors=True)
        raise
    return {"name": name, "epochs": state.get("epoch"), "params": sum(t.numel() for t in state["state_dict"].values())}
