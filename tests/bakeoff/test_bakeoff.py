"""End-to-end bakeoffs against stand-in models of known quality (tests/bakeoff/quiz.py), over real loopback HTTP."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from quiz import QuizUpstream, quiz_items, right

from parity.bakeoff.run import BakeoffSpec, run_bakeoff
from parity.config import Config, load_config
from parity.errors import ConfigError

MODELS = ["acc-80", "acc-79", "acc-95", "acc-30", "acc-78", "acc-70", "flaky-80-10", "flaky-80-1", "judge",
          "judge-garbage-7"]


def make_config(tmp_path: Path, quiz: QuizUpstream, **extra: Any) -> Config:
    models = [{"name": m, "provider": "openai", "base_url": f"{quiz.url}/v1", "api_key": "sk-quiz-secret",
               "price": {"input_per_mtok": 10.0 if m.startswith("acc-8") else 1.0, "output_per_mtok": 30.0}}
              for m in MODELS]
    path = tmp_path / "parity.yaml"
    path.write_text(yaml.safe_dump({"store": str(tmp_path / "store.db"), "models": models,
                                    "router": {"retries": 0}, **extra}))
    return load_config(path)


def write_suite(tmp_path: Path, count: int, start: int = 0, **fields: Any) -> str:
    path = tmp_path / "suite.jsonl"
    path.write_text("".join(json.dumps({**item, **fields}) + "\n" for item in quiz_items(count, start)))
    return str(path)


def bake(config: Config, **kw: Any) -> Any:
    kw.setdefault("scorers", ["contains"])
    return asyncio.run(run_bakeoff(config, BakeoffSpec(**kw)))


def test_clear_differences_get_the_right_verdicts(tmp_path: Path, quiz: QuizUpstream) -> None:
    config = make_config(tmp_path, quiz)
    result = bake(config, incumbent="acc-80", candidates=["acc-95", "acc-30", "acc-79"],
                  suite=write_suite(tmp_path, 600), margin=0.05)
    verdicts = {c.model: c.verdict for c in result.candidates}
    assert verdicts == {"acc-95": "superior", "acc-30": "inferior", "acc-79": "non-inferior"}
    inc = result.model_summary("acc-80").scores[0]
    expected = sum(right("acc-80", n) for n in range(600)) / 600
    assert inc.mean == pytest.approx(expected)
    strong = next(c for c in result.candidates if c.model == "acc-95")
    assert strong.n == 600 and strong.excluded == 0
    assert strong.delta == pytest.approx(sum(right("acc-95", n) - right("acc-80", n) for n in range(600)) / 600)
    assert strong.ci_low > 0 and strong.confidence == pytest.approx(1 - 0.05 / 3)  # Bonferroni over 3 candidates
    assert strong.losses == 0 and strong.wins > 0
    # cost: 20 prompt + 10 completion tokens a call, at the configured prices
    assert result.model_summary("acc-80").cost_per_1k_usd == pytest.approx((20 * 10 + 10 * 30) / 1e6 * 1000)
    assert strong.cost_per_1k_usd == pytest.approx((20 * 1 + 10 * 30) / 1e6 * 1000)
    assert strong.savings is not None and strong.savings.per_1k_requests_usd == pytest.approx(0.18)
    assert strong.savings.monthly_usd is None  # no captured volume and no --monthly-requests
    worst = next(c for c in result.candidates if c.model == "acc-30").worst
    assert len(worst) == 5 and all(e.difference == -1 for e in worst)
    assert "answer-" in worst[0].incumbent_answer and "wrong-" in worst[0].candidate_answer


def test_a_small_sample_is_inconclusive_and_says_how_many_more(tmp_path: Path, quiz: QuizUpstream) -> None:
    config = make_config(tmp_path, quiz)
    result = bake(config, incumbent="acc-80", candidates=["acc-70"], suite=write_suite(tmp_path, 30))
    (c,) = result.candidates
    assert c.verdict == "inconclusive"
    assert c.items_to_settle is not None and c.items_to_settle > 0


def test_a_rerun_costs_nothing_and_an_interrupted_run_resumes(tmp_path: Path, quiz: QuizUpstream) -> None:
    config = make_config(tmp_path, quiz)
    suite = write_suite(tmp_path, 200, start=5000)
    before = len(quiz.calls)

    async def interrupted() -> None:
        """Cancel the run after 60 items, as asyncio.run does on Ctrl-C."""
        reached = asyncio.Event()
        spec = BakeoffSpec(incumbent="acc-80", candidates=["acc-78"], suite=suite, scorers=["contains"],
                           concurrency=4)
        task = asyncio.create_task(run_bakeoff(config, spec, progress=lambda done, _: done >= 60 and reached.set()))
        await reached.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(interrupted())
    paid_first = len(quiz.calls) - before
    assert 120 <= paid_first < 400  # both models answered at least the first 60 items
    first = bake(config, incumbent="acc-80", candidates=["acc-78"], suite=suite)
    paid_second = len(quiz.calls) - before - paid_first
    assert paid_second <= 400 - 120  # the 60 finished items were not paid again
    assert paid_first + paid_second <= 400 + 2 * 4  # at most the calls in flight at the interrupt are asked again
    paid = len(quiz.calls)
    again = bake(config, incumbent="acc-80", candidates=["acc-78"], suite=suite, scorers=["contains", "exact"])
    assert len(quiz.calls) == paid  # a re-score with a new scorer calls no model
    assert again.model_summary("acc-78").cached == 200 and again.model_summary("acc-78").called == 0
    assert again.total_cost_usd == 0 and first.total_cost_usd is not None and first.total_cost_usd > 0
    assert again.candidates[0].delta == first.candidates[0].delta
    assert [s.scorer for s in again.candidates[0].scores] == ["contains", "exact"]


def test_errors_are_excluded_counted_and_never_scored(tmp_path: Path, quiz: QuizUpstream) -> None:
    config = make_config(tmp_path, quiz)
    result = bake(config, incumbent="acc-80", candidates=["flaky-80-10", "flaky-80-1"],
                  suite=write_suite(tmp_path, 100), worst=0)
    (c,) = result.candidates  # flaky-80-1 failed every item: reported, without hiding flaky-80-10's result
    assert result.model_summary("flaky-80-1").errors == 100
    assert any("flaky-80-1: no item could be compared" in w for w in result.warnings)
    assert c.worst == []
    flaky = result.model_summary("flaky-80-10")
    assert flaky.errors == 10 and flaky.error_rate == pytest.approx(0.1)
    assert "500" in flaky.error_examples[0] and "[redacted]" in flaky.error_examples[0]
    assert "sk-quiz-secret" not in json.dumps(result.model_dump())
    assert c.n == 90 and c.excluded == 10 and c.errors == 10
    assert c.delta == 0 and c.losses == 0  # same model otherwise: an error is not a loss


def test_pairwise_judge_with_garbage_answers(tmp_path: Path, quiz: QuizUpstream) -> None:
    config = make_config(tmp_path, quiz)
    result = bake(config, incumbent="acc-80", candidates=["acc-30"], suite=write_suite(tmp_path, 70, start=700),
                  scorers=[], judge="judge-garbage-7")
    (c,) = result.candidates
    assert result.primary == "judge" and c.kind == "pairwise"
    assert c.judge is not None and c.judge.failures == 10 and c.judge.judged == 70
    assert c.n == 60 and c.excluded == 10
    assert c.judge.disagreement_rate == 0  # the stand-in judge is position-blind
    wins = sum(right("acc-30", n) and not right("acc-80", n) for n in range(700, 770) if n % 7)
    losses = sum(right("acc-80", n) and not right("acc-30", n) for n in range(700, 770) if n % 7)
    assert (c.wins, c.losses) == (wins, losses)
    assert c.judge.cost_usd and c.judge.cost_usd > 0
    assert result.scoring_cost_usd == pytest.approx(c.judge.cost_usd)


def test_bad_input_is_a_clear_error(tmp_path: Path, quiz: QuizUpstream) -> None:
    config = make_config(tmp_path, quiz)
    suite = write_suite(tmp_path, 3)
    with pytest.raises(ConfigError, match="'gpt-9' is not in the config"):
        bake(config, incumbent="acc-80", candidates=["gpt-9"], suite=suite)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    with pytest.raises(ConfigError, match="has no items"):
        bake(config, incumbent="acc-80", candidates=["acc-70"], suite=str(empty))
    bad = tmp_path / "bad.yaml"
    bad.write_text("- prompt: hi\n- prompt: there\n  assert: [{value: x}]\n")
    with pytest.raises(ConfigError, match=r"bad.yaml:3: .*assert\.0\.type: missing"):
        bake(config, incumbent="acc-80", candidates=["acc-70"], suite=str(bad))
    with pytest.raises(ConfigError, match="nothing to score with"):
        bake(config, incumbent="acc-80", candidates=["acc-70"], suite=write_suite(tmp_path, 3, reference=None),
             scorers=[])
    with pytest.raises(ConfigError, match="unknown scorer 'nope'"):
        bake(config, incumbent="acc-80", candidates=["acc-70"], suite=suite, scorers=["nope"])
