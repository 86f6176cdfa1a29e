"""``gametheory do``: the Duranton-Overman (2005) K-density index of localisation.

``INPUT`` is a CSV or Parquet establishment table, or ``sample`` for the
synthetic census shipped with the package.  See ``docs/do.md``.
"""

import argparse


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, not {text}")
    return value


def register(sub) -> None:
    p = sub.add_parser(
        "do", help="Duranton-Overman K-density index: localisation and co-localisation of industries",
        description="Duranton-Overman (2005) K-density with counterfactual bands, Gamma and Psi. "
                    "INPUT is a CSV/Parquet table with columns id, industry, x, y (km) or lon, lat "
                    "(degrees), or 'sample' for the synthetic census shipped with the package.")
    p.add_argument("input", metavar="INPUT", help="establishment table (.csv, .parquet) or 'sample'")
    p.add_argument("--industry", action="append", default=[], metavar="NAME",
                   help="industry to test (repeatable)")
    p.add_argument("--all", action="store_true", help="every industry of the table")
    p.add_argument("--neighbor", metavar="NAME",
                   help="also compute the bivariate K_AB of each industry with this one")
    p.add_argument("--weight", metavar="COLUMN", help="weight column (employment): K_emp")
    p.add_argument("--simulations", type=_positive_int, default=1000, metavar="S",
                   help="counterfactual draws (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="seed of every random draw (default 0)")
    p.add_argument("--threshold", type=float, metavar="KM",
                   help="d_max in km (default: median distance between all pairs of sites)")
    p.add_argument("--bandwidth", type=float, metavar="KM", help="fixed bandwidth (default Silverman)")
    p.add_argument("--coords", choices=["xy", "lonlat"],
                   help="coordinate columns (default: lon,lat if present and no x or y column, else x,y)")
    p.add_argument("--out", default="do-out", metavar="DIR", help="output folder (default do-out)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster (dask.distributed)")
    p.add_argument("--workers", type=_positive_int, metavar="N", help="local threads (default: all cores)")
    p.add_argument("--plot", action="store_true", help="draw K with its bands and a Gamma summary")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from gametheory.do.driver import run_many, summary_frame, write_outputs
    from gametheory.do.io import read_establishments
    from gametheory.errors import UserInputError

    census = read_establishments(args.input, coords=args.coords, weight=args.weight)
    if args.all:
        names = [n for n in census.industries if n != args.neighbor]
    else:
        names = list(dict.fromkeys(args.industry))
    if not names:
        raise UserInputError("name an industry with --industry NAME, or use --all")
    tasks = []
    for name in names:
        tasks.append((name, None))
        if args.neighbor:
            tasks.append((name, args.neighbor))
    results = run_many(census, tasks, weighted=bool(args.weight), simulations=args.simulations,
                       seed=args.seed, threshold=args.threshold, bandwidth=args.bandwidth,
                       scheduler=args.scheduler, workers=args.workers, progress=not args.quiet,
                       skip_undefined=args.all)
    if not results:
        raise UserInputError("no industry could be computed (every bandwidth undefined); give --bandwidth")
    settings = {"input": str(args.input), "weight": args.weight,
                "coords": "lonlat" if census.spherical else "xy"}
    summary = write_outputs(results, args.out, settings)
    if args.plot:
        from gametheory.do.plots import plot_gamma, plot_k

        for r in results:
            plot_k(r, summary.parent / f"{r.label}.png")
        plot_gamma(results, summary.parent / "gamma.png")
    first = results[0]
    print(f"DO index: {len(census.points)} sites, d_max = {first.threshold:.1f} km "
          f"({first.threshold_method}), {first.simulations} simulations, seed {first.seed}")
    print(summary_frame(results).to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print(f"wrote {summary.parent}/ (summary.csv, run.json, one CSV per row"
          f"{', PNG figures' if args.plot else ''})", file=sys.stderr)
    return 0
