"""``gametheory deplete``: depletion of region A's reserves, the eroding regional effect and the cluster's dissolution."""

from __future__ import annotations

import argparse

from gametheory.cli.common import add_model_arguments


def register(sub) -> None:
    p = sub.add_parser("deplete", help="depletion of region A's reserves: stock, regional effect, n_A, welfare by "
                                       "period; dissolution period and critical stock",
                       description="Periods t = 0..T-1 from the stock S0: e_t = e (S_t/S0)^eta; the economy adjusts to "
                                   "rest at e_t (or makes at most --moves single moves); output X_t and welfare W_t at "
                                   "(n_A, e_t); S_{t+1} = max(0, S_t - zeta X_t + rho S_t (1 - S_t/S0)). Reports the "
                                   "dissolution period (the first t with n_A below the start), the critical stock "
                                   "S* = S0 (e*/e)^(1/eta) and, for rho > 0, the steady states. Exact while the "
                                   "rationals stay small, then certified enclosures. See docs/dynamics.md.")
    add_model_arguments(p, default_n=20)
    p.add_argument("--S0", default="300", metavar="X", help="initial stock of high-grade reserves, > 0 (default 300)")
    p.add_argument("--zeta", default="1", metavar="X", help="reserves used per unit of output, >= 0 (default 1)")
    p.add_argument("--rho", default="0", metavar="X", help="logistic regeneration rate, >= 0 (default 0: "
                                                          "non-renewable)")
    p.add_argument("--eta", default="1", metavar="X", help="elasticity of the regional effect to the stock, >= 0 "
                                                          "(default 1)")
    p.add_argument("--T", default="40", metavar="T", help="number of periods, >= 1 (default 40)")
    p.add_argument("--moves", default=None, metavar="M", help="at most M single moves a period (default: adjust "
                                                             "to rest)")
    p.add_argument("--start", default=None, metavar="K", help="the configuration n_A at t = 0 (default N)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--out", metavar="FILE.csv", help="also write t,S,e,n_A,W,X rows as CSV")
    p.set_defaults(func=run)


def _integer(text: str, option: str, minimum: int) -> int:
    import re

    from gametheory.errors import UserInputError

    if not re.fullmatch(r"\s*[+-]?\d+\s*", str(text)):
        raise UserInputError(f"{option} must be an integer >= {minimum}; got {text!r}")
    value = int(text)
    if value < minimum:
        raise UserInputError(f"{option} must be an integer >= {minimum}; got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from gametheory.cli.common import check_output_file
    from gametheory.errors import UserInputError
    from gametheory.params import parse_value

    out = check_output_file(args.out, suffixes=(".csv",)) if args.out else None
    S0 = parse_value(args.S0, "--S0")
    if not S0 > 0:
        raise UserInputError(f"--S0 (the initial stock) must be > 0; got {args.S0}")
    zeta, rho, eta = (parse_value(getattr(args, n), f"--{n}") for n in ("zeta", "rho", "eta"))
    for n, v in (("zeta", zeta), ("rho", rho), ("eta", eta)):
        if v < 0:
            raise UserInputError(f"--{n} must be >= 0; got {getattr(args, n)}")
    T = _integer(args.T, "--T", 1)
    moves = None if args.moves is None else _integer(args.moves, "--moves", 0)

    from gametheory.analysis.depletion import MAX_T, deplete          # heavy imports after the cheap checks
    from gametheory.analysis.dynamics import parse_start
    from gametheory.cli.common import model_from_args

    if T > MAX_T:
        raise UserInputError(f"--T must be at most {MAX_T:,}; got {T:,}")
    game = model_from_args(args)
    if "e" not in game.model.space.names:
        raise UserInputError(f"depletion erodes the regional effect e of the resource game; the {game.model.name} "
                             f"model has no parameter e")
    start = parse_start(args.start, game.N)
    result = deplete(game, S0=S0, zeta=zeta, rho=rho, eta=eta, T=T, moves=moves, start=start)
    if out is not None:
        rows = result.write_csv(out)
        print(f"wrote {rows} rows to {out}", file=sys.stderr)
    print(json.dumps(result.as_dict(), indent=2) if args.json else result.to_text())
    return 0
