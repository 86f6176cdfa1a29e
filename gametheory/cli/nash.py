"""``gametheory nash GAME.nfg``: verified Nash equilibria of a game in a Gambit ``.nfg`` file.

The command parses and checks its arguments, reads the game, calls
:mod:`gametheory.nash` and prints the result (``to_text()``, or
``as_dict()`` as one JSON line with ``--json``).  Every mistake is caught
before the work and reported in one line with exit status 2.
"""
import argparse

#: Bases a vertex search may visit without ``--all`` (about 25 s at the measured 20 000 bases/s).
MAX_BASES = 500_000
#: Support pairs nashpy's support enumeration may try without ``--all`` ((2^m - 1)(2^n - 1); 8x8 is 65 025).
MAX_SUPPORT_PAIRS = 70_000

EPILOG = """\
methods:
  enumeration   every extreme equilibrium, the maximal convex sets of equilibria
                (components) and the connected components: lexicographic pivoting
                over the vertices of the best-response polytopes, every equilibrium
                certified in exact arithmetic (median 14 ms for a random 10x10 game).
                The number of vertices grows exponentially with the number of
                strategies (about 1,000 for 10x10, 200,000 for 16x16): the search
                stops after %(bases)s bases unless --all or --max-bases says otherwise.
  lemke-howson  the equilibria Lemke-Howson reaches from every initial label (or
                from --label L only), exact integer pivoting; any size (a 30x30
                game from all 60 labels: about 1.5 s). Not necessarily every equilibrium.
  support       nashpy's support enumeration, every profile verified (floating
                point; a cross-check). Tries (2^m - 1)(2^n - 1) support pairs: refused
                beyond %(pairs)s unless --all.
Games with one or three or more players: every pure equilibrium.

examples:
  gametheory nash examples/von_stengel_degenerate.nfg
  gametheory nash game.nfg --json
  gametheory nash big.nfg --method lemke-howson
  gametheory nash big.nfg --all          # no limit; progress on standard error
""" % {"bases": f"{MAX_BASES:,}", "pairs": f"{MAX_SUPPORT_PAIRS:,}"}


def register(sub) -> None:
    p = sub.add_parser(
        "nash", help="every equilibrium of a game in a Gambit .nfg file (exact for 2 players)",
        description="Verified Nash equilibria of a game read from a Gambit .nfg file. Two players: every "
                    "extreme equilibrium and the connected components of the equilibrium set (or Lemke-Howson, "
                    "or nashpy's support enumeration). Other numbers of players: every pure-strategy equilibrium.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("game", metavar="GAME.nfg", help="strategic game file (payoff or outcome version)")
    p.add_argument("--method", choices=("enumeration", "lemke-howson", "support"), default="enumeration",
                   help="two players: enumeration (default), lemke-howson or support (see below)")
    p.add_argument("--label", metavar="L",
                   help="lemke-howson: start from label L only (0..m-1 row strategies, m..m+n-1 column "
                        "strategies); default every label")
    limits = p.add_mutually_exclusive_group()
    limits.add_argument("--all", action="store_true",
                        help="no size limit for enumeration or support (progress on standard error)")
    limits.add_argument("--max-bases", metavar="N",
                        help=f"enumeration: stop after N bases of a vertex search (default {MAX_BASES:,})")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--exact", dest="exact", action="store_const", const=True, default=None,
                      help="rational arithmetic (the default: .nfg payoffs are rational)")
    mode.add_argument("--float", dest="exact", action="store_const", const=False,
                      help="floating point: regret at most TOL times the payoff span (largest minus smallest "
                           "payoff) when that exceeds 1")
    p.add_argument("--tol", default="1e-9", metavar="TOL",
                   help="regret tolerance in float mode, a finite number >= 0 (default 1e-9)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def _options(args: argparse.Namespace) -> dict:
    """Check the options that do not need the game; returns the parsed values."""
    import math

    from gametheory.errors import UserInputError

    try:
        tol = float(args.tol)
    except ValueError:
        raise UserInputError(f"--tol: not a number: {args.tol!r}") from None
    if not math.isfinite(tol) or tol < 0:
        raise UserInputError(f"--tol must be a finite number >= 0, got {args.tol}")
    label = max_bases = None
    if args.label is not None:
        if args.method != "lemke-howson":
            raise UserInputError("--label applies to --method lemke-howson only")
        if not args.label.strip().isdigit():
            raise UserInputError(f"--label must be a label number 0, 1, 2, ...; got {args.label!r}")
        label = int(args.label)
    if args.max_bases is not None:
        if args.method != "enumeration":
            raise UserInputError("--max-bases applies to --method enumeration only")
        if not args.max_bases.strip().replace("_", "").replace(",", "").isdigit() \
                or int(args.max_bases.replace("_", "").replace(",", "")) < 1:
            raise UserInputError(f"--max-bases must be a positive integer; got {args.max_bases!r}")
        max_bases = int(args.max_bases.replace("_", "").replace(",", ""))
    if args.all and args.method == "lemke-howson":
        raise UserInputError("--all applies to --method enumeration or support (lemke-howson has no size limit)")
    if args.method == "support" and args.exact:
        raise UserInputError("--method support (nashpy's support enumeration) is floating point only: drop --exact")
    if args.method != "enumeration" or args.all:
        max_bases = None
    elif max_bases is None:
        max_bases = MAX_BASES
    return {"tol": tol, "label": label, "max_bases": max_bases}


class _Progress:
    """Progress lines on standard error, at most one per second (always with ``--all``, else on a terminal)."""

    def __init__(self, what: str, shown: bool) -> None:
        import sys
        import time

        self.what, self.clock, self.stream = what, time.perf_counter, sys.stderr
        self.start = self.last = self.clock()
        self.shown = shown or sys.stderr.isatty()

    def __call__(self, *counts) -> None:
        now = self.clock()
        if not self.shown or now - self.last < 1.0:
            return
        self.last, elapsed = now, now - self.start
        if self.what == "search":
            bases, level, frontier = counts
            text = (f"vertex search: {bases:,} bases (level {level}, frontier {frontier:,}), {elapsed:.0f} s, "
                    f"{bases / elapsed:,.0f} bases/s")
        else:
            text = f"{self.what}: {counts[0]} of {counts[1]} done, {elapsed:.0f} s"
        print(text, file=self.stream, flush=True)


def _limits(game, method: str, opts: dict, all_: bool) -> None:
    """Refuse, before the work, what the game's size rules out."""
    from gametheory.errors import UserInputError

    m, n = game.shape
    if opts["label"] is not None and opts["label"] >= m + n:
        raise UserInputError(f"--label must be in 0..{m + n - 1} for a {m}x{n} game; got {opts['label']}")
    pairs = (2**m - 1) * (2**n - 1)
    if method == "support" and not all_ and pairs > MAX_SUPPORT_PAIRS:
        raise UserInputError(
            f"a {m}x{n} game has {pairs:,} support pairs, more than the {MAX_SUPPORT_PAIRS:,} that --method "
            "support tries without --all (nashpy takes about a millisecond per pair); use the default "
            "enumeration, or --method lemke-howson")


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    import gametheory.nash as nash
    from gametheory.errors import UserInputError
    from gametheory.games.vertex_enumeration import SearchLimit

    opts = _options(args)
    game = nash.read_nfg(args.game)
    if not game.title:
        game = dataclasses.replace(game, title=str(args.game))
    if game.n_players != 2:
        if args.method != "enumeration":
            raise UserInputError(f"--method {args.method} needs a two-player game; this one has "
                                 f"{game.n_players} players (its pure equilibria are listed without --method)")
        result = nash.pure_equilibria(game, exact=args.exact, tol=opts["tol"])
    else:
        _limits(game, args.method, opts, args.all)
        what = {"enumeration": "search", "lemke-howson": "Lemke-Howson labels", "support": "support"}[args.method]
        progress = _Progress(what, shown=args.all) if args.method != "support" else None
        try:
            result = nash.equilibria(game, method=args.method, exact=args.exact, tol=opts["tol"],
                                     label=opts["label"], max_bases=opts["max_bases"], progress=progress)
        except SearchLimit:
            m, n = game.shape
            raise UserInputError(
                f"stopped the vertex search of this {m}x{n} game after {opts['max_bases']:,} bases: the number of "
                "vertices grows exponentially with the number of strategies (about 1,000 for a random 10x10 "
                "game, 200,000 for 16x16); use --method lemke-howson for the equilibria reachable from each "
                "label, or --all to enumerate without a limit (progress on standard error)") from None
    print(json.dumps(result.as_dict()) if args.json else result.to_text())
    return 0
