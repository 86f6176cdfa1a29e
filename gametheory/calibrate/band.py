r"""Sensitivity of the calibration to the classification radius.

A processing plant is in region A when it lies within the radius of an extraction site
(:mod:`~gametheory.calibrate.observed`), so the observed count is a step function of the
radius: :math:`n_A(r) = \#\{i : d_i \le r\}`, :math:`d_i` the distance of plant :math:`i` to
the nearest extraction site.  The band lists, for every radius in a range around the one
used (default: from half to twice it), the count it gives, the radii that give the same
count (the whole step, which may extend beyond the range), and for that count the
identified set, the confidence set and, where the identified set is empty, the fit.

The union of the confidence sets over the band is itself a confidence set of the same
level for every census whose correct radius lies in the band (for that radius the set
covers; the union contains it); it is reported with the band.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gametheory.errors import UserInputError
from gametheory.results import Result

__all__ = ["BandRow", "RadiusBand", "radius_steps", "radius_band", "MAX_BAND_ROWS"]

#: At most this many counts (steps of the radius) are calibrated; beyond, those nearest the radius used are kept.
MAX_BAND_ROWS = 25


@dataclass(frozen=True)
class BandRow:
    """One step of the radius: the radii ``[r_from, r_to)`` give ``n_A`` plants in A (``r_to`` None: every larger
    radius), with the sets for that count (one free parameter: interval lists; two: grid shares)."""

    n_A: int
    r_from: float
    r_to: float | None
    identified: tuple = ()
    confidence: tuple = ()
    fit: object = None
    used: bool = False
    shares: dict | None = None

    def as_dict(self) -> dict:
        out = {"n_A": self.n_A, "radius_from_km": self.r_from, "radius_to_km": self.r_to, "used": self.used}
        if self.shares is None:
            out.update({"identified_set": [iv.as_list() for iv in self.identified],
                        "identified_set_text": [iv.text() for iv in self.identified],
                        "confidence_set": [iv.as_list() for iv in self.confidence],
                        "confidence_set_text": [iv.text() for iv in self.confidence]})
        else:
            out.update(self.shares)
        out["fit"] = None if self.fit is None else self.fit.as_dict()
        return out


@dataclass(frozen=True, repr=False)
class RadiusBand(Result):
    """The calibration over a band of classification radii (module docstring)."""

    N: int
    free: tuple[str, ...]
    radius: float
    lo: float
    hi: float
    rows: tuple[BandRow, ...]
    level: float
    truncated: bool = False
    union: tuple = field(default=())

    _repr_fields = ("radius", "lo", "hi", "rows")

    def as_dict(self) -> dict:
        out = {"radius_km": self.radius, "range_km": [self.lo, self.hi], "level": self.level,
               "truncated": self.truncated, "rows": [r.as_dict() for r in self.rows]}
        if len(self.free) == 1:
            out["confidence_union"] = [iv.as_list() for iv in self.union]
            out["confidence_union_text"] = [iv.text() for iv in self.union]
        return out

    def to_text(self) -> str:
        L = [f"Sensitivity to the radius: radii from {self.lo:.4g} to {self.hi:.4g} km (the radius used: "
             f"{self.radius:.4g} km)"]
        pct = f"{100 * self.level:g}%"
        if len(self.free) == 1:
            L.append(f"  {'radii (km)':>22}  {'n_A':>5}  identified set / {pct} confidence set")
            for r in self.rows:
                rng = f"[{r.r_from:.4g}, {'inf' if r.r_to is None else f'{r.r_to:.4g}'})"
                ident = " U ".join(iv.text() for iv in r.identified) or "empty"
                conf = " U ".join(iv.text() for iv in r.confidence) or "empty"
                fit = "" if r.fit is None else f" (closest fit: gain {r.fit.gain:.3g} at {_at(r.fit)})"
                L.append(f"  {rng:>22}  {r.n_A:>5}  {ident}{fit} / {conf}{'   <- used' if r.used else ''}")
            L.append(f"  union of the confidence sets over the band: "
                     f"{' U '.join(iv.text() for iv in self.union) or 'empty'}")
        else:
            L.append(f"  {'radii (km)':>22}  {'n_A':>5}  share of the grid: identified / {pct} confidence")
            for r in self.rows:
                rng = f"[{r.r_from:.4g}, {'inf' if r.r_to is None else f'{r.r_to:.4g}'})"
                L.append(f"  {rng:>22}  {r.n_A:>5}  {100 * r.shares['share_of_grid']:.2f}% / "
                         f"{100 * r.shares['confidence_share_of_grid']:.2f}%{'   <- used' if r.used else ''}")
        if self.truncated:
            L.append(f"  (more than {MAX_BAND_ROWS} counts in the range: the {MAX_BAND_ROWS} nearest the radius used "
                     "are shown)")
        return "\n".join(L)


def _at(fit) -> str:
    return ", ".join("unbounded" if a is None else f"{a:.6g}" for a in fit.at)


def radius_steps(distances: np.ndarray, lo: float, hi: float) -> list[tuple[int, float, float | None]]:
    """The steps ``(n_A, r_from, r_to)`` of ``n_A(r) = #{d_i <= r}`` that meet the radii ``[lo, hi]``."""
    d = np.sort(np.asarray(distances, dtype=float))
    u = np.unique(d)
    edges = [0.0] + list(u)
    out = []
    for j, start in enumerate(edges):
        end = float(u[j]) if j < len(u) else None
        if j == 0:
            count = 0
        else:
            count = int(np.searchsorted(d, start, side="right"))
        if end is not None and end <= lo:
            continue
        if start > hi:
            break
        if j == 0 and end is not None and end == 0.0:
            continue
        out.append((count, float(start), end))
    return out


def radius_band(game, free: tuple[str, ...], observation, *, band=None, alpha, mixed: str, main: dict,
                scan=None, sweep2=None) -> RadiusBand | None:
    """The calibration for each count in the band of radii (``band = (lo, hi)`` km, default half to twice the
    radius used).  ``main`` holds the results already computed for the observed count (``identified``,
    ``confidence``, ``fit``); ``scan`` the :class:`~gametheory.calibrate.inference.MixedScan` (one free) or
    ``sweep2`` the 2-D region data (two free)."""
    from gametheory.analysis.identification import identified_set
    from gametheory.calibrate.fit import fit
    from gametheory.calibrate.inference import confidence_set, union

    if observation.distances is None or observation.radius is None:
        return None
    r0 = float(observation.radius)
    lo, hi = (r0 / 2, 2 * r0) if band is None else (float(band[0]), float(band[1]))
    if not (np.isfinite(lo) and np.isfinite(hi) and 0 <= lo < hi):
        raise UserInputError(f"the radius band must be 0 <= LO < HI km; got {lo}:{hi}")
    steps = radius_steps(observation.distances, lo, hi)
    truncated = False
    if len(steps) > MAX_BAND_ROWS:
        used = next(i for i, s in enumerate(steps) if s[0] == observation.n_A)
        first = max(0, min(used - MAX_BAND_ROWS // 2, len(steps) - MAX_BAND_ROWS))
        steps = steps[first:first + MAX_BAND_ROWS]
        truncated = True
    rows = []
    N = game.N
    for n_A, r_from, r_to in steps:
        used = n_A == observation.n_A
        if len(free) == 1:
            if used:
                ident, conf, ft = main["identified"], main["confidence"], main["fit"]
            else:
                ident = identified_set(game, n_A, free[0], exact=False, mixed=False, unique=False)
                conf = confidence_set(game, n_A, free[0], alpha=alpha, mixed=mixed, identified=ident, scan=scan,
                                      xtol=1e-9)
                ft = fit(game, n_A, free[0], scan, exact=False) if not ident.intervals else None
            rows.append(BandRow(n_A, r_from, r_to, tuple(ident.intervals), tuple(conf.intervals), ft, used))
        else:
            from gametheory.calibrate.pipeline import region_summary

            shares = region_summary(game, n_A, free, sweep2, alpha=alpha, mixed=mixed, masks=False)
            ft = shares.pop("fit")
            rows.append(BandRow(n_A, r_from, r_to, (), (), ft if shares["share_of_grid"] == 0 else None, used,
                                shares))
    un = union(*(r.confidence for r in rows)) if len(free) == 1 else ()
    return RadiusBand(N, tuple(free), r0, lo, hi, tuple(rows), float(1 - alpha), truncated, un)
