"""Benchmark: a 400x400 regime map over (tau_p, Delta_gamma), vectorised, against per-point loops.

Target (issue 4): each map in under 2 s on the 2-core machine, and at least 1000x
faster than a per-point loop that builds each 2x2 game and calls nashpy.

Baselines, measured in the same run on a random sample of grid points (their
per-point cost times 160,000 is the projected full-map time):

* N = 2: build the 2x2 bimatrix game from the payoff formulas and call nashpy's
  support enumeration (as a careful user would without this toolkit);
* N = 20: the per-point float anonymous-game solver of this toolkit
  (``AnonymousBinaryGame.mixed_equilibria``), i.e. the same mathematics without
  vectorisation.

Run: ``python benchmarks/bench_regime_map.py``.
"""

from __future__ import annotations

import time

import numpy as np

from gametheory.analysis.sweeps import Axis, sweep
from gametheory.games.anonymous import AnonymousBinaryGame
from gametheory.models.agglomeration import payoff_arrays
from gametheory.params import Params

SAMPLE = 300


def per_point_nashpy(values: list[dict]) -> float:
    import warnings

    import nashpy as nash

    t = time.perf_counter()
    for v in values:
        pa, pb = payoff_arrays(2, v, compiled=False)
        M = np.array([[pa[2], pa[1]], [pb[1], pb[0]]])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            list(nash.Game(M, M.T).support_enumeration())
    return (time.perf_counter() - t) / len(values)


def per_point_anonymous(N: int, values: list[dict]) -> float:
    t = time.perf_counter()
    for v in values:
        pa, pb = payoff_arrays(N, v, compiled=False)
        g = AnonymousBinaryGame(tuple(pa[1:]), tuple(pb[:-1]))
        g.pure_equilibria()
        g.mixed_equilibria()
    return (time.perf_counter() - t) / len(values)


def main() -> None:
    params = Params.defaults()
    axes = [Axis.parse("tau_p=0:3:400"), Axis.parse("Delta_gamma=-0.4:1.5:400")]
    sweep(2, params, axes)  # compile the kernels once (numba caches them on disk afterwards)
    rng = np.random.default_rng(0)
    pts = []
    for _ in range(SAMPLE):
        v = dict(params.as_floats)
        v["tau_p"] = float(rng.choice(axes[0].values))
        v["gamma_B"] = v["gamma_A"] + float(rng.choice(axes[1].values))
        pts.append(v)
    print(f"{'N':>4} {'map 400x400 s':>14} {'points/s':>12} {'baseline':>34} {'per point ms':>13} "
          f"{'projected s':>12} {'speed-up':>9}")
    for N in (2, 20):
        best = min(_timed(lambda: sweep(N, params, axes)) for _ in range(3))
        if N == 2:
            per, name = per_point_nashpy(pts), "2x2 game + nashpy support enum."
        else:
            per, name = per_point_anonymous(N, pts), "per-point anonymous solver"
        projected = per * 160_000
        print(f"{N:>4} {best:>14.3f} {160_000 / best:>12.0f} {name:>34} {per * 1e3:>13.3f} {projected:>12.1f} "
              f"{projected / best:>9.0f}x")


def _timed(f) -> float:
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
