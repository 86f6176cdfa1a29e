"""``gametheory policy``: the values of one or two instruments (taxes) under which a target configuration is an
equilibrium, and the unique one."""

from __future__ import annotations

import argparse

from gametheory.cli.common import add_model_arguments


def register(sub) -> None:
    p = sub.add_parser("policy", help="instrument values (e.g. emission taxes) that implement a target configuration",
                       description="For a target configuration (the social optimum at the given parameters, the "
                                   "traditional cluster, the zero-resource economy, or any K = n_A) and one "
                                   "instrument (any parameter, e.g. the emission tax t_A): the exact intervals of "
                                   "the instrument where the target is a pure Nash equilibrium and where it is the "
                                   "unique one (closed-form end points). With two instruments: the region on a "
                                   "grid with its exact boundary curves and projections. Also reports the "
                                   "Pigouvian benchmark t_r = delta_r. Default model: the resource game with "
                                   "emissions (environment). See docs/environment.md.")
    add_model_arguments(p)
    p.add_argument("--target", default="optimum", metavar="optimum|traditional|zero-resource|K",
                   help="the configuration to implement (default: the optimum at the given parameters)")
    p.add_argument("--instrument", action="append", default=[], metavar="NAME",
                   help="the policy instrument (repeatable, at most two; default t_A)")
    p.add_argument("--range", dest="ranges", action="append", default=[], metavar="LO:HI",
                   help="range of the instrument (one per --instrument, in order; default: the model's range)")
    p.add_argument("--grid", type=int, default=200, help="points per axis with two instruments (default 200)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def parse_range(text: str, name: str):
    """``LO:HI`` as exact values with LO < HI, or a one-line error."""
    from gametheory.errors import UserInputError
    from gametheory.params import parse_value

    parts = text.split(":")
    if len(parts) != 2 or not all(s.strip() for s in parts):
        raise UserInputError(f"--range expects LO:HI (e.g. -1:2), got {text!r}")
    lo, hi = (parse_value(s.strip(), f"--range of {name}") for s in parts)
    if not hi > lo:
        raise UserInputError(f"--range {text}: empty or reversed (LO must be below HI)")
    return lo, hi


def run(args: argparse.Namespace) -> int:
    import json

    from gametheory.analysis.policy import MAX_INSTRUMENTS, policy, resolve_target
    from gametheory.cli.common import model_from_args
    from gametheory.errors import UserInputError

    instruments = args.instrument or ["t_A"]
    if len(instruments) > MAX_INSTRUMENTS:
        raise UserInputError(f"--instrument: at most {MAX_INSTRUMENTS} instruments (got {len(instruments)})")
    if len(set(instruments)) != len(instruments):
        raise UserInputError(f"--instrument given twice: {', '.join(instruments)}")
    if args.ranges and len(args.ranges) != len(instruments):
        raise UserInputError(f"give one --range per --instrument ({len(instruments)}), got {len(args.ranges)}")
    if not 10 <= args.grid <= 1000:
        raise UserInputError(f"--grid must be between 10 and 1000 (got {args.grid})")
    game = model_from_args(args, default="environment")
    space = game.model.space
    for name in instruments:
        if name not in space.all_names:
            raise UserInputError(f"unknown instrument {name!r} (the parameters of the {game.model.name} model: "
                                 f"{', '.join(space.all_names)})")
        fixed = {space.moved(n) for n in (a.split("=", 1)[0].strip() for a in args.params) if n in space.all_names}
        if space.moved(name) in fixed:
            raise UserInputError(f"{name} is both the instrument and fixed by --param")
    ranges = [parse_range(r, n) for r, n in zip(args.ranges, instruments)] if args.ranges else None
    if ranges:
        for (lo, hi), name in zip(ranges, instruments):
            if name in space.specs:
                try:
                    space.specs[name].check(lo)
                except UserInputError as exc:
                    raise UserInputError(f"--range of {name}: {exc}") from None
    target = resolve_target(game, args.target)       # validated before any long work
    result = policy(game, target, instruments, ranges=ranges, grid=args.grid)
    print(json.dumps(result.as_dict(), indent=2) if args.json else result.to_text())
    return 0
