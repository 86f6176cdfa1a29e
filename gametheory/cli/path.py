"""``gametheory path``: the economy's path along a parameter (and back), its switches, thresholds and hysteresis."""

from __future__ import annotations

import argparse

from gametheory.cli.common import add_model_arguments


def register(sub) -> None:
    p = sub.add_parser("path", help="the path of the economy along a parameter and back: switches, thresholds, "
                                    "hysteresis (myopic one-firm-at-a-time adjustment)",
                       description="Move one parameter in STEPS equal steps from FROM to TO (STEPS + 1 exact values, "
                                   "both ends included) and, with --back, through the same values in reverse. At each "
                                   "step the economy adjusts to rest from where it was, one firm at a time (the larger "
                                   "strictly positive gain moves; on an exact tie the firm in A). Prints n_A at each "
                                   "step, the switches with the exact threshold behind each, and the hysteresis "
                                   "intervals. See docs/dynamics.md.")
    p.add_argument("--along", required=True, metavar="NAME=FROM:TO:STEPS",
                   help="the parameter and its range, e.g. e=0.6:-0.6:60 (Delta_gamma included)")
    p.add_argument("--back", action="store_true", help="run back through the same values from where the forward run "
                                                      "ended")
    p.add_argument("--start", default=None, metavar="K|traditional|zero-resource",
                   help="the configuration n_A at the first step (default: N, the traditional cluster)")
    add_model_arguments(p, default_n=20)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--out", metavar="FILE.csv", help="also write direction,step,value,value_exact,n_A rows as CSV")
    p.add_argument("--no-thresholds", action="store_true",
                   help="skip the exact thresholds behind the switches (faster)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from gametheory.analysis.dynamics import parse_start
    from gametheory.analysis.paths import check_path_domain, parse_along, path, path_values
    from gametheory.cli.common import check_output_file, load_model
    from gametheory.errors import UserInputError
    from gametheory.game import LocationGame
    from gametheory.models.base import check_N

    out = check_output_file(args.out, suffixes=(".csv",)) if args.out else None
    N = check_N(args.N)
    model = load_model(args)
    name, lo, hi, steps = parse_along(args.along, model.space)
    given = {a.split("=", 1)[0].strip() for a in args.params if "=" in a}
    clash = {name, model.space.moved(name)} & (given | {model.space.moved(n) for n in given
                                                         if n in model.space.all_names})
    if clash:
        raise UserInputError(f"{', '.join(sorted(clash))} is both the path's parameter (--along) and a --param")
    params = model.space.from_assignments(args.params)
    values = path_values(lo, hi, steps, name)
    start = parse_start(args.start, N)
    check_path_domain(model, N, params, name, values)
    game = LocationGame(model, N, params.replace(**{name: values[0]}))
    result = path(game, name, lo, hi, steps, back=args.back, start=start, thresholds=not args.no_thresholds)
    if out is not None:
        rows = result.write_csv(out)
        print(f"wrote {rows} rows to {out}", file=sys.stderr)
    print(json.dumps(result.as_dict(), indent=2) if args.json else result.to_text())
    return 0
