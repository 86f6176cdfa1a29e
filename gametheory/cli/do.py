"""``gametheory do``: the Duranton-Overman (2005) K-density index of localisation.

``INPUT`` is a CSV or Parquet establishment table, or ``sample`` for the
synthetic census shipped with the package.  See ``docs/do.md``.

Every option is checked before any work (output folder, numbers, Dask scheduler,
the size of the run); a mistake is one line on standard error and exit status 2.
"""

import argparse


def register(sub) -> None:
    p = sub.add_parser(
        "do", help="Duranton-Overman K-density index: localisation and co-localisation of industries",
        description="Duranton-Overman (2005) K-density with counterfactual bands, Gamma and Psi, and two "
                    "exact one-sided global envelope tests (extreme rank length, Myllymaki et al. 2017): "
                    "localised if p_localized <= alpha, dispersed if p_dispersed <= alpha (and not "
                    "localised). INPUT is a CSV/Parquet table with columns id, industry, x, y (km) or "
                    "lon, lat (degrees), or 'sample' for the synthetic census shipped with the package.")
    p.add_argument("input", metavar="INPUT", help="establishment table (.csv, .parquet) or 'sample'")
    p.add_argument("--industry", action="append", default=[], metavar="NAME",
                   help="industry to test (repeatable)")
    p.add_argument("--all", action="store_true", help="every industry of the table")
    p.add_argument("--neighbor", metavar="NAME",
                   help="also compute the bivariate K_AB of each industry with this one")
    p.add_argument("--null", choices=["joint", "conditional"], default=None,
                   help="null of a pair (with --neighbor): 'joint' (default, DO's: both industries "
                        "relocated together over all sites) or 'conditional' (the neighbour stays at its "
                        "sites, the industry is relocated among the other sites)")
    p.add_argument("--weight", metavar="COLUMN", help="weight column (employment): K_emp")
    p.add_argument("--simulations", type=int, default=999, metavar="S",
                   help="counterfactual draws (default 999: alpha*(S+1) is an integer, so each test has "
                        "size exactly alpha; at least 1/alpha - 1 = 19 at 5%%)")
    p.add_argument("--alpha", default="0.05", metavar="A",
                   help="level of each one-sided test and of the bands (default 0.05)")
    p.add_argument("--seed", type=int, default=0, help="seed of every random draw (default 0)")
    p.add_argument("--threshold", metavar="KM",
                   help="d_max in km (default: median distance between all pairs of sites; at most 20000)")
    p.add_argument("--bandwidth", metavar="KM", help="fixed bandwidth in km (default Silverman)")
    p.add_argument("--coords", choices=["xy", "lonlat"],
                   help="coordinate columns (default: lon,lat if present and no x or y column, else x,y)")
    p.add_argument("--out", default="do-out", metavar="DIR", help="output folder (default do-out)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask cluster (needs the extra: pip install 'gametheory[dask]')")
    p.add_argument("--workers", type=int, metavar="N", help="local threads (default: all cores)")
    p.add_argument("--max-pairs", metavar="N", default=None,
                   help="refuse runs of more pair distances, (S+1) x pairs summed over rows (default 1e13, "
                        "about 25 CPU hours)")
    p.add_argument("--plot", action="store_true", help="draw K with its bands and a Gamma summary")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=run)


def check_out(path):
    """The output folder: its parent must exist, and a probe file must be writable in it (before any work)."""
    import tempfile
    from pathlib import Path

    from gametheory.cli.common import check_output_dir
    from gametheory.errors import UserInputError

    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise UserInputError(f"--out {path}: the folder {parent} does not exist")
    check_output_dir(p, option="--out")
    created = not p.exists()
    try:
        p.mkdir(exist_ok=True)
        with tempfile.TemporaryFile(dir=p):
            pass
    except OSError as exc:
        raise UserInputError(f"--out {path}: not writable ({exc.strerror or exc})") from None
    finally:
        if created and p.is_dir():
            p.rmdir()  # created again when the outputs are written
    return p


def run(args: argparse.Namespace) -> int:
    import sys
    import warnings

    from gametheory.do.checks import check_test_settings, check_threshold_grid, connect
    from gametheory.errors import UserInputError
    from gametheory.params import parse_float

    # everything a user gives is checked before any work
    alpha = parse_float(args.alpha, "--alpha", minimum=0, maximum=1, strict_minimum=True)
    null = args.null or "joint"
    check_test_settings(args.simulations, alpha, null)
    if args.null is not None and not args.neighbor:
        raise UserInputError("--null chooses the null of a pair: give --neighbor NAME as well")
    threshold = bandwidth = None
    if args.threshold is not None:
        threshold = parse_float(args.threshold, "--threshold", minimum=0, strict_minimum=True)
        check_threshold_grid(threshold)
    if args.bandwidth is not None:
        bandwidth = parse_float(args.bandwidth, "--bandwidth", minimum=0, strict_minimum=True)
    if args.workers is not None and args.workers < 1:
        raise UserInputError(f"--workers must be at least 1, not {args.workers}")
    max_pairs = None
    if args.max_pairs is not None:
        max_pairs = parse_float(args.max_pairs, "--max-pairs", minimum=0, strict_minimum=True)
    out = check_out(args.out)
    client = connect(args.scheduler) if args.scheduler else None
    # the heavy modules (numba kernels, pandas) only once the settings are known to be good
    import numpy as np

    from gametheory.do.driver import run_many, summary_frame, write_outputs
    from gametheory.do.io import read_establishments

    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
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
                               seed=args.seed, threshold=threshold, bandwidth=bandwidth, alpha=alpha,
                               null=null, scheduler=client, workers=args.workers,
                               progress=not args.quiet, skip_undefined=args.all, max_pairs=max_pairs)
    finally:
        if client is not None:
            client.close()
    if not results:
        raise UserInputError("no industry could be computed (every bandwidth undefined); give --bandwidth")
    settings = {"input": str(args.input), "weight": args.weight,
                "coords": "lonlat" if census.spherical else "xy"}
    summary = write_outputs(results, out, settings)
    if args.plot:
        from gametheory.do.plots import plot_gamma, plot_k

        for r in results:
            plot_k(r, summary.parent / f"{r.label}.png")
        plot_gamma(results, summary.parent / "gamma.png")
    first = results[0]
    pairs = any(r.neighbor for r in results)
    print(f"DO index: {len(census.points)} sites, d_max = {first.threshold:.1f} km "
          f"({first.threshold_method}), {first.simulations} simulations, seed {first.seed}")
    print(f"tests: one-sided global envelope (extreme rank length), each at alpha = {first.alpha:g} "
          f"(size {first.size:.4g}); localized: p_localized <= alpha; dispersed: p_dispersed <= alpha "
          f"and not localized; Gamma, Psi: DO's indices on DO's global bands"
          + (f"; pairs: {null} null" if pairs else ""))
    table = summary_frame(results)
    print(table.to_string(index=False, formatters={
        "bandwidth": "{:.4g}".format, "threshold": "{:.4g}".format, "Gamma": "{:.4g}".format,
        "Psi": "{:.4g}".format, "p_localized": "{:.4g}".format, "p_dispersed": "{:.4g}".format}))
    print(f"wrote {summary.parent}/ (summary.csv, run.json, one CSV per row"
          f"{', PDF and PNG figures' if args.plot else ''})", file=sys.stderr)
    return 0
