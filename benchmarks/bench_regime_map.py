"""Benchmark: regime maps of 400x400 points, end to end, certified against a plain float sweep.

For N = 20 and N = 200, in one run:

* ``regimes``: the command ``gametheory regimes --x tau_p=0:3:400 --y Delta_gamma=-0.4:1.5:400 -N N``
  (certified sweep: every sign exact at every grid point; mixed equilibria; vectorised CSV), timed in
  process, with its peak memory;
* ``float``: the baseline of the same run: payoff tables in plain floats over the whole grid at once and
  pure equilibria from float signs (no certificate, no mixed equilibria, no CSV).

Prints wall and CPU times, the ratio certified/float, and the peak memory (the sweep works in chunks, so
memory is O(grid) plus O(N x chunk)).  Run: ``python benchmarks/bench_regime_map.py``.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time

import numpy as np


def timed(f):
    w, c = time.perf_counter(), time.process_time()
    out = f()
    return out, time.perf_counter() - w, time.process_time() - c


def float_sweep(N: int, n: int = 400):
    from gametheory.games.anonymous import pure_masks
    from gametheory.models.agglomeration import RESOURCE
    from gametheory.models.base import gaps

    v = RESOURCE.space.grid_values(RESOURCE.defaults(), {"tau_p": np.linspace(0, 3, n),
                                                         "Delta_gamma": np.linspace(-0.4, 1.5, n)})
    out = []
    for i in range(0, n, 50):       # chunks, or N = 200 needs gigabytes
        sub = {k: (a[i:i + 50] if a.shape[0] > 1 else a) for k, a in v.items()}
        D = gaps(*RESOURCE.payoff_arrays(N, sub))
        out.append(pure_masks(np.sign(D).astype(np.int8))[0])
    return out


def main() -> int:
    from gametheory.cli import main as cli

    print(f"{'N':>4} {'certified wall s':>17} {'CPU s':>7} {'float wall s':>13} {'CPU s':>7} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for N in (20, 200):
            _, wc, cc = timed(lambda: cli(["regimes", "--x", "tau_p=0:3:400", "--y", "Delta_gamma=-0.4:1.5:400",
                                           "-N", str(N), "--out", os.path.join(tmp, f"m{N}.csv")]))
            _, wf, cf = timed(lambda: float_sweep(N))
            print(f"{N:>4} {wc:>17.2f} {cc:>7.2f} {wf:>13.2f} {cf:>7.2f} {wc / wf:>6.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process {peak:.0f} MB; load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
