"""Bakeoff statistics: known answers, verdicts, error handling, and small coverage simulations at the margin."""

from __future__ import annotations

import math
import random

import pytest

from parity.bakeoff._intervals import _bootstrap_means
from parity.bakeoff.stats import (
    Interval,
    compare,
    compare_many,
    holm,
    holm_alphas,
    items_to_settle,
    mcnemar_exact,
    paired_binary_interval,
    paired_bootstrap,
    sign_test,
    verdict,
    win_share_interval,
)


def paired_table(both: int, incumbent_only: int, candidate_only: int, neither: int) -> tuple[list[int], list[int]]:
    incumbent = [1] * both + [1] * incumbent_only + [0] * candidate_only + [0] * neither
    candidate = [1] * both + [0] * incumbent_only + [1] * candidate_only + [0] * neither
    return incumbent, candidate


# Cavo et al. (2012), complete response before (incumbent) and after (candidate) consolidation therapy, the worked
# example of Fagerland, Lydersen & Laake, "Statistical Analysis of Contingency Tables" (2017), chapter 8: 59 both,
# 6 before only, 16 after only, 80 neither. Newcombe's square-and-add interval there: -0.0621 (-0.1186 to -0.0046)
# for before minus after; the R package contingencytables checks the same numbers in tests/testthat/test-ch8.R.
CAVO = paired_table(59, 6, 16, 80)


def test_newcombe_interval_matches_published_example() -> None:
    interval = paired_binary_interval(*CAVO)
    assert interval.estimate == pytest.approx(10 / 161)
    assert (round(interval.low, 4), round(interval.high, 4)) == (0.0046, 0.1186)


def test_newcombe_interval_is_symmetric_when_models_swap() -> None:
    forward, backward = paired_binary_interval(*CAVO), paired_binary_interval(CAVO[1], CAVO[0])
    assert backward.low == pytest.approx(-forward.high) and backward.high == pytest.approx(-forward.low)


def test_mcnemar_exact_is_the_binomial_tail_of_the_discordant_pairs() -> None:
    by_hand = 2 * sum(math.comb(22, k) for k in range(7)) / 2**22  # 6 vs 16 discordant: 220112 / 4194304
    assert mcnemar_exact(*CAVO) == pytest.approx(by_hand, rel=1e-12)
    assert round(by_hand, 3) == 0.052  # the exact conditional McNemar p that Fagerland et al. report


def test_sign_test() -> None:
    assert sign_test(8, 2, ties=5) == pytest.approx(2 * (1 + 10 + 45) / 1024)  # ties do not count
    assert sign_test(2, 8) == sign_test(8, 2)
    assert sign_test(5, 5) == 1.0 and sign_test(0, 0, 3) == 1.0
    term, tail = 1, 0  # over 5000 trials the tail is summed in log space; check it against exact integers
    for k in range(4701):
        tail, term = tail + term, term * (10_000 - k) // (k + 1)
    assert sign_test(5300, 4700) == pytest.approx(2 * tail / 2**10_000, rel=1e-9)


def test_win_share_interval_is_wilson() -> None:
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion", 81/263: Wilson 0.2553 to 0.3662.
    interval = win_share_interval(81, 182, 0)
    assert (round(interval.low + 0.5, 4), round(interval.high + 0.5, 4)) == (0.2553, 0.3662)
    with_ties = win_share_interval(30, 10, 20)
    assert with_ties.estimate == pytest.approx(40 / 60 - 0.5)
    assert with_ties.low < with_ties.estimate < with_ties.high


def test_holm_by_hand() -> None:
    p = [0.01, 0.04, 0.03, 0.005]
    # sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> raised to 0.06 (monotone)
    assert holm(p) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    # levels 0.05/4, 0.05/3, then 0.05/2 fails for 0.03 and the step-down stops: 0.04 keeps 0.025
    assert holm_alphas(p, 0.05) == pytest.approx([0.05 / 3, 0.025, 0.025, 0.0125])
    assert [x <= a for x, a in zip(p, holm_alphas(p, 0.05), strict=True)] == [q <= 0.05 for q in holm(p)]


def test_holm_alphas_stop_at_first_failure() -> None:
    # 0.02 > 0.05/3 stops everything, although 0.024 alone would pass its unstopped level 0.05/2.
    assert holm_alphas([0.02, 0.024, 0.5], 0.05) == pytest.approx([0.05 / 3] * 3)
    assert holm([0.02, 0.024, 0.5]) == pytest.approx([0.06, 0.06, 0.5])


def test_verdict_rules() -> None:
    def at(low: float, high: float) -> Interval:
        return Interval((low + high) / 2, low, high, 0.95, "test")

    assert verdict(at(0.01, 0.2), 0.02) == "superior"
    assert verdict(at(-0.01, 0.2), 0.02) == "non-inferior"
    assert verdict(at(-0.2, -0.03), 0.02) == "inferior"
    assert verdict(at(-0.03, 0.01), 0.02) == "inconclusive"
    assert verdict(at(-0.02, 0.01), 0.02) == "inconclusive"  # touching -margin does not clear it


def scores(n: int, shift: float, seed: int, noise: float = 0.1) -> tuple[list[float], list[float]]:
    rng = random.Random(seed)
    incumbent = [rng.uniform(0.3, 0.7) for _ in range(n)]
    return incumbent, [min(1.0, max(0.0, x + shift + rng.uniform(-noise, noise))) for x in incumbent]


def test_clear_differences_get_clear_verdicts() -> None:
    assert compare(*scores(500, 0.2, 1)).verdict == "superior"
    worse = compare(*scores(500, -0.2, 2))
    assert worse.verdict == "inferior" and worse.p_value > 0.5
    same = compare(*scores(2000, 0.0, 3), margin=0.05)
    assert same.verdict == "non-inferior" and same.items_to_settle == 0
    small = compare(*scores(20, 0.0, 4, noise=0.3))
    assert small.verdict == "inconclusive" and small.items_to_settle is not None and small.items_to_settle > 0


def test_items_to_settle_decreases_as_n_grows() -> None:
    diffs = [0.19, -0.21] * 1000  # mean -0.01 exactly, sd 0.2: 1.96**2 * 0.2**2 / 0.01**2 = 1537 items in all
    needed = [items_to_settle(diffs[:n], 0.02) for n in (100, 400, 800, 1600)]
    assert needed[0] == pytest.approx(1437, abs=20)
    assert needed[0] > needed[1] > needed[2] > 0 and needed[3] == 0  # type: ignore[operator]
    assert items_to_settle([0.1, -0.1] * 50, 0.0) is None  # mean exactly on the boundary: no n decides


def test_p_value_agrees_with_the_interval() -> None:
    for seed in range(12):
        result = compare(*scores(60, -0.02, seed, noise=0.15), margin=0.02, resamples=2000)
        assert (result.ci_low > -0.02) == (result.p_value < 0.025)


def test_binary_and_pairwise_are_picked_and_described() -> None:
    binary = compare(*CAVO)
    assert binary.kind == "binary" and "Newcombe" in binary.method
    assert (round(binary.ci_low, 4), round(binary.ci_high, 4)) == (0.0046, 0.1186)
    judgments = [1.0] * 30 + [0.0] * 10 + [0.5] * 20
    pairwise = compare(None, judgments, kind="pairwise")
    assert pairwise.mean_incumbent is None and pairwise.delta == pytest.approx(1 / 6)
    assert (pairwise.ci_low, pairwise.ci_high) == pytest.approx(
        (win_share_interval(30, 10, 20).low, win_share_interval(30, 10, 20).high))
    split = compare(None, [1.0, 0.75, 0.5, 0.25, 1.0, 0.75] * 10, kind="pairwise")  # orders that disagree
    assert split.kind == "pairwise" and "bootstrap" in split.method
    assert split.delta == pytest.approx(0.2083333) and split.ci_low < split.delta < split.ci_high


def test_errored_items_are_excluded_and_counted() -> None:
    result = compare([1, 0, None, 1, 1, 0], [1, 1, 1, None, 0, 0])
    assert (result.n, result.excluded) == (4, 2)
    assert result.mean_incumbent == pytest.approx(0.5) and result.mean_candidate == pytest.approx(0.5)
    with pytest.raises(ValueError, match="all 2 were excluded"):
        compare([None, 1], [1, None])


def test_bad_input_raises_clear_errors() -> None:
    with pytest.raises(ValueError, match="empty"):
        compare([], [])
    with pytest.raises(ValueError, match="no items"):
        paired_bootstrap([])
    with pytest.raises(ValueError, match="pair up"):
        compare([0.1, 0.2], [0.3])
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        compare([0.1, 0.2], [0.3, 7.0])
    with pytest.raises(ValueError, match="one per item"):
        paired_bootstrap([0.1, 0.2], clusters=["a"])


def test_bootstrap_is_deterministic_and_close_to_normal_theory() -> None:
    rng = random.Random(7)
    diffs = [rng.gauss(0.0, 1.0) for _ in range(2000)]
    first, again, other = paired_bootstrap(diffs), paired_bootstrap(diffs), paired_bootstrap(diffs, seed=1)
    assert first == again and first != other
    half = 1.96 * math.sqrt(sum((d - first.estimate) ** 2 for d in diffs) / 1999 / 2000)
    assert first.high - first.low == pytest.approx(2 * half, rel=0.05)
    assert (first.low + first.high) / 2 == pytest.approx(first.estimate, abs=0.1 * half)


@pytest.mark.parametrize("units", [3, 150, 700])
def test_bootstrap_draws_every_item_equally_often(units: int) -> None:
    # A unit drawn too often or too rarely would shift its mean count.
    for item in (0, units // 3, units - 1):
        one_hot = [0.0] * units
        one_hot[item] = 1.0
        replicates = _bootstrap_means(one_hot, [1] * units, 20_000, item)
        assert sum(replicates) * units / 20_000 == pytest.approx(1.0, abs=4 * math.sqrt(1 / 20_000))


def test_cluster_bootstrap_moves_conversations_together() -> None:
    rng = random.Random(8)
    diffs = [rng.uniform(-0.3, 0.3) for _ in range(300)]
    items = paired_bootstrap(diffs)
    singletons = paired_bootstrap(diffs, clusters=list(range(300)))
    assert (singletons.low, singletons.high) == (items.low, items.high)
    copies = [d for d in diffs for _ in range(5)]  # every conversation holds five copies of one item
    conversations = paired_bootstrap(copies, clusters=[i for i in range(300) for _ in range(5)])
    assert (conversations.low, conversations.high) == pytest.approx((items.low, items.high), abs=1e-9)
    naive = paired_bootstrap(copies)  # treats the copies as independent: too narrow by about sqrt(5)
    assert (naive.high - naive.low) * math.sqrt(5) == pytest.approx(items.high - items.low, rel=0.1)


def test_compare_many_uses_bonferroni_levels() -> None:
    incumbent, better = scores(400, 0.15, 9)
    _, worse = scores(400, -0.15, 10)
    results = compare_many(incumbent, {"better": better, "worse": worse}, margin=0.02, alpha=0.05)
    assert list(results) == ["better", "worse"]
    assert results["better"].confidence == pytest.approx(0.975) and results["better"].verdict == "superior"
    assert results["worse"].verdict == "inferior"
    single = compare(incumbent, better, alpha=0.05)
    assert single.ci_high - single.ci_low < results["better"].ci_high - results["better"].ci_low


# Coverage at the boundary: the true delta is exactly -margin, so every non-inferior (or superior) verdict is false.
# With alpha = 0.05 each one-sided claim is made at 0.025; allow three binomial standard errors over 300 runs.
RUNS = 300
TOLERANCE = 0.025 + 3 * math.sqrt(0.025 * 0.975 / RUNS)


def false_claims(results: list[tuple[str, float, float]], truth: float) -> tuple[float, float]:
    """(rate of false non-inferior/superior verdicts, rate of intervals missing the truth)."""
    wrong = sum(v in ("non-inferior", "superior") for v, _, _ in results) / len(results)
    missed = sum(not low <= truth <= high for _, low, high in results) / len(results)
    return wrong, missed


def test_continuous_false_non_inferiority_is_controlled() -> None:
    margin, results = 0.05, []
    for run in range(RUNS):
        rng = random.Random(run)
        incumbent = [rng.uniform(0.3, 0.8) for _ in range(150)]
        candidate = [x - margin + rng.uniform(-0.2, 0.2) for x in incumbent]
        r = compare(incumbent, candidate, margin=margin, resamples=500, seed=run)
        results.append((r.verdict, r.ci_low, r.ci_high))
    wrong, missed = false_claims(results, -margin)
    assert wrong <= TOLERANCE and missed <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / RUNS)


def test_binary_false_non_inferiority_is_controlled() -> None:
    # cells (both, incumbent only, candidate only, neither) = (0.60, 0.10, 0.05, 0.25): 0.70 vs 0.65, delta -0.05
    margin, results = 0.05, []
    for run in range(RUNS):
        rng = random.Random(run)
        cells = rng.choices(range(4), weights=(60, 10, 5, 25), k=120)
        incumbent, candidate = [int(c < 2) for c in cells], [int(c in (0, 2)) for c in cells]
        r = compare(incumbent, candidate, margin=margin)
        assert r.kind == "binary"
        results.append((r.verdict, r.ci_low, r.ci_high))
    wrong, missed = false_claims(results, -margin)
    assert wrong <= TOLERANCE and missed <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / RUNS)


def test_cluster_bootstrap_keeps_coverage_where_item_bootstrap_fails() -> None:
    margin, clustered, itemwise = 0.05, [], []
    conversation = [c for c in range(40) for _ in range(8)]
    for run in range(RUNS):
        rng = random.Random(run)
        effect = [rng.uniform(-0.25, 0.25) for _ in range(40)]  # a conversation is easy or hard for the candidate
        incumbent = [rng.uniform(0.4, 0.6) for _ in conversation]
        pairs = zip(incumbent, conversation, strict=True)
        candidate = [x - margin + effect[c] + rng.uniform(-0.1, 0.1) for x, c in pairs]
        for out, groups in ((clustered, conversation), (itemwise, None)):
            r = compare(incumbent, candidate, margin=margin, clusters=groups, resamples=500, seed=run)
            out.append((r.verdict, r.ci_low, r.ci_high))
    assert false_claims(clustered, -margin)[0] <= TOLERANCE
    assert false_claims(itemwise, -margin)[0] > 0.10  # ignoring the conversations: several times too many claims
