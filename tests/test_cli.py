"""The ``parity`` console script, run as a user runs it: init, check, serve (a real process, stopped with SIGTERM),
then logs, stats and export on what it captured."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import anthropic
import httpx
import openai
import pytest

from parity import __version__
from parity.cli.setup import starter_config
from parity.config import load_config
from parity.store.db import connect
from servers import free_port

EXE = Path(sys.executable).with_name("parity")
COMMAND = [str(EXE)] if EXE.exists() else [sys.executable, "-m", "parity.cli.main"]
LOG_FIELDS = {"id", "ts", "api", "model", "served_by", "status", "stream", "prompt_tokens", "completion_tokens",
              "cached_tokens", "reasoning_tokens", "tokens_estimated", "cost_usd", "latency_ms", "ttft_ms", "attempts",
              "shadow", "request", "response"}
Result = subprocess.CompletedProcess[str]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PARITY_CONFIG", "COLUMNS", "LINES")}
    return {**env, "COLUMNS": "300", **extra}


def parity(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Result:
    return subprocess.run([*COMMAND, *args], cwd=cwd, env=env or environment(), capture_output=True, text=True,
                          timeout=60, check=False)


def parity_all(*commands: list[str], cwd: Path, env: dict[str, str] | None = None) -> list[Result]:
    """Several independent commands at once (each spends most of its time importing)."""
    procs = [subprocess.Popen([*COMMAND, *args], cwd=cwd, env=env or environment(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for args in commands]
    results = []
    for args, proc in zip(commands, procs, strict=True):
        out, err = proc.communicate(timeout=60)
        results.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return results


def ok(result: Result) -> Result:
    assert result.returncode == 0, result.stderr
    return result


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


# --- commands that need no server ---------------------------------------------------------------------------------

def test_version(tmp_path):
    result = ok(parity("--version", cwd=tmp_path))
    assert __version__ in result.stdout and "parity" in result.stdout


def test_init_writes_a_starter_and_refuses_to_overwrite(tmp_path):
    ok(parity("init", cwd=tmp_path))
    path = tmp_path / "parity.yaml"
    assert path.read_text() == starter_config()
    assert {m.name for m in load_config(path).models} >= {"mock-gpt"}
    path.write_text("# mine\n" + starter_config())
    refused = parity("init", cwd=tmp_path)
    assert refused.returncode != 0 and "--force" in refused.stderr
    assert path.read_text().startswith("# mine")  # untouched
    ok(parity("init", "--force", cwd=tmp_path))
    assert path.read_text() == starter_config()


def test_check_lists_entries(tmp_path):
    (tmp_path / "parity.yaml").write_text(starter_config())
    result = ok(parity("check", cwd=tmp_path))
    assert "valid" in result.stdout
    assert "mock-gpt#0" in result.stdout and "mock-open#0" in result.stdout
    assert str(tmp_path / "parity.db") in result.stdout


def test_check_broken_config_exits_2_with_file_and_line(tmp_path):
    (tmp_path / "bad.yaml").write_text("models:\n  - name: a\n    provider: mock\n    fallbaks: [a]\n")
    (tmp_path / "env.yaml").write_text("models:\n  - name: a\n    provider: mock\n    api_key: ${PARITY_TEST_UNSET}\n")
    bad, env = parity_all(["check", "--config", "bad.yaml"], ["check", "--config", "env.yaml"], cwd=tmp_path)
    assert bad.returncode == 2
    assert "bad.yaml:4: models.0.fallbaks: unknown key 'fallbaks'" in bad.stderr
    no_traceback(bad)
    assert env.returncode == 2 and "env.yaml:4:" in env.stderr and "PARITY_TEST_UNSET" in env.stderr
    no_traceback(env)


def test_config_error_stays_on_one_line_when_piped(tmp_path):
    deep = tmp_path / "a-directory-with-a-rather-long-name" / "and-another-long-directory-name"
    deep.mkdir(parents=True)
    bad = deep / "bad.yaml"
    bad.write_text("models:\n  - name: a\n    provider: mock\n    fallbaks: [a]\n")
    env = environment()
    del env["COLUMNS"]
    result = parity("check", "--config", str(bad), cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert f"{bad}:4: models.0.fallbaks: unknown key 'fallbaks'" in result.stderr


def test_missing_config_is_a_clear_error(tmp_path):
    result = parity("check", cwd=tmp_path)
    assert result.returncode != 0 and "parity init" in result.stderr
    no_traceback(result)


def test_parity_config_environment_variable(tmp_path):
    conf = tmp_path / "conf"
    conf.mkdir()
    ok(parity("init", "custom.yaml", cwd=conf))  # init writes the FILE it is given
    (tmp_path / "broken.yaml").write_text("bogus: 1\n")
    result = ok(parity("check", cwd=tmp_path, env=environment(PARITY_CONFIG=str(conf / "custom.yaml"))))
    assert "custom.yaml: valid" in result.stdout and "mock-gpt#0" in result.stdout
    assert str(conf / "parity.db") in result.stdout  # the store sits next to the config, not in the cwd
    overridden = parity("check", "--config", str(conf / "custom.yaml"), cwd=tmp_path,
                        env=environment(PARITY_CONFIG=str(tmp_path / "broken.yaml")))
    assert "custom.yaml: valid" in ok(overridden).stdout  # --config wins over $PARITY_CONFIG


def test_serve_refuses_a_public_host_without_keys(tmp_path):
    (tmp_path / "parity.yaml").write_text(starter_config())
    result = parity("serve", "--host", "0.0.0.0", "--port", str(free_port()), cwd=tmp_path)
    assert result.returncode != 0 and "refusing to listen on 0.0.0.0" in result.stderr
    no_traceback(result)


def test_traffic_commands_without_a_store_give_a_clear_error(tmp_path):
    (tmp_path / "parity.yaml").write_text(starter_config())
    for result in parity_all(["logs"], ["stats"], ["export", "out.jsonl"], cwd=tmp_path):
        assert result.returncode != 0
        assert "no store at" in result.stderr and "parity serve" in result.stderr
        no_traceback(result)


def test_unwritable_output_gives_a_clear_error(tmp_path):
    (tmp_path / "parity.yaml").write_text(starter_config())
    connect(tmp_path / "parity.db").close()  # an empty store, so export gets as far as opening OUT
    for result in parity_all(["init", "missing/parity.yaml"], ["export", "missing/out.jsonl"], cwd=tmp_path):
        assert result.returncode != 0 and "missing/" in result.stderr
        no_traceback(result)


# --- a served session ---------------------------------------------------------------------------------------------

@dataclass
class Session:
    dir: Path
    ids: dict[str, str] = field(default_factory=dict)  # what each request was -> x-parity-request-id
    stream_text: str = ""


def _wait_ready(proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"parity serve exited with {proc.returncode}: {log.read_text()}")
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)  # polling readiness with a deadline, not waiting a guessed time
    pytest.fail(f"parity serve not ready after 30 s: {log.read_text()}")


def _traffic(url: str, session: Session) -> None:
    client = openai.OpenAI(base_url=url + "/v1", api_key="anything", max_retries=0)
    question = [{"role": "user", "content": "What is 2+2?"}]
    raw = client.chat.completions.with_raw_response.create(model="mock-gpt", messages=question)
    assert raw.parse().choices[0].message.content == "Mock answer to: What is 2+2?"
    session.ids["plain"] = raw.headers["x-parity-request-id"]
    raw = client.chat.completions.with_raw_response.create(model="mock-gpt", messages=question,
                                                           extra_headers={"x-parity-tags": "a,b"})
    session.ids["tagged"] = raw.headers["x-parity-request-id"]
    raw = client.chat.completions.with_raw_response.create(
        model="mock-gpt", stream=True, messages=[{"role": "user", "content": "Stream please"}])
    session.ids["stream"] = raw.headers["x-parity-request-id"]
    session.stream_text = "".join(c.choices[0].delta.content or "" for c in raw.parse() if c.choices)
    assert session.stream_text == "Mock answer to: Stream please"
    araw = anthropic.Anthropic(base_url=url, api_key="anything", max_retries=0).messages.with_raw_response.create(
        model="mock-gpt", max_tokens=64, system="Be brief.", messages=[{"role": "user", "content": "Hello Claude"}])
    assert araw.parse().content[0].text == "Mock answer to: Hello Claude"
    session.ids["anthropic"] = araw.headers["x-parity-request-id"]
    raw = client.chat.completions.with_raw_response.create(model="mock-open", messages=question)
    assert raw.parse().choices[0].message.content == "An answer from the open model."
    session.ids["open"] = raw.headers["x-parity-request-id"]
    with pytest.raises(openai.NotFoundError) as info:
        client.chat.completions.create(model="nope", messages=question)
    session.ids["missing"] = info.value.response.headers["x-parity-request-id"]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """The starter config, ``parity serve`` on it as a subprocess, some traffic through the SDKs, then SIGTERM."""
    session = Session(tmp_path_factory.mktemp("served"))
    (session.dir / "parity.yaml").write_text(starter_config())  # what 'parity init' writes
    port = free_port()
    log = session.dir / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([*COMMAND, "serve", "--config", "parity.yaml", "--port", str(port)],
                                cwd=session.dir, env=environment(), stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_ready(proc, url, log)
        _traffic(url, session)
        proc.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully (the capture queue is drained), then re-raises the signal it caught
        assert proc.wait(timeout=30) in (0, -signal.SIGTERM), log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "Parity gateway" in log.read_text()
    yield session


def _logs(session: Session, *queries: list[str]) -> list[list[dict]]:
    out = []
    for result in parity_all(*(["logs", "--json", *args] for args in queries), cwd=session.dir):
        data = json.loads(ok(result).stdout)
        assert isinstance(data, list)
        out.append(data)
    return out


def test_logs_json(served):
    [records] = _logs(served, [])
    order = ["missing", "open", "anthropic", "stream", "tagged", "plain"]  # newest first
    assert [r["id"] for r in records] == [served.ids[k] for k in order]
    by = {k: r for k, r in zip(order, records, strict=True)}
    for r in records:
        assert set(r) >= LOG_FIELDS, LOG_FIELDS - set(r)
        assert r["ts"].endswith("Z") and r["ts"][:2] == "20"
        assert r["shadow"] == []
    for name in ("plain", "tagged", "stream", "anthropic", "open"):
        r = by[name]
        assert r["status"] == 200 and r["cost_usd"] == 0.0 and r["tokens_estimated"] is False
        assert r["prompt_tokens"] > 0 and r["completion_tokens"] > 0
        assert r["latency_ms"] > 0
        assert r["attempts"] == [{"entry": r["served_by"], "status": 200, "error": None,
                                  "latency_ms": r["attempts"][0]["latency_ms"]}]
    plain = by["plain"]
    assert plain["api"] == "openai.chat" and plain["model"] == "mock-gpt" and plain["served_by"] == "mock-gpt#0"
    assert plain["stream"] is False and plain["ttft_ms"] is None
    assert plain["request"] == {"model": "mock-gpt", "messages": [{"role": "user", "content": "What is 2+2?"}]}
    assert plain["response"]["choices"][0]["message"]["content"] == "Mock answer to: What is 2+2?"
    assert by["tagged"]["tags"] == ["a", "b"] and plain["tags"] == []
    stream = by["stream"]
    assert stream["stream"] is True and 0 <= stream["ttft_ms"] <= stream["latency_ms"]
    assert stream["response"]["choices"][0]["message"]["content"] == served.stream_text
    anth = by["anthropic"]
    assert anth["api"] == "anthropic.messages" and anth["request"]["system"] == "Be brief."
    assert anth["response"]["content"][0]["text"] == "Mock answer to: Hello Claude"
    assert by["open"]["served_by"] == "mock-open#0"
    missing = by["missing"]
    assert missing["status"] == 404 and missing["served_by"] is None and missing["attempts"] == []
    assert missing["cost_usd"] is None and "not found" in missing["error"]


def test_logs_limit_and_model(served):
    [record], opened = _logs(served, ["--limit", "1", "--model", "mock-gpt"], ["--model", "mock-open"])
    assert record["id"] == served.ids["anthropic"]
    assert [r["id"] for r in opened] == [served.ids["open"]]


def test_logs_table(served):
    result = ok(parity("logs", cwd=served.dir))
    assert "last 6 requests" in result.stdout
    for rid in served.ids.values():
        assert rid in result.stdout
    assert "mock-gpt#0" in result.stdout and "404" in result.stdout


def test_stats_json_and_table(served):
    as_json, as_table, bad = parity_all(["stats", "--json"], ["stats", "--since", "1h"], ["stats", "--since", "soon"],
                                        cwd=served.dir)
    rows = {s["model"]: s for s in json.loads(ok(as_json).stdout)}
    gpt = rows["mock-gpt"]
    assert gpt["requests"] == 4 and gpt["errors"] == 0 and gpt["error_rate"] == 0
    assert gpt["cost_usd"] == 0.0 and gpt["prompt_tokens"] > 0
    assert 0 < gpt["latency_p50_ms"] <= gpt["latency_p95_ms"] <= gpt["latency_p99_ms"]
    assert gpt["ttft_p50_ms"] is not None
    assert rows["mock-open"]["requests"] == 1
    assert rows["nope"]["requests"] == 1 and rows["nope"]["errors"] == 1
    table = ok(as_table).stdout
    assert "traffic in the last 1h" in table and "p95 ms" in table
    assert "mock-gpt" in table and "mock-open" in table
    assert bad.returncode == 2 and "not a duration" in bad.stderr
    no_traceback(bad)


def test_export_jsonl(served):
    result, only = parity_all(["export", "out.jsonl"], ["export", "--model", "mock-open", "--since", "1d", "-"],
                              cwd=served.dir)
    ok(result)
    assert "exported 5 exchanges" in result.stderr
    lines = [json.loads(line) for line in (served.dir / "out.jsonl").read_text().splitlines()]
    by_id = {line["metadata"]["id"]: line for line in lines}
    expected = ["plain", "tagged", "stream", "anthropic", "open"]  # oldest first; the 404 has no exchange
    assert [line["metadata"]["id"] for line in lines] == [served.ids[k] for k in expected]
    for line in lines:
        assert set(line["metadata"]) == {"id", "model", "served_by", "ts", "tags"}
        assert line["messages"][-1]["role"] == "assistant"
        assert line["messages"][-2]["role"] == "user"
        assert "tools" not in line
    plain = by_id[served.ids["plain"]]
    assert plain["messages"] == [{"role": "user", "content": "What is 2+2?"},
                                 {"role": "assistant", "content": "Mock answer to: What is 2+2?"}]
    assert plain["metadata"]["model"] == "mock-gpt" and plain["metadata"]["served_by"] == "mock-gpt#0"
    assert by_id[served.ids["tagged"]]["metadata"]["tags"] == ["a", "b"]
    assert by_id[served.ids["stream"]]["messages"][-1]["content"] == served.stream_text
    anth = by_id[served.ids["anthropic"]]["messages"]  # Anthropic traffic in the same OpenAI shape
    assert anth[0] == {"role": "system", "content": "Be brief."}
    assert anth[-1]["content"] == "Mock answer to: Hello Claude"
    [line] = [json.loads(x) for x in ok(only).stdout.splitlines()]
    assert line["metadata"]["id"] == served.ids["open"]


def test_logs_via_parity_config(served, tmp_path):
    result = ok(parity("logs", "--json", "--limit", "1", cwd=tmp_path,
                       env=environment(PARITY_CONFIG=str(served.dir / "parity.yaml"))))
    assert [r["id"] for r in json.loads(result.stdout)] == [served.ids["missing"]]
