"""How honest are the bakeoff's verdicts? Simulated bakeoffs where the truth is known, through ``parity.bakeoff.stats``.

Every setting draws paired scores whose true delta (candidate minus incumbent, or win share minus 1/2) is exactly
``-margin`` (the boundary: every "non-inferior" or "superior" verdict is false, and at alpha = 0.05 they should come
at most 2.5% of the time) or a little below it (``-margin - 0.02``: they should be rarer still). It prints, per
setting, the rate of false non-inferiority claims, how often the 95% interval covers the true delta, and the mean
interval width. The item-level bootstrap on clustered data is there to show what ignoring conversations costs.

usage: python bench/bakeoff_stats_sim.py [--runs 2000] [--resamples 1000] [--workers N]   (about 1-3 minutes)
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from parity.bakeoff.stats import compare, paired_bootstrap

MARGIN = 0.05
Draw = Callable[[random.Random, float], tuple[list[float] | None, list[float], list[int] | None]]


def continuous(rng: random.Random, delta: float) -> tuple[list[float] | None, list[float], list[int] | None]:
    incumbent = [rng.uniform(0.3, 0.8) for _ in range(200)]
    return incumbent, [x + delta + rng.uniform(-0.2, 0.2) for x in incumbent], None


def skewed(rng: random.Random, delta: float) -> tuple[list[float] | None, list[float], list[int] | None]:
    # one item in ten the candidate fails badly (-0.5); otherwise it is slightly better: a long left tail
    incumbent = [rng.uniform(0.58, 0.93) for _ in range(200)]
    candidate = [x + delta + 0.05 - 0.5 * (rng.random() < 0.1) + rng.uniform(-0.05, 0.05) for x in incumbent]
    return incumbent, candidate, None


def binary(n: int) -> Draw:
    def draw(rng: random.Random, delta: float) -> tuple[list[float] | None, list[float], list[int] | None]:
        # (both, incumbent only, candidate only, neither): incumbent 0.70, candidate 0.70 + delta
        cells = rng.choices(range(4), weights=(0.60, 0.10, 0.10 + delta, 0.20 - delta), k=n)
        return [float(c < 2) for c in cells], [float(c in (0, 2)) for c in cells], None

    return draw


def clustered(rng: random.Random, delta: float) -> tuple[list[float] | None, list[float], list[int] | None]:
    # 40 conversations of 8 items; a conversation is easy or hard for the candidate as a whole
    conversation = [c for c in range(40) for _ in range(8)]
    effect = [rng.uniform(-0.25, 0.25) for _ in range(40)]
    incumbent = [rng.uniform(0.43, 0.63) for _ in conversation]
    pairs = zip(incumbent, conversation, strict=True)
    return incumbent, [x + delta + effect[c] + rng.uniform(-0.1, 0.1) for x, c in pairs], conversation


def pairwise(rng: random.Random, delta: float) -> tuple[list[float] | None, list[float], list[int] | None]:
    win = 0.5 + delta - 0.1  # ties 0.2, counting half: share = win + 0.1 = 0.5 + delta
    return None, rng.choices([1.0, 0.5, 0.0], weights=(win, 0.2, 0.8 - win), k=100), None


SETTINGS: dict[str, tuple[Draw, str, bool]] = {
    "continuous, 200 items": (continuous, "auto", True),
    "continuous skewed, 200 items": (skewed, "auto", True),
    "binary, 120 items": (binary(120), "auto", True),
    "binary, 40 items": (binary(40), "auto", True),
    "clustered 40x8, cluster bootstrap": (clustered, "continuous", True),
    "clustered 40x8, item bootstrap": (clustered, "continuous", False),
    "pairwise, 100 judgments": (pairwise, "pairwise", True),
}


def simulate(job: tuple[str, float, int, int]) -> tuple[str, float, float, float, float, str, float]:
    name, delta, runs, resamples = job
    draw, kind, use_clusters = SETTINGS[name]
    started = time.perf_counter()
    false_claims = covered = 0
    width = 0.0
    method = ""
    for run in range(runs):
        incumbent, candidate, conversations = draw(random.Random(f"{name}/{delta}/{run}"), delta)
        result = compare(incumbent, candidate, margin=MARGIN, alpha=0.05, kind=kind,  # type: ignore[arg-type]
                         clusters=conversations if use_clusters else None, seed=run, resamples=resamples)
        false_claims += result.verdict in ("non-inferior", "superior")
        covered += result.ci_low <= delta <= result.ci_high
        width += result.ci_high - result.ci_low
        method = result.method.split(";")[0].split(":")[0].split(" over ")[0]
    return name, delta, false_claims / runs, covered / runs, width / runs, method, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="simulated bakeoffs per setting (default 2000)")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples per bakeoff (default 1000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    jobs = [(name, delta, args.runs, args.resamples) for name in SETTINGS for delta in (-MARGIN, -MARGIN - 0.02)]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        rows = list(pool.map(simulate, jobs))
    se = (0.025 * 0.975 / args.runs) ** 0.5
    print(f"margin {MARGIN}, alpha 0.05 (two-sided 95% intervals: a false non-inferiority claim should come at most "
          f"2.5% of the time), {args.runs} bakeoffs per row, {args.resamples} bootstrap resamples; "
          f"binomial s.e. at 2.5%: {100 * se:.2f} points")
    print(f"{'setting':36} {'true delta':>10} {'false NI':>9} {'coverage':>9} {'width':>7}  method")
    for name, delta, false_rate, coverage, width, method, _ in rows:
        print(f"{name:36} {delta:>10.2f} {100 * false_rate:>8.1f}% {100 * coverage:>8.1f}% {width:>7.3f}  {method}")
    rng = random.Random(0)
    diffs = [rng.uniform(-0.5, 0.5) for _ in range(2000)]
    timed = time.perf_counter()
    paired_bootstrap(diffs, resamples=10_000)
    print(f"\npaired_bootstrap, 10,000 resamples of 2,000 items: {time.perf_counter() - timed:.2f} s; "
          f"whole simulation {time.perf_counter() - started:.0f} s on {args.workers} workers")


if __name__ == "__main__":
    main()
