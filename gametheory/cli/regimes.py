"""``gametheory regimes``: a regime map over a 2-D grid of parameters, as CSV."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser("regimes", help="equilibria and regimes on a 2-D parameter grid (CSV)",
                       description="Solve the game at every point of a grid (COUNT points from LO to HI inclusive "
                                   "on each axis) and write one CSV row per point: "
                                   "<xname>,<yname>,pure_equilibria,mixed_equilibria,regime.")
    p.add_argument("--x", required=True, metavar="NAME=LO:HI:COUNT", help="first axis, e.g. tau_p=0:3:400")
    p.add_argument("--y", required=True, metavar="NAME=LO:HI:COUNT", help="second axis, e.g. Delta_gamma=-0.4:1.5:400")
    p.add_argument("-N", "--firms", dest="N", type=int, default=2, help="number of firms N >= 2 (default 2)")
    p.add_argument("-p", "--param", dest="params", action="append", default=[], metavar="NAME=VALUE",
                   help="fix a model parameter (repeatable)")
    p.add_argument("--out", required=True, metavar="FILE.csv", help="output CSV file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys
    import time

    import numpy as np

    from gametheory.analysis.sweeps import Axis, sweep
    from gametheory.errors import UserInputError
    from gametheory.params import Params

    if args.N < 2:
        raise UserInputError(f"-N must be at least 2 (got {args.N})")
    xa, ya = Axis.parse(args.x), Axis.parse(args.y)
    params = Params.from_assignments(args.params)
    fixed = {n for n, _ in (a.split("=", 1) for a in args.params)}
    clash = {xa.name, ya.name} & (fixed | ({"gamma_B"} if "Delta_gamma" in fixed else set()))
    if clash:
        raise UserInputError(f"{', '.join(sorted(clash))} is both an axis and a --param")
    t0 = time.perf_counter()
    sw = sweep(args.N, params, [xa, ya])
    rows = _rows(sw, progress=sys.stderr.isatty())
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(f"{xa.name},{ya.name},pure_equilibria,mixed_equilibria,regime\n")
        fh.writelines(rows)
    outside = int(np.sum(~sw.valid))
    note = f"; {outside} points outside the model's domain (regime 'outside')" if outside else ""
    print(f"wrote {len(rows)} rows to {args.out} in {time.perf_counter() - t0:.2f} s{note}", file=sys.stderr)
    return 0


def _rows(sw, progress: bool) -> list[str]:
    """CSV lines; equilibria as ';'-separated lists (k values; p rounded to 1e-6)."""
    import numpy as np
    from tqdm import tqdm

    from gametheory.analysis.regimes import REGIMES

    names = np.array(list(REGIMES) + ["outside"])
    xa, ya = sw.axes
    fmt = lambda v: repr(float(v)) if float(v) != int(v) or abs(v) > 1e15 else str(int(v))
    xs = [fmt(v) for v in xa.values]
    ys = [fmt(v) for v in ya.values]
    out = []
    for i in tqdm(range(len(xs)), disable=not progress, desc="rows", unit="row", file=None):
        pure_i = sw.pure[:, i, :]
        mp, ms = sw.mixed_p[:, i, :], sw.mixed_stable[:, i, :]
        for j in range(len(ys)):
            pure = ";".join(str(k) for k in np.flatnonzero(pure_i[:, j]))
            mixed = ";".join(f"{round(p, 6):.6f}".rstrip("0").rstrip(".") for p in mp[:, j] if np.isfinite(p))
            out.append(f"{xs[i]},{ys[j]},{pure},{mixed},{names[sw.regime[i, j]]}\n")
    return out
