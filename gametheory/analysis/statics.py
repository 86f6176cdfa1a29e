r"""Comparative statics: signs of :math:`\partial D_k/\partial\theta` and of threshold derivatives, decided.

Within a regime (for the resource game: which firms serve which market, for configurations
:math:`k` and :math:`k-1`) the incentive :math:`D_k = \Pi_A(k) - \Pi_B(k-1)` is one formula of the
parameters, valid on the regime's *domain*: its atoms (the active Cournot quantities are
positive, the inactive firms' entry slacks nonnegative), the model's domain (for the resource game
:math:`c - e - \gamma_A > 0`, :math:`c + \tau_r - \gamma_B > 0`) and the parameters' sign
restrictions.  The sign of :math:`\partial D_k/\partial\theta` on that domain (for a derived
parameter such as :math:`\Delta\gamma`, the derivative with respect to the parameter it moves)
is *decided* by :func:`gametheory.games.signs.decide`: ``+``/``-``/``0`` with exact certificates,
``±`` with two exact rational witness points of the domain, ``undecided`` only when neither is
found; no sign is ever inferred from samples.

Why this decides every entry of the resource game: in a fixed Cournot regime every quantity is
:math:`q = L(\theta)/((n+1)b)` with :math:`L` affine in :math:`(a_A, a_B, c, e, \tau_r, \tau_p,
\gamma_A, \gamma_B)`, so :math:`D_k = b\sum \pm q^2 - F_A + F_B` and

.. math:: \frac{\partial D_k}{\partial\theta} = \frac{\ell_\theta(a_A, \dots, \gamma_B)}{C\,b}

with :math:`\ell_\theta` affine and :math:`C > 0` a number; the regime's atoms are affine after
clearing the positive :math:`b`.  The sign of an affine function on a polyhedron is decided by
linear programming (:mod:`gametheory.games.signs`).

Threshold sensitivities follow from implicit differentiation of :math:`D_k(\theta^*, \phi) = 0`:

.. math:: \frac{d\theta^*}{d\phi} = -\frac{\partial D_k/\partial\phi}{\partial D_k/\partial\theta},

a ratio of two affine functions.  Its sign is decided on the *threshold surface* of the regime,
:math:`S = \{x \in \text{domain} : D_k(x) = 0,\ \partial D_k/\partial\theta \ne 0\}`, with every
parameter free.  When the model has a *slack* parameter (one in which :math:`D_k` is affine with
a constant coefficient and which no atom and neither partial derivative involves: the fixed
costs :math:`F_A, F_B` of the resource game), every point of the domain is moved onto :math:`S`
by the slack alone, so the sign on :math:`S` is the sign on the domain, and witnesses are
reported on :math:`S` (checked: :math:`D_k = 0` exactly there).  Without a slack only a sign
proved on the whole domain is stated (it holds on :math:`S`), and a ``±`` is ``undecided``.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import sympy as sp

from gametheory.analysis.incentives import Incentive, incentive
from gametheory.arith import exact_sign
from gametheory.games.signs import SIGN_TEXT, Region, SignDecision, decide
from gametheory.params import cancel, coprime_fraction, substitute

__all__ = ["SignDecision", "decide_sign", "derivative", "statics_table", "threshold_sensitivities", "SIGN_TEXT",
           "incentive_region", "sensitivity_sign"]


def incentive_region(inc: Incentive, params=None) -> Region:
    """The domain of ``inc``'s regimes as a :class:`~gametheory.games.signs.Region`: the regimes' atoms,
    the model's domain conditions and the sign restrictions, with ``params`` (default: the model's
    defaults) as the reference point for witnesses."""
    model, N = inc.model, inc.N
    space = model.space
    params = params if params is not None else model.defaults()
    conds = model.domain(N, space.symbols())
    pos = tuple(inc.positive) + tuple(sp.sympify(c.value) for c in conds if c.rel == ">")
    non = tuple(inc.nonnegative) + tuple(sp.sympify(c.value) for c in conds if c.rel == ">=")
    ref = {space.symbol(n): Fraction(v) for n, v in params.items()}
    return Region(pos, non, ref, inc.describe_regimes())


def _names(model) -> dict:
    return {model.space.symbol(n): n for n in model.space.names}


def decide_sign(expr, inc: Incentive, params=None, *, accept=None) -> SignDecision:
    """The sign of ``expr`` on the domain of ``inc``'s regimes (:func:`gametheory.games.signs.decide`)."""
    d = decide(expr, incentive_region(inc, params), names=_names(inc.model), accept=accept)
    return d.with_regime(inc.describe_regimes())


@lru_cache(maxsize=4096)
def _poly_form(expr):
    """``(P, Q)``: coprime numerator and denominator of ``expr`` in sympy's polynomial ring
    (:func:`gametheory.params.coprime_fraction`), or None when ``expr`` is not a ratio of polynomials with
    rational coefficients."""
    return coprime_fraction(expr)


def _ring_derivative(pf, s):
    """``d(P/Q)/ds`` as an expression when ``Q`` does not involve ``s`` (``P'/Q``), else None."""
    P, Q = pf
    symbols = P.ring.symbols
    if s not in symbols:
        return sp.Integer(0)
    i = symbols.index(s)
    if Q.degrees()[i]:
        return None
    return P.diff(P.ring.gens[i]).as_expr() / Q.as_expr()


def derivative(model, expr, par: str):
    """``d expr / d par`` (a derived parameter moves its target); polynomial numerators differentiated as
    polynomials (fast), others by sympy."""
    s = model.space.derivative_symbol(par)
    pf = _poly_form(expr)
    if pf is not None:
        d = _ring_derivative(pf, s)
        if d is not None:
            return d
    return sp.diff(expr, s)


def statics_table(game, parameters=None, regimes: str = "interior", ks=None) -> dict:
    """``{parameter: {k: SignDecision}}``: the signs of ``dD_k/d(parameter)`` on a regime's domain.

    ``regimes="interior"``: the model's interior/default regime for every ``k``; ``"local"``: for
    each ``k`` the regimes that hold at the game's parameters (configurations ``k`` and ``k-1``).
    ``ks`` restricts the configurations (default ``1..N``).  Each decision carries its regime
    (``SignDecision.regime``).
    """
    model, N = game.model, game.N
    if regimes not in ("interior", "local"):
        raise ValueError("regimes must be 'interior' or 'local'")
    incs = {k: incentive(model, N, k) if regimes == "interior" else
            incentive(model, N, k, (game.regime_at(k), game.regime_at(k - 1)))
            for k in (range(1, N + 1) if ks is None else ks)}
    table: dict = {}
    for par in parameters or model.statics_parameters:
        table[par] = {k: decide_sign(derivative(model, inc.expr, par), inc, game.params) for k, inc in incs.items()}
    return table


def statics_domains(game, regimes: str = "interior") -> dict:
    """``{k: {"regime": text, "domain": [condition texts]}}`` of the regimes used by :func:`statics_table`."""
    model, N = game.model, game.N
    out = {}
    for k in range(1, N + 1):
        inc = incentive(model, N, k) if regimes == "interior" else \
            incentive(model, N, k, (game.regime_at(k), game.regime_at(k - 1)))
        out[k] = {"regime": inc.describe_regimes(), "domain": [c.text() for c in inc.domain]}
    return out


# ------------------------------------------------------------ thresholds
def _slacks(model, inc: Incentive, ratio, region: Region) -> dict:
    """``{symbol: coefficient}`` of the slack parameters of ``D_k`` (see the module docstring)."""
    pf = _poly_form(inc.expr)
    if pf is None:
        return {}
    P, Q = pf
    busy = set(ratio.free_symbols) | Q.as_expr().free_symbols
    for a in region.positive + region.nonnegative:
        busy |= a.free_symbols
    out = {}
    for s in model.space.symbols().values():
        if s in busy or s not in P.ring.symbols:
            continue
        c = cancel(_ring_derivative(pf, s))
        if c.is_Rational and c != 0:
            out[s] = Fraction(int(c.p), int(c.q))
    return out


def _lift(inc: Incentive, slacks: dict):
    """A function moving a point onto ``D_k = 0`` with the slacks (None when they cannot), or None."""
    if not slacks:
        return None
    kinds = {s: ("real" if not (s.is_nonnegative or s.is_positive) else "up") for s in slacks}
    if not any(k == "real" for k in kinds.values()) and not (
            any(c > 0 for c in slacks.values()) and any(c < 0 for c in slacks.values())):
        return None
    expr = inc.expr

    def lift(point: dict):
        subs = {s: sp.Rational(v.numerator, v.denominator) for s, v in point.items()}
        v = sp.sympify(expr).xreplace(subs)
        if not v.is_Rational:
            return None
        delta = -Fraction(int(v.p), int(v.q))
        point = dict(point)
        if delta != 0:
            # a real slack, else one whose coefficient has the sign of the change (it only increases)
            s = next((s for s in slacks if kinds[s] == "real"), None) or \
                next(s for s, c in slacks.items() if (c > 0) == (delta > 0))
            point[s] = point[s] + delta / slacks[s]
        subs = {s: sp.Rational(v.numerator, v.denominator) for s, v in point.items()}
        if sp.sympify(expr).xreplace(subs) != 0:
            return None
        return point
    return lift


def sensitivity_sign(game, k: int, regimes, parameter: str, phi: str) -> SignDecision:
    r"""The sign of :math:`d\theta^*/d\phi` on the threshold surface of ``D_k`` in ``regimes`` (see the
    module docstring), with ``theta = parameter``."""
    model = game.model
    inc = incentive(model, game.N, k, regimes)
    d_theta = derivative(model, inc.expr, parameter)
    d_phi = derivative(model, inc.expr, phi)
    ratio = cancel(-d_phi / d_theta)
    region = incentive_region(inc, game.params)
    slacks = _slacks(model, inc, ratio, region)
    lift = _lift(inc, slacks)
    where = f"on the threshold surface D_{k} = 0 in the regime that holds at the threshold ({inc.describe_regimes()})"
    if lift is not None:
        names = ", ".join(sorted(map(str, slacks)))
        d = decide(ratio, region, names=_names(model), accept=lift)
        return d.with_regime(f"{where} (every parameter free; points moved onto the surface by {names})")
    d = decide(ratio, region, names=_names(model))
    if d.sign == "both":
        return SignDecision(None, "undecided", regime=where,
                            method="both signs occur in the regime, but no witness on the threshold surface")
    return d.with_regime(f"{where} (proved on the whole regime)")


def threshold_sensitivities(game, k: int, regimes, parameter: str, root) -> tuple[dict, ...]:
    r"""The signs of :math:`d\theta^*/d\phi` for the model's statics parameters :math:`\phi` at a threshold.

    Each entry: ``parameter`` (:math:`\phi`), ``derivative`` (the exact value at the threshold,
    others as given, as a float), ``sign`` (``"+"``, ``"-"``, ``"0"``, ``"±"`` on the threshold
    surface of the regime, or None: undecided), ``how``, ``witnesses`` for ``"±"`` (exact points
    on the surface), ``sign_at_threshold`` (the exact sign of the value there, a local fact: decided by
    :func:`gametheory.arith.exact_sign`, never by the float), ``regime``.
    """
    model = game.model
    space = model.space
    inc = incentive(model, game.N, k, regimes)
    d_theta = derivative(model, inc.expr, parameter)
    subs = game.params.subs()
    subs.update({s: substitute(e, subs) for s, e in space.axis_substitution(parameter, root).items()})
    out = []
    for phi in model.statics_parameters:
        if space.moved(phi) == space.moved(parameter):
            continue
        d_phi = derivative(model, inc.expr, phi)
        value = -substitute(d_phi, subs) / substitute(d_theta, subs)
        try:
            v = float(value)
        except (TypeError, ZeroDivisionError):
            continue
        if d_theta == 0:
            continue
        dec = sensitivity_sign(game, k, regimes, parameter, phi)
        entry = {"parameter": phi, "derivative": v}
        entry.update(dec.as_dict())
        entry["decided"] = dec.decided
        entry["sign_at_threshold"] = exact_sign(value)     # certified (interval evaluation), not the float's sign
        out.append(entry)
    return tuple(out)
