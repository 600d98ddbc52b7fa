"""A whole bakeoff: load items, answer them with every model, score, and summarise into a ``BakeoffResult``.

``run_bakeoff`` is what ``parity bakeoff`` calls; everything it does is reachable from Python with a
``BakeoffSpec``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from parity import __version__
from parity.bakeoff import stats
from parity.bakeoff.cache import AnswerCache
from parity.bakeoff.datasets import sample as sampling
from parity.bakeoff.datasets.suite import load_suite
from parity.bakeoff.datasets.traffic import TrafficFilter, load_openai_jsonl, load_store
from parity.bakeoff.items import Answer, Item
from parity.bakeoff.runner import Runner
from parity.bakeoff.scorers.base import parse_spec
from parity.bakeoff.scoring import ASSERT, Scoring
from parity.bakeoff.summary import Collector
from parity.config import Config
from parity.errors import ConfigError
from parity.report.bakeoff_result import BakeoffResult, Dataset, Latency, Savings
from parity.store.db import Redactor, connect
from parity.store.queries import stats as traffic_stats

Progress = Callable[[int, int], None]
DAY = 86400.0


@dataclass(slots=True)
class BakeoffSpec:
    incumbent: str
    candidates: list[str]
    suite: str | None = None
    dataset: str | None = None
    from_store: bool = False
    from_shadow: bool = False
    where: TrafficFilter = field(default_factory=TrafficFilter)
    sample: int | None = None
    stratify: str = "none"
    dedupe: bool = True
    seed: int = 0
    rerun: bool = False
    """Call every model even where a captured answer exists."""
    scorers: list[str] = field(default_factory=list)
    judge: str | None = None
    judge_rubric: str | None = None
    primary: str | None = None
    margin: float = 0.02
    alpha: float = 0.05
    concurrency: int = 16
    rpm: dict[str, float] = field(default_factory=dict)
    stream: bool = True
    fresh: bool = False
    """Ignore cached answers (new answers still replace them in the cache)."""
    worst: int = 5
    monthly_requests: float | None = None


def load_items(config: Config, spec: BakeoffSpec) -> tuple[list[Item], Dataset, list[str]]:
    """The items to run, what they are (for the report), and warnings."""
    sources = [bool(spec.suite), bool(spec.dataset), spec.from_store, spec.from_shadow]
    if sum(sources) != 1:
        raise ConfigError("give exactly one dataset: --suite FILE, --dataset FILE.jsonl, --from-store or "
                          "--from-shadow")
    warnings: list[str] = []
    filters: dict[str, str] = {}
    if spec.suite:
        items, source, description = load_suite(spec.suite), "suite", str(spec.suite)
    elif spec.dataset:
        items, source, description = load_openai_jsonl(spec.dataset, spec.incumbent), "dataset", str(spec.dataset)
    else:
        conn = connect(config.store_path(), readonly=True)
        try:
            shadows = spec.candidates if spec.from_shadow else ()
            items = load_store(conn, spec.where, shadows_of=shadows)
        finally:
            conn.close()
        source = "shadow" if spec.from_shadow else "store"
        description = f"captured traffic in {config.store_path()}"
        filters = spec.where.describe()
        if not items:
            shown = ", ".join(f"{k}={v}" for k, v in filters.items()) or "no filters"
            hint = ("shadow answers need 'shadow:' on the incumbent's config entry" if spec.from_shadow
                    else "requests need capture: full")
            raise ConfigError(f"no captured traffic matches ({shown}); {hint}")
    if spec.dedupe and source in ("store", "shadow", "dataset"):
        items, dropped = sampling.dedupe(items)
        if dropped:
            warnings.append(f"{dropped} duplicate request(s) left out (the first copy of each was kept)")
    sampling.assign_conversations(items)
    if spec.sample is not None:
        if spec.stratify not in sampling.STRATA:
            raise ConfigError(f"--stratify must be one of {', '.join(sampling.STRATA)}, got {spec.stratify!r}")
        items = sampling.sample(items, spec.sample, stratify=spec.stratify, seed=spec.seed)
        filters["sample"] = f"{spec.sample} by {spec.stratify}" if spec.stratify != "none" else str(spec.sample)
    if not items:
        raise ConfigError("the dataset is empty")
    conversations = len({i.conversation or f"item:{i.id}" for i in items})
    return items, Dataset(source=source, description=description, items=len(items), conversations=conversations,
                          filters=filters), warnings


def column_specs(spec: BakeoffSpec, items: list[Item]) -> tuple[list[str], bool]:
    """The scorer columns (``--scorer`` in order, then ``judge`` for ``--judge``) and whether items carry checks."""
    specs = list(spec.scorers)
    if spec.judge and not any(parse_spec(s)[0] == "judge" for s in specs):
        specs.append("judge")
    with_asserts = any(i.checks for i in items)
    if not specs and not with_asserts:
        if any(i.reference is not None for i in items):
            specs = ["similarity"]
        else:
            raise ConfigError("nothing to score with: pass --scorer NAME (e.g. exact, contains, similarity), "
                              "--judge MODEL for a pairwise judge, or give items a 'reference' or 'assert'")
    return specs, with_asserts


async def run_bakeoff(config: Config, spec: BakeoffSpec, *, progress: Progress | None = None,
                      items: list[Item] | None = None) -> BakeoffResult:
    started = time.time()
    if not spec.candidates:
        raise ConfigError("give at least one --candidate model")
    if spec.incumbent in spec.candidates:
        raise ConfigError(f"{spec.incumbent!r} is the incumbent; a candidate must be a different model")
    models = [spec.incumbent, *dict.fromkeys(spec.candidates)]
    warnings: list[str] = []
    if items is None:
        items, dataset, warnings = load_items(config, spec)
    elif not items:
        raise ConfigError("the dataset is empty")
    else:
        dataset = Dataset(source="python", description="items given in Python", items=len(items),
                          conversations=len({i.conversation or i.id for i in items}))
    cache = AnswerCache(config.store_path(), Redactor(config.secrets()), read=not spec.fresh)
    try:
        async with Runner(config, cache=cache, concurrency=spec.concurrency, rpm=spec.rpm,
                          stream=spec.stream) as runner:
            for model in models + ([spec.judge] if spec.judge else []):
                runner.check_model(model)
            specs, with_asserts = column_specs(spec, items)
            options = {"judge_model": spec.judge} if spec.judge else {}
            if spec.judge_rubric:
                options["rubric"] = spec.judge_rubric
            scoring = Scoring(specs, caller=runner, options=options, with_asserts=with_asserts)
            scoring.check_types(items)
            primary = spec.primary or scoring.labels[0]
            if primary not in scoring.labels:
                raise ConfigError(f"--primary {primary!r} is not one of the scores: {', '.join(scoring.labels)}")
            pairwise = {c.label for c in scoring.columns if c.pairwise}
            collector = Collector(spec.incumbent, models[1:], scoring.labels, pairwise, primary, spec.worst)
            await _answer_all(runner, scoring, collector, items, models, spec, progress)
            for model in models:
                if not runner.price_known(model):
                    warnings.append(f"no price is known for {model}: its cost shows as n/a (set 'price:' or "
                                    "'self_hosted:' on its config entry)")
    finally:
        cache.close()
    paid = None if runner.unpriced else round(runner.spent, 6)
    return _result(config, spec, collector, dataset, scoring.labels, warnings, started, paid)


async def _answer_all(runner: Runner, scoring: Scoring, collector: Collector, items: list[Item], models: list[str],
                      spec: BakeoffSpec, progress: Progress | None) -> None:
    queue = iter(items)
    done = 0

    async def answer(item: Item, model: str) -> Answer:
        captured = item.captured.get(model)
        shadowed = spec.from_shadow and model != spec.incumbent  # --rerun re-asks the incumbent only
        if captured is not None and (shadowed or not spec.rerun):
            return captured
        if shadowed:
            return Answer(None, error="no shadow answer was captured for this request", source="missing")
        return await runner.answer(model, item.body(model))

    async def worker() -> None:
        nonlocal done
        for item in queue:
            answers = dict(zip(models, await asyncio.gather(*(answer(item, m) for m in models)), strict=True))
            collector.add(item, answers, await scoring.score(item, spec.incumbent, answers))
            done += 1
            if progress is not None:
                progress(done, len(items))

    await asyncio.gather(*(worker() for _ in range(min(spec.concurrency, len(items)))))


def _result(config: Config, spec: BakeoffSpec, collector: Collector, dataset: Dataset, labels: list[str],
            warnings: list[str], started: float, paid_now: float | None) -> BakeoffResult:
    comparisons: dict[str, dict[str, stats.Comparison]] = {}
    for label in [collector.primary, *(x for x in labels if x != collector.primary)]:
        comparisons[label] = collector.compare(label, spec.margin, spec.alpha, spec.seed)
    primary = comparisons.get(collector.primary, {})
    holm = dict(zip(primary, stats.holm([c.p_value for c in primary.values()]), strict=True)) if primary else {}
    production, volume = _production(config, spec)
    candidates = []
    for model in collector.candidates:
        result = collector.candidate(model, comparisons, holm.get(model, 1.0))
        if result is None:
            warnings.append(f"{model}: no item could be compared on {collector.primary} (every item errored or "
                            "was not scorable); see the per-model errors")
            continue
        result.savings = _savings(collector, model, volume, spec)
        candidates.append(result)
    inc_tally = collector.tallies[collector.incumbent]
    if inc_tally.errors:
        warnings.append(f"the incumbent {collector.incumbent} failed {inc_tally.errors} items; they are excluded")
    scoring_cost = round(collector.scoring_cost, 6) if collector.scoring_cost_known else None
    return BakeoffResult(
        created=datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        parity_version=__version__, dataset=dataset, incumbent=spec.incumbent, primary=collector.primary,
        scorers=labels, margin=spec.margin, alpha=spec.alpha, method=_method(collector, spec, labels),
        models=collector.summaries(production), candidates=candidates, scoring_cost_usd=scoring_cost,
        total_cost_usd=paid_now, warnings=warnings)


def _production(config: Config, spec: BakeoffSpec) -> tuple[dict[str, Latency], tuple[float, str] | None]:
    """Latency of each model in captured traffic, and the incumbent's monthly request volume."""
    path = Path(config.store_path())
    if not path.exists():
        return {}, None
    until = spec.where.until or time.time()
    since = spec.where.since or until - 30 * DAY
    conn = connect(path, readonly=True)
    try:
        rows = {r["model"]: r for r in traffic_stats(conn, since=since, until=until)}
        first = conn.execute("SELECT min(ts) FROM requests WHERE model = ? AND ts >= ? AND ts < ?",
                             (spec.incumbent, since, until)).fetchone()[0]
    finally:
        conn.close()
    production = {m: Latency(samples=r["requests"] - r["errors"], ttft_p50_ms=r["ttft_p50_ms"],
                             ttft_p95_ms=r["ttft_p95_ms"], p50_ms=r["latency_p50_ms"], p95_ms=r["latency_p95_ms"])
                  for m, r in rows.items() if m in [spec.incumbent, *spec.candidates]}
    volume = None
    row = rows.get(spec.incumbent)
    days = max((until - max(since, first or since)) / DAY, 1.0)  # from the first captured request, at least a day
    if row and row["requests"]:
        volume = (row["requests"] / days * 30, f"{row['requests']} {spec.incumbent} requests captured over "
                                                f"{days:.3g} days, scaled to 30 days")
    return production, volume


def _savings(collector: Collector, model: str, volume: tuple[float, str] | None, spec: BakeoffSpec) -> Savings | None:
    inc, cand = collector.tallies[collector.incumbent].cost_per_1k, collector.tallies[model].cost_per_1k
    if inc is None or cand is None:
        return None
    per_1k = inc - cand
    if spec.monthly_requests is not None:
        monthly, basis = spec.monthly_requests, "--monthly-requests"
    elif volume is not None:
        monthly, basis = volume
    else:
        return Savings(per_1k_requests_usd=per_1k, monthly_requests=None, monthly_usd=None,
                       basis="no captured volume: pass --monthly-requests N to project a monthly saving")
    return Savings(per_1k_requests_usd=per_1k, monthly_requests=monthly, monthly_usd=per_1k * monthly / 1000,
                   basis=basis)


def _method(collector: Collector, spec: BakeoffSpec, labels: list[str]) -> str:
    primary = collector.primary
    if primary in collector.pairwise:
        what = (f"a blind pairwise judge ({spec.judge}) compared each candidate answer with the incumbent's, in both "
                "orders to cancel position bias; an item's score is the candidate's win share (ties count half), "
                "and delta is the win share minus 0.5")
    elif primary == ASSERT:
        what = "each item's score is the share of its own checks that the answer passes"
    else:
        what = f"each answer was scored by {primary} in [0, 1]; delta is the candidate's mean minus the incumbent's"
    clusters = " Turns of one conversation were resampled together (cluster bootstrap)." \
        if collector.clustered() else ""
    k = len(collector.candidates)
    adjust = (f" With {k} candidates each interval is widened to {1 - spec.alpha / k:.4g} (Bonferroni) so that all "
              "verdicts hold together; Holm-adjusted p-values are reported beside them.") if k > 1 else ""
    return (f"Every item was put to {spec.incumbent} and each candidate with the same request; {what}. "
            f"The verdict compares the {1 - spec.alpha:.0%} confidence interval of delta with 0 and with minus the "
            f"margin ({spec.margin:g}). Items a model failed to answer, or a scorer could not score, are excluded "
            f"and counted, never scored.{clusters}{adjust}")
