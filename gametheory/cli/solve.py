"""``gametheory solve``: payoffs and every equilibrium of the N-firm game at given parameters."""

from __future__ import annotations

import argparse

from gametheory.cli.common import add_model_arguments, model_from_args


def register(sub) -> None:
    p = sub.add_parser("solve", help="payoff tables and all equilibria (pure, mixed; the 2x2 game for N = 2)",
                       description="Solve the resource agglomeration game of MODEL.md for N firms: payoffs "
                                   "Pi_A(k), Pi_B(k) by configuration k = n_A, pure equilibria, symmetric mixed "
                                   "equilibria with stability, and for N = 2 every equilibrium of the 2x2 game.")
    add_model_arguments(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--exact", action="store_true", help="payoffs as exact fractions (strings in JSON)")
    p.set_defaults(func=run)


def solution(game, exact: bool) -> dict:
    """The JSON-ready solution of ``game`` (the object ``--json`` prints)."""
    from gametheory.analysis.regimes import classify

    A, B = game.payoff_table()
    num = (lambda v: None if v is None else str(v)) if exact else (lambda v: None if v is None else float(v))
    pure = game.pure_equilibria()
    mixed, continuum = _mixed(game)
    out = {
        "n_firms": game.N,
        "params": {n: float(v) for n, v in game.params.items()},
        "payoffs": {"A": [num(v) for v in A], "B": [num(v) for v in B]},
        "pure_equilibria": pure,
        "strict_equilibria": game.strict_equilibria(),
        "mixed_equilibria": [m.as_dict() for m in mixed],
        "mixed_continuum": continuum,
        "regime": classify(pure, game.N),
    }
    if game.N == 2:
        out["nash_equilibria"] = [{"row": [float(p) for p in x], "col": [float(p) for p in y]}
                                  for x, y in two_by_two_equilibria(game)]
    return out


def _mixed(game):
    """``(mixed equilibria, continuum?)``: when every firm is indifferent every p is an equilibrium."""
    from gametheory.games.anonymous import ContinuumOfEquilibria

    try:
        return game.mixed_equilibria(), False
    except ContinuumOfEquilibria:
        return [], True


def two_by_two_equilibria(game):
    """Every equilibrium ``(x, y)`` of the N = 2 bimatrix game (exact, verified)."""
    from gametheory.games.bimatrix import bimatrix_equilibria

    M, Mt = game.bimatrix()
    return bimatrix_equilibria(M, Mt, exact=True).equilibria


def report(game, sol: dict) -> str:
    """A readable report of ``solution(game, exact=True)``."""
    from fractions import Fraction

    from gametheory.analysis.regimes import pattern_name

    N = game.N
    A, B = game.payoff_table()
    L = [f"Resource agglomeration game with N = {N} firms",
         "Parameters: " + ", ".join(f"{n}={v}" for n, v in game.params.items())
         + f" (Delta_gamma={game.params.delta_gamma})", "",
         "Payoffs by configuration (k = n_A firms in A; D_k = Pi_A(k) - Pi_B(k-1)):",
         f"{'k':>6} {'Pi_A(k)':>14} {'Pi_B(k)':>14} {'D_k':>14}"]
    shown = range(N + 1) if N <= 40 else list(range(10)) + [None] + list(range(N - 9, N + 1))
    for k in shown:
        if k is None:
            L.append(f"{'...':>6}")
            continue
        d = A[k] - B[k - 1] if k >= 1 else None
        f = lambda v: "-" if v is None else f"{float(v):.6f}"
        L.append(f"{k:>6} {f(A[k]):>14} {f(B[k]):>14} {f(d):>14}")
    strict = set(sol["strict_equilibria"])
    L += ["", "Pure Nash equilibria (n_A):"]
    for k in sol["pure_equilibria"]:
        L.append(f"  n_A = {k}: {pattern_name(k, N)}, {'strict (stable)' if k in strict else 'weak (a tie)'}")
    L.append(f"Regime: {sol['regime']}")
    mixed, continuum = _mixed(game)
    L.append("Symmetric mixed equilibria (probability p of locating in A):")
    if continuum:
        L.append("  every p in [0, 1]: every firm is indifferent between A and B")
    for m in mixed:
        exact = f" = {m.exact}" if m.exact is not None and getattr(m.exact, "is_Rational", False) else ""
        L.append(f"  p = {m.p:.6f}{exact}, {'stable' if m.stable else 'unstable'} under the replicator dynamics")
    if not mixed and not continuum:
        L.append("  none in (0, 1)")
    if N == 2:
        L.append("All equilibria of the 2x2 game (probabilities of A for firm 1 ; firm 2):")
        for x, y in two_by_two_equilibria(game):
            L.append(f"  ({Fraction(x[0])}, {Fraction(x[1])}) ; ({Fraction(y[0])}, {Fraction(y[1])})")
    return "\n".join(L)


def run(args: argparse.Namespace) -> int:
    import json

    game = model_from_args(args)
    sol = solution(game, exact=args.exact)
    print(json.dumps(sol, indent=2) if args.json else report(game, sol))
    return 0
