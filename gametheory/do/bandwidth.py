"""Bandwidth of the DO K-density: Silverman's rule of thumb.

Duranton and Overman (2005, section 3) smooth with a Gaussian kernel whose
bandwidth is Silverman's (1986) rule of thumb; the DO specification (``docs/do.md``) fixes it as::

    h = 0.9 * min(sd, IQR / 1.34) * m^(-1/5)

over the ``m`` unweighted pair distances ``d <= 2 d_max`` (also for K_emp), with
the sample standard deviation (divisor ``m - 1``) and the interquartile range of
quantiles by linear interpolation (numpy's default: the ``q``-quantile is
``x[i] + f (x[i+1] - x[i])`` with ``i + f = q (m - 1)`` on sorted ``x``).

:func:`silverman` is the reference on an explicit array.  The fast path never
holds the distances: :func:`bandwidth_from_bins` uses the sums ``sum d``,
``sum d^2`` (exact sd) and a histogram of counts; it brackets the quartiles by
their bins and, only when the bracket cannot decide ``min(sd, IQR/1.34)``,
asks for the distances in the (at most four) bins holding the needed order
statistics and takes them exactly.  The result equals :func:`silverman` up to
floating-point summation order (relative 1e-12).
"""

from __future__ import annotations

import math

import numpy as np

from gametheory.errors import UserInputError

SILVERMAN_FACTOR = 0.9
IQR_SCALE = 1.34


class BandwidthError(UserInputError):
    """The rule of thumb is undefined (fewer than 2 distances, or no spread)."""


def _rule(sd: float, iqr: float, m: float, total: float | None = None) -> float:
    """``0.9 min(sd, IQR/1.34) m^(-1/5)``, or a :class:`BandwidthError` saying why it is undefined.

    ``total`` is ``sum d`` when known (0 means every distance is 0).
    """
    spread = min(sd, iqr / IQR_SCALE)
    if m < 2 or not spread > 0:
        m = int(m)
        if m < 2:
            why = (f"only {m} pair distance{'' if m == 1 else 's'} within 2*d_max (the bandwidth uses "
                   f"the distances up to twice the threshold), at least 2 are needed")
        elif total == 0 or (sd == 0 and iqr == 0 and total is None):
            why = (f"all {m} pair distances are 0 (every establishment at the same point)"
                   if total == 0 else f"all {m} pair distances are equal (no spread)")
        elif sd == 0:
            why = f"all {m} pair distances are equal (no spread)"
        else:
            why = (f"the interquartile range of the {m} pair distances is 0 (over half of them are equal; "
                   f"sd = {sd:.6g} km)")
        raise BandwidthError(f"Silverman's bandwidth is undefined: {why}; give a bandwidth "
                             f"explicitly (--bandwidth KM)")
    return SILVERMAN_FACTOR * spread * m ** -0.2


def silverman(distances: np.ndarray) -> float:
    """Silverman's rule on an explicit array of distances (reference implementation).

    Parameters
    ----------
    distances : ndarray
        The unweighted pair distances ``<= 2 d_max``.

    Returns
    -------
    float
        ``0.9 min(sd, IQR/1.34) m^(-1/5)``.
    """
    x = np.asarray(distances, dtype=float)
    m = x.size
    if m < 2:
        return _rule(0.0, 0.0, m)
    q1, q3 = np.quantile(x, [0.25, 0.75])
    return _rule(float(np.std(x, ddof=1)), float(q3 - q1), m, float(x.sum()))


def _ranks(m: int) -> list[tuple[int, float]]:
    """(index, fraction) of the quartiles 0.25, 0.75 under linear interpolation."""
    out = []
    for q in (0.25, 0.75):
        pos = q * (m - 1)
        i = int(math.floor(pos))
        out.append((i, pos - i))
    return out


def bandwidth_from_bins(cnt: np.ndarray, sums: np.ndarray, delta: float, bw_cut: float,
                        collect) -> float:
    """Silverman's bandwidth from binned counts, collecting exact values if needed.

    Parameters
    ----------
    cnt : ndarray of int
        ``cnt[b]``: number of distances ``d <= bw_cut`` with ``int(d / delta) == b``.
    sums : ndarray
        ``[m, sum d, sum d^2]`` over the same distances.
    delta, bw_cut : float
        Bin width and the bandwidth cut-off ``2 d_max``.
    collect : callable
        ``collect(lo_bins, hi_bins, size)`` returns the distances ``<= bw_cut``
        whose bin lies in one of the inclusive ranges (``size`` of them).

    Returns
    -------
    float
        The bandwidth ``h``.
    """
    m = int(round(sums[0]))
    if m < 2:
        return _rule(0.0, 0.0, m)
    var = (sums[2] - sums[1] * sums[1] / m) / (m - 1)
    sd = math.sqrt(max(var, 0.0))
    if sums[1] == 0:  # every distance is 0
        return _rule(0.0, 0.0, m, 0.0)
    cum = np.cumsum(cnt)
    ranks = _ranks(m)
    # bins holding order statistics i and i + 1 (0-based) of each quartile
    bins = [(int(np.searchsorted(cum, i, side="right")),
             int(np.searchsorted(cum, min(i + 1, m - 1), side="right"))) for i, _ in ranks]
    (b1lo, b1hi), (b3lo, b3hi) = bins
    iqr_lo = b3lo * delta - min((b1hi + 1) * delta, bw_cut)
    if iqr_lo / IQR_SCALE >= sd:
        return _rule(sd, iqr_lo, m)  # sd is the minimum whatever the exact IQR
    lo_bins = np.array([b1lo, b3lo], np.int64)
    hi_bins = np.array([b1hi, b3hi], np.int64)
    wanted = np.zeros(cnt.size, bool)
    for lo, hi in zip(lo_bins, hi_bins):
        wanted[lo:hi + 1] = True
    values = np.sort(collect(lo_bins, hi_bins, int(cnt[wanted].sum())))
    inv_delta = 1.0 / delta
    vbins = (values * inv_delta).astype(np.int64)
    before = np.concatenate([[0], cum])

    def order_stat(r: int) -> float:
        b = int(np.searchsorted(cum, r, side="right"))
        return float(values[int(np.count_nonzero(vbins < b)) + r - int(before[b])])

    q = []
    for i, f in ranks:
        lo = order_stat(i)
        q.append(lo + f * (order_stat(i + 1) - lo) if f > 0 else lo)
    return _rule(sd, q[1] - q[0], m, float(sums[1]))
