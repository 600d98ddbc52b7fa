"""Bakeoffs on traffic the real gateway captured: from the store, from shadow answers, from exported JSONL, and
through the CLI. Clients are the official SDKs; upstreams are the known-quality stand-ins of quiz.py."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anthropic
import openai
import pytest
from click.testing import CliRunner
from quiz import QuizUpstream, right

from parity.bakeoff.run import BakeoffSpec, run_bakeoff
from parity.cli.main import register_commands
from parity.config import load_config
from parity.report.bakeoff_result import BakeoffResult

cli = register_commands()


def entry(quiz: QuizUpstream, name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "provider": "openai", "base_url": f"{quiz.url}/v1",
            "price": {"input_per_mtok": 5.0 if name == "acc-80" else 0.5, "output_per_mtok": 15.0}, **extra}


@pytest.fixture
def captured(gateway: Callable[[dict[str, Any]], Any], quiz: QuizUpstream) -> Any:
    """A gateway whose acc-80 traffic is shadowed to acc-60, with 40 OpenAI and 10 Anthropic requests captured;
    the first 5 OpenAI requests are a two-turn conversation each (10 records)."""
    handle = gateway({"models": [entry(quiz, "acc-80", shadow={"model": "acc-60", "percent": 100}),
                                 entry(quiz, "acc-60"), entry(quiz, "judge")]})
    client = openai.OpenAI(base_url=f"{handle.url}/v1", api_key="unused")
    for n in range(30):
        question = {"role": "user", "content": f"Q{n}: what is the secret word?"}
        first = client.chat.completions.create(model="acc-80", messages=[question], extra_headers=(
            {"x-parity-tags": "support"} if n % 2 else {}))
        if n < 5:
            client.chat.completions.create(model="acc-80", messages=[
                question, {"role": "assistant", "content": first.choices[0].message.content},
                {"role": "user", "content": f"Q{n}: are you sure?"}])
    client.chat.completions.create(model="acc-80", messages=[{"role": "user", "content": "Q0: what is the secret "
                                                                                          "word?"}])  # a duplicate
    claude = anthropic.Anthropic(base_url=handle.url, api_key="unused")
    for n in range(100, 110):
        claude.messages.create(model="acc-80", max_tokens=50,
                               messages=[{"role": "user", "content": f"Q{n}: what is the secret word?"}])
    handle.flush()
    return handle


def test_from_shadow_makes_no_model_calls(captured: Any, quiz: QuizUpstream) -> None:
    config = load_config(captured.config_path)
    before = len(quiz.calls)
    result = asyncio.run(run_bakeoff(config, BakeoffSpec(incumbent="acc-80", candidates=["acc-60"],
                                                         from_shadow=True, scorers=["regex:answer-\\d+"])))
    assert len(quiz.calls) == before
    assert result.dataset.source == "shadow" and result.dataset.items == 45  # 46 requests, one duplicate
    assert result.dataset.conversations == 40  # five two-turn conversations
    (c,) = result.candidates
    assert "cluster" in c.method
    summary = result.model_summary("acc-60")
    assert summary.captured == 45 and summary.called == 0
    ns = [*range(30), *range(5), *range(100, 110)]
    assert c.delta == pytest.approx(sum(right("acc-60", n) - right("acc-80", n) for n in ns) / 45)
    production = result.model_summary("acc-80").production_latency
    assert production is not None and production.p50_ms is not None
    # 46 requests captured within the last day (the shortest window counted) are 1,380 a month
    assert c.savings is not None and c.savings.monthly_requests == pytest.approx(46 * 30)


def test_from_store_reruns_the_candidate_and_reuses_captured_answers(captured: Any, quiz: QuizUpstream) -> None:
    config = load_config(captured.config_path)
    before = len(quiz.calls)
    spec = BakeoffSpec(incumbent="acc-80", candidates=["acc-60"], from_store=True, scorers=["regex:answer-\\d+"],
                       judge="judge")
    spec.where.tags = ["support"]
    result = asyncio.run(run_bakeoff(config, spec))
    assert result.dataset.items == 15  # odd n below 30
    assert len(quiz.calls) - before == 15 + 2 * 15  # the candidate once, the judge twice per item (both orders)
    assert result.model_summary("acc-80").captured == 15
    assert [s.scorer for s in result.candidates[0].scores] == ["regex:answer-\\d+", "judge"]


def test_cli_writes_a_report_and_json_from_an_exported_dataset(captured: Any, tmp_path: Path) -> None:
    runner = CliRunner()
    data = tmp_path / "traffic.jsonl"
    exported = runner.invoke(cli, ["export", "--config", str(captured.config_path), str(data)])
    assert exported.exit_code == 0, exported.output
    out, js = tmp_path / "report.html", tmp_path / "result.json"
    run = runner.invoke(cli, ["bakeoff", "--config", str(captured.config_path), "--incumbent", "acc-80",
                              "--candidate", "acc-60", "--dataset", str(data), "--scorer", "contains:answer-",
                              "--sample", "20", "--out", str(out), "--json", str(js)])
    assert run.exit_code == 0, run.output
    assert "acc-60" in run.output
    result = BakeoffResult.model_validate_json(js.read_text())
    (c,) = result.candidates
    raw = json.loads(js.read_text())["candidates"][0]
    assert {"model", "verdict", "delta", "ci_low", "ci_high", "n", "margin", "cost_usd"} <= set(raw)
    assert result.dataset.items == 20 and c.n + c.excluded == 20
    assert result.model_summary("acc-80").captured == 20  # the export's final assistant message
    assert "<svg" in out.read_text() and "acc-60" in out.read_text()


def test_cli_errors_are_one_clear_line(captured: Any, tmp_path: Path) -> None:
    runner = CliRunner()
    run = runner.invoke(cli, ["bakeoff", "--config", str(captured.config_path), "--incumbent", "acc-80",
                              "--candidate", "nope", "--from-store", "--scorer", "contains:x"])
    assert run.exit_code == 2 and "'nope' is not in the config" in run.output
    run = runner.invoke(cli, ["bakeoff", "--config", str(captured.config_path), "--incumbent", "acc-80",
                              "--candidate", "acc-60", "--from-store", "--since", "1s", "--until", "2s"])
    assert run.exit_code == 2 and "no captured traffic matches" in run.output
