r"""The observed configuration: which processing establishments are in the resource region A.

Two ways, in this order:

1. a **region column** of the table (values ``A`` or ``B``, case-insensitive, for
   every processing establishment);
2. the **distance to the nearest extraction site**: a processing plant is in A
   when it lies within ``radius`` km of some extraction site.  By default the
   radius is read off the DO evidence: the smallest distance at which the
   processing-extraction co-localisation :math:`K_{AB}(d)` *leaves its upper
   global band* -- the first :math:`d` after a stretch of :math:`d` where
   :math:`K_{AB}` is above the band at which it is no longer above it (Duranton and
   Overman 2005: the distance up to which plants are significantly closer to
   the other industry than chance).  When :math:`K_{AB}` is never above its band
   there is no such distance and a radius must be given.

N is the number of processing establishments and :math:`n_A` the number in A.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gametheory.errors import UserInputError

__all__ = ["Observation", "observe", "band_exit_distance"]


@dataclass(frozen=True)
class Observation:
    """``N`` processing plants, ``n_A`` of them in A, and how that was decided.

    ``distances`` (km) holds each plant's distance to the nearest extraction site when the regions come
    from a radius (``None`` with a region column): the count for another radius ``r`` is
    ``(distances <= r).sum()`` (:mod:`~gametheory.calibrate.band`).
    """

    N: int
    n_A: int
    method: str
    radius: float | None
    in_A: np.ndarray
    distances: np.ndarray | None = None

    def as_dict(self) -> dict:
        return {"n_firms": self.N, "n_A": self.n_A, "method": self.method, "radius_km": self.radius}

    def __repr__(self) -> str:
        return f"Observation(N={self.N}, n_A={self.n_A}, radius={self.radius!r})"

    def count_within(self, radius: float) -> int:
        """The number of plants within ``radius`` km of an extraction site."""
        if self.distances is None:
            raise UserInputError("the regions come from a column, not from a radius")
        return int((self.distances <= radius).sum())


def band_exit_distance(d: np.ndarray, K: np.ndarray, upper: np.ndarray) -> float | None:
    """Smallest ``d`` at which ``K`` leaves its upper band after being above it (None if never above)."""
    above = K > upper
    if not above.any():
        return None
    first = int(np.argmax(above))
    after = np.flatnonzero(~above[first:])
    return float(d[first + after[0]]) if len(after) else None


def nearest_distance(census, rows: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Distance (km) from each site in ``rows`` to the nearest site in ``targets`` (great-circle or planar)."""
    from scipy.spatial import cKDTree

    from gametheory.do.geometry import chord_to_distance

    tree = cKDTree(census.points[targets])
    chord, _ = tree.query(census.points[rows], k=1)
    return chord_to_distance(np.asarray(chord), census.spherical)


def observe(census, processing: str, extraction: str, *, region_column: str | None = None,
            radius: float | None = None, kab=None) -> Observation:
    """The observed configuration of the processing industry.

    ``kab`` is the bivariate DO result of (processing, extraction), used for the
    default radius when neither ``region_column`` nor ``radius`` is given.
    """
    frame = census.frame
    rows = np.flatnonzero(frame["industry"].to_numpy() == processing)
    if rows.size == 0:
        raise UserInputError(f"no processing plants: industry {processing!r} is not in the table "
                             f"(industries: {', '.join(census.industries[:10])}{' ...' if len(census.industries) > 10 else ''})")
    if rows.size < 2:
        raise UserInputError(f"industry {processing!r} has one establishment; the game needs N >= 2 firms")
    if region_column is not None and radius is not None:
        raise UserInputError("give --region-column or --radius, not both")
    if region_column is not None:
        if region_column not in frame.columns:
            raise UserInputError(f"no column {region_column!r} in the table (columns: {', '.join(map(str, frame.columns))})")
        vals = frame[region_column].iloc[rows].astype(str).str.strip().str.upper().to_numpy()
        bad = np.flatnonzero(~np.isin(vals, ["A", "B"]))
        if bad.size:
            named = ", ".join(f"row {r + 1} (id {frame['id'].iloc[r]})" for r in rows[bad][:5])
            raise UserInputError(f"column {region_column!r} must be A or B for every processing plant; "
                                 f"not so in {named}{' ...' if bad.size > 5 else ''}")
        in_A = vals == "A"
        return Observation(int(rows.size), int(in_A.sum()), f"region column {region_column!r}", None, in_A)
    targets = np.flatnonzero(frame["industry"].to_numpy() == extraction)
    if targets.size == 0:
        raise UserInputError(f"industry {extraction!r} (extraction) is not in the table")
    if radius is None:
        if kab is None:
            raise UserInputError("no radius: give --radius KM or --region-column COLUMN")
        radius = band_exit_distance(kab.d, kab.K, kab.bands.global_hi)
        if radius is None:
            raise UserInputError(f"K_AB of {processing!r} and {extraction!r} never rises above its upper global band, "
                                 "so no co-localisation distance defines region A: give --radius KM or --region-column")
        method = f"within {radius:g} km of an extraction site (where K_AB leaves its upper global band)"
    else:
        if not radius > 0:
            raise UserInputError(f"--radius must be > 0 km (got {radius})")
        method = f"within {radius:g} km of an extraction site (given radius)"
    dist = nearest_distance(census, rows, targets)
    in_A = dist <= radius
    return Observation(int(rows.size), int(in_A.sum()), method, float(radius), in_A, dist)
