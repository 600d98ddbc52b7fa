"""The pairwise judge and the rubric grader: position bias cancels, failures stay failures, the prompt is blind."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from parity.bakeoff.items import Answer, Item
from parity.bakeoff.scorers.base import make_scorer
from parity.bakeoff.scorers.judge import PairwiseJudge, build_pairwise_prompt, parse_verdict
from parity.bakeoff.scorers.rubric import RubricGrader, build_rubric_prompt, parse_score
from parity.errors import ConfigError, UpstreamError

Reply = str | Answer | Exception


class FakeCaller:
    """A stand-in for the bakeoff runner's ModelCaller: answers each judge call with ``script(prompt text)`` and
    records every call it got, so tests can read the prompts."""

    def __init__(self, script: Callable[[str], Reply], cost: float | None = 0.002) -> None:
        self.script = script
        self.cost = cost
        self.calls: list[tuple[str, list[dict[str, Any]], dict[str, Any]]] = []

    async def chat(self, model: str, messages: list[dict[str, Any]], **params: Any) -> Answer:
        self.calls.append((model, messages, params))
        await asyncio.sleep(0)  # yield, so both orders really are in flight together
        reply = self.script(messages[-1]["content"])
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, Answer):
            return reply
        return Answer(message={"role": "assistant", "content": reply}, cost_usd=self.cost)

    async def embed(self, model: str, texts: list[str]) -> list[list[float]]:
        raise AssertionError("judges do not embed")

    def prompt(self, index: int) -> str:
        return "\n".join(m["content"] for m in self.calls[index][1])


def answer(text: str, cost: float | None = 0.001) -> Answer:
    return Answer(message={"role": "assistant", "content": text}, cost_usd=cost)


def item(reference: Any = None) -> Item:
    return Item(id="1", messages=[{"role": "user", "content": "q"}], reference=reference)


def answer_block(prompt: str, label: str) -> str:
    return prompt.split(f"## Answer {label}\n", 1)[1].split(f"(end of Answer {label})", 1)[0]


def prefers_good(prompt: str) -> str:
    """A consistent judge: picks the answer that contains "good", whichever label it has."""
    a_good, b_good = "good" in answer_block(prompt, "A"), "good" in answer_block(prompt, "B")
    if a_good == b_good:
        return "Both are the same.\nVERDICT: TIE"
    return "One answer is good.\nVERDICT: " + ("A" if a_good else "B")


def judge(caller: FakeCaller, **options: Any) -> PairwiseJudge:
    return PairwiseJudge(caller=caller, options={"judge_model": "judge-model", **options})


async def test_position_bias_cancels() -> None:
    caller = FakeCaller(lambda prompt: "A is better.\nVERDICT: A")
    score = await judge(caller).acompare(item(), answer("x"), answer("y"), None)
    assert score.value == 0.5
    assert score.disagreement is True
    assert len(caller.calls) == 2


@pytest.mark.parametrize(("candidate", "expected"), [("a good answer", 1.0), ("a bad answer", 0.0)])
async def test_consistent_judge(candidate: str, expected: float) -> None:
    incumbent = "a bad answer" if expected == 1.0 else "a good answer"
    caller = FakeCaller(prefers_good)
    score = await judge(caller).acompare(item(), answer(incumbent), answer(candidate), None)
    assert score.value == expected
    assert score.disagreement is False
    assert score.detail is not None and "One answer is good." in score.detail


async def test_tie() -> None:
    score = await judge(FakeCaller(prefers_good)).acompare(item(), answer("good"), answer("good too"), None)
    assert (score.value, score.disagreement) == (0.5, False)


async def test_one_order_tie_gives_a_quarter_step() -> None:
    # Candidate first: TIE; incumbent first: B (the candidate) wins -> (1 + 0.5) / 2.
    caller = FakeCaller(lambda p: "VERDICT: TIE" if "cand" in answer_block(p, "A") else "VERDICT: B")
    score = await judge(caller).acompare(item(), answer("inc"), answer("cand"), None)
    assert (score.value, score.disagreement) == (0.75, True)


async def test_garbage_verdict_is_a_failure_with_snippet() -> None:
    caller = FakeCaller(lambda p: "I cannot decide, they are both lovely bananas")
    score = await judge(caller).acompare(item(), answer("x"), answer("y"), None)
    assert score.failed
    assert score.detail is not None and score.detail.startswith("judge failure")
    assert "lovely bananas" in score.detail
    assert score.cost_usd == pytest.approx(0.004)


async def test_one_garbage_order_fails_the_item() -> None:
    caller = FakeCaller(lambda p: "VERDICT: maybe" if "x" in answer_block(p, "A") else "VERDICT: A")
    score = await judge(caller).acompare(item(), answer("x"), answer("y"), None)
    assert score.failed and score.detail is not None and "maybe" in score.detail


@pytest.mark.parametrize("failure", [Answer(message=None, error="HTTP 500 from upstream"),
                                     UpstreamError("HTTP 500 from upstream", kind="http", status=500, retryable=True)])
async def test_erroring_judge_call_is_a_failure(failure: Reply) -> None:
    caller = FakeCaller(lambda p: failure if "x" in answer_block(p, "A") else "VERDICT: A")
    score = await judge(caller).acompare(item(), answer("x"), answer("y"), None)
    assert score.failed
    assert score.detail is not None and "HTTP 500" in score.detail
    assert score.cost_usd == pytest.approx(0.002)  # the failed call has no cost; the other one still counts


async def test_prompt_is_blind_and_complete() -> None:
    caller = FakeCaller(prefers_good)
    await judge(caller).acompare(item(reference="forty-two"), answer("incumbent text"), answer("candidate text"), None)
    await judge(caller).acompare(item(), answer("incumbent text"), answer("candidate text"), "the reference")
    first, second = caller.prompt(0), caller.prompt(1)
    for prompt in (first, second):
        assert "Answer A" in prompt and "Answer B" in prompt
        assert "incumbent text" in prompt and "candidate text" in prompt
        assert "incumbent" not in prompt.replace("incumbent text", "")
        assert "candidate" not in prompt.replace("candidate text", "")
        assert "[user] q" in prompt
        assert "length" in prompt.lower() and "order" in prompt.lower()
    # Both orders were asked: each answer appears once as A.
    assert {"incumbent text" in answer_block(p, "A") for p in (first, second)} == {True, False}
    assert "the reference" in caller.prompt(2) and "Reference answer" in caller.prompt(2)
    assert "Reference answer" not in first  # expected=None: the item's reference only reaches the judge via expected
    assert all(params == {"temperature": 0} and model == "judge-model" for model, _, params in caller.calls)


def test_prompt_shows_tool_calls_as_json_without_ids() -> None:
    function = {"name": "get_weather", "arguments": '{"city":"Oslo"}'}
    call = {"id": "call_abc123", "type": "function", "function": function}
    tool_answer = Answer(message={"role": "assistant", "content": None, "tool_calls": [call]})
    messages = build_pairwise_prompt(item(), tool_answer, answer("It is sunny."), rubric="Be right.")
    text = messages[1]["content"]
    assert '{"name":"get_weather","arguments":{"city":"Oslo"}}' in text
    assert "call_abc123" not in text
    assert "Be right." in text


async def test_cost_is_summed_or_unknown() -> None:
    score = await judge(FakeCaller(prefers_good, cost=0.01)).acompare(item(), answer("good"), answer("bad"), None)
    assert score.cost_usd == pytest.approx(0.02)
    unknown = await judge(FakeCaller(prefers_good, cost=None)).acompare(item(), answer("good"), answer("bad"), None)
    assert unknown.cost_usd is None and unknown.value == 0.0


async def test_rubric_score_parses() -> None:
    caller = FakeCaller(lambda p: "Mostly right, one slip.\nSCORE: 7")
    grader = RubricGrader("grader-model", caller=caller, options={"judge_model": "other"})
    score = await grader.ascore(item(), answer("x"), None)
    assert score.value == pytest.approx(6 / 9)
    assert score.detail == "7/10: Mostly right, one slip."
    assert score.cost_usd == pytest.approx(0.002)
    assert caller.calls[0][0] == "grader-model"  # the argument after "rubric:" overrides --judge


@pytest.mark.parametrize("reply", ["SCORE: 11", "SCORE: 0", "Looks fine to me.", "SCORE: seven"])
async def test_rubric_unreadable_or_out_of_range_is_a_failure(reply: str) -> None:
    grader = RubricGrader(caller=FakeCaller(lambda p: reply), options={"judge_model": "j"})
    score = await grader.ascore(item(), answer("x"), None)
    assert score.failed and score.detail is not None and score.detail.startswith("judge failure")


async def test_rubric_uses_item_criteria_and_reference() -> None:
    caller = FakeCaller(lambda p: "SCORE: 10")
    grader = RubricGrader(caller=caller, options={"judge_model": "j", "rubric": "House rubric."})
    score = await grader.ascore(item(reference="Paris"), answer("x"), "Must name the capital.")
    assert score.value == 1.0
    prompt = caller.prompt(0)
    assert "House rubric." in prompt and "Must name the capital." in prompt and "Paris" in prompt


def test_rubric_prompt_default_rubric() -> None:
    text = build_rubric_prompt(item(), answer("x"))[1]["content"]
    assert "Correctness" in text and "Reference answer" not in text


@pytest.mark.parametrize("spec", ["judge", "rubric", "judge:   "])
def test_missing_judge_model_is_a_config_error(spec: str) -> None:
    with pytest.raises(ConfigError, match="--judge MODEL"):
        make_scorer(spec, caller=FakeCaller(prefers_good), options={})


def test_argument_names_the_judge_model() -> None:
    scorer = make_scorer("judge:my-judge", options={"judge_model": "other"})
    assert isinstance(scorer, PairwiseJudge) and scorer.judge_model == "my-judge" and scorer.pairwise


@pytest.mark.parametrize(("text", "verdict"), [
    ("Reasoning.\nVERDICT: A", "A"),
    ("**VERDICT: B**", "B"),
    ("**Verdict:** tie.", "TIE"),
    ("verdict: b", "B"),
    ("VERDICT: A!", "A"),
    ('VERDICT: "Answer B"', "B"),
    ("VERDICT: [[A]]", "A"),
    ("VERDICT: A\nOn reflection B is better.\nVERDICT: B", "B"),
    ('Thinking...\n```json\n{"verdict": "A", "reason": "shorter and right"}\n```', "A"),
    ('{"Verdict": "tie"}', "TIE"),
    ("VERDICT: B\nVERDICT: neither", None),
    ("VERDICT: Absolutely A", None),
    ("VERDICT: A and B are equal", None),
    ("I prefer A.", None),
    ('{"verdict": 1}', None),
    ("", None),
])
def test_parse_verdict(text: str, verdict: str | None) -> None:
    assert parse_verdict(text) == verdict


@pytest.mark.parametrize(("text", "grade"), [
    ("SCORE: 7", 7.0),
    ("**Score:** 8/10.", 8.0),
    ("score = 6.5", 6.5),
    ("SCORE: 3\nWait.\nSCORE: 4", 4.0),
    ('{"score": 9}', 9.0),
    ("SCORE: 10.5", None),
    ("SCORE: 7 or 8", None),
    ('{"score": true}', None),
])
def test_parse_score(text: str, grade: float | None) -> None:
    assert parse_score(text) == grade
