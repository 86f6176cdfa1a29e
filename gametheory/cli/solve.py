"""``gametheory solve``: payoffs and every equilibrium of the N-firm game at given parameters."""

from __future__ import annotations

import argparse
from fractions import Fraction

from gametheory.cli.common import add_model_arguments


def register(sub) -> None:
    p = sub.add_parser("solve", help="payoff tables and all equilibria (pure, mixed; the 2x2 game for N = 2)",
                       description="Solve a location game (default: the resource agglomeration game of "
                                   "docs/model.md) for N firms: payoffs Pi_A(k), Pi_B(k) by configuration k = n_A, "
                                   "pure equilibria, symmetric mixed equilibria with stability, for N = 2 every "
                                   "equilibrium of the 2x2 game, and equilibrium selection (potential maximiser, "
                                   "risk dominance, p-dominance, stochastic stability under logit and mistakes "
                                   "dynamics; docs/selection.md). Every sign is decided exactly (certified floats "
                                   "with exact fallback), for N up to 10,000,000 (selection: N up to 20,000).")
    add_model_arguments(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--exact", action="store_true", help="payoffs as exact fractions (strings in JSON)")
    p.add_argument("--eta", default="1/10", metavar="ETA",
                   help="noise of the logit dynamics for the stationary distribution (default 1/10; exact)")
    p.add_argument("--epsilon", default="1/100", metavar="EPS",
                   help="mistake rate of the mistakes dynamics, in (0, 1/2) (default 1/100; exact)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json

    from gametheory.cli.common import model_from_args

    from gametheory.errors import UserInputError
    from gametheory.params import parse_value

    eta, epsilon = parse_value(args.eta, "--eta"), parse_value(args.epsilon, "--epsilon")
    if eta <= 0:
        raise UserInputError(f"--eta must be > 0; got {eta}")
    if not 0 < epsilon < Fraction(1, 2):
        raise UserInputError(f"--epsilon must be in (0, 1/2); got {epsilon}")
    game = model_from_args(args)
    eq = game.equilibria()
    try:
        sel, note = game.selection(eta, epsilon), None
    except UserInputError as exc:   # N above the exact-table limit, or payoffs that are not rational
        sel, note = None, str(exc)
    if args.json:
        out = eq.as_dict(exact=args.exact)
        out["selection"] = None if sel is None else sel.as_dict(exact=args.exact)
        if note:
            out["selection_note"] = note
        print(json.dumps(out, indent=2))
    else:
        print(eq.to_text())
        print(sel.to_text() if sel is not None else f"Equilibrium selection: not computed ({note})")
    return 0
