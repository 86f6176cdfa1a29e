"""``gametheory solve``: payoffs and every equilibrium of the N-firm game at given parameters."""

from __future__ import annotations

import argparse

from gametheory.cli.common import add_model_arguments


def register(sub) -> None:
    p = sub.add_parser("solve", help="payoff tables and all equilibria (pure, mixed; the 2x2 game for N = 2)",
                       description="Solve a location game (default: the resource agglomeration game of "
                                   "docs/model.md) for N firms: payoffs Pi_A(k), Pi_B(k) by configuration k = n_A, "
                                   "pure equilibria, symmetric mixed equilibria with stability, and for N = 2 every "
                                   "equilibrium of the 2x2 game. Every sign is decided exactly (certified floats "
                                   "with exact fallback), for N up to 10,000,000.")
    add_model_arguments(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--exact", action="store_true", help="payoffs as exact fractions (strings in JSON)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json

    from gametheory.cli.common import model_from_args

    game = model_from_args(args)
    eq = game.equilibria()
    print(json.dumps(eq.as_dict(exact=args.exact), indent=2) if args.json else eq.to_text())
    return 0
