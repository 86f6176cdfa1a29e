r"""Welfare of every configuration, the social optimum and the efficiency of equilibria (docs/environment.md section 2).

For :math:`k = n_A` firms in A, at the stage-2 Cournot outcome (corners included), the model
gives (:meth:`~gametheory.models.agglomeration.ResourceModel.welfare`, one formula in any
arithmetic) consumer surplus :math:`CS = \sum_m bQ_m^2/2`, producer surplus :math:`PS`
(payoffs after tax and fixed costs), tax revenue :math:`R`, damage :math:`Dmg`, the outputs
:math:`X_A, X_B` of the firms located in each region, and

.. math:: W(k) = CS + PS + R - Dmg .

* **Social optimum** (second best: a planner chooses the locations, firms then play Cournot
  under the given taxes): the set of :math:`k` maximising :math:`W(k)`, every tie reported.
  At a point it is decided in exact rational arithmetic; over a grid by certified float balls
  (:mod:`gametheory.arith`), with an exact evaluation wherever two candidates' balls overlap
  (a float never decides a comparison within its error bound).
* **Efficiency of equilibria**: the welfare gap :math:`W(\mathrm{opt}) - W(k)` of each pure Nash
  equilibrium :math:`k`; the price of anarchy :math:`W(\mathrm{opt})/\min_{eq} W(k)` and of stability
  :math:`W(\mathrm{opt})/\max_{eq} W(k)` where every :math:`W` involved is positive (else undefined).
* **Named inefficiencies**: *over-agglomeration in A* when the traditional cluster :math:`k = N` is an
  equilibrium and no optimum has :math:`k = N`; *over-agglomeration in B* likewise for :math:`k = 0`.

:func:`welfare_table` answers at a point, :func:`welfare_map` over a 2-D grid (the welfare map
figure), :func:`welfare_line` along one parameter (welfare of each configuration against
:math:`\delta_A`).  Along a parameter that enters welfare but not the payoffs (the damages
:math:`\delta_A, \delta_B`), :math:`W(k)` is affine, so the optimum's switch points are exact
rationals (:func:`affine_envelope`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from gametheory.errors import UserInputError
from gametheory.results import OfGame, Result, jsonable

__all__ = ["WELFARE_KEYS", "Welfare", "welfare_table", "exact_welfare", "welfare_arrays", "optimum_masks",
           "WelfareMap", "welfare_map", "WelfareLine", "welfare_line", "affine_envelope", "EnvelopePiece",
           "affine_optimal_set", "INEFFICIENCIES", "is_welfare_only"]

#: Quantities of a configuration's welfare, in the order of the table.
WELFARE_KEYS = ("W", "CS", "PS", "R", "Dmg", "X_A", "X_B")
#: Names of the inefficiencies (JSON) and their words.
INEFFICIENCIES = {"over_agglomeration_A": "over-agglomeration in A (the traditional cluster n_A = N is an "
                                          "equilibrium and not optimal)",
                  "over_agglomeration_B": "over-agglomeration in B (the zero-resource economy n_A = 0 is an "
                                          "equilibrium and not optimal)"}
#: Largest N whose welfare table is exact (beyond: certified floats, exact where the optimum needs it).
EXACT_WELFARE_MAX = 20_000
_CHUNK = 1_500_000          # welfare entries per chunk of a grid


# ------------------------------------------------------------------ formulas
def exact_welfare(model, N: int, k: int, params) -> dict:
    """``{"W", "CS", "PS", "R", "Dmg", "X_A", "X_B"}`` of configuration ``k`` exactly (Fractions)."""
    w = model.welfare(N, Fraction(k), dict(params))
    return {key: Fraction(w[key]) for key in WELFARE_KEYS}


def welfare_arrays(model, N: int, values, *, certified: bool = False) -> dict:
    """Welfare of every configuration over a grid: ``{key: array of shape (N+1,) + grid shape}``.

    ``values`` maps every model parameter to a float, an exact Fraction or an array (arrays
    broadcast, e.g. :meth:`~gametheory.params.ParameterSpace.grid_values`).  With
    ``certified=True`` (or Ball values) the arrays are :class:`~gametheory.arith.Ball` s that contain
    the exact values.
    """
    from gametheory.arith import Ball

    names = model.space.names
    certified = certified or any(isinstance(values[n], Ball) for n in names)
    if certified:
        vb = {n: values[n] if isinstance(values[n], Ball) else Ball.exact(values[n])
              if isinstance(values[n], (Fraction, int)) else Ball(np.asarray(values[n], dtype=float)) for n in names}
        shape = np.broadcast_shapes(*(np.shape(b.mid) for b in vb.values()))
        v = {n: Ball(np.asarray(b.mid)[None, ...], np.broadcast_to(b.rad, np.shape(b.mid))[None, ...])
             for n, b in vb.items()}
    else:
        arrays = {n: np.asarray(values[n], dtype=float) for n in names}
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
        v = {n: a[None, ...] for n, a in arrays.items()}
    k = np.arange(N + 1, dtype=float).reshape((N + 1,) + (1,) * len(shape))
    with np.errstate(all="ignore"):
        w = model.welfare(N, k, v)
    full = (N + 1,) + shape
    out = {}
    for key in WELFARE_KEYS:
        x = w[key]
        if certified:
            b = x if isinstance(x, Ball) else Ball.exact(x)
            out[key] = Ball(np.broadcast_to(b.mid, full).copy(), np.broadcast_to(b.rad, full).copy())
        else:
            out[key] = np.broadcast_to(np.asarray(x, dtype=float), full).copy()
    return out


def _optimum_exact(W: list) -> list[int]:
    best = max(W)
    return [k for k, w in enumerate(W) if w == best]


def optimum_masks(W, exact_at) -> tuple[np.ndarray, int]:
    """Exact optimum sets from certified welfare balls ``W`` (shape ``(N+1,) + grid``).

    A configuration is optimal at a point iff its welfare is the maximum.  Where the ball of the
    configuration with the largest midpoint overlaps another candidate's, ``exact_at(index, ks)``
    (exact welfare of the configurations ``ks`` at the grid point ``index``) decides.  Returns the
    boolean mask ``(N+1,) + grid`` and the number of points decided exactly.
    """
    mid, rad = W.mid, W.rad
    lo, hi = mid - rad, mid + rad
    best_lo = np.max(lo, axis=0)
    cand = hi >= best_lo[None]
    mask = cand.copy()
    unsure = cand.sum(axis=0) > 1
    count = 0
    for idx in zip(*np.nonzero(unsure)):
        ks = [int(k) for k in np.flatnonzero(cand[(slice(None),) + idx])]
        vals = exact_at(idx, ks)
        best = max(vals)
        mask[(slice(None),) + idx] = False
        for k, w in zip(ks, vals):
            if w == best:
                mask[(k,) + idx] = True
        count += 1
    return mask, count


def is_welfare_only(model, name: str) -> bool:
    """Whether ``name`` enters welfare but not the firms' payoffs (then W(k) is affine in it, equilibria do not move)."""
    from gametheory.models.environment import WELFARE_ONLY

    return name in WELFARE_ONLY and name in model.space.names


# ------------------------------------------------------------------ a point
@dataclass(frozen=True, repr=False)
class Welfare(OfGame, Result):
    """Welfare of every configuration ``k = 0..N`` of a game, its optimum and the efficiency of its equilibria.

    ``table[key][k]`` for ``key`` in :data:`WELFARE_KEYS` (Fractions when ``exact``, floats otherwise);
    ``equilibria`` are the pure Nash equilibria, ``optimum`` the welfare-maximising configurations
    (decided exactly in both cases).
    """

    game: object
    table: dict
    equilibria: tuple
    optimum: tuple
    exact: bool

    _repr_fields = ("N", "equilibria", "optimum")

    # ------------------------------------------------------------ derived
    def W(self, k: int):
        """Welfare of configuration ``k``."""
        return self.table["W"][k]

    @property
    def W_opt(self):
        """The optimal welfare."""
        return self.table["W"][self.optimum[0]]

    @property
    def gaps(self) -> dict:
        """``{k: W(opt) - W(k)}`` for every equilibrium ``k``."""
        return {k: self.W_opt - self.W(k) for k in self.equilibria}

    def _ratio(self, w_eq):
        if not (self.W_opt > 0 and w_eq > 0):
            return None
        return Fraction(self.W_opt) / Fraction(w_eq) if self.exact else float(self.W_opt) / float(w_eq)

    @property
    def price_of_anarchy(self):
        """``W(opt) / min over equilibria of W(k)`` (None unless both are positive)."""
        return self._ratio(min(self.W(k) for k in self.equilibria)) if self.equilibria else None

    @property
    def price_of_stability(self):
        """``W(opt) / max over equilibria of W(k)`` (None unless both are positive)."""
        return self._ratio(max(self.W(k) for k in self.equilibria)) if self.equilibria else None

    @property
    def inefficiency(self) -> list[str]:
        """Names of the inefficiencies present (keys of :data:`INEFFICIENCIES`)."""
        N, eq, opt = self.N, set(self.equilibria), set(self.optimum)
        out = []
        if N in eq and N not in opt:
            out.append("over_agglomeration_A")
        if 0 in eq and 0 not in opt:
            out.append("over_agglomeration_B")
        return out

    @property
    def efficient(self) -> bool:
        """Every pure equilibrium is optimal."""
        return set(self.equilibria) <= set(self.optimum)

    def rows(self) -> list[dict]:
        eq, opt = set(self.equilibria), set(self.optimum)
        return [{"k": k, **{key: self.table[key][k] for key in WELFARE_KEYS}, "equilibrium": k in eq,
                 "optimal": k in opt} for k in range(self.N + 1)]

    # ------------------------------------------------------------- output
    def as_dict(self, exact: bool = False) -> dict:
        """The ``gametheory welfare --json`` object (``exact=True``: numbers as exact fractions in strings)."""
        if exact and not self.exact:
            raise UserInputError(f"exact welfare is computed for N <= {EXACT_WELFARE_MAX:,}; drop --exact for "
                                 f"N = {self.N:,}")
        num = lambda v: jsonable(v, exact=exact) if v is not None else None
        return {"n_firms": self.N, "model": self.model.name,
                "params": {n: float(v) for n, v in self.params.items()},
                "table": [{key: (num(v) if key in WELFARE_KEYS else v) for key, v in row.items()}
                          for row in self.rows()],
                "equilibria": list(self.equilibria), "optimum": list(self.optimum),
                "welfare_gap": {str(k): num(g) for k, g in self.gaps.items()},
                "price_of_anarchy": num(self.price_of_anarchy), "price_of_stability": num(self.price_of_stability),
                "inefficiency": self.inefficiency, "exact": self.exact}

    def summary_lines(self) -> list[str]:
        N, model = self.N, self.model
        f = _fmt
        L = ["Pure Nash equilibria: " + (", ".join(f"n_A = {k} ({model.pattern_name(k, N)})" for k in self.equilibria)
                                         or "none"),
             "Social optimum (second best: a planner chooses locations, firms play Cournot under the given taxes): "
             + ", ".join(f"n_A = {k} ({model.pattern_name(k, N)})" for k in self.optimum) + f", W = {f(self.W_opt)}",
             "Welfare gap W(opt) - W(k) of each equilibrium: "
             + ("; ".join(f"n_A = {k}: {f(g)}" for k, g in self.gaps.items()) or "none")]
        poa, pos = self.price_of_anarchy, self.price_of_stability
        L.append(f"Price of anarchy: {'undefined' if poa is None else f(poa)}; price of stability: "
                 f"{'undefined' if pos is None else f(pos)}")
        ineff = self.inefficiency
        L.append("Inefficiency: " + ("; ".join(INEFFICIENCIES[i] for i in ineff) if ineff else
                                     "none named" + ("" if self.efficient else
                                                     " (but not every equilibrium is optimal)")))
        return L

    def to_text(self, limit: int = 40) -> str:
        N = self.N
        L = [f"Welfare by configuration: {self.model.title}, N = {N} firms",
             "Parameters: " + ", ".join(f"{n}={v}" for n, v in self.params.items()),
             "W = CS + PS + R - Dmg (consumer surplus, producer surplus after tax, tax revenue, damage); X_r = output "
             "of the firms located in r", "",
             f"{'k':>6} " + " ".join(f"{key:>12}" for key in WELFARE_KEYS) + "  "]
        rows = self.rows()
        shown = rows if len(rows) <= limit + 1 else rows[:10] + [None] + rows[-10:]
        for r in shown:
            if r is None:
                L.append(f"{'...':>6}")
                continue
            tags = ", ".join(t for t, on in (("equilibrium", r["equilibrium"]), ("optimal", r["optimal"])) if on)
            L.append(f"{r['k']:>6} " + " ".join(f"{_fmt(r[key]):>12}" for key in WELFARE_KEYS) + f"  {tags}")
        L.append("")
        L += self.summary_lines()
        return "\n".join(L)

    def to_markdown(self) -> str:
        rows = self.rows()
        shown = rows if len(rows) <= 41 else rows[:10] + [None] + rows[-10:]
        L = ["| $k$ | $W$ | $CS$ | $PS$ | $R$ | $Dmg$ | $X_A$ | $X_B$ | |", "|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for r in shown:
            if r is None:
                L.append("| ... | | | | | | | | |")
                continue
            tags = ", ".join(t for t, on in (("equilibrium", r["equilibrium"]), ("**optimal**", r["optimal"])) if on)
            L.append(f"| {r['k']} | " + " | ".join(f"{_fmt(r[key])}" for key in WELFARE_KEYS) + f" | {tags} |")
        return "\n".join(L) + "\n\n" + "\n".join(f"- {line}" for line in self.summary_lines())


def _fmt(v) -> str:
    if v is None:
        return "-"
    x = float(v)
    return f"{x:.6f}" if x == 0 or 1e-3 <= abs(x) < 1e7 else f"{x:.6g}"


def welfare_table(game) -> Welfare:
    """Welfare of every configuration of ``game`` (a model with N firms at exact parameters), its optimum,
    the welfare gaps of its pure equilibria, the prices of anarchy and stability and the named inefficiencies.

    Exact (Fractions) for ``N <=`` :data:`EXACT_WELFARE_MAX`; beyond, certified floats with the optimum
    decided exactly among the candidates the floats cannot separate.
    """
    model, N, params = game.model, game.N, game.params
    model.welfare  # noqa: B018 - a model without welfare raises on use below
    if N <= EXACT_WELFARE_MAX:
        rows = [exact_welfare(model, N, k, params) for k in range(N + 1)]
        table = {key: tuple(r[key] for r in rows) for key in WELFARE_KEYS}
        optimum = _optimum_exact(list(table["W"]))
        return Welfare(game, table, tuple(game.pure_equilibria()), tuple(optimum), True)
    arrays = welfare_arrays(model, N, dict(params), certified=True)
    table = {key: tuple(float(x) for x in arrays[key].mid) for key in WELFARE_KEYS}
    mask, _ = optimum_masks(arrays["W"], lambda idx, ks: [exact_welfare(model, N, k, params)["W"] for k in ks])
    return Welfare(game, table, tuple(game.pure_equilibria()), tuple(int(k) for k in np.flatnonzero(mask)), False)


# -------------------------------------------------------- affine parameters
@dataclass(frozen=True)
class EnvelopePiece:
    """On ``(lo, hi)`` (``hi`` None: unbounded) the optimum is ``optimum``; at ``lo`` it is ``at_lo``."""

    lo: Fraction
    hi: Fraction | None
    optimum: tuple
    at_lo: tuple


def affine_envelope(game, name: str, lo=0, hi=None) -> list[EnvelopePiece]:
    """The exact optimum along a welfare-only parameter ``name`` (W(k) affine in it) over ``[lo, hi]``.

    Each W(k) is the line through its exact values at ``lo`` and ``lo + 1``; the upper envelope of
    the lines is found in exact arithmetic, so every switch point is an exact rational.
    """
    model, N, params = game.model, game.N, game.params
    if not is_welfare_only(model, name):
        raise UserInputError(f"{name} enters the firms' payoffs: welfare is not affine in it")
    lo = Fraction(lo)
    W0 = [exact_welfare(model, N, k, params.replace(**{name: lo}))["W"] for k in range(N + 1)]
    W1 = [exact_welfare(model, N, k, params.replace(**{name: lo + 1}))["W"] for k in range(N + 1)]
    a, b = W0, [w1 - w0 for w0, w1 in zip(W0, W1)]          # W(k; lo + s) = a_k + b_k s
    value = lambda k, s: a[k] + b[k] * s

    def opt_at(s):
        vals = [value(k, s) for k in range(N + 1)]
        m = max(vals)
        return tuple(k for k in range(N + 1) if vals[k] == m)

    pieces = []
    s = Fraction(0)
    end = None if hi is None else Fraction(hi) - lo
    at = opt_at(s)
    while True:
        best = max(at, key=lambda k: (b[k], -k))               # the line that stays on top just after s
        nxt = None
        for j in range(N + 1):
            if b[j] > b[best]:
                x = (a[best] - a[j]) / (b[j] - b[best])
                if x > s and (nxt is None or x < nxt):
                    nxt = x
        right = tuple(k for k in range(N + 1) if a[k] == a[best] and b[k] == b[best])
        if nxt is None or (end is not None and nxt >= end):
            pieces.append(EnvelopePiece(lo + s, None if end is None else lo + end, right, at))
            return pieces
        pieces.append(EnvelopePiece(lo + s, lo + nxt, right, at))
        s = nxt
        at = opt_at(s)


def affine_optimal_set(game, k: int, name: str) -> list[tuple]:
    """The values of the welfare-only parameter ``name`` (>= 0) at which configuration ``k`` is optimal:
    a list of closed intervals ``(lo, hi)`` (exact; ``hi`` None: unbounded; ``lo == hi``: a single point)."""
    out: list[list] = []
    for piece in affine_envelope(game, name, 0, None):
        if k in piece.at_lo:
            if out and out[-1][1] == piece.lo:
                pass
            else:
                out.append([piece.lo, piece.lo])
        if k in piece.optimum:
            if out and out[-1][1] == piece.lo:
                out[-1][1] = piece.hi
            else:
                out.append([piece.lo, piece.hi])
    return [tuple(x) for x in out]


# ------------------------------------------------------------------ grids
@dataclass(frozen=True, repr=False)
class WelfareMap(Result):
    """The optimum and the efficiency of the equilibria over a 2-D grid.

    ``optimum`` is ``(N+1,) + shape`` (exact decisions), ``W`` the float welfare of each
    configuration; ``category`` per point: ``0`` every equilibrium optimal, ``1`` some equilibrium
    optimal and some not, ``2`` no equilibrium optimal, ``-1`` outside the domain; ``over_A`` /
    ``over_B`` the named inefficiencies; ``curves`` the exact boundaries between optimum sets
    (``(i, j, x, y)``: where ``W(i) = W(j)`` is the maximum) when one axis is welfare-only;
    ``regime`` the equilibrium sweep (its :class:`~gametheory.analysis.sweeps.Sweep`), ``regime_curves``
    its exact boundary curves.
    """

    sweep: object
    W: np.ndarray
    optimum: np.ndarray
    category: np.ndarray
    over_A: np.ndarray
    over_B: np.ndarray
    curves: tuple
    regime_curves: tuple
    exact_points: int

    _repr_fields = ("shape", "shares")

    @property
    def shape(self):
        return self.category.shape

    @property
    def game(self):
        return self.sweep.game

    @property
    def axes(self):
        return self.sweep.axes

    @property
    def optimal_pattern(self) -> np.ndarray:
        """Per point: the pattern of the smallest optimal k (``"all_B"``, ``"split"``, ``"all_A"``; ``""`` outside)."""
        N = self.sweep.N
        first = np.argmax(self.optimum, axis=0)
        out = np.where(first == 0, "all_B", np.where(first == N, "all_A", "split")).astype(object)
        return np.where(self.category >= 0, out, "")

    @property
    def shares(self) -> dict:
        valid = self.category >= 0
        n = max(int(valid.sum()), 1)
        return {"efficient": float((self.category == 0).sum() / n), "partly": float((self.category == 1).sum() / n),
                "missed": float((self.category == 2).sum() / n), "over_agglomeration_A": float(self.over_A.sum() / n),
                "over_agglomeration_B": float(self.over_B.sum() / n)}

    def as_dict(self) -> dict:
        return {"n_firms": self.sweep.N, "axes": [{"name": a.name, "values": a.values.tolist()} for a in self.axes],
                "category": self.category.tolist(), "optimum": [[int(k) for k in np.flatnonzero(col)] for col in
                                                                self.optimum.reshape(self.optimum.shape[0], -1).T],
                "over_agglomeration_A": self.over_A.tolist(), "over_agglomeration_B": self.over_B.tolist(),
                "shares": self.shares, "exact_points": self.exact_points}

    def to_text(self) -> str:
        s = self.shares
        return (f"welfare map over {self.axes[0].name} x {self.axes[1].name} ({self.shape[0]}x{self.shape[1]}), "
                f"N = {self.sweep.N}: every equilibrium optimal on {100 * s['efficient']:.1f}% of the points, some on "
                f"{100 * s['partly']:.1f}%, none on {100 * s['missed']:.1f}%; over-agglomeration in A on "
                f"{100 * s['over_agglomeration_A']:.1f}%, in B on {100 * s['over_agglomeration_B']:.1f}%")

    _plotter = "gametheory.plots.welfare:plot_welfare_map"


def _exact_point(params, axes, idx):
    return params.replace(**{a.name: Fraction(float(a.values[i])) for a, i in zip(axes, idx)})


def welfare_map(game, x, y, *, curves: bool = True, resolution: int = 800) -> WelfareMap:
    """The optimum and the efficiency of the equilibria over axes ``x`` and ``y`` (each ``(name, lo, hi, count)``,
    ``"NAME=LO:HI:COUNT"`` or an :class:`~gametheory.analysis.sweeps.Axis`).

    Equilibria come from :func:`~gametheory.analysis.sweeps.sweep` (exact signs), the optimum from
    certified welfare balls with exact fallback (:func:`optimum_masks`).  When one axis is welfare-only
    (:math:`\\delta_A`, :math:`\\delta_B`) the boundaries between optimum sets are drawn exactly on
    ``resolution`` points of the other axis (W is affine in the welfare-only one).
    """
    from gametheory.analysis.sweeps import MAX_GAPS, Axis, sweep

    model, N, params = game.model, game.N, game.params
    ax_x, ax_y = Axis.of(x, model.space), Axis.of(y, model.space)
    shape = (len(ax_x.values), len(ax_y.values))
    if shape[0] * shape[1] * (N + 1) * 20 > MAX_GAPS:
        raise UserInputError(f"a welfare map of {shape[0]}x{shape[1]} points with N = {N} is too large")
    sw = sweep(game, [ax_x, ax_y], mixed=False)
    v = model.space.grid_values(params, {ax_x.name: ax_x.values, ax_y.name: ax_y.values}, certified=True)
    rows = max(1, _CHUNK // (shape[1] * (N + 1)))       # welfare in chunks of rows: memory O(grid) + O(chunk)
    mid, rad = np.empty((N + 1,) + shape), np.empty((N + 1,) + shape)
    for i in range(0, shape[0], rows):
        sl = slice(i, min(i + rows, shape[0]))
        sub = {n: type(b)(np.broadcast_to(b.mid, shape)[sl], np.broadcast_to(b.rad, shape)[sl]) for n, b in v.items()}
        part = welfare_arrays(model, N, sub, certified=True)["W"]
        mid[:, sl], rad[:, sl] = part.mid, part.rad
    Wb = type(part)(mid, rad)
    valid = sw.valid
    exact_at = lambda idx, ks: [exact_welfare(model, N, k, _exact_point(params, (ax_x, ax_y), idx))["W"] for k in ks]
    ks = np.arange(N + 1, dtype=float).reshape((N + 1, 1, 1))
    Wb = type(Wb)(np.where(valid[None], Wb.mid, -ks), np.where(valid[None], Wb.rad, 0.0))   # outside: k = 0, no ties
    opt, count = optimum_masks(Wb, exact_at)
    opt &= valid[None]
    eq = sw.pure
    some = (eq & opt).any(axis=0)
    every = ~(eq & ~opt).any(axis=0)
    category = np.where(~valid, -1, np.where(every, 0, np.where(some, 1, 2)))
    over_A = eq[N] & ~opt[N] & valid
    over_B = eq[0] & ~opt[0] & valid
    opt_curves = ()
    if curves:
        opt_curves = tuple(_optimum_curves(game, ax_x, ax_y, opt, resolution))
    regime_curves = tuple(_regime_curves(game, sw) if curves else ())
    return WelfareMap(sw, Wb.mid, opt, category, over_A, over_B, opt_curves, regime_curves, count)


def _regime_curves(game, sw) -> list:
    """The equilibrium boundaries of the sweep: exact curves ``D_k = 0``; when an axis is welfare-only the
    equilibria move along the other axis only, so the boundaries of the two patterns are straight lines at
    the thresholds of ``D_1`` and ``D_N`` in it."""
    from gametheory.analysis.boundaries import Curve, boundary_curves
    from gametheory.analysis.thresholds import incentive_thresholds

    model, N = game.model, game.N
    ax_x, ax_y = sw.axes
    flat = [i for i, a in enumerate((ax_x, ax_y)) if is_welfare_only(model, a.name)]
    if len(flat) != 1:
        return boundary_curves(sw)
    moving = (ax_x, ax_y)[1 - flat[0]]
    other = (ax_x, ax_y)[flat[0]]
    out = []
    for k in sorted({1, N}):
        xs = [t.value for t in incentive_thresholds(game, k, moving.name, exact=False)
              if moving.values[0] <= t.value <= moving.values[-1]]
        if not xs:
            continue
        a = np.concatenate([[x, x, np.nan] for x in xs])
        b = np.concatenate([[other.values[0], other.values[-1], np.nan] for _ in xs])
        x, y = (a, b) if flat[0] == 1 else (b, a)
        out.append(Curve(k, x, y, tuple(f"D_{k} = 0 at {moving.name} = {v:.10g}" for v in xs)))
    return out


def _optimum_curves(game, ax_x, ax_y, opt, resolution: int) -> list[tuple]:
    """Exact curves ``W(i) = W(j)`` (both maximal) between neighbouring optimum sets, when an axis is welfare-only."""
    model, N, params = game.model, game.N, game.params
    if is_welfare_only(model, ax_y.name):
        free, lin, swap = ax_x, ax_y, False
    elif is_welfare_only(model, ax_x.name):
        free, lin, swap = ax_y, ax_x, True
    else:
        return []
    first = np.argmax(opt, axis=0)
    pairs = set()
    for axis in (0, 1):
        a = first.take(range(first.shape[axis] - 1), axis=axis)
        b = first.take(range(1, first.shape[axis]), axis=axis)
        for i, j in zip(a[a != b].ravel(), b[a != b].ravel()):
            pairs.add((int(min(i, j)), int(max(i, j))))
    if not pairs:
        return []
    xs = np.linspace(free.values[0], free.values[-1], resolution)
    W = {}
    for s in (0.0, 1.0):
        vals = model.space.grid_values(params, {free.name: xs, lin.name: np.array([s])})
        W[s] = welfare_arrays(model, N, vals)["W"][..., 0]            # (N+1, resolution)
    a, b = W[0.0], W[1.0] - W[0.0]                                     # W(k; s) = a_k + b_k s
    out = []
    with np.errstate(all="ignore"):
        for i, j in sorted(pairs):
            s = (a[i] - a[j]) / (b[j] - b[i])
            top = np.max(a + b * s[None], axis=0)
            scale = np.maximum(1.0, np.abs(top))
            ok = np.isfinite(s) & (s >= lin.values[0]) & (s <= lin.values[-1]) \
                & (np.abs(a[i] + b[i] * s - top) <= 1e-9 * scale)
            if ok.any():
                cx, cy = np.where(ok, xs, np.nan), np.where(ok, s, np.nan)
                out.append((i, j, cy, cx) if swap else (i, j, cx, cy))
    return out


@dataclass(frozen=True, repr=False)
class WelfareLine(Result):
    """Welfare of each configuration along one parameter, with the equilibria and the optimum at each value.

    ``W`` is ``(N+1, len(values))``; ``equilibria`` and ``optimum`` boolean masks of that shape (exact
    decisions); ``switches`` are the exact values where the optimum changes (welfare-only parameters:
    exact rationals; otherwise the grid points where it changes, marked ``exact=False``).
    """

    game: object
    name: str
    values: np.ndarray
    W: np.ndarray
    equilibria: np.ndarray
    optimum: np.ndarray
    switches: tuple
    exact: bool

    _repr_fields = ("name", "switches")

    @property
    def N(self):
        return self.game.N

    def as_dict(self) -> dict:
        return {"n_firms": self.N, "parameter": self.name, "values": self.values.tolist(), "W": self.W.tolist(),
                "equilibria": [[int(k) for k in np.flatnonzero(c)] for c in self.equilibria.T],
                "optimum": [[int(k) for k in np.flatnonzero(c)] for c in self.optimum.T],
                "switches": [{"value": float(s["value"]), "exact": str(s["value"]) if self.exact else None,
                              "from": list(s["from"]), "to": list(s["to"])} for s in self.switches]}

    def to_text(self) -> str:
        if not self.switches:
            return f"along {self.name}: the optimum does not change"
        return "\n".join(f"{self.name} = {s['value']}{'' if self.exact else ' (grid)'}: optimum {list(s['from'])} -> "
                         f"{list(s['to'])}" for s in self.switches)

    _plotter = "gametheory.plots.welfare:plot_welfare_line"


def welfare_line(game, along) -> WelfareLine:
    """Welfare of each configuration along one axis ``(name, lo, hi, count)``, equilibria and optimum marked."""
    from gametheory.analysis.sweeps import Axis, sweep

    model, N, params = game.model, game.N, game.params
    axis = Axis.of(along, model.space)
    sw = sweep(game, [axis], mixed=False)
    v = model.space.grid_values(params, {axis.name: axis.values}, certified=True)
    Wb = welfare_arrays(model, N, v, certified=True)["W"]
    exact_at = lambda idx, ks: [exact_welfare(model, N, k, _exact_point(params, (axis,), idx))["W"] for k in ks]
    opt, _ = optimum_masks(Wb, exact_at)
    opt &= sw.valid[None]
    if is_welfare_only(model, axis.name):
        lo, hi = Fraction(float(axis.values[0])), Fraction(float(axis.values[-1]))
        pieces = affine_envelope(game, axis.name, lo, hi)
        switches = tuple({"value": p.lo, "from": prev.optimum, "to": p.optimum}
                         for prev, p in zip(pieces[:-1], pieces[1:]))
        exact = True
    else:
        switches = []
        first = [tuple(int(k) for k in np.flatnonzero(c)) for c in opt.T]
        for i in range(1, len(first)):
            if first[i] != first[i - 1] and first[i] and first[i - 1]:
                switches.append({"value": float(axis.values[i]), "from": first[i - 1], "to": first[i]})
        switches, exact = tuple(switches), False
    return WelfareLine(game, axis.name, axis.values, Wb.mid, sw.pure, opt, switches, exact)
