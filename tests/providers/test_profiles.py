"""Model-family profiles: matching, and splitting reasoning out of content, streamed or whole."""

from __future__ import annotations

import dataclasses

import pytest

from parity.providers.profiles import PROFILES, Profile, ReasoningSplitter, profile_for, split_reasoning

QWEN = profile_for("Qwen/Qwen3-32B")
QWQ = profile_for("Qwen/QwQ-32B")
GPT_OSS = profile_for("openai/gpt-oss-120b")


@pytest.mark.parametrize(("model_id", "name"), [
    ("deepseek-ai/DeepSeek-R1-0528", "deepseek-r1"), ("deepseek-reasoner", "deepseek-r1"),
    ("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "deepseek-r1"), ("deepseek-chat", "deepseek"),
    ("Qwen/Qwen3-235B-A22B-Thinking-2507", "qwen3-thinking"), ("Qwen/QwQ-32B", "qwq"), ("qwen3:8b", "qwen"),
    ("zai-org/GLM-4.6", "glm"), ("moonshotai/Kimi-K2-Instruct", "kimi"), ("MiniMaxAI/MiniMax-M2", "minimax"),
    ("openai/gpt-oss-20b", "gpt-oss"), ("gpt-4.1", "openai"), ("o3-mini", "openai"),
    ("meta-llama/Llama-3.3-70B-Instruct", "llama"), ("claude-sonnet-4-5", "claude"), ("olmo-2", "default"),
])
def test_profile_for_matches_case_insensitively(model_id: str, name: str) -> None:
    assert profile_for(model_id).name == name
    assert profile_for(model_id, "auto").name == name


def test_profile_by_name_and_unknown_name() -> None:
    assert profile_for("whatever", "qwq") is QWQ
    with pytest.raises(KeyError, match="nope"):
        profile_for("whatever", "nope")
    assert len({p.name for p in PROFILES}) == len(PROFILES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        QWEN.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(("text", "profile", "expected"), [
    ("<think>\nStep 1.\n</think>\n\nThe answer is 4.", QWEN, ("Step 1.", "The answer is 4.")),
    ("Step 1.\n</think>\n\nThe answer is 4.", QWEN, ("Step 1.", "The answer is 4.")),  # opener in the prompt
    ("<think>\n\n</think>\n\nNo thinking.", QWEN, (None, "No thinking.")),  # Qwen3 thinking disabled
    ("Just an answer.\n", QWEN, (None, "Just an answer.\n")),
    ("<think>cut off while thinki", QWEN, ("cut off while thinki", "")),
    ("still thinking, no close", QWQ, ("still thinking, no close", "")),
    ("2 < 3 and a <b> tag", QWEN, (None, "2 < 3 and a <b> tag")),
    ("<think>a</think>b", profile_for("llama-3"), (None, "<think>a</think>b")),
    ("<think>a</think>b", None, (None, "<think>a</think>b")),
    ("<|channel|>analysis<|message|>User greets.<|end|><|start|>assistant<|channel|>final<|message|>Hi!<|return|>",
     GPT_OSS, ("User greets.", "Hi!")),
    ("<|channel|>final<|message|>Only final.", GPT_OSS, (None, "Only final.")),
    ("Clean gpt-oss content from a parsing server.", GPT_OSS, (None, "Clean gpt-oss content from a parsing server.")),
])
def test_split_reasoning(text: str, profile: Profile | None, expected: tuple[str | None, str]) -> None:
    assert split_reasoning(text, profile) == expected


def _stream(profile: Profile, pieces: list[str]) -> list[tuple[str, str]]:
    splitter = ReasoningSplitter(profile)
    out = [p for text in pieces for p in splitter.feed(text)] + splitter.flush()
    merged: list[tuple[str, str]] = []
    for kind, text in out:
        assert text, "no empty pieces"
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


def _chunkings(text: str) -> list[list[str]]:
    return [[text], list(text), [text[i:i + 3] for i in range(0, len(text), 3)],
            [text[i:i + 7] for i in range(0, len(text), 7)]]


@pytest.mark.parametrize(("profile", "text"), [
    (QWEN, "<think>\nStep 1.\nStep 2.\n</think>\n\nThe answer is 4.\n"),
    (QWEN, "plain answer with a < sign and </b> tag"),
    (QWQ, "thinking first\n</think>\n\nthen answer"),
    (GPT_OSS, "<|channel|>analysis<|message|>Think.<|end|><|start|>assistant<|channel|>final<|message|>Done."
              "<|return|>"),
])
def test_streamed_split_matches_whole_split_for_any_chunking(profile: Profile, text: str) -> None:
    reasoning, answer = split_reasoning(text, profile)
    expected = ([("reasoning", reasoning)] if reasoning else []) + ([("content", answer)] if answer else [])
    for pieces in _chunkings(text):
        assert _stream(profile, pieces) == expected, pieces


def test_splitter_holds_back_only_a_possible_tag() -> None:
    splitter = ReasoningSplitter(QWEN)
    assert splitter.feed("<think>abc</thi") == [("reasoning", "abc")]
    assert splitter.feed("nk>Answer") == [("content", "Answer")]
    assert splitter.feed(" x<") == [("content", " x")]
    assert splitter.feed("y") == [("content", "<y")]
    assert splitter.flush() == []


def test_splitter_flush_releases_a_partial_tag_as_text() -> None:
    splitter = ReasoningSplitter(QWEN)
    assert splitter.feed("a <thi") == [("content", "a")]
    assert splitter.flush() == [("content", " <thi")]


def test_field_profile_splitter_passes_through() -> None:
    splitter = ReasoningSplitter(profile_for("olmo"))
    assert splitter.feed("<think>x</think>") == [("content", "<think>x</think>")]
    assert splitter.flush() == []
