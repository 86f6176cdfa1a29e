"""``gametheory nash GAME.nfg``: verified Nash equilibria of a game in a Gambit ``.nfg`` file.

Two players: every extreme equilibrium, the maximal convex sets of equilibria (``components``) and
the connected components
(:func:`gametheory.games.bimatrix.bimatrix_equilibria`).  Any other number of
players: every pure equilibrium (:func:`gametheory.games.pure.pure_equilibria`).
"""
import argparse


def register(sub) -> None:
    p = sub.add_parser(
        "nash", help="every equilibrium of a game in a Gambit .nfg file (exact for 2 players)",
        description="Verified Nash equilibria of a game read from a Gambit .nfg file. Two players: every "
                    "extreme equilibrium and the connected components of the equilibrium set. Other numbers "
                    "of players: every pure-strategy equilibrium.")
    p.add_argument("game", metavar="GAME.nfg", help="strategic game file (payoff or outcome version)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--exact", dest="exact", action="store_const", const=True, default=None,
                      help="rational arithmetic (the default: .nfg payoffs are rational)")
    mode.add_argument("--float", dest="exact", action="store_const", const=False,
                      help="floating point: regret at most TOL times the payoff span (largest minus smallest payoff) when that exceeds 1")
    p.add_argument("--tol", type=float, default=1e-9, help="regret tolerance in float mode (default 1e-9)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def _solve(game, exact, tol):
    """``(result dict without names, list of profiles as per-player vectors)``."""
    if game.n_players == 2:
        from gametheory.games.bimatrix import bimatrix_equilibria

        res = bimatrix_equilibria(*game.payoffs, exact=exact, tol=tol)
        info = {"method": res.method, "exact": res.exact, "tol": res.tol,
                # the definition of a component: a maximal set of extreme equilibria whose convex hull
                # consists of equilibria (a maximal Nash subset); connected components are unions of those
                "components": [list(c) for c in res.nash_subsets],
                "connected_components": [list(c) for c in res.components]}
        return info, [list(eq) for eq in res.equilibria]
    from gametheory.games.pure import pure_equilibria
    from gametheory.games.normal_form import NormalFormGame

    if exact is False:
        game = NormalFormGame(tuple(p.astype(float) for p in game.payoffs), game.players, game.strategies, game.title)
    res = pure_equilibria(game, tol=tol)
    info = {"method": res.method + " (pure equilibria only: mixed equilibria of games with "
                                   f"{game.n_players} players are not enumerated)",
            "exact": res.exact, "tol": res.tol}
    return info, [list(eq) for eq in res.mixed(game.shape)]


def _value(v, exact):
    from fractions import Fraction

    if exact:
        return str(Fraction(v))
    return float(v)


def _describe(vector, names) -> str:
    from fractions import Fraction

    parts = []
    for p, name in zip(vector, names):
        if p == 0:
            continue
        parts.append(name if p == 1 else f"{Fraction(p) if not isinstance(p, float) else f'{p:.6g}'}*{name}")
    return " + ".join(parts)


def run(args: argparse.Namespace) -> int:
    import json

    from gametheory.errors import UserInputError
    from gametheory.games.nfg import read_nfg

    if not (args.tol >= 0):
        raise UserInputError(f"--tol must be >= 0, got {args.tol}")
    game = read_nfg(args.game)
    info, profiles = _solve(game, args.exact, args.tol)
    exact = info["exact"]
    if args.json:
        out = {"title": game.title, "players": list(game.players),
               "strategies": [list(s) for s in game.strategies], **info,
               "equilibria": [[[_value(v, exact) for v in vec] for vec in prof] for prof in profiles]}
        print(json.dumps(out))
        return 0
    arithmetic = "exact rational arithmetic" if exact else f"floating point, regret <= {info['tol']:g}"
    kind = "extreme equilibria" if game.n_players == 2 else "pure equilibria"
    print(f"{game.title or args.game}: {len(profiles)} {kind} ({arithmetic})")
    print(f"method: {info['method']}")
    width = [max([len(p)] + [len(_describe(prof[i], game.strategies[i])) for prof in profiles])
             for i, p in enumerate(game.players)]
    print(("  #  " + "  ".join(p.ljust(w) for p, w in zip(game.players, width))).rstrip())
    for k, prof in enumerate(profiles):
        cells = [_describe(vec, game.strategies[i]).ljust(width[i]) for i, vec in enumerate(prof)]
        print(f"{k + 1:>3}  " + "  ".join(cells).rstrip())
    if "components" in info:
        show = lambda cs: ", ".join("{" + ", ".join(str(i + 1) for i in c) + "}" for c in cs)
        print(f"components (maximal convex sets of equilibria, by #): {show(info['components'])}")
        if info["connected_components"] != info["components"]:
            print(f"connected components (by #): {show(info['connected_components'])}")
    return 0
