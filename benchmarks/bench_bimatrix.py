"""Benchmark: every equilibrium of bimatrix games; new method against the old one and nashpy, in one run.

Games
    * random integer games (payoffs uniform in 0..99), square sizes 2x2 to 10x10 (12x12 with ``--large``);
    * degenerate games: payoffs drawn from {0, 1, 2} (ties everywhere), games with
      a duplicated strategy, all-zero games, von Stengel's degenerate 3x2 example.

Solvers
    * ``new``: :func:`gametheory.games.bimatrix.bimatrix_equilibria`, exact mode, default
      enumeration ``"auto"``: lexicographic pivoting in exact integers up to 5x5, in floating
      point above, exact certification;
    * ``old``: the same function with ``enumeration="all-bases"`` (the previous method:
      every basis of both polytopes solved in numpy batches, exact certification);
    * ``exact-piv``: ``enumeration="exact-pivoting"`` (integer pivoting throughout);
    * ``new-float``: the default enumeration in floating point (float pivoting at every size);
    * ``nashpy-support``: ``nashpy.Game.support_enumeration()`` as shipped;
    * ``nashpy-vertex``: ``nashpy.Game.vertex_enumeration()`` as shipped.

Truth
    For games up to 6x6 the extreme equilibria are computed by brute force in rational
    arithmetic (every basis of both best-response polytopes, ``tests/games/brute_force.py``).
    For larger games the truth is the union of the new, old and exact-pivoting answers and of
    every verified profile nashpy returns (so a profile any solver finds and another misses counts).

Counts per solver
    * *missed*: true extreme equilibria the solver did not return (max-abs distance 1e-6);
    * *false*: returned profiles that are not equilibria (regret above 1e-6);
    * *other*: returned profiles that are equilibria but not extreme (degenerate games).

Times are medians over the games of the best of 3 runs per game for our solvers (one run for
nashpy, which takes seconds to minutes per game).  Ratios are measured in the same run on the same games:
``old/new`` is the old median over the new one, and each nashpy column shows its
median over the new one on the games nashpy solved.  nashpy needs about a minute per
10x10 game, so it runs on ``--nashpy-games`` games per size (``--nashpy-large`` at 9x9
and 10x10) while our solvers run on ``--games`` games.

Run::

    python benchmarks/bench_bimatrix.py            # about 10 minutes on 2 cores
    python benchmarks/bench_bimatrix.py --quick    # sizes up to 8x8, nashpy on 1 game per size
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "games"))

from brute_force import extreme_equilibria  # noqa: E402
from gametheory.games.bimatrix import bimatrix_equilibria, is_equilibrium  # noqa: E402

TOL = 1e-6
REPEATS = 3  # our solvers: best of 3 runs per game (as timeit does), nashpy: one run (seconds per game)


def _ours(enumeration: str, exact: bool = True):
    def solve(A, B):
        A_, B_ = (A, B) if exact else (A.astype(float), B.astype(float))
        result = bimatrix_equilibria(A_, B_, enumeration=enumeration)
        return [tuple(np.asarray(v, dtype=float) for v in eq) for eq in result.equilibria]
    return solve


def _nashpy(method):
    def solve(A, B):
        import nashpy

        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                return [tuple(np.asarray(v, dtype=float) for v in eq) for eq in getattr(nashpy.Game(A, B), method)()]
            except Exception as exc:  # nashpy's vertex enumeration can crash on degenerate games
                return exc
    return solve


SOLVERS = {"new": _ours("auto"), "old": _ours("all-bases"), "exact-piv": _ours("exact-pivoting"),
           "new-float": _ours("auto", exact=False),
           "nashpy-support": _nashpy("support_enumeration"), "nashpy-vertex": _nashpy("vertex_enumeration")}
OURS = ("new", "old", "exact-piv", "new-float")


def _close(p, q) -> bool:
    return len(p[0]) == len(q[0]) and np.allclose(np.concatenate(p), np.concatenate(q), atol=TOL, rtol=0)


def random_games(size: int, count: int, rng) -> list:
    return [(rng.integers(0, 100, (size, size)), rng.integers(0, 100, (size, size))) for _ in range(count)]


def degenerate_games(rng) -> list:
    games = [(np.array([[3, 3], [2, 5], [0, 6]]), np.array([[3, 3], [2, 6], [3, 1]]))]
    games += [(np.zeros((s, s), dtype=int), np.zeros((s, s), dtype=int)) for s in (2, 4, 6)]
    for s in (3, 4, 5, 6):
        for _ in range(3):
            games.append((rng.integers(0, 3, (s, s)), rng.integers(0, 3, (s, s))))
        A, B = rng.integers(0, 100, (s, s)), rng.integers(0, 100, (s, s))
        A[1], B[1] = A[0], B[0]  # duplicated row strategy
        A[:, 2 % s], B[:, 2 % s] = A[:, 0], B[:, 0]  # duplicated column strategy
        games.append((A, B))
    return games


def run_group(label: str, games: list, nashpy_games: int, stats: dict, medians: dict) -> list:
    times = {name: [] for name in SOLVERS}
    counts = {name: [0, 0, 0, 0] for name in SOLVERS}  # missed, false, other, crashed
    n_true = 0
    for g, (A, B) in enumerate(games):
        results = {}
        for name, solve in SOLVERS.items():
            if name.startswith("nashpy") and g >= nashpy_games:
                continue
            best = float("inf")
            for _ in range(1 if name.startswith("nashpy") else REPEATS):
                t0 = time.perf_counter()
                out = solve(A, B)
                best = min(best, time.perf_counter() - t0)
            times[name].append(best)
            results[name] = out
        if A.shape[0] <= 6:
            truth = [tuple(np.array(v, dtype=float) for v in eq) for eq in extreme_equilibria(A.tolist(), B.tolist())]
        else:
            truth = []
            for name, out in results.items():
                if not isinstance(out, Exception):
                    truth += [p for p in out if is_equilibrium(A, B, *p, tol=TOL) and not any(_close(p, t) for t in truth)]
        n_true += len(truth)
        for name, out in results.items():
            if isinstance(out, Exception):
                counts[name][3] += 1
                continue
            counts[name][0] += sum(not any(_close(t, p) for p in out) for t in truth)
            for p in out:
                if not is_equilibrium(A, B, *p, tol=TOL):
                    counts[name][1] += 1
                elif not any(_close(p, t) for t in truth):
                    counts[name][2] += 1
    row = [label, str(len(games)), str(n_true)]
    med = {name: statistics.median(t) if t else float("nan") for name, t in times.items()}
    paired_new = statistics.median(times["new"][:nashpy_games]) if nashpy_games else float("nan")
    medians[label] = med
    for name in SOLVERS:
        m, f, o, c = counts[name]
        crash = f" crash {c}" if c else ""
        if name == "new":
            ratio = ""
        elif name in OURS:
            ratio = f" x{med[name] / med['new']:.3g}"
        else:
            ratio = f" x{statistics.median(times[name]) / paired_new:.3g}" if times[name] else ""
        row.append(f"{_fmt(med[name])}{ratio} | {m}/{f}/{o}{crash}")
        for k, v in zip(("missed", "false", "other", "crashed"), counts[name]):
            stats[name][k] += v
    return row


def _fmt(seconds: float) -> str:
    if seconds != seconds:
        return "-"
    return f"{seconds * 1e3:.3g} ms" if seconds < 1 else f"{seconds:.3g} s"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", type=int, default=20, help="random games per size for our solvers")
    parser.add_argument("--nashpy-games", type=int, default=3, help="of which nashpy solves this many (sizes <= 8)")
    parser.add_argument("--nashpy-large", type=int, default=2, help="games nashpy solves at 9x9 and 10x10")
    parser.add_argument("--quick", action="store_true", help="sizes up to 8x8 only, nashpy on 1 game per size")
    parser.add_argument("--large", action="store_true", help="also 12x12 (without nashpy)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.quick:
        args.nashpy_games = 1
    rng = np.random.default_rng(args.seed)
    stats = {name: {"missed": 0, "false": 0, "other": 0, "crashed": 0} for name in SOLVERS}
    medians: dict = {}
    import nashpy

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {np.__version__}, nashpy {nashpy.__version__}; load average at start "
          f"{os.getloadavg()[0]:.1f}; seed {args.seed}", flush=True)
    header = ["games", "n", "extreme eq"] + [f"{name}: median (x ratio to new), missed/false/other" for name in SOLVERS]
    for solve in SOLVERS.values():  # warm up imports so that they are not timed
        solve(np.eye(2, dtype=int), np.eye(2, dtype=int))
    rows = []
    sizes = list(range(2, 9 if args.quick else 11)) + ([12] if args.large else [])
    for size in sizes:
        k = 0 if size > 10 else (args.nashpy_large if size >= 9 else args.nashpy_games)
        rows.append(run_group(f"random {size}x{size}", random_games(size, args.games, rng), k, stats, medians))
        print(" ; ".join(rows[-1]), flush=True)
    degenerate = degenerate_games(rng)
    rows.append(run_group("degenerate set", degenerate, len(degenerate), stats, medians))
    print(" ; ".join(rows[-1]), flush=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(c.replace(" | ", ", ") for c in row) + " |")
    print()
    for name, s in stats.items():
        print(f"{name:15s} missed {s['missed']:3d}  false {s['false']:3d}  other {s['other']:3d}  crashed {s['crashed']}")
    biggest = f"random {max(s for s in sizes if s <= 10)}x{max(s for s in sizes if s <= 10)}"
    med = medians[biggest]
    print(f"\n{biggest}: new median {_fmt(med['new'])}, old median {_fmt(med['old'])} "
          f"(old/new = {med['old'] / med['new']:.3g}), nashpy-support median {_fmt(med['nashpy-support'])}, "
          f"nashpy-vertex median {_fmt(med['nashpy-vertex'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
