import json
from pathlib import Path

import yaml


def load_config(path: Path) -> dict:
    with path.open() as fh:
        data = yaml.safe_load(fh) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


def load_all(path: Path) -> list:
    with path.open() as fh:
        return list(yaml.load_all(fh, Loader=yaml.SafeLoader))


def load_state(path: Path) -> dict:
    return json.loads(path.read_text())
