"""Benchmark: the anonymous-game solver on the agglomeration game with up to N = 10,000 firms.

Prints, for each N: the time to build the payoff table (vectorised), to find every
pure equilibrium (O(N) by counts) and every symmetric mixed equilibrium (float
Bernstein root finding), next to a baseline measured in the same run:

* pure: a plain Python loop over configurations checking both deviations;
* mixed: the textbook route, expanding E[g(M)] into the power basis and calling
  ``numpy.roots`` -- which loses every root to cancellation once N is a few hundred.

Target (issue 2): N = 10,000 well under a second.  Run: ``python benchmarks/bench_anonymous.py``.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.special import comb

from gametheory.games.anonymous import AnonymousBinaryGame
from gametheory.models.agglomeration import payoff_arrays
from gametheory.params import Params


def best_of(f, repeat=3):
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t)
    return best, out


def baseline_pure(uA, uB):
    N = len(uA)
    return [k for k in range(N + 1)
            if (k == 0 or uA[k - 1] >= uB[k - 1]) and (k == N or uB[k] >= uA[k])]


def baseline_mixed(g):
    """Power-basis polynomial of G(p) and numpy.roots (the naive method)."""
    n = len(g) - 1
    coeffs = np.zeros(n + 1)
    np.seterr(all="ignore")
    for m, gm in enumerate(g):
        # C(n,m) p^m (1-p)^(n-m) = C(n,m) sum_j C(n-m,j) (-1)^j p^(m+j)
        j = np.arange(n - m + 1)
        coeffs[m + j] += comb(n, m) * gm * comb(n - m, j) * (-1.0) ** j
    if not np.all(np.isfinite(coeffs)):
        return "overflow"
    with np.errstate(all="ignore"):
        r = np.roots(coeffs[::-1])
    r = r[np.abs(r.imag) < 1e-9].real
    return sorted(x for x in r if 0 < x < 1)


def main() -> None:
    v = Params.defaults().as_floats
    print(f"{'N':>7} {'table s':>9} {'pure s':>9} {'mixed s':>9} {'total s':>9} {'pure (ours)':>14} "
          f"{'mixed p (ours)':>24} {'loop pure s':>12} {'pure x':>7} {'np.roots p (naive)':>28}")
    for N in (20, 200, 2000, 10_000):
        t_table, (pa, pb) = best_of(lambda: payoff_arrays(N, v))
        game = AnonymousBinaryGame(tuple(pa[1:]), tuple(pb[:-1]))
        t_pure, pure = best_of(game.pure_equilibria)
        t_mixed, mixed = best_of(game.mixed_equilibria, repeat=1 if N > 2000 else 3)
        uA, uB = list(pa[1:]), list(pb[:-1])
        t_loop, pure_loop = best_of(lambda: baseline_pure(uA, uB))
        assert pure_loop == pure
        naive = baseline_mixed(np.asarray(pa[1:] - pb[:-1])) if N <= 2000 else None
        total = t_table + t_pure + t_mixed
        ps = ", ".join(f"{m.p:.6f}" for m in mixed)
        if naive is None or isinstance(naive, str):
            nv = naive or "skipped"
        else:
            nv = (", ".join(f"{x:.6f}" for x in naive[:3]) or "none found") + \
                (f" (+{len(naive) - 3})" if len(naive) > 3 else "")
        print(f"{N:>7} {t_table:>9.4f} {t_pure:>9.4f} {t_mixed:>9.4f} {total:>9.4f} {str(pure):>14} {ps:>24} "
              f"{t_loop:>12.4f} {t_loop / t_pure:>7.1f} {nv:>28}")


if __name__ == "__main__":
    main()
