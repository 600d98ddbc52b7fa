"""The YAML config, validated once at the edge (CLI or app factory) and passed down.

Every model forbids unknown keys, so a typo is an error naming the file, line and key instead of a silent default.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from parity.durations import parse_duration
from parity.errors import ConfigError
from parity.yamlsource import YamlSource, load_yaml


def _yaml_off(value: Any) -> Any:
    """YAML 1.1 reads a bare ``off`` as false; users mean the policy."""
    return "off" if value is False else value


Capture = Annotated[Literal["full", "metadata", "off"], BeforeValidator(_yaml_off)]
Duration = Annotated[float, BeforeValidator(parse_duration)]
CAPTURE_ORDER: dict[str, int] = {"off": 0, "metadata": 1, "full": 2}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


GuardAction = Literal["off", "log", "annotate", "block"]
GUARD_ORDER: dict[str, int] = {"off": 0, "log": 1, "annotate": 2, "block": 3}


class GuardConfig(_Strict):
    """Scan the code in answers (fenced blocks and tool-call arguments) with Parity's code scanner.

    ``log`` writes findings to the server log and the stored record; ``annotate`` also adds an
    ``x-parity-guard`` response header (a final event on streams); ``block`` answers with an error in the
    client's shape instead. Where a model, a key and the top level each set a guard, the strictest wins."""

    action: Annotated[GuardAction, BeforeValidator(_yaml_off)] = "annotate"
    min_severity: Literal["info", "low", "medium", "high", "critical"] = Field(
        "high", description="Findings below this severity are ignored.")
    min_confidence: Literal["low", "medium", "high"] = Field(
        "medium", description="Findings the scanner is less sure of than this are ignored.")
    stream: Literal["pass", "buffer"] = Field(
        "pass", description="pass: send as it comes, scanning each code block as it closes; buffer: hold the "
        "stream until it is scanned (latency for safety).")


class KeyConfig(_Strict):
    """A gateway key. Clients send it as ``Authorization: Bearer`` or ``x-api-key``; only its hash is kept."""

    name: str = Field(min_length=1, description="Recorded with each request instead of the key itself.")
    key: str | None = Field(None, min_length=8, description="The key; usually ${ENV}. Hashed at load time.")
    key_sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$", description="Hex SHA-256 of the key instead.")
    rpm: int | None = Field(None, gt=0, description="Requests per minute.")
    tpm: int | None = Field(None, gt=0, description="Tokens (prompt + completion) per minute.")
    budget_usd: float | None = Field(None, gt=0, description="Spend allowed per budget_period (or ever).")
    budget_period: Duration | None = Field(None, gt=0, description="Rolling window of the budget, e.g. 30d.")
    models: list[str] | None = Field(None, description="Public model names this key may use; default all.")
    capture: Capture | None = None
    guard: GuardConfig | None = None

    @model_validator(mode="after")
    def _one_secret(self) -> KeyConfig:
        if (self.key is None) == (self.key_sha256 is None):
            raise ValueError("give exactly one of 'key' or 'key_sha256'")
        return self

    @property
    def digest(self) -> bytes:
        if self.key_sha256 is not None:
            return bytes.fromhex(self.key_sha256)
        return hashlib.sha256((self.key or "").encode()).digest()


class SplitConfig(_Strict):
    """Send ``percent`` of a group's traffic to another public model name."""

    model: str
    percent: float = Field(ge=0, le=100)


class PriceConfig(_Strict):
    """A price override in USD per million tokens, for models the price database lacks or prices wrongly."""

    input_per_mtok: float = Field(ge=0)
    output_per_mtok: float = Field(ge=0)
    cached_input_per_mtok: float | None = Field(None, ge=0)


class SelfHostedConfig(_Strict):
    """A self-hosted deployment priced from the GPU bill and its measured aggregate throughput."""

    gpu_hour_usd: float = Field(gt=0, description="Cost of one GPU hour.")
    gpus: int = Field(1, gt=0)
    tokens_per_second: float | None = Field(
        None, gt=0, description="Aggregate tokens/s at your load (measure with a load test); unset: cost unknown.")


class ModelEntry(_Strict):
    """One deployment: a public name and the upstream it goes to."""

    name: str = Field(min_length=1)
    provider: str = Field(min_length=1)
    model: str | None = Field(None, description="The upstream's model id; default: name.")
    base_url: str | None = None
    api_key: str | None = None
    headers: dict[str, str] = Field(default_factory=dict, description="Extra headers sent upstream.")
    weight: float = Field(1.0, gt=0, description="Share within the group of entries with the same name.")
    fallbacks: list[str] = Field(default_factory=list, description="Public names tried in order on failure.")
    timeout: Duration | None = Field(None, gt=0, description="Whole-request timeout; default router.timeout.")
    connect_timeout: Duration | None = Field(None, gt=0)
    profile: str = Field("auto", description="Model-family quirks: auto (by model id) or a profile name.")
    canary: SplitConfig | None = None
    shadow: list[SplitConfig] = Field(default_factory=list)
    price: PriceConfig | None = None
    self_hosted: SelfHostedConfig | None = None
    capture: Capture | None = None
    guard: GuardConfig | None = None
    max_tokens_default: int = Field(4096, gt=0, description="max_tokens sent to upstreams that require one.")
    options: dict[str, Any] = Field(default_factory=dict, description="Provider-specific settings.")
    id: str = Field("", description="Set by the loader: NAME#N, N its position among entries of that name.")

    @property
    def upstream_model(self) -> str:
        return self.model or self.name

    @model_validator(mode="before")
    @classmethod
    def _shadow_as_list(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("shadow"), dict):
            data = {**data, "shadow": [data["shadow"]]}
        return data


class RouterConfig(_Strict):
    """How attempts, retries and cooldowns behave across all entries."""

    retries: int = Field(1, ge=0, le=10, description="Extra passes over the attempt chain after all failed.")
    backoff: Duration = Field(0.2, ge=0, description="Base of the jittered exponential backoff between passes.")
    max_retry_wait: Duration = Field(10.0, ge=0, description="Longest Retry-After honoured by waiting.")
    timeout: Duration = Field(600.0, gt=0)
    connect_timeout: Duration = Field(10.0, gt=0)
    cooldown_failures: int = Field(3, gt=0, description="Consecutive failures that put an entry in cooldown.")
    cooldown: Duration = Field(30.0, ge=0, description="How long an entry is skipped after that.")


class ServerConfig(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(4141, gt=0, lt=65536)
    max_body_mb: float = Field(32.0, gt=0, description="Larger request bodies get 413.")
    queue_size: int = Field(10000, gt=0, description="Capture queue bound; a full queue slows clients, never drops.")
    metrics_auth: bool = Field(False, description="Require a gateway key for /metrics.")


class Config(_Strict):
    """The whole parity.yaml."""

    store: str = "parity.db"
    retention: Duration | None = Field(None, gt=0, description="Records older than this are pruned.")
    capture: Capture = "full"
    guard: GuardConfig | None = Field(None, description="The default code guard for every model and key.")
    keys: list[KeyConfig] = Field(default_factory=list)
    models: list[ModelEntry] = Field(default_factory=list)
    router: RouterConfig = Field(default_factory=RouterConfig)
    server: ServerConfig = Field(default_factory=ServerConfig)
    path: str | None = Field(None, exclude=True, description="Set by the loader: the file this came from.")

    @model_validator(mode="after")
    def _check_references(self, info: ValidationInfo) -> Config:
        if not (info.context or {}).get("located"):  # the loader reports these with their lines instead
            for loc, message in reference_problems(self):
                raise ValueError(f"{'.'.join(map(str, loc))}: {message}")
        seen: set[str] = set()
        for key in self.keys:
            if key.name in seen:
                raise ValueError(f"duplicate key name {key.name!r}")
            seen.add(key.name)
        return self

    def entries(self, name: str) -> list[ModelEntry]:
        return [m for m in self.models if m.name == name]

    def store_path(self) -> Path:
        """The SQLite file; relative paths are relative to the config file, as users expect."""
        store = Path(os.path.expanduser(self.store))
        if not store.is_absolute() and self.path:
            store = Path(self.path).resolve().parent / store
        return store

    def secrets(self) -> list[str]:
        """Every secret value in the config, so the store and logs can redact them wherever they appear."""
        values = [k.key for k in self.keys if k.key]
        values += [m.api_key for m in self.models if m.api_key]
        values += [v for m in self.models for h, v in m.headers.items() if _is_secret_header(h)]
        return sorted({v for v in values if len(v) >= 8}, key=len, reverse=True)


def reference_problems(config: Config) -> list[tuple[tuple[str | int, ...], str]]:
    """Routing to unknown models and entry ids used twice, each with the key path that causes it."""
    names = {m.name for m in config.models}
    problems: list[tuple[tuple[str | int, ...], str]] = []
    first: dict[str, int] = {}
    for i, entry in enumerate(config.models):
        refs = [("fallbacks", r) for r in entry.fallbacks] + [("shadow", s.model) for s in entry.shadow]
        refs += [("canary", entry.canary.model)] if entry.canary else []
        for key, ref in refs:
            if ref not in names:
                problems.append((("models", i, key), f"unknown model {ref!r}; known: {', '.join(sorted(names))}"))
        if entry.id in first:
            problems.append((("models", i, "id"), f"id {entry.id!r} is already used by models.{first[entry.id]}"))
        first.setdefault(entry.id, i)
    return problems


def _is_secret_header(name: str) -> bool:
    lowered = name.lower()
    return any(w in lowered for w in ("auth", "key", "token", "secret", "cookie"))


def load_config(path: str | Path) -> Config:
    """Read, interpolate and validate ``path``; every error names the file, line and key."""
    source = load_yaml(path)
    return config_from_source(source)


def config_from_source(source: YamlSource) -> Config:
    data = source.data
    if not isinstance(data, dict):
        raise ConfigError(f"{source.file}: the config must be a mapping of keys (store, models, ...)")
    data = _assign_ids(data)
    try:
        config = Config.model_validate({**data, "path": str(Path(source.file).resolve())}, context={"located": True})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from exc
    if problems := reference_problems(config):
        raise ConfigError("invalid config:\n  " + "\n  ".join(f"{source.where(loc)}: {m}" for loc, m in problems))
    return config


def _assign_ids(data: dict[str, Any]) -> dict[str, Any]:
    models = data.get("models")
    if not isinstance(models, list):
        return data
    counts: dict[str, int] = {}
    out = []
    for item in models:
        if isinstance(item, dict) and isinstance(item.get("name"), str) and "id" not in item:
            n = counts.get(item["name"], 0)
            counts[item["name"]] = n + 1
            item = {**item, "id": f"{item['name']}#{n}"}
        out.append(item)
    return {**data, "models": out}


def _describe(exc: ValidationError, source: YamlSource) -> str:
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = f"unknown key {loc[-1]!r}"
        elif err["type"] == "missing":
            msg = f"missing required key {loc[-1]!r}"
        problems.append(f"{source.where(loc)}: {msg}")
    return "invalid config:\n  " + "\n  ".join(problems)
