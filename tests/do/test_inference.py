"""Counterfactuals: closed form of each simulated curve, reproducibility, Dask, calibration."""

from __future__ import annotations

import numba
import numpy as np
import pandas as pd
import pytest

from gametheory.do import inference
from gametheory.do.driver import run_many
from gametheory.do.inference import _streams, do_index
from gametheory.do.io import read_establishments
from gametheory.errors import UserInputError

from do_helpers import brute_k, table


@pytest.fixture(scope="module")
def census():
    rng = np.random.default_rng(7)
    N = 300
    xy = np.concatenate([rng.normal(40, 4, (30, 2)), rng.uniform(0, 150, (N - 30, 2))])
    ind = ["clu"] * 30 + list(rng.choice(["a", "b"], N - 30))
    return read_establishments(table(xy, ind, weights=rng.lognormal(1, 1, N)), weight="emp")


def test_simulated_curves_match_closed_form(census):
    """Each simulated curve is the closed form on its own draw of sites, own bandwidth included."""
    S = 40
    r = do_index(census, "clu", simulations=S, seed=3, threshold=60.0, keep_simulations=True)
    w = census.weights
    r2 = do_index(census, "clu", "a", simulations=S, seed=3, threshold=60.0, weighted=True,
                  keep_simulations=True)
    nA, nB = 30, len(census.members("a"))
    wA, wB = w[census.members("clu")], w[census.members("a")]
    for s in (0, 17, 39):
        idx = np.random.default_rng(_streams(3, "clu", S)[s]).choice(len(census.points), nA, replace=False)
        K, _ = brute_k(census.points[idx], r.d, 60.0)
        assert np.abs(r.sims[s] - K).max() <= 1e-6 * K.max()
        idx = np.random.default_rng(_streams(3, "clu\0a", S)[s]).choice(len(census.points), nA + nB,
                                                                           replace=False)
        K, _ = brute_k(census.points[idx[:nA]], r2.d, 60.0, wA=wA, PB=census.points[idx[nA:]], wB=wB)
        assert np.abs(r2.sims[s] - K).max() <= 1e-6 * K.max()
    assert r.localized and r.Gamma > 0 and r.Psi == 0


def _key(r):
    return (r.K, r.sims, r.bands.global_hi, r.bands.global_lo, r.Gamma, r.Psi, r.bandwidth)


def _same(a, b):
    for x, y in zip(_key(a), _key(b)):
        np.testing.assert_array_equal(x, y)


def test_same_seed_same_result_whatever_threads_and_batches(census, monkeypatch):
    kw = dict(simulations=50, seed=11, threshold=60.0, keep_simulations=True)
    numba.set_num_threads(1)
    one = do_index(census, "a", **kw)
    numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
    two = do_index(census, "a", **kw)
    monkeypatch.setattr(inference, "BATCH", 7)
    batched = do_index(census, "a", **kw)
    _same(one, two)
    _same(one, batched)
    other = do_index(census, "a", **{**kw, "seed": 12})
    assert not np.array_equal(one.sims, other.sims)


def test_dask_local_cluster_gives_the_local_results(census):
    distributed = pytest.importorskip("distributed")
    tasks = [("clu", None), ("a", "b"), ("b", None)]
    kw = dict(simulations=30, seed=5, threshold=60.0, weighted=True)
    local = run_many(census, tasks, **kw)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = run_many(census, tasks, scheduler=cluster.scheduler_address, **kw)
    assert [r.label for r in remote] == ["clu", "a__b", "b"]
    for a, b in zip(local, remote):
        for x, y in zip(_key(a)[:1] + _key(a)[2:], _key(b)[:1] + _key(b)[2:]):
            np.testing.assert_array_equal(x, y)


def test_calibration_under_the_null():
    """Industries drawn at random from all sites are flagged localised about 5% of the time.

    R = 200 random industries of n = 15 among 400 clustered sites, S = 99 simulations each.
    Under the null the observed curve is exchangeable with the simulated ones, so the
    probability of a flag is at most about 5% (the global band lets at most floor(0.05 S) = 4
    of the 99 simulated curves through; with the observed one that is about 4-5/100).  The
    number flagged X is then Binomial(200, p) with p in [0.03, 0.06].  We accept 3 <= X <= 20:
    for p = 0.05, P(X <= 2) = 0.0023 and P(X >= 21) = 0.0012; for p = 0.03 P(X <= 2) = 0.06 is
    the worst case we tolerate.  A miscalibrated test (pointwise 5% bands: p ~ 0.3; or a band
    never crossed: p = 0) fails clearly.  The run is seeded, so the outcome is deterministic.
    """
    rng = np.random.default_rng(2005)
    N, n, R = 400, 15, 200
    centres = rng.uniform(0, 200, (6, 2))
    xy = np.concatenate([centres[rng.integers(0, 6, N // 2)] + rng.normal(0, 8, (N // 2, 2)),
                         rng.uniform(0, 200, (N - N // 2, 2))])
    base = read_establishments(table(xy, ["other"] * N))
    flagged = dispersed = 0
    for r in range(R):
        labels = np.array(["other"] * N, dtype=object)
        labels[rng.choice(N, n, replace=False)] = "t"
        base.frame["industry"] = labels
        res = do_index(base, "t", simulations=99, seed=r, threshold=60.0)
        flagged += res.localized
        dispersed += res.dispersed
    assert 3 <= flagged <= 20, flagged
    assert dispersed <= 20, dispersed


def test_inference_errors(census):
    with pytest.raises(UserInputError, match="at least 20 simulations"):
        do_index(census, "a", simulations=5)
    with pytest.raises(UserInputError, match="must differ"):
        do_index(census, "a", "a", simulations=20)
    unweighted = read_establishments(census.frame.drop(columns="emp"))
    with pytest.raises(UserInputError, match="needs a weight column"):
        do_index(unweighted, "a", simulations=20, weighted=True)
    zero = census.frame.assign(emp=np.where(census.frame["industry"] == "a", 0.0, 1.0))
    with pytest.raises(UserInputError, match="pair weights of 'a' sum to zero"):
        do_index(read_establishments(zero, weight="emp"), "a", simulations=20, weighted=True)
    with pytest.raises(UserInputError, match="threshold must be positive"):
        do_index(census, "a", simulations=20, threshold=-1.0)


def test_global_bands_on_the_simulated_curves(census):
    """At most 5% of the simulated K curves leave each global band somewhere, and no lower order
    statistic would do (checked on the very curves the bands come from)."""
    S = 200
    r = do_index(census, "b", simulations=S, seed=1, threshold=60.0, keep_simulations=True)
    allowed = int(0.05 * S)
    srt = np.sort(r.sims, axis=0)
    assert (r.sims > r.bands.global_hi).any(axis=1).sum() <= allowed
    assert (r.sims < r.bands.global_lo).any(axis=1).sum() <= allowed
    assert (r.sims > srt[r.bands.k_upper - 2]).any(axis=1).sum() > allowed
    assert (r.sims < srt[S - r.bands.k_lower + 1]).any(axis=1).sum() > allowed
    # local bands: 5th and 95th percentiles at each d
    np.testing.assert_allclose(r.bands.local_hi, np.percentile(r.sims, 95, axis=0))
    assert np.all(r.bands.global_hi >= r.bands.local_hi) and np.all(r.bands.global_lo <= r.bands.local_lo)


def test_wide_bandwidth_simulations_match_closed_form(census):
    """Small threshold, large bandwidths: G + 8h > 2 d_max, so each draw takes the widened cut."""
    S = 20
    r = do_index(census, "clu", simulations=S, seed=4, threshold=8.0, keep_simulations=True)
    for s in (0, 11):
        idx = np.random.default_rng(_streams(4, "clu", S)[s]).choice(len(census.points), 30, replace=False)
        K, h = brute_k(census.points[idx], r.d, 8.0)
        assert r.d[-1] + 8 * h > 16.0  # the widened path is the one exercised
        assert np.abs(r.sims[s] - K).max() <= 1e-6 * K.max()


def test_great_circle_simulations_match_closed_form():
    sample = read_establishments("sample")
    S = 20
    r = do_index(sample, "extraction", simulations=S, seed=2, threshold=150.0, keep_simulations=True)
    for s in (0, 19):
        idx = np.random.default_rng(_streams(2, "extraction", S)[s]).choice(len(sample.points), 60,
                                                                           replace=False)
        K, _ = brute_k(sample.points[idx], r.d, 150.0, spherical=True)
        assert np.abs(r.sims[s] - K).max() <= 1e-6 * K.max()
