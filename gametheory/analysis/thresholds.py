r"""Thresholds: parameter values at which an equilibrium condition switches.

For the incentive to locate in A rather than B,

.. math:: D_k(\theta) = \Pi_A(k) - \Pi_B(k-1), \qquad k = 1..N,

(the gain of a firm in A, with :math:`k-1` others in A, over moving to B), a
*threshold* in a parameter :math:`\theta` (others fixed) is a root
:math:`D_k(\theta^*) = 0` with a sign change.  The traditional cluster
:math:`n_A = N` is an equilibrium iff :math:`D_N \ge 0`, the zero-resource
economy :math:`n_A = 0` iff :math:`D_1 \le 0`.

Method:

1. scan :math:`D_k` on ``GRID`` points strictly inside
   :func:`~gametheory.models.agglomeration.parameter_range` with the vectorised
   payoffs (corners of the Cournot stage included) and bracket every sign
   change; refine by Brent's method (``xtol = 1e-13``);
2. at the root, find the Cournot regimes of configurations :math:`k` and
   :math:`k-1` (:func:`~gametheory.models.agglomeration_symbolic.regime_at`);
   within them :math:`D_k` is a polynomial of degree at most 2 in
   :math:`\theta`, solved exactly by sympy;
3. the exact root within ``1e-9`` of the numeric one is the closed form; if
   none matches (a regime switch at the root), the numeric value is reported
   and marked as such.

Assumption: distinct roots are more than one grid step apart
(``(hi - lo) / GRID``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy as sp

from gametheory.params import Params, latex_name, symbol

__all__ = ["Threshold", "incentive_thresholds", "GRID"]

GRID = 4000


@dataclass(frozen=True)
class Threshold:
    """A root of ``D_k`` in ``parameter`` with the others fixed.

    ``exact`` is the closed form (sympy) or None (numeric only); ``increasing``
    tells whether ``D_k`` goes from negative to positive as the parameter rises.
    """

    parameter: str
    k: int
    value: float
    exact: object
    increasing: bool
    regime: str
    sensitivities: tuple = ()

    @property
    def closed_form(self) -> bool:
        """True when an exact closed form was found."""
        return self.exact is not None

    def latex(self) -> str:
        """``\\theta^* = value`` in LaTeX."""
        rhs = sp.latex(self.exact) if self.exact is not None else f"{self.value:.10g}"
        return f"{latex_name(self.parameter)}^* = {rhs}"

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {"parameter": self.parameter, "k": self.k, "value": self.value,
                "exact": None if self.exact is None else str(self.exact),
                "latex": self.latex(), "closed_form": self.closed_form,
                "D_increasing": self.increasing, "regime": self.regime,
                "sensitivities": [dict(s) for s in self.sensitivities]}


@lru_cache(maxsize=64)
def _scan(N: int, params: Params, parameter: str) -> tuple[np.ndarray, np.ndarray]:
    """The scan grid of ``parameter`` and every ``D_k`` on it (``(N, GRID)``), computed once."""
    from gametheory.models.agglomeration import parameter_range, payoff_arrays

    lo, hi = parameter_range(parameter, params)
    grid = float(lo) + float(hi - lo) * np.linspace(1e-9, 1 - 1e-9, GRID)
    v = dict(params.as_floats)
    if parameter == "Delta_gamma":
        v["gamma_B"] = v["gamma_A"] + grid
    else:
        v[parameter] = grid
    pa, pb = payoff_arrays(N, {n: np.broadcast_to(np.asarray(a, dtype=float), grid.shape) for n, a in v.items()})
    table = pa[1:] - pb[:-1]
    table.setflags(write=False)
    return grid, table


def _incentive_float(N: int, k: int, params: Params, parameter: str, values: np.ndarray) -> np.ndarray:
    from gametheory.models.agglomeration import payoff_arrays

    v = dict(params.as_floats)
    if parameter == "Delta_gamma":
        v["gamma_B"] = v["gamma_A"] + values
    else:
        v[parameter] = values
    pa, pb = payoff_arrays(N, v)
    return pa[k] - pb[k - 1]


def _symbolic_incentive(N: int, k: int, rA, rB):
    from gametheory.models.agglomeration_symbolic import configuration

    return configuration(N, k, rA).pi["A"] - configuration(N, k - 1, rB).pi["B"]


#: Parameters whose effect on each threshold is reported.
SENSITIVITY_PARAMETERS = ("tau_r", "tau_p", "e", "Delta_gamma", "a_A", "a_B")


def _sensitivities(N: int, k: int, regimes, parameter: str, params: Params, root) -> tuple[dict, ...]:
    r"""Signs of :math:`d\theta^*/d\phi = -(\partial D_k/\partial\phi)/(\partial D_k/\partial\theta)` at the threshold.

    The value is exact at the threshold (others as given).  The sign is
    *proved* for the whole regime when sympy proves the signs of both partial
    derivatives from the regime's positive quantities (``how: "proved"``);
    otherwise it is *checked* on a seeded sample of the threshold surface in the
    regime (:func:`_checked_signs`; ``how: "checked"``, with the signs seen), and
    the reported sign is the one at the threshold.
    """
    from gametheory.analysis.propositions import incentive
    from gametheory.games.conditions import proved_sign

    inc = incentive(N, k, regimes)
    wrt = lambda name: symbol("gamma_B" if name == "Delta_gamma" else name)
    d_theta = sp.diff(inc.expr, wrt(parameter))
    subs = {symbol(n): sp.Rational(v.numerator, v.denominator) for n, v in params.items()}
    if parameter == "Delta_gamma":
        subs[symbol("gamma_B")] = subs[symbol("gamma_A")] + root
    else:
        subs[symbol(parameter)] = root
    out = []
    for phi in SENSITIVITY_PARAMETERS:
        if phi == parameter or {phi, parameter} == {"Delta_gamma", "gamma_B"}:
            continue
        d_phi = sp.diff(inc.expr, wrt(phi))
        value = -d_phi.subs(subs) / d_theta.subs(subs)
        try:
            v = float(value)
        except (TypeError, ZeroDivisionError):
            continue
        s_phi = proved_sign(d_phi, inc.positive, inc.nonnegative)
        s_theta = proved_sign(d_theta, inc.positive, inc.nonnegative)
        proved = s_phi is not None and s_theta not in (None, 0)
        entry = {"parameter": phi, "derivative": v, "sign": int(-s_phi * s_theta if proved else np.sign(v)),
                 "proved": bool(proved), "how": "proved" if proved else "checked"}
        if not proved:
            entry["signs_seen"], entry["points"] = _checked_signs(inc, parameter, phi, params, float(root))
        out.append(entry)
    return tuple(out)


def _checked_signs(inc, parameter: str, phi: str, params: Params, root: float, draws: int = 400,
                   seed: int = 0) -> tuple[list[int], int]:
    """Signs of ``dtheta*/dphi`` on a seeded sample of the threshold surface ``D_k = 0`` within the regime.

    The other parameters are drawn uniformly in a box around ``params`` (half-width
    ``max(|v|/2, 1/4)``, sign restrictions kept); at each draw the threshold is the
    root of ``D_k`` (a polynomial of degree <= 2 in theta within the regime) on the
    branch that passes through the given threshold; points outside the regime's
    domain are dropped.  Returns the signs seen and the number of points used.
    """
    from gametheory.analysis.sampling import box_sample, in_regime
    from gametheory.params import PARAMS

    theta = symbol("gamma_B" if parameter == "Delta_gamma" else parameter)
    names = [n for n in PARAMS]
    syms = [symbol(n) for n in names]
    poly = sp.Poly(sp.expand(inc.expr), theta)
    if poly.degree() < 1 or poly.degree() > 2:
        return [], 0
    coeffs = [sp.lambdify(syms, c, "numpy") for c in poly.all_coeffs()]
    wrt = lambda name: symbol("gamma_B" if name == "Delta_gamma" else name)
    ratio = sp.lambdify(syms, -sp.diff(inc.expr, wrt(phi)) / sp.diff(inc.expr, theta), "numpy")
    atoms = sp.lambdify(syms, list(inc.positive) + list(inc.nonnegative), "numpy")
    base = params.as_floats
    vals = box_sample(params, draws, seed)
    for n in names:  # the first draw is the given point itself (to pick the branch)
        vals[n][0] = base[n]
    theta_name = str(theta)
    args = [vals[n] for n in names]
    cs = [np.broadcast_to(np.asarray(c(*args), dtype=float), (draws,)) for c in coeffs]
    offset = base["gamma_A"] if parameter == "Delta_gamma" else 0.0
    if len(cs) == 2:
        t = -cs[1] / cs[0]
    else:
        a, b, c = cs
        disc = b * b - 4 * a * c
        with np.errstate(invalid="ignore", divide="ignore"):
            r1, r2 = (-b + np.sqrt(disc)) / (2 * a), (-b - np.sqrt(disc)) / (2 * a)
        t = r1 if abs(r1[0] - (root + offset)) <= abs(r2[0] - (root + offset)) else r2
    vals[theta_name] = t
    args = [vals[n] for n in names]
    ok = np.isfinite(t) & in_regime(vals, atoms)
    with np.errstate(all="ignore"):
        d = np.broadcast_to(np.asarray(ratio(*args), dtype=float), (draws,))[ok]
    return sorted({int(x) for x in np.sign(d[np.abs(d) > 1e-12])}), int(ok.sum())


def threshold_roots(N: int, k: int, params: Params, parameter: str) -> list[tuple[float, bool, float, float]]:
    """Float roots of ``D_k`` in ``parameter``: ``(root, D increasing?, bracket lo, bracket hi)`` (steps 1 of the method)."""
    from scipy.optimize import brentq

    grid, table = _scan(N, params, parameter)
    D = table[k - 1]
    f = lambda x: float(_incentive_float(N, k, params, parameter, np.array([x]))[0])
    return [(brentq(f, grid[i], grid[i + 1], xtol=1e-13), bool(D[i] < 0), grid[i], grid[i + 1])
            for i in np.flatnonzero(np.sign(D[:-1]) * np.sign(D[1:]) < 0)]


def closed_form(N: int, k: int, params: Params, parameter: str, x: float, probes=()):
    """The exact root of ``D_k`` within 1e-9 of ``x``, in the regime at ``x`` (or at a probe): ``(root, regimes)``.

    Returns ``(None, None)`` when no closed form matches (a regime switch exactly at the root).
    """
    from gametheory.models.agglomeration import AgglomerationGame
    from gametheory.models.agglomeration_symbolic import regime_at

    theta = symbol(parameter)
    for xr in (x, *probes):
        point = params.replace(**{parameter: Fraction(xr).limit_denominator(10**12)})
        try:
            game = AgglomerationGame(N, point)
        except Exception:  # noqa: BLE001 - a domain edge: try the next probe
            continue
        rA, rB = regime_at(game, k), regime_at(game, k - 1)
        expr = _symbolic_incentive(N, k, rA, rB)
        subs = {symbol(n): sp.Rational(v.numerator, v.denominator) for n, v in params.items()}
        if parameter == "Delta_gamma":
            subs[symbol("gamma_B")] = subs[symbol("gamma_A")] + theta
        else:
            subs.pop(theta)
        for r in sp.solve(sp.expand(expr.subs(subs)), theta):
            if r.is_real and abs(float(r) - x) < 1e-9:
                return sp.radsimp(r), (rA, rB)
    return None, None


def incentive_thresholds(N: int, k: int, params: Params, parameter: str, *,
                         sensitivities: bool = False, exact: bool = True) -> list[Threshold]:
    """Every threshold of ``D_k`` in ``parameter`` (others at ``params``), ascending.

    With ``sensitivities=True`` each threshold carries the signs of its derivatives
    with respect to :data:`SENSITIVITY_PARAMETERS` (slower: sign proofs);
    ``exact=False`` skips the closed forms (float roots only, fast).
    """
    out = []
    for x, increasing, glo, ghi in threshold_roots(N, k, params, parameter):
        root, regimes = closed_form(N, k, params, parameter, x, (glo, ghi)) if exact else (None, None)
        if root is None:
            out.append(Threshold(parameter, k, x, None, increasing,
                                 "float root only" if not exact else "regimes change at the threshold"))
            continue
        rA, rB = regimes
        text = f"with {k} firms in A: {rA.describe()}; with {k - 1} firms in A: {rB.describe()}"
        sens = _sensitivities(N, k, regimes, parameter, params, root) if sensitivities else ()
        out.append(Threshold(parameter, k, float(root), root, increasing, text, sens))
    return out
