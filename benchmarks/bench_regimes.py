"""Benchmark: the command ``gametheory regimes`` on a 400x400 grid, sweep and end to end (issue 14).

For N = 20 and N = 200, in one run:

* ``sweep``: :func:`gametheory.analysis.sweeps.sweep` in process (certified gaps, exact fallback, mixed roots);
* ``csv``: :func:`gametheory.cli.regimes.write_csv` of that sweep;
* ``end to end``: ``python -m gametheory regimes --x tau_p=0:3:400 --y Delta_gamma=-0.4:1.5:400 -N N --out F``
  in a fresh process (start-up, sweep, CSV), wall time;
* ``float``: the baseline of the same run: payoff tables in plain floats over the whole grid and pure equilibria
  from float signs (no certificate, no mixed equilibria, no CSV); the ratio is end to end / float.

With ``--rev REV`` (a git revision of this repository), the end-to-end command also runs on that revision
(``git archive`` into a temporary directory), alternating with this tree, and the two CSV files are compared
byte for byte: a before/after on the same machine load.  ``--repeat R`` takes the best of R runs.

Run: ``python benchmarks/bench_regimes.py [--rev HEAD~5] [--repeat 3]`` (about a minute on 2 cores).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from types import SimpleNamespace


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
X, Y = "tau_p=0:3:400", "Delta_gamma=-0.4:1.5:400"

# the in-process rows run as the command does: BLAS on one thread (set before numpy loads) and freed memory kept
from gametheory.cli.common import keep_freed_memory, one_blas_thread  # noqa: E402  (imports no numpy)

one_blas_thread()
keep_freed_memory()

from bench_regime_map import float_sweep  # noqa: E402  (the same float baseline; benchmarks/ is on the path)


def in_process(N: int, out: str) -> tuple[float, float]:
    """Wall times of the sweep and of the CSV, in this process."""
    from gametheory.analysis.sweeps import Axis, sweep
    from gametheory.cli.regimes import write_csv
    from gametheory.models.agglomeration import RESOURCE

    xa, ya = Axis.parse(X, RESOURCE.space), Axis.parse(Y, RESOURCE.space)
    t0 = time.perf_counter()
    sw = sweep(SimpleNamespace(model=RESOURCE, N=N, params=RESOURCE.defaults()), [xa, ya])
    t1 = time.perf_counter()
    write_csv(sw, out)
    return t1 - t0, time.perf_counter() - t1


def end_to_end(N: int, out: str, tree: str) -> float:
    """Wall time of the command in a fresh process running the package in ``tree``."""
    env = dict(os.environ, PYTHONPATH=tree)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gametheory", "regimes", "--x", X, "--y", Y, "-N", str(N), "--out", out],
                   check=True, env=env, cwd=tree, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", help="a git revision to time end to end alongside this tree (before/after)")
    ap.add_argument("--repeat", type=int, default=1, help="best of this many runs (default 1)")
    ap.add_argument("--n", type=int, nargs="+", default=[20, 200], help="numbers of firms (default 20 200)")
    args = ap.parse_args()
    sys.path.insert(0, ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        old = None
        if args.rev:
            old = os.path.join(tmp, "rev")
            os.mkdir(old)
            archive = subprocess.run(["git", "-C", ROOT, "archive", args.rev], check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", old], input=archive, check=True)
        head = f"{'N':>4} {'sweep s':>8} {'csv s':>6} {'end to end s':>13} {'float s':>8} {'ratio':>6}"
        print(head + (f" {args.rev + ' end to end s':>24} {'speed-up':>9} {'same CSV':>9}" if old else ""))
        for N in args.n:
            best = lambda f: min(f() for _ in range(max(1, args.repeat)))  # noqa: E731
            sw, csv = min((in_process(N, os.path.join(tmp, f"p{N}.csv")) for _ in range(max(1, args.repeat))),
                          key=sum)
            new_csv, old_csv = os.path.join(tmp, f"new{N}.csv"), os.path.join(tmp, f"old{N}.csv")
            e_new, e_old = [], []
            for _ in range(max(1, args.repeat)):    # alternate, so that both see the same load
                e_new.append(end_to_end(N, new_csv, ROOT))
                if old:
                    e_old.append(end_to_end(N, old_csv, old))
            wf = best(lambda: _timed(lambda: float_sweep(N)))
            line = f"{N:>4} {sw:>8.2f} {csv:>6.2f} {min(e_new):>13.2f} {wf:>8.2f} {min(e_new) / wf:>6.1f}"
            if old:
                same = filecmp.cmp(new_csv, old_csv, shallow=False)
                line += f" {min(e_old):>24.2f} {min(e_old) / min(e_new):>8.1f}x {'yes' if same else 'NO':>9}"
            print(line, flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


def _timed(f) -> float:
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
