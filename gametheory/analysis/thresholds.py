r"""Thresholds: parameter values at which an equilibrium condition switches, for any location model.

For the incentive to locate in A rather than B,

.. math:: D_k(\theta) = \Pi_A(k) - \Pi_B(k-1), \qquad k = 1..N,

a *threshold* in a parameter :math:`\theta` (others fixed) is a root
:math:`D_k(\theta^*) = 0` with a sign change.  The all-A pattern :math:`n_A = N` (the
traditional cluster) is an equilibrium iff :math:`D_N \ge 0`, the all-B pattern
:math:`n_A = 0` (the zero-resource economy) iff :math:`D_1 \le 0`.

Method:

1. scan :math:`D_k` on ``GRID`` points strictly inside the model's
   :meth:`~gametheory.models.base.LocationModel.parameter_bounds` with the certified
   vectorised gaps (all regimes, e.g. Cournot corners, included), and bracket every
   certified sign change; refine by Brent's method (``xtol = 1e-13``);
2. at the root, find the model's regimes of configurations :math:`k` and :math:`k-1`
   (:meth:`~gametheory.models.base.LocationModel.regime_at`); within them :math:`D_k` is a
   closed formula (for the resource game a polynomial of degree at most 2 in
   :math:`\theta`), solved exactly by sympy;
3. the exact root within ``1e-9`` of the numeric one is the closed form, stated with the
   regime that holds at it; if none matches (a regime switch exactly at the root, or a
   formula sympy cannot solve), the numeric value is reported and marked as such.

Assumption: distinct roots are more than one grid step apart (``(hi - lo) / GRID``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy as sp

from gametheory.errors import UserInputError
from gametheory.params import rational_poly, substitute
from gametheory.results import Result

__all__ = ["Threshold", "Thresholds", "thresholds", "incentive_thresholds", "threshold_roots", "closed_form", "solve_roots",
           "GRID"]

GRID = 4000


@dataclass(frozen=True, repr=False)
class Threshold(Result):
    """A root of ``D_k`` in ``parameter`` with the others fixed.

    ``exact`` is the closed form (sympy) or None (numeric only); ``increasing`` tells
    whether ``D_k`` goes from negative to positive as the parameter rises; ``regime``
    describes the regime that holds at the threshold (where the closed form is valid).
    """

    parameter: str
    k: int
    value: float
    exact: object
    increasing: bool
    regime: str
    latex_name: str = ""
    regimes: tuple = ()
    sensitivities: tuple = ()

    _repr_fields = ("parameter", "k", "value", "exact_text")

    @property
    def closed_form(self) -> bool:
        """True when an exact closed form was found."""
        return self.exact is not None

    @property
    def exact_text(self) -> str | None:
        return None if self.exact is None else sp.sstr(self.exact)

    def latex(self) -> str:
        """``\\theta^* = value`` in LaTeX."""
        rhs = sp.latex(self.exact) if self.exact is not None else f"{self.value:.10g}"
        return f"{self.latex_name or self.parameter}^* = {rhs}"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {"parameter": self.parameter, "k": self.k, "value": self.value,
                "exact": None if self.exact is None else str(self.exact),
                "latex": self.latex(), "closed_form": self.closed_form,
                "D_increasing": self.increasing, "regime": self.regime,
                "sensitivities": [dict(s) for s in self.sensitivities]}

    def to_text(self) -> str:
        from gametheory.games.conditions import text

        exact = f"{text(self.exact)} = {self.value:.10g}" if self.exact is not None else \
            f"{self.value:.10g} (numeric)"
        side = "above" if self.increasing else "below"
        return f"{self.parameter}* = {exact}: D_{self.k} > 0 {side} it ({self.regime})"


@dataclass(frozen=True, repr=False)
class Thresholds(Result):
    """Every threshold of a parameter for some ``D_k`` of a game, ascending by ``k`` then value."""

    parameter: str
    N: int
    items: tuple[Threshold, ...]
    bounds: tuple

    _repr_fields = ("parameter", "items")

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def as_dict(self) -> dict:
        return {"parameter": self.parameter, "n_firms": self.N, "thresholds": [t.as_dict() for t in self.items],
                "scanned": [str(b) for b in self.bounds]}

    def to_text(self) -> str:
        if not self.items:
            return f"no threshold in {self.parameter} on [{self.bounds[0]}, {self.bounds[1]}]"
        return "\n".join(t.to_text() for t in self.items)

    def to_markdown(self) -> str:
        if not self.items:
            return self.to_text()
        return "\n".join(f"- $D_{{{t.k}}}$: ${t.latex()}$ ({t.regime})" for t in self.items)


# --------------------------------------------------------------------- scan
@lru_cache(maxsize=64)
def _scan(model, N: int, params, parameter: str, bounds: tuple | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The scan grid of ``parameter`` (over ``bounds = (lo, hi)``, default the model's scanning range) and the
    certified signs of every ``D_k`` on it (``(N, GRID)``)."""
    lo, hi = bounds if bounds is not None else model.parameter_bounds(parameter, params)[:2]
    grid = float(lo) + float(hi - lo) * np.linspace(1e-9, 1 - 1e-9, GRID)
    D = model.gaps_along(N, params, parameter, grid, certified=True)
    signs = np.where(D.mid > D.rad, 1, np.where(D.mid < -D.rad, -1, 0)).astype(np.int8)
    signs.setflags(write=False)
    return grid, signs


def _gap_float(model, N: int, k: int, params, parameter: str, x: float) -> float:
    return float(model.gaps_along(N, params, parameter, np.array([x]))[k - 1, 0])


def threshold_roots(game, k: int, parameter: str, *, bounds: tuple | None = None) -> list[tuple[float, bool, float, float]]:
    """Float roots of ``D_k`` in ``parameter``: ``(root, D increasing?, bracket lo, bracket hi)``.

    A bracket joins two scan points where the sign of ``D_k`` is certified and opposite
    (points where it is not certified are skipped: they lie at a root).  ``bounds = (lo, hi)``
    (exact) scans that interval instead of the model's scanning range.
    """
    from scipy.optimize import brentq

    model, N, params = game.model, game.N, game.params
    if not 1 <= k <= N:
        raise UserInputError(f"D_k needs 1 <= k <= N = {N}; got k = {k}")
    grid, signs = _scan(model, N, params, parameter, None if bounds is None else tuple(Fraction(b) for b in bounds))
    s = signs[k - 1]
    nz = np.flatnonzero(s)
    out = []
    f = lambda x: _gap_float(model, N, k, params, parameter, x)
    for a, b in zip(nz[:-1], nz[1:]):
        if s[a] == s[b]:
            continue
        lo, hi = grid[a], grid[b]
        flo, fhi = f(lo), f(hi)
        x = brentq(f, lo, hi, xtol=1e-13) if flo * fhi < 0 else 0.5 * (lo + hi)
        out.append((x, bool(s[a] < 0), lo, hi))
    return out


def _axis_symbol(space, parameter: str):
    return sp.Symbol("theta_", real=True)


def closed_form(game, k: int, parameter: str, x: float, probes=()):
    """The exact root of ``D_k`` within 1e-9 of ``x``, in the regimes at ``x`` (or at a probe): ``(root, regimes)``.

    Returns ``(None, None)`` when no closed form matches.
    """
    from gametheory.analysis.incentives import incentive

    return exact_root_near(game, parameter, x, (k, k - 1), lambda rg: incentive(game.model, game.N, k, rg).expr, probes)


def exact_root_near(game, parameter: str, x: float, ks: tuple, expression, probes=()):
    """The exact root within 1e-9 of the float ``x`` of a formula that depends on Cournot regimes.

    ``expression(regimes)`` is the sympy formula (in the model's symbols) valid when the configurations
    ``ks`` are in the Cournot ``regimes`` (one per ``k``).  The regimes are read at ``x`` and, where
    that point leaves the domain or gives no matching root, at each of ``probes`` in turn (e.g. the
    ends of the bracket: a root on a regime boundary).  The other parameters keep their exact values.
    Returns ``(root, regimes)``, or ``(None, None)`` when no closed form matches.
    """
    model, N, params = game.model, game.N, game.params
    space = model.space
    theta = _axis_symbol(space, parameter)
    moved = space.moved(parameter)
    fixed = params.subs(without=(moved,))
    tried = set()
    for xr in (x, *probes):
        try:
            point = params.replace(**{parameter: Fraction(xr).limit_denominator(10**12)})
        except UserInputError:
            continue
        if not model.in_domain(N, point):
            continue
        regimes = tuple(model.regime_at(N, k, point) for k in ks)
        if regimes in tried:
            continue
        tried.add(regimes)
        e = substitute(expression(regimes), space.axis_substitution(parameter, theta), fixed)
        for r in solve_roots(e, theta):
            try:
                if r.is_real is not False and abs(complex(sp.N(r, 30)) - x) < 1e-9:
                    return sp.radsimp(r), regimes
            except (TypeError, ValueError):
                continue
    return None, None


def solve_roots(e, theta) -> list:
    """Roots of ``e = 0`` in ``theta``: polynomial roots by degree (fast), else sympy's solve (may give none)."""
    e = sp.together(e)
    num = sp.numer(e)
    try:
        poly = rational_poly(num, (theta,))      # by ring arithmetic when the coefficients are rational
        if poly is None:
            poly = sp.Poly(sp.expand(num), theta)
        if poly.degree() <= 4 and not poly.free_symbols - {theta}:
            return [r for r in sp.roots(poly, multiple=True)] or list(sp.real_roots(poly))
    except (sp.PolynomialError, sp.GeneratorsNeeded):
        pass
    try:
        return list(sp.solve(e, theta))
    except (NotImplementedError, TypeError, ValueError):
        return []


def incentive_thresholds(game, k: int, parameter: str, *, sensitivities: bool = False,
                         exact: bool = True) -> list[Threshold]:
    """Every threshold of ``D_k`` in ``parameter`` (others at the game's parameters), ascending.

    With ``sensitivities=True`` each threshold carries the signs of its derivatives with
    respect to the model's statics parameters (:mod:`gametheory.analysis.statics`);
    ``exact=False`` skips the closed forms (float roots only, fast).
    """
    from gametheory.analysis.incentives import firms

    model, N = game.model, game.N
    model.space.check_name(parameter)
    out = []
    for x, increasing, glo, ghi in threshold_roots(game, k, parameter):
        root, regimes = closed_form(game, k, parameter, x, (glo, ghi)) if exact else (None, None)
        latex = model.space.latex(parameter)
        if root is None:
            out.append(Threshold(parameter, k, x, None, increasing,
                                 "float root only" if not exact else "numeric root: no closed form matches",
                                 latex))
            continue
        rA, rB = regimes
        text = (model.describe_regime(rA, N, k) if model.is_interior(rA, N, k) and model.is_interior(rB, N, k - 1)
                else f"with {firms(k)} in A: {model.describe_regime(rA, N, k)}; with {firms(k - 1)} in A: "
                     f"{model.describe_regime(rB, N, k - 1)}")
        sens = ()
        if sensitivities:
            from gametheory.analysis.statics import threshold_sensitivities

            sens = threshold_sensitivities(game, k, regimes, parameter, root)
        out.append(Threshold(parameter, k, float(sp.N(root, 30)), root, increasing, text, latex, regimes, sens))
    return out


def thresholds(game, parameter: str, k: int | str | None = None, *, sensitivities: bool = False) -> Thresholds:
    """Thresholds of ``parameter`` for ``D_k`` (default: ``D_N`` and ``D_1``, the edges of the two patterns;
    ``k="all"``: every ``k``)."""
    N = game.N
    if k is None:
        ks = [N, 1]
    elif k == "all":
        ks = list(range(1, N + 1))
    else:
        ks = [int(k)]
    items = [t for kk in ks for t in incentive_thresholds(game, kk, parameter, sensitivities=sensitivities)]
    lo, hi, _, _ = game.model.parameter_bounds(parameter, game.params)
    return Thresholds(parameter, N, tuple(items), (lo, hi))
