"""Benchmark: every equilibrium of bimatrix games, ours against nashpy 0.0.43, in one run.

Games
    * random integer games (payoffs uniform in 0..99), square sizes 2x2 to 10x10;
    * degenerate games: payoffs drawn from {0, 1, 2} (ties everywhere), games with
      a duplicated strategy, all-zero games, von Stengel's degenerate 3x2 example.

Solvers
    * ``ours``: :func:`gametheory.games.bimatrix.bimatrix_equilibria` (exact mode);
    * ``ours-float``: the same in floating point;
    * ``nashpy-support``: ``nashpy.Game.support_enumeration()`` as shipped;
    * ``nashpy-vertex``: ``nashpy.Game.vertex_enumeration()`` as shipped.

Truth
    For games up to 6x6 the extreme equilibria are computed by brute force in rational
    arithmetic (every basis of both best-response polytopes, ``tests/games/brute_force.py``).
    For larger games the truth is our exact answer joined with every verified
    profile nashpy returns (so a profile nashpy finds and we miss is counted).

Counts per solver
    * *missed*: true extreme equilibria the solver did not return (max-abs distance 1e-6);
    * *false*: returned profiles that are not equilibria (regret above 1e-6);
    * *other*: returned profiles that are equilibria but not extreme (degenerate games).

Times are medians per game; the ratio is nashpy's median over ours on the same games.
nashpy needs more than a minute per 10x10 game, so it runs on ``--nashpy-games`` games
per size while ours runs on ``--games`` games (its median uses all of them).

Run::

    python benchmarks/bench_bimatrix.py            # about 10 minutes on 2 cores
    python benchmarks/bench_bimatrix.py --quick    # sizes up to 8x8, a minute
"""

from __future__ import annotations

import argparse
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


def _ours(A, B):
    return [tuple(np.asarray(v, dtype=float) for v in eq) for eq in bimatrix_equilibria(A, B).equilibria]


def _ours_float(A, B):
    return list(bimatrix_equilibria(A.astype(float), B.astype(float)).equilibria)


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


SOLVERS = {"ours": _ours, "ours-float": _ours_float,
           "nashpy-support": _nashpy("support_enumeration"), "nashpy-vertex": _nashpy("vertex_enumeration")}


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


def run_group(label: str, games: list, nashpy_games: int, stats: dict) -> list:
    times = {name: [] for name in SOLVERS}
    counts = {name: [0, 0, 0, 0] for name in SOLVERS}  # missed, false, other, crashed
    n_true = 0
    for g, (A, B) in enumerate(games):
        results = {}
        for name, solve in SOLVERS.items():
            if name.startswith("nashpy") and g >= nashpy_games:
                continue
            t0 = time.perf_counter()
            out = solve(A, B)
            times[name].append(time.perf_counter() - t0)
            results[name] = out
        if A.shape[0] <= 6:
            truth = [tuple(np.array(v, dtype=float) for v in eq) for eq in extreme_equilibria(A.tolist(), B.tolist())]
        else:
            truth = list(results["ours"])
            for name, out in results.items():
                if name.startswith("nashpy") and not isinstance(out, Exception):
                    truth += [p for p in out if is_equilibrium(A, B, *p, tol=TOL)
                              and not any(_close(p, t) for t in truth)]
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
    paired = {name: statistics.median(t[:nashpy_games]) for name, t in times.items() if t}
    for name in SOLVERS:
        m, f, o, c = counts[name]
        crash = f" crash {c}" if c else ""
        ratio = "" if name.startswith("ours") else f" x{paired[name] / paired['ours']:.2g}"
        row.append(f"{med[name]:.3g}s{ratio} | {m}/{f}/{o}{crash}")
        for k, v in zip(("missed", "false", "other", "crashed"), counts[name]):
            stats[name][k] += v
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", type=int, default=20, help="random games per size for our solver")
    parser.add_argument("--nashpy-games", type=int, default=3, help="of which nashpy solves this many (sizes <= 8)")
    parser.add_argument("--nashpy-large", type=int, default=2, help="games nashpy solves at 9x9 and 10x10")
    parser.add_argument("--quick", action="store_true", help="sizes up to 8x8 only")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    stats = {name: {"missed": 0, "false": 0, "other": 0, "crashed": 0} for name in SOLVERS}
    header = ["games", "n", "extreme eq"] + [f"{name}: median time (x ratio), missed/false/other"
                                              for name in SOLVERS]
    for solve in SOLVERS.values():  # warm up imports so that they are not timed
        solve(np.eye(2, dtype=int), np.eye(2, dtype=int))
    rows = []
    for size in range(2, 9 if args.quick else 11):
        k = args.nashpy_large if size >= 9 else args.nashpy_games
        rows.append(run_group(f"random {size}x{size}", random_games(size, args.games, rng), k, stats))
        print(" ; ".join(rows[-1]), flush=True)
    degenerate = degenerate_games(rng)
    rows.append(run_group("degenerate set", degenerate, len(degenerate), stats))
    print(" ; ".join(rows[-1]), flush=True)
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))  # one column per header cell
    for row in rows:
        print("| " + " | ".join(c.replace(" | ", ", ") for c in row) + " |")
    print()
    for name, s in stats.items():
        print(f"{name:15s} missed {s['missed']:3d}  false {s['false']:3d}  other {s['other']:3d}  crashed {s['crashed']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
