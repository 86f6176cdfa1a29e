r"""Sweeps: equilibria over 1-D and 2-D grids of parameters, for any location model.

This module only lays out the grid; the model gives the gaps and the anonymous-game
solver decides the equilibria:

1. every model parameter becomes an array over the grid (a derived axis such as
   :math:`\Delta\gamma` sets its target, :meth:`~gametheory.params.ParameterSpace.grid_values`),
   in certified ball arithmetic (:mod:`gametheory.arith`);
2. the model gives the gap table :math:`D_k = \Pi_A(k) - \Pi_B(k-1)` at every point
   (:meth:`~gametheory.models.base.LocationModel.gap_arrays`), processed in chunks of points
   so that the work memory is O(N x chunk) besides the tables kept (pure and strict equilibria, N + 1
   booleans per point, and the gaps, N floats per point, unless ``gaps=False``);
3. the sign of every :math:`D_k` is decided exactly: by its ball where the ball excludes
   zero (one radius per configuration over a chunk, :class:`~gametheory.arith.UniformBall`; where
   that radius gives up, e.g. at a Cournot corner, a ball of the point's own), by an exact
   evaluation at the grid point (the float grid values are exact binary numbers) elsewhere;
4. pure and strict equilibria follow from the signs (:func:`~gametheory.games.anonymous.pure_masks`),
   the regime from the set of pure equilibria (:func:`~gametheory.games.anonymous.regime_codes`,
   named by the model), and the symmetric mixed equilibria are the certified sign changes
   of the Bernstein polynomial :math:`G(p)` (:func:`~gametheory.games.anonymous.mixed_roots_grid`,
   on ``clip(8 sqrt(N), 64, 256)`` cells: assumption, distinct roots of one point lie farther apart;
   tangencies, a set of measure zero in a grid, are not reported by sweeps);
5. points outside the model's domain get the regime ``outside`` (code ``-1``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from gametheory.errors import UserInputError
from gametheory.params import parse_value
from gametheory.results import OfGame, Result

__all__ = ["Axis", "Sweep", "sweep", "regime_map", "regime_map_of", "bifurcation", "RegimeMap", "Bifurcation",
           "PGRID", "OUTSIDE", "MAX_GAPS", "MAX_AXIS"]

PGRID = 256
OUTSIDE = -1
#: Largest number of points on one axis, and of gaps (grid points times N) in one sweep.
MAX_AXIS = 5000
MAX_GAPS = 200_000_000
#: Gap entries per chunk of a sweep (the arrays of a chunk are a few MB; larger chunks spend less Python time
#: per entry, which is what the threads of a sweep share: the 400x400 map at N = 200 took 3.3-3.9 s with chunks
#: of 200,000 entries on 2 threads and 2.5-2.8 s with 600,000, the same CSV bytes).
_CHUNK = 600_000
#: Sweeps of at least this many gap entries run their chunks on several threads (numpy releases the GIL inside
#: its array operations); smaller ones stay on one thread, where starting threads costs more than it saves.
THREADED_MIN_GAPS = 1_000_000
#: Environment variable capping the threads of a sweep (``1``: one thread), e.g. in processes that already
#: run one per core (the main job's workers set it).
THREADS_ENV = "GAMETHEORY_SWEEP_THREADS"


def sweep_threads(n_gaps: int, n_chunks: int) -> int:
    """Threads for a sweep of ``n_gaps`` gap entries in ``n_chunks`` chunks: one below
    :data:`THREADED_MIN_GAPS`, else one per core this process may use (at most 4, and at most the value of
    :data:`THREADS_ENV` when set).  Each chunk is computed on its own (:func:`_sweep_chunk`) and the chunks
    are put together in their order, so the results do not depend on the number of threads."""
    import os

    if n_gaps < THREADED_MIN_GAPS or n_chunks < 2:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    cap = os.environ.get(THREADS_ENV, "").strip()
    limit = int(cap) if cap.isdigit() and int(cap) >= 1 else 4
    return max(1, min(cores, limit, n_chunks))


_AXIS = re.compile(r"^\s*(\w+)\s*=\s*([^:]+):([^:]+):(\d+)\s*$")


@dataclass(frozen=True)
class Axis:
    """A swept parameter: ``name`` and its ``values`` (COUNT points from LO to HI inclusive).

    ``exact`` holds the exact values (Fractions) the floats in ``values`` round; an axis built from
    floats alone takes them as exact.  Grid points are the exact values: the sweep evaluates the
    floats in ball arithmetic with their rounding error, and decides exactly where a ball is unsure.
    """

    name: str
    values: np.ndarray
    exact: tuple = ()

    def exact_value(self, i: int) -> Fraction:
        return self.exact[i] if self.exact else Fraction(float(self.values[i]))

    def ball(self):
        """The values as balls around the exact values."""
        from gametheory.arith import Ball

        if not self.exact:
            return Ball(self.values)
        rad = np.array([float(abs(Fraction(float(v)) - e)) for v, e in zip(self.values, self.exact)])
        return Ball(self.values, rad * (1 + 2.0 ** -50))

    @classmethod
    def parse(cls, text: str, space) -> "Axis":
        """``NAME=LO:HI:COUNT`` (LO, HI integers, decimals or fractions; COUNT >= 2)."""
        m = _AXIS.match(text)
        if not m:
            raise UserInputError(f"axis {text!r}: expected NAME=LO:HI:COUNT, e.g. tau_p=0:3:400")
        name, lo, hi, count = m.group(1), m.group(2), m.group(3), int(m.group(4))
        return cls.linspace(space, name, parse_value(lo, name), parse_value(hi, name), count)

    @classmethod
    def linspace(cls, space, name: str, lo, hi, count: int) -> "Axis":
        """``count`` points from ``lo`` to ``hi`` inclusive (checked against the space: name, signs)."""
        space.check_name(name)
        if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 2:
            raise UserInputError(f"axis {name}: COUNT must be an integer of at least 2 (got {count})")
        if count > MAX_AXIS:
            raise UserInputError(f"axis {name}: COUNT must be at most {MAX_AXIS} (got {count})")
        lo, hi = parse_value(lo, name), parse_value(hi, name)
        if not hi > lo:
            raise UserInputError(f"axis {name}: HI must exceed LO (got {lo}:{hi})")
        if name in space.specs:
            for v in (lo, hi):
                space.specs[name].check(v)
        exact = tuple(lo + (hi - lo) * Fraction(i, int(count) - 1) for i in range(int(count)))
        return cls(name, np.array([float(v) for v in exact]), exact)

    @classmethod
    def of(cls, spec, space) -> "Axis":
        """An axis from an :class:`Axis`, ``"NAME=LO:HI:COUNT"``, ``(name, lo, hi, count)`` or ``(name, values)``."""
        if isinstance(spec, Axis):
            space.check_name(spec.name)
            return spec
        if isinstance(spec, str):
            return cls.parse(spec, space)
        if isinstance(spec, (tuple, list)) and len(spec) == 2:   # (name, explicit values)
            name, values = spec
            space.check_name(name)
            vals = [parse_value(v, name) for v in values]
            if len(vals) < 1 or len(vals) > MAX_AXIS:
                raise UserInputError(f"axis {name}: between 1 and {MAX_AXIS} values")
            if name in space.specs:
                for v in vals:
                    space.specs[name].check(v)
            return cls(name, np.array([float(v) for v in vals]), tuple(vals))
        try:
            name, lo, hi, count = spec
        except (TypeError, ValueError):
            raise UserInputError(f"an axis is (name, lo, hi, count), (name, values) or 'NAME=LO:HI:COUNT'; "
                                 f"got {spec!r}") from None
        return cls.linspace(space, name, lo, hi, count)


@dataclass(frozen=True, repr=False)
class Sweep(OfGame, Result):
    """Equilibria on a grid.

    Arrays have the grid shape ``(len(axes[0].values), ...)`` after their leading axis:
    ``D`` is ``(N, ...)`` with ``D[k-1] = D_k`` (float midpoints; ``None`` for a sweep run with
    ``gaps=False``); ``pure``/``strict`` are
    ``(N+1, ...)`` booleans indexed by ``k``; ``mixed_p``/``mixed_stable`` are ``(R, ...)``,
    NaN/False padded, ascending in p; ``regime`` holds regime codes (``-1`` outside the domain);
    ``D_rad`` (with ``D``) bounds each midpoint's error: ``|D_k - D[k-1]| <= D_rad[k-1]`` at every point inside the
    domain, every sign decided (``|D| > D_rad``, or an exact value with a rounding-size radius; an exact 0 has radius
    0); ``exact_points`` counts the gaps whose sign needed an exact evaluation; ``has_mixed`` is False for a sweep
    run with ``mixed=False`` (its ``mixed_p`` is then empty, not "no mixed equilibrium": :meth:`mixed_at` refuses
    and :meth:`as_dict` leaves the mixed equilibria out).
    """

    game: object
    axes: tuple[Axis, ...]
    D: np.ndarray | None
    pure: np.ndarray
    strict: np.ndarray
    mixed_p: np.ndarray
    mixed_stable: np.ndarray
    regime: np.ndarray
    valid: np.ndarray
    exact_points: int = 0
    has_mixed: bool = True
    D_rad: np.ndarray | None = None

    _repr_fields = ("N", "shape")

    @property
    def shape(self) -> tuple[int, ...]:
        return self.regime.shape

    def regime_name(self, index) -> str:
        """The regime name at a grid index (``outside`` outside the domain)."""
        code = int(self.regime[index])
        return "outside" if code == OUTSIDE else self.model.regime_name(code)

    def regime_names(self) -> np.ndarray:
        """Regime names as an array of the grid shape."""
        names = np.array(list(self.model.regime_names) + ["outside"])
        return names[self.regime]

    def pure_at(self, index) -> list[int]:
        """Pure equilibria (k values) at a grid index."""
        return [int(k) for k in np.flatnonzero(self.pure[(slice(None),) + tuple(np.atleast_1d(index))])]

    def mixed_at(self, index) -> list[tuple[float, bool]]:
        """``(p, stable)`` pairs at a grid index."""
        if not self.has_mixed:
            raise ValueError("this sweep was run with mixed=False: its mixed equilibria were not computed")
        idx = (slice(None),) + tuple(np.atleast_1d(index))
        ps, st = self.mixed_p[idx], self.mixed_stable[idx]
        return [(float(p), bool(s)) for p, s in zip(ps, st) if np.isfinite(p)]

    def as_dict(self) -> dict:
        """Axes, and per point: pure equilibria, mixed equilibria (when computed) and regime (the ``regimes`` CSV
        as JSON)."""
        grid = np.stack(np.meshgrid(*(a.values for a in self.axes), indexing="ij"), -1).reshape(-1, len(self.axes))
        flat = [np.unravel_index(i, self.shape) for i in range(grid.shape[0])]

        def point(g, ix):
            d = {"x": [float(v) for v in g], "pure_equilibria": self.pure_at(ix)}
            if self.has_mixed:
                d["mixed_equilibria"] = [{"p": p, "stable": s} for p, s in self.mixed_at(ix)]
            d["regime"] = self.regime_name(ix)
            return d

        return {"n_firms": self.N, "model": self.model.name, "axes": [a.name for a in self.axes],
                "points": [point(g, ix) for g, ix in zip(grid, flat)]}


def _chunks(shape: tuple[int, ...], N: int):
    """Index slices over the first grid axis (and the second when needed) keeping chunks near ``_CHUNK`` entries."""
    per_row = int(np.prod(shape[1:], dtype=np.int64)) * N
    rows = max(1, _CHUNK // max(per_row, 1))
    for i in range(0, shape[0], rows):
        yield slice(i, min(i + rows, shape[0]))


def sweep(game, axes, *, mixed: bool = True, pgrid: int | None = None, progress: bool = False,
          gaps: bool = True) -> Sweep:
    """Equilibria of ``game`` (model, N, params) at every point of the grid spanned by ``axes`` (1 or 2).

    ``axes`` are :class:`Axis` objects, ``"NAME=LO:HI:COUNT"`` strings or ``(name, lo, hi, count)``.
    ``gaps=False`` does not keep the gap table ``D`` and its radii ``D_rad`` (``2 N`` floats per point: 512 MB for a
    400x400 grid at N = 200) when only the equilibria are wanted (the ``regimes`` command).  The grid is computed in
    chunks of rows (:func:`_sweep_chunk`), on several threads for large sweeps (:func:`sweep_threads`); the
    results do not depend on the number of threads.
    """
    from gametheory.games.anonymous import regime_codes

    model, N, params = game.model, game.N, game.params
    space = model.space
    if pgrid is None:   # G varies on the scale 1/sqrt(N): cells 8 times finer, between 64 and PGRID
        pgrid = int(min(PGRID, max(64, 8 * np.sqrt(N))))
    axes = [Axis.of(a, space) for a in axes]
    if not 1 <= len(axes) <= 2:
        raise UserInputError("a sweep takes one or two axes")
    names = [a.name for a in axes]
    if len({space.moved(n) for n in names}) != len(names):
        raise UserInputError(f"two axes move the same parameter: {', '.join(names)}")
    shape = tuple(len(a.values) for a in axes)
    cells = int(np.prod(shape))
    if cells * N > MAX_GAPS:
        raise UserInputError(f"a grid of {cells:,} points with N = {N} is too large ({cells * N:,} gaps; at most "
                             f"{MAX_GAPS:,}): use fewer points or a smaller N")
    vb = space.grid_values(params, {a.name: a.ball() for a in axes}, certified=True)
    D = np.empty((N,) + shape) if gaps else None
    D_rad = np.empty((N,) + shape) if gaps else None
    pure = np.empty((N + 1,) + shape, dtype=bool)
    strict = np.empty((N + 1,) + shape, dtype=bool)
    valid = np.empty(shape, dtype=bool)
    mp_parts = []
    exact_points = 0
    chunks = list(_chunks(shape, N))
    bar = None
    if progress and len(chunks) >= 4:
        from tqdm import tqdm

        bar = tqdm(total=len(chunks), desc="sweep", unit="chunk")

    def one(sl):
        return _sweep_chunk(model, N, params, axes, shape, vb, sl, mixed, pgrid)

    workers = sweep_threads(cells * N, len(chunks))
    if workers > 1:
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=workers)
        results = pool.map(one, chunks)          # in the order of the chunks
    else:
        pool, results = None, map(one, chunks)
    try:
        for sl, (mid, rad, pm, sm, ok, mixed_part, n_exact) in zip(chunks, results):
            if gaps:
                D[(slice(None), sl)] = mid
                D_rad[(slice(None), sl)] = rad
            pure[(slice(None), sl)] = pm
            strict[(slice(None), sl)] = sm
            valid[sl] = ok
            if mixed_part is not None:
                mp_parts.append((sl,) + mixed_part)
            exact_points += n_exact
            if bar is not None:
                bar.update()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if bar is not None:
            bar.close()
    R = max((p.shape[0] for _, p, _ in mp_parts), default=0)
    mixed_p = np.full((R,) + shape, np.nan)
    mixed_stable = np.zeros((R,) + shape, dtype=bool)
    for sl, p, s in mp_parts:
        mixed_p[(slice(0, p.shape[0]), sl)] = p
        mixed_stable[(slice(0, s.shape[0]), sl)] = s
    regime = np.where(valid, regime_codes(pure), OUTSIDE)
    return Sweep(game, tuple(axes), D, pure, strict, mixed_p, mixed_stable, regime, valid, exact_points, bool(mixed),
                 D_rad)


def _sweep_chunk(model, N, params, axes, shape, vb, sl, mixed, pgrid):
    """One chunk of :func:`sweep` (the grid rows ``sl``): ``(gap midpoints, their radii, pure masks, strict masks,
    inside the domain, (mixed p, stable) or None, exact evaluations)``.  A function of the chunk alone, so that
    chunks run in any order or at once give the same numbers."""
    from gametheory.arith import exact_sign
    from gametheory.games.anonymous import mixed_roots_grid, pure_masks

    exact_points = 0
    sub = {n: _chunk_ball(b, sl) for n, b in vb.items()}
    csh = (len(range(*sl.indices(shape[0]))),) + shape[1:]
    ok = _valid(model, N, sub, csh, axes, params, sl)
    Db = model.gap_arrays(N, sub, certified="uniform")
    mid = np.array(np.broadcast_to(Db.mid, (N,) + csh))
    rad = np.array(np.broadcast_to(Db.full_rad() if hasattr(Db, "full_rad") else Db.rad, (N,) + csh))
    signs = np.sign(mid).astype(np.int8)
    unsure = ~((mid > rad) | (mid < -rad)) & ok[None]
    where = np.nonzero(unsure)
    order = np.lexsort((where[0],) + tuple(where[1:])[::-1])   # by point, then k
    where = tuple(w[order] for w in where)
    starts = np.flatnonzero(np.r_[True, np.any([np.diff(w) != 0 for w in where[1:]], axis=0)]) \
        if len(order) else np.zeros(0, dtype=int)
    settled = _point_balls(model, N, sub, csh, where, starts, signs, mid, rad)
    for a, b in zip(starts, np.r_[starts[1:], len(order)]):
        # decided exactly at one point (payoffs shared between its k): sign, and the value for the mixed roots
        ks = where[0][a:b][~settled[a:b]]
        if not len(ks):
            continue
        point = tuple(int(w[a]) for w in where[1:])
        values = model.exact_gaps(N, ks + 1, _exact_point(params, axes, sl, point))
        for k, value in values.items():
            idx = (k - 1,) + point
            signs[idx] = exact_sign(value)
            mid[idx] = float(value)
            rad[idx] = abs(float(abs(Fraction(mid[idx]) - value))) * 2 if isinstance(value, Fraction) \
                else 1e-15 * abs(mid[idx])
            exact_points += 1
    pm, sm = pure_masks(signs)
    pm &= ok[None]
    sm &= ok[None]
    mixed_part = None
    if mixed:
        P = int(np.prod(csh))
        if ok.all():   # every point inside: the tables as they are
            sg, Dm, Rm = signs.reshape(N, P), mid.reshape(N, P), rad.reshape(N, P)
        else:
            sg = np.where(ok[None], signs, 0).reshape(N, P)
            Dm, Rm = np.where(ok[None], mid, 0.0).reshape(N, P), np.where(ok[None], rad, 0.0).reshape(N, P)
        p, s = mixed_roots_grid(Dm, sg, Rm, pgrid)
        mixed_part = (p.reshape((-1,) + csh), s.reshape((-1,) + csh))
    return mid, rad, pm, sm, ok, mixed_part, exact_points


def _point_balls(model, N, sub, shape, where, starts, signs, mid, rad) -> np.ndarray:
    """Decide the unsure gaps of a chunk with balls of their own points, before any exact evaluation.

    The chunk's tables use one radius per configuration (:class:`~gametheory.arith.UniformBall`), which
    gives up (an infinite radius) at a point where a branch of the formula is unsure, e.g. a Cournot corner
    where an output is exactly zero (on the whole line ``tau_p = 11/19`` of the default map at N = 20).
    There the per-point :class:`~gametheory.arith.Ball` arithmetic widens the radius only by the gap between
    the branches (small where the payoff is continuous), and usually certifies the sign.  ``where`` (the
    unsure ``(k - 1, point)`` entries, grouped by point) and ``starts`` (the first entry of each point) are
    those of :func:`_sweep_chunk`; decided entries get their sign, midpoint and radius in ``signs``, ``mid`` and
    ``rad``.  Returns which entries were decided (the others go to exact arithmetic).
    """
    from gametheory.arith import Ball

    settled = np.zeros(len(where[0]), dtype=bool)
    if not len(starts) or not getattr(model, "uniform_balls", False):
        return settled
    points = tuple(w[starts] for w in where[1:])
    values = {n: Ball(np.broadcast_to(b.mid, shape)[points], np.broadcast_to(b.rad, shape)[points])
              for n, b in sub.items()}
    with np.errstate(all="ignore"):
        Db = model.gap_arrays(N, values, certified=True)
    col = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(where[0])]))   # entry -> its point
    m, r = Db.mid[where[0], col], Db.rad[where[0], col]
    settled = np.isfinite(m) & np.isfinite(r) & ((m > r) | (m < -r))
    idx = (where[0][settled],) + tuple(w[settled] for w in where[1:])
    signs[idx] = np.sign(m[settled]).astype(np.int8)
    mid[idx], rad[idx] = m[settled], r[settled]
    return settled


def _chunk_ball(b, sl):
    """The ball of one parameter on the rows ``sl`` of the grid, in its own broadcast shape.

    A parameter that does not vary along an axis keeps length 1 there (a constant stays ``(1, 1)``), so
    the formulas compute the shared parts of the grid once: every element is the same float operation on
    the same operands as on the full chunk, and every row extreme (uniform radii) is taken over the same
    values, so the tables and their radii are the same numbers.
    """
    from gametheory.arith import Ball

    mid, rad = np.asarray(b.mid), np.broadcast_to(b.rad, np.shape(b.mid))
    if mid.ndim and mid.shape[0] > 1:
        mid, rad = mid[sl], rad[sl]
    return Ball(mid, rad)


def _exact_point(params, axes, sl, idx):
    """Exact parameters at a grid point (the float axis values are exact binary numbers)."""
    full = (sl.start + int(idx[0]),) + tuple(int(i) for i in idx[1:])
    return params.replace(**{a.name: a.exact_value(i) for a, i in zip(axes, full)})


def _valid(model, N, sub, shape, axes, params, sl) -> np.ndarray:
    """Where the points satisfy the model's domain and sign restrictions (decided exactly where a ball is unsure)."""
    from gametheory.arith import Ball

    ok = np.ones(shape, dtype=bool)
    unsure = np.zeros(shape, dtype=bool)
    for c in model.domain(N, sub):
        v = c.value if isinstance(c.value, Ball) else Ball.exact(c.value)
        m, r = np.broadcast_to(v.mid, shape), np.broadcast_to(v.rad, shape)
        surely = m > r if c.rel == ">" else m >= r
        never = m <= -r if c.rel == ">" else m < -r
        ok &= ~never
        unsure |= ~surely & ~never
    for n, spec in model.space.specs.items():
        m, r = np.broadcast_to(sub[n].mid, shape), np.broadcast_to(sub[n].rad, shape)
        if spec.sign == "positive":
            ok &= m > -r
            unsure |= ~(m > r)
        elif spec.sign == "nonnegative":
            ok &= m >= -r
            unsure |= ~(m >= r)
    unsure &= ok
    for idx in zip(*np.nonzero(unsure)):
        try:
            point = _exact_point(params, axes, sl, idx)
            ok[idx] = all(c.holds() for c in model.domain(N, point))
        except UserInputError:
            ok[idx] = False
    return ok


# ----------------------------------------------------------------- results
@dataclass(frozen=True, repr=False)
class RegimeMap(Result):
    """A 2-D sweep with the exact boundary curves ``D_k = 0`` along which the regime changes."""

    sweep: Sweep
    curves: tuple

    _repr_fields = ("shape", "curves")
    _plotter = "gametheory.plots.regime_map:plot_regime_map"

    @property
    def shape(self):
        return self.sweep.shape

    def __repr__(self) -> str:
        return f"RegimeMap(N={self.sweep.N}, axes={[a.name for a in self.sweep.axes]}, shape={self.shape}, " \
               f"curves={[c.k for c in self.curves]})"

    def as_dict(self) -> dict:
        d = self.sweep.as_dict()
        d["curves"] = [{"k": c.k, "formulas": list(c.formulas)} for c in self.curves]
        return d


@dataclass(frozen=True, repr=False)
class Bifurcation(Result):
    """A 1-D sweep with its equilibria connected into branches (pure and mixed, stable or not)."""

    sweep: Sweep
    branches: tuple

    _repr_fields = ("branches",)
    _plotter = "gametheory.plots.bifurcation:plot_bifurcation"

    def as_dict(self) -> dict:
        return {"axis": self.sweep.axes[0].name, "n_firms": self.sweep.N,
                "branches": [{"kind": b.kind, "stable": b.stable, "x": b.x.tolist(), "y": b.y.tolist()}
                             for b in self.branches]}


def regime_map(game, x, y, *, curves: bool = True, only_patterns: bool = False, mixed: bool = True) -> RegimeMap:
    """The regime map of ``game`` over axes ``x`` and ``y``, with exact boundary curves.

    The regimes are those of the pure equilibria; ``mixed=False`` skips the symmetric mixed equilibria of every
    point (a map drawn only for its regimes: about 60 % of the sweep at N = 20), and the map then does not list
    them (:attr:`Sweep.has_mixed`)."""
    return regime_map_of(sweep(game, [x, y], mixed=mixed), curves=curves, only_patterns=only_patterns)


def regime_map_of(sw: Sweep, *, curves: bool = True, only_patterns: bool = False) -> RegimeMap:
    """The regime map of a 2-D sweep already computed, with its exact boundary curves (:func:`regime_map`)."""
    from gametheory.analysis.boundaries import boundary_curves

    if len(sw.axes) != 2:
        raise ValueError("a regime map needs a 2-D sweep")
    return RegimeMap(sw, tuple(boundary_curves(sw, only_patterns=only_patterns)) if curves else ())


def bifurcation(game, along) -> Bifurcation:
    """Equilibria of ``game`` along one axis, connected into branches."""
    from gametheory.analysis.branches import branches

    sw = sweep(game, [along], mixed=True)
    return Bifurcation(sw, tuple(branches(sw)))
