r"""Calibration pipeline: DO evidence, observed configuration, identified set, bootstrap.

1. **DO evidence** (:func:`gametheory.do.do_index`): the localisation of the
   processing industry (:math:`\Gamma`, :math:`\Psi`, flags) and its
   co-localisation with extraction (:math:`K_{AB}`, flags), seeded.
2. **Observed configuration** (:mod:`~gametheory.calibrate.observed`): N and n_A.
3. **Identified set** of the free parameter(s), the others fixed by the user or
   at the defaults of docs/model.md: one free parameter -- the exact union of
   intervals of :func:`gametheory.analysis.identification.identified_set`; two
   free parameters -- the region on a grid (``GRID2`` points a side over each
   parameter's range) with its projections on each axis.
4. **Bootstrap** (``B`` replicates, seeded): the processing establishments are
   resampled with replacement, keeping N; each replicate's :math:`n_A^*` gives an
   identified set (float endpoints) whose hull endpoints are summarised by their
   2.5%, 50% and 97.5% quantiles.  The radius that classifies plants is held
   fixed across replicates (it is not re-estimated).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gametheory.errors import UserInputError
from gametheory.params import Params
from gametheory.results import Result

__all__ = ["Calibration", "calibrate", "GRID2"]

GRID2 = 200


@dataclass(frozen=True, repr=False)
class Calibration(Result):
    """Everything ``gametheory calibrate`` reports (see :meth:`as_dict` for the JSON form)."""

    observation: object
    free: tuple[str, ...]
    params: Params
    identified: object                  # IdentifiedSet (one free) or dict (two free)
    do: dict
    bootstrap: dict | None
    seed: int
    region: dict | None = field(default=None)
    model: object = None
    curves: list | None = None

    _repr_fields = ("free", "observation")

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
        else:
            out["identified_set"] = self.region["identified_projection"]
            out["unique_set"] = self.region["unique_projection"]
            out["identified_region"] = {k: v for k, v in self.region.items() if k not in ("mask", "unique_mask")}
        if self.bootstrap is not None:
            out["bootstrap"] = self.bootstrap
        return out


def _do_summary(r) -> dict:
    return {"industry": r.industry, "neighbor": r.neighbor, "n": r.n, "bandwidth": r.bandwidth,
            "threshold": r.threshold, "Gamma": r.Gamma, "Psi": r.Psi, "localized": bool(r.localized),
            "dispersed": bool(r.dispersed), "simulations": r.simulations, "seed": r.seed}


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


def _region(game, n_A: int, free: tuple[str, str]) -> dict:
    from gametheory.analysis.sweeps import Axis, sweep

    axes = []
    for f in free:
        lo, hi, _, _ = game.model.parameter_bounds(f, game.params)
        span = float(hi - lo)
        axes.append(Axis(f, float(lo) + span * np.linspace(1e-6, 1 - 1e-6, GRID2)))
    sw = sweep(game, axes, mixed=False)
    mask = sw.pure[n_A]
    unique = mask & (sw.pure.sum(axis=0) == 1)
    return {"x": free[0], "y": free[1], "x_range": [float(axes[0].values[0]), float(axes[0].values[-1])],
            "y_range": [float(axes[1].values[0]), float(axes[1].values[-1])], "grid": GRID2,
            "share_of_grid": float(mask.mean()), "unique_share_of_grid": float(unique.mean()),
            "identified_projection": [_intervals_of(mask.any(axis=1), axes[0].values),
                                      _intervals_of(mask.any(axis=0), axes[1].values)],
            "unique_projection": [_intervals_of(unique.any(axis=1), axes[0].values),
                                  _intervals_of(unique.any(axis=0), axes[1].values)],
            "mask": mask, "unique_mask": unique, "x_values": axes[0].values, "y_values": axes[1].values}


def _bootstrap(game, in_A: np.ndarray, free: str, B: int, seed: int, progress: bool) -> dict:
    from tqdm import tqdm

    from gametheory.analysis.identification import identified_set

    N = game.N
    rng = np.random.default_rng(np.random.SeedSequence([seed, 6]))
    cache: dict[int, tuple[float | None, float | None] | None] = {}
    los, his, empty = [], [], 0
    for _ in tqdm(range(B), disable=not progress, desc="bootstrap", unit="rep"):
        n_star = int(in_A[rng.integers(0, N, N)].sum())
        if n_star not in cache:
            s = identified_set(game, n_star, free, exact=False, mixed=False)
            cache[n_star] = (s.intervals[0].lo, s.intervals[-1].hi) if s.intervals else None
        hull = cache[n_star]
        if hull is None:
            empty += 1
            continue
        los.append(-np.inf if hull[0] is None else hull[0])
        his.append(np.inf if hull[1] is None else hull[1])

    def q(v):
        if not v:
            return None
        out = {}
        for name, level in (("q025", 2.5), ("q50", 50.0), ("q975", 97.5)):
            x = float(np.percentile(v, level))
            out[name] = None if not np.isfinite(x) else x
        return out

    return {"replicates": B, "seed": seed, "empty_replicates": empty, "lo": q(los), "hi": q(his),
            "note": "hull [min lo, max hi] of each replicate's identified set; None = unbounded"}


def calibrate(census, processing: str, extraction: str, *, free=(), params: Params | None = None,
              params_given: set[str] = frozenset(), region_column: str | None = None, radius: float | None = None,
              simulations: int = 1000, bootstrap: int = 0, seed: int = 0, progress: bool = False,
              do_results=None, model=None) -> Calibration:
    """Run the whole pipeline (see the module docstring) for ``model`` (default: the resource game).

    ``params`` fixes the other parameters (default: the model's defaults); the point must lie in the
    model's domain (an error otherwise, never an empty set).  ``do_results`` = ``(localisation,
    co_localisation)`` reuses DO results already computed (of ``processing`` alone and of
    ``(processing, extraction)``).
    """
    from gametheory.analysis.identification import identified_set
    from gametheory.calibrate.observed import observe
    from gametheory.do import do_index

    from gametheory.game import LocationGame

    if model is None:
        from gametheory.models.agglomeration import RESOURCE as model
    free = _check_free(model.space, list(free), set(params_given))
    params = model.params(params)
    model.check_domain(2, params)       # before the DO simulations (the domain of the resource game does not depend on N)
    if bootstrap < 0:
        raise UserInputError(f"--bootstrap must be >= 0 (got {bootstrap})")
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
    region, curves = None, None
    if len(free) == 1:
        ident = identified_set(game, obs.n_A, free[0])
        curves = _condition_curves(game, obs.n_A, free[0], ident)
    else:
        region = _region(game, obs.n_A, free)
        ident = region
    boot = _bootstrap(game, obs.in_A, free[0], bootstrap, seed, progress) if bootstrap else None
    return Calibration(obs, free, params, ident, do, boot, seed, region, model, curves)


def _condition_curves(game, n_A: int, free: str, ident, points: int = 1500) -> list[dict]:
    """Data of the calibration figure: the two equilibrium conditions of ``n_A`` over the free parameter's
    range and, when the identified set is narrow, over a window around it (``[{"range", "x", "stay_A",
    "stay_B"}]``; ``stay_A`` = ``D_{n_A}`` (>= 0: firms in A stay), ``stay_B`` = ``D_{n_A+1}`` (<= 0))."""
    lo, hi, _, _ = game.model.parameter_bounds(free, game.params)
    full = (float(lo), float(hi))
    spans = [(full[0] if iv.lo is None else iv.lo, full[1] if iv.hi is None else iv.hi) for iv in ident.intervals]
    width = sum(b - a for a, b in spans)
    windows = [full]
    if spans and width < 0.1 * (full[1] - full[0]):
        pad = max(width, 0.02 * (full[1] - full[0]))
        windows.append((max(full[0], spans[0][0] - pad), min(full[1], spans[-1][1] + pad)))
    out = []
    for x0, x1 in windows:
        xs = np.linspace(x0 + 1e-9 * (x1 - x0), x1 - 1e-9 * (x1 - x0), points)
        D = game.model.gaps_along(game.N, game.params, free, xs)
        w = {"range": (x0, x1), "x": xs}
        if n_A >= 1:
            w["stay_A"] = D[n_A - 1]
        if n_A <= game.N - 1:
            w["stay_B"] = D[n_A]
        out.append(w)
    return out
