"""The arithmetic behind ``stats``: a fast bootstrap, BCa bounds, score intervals and exact binomial tails.

Every interval here is described by a *bound function*: ``bound(z)`` is the lower confidence bound at one-sided
level ``Phi(z)`` for ``z < 0`` and the upper bound at ``Phi(-z)`` for ``z > 0``, increasing in ``z``. A two-sided
interval at confidence ``c`` is ``(bound(-z), bound(z))`` with ``z = Phi^-1((1 + c) / 2)``, and the one-sided
p-value of ``H0: delta <= t`` is the level at which the lower bound reaches ``t`` (``one_sided_p``), so a p-value
and an interval from the same bound function never disagree.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from statistics import NormalDist, fmean

_NORMAL = NormalDist()
Bound = Callable[[float], float]

_BLOCK = 4_000_000  # bootstrap indexes drawn at a time (32 MB of int64)


def phi(z: float) -> float:
    """The standard normal CDF."""
    return _NORMAL.cdf(z)


def z_for(confidence: float) -> float:
    """The two-sided normal quantile: 1.96 for 0.95."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")
    return _NORMAL.inv_cdf((1.0 + confidence) / 2.0)


def interval_from(bound: Bound, confidence: float) -> tuple[float, float]:
    """The two-sided interval of a bound function at ``confidence``."""
    z = z_for(confidence)
    return bound(-z), bound(z)


def one_sided_p(bound: Bound, threshold: float) -> float:
    """The p-value of ``H0: delta <= threshold``: the smallest level whose lower bound lies above ``threshold``."""
    low, high = -12.0, 12.0
    if bound(low) > threshold:
        return phi(low)
    if bound(high) <= threshold:
        return 1.0
    for _ in range(64):
        mid = (low + high) / 2.0
        if bound(mid) > threshold:
            high = mid
        else:
            low = mid
    return phi(high)


# ---------------------------------------------------------------------------------------------------- exact tails


def binomial_two_sided_p(successes: int, trials: int) -> float:
    """Exact two-sided binomial test of ``p = 1/2``: twice the smaller tail, capped at 1 (tail doubling and the
    sum-of-smaller-probabilities rule agree for ``p = 1/2``)."""
    if trials == 0:
        return 1.0
    k = min(successes, trials - successes)
    if trials <= 5000:  # exact integer arithmetic
        count, tail = 1, 0
        for i in range(k + 1):
            tail += count
            count = count * (trials - i) // (i + 1)
        return min(1.0, 2 * tail / 2**trials)
    log_norm = math.lgamma(trials + 1) - trials * math.log(2.0)
    terms: list[float] = []
    for i in range(k, -1, -1):  # from the largest term down, until the rest cannot matter
        term = math.exp(log_norm - math.lgamma(i + 1) - math.lgamma(trials - i + 1))
        terms.append(term)
        if term < 1e-17 * terms[0]:
            break
    return min(1.0, 2.0 * math.fsum(terms))


# ---------------------------------------------------------------------------------------------- score intervals


def wilson_bound(successes: float, n: int) -> Bound:
    """Wilson's score interval for a proportion (``successes`` may be fractional: ties as half a win)."""
    p = successes / n

    def bound(z: float) -> float:
        z2 = z * z
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = abs(z) * math.sqrt(max(p * (1 - p), 0.0) / n + z2 / (4 * n * n)) / (1 + z2 / n)
        return centre + half if z > 0 else centre - half

    return bound


def newcombe_paired_bound(both: int, incumbent_only: int, candidate_only: int, neither: int) -> Bound:
    """Newcombe's (1998) method 10 for ``p_candidate - p_incumbent`` on paired binary data: Wilson score intervals
    for the two marginal proportions, combined with the continuity-corrected phi coefficient of the 2x2 table
    (Newcombe, Stat Med 17:2635-2650; Fagerland, Lydersen & Laake, Statistical Analysis of Contingency Tables, 8)."""
    n = both + incumbent_only + candidate_only + neither
    p_cand, p_inc = (both + candidate_only) / n, (both + incumbent_only) / n
    estimate = p_cand - p_inc
    margins = (both + candidate_only) * (incumbent_only + neither)
    margins *= (both + incumbent_only) * (candidate_only + neither)
    corr = 0.0
    if margins:
        cross = both * neither - incumbent_only * candidate_only
        corrected = cross - n / 2 if cross > n / 2 else (0.0 if cross >= 0 else cross)
        corr = corrected / math.sqrt(margins)
    cand, inc = wilson_bound(both + candidate_only, n), wilson_bound(both + incumbent_only, n)

    def bound(z: float) -> float:
        if z == 0:
            return estimate
        w = abs(z)
        down_c, up_c = p_cand - cand(-w), cand(w) - p_cand
        down_i, up_i = p_inc - inc(-w), inc(w) - p_inc
        if z < 0:
            return estimate - math.sqrt(max(down_c**2 - 2 * corr * down_c * up_i + up_i**2, 0.0))
        return estimate + math.sqrt(max(up_c**2 - 2 * corr * up_c * down_i + down_i**2, 0.0))

    return bound


# --------------------------------------------------------------------------------------------------- bootstrap


class Bootstrap:
    """BCa bootstrap (Efron 1987) of the ratio ``sum(sums) / sum(counts)`` over resampled units.

    A unit is an item (count 1) or a conversation (its item count and the sum of its items' values), so the cluster
    bootstrap and the item bootstrap are the same code. Bias correction ``z0`` comes from the share of replicates
    below the estimate (ties count half), the acceleration from a leave-one-unit-out jackknife.
    """

    def __init__(self, sums: Sequence[float], counts: Sequence[int], resamples: int, seed: int) -> None:
        if len(sums) < 2:
            raise ValueError("the bootstrap needs at least 2 items (or 2 clusters when clusters are given)")
        if resamples < 100:
            raise ValueError(f"resamples must be at least 100, got {resamples}")
        total, size = math.fsum(sums), sum(counts)
        self.estimate = total / size
        self.resamples = resamples
        self.replicates = sorted(_bootstrap_means(sums, counts, resamples, seed))
        jack = [(total - s) / (size - m) for s, m in zip(sums, counts, strict=True)]
        centre = fmean(jack)
        square = math.fsum((centre - j) ** 2 for j in jack)
        cube = math.fsum((centre - j) ** 3 for j in jack)
        self.acceleration = cube / (6.0 * square**1.5) if square > 0 else 0.0
        spread = self.replicates[-1] - self.replicates[0]
        tol = 1e-9 * (spread + abs(self.estimate)) + 1e-15  # replicates equal to the estimate up to rounding
        below = bisect_left(self.replicates, self.estimate - tol)
        at_or_below = bisect_right(self.replicates, self.estimate + tol)
        share = min(max((below + at_or_below) / (2.0 * resamples), 0.5 / resamples), 1 - 0.5 / resamples)
        self.bias = _NORMAL.inv_cdf(share)

    def bound(self, z: float) -> float:
        """The BCa bound at normal deviate ``z`` (see the module docstring)."""
        shifted = self.bias + z
        denominator = 1.0 - self.acceleration * shifted
        level = phi(self.bias + shifted / denominator) if denominator > 0 else float(shifted > 0)
        position = level * (len(self.replicates) - 1)
        i = min(int(position), len(self.replicates) - 2)
        return self.replicates[i] + (position - i) * (self.replicates[i + 1] - self.replicates[i])

    def p_value(self, threshold: float) -> float:
        """One-sided p-value of ``H0: delta <= threshold``, no smaller than the resolution ``1 / (resamples + 1)``."""
        return max(one_sided_p(self.bound, threshold), 1.0 / (self.resamples + 1))


def _bootstrap_means(sums: Sequence[float], counts: Sequence[int], resamples: int, seed: int) -> list[float]:
    """``resamples`` replicates of ``sum(sums) / sum(counts)``, each over ``len(sums)`` units drawn with replacement.

    numpy draws the indexes in blocks of at most ``_BLOCK`` so memory stays flat however many items there are.
    """
    import numpy as np  # imported here: only the bakeoff needs it, and ``import parity`` stays fast

    rng = np.random.default_rng(seed)
    values = np.asarray(sums, dtype=float)
    sizes = np.asarray(counts, dtype=float)
    units = len(values)
    out = np.empty(resamples)
    step = max(1, _BLOCK // units)
    for start in range(0, resamples, step):
        rows = min(step, resamples - start)
        picks = rng.integers(0, units, size=(rows, units))
        out[start:start + rows] = values[picks].sum(axis=1) / sizes[picks].sum(axis=1)
    return [float(v) for v in out]
