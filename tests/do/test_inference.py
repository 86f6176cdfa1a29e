"""Counterfactuals: closed form of each simulated curve, reproducibility, Dask, calibration."""

from __future__ import annotations

import numba
import numpy as np
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


def test_rejection_rate_under_the_null():
    """Industries drawn at random from all sites are flagged localised at the nominal rate.

    R = 300 random industries of n = 12 among 300 clustered sites, S = 19 simulations each
    (alpha (S + 1) = 1: the smallest S with a 5% test).  Under the null the observed curve is
    exchangeable with the simulated ones, so each one-sided ERL test rejects with probability
    exactly 0.05 (ERL ties are practically impossible on 41 grid points), and the number of
    flags X is Binomial(300, 0.05): we accept the central 99.9% interval [4, 29]
    (scipy.stats.binom.ppf / isf at 0.0005, checked below).  DO's band rule on
    the same curves cannot reach 5% at S = 19: its band is the pointwise maximum of the 19
    simulated curves, which the observed curve crosses whenever it is the highest somewhere,
    far more often than 5%.  The run is seeded, so the outcome is deterministic.
    """
    from scipy.stats import binom

    rng = np.random.default_rng(2005)
    N, n, R, S = 300, 12, 300, 19
    centres = rng.uniform(0, 200, (6, 2))
    xy = np.concatenate([centres[rng.integers(0, 6, N // 2)] + rng.normal(0, 8, (N // 2, 2)),
                         rng.uniform(0, 200, (N - N // 2, 2))])
    base = read_establishments(table(xy, ["other"] * N))
    flagged = dispersed = band_flags = 0
    for r in range(R):
        labels = np.array(["other"] * N, dtype=object)
        labels[rng.choice(N, n, replace=False)] = "t"
        base.frame["industry"] = labels
        res = do_index(base, "t", simulations=S, seed=r, threshold=40.0, bandwidth=6.0)
        flagged += res.localized
        dispersed += res.p_dispersed <= 0.05
        band_flags += res.localized_band
    lo, hi = binom.ppf(0.0005, R, 0.05), binom.isf(0.0005, R, 0.05)
    assert (lo, hi) == (4, 29)
    assert lo <= flagged <= hi, flagged
    assert lo <= dispersed <= hi, dispersed
    assert band_flags > hi, band_flags  # DO's band rule over-rejects at small S


def test_inference_errors(census):
    with pytest.raises(UserInputError, match="at least 19 simulations"):
        do_index(census, "a", simulations=18)
    with pytest.raises(UserInputError, match="null must be 'joint' or 'conditional'"):
        do_index(census, "a", "b", simulations=19, null="fixed")
    with pytest.raises(UserInputError, match="must differ"):
        do_index(census, "a", "a", simulations=20)
    unweighted = read_establishments(census.frame.drop(columns="emp"))
    with pytest.raises(UserInputError, match="needs a weight column"):
        do_index(unweighted, "a", simulations=20, weighted=True)
    zero = census.frame.assign(emp=np.where(census.frame["industry"] == "a", 0.0, 1.0))
    with pytest.raises(UserInputError, match="pair weights of 'a' sum to zero"):
        do_index(read_establishments(zero, weight="emp"), "a", simulations=20, weighted=True)
    for bad in (-1.0, 0.0, float("inf"), float("nan")):
        with pytest.raises(UserInputError, match="threshold must be a positive finite distance"):
            do_index(census, "a", simulations=20, threshold=bad)
        if bad != -1.0:
            with pytest.raises(UserInputError, match="bandwidth must be a positive finite distance"):
                do_index(census, "a", simulations=20, threshold=10.0, bandwidth=bad)
    with pytest.raises(UserInputError, match=r"grid of 2e\+04 points .* at most 20001"):
        do_index(census, "a", simulations=20, threshold=20001.0)


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


def test_conditional_null_keeps_the_neighbour_at_its_sites(census):
    """null='conditional': B stays put and A is drawn among the other sites; each simulated K_AB is
    the closed form on B's own points and A's drawn points (brute force)."""
    from gametheory.do.inference import draw_sites

    S = 30
    ia, ib = census.members("clu"), census.members("a")
    N = len(census.points)
    streams = _streams(6, "clu\0a", S)
    for s in range(S):
        idx = draw_sites(N, len(ia), len(ib), streams[s], ib)
        np.testing.assert_array_equal(idx[len(ia):], ib)  # the neighbour's own rows, in order
        assert not set(idx[:len(ia)]) & set(ib) and len(set(idx[:len(ia)])) == len(ia)
    r = do_index(census, "clu", "a", simulations=S, seed=6, threshold=60.0, null="conditional",
                 keep_simulations=True)
    assert r.null == "conditional"
    for s in (0, 29):
        idx = draw_sites(N, len(ia), len(ib), streams[s], ib)
        K, _ = brute_k(census.points[idx[:len(ia)]], r.d, 60.0, PB=census.points[ib])
        assert np.abs(r.sims[s] - K).max() <= 1e-6 * K.max()
    joint = do_index(census, "clu", "a", simulations=S, seed=6, threshold=60.0, keep_simulations=True)
    assert joint.null == "joint" and not np.array_equal(joint.sims, r.sims)
    np.testing.assert_array_equal(joint.K, r.K)  # same observed curve, another null
    # the univariate curve has no pair null
    assert do_index(census, "clu", simulations=19, seed=6, threshold=60.0, null="conditional").null is None


def test_p_values_are_those_of_the_envelope_module(census):
    """do_index's p-values and envelopes are erl_test on its own observed and simulated curves, and the
    DO band rule is kept alongside (Gamma > 0 iff K crosses DO's upper band)."""
    from gametheory.do.envelope import erl_test

    r = do_index(census, "clu", simulations=39, seed=2, threshold=60.0, keep_simulations=True)
    up, down = erl_test(r.K, r.sims, "greater"), erl_test(r.K, r.sims, "less")
    assert (r.p_localized, r.p_dispersed) == (up.p_value, down.p_value)
    np.testing.assert_array_equal(r.bands.erl_hi, up.envelope)
    np.testing.assert_array_equal(r.bands.erl_lo, down.envelope)
    assert r.localized == (up.p_value <= 0.05) and r.p_localized == 1 / 40  # a tight cluster
    assert r.localized_band == (r.Gamma > 0)
    assert r.size == 0.05 and r.as_dict()["p_localized"] == 1 / 40
    assert "p_localized=0.025" in repr(r) and "localised" in r.to_text()


def test_the_size_of_a_run_is_estimated_and_bounded(capsys):
    """check_work counts (S + 1) x pairs before any work, prints an estimate above a CPU minute and
    refuses a run above the limit (values by hand)."""
    from gametheory.do.driver import SECONDS_PER_PAIR, check_work, pair_count

    rng = np.random.default_rng(3)
    c = read_establishments(table(rng.uniform(0, 100, (5030, 2)), ["big"] * 5000 + ["small"] * 30))
    assert pair_count(5000) == 5000 * 4999 / 2 and pair_count(5000, 30) == 150000
    total = check_work(c, [("big", None), ("big", "small")], 999)
    assert total == 1000 * (5000 * 4999 / 2 + 5000 * 30)
    err = capsys.readouterr().err
    assert err.startswith("estimated work: 1.26e+10 pair distances") and "CPU minutes" in err
    assert total * SECONDS_PER_PAIR > 60
    check_work(c, [("small", None)], 999)
    assert capsys.readouterr().err == ""  # small runs say nothing
    with pytest.raises(UserInputError, match=r"1\.25e\+10 pair distances \('big' alone 1\.25e\+10.*the limit is 1e\+09"):
        check_work(c, [("big", None)], 999, max_pairs=1e9)
    with pytest.raises(UserInputError, match="the limit is 1e\\+09"):
        run_many(c, [("big", None)], simulations=999, max_pairs=1e9)
