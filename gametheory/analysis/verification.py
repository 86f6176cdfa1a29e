r"""Verification: every derived condition checked against brute force on random parameter draws, for any model.

For each draw (seeded; exact parameters in the model's domain, from the model's
:meth:`~gametheory.models.base.LocationModel.random_params`) and a number of firms N,
the pure equilibria are computed independent ways and must agree:

1. **numeric table**: exact payoffs from the model's formulas and the anonymous-game
   rule (certified signs, :class:`~gametheory.models.point.ModelPoint`);
2. **symbolic conditions**: the sign of every symbolic :math:`D_k`
   (:func:`~gametheory.analysis.incentives.incentive`) in the regime that holds at the
   draw, evaluated exactly, and the propositions' simplified conditions
   :math:`D_N \ge 0` (all firms in A) and :math:`D_1 \le 0` (all firms in B);
3. **brute force**: every firm's unilateral deviation, with payoffs from the model's
   independent route (:meth:`~gametheory.models.base.LocationModel.brute_force_payoff`: for
   the resource game the general N-firm Cournot solver, for a user's model the sympy
   expression substituted exactly);
4. **sweep**: the vectorised certified float path at the same point;
5. **mixed equilibria** (N <= 8): the exact roots against the certified float roots;
6. **bimatrix solver** (N = 2): its symmetric pure profiles and its symmetric completely
   mixed equilibrium against the configurations and :math:`p^* = D_1/(D_1 - D_2)`.

Any disagreement is recorded with the parameters that produce it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from gametheory.results import Result

__all__ = ["Disagreement", "VerificationReport", "verify"]


@dataclass(frozen=True)
class Disagreement:
    """One counterexample: the draw, N, the exact parameters and what disagreed."""

    draw: int
    N: int
    params: object
    check: str
    detail: str

    def text(self) -> str:
        ps = " ".join(f"-p {n}={v}" for n, v in self.params.items())
        return f"draw {self.draw}, N = {self.N}: {self.check}: {self.detail}\n  reproduce: gametheory solve -N {self.N} {ps}"


@dataclass(frozen=True, repr=False)
class VerificationReport(Result):
    """Counts of checks passed per kind, and every disagreement found."""

    model: str
    draws: int
    seed: int
    checks: dict = field(default_factory=dict)
    disagreements: tuple[Disagreement, ...] = ()

    _repr_fields = ("model", "draws", "seed", "ok")

    @property
    def ok(self) -> bool:
        return not self.disagreements

    def as_dict(self) -> dict:
        return {"model": self.model, "draws": self.draws, "seed": self.seed, "ok": self.ok, "checks": self.checks,
                "disagreements": [{"draw": d.draw, "N": d.N, "check": d.check, "detail": d.detail,
                                   "params": {n: str(v) for n, v in d.params.items()}} for d in self.disagreements]}

    def text(self) -> str:
        lines = [f"verification of the {self.model} model: {self.draws} random parameter draws (seed {self.seed})"]
        for k, v in self.checks.items():
            lines.append(f"  {k:<64s} {v:>5d} checks")
        if self.ok:
            lines.append("all methods agree")
        else:
            lines.append(f"{len(self.disagreements)} DISAGREEMENT(S):")
            lines += ["  " + d.text() for d in self.disagreements]
        return "\n".join(lines)

    def to_text(self) -> str:
        return self.text()


def _brute_force_equilibria(model, N: int, params) -> list[int]:
    out = []
    for k in range(N + 1):
        locs = tuple(["A"] * k + ["B"] * (N - k))
        stable = True
        for i in (0, N - 1) if 0 < k < N else (0,):  # firms of a region are interchangeable
            dev = list(locs)
            dev[i] = "B" if locs[i] == "A" else "A"
            if model.brute_force_payoff(N, tuple(dev), i, params) > model.brute_force_payoff(N, locs, i, params):
                stable = False
        if stable:
            out.append(k)
    return out


def verify(model=None, draws: int = 40, seed: int = 0, *, max_N: int = 8, progress: bool = False
           ) -> VerificationReport:
    """Run the checks on ``draws`` seeded random draws of ``model`` (default: the resource game);
    N = 2 on even draws, else N in 3..max_N."""
    from tqdm import tqdm

    from gametheory.analysis.incentives import exact_value, incentive
    from gametheory.analysis.sweeps import sweep
    from gametheory.arith import exact_sign
    from gametheory.errors import UserInputError
    from gametheory.games.anonymous import ContinuumOfEquilibria, mixed_certified
    from gametheory.games.bimatrix import bimatrix_equilibria
    from gametheory.models.point import ModelPoint

    if model is None:
        from gametheory.models.agglomeration import RESOURCE as model
    if draws < 1:
        raise UserInputError(f"draws must be at least 1 (got {draws})")
    if max_N < 3:
        raise UserInputError(f"max_N must be at least 3 (got {max_N})")
    rng = np.random.default_rng(seed)
    checks: dict[str, int] = {}
    bad: list[Disagreement] = []

    def check(name, ok, draw, N, params, detail):
        """Count the check; a disagreement records ``detail`` (a text, or a function giving it: formatted only
        then)."""
        checks[name] = checks.get(name, 0) + 1
        if not ok:
            bad.append(Disagreement(draw, N, params, name, detail() if callable(detail) else detail))

    for d in tqdm(range(draws), disable=not progress, desc="draws", unit="draw"):
        N = 2 if d % 2 == 0 else int(rng.integers(3, max_N + 1))
        params = model.random_params(rng, N)
        game = ModelPoint(model, N, params)
        pure = game.pure_equilibria()
        subs = params.subs()

        def sym_sign(k):
            inc = incentive(model, N, k, (game.regime_at(k), game.regime_at(k - 1)))
            return exact_sign(exact_value(inc.expr, params))

        signs = [sym_sign(k) for k in range(1, N + 1)]
        sym_pure = [k for k in range(N + 1) if (k == 0 or signs[k - 1] >= 0) and (k == N or signs[k] <= 0)]
        check("symbolic D_k (regime at the draw) vs numeric table", sym_pure == pure, d, N, params,
              f"symbolic {sym_pure} vs numeric {pure}")
        for k, rel, pattern in ((N, ">=", N), (1, "<=", 0)):
            cond = incentive(model, N, k, (game.regime_at(k), game.regime_at(k - 1))).condition(rel)
            check("propositions' simplified conditions vs numeric table", cond.holds_at(subs) == (pattern in pure),
                  d, N, params, lambda: f"condition D_{k} {rel} 0 ({cond.text()}) vs n_A = {pattern} in {pure}")
        brute = _brute_force_equilibria(model, N, params)
        check("brute-force deviations (independent payoffs) vs numeric table", brute == pure, d, N, params,
              f"brute force {brute} vs numeric {pure}")
        name = model.space.names[0]
        v0 = params[name]
        sw = sweep(game, [(name, v0, v0 + 1, 2)], mixed=False)
        check("vectorised certified sweep vs exact table", sw.pure_at((0,)) == pure, d, N, params,
              f"sweep {sw.pure_at((0,))} vs exact {pure}")
        try:
            exact_mixed = game.mixed()
        except ContinuumOfEquilibria:
            exact_mixed = None
        if exact_mixed is not None and exact_mixed.method == "exact":
            b = game.gap_balls
            fl = mixed_certified(b.mid, b.rad, game.gap_signs)
            simple = [r for r in exact_mixed.roots if r.multiplicity % 2 == 1]
            same = len(fl.roots) == len(simple) and all(abs(a.p - e.p) < 1e-9 and a.stable == e.stable
                                                         for a, e in zip(fl.roots, simple))
            check("mixed equilibria: exact roots vs certified float roots", same, d, N, params,
                  f"exact {[(r.p, r.stable) for r in simple]} vs float {[(r.p, r.stable) for r in fl.roots]}")
        if N == 2 and all(isinstance(game.gap(k), Fraction) for k in (1, 2)):
            M, Mt = game.bimatrix()
            eqs = bimatrix_equilibria(M, Mt, exact=True).equilibria
            bm_pure = sorted({int(x[0] + y[0]) for x, y in eqs if x[0] in (0, 1) and y[0] in (0, 1)})
            check("bimatrix solver (pure profiles) vs numeric table", bm_pure == pure, d, N, params,
                  f"bimatrix {bm_pure} vs numeric {pure}")
            D1, D2 = game.gap(1), game.gap(2)
            mixed_bm = sorted(x[0] for x, y in eqs if 0 < x[0] < 1 and x[0] == y[0])
            expected = [D1 / (D1 - D2)] if D1 * D2 < 0 else []
            check("bimatrix solver (symmetric mixed) vs p* = D_1/(D_1 - D_2)", mixed_bm == expected, d, N, params,
                  f"bimatrix {mixed_bm} vs closed form {expected}")
    return VerificationReport(model.name, draws, seed, checks, tuple(bad))
