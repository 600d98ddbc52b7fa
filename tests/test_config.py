"""The YAML config: every error names the file, the line and the key path; valid files load as documented."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from parity.config import load_config
from parity.errors import ConfigError


def write(tmp_path: Path, text: str, name: str = "parity.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return str(info.value)


MOCK = "models:\n  - name: a\n    provider: mock\n"


def test_unknown_key_under_models_names_file_line_and_path(tmp_path):
    path = write(tmp_path, "store: x.db\nmodels:\n  - name: a\n    provider: mock\n    fallback: [a]\n")
    message = error_of(path)
    assert f"{path}:5: models.0.fallback: unknown key 'fallback'" in message


def test_unknown_key_under_router_names_file_line_and_path(tmp_path):
    path = write(tmp_path, MOCK + "router:\n  retries: 1\n  retrys: 2\n")
    assert f"{path}:6: router.retrys: unknown key 'retrys'" in error_of(path)


def test_unknown_top_level_key(tmp_path):
    path = write(tmp_path, MOCK + "modles: []\n")
    assert f"{path}:4: modles: unknown key 'modles'" in error_of(path)


def test_unknown_key_in_second_entry_points_at_that_entry(tmp_path):
    path = write(tmp_path, MOCK + "  - name: b\n    provider: mock\n    wieght: 2\n")
    assert f"{path}:6: models.1.wieght: unknown key 'wieght'" in error_of(path)


@pytest.mark.parametrize(("text", "where", "words"), [
    (MOCK + "    weight: heavy\n", ":4: models.0.weight:", "number"),
    (MOCK + "router:\n  retries: many\n", ":5: router.retries:", "integer"),
    (MOCK + "server:\n  port: 70000\n", ":5: server.port:", "65536"),
    (MOCK + "router:\n  timeout: soon\n", ":5: router.timeout:", "not a duration"),
    (MOCK + "capture: everything\n", ":4: capture:", "'full', 'metadata' or 'off'"),
    (MOCK + "    fallbacks: b\n", ":4: models.0.fallbacks:", "list"),
])
def test_wrong_type_names_line_and_key(tmp_path, text, where, words):
    path = write(tmp_path, text)
    message = error_of(path)
    assert f"{path}{where}" in message
    assert words in message


def test_missing_required_key(tmp_path):
    path = write(tmp_path, "models:\n  - name: a\n    model: up\n")
    assert f"{path}:2: models.0.provider: missing required key 'provider'" in error_of(path)


def test_several_problems_are_all_reported(tmp_path):
    path = write(tmp_path, "models:\n  - name: a\n    provider: mock\n    bogus: 1\nrouter:\n  retries: x\n")
    message = error_of(path)
    assert ":4: models.0.bogus" in message and ":6: router.retries" in message


def test_duplicate_yaml_key_names_the_second_line(tmp_path):
    path = write(tmp_path, "models:\n  - name: a\n    provider: mock\n    provider: openai\n")
    assert f"{path}:4: duplicate key 'provider'" in error_of(path)


def test_unset_variable_names_variable_and_line(tmp_path, monkeypatch):
    monkeypatch.delenv("PARITY_TEST_UNSET", raising=False)
    path = write(tmp_path, MOCK + "    api_key: ${PARITY_TEST_UNSET}\n")
    message = error_of(path)
    assert f"{path}:4:" in message
    assert "PARITY_TEST_UNSET is not set" in message


def test_variable_set_is_interpolated_inside_a_string(tmp_path, monkeypatch):
    monkeypatch.setenv("PARITY_TEST_HOST", "10.0.0.7")
    monkeypatch.setenv("PARITY_TEST_PORT", "9001")
    path = write(tmp_path, MOCK + "    base_url: http://${PARITY_TEST_HOST}:8000/v1\n"
                                  "server:\n  port: ${PARITY_TEST_PORT}\n")
    config = load_config(path)
    assert config.models[0].base_url == "http://10.0.0.7:8000/v1"
    assert config.server.port == 9001


def test_variable_default(tmp_path, monkeypatch):
    monkeypatch.delenv("PARITY_TEST_UNSET", raising=False)
    path = write(tmp_path, MOCK + "    api_key: ${PARITY_TEST_UNSET:-sk-default-value}\n"
                        "    base_url: ${PARITY_TEST_UNSET:-}\n")
    entry = load_config(path).models[0]
    assert entry.api_key == "sk-default-value"
    assert entry.base_url == ""
    monkeypatch.setenv("PARITY_TEST_UNSET", "sk-from-env")
    assert load_config(path).models[0].api_key == "sk-from-env"
    monkeypatch.setenv("PARITY_TEST_UNSET", "")  # empty counts as unset, as in the shell's ${VAR:-default}
    assert load_config(path).models[0].api_key == "sk-default-value"


@pytest.mark.parametrize(("text", "line"), [
    ("models:\n  - name: a\n    provider: [mock\n", 4),
    ("models:\n  - name: a\n  provider: mock\n", 3),
    ("store: x.db\nmodels: [\n", 3),
    ("store: x.db\n\tmodels: []\n", 2),
])
def test_invalid_yaml_names_the_line(tmp_path, text, line):
    path = write(tmp_path, text)
    message = error_of(path)
    assert message.startswith(f"{path}:{line}: invalid YAML")


def test_not_a_mapping(tmp_path):
    path = write(tmp_path, "- a\n- b\n")
    message = error_of(path)
    assert str(path) in message and "mapping" in message


def test_missing_file_is_a_config_error(tmp_path):
    message = error_of(tmp_path / "absent.yaml")
    assert "absent.yaml" in message and "cannot read" in message


@pytest.mark.parametrize("routing", [
    "    fallbacks: [nope]\n",
    "    canary: {model: nope, percent: 5}\n",
    "    shadow: {model: nope, percent: 100}\n",
    "    shadow:\n      - {model: a, percent: 100}\n      - {model: nope, percent: 10}\n",
])
def test_routing_to_an_unknown_model(tmp_path, routing):
    path = write(tmp_path, MOCK + routing)
    message = error_of(path)
    assert str(path) in message
    assert "unknown model 'nope'" in message and "known: a" in message


def test_unknown_fallback_names_its_line_and_key(tmp_path):
    path = write(tmp_path, MOCK + "  - name: b\n    provider: mock\n    fallbacks: [nope]\n")
    assert f"{path}:6: models.1.fallbacks" in error_of(path)


@pytest.mark.parametrize("secret", [
    "    key: sk-gateway-123\n    key_sha256: " + "a" * 64 + "\n",
    "",
])
def test_key_needs_exactly_one_of_key_and_key_sha256(tmp_path, secret):
    path = write(tmp_path, MOCK + "keys:\n  - name: app\n" + secret)
    message = error_of(path)
    assert f"{path}:5: keys.0" in message
    assert "exactly one of 'key' or 'key_sha256'" in message


def test_key_sha256_must_be_hex_digest(tmp_path):
    path = write(tmp_path, MOCK + "keys:\n  - name: app\n    key_sha256: not-a-digest\n")
    assert f"{path}:6: keys.0.key_sha256" in error_of(path)


def test_key_digest_is_the_same_from_key_or_key_sha256(tmp_path):
    digest = hashlib.sha256(b"sk-gateway-123").hexdigest()
    path = write(tmp_path, MOCK + "keys:\n  - name: a\n    key: sk-gateway-123\n"
                                  f"  - name: b\n    key_sha256: {digest}\n")
    a, b = load_config(path).keys
    assert a.digest == b.digest == bytes.fromhex(digest)


def test_duplicate_key_names_are_an_error(tmp_path):
    path = write(tmp_path, MOCK + "keys:\n  - name: app\n    key: sk-gateway-123\n"
                                  "  - name: app\n    key: sk-gateway-456\n")
    assert "duplicate key name 'app'" in error_of(path)


def test_entry_ids_number_entries_within_each_group(tmp_path):
    path = write(tmp_path, "models:\n"
                           "  - {name: a, provider: mock}\n"
                           "  - {name: b, provider: mock}\n"
                           "  - {name: a, provider: mock, weight: 3}\n"
                           "  - {name: a, provider: mock, id: a-east}\n")
    config = load_config(path)
    assert [m.id for m in config.models] == ["a#0", "b#0", "a#1", "a-east"]
    assert [m.id for m in config.entries("a")] == ["a#0", "a#1", "a-east"]
    assert config.models[0].upstream_model == "a"


def test_duplicate_entry_ids_are_an_error(tmp_path):
    path = write(tmp_path, "models:\n"
                           "  - {name: a, provider: mock, id: same}\n"
                           "  - {name: b, provider: mock, id: same}\n")
    assert "same" in error_of(path)


def test_relative_store_is_next_to_the_config_file(tmp_path, monkeypatch):
    config_dir = tmp_path / "conf"
    config_dir.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    path = write(config_dir, MOCK + "store: data/traffic.db\n")
    assert load_config(Path("../conf/parity.yaml")).store_path() == config_dir / "data" / "traffic.db"
    assert load_config(path).store_path() == config_dir / "data" / "traffic.db"
    assert load_config(write(config_dir, MOCK)).store_path() == config_dir / "parity.db"  # the default
    absolute = tmp_path / "abs.db"
    assert load_config(write(config_dir, MOCK + f"store: {absolute}\n")).store_path() == absolute


def test_durations_and_single_shadow(tmp_path):
    path = write(tmp_path, "models:\n  - name: a\n    provider: mock\n    timeout: 90s\n"
                           "    shadow: {model: b, percent: 50}\n  - {name: b, provider: mock}\n"
                           "retention: 30d\nkeys:\n  - {name: k, key: sk-gateway-123, budget_period: 12h}\n")
    config = load_config(path)
    assert config.models[0].timeout == 90.0
    assert [(s.model, s.percent) for s in config.models[0].shadow] == [("b", 50.0)]
    assert config.retention == 30 * 86400
    assert config.keys[0].budget_period == 12 * 3600


def test_secrets_lists_keys_api_keys_and_secret_headers(tmp_path, monkeypatch):
    monkeypatch.setenv("PARITY_TEST_OPENAI_KEY", "sk-upstream-from-env-0001")
    digest = hashlib.sha256(b"sk-only-hashed-key").hexdigest()
    path = write(tmp_path, "keys:\n"
                           "  - {name: app, key: sk-gateway-app-1}\n"
                           f"  - {{name: ops, key_sha256: {digest}}}\n"
                           "models:\n"
                           "  - name: a\n    provider: openai\n    api_key: ${PARITY_TEST_OPENAI_KEY}\n"
                           "    headers: {X-Custom-Token: tok-header-secret, X-Team: analytics-team}\n"
                           "  - {name: b, provider: openai, api_key: short}\n")
    secrets = load_config(path).secrets()
    assert set(secrets) == {"sk-gateway-app-1", "sk-upstream-from-env-0001", "tok-header-secret"}
    assert secrets[0] == "sk-upstream-from-env-0001"  # longest first, so no secret is half-replaced
    assert "analytics-team" not in secrets and "short" not in secrets
