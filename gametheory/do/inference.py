"""Counterfactuals and the tests of localisation (Duranton and Overman, 2005, section 4).

Null hypotheses (random location):

* **Univariate** ``K`` / ``K_emp`` (DO's): the ``n`` establishments of the industry
  are put on ``n`` sites drawn without replacement from all sites (every row of the
  table); each keeps its own weight.
* **Bivariate** ``K_AB``, ``null="joint"`` (DO's, the DO specification (``docs/do.md``), the default): the
  ``n_A + n_B`` establishments are drawn together and the first ``n_A`` are A.
* **Bivariate**, ``null="conditional"``: industry B stays at its own sites and only
  the ``n_A`` establishments of A are drawn without replacement from the remaining
  sites (all rows that are not B's).  This asks "are A's plants closer to B than
  random plants would be, *given* where B is?" -- the natural null for processing
  next to extraction, whose sites are fixed by geology.

Each simulated curve is estimated like the observed one, bandwidth included.  DO's
bands and ``Gamma``/``Psi`` follow :mod:`gametheory.do.bands`; the decisions come
from two one-sided global envelope tests (:mod:`gametheory.do.envelope`, extreme
rank length): ``localized`` iff ``p_localized <= alpha`` (alternative "greater"),
``dispersed`` iff ``p_dispersed <= alpha`` (alternative "less") and not localised.
Each test has level ``alpha`` exactly when ``alpha (S + 1)`` is an integer (hence
the default ``S = 999``) and ``floor(alpha (S + 1)) / (S + 1)`` otherwise.

Reproducibility: simulation ``s`` draws its sites with
``numpy.random.default_rng(SeedSequence([seed, crc32(key)]).spawn(S)[s])``,
``key`` the industry (and neighbour) name, and is computed on one thread, so
the results are identical whatever the batch size, the number of threads or
whether it runs under Dask; the first ``S'`` simulations of a run with ``S > S'``
are those of the run with ``S'``.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field

import numpy as np

from gametheory.do import kernels as kn
from gametheory.do.bands import ALPHA, Bands, compute_bands, indices
from gametheory.do.checks import (DEFAULT_SIMULATIONS, MAX_GRID_POINTS, NULLS, check_test_settings,  # noqa: F401
                                  check_threshold_grid)
from gametheory.do.envelope import erl_test, exact_size
from gametheory.do.bandwidth import BandwidthError, bandwidth_from_bins
from gametheory.do.geometry import EARTH_RADIUS_KM
from gametheory.do.io import Census
from gametheory.do.kdensity import FALLBACK_TOLERANCE, Layout, PairSets, finish, kdensity, total_weight
from gametheory.errors import UserInputError
from gametheory.results import Result

#: Simulations per parallel batch (memory: BATCH * nbins * 5 doubles).
BATCH = 32


@dataclass(frozen=True, eq=False, repr=False)
class DOResult(Result):
    """The DO index of one industry (or one pair of industries) and its tests.

    ``K`` is ``K_emp`` when ``weighted``.  ``Gamma`` and ``Psi`` are DO's indices
    against DO's global bands (``bands.global_hi``/``global_lo``).  ``p_localized``
    and ``p_dispersed`` are the p-values of the one-sided ERL global envelope tests
    (alternatives "greater" and "less", :mod:`gametheory.do.envelope`), each at level
    ``alpha``; ``localized = p_localized <= alpha``, ``dispersed = p_dispersed <=
    alpha and not localized``.  ``localized_band``/``dispersed_band`` are DO's
    band-crossing rule, for comparison.  ``null`` is ``"joint"`` or
    ``"conditional"`` for a pair (``None`` for one industry).  ``sims`` holds the
    simulated curves (shape ``(S, G)``) when ``keep_simulations`` was asked.
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
    p_localized: float = float("nan")
    p_dispersed: float = float("nan")
    alpha: float = ALPHA
    null: str | None = None
    localized_band: bool = False
    dispersed_band: bool = False
    sims: np.ndarray | None = field(default=None, repr=False)

    _repr_fields = ("industry", "neighbor", "n", "Gamma", "Psi", "p_localized", "p_dispersed",
                    "localized", "dispersed")

    @property
    def label(self) -> str:
        """File stem: ``industry`` or ``industry__neighbor`` (path separators become ``_``)."""
        stem = self.industry if self.neighbor is None else f"{self.industry}__{self.neighbor}"
        return stem.replace("/", "_").replace("\\", "_")

    @property
    def size(self) -> float:
        """Exact size of each test under the null: ``floor(alpha (S + 1)) / (S + 1)``."""
        return exact_size(self.alpha, self.simulations)

    def as_dict(self) -> dict:
        """The summary numbers, the settings and the curves (not the simulated curves)."""
        from gametheory.results import jsonable

        b = self.bands
        return jsonable({
            "industry": self.industry, "neighbor": self.neighbor, "n": self.n,
            "n_neighbor": self.n_neighbor, "weighted": self.weighted, "bandwidth": self.bandwidth,
            "threshold": self.threshold, "threshold_method": self.threshold_method,
            "simulations": self.simulations, "seed": self.seed, "alpha": self.alpha,
            "size": self.size, "null": self.null, "Gamma": self.Gamma, "Psi": self.Psi,
            "p_localized": self.p_localized, "p_dispersed": self.p_dispersed,
            "localized": self.localized, "dispersed": self.dispersed,
            "localized_band": self.localized_band, "dispersed_band": self.dispersed_band,
            "global_band_order_statistics": [b.k_lower, b.k_upper],
            "d": self.d, "K": self.K, "mean": b.mean, "local_lo": b.local_lo, "local_hi": b.local_hi,
            "global_lo": b.global_lo, "global_hi": b.global_hi, "erl_lo": b.erl_lo, "erl_hi": b.erl_hi})

    def to_text(self) -> str:
        """One line: the indices, the p-values and the decisions."""
        pair = f"{self.industry} x {self.neighbor} ({self.null} null)" if self.neighbor else self.industry
        verdict = "localised" if self.localized else "dispersed" if self.dispersed else "neither"
        return (f"{pair}: {verdict}; Gamma = {self.Gamma:.4g}, Psi = {self.Psi:.4g}, "
                f"p(localised) = {self.p_localized:.4g}, p(dispersed) = {self.p_dispersed:.4g} "
                f"(one-sided ERL tests at {self.alpha:g}, {self.simulations} simulations, seed {self.seed})")


def threshold_of(census: Census, threshold: float | None, seed: int) -> tuple[float, str]:
    """The user threshold, or the median distance between all pairs of sites."""
    if threshold is not None:
        if not (math.isfinite(threshold) and threshold > 0):
            raise UserInputError(f"threshold must be a positive finite distance in km, not {threshold}")
        return float(threshold), "given"
    return census.median_site_distance(seed)


def make_layout(census: Census, threshold: float, grid=None, bandwidth: float | None = None) -> Layout:
    """A :class:`Layout`; the grid defaults to ``0, 1, ..., floor(d_max)`` km."""
    if grid is None:
        check_threshold_grid(threshold)
        g = np.arange(0.0, np.floor(threshold) + 1.0)
    else:
        g = np.ascontiguousarray(grid, dtype=float)
        if g.ndim == 1 and g.size > MAX_GRID_POINTS:
            raise UserInputError(f"the grid has {g.size} points; at most {MAX_GRID_POINTS}")
    if g.ndim != 1 or g.size == 0 or not np.all(np.isfinite(g)) or g[0] < 0 or np.any(np.diff(g) <= 0):
        raise UserInputError("the grid must be increasing finite distances >= 0")
    if bandwidth is not None and not (math.isfinite(bandwidth) and bandwidth > 0):
        raise UserInputError(f"bandwidth must be a positive finite distance in km, not {bandwidth}")
    return Layout(census.spherical, float(threshold), g, bandwidth)


def _streams(seed: int, key: str, count: int) -> list[np.random.SeedSequence]:
    return np.random.SeedSequence([int(seed), zlib.crc32(key.encode())]).spawn(count)


def draw_sites(N: int, nA: int, nB: int, stream: np.random.SeedSequence,
               fixed_B: np.ndarray | None = None) -> np.ndarray:
    """Site indices of one counterfactual: the first ``nA`` for A, then B's ``nB``.

    Without ``fixed_B`` (the joint null) ``nA + nB`` distinct sites are drawn together;
    with it (the conditional null) B keeps the rows ``fixed_B`` and A's ``nA`` sites are
    drawn without replacement among the other ``N - nB`` rows.
    """
    rng = np.random.default_rng(stream)
    if fixed_B is None:
        return rng.choice(N, nA + nB, replace=False)
    free = np.setdiff1d(np.arange(N), fixed_B, assume_unique=True)
    return np.concatenate([free[rng.choice(free.size, nA, replace=False)], fixed_B])


def simulate(census: Census, layout: Layout, nA: int, wA: np.ndarray, wB: np.ndarray | None,
             simulations: int, seed: int, key: str, progress=None,
             fixed_B: np.ndarray | None = None) -> np.ndarray:
    """Simulated curves under random location, shape ``(simulations, len(grid))``.

    ``fixed_B``: B's rows, kept in place (conditional null of a pair); see :func:`draw_sites`.
    """
    sites = census.points
    N = len(sites)
    bivariate = wB is not None
    nB = len(wB) if bivariate else 0
    wBb = wB if bivariate else wA
    wtot = total_weight(wA, wB)
    nb = layout.nbins(layout.cut0)
    streams = _streams(seed, key, simulations)
    out = np.empty((simulations, len(layout.grid)))
    for start in range(0, simulations, BATCH):
        stop = min(start + BATCH, simulations)
        fixed = np.asarray(fixed_B, dtype=np.int64) if fixed_B is not None else None
        idx = np.stack([draw_sites(N, nA, nB, streams[s], fixed)
                        for s in range(start, stop)]).astype(np.int64)
        B = stop - start
        mom = np.zeros((B, nb, 4))
        cnt = np.zeros((B, nb), np.int64)
        sums = np.zeros((B, 3))
        kn.run_ranges(kn.sim_range, B, sites, idx, kn.RANGE, nA, wA, wBb, bivariate, layout.spherical,
                      EARTH_RADIUS_KM, layout.cut0, layout.bw_cut, layout.delta, layout.cell_min, mom, cnt, sums)

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
            sub = np.flatnonzero(~wide)
            Kn = np.empty((sub.size, len(layout.grid)))
            okn = np.zeros(sub.size, bool)
            every = sub.size == B  # the usual case: no copy
            kn.run_ranges(kn.k_range, sub.size, mom if every else mom[sub], layout.delta,
                          hs if every else hs[sub], layout.grid, wtot, FALLBACK_TOLERANCE, kn.RANGE, Kn, okn)
            Ks[sub], ok[sub] = Kn, okn
        for s in np.flatnonzero(~ok):
            # rare: recompute through the general path (wider cut, or exact sums)
            Ks[s] = finish(factory_for(idx[s]), layout, mom[s], cnt[s], sums[s], wtot, hs[s]).K
        out[start:stop] = Ks
        if progress is not None:
            progress.update(B)
    return out


def do_index(census: Census, industry: str, neighbor: str | None = None, *, weighted: bool = False,
             simulations: int = DEFAULT_SIMULATIONS, seed: int = 0, threshold: float | None = None,
             bandwidth: float | None = None, grid=None, alpha: float = ALPHA, null: str = "joint",
             keep_simulations: bool = False, progress: bool = False,
             threshold_method: str | None = None) -> DOResult:
    """The DO index of an industry (``K`` or ``K_emp``) or a pair (``K_AB``), with its tests.

    Parameters
    ----------
    census : Census
        From :func:`gametheory.do.io.read_establishments`.
    industry, neighbor : str
        Industry A; with ``neighbor`` B the bivariate ``K_AB``.
    weighted : bool
        Use the census weights (``K_emp``).
    simulations : int
        Number ``S`` of counterfactual draws (default 999, so that ``alpha (S + 1)`` is an
        integer at 5%); at least ``1/alpha - 1``.
    seed : int
        Seed of every random draw.
    threshold : float, optional
        ``d_max`` in km; default the median distance between all pairs of sites.
    bandwidth : float, optional
        Fixed bandwidth in km instead of Silverman's rule.
    grid : array_like, optional
        Evaluation distances; default ``0, 1, ..., d_max`` (at most
        :data:`MAX_GRID_POINTS` points).
    alpha : float
        Level of each one-sided test and of the bands (default 0.05).
    null : {"joint", "conditional"}
        Null of a pair (ignored for one industry): DO's joint relocation of A and B
        (default), or B kept at its sites and A relocated among the other sites.
    keep_simulations : bool
        Keep the simulated curves in the result.
    progress : bool
        Show a tqdm progress bar on standard error.
    threshold_method : str, optional
        How a given ``threshold`` was obtained (for the report; default "given").

    Returns
    -------
    DOResult
    """
    check_test_settings(simulations, alpha, null)
    if weighted and census.weights is None:
        raise UserInputError("a weighted K needs a weight column")
    ia = census.members(industry)
    ib = None
    if neighbor is not None:
        if neighbor == industry:
            raise UserInputError("the neighbour industry must differ from the industry")
        ib = census.members(neighbor)
    thr, how = threshold_of(census, threshold, seed)
    if threshold_method is not None:
        how = threshold_method
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
    label = key.replace("\0", " x ")
    try:
        obs = kdensity(PA, layout, wA, PB, wB)
    except BandwidthError as exc:
        raise BandwidthError(f"{label}: {exc}") from None
    bar = None
    if progress:
        from tqdm.auto import tqdm
        import sys
        bar = tqdm(total=simulations, desc=label, unit="sim", file=sys.stderr, leave=False, disable=None)
    fixed = ib if (ib is not None and null == "conditional") else None
    try:
        sims = simulate(census, layout, len(ia), wA, wB, simulations, seed, key, bar, fixed_B=fixed)
    finally:
        if bar is not None:
            bar.close()
    bands = compute_bands(sims, alpha)
    gamma, psi, loc_band, disp_band = indices(obs.K, bands)
    up = erl_test(obs.K, sims, "greater", alpha)
    down = erl_test(obs.K, sims, "less", alpha)
    bands.erl_hi, bands.erl_lo = up.envelope, down.envelope
    loc = up.rejected
    disp = down.rejected and not loc
    return DOResult(industry, neighbor, len(ia), None if ib is None else len(ib), weighted,
                    layout.grid, obs.K, obs.h, thr, how, simulations, seed, bands, gamma, psi, loc,
                    disp, up.p_value, down.p_value, float(alpha), None if ib is None else null,
                    loc_band, disp_band, sims if keep_simulations else None)
