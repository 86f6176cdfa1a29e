"""Global envelope tests with exact Monte Carlo p-values (extreme rank length, ERL).

Myllymäki, M., Mrkvička, T., Grabarnik, P., Seijo, H. and Hahn, U. (2017), "Global
envelope tests for spatial processes", *Journal of the Royal Statistical Society B*
79(2), 381-404; the one-sided versions as in Mrkvička, Myllymäki, Jílek and Hahn
(2020), "A one-way ANOVA test for functional data with graphical interpretation",
*Kybernetika* 56(3), 432-458, and the R package GET (``global_envelope_test`` with
``type = "erl"``, ``alternative = "greater"`` or ``"less"``).  Written from those
definitions; no code is taken from GET.

Let ``T_1`` be the observed curve and ``T_2, ..., T_N`` the ``S = N - 1`` simulated
ones, all on the same grid ``d_1, ..., d_G``.

1. **Pointwise ranks** among all ``N`` curves (the observed one included), 1 for
   the most extreme value, average ranks for ties: for the alternative
   ``"greater"`` (localisation) the largest value at ``d_j`` has rank 1,
   ``R_i(d_j) = N + 1 - avrank(T_i(d_j))``; for ``"less"`` (dispersion) the smallest
   has rank 1, ``R_i(d_j) = avrank(T_i(d_j))``.
2. **Extreme rank length.**  Sort each curve's ``G`` pointwise ranks increasingly,
   ``(R_i[1] <= R_i[2] <= ... <= R_i[G])``; ``R_i[1]`` is the *extreme rank* of
   Myllymäki et al.  Curves are ordered lexicographically by these vectors (ties of
   the extreme rank are broken by the next smallest rank, and so on) and ``e_i`` is
   the curve's rank in that order (1 = most extreme; identical vectors share their
   average rank).  GET reports ``e_i / N``; the order, hence the test, is the same.
3. **p-value** (Monte Carlo, conservative for ties of ``e``)::

       p = (1 + #{s >= 2 : e_s <= e_1}) / N.

   Under the null hypothesis the ``N`` curves are exchangeable and ``e`` is a
   symmetric function of them, so ``e_1`` is the rank of a uniformly chosen curve:
   without ties ``p`` is uniform on ``{1/N, 2/N, ..., 1}`` and
   ``P(p <= alpha) = floor(alpha N) / N`` -- exactly ``alpha`` when ``alpha N`` is an
   integer (``S = 19, 39, 99, 199, 999`` at 5%), below it otherwise, and 0 when
   ``alpha N < 1`` (a test at level ``alpha`` needs ``S >= 1/alpha - 1``).  With ties
   of ``e`` the p-value can only be larger (the test stays valid).
4. **Global envelope** (``100(1 - alpha)%``): ``e_(alpha)`` is the
   ``floor((1 - alpha) N)``-th largest ``e``; the envelope is the pointwise maximum
   (``"greater"``: upper envelope) or minimum (``"less"``: lower envelope) of the
   curves with ``e_i >= e_(alpha)``.  Without ties, ``p <= alpha`` exactly when the
   observed curve leaves the envelope somewhere (the graphical interpretation of
   the test).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

ALTERNATIVES = ("greater", "less")


def min_simulations(alpha: float) -> int:
    """Smallest ``S`` with ``alpha (S + 1) >= 1``: fewer cannot reject at level ``alpha``."""
    return max(1, math.ceil(1.0 / alpha - 1.0 - 1e-9))


def exact_size(alpha: float, simulations: int) -> float:
    """Size of the test under the null without ties: ``floor(alpha (S + 1)) / (S + 1)``."""
    n = simulations + 1
    return math.floor(alpha * n + 1e-9) / n


def pointwise_ranks(curves: np.ndarray, alternative: str) -> np.ndarray:
    """Ranks at each grid point among the ``N`` rows of ``curves`` (shape ``(N, G)``), 1 = most extreme.

    Ties get the average of the ranks they span.  ``"greater"``: the largest value has
    rank 1; ``"less"``: the smallest has rank 1.
    """
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be 'greater' or 'less', not {alternative!r}")
    x = np.asarray(curves, dtype=float)
    avr = average_ranks(x)
    return (x.shape[0] + 1.0 - avr) if alternative == "greater" else avr


def average_ranks(x: np.ndarray) -> np.ndarray:
    """Ranks ``1..N`` of each column of ``x`` (shape ``(N, G)``), ties sharing their average rank.

    Equal to ``scipy.stats.rankdata(x, method="average", axis=0)`` (tested); numpy only, so
    that a run does not import ``scipy.stats`` (about a second).  A group of equal values
    at sorted positions ``a..b`` (0-based) gets ``(a + b) / 2 + 1``.
    """
    N, G = x.shape
    order = np.argsort(x, axis=0, kind="stable")
    srt = np.take_along_axis(x, order, axis=0)
    pos = np.arange(N)[:, None]
    new = np.ones((N, G), bool)
    new[1:] = srt[1:] != srt[:-1]
    start = np.maximum.accumulate(np.where(new, pos, 0), axis=0)  # first position of the group
    last = np.ones((N, G), bool)
    last[:-1] = new[1:]
    end = np.minimum.accumulate(np.where(last, pos, N - 1)[::-1], axis=0)[::-1]  # last position
    ranks = np.empty((N, G))
    np.put_along_axis(ranks, order, (start + end) / 2.0 + 1.0, axis=0)
    return ranks


def erl_measure(curves: np.ndarray, alternative: str) -> np.ndarray:
    """Extreme rank length ``e_i`` of each row (1 = most extreme, ties share the average).

    The rows' sorted pointwise-rank vectors are ordered lexicographically.
    """
    ranks = np.sort(pointwise_ranks(curves, alternative), axis=1)
    N = ranks.shape[0]
    # lexicographic order; usually decided by the first few smallest ranks, so sort on a
    # prefix of the columns first and use them all only if the prefix leaves ties
    width = min(ranks.shape[1], 16)
    while True:
        order = np.lexsort(ranks[:, :width].T[::-1])  # first column is the primary key
        srt = ranks[order, :width]
        if width == ranks.shape[1] or np.all(np.any(srt[1:] != srt[:-1], axis=1)):
            break
        width = ranks.shape[1]
    srt = ranks[order]
    new = np.ones(N, bool)
    new[1:] = np.any(srt[1:] != srt[:-1], axis=1)  # start of a group of identical vectors
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:], N)  # exclusive
    avg = (starts + 1 + ends) / 2.0  # average of positions start+1 .. end (1-based)
    e = np.empty(N)
    e[order] = np.repeat(avg, ends - starts)
    return e


@dataclass(frozen=True)
class EnvelopeTest:
    """One one-sided global envelope test (ERL) of the first curve against the others.

    Attributes
    ----------
    alternative : str
        ``"greater"`` (the observed curve is too high somewhere: localisation) or
        ``"less"`` (too low somewhere: dispersion).
    p_value : float
        ``(1 + #{simulations with e_s <= e_obs}) / (S + 1)``.
    envelope : ndarray
        The ``100(1 - alpha)%`` global envelope: upper for ``"greater"``, lower for ``"less"``.
    alpha : float
        Level of the envelope.
    measure : ndarray
        ``e_i`` of every curve, the observed one first.
    """

    alternative: str
    p_value: float
    envelope: np.ndarray
    alpha: float
    measure: np.ndarray

    @property
    def rejected(self) -> bool:
        """``p <= alpha``."""
        return self.p_value <= self.alpha * (1 + 1e-12)


def erl_test(observed: np.ndarray, sims: np.ndarray, alternative: str, alpha: float = 0.05) -> EnvelopeTest:
    """The one-sided ERL global envelope test (Myllymäki et al., 2017; see the module docstring).

    Parameters
    ----------
    observed : ndarray, shape (G,)
    sims : ndarray, shape (S, G)
    alternative : {"greater", "less"}
    alpha : float
        Level of the global envelope; the test rejects when ``p <= alpha``.

    Returns
    -------
    EnvelopeTest
    """
    curves = np.vstack([np.asarray(observed, dtype=float)[None, :], np.asarray(sims, dtype=float)])
    N = curves.shape[0]
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie in (0, 1), not {alpha}")
    e = erl_measure(curves, alternative)
    p = (1.0 + np.count_nonzero(e[1:] <= e[0])) / N
    kth = max(1, math.floor((1.0 - alpha) * N + 1e-9))  # the kth largest e is the critical value
    e_alpha = np.sort(e)[::-1][kth - 1]
    keep = curves[e >= e_alpha]
    env = keep.max(axis=0) if alternative == "greater" else keep.min(axis=0)
    return EnvelopeTest(alternative, float(p), env, float(alpha), e)
