"""Coordinates, distances and the default threshold of the DO index.

Planar coordinates ``x, y`` are in km and ``d = sqrt(dx^2 + dy^2)``.  Geographic
coordinates ``lon, lat`` in degrees lie on a sphere of radius
``R = 6371.0088`` km (the IUGG mean radius); a site is the 3-vector
``R (cos lat cos lon, cos lat sin lon, sin lat)`` and the great-circle distance
is ``d = 2 R asin(c / 2R)`` with ``c`` the chord.  Floating-point error of a
distance is below ``1e-9`` km (``R * 1e-16`` from the chord).

The threshold ``d_max`` defaults to the median distance over all pairs of sites
(Duranton and Overman, 2005, took 180 km, the UK median).  It is exact for up to
:data:`EXACT_MEDIAN_SITES` sites; above, it is the median of
:data:`MEDIAN_SAMPLE_PAIRS` random pairs ``i != j`` drawn with a seeded
generator (standard error about ``1.25 sd / sqrt(2e6)``, well under 1 km for
national data), and the output says so.
"""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088
EXACT_MEDIAN_SITES = 3000
MEDIAN_SAMPLE_PAIRS = 2_000_000


def to_points(a: np.ndarray, b: np.ndarray, spherical: bool) -> np.ndarray:
    """3-vectors of sites: ``(x, y, 0)`` in km, or on the sphere from ``(lon, lat)`` degrees."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if not spherical:
        return np.column_stack([a, b, np.zeros_like(a)])
    lon, lat = np.radians(a), np.radians(b)
    return EARTH_RADIUS_KM * np.column_stack(
        [np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def chord_to_distance(c: np.ndarray, spherical: bool) -> np.ndarray:
    """Distance from the straight-line (chord) length between two points."""
    if not spherical:
        return c
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, c / (2.0 * EARTH_RADIUS_KM)))


def pair_distances(PA: np.ndarray, PB: np.ndarray | None, spherical: bool) -> np.ndarray:
    """All pair distances (brute force, O(n^2) memory: for tests and small data).

    With ``PB`` None the ``n (n-1)/2`` unordered pairs of ``PA``; else all cross pairs.
    """
    if PB is None:
        i, j = np.triu_indices(len(PA), 1)
        c = np.linalg.norm(PA[i] - PA[j], axis=1)
    else:
        c = np.linalg.norm(PA[:, None, :] - PB[None, :, :], axis=2).ravel()
    return chord_to_distance(c, spherical)


def median_site_distance(points: np.ndarray, spherical: bool, seed: int) -> tuple[float, str]:
    """The default threshold: median distance over all pairs of sites.

    Returns
    -------
    (float, str)
        The median and how it was obtained (``"exact"`` or ``"sampled ..."``).
    """
    n = len(points)
    if n <= EXACT_MEDIAN_SITES:
        return float(np.median(pair_distances(points, None, spherical))), "exact median of all site pairs"
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0x6D656469]))
    i = rng.integers(0, n, MEDIAN_SAMPLE_PAIRS)
    j = (i + rng.integers(1, n, MEDIAN_SAMPLE_PAIRS)) % n  # j != i, uniform over the others
    c = np.linalg.norm(points[i] - points[j], axis=1)
    med = float(np.median(chord_to_distance(c, spherical)))
    return med, f"median of {MEDIAN_SAMPLE_PAIRS} random site pairs (seed {seed})"
