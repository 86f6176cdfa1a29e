r"""Verification: every derived condition checked against brute force on random parameter draws.

For each draw (seeded; parameters are exact fractions in the model's domain,
with demand low enough at times that some firms leave a market) and a number of
firms N, the pure equilibria are computed four independent ways and must agree:

1. **numeric table**: exact payoffs from the two-class Cournot closed form, and
   the anonymous-game rule (:meth:`AgglomerationGame.pure_equilibria`);
2. **symbolic conditions**: the propositions' simplified conditions
   :math:`D_N \ge 0` (traditional cluster) and :math:`D_1 \le 0` (zero-resource
   economy), and the sign of every symbolic :math:`D_k`, each in the Cournot
   regime that holds at the draw, evaluated exactly;
3. **brute force**: every firm's unilateral deviation, with payoffs from the
   general N-firm Cournot solver (sorted active set, one cost per firm);
4. **bimatrix solver** (N = 2): the exact vertex-enumeration solver on the 2x2
   game; its symmetric pure profiles and its symmetric completely mixed
   equilibrium must match the configurations and the root of the anonymous game;
5. **sweep**: the vectorised float path at the same point.

Any disagreement is recorded with the parameters that produce it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from gametheory.params import Params

__all__ = ["Disagreement", "VerificationReport", "verify", "random_params"]


@dataclass(frozen=True)
class Disagreement:
    """One counterexample: the draw, N, the exact parameters and what disagreed."""

    draw: int
    N: int
    params: Params
    check: str
    detail: str

    def text(self) -> str:
        ps = " ".join(f"-p {n}={v}" for n, v in self.params.items())
        return f"draw {self.draw}, N = {self.N}: {self.check}: {self.detail}\n  reproduce: gametheory solve -N {self.N} {ps}"


@dataclass(frozen=True)
class VerificationReport:
    """Counts of checks passed per kind, and every disagreement found."""

    draws: int
    seed: int
    checks: dict = field(default_factory=dict)
    disagreements: tuple[Disagreement, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.disagreements

    def text(self) -> str:
        lines = [f"verification: {self.draws} random parameter draws (seed {self.seed})"]
        for k, v in self.checks.items():
            lines.append(f"  {k:<60s} {v:>5d} checks")
        if self.ok:
            lines.append("all methods agree")
        else:
            lines.append(f"{len(self.disagreements)} DISAGREEMENT(S):")
            lines += ["  " + d.text() for d in self.disagreements]
        return "\n".join(lines)


def random_params(rng: np.random.Generator) -> Params:
    """Exact parameters (tenths) inside the model's domain; low demand at times (corners)."""
    t = lambda lo, hi: Fraction(int(rng.integers(lo, hi + 1)), 10)
    c, gA, gB, tr, e = t(5, 40), t(0, 15), t(0, 15), t(0, 30), t(-10, 10)
    if c - e - gA <= 0:
        e = c - gA - Fraction(1, 10)
    if c + tr - gB <= 0:
        tr = gB - c + Fraction(1, 10)
    return Params({"a_A": t(10, 150), "a_B": t(10, 150), "b": t(2, 30), "c": c, "e": e, "tau_r": tr,
                   "tau_p": t(0, 40), "gamma_A": gA, "gamma_B": gB, "F_A": t(0, 5), "F_B": t(0, 5)})


def _brute_force_equilibria(N: int, params: Params) -> list[int]:
    from gametheory.models.cournot import cournot_quantities

    p = params

    def payoff(locs, i):
        k = locs.count("A")
        cost = {"A": p["c"] - p["e"] - p["gamma_A"] * Fraction(k - 1, N - 1),
                "B": p["c"] + p["tau_r"] - p["gamma_B"] * Fraction(N - k - 1, N - 1)}
        total = Fraction(0)
        for m in "AB":
            q = cournot_quantities(p[f"a_{m}"], p["b"], [cost[r] + (0 if r == m else p["tau_p"]) for r in locs])
            total += p["b"] * q[i] ** 2
        return total - p[f"F_{locs[i]}"]

    out = []
    for k in range(N + 1):
        locs = ["A"] * k + ["B"] * (N - k)
        stable = True
        for i in (0, N - 1) if 0 < k < N else (0,):  # firms of a region are interchangeable
            dev = list(locs)
            dev[i] = "B" if locs[i] == "A" else "A"
            if payoff(dev, i) > payoff(locs, i):
                stable = False
        out.append(k) if stable else None
    return out


def verify(draws: int = 40, seed: int = 0, *, max_N: int = 8, progress: bool = False) -> VerificationReport:
    """Run the checks on ``draws`` seeded random draws (N = 2 on even draws, else N in 3..max_N)."""
    from tqdm import tqdm

    from gametheory.analysis.propositions import incentive
    from gametheory.analysis.sweeps import Axis, sweep
    from gametheory.games.bimatrix import bimatrix_equilibria
    from gametheory.models.agglomeration import AgglomerationGame
    from gametheory.models.agglomeration_symbolic import exact_value, regime_at

    rng = np.random.default_rng(seed)
    checks: dict[str, int] = {}
    bad: list[Disagreement] = []

    def check(name, ok, draw, N, params, detail):
        checks[name] = checks.get(name, 0) + 1
        if not ok:
            bad.append(Disagreement(draw, N, params, name, detail))

    for d in tqdm(range(draws), disable=not progress, desc="draws", unit="draw"):
        params = random_params(rng)
        N = 2 if d % 2 == 0 else int(rng.integers(3, max_N + 1))
        game = AgglomerationGame(N, params)
        pure = game.pure_equilibria()
        subs = params.subs()
        # symbolic D_k, regime by regime, evaluated exactly
        A, B = game.payoff_table()
        sym_pure = []
        for k in range(N + 1):
            okA = k == 0 or exact_value(incentive(N, k, (regime_at(game, k), regime_at(game, k - 1))).expr, params) >= 0
            okB = k == N or exact_value(incentive(N, k + 1, (regime_at(game, k + 1), regime_at(game, k))).expr,
                                        params) <= 0
            if okA and okB:
                sym_pure.append(k)
        check("symbolic D_k (regime at the draw) vs numeric table", sym_pure == pure, d, N, params,
              f"symbolic {sym_pure} vs numeric {pure}")
        for k, rel, pattern in ((N, ">=", N), (1, "<=", 0)):
            cond = incentive(N, k, (regime_at(game, k), regime_at(game, k - 1))).condition(rel)
            check("propositions' simplified conditions vs numeric table", cond.holds_at(subs) == (pattern in pure),
                  d, N, params, f"condition D_{k} {rel} 0 ({cond.text()}) vs n_A = {pattern} in {pure}")
        brute = _brute_force_equilibria(N, params)
        check("brute-force deviations (general Cournot) vs numeric table", brute == pure, d, N, params,
              f"brute force {brute} vs numeric {pure}")
        sw = sweep(N, params, [Axis.linspace("tau_p", float(params["tau_p"]), float(params["tau_p"]) + 1, 2)])
        check("vectorised sweep (floats) vs exact table", sw.pure_at((0,)) == pure, d, N, params,
              f"sweep {sw.pure_at((0,))} vs exact {pure}")
        if N == 2:
            M, Mt = game.bimatrix()
            eqs = bimatrix_equilibria(M, Mt, exact=True).equilibria
            # a pure profile (x, y) of the 2x2 game is the configuration k = number of firms in A
            bm_pure = sorted({int(x[0] + y[0]) for x, y in eqs if x[0] in (0, 1) and y[0] in (0, 1)})
            check("bimatrix solver (pure profiles) vs numeric table", bm_pure == pure, d, N, params,
                  f"bimatrix {bm_pure} vs numeric {pure}")
            D1, D2 = A[1] - B[0], A[2] - B[1]
            mixed_bm = sorted(x[0] for x, y in eqs if 0 < x[0] < 1 and x[0] == y[0])
            expected = [D1 / (D1 - D2)] if D1 * D2 < 0 else []
            check("bimatrix solver (symmetric mixed) vs p* = D_1/(D_1 - D_2)", mixed_bm == expected, d, N, params,
                  f"bimatrix {mixed_bm} vs closed form {expected}")
    return VerificationReport(draws, seed, checks, tuple(bad))
