r"""The two-region resource agglomeration game (``docs/model.md``, ``docs/model.md``).

:math:`N \ge 2` firms choose region A (the resource region) or B; with :math:`k = n_A`
firms in A their marginal production costs are (:meth:`ResourceModel.costs`)

.. math:: c_A(k) = c - e - \gamma_A\frac{k-1}{N-1}, \qquad
          c_B(k) = c + \tau_r - \gamma_B\frac{N-k-1}{N-1},

the delivered cost to the other region's market adds :math:`\tau_p`, and each market
:math:`m \in \{A, B\}` (inverse demand :math:`P_m = a_m - bQ_m`) is a Cournot market
with two cost classes (:func:`~gametheory.models.cournot.two_class_quantities`).  The
payoff of a firm located in :math:`r` is :math:`\Pi_r(k) = \sum_m b\,q_{rm}(k)^2 - F_r`.

Every formula is written once and runs in any arithmetic (:mod:`gametheory.arith`):
exact fractions at a point, float arrays over grids, certified balls for large N, and
sympy symbols in a fixed *Cournot regime* (:class:`Regime`: which classes serve which
market).  Within a regime the payoffs are polynomials in the parameters; the regime's
*domain* is a list of linear inequalities: active quantities are positive atoms and
entry slacks of inactive classes nonnegative atoms.  The interior regime (every firm
serves both markets) is where the familiar closed forms hold; :meth:`ResourceModel.regime_at`
tells which regime applies at a point, so the toolkit states the formula valid there.

Domain (docs/model.md): every marginal cost must be positive.  The smallest are
:math:`c_A(N)` and :math:`c_B(0)`, so the model is valid for every N iff both are > 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any, Mapping

import numpy as np

from gametheory.models.base import DomainCondition, LocationModel, SymbolicConfiguration, nonempty
from gametheory.models.cournot import two_class_active, two_class_quantities
from gametheory.params import DerivedParam, ParameterSpace, ParamSpec, Params, cancel

__all__ = ["ResourceModel", "RESOURCE", "RESOURCE_SPACE", "RESOURCE_SPECS", "Regime", "INTERIOR", "MARKETS"]

MARKETS = ("A", "B")
_F = Fraction

#: The parameters of docs/model.md.
RESOURCE_SPECS = (
    ParamSpec("a_A", "a_A", "demand intercept of market A", _F(6), "positive"),
    ParamSpec("a_B", "a_B", "demand intercept of market B", _F(12), "positive"),
    ParamSpec("b", "b", "demand slope, both markets", _F(1), "positive"),
    ParamSpec("c", "c", "base marginal cost", _F(2), "positive"),
    ParamSpec("e", "e", "regional effect: marginal-cost advantage of producing in A", _F(1, 5), "real"),
    ParamSpec("tau_r", r"\tau_r", "raw-material transport cost per unit of output produced in B", _F(1, 2),
              "nonnegative"),
    ParamSpec("tau_p", r"\tau_p", "final-product transport cost per unit shipped between regions", _F(1),
              "nonnegative"),
    ParamSpec("gamma_A", r"\gamma_A", "agglomeration effect in A", _F(2, 5), "nonnegative"),
    ParamSpec("gamma_B", r"\gamma_B", "agglomeration effect in B", _F(4, 5), "nonnegative"),
    ParamSpec("F_A", "F_A", "fixed cost of a plant in A", _F(0), "nonnegative"),
    ParamSpec("F_B", "F_B", "fixed cost of a plant in B", _F(0), "nonnegative"),
)
#: The agglomeration gap (docs/model.md: a sweep over the gap holds gamma_A fixed and moves gamma_B).
DELTA_GAMMA = DerivedParam("Delta_gamma", r"\Delta\gamma", "agglomeration gap gamma_B - gamma_A (sets gamma_B, "
                           "gamma_A held fixed)", "gamma_B", "gamma_A")
RESOURCE_SPACE = ParameterSpace(RESOURCE_SPECS, [DELTA_GAMMA])


@dataclass(frozen=True)
class Regime:
    """Active classes per market: ``market_A = (A-firms active, B-firms active)`` in market A, likewise B."""

    market_A: tuple[bool, bool] = (True, True)
    market_B: tuple[bool, bool] = (True, True)

    def active(self, market: str) -> tuple[bool, bool]:
        """``(A-class active, B-class active)`` in ``market``."""
        return self.market_A if market == "A" else self.market_B

    def is_interior(self, N, k) -> bool:
        """Every non-empty class of configuration ``k`` active in both markets."""
        has = nonempty(N, k)
        return all(f or not h for f, h in zip(self.market_A + self.market_B, has + has))

    def describe(self) -> str:
        """Words for the regime, e.g. ``market A served by only firms in A, ...``."""
        def one(flags):
            return {(True, True): "both regions' firms", (True, False): "only firms in A",
                    (False, True): "only firms in B", (False, False): "no firm"}[flags]
        return f"market A served by {one(self.market_A)}, market B by {one(self.market_B)}"

    def __str__(self) -> str:
        return self.describe()


#: Every (non-empty) class active in both markets.
INTERIOR = Regime()


class ResourceModel(LocationModel):
    """The resource agglomeration game of docs/model.md as a :class:`~gametheory.models.base.LocationModel`."""

    name = "resource"
    title = "Resource agglomeration game"
    description = ("Firms process raw material in the resource region A or in region B (the zero-resource economy), "
                   "then compete a la Cournot in both regional markets (docs/model.md).")
    space = RESOURCE_SPACE
    threshold_parameters = ("tau_p", "tau_r", "e", "Delta_gamma")
    statics_parameters = ("tau_r", "tau_p", "e", "Delta_gamma", "a_A", "a_B")
    pattern_words = {"all_A": "traditional resource cluster", "all_B": "zero-resource economy", "split": "split"}
    pattern_keys = {"all_A": "traditional", "all_B": "zero_resource", "split": "split"}
    short_words = {"all_A": "traditional", "all_B": "zero-resource", "split": "split"}
    map_axes = (("tau_p", "Delta_gamma"), ("tau_r", "e"))
    uniform_balls = True

    # ------------------------------------------------------------ formulas
    def costs(self, N, k, v: Mapping[str, Any]):
        """Marginal production costs ``(c_A(k), c_B(k))`` (docs/model.md), any arithmetic."""
        cA = v["c"] - v["e"] - v["gamma_A"] * (k - 1) / (N - 1)
        cB = v["c"] + v["tau_r"] - v["gamma_B"] * (N - k - 1) / (N - 1)
        return cA, cB

    def delivered_costs(self, N, k, v):
        """``{(r, m): cost of a firm in r serving market m}``: production cost, plus ``tau_p`` across regions."""
        base = dict(zip("AB", self.costs(N, k, v)))
        return {(r, m): base[r] + (0 if r == m else v["tau_p"]) for r in "AB" for m in MARKETS}

    def quantities(self, N, k, v, regime: Regime | None = None) -> dict:
        """Cournot quantities ``{(r, m): q}``: with corners (``regime=None``), or in a fixed regime."""
        d = self.delivered_costs(N, k, v)
        q = {}
        for m in MARKETS:
            args = (v[f"a_{m}"], v["b"], k, d[("A", m)], N - k, d[("B", m)])
            q[("A", m)], q[("B", m)] = (two_class_quantities(*args) if regime is None
                                        else two_class_active(*args, regime.active(m)))
        return q

    def profits(self, q: Mapping, v) -> tuple[Any, Any]:
        """Payoffs from quantities: ``Pi_r = b (q_rA^2 + q_rB^2) - F_r``."""
        return tuple(v["b"] * q[(r, "A")] ** 2 + v["b"] * q[(r, "B")] ** 2 - v[f"F_{r}"] for r in "AB")

    def payoffs(self, N, k, v):
        return self.profits(self.quantities(N, k, v), v)

    def welfare(self, N, k, v, regime: Regime | None = None) -> dict:
        r"""Welfare of configuration ``k`` at the stage-2 outcome (docs/environment.md, section 2).

        :math:`CS = \sum_m b Q_m^2/2`, :math:`PS = k\Pi_A(k) + (N-k)\Pi_B(k)` (after fixed costs),
        :math:`X_A = k(q_{AA} + q_{AB})`, :math:`X_B = (N-k)(q_{BA} + q_{BB})` (output of the firms
        located in each region); tax revenue :math:`R` and damage :math:`Dmg` come from
        :meth:`transfers` (zero in the base game), and :math:`W = CS + PS + R - Dmg`.  Transport
        costs are real resource costs inside the firms' costs, hence inside :math:`PS`.  With a ``regime``
        the Cournot stage is that regime's formula (symbolic welfare, as in :meth:`symbolic`).
        """
        q = self.quantities(N, k, v, regime)
        nA, nB = k, N - k
        pi_A, pi_B = self.profits(q, v)
        Q = {m: nA * q[("A", m)] + nB * q[("B", m)] for m in MARKETS}
        CS = sum(v["b"] * Q[m] ** 2 / 2 for m in MARKETS)
        PS = nA * pi_A + nB * pi_B
        X_A = nA * (q[("A", "A")] + q[("A", "B")])
        X_B = nB * (q[("B", "A")] + q[("B", "B")])
        R, Dmg = self.transfers(X_A, X_B, v)
        return {"CS": CS, "PS": PS, "R": R, "Dmg": Dmg, "W": CS + PS + R - Dmg, "X_A": X_A, "X_B": X_B}

    def transfers(self, X_A, X_B, v) -> tuple[Any, Any]:
        """Tax revenue and environmental damage of outputs ``X_A``, ``X_B`` (none in the base game)."""
        return 0 * X_A, 0 * X_A

    def domain(self, N, v) -> list[DomainCondition]:
        """Every marginal cost positive: ``c_A(N) > 0`` and ``c_B(0) > 0`` (the smallest ones)."""
        cA, cB = self.costs(N, N, v)[0], self.costs(N, 0, v)[1]
        cls = type(self)
        return [DomainCondition(cA, ">", lambda: f"the marginal cost in A with every firm in A, {_domain_texts(cls)[0]} > 0"),
                DomainCondition(cB, ">", lambda: f"the marginal cost in B with every firm in B, {_domain_texts(cls)[1]} > 0")]

    # ------------------------------------------------------------ symbolic
    def symbolic(self, N, k, regime: Regime | None = None) -> SymbolicConfiguration:
        return _symbolic(type(self), N, k, regime or INTERIOR)

    def regime_at(self, N: int, k: int, values) -> Regime:
        """The Cournot regime of configuration ``k`` at a point (exact Params or floats)."""
        q = self.quantities(N, k if not isinstance(k, int) else Fraction(k), values)
        has_A, has_B = k >= 1, k <= N - 1
        return Regime((bool(has_A and q[("A", "A")] > 0), bool(has_B and q[("B", "A")] > 0)),
                      (bool(has_A and q[("A", "B")] > 0), bool(has_B and q[("B", "B")] > 0)))

    def regimes_at(self, N: int, ks, values) -> list:
        """Cournot regimes at many float points at once (vectorised :meth:`regime_at`)."""
        ks = np.asarray(ks, dtype=float)
        v = {n: np.asarray(a, dtype=float) for n, a in values.items()}
        with np.errstate(all="ignore"):
            q = self.quantities(N, ks, v)
        has_A, has_B = ks >= 1, ks <= N - 1
        flags = np.stack([has_A & (q[("A", "A")] > 0), has_B & (q[("B", "A")] > 0),
                          has_A & (q[("A", "B")] > 0), has_B & (q[("B", "B")] > 0)], axis=-1)
        cache: dict = {}
        out = []
        for row in map(tuple, flags.tolist()):
            if row not in cache:
                cache[row] = Regime(row[:2], row[2:])
            out.append(cache[row])
        return out

    def describe_regime(self, regime, N, k) -> str:
        regime = regime or INTERIOR
        if regime.is_interior(N, k):
            return "interior Cournot regime (every firm serves both markets)"
        return regime.describe()

    def is_interior(self, regime, N, k) -> bool:
        return (regime or INTERIOR).is_interior(N, k)

    # -------------------------------------------------------------- ranges
    def parameter_bounds(self, name: str, params: Params) -> tuple[Fraction, Fraction, str, str]:
        r"""The interval of ``name`` worth scanning (others at ``params``), with the nature of each end.

        Domain ends come from :meth:`domain` (sign restrictions, :math:`c_A(N) > 0`,
        :math:`c_B(0) > 0`); ``"constant"`` ends are where the game stops changing: for
        :math:`\tau_p \ge \max(a_A, a_B)` nothing is shipped between regions, for
        :math:`e \le c - \gamma_A - \max(a_A, a_B)` no firm in A produces, and so on.
        """
        p = params
        amax = max(p["a_A"], p["a_B"])
        zero = Fraction(0)
        if name == "tau_p":
            return zero, amax, "closed", "constant"
        two = Fraction(2)
        cA_top = self.costs(two, two, p)[0]                 # c_A(N) = c - e - gamma_A (+ a subclass's cost terms)
        cB_top = self.costs(two, Fraction(0), p)[1]         # c_B(0) = c + tau_r - gamma_B (likewise)
        if name == "tau_r":
            lo = max(zero, p["tau_r"] - cB_top)
            return lo, lo + amax, ("closed" if p["tau_r"] - cB_top < 0 else "open"), "constant"
        if name == "e":
            hi = p["e"] + cA_top
            return hi - amax, hi, "constant", "open"
        if name == "Delta_gamma":
            return -p["gamma_A"], p["gamma_B"] + cB_top - p["gamma_A"], "closed", "open"
        if name == "gamma_A":
            return zero, p["gamma_A"] + cA_top, "closed", "open"
        if name == "gamma_B":
            return zero, p["gamma_B"] + cB_top, "closed", "open"
        if name == "c":
            lo = max(zero, p["c"] - cA_top, p["c"] - cB_top)
            return lo, lo + amax, "open", "constant"
        if name in ("a_A", "a_B"):
            return zero, 4 * max(p[name], p["c"] + p["tau_r"] + p["tau_p"]), "open", "scan"
        if name == "b":
            return zero, 4 * p["b"], "open", "scan"
        if name in ("F_A", "F_B"):
            return zero, 4 * amax ** 2 / p["b"], "closed", "scan"
        return super().parameter_bounds(name, params)


    # ------------------------------------------------------- verification
    def random_params(self, rng, N: int = 2) -> Params:
        """Exact parameters (tenths) inside the domain; low demand at times (Cournot corners)."""
        t = lambda lo, hi: Fraction(int(rng.integers(lo, hi + 1)), 10)
        c, gA, gB, tr, e = t(5, 40), t(0, 15), t(0, 15), t(0, 30), t(-10, 10)
        if c - e - gA <= 0:
            e = c - gA - Fraction(1, 10)
        if c + tr - gB <= 0:
            tr = gB - c + Fraction(1, 10)
        values = {"a_A": t(10, 150), "a_B": t(10, 150), "b": t(2, 30), "c": c, "e": e, "tau_r": tr,
                  "tau_p": t(0, 40), "gamma_A": gA, "gamma_B": gB, "F_A": t(0, 5), "F_B": t(0, 5)}
        values.update({n: s.default for n, s in self.space.specs.items() if n not in values})
        return Params(values, self.space)

    def brute_force_payoff(self, N: int, locations: tuple[str, ...], i: int, params: Params):
        """Payoff of firm ``i`` from the general N-firm Cournot solver (one cost per firm, sorted active set),
        independent of the two-class closed form."""
        from gametheory.models.cournot import cournot_quantities

        p = dict(params)
        k = locations.count("A")
        cost = dict(zip("AB", self.costs(N, Fraction(k), p)))
        total = Fraction(0)
        for m in MARKETS:
            q = cournot_quantities(p[f"a_{m}"], p["b"], [cost[r] + (0 if r == m else p["tau_p"]) for r in locations])
            total += p["b"] * q[i] ** 2
        return total - p[f"F_{locations[i]}"]


@lru_cache(maxsize=None)
def _domain_texts(cls) -> tuple[str, str]:
    """The domain conditions as text, from the cost formula itself (e.g. ``c - e - gamma_A``)."""
    import sympy as sp

    model = cls()
    s = model.space.symbols()
    N = sp.Integer(2)

    def text(expr) -> str:  # positive terms first: "c + tau_r - gamma_B"
        terms = sorted(sp.Add.make_args(sp.expand(expr)), key=lambda t: (bool(t.as_coeff_Mul()[0] < 0), sp.default_sort_key(t)))
        out = ""
        for t in terms:
            c, rest = t.as_coeff_Mul()
            body = sp.sstr(-t if c < 0 else t)
            out += (f" - {body}" if c < 0 else f" + {body}") if out else (f"-{body}" if c < 0 else body)
        return out

    return text(model.costs(N, N, s)[0]), text(model.costs(N, 0, s)[1])


@lru_cache(maxsize=8192)
def _symbolic(cls, N, k, regime: Regime) -> SymbolicConfiguration:
    """Sympy payoffs of configuration ``k`` in ``regime`` with the regime's atoms (cached per model class)."""
    import sympy as sp

    model = cls()
    s = model.space.symbols()
    has = dict(zip("AB", nonempty(N, k)))
    n = {"A": k, "B": N - k}
    d = model.delivered_costs(N, k, s)
    flags_by_market = {m: tuple(f and has[r] for r, f in zip("AB", regime.active(m))) for m in MARKETS}
    q: dict = {}
    positive, nonnegative = [], []
    for m in MARKETS:
        a = s[f"a_{m}"]
        flags = flags_by_market[m]
        qa, qb = two_class_active(a, s["b"], k, d[("A", m)], N - k, d[("B", m)], flags)
        for r, qr, f in (("A", qa, flags[0]), ("B", qb, flags[1])):
            q[(r, m)] = cancel(qr) if f else sp.Integer(0)
            if f:
                positive.append(q[(r, m)])
        act = [r for r, f in zip("AB", flags) if f]
        if len(act) == 1:
            r, o = act[0], "B" if act[0] == "A" else "A"
            if has[o]:  # the inactive class cannot enter: its cost is at least the price
                nonnegative.append(cancel(d[(o, m)] - (a + n[r] * d[(r, m)]) / (n[r] + 1)))
        elif not act:
            nonnegative.extend(sp.expand(d[(r, m)] - a) for r in "AB" if has[r])
        for r in "AB":
            if not has[r]:
                q[(r, m)] = None
    pis = model.profits({key: (val if val is not None else sp.Integer(0)) for key, val in q.items()}, s)
    pi = {r: (pis[i] if has[r] else None) for i, r in enumerate("AB")}
    return SymbolicConfiguration(N, k, regime, pi, tuple(positive), tuple(nonnegative), q)


#: The resource game (a stateless model object).
RESOURCE = ResourceModel()
