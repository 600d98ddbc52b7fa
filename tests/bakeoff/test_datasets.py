"""Dataset loading: suite files (with precise errors), OpenAI JSONL, conversations, dedupe and sampling."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from parity.bakeoff.datasets.sample import assign_conversations, dedupe, sample
from parity.bakeoff.datasets.suite import load_suite
from parity.bakeoff.datasets.traffic import load_openai_jsonl
from parity.bakeoff.items import Answer, Item
from parity.bakeoff.scorers.base import scorer_class
from parity.errors import ConfigError

EXAMPLE = Path(__file__).parents[2] / "examples" / "suite.yaml"


def test_the_shipped_example_suite_is_valid() -> None:
    items = load_suite(EXAMPLE)
    assert len(items) == 6 and all("example" in i.tags for i in items)
    assert all(i.params["temperature"] == 0 for i in items)
    for check in (c for i in items for c in i.checks):
        assert not scorer_class(check.type).pairwise
    follow_up = next(i for i in items if i.id == "follow-up")
    assert follow_up.conversation == "trip" and follow_up.prompt_text == "Which river runs through it?"


def test_suite_errors_name_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "suite.yaml"
    path.write_text("items:\n  - prompt: hi\n    temprature: 0\n  - messages: []\n    prompt: both\n"
                    "  - id: 7\n    prompt: ok\n  - id: 7\n    prompt: again\n")
    with pytest.raises(ConfigError) as err:
        load_suite(path)
    text = str(err.value)
    assert f"{path}:3: items.0.temprature: unknown field 'temprature'" in text
    assert f"{path}:4: " in text and "exactly one of 'messages'" in text
    assert f"{path}:8: items.3.id: duplicate id '7'" in text


def test_jsonl_suite_errors_and_yaml_text_is_not_interpolated(tmp_path: Path) -> None:
    path = tmp_path / "suite.jsonl"
    path.write_text('{"prompt": "cost is ${PRICE}"}\n{"prompt": "x", "max_tokens": 0}\n{oops\n')
    with pytest.raises(ConfigError) as err:
        load_suite(path)
    assert f"{path}:2: max_tokens" in str(err.value) and f"{path}:3: invalid JSON" in str(err.value)
    path.write_text('{"prompt": "cost is ${PRICE}", "params": {"seed": 1}}\n')
    (item,) = load_suite(path)
    assert item.messages == [{"role": "user", "content": "cost is ${PRICE}"}] and item.params == {"seed": 1}


def test_openai_jsonl_takes_the_final_answer_as_captured(tmp_path: Path) -> None:
    path = tmp_path / "traffic.jsonl"
    rows = [{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
             "metadata": {"id": "r1", "model": "gpt-4.1", "tags": ["a"]}},
            {"messages": [{"role": "user", "content": "no answer yet"}], "temperature": 0.2}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    first, second = load_openai_jsonl(path, "incumbent")
    assert first.id == "r1" and first.captured["gpt-4.1"].text == "hello" and first.tags == ["a"]
    assert first.messages == [{"role": "user", "content": "hi"}]
    assert second.captured == {} and second.params == {"temperature": 0.2}
    path.write_text(json.dumps({"messages": [{"role": "assistant", "content": "only"}]}) + "\n")
    with pytest.raises(ConfigError, match=r"traffic\.jsonl:1: .*prompt is missing"):
        load_openai_jsonl(path, "incumbent")


def _turns(user: str, n: int) -> list[Item]:
    """A conversation of n requests, each repeating the earlier turns, as captured traffic has it."""
    items, messages = [], []
    for turn in range(n):
        messages = [*messages, {"role": "user", "content": f"{user} turn {turn}"}]
        items.append(Item(id=f"{user}-{turn}", messages=messages, meta={"user": user}))
        messages = [*messages, {"role": "assistant", "content": "ok"}]
    return items


def test_conversations_are_found_and_sampled_whole() -> None:
    items = [*_turns("ann", 3), *_turns("bob", 1), *_turns("cyd", 4), *[Item(id=f"s{i}", messages=[
        {"role": "user", "content": f"single {i}"}]) for i in range(20)]]
    assign_conversations(items)
    groups = Counter(i.conversation for i in items if i.conversation)
    assert sorted(groups.values()) == [3, 4]  # bob's single turn is no conversation
    for seed in range(5):
        chosen = sample(items, 10, seed=seed)
        sizes = Counter(i.conversation for i in chosen if i.conversation)
        assert all(sizes[c] == groups[c] for c in sizes)  # never part of a conversation
        assert 8 <= len(chosen) <= 13


def test_sessions_that_only_open_alike_are_not_one_conversation() -> None:
    items = []
    for session in range(20):
        hi = [{"role": "user", "content": "Hi"}]
        answer = Answer({"role": "assistant", "content": f"Hello {session}"}, source="captured")
        items.append(Item(id=f"{session}-0", messages=hi, meta={"key": "app"}, captured={"m": answer}))
        items.append(Item(id=f"{session}-1", meta={"key": "app"}, messages=[
            *hi, {"role": "assistant", "content": f"Hello {session}"}, {"role": "user", "content": "More"}]))
    assign_conversations(items)
    conversations = Counter(i.conversation for i in items)
    assert len(conversations) == 20 and set(conversations.values()) == {2}  # each follow-up found its own session


def test_stratified_sample_keeps_every_stratum_in_proportion() -> None:
    items = [Item(id=str(i), messages=[{"role": "user", "content": str(i)}], tags=["rare" if i < 5 else "common"])
             for i in range(500)]
    chosen = sample(items, 50, stratify="tag", seed=1)
    counts = Counter(i.tags[0] for i in chosen)
    assert counts == {"common": 49, "rare": 1} or counts == {"common": 50, "rare": 1}
    assert sample(items, 600) == items


def test_dedupe_keeps_the_first_copy() -> None:
    a = Item(id="old", messages=[{"role": "user", "content": "same"}])
    b = Item(id="other", messages=[{"role": "user", "content": "same"}], params={"temperature": 1})
    c = Item(id="new", messages=[{"role": "user", "content": "same"}])
    kept, dropped = dedupe([a, b, c])
    assert [i.id for i in kept] == ["old", "other"] and dropped == 1
