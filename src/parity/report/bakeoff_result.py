"""The bakeoff's result as a versioned pydantic model: what ``--json`` writes and every renderer reads.

``SCHEMA_VERSION`` changes only when a field changes meaning or goes away; new fields may appear at any time.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
Verdict = Literal["superior", "non-inferior", "inferior", "inconclusive"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Latency(_Model):
    """Milliseconds; None when nothing was measured (e.g. every answer came from the cache)."""

    samples: int = 0
    ttft_p50_ms: float | None = None
    ttft_p95_ms: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None


class ScoreSummary(_Model):
    scorer: str
    mean: float | None
    n: int
    """Items scored."""
    failures: int = 0
    """Items the scorer could not score (e.g. a judge that answered garbage); excluded, never counted as 0."""


class ModelSummary(_Model):
    model: str
    role: Literal["incumbent", "candidate"]
    items: int
    answered: int
    errors: int
    """Items this model failed to answer (after retries); excluded from every comparison and shown here."""
    error_rate: float
    error_examples: list[str] = Field(default_factory=list)
    refusals: int
    refusal_rate: float
    called: int
    """Answers paid for in this run."""
    cached: int
    """Answers reused from an earlier run's cache (cost nothing now)."""
    captured: int
    """Answers taken from captured traffic or shadow answers."""
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None
    """What this model's answers cost (at the configured prices), whether paid now, earlier or in production.
    None when the price is unknown, never a silent 0."""
    cost_per_1k_usd: float | None
    unpriced: int = 0
    """Answered items without a known price."""
    latency: Latency
    """Measured by the bakeoff's own calls (in this run, or in the earlier run that paid for a cached answer)."""
    production_latency: Latency | None = None
    """Measured in production: on these items' captured or shadow answers when the bakeoff used them, else over
    the gateway's captured traffic for this model in the window."""
    scores: list[ScoreSummary] = Field(default_factory=list)


class ScoreComparison(_Model):
    """One scorer's comparison of a candidate with the incumbent (the primary one decides the verdict)."""

    scorer: str
    kind: Literal["continuous", "binary", "pairwise"]
    n: int
    excluded: int
    mean_incumbent: float | None
    mean_candidate: float
    delta: float
    ci_low: float
    ci_high: float
    confidence: float
    p_value: float
    verdict: Verdict
    method: str


class Savings(_Model):
    per_1k_requests_usd: float
    """Incumbent's cost per 1k requests minus the candidate's (positive: the candidate is cheaper)."""
    monthly_requests: float | None
    monthly_usd: float | None
    basis: str
    """Where the volume came from, in words (captured traffic over a window, or --monthly-requests)."""


class JudgeStats(_Model):
    judged: int
    failures: int
    """Judgments that could not be read; the item is excluded and listed, never scored."""
    disagreement_rate: float | None
    """Share of items where the two presentation orders gave different results (position bias)."""
    cost_usd: float | None
    failure_examples: list[str] = Field(default_factory=list)


class Example(_Model):
    """One item where the candidate lost most, side by side."""

    item_id: str
    prompt: str
    reference: str | None = None
    incumbent_answer: str
    candidate_answer: str
    incumbent_score: float | None
    candidate_score: float | None
    difference: float
    """Candidate minus incumbent on the primary score (for a pairwise judge: win share minus 0.5)."""
    detail: str | None = None


class CandidateResult(_Model):
    model: str
    verdict: Verdict
    delta: float
    """Candidate minus incumbent on the primary score."""
    ci_low: float
    ci_high: float
    confidence: float
    """Two-sided level of the interval (Bonferroni-adjusted when there are several candidates)."""
    n: int
    excluded: int
    """Items left out because a model errored or the scorer failed on them."""
    margin: float
    p_value: float
    """One-sided p-value of 'the candidate is worse by more than the margin'."""
    p_value_holm: float
    kind: Literal["continuous", "binary", "pairwise"]
    method: str
    items_to_settle: int | None
    mean_incumbent: float | None
    mean_candidate: float
    wins: int
    ties: int
    losses: int
    cost_usd: float | None
    cost_per_1k_usd: float | None
    savings: Savings | None = None
    errors: int
    scores: list[ScoreComparison] = Field(default_factory=list)
    """Every scorer's comparison, the primary first."""
    judge: JudgeStats | None = None
    worst: list[Example] = Field(default_factory=list)


class Dataset(_Model):
    source: str
    """``suite``, ``dataset``, ``store`` or ``shadow``."""
    description: str
    items: int
    conversations: int
    filters: dict[str, str] = Field(default_factory=dict)


class BakeoffResult(_Model):
    schema_version: int = SCHEMA_VERSION
    kind: Literal["parity.bakeoff"] = "parity.bakeoff"
    created: str
    parity_version: str
    dataset: Dataset
    incumbent: str
    primary: str
    """The scorer whose comparison decides each verdict."""
    scorers: list[str]
    margin: float
    alpha: float
    method: str
    """How the verdict was reached, in plain words."""
    models: list[ModelSummary]
    candidates: list[CandidateResult]
    scoring_cost_usd: float | None = None
    """What judges and other model-based scorers cost on these items, whether paid now or in an earlier run."""
    total_cost_usd: float | None = None
    """What this run's model calls cost, judges included (cached and captured answers cost nothing again); None when
    a call's price is unknown."""
    warnings: list[str] = Field(default_factory=list)

    def model_summary(self, model: str) -> ModelSummary:
        return next(m for m in self.models if m.model == model)
