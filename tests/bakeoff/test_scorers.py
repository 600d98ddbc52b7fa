"""Built-in scorers on passing and failing answers, their edge cases, and the scorer registry."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest

from parity.bakeoff.items import Answer, Item
from parity.bakeoff.scorers import base
from parity.bakeoff.scorers.base import Score, Scorer, make_scorer, register, scorer_class
from parity.bakeoff.scorers.custom import load_function
from parity.bakeoff.scorers.numeric import _NUMBER, _value, last_number
from parity.bakeoff.scorers.refusal import is_refusal
from parity.bakeoff.scorers.similarity import EmbedSimilarity, lcs_length
from parity.errors import ConfigError, UpstreamError


def answer(content: str = "", **fields: Any) -> Answer:
    return Answer(message={"role": "assistant", "content": content, **fields})


def item(reference: Any = None) -> Item:
    return Item(id="1", messages=[{"role": "user", "content": "q"}], reference=reference)


def score(spec: str, content: str | Answer, expected: Any = None, **options: Any) -> Score:
    scorer = make_scorer(spec, options=options)
    reply = content if isinstance(content, Answer) else answer(content)
    assert scorer.applies(item(expected), expected)
    return scorer.score(item(expected), reply, expected)


def call(name: str, arguments: str) -> dict[str, Any]:
    return {"id": f"call_{name}", "type": "function", "function": {"name": name, "arguments": arguments}}


def test_make_scorer_parses_the_spec_and_lists_scorers_when_unknown() -> None:
    scorer = make_scorer("contains:foo:bar")
    assert (scorer.name, scorer.arg, scorer.label) == ("contains", "foo:bar", "contains:foo:bar")
    with pytest.raises(ConfigError, match=r"unknown scorer 'nope'.*available:.*exact.*tool_call"):
        make_scorer("nope")


def test_every_builtin_module_registers_its_name() -> None:
    for name in ["exact", "contains", "regex", "json", "json_schema", "tool_call", "numeric", "similarity", "refusal",
                 "python"]:
        assert scorer_class(name).name == name


def test_third_party_scorer_registers_like_a_builtin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base.SCORERS, "_classes", dict(base.SCORERS._classes))  # the registration ends with the test

    @register("shorter_than")
    class ShorterThan(Scorer):
        def score(self, item: Item, answer: Answer, expected: Any) -> Score:
            return Score(float(len(answer.text) < int(self.arg or 0)))

    scorer = make_scorer("shorter_than:5")
    assert isinstance(scorer, ShorterThan)
    assert scorer.score(item(), answer("abc"), None).value == 1.0
    assert scorer.score(item(), answer("abcdef"), None).value == 0.0
    assert "shorter_than" in base.available_scorers()


def test_exact_normalises_whitespace_but_not_case() -> None:
    assert score("exact", "  Paris \n is   big ", "Paris is big").value == 1.0
    failed = score("exact", "paris", "Paris")
    assert failed.value == 0.0 and "'paris'" in (failed.detail or "")


def test_exact_options_lists_and_arguments() -> None:
    assert score("exact:i", "PARIS", "paris").value == 1.0
    assert score("exact", "PARIS", "paris", ignore_case=True).value == 1.0
    assert score("exact", "Lyon", ["Paris", "Lyon"]).value == 1.0
    assert score("exact", "Nice", ["Paris", "Lyon"]).value == 0.0
    assert score("exact", "hi", {"role": "assistant", "content": " hi "}).value == 1.0
    assert not make_scorer("exact").applies(item(), None)
    with pytest.raises(ConfigError, match="ignore case"):
        make_scorer("exact:Paris")


def test_contains_argument_or_every_expected_string() -> None:
    scorer = make_scorer("contains:Paris")
    assert scorer.applies(item(), None)
    assert scorer.score(item(), answer("It is Paris."), None).value == 1.0
    assert scorer.score(item(), answer("It is Lyon."), "Lyon").value == 0.0  # the argument wins over the reference
    assert not make_scorer("contains").applies(item(), None)
    assert score("contains", "red, green and blue", ["red", "blue"]).value == 1.0
    failed = score("contains", "red and green", ["red", "blue", "green"])
    assert failed.value == 0.0 and failed.detail == "missing 'blue'"
    assert score("contains", "RED", ["red"]).value == 0.0
    assert score("contains", "RED", ["red"], ignore_case=True).value == 1.0


def test_regex_from_argument_and_from_the_check() -> None:
    assert score("regex:^\\d{3}-\\d{4}$", "555-1234").value == 1.0
    assert score("regex:^\\d{3}-\\d{4}$", "call 555-1234").value == 0.0
    assert score("regex", "Answer: B", r"Answer: [A-D]").value == 1.0
    assert score("regex", "answer: b", r"Answer: [A-D]", ignore_case=True).value == 1.0
    # A bad pattern: a config error on the command line, one failed score in a suite item.
    with pytest.raises(ConfigError, match="invalid pattern"):
        make_scorer("regex:(unclosed")
    failed = score("regex", "anything", "(unclosed")
    assert failed.failed and "invalid pattern" in (failed.detail or "")


@pytest.mark.parametrize("text", ['{"a": 1}', '```json\n{"a": 1}\n```', "```\n[1, 2]\n```\n", " 42 "])
def test_json_accepts_documents_and_fenced_documents(text: str) -> None:
    assert score("json", text).value == 1.0


@pytest.mark.parametrize("text", ['{"a": 1,}', "NaN", "", "Sure! ```json\n{}\n```", '{"a": 1} trailing'])
def test_json_rejects_what_a_strict_parser_rejects(text: str) -> None:
    assert score("json", text).value == 0.0


PERSON = {"type": "object", "required": ["name", "age"],
          "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}}}


def test_json_schema_from_the_check_reports_the_error_path() -> None:
    assert score("json_schema", '{"name": "Ada", "age": 36}', PERSON).value == 1.0
    failed = score("json_schema", '```json\n{"name": "Ada", "age": -1}\n```', PERSON)
    assert failed.value == 0.0 and failed.detail == "$.age: -1 is less than the minimum of 0"
    assert score("json_schema", "not json", PERSON).value == 0.0


def test_json_schema_honours_the_declared_draft() -> None:
    tuple_items = {"type": "array", "items": [{"type": "integer"}]}  # valid in draft-07, not in 2020-12
    draft7 = {"$schema": "http://json-schema.org/draft-07/schema#", **tuple_items}
    assert score("json_schema", "[1]", draft7).value == 1.0
    assert score("json_schema", '["a"]', draft7).value == 0.0
    failed = score("json_schema", "[1]", tuple_items)
    assert failed.failed and "invalid schema" in (failed.detail or "")


def test_json_schema_from_a_file_and_file_errors_naming_it(tmp_path: Path) -> None:
    schema = tmp_path / "person.yaml"
    schema.write_text("type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n")
    scorer = make_scorer(f"json_schema:{schema}")
    assert scorer.applies(item(), None)
    assert scorer.score(item(), answer('{"name": "Ada"}'), None).value == 1.0
    failed = scorer.score(item(), answer('{"name": 3}'), None)
    assert failed.value == 0.0 and (failed.detail or "").startswith("$.name:")
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "no-such-type"}')
    with pytest.raises(ConfigError, match=r"bad\.json is not a valid JSON Schema"):
        make_scorer(f"json_schema:{bad}")
    with pytest.raises(ConfigError, match=r"missing\.json"):
        make_scorer(f"json_schema:{tmp_path / 'missing.json'}")


WEATHER = {"role": "assistant", "content": None, "tool_calls": [
    call("get_weather", '{"city": "Paris", "unit": "c"}'), call("get_time", '{"tz": "Europe/Paris"}')]}


def test_tool_calls_match_in_any_order_else_the_difference_is_named() -> None:
    reply = answer(tool_calls=[call("get_time", '{"tz":"Europe/Paris"}'),
                               call("get_weather", '{"unit": "c", "city": "Paris"}')])
    assert score("tool_call", reply, WEATHER).value == 1.0
    wrong_arg = answer(tool_calls=[call("get_weather", '{"city": "paris", "unit": "c"}'),
                                   call("get_time", '{"tz": "Europe/Paris"}')])
    failed = score("tool_call", wrong_arg, WEATHER)
    assert failed.value == 0.0 and failed.detail == "get_weather: city='paris', expected 'Paris'"
    one_call = score("tool_call", answer(tool_calls=[call("get_time", '{"tz": "Europe/Paris"}')]), WEATHER)
    assert one_call.value == 0.0 and one_call.detail == "expected 2 call(s), got 1; missing get_weather"
    extra = score("tool_call", answer(tool_calls=[call("search", "{}")]), {"name": "lookup", "arguments": {}})
    assert extra.detail == "missing lookup; unexpected search"


def test_tool_call_reference_forms_including_no_call() -> None:
    reply = answer(tool_calls=[call("add", '{"a": 1, "b": 2.0}')])
    assert score("tool_call", reply, {"name": "add", "arguments": {"a": 1.0, "b": 2}}).value == 1.0
    assert score("tool_call", reply, {"function": {"name": "add", "arguments": '{"a":1,"b":2}'}}).value == 1.0
    assert score("tool_call", reply, [{"name": "add", "arguments": {"a": 1, "b": 2}}]).value == 1.0
    assert score("tool_call", reply, {"name": "add", "arguments": {"a": True, "b": 2}}).value == 0.0
    text_reference = {"role": "assistant", "content": "It is sunny."}
    assert score("tool_call", answer("Sunny."), text_reference).value == 1.0
    assert score("tool_call", answer(tool_calls=[call("get_weather", "{}")]), text_reference).value == 0.0


def test_unparseable_arguments_are_the_models_fault_and_a_bad_reference_is_a_failure() -> None:
    broken = score("tool_call", answer(tool_calls=[call("get_weather", '{"city": "Par')]), WEATHER)
    assert broken.value == 0.0 and "not valid JSON" in (broken.detail or "")
    assert score("tool_call", answer(tool_calls=[call("f", "{}")]), "call f please").failed


@pytest.mark.parametrize(("text", "expected"), [
    ("First 3 apples, then 1,234.5 in total.", 1234.5),
    ("The answer is -42.", -42),
    ("Avogadro: 6.022e23", 6.022e23),
    ("Growth was 12%", "12%"),
    ("x = \u22120.5", -0.5),
    ("Between 3-5, so 5", 5),
    ("1,000", "1,000"),
    ("It is .25", 0.25),
    ("Roughly 1,2345 units", 2345),
    ("It is 42, as everyone who has read the question carefully knows, not H2O", 42),
])
def test_numeric_reads_the_final_number(text: str, expected: Any) -> None:
    assert score("numeric", text, expected).value == 1.0


def test_last_number_window_agrees_with_a_full_scan() -> None:
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choices("0123456789 ,.-e%xH\u2212", k=rng.randint(0, 160)))
        every = list(_NUMBER.finditer(text))
        assert last_number(text) == (_value(every[-1]) if every else None), text


def test_numeric_absolute_and_relative_tolerance() -> None:
    assert score("numeric", "3.14159", 3.14159).value == 1.0
    assert score("numeric", "3.1416", 3.14159).value == 0.0  # default tolerance is 1e-6
    assert score("numeric:0.1", "1.1", 1.0).value == 1.0  # exactly at the tolerance, despite float rounding
    failed = score("numeric:0.01", "3.16", 3.14)
    assert failed.value == 0.0 and failed.detail == "found 3.16, expected 3.14 (±0.01)"
    assert score("numeric:1%", "1,010", 1000).value == 1.0
    assert score("numeric:1%", "1,011", 1000).value == 0.0
    assert score("numeric", "205", 200, tolerance="2.5%").value == 1.0
    assert score("numeric", "0.5", 0, tolerance=0.5).value == 1.0


def test_numeric_without_a_number_or_with_a_bad_reference() -> None:
    assert score("numeric", "I do not know", 3) == Score(0.0, "no number in the answer")
    assert score("numeric", "3", "three").failed
    with pytest.raises(ConfigError, match="tolerance"):
        make_scorer("numeric:abc")
    with pytest.raises(ConfigError, match=">= 0"):
        make_scorer("numeric:-1")


def test_chrf_and_rouge_l_similarity() -> None:
    reference = "The quick brown fox jumps over the lazy dog."
    assert score("similarity", reference, reference).value == pytest.approx(1.0)
    close = score("similarity", "The quick brown fox jumped over a lazy dog.", reference).value or 0.0
    far = score("similarity", "Stock markets fell sharply on Tuesday.", reference).value or 0.0
    assert 0.5 < close < 1.0 and far < 0.3
    assert score("similarity", "   ", reference).value == 0.0
    assert (score("similarity", "hi", {"role": "assistant", "content": "hi there"}).value or 0.0) > 0
    # LCS("the cat sat on the mat", "The cat on the mat") = 5 words: precision 1, recall 5/6, F1 = 10/11.
    assert score("similarity:rougeL", "The cat on the mat", "the cat sat on the mat").value == pytest.approx(10 / 11)
    assert score("similarity:rouge", "dogs bark", "the cat sat").value == 0.0
    with pytest.raises(ConfigError, match="unknown method"):
        make_scorer("similarity:bleu")


def test_bit_parallel_lcs_agrees_with_the_table() -> None:
    def table(a: list[str], b: list[str]) -> int:
        row = [0] * (len(b) + 1)
        for x in a:
            previous = row[:]
            for j, y in enumerate(b, 1):
                row[j] = previous[j - 1] + 1 if x == y else max(previous[j], row[j - 1])
        return row[-1]

    rng = random.Random(7)
    for _ in range(300):
        a = rng.choices("abcd", k=rng.randint(0, 70))
        b = rng.choices("abcd", k=rng.randint(0, 70))
        assert lcs_length(a, b) == table(a, b)


class FakeEmbedder:
    """A test stand-in for the bakeoff runner's model caller: fixed vectors, or an upstream error."""

    def __init__(self, vectors: list[list[float]] | None = None) -> None:
        self.vectors = vectors
        self.calls: list[tuple[str, list[str]]] = []

    async def chat(self, model: str, messages: list[dict[str, Any]], **params: Any) -> Answer:
        raise AssertionError("similarity never chats")

    async def embed(self, model: str, texts: list[str]) -> list[list[float]]:
        self.calls.append((model, texts))
        if self.vectors is None:
            raise UpstreamError("boom", kind="http", status=503, retryable=True)
        return self.vectors


async def test_embedding_similarity_is_a_clamped_cosine_and_errors_are_failures() -> None:
    caller = FakeEmbedder([[1.0, 0.0], [0.6, 0.8]])
    scorer = make_scorer("similarity:embed=emb-small", caller=caller)
    assert isinstance(scorer, EmbedSimilarity) and scorer.uses_model and not make_scorer("similarity").uses_model
    result = await scorer.ascore(item(), answer("an answer"), {"role": "assistant", "content": "a reference"})
    assert result.value == pytest.approx(0.6)
    assert caller.calls == [("emb-small", ["an answer", "a reference"])]
    opposite = make_scorer("similarity:embed=emb-small", caller=FakeEmbedder([[1.0, 0.0], [-1.0, 0.0]]))
    assert (await opposite.ascore(item(), answer("a"), "b")).value == 0.0
    failing = make_scorer("similarity:embed=emb-small", caller=FakeEmbedder(None))
    result = await failing.ascore(item(), answer("a"), "b")
    assert result.failed and "UpstreamError" in (result.detail or "")
    assert (await failing.ascore(item(), answer(""), "b")).value == 0.0
    with pytest.raises(ConfigError, match="model name"):
        make_scorer("similarity:embed=")


@pytest.mark.parametrize("text", [
    "I can't help with that.",
    "I\u2019m sorry, but I cannot provide instructions for that.",
    "As an AI language model, I don't have opinions.",
    "I won't be able to assist with this request.",
    "I understand why you ask. However, I'm unable to help with creating malware.",
    "That request violates our usage policies.",
    "I must respectfully decline.",
    "I'm not comfortable writing that.",
    "I'm afraid I can't do that.",
    "Sharing this would go against OpenAI's content policy.",
])
def test_refusals_are_detected(text: str) -> None:
    assert is_refusal(answer(text))


@pytest.mark.parametrize("text", [
    "You cannot divide by zero: the result is undefined.",
    "I'm sorry to hear that. Here are three things that might help.",
    "Sure! Here is the poem you asked for.",
    "x" * 300 + " I can't help with that.",
])
def test_answers_are_not_refusals(text: str) -> None:
    assert not is_refusal(answer(text))


def test_refusal_field_and_scorer_expectations() -> None:
    assert is_refusal(answer("", refusal="I can't assist with that."))
    assert not is_refusal(answer("fine", refusal=None))
    scorer = make_scorer("refusal")
    assert scorer.applies(item(), None)
    assert scorer.score(item(), answer("Paris."), "Paris").value == 1.0
    assert scorer.score(item(), answer("I cannot help with that."), "Paris").value == 0.0
    assert scorer.score(item(), answer("I cannot help with that."), True).value == 1.0
    insisting = make_scorer("refusal:expected")
    assert insisting.score(item(), answer("Paris."), None).detail == "answered, expected a refusal"
    with pytest.raises(ConfigError):
        make_scorer("refusal:maybe")


CUSTOM = '''
import pathlib

from parity.bakeoff.scorers.base import Score

with open(pathlib.Path(__file__).with_name("loads.txt"), "a") as log:  # counts how often the file is executed
    log.write("x")
def length(item, answer, expected):
    return len(answer.text) <= int(expected)
def pair(item, answer, expected):
    return 0.25, "a quarter"
def full(item, answer, expected):
    return Score(0.5, "half")
async def later(item, answer, expected):
    return 1
def too_big(item, answer, expected):
    return 2
def crash(item, answer, expected):
    raise KeyError("nope")
def nothing(item, answer, expected):
    return None
def sneaky(item, answer, expected):
    return later(item, answer, expected)
'''


@pytest.fixture
def custom_file(tmp_path: Path) -> Path:
    path = tmp_path / "my_scorers.py"
    path.write_text(CUSTOM)
    return path


async def test_python_scorer_results(custom_file: Path) -> None:
    async def run(function: str, content: str = "abc", expected: Any = 5) -> Score:
        scorer = make_scorer(f"python:{custom_file}:{function}")
        assert scorer.uses_model == (function == "later")  # only async functions are awaited by the runner
        return await scorer.ascore(item(), answer(content), expected)

    assert (await run("length")).value == 1.0
    assert (await run("length", "abcdef")).value == 0.0
    assert await run("pair") == Score(0.25, "a quarter")
    assert await run("full") == Score(0.5, "half")
    assert (await run("later")).value == 1.0
    assert await run("too_big") == Score(None, "ValueError: scorer returned 2.0, outside [0, 1]")
    assert await run("crash") == Score(None, "KeyError: 'nope'")
    assert ((await run("nothing")).detail or "").startswith("TypeError: scorer returned NoneType")
    assert ((await run("sneaky")).detail or "").startswith("TypeError: a plain function returned an awaitable")


def test_python_scorer_loading_and_config_errors(custom_file: Path) -> None:
    make_scorer(f"python:{custom_file}:length")
    make_scorer("python", options={"function": f"{custom_file}:pair"})
    assert (custom_file.parent / "loads.txt").read_text() == "x"
    assert load_function("os.path:basename") is os.path.basename
    with pytest.raises(ConfigError, match="file not found"):
        make_scorer(f"python:{custom_file.parent / 'absent.py'}:f")
    with pytest.raises(ConfigError, match="no function 'absent'"):
        make_scorer(f"python:{custom_file}:absent")
    with pytest.raises(ConfigError, match="cannot import module"):
        make_scorer("python:no_such_module_xyz:f")
    with pytest.raises(ConfigError, match="MODULE:FUNCTION"):
        make_scorer("python")
