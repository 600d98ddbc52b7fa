"""Model-family quirks as data: how a family's reasoning reaches us, and defaults a translator needs.

A profile is chosen by matching the upstream model id (``profile_for``) or named in the config. Adding a family is
one entry in ``PROFILES``; the code that acts on a quirk lives next to it (``reasoning.py``), not in the providers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from parity.providers.profiles.reasoning import ReasoningSplitter, split_reasoning

ReasoningMode = Literal["field", "think_tags", "harmony"]


@dataclass(frozen=True)
class Profile:
    """What is peculiar about a model family."""

    name: str
    pattern: str
    """Regex searched (case-insensitively) in the upstream model id."""
    reasoning: ReasoningMode | None = None
    """``field``: a ``reasoning_content``/``reasoning`` field (a server-side parser did the work);
    ``think_tags``: ``<think>...</think>`` in the content; ``harmony``: gpt-oss channels in the content;
    ``None``: no visible reasoning. Translators always prefer a reasoning field when one is present, so
    ``think_tags``/``harmony`` are safe for servers that do parse."""
    think_open_in_prompt: bool = False
    """The chat template writes ``<think>`` into the prompt, so the output starts inside the reasoning and only
    ``</think>`` appears. Only set for families that always think: a non-thinking answer would read as reasoning."""
    default_max_tokens: int | None = None
    """Used when a client sends none but the upstream API requires one (Anthropic)."""
    description: str = ""
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_regex", re.compile(self.pattern, re.IGNORECASE))

    def matches(self, model_id: str) -> bool:
        return self._regex.search(model_id) is not None


PROFILES: tuple[Profile, ...] = (
    Profile("gpt-oss", r"gpt-oss", "harmony",
            description="Raw gpt-oss output uses harmony channels: analysis (reasoning) then final."),
    Profile("deepseek-r1", r"deepseek[-_.]?(r1|reasoner)|r1-distill", "think_tags", think_open_in_prompt=True,
            default_max_tokens=32768, description="Always thinks; the template opens <think> in the prompt."),
    Profile("deepseek", r"deepseek", "think_tags",
            description="V3.1+ are hybrid: <think> blocks appear only in thinking mode."),
    Profile("qwen3-thinking", r"qwen3.*thinking", "think_tags", think_open_in_prompt=True, default_max_tokens=32768,
            description="Qwen3 *-Thinking-2507: always thinks; only </think> appears in the output."),
    Profile("qwq", r"qwq", "think_tags", think_open_in_prompt=True, default_max_tokens=32768,
            description="QwQ: always thinks; the template opens <think> in the prompt."),
    Profile("qwen", r"qwen", "think_tags", description="Qwen3 hybrid models emit <think> blocks when thinking."),
    Profile("glm", r"glm", "think_tags", description="GLM-4.5+ emit <think> blocks when thinking."),
    Profile("kimi", r"kimi|moonshot", "think_tags", description="Kimi K2 Thinking emits <think> blocks."),
    Profile("minimax", r"minimax", "think_tags",
            description="MiniMax-M2 interleaves <think> blocks with its answers and tool calls."),
    Profile("llama", r"llama", None, description="No visible reasoning."),
    Profile("claude", r"claude", None, default_max_tokens=4096,
            description="Anthropic requires max_tokens; reasoning arrives as signed thinking blocks."),
    Profile("openai", r"^(gpt-|chatgpt|o\d)", None, description="Reasoning is hidden by the API."),
    Profile("default", r"", "field", description="Anything else: take reasoning fields if a server sends them."),
)


def profile_for(model_id: str, name: str | None = None) -> Profile:
    """The profile named ``name``, or (``None``/``"auto"``) the first whose pattern matches ``model_id``.

    Raises ``KeyError`` for an unknown name, so a config typo fails at load time.
    """
    if name is not None and name != "auto":
        for profile in PROFILES:
            if profile.name == name:
                return profile
        raise KeyError(f"unknown model profile {name!r}; known: {', '.join(p.name for p in PROFILES)}")
    for profile in PROFILES:
        if profile.matches(model_id):
            return profile
    return PROFILES[-1]


__all__ = ["PROFILES", "Profile", "ReasoningMode", "ReasoningSplitter", "profile_for", "split_reasoning"]
