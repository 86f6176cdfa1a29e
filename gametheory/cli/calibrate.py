"""``gametheory calibrate``: which parameter values make the observed location pattern an equilibrium, and a
confidence set by test inversion."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser("calibrate", help="identified and confidence sets of model parameters from an establishment census",
                       description="Read a census, measure the DO localisation of the processing industry and its "
                                   "co-localisation with extraction, find the observed configuration (N processing "
                                   "plants, n_A in region A), the set of values of the free parameter(s) under which "
                                   "it is a Nash equilibrium (the identified set), a confidence set by test inversion "
                                   "(pure equilibria, and symmetric mixed equilibria through n_A ~ Bin(N, p)), the "
                                   "closest fit when the identified set is empty, and the sensitivity of all this "
                                   "to the classification radius. INPUT is a CSV or Parquet file, or 'sample'.")
    p.add_argument("input", metavar="INPUT")
    p.add_argument("--processing", required=True, metavar="NAME", help="industry of the processing plants (the firms)")
    p.add_argument("--extraction", required=True, metavar="NAME", help="industry of the extraction sites")
    p.add_argument("--free", action="append", default=[], metavar="NAME",
                   help="free parameter (repeatable, at most two; default Delta_gamma)")
    p.add_argument("-p", "--param", dest="params", action="append", default=[], metavar="NAME=VALUE",
                   help="fix a model parameter (repeatable); the others are at the defaults")
    p.add_argument("--model", metavar="FILE.toml", help="a model file (default: the resource agglomeration game)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--region-column", metavar="COLUMN", help="column with the region (A or B) of each plant")
    g.add_argument("--radius", metavar="KM",
                   help="plants within KM of an extraction site are in A (default: where K_AB leaves its upper band)")
    p.add_argument("--radius-band", metavar="LO:HI",
                   help="radii (km) over which the sensitivity of the sets is reported (default: half to twice the "
                        "radius used)")
    p.add_argument("--confidence", default="0.95", metavar="LEVEL",
                   help="confidence level of the confidence set, in (0, 1) (default 0.95)")
    p.add_argument("--mixed", choices=("all", "stable"), default="all",
                   help="symmetric mixed equilibria that may have generated the census: all (default) or those stable "
                        "under the replicator dynamics")
    p.add_argument("--coords", choices=("xy", "lonlat"), help="coordinate columns (default: detected)")
    p.add_argument("--simulations", type=int, default=999,
                   help="DO counterfactuals (default 999, so that alpha (S + 1) is an integer at 5%%)")
    p.add_argument("--bootstrap", metavar="B", help=argparse.SUPPRESS)
    p.add_argument("--seed", type=int, default=0, help="seed of every random draw (default 0)")
    p.add_argument("--figure", metavar="FILE", help="also draw the calibration (PNG at 300 dpi or PDF, by suffix)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from gametheory.calibrate.pipeline import calibrate
    from gametheory.cli.common import check_output_file, load_model
    from gametheory.do import read_establishments
    from gametheory.errors import UserInputError
    from gametheory.params import parse_float, parse_value

    if args.bootstrap is not None:
        raise UserInputError("--bootstrap was removed: resampling plants as i.i.d. draws has no coverage meaning for "
                             "a census of players; the confidence set (--confidence) replaces it (docs/calibrate.md)")
    if args.figure:
        check_output_file(args.figure, suffixes=(".png", ".pdf"), option="--figure")
    if args.simulations < 19 or args.simulations > 100_000:
        raise UserInputError(f"--simulations must be between 19 and 100000 (got {args.simulations})")
    level = parse_value(args.confidence, "--confidence")
    if not 0 < level < 1:
        raise UserInputError(f"--confidence must lie strictly between 0 and 1; got {args.confidence}")
    radius = None if args.radius is None else parse_float(args.radius, "--radius", minimum=0, strict_minimum=True,
                                                          maximum=1e6)
    band = None
    if args.radius_band is not None:
        if args.region_column is not None:
            raise UserInputError("--radius-band needs regions from a radius, not --region-column")
        parts = args.radius_band.split(":")
        if len(parts) != 2:
            raise UserInputError(f"--radius-band must be LO:HI in km; got {args.radius_band!r}")
        band = tuple(parse_float(x, "--radius-band", minimum=0, maximum=1e6) for x in parts)
        if not band[0] < band[1]:
            raise UserInputError(f"--radius-band must have LO < HI; got {args.radius_band}")
    model = load_model(args)
    params = model.space.from_assignments(args.params)
    given = {a.split("=", 1)[0].strip() for a in args.params}
    census = read_establishments(args.input, coords=args.coords)
    cal = calibrate(census, args.processing, args.extraction, free=args.free, params=params, params_given=given,
                    region_column=args.region_column, radius=radius, simulations=args.simulations,
                    seed=args.seed, alpha=1 - level, mixed=args.mixed, radius_band=band,
                    progress=sys.stderr.isatty(), model=model)
    if args.figure:
        from gametheory.plots.calibration import save_calibration

        save_calibration(cal, args.figure)
    print(json.dumps(cal.as_dict(), indent=2) if args.json else cal.to_text())
    return 0
