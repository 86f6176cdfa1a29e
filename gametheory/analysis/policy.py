r"""Policy: which values of an instrument implement a target configuration (docs/environment.md section 3).

For a target configuration :math:`k` (the social optimum at the given parameters, a named pattern,
or any :math:`k`) and an instrument :math:`\theta` (an emission tax :math:`t_A`, :math:`t_B`, or any
parameter), the other parameters fixed:

* the **equilibrium set** :math:`\{\theta : k \text{ is a pure Nash equilibrium}\}`
  :math:`= \{\theta : (k = 0 \vee D_k(\theta) \ge 0) \wedge (k = N \vee D_{k+1}(\theta) \le 0)\}`;
* the **unique set**, where :math:`k` is the only pure Nash equilibrium.

This is the calibration's question (the identified set of a parameter under which an observed
configuration is an equilibrium), so one implementation answers both:
:func:`~gametheory.analysis.identification.identified_set`.  The sets are finite unions of
intervals with exact end points (closed forms of the thresholds of :math:`D_k` in the Cournot
regime that holds there; ends of the model's domain; ends of the user's range), and the membership
of every piece and end point is decided in exact arithmetic.

With two instruments the sets are regions of the plane: a 2-D sweep (exact signs at every grid
point) with the exact boundary curves :math:`D_k = 0` along which membership changes
(:func:`~gametheory.analysis.boundaries.boundary_curves`), and their projections on each axis
(on the grid: one grid step of accuracy).

The **Pigouvian benchmark** sets every tax to the marginal damage, :math:`t_r = \delta_r`, and reports
the equilibria and the optimum there.

The target ``"optimum"`` is the configuration that maximises welfare at the given parameters
(taxes included, so by default with no taxes): a unique optimum is required (an exact tie is a
user error: name the configuration instead).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gametheory.errors import UserInputError
from gametheory.results import OfGame, Result

__all__ = ["TARGETS", "resolve_target", "pigouvian", "PolicySet", "PolicyRegion", "policy", "policy_region",
           "policy_set", "MAX_INSTRUMENTS"]

#: Named targets (``K`` = any configuration 0..N is accepted too).
TARGETS = ("optimum", "traditional", "zero-resource")
MAX_INSTRUMENTS = 2


def resolve_target(game, target) -> int:
    """The configuration ``k`` a target names: ``"optimum"`` (the unique welfare maximiser at the game's
    parameters), ``"traditional"`` (``N``), ``"zero-resource"`` (``0``) or an integer ``0..N``."""
    N = game.N
    if isinstance(target, (int, np.integer)) and not isinstance(target, bool):
        k = int(target)
    elif isinstance(target, str) and target.strip().lstrip("+-").isdigit():
        k = int(target)
    elif target == "traditional":
        return N
    elif target == "zero-resource":
        return 0
    elif target == "optimum":
        from gametheory.analysis.welfare import welfare_table

        opt = welfare_table(game).optimum
        if len(opt) != 1:
            raise UserInputError(f"the optimum is not unique (n_A in {list(opt)}): give the target configuration K")
        return int(opt[0])
    else:
        raise UserInputError(f"unknown target {target!r} (known: {', '.join(TARGETS)}, or a configuration K in 0..{N})")
    if not 0 <= k <= N:
        raise UserInputError(f"target configuration K = {k} is outside 0..N = {N}")
    return k


def pigouvian(game) -> dict | None:
    """Equilibria and optimum at the Pigouvian taxes ``t_r = delta_r`` (other parameters as given); None when the
    model has no emission taxes."""
    from gametheory.analysis.welfare import welfare_table

    names = game.model.space.names
    if not {"t_A", "t_B", "delta_A", "delta_B"} <= set(names):
        return None
    p = game.params
    g = game.replace(t_A=p["delta_A"], t_B=p["delta_B"])
    w = welfare_table(g)
    return {"t_A": p["delta_A"], "t_B": p["delta_B"], "equilibria": list(w.equilibria), "optimum": list(w.optimum),
            "W": {str(k): w.W(k) for k in sorted(set(w.equilibria) | set(w.optimum))}}


def _pigou_json(pg: dict | None) -> dict | None:
    if pg is None:
        return None
    return {"t_A": float(pg["t_A"]), "t_B": float(pg["t_B"]), "equilibria": pg["equilibria"],
            "optimum": pg["optimum"], "W": {k: float(v) for k, v in pg["W"].items()}}


def _pigou_text(pg: dict | None, target: int) -> str:
    if pg is None:
        return "Pigouvian benchmark: the model has no emission taxes"
    from gametheory.analysis.render import set_text

    return (f"Pigouvian taxes t_A = delta_A = {pg['t_A']}, t_B = delta_B = {pg['t_B']}: pure equilibria n_A in "
            f"{set_text(pg['equilibria'])}, optimum n_A in {set_text(pg['optimum'])} (target n_A = {target} "
            f"{'is' if target in pg['equilibria'] else 'is not'} an equilibrium there"
            f"{', the only one' if pg['equilibria'] == [target] else ''})")


def range_text(b: dict) -> str:
    """The scanned range of an instrument in words, e.g. ``(-7/5, inf) (the domain ends at -7/5 ...)``."""
    lo = "(-inf" if b["lo_kind"] == "constant" else ("(" if b["lo_kind"] == "open" else "[") + b["lo"]
    hi = "inf)" if b["hi_kind"] == "constant" else b["hi"] + (")" if b["hi_kind"] == "open" else "]")
    notes = []
    for side in ("lo", "hi"):
        if b[f"{side}_kind"] == "open":
            notes.append(f"the model's domain ends at {b[side]}: a marginal cost would vanish")
        elif b[f"{side}_kind"] == "constant":
            notes.append(f"{'below' if side == 'lo' else 'beyond'} {b[side]} the equilibria no longer change")
    return f"{lo}, {hi}" + (f" ({'; '.join(notes)})" if notes else "")


def _exact_end(iv, side: str, bounds: dict) -> str | None:
    """The exact text of an interval end: its closed form, or the exact range/domain end it is."""
    value = getattr(iv, side)
    if value is None:
        return None
    ex = getattr(iv, f"{side}_exact")
    if ex is not None:
        return ex
    kind = getattr(iv, f"{side}_kind")
    if kind in ("domain", "range", "scan"):
        return bounds["lo" if side == "lo" else "hi"]
    return repr(value)


def interval_text(iv, bounds: dict) -> str:
    """An interval with exact ends: closed forms, and the exact domain or range ends (``(-7/5, 52/155]``)."""
    lo = "-inf" if iv.lo is None else _exact_end(iv, "lo", bounds)
    hi = "inf" if iv.hi is None else _exact_end(iv, "hi", bounds)
    return f"{'[' if iv.lo_closed else '('}{lo}, {hi}{']' if iv.hi_closed else ')'}"


def _intervals_json(ivs, bounds) -> tuple[list, list]:
    return ([iv.as_list() for iv in ivs], [[_exact_end(iv, "lo", bounds), _exact_end(iv, "hi", bounds)] for iv in ivs])


@dataclass(frozen=True, repr=False)
class PolicySet(OfGame, Result):
    """The values of one instrument under which the target configuration is an equilibrium, and the only one.

    ``identified`` is the :class:`~gametheory.analysis.identification.IdentifiedSet` that answers it;
    ``pigouvian`` the benchmark (:func:`pigouvian`).
    """

    game: object
    target: int
    target_name: str
    instrument: str
    identified: object
    pigouvian: dict | None

    _repr_fields = ("target", "instrument", "text")

    @property
    def equilibrium_set(self) -> tuple:
        """Intervals (:class:`~gametheory.analysis.identification.Interval`) where the target is an equilibrium."""
        return self.identified.intervals

    @property
    def unique_set(self) -> tuple:
        """Intervals where the target is the unique pure equilibrium."""
        return self.identified.unique

    @property
    def text(self) -> str:
        """The equilibrium set with exact ends, e.g. ``(-7/5, -831/1795 + 6*sqrt(31478)/1795]``."""
        return " U ".join(interval_text(i, self.identified.bounds) for i in self.equilibrium_set) or "empty"

    @property
    def unique_text(self) -> str:
        """The unique set with exact ends."""
        return " U ".join(interval_text(i, self.identified.bounds) for i in self.unique_set) or "empty"

    def contains(self, x, unique: bool = False) -> bool:
        """Whether the instrument value ``x`` (a float) lies in the equilibrium (or unique) set."""
        return any(iv.contains(float(x)) for iv in (self.unique_set if unique else self.equilibrium_set))

    def as_dict(self) -> dict:
        """The ``gametheory policy --json`` object."""
        b = self.identified.bounds
        eq, eq_x = _intervals_json(self.equilibrium_set, b)
        un, un_x = _intervals_json(self.unique_set, b)
        return {"n_firms": self.N, "model": self.model.name, "params": {n: float(v) for n, v in self.params.items()},
                "target": self.target, "target_name": self.target_name, "instruments": [self.instrument],
                "equilibrium_set": eq, "unique_set": un, "equilibrium_set_exact": eq_x, "unique_set_exact": un_x,
                "equilibrium_set_text": [interval_text(i, b) for i in self.equilibrium_set],
                "unique_set_text": [interval_text(i, b) for i in self.unique_set],
                "intervals": {"equilibrium": [i.__dict__ for i in self.equilibrium_set],
                              "unique": [i.__dict__ for i in self.unique_set]},
                "range": b, "pigouvian": _pigou_json(self.pigouvian)}

    def to_text(self) -> str:
        from gametheory.analysis.render import readable_intervals

        N, i = self.N, self.instrument
        return "\n".join([
            f"Target: n_A = {self.target} ({self.target_name}) of N = {N} firms; instrument {i}; other parameters: "
            + ", ".join(f"{n}={v}" for n, v in self.params.items() if n != self.model.space.moved(i)),
            f"Range of {i}: {range_text(self.identified.bounds)}",
            f"n_A = {self.target} is a Nash equilibrium for {i} in {readable_intervals(self.text)}",
            f"n_A = {self.target} is the only pure Nash equilibrium for {i} in {readable_intervals(self.unique_text)}",
            _pigou_text(self.pigouvian, self.target)])


@dataclass(frozen=True, repr=False)
class PolicyRegion(OfGame, Result):
    """The region of two instruments where the target is an equilibrium (and the unique one), on a grid, with the
    exact boundary curves and the projections on each axis."""

    game: object
    target: int
    target_name: str
    sweep: object
    equilibrium: np.ndarray
    unique: np.ndarray
    curves: tuple
    unique_curves: tuple
    pigouvian: dict | None

    _repr_fields = ("target", "instruments", "shares")

    @property
    def instruments(self) -> list[str]:
        return [a.name for a in self.sweep.axes]

    @property
    def shares(self) -> dict:
        valid = max(int(self.sweep.valid.sum()), 1)
        return {"equilibrium": float(self.equilibrium.sum() / valid), "unique": float(self.unique.sum() / valid)}

    def projection(self, mask: np.ndarray, axis: int) -> list[list[float]]:
        """Maximal runs of grid values of axis ``axis`` where some point of the other axis lies in ``mask``."""
        m = mask.any(axis=1 - axis)
        values = self.sweep.axes[axis].values
        out, start = [], None
        for i, on in enumerate(m):
            if on and start is None:
                start = i
            if not on and start is not None:
                out.append([float(values[start]), float(values[i - 1])])
                start = None
        if start is not None:
            out.append([float(values[start]), float(values[-1])])
        return out

    def as_dict(self) -> dict:
        axes = self.sweep.axes
        step = [float(a.values[1] - a.values[0]) for a in axes]
        return {"n_firms": self.N, "model": self.model.name, "params": {n: float(v) for n, v in self.params.items()},
                "target": self.target, "target_name": self.target_name, "instruments": self.instruments,
                "equilibrium_set": [self.projection(self.equilibrium, 0), self.projection(self.equilibrium, 1)],
                "unique_set": [self.projection(self.unique, 0), self.projection(self.unique, 1)],
                "equilibrium_set_exact": None, "unique_set_exact": None,
                "region": {"grid": [len(a.values) for a in axes], "ranges": [[float(a.values[0]), float(a.values[-1])]
                                                                             for a in axes],
                           "grid_step": step, "share_equilibrium": self.shares["equilibrium"],
                           "share_unique": self.shares["unique"],
                           "boundary": [{"k": c.k, "formulas": list(c.formulas)} for c in self.curves],
                           "unique_boundary": [{"k": c.k, "formulas": list(c.formulas)} for c in self.unique_curves]},
                "pigouvian": _pigou_json(self.pigouvian)}

    def to_text(self) -> str:
        from gametheory.analysis.render import readable_equation

        x, y = self.instruments
        d = self.as_dict()
        f = lambda ivs: " U ".join(f"[{a:.6g}, {b:.6g}]" for a, b in ivs) or "empty"
        L = [f"Target: n_A = {self.target} ({self.target_name}) of N = {self.N} firms; instruments {x}, {y} on a "
             f"{d['region']['grid'][0]}x{d['region']['grid'][1]} grid over {x} in {d['region']['ranges'][0]}, {y} in "
             f"{d['region']['ranges'][1]}",
             f"n_A = {self.target} is an equilibrium on {100 * self.shares['equilibrium']:.1f}% of the grid; "
             f"projections: {x} in {f(d['equilibrium_set'][0])}; {y} in {f(d['equilibrium_set'][1])}",
             f"n_A = {self.target} is the only pure equilibrium on {100 * self.shares['unique']:.1f}% of the grid; "
             f"projections: {x} in {f(d['unique_set'][0])}; {y} in {f(d['unique_set'][1])}",
             "(projections on the grid: accurate to one grid step)"]
        for c in self.curves:
            L.append(f"boundary D_{c.k} = 0: " + "; ".join(readable_equation(f) for f in c.formulas))
        L.append(_pigou_text(self.pigouvian, self.target))
        return "\n".join(L)

    _plotter = "gametheory.plots.welfare:plot_policy_map"


def _target_name(game, k: int) -> str:
    return game.model.pattern_name(k, game.N)


def policy_set(game, target, instrument: str, *, range=None, exact: bool = True) -> PolicySet:
    """The equilibrium and unique sets of one instrument for ``target`` (see the module docstring).

    ``range = (LO, HI)`` restricts the instrument (exact values); default: the model's scanning range
    (for a tax: from the domain end, where a subsidy would make a marginal cost vanish, to the value
    beyond which the taxed region no longer produces, reported unbounded).
    """
    from gametheory.analysis.identification import identified_set

    game.model.space.check_name(instrument)
    k = resolve_target(game, target)
    ident = identified_set(game, k, instrument, exact=exact, mixed=False, bounds=range)
    return PolicySet(game, k, _target_name(game, k), instrument, ident, pigouvian(game))


def _region_filter(sw, curves, label, ks):
    """Keep the points of the curves where ``label`` (a function of the pure-equilibrium mask) differs across it."""
    from gametheory.analysis.boundaries import Curve
    from gametheory.games.anonymous import pure_masks

    model, N, params = sw.model, sw.N, sw.params
    xa, ya = sw.axes
    hx = (xa.values[-1] - xa.values[0]) * 1e-4
    hy = (ya.values[-1] - ya.values[0]) * 1e-4
    out = []
    for c in curves:
        if ks is not None and c.k not in ks:
            continue
        keep = np.isfinite(c.x) & np.isfinite(c.y)
        if keep.any():
            xs, ys = c.x[keep], c.y[keep]
            labs = []
            for dx, dy in ((hx, 0), (-hx, 0), (0, hy), (0, -hy)):
                pts = model.space.grid_values(params, {xa.name: xs + dx, ya.name: ys + dy}, outer=False)
                pts = {n: np.broadcast_to(a, xs.shape) for n, a in pts.items()}
                with np.errstate(all="ignore"):
                    D = model.gap_arrays(N, pts)
                ok = model.valid_mask(N, pts)
                pure = pure_masks(np.sign(D).astype(np.int8))[0]
                labs.append(np.where(ok, label(pure), -1))
            labs = np.array(labs)
            boundary = np.zeros_like(keep)
            boundary[np.flatnonzero(keep)] = (labs.max(axis=0) != labs.min(axis=0))
            keep = boundary
        x = np.where(keep, c.x, np.nan)
        y = np.where(keep, c.y, np.nan)
        if np.isfinite(x).any():
            out.append(Curve(c.k, x, y, c.equations))
    return tuple(out)


def policy_region(game, target, instruments, *, ranges=None, grid: int = 200, curves: bool = True) -> PolicyRegion:
    """The region of two instruments where ``target`` is an equilibrium / the unique pure equilibrium.

    ``ranges`` is a pair of ``(LO, HI)`` (or None entries: the model's range, open domain ends moved
    inside by 2 % of the span and ``"constant"`` ends cut where nothing changes beyond).
    """
    from gametheory.analysis.boundaries import boundary_curves
    from gametheory.analysis.identification import restricted_bounds
    from gametheory.analysis.sweeps import Axis, sweep

    model, params = game.model, game.params
    x, y = instruments
    if model.space.moved(x) == model.space.moved(y):
        raise UserInputError(f"the two instruments move the same parameter: {x}, {y}")
    k = resolve_target(game, target)
    ranges = list(ranges or (None, None))
    axes = []
    for name, rng in zip((x, y), ranges):
        lo, hi, lo_kind, hi_kind, _ = restricted_bounds(model, params, name, rng)
        span = hi - lo
        if lo_kind == "open":
            lo += span / 50
        if hi_kind == "open":
            hi -= span / 50
        axes.append(Axis.linspace(model.space, name, lo, hi, grid))
    sw = sweep(game, axes, mixed=False)
    pure = sw.pure
    eq = pure[k] & sw.valid
    unique = eq & (pure.sum(axis=0) == 1)
    cv, ucv = (), ()
    if curves:   # one set of curves where either membership changes (unique is a subset of equilibrium)
        found = boundary_curves(sw, labels=eq.astype(int) + unique.astype(int))
        cv = _region_filter(sw, found, lambda P: P[k].astype(int), {k, k + 1})
        ucv = _region_filter(sw, found, lambda P: (P[k] & (P.sum(axis=0) == 1)).astype(int), None)
    return PolicyRegion(game, k, _target_name(game, k), sw, eq, unique, cv, ucv, pigouvian(game))


def policy(game, target="optimum", instruments=("t_A",), *, ranges=None, grid: int = 200, exact: bool = True):
    """One instrument: :func:`policy_set`; two: :func:`policy_region`.  ``instruments`` is a name or a sequence."""
    if isinstance(instruments, str):
        instruments = (instruments,)
    instruments = tuple(instruments)
    if not 1 <= len(instruments) <= MAX_INSTRUMENTS:
        raise UserInputError(f"give one or two instruments (got {len(instruments)})")
    for name in instruments:
        game.model.space.check_name(name)
    if ranges is not None and len(ranges) != len(instruments):
        raise UserInputError(f"give one range per instrument ({len(instruments)}), got {len(ranges)}")
    if len(instruments) == 1:
        return policy_set(game, target, instruments[0], range=None if ranges is None else ranges[0], exact=exact)
    return policy_region(game, target, instruments, ranges=ranges, grid=grid)
