r"""The agglomeration game symbolically: payoffs as sympy expressions, regime by regime.

With :math:`k` firms in A out of :math:`N`, market :math:`m` has two cost classes,
the :math:`k` firms of A with delivered cost :math:`d_{Am}` and the :math:`N-k`
firms of B with :math:`d_{Bm}` (:math:`d_{rm} = c_r(k) + \tau_p[r \ne m]`, costs of
MODEL.md).  Which classes are active is the market's *Cournot regime*:

* both active: :math:`P_m = (a_m + k\,d_{Am} + (N-k)\,d_{Bm})/(N+1)`,
  :math:`q_{rm} = (P_m - d_{rm})/b`, valid where both quantities are positive;
* only class r: :math:`q_{rm} = (a_m - d_{rm})/((n_r+1)b)`, valid where it is
  positive and the other class cannot enter,
  :math:`d_{sm} \ge (a_m + n_r d_{rm})/(n_r+1)`;
* neither: :math:`a_m \le d_{rm}` for both.

A :class:`Regime` fixes the active classes of both markets.  Within a regime
the payoffs :math:`\Pi_r(k) = b\,q_{rA}^2 + b\,q_{rB}^2 - F_r` are polynomials in
the parameters, and the regime's *domain* is a list of linear inequalities:
active quantities are *positive atoms* and entry slacks of inactive classes are
*nonnegative atoms* (used to simplify conditions and to prove signs, see
:mod:`gametheory.games.conditions`).  The interior regime (every firm serves
both markets) is the one where the familiar closed forms hold; :func:`regime_at`
tells which regime applies at a numeric parameter point, so the toolkit states
the formula that is valid there.

``N`` and ``k`` may be integers or sympy symbols (symbolic ``k`` in the interior
regime with both classes non-empty, for the split configurations).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from gametheory.games.conditions import Condition, simplify_condition
from gametheory.params import symbol

__all__ = ["Regime", "INTERIOR", "Configuration", "configuration", "regime_at", "symbolic_costs", "param_symbols",
           "exact_value", "two_firm_game"]

MARKETS = ("A", "B")


@dataclass(frozen=True)
class Regime:
    """Active classes per market: ``active[m] = (class A active, class B active)`` for m in (A, B)."""

    market_A: tuple[bool, bool] = (True, True)
    market_B: tuple[bool, bool] = (True, True)

    def active(self, market: str) -> tuple[bool, bool]:
        """``(A-class active, B-class active)`` in ``market``."""
        return self.market_A if market == "A" else self.market_B

    def is_interior(self, N, k) -> bool:
        """Every non-empty class of configuration ``k`` active in both markets."""
        has = _nonempty(N, k)
        return all(f or not h for f, h in zip(self.market_A + self.market_B, has + has))

    def describe(self) -> str:
        """Words for the regime, e.g. ``market A: A-firms only; market B: both``."""
        def one(flags):
            return {(True, True): "both regions' firms", (True, False): "only firms in A",
                    (False, True): "only firms in B", (False, False): "no firm"}[flags]
        return f"market A served by {one(self.market_A)}, market B by {one(self.market_B)}"


#: Every (non-empty) class active in both markets.
INTERIOR = Regime()


def param_symbols() -> dict[str, sp.Symbol]:
    """The model's parameter symbols (with their sign assumptions), by name."""
    from gametheory.params import PARAM_NAMES

    return {n: symbol(n) for n in PARAM_NAMES}


def symbolic_costs(N, k):
    """``(c_A(k), c_B(k))`` as sympy expressions."""
    s = param_symbols()
    cA = s["c"] - s["e"] - s["gamma_A"] * (k - 1) / (N - 1)
    cB = s["c"] + s["tau_r"] - s["gamma_B"] * (N - k - 1) / (N - 1)
    return cA, cB


@dataclass(frozen=True)
class Configuration:
    """Symbolic payoffs of configuration ``k`` in a regime, with the regime's domain.

    ``quantities[(r, m)]`` is the quantity of a firm in r in market m (0 if
    inactive, None if class r is empty); ``pi[r]`` the payoff (None for an
    empty class); ``positive``/``nonnegative`` the atoms; ``domain`` the
    conditions (atoms > 0 or >= 0).
    """

    N: object
    k: object
    regime: Regime
    quantities: dict
    pi: dict
    positive: tuple
    nonnegative: tuple

    @property
    def domain(self) -> tuple[Condition, ...]:
        """The regime's validity conditions."""
        return tuple(simplify_condition(p, ">") for p in self.positive) + \
            tuple(simplify_condition(p, ">=") for p in self.nonnegative)


def _nonempty(N, k):
    """Whether class A and class B are non-empty (True for symbolic k: split configurations)."""
    if isinstance(k, int) or (isinstance(k, sp.Basic) and k.is_Integer):
        return int(k) >= 1, int(k) <= int(N) - 1
    return True, True


@lru_cache(maxsize=4096)
def configuration(N, k, regime: Regime = INTERIOR) -> Configuration:
    """Payoffs of configuration ``k`` (``n_A = k``) of the N-firm game in ``regime``."""
    s = param_symbols()
    b, tau_p = s["b"], s["tau_p"]
    cA, cB = symbolic_costs(N, k)
    has = dict(zip("AB", _nonempty(N, k)))
    n = {"A": k, "B": N - k}
    base = {"A": cA, "B": cB}
    q: dict = {}
    positive, nonnegative = [], []
    for m in MARKETS:
        a = s[f"a_{m}"]
        d = {r: base[r] + (0 if r == m else tau_p) for r in "AB"}
        flags = {r: f and has[r] for r, f in zip("AB", regime.active(m))}  # an empty class is never active
        act = [r for r in "AB" if flags[r]]
        if len(act) == 2:
            P = (a + n["A"] * d["A"] + n["B"] * d["B"]) / (N + 1)
            for r in act:
                q[(r, m)] = sp.cancel((P - d[r]) / b)
                positive.append(q[(r, m)])
        elif len(act) == 1:
            r = act[0]
            q[(r, m)] = sp.cancel((a - d[r]) / ((n[r] + 1) * b))
            positive.append(q[(r, m)])
            o = "B" if r == "A" else "A"
            if has[o]:
                nonnegative.append(sp.cancel(d[o] - (a + n[r] * d[r]) / (n[r] + 1)))
        else:
            for r in "AB":
                if has[r]:
                    nonnegative.append(sp.expand(d[r] - a))
        for r in "AB":
            if has[r] and (r, m) not in q:
                q[(r, m)] = sp.Integer(0)
            elif not has[r]:
                q[(r, m)] = None
    pi = {}
    for r in "AB":
        if has[r]:
            pi[r] = b * q[(r, "A")] ** 2 + b * q[(r, "B")] ** 2 - s[f"F_{r}"]
        else:
            pi[r] = None
    return Configuration(N, k, regime, q, pi, tuple(positive), tuple(nonnegative))


def regime_at(game, k: int) -> Regime:
    """The Cournot regime of configuration ``k`` of a numeric :class:`AgglomerationGame`.

    A class is active where its exact equilibrium quantity is positive.
    """
    q = game.quantities(k)
    has_A, has_B = k >= 1, k <= game.N - 1
    return Regime((has_A and q[("A", "A")] > 0, has_B and q[("B", "A")] > 0),
                  (has_A and q[("A", "B")] > 0, has_B and q[("B", "B")] > 0))


def exact_value(expr: sp.Expr, params) -> Fraction:
    """Value of an expression at an exact :class:`~gametheory.params.Params` point, as a Fraction."""
    v = sp.sympify(expr).subs(params.subs())
    if not v.is_Rational:  # never nsimplify: it may rewrite a rational as a product of radicals
        v = sp.simplify(v)
    if not v.is_Rational:
        raise ValueError(f"expression is not rational at the given point: {v}")
    return Fraction(int(v.p), int(v.q))


def two_firm_game(regimes: dict | None = None):
    """The N = 2 game as a symbolic 2x2 :class:`~gametheory.games.symbolic.SymbolicGame`.

    Strategies ``("A", "B")`` for both firms; payoffs from :func:`configuration`
    with ``regimes[k]`` for configuration ``k`` (default: interior everywhere),
    whose atoms are the game's positive/nonnegative assumptions and whose
    domains are its domain.
    """
    from gametheory.games.symbolic import SymbolicGame

    regimes = regimes or {}
    cfg = {k: configuration(2, k, regimes.get(k, INTERIOR)) for k in (0, 1, 2)}
    pay = {("A", "A"): (cfg[2].pi["A"], cfg[2].pi["A"]), ("A", "B"): (cfg[1].pi["A"], cfg[1].pi["B"]),
           ("B", "A"): (cfg[1].pi["B"], cfg[1].pi["A"]), ("B", "B"): (cfg[0].pi["B"], cfg[0].pi["B"])}
    positive = tuple(dict.fromkeys(sum((c.positive for c in cfg.values()), ())))
    nonnegative = tuple(dict.fromkeys(sum((c.nonnegative for c in cfg.values()), ())))
    domain = tuple(dict.fromkeys(sum((c.domain for c in cfg.values()), ())))
    return SymbolicGame((("A", "B"), ("A", "B")), pay, players=("firm 1", "firm 2"), positive=positive,
                        nonnegative=nonnegative, domain=domain)
