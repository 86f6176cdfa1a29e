"""K-density against the closed form of DO.md (brute-force double sum), within 1e-6 max K."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from gametheory.do.geometry import to_points
from gametheory.do.kdensity import Layout, kdensity

from do_helpers import brute_k

TOL = 1e-6  # DO.md: within 1e-6 of max K


def clustered(rng, n, scale=100.0):
    """Half uniform on a square, half in two tight clusters (small and large distances)."""
    k = n // 2
    centres = rng.uniform(0, scale, (2, 2))
    near = centres[rng.integers(0, 2, k)] + rng.normal(0, scale / 40, (k, 2))
    return np.concatenate([near, rng.uniform(0, scale, (n - k, 2))])


def planar(xy):
    return to_points(xy[:, 0], xy[:, 1], False)


def assert_close(curve, K):
    err = np.abs(curve.K - K).max()
    assert err <= TOL * K.max(), (err, K.max())


def test_planar_matches_double_sum(rng):
    P = planar(clustered(rng, 80))
    lay = Layout(False, 40.0, np.arange(0.0, 41.0))
    c = kdensity(P, lay)
    K, h = brute_k(P, lay.grid, 40.0)
    assert c.h == pytest.approx(h, rel=1e-12)
    assert not c.exact  # the binned Taylor path is the one checked here
    assert_close(c, K)


def test_great_circle_matches_double_sum(rng):
    lon = rng.uniform(-3, 2, 70)
    lat = rng.uniform(50, 55, 70)
    P = to_points(lon, lat, True)
    lay = Layout(True, 150.0, np.arange(0.0, 151.0))
    c = kdensity(P, lay)
    K, h = brute_k(P, lay.grid, 150.0, spherical=True)
    assert c.h == pytest.approx(h, rel=1e-12)
    assert_close(c, K)


def test_great_circle_distance_value():
    # one degree of longitude on the equator: 2 pi R / 360
    from gametheory.do.geometry import EARTH_RADIUS_KM, pair_distances
    P = to_points(np.array([0.0, 1.0]), np.array([0.0, 0.0]), True)
    assert pair_distances(P, None, True)[0] == pytest.approx(2 * np.pi * EARTH_RADIUS_KM / 360, rel=1e-12)


def test_weighted_matches_double_sum(rng):
    P = planar(clustered(rng, 60))
    w = rng.lognormal(2, 1, 60)
    lay = Layout(False, 50.0, np.arange(0.0, 51.0))
    c = kdensity(P, lay, w)
    K, h = brute_k(P, lay.grid, 50.0, wA=w)
    assert c.h == pytest.approx(h, rel=1e-12)  # bandwidth from unweighted distances
    assert_close(c, K)


def test_bivariate_matches_double_sum(rng):
    A = planar(clustered(rng, 40))
    B = planar(clustered(rng, 55))
    wA, wB = rng.uniform(1, 5, 40), rng.uniform(1, 5, 55)
    lay = Layout(False, 45.0, np.arange(0.0, 46.0))
    for wa, wb in [(None, None), (wA, wB)]:
        c = kdensity(A, lay, wa, B, wb)
        K, h = brute_k(A, lay.grid, 45.0, wA=wa, PB=B, wB=wb)
        assert c.h == pytest.approx(h, rel=1e-12)
        assert_close(c, K)


def test_pairs_beyond_cut_are_negligible_and_wide_bandwidth_widens_the_cut(rng):
    # the threshold is small compared with the spread: most pairs lie beyond 2 d_max
    P = planar(rng.uniform(0, 500, (90, 2)))
    lay = Layout(False, 20.0, np.arange(0.0, 21.0), bandwidth=15.0)  # 20 + 8*15 > 40: cut widened
    c = kdensity(P, lay)
    K, _ = brute_k(P, lay.grid, 20.0, h=15.0)
    assert_close(c, K)


def test_tiny_bandwidth_falls_back_to_exact_sums(rng):
    P = planar(rng.uniform(0, 100, (50, 2)))
    grid = np.arange(0.0, 50.0, 0.01)
    lay = Layout(False, 50.0, grid, bandwidth=0.05)
    c = kdensity(P, lay)
    K, _ = brute_k(P, grid, 50.0, h=0.05)
    assert c.exact
    assert_close(c, K)


def test_coinciding_coordinates_are_legal(rng):
    xy = np.repeat(rng.uniform(0, 60, (12, 2)), 3, axis=0)  # every site three times
    P = planar(xy)
    lay = Layout(False, 30.0, np.arange(0.0, 31.0))
    c = kdensity(P, lay)
    K, h = brute_k(P, lay.grid, 30.0)
    assert_close(c, K)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 40))
def test_k_integrates_to_one(seed, n):
    rng = np.random.default_rng(seed)
    P = planar(rng.uniform(0, 50, (n, 2)))
    lay0 = Layout(False, 100.0, np.array([0.0]))  # threshold above every distance
    h = kdensity(P, lay0).h
    grid = np.arange(0.0, 75.0 + 9 * h, h / 20)
    c = kdensity(P, Layout(False, 100.0, grid))
    integral = np.trapezoid(c.K, grid)
    assert integral == pytest.approx(1.0, abs=2e-3)  # trapezoid error ~ (h/20)^2/12 * max|K''|


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), na=st.integers(2, 25), nb=st.integers(2, 25))
def test_bivariate_is_symmetric(seed, na, nb):
    rng = np.random.default_rng(seed)
    A = planar(rng.uniform(0, 80, (na, 2)))
    B = planar(rng.uniform(0, 80, (nb, 2)))
    wA, wB = rng.uniform(1, 3, na), rng.uniform(1, 3, nb)
    lay = Layout(False, 60.0, np.arange(0.0, 61.0))
    ab = kdensity(A, lay, wA, B, wB)
    ba = kdensity(B, lay, wB, A, wA)
    assert ab.h == pytest.approx(ba.h, rel=1e-12)
    np.testing.assert_allclose(ab.K, ba.K, rtol=0, atol=1e-9 * ab.K.max())
