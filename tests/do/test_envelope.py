"""Exact global envelope tests (ERL, Myllymäki et al. 2017): definitions, exact uniformity, ties.

The checks rest on one fact: under the null the S + 1 curves are exchangeable and the ERL
measure is a symmetric function of them, so the observed curve's p-value is that of a
uniformly chosen curve.  Computing every curve's p-value in turn therefore gives the exact
null distribution of p (no simulation error): without ties it is {1, 2, ..., N} / N.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st
from scipy.stats import binom, chisquare

from gametheory.do.envelope import (average_ranks, erl_measure, erl_test, exact_size, min_simulations,
                                    pointwise_ranks)


def brute_erl(curves, alternative):
    """Independent ERL: ranks by counting, sorted-rank tuples compared lexicographically by Python."""
    x = np.asarray(curves, float)
    N, G = x.shape
    ranks = np.empty((N, G))
    for j in range(G):
        for i in range(N):
            above = np.sum(x[:, j] > x[i, j]) if alternative == "greater" else np.sum(x[:, j] < x[i, j])
            ties = np.sum(x[:, j] == x[i, j])
            ranks[i, j] = above + (ties + 1) / 2  # average rank, 1 = most extreme
    vecs = [tuple(sorted(r)) for r in ranks]
    # e_i = (number of vectors strictly smaller) + (number equal, itself included, + 1) / 2
    return np.array([sum(v < w for v in vecs) + (sum(v == w for v in vecs) + 1) / 2 for w in vecs])


def all_p_values(curves, alternative):
    """p-value of each curve taken in turn as the observed one (the exact null distribution)."""
    e = erl_measure(curves, alternative)
    N = len(e)
    return np.array([(np.count_nonzero(e <= e[i]) - 1 + 1) / N for i in range(N)])


def walks(rng, N, G):
    return np.cumsum(rng.normal(size=(N, G)), axis=1) + rng.normal(size=(N, 1))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), N=st.integers(2, 25), G=st.integers(1, 12), ties=st.booleans(),
       alternative=st.sampled_from(["greater", "less"]))
def test_erl_equals_an_independent_implementation(seed, N, G, ties, alternative):
    rng = np.random.default_rng(seed)
    x = walks(rng, N, G)
    if ties:
        x = np.round(x)
        x[rng.integers(0, N)] = x[0]  # an identical pair of curves
    np.testing.assert_array_equal(erl_measure(x, alternative), brute_erl(x, alternative))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), N=st.integers(1, 30), G=st.integers(1, 6), levels=st.integers(1, 8))
def test_average_ranks_equal_scipy(seed, N, G, levels):
    from scipy.stats import rankdata

    x = np.random.default_rng(seed).integers(0, levels, size=(N, G)).astype(float)  # many ties
    np.testing.assert_array_equal(average_ranks(x), rankdata(x, method="average", axis=0))


def test_ranks_and_measure_by_hand():
    # three curves on two points; "greater": the largest value has rank 1
    x = np.array([[3.0, 0.0], [2.0, 2.0], [1.0, 1.0]])
    np.testing.assert_array_equal(pointwise_ranks(x, "greater"), [[1, 3], [2, 1], [3, 2]])
    np.testing.assert_array_equal(pointwise_ranks(x, "less"), [[3, 1], [2, 3], [1, 2]])
    # sorted ranks (1,3), (1,2), (2,3): the extreme rank ties at 1 for the first two curves and
    # the next rank breaks it: curve 2 (1,2) is the most extreme, then curve 1 (1,3), then (2,3)
    np.testing.assert_array_equal(erl_measure(x, "greater"), [2, 1, 3])
    r = erl_test(x[0], x[1:], "greater", alpha=0.4)
    assert r.p_value == 2 / 3
    # ties: two identical curves share the average of ranks 1 and 2
    y = np.array([[5.0, 5.0], [5.0, 5.0], [0.0, 0.0]])
    np.testing.assert_array_equal(erl_measure(y, "greater"), [1.5, 1.5, 3])
    assert erl_test(y[0], y[1:], "greater").p_value == 2 / 3  # conservative: the tie counts against


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), S=st.sampled_from([19, 39]), G=st.integers(1, 40),
       alternative=st.sampled_from(["greater", "less"]))
def test_exact_null_distribution_is_discrete_uniform(seed, S, G, alternative):
    """Continuous curves, no ties of the ERL measure: the N p-values are exactly 1/N, 2/N, ..., 1 and
    P(p <= 0.05) = 0.05.  (On very short curves two curves can share a sorted rank vector, e.g.
    (3, 5) and (5, 3) on G = 2 points; those ties are covered by test_ties_keep_the_test_valid.)"""
    x = walks(np.random.default_rng(seed), S + 1, G)
    assume(np.unique(erl_measure(x, alternative)).size == S + 1)
    p = all_p_values(x, alternative)
    np.testing.assert_allclose(np.sort(p), np.arange(1, S + 2) / (S + 1))
    assert np.count_nonzero(p <= 0.05) == 0.05 * (S + 1)
    # and erl_test gives the same p-value for the curve put first
    i = int(np.random.default_rng(seed).integers(0, S + 1))
    assert erl_test(x[i], np.delete(x, i, axis=0), alternative).p_value == pytest.approx(p[i], abs=1e-15)


@pytest.mark.parametrize("S", [19, 39])
def test_p_values_over_seeds_of_null_data_are_uniform(S):
    """2000 independent null data sets (tiny curves, i.i.d. rows): the observed p-value takes each of
    the S + 1 values about equally often (chi-square goodness of fit, seeded; P(fail) = 1e-4 if right),
    and the rejection count at 5% is within the 99.99% binomial interval of 0.05."""
    rng = np.random.default_rng(1700 + S)
    R, N = 2000, S + 1
    p = np.array([erl_test(x[0], x[1:], "greater").p_value for x in (walks(rng, N, 12) for _ in range(R))])
    counts = np.bincount(np.rint(p * N).astype(int) - 1, minlength=N)
    assert counts.sum() == R and chisquare(counts).pvalue > 1e-4, counts
    lo, hi = binom.ppf(5e-5, R, 0.05), binom.isf(5e-5, R, 0.05)
    assert lo <= np.count_nonzero(p <= 0.05) <= hi


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), S=st.integers(19, 60), G=st.integers(1, 8), levels=st.integers(2, 6))
def test_ties_keep_the_test_valid(seed, S, G, levels):
    """Heavily tied curves (few distinct values): P(p <= alpha) <= floor(alpha N) / N <= alpha exactly."""
    x = np.random.default_rng(seed).integers(0, levels, size=(S + 1, G)).astype(float)
    for alternative in ("greater", "less"):
        p = all_p_values(x, alternative)
        assert np.count_nonzero(p <= 0.05) <= math.floor(0.05 * (S + 1) + 1e-9)
        assert np.all(np.sort(p) >= np.arange(1, S + 2) / (S + 1) - 1e-15)  # stochastically larger


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), S=st.sampled_from([19, 39, 99]), G=st.integers(1, 30),
       shift=st.floats(0, 4))
def test_envelope_is_the_test(seed, S, G, shift):
    """Without ties the observed curve leaves the 95% ERL envelope iff p <= 0.05 (graphical test),
    and at most floor(0.05 (S+1)) of all curves leave it."""
    rng = np.random.default_rng(seed)
    x = walks(rng, S + 1, G)
    x[0] += shift * rng.uniform(0, 1, G)  # possibly an alternative: the observed curve pushed up
    up = erl_test(x[0], x[1:], "greater")
    down = erl_test(x[0], x[1:], "less")
    assert up.rejected == bool(np.any(x[0] > up.envelope))
    assert down.rejected == bool(np.any(x[0] < down.envelope))
    assert np.count_nonzero(np.any(x > up.envelope, axis=1)) <= math.floor(0.05 * (S + 1) + 1e-9)
    # one-sided tests mirror each other: "less" on -x is "greater" on x
    mirror = erl_test(-x[0], -x[1:], "less")
    assert mirror.p_value == up.p_value
    np.testing.assert_array_equal(mirror.envelope, -up.envelope)


def test_one_sided_tests_see_their_own_side():
    rng = np.random.default_rng(5)
    sims = walks(rng, 99, 20)
    high = sims.max(axis=0) + 1.0  # above every simulated curve everywhere
    assert erl_test(high, sims, "greater").p_value == 1 / 100
    assert erl_test(high, sims, "less").p_value == 1.0
    low = sims.min(axis=0) - 1.0
    assert erl_test(low, sims, "less").p_value == 1 / 100 and erl_test(low, sims, "greater").p_value == 1.0


def test_level_arithmetic():
    assert min_simulations(0.05) == 19 and min_simulations(0.01) == 99 and min_simulations(0.1) == 9
    assert exact_size(0.05, 999) == 0.05 and exact_size(0.05, 19) == 0.05
    assert exact_size(0.05, 1000) == 50 / 1001 and exact_size(0.05, 18) == 0.0
    # S = 18 cannot reject at 5%: the smallest p-value is 1/19 > 0.05
    x = walks(np.random.default_rng(0), 19, 5)
    assert all_p_values(x, "greater").min() == 1 / 19 > 0.05
