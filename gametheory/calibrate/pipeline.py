r"""Calibration pipeline: DO evidence, observed configuration, identified set, confidence set, fit, radius band.

1. **Domain.** The fixed parameters must lie in the model's domain: checked first (a
   :class:`~gametheory.errors.DomainError`, exit status 2 on the command line), never
   reported as an empty set.
2. **DO evidence** (:func:`gametheory.do.do_index`): the localisation of the processing
   industry and its co-localisation with extraction, with the p-values of the exact
   envelope tests, ``S`` simulations (default 999), seeded.
3. **Observed configuration** (:mod:`~gametheory.calibrate.observed`): N and n_A.
4. **Identified set** of the free parameter(s), the others fixed (user or defaults):
   one free parameter -- the exact union of intervals of
   :func:`gametheory.analysis.identification.identified_set`; two -- the region on a grid
   (``GRID2`` points a side) with its projections on each axis.
5. **Confidence set** by test inversion (:mod:`~gametheory.calibrate.inference`): the values
   of the free parameter at which no equilibrium of the game (pure, or symmetric mixed through
   :math:`n_A \sim \mathrm{Bin}(N, p)`) is rejected at level ``alpha``.
6. **Fit** (:mod:`~gametheory.calibrate.fit`), when the identified set is empty: the smallest
   deviation gain the observed configuration leaves and where.
7. **Radius band** (:mod:`~gametheory.calibrate.band`), when the regions come from a radius:
   the identified and confidence sets for every count the radii of a band around it give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from gametheory.errors import UserInputError
from gametheory.params import Params
from gametheory.results import Result

__all__ = ["Calibration", "calibrate", "region_summary", "GRID2", "DEFAULT_SIMULATIONS"]

GRID2 = 200
DEFAULT_SIMULATIONS = 999


@dataclass(frozen=True, repr=False)
class Calibration(Result):
    """Everything ``gametheory calibrate`` reports (see :meth:`as_dict` for the JSON form).

    One free parameter: ``identified`` is an :class:`~gametheory.analysis.identification.IdentifiedSet`,
    ``confidence`` a :class:`~gametheory.calibrate.inference.ConfidenceSet`; two: both are in ``region``
    (grid masks, shares, projections).  ``fit`` (:class:`~gametheory.calibrate.fit.Fit`) is set when the
    identified set is empty; ``band`` (:class:`~gametheory.calibrate.band.RadiusBand`) when the regions come
    from a radius.  ``figure`` holds the data the figure draws (:func:`gametheory.plots.calibration.plot_calibration`).
    """

    observation: object
    free: tuple[str, ...]
    params: Params
    identified: object
    confidence: object
    fit: object
    band: object
    do: dict
    seed: int
    alpha: Fraction
    mixed: str
    region: dict | None = field(default=None)
    model: object = None
    figure: dict | None = None

    _repr_fields = ("free", "N", "n_A", "level")
    _plotter = "gametheory.plots.calibration:plot_calibration"

    @property
    def level(self) -> float:
        """The confidence level ``1 - alpha``."""
        return float(1 - self.alpha)

    @property
    def N(self) -> int:
        return self.observation.N

    @property
    def n_A(self) -> int:
        return self.observation.n_A

    def as_dict(self) -> dict:
        out = {"n_firms": self.observation.N, "n_A": self.observation.n_A, "free": list(self.free),
               "observation": self.observation.as_dict(),
               "params": {n: str(v) for n, v in self.params.items()}, "seed": self.seed, "do": self.do}
        if len(self.free) == 1:
            d = self.identified.as_dict()
            out["identified_set"] = d["identified_set"]
            out["unique_set"] = d["unique_set"]
            out["identified_set_exact"] = d["identified_set_text"]
            out["unique_set_exact"] = d["unique_set_text"]
            out["endpoints"] = d["intervals"]
            out["stable_mixed_share_at"] = d["stable_mixed_share_at"]
            out["bounds"] = d["bounds"]
            out["confidence"] = self.confidence.as_dict()
        else:
            r = self.region
            out["identified_set"] = r["identified_projection"]
            out["unique_set"] = r["unique_projection"]
            out["identified_region"] = {k: v for k, v in r.items() if k not in _MASKS}
            out["confidence"] = {"level": self.level, "alpha": float(self.alpha), "alpha_exact": str(self.alpha),
                                 "mixed_equilibria": self.mixed, "set": r["confidence_projection"],
                                 "share_of_grid": r["confidence_share_of_grid"],
                                 "acceptance": r["acceptance"].as_dict(),
                                 "meaning": _meaning(self.alpha, self.mixed)}
        out["fit"] = None if self.fit is None else self.fit.as_dict()
        out["radius_band"] = None if self.band is None else self.band.as_dict()
        return out

    def to_text(self) -> str:
        """The report ``gametheory calibrate`` prints."""
        o = self.observation
        loc, co = self.do["localisation"], self.do["co_localisation"]
        verdict = lambda d: "localised" if d["localized"] else "dispersed" if d["dispersed"] else "neither"
        L = [f"Observed configuration: N = {o.N} processing plants, n_A = {o.n_A} in region A ({o.method})",
             f"DO localisation of {loc['industry']}: Gamma = {loc['Gamma']:.4g}, Psi = {loc['Psi']:.4g}, "
             f"p(localised) = {loc['p_localized']:.4g}, p(dispersed) = {loc['p_dispersed']:.4g}: {verdict(loc)} "
             f"(one-sided global envelope tests at {loc['alpha']:g}, size {loc['size']:.4g}; {loc['simulations']} "
             f"simulations, seed {loc['seed']})",
             f"DO co-localisation with {co['neighbor']}: Gamma = {co['Gamma']:.4g}, p(localised) = "
             f"{co['p_localized']:.4g}: {'co-localised' if co['localized'] else 'not co-localised'} ({co['null']} null)",
             f"Free: {', '.join(self.free)}; fixed: " + ", ".join(
                 f"{n}={v}" for n, v in self.params.items()
                 if n not in self.free and not any(self.model.space.moved(f) == n for f in self.free))]
        pct = f"{100 * self.level:g}%"
        if len(self.free) == 1:
            s, c = self.identified, self.confidence
            L.append(f"Identified set (n_A = {o.n_A} is a Nash equilibrium): {s.text}")
            L.append("Unique set (the only pure equilibrium): " + (" U ".join(i.text() for i in s.unique) or "empty"))
            kinds = {k for i in s.intervals for k in (i.lo_kind, i.hi_kind)}
            if "domain" in kinds:
                L.append(f"(ends of kind 'domain' are bounds of the model's domain: {s.bounds})")
            L.append(f"{pct} confidence set (test inversion: {'every equilibrium' if self.mixed == 'all' else 'pure and stable mixed equilibria'} "
                     f"tested): {c.text}")
            L += c.to_text().splitlines()[1:]
            L.append(f"  meaning: {c.as_dict()['meaning']}")
        else:
            r = self.region
            L.append(f"Identified region: {100 * r['share_of_grid']:.2f}% of the {r['grid']}x{r['grid']} grid over "
                     f"{r['x']} in [{r['x_range'][0]:.6g}, {r['x_range'][1]:.6g}] and {r['y']} in "
                     f"[{r['y_range'][0]:.6g}, {r['y_range'][1]:.6g}]; projections {_proj(r['identified_projection'])}")
            a = r["acceptance"]
            L.append(f"{pct} confidence region (pure equilibria, and symmetric mixed equilibria p in [{a.lo:.6g}, "
                     f"{a.hi:.6g}]): {100 * r['confidence_share_of_grid']:.2f}% of the grid; projections "
                     f"{_proj(r['confidence_projection'])}")
            L.append(f"  meaning: {_meaning(self.alpha, self.mixed)}")
        if self.fit is not None:
            L.append("Identified set empty; " + self.fit.to_text())
        if self.band is not None:
            L += self.band.to_text().splitlines()
        elif o.distances is None:
            L.append("Sensitivity to the radius: none (the regions come from a column)")
        return "\n".join(L)


def _proj(p) -> str:
    return "; ".join(" U ".join(f"[{a:.6g}, {b:.6g}]" for a, b in ivs) or "empty" for ivs in p)


_MASKS = ("mask", "unique_mask", "confidence_mask", "mixed_mask", "x_values", "y_values", "acceptance", "fit")


def _meaning(alpha, mixed) -> str:
    from gametheory.calibrate.inference import meaning

    return meaning(alpha, mixed)


def _do_summary(r) -> dict:
    return {"industry": r.industry, "neighbor": r.neighbor, "n": r.n, "bandwidth": r.bandwidth,
            "threshold": r.threshold, "Gamma": r.Gamma, "Psi": r.Psi,
            "p_localized": float(r.p_localized), "p_dispersed": float(r.p_dispersed),
            "localized": bool(r.localized), "dispersed": bool(r.dispersed), "alpha": float(r.alpha),
            "size": float(r.size), "null": r.null, "simulations": r.simulations, "seed": r.seed,
            "test": "one-sided global envelope tests (extreme rank length); localized iff p_localized <= alpha"}


def _check_free(space, free: list[str], params_given: set[str]) -> tuple[str, ...]:
    free = list(free) or ["Delta_gamma"]
    for f in free:
        if f not in space.all_names:
            raise UserInputError(f"unknown free parameter {f!r} (known: {', '.join(space.all_names)})")
    if len(set(free)) != len(free):
        raise UserInputError(f"a free parameter is given twice: {free}")
    if len(free) > 2:
        raise UserInputError("at most two free parameters")
    if len({space.moved(f) for f in free}) != len(free):
        raise UserInputError(f"the free parameters move the same parameter: {', '.join(free)}")
    clash = (set(free) | {space.moved(f) for f in free}) & (set(params_given) | {space.moved(p) for p in params_given
                                                                                 if p in space.all_names})
    if clash:
        raise UserInputError(f"{', '.join(sorted(clash))} is both free and fixed by --param")
    return tuple(free)


def _intervals_of(mask: np.ndarray, values: np.ndarray) -> list[list[float]]:
    """Maximal runs of True in a 1-D mask, as [first value, last value]."""
    out, start = [], None
    for i, m in enumerate(mask):
        if m and start is None:
            start = i
        if not m and start is not None:
            out.append([float(values[start]), float(values[i - 1])])
            start = None
    if start is not None:
        out.append([float(values[start]), float(values[-1])])
    return out


def _sweep2(game, free: tuple[str, str]):
    """The 2-D grid of the two free parameters (``GRID2`` points a side inside their ranges), with mixed equilibria."""
    from gametheory.analysis.sweeps import Axis, sweep

    axes = []
    for f in free:
        lo, hi, _, _ = game.model.parameter_bounds(f, game.params)
        span = float(hi - lo)
        axes.append(Axis(f, float(lo) + span * np.linspace(1e-6, 1 - 1e-6, GRID2)))
    return sweep(game, axes, mixed=True), axes


def region_summary(game, n_A: int, free: tuple[str, str], sweep2, *, alpha, mixed: str, masks: bool = True) -> dict:
    """The identified region, the confidence region (a point is in it when ``n_A`` is a pure equilibrium there or a
    symmetric mixed equilibrium there is accepted by the exact binomial test) and their projections on the grid."""
    from gametheory.calibrate.binomial import acceptance_interval
    from gametheory.calibrate.fit import fit_on_grid

    sw, axes = sweep2
    region = acceptance_interval(game.N, n_A, alpha)
    mask = sw.pure[n_A] & sw.valid
    unique = mask & (sw.pure.sum(axis=0) == 1)
    p = sw.mixed_p
    ok = (p >= region.lo) & (p <= region.hi)
    if mixed == "stable":
        ok &= sw.mixed_stable
    mixed_mask = (ok.any(axis=0) if len(p) else np.zeros(mask.shape, dtype=bool)) & sw.valid
    conf = mask | mixed_mask
    out = {"x": free[0], "y": free[1], "x_range": [float(axes[0].values[0]), float(axes[0].values[-1])],
           "y_range": [float(axes[1].values[0]), float(axes[1].values[-1])], "grid": GRID2,
           "share_of_grid": float(mask.mean()), "unique_share_of_grid": float(unique.mean()),
           "confidence_share_of_grid": float(conf.mean()),
           "identified_projection": [_intervals_of(mask.any(axis=1), axes[0].values),
                                     _intervals_of(mask.any(axis=0), axes[1].values)],
           "unique_projection": [_intervals_of(unique.any(axis=1), axes[0].values),
                                 _intervals_of(unique.any(axis=0), axes[1].values)],
           "confidence_projection": [_intervals_of(conf.any(axis=1), axes[0].values),
                                     _intervals_of(conf.any(axis=0), axes[1].values)],
           "fit": None if mask.any() else fit_on_grid(game, n_A, free, (axes[0].values, axes[1].values), sw.D)}
    if masks:
        out.update({"mask": mask, "unique_mask": unique, "confidence_mask": conf, "mixed_mask": mixed_mask,
                    "x_values": axes[0].values, "y_values": axes[1].values, "acceptance": region})
    return out


def _check_band(band):
    if band is None:
        return None
    lo, hi = (float(b) for b in band)
    if not (np.isfinite(lo) and np.isfinite(hi) and 0 <= lo < hi):
        raise UserInputError(f"the radius band must be 0 <= LO < HI km; got {band[0]}:{band[1]}")
    return lo, hi


def calibrate(census, processing: str, extraction: str, *, free=(), params: Params | None = None,
              params_given: set[str] = frozenset(), region_column: str | None = None, radius: float | None = None,
              simulations: int = DEFAULT_SIMULATIONS, seed: int = 0, alpha=Fraction(1, 20), mixed: str = "all",
              radius_band=None, band: bool = True, progress: bool = False, do_results=None,
              model=None) -> Calibration:
    """Run the whole pipeline (see the module docstring) for ``model`` (default: the resource game).

    ``params`` fixes the other parameters (default: the model's defaults); the point must lie in the
    model's domain (an error otherwise, never an empty set).  ``alpha``: level of the confidence set
    (``1 - alpha`` its confidence); ``mixed``: ``"all"`` or ``"stable"`` mixed equilibria enter it.
    ``radius_band = (LO, HI)`` km: the band of radii (default half to twice the radius used; ``band=False``
    skips it).  ``do_results = (localisation, co_localisation)`` reuses DO results already computed (of
    ``processing`` alone and of ``(processing, extraction)``).
    """
    from gametheory.analysis.identification import identified_set
    from gametheory.calibrate.band import radius_band as make_band
    from gametheory.calibrate.binomial import parse_alpha
    from gametheory.calibrate.fit import fit as make_fit
    from gametheory.calibrate.inference import MIXED_MODES, confidence_set, mixed_scan
    from gametheory.calibrate.observed import observe
    from gametheory.do import do_index
    from gametheory.game import LocationGame

    if model is None:
        from gametheory.models.agglomeration import RESOURCE as model
    free = _check_free(model.space, list(free), set(params_given))
    params = model.params(params)
    model.check_domain(2, params)       # before the DO simulations (the domain of the resource game does not depend on N)
    alpha = parse_alpha(alpha)
    if mixed not in MIXED_MODES:
        raise UserInputError(f"mixed must be one of {', '.join(MIXED_MODES)}; got {mixed!r}")
    bounds = _check_band(radius_band)
    census.members(processing)   # clear errors for unknown or too-small industries
    census.members(extraction)
    if do_results is None:
        loc = do_index(census, processing, simulations=simulations, seed=seed, progress=progress)
        kab = do_index(census, processing, extraction, simulations=simulations, seed=seed, progress=progress)
    else:
        loc, kab = do_results
    obs = observe(census, processing, extraction, region_column=region_column, radius=radius, kab=kab)
    game = LocationGame(model, obs.N, params)   # the fixed point must be inside the model's domain
    do = {"localisation": _do_summary(loc), "co_localisation": _do_summary(kab)}
    region, figure, fit = None, None, None
    if len(free) == 1:
        scan = mixed_scan(game, free[0])
        ident = identified_set(game, obs.n_A, free[0])
        conf = confidence_set(game, obs.n_A, free[0], alpha=alpha, mixed=mixed, identified=ident, scan=scan)
        if not ident.intervals:
            fit = make_fit(game, obs.n_A, free[0], scan)
        main = {"identified": ident, "confidence": conf, "fit": fit}
        bnd = make_band(game, free, obs, band=bounds, alpha=alpha, mixed=mixed, main=main, scan=scan) if band else None
        figure = _figure_data(game, obs.n_A, free[0], ident, conf, fit, scan)
    else:
        sw2 = _sweep2(game, free)
        region = region_summary(game, obs.n_A, free, sw2, alpha=alpha, mixed=mixed)
        ident = conf = region
        fit = region["fit"]
        bnd = make_band(game, free, obs, band=bounds, alpha=alpha, mixed=mixed, main={}, sweep2=sw2) if band else None
    return Calibration(obs, free, params, ident, conf, fit, bnd, do, seed, alpha, mixed, region, model, figure)


def _figure_data(game, n_A: int, free: str, ident, conf, fit, scan, points: int = 1500) -> dict:
    """Data of the calibration figure: the two equilibrium conditions of ``n_A`` over the free parameter's range
    and, when the sets are narrow, over a window around them (``windows``: ``[{"range", "x", "stay_A",
    "stay_B"}]``; ``stay_A`` = ``D_{n_A}`` (>= 0: firms in A stay), ``stay_B`` = ``D_{n_A+1}`` (<= 0)); the
    symmetric mixed equilibria on the scan with the acceptance interval (``branches``)."""
    lo, hi = float(scan.bounds[0]), float(scan.bounds[1])
    full = (lo, hi)
    spans = [(lo if iv.lo is None else iv.lo, hi if iv.hi is None else iv.hi)
             for iv in tuple(ident.intervals) + tuple(conf.intervals)]
    if not spans and fit is not None and fit.at[0] is not None:
        spans = [(fit.at[0], fit.at[0])]
    windows = [full]
    if spans:
        a, b = min(s[0] for s in spans), max(s[1] for s in spans)
        if b - a < 0.25 * (hi - lo):
            pad = max(0.35 * (b - a), 0.02 * (hi - lo))
            windows.append((max(lo, a - pad), min(hi, b + pad)))
    out = []
    N = game.N
    for x0, x1 in windows:
        xs = np.linspace(x0 + 1e-9 * (x1 - x0), x1 - 1e-9 * (x1 - x0), points)
        D = game.model.gaps_along(N, game.params, free, xs)
        w = {"range": (x0, x1), "x": xs}
        if n_A >= 1:
            w["stay_A"] = D[n_A - 1]
        if n_A <= N - 1:
            w["stay_B"] = D[n_A]
        out.append(w)
    a = conf.acceptance
    return {"windows": out, "branches": {"x": scan.x, "p": scan.p, "stable": scan.stable, "p_lo": a.lo,
                                         "p_hi": a.hi, "share": n_A / N}}
