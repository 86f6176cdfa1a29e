"""The K-density of Duranton and Overman (2005), univariate, weighted and bivariate.

For an industry A with ``n`` establishments, pairs ``k`` at distance ``d_k``::

    K(d) = sum_k w_k [phi_h(d - d_k) + phi_h(d + d_k)] / sum_k w_k,
    phi_h(u) = exp(-u^2 / 2h^2) / (h sqrt(2 pi)),

over the ``n (n-1)/2`` unordered pairs with ``w_k = 1`` (``K``) or
``w_k = e_i e_j`` (``K_emp``, weights such as employment), or over the
``n_A n_B`` cross pairs (``K_AB``).  The reflection at 0 makes ``K`` a proper
density on ``[0, inf)``: it is twice the formula printed by Duranton and Overman
(2005, eq. 1), which integrates to 1/2; the inference is unchanged.

The normalisation ``sum_k w_k`` is over **all** pairs and is exact in O(n):
``n(n-1)/2``, ``((sum e)^2 - sum e^2) / 2`` or ``(sum e_A)(sum e_B)``.  Pairs
beyond the cut-off ``max(2 d_max, G + 8 h)`` (``G`` the largest evaluation
point) are never visited; their terms are below ``phi(8)/h = 5e-15/h``.

Accuracy: the binned Taylor sums of :mod:`gametheory.do.kernels` are within
``BINNING_CONSTANT delta^4 / h^5`` of the closed form; when that bound exceeds
``1e-7 max K`` the curve is recomputed by exact direct sums.  So ``K`` is
within ``1e-6 max K`` of the closed form (tested against a brute-force double
sum).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gametheory.do import kernels as kn
from gametheory.do.bandwidth import bandwidth_from_bins
from gametheory.do.geometry import EARTH_RADIUS_KM

#: Bins of width ``delta = cut / N_BINS`` for the moment accumulation.
N_BINS = 16384
#: Fixed number of cell chunks of one pass: the reduction order does not depend on threads.
N_CHUNKS = 32
#: Relative tolerance that triggers the exact direct fallback.
FALLBACK_TOLERANCE = 1e-7


@dataclass(frozen=True)
class Layout:
    """Geometry of one computation: metric, threshold, grid, cut-offs and bins.

    Parameters
    ----------
    spherical : bool
        Great-circle (True) or planar (False) distances.
    threshold : float
        ``d_max`` in km; the bandwidth uses the distances ``<= 2 d_max``.
    grid : ndarray
        Increasing evaluation distances in km (``G`` = the largest).
    bandwidth : float, optional
        A fixed ``h``; by default Silverman's rule for each curve.

    Notes
    -----
    The first pass visits pairs up to ``cut0 = 2 d_max`` (``max(2 d_max, G + 8 h)``
    with a fixed ``h``), in bins of width ``delta = cut0 / N_BINS``.
    """

    spherical: bool
    threshold: float
    grid: np.ndarray
    bandwidth: float | None = None

    @property
    def bw_cut(self) -> float:
        return 2.0 * self.threshold

    def cut_for(self, h: float) -> float:
        return max(self.bw_cut, float(self.grid[-1]) + kn.TRUNC * h)

    @property
    def cut0(self) -> float:
        return self.cut_for(self.bandwidth) if self.bandwidth else self.bw_cut

    @property
    def delta(self) -> float:
        return self.cut0 / N_BINS

    def nbins(self, cut: float) -> int:
        return int(math.ceil(cut / self.delta)) + 1

    @property
    def cell_min(self) -> float:
        """Cell side: the chord of the largest cut-off the first pass may use."""
        return self.cut0


def total_weight(wA: np.ndarray, wB: np.ndarray | None) -> float:
    """``sum_k w_k`` over all pairs (unordered within A, or cross A x B)."""
    if wB is None:
        s = math.fsum(wA)
        return (s * s - math.fsum(wA * wA)) / 2.0
    return math.fsum(wA) * math.fsum(wB)


@dataclass
class PairSets:
    """Two point sets sorted by the cells of a common grid (``same``: A with itself)."""

    PA: np.ndarray
    wA: np.ndarray
    sA: np.ndarray
    PB: np.ndarray
    wB: np.ndarray
    sB: np.ndarray
    dims: np.ndarray
    same: bool

    @classmethod
    def build(cls, PA, wA, PB, wB, cell_min) -> "PairSets":
        same = PB is None
        PB_, wB_ = (PA, wA) if same else (PB, wB)
        origin, cell, dims = kn.grid_params(PA, PB_, cell_min)
        PAs, wAs, sA = kn.cell_sort(PA, wA, origin, cell, dims)
        if same:
            PBs, wBs, sB = PAs, wAs, sA
        else:
            PBs, wBs, sB = kn.cell_sort(PB_, wB_, origin, cell, dims)
        return cls(PAs, wAs, sA, PBs, wBs, sB, dims, same)

    def chunk_bounds(self) -> np.ndarray:
        """Cell boundaries of chunks with about equal numbers of A points.

        ``min(N_CHUNKS, n_A // 64 + 1)`` chunks: a function of the data only, never
        of the number of threads, so the summation order is fixed (chunks run on
        threads, each into its own row, and the rows are summed in order).
        """
        chunks = min(N_CHUNKS, int(self.sA[-1]) // 64 + 1)
        targets = np.linspace(0, self.sA[-1], chunks + 1)
        b = np.searchsorted(self.sA, targets, side="left")
        b[0], b[-1] = 0, len(self.sA) - 1
        return np.maximum.accumulate(b).astype(np.int64)

    def run(self, layout: Layout, cut: float, mode: int, h: float = 1.0):
        """A pass over fixed chunks of cells, on threads; returns ``(mom, cnt, sums)`` or the direct sums."""
        bounds = self.chunk_bounds()
        k = len(bounds) - 1
        if mode == kn.MODE_DIRECT:
            out = np.zeros((k, len(layout.grid)))
            _chunks(lambda i: kn.direct_pass(self.PA, self.wA, self.sA, self.PB, self.wB, self.sB, self.same,
                                             self.dims, layout.spherical, EARTH_RADIUS_KM, cut, bounds[i],
                                             bounds[i + 1], h, layout.grid, out[i]), k)
            return _ordered_sum(out)
        nb = layout.nbins(cut)
        mom = np.zeros((k, nb, 4))
        cnt = np.zeros((k, nb), np.int64)
        sums = np.zeros((k, 3))
        _chunks(lambda i: kn.moments_pass(self.PA, self.wA, self.sA, self.PB, self.wB, self.sB, self.same,
                                          self.dims, layout.spherical, EARTH_RADIUS_KM, cut, layout.bw_cut,
                                          layout.delta, bounds[i], bounds[i + 1], mom[i], cnt[i], sums[i]), k)
        return _ordered_sum(mom), _ordered_sum(cnt), _ordered_sum(sums)

    def collect(self, layout: Layout, lo_bins, hi_bins, size: int) -> np.ndarray:
        """Distances ``<= 2 d_max`` whose bin lies in the given ranges (serial pass)."""
        out = np.empty(size)
        fill = np.zeros(1, np.int64)
        kn.collect_pass(self.PA, self.sA, self.PB, self.sB, self.same, self.dims, layout.spherical,
                        EARTH_RADIUS_KM, layout.bw_cut, layout.delta, np.asarray(lo_bins, np.int64),
                        np.asarray(hi_bins, np.int64), out, fill)
        assert fill[0] == size, "collected distances disagree with the histogram"
        return out


def _chunks(task, k: int) -> None:
    """Run ``task(i)`` for the chunks ``i < k`` on the kernels' threads (each writes only its row)."""
    workers = min(kn.threads(), k)
    if workers <= 1:
        for i in range(k):
            task(i)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(task, range(k)))


def _ordered_sum(a: np.ndarray) -> np.ndarray:
    """Sum over the first axis in a fixed order (deterministic)."""
    out = a[0].copy()
    for x in a[1:]:
        out += x
    return out


@dataclass
class Curve:
    """A K-density on ``d`` with its bandwidth ``h`` and number ``m`` of distances ``<= 2 d_max``."""

    d: np.ndarray
    K: np.ndarray
    h: float
    m: int
    exact: bool = False


def finish(sets_factory, layout: Layout, mom, cnt, sums, wtot: float, h: float | None = None) -> Curve:
    """Bandwidth, then ``K`` from moments, widening the cut or going exact when needed.

    ``sets_factory(cell_min)`` builds the :class:`PairSets` on cells of side
    ``>= cell_min`` lazily (only the rare cases need it).
    """
    cache = {}

    def sets(cell_min: float = layout.cell_min) -> PairSets:
        if cache.get("cell", -1.0) < cell_min:
            cache["s"], cache["cell"] = sets_factory(cell_min), cell_min
        return cache["s"]

    if h is not None:
        h = float(h)
    elif layout.bandwidth:
        h = float(layout.bandwidth)
    else:
        h = bandwidth_from_bins(cnt, sums, layout.delta, layout.bw_cut,
                                lambda lo, hi, size: sets().collect(layout, lo, hi, size))
    cut = layout.cut_for(h)
    if cut > layout.cut0 * (1 + 1e-12):  # rare: h > (2 d_max - G) / 8
        mom, _, _ = sets(cut).run(layout, cut, kn.MODE_MOMENTS)
    K, ok = kn.k_adaptive(mom, layout.delta, h, layout.grid, wtot, FALLBACK_TOLERANCE)
    if not ok:
        K = sets(cut).run(layout, cut, kn.MODE_DIRECT, h) / wtot
        return Curve(layout.grid, K, h, int(round(sums[0])), exact=True)
    return Curve(layout.grid, K, h, int(round(sums[0])))


def kdensity(PA: np.ndarray, layout: Layout, wA: np.ndarray | None = None,
             PB: np.ndarray | None = None, wB: np.ndarray | None = None) -> Curve:
    """The K-density of points ``PA`` (or of cross pairs ``PA x PB``).

    Parameters
    ----------
    PA, PB : ndarray, shape (n, 3)
        Points from :func:`gametheory.do.geometry.to_points`; ``PB`` None for
        the univariate K.
    layout : Layout
        Metric, threshold, evaluation grid and optional fixed bandwidth.
    wA, wB : ndarray, optional
        Establishment weights (K_emp); ones when omitted.

    Returns
    -------
    Curve
    """
    PA = np.ascontiguousarray(PA, dtype=float)
    wA = np.ones(len(PA)) if wA is None else np.asarray(wA, dtype=float)
    if PB is not None:
        PB = np.ascontiguousarray(PB, dtype=float)
        wB = np.ones(len(PB)) if wB is None else np.asarray(wB, dtype=float)
    sets = PairSets.build(PA, wA, PB, wB, layout.cell_min)
    mom, cnt, sums = sets.run(layout, layout.cut0, kn.MODE_MOMENTS)
    def factory(cell_min: float) -> PairSets:
        return sets if cell_min <= layout.cell_min else PairSets.build(PA, wA, PB, wB, cell_min)

    return finish(factory, layout, mom, cnt, sums, total_weight(wA, wB if PB is not None else None))
