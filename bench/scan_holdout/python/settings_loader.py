"""Load service settings from a YAML file plus environment variables.

Example config.yaml:

    database_url: postgresql://app@db.internal/app
    openai_api_key: ${OPENAI_API_KEY}
    smtp:
      host: smtp.example.com
      password: <set SMTP_PASSWORD in the environment>
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

_ENV_REF = re.compile(r"\$\{([A-Z0-9_]+)\}")

API_KEY_PLACEHOLDER = "sk-your-key-here"


@dataclass(frozen=True)
class Settings:
    database_url: str
    openai_api_key: str
    smtp_host: str
    smtp_password: str
    debug: bool = False


def _expand(value: str) -> str:
    return _ENV_REF.sub(lambda m: os.environ.get(m.group(1), ""), value)


def load_settings(path: Path) -> Settings:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    api_key = _expand(str(raw.get("openai_api_key", "")))
    if not api_key or api_key == API_KEY_PLACEHOLDER:
        raise RuntimeError("set OPENAI_API_KEY (see README)")
    return Settings(
        database_url=_expand(raw["database_url"]),
        openai_api_key=api_key,
        smtp_host=raw.get("smtp", {}).get("host", "localhost"),
        smtp_password=os.environ.get("SMTP_PASSWORD", ""),
        debug=os.environ.get("APP_DEBUG", "0") == "1",
    )
