"""Every comparative-statics sign of the resource game decided: counts by outcome and method, and timings.

For N = 2, 3, 5, 20 at the defaults of docs/model.md and at four other points, decides
(gametheory.analysis.statics) every entry dD_k/d(theta) of the interior-regime table, of the table
in the regimes that hold at the point, and every threshold sensitivity d(theta*)/d(phi) of the
pattern thresholds; prints how many entries are +, -, 0, ± or undecided, by method.
"""

from __future__ import annotations

import time
from collections import Counter
from fractions import Fraction as F

from gametheory.analysis.statics import statics_table
from gametheory.analysis.thresholds import incentive_thresholds
from gametheory.game import AgglomerationGame

POINTS = {"defaults": {}, "a_A=10": {"a_A": 10}, "tau_p=1/5": {"tau_p": F(1, 5)}, "e=-1/2, a_B=30": {"e": F(-1, 2), "a_B": 30},
          "gamma_A=1, Delta_gamma=-1/2": {"gamma_A": 1, "Delta_gamma": F(-1, 2)}}


def main() -> None:
    total: Counter = Counter()
    for N in (2, 3, 5, 20):
        for name, pt in POINTS.items():
            g = AgglomerationGame(N, **pt)
            t0 = time.process_time()
            counts: Counter = Counter()
            for regimes in ("interior", "local"):
                for row in statics_table(g, regimes=regimes).values():
                    for d in row.values():
                        counts[(f"dD_k ({regimes})", d.text, d.how)] += 1
            for par in g.model.threshold_parameters:
                for k in (1, N):
                    for th in incentive_thresholds(g, k, par, sensitivities=True):
                        for s in th.sensitivities:
                            counts[("threshold", s["sign"] or "undecided", s["how"])] += 1
            total.update(counts)
            undecided = sum(v for (kind, sign, how), v in counts.items() if sign == "undecided")
            print(f"N = {N:2d}, {name:28s} {sum(counts.values()):4d} entries, {undecided} undecided  "
                  f"[{time.process_time() - t0:.1f} s CPU]")
    print("\nall points:")
    for (kind, sign, how), v in sorted(total.items()):
        print(f"  {kind:20s} {sign:10s} {how:18s} {v:5d}")


if __name__ == "__main__":
    main()
