"""Counterfactuals and the test of localisation (Duranton and Overman, 2005, section 4).

Null hypothesis (random location): the ``n`` establishments of the industry are
put on ``n`` sites drawn without replacement from all sites (every row of the
table); each keeps its own weight.  For ``K_AB`` the ``n_A + n_B``
establishments are drawn together and the first ``n_A`` are labelled A.  Each
simulated curve is estimated like the observed one, bandwidth included, and
the bands and indices follow :mod:`gametheory.do.bands`.

Reproducibility: simulation ``s`` draws its sites with
``numpy.random.default_rng(SeedSequence([seed, crc32(key)]).spawn(S)[s])``,
``key`` the industry (and neighbour) name, and is computed on one thread, so
the results are identical whatever the batch size, the number of threads or
whether it runs under Dask.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np

from gametheory.do import kernels as kn
from gametheory.do.bands import Bands, compute_bands, indices
from gametheory.do.bandwidth import BandwidthError, bandwidth_from_bins
from gametheory.do.geometry import EARTH_RADIUS_KM, median_site_distance
from gametheory.do.io import Census
from gametheory.do.kdensity import FALLBACK_TOLERANCE, Layout, PairSets, finish, kdensity, total_weight
from gametheory.errors import UserInputError

DEFAULT_SIMULATIONS = 1000
#: Simulations per parallel batch (memory: BATCH * nbins * 5 doubles).
BATCH = 32


@dataclass
class DOResult:
    """The DO index of one industry (or one pair of industries).

    ``K`` is ``K_emp`` when ``weighted``.  ``sims`` holds the simulated curves
    (shape ``(S, G)``) when ``keep_simulations`` was asked.
    """

    industry: str
    neighbor: str | None
    n: int
    n_neighbor: int | None
    weighted: bool
    d: np.ndarray
    K: np.ndarray
    bandwidth: float
    threshold: float
    threshold_method: str
    simulations: int
    seed: int
    bands: Bands
    Gamma: float
    Psi: float
    localized: bool
    dispersed: bool
    sims: np.ndarray | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        """File stem: ``industry`` or ``industry__neighbor`` (path separators become ``_``)."""
        stem = self.industry if self.neighbor is None else f"{self.industry}__{self.neighbor}"
        return stem.replace("/", "_").replace("\\", "_")


def threshold_of(census: Census, threshold: float | None, seed: int) -> tuple[float, str]:
    """The user threshold, or the median distance between all pairs of sites."""
    if threshold is not None:
        if not threshold > 0:
            raise UserInputError(f"threshold must be positive, not {threshold}")
        return float(threshold), "given"
    return median_site_distance(census.points, census.spherical, seed)


def make_layout(census: Census, threshold: float, grid=None, bandwidth: float | None = None) -> Layout:
    """A :class:`Layout`; the grid defaults to ``0, 1, ..., floor(d_max)`` km."""
    g = np.arange(0.0, np.floor(threshold) + 1.0) if grid is None else np.asarray(grid, dtype=float)
    if g.ndim != 1 or g.size == 0 or g[0] < 0 or np.any(np.diff(g) <= 0):
        raise UserInputError("the grid must be increasing distances >= 0")
    if bandwidth is not None and not bandwidth > 0:
        raise UserInputError(f"bandwidth must be positive, not {bandwidth}")
    return Layout(census.spherical, float(threshold), g, bandwidth)


def _streams(seed: int, key: str, count: int) -> list[np.random.SeedSequence]:
    return np.random.SeedSequence([int(seed), zlib.crc32(key.encode())]).spawn(count)


def simulate(census: Census, layout: Layout, nA: int, wA: np.ndarray, wB: np.ndarray | None,
             simulations: int, seed: int, key: str, progress=None) -> np.ndarray:
    """Simulated curves under random location, shape ``(simulations, len(grid))``."""
    sites = census.points
    N = len(sites)
    bivariate = wB is not None
    ntot = nA + (len(wB) if bivariate else 0)
    wBb = wB if bivariate else wA
    wtot = total_weight(wA, wB)
    nb = layout.nbins(layout.cut0)
    streams = _streams(seed, key, simulations)
    out = np.empty((simulations, len(layout.grid)))
    for start in range(0, simulations, BATCH):
        stop = min(start + BATCH, simulations)
        idx = np.stack([np.random.default_rng(streams[s]).choice(N, ntot, replace=False)
                        for s in range(start, stop)]).astype(np.int64)
        B = stop - start
        mom = np.zeros((B, nb, 4))
        cnt = np.zeros((B, nb), np.int64)
        sums = np.zeros((B, 3))
        kn.sim_batch(sites, idx, nA, wA, wBb, bivariate, layout.spherical, EARTH_RADIUS_KM, layout.cut0,
                     layout.bw_cut, layout.delta, layout.cell_min, mom, cnt, sums)

        def factory_for(row):
            def factory(cell_min):
                PA = np.ascontiguousarray(sites[row[:nA]])
                PB = np.ascontiguousarray(sites[row[nA:]]) if bivariate else None
                return PairSets.build(PA, wA, PB, wB, cell_min)
            return factory

        hs = np.empty(B)
        for s in range(B):
            if layout.bandwidth:
                hs[s] = layout.bandwidth
            else:
                fac = factory_for(idx[s])
                try:
                    hs[s] = bandwidth_from_bins(
                        cnt[s], sums[s], layout.delta, layout.bw_cut,
                        lambda lo, hi, size, fac=fac: fac(layout.cell_min).collect(layout, lo, hi, size))
                except BandwidthError as exc:
                    raise BandwidthError(f"{key.replace(chr(0), ' x ')}, simulation {start + s}: {exc}") from None
        wide = np.array([layout.cut_for(h) > layout.cut0 * (1 + 1e-12) for h in hs])
        Ks = np.empty((B, len(layout.grid)))
        ok = np.zeros(B, bool)
        if (~wide).any():
            Ks[~wide], ok[~wide] = kn.k_batch(mom[~wide], layout.delta, hs[~wide], layout.grid, wtot,
                                              FALLBACK_TOLERANCE)
        for s in np.flatnonzero(~ok):
            # rare: recompute through the general path (wider cut, or exact sums)
            Ks[s] = finish(factory_for(idx[s]), layout, mom[s], cnt[s], sums[s], wtot, hs[s]).K
        out[start:stop] = Ks
        if progress is not None:
            progress.update(B)
    return out


def do_index(census: Census, industry: str, neighbor: str | None = None, *, weighted: bool = False,
             simulations: int = DEFAULT_SIMULATIONS, seed: int = 0, threshold: float | None = None,
             bandwidth: float | None = None, grid=None, keep_simulations: bool = False,
             progress: bool = False) -> DOResult:
    """The DO index of an industry (``K`` or ``K_emp``) or a pair (``K_AB``).

    Parameters
    ----------
    census : Census
        From :func:`gametheory.do.io.read_establishments`.
    industry, neighbor : str
        Industry A; with ``neighbor`` B the bivariate ``K_AB``.
    weighted : bool
        Use the census weights (``K_emp``).
    simulations : int
        Number of counterfactual draws (default 1000).
    seed : int
        Seed of every random draw.
    threshold : float, optional
        ``d_max`` in km; default the median distance between all pairs of sites.
    bandwidth : float, optional
        Fixed bandwidth in km instead of Silverman's rule.
    grid : array_like, optional
        Evaluation distances; default ``0, 1, ..., d_max``.
    keep_simulations : bool
        Keep the simulated curves in the result.
    progress : bool
        Show a tqdm progress bar on standard error.

    Returns
    -------
    DOResult
    """
    if simulations < 20:
        raise UserInputError(f"at least 20 simulations are needed for 5% bands, not {simulations}")
    if weighted and census.weights is None:
        raise UserInputError("a weighted K needs a weight column")
    ia = census.members(industry)
    ib = None
    if neighbor is not None:
        if neighbor == industry:
            raise UserInputError("the neighbour industry must differ from the industry")
        ib = census.members(neighbor)
    thr, how = threshold_of(census, threshold, seed)
    layout = make_layout(census, thr, grid, bandwidth)
    ones = np.ones(len(census.points))
    w = census.weights if weighted else ones
    wA = np.ascontiguousarray(w[ia])
    wB = None if ib is None else np.ascontiguousarray(w[ib])
    if not total_weight(wA, wB) > 0:
        raise UserInputError(f"the pair weights of {industry!r} sum to zero (weights all 0?)")
    PA = census.points[ia]
    PB = None if ib is None else census.points[ib]
    key = industry if neighbor is None else f"{industry}\0{neighbor}"
    try:
        obs = kdensity(PA, layout, wA, PB, wB)
    except BandwidthError as exc:
        raise BandwidthError(f"{key.replace(chr(0), ' x ')}: {exc}") from None
    bar = None
    if progress:
        from tqdm.auto import tqdm
        import sys
        bar = tqdm(total=simulations, desc=key.replace("\0", " x "), unit="sim", file=sys.stderr,
                   leave=False, disable=None)
    try:
        sims = simulate(census, layout, len(ia), wA, wB, simulations, seed, key, bar)
    finally:
        if bar is not None:
            bar.close()
    bands = compute_bands(sims)
    gamma, psi, loc, disp = indices(obs.K, bands)
    return DOResult(industry, neighbor, len(ia), None if ib is None else len(ib), weighted,
                    layout.grid, obs.K, obs.h, thr, how, simulations, seed, bands, gamma, psi, loc,
                    disp, sims if keep_simulations else None)
