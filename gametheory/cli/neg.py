"""``gametheory neg``: break and sustain points and equilibria of a two-region NEG model.

Parses, calls :meth:`gametheory.models.neg.continuum.ContinuumModel.summary`, prints its
``to_text()`` or, with ``--json``, its ``as_dict()``.
"""

from __future__ import annotations

import argparse

# the keys of gametheory.models.neg.MODELS (repeated: only argparse is imported at module level; a test checks)
_MODELS = ("core-periphery", "footloose-entrepreneur", "linear", "resource")


def register(sub) -> None:
    p = sub.add_parser("neg", help="New Economic Geography models: break/sustain points, equilibria at a trade cost",
                       description="Continuum two-region model: break point (symmetric equilibrium loses "
                                   "stability), sustain point (full agglomeration becomes an equilibrium), in "
                                   "freeness of trade phi = T^(1-sigma) and transport cost T; with --T, every "
                                   "equilibrium share lambda (corners included) and its stability. Models: "
                                   "core-periphery (mu, sigma), footloose-entrepreneur (mu, sigma), linear "
                                   "(alpha, beta, gamma, phi, H, L; T is tau), resource (the parameters of "
                                   "docs/model.md and N <= 100000; T is tau_p).")
    p.add_argument("model", choices=_MODELS, metavar="MODEL", help=", ".join(_MODELS))
    p.add_argument("-p", "--param", dest="params", action="append", default=[], metavar="NAME=VALUE",
                   help="set a model parameter (repeatable); VALUE is an integer, decimal or fraction")
    p.add_argument("--T", dest="T", default=None, metavar="VALUE",
                   help="transport cost (iceberg T > 1 for CES models, 0 < tau < tau_trade for linear, tau_p >= 0 "
                        "for resource): list the equilibria there")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json

    from gametheory.models.neg import make_model
    from gametheory.params import parse_float, parse_value

    model = make_model(args.model, args.params)
    T = None
    if args.T is not None:
        lo, hi = model.T_bounds()
        parse_float(args.T, "--T", minimum=lo, strict_minimum=args.model != "resource", maximum=hi)
        T = parse_value(args.T, "--T")  # exact: the CES models take log(T) from T - 1
    result = model.summary(T)
    print(json.dumps(result.as_dict()) if args.json else result.to_text())
    return 0
