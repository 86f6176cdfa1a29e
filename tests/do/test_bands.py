"""Local and global bands, Gamma and Psi (Duranton and Overman, 2005, section 4)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings, strategies as st

from gametheory.do.bands import compute_bands, global_upper, indices


def exceed_count(sims, band):
    return int((sims > band).any(axis=1).sum())


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), S=st.integers(20, 400), G=st.integers(1, 60),
       ties=st.booleans())
def test_global_band_exceeded_by_at_most_five_percent_and_is_minimal(seed, S, G, ties):
    rng = np.random.default_rng(seed)
    # smooth correlated curves, like K-densities; optionally rounded to create ties
    sims = np.cumsum(rng.normal(size=(S, G)), axis=1) + rng.normal(size=(S, 1)) * 3
    if ties:
        sims = np.round(sims)
    band, k = global_upper(sims)
    allowed = math.floor(0.05 * S + 1e-9)
    srt = np.sort(sims, axis=0)
    np.testing.assert_array_equal(band, srt[k - 1])
    assert exceed_count(sims, band) <= allowed
    if k > 1:  # one order statistic lower would let too many curves through
        assert exceed_count(sims, srt[k - 2]) > allowed


def test_bands_on_a_known_set():
    # 100 flat curves at levels 0..99 over 5 points: the global band is a plain percentile
    sims = np.repeat(np.arange(100.0)[:, None], 5, axis=1)
    b = compute_bands(sims)
    np.testing.assert_allclose(b.global_hi, 94.0)  # curves 95..99 (5 of them) exceed
    np.testing.assert_allclose(b.global_lo, 5.0)
    np.testing.assert_allclose(b.local_lo, np.percentile(np.arange(100.0), 5))
    np.testing.assert_allclose(b.local_hi, np.percentile(np.arange(100.0), 95))
    np.testing.assert_allclose(b.mean, 49.5)
    assert (b.k_upper, b.k_lower) == (95, 95)


def test_gamma_and_psi():
    sims = np.repeat(np.arange(100.0)[:, None], 4, axis=1)
    b = compute_bands(sims)  # lower 5, upper 94
    g, p, loc, disp = indices(np.array([96.0, 50.0, 1.0, 94.0]), b)
    assert (g, p, loc, disp) == (2.0, 0.0, True, False)  # Psi is 0 once localised
    g, p, loc, disp = indices(np.array([50.0, 3.0, 1.0, 94.0]), b)
    assert (g, p, loc, disp) == (0.0, 2.0 + 4.0, False, True)
    assert indices(np.array([50.0, 5.0, 94.0, 60.0]), b) == (0.0, 0.0, False, False)
