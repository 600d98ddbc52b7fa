"""The ``similarity`` scorer: how close the answer is to the reference, in [0, 1].

``similarity`` (or ``similarity:chrf``) is sentence chrF, robust to inflection and tokenisation, so it suits open-ended
answers in any language; ``similarity:rouge`` is ROUGE-L F1 over lowercased words; ``similarity:embed=MODEL`` is the
cosine of two embeddings from a configured model (negative cosines count as 0: unrelated, not "worse than unrelated").
"""

from __future__ import annotations

import math
import re
from typing import Any

import orjson
from sacrebleu.metrics import CHRF

from parity.bakeoff.items import Answer, Item, message_text
from parity.bakeoff.scorers.base import Score, Scorer, register
from parity.errors import ConfigError, ParityError

MAX_TOKENS = 5000
"""ROUGE-L reads at most this many words of each text, which bounds one comparison to a few milliseconds."""
_WORD = re.compile(r"\w+")


def reference_text(value: Any) -> str:
    """A reference as text: a string, an OpenAI message's content, or other data as compact JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and ("content" in value or "role" in value):
        return message_text(value)
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return str(value)


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence, bit-parallel (Hyyrö 2004): the O(len(a) * len(b)) table, one row
    per word of ``b`` held as the bits of one integer, so Python does the inner loop in C."""
    if not a or not b:
        return 0
    positions: dict[str, int] = {}
    for i, word in enumerate(a):
        positions[word] = positions.get(word, 0) | (1 << i)
    mask = (1 << len(a)) - 1
    row = mask
    for word in b:
        matches = row & positions.get(word, 0)
        row = ((row + matches) | (row - matches)) & mask
    return len(a) - row.bit_count()


def rouge_l(answer: str, reference: str) -> float:
    """ROUGE-L F1 on lowercased word tokens, each text cut to ``MAX_TOKENS`` words."""
    got = _WORD.findall(answer.lower())[:MAX_TOKENS]
    wanted = _WORD.findall(reference.lower())[:MAX_TOKENS]
    common = lcs_length(wanted, got)
    if common == 0:
        return 0.0
    precision, recall = common / len(got), common / len(wanted)
    return 2 * precision * recall / (precision + recall)


@register("similarity")
class Similarity(Scorer):
    """Reference similarity by chrF (default) or ROUGE-L. ``similarity:embed=MODEL`` builds an ``EmbedSimilarity``
    instead, so ``uses_model`` stays a class attribute the runner can read."""

    needs_reference = True

    def __new__(cls, arg: str | None = None, **kwargs: Any) -> Similarity:
        if cls is Similarity and arg and arg.startswith("embed="):
            return super().__new__(EmbedSimilarity)
        return super().__new__(cls)

    def __init__(self, arg: str | None = None, **kwargs: Any) -> None:
        super().__init__(arg, **kwargs)
        method = (arg or "chrf").lower()
        self._chrf: CHRF | None = None
        if method == "chrf":
            self._chrf = CHRF()  # one metric object: building it per call would dominate the cost
        elif method not in ("rouge", "rougel"):
            raise ConfigError(f"similarity: unknown method {arg!r}; use chrf, rouge or embed=MODEL")

    def score(self, item: Item, answer: Answer, expected: Any) -> Score:
        text, reference = answer.text, reference_text(expected)
        if not reference.strip():
            return Score(None, "the reference has no text")
        if not text.strip():
            return Score(0.0, "empty answer")
        if self._chrf is not None:
            value = self._chrf.sentence_score(text, [reference]).score / 100
            return Score(min(1.0, max(0.0, value)), f"chrF {value * 100:.1f}")
        value = rouge_l(text, reference)
        return Score(value, f"ROUGE-L F1 {value:.3f}")


class EmbedSimilarity(Similarity):
    """``similarity:embed=MODEL``: cosine similarity of the answer's and the reference's embeddings."""

    uses_model = True

    def __init__(self, arg: str | None = None, **kwargs: Any) -> None:
        Scorer.__init__(self, arg, **kwargs)
        self.model = (arg or "").removeprefix("embed=").strip()
        if not self.model:
            raise ConfigError("similarity: embed=MODEL needs a model name, e.g. similarity:embed=my-embedder")

    def score(self, item: Item, answer: Answer, expected: Any) -> Score:
        raise NotImplementedError("similarity:embed scores asynchronously (ascore)")

    async def ascore(self, item: Item, answer: Answer, expected: Any) -> Score:
        text, reference = answer.text, reference_text(expected)
        if not reference.strip():
            return Score(None, "the reference has no text")
        if not text.strip():
            return Score(0.0, "empty answer")
        if self.caller is None:
            return Score(None, "no model caller to compute embeddings")
        try:
            vectors = await self.caller.embed(self.model, [text, reference])
        except ParityError as exc:
            return Score(None, f"embedding failed: {type(exc).__name__}: {exc}")
        if len(vectors) != 2 or len(vectors[0]) != len(vectors[1]) or not vectors[0]:
            return Score(None, f"embedding model {self.model} returned unusable vectors")
        value = cosine(vectors[0], vectors[1])
        if value is None:
            return Score(None, "an embedding is all zeros")
        return Score(max(0.0, value), f"cosine {value:.3f}")


def cosine(a: list[float], b: list[float]) -> float | None:
    """Cosine similarity, clamped to [-1, 1] against rounding; None for a zero vector."""
    norm = math.sqrt(math.fsum(x * x for x in a) * math.fsum(y * y for y in b))
    if norm == 0:
        return None
    return max(-1.0, min(1.0, math.fsum(x * y for x, y in zip(a, b, strict=True)) / norm))
