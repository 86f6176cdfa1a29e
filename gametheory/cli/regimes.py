"""``gametheory regimes``: a regime map over a 2-D grid of parameters, as CSV."""

from __future__ import annotations

import argparse
import re

from gametheory.cli.common import add_model_arguments


#: Largest number of CSV rows (grid points) the command writes.
MAX_ROWS = 4_000_000
#: Zeros at the end of a formatted root (before ``;`` or a newline).
_TRAILING_ZEROS = re.compile(r"0+(?=[;\n])")


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

    from gametheory.cli.common import check_output_file, keep_freed_memory, load_model, one_blas_thread

    one_blas_thread()
    import numpy as np

    from gametheory.analysis.sweeps import Axis, sweep
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
    keep_freed_memory()

    # the fixed parameters need not be in the domain themselves (the grid moves two of them): a bare point
    sw = sweep(SimpleNamespace(model=model, N=N, params=params), [xa, ya], progress=sys.stderr.isatty(), gaps=False)
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
    The text is that of ``pandas.DataFrame.to_csv`` (minimal quoting, ``\\n`` line ends), built with
    numpy without pandas (which only writes fields that need quoting).
    """
    import numpy as np

    xa, ya = sw.axes
    nx, ny = sw.shape
    P = nx * ny
    pure = _pure_texts(sw.pure.reshape(sw.N + 1, -1), sw.N)
    mixed = _mixed_texts(sw.mixed_p.reshape(sw.mixed_p.shape[0], P))
    names = np.array(list(sw.model.regime_names) + ["outside"], dtype=object)
    xs = np.array(_fmt_axis(xa.values), dtype=object)
    ys = np.array(_fmt_axis(ya.values), dtype=object)
    columns = {xa.name: np.repeat(xs, ny), ya.name: np.tile(ys, nx), "pure_equilibria": pure,
               "mixed_equilibria": mixed, "regime": names[sw.regime.ravel()]}
    if selection is not None:
        for col, arr in (("selected", selection.logit), ("selected_mistakes", selection.mistakes)):
            k = arr.ravel()
            columns[col] = np.where(k >= 0, k.astype(str), np.where(k == -2, "tie", "")).astype(object)
    special = re.compile(r'[,"\r\n]')
    if any(special.search(str(c)) for c in columns) or any(special.search(t) for t in names):
        import pandas as pd   # a field that needs quoting: pandas' quoting rules

        pd.DataFrame(columns).to_csv(path, index=False, lineterminator="\n")
        return P
    rows = "\n".join(map(",".join, zip(*(col.tolist() for col in columns.values()))))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(columns) + "\n")
        if P:
            fh.write(rows)
            fh.write("\n")
    return P


def _pure_texts(pure, N):
    """The ';'-joined ``k`` of every column of the ``(N+1, P)`` mask, each distinct set formatted once."""
    import numpy as np

    packed = np.packbits(pure.T, axis=1)
    keys = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()
    uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    texts = np.array([";".join(str(k) for k in np.flatnonzero(pure[:, j])) for j in first], dtype=object)
    return texts[inverse.ravel()]


def _mixed_texts(mixed_p):
    """The ';'-joined mixed equilibria ``p`` (rounded to 1e-6, trailing zeros cut) of every column of ``(R, P)``.

    Formatted in one pass: one ``%``-template over all roots (``%.6f`` per root, ``;`` between the roots of a
    column, a newline after each column), the zeros before each ``;``/newline and then a bare point cut, which
    is ``("%.6f" % p).rstrip("0").rstrip(".")`` for every root.
    """
    import numpy as np

    out = np.full(mixed_p.shape[1], "", dtype=object)
    ok = np.isfinite(mixed_p)
    counts = ok.sum(axis=0)
    cols = np.flatnonzero(counts)
    if not len(cols):
        return out
    per_count = ["%.6f" + ";%.6f" * (c - 1) + "\n" if c else "" for c in range(mixed_p.shape[0] + 1)]
    template = "".join([per_count[c] for c in counts[cols].tolist()])
    roots = np.round(mixed_p[:, cols].T[ok[:, cols].T], 6)          # column by column, ascending in p
    text = _TRAILING_ZEROS.sub("", template % tuple(roots.tolist())).replace(".;", ";").replace(".\n", "\n")
    out[cols] = text.split("\n")[:-1]
    return out
