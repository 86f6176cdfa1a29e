r"""The incentive :math:`D_k = \Pi_A(k) - \Pi_B(k-1)` of a model, symbolically, in given regimes.

:math:`D_k` is the gain of a firm in A (with :math:`k-1` others there) over moving to B;
:math:`n_A = k` is a Nash equilibrium iff :math:`(k = 0 \text{ or } D_k \ge 0)` and
:math:`(k = N \text{ or } D_{k+1} \le 0)`.  Its formula depends on the regimes of
configurations :math:`k` and :math:`k-1` (for the resource game: which firms serve which
market); :func:`incentive` builds it from the model's symbolic payoffs
(:meth:`~gametheory.models.base.LocationModel.symbolic`), with the regimes' atoms
(expressions known positive or nonnegative there) and domain.  Propositions,
thresholds, boundary curves and verification all ask this one function.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from gametheory.games.conditions import Condition, simplify_condition
from gametheory.params import substitute

__all__ = ["Incentive", "incentive", "local_incentive", "exact_value", "firms"]


def firms(k) -> str:
    """``"1 firm"``, ``"3 firms"``, ``"k firms"``."""
    return f"{k} firm" if k == 1 else f"{k} firms"


@dataclass(frozen=True)
class Incentive:
    """``D_k`` in given regimes of configurations ``k`` and ``k-1``, with the regimes' atoms."""

    model: object
    N: int
    k: object
    expr: sp.Expr
    positive: tuple
    nonnegative: tuple
    regimes: tuple

    @property
    def domain(self) -> tuple[Condition, ...]:
        """Where the formula holds (deduplicated, identities dropped)."""
        return regimes_domain(self.model, self.N, ((self.k, self.regimes[0]), (self.k - 1, self.regimes[1])))

    def condition(self, rel: str) -> Condition:
        """``D_k REL 0`` simplified under the regime's atoms."""
        return simplify_condition(self.expr, rel, self.positive, self.nonnegative)

    @property
    def interior(self) -> bool:
        a, b = self.regimes
        return self.model.is_interior(a, self.N, self.k) and self.model.is_interior(b, self.N, self.k - 1)

    def describe_regimes(self) -> str:
        """Words for the two regimes."""
        if self.interior:
            return self.model.describe_regime(self.regimes[0], self.N, self.k)
        a, b = self.regimes
        return (f"with {firms(self.k)} in A: {self.model.describe_regime(a, self.N, self.k)}; with "
                f"{firms(self.k - 1)} in A: {self.model.describe_regime(b, self.N, self.k - 1)}")


def regimes_domain(model, N: int, configurations) -> tuple[Condition, ...]:
    """Where the formulas of the configurations ``(k, regime)`` all hold: their Cournot regimes' domain
    conditions, deduplicated, identities dropped."""
    out = []
    for k, regime in configurations:
        for c in model.symbolic(N, k, regime).domain:
            if c not in out and c.always is not True:
                out.append(c)
    return tuple(out)


@lru_cache(maxsize=8192)
def _incentive(model, N: int, k, regimes: tuple) -> Incentive:
    cA, cB = model.symbolic(N, k, regimes[0]), model.symbolic(N, k - 1, regimes[1])
    expr = cA.pi["A"] - cB.pi["B"]
    expr = sp.expand(expr) if expr.is_polynomial() else expr
    return Incentive(model, N, k, expr, tuple(dict.fromkeys(cA.positive + cB.positive)),
                     tuple(dict.fromkeys(cA.nonnegative + cB.nonnegative)), regimes)


def incentive(model, N: int, k, regimes: tuple = (None, None)) -> Incentive:
    """``D_k = Pi_A(k) - Pi_B(k-1)`` symbolically (``k`` an int in 1..N or a symbol), in ``regimes``.

    ``regimes = (regime of k, regime of k-1)``; ``None`` is the model's interior/default regime.
    """
    return _incentive(model, N, k, tuple(regimes))


def local_incentive(game, k: int) -> Incentive:
    """``D_k`` in the regimes that hold at the game's parameters."""
    return incentive(game.model, game.N, k, (game.regime_at(k), game.regime_at(k - 1)))


def exact_value(expr, params):
    """Value of an expression at an exact parameter point (a Fraction when rational, else a sympy number)."""
    from fractions import Fraction

    v = substitute(expr, params.subs())
    if not v.is_Rational:  # never nsimplify: it may rewrite a rational as a product of radicals
        v = sp.simplify(v)
    if v.is_Rational:
        return Fraction(int(v.p), int(v.q))
    return v
