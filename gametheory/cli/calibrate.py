"""``gametheory calibrate``: which parameter values make the observed location pattern an equilibrium."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser("calibrate", help="identified set of model parameters from an establishment census",
                       description="Read a census, measure the DO localisation of the processing industry and its "
                                   "co-localisation with extraction, find the observed configuration (N processing "
                                   "plants, n_A in region A) and the set of values of the free parameter(s) under "
                                   "which it is a Nash equilibrium. INPUT is a CSV or Parquet file, or 'sample'.")
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
    p.add_argument("--coords", choices=("xy", "lonlat"), help="coordinate columns (default: detected)")
    p.add_argument("--simulations", type=int, default=1000, help="DO counterfactuals (default 1000)")
    p.add_argument("--bootstrap", type=int, default=0, metavar="B", help="bootstrap replicates (default 0: none)")
    p.add_argument("--seed", type=int, default=0, help="seed of every random draw (default 0)")
    p.add_argument("--figure", metavar="FILE", help="also draw the identified set (PNG or PDF by suffix)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from gametheory.calibrate.pipeline import calibrate
    from gametheory.cli.common import check_output_file, load_model
    from gametheory.do import read_establishments
    from gametheory.errors import UserInputError
    from gametheory.params import parse_float

    if args.figure:
        check_output_file(args.figure, suffixes=(".png", ".pdf"), option="--figure")
    if args.simulations < 19 or args.simulations > 100_000:
        raise UserInputError(f"--simulations must be between 19 and 100000 (got {args.simulations})")
    if args.bootstrap < 0 or args.bootstrap > 100_000:
        raise UserInputError(f"--bootstrap must be between 0 and 100000 (got {args.bootstrap})")
    radius = None if args.radius is None else parse_float(args.radius, "--radius", minimum=0, strict_minimum=True,
                                                          maximum=1e6)
    model = load_model(args)
    params = model.space.from_assignments(args.params)
    given = {a.split("=", 1)[0].strip() for a in args.params}
    census = read_establishments(args.input, coords=args.coords)
    cal = calibrate(census, args.processing, args.extraction, free=args.free, params=params, params_given=given,
                    region_column=args.region_column, radius=radius, simulations=args.simulations,
                    bootstrap=args.bootstrap, seed=args.seed, progress=sys.stderr.isatty(), model=model)
    if args.figure:
        from gametheory.plots.calibration import plot_calibration

        plot_calibration(cal, args.figure)
    print(json.dumps(cal.as_dict(), indent=2) if args.json else report(cal))
    return 0


def report(cal) -> str:
    """Readable summary."""
    o = cal.observation
    d = cal.as_dict()
    loc, co = d["do"]["localisation"], d["do"]["co_localisation"]
    L = [f"Observed configuration: N = {o.N} processing plants, n_A = {o.n_A} in region A ({o.method})",
         f"DO localisation of {loc['industry']}: Gamma = {loc['Gamma']:.4g}, Psi = {loc['Psi']:.4g}, "
         f"localised = {loc['localized']}, dispersed = {loc['dispersed']} ({loc['simulations']} simulations, seed {loc['seed']})",
         f"DO co-localisation with {co['neighbor']}: Gamma = {co['Gamma']:.4g}, localised = {co['localized']}",
         f"Free: {', '.join(cal.free)}; fixed: " + ", ".join(f"{n}={v}" for n, v in cal.params.items()
                                                            if n not in cal.free and not (n == "gamma_B" and "Delta_gamma" in cal.free))]
    if len(cal.free) == 1:
        s = cal.identified
        L.append(f"Identified set (n_A = {o.n_A} is a Nash equilibrium): "
                 + (" U ".join(i.text() for i in s.intervals) or "empty"))
        L.append("Unique set (the only pure equilibrium): " + (" U ".join(i.text() for i in s.unique) or "empty"))
        kinds = {k for i in s.intervals for k in (i.lo_kind, i.hi_kind)}
        if "domain" in kinds:
            L.append(f"(ends of kind 'domain' are bounds of the model's domain: {s.bounds})")
        for m in s.mixed:
            L.append(f"The observed share {m['p']:.4f} is a stable symmetric mixed equilibrium at "
                     f"{cal.free[0]} = {m['value']:.10g}")
    else:
        r = cal.region
        L.append(f"Identified region: {100 * r['share_of_grid']:.1f}% of the {r['grid']}x{r['grid']} grid over "
                 f"{r['x']} in {r['x_range']} and {r['y']} in {r['y_range']}; projections "
                 f"{r['identified_projection']}")
    if cal.bootstrap:
        b = cal.bootstrap
        def q(d):
            if d is None:
                return "none"
            f = lambda v: "unbounded" if v is None else f"{v:.6g}"
            return f"2.5% {f(d['q025'])}, median {f(d['q50'])}, 97.5% {f(d['q975'])}"

        L.append(f"Bootstrap ({b['replicates']} replicates, seed {b['seed']}, {b['empty_replicates']} with an empty set):")
        L.append(f"  lower end: {q(b['lo'])}")
        L.append(f"  upper end: {q(b['hi'])}")
    return "\n".join(L)
