"""Silverman's rule (DO.md): exact values, and the binned fast path equals the reference."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory.do.bandwidth import BandwidthError, silverman
from gametheory.do.geometry import pair_distances, to_points
from gametheory.do.kdensity import Layout, kdensity


def test_rule_by_hand():
    # points 0, 3, 7 on a line: distances 3, 4, 7
    # sd = sqrt(((3-14/3)^2 + (4-14/3)^2 + (7-14/3)^2) / 2) = sqrt(13/3)
    # quartiles by linear interpolation: Q1 = 3.5, Q3 = 5.5, IQR/1.34 = 1.4925... < sd
    h = silverman(np.array([3.0, 4.0, 7.0]))
    assert h == pytest.approx(0.9 * (2.0 / 1.34) * 3 ** -0.2, rel=1e-15)
    # distances 1, 2, 3, 4: Q1 = 1.75, Q3 = 3.25, IQR/1.34 = 1.119 < sd = sqrt(5/3) = 1.29
    assert silverman(np.array([1.0, 2.0, 3.0, 4.0])) == pytest.approx(0.9 * 1.5 / 1.34 * 4 ** -0.2)
    # 0, 0, 10, 10: sd = sqrt(100/3) = 5.77 < IQR/1.34 = 10/1.34 = 7.46, so sd wins
    assert silverman(np.array([0.0, 0.0, 10.0, 10.0])) == pytest.approx(0.9 * np.sqrt(100 / 3) * 4 ** -0.2)


@pytest.mark.parametrize("kind", ["iqr", "sd"])
def test_fast_path_equals_reference(rng, kind):
    if kind == "iqr":  # a tight cluster and a few outliers: IQR/1.34 < sd, exact quartiles needed
        xy = np.concatenate([rng.normal(50, 2, (70, 2)), rng.uniform(0, 100, (10, 2))])
    else:  # uniform square: sd < IQR/1.34
        xy = rng.uniform(0, 100, (80, 2))
    P = to_points(xy[:, 0], xy[:, 1], False)
    thr = 70.0
    d = pair_distances(P, None, False)
    d = d[d <= 2 * thr]
    q1, q3 = np.quantile(d, [0.25, 0.75])
    assert ((q3 - q1) / 1.34 < np.std(d, ddof=1)) == (kind == "iqr")
    h = kdensity(P, Layout(False, thr, np.arange(0.0, 71.0))).h
    assert h == pytest.approx(silverman(d), rel=1e-12)


def test_only_distances_within_twice_threshold_count(rng):
    xy = rng.uniform(0, 300, (60, 2))
    P = to_points(xy[:, 0], xy[:, 1], False)
    d = pair_distances(P, None, False)
    h = kdensity(P, Layout(False, 50.0, np.arange(0.0, 51.0))).h
    assert h == pytest.approx(silverman(d[d <= 100.0]), rel=1e-12)
    assert h != pytest.approx(silverman(d), rel=1e-3)


def test_undefined_bandwidth_is_an_error():
    P = to_points(np.array([0.0, 0.0, 0.0]), np.array([1.0, 1.0, 1.0]), False)
    with pytest.raises(BandwidthError, match="bandwidth is undefined"):
        kdensity(P, Layout(False, 10.0, np.arange(0.0, 11.0)))
