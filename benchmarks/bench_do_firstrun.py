"""First run against second run of ``gametheory do``: the cost of numba's compilation.

numba compiles the DO kernels on first use and caches them on disk (``cache=True``; in
``__pycache__`` next to the installed module, or in ``NUMBA_CACHE_DIR``).  CI and new
users start without a cache, so the first run pays the compile time.  This script:

1. runs ``gametheory do sample --industry processing --simulations 1000`` twice in fresh
   processes with a fresh, empty ``NUMBA_CACHE_DIR`` (first run: compile and run; second
   run: cache hits), and prints wall and CPU seconds of each (CPU of the child process,
   from ``resource.getrusage``) and their ratio, the second run being the baseline;
2. with another fresh cache, compiles the kernels of one run in-process and prints the
   compile time of each (numba's compile events, inclusive of the kernels each one calls).

Usage: ``python benchmarks/bench_do_firstrun.py [--simulations S]``.  Exits 0.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PER_KERNEL = r'''
import sys, time
from collections import defaultdict
from numba.core import event
from gametheory.do import read_establishments, do_index
census = read_establishments("sample")
with event.install_recorder("numba:compile") as rec:
    do_index(census, "processing", simulations=40, seed=0)
starts, total, count = {}, defaultdict(float), defaultdict(int)
for ts, ev in rec.buffer:
    d = ev.data["dispatcher"]
    if not d.py_func.__module__.startswith("gametheory"):
        continue
    key = (d.py_func.__name__, str(ev.data["args"]))
    if ev.is_start:
        starts[key] = ts
    else:
        total[key[0]] += ts - starts[key]
        count[key[0]] += 1
for name in sorted(total, key=lambda k: -total[k]):
    print(f"  {name:16s} {count[name]} signature(s) {total[name]:6.2f} s")
'''


def child(cmd, env) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--simulations", type=int, default=1000)
    args = parser.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    print(f"first and second run of 'gametheory do sample --industry processing --simulations "
          f"{args.simulations}', fresh NUMBA_CACHE_DIR; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} before")
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        env["NUMBA_CACHE_DIR"] = cache
        cmd = [sys.executable, "-m", "gametheory", "do", "sample", "--industry", "processing",
               "--simulations", str(args.simulations), "--out", out, "--quiet"]
        first = child(cmd, env)
        second = child(cmd, env)
    print(f"{'run':<8} {'wall s':>8} {'cpu s':>8} {'wall ratio':>11} {'cpu ratio':>10}")
    for name, (wall, cpu) in [("first", first), ("second", second)]:
        print(f"{name:<8} {wall:>8.2f} {cpu:>8.2f} {wall / second[0]:>10.2f}x {cpu / second[1]:>9.2f}x")
    print(f"compile cost of the first run: {first[0] - second[0]:.2f} s wall, {first[1] - second[1]:.2f} s CPU")
    print("compile time per kernel (fresh cache, one run of do_index; inclusive of the kernels it calls):")
    with tempfile.TemporaryDirectory() as cache:
        env["NUMBA_CACHE_DIR"] = cache
        subprocess.run([sys.executable, "-c", PER_KERNEL], env=env, check=True)
    print(f"(load average {os.getloadavg()[0]:.1f} after)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
