"""Confidence bands and the localisation indices of Duranton and Overman (2005).

Given ``S`` simulated curves ``K_s(d)`` on the grid ``d = 0..d_max``:

* Local band: at each ``d`` the 5th and 95th percentiles of ``K_s(d)``
  (linear interpolation, numpy's default).
* Global upper band (DO, section 4): the curve of one common local order
  statistic, ``upper(d) = K_(k)(d)`` (the ``k``-th smallest of the ``S`` values
  at ``d``), with ``k`` the smallest such that at most ``floor(0.05 S)``
  simulated curves exceed it at least once on the grid.  It is found exactly:
  curve ``s`` exceeds ``K_(k)`` somewhere iff ``r_s >= k`` where
  ``r_s = max_d #{t : K_t(d) < K_s(d)}``, so ``k = r_(S - a)+1`` with ``r``
  sorted and ``a = floor(0.05 S)``.  The lower band is the same construction on
  ``-K`` (one-sided 5% each).
* ``Gamma(d) = max(K(d) - upper(d), 0)``, ``Gamma = sum_d Gamma(d)``;
  ``Psi(d) = max(lower(d) - K(d), 0)`` when ``Gamma = 0`` (else 0),
  ``Psi = sum_d Psi(d)``.

These are DO's bands and indices, kept as the DO specification (``docs/do.md``) defines them.  They are *not*
the test: the order statistic ``k`` saturates (``k = S`` or ``S - 1``, the band is
the pointwise maximum or second maximum of the simulated curves) because almost
every simulated curve is the most extreme one somewhere on 300 grid points, and the
observed curve, which is not among the ``S`` curves the band comes from, then
crosses the band more often than 5% of the time under the null (9% with 200
simulations in the project's audit).  The decisions "localised" and "dispersed"
come from the exact global envelope tests of :mod:`gametheory.do.envelope`;
:func:`indices` gives DO's band-crossing rule (``localized_band``), kept for
comparison (``benchmarks/bench_do_level.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gametheory.do.checks import ALPHA


@dataclass
class Bands:
    """Local and global bands; ``k_upper``/``k_lower`` are the chosen order statistics (1-based).

    ``erl_lo``/``erl_hi`` are the ``100(1 - alpha)%`` global ERL envelopes of the exact
    tests (:func:`gametheory.do.envelope.erl_test`, observed curve included), set by
    :func:`gametheory.do.inference.do_index`.
    """

    mean: np.ndarray
    local_lo: np.ndarray
    local_hi: np.ndarray
    global_lo: np.ndarray
    global_hi: np.ndarray
    k_upper: int
    k_lower: int
    erl_lo: np.ndarray | None = None
    erl_hi: np.ndarray | None = None


def global_upper(sims: np.ndarray, alpha: float = ALPHA) -> tuple[np.ndarray, int]:
    """Upper global band of simulated curves ``sims`` (shape ``(S, G)``).

    Returns
    -------
    (ndarray, int)
        The band and the order statistic ``k`` (1-based) it uses at every ``d``.
    """
    S = sims.shape[0]
    srt = np.sort(sims, axis=0)
    below = np.empty_like(sims, dtype=np.int64)
    for g in range(sims.shape[1]):
        below[:, g] = np.searchsorted(srt[:, g], sims[:, g], side="left")
    r = np.sort(below.max(axis=1))[::-1]
    allowed = int(math.floor(alpha * S + 1e-9))
    k = int(r[allowed]) + 1 if allowed < S else 1
    return srt[k - 1], k


def compute_bands(sims: np.ndarray, alpha: float = ALPHA) -> Bands:
    """Mean, local 5%/95% band and DO global bands of simulated curves ``(S, G)``."""
    lo, hi = np.percentile(sims, [100 * alpha, 100 * (1 - alpha)], axis=0)
    upper, ku = global_upper(sims, alpha)
    neg_lower, kl = global_upper(-sims, alpha)
    return Bands(sims.mean(axis=0), lo, hi, -neg_lower, upper, ku, kl)


def indices(K: np.ndarray, bands: Bands) -> tuple[float, float, bool, bool]:
    """``(Gamma, Psi, localized_band, dispersed_band)`` of an observed curve against DO's global bands.

    The two flags are DO's band-crossing rule (``K`` above the upper band somewhere; below
    the lower band somewhere and not above the upper one), not the exact tests.
    """
    gamma = float(np.maximum(K - bands.global_hi, 0.0).sum())
    localized = bool((K > bands.global_hi).any())
    psi = 0.0 if localized else float(np.maximum(bands.global_lo - K, 0.0).sum())
    dispersed = (not localized) and bool((K < bands.global_lo).any())
    return gamma, psi, localized, dispersed
