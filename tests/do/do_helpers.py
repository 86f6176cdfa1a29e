"""Shared helpers of the DO tests: small tables and a brute-force K (imported by name)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gametheory.do.bandwidth import silverman
from gametheory.do.geometry import pair_distances


def table(xy, industries, weights=None, coords=("x", "y")) -> pd.DataFrame:
    """An establishment table from coordinates and industry labels."""
    xy = np.asarray(xy, dtype=float)
    frame = pd.DataFrame({"id": [f"e{i}" for i in range(len(xy))], "industry": list(industries),
                          coords[0]: xy[:, 0], coords[1]: xy[:, 1]})
    if weights is not None:
        frame["emp"] = weights
    return frame


def brute_k(PA, grid, threshold, spherical=False, wA=None, PB=None, wB=None, h=None):
    """The closed form of DO.md by an explicit double sum over all pairs (O(n^2) memory)."""
    d = pair_distances(PA, PB, spherical)
    if PB is None:
        i, j = np.triu_indices(len(PA), 1)
        w = np.ones(len(d)) if wA is None else wA[i] * wA[j]
    else:
        w = np.ones(len(d)) if wA is None else np.outer(wA, wB).ravel()
    if h is None:
        h = silverman(d[d <= 2 * threshold])
    g = np.asarray(grid)[:, None]
    phi = lambda u: np.exp(-0.5 * (u / h) ** 2) / (h * np.sqrt(2 * np.pi))
    return (w * (phi(g - d) + phi(g + d))).sum(axis=1) / w.sum(), h
