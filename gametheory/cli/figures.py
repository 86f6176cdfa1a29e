"""``gametheory figures``: write the paper figures (PDF and PNG) into a directory."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser("figures", help="the paper figures: regime maps, bifurcation diagrams, D_k plots, thresholds",
                       description="Draw every paper figure for each N (default 2 and 20) at the given parameters "
                                   "and write it as PDF and PNG (stable file names) into --out; prints the files "
                                   "written. See docs/figures.md.")
    p.add_argument("--out", default="paper-out/figures",
                   help="output directory (default paper-out/figures; the committed figures/ folder is only "
                        "written when named)")
    p.add_argument("--model", metavar="FILE.toml", help="a model file (default: the resource agglomeration game)")
    p.add_argument("-N", "--firms", dest="N", type=int, action="append", metavar="N",
                   help="number of firms (repeatable; default: 2 and 20)")
    p.add_argument("-p", "--param", dest="params", action="append", default=[], metavar="NAME=VALUE",
                   help="set a model parameter (repeatable); Delta_gamma sets gamma_B = gamma_A + Delta_gamma")
    p.add_argument("--format", default="pdf,png", metavar="FMT[,FMT]",
                   help="comma-separated output formats: pdf, png, svg (default pdf,png)")
    p.add_argument("--grid", type=int, default=300, help="points per axis of the 2-D maps (default 300, at most 2000)")
    p.add_argument("--points", type=int, default=601,
                   help="points of the bifurcation diagrams (default 601, at most 20000)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from gametheory.cli.common import check_output_dir, load_model
    from gametheory.errors import UserInputError
    from gametheory.game import LocationGame
    from gametheory.plots.paper import write_figures

    check_output_dir(args.out)
    if not 2 <= args.grid <= 2000 or not 2 <= args.points <= 20000:
        raise UserInputError(f"--grid must be in 2..2000 and --points in 2..20000 (got {args.grid}, {args.points})")
    model = load_model(args)
    params = model.space.from_assignments(args.params)
    Ns = args.N or (2, 20)
    game = LocationGame(model, Ns[0], params)
    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    # the New Economic Geography figures (issue 7) are drawn at the defaults of docs/model.md only
    neg = model.name == "resource" and not args.model and params == model.defaults() and not args.N
    paths = write_figures(args.out, game, formats=formats, Ns=Ns, grid=args.grid, points=args.points,
                          progress=True, neg=neg)
    for path in paths:
        print(path)
    return 0
