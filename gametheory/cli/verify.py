"""``gametheory verify``: random draws comparing the symbolic conditions, the numeric tables and the solvers."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser("verify", help="check every derived condition against brute force on random draws",
                       description="On seeded random parameter draws, compare the equilibria from the symbolic "
                                   "conditions, the numeric payoff tables, brute-force deviations, the vectorised "
                                   "sweep, exact and float mixed equilibria and (N = 2) the bimatrix solver. Exit "
                                   "status 1 and the counterexample on any disagreement.")
    p.add_argument("--model", metavar="FILE.toml", help="a model file (default: the resource agglomeration game)")
    p.add_argument("--draws", type=int, default=40, help="number of random parameter draws (default 40)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--max-firms", type=int, default=8, help="largest N drawn (default 8)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from gametheory.analysis.verification import verify
    from gametheory.cli.common import load_model
    from gametheory.errors import UserInputError

    if args.draws < 1 or args.draws > 100_000:
        raise UserInputError(f"--draws must be between 1 and 100000 (got {args.draws})")
    if args.max_firms < 3 or args.max_firms > 200:
        raise UserInputError(f"--max-firms must be between 3 and 200 (got {args.max_firms})")
    report = verify(load_model(args), args.draws, args.seed, max_N=args.max_firms, progress=sys.stderr.isatty())
    print(report.to_json() if args.json else report.text())
    return 0 if report.ok else 1
