"""Benchmark: the resource game solved exactly for N = 20 ... 1,000,000 firms, against a plain float path.

For each N, in one run:

* ``certified``: the toolkit (``AgglomerationGame(N).pure_equilibria()`` and ``.mixed()``): gaps in ball
  arithmetic with an exact fallback, certified mixed roots;
* ``float``: the same payoff formula in plain floats, signs read from the floats with a relative tolerance
  of 1e-12 (what the toolkit did before), mixed roots as sign changes of ``G`` on the same grid.

It prints the times, their ratio, and whether the float answer is the exact one.  The issue's example:
at N = 100,000 the exact pure equilibria are {30043, 100000}; the float path finds a spurious 30042.

Run: ``python benchmarks/bench_anonymous.py [--max-n 1000000]`` (about a minute on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time

import numpy as np


def float_path(N: int):
    """Pure equilibria and mixed-root count from plain floats (relative tolerance 1e-12), as before."""
    from gametheory.games.anonymous import bernstein_weights
    from gametheory.models.agglomeration import RESOURCE
    from gametheory.models.base import gaps

    D = gaps(*RESOURCE.payoff_arrays(N, RESOURCE.defaults().as_floats))
    eps = 1e-12 * max(1.0, float(np.max(np.abs(D))))
    s = np.where(D > eps, 1, np.where(D < -eps, -1, 0))
    pure = [k for k in range(N + 1) if (k == 0 or s[k - 1] >= 0) and (k == N or s[k] <= 0)]
    grid = np.linspace(0, 1, int(max(512, 16 * np.sqrt(N))) + 1)[1:-1]
    G = np.array([bernstein_weights(N - 1, np.array([p]))[0] @ D for p in grid[:: max(1, len(grid) // 2000)]])
    mixed = int(np.sum(np.sign(G[:-1]) * np.sign(G[1:]) < 0))
    return pure, mixed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-n", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    import gametheory as gt

    print(f"{'N':>9} {'certified s':>12} {'float s':>9} {'ratio':>6}  pure equilibria (exact)        float agrees")
    for N in [n for n in (20, 200, 2_000, 20_000, 100_000, 1_000_000) if n <= args.max_n]:
        t0 = time.perf_counter()
        game = gt.AgglomerationGame(N)
        pure = game.pure_equilibria()
        mixed = game.mixed()
        tc = time.perf_counter() - t0
        t0 = time.perf_counter()
        fpure, fmixed = float_path(N)
        tf = time.perf_counter() - t0
        agree = fpure == pure
        shown = str(pure) if len(pure) < 6 else f"{pure[:3]}... ({len(pure)})"
        print(f"{N:>9} {tc:>12.2f} {tf:>9.2f} {tc / tf:>6.1f}  {shown:<30} {'yes' if agree else 'NO: ' + str(fpure[:6])}"
              f"   mixed: {len(mixed)} certified ({'complete' if mixed.complete else 'incomplete'})")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB; load average {os.getloadavg()[0]:.1f}; CPU {time.process_time():.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
