r"""A generic engine for continuum two-region models of New Economic Geography.

A model gives the share :math:`\lambda \in [0, 1]` of the mobile factor in
region 1 and a payoff differential :math:`\Omega(\lambda; x, \theta)` (real
wage, real reward or indirect utility in region 1 minus region 2), where
:math:`x` is the model's *trade variable*: the freeness of trade
:math:`\phi = T^{1-\sigma} \in (0, 1)` for CES models (``axis = "phi"``, larger is
freer) or a transport cost :math:`T` (``axis = "T"``, smaller is freer).
Under the usual ad-hoc migration dynamics :math:`\dot\lambda = \lambda(1-\lambda)\Omega`
(Fujita, Krugman & Venables 1999, eq. 5.8; Baldwin et al. 2003, ch. 2):

* an interior :math:`\lambda^*` is an equilibrium iff :math:`\Omega(\lambda^*) = 0`, stable iff
  :math:`\partial\Omega/\partial\lambda < 0` there;
* the corner :math:`\lambda = 1` is an equilibrium iff :math:`\Omega(1) \ge 0` (stable iff
  :math:`> 0`); :math:`\lambda = 0` iff :math:`\Omega(0) \le 0` (stable iff :math:`< 0`);
  values with :math:`|\Omega| \le` ``ZERO_TOL = 1e-12`` count as 0 (weak, unstable);
* in *symmetric* models (:math:`\Omega(1-\lambda) = -\Omega(\lambda)`), :math:`\lambda = 1/2` is
  always an equilibrium;
* the **break point** is the value of :math:`x` where :math:`\partial\Omega/\partial\lambda(1/2)`
  changes sign from negative (symmetric equilibrium stable) to positive as trade
  gets freer; for asymmetric models, where the last stable interior equilibrium
  disappears as trade gets freer;
* the **sustain point** is the value of :math:`x` where :math:`\Omega(1) = 0` and the core
  (:math:`\lambda = 1`) becomes sustainable as trade gets freer: the smallest
  :math:`\phi` (largest :math:`T`) at which full agglomeration is an equilibrium.

Numerics (tolerances stated once, here):

* interior roots: sign changes of :math:`\Omega` on a grid of ``LAM_GRID`` points per
  unit of :math:`\lambda`, refined by Brent's method to ``XTOL = 1e-13``; roots closer
  together than the grid step, and tangencies, may be missed (a set of measure zero
  in parameter space). Symmetric models are searched on :math:`(0, 1/2)` and mirrored;
* slopes :math:`\partial\Omega/\partial\lambda`: central differences with Richardson
  extrapolation, step ``H = 1e-4`` (truncation error :math:`O(H^4)`);
* thresholds in :math:`x`: sign changes on a grid of ``X_GRID`` points (uniform and
  geometric) over the model's trade domain (for :math:`\phi`: :math:`[10^{-8}, 1)`), refined by Brent's method to ``XTOL`` (relative ``RTOL = 1e-15``).

Models implement :class:`ContinuumModel`; every function here takes a model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np
from scipy.optimize import brentq

__all__ = [
    "ContinuumModel",
    "Equilibrium",
    "Tomahawk",
    "equilibria",
    "omega_slope",
    "break_point",
    "sustain_point",
    "crossings",
    "tomahawk",
    "wiggle",
    "XTOL",
    "H",
    "LAM_GRID",
    "X_GRID",
]

XTOL = 1e-13
ZERO_TOL = 1e-12
SNAP_X = 1e-6
SNAP_LAM = 0.02
RTOL = 1e-15
H = 1e-4
LAM_GRID = 400
X_GRID = 400


class ContinuumModel:
    """Interface of a continuum two-region model.

    Subclasses set ``name``, ``axis`` (``"phi"`` or ``"T"``), ``symmetric``, the
    parameter defaults ``DEFAULTS`` (name -> float) with their meanings
    ``MEANINGS``, and implement :meth:`omega` and :meth:`domain`.  Models on the
    ``"phi"`` axis convert with :math:`\\phi = T^{1-\\sigma}` (parameter ``sigma``).
    ``params`` holds floats; treat instances as immutable (the resource model caches by trade variable).
    """

    name: str = ""
    axis: str = "phi"
    symmetric: bool = True
    DEFAULTS: Mapping[str, float] = {}
    MEANINGS: Mapping[str, str] = {}

    def __init__(self, **params: float):
        unknown = sorted(set(params) - set(self.DEFAULTS))
        if unknown:
            from gametheory.errors import UserInputError

            raise UserInputError(f"unknown parameter(s) {', '.join(unknown)} for model {self.name!r} "
                                 f"(known: {', '.join(self.DEFAULTS)})")
        self.params = {**self.DEFAULTS, **{k: float(v) for k, v in params.items()}}
        self.check()

    def check(self) -> None:
        """Raise :class:`~gametheory.errors.DomainError` for parameters outside the model."""

    def omega(self, lam, x) -> np.ndarray:
        """Payoff differential region 1 minus region 2 at shares ``lam`` (array) and trade variable ``x``."""
        raise NotImplementedError

    def domain(self) -> tuple[float, float]:
        """Interval of the trade variable ``x`` searched for thresholds (``phi``: ``[1e-8, 1)``)."""
        return (1e-8, 1.0)

    # -- phi <-> T --------------------------------------------------------------------------
    def phi_of_T(self, T):
        """Freeness of trade :math:`\\phi = T^{1-\\sigma}` (``phi`` models only)."""
        return np.asarray(T, dtype=float) ** (1.0 - self.params["sigma"])

    def T_of_phi(self, phi):
        """Iceberg transport cost :math:`T = \\phi^{1/(1-\\sigma)}` (``phi`` models only)."""
        return np.asarray(phi, dtype=float) ** (1.0 / (1.0 - self.params["sigma"]))

    def x_of_T(self, T) -> float:
        """The model's trade variable at transport cost ``T``."""
        return float(self.phi_of_T(T)) if self.axis == "phi" else float(T)

    def checked_x_of_T(self, T: float) -> float:
        """:meth:`x_of_T`, raising :class:`~gametheory.errors.UserInputError` where ``T`` is outside the model.

        Default: ``T > 1`` (iceberg) on the ``phi`` axis, the open :meth:`domain` otherwise.
        """
        from gametheory.errors import UserInputError

        if self.axis == "phi":
            if not T > 1:
                raise UserInputError(f"T must exceed 1 for model {self.name} (iceberg cost; T = 1 is free trade); got {T:g}")
        else:
            lo, hi = self.domain()
            if not lo < T < hi:
                raise UserInputError(f"T must lie in ({lo:g}, {hi:g}) for model {self.name}; got {T:g}")
        return self.x_of_T(T)

    def json_params(self) -> dict:
        """Parameters for JSON output."""
        return dict(self.params)

    @property
    def freer(self) -> int:
        """+1 if a larger trade variable means freer trade (``phi``), -1 otherwise (``T``)."""
        return 1 if self.axis == "phi" else -1

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v:g}" for k, v in self.params.items())
        return f"{type(self).__name__}({inner})"


@dataclass(frozen=True)
class Equilibrium:
    """An equilibrium share ``lam``, its stability and the local slope of :math:`\\Omega`
    (at a corner: the value :math:`\\Omega(\\lambda)` itself)."""

    lam: float
    stable: bool
    slope: float

    def as_json(self) -> dict:
        return {"lambda": self.lam, "stable": self.stable}


def omega_slope(model: ContinuumModel, lam, x, h: float = H) -> np.ndarray:
    r""":math:`\partial\Omega/\partial\lambda` by Richardson-extrapolated central differences.

    :math:`D(h) = (\Omega(\lambda+h) - \Omega(\lambda-h))/2h`, returns
    :math:`(4D(h/2) - D(h))/3`.  Points within ``h`` of a corner use one-sided
    second-order differences instead.
    """
    lam = np.atleast_1d(np.asarray(lam, dtype=float))
    out = np.empty_like(lam)
    mid = (lam >= h) & (lam <= 1 - h)
    if mid.any():
        lm = lam[mid]
        pts = np.concatenate([lm + h, lm - h, lm + h / 2, lm - h / 2])
        v = model.omega(pts, x).reshape(4, -1)
        d1 = (v[0] - v[1]) / (2 * h)
        d2 = (v[2] - v[3]) / h
        out[mid] = (4 * d2 - d1) / 3
    lo = lam < h
    if lo.any():
        l0 = lam[lo]
        v = model.omega(np.concatenate([l0, l0 + h, l0 + 2 * h]), x).reshape(3, -1)
        out[lo] = (-3 * v[0] + 4 * v[1] - v[2]) / (2 * h)
    hi = lam > 1 - h
    if hi.any():
        l1 = lam[hi]
        v = model.omega(np.concatenate([l1, l1 - h, l1 - 2 * h]), x).reshape(3, -1)
        out[hi] = (3 * v[0] - 4 * v[1] + v[2]) / (2 * h)
    return out


def _roots_on_grid(f: Callable[[np.ndarray], np.ndarray], grid: np.ndarray, fscalar=None) -> list[float]:
    """Roots of ``f`` on ``[grid[0], grid[-1]]`` from sign changes between grid points (Brent)."""
    vals = np.asarray(f(grid), dtype=float)
    fs = fscalar or (lambda t: float(f(np.array([t]))[0]))
    roots = []
    for i in range(len(grid) - 1):
        a, b = vals[i], vals[i + 1]
        if not (np.isfinite(a) and np.isfinite(b)):
            continue
        if a == 0.0:
            roots.append(float(grid[i]))
        elif a * b < 0:
            roots.append(brentq(fs, grid[i], grid[i + 1], xtol=XTOL, rtol=RTOL))
    if len(vals) and vals[-1] == 0.0:
        roots.append(float(grid[-1]))
    return roots


def equilibria(model: ContinuumModel, x: float, n: int = LAM_GRID) -> list[Equilibrium]:
    """All equilibria at trade variable ``x``, ascending in :math:`\\lambda` (corners included)."""
    f = lambda lam: model.omega(lam, x)
    out: list[Equilibrium] = []
    if model.symmetric:
        half = n // 2
        grid = np.linspace(0.0, 0.5, half + 1)[:-1]  # [0, 1/2): 1/2 is a root by symmetry
        grid = np.append(grid, 0.5 - 0.5 / (4 * half))
        inner = [r for r in _roots_on_grid(f, grid) if 0 < r < 0.5 - 1e-9]
        inner = inner + [0.5] + [1 - r for r in reversed(inner)]
    else:
        inner = [r for r in _roots_on_grid(f, np.linspace(0.0, 1.0, n + 1)) if 0 < r < 1]
    if inner:
        slopes = omega_slope(model, np.array(inner), x)
        out += [Equilibrium(float(r), bool(s < 0), float(s)) for r, s in zip(inner, slopes)]
    ends = np.asarray(model.omega(np.array([0.0, 1.0]), x), dtype=float)
    ends = np.where(np.abs(ends) <= ZERO_TOL, 0.0, ends)
    if ends[0] <= 0:
        out.insert(0, Equilibrium(0.0, bool(ends[0] < 0), float(ends[0])))
    if ends[1] >= 0:
        out.append(Equilibrium(1.0, bool(ends[1] > 0), float(ends[1])))
    return out


def crossings(model: ContinuumModel, g: Callable[[float], float], n: int = X_GRID,
              lo: float | None = None, hi: float | None = None) -> list[tuple[float, int]]:
    """Roots of ``g(x)`` over the trade domain, ordered from least to most free trade.

    Returns ``(x, direction)`` pairs; ``direction`` is the sign of ``g`` just on the
    freer side of the root (+1: ``g`` becomes positive as trade gets freer).
    The grid is uniform in ``x`` (joined by a geometric grid when the domain's lower end is
    positive), endpoints nudged inside the open domain.
    """
    d_lo, d_hi = model.domain()
    lo = d_lo if lo is None else lo
    hi = d_hi if hi is None else hi
    eps = 1e-9 * max(1.0, abs(hi - lo))
    grid = np.linspace(lo + eps, hi - eps, n)
    if lo > 0:  # also geometric, so that thresholds near a small lower end are bracketed
        grid = np.union1d(grid, np.geomspace(lo, hi - eps, n)[1:])
    n = len(grid)
    vals = np.array([g(t) for t in grid])
    out = []
    for i in range(n - 1):
        a, b = vals[i], vals[i + 1]
        if np.isfinite(a) and np.isfinite(b) and a * b < 0:
            r = brentq(g, grid[i], grid[i + 1], xtol=XTOL, rtol=RTOL)
            sign_freer = np.sign(b) if model.freer > 0 else np.sign(a)
            out.append((float(r), int(sign_freer)))
    return out if model.freer > 0 else out[::-1]


def break_point(model: ContinuumModel, n: int = X_GRID) -> float | None:
    """The trade variable where the dispersed (interior) equilibrium loses stability as trade gets freer.

    Symmetric models: the first root (from the least free side) of
    :math:`\\partial\\Omega/\\partial\\lambda(1/2; x)` at which the slope turns positive.
    Asymmetric models: the first value (from the least free side) where the last stable
    interior equilibrium disappears (:func:`_bisect_predicate` on "a stable interior
    equilibrium exists", over a grid of ``n // 4`` points, to ``XTOL``).  ``None`` when there is none.
    """
    if not model.symmetric:
        has = lambda x: any(e.stable and 0 < e.lam < 1 for e in equilibria(model, x))
        return _bisect_predicate(model, has, n // 4)
    g = lambda x: float(omega_slope(model, 0.5, x)[0])
    for x, direction in crossings(model, g, n):
        if direction > 0:
            return x
    return None


def _bisect_predicate(model: ContinuumModel, pred: Callable[[float], bool], n: int) -> float | None:
    """First value, from the least free side of the domain, where ``pred`` turns from true to false.

    Scans ``n`` grid points, then bisects the bracketing interval to ``XTOL`` (the predicate
    is assumed to switch once inside a grid interval).
    """
    lo, hi = model.domain()
    eps = 1e-9 * max(1.0, abs(hi - lo))
    grid = np.linspace(lo + eps, hi - eps, n)
    if model.freer < 0:
        grid = grid[::-1]
    vals = [pred(x) for x in grid]
    for i in range(n - 1):
        if vals[i] and not vals[i + 1]:
            a, b = grid[i], grid[i + 1]  # pred(a) true, pred(b) false
            while abs(b - a) > XTOL * max(1.0, abs(a)):
                m = 0.5 * (a + b)
                a, b = (m, b) if pred(m) else (a, m)
            return float(0.5 * (a + b))
    return None


def sustain_point(model: ContinuumModel, n: int = X_GRID) -> float | None:
    """The trade variable where full agglomeration :math:`\\lambda = 1` becomes an equilibrium.

    The first root (from the least free side) of :math:`\\Omega(1; x)` at which it
    turns positive; ``None`` when there is none.
    """
    g = lambda x: float(model.omega(np.array([1.0]), x)[0])
    for x, direction in crossings(model, g, n):
        if direction > 0:
            return x
    return None


@dataclass(frozen=True)
class Tomahawk:
    """Equilibria over a grid of the trade variable, organised in branches.

    ``x``: the grid (``axis``: ``"phi"`` or ``"T"``, or a parameter name); ``points``:
    the equilibria at each grid value; ``branches``: lists of ``(x, lam, stable)`` traced by
    nearest-neighbour continuation (a new branch starts where no point of the previous
    grid value lies within ``jump`` in :math:`\\lambda`, or where stability changes, so each
    branch has one stability); ``break_x``/``sustain_x``: the thresholds (or ``None``).
    """

    axis: str
    x: np.ndarray
    points: list[list[Equilibrium]]
    branches: list[list[tuple[float, float, bool]]]
    break_x: float | None
    sustain_x: float | None
    extra: dict = field(default_factory=dict)


def _trace(xs, points, jump: float) -> list[list[tuple[float, float, bool]]]:
    """Nearest-neighbour continuation of equilibria into branches of constant stability."""
    open_: list[list[tuple[float, float, bool]]] = []
    done: list[list[tuple[float, float, bool]]] = []
    for x, eqs in zip(xs, points):
        new_open = []
        taken = set()
        for e in eqs:
            best, bd = None, jump
            for j, br in enumerate(open_):
                d = abs(br[-1][1] - e.lam)
                if j not in taken and d <= bd:
                    best, bd = j, d
            if best is None:
                new_open.append([(x, e.lam, e.stable)])
                continue
            taken.add(best)
            br = open_[best]
            if br[-1][2] == e.stable:
                br.append((x, e.lam, e.stable))
                new_open.append(br)
            else:  # stability changes: close the branch, start a new one at the same point
                done.append(br)
                new_open.append([(br[-1][0], br[-1][1], e.stable), (x, e.lam, e.stable)])
        done += [br for j, br in enumerate(open_) if j not in taken]
        open_ = new_open
    return done + open_


def tomahawk(model: ContinuumModel, xs, n: int = LAM_GRID, jump: float = 0.15) -> Tomahawk:
    """Equilibria and their stability over the trade-variable grid ``xs``.

    The break and sustain points are inserted into the grid, with 24 points on each
    side clustered geometrically towards them (down to 1e-7 of the grid's span), so that
    the branches born there (square-root shaped at a pitchfork) are traced to the point
    where they meet; a branch ending within ``SNAP_X`` (relative to the span) of a
    threshold and ``SNAP_LAM`` of its bifurcation point (:math:`\\lambda = 1/2` at the break,
    a corner at the sustain point) is closed there (equilibria closer than the
    :math:`\\lambda` grid step to 1/2 are not resolved by :func:`equilibria`).
    """
    b, s = break_point(model), sustain_point(model)
    xs = np.asarray(xs, dtype=float)
    lo, hi = float(xs.min()), float(xs.max())
    extra = set()
    for t in (b, s):
        if t is not None and lo <= t <= hi:
            d = (hi - lo) / 20 * np.geomspace(1e-7, 1.0, 24)
            extra |= {t} | {float(v) for v in np.concatenate([t - d, t + d]) if lo <= v <= hi}
    grid = sorted(set(float(v) for v in xs) | extra)
    points = []
    for x in grid:
        eqs = equilibria(model, x, n)
        if b is not None and x == b:
            eqs = [e for e in eqs if abs(e.lam - 0.5) > 1e-6 or e.lam == 0.5]
        points.append(eqs)
    xs_arr = np.array(grid)
    branches = _trace(xs_arr, points, jump)
    for br in branches:  # close branches at the bifurcation points they approach
        for t, lam_t in ((b, 0.5), (s, 1.0), (s, 0.0)):
            if t is None:
                continue
            for end, pos in ((br[0], 0), (br[-1], len(br))):
                if abs(end[0] - t) <= SNAP_X * (hi - lo) and 0 < abs(end[1] - lam_t) <= SNAP_LAM:
                    br.insert(pos, (t, lam_t, end[2]))
    return Tomahawk(model.axis, xs_arr, points, branches, b, s)


def wiggle(model: ContinuumModel, xs, lam=None) -> tuple[np.ndarray, np.ndarray]:
    """The wiggle diagram's data: ``(lam, Omega)`` with ``Omega[i, j]`` at ``xs[i]``, ``lam[j]``."""
    lam = np.linspace(0.0, 1.0, 201) if lam is None else np.asarray(lam, dtype=float)
    return lam, np.array([model.omega(lam, x) for x in np.atleast_1d(xs)])
