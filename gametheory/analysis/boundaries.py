r"""Regime boundaries of a 2-D map, drawn from the symbolic conditions.

A regime map (:func:`~gametheory.analysis.sweeps.sweep` over axes :math:`x, y`)
changes regime where some incentive :math:`D_k` changes sign.  The boundary
curves are computed from the exact expressions, not traced on the grid:

1. find the numeric boundaries: neighbouring grid cells with different
   regimes, and the :math:`k` whose :math:`D_k` changes sign between them;
2. at both cells of each such pair find the Cournot regimes of configurations
   :math:`k` and :math:`k-1` (which firms serve which market);
3. in each regime :math:`D_k(x, y)` is a polynomial of degree at most 2 in either
   axis variable (the other parameters fixed at their exact values), solved by
   sympy for :math:`y(x)` and for :math:`x(y)` (closed forms), and lambdified;
4. each branch is evaluated on a fine grid of the other axis, and a point is
   kept only where it is real, inside the map, and where the regime used is the
   one that actually holds there (so that every drawn point satisfies
   :math:`D_k = 0` exactly in the model with corners).

Each :class:`Curve` carries the closed form it comes from; tests check that the
curves run through the numeric regime changes and that :math:`D_k = 0` on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp

from gametheory.analysis.sweeps import Axis, Sweep, grid_values
from gametheory.models.agglomeration_symbolic import Regime, configuration
from gametheory.params import symbol

__all__ = ["Curve", "boundary_curves", "numeric_boundary_cells"]


@dataclass(frozen=True)
class Curve:
    """Points ``(x, y)`` of ``D_k = 0`` (NaN separates pieces), with the closed forms used."""

    k: int
    x: np.ndarray
    y: np.ndarray
    formulas: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"$D_{{{self.k}}} = 0$"


def numeric_boundary_cells(sw: Sweep) -> list[tuple[int, tuple[int, int], tuple[int, int]]]:
    """``(k, cell_a, cell_b)`` for neighbouring cells whose regimes differ and whose ``D_k`` changes sign."""
    out = []
    R, D = sw.regime, sw.D
    for axis in (0, 1):
        a = [slice(None), slice(None)]
        b = [slice(None), slice(None)]
        a[axis], b[axis] = slice(None, -1), slice(1, None)
        diff = (R[tuple(a)] != R[tuple(b)]) & sw.valid[tuple(a)] & sw.valid[tuple(b)]
        for i, j in zip(*np.nonzero(diff)):
            ca = (i, j)
            cb = (i + 1, j) if axis == 0 else (i, j + 1)
            flips = np.flatnonzero(np.sign(D[(slice(None),) + ca]) != np.sign(D[(slice(None),) + cb]))
            for kk in flips:
                out.append((int(kk) + 1, ca, cb))
    return out


def _regimes_at(N: int, k: int, v: dict) -> tuple[Regime, Regime]:
    """Cournot regimes of configurations k and k-1 at one float parameter point."""
    from gametheory.models.agglomeration import _market_quantities

    def reg(kk):
        q = _market_quantities(N, float(kk), v)
        has_A, has_B = kk >= 1, kk <= N - 1
        return Regime((bool(has_A and q[("A", "A")] > 0), bool(has_B and q[("B", "A")] > 0)),
                      (bool(has_A and q[("A", "B")] > 0), bool(has_B and q[("B", "B")] > 0)))

    return reg(k), reg(k - 1)


def _point(sw: Sweep, cell) -> dict:
    v = grid_values(sw.params, list(sw.axes))
    return {n: float(np.broadcast_to(a, sw.shape)[cell]) for n, a in v.items()}


def boundary_curves(sw: Sweep, *, resolution: int = 800) -> list[Curve]:
    """The curves ``D_k = 0`` along which the regime of the 2-D sweep ``sw`` changes."""
    from gametheory.analysis.propositions import incentive
    from gametheory.models.agglomeration import payoff_arrays

    if len(sw.axes) != 2:
        raise ValueError("boundary curves need a 2-D sweep")
    N = sw.N
    xa, ya = sw.axes
    found: dict[int, set] = {}
    for k, ca, cb in numeric_boundary_cells(sw):
        # the curve passes between the two cells: the Cournot regime on it is that of one side or the other
        for cell in (ca, cb):
            found.setdefault(k, set()).add(_regimes_at(N, k, _point(sw, cell)))
    X, Y = sp.Symbol("X", real=True), sp.Symbol("Y", real=True)
    subs = {}
    for n, v in sw.params.items():
        subs[symbol(n)] = sp.Rational(v.numerator, v.denominator)

    def axis_subs(name, var):
        if name == "Delta_gamma":
            return {symbol("gamma_B"): symbol("gamma_A") + var}
        return {symbol(name): var}

    curves = []
    xs_fine = np.linspace(xa.values[0], xa.values[-1], resolution)
    ys_fine = np.linspace(ya.values[0], ya.values[-1], resolution)
    for k in sorted(found):
        px, py, forms = [], [], []
        for regimes in sorted(found[k], key=str):
            expr = incentive(N, k, regimes).expr
            e = expr.subs(axis_subs(xa.name, X)).subs(axis_subs(ya.name, Y))
            e = e.subs({s: v for s, v in subs.items() if s not in (symbol(xa.name), symbol(ya.name))})
            e = sp.expand(e.subs(subs))
            for solve_for, other, other_vals in ((Y, X, xs_fine), (X, Y, ys_fine)):
                try:
                    branches = sp.solve(e, solve_for)
                except NotImplementedError:
                    continue
                for br in branches:
                    forms.append(f"{'y' if solve_for is Y else 'x'} = {sp.sstr(br)}")
                    f = sp.lambdify(other, br, "numpy")
                    with np.errstate(all="ignore"):
                        vals = np.asarray(f(other_vals.astype(complex)), dtype=complex) * np.ones_like(other_vals)
                    real = np.abs(vals.imag) < 1e-9
                    cand = vals.real
                    xv, yv = (other_vals, cand) if solve_for is Y else (cand, other_vals)
                    inside = real & (xv >= xa.values[0]) & (xv <= xa.values[-1]) & (yv >= ya.values[0]) & (yv <= ya.values[-1])
                    if not inside.any():
                        continue
                    # keep the points where this regime is the one that holds and D_k vanishes
                    vv = dict(sw.params.as_floats)
                    for ax, vals_ in ((xa, xv), (ya, yv)):
                        if ax.name == "Delta_gamma":
                            vv["gamma_B"] = vv["gamma_A"] + vals_
                        else:
                            vv[ax.name] = vals_
                    pa, pb = payoff_arrays(N, {n: np.broadcast_to(np.asarray(a, dtype=float), xv.shape) for n, a in vv.items()})
                    Dk = pa[k] - pb[k - 1]
                    ok = inside & (np.abs(np.nan_to_num(Dk, nan=np.inf)) <= 1e-8 * np.maximum(1.0, np.nanmax(np.abs(pa), axis=0)))
                    xv, yv = np.where(ok, xv, np.nan), np.where(ok, yv, np.nan)
                    px.append(np.r_[xv, np.nan])
                    py.append(np.r_[yv, np.nan])
        if px:
            curves.append(Curve(k, np.concatenate(px), np.concatenate(py), tuple(dict.fromkeys(forms))))
    return curves
