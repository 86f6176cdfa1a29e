"""Reading and validating establishment tables for the DO index.

A table (CSV or Parquet) has one row per establishment with columns ``id``,
``industry`` and coordinates: ``x, y`` in km (planar distance) or ``lon, lat``
in degrees (great-circle distance, Duranton and Overman, 2005, used the UK
postcode grid; any sphere coordinates work).  An optional weight column
(employment) gives ``K_emp``.  Every row is also a *site*: the set of sites is
the support of the counterfactual draws.

Every problem is a :class:`gametheory.errors.UserInputError` whose message
names the offending rows as ``row R (id ID)`` with ``R`` the 1-based data row
(the header is row 0), at most :data:`MAX_NAMED` of them.  Coinciding
coordinates are legal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from gametheory.errors import UserInputError
from gametheory.do.geometry import to_points

MAX_NAMED = 5
#: ``INPUT`` naming the census shipped with the package.
SAMPLE_NAME = "sample"
SAMPLE_FILE = "do_sample_census.csv"
COORDS = {"xy": ("x", "y"), "lonlat": ("lon", "lat")}


def _name_rows(frame: pd.DataFrame, mask: np.ndarray) -> str:
    rows = np.flatnonzero(mask)
    named = ", ".join(f"row {r + 1} (id {frame['id'].iloc[r]!s})" for r in rows[:MAX_NAMED])
    more = f" and {len(rows) - MAX_NAMED} more" if len(rows) > MAX_NAMED else ""
    return named + more


@dataclass
class Census:
    """A validated establishment table.

    Attributes
    ----------
    frame : pandas.DataFrame
        The table as read.
    points : ndarray, shape (N, 3)
        Sites as 3-vectors (:func:`gametheory.do.geometry.to_points`).
    spherical : bool
        Great-circle (``lonlat``) or planar (``xy``) distances.
    weights : ndarray or None
        The weight column, if one was named.
    weight_name : str or None
    """

    frame: pd.DataFrame
    points: np.ndarray
    spherical: bool
    weights: np.ndarray | None = None
    weight_name: str | None = None
    _medians: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def median_site_distance(self, seed: int) -> tuple[float, str]:
        """:func:`gametheory.do.geometry.median_site_distance` of the sites (the default threshold), computed once
        per seed and kept: the DO index of an industry and its co-localisation index on the same census share it
        (about 0.3 s for the sample census)."""
        from gametheory.do.geometry import median_site_distance

        key = (seed, self.spherical)
        kept = self._medians.get(key)
        if kept is None or kept[0] is not self.points:      # computed for these very points, else again
            kept = self._medians[key] = (self.points, median_site_distance(self.points, self.spherical, seed))
        return kept[1]

    @property
    def industries(self) -> list[str]:
        """Industry names, sorted."""
        return sorted(self.frame["industry"].unique())

    def members(self, industry: str) -> np.ndarray:
        """Row indices of an industry; it must exist and have at least 2 establishments."""
        idx = np.flatnonzero(self.frame["industry"].to_numpy() == industry)
        if idx.size == 0:
            known = self.industries
            shown = ", ".join(known[:10]) + (" ..." if len(known) > 10 else "")
            raise UserInputError(f"industry {industry!r} is not in the table (industries: {shown})")
        if idx.size < 2:
            raise UserInputError(
                f"industry {industry!r} has {idx.size} establishment ({_name_rows(self.frame, self.frame.index.isin(idx))}); "
                "the DO index needs at least 2")
        return idx


def sample_path() -> Path:
    """Path of the sample census shipped in ``gametheory/data``."""
    return Path(str(resources.files("gametheory") / "data" / SAMPLE_FILE))


def _read_table(source) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        return source.reset_index(drop=True)
    path = Path(source)
    if str(source) == SAMPLE_NAME and not path.exists():
        path = sample_path()
    if not path.is_file():
        raise UserInputError(f"no such file: {source}")
    parquet = path.suffix.lower() in (".parquet", ".pq")
    if parquet:
        check_parquet_engine()
    try:
        if parquet:
            frame = pd.read_parquet(path)
        else:
            frame = pd.read_csv(path, dtype={"id": str, "industry": str}, skipinitialspace=True)
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        raise UserInputError(f"cannot read {path}: {exc}") from exc
    return frame


def check_parquet_engine() -> None:
    """Refuse Parquet input, with the extra to install, when no Parquet engine is importable."""
    for engine in ("pyarrow", "fastparquet"):
        try:
            __import__(engine)
            return
        except ImportError:
            continue
    raise UserInputError("reading Parquet needs pyarrow, an optional extra: pip install 'gametheory[parquet]'")


def _numeric(frame: pd.DataFrame, col: str, what: str) -> np.ndarray:
    values = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        raise UserInputError(f"{what} column {col!r} is non-numeric, missing or infinite at "
                             + _name_rows(frame, bad))
    return values


def read_establishments(source, coords: str | None = None, weight: str | None = None) -> Census:
    """Read and validate an establishment table.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        A CSV or Parquet file (by suffix ``.parquet``/``.pq``), a DataFrame, or
        ``"sample"`` for the census shipped with the package.
    coords : {"xy", "lonlat"}, optional
        Coordinate columns; by default ``lon, lat`` if present and neither ``x`` nor
        ``y`` is, else ``x, y``.
    weight : str, optional
        Name of the weight column (e.g. employment), for ``K_emp``.

    Returns
    -------
    Census

    Raises
    ------
    UserInputError
        Missing columns, non-numeric/NaN coordinates or weights, latitudes
        outside [-90, 90], negative weights, missing ids or industries.
    """
    frame = _read_table(source)
    if coords is None:
        cols = set(frame.columns)
        coords = "lonlat" if {"lon", "lat"} & cols and not {"x", "y"} & cols else "xy"
    if coords not in COORDS:
        raise UserInputError(f"coords must be 'xy' or 'lonlat', not {coords!r}")
    needed = ["id", "industry", *COORDS[coords]] + ([weight] if weight else [])
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise UserInputError(f"missing column(s) {', '.join(missing)} (have: {', '.join(map(str, frame.columns))}); "
                             f"a table needs id, industry and x, y (km) or lon, lat (degrees)")
    if len(frame) < 2:
        raise UserInputError("the table needs at least 2 establishments")
    frame = frame.copy()
    frame["id"] = frame["id"].astype(str)
    no_industry = frame["industry"].isna().to_numpy()
    if no_industry.any():
        raise UserInputError("missing industry at " + _name_rows(frame, no_industry))
    frame["industry"] = frame["industry"].astype(str)
    a, b = (_numeric(frame, c, "coordinate") for c in COORDS[coords])
    if coords == "lonlat":
        bad = np.abs(b) > 90
        if bad.any():
            raise UserInputError("latitude outside [-90, 90] at " + _name_rows(frame, bad))
    weights = None
    if weight:
        weights = _numeric(frame, weight, "weight")
        bad = weights < 0
        if bad.any():
            raise UserInputError(f"negative weight in column {weight!r} at " + _name_rows(frame, bad))
    spherical = coords == "lonlat"
    return Census(frame, to_points(a, b, spherical), spherical, weights, weight)
