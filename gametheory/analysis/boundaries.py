r"""Regime boundaries of a 2-D map, drawn from the model's exact formulas.

A regime map (:func:`~gametheory.analysis.sweeps.sweep` over axes :math:`x, y`)
changes regime where some incentive :math:`D_k` changes sign.  The boundary
curves come from the exact expressions, not from the grid:

1. find the numeric boundaries: neighbouring grid cells with different regimes, and
   the :math:`k` whose :math:`D_k` changes sign between them;
2. at both cells of each such pair find the model's regimes of configurations
   :math:`k` and :math:`k-1` (:meth:`~gametheory.models.base.LocationModel.regime_at`);
3. in each regime :math:`D_k(x, y)` (:func:`~gametheory.analysis.incentives.incentive`,
   other parameters at their exact values) is, for the resource game, a polynomial of
   degree at most 2 in either axis variable: its coefficients are lambdified once and
   the roots :math:`y(x)` (and :math:`x(y)`) evaluated on a fine grid by the quadratic
   formula.  A non-polynomial :math:`D_k` (a user's model with ``exp``, say) is traced
   as the zero contour of :math:`D_k` on a fine grid instead (reported as such);
4. a point is kept only where it is inside the map and where the model's own gap (all
   regimes, corners included) vanishes to ``1e-8`` relative to the payoffs, so that every
   drawn point satisfies :math:`D_k = 0` in the model; a root of a regime's formula off its
   regime fails this test.

Each :class:`Curve` carries the implicit equation it comes from.

For drawing the regime *areas* without the grid's staircase, :func:`regime_fields` turns the sweep's
gaps into one signed field per regime (non-negative exactly on the regime's grid points), whose zero
contours, interpolated between grid points, run along the boundaries.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import sympy as sp

from gametheory.analysis.incentives import incentive
from gametheory.analysis.sweeps import Sweep
from gametheory.models.base import gaps
from gametheory.params import rational_terms, substitute

__all__ = ["Curve", "boundary_curves", "numeric_boundary_cells", "pattern_margins", "regime_fields",
           "REGIME_PATTERNS"]


#: The axis variables of the equations of :func:`boundary_curves`.
X, Y = sp.Symbol("X", real=True), sp.Symbol("Y", real=True)


@dataclass(frozen=True)
class Curve:
    """Points ``(x, y)`` of ``D_k = 0`` (NaN separates pieces), with the equations used.

    ``equations`` holds, for each regime the curve passes through, ``(expr, x name, y name)``: ``D_k`` of that
    regime in the axis variables :data:`X` and :data:`Y` (the other parameters fixed), or a text already written;
    :attr:`formulas` gives them as text (``"... = 0"`` in the axis names, each once), written when first asked for
    (a JSON output), not when a figure is drawn."""

    k: int
    x: np.ndarray
    y: np.ndarray
    equations: tuple = ()

    @functools.cached_property
    def formulas(self) -> tuple[str, ...]:
        def text(expr, x_name, y_name):
            return f"{sp.sstr(substitute(_expanded(expr), {X: sp.Symbol(x_name), Y: sp.Symbol(y_name)}))} = 0"

        return tuple(dict.fromkeys(eq if isinstance(eq, str) else text(*eq) for eq in self.equations))

    @property
    def label(self) -> str:
        return f"$D_{{{self.k}}} = 0$"

    def __repr__(self) -> str:
        return f"Curve(k={self.k}, points={int(np.isfinite(self.x).sum())})"


def numeric_boundary_cells(sw: Sweep, labels=None) -> list[tuple[int, tuple[int, int], tuple[int, int]]]:
    """``(k, cell_a, cell_b)`` for neighbouring cells whose regimes (or ``labels``, an integer array of the
    grid shape, e.g. a set of parameter values) differ and whose ``D_k`` changes sign."""
    out = []
    R, D = (sw.regime if labels is None else np.asarray(labels)), sw.D
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


def _evaluate(c, other, values):
    """Float values of the expression ``c`` in the one symbol ``other``: Horner's rule on its rational
    coefficients when ``c`` is a polynomial (cheap), else a lambdified function (sympy's code generation)."""
    try:
        coefficients = [float(a) for a in sp.Poly(c, other).all_coeffs()]
    except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError):
        return sp.lambdify(other, c, "numpy")(values)
    return np.polyval(coefficients, values)


def _expanded(e):
    """``e`` expanded when it is a polynomial in :data:`X` and :data:`Y` (the form of the written equations)."""
    return sp.expand(e) if e.is_polynomial(X, Y) else e


def _roots(expr, solve_for, other, other_vals):
    """Real roots of ``expr = 0`` in ``solve_for`` at each value of ``other`` (degree <= 2), or None."""
    try:
        poly = sp.Poly(expr, solve_for)
    except sp.PolynomialError:
        return None
    if poly.degree() < 1 or poly.degree() > 2 or any(c.has(solve_for) for c in poly.all_coeffs()):
        return None
    coeffs = []
    for c in poly.all_coeffs():
        if c.free_symbols - {other}:
            return None
        with np.errstate(all="ignore"):
            coeffs.append(np.broadcast_to(np.asarray(_evaluate(c, other, other_vals), dtype=float), other_vals.shape))
    return _real_roots(coeffs)


def _roots_of_terms(terms: dict, solve_for: int, other_vals):
    """:func:`_roots` for a polynomial with rational coefficients given by its terms ``{(i, j): c}`` in ``(X, Y)``
    (:func:`gametheory.params.rational_terms`), solved for ``X`` (``solve_for`` 0) or ``Y`` (1): each
    coefficient, a polynomial in the other variable, by Horner's rule on its float coefficients, as
    :func:`_evaluate` computes it."""
    degree = max((m[solve_for] for m in terms), default=0)
    if degree < 1 or degree > 2:
        return None
    coeffs = []
    for d in range(degree, -1, -1):
        part = {m[1 - solve_for]: c for m, c in terms.items() if m[solve_for] == d}
        top = max(part, default=0)
        with np.errstate(all="ignore"):
            values = np.polyval([float(part.get(i, 0)) for i in range(top, -1, -1)], other_vals)
        coeffs.append(np.broadcast_to(np.asarray(values, dtype=float), other_vals.shape))
    return _real_roots(coeffs)


def _real_roots(coeffs):
    """The real roots of ``c1 t + c0`` or ``c2 t^2 + c1 t + c0`` (arrays of coefficients, NaN where none)."""
    with np.errstate(all="ignore"):
        if len(coeffs) == 2:
            return [-coeffs[1] / coeffs[0]]
        a, b, c = coeffs
        disc = b * b - 4 * a * c
        sq = np.sqrt(np.where(disc >= 0, disc, np.nan))
        lin = np.abs(a) <= 1e-14 * (np.abs(b) + np.abs(c))
        r1 = np.where(lin, -c / b, (-b + sq) / (2 * a))
        r2 = np.where(lin, np.nan, (-b - sq) / (2 * a))
        return [r1, r2]


def boundary_curves(sw: Sweep, *, resolution: int = 800, only_patterns: bool = False, labels=None) -> list[Curve]:
    """The curves ``D_k = 0`` along which the regime of the 2-D sweep ``sw`` changes.

    ``only_patterns=True`` keeps ``D_1`` and ``D_N`` (the edges of the all-B and all-A patterns);
    ``labels`` (an integer array of the grid shape) replaces the regimes: the curves along which
    the labels change (e.g. where a configuration stops being an equilibrium).
    """
    if len(sw.axes) != 2:
        raise ValueError("boundary curves need a 2-D sweep")
    model, N, space = sw.model, sw.N, sw.model.space
    xa, ya = sw.axes
    found: dict[int, set] = {}
    cells = [(k, cell) for k, ca, cb in numeric_boundary_cells(sw, labels) if not only_patterns or k in (1, N)
             for cell in (ca, cb)]   # the curve passes between the cells: the regime on it is that of one side
    if cells:
        grid = {n: np.broadcast_to(a, sw.shape) for n, a in
                space.grid_values(sw.params, {a.name: a.values for a in sw.axes}).items()}
        ks = np.array([k for k, _ in cells])
        ij = tuple(np.array([c[d] for _, c in cells]) for d in range(2))
        values = {n: a[ij] for n, a in grid.items()}
        for k, rk, rk1 in zip(ks, model.regimes_at(N, ks, values), model.regimes_at(N, ks - 1, values)):
            found.setdefault(int(k), set()).add((rk, rk1))
    moved = {space.moved(xa.name), space.moved(ya.name)}
    fixed = sw.params.subs(without=moved)
    xs_fine = np.linspace(xa.values[0], xa.values[-1], resolution)
    ys_fine = np.linspace(ya.values[0], ya.values[-1], resolution)
    curves = []
    for k in sorted(found):
        px, py, forms = [], [], []
        for regimes in sorted(found[k], key=str):
            expr = incentive(model, N, k, regimes).expr
            e = substitute(expr, space.axis_substitution(xa.name, X), space.axis_substitution(ya.name, Y), fixed)
            forms.append((e, xa.name, ya.name))
            terms = rational_terms(e, (X, Y))     # None unless a polynomial in X, Y with rational coefficients
            if terms is None:
                e = _expanded(e)
            pieces = []
            for solve_for, other, other_vals in ((Y, X, xs_fine), (X, Y, ys_fine)):
                roots = _roots(e, solve_for, other, other_vals) if terms is None else \
                    _roots_of_terms(terms, int(solve_for is Y), other_vals)
                if roots is None:
                    continue
                for cand in roots:
                    pieces.append((other_vals, cand) if solve_for is Y else (cand, other_vals))
            if not pieces:
                pieces = _contour(sw, k)
            for xv, yv in pieces:
                xv, yv = _keep(sw, k, regimes, np.asarray(xv, dtype=float), np.asarray(yv, dtype=float))
                if np.isfinite(xv).any():
                    px.append(np.r_[xv, np.nan])
                    py.append(np.r_[yv, np.nan])
        if px:
            curves.append(Curve(k, np.concatenate(px), np.concatenate(py), tuple(forms)))
    return curves


def _keep(sw: Sweep, k: int, regimes, xv, yv):
    """NaN out the points outside the map, or where the model's own gap does not vanish.

    A root of the formula of a regime that does not hold at the point is not a root of the
    model's gap there, so this test also drops points off the regime.
    """
    model, N = sw.model, sw.N
    xa, ya = sw.axes
    with np.errstate(invalid="ignore"):
        inside = np.isfinite(xv) & np.isfinite(yv) & (xv >= xa.values[0]) & (xv <= xa.values[-1]) \
            & (yv >= ya.values[0]) & (yv <= ya.values[-1])
    if not inside.any():
        return np.full_like(xv, np.nan), np.full_like(yv, np.nan)
    xs, ys = xv[inside], yv[inside]
    pts = model.space.grid_values(sw.params, {xa.name: xs, ya.name: ys}, outer=False)
    pts = {n: np.broadcast_to(a, xs.shape) for n, a in pts.items()}
    pa, pb = model.payoff_arrays(N, pts)
    Dk = gaps(pa, pb)[k - 1]
    scale = np.maximum(1.0, np.nanmax(np.abs(np.stack([pa[k], pb[k - 1]])), axis=0))
    ok = np.abs(np.nan_to_num(Dk, nan=np.inf)) <= 1e-8 * scale
    keep = np.zeros_like(inside)
    keep[np.flatnonzero(inside)[ok]] = True
    return np.where(keep, xv, np.nan), np.where(keep, yv, np.nan)


def _contour(sw: Sweep, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The zero contour of the float gap ``D_k`` on the sweep's grid (for non-polynomial gaps)."""
    import contourpy

    xa, ya = sw.axes
    Z = np.where(sw.valid, sw.D[k - 1], np.nan).T
    gen = contourpy.contour_generator(xa.values, ya.values, Z)
    return [(line[:, 0], line[:, 1]) for line in gen.lines(0.0)]


#: Which patterns are equilibria in each regime code (:func:`~gametheory.games.anonymous.regime_codes`):
#: (all-A ``n_A = N``, all-B ``n_A = 0``, a split).
REGIME_PATTERNS = ((True, False, False), (False, True, False), (True, True, False), (False, False, True),
                   (True, False, True), (False, True, True), (True, True, True))


def pattern_margins(sw: Sweep) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Signed margins of the three patterns on the grid of a sweep (float views of its gaps, NaN outside the domain).

    ``(D_N, -D_1, max_{0<k<N} min(D_k, -D_{k+1}))``: each is >= 0 exactly where the all-A pattern, the all-B
    pattern, some split is a pure equilibrium (the conditions of :func:`~gametheory.games.anonymous.pure_masks`),
    and each is continuous in the parameters, so its zero set is the pattern's boundary.
    """
    D = np.where(sw.valid[None], sw.D, np.nan)
    N = D.shape[0]
    all_A, all_B = D[N - 1], -D[0]
    split = np.max(np.minimum(D[:N - 1], -D[1:]), axis=0) if N > 1 else np.full(sw.shape, -np.inf)
    return all_A, all_B, split


def _in_cells(f: np.ndarray) -> np.ndarray:
    """``f`` divided by the length of its gradient over the grid's index: about the signed distance to its zero set
    in grid cells (the sign of ``f`` is kept)."""
    filled = np.nan_to_num(f, nan=0.0, posinf=0.0, neginf=0.0)
    grads = np.gradient(filled) if min(f.shape) > 1 else [np.zeros_like(filled)]
    norm = np.sqrt(sum(g * g for g in grads))
    scale = np.nanmax(np.abs(filled)) if filled.size else 1.0
    return f / np.maximum(norm, 1e-12 * max(scale, 1e-300))


def regime_fields(sw: Sweep) -> dict[int, np.ndarray]:
    """One field per regime code present on the 2-D sweep ``sw`` (grid shape, NaN outside the domain).

    The field of a regime is the smallest of the three pattern margins (:func:`pattern_margins`), each with the
    sign the regime needs (``+`` the pattern is an equilibrium, ``-`` it is not), each first scaled to about the
    signed distance in grid cells to its zero set (so that where two margins meet, the smaller is the nearer
    boundary).  It is >= 0 at the grid points of the regime (up to the float rounding of the gaps: the sweep's
    regimes are decided exactly) and < 0 elsewhere; its zero contour, interpolated between grid points, follows
    the regime's boundary without the grid's staircase.
    """
    margins = [_in_cells(m) for m in pattern_margins(sw)]
    out = {}
    for code in np.unique(sw.regime[sw.regime >= 0]).tolist():
        signed = [m if need else -m for m, need in zip(margins, REGIME_PATTERNS[code])]
        out[int(code)] = np.minimum(np.minimum(signed[0], signed[1]), signed[2])
    return out
