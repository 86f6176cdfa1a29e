"""``gametheory regimes``: a regime map over a 2-D grid of parameters, as CSV."""

from __future__ import annotations

import argparse

from gametheory.cli.common import add_model_arguments


#: Largest number of CSV rows (grid points) the command writes.
MAX_ROWS = 4_000_000


def register(sub) -> None:
    p = sub.add_parser("regimes", help="equilibria and regimes on a 2-D parameter grid (CSV)",
                       description="Solve the game at every point of a grid (COUNT points from LO to HI inclusive "
                                   "on each axis) and write one CSV row per point: "
                                   "<xname>,<yname>,pure_equilibria,mixed_equilibria,regime. Signs are decided "
                                   "exactly at every grid point.")
    p.add_argument("--x", required=True, metavar="NAME=LO:HI:COUNT", help="first axis, e.g. tau_p=0:3:400")
    p.add_argument("--y", required=True, metavar="NAME=LO:HI:COUNT", help="second axis, e.g. Delta_gamma=-0.4:1.5:400")
    add_model_arguments(p)
    p.add_argument("--out", required=True, metavar="FILE.csv", help="output CSV file")
    p.add_argument("--selection", action="store_true",
                   help="add the columns selected (the potential maximiser n_A: stochastically stable under logit "
                        "dynamics, risk-dominant) and selected_mistakes (stochastically stable under mistakes "
                        "dynamics); 'tie' where several configurations tie, decided exactly (docs/selection.md)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys
    import time
    from types import SimpleNamespace

    import numpy as np

    from gametheory.analysis.sweeps import Axis, sweep
    from gametheory.cli.common import check_output_file, load_model
    from gametheory.errors import DomainError, UserInputError
    from gametheory.models.base import check_N

    out = check_output_file(args.out, suffixes=(".csv",))
    N = check_N(args.N)
    model = load_model(args)
    xa, ya = Axis.parse(args.x, model.space), Axis.parse(args.y, model.space)
    cells = len(xa.values) * len(ya.values)
    if cells > MAX_ROWS:
        raise UserInputError(f"a {len(xa.values)}x{len(ya.values)} grid is {cells:,} rows; the CSV is limited to "
                             f"{MAX_ROWS:,} rows (about {MAX_ROWS * 60 / 1e6:.0f} MB)")
    params = model.space.from_assignments(args.params)
    fixed = {n for n, _ in (a.split("=", 1) for a in args.params)}
    fixed = {n.strip() for n in fixed} | {model.space.moved(n.strip()) for n in fixed if n.strip() in model.space.all_names}
    clash = {xa.name, ya.name, model.space.moved(xa.name), model.space.moved(ya.name)} & fixed
    if clash:
        raise UserInputError(f"{', '.join(sorted(clash))} is both an axis and a --param")
    t0 = time.perf_counter()

    # the fixed parameters need not be in the domain themselves (the grid moves two of them): a bare point
    sw = sweep(SimpleNamespace(model=model, N=N, params=params), [xa, ya], progress=sys.stderr.isatty())
    if not sw.valid.any():
        try:
            model.check_domain(N, params)
        except DomainError as exc:
            raise UserInputError(f"every grid point is outside the model's domain: {exc}") from None
        raise UserInputError("every grid point is outside the model's domain")
    sel = None
    if args.selection:
        from gametheory.analysis.selection import selection_map

        sel = selection_map(SimpleNamespace(model=model, N=N, params=params), xa, ya, curves=False)
    n_rows = write_csv(sw, out, sel)
    outside = int(np.sum(~sw.valid))
    note = f"; {outside} points outside the model's domain (regime 'outside')" if outside else ""
    print(f"wrote {n_rows} rows to {args.out} in {time.perf_counter() - t0:.2f} s{note}", file=sys.stderr)
    return 0


def _fmt_axis(values):
    return [repr(float(v)) if float(v) != int(v) or abs(v) > 1e15 else str(int(v)) for v in values]


def write_csv(sw, path, selection=None) -> int:
    """Write the sweep as CSV (vectorised formatting); returns the number of rows.

    Equilibria are ';'-separated lists: pure ones as ``k`` values, mixed ones as ``p`` rounded to 1e-6.
    With a :class:`~gametheory.analysis.selection.SelectionMap` of the same grid, the columns
    ``selected`` and ``selected_mistakes`` (``k``, ``tie``, or empty outside the domain).
    """
    import numpy as np
    import pandas as pd

    xa, ya = sw.axes
    nx, ny = sw.shape
    # pure equilibria: few distinct sets over a map; format each set once
    packed = np.packbits(sw.pure.reshape(sw.N + 1, -1).T, axis=1)
    uniq, inverse = np.unique(packed, axis=0, return_inverse=True)
    texts = np.array([";".join(str(k) for k in np.flatnonzero(np.unpackbits(u)[:sw.N + 1])) for u in uniq],
                     dtype=object)
    pure = texts[inverse.ravel()]
    mixed = np.full(nx * ny, "", dtype="<U1")
    for r in range(sw.mixed_p.shape[0]):
        p = sw.mixed_p[r].ravel()
        ok = np.isfinite(p)
        text = np.char.rstrip(np.char.rstrip(np.char.mod("%.6f", np.round(np.where(ok, p, 0.0), 6)), "0"), ".")
        text = np.where(ok, text, "")
        sep = np.where(ok & (mixed != ""), ";", "")
        mixed = np.char.add(np.char.add(mixed, sep), text)
    names = np.array(list(sw.model.regime_names) + ["outside"], dtype=object)
    xs = np.array(_fmt_axis(xa.values), dtype=object)
    ys = np.array(_fmt_axis(ya.values), dtype=object)
    ii, jj = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    frame = pd.DataFrame({xa.name: xs[ii.ravel()], ya.name: ys[jj.ravel()], "pure_equilibria": pure,
                          "mixed_equilibria": mixed, "regime": names[sw.regime.ravel()]})
    if selection is not None:
        for col, arr in (("selected", selection.logit), ("selected_mistakes", selection.mistakes)):
            k = arr.ravel()
            frame[col] = np.where(k >= 0, k.astype(str), np.where(k == -2, "tie", ""))
    frame.to_csv(path, index=False, lineterminator="\n")
    return len(frame)
