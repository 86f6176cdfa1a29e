"""Benchmark: wall and CPU time of the main job (``gametheory paper``) and of the test suite.

Each is run as a child process (``resource.getrusage(RUSAGE_CHILDREN)`` gives the CPU time of the
process and the children it waited for).  The main job's workers are forked by a forkserver, which
getrusage does not see: its row adds the workers' CPU time that the job prints on its last line
(``time.process_time`` of each task); the forkserver's own imports (sympy, numpy, this package, preloaded
once for the workers) escape both, so on Linux the column ``machine CPU s`` also gives the CPU time of the whole
machine during the run (``/proc/stat``: every process, so it equals the job's total only on an otherwise idle
machine).  The machine's load average is printed next to the times,
since a shared machine inflates wall time, and a speed probe (:func:`speed_probe`, before and after), since the
speed of a virtual machine's cores drifts.  The baseline of the same run is ``gametheory solve`` (start-up and one
small game), so the ratio says how many "start-ups" the job costs.

    python benchmarks/bench_main_job.py            # the main job only (about a minute)
    python benchmarks/bench_main_job.py --suite    # and the whole test suite (a few minutes)
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time


def machine_cpu() -> float | None:
    """CPU seconds the whole machine has spent since boot (user, nice, system; ``/proc/stat``), or None."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
        return (int(fields[1]) + int(fields[2]) + int(fields[3])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def speed_probe(repeat: int = 5) -> float:
    """CPU seconds of a fixed pure-Python workload (the median of ``repeat``): the machine's speed at the moment.

    On a shared virtual machine the speed of a core drifts (this loop took 0.37-0.67 s for 5 million steps within a
    minute on the development machine); the probe samples it before and after the job only, so ``probe units``
    (the job's machine CPU time over the probe's) is a rough help to compare runs made at different times, not a
    correction."""
    import statistics

    def once():
        t = time.process_time()
        s = 0
        for i in range(2_000_000):
            s += i * i % 7
        return time.process_time() - t

    return statistics.median(once() for _ in range(repeat))


def run(cmd: list[str], cwd=None) -> tuple[float, float, float | None, int]:
    """``(wall s, CPU s of the child, its waited-for children and the workers it reports, machine CPU s during the
    run or None, exit status)``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    m0 = machine_cpu()
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    m1 = machine_cpu()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if r.returncode not in (0,):
        sys.stderr.write(r.stderr[-2000:])
    workers = re.search(r"([0-9.]+) s CPU in the workers", r.stdout)
    if workers:
        cpu += float(workers.group(1))
    return wall, cpu, (None if m0 is None or m1 is None else m1 - m0), r.returncode


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", action="store_true", help="also time the whole test suite")
    args = parser.parse_args(argv)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    py = sys.executable
    rows = []
    probe_before = speed_probe()
    base = run([py, "-m", "gametheory", "solve"])
    rows.append(("gametheory solve (baseline)", *base))
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("gametheory paper", *run([py, "-m", "gametheory", "paper", "--out", os.path.join(tmp, "p")])))
    if args.suite:
        rows.append(("python -m pytest (whole suite)", *run([py, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                                                            cwd=root)))
    probe = (probe_before + speed_probe()) / 2
    print(f"{'job':<34} {'wall s':>8} {'CPU s':>8} {'machine CPU s':>14} {'CPU/wall':>9} {'x baseline':>11} "
          f"{'probe units':>12} status")
    for name, wall, cpu, machine, code in rows:
        mtext = "n/a" if machine is None else f"{machine:.1f}"
        units = "n/a" if machine is None else f"{machine / probe:.0f}"
        print(f"{name:<34} {wall:>8.1f} {cpu:>8.1f} {mtext:>14} {cpu / wall:>9.2f} {wall / base[0]:>11.1f} "
              f"{units:>12} {code}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; speed probe {probe:.3f} s "
          f"(before {probe_before:.3f} s; 'probe units' = machine CPU s / probe s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
