"""A seeded synthetic establishment census for trying the DO index.

The census mimics the two patterns of the agglomeration model on a country of
about 650 x 670 km (longitudes 0-8 E, latitudes 43-49 N):

* ``extraction``: sites scattered over a resource region in the south-west
  (Gaussian, sd 0.35 degrees, about 30 km);
* ``processing``: plants half within a few km of extraction sites (sd 0.08
  degrees around a random extraction site) and half around the capital city
  in the north-east (sd 0.15 degrees);
* ``sector_01`` ... ``sector_NN``: other industries of lognormal sizes (5 to
  400 plants); a third placed at random on the background population of sites
  (the null of Duranton and Overman, 2005), a third clustered around one town,
  a third a mix of both;
* ``other``: the background establishments (the bulk of the sites).

Employment is lognormal.  Every draw comes from ``numpy.random.default_rng(seed)``,
so a seed gives the same census on every machine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Seed of the census shipped as ``gametheory/data/do_sample_census.csv``.
SAMPLE_SEED = 2005
CAPITAL = (6.2, 48.0)
RESOURCE_REGION = (1.5, 44.8)


def _around(rng, centre, sd, n):
    lon = rng.normal(centre[0], sd, n)
    lat = rng.normal(centre[1], sd * 0.75, n)  # a degree of longitude is ~0.72 of latitude here
    return np.column_stack([np.clip(lon, -0.5, 8.5), np.clip(lat, 42.5, 49.5)])


def _background(rng, towns, n):
    """Sites of the general economy: 60% around towns (by town size), 40% uniform."""
    k = int(0.6 * n)
    which = rng.choice(len(towns), k, p=towns[:, 2] / towns[:, 2].sum())
    near = towns[which, :2] + rng.normal(0, 1, (k, 2)) * np.array([0.2, 0.15])
    far = np.column_stack([rng.uniform(0, 8, n - k), rng.uniform(43, 49, n - k)])
    return np.concatenate([near, far])


def synthetic_census(seed: int = SAMPLE_SEED, n_background: int = 1500, n_sectors: int = 24,
                     n_extraction: int = 60, n_processing: int = 90) -> pd.DataFrame:
    """A synthetic establishment census (see the module docstring).

    Parameters
    ----------
    seed : int
        Seed of every draw.
    n_background : int
        Establishments of the industry ``other``.
    n_sectors : int
        Number of other industries ``sector_XX``.
    n_extraction, n_processing : int
        Sizes of the two resource industries.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, industry, lon, lat, employment``, one row per establishment.
    """
    rng = np.random.default_rng(seed)
    towns = np.column_stack([rng.uniform(0.3, 7.7, 30), rng.uniform(43.3, 48.7, 30),
                             rng.pareto(1.2, 30) + 1.0])
    towns[0] = (*CAPITAL, 40.0)
    parts: list[tuple[str, np.ndarray]] = []
    extraction = _around(rng, RESOURCE_REGION, 0.35, n_extraction)
    parts.append(("extraction", extraction))
    half = n_processing // 2
    near_mines = extraction[rng.integers(0, n_extraction, half)] + rng.normal(0, 1, (half, 2)) * [0.08, 0.06]
    parts.append(("processing", np.concatenate([near_mines, _around(rng, CAPITAL, 0.15, n_processing - half)])))
    sizes = np.clip(rng.lognormal(3.0, 1.1, n_sectors), 5, 400).astype(int)
    for s, size in enumerate(sizes):
        kind = s % 3
        if kind == 0:
            xy = _background(rng, towns, size)
        else:
            town = towns[rng.integers(0, len(towns)), :2]
            k = size if kind == 1 else size // 2
            xy = np.concatenate([_around(rng, town, rng.uniform(0.1, 0.3), k),
                                 _background(rng, towns, size - k)])
        parts.append((f"sector_{s + 1:02d}", xy))
    parts.append(("other", _background(rng, towns, n_background)))
    industry = np.concatenate([[name] * len(xy) for name, xy in parts])
    lonlat = np.concatenate([xy for _, xy in parts])
    n = len(industry)
    return pd.DataFrame({
        "id": [f"E{i:05d}" for i in range(1, n + 1)],
        "industry": industry,
        "lon": np.round(lonlat[:, 0], 5),
        "lat": np.round(lonlat[:, 1], 5),
        "employment": np.maximum(1, np.round(rng.lognormal(2.3, 1.0, n))).astype(int),
    })


def write_sample(path, seed: int = SAMPLE_SEED) -> None:
    """Write :func:`synthetic_census` to a CSV file (how the shipped sample is made)."""
    synthetic_census(seed).to_csv(path, index=False)
