"""The bakeoff renderers: every verdict shown and explained, unknowns as "n/a", and an HTML file that is safe and
self-contained (model answers are untrusted text) and carries the result back out intact."""

from __future__ import annotations

import html
import re
from typing import Literal

import pytest
from rich.console import Console

from parity.report.bakeoff_result import (
    BakeoffResult,
    CandidateResult,
    Dataset,
    Example,
    JudgeStats,
    Latency,
    ModelSummary,
    Savings,
    ScoreComparison,
    ScoreSummary,
    Verdict,
)
from parity.report.html import render_bakeoff_html
from parity.report.terminal import fmt_money, render_bakeoff, verdict_sentence

SCRIPT_ANSWER = "Sure: <script>alert(1)</script> done"
CLOSING_TAG = 'print("</script><b>bold</b>")'


def _model(name: str, role: Literal["incumbent", "candidate"], *, cost: float | None, per_1k: float | None,
           p50: float, errors: int = 0, production: bool = False, exact: float, judge: float) -> ModelSummary:
    answered = 400 - errors
    return ModelSummary(
        model=name, role=role, items=400, answered=answered, errors=errors, error_rate=errors / 400,
        error_examples=[f"upstream 503 from {name}: <html>overloaded</html>"] * min(errors, 3), refusals=2,
        refusal_rate=2 / 400, called=300, cached=80, captured=20, prompt_tokens=812_345, completion_tokens=98_765,
        cost_usd=cost, cost_per_1k_usd=per_1k, unpriced=0 if cost is not None else answered,
        latency=Latency(samples=300, ttft_p50_ms=p50 / 4, ttft_p95_ms=p50 / 2, p50_ms=p50, p95_ms=p50 * 2.5),
        production_latency=Latency(samples=5000, p50_ms=p50 * 1.1, p95_ms=p50 * 3) if production else None,
        scores=[ScoreSummary(scorer="exact", mean=exact, n=answered),
                ScoreSummary(scorer="judge:gpt-4.1-mini", mean=judge, n=answered - 3, failures=3)],
    )


def _comparison(scorer: str, delta: float, low: float, high: float, verdict: Verdict) -> ScoreComparison:
    return ScoreComparison(scorer=scorer, kind="binary", n=392, excluded=8, mean_incumbent=0.81,
                           mean_candidate=0.81 + delta, delta=delta, ci_low=low, ci_high=high, confidence=0.975,
                           p_value=0.004, verdict=verdict, method="Newcombe's hybrid score interval")


@pytest.fixture
def result() -> BakeoffResult:
    worst = [Example(item_id="item-17", prompt=f"Write code that prints {CLOSING_TAG}", reference="42",
                     incumbent_answer="42", candidate_answer=SCRIPT_ANSWER, incumbent_score=1.0, candidate_score=0.0,
                     difference=-1.0, detail="expected '42', found '<script>'"),
             Example(item_id="item-3", prompt="Summarise:\n" + "long text " * 300, incumbent_answer="A summary.",
                     candidate_answer="x" * 5000, incumbent_score=0.9, candidate_score=0.2, difference=-0.7)]
    qwen = CandidateResult(
        model="qwen3-32b", verdict="non-inferior", delta=0.012, ci_low=-0.004, ci_high=0.031, confidence=0.975, n=392,
        excluded=8, margin=0.02, p_value=0.0004, p_value_holm=0.0008, kind="binary",
        method="Newcombe's hybrid score interval for paired proportions (method 10)", items_to_settle=0,
        mean_incumbent=0.81, mean_candidate=0.822, wins=30, ties=340, losses=22, cost_usd=0.31, cost_per_1k_usd=0.775,
        savings=Savings(per_1k_requests_usd=7.225, monthly_requests=1_200_000, monthly_usd=8_670.0,
                        basis="captured traffic over the last 30 days"),
        errors=8, scores=[_comparison("exact", 0.012, -0.004, 0.031, "non-inferior"),
                          _comparison("judge:gpt-4.1-mini", -0.006, -0.03, 0.018, "inconclusive")],
        worst=worst[:1])
    llama = CandidateResult(
        model="llama-3.1-8b", verdict="inferior", delta=-0.154, ci_low=-0.201, ci_high=-0.108, confidence=0.975,
        n=400, excluded=0, margin=0.02, p_value=0.99, p_value_holm=0.99, kind="binary",
        method="Newcombe's hybrid score interval for paired proportions (method 10)", items_to_settle=0,
        mean_incumbent=0.81, mean_candidate=0.656, wins=10, ties=300, losses=90, cost_usd=None, cost_per_1k_usd=None,
        errors=0, scores=[_comparison("exact", -0.154, -0.201, -0.108, "inferior"),
                          _comparison("judge:gpt-4.1-mini", -0.12, -0.17, -0.07, "inferior")],
        judge=JudgeStats(judged=397, failures=3, disagreement_rate=0.085, cost_usd=0.42,
                         failure_examples=["judge answered 'maybe </script>'"]),
        worst=worst)
    return BakeoffResult(
        created="2025-06-01T12:00:00Z", parity_version="0.4.0",
        dataset=Dataset(source="store", description="captured support traffic", items=400, conversations=310,
                        filters={"route": "support"}),
        incumbent="gpt-4.1", primary="exact", scorers=["exact", "judge:gpt-4.1-mini"], margin=0.02, alpha=0.05,
        method="Paired comparison on the same 400 items; Bonferroni-adjusted 97.5% intervals for 2 candidates.",
        models=[_model("gpt-4.1", "incumbent", cost=3.2, per_1k=8.0, p50=1200, production=True, exact=0.81,
                       judge=0.74),
                _model("qwen3-32b", "candidate", cost=0.31, per_1k=0.775, p50=820, errors=8, exact=0.822, judge=0.73),
                _model("llama-3.1-8b", "candidate", cost=None, per_1k=None, p50=310, exact=0.656, judge=0.62)],
        candidates=[qwen, llama], scoring_cost_usd=0.42, total_cost_usd=3.93,
        warnings=["llama-3.1-8b has no known price: its cost is shown as n/a"])


# ------------------------------------------------------------------------------------------------------ HTML


def test_html_is_self_contained(result: BakeoffResult) -> None:
    page = render_bakeoff_html(result)
    assert page.startswith("<!doctype html>")
    for external in ('src="http', "src='http", 'href="http', "href='http", "@import", "url(", "<link"):
        assert external not in page


def test_html_escapes_model_text(result: BakeoffResult) -> None:
    page = render_bakeoff_html(result)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page
    # the only script elements are the page's own: the JSON payload and the print helper
    assert page.count("</script>") == page.count("<script") == 2


def test_html_embeds_the_result_json(result: BakeoffResult) -> None:
    page = render_bakeoff_html(result)
    found = re.search(r'<script type="application/json" id="parity-result">(.*?)</script>', page, re.S)
    assert found is not None
    assert "</" not in found.group(1)
    assert BakeoffResult.model_validate_json(found.group(1)) == result


def test_html_shows_verdicts_models_and_unknowns(result: BakeoffResult) -> None:
    page = render_bakeoff_html(result)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    for model in ("gpt-4.1", "qwen3-32b", "llama-3.1-8b"):
        assert model in text
    for verdict in ("non-inferior", "inferior"):
        assert re.search(rf"\b{verdict}\b", text)
    assert "+0.012 [-0.004, +0.031]" in text
    assert "$8,670" in text and "$0.775" in text
    assert "n/a" in text
    assert "$0 " not in text and "$0<" not in page
    assert page.count("<svg") >= 3
    assert "disagreement" in text.lower() and "8.5%" in text
    assert "<details" in page and "item-17" in text


def test_html_leaves_out_empty_sections(result: BakeoffResult) -> None:
    bare = result.model_copy(update={"candidates": [c.model_copy(update={"worst": [], "judge": None, "savings": None})
                                                    for c in result.candidates], "warnings": []})
    page = render_bakeoff_html(bare)
    for section in ("judge", "where-the-candidate-lost-most", "warnings"):
        assert f"id='{section}'" not in page
        assert f"id='{section}'" in render_bakeoff_html(result)
    assert "non-inferior" in page


# -------------------------------------------------------------------------------------------------- terminal


def _terminal(result: BakeoffResult) -> str:
    console = Console(record=True, width=100, color_system=None)
    render_bakeoff(result, console)
    return console.export_text()


def test_terminal_shows_each_model_verdict_and_interval(result: BakeoffResult) -> None:
    out = _terminal(result)
    for needle in ("gpt-4.1", "qwen3-32b", "llama-3.1-8b", "incumbent", "non-inferior", "inferior",
                   "+0.012 [-0.004, +0.031]", "-0.154 [-0.201, -0.108]", "$8,670", "n/a", "8.5%"):
        assert needle in out, needle
    assert "warning: llama-3.1-8b has no known price" in out
    assert "…" not in out  # nothing cut short at 100 columns


def test_terminal_prints_names_literally(result: BakeoffResult) -> None:
    """A model name is data, not rich markup."""
    name = "org/[bold]qwen[/bold]"
    renamed = result.model_copy(update={
        "candidates": [result.candidates[0].model_copy(update={"model": name}), result.candidates[1]],
        "models": [m.model_copy(update={"model": name}) if m.model == "qwen3-32b" else m for m in result.models]})
    out = _terminal(renamed)
    assert name in out and "org/qwen" not in out


def test_terminal_leaves_out_empty_sections(result: BakeoffResult) -> None:
    single = result.model_copy(update={"scorers": ["exact"], "candidates": [
        c.model_copy(update={"judge": None}) for c in result.candidates]})
    out = _terminal(single)
    assert "Judge" not in out and "Every scorer" not in out
    assert "Every scorer" in _terminal(result)


# ------------------------------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(("value", "shown"), [(None, "n/a"), (0.0, "$0"), (0.0123, "$0.0123"), (0.775, "$0.775"),
                                              (8.0, "$8.00"), (12_345.4, "$12,345"), (-1_234.5, "-$1,234")])
def test_money_precision_suits_the_size(value: float | None, shown: str) -> None:
    assert fmt_money(value) == shown


@pytest.mark.parametrize(("verdict", "low", "high", "settle", "expected"), [
    ("superior", 0.013, 0.05, 0, "qwen3-32b is superior: with 97.5% confidence it is at least 1.3 points better "
                                 "than gpt-4.1 on exact."),
    ("non-inferior", -0.004, 0.031, 0, "qwen3-32b is non-inferior: with 97.5% confidence it is at most 0.4 points "
                                       "worse than gpt-4.1 on exact, within the 2-point margin."),
    ("inferior", -0.201, -0.108, 0, "qwen3-32b is inferior: with 97.5% confidence it is at least 10.8 points worse "
                                    "than gpt-4.1 on exact, beyond the 2-point margin."),
    ("inconclusive", -0.035, 0.01, 1250, "qwen3-32b is inconclusive: with 97.5% confidence the difference from "
                                         "gpt-4.1 on exact lies between -3.5 and +1.0 points, which straddles the "
                                         "2-point margin; about 1,250 more items would settle it."),
])
def test_verdict_sentence(result: BakeoffResult, verdict: str, low: float, high: float, settle: int,
                          expected: str) -> None:
    candidate = result.candidates[0].model_copy(update={"verdict": verdict, "ci_low": low, "ci_high": high,
                                                        "items_to_settle": settle})
    assert verdict_sentence(result, candidate) == expected


def test_verdict_sentence_when_no_sample_size_settles_it(result: BakeoffResult) -> None:
    candidate = result.candidates[0].model_copy(update={"verdict": "inconclusive", "ci_low": -0.05, "ci_high": 0.01,
                                                        "items_to_settle": None})
    assert "more items alone may not settle it" in verdict_sentence(result, candidate)
