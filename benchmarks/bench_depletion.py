"""Benchmark: depletion runs of T = 10,000 periods with N = 1,000 firms (issue 12: each under 5 s).

Scenarios (the resource game at MODEL.md's defaults, start n_A = N):

* ``defaults``: ENVIRONMENT.md section 5 (S0 = 300, zeta = 1, rho = 0, eta = 1); the stock is
  exhausted within ~25 periods, after which the exact state repeats;
* ``slow``: zeta = 1/500: the cluster lasts ~5,000 periods, dissolves, and the stock keeps falling
  to the horizon (every period is evaluated: exact at first, then certified batches);
* ``renewable``: zeta = 1/100, rho = 1/20: the stock settles at its steady state;
* ``eta=1/2``: zeta = 1/400, eta = 1/2 (e_t irrational: certified from the start);
* ``speed``: zeta = 1/500 with at most 3 moves a period (the dissolution takes ~250 periods, each
  evaluated on its own).

Baseline, measured in the same run: a naive exact implementation of section 5 (Fractions, the
adjustment rule written as a plain loop over single-configuration payoffs, the stock recursion in
rationals) on the first ``BASE_T`` periods of ``slow``; its per-period time times 10,000 is the
projected full run.  That projection is a lower bound: the exact stock gains about 30 bits a period,
so the naive run's later periods are slower than its first ones.

Run: ``python benchmarks/bench_depletion.py``.
"""

from __future__ import annotations

import time
from fractions import Fraction as F

import gametheory as gt

N, T = 1000, 10_000
BASE_T = 200
SCENARIOS = {
    "defaults": {},
    "slow": {"zeta": F(1, 500)},
    "renewable": {"zeta": F(1, 100), "rho": F(1, 20)},
    "eta=1/2": {"zeta": F(1, 400), "eta": F(1, 2)},
    "speed": {"zeta": F(1, 500), "moves": 3},
}


def naive_exact(game, periods: int, zeta=F(1), S0=F(300)) -> float:
    """Seconds per period of the obvious exact implementation (see the module docstring)."""
    model, n = game.model, game.N
    p = dict(game.params)
    e, S, k = p["e"], S0, n
    t0 = time.perf_counter()
    for _ in range(periods):
        v = dict(p, e=e * S / S0)
        pay = {}

        def A(j):
            return pay.setdefault(("A", j), model.payoffs(n, F(j), v)[0])

        def B(j):
            return pay.setdefault(("B", j), model.payoffs(n, F(j), v)[1])

        while True:
            gA = B(k - 1) - A(k) if k >= 1 else None
            gB = A(k + 1) - B(k) if k < n else None
            a, b = gA is not None and gA > 0, gB is not None and gB > 0
            if not (a or b):
                break
            k = k - 1 if a and (not b or gA >= gB) else k + 1
        w = model.welfare(n, F(k), v)
        S = max(F(0), S - zeta * (w["X_A"] + w["X_B"]))
    return (time.perf_counter() - t0) / periods


def main() -> None:
    game = gt.AgglomerationGame(N=N)
    game.deplete(T=30)                                   # imports and caches warm
    print(f"depletion runs, N = {N:,} firms, T = {T:,} periods")
    print(f"{'scenario':<11} {'time':>8} {'exact':>7} {'certified':>10} {'max rel. radius':>16} {'dissolution':>12}")
    times = {}
    for name, kw in SCENARIOS.items():
        t0 = time.perf_counter()
        d = game.deplete(T=T, **kw)
        times[name] = time.perf_counter() - t0
        rel = max(float(r / max(s, 1.0)) for r, s in zip(d.S_radius, d.S))
        print(f"{name:<11} {times[name]:>7.2f}s {d.exact_periods:>7} {T - d.exact_periods:>10} {rel:>16.1e} "
              f"{str(d.dissolution):>12}")
    per = naive_exact(game, BASE_T, zeta=SCENARIOS["slow"]["zeta"])
    projected = per * T
    print(f"baseline: naive exact implementation, {BASE_T} periods of 'slow': {per * 1e3:.2f} ms a period, "
          f"projected {projected:.0f} s for {T:,} periods (a lower bound)")
    print(f"'slow' is {projected / times['slow']:.0f}x the projected naive run")
    worst = max(times.values())
    print(f"target: every run under 5 s: {'met' if worst < 5 else 'NOT met'} (slowest {worst:.2f} s)")


if __name__ == "__main__":
    main()
