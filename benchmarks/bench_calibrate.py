"""Benchmark: the calibration's inference on the resource game, free a_B, half the firms in A.

For each N prints the time of each step of ``gametheory calibrate`` after the DO index: the scan of the
mixed equilibria over the parameter's range (2,000 points), the identified set (exact ends, and the unique
set that needs the thresholds of every D_k), the confidence set (certified bisection of the mixed ends),
the closest fit, and, for N = 10, the exact coverage of the confidence sets at the true values of a grid
(the sum over the counts of P(n_A) 1[theta0 in C(n_A)] under the stable mixed equilibrium).

Run: ``python benchmarks/bench_calibrate.py``.
"""

from __future__ import annotations

import math
import os
import time

import numpy as np

import gametheory as gt
from gametheory.analysis.identification import identified_set
from gametheory.calibrate.fit import fit
from gametheory.calibrate.inference import confidence_set, mixed_scan


def timed(f):
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def main() -> None:
    print(f"calibration benchmark, free a_B, n_A = N/2; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    warm = gt.AgglomerationGame(N=8)           # imports and first-call costs out of the timings
    confidence_set(warm, 4, "a_B")
    print(f"{'N':>6} {'scan':>7} {'identified':>11} {'+unique':>8} {'confidence':>11} {'fit':>6}  confidence set")
    for N in (20, 90, 1000):
        game = gt.AgglomerationGame(N=N)
        n = N // 2
        t_scan, scan = timed(lambda: mixed_scan(game, "a_B"))
        t_id, ident = timed(lambda: identified_set(game, n, "a_B", mixed=False, unique=False))
        t_un, _ = timed(lambda: identified_set(game, n, "a_B", mixed=False)) if N <= 90 else (None, None)
        t_cs, cs = timed(lambda: confidence_set(game, n, "a_B", scan=scan, identified=ident))
        t_fit, _ = timed(lambda: fit(game, n + 1, "a_B", scan))
        print(f"{N:>6} {t_scan:>6.2f}s {t_id:>10.2f}s {'-' if t_un is None else f'{t_un:.2f}s':>8} {t_cs:>10.2f}s {t_fit:>5.2f}s  {cs.text}")
    # exact coverage for N = 10 along the stable mixed branch
    N = 10
    game = gt.AgglomerationGame(N=N)
    scan = mixed_scan(game, "a_B")
    t_sets, sets = timed(lambda: [confidence_set(game, k, "a_B", scan=scan) for k in range(N + 1)])
    covers = []
    for x in np.linspace(9.0, 14.0, 101):
        from fractions import Fraction

        g = game.replace(a_B=Fraction(x).limit_denominator(10**6))
        for m in g.anonymous_game().mixed_equilibria(exact=False):
            covers.append(sum(math.comb(N, k) * m.p ** k * (1 - m.p) ** (N - k) for k in range(N + 1)
                              if sets[k].contains(float(x))))
    print(f"N = 10: the {N + 1} confidence sets in {t_sets:.1f} s; exact coverage at {len(covers)} (value, mixed "
          f"equilibrium) pairs on a_B in [9, 14]: min {min(covers):.4f}, mean {np.mean(covers):.4f} (level 0.95)")


if __name__ == "__main__":
    main()
