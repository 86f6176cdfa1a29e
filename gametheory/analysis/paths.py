r"""Paths of the economy along a parameter, and hysteresis (ENVIRONMENT.md section 4).

A *path* moves one parameter :math:`\theta` (a model parameter or a derived one such as
:math:`\Delta\gamma`) in ``steps`` equal steps from :math:`\theta_0` to :math:`\theta_1`
(``steps + 1`` exact values, both ends included) and optionally back (the same values in
reverse, from where the forward run ended).  The economy starts from a configuration
:math:`n_A` (default :math:`N`, the all-A pattern: the traditional cluster) and at each step
adjusts to rest from where it was, by the myopic one-firm-at-a-time rule of
:mod:`gametheory.analysis.dynamics` (the firm with the larger strictly positive gain moves; on an
exact tie of gains the firm in A).

Reported:

* :math:`n_A` at each step;
* the *switches*: the steps at which :math:`n_A` changes, with ``value`` the first step value at
  which the new configuration holds, and the *threshold behind the switch*: the root of the gap
  :math:`D_k = \Pi_A(k) - \Pi_B(k-1)` whose sign change made the old configuration stop being an
  equilibrium between the previous step value and this one (:math:`D_k` with :math:`k = n_A` when
  a firm left A, :math:`D_{k+1}` when a firm entered A), in closed form where one exists
  (:func:`gametheory.analysis.thresholds.incentive_thresholds`);
* the *hysteresis intervals* of each configuration :math:`k`: the maximal intervals of parameter
  values at which the path holds :math:`k` in one direction only (forward but not back, or back
  but not forward), each from the step value before to the step value after, i.e. between the
  forward and the backward switch values where they differ.  Empty without a backward run.

Exactness: the values are exact fractions; at each step the rest condition of the current
configuration is decided for many steps at once with certified balls (one vectorised payoff
evaluation of the three configurations :math:`k-1, k, k+1` over a chunk of step values), and
exactly wherever a ball cannot decide; moves are decided by
:class:`~gametheory.analysis.dynamics.PayoffOracle` (balls with an exact fallback).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.errors import UserInputError
from gametheory.params import parse_value
from gametheory.results import OfGame, Result, jsonable

__all__ = ["Path", "PathStep", "Switch", "Hysteresis", "path", "path_values", "parse_along", "MAX_STEPS"]

#: Largest number of steps of a path (each direction).
MAX_STEPS = 100_000
_ALONG = re.compile(r"^\s*(\w+)\s*=\s*([^:]+):([^:]+):([^:]+)\s*$")


@dataclass(frozen=True)
class PathStep:
    """One step of a path: ``direction`` (``"forward"``/``"back"``), step ``index`` within its direction,
    exact parameter ``value`` and the configuration ``n_A`` at rest there."""

    direction: str
    index: int
    value: Fraction
    n_A: int


@dataclass(frozen=True)
class Switch:
    """A jump of ``n_A`` from ``from_`` to ``to`` at the step value ``value`` (the first value at which ``to``
    holds); ``previous`` is the step value before (``None`` at the first step); ``mover`` is ``"A"`` when
    firms left A, ``"B"`` when they entered; ``k`` is the gap :math:`D_k` whose sign change broke
    ``from_``; ``threshold`` its root between ``previous`` and ``value``
    (:class:`~gametheory.analysis.thresholds.Threshold`, or ``None``)."""

    direction: str
    index: int
    value: Fraction
    previous: Fraction | None
    from_: int
    to: int
    mover: str
    k: int
    threshold: Any = None

    @property
    def condition(self) -> str:
        """The equality at the threshold, e.g. ``Pi_A(20) = Pi_B(19)``."""
        return f"Pi_A({self.k}) = Pi_B({self.k - 1})"

    def as_dict(self) -> dict:
        t = self.threshold
        return {"direction": self.direction, "value": float(self.value), "from": self.from_, "to": self.to,
                "value_exact": str(self.value), "previous_value": None if self.previous is None else
                float(self.previous), "mover": self.mover,
                "threshold": None if t is None else {"k": self.k, "condition": self.condition, "value": t.value,
                                                     "exact": t.exact_text, "closed_form": t.closed_form}}


@dataclass(frozen=True)
class Hysteresis:
    """Configuration ``n_A``: the intervals of step values where the forward run holds it (``forward``), the
    backward run (``back``), and the hysteresis ``intervals`` (held in one direction only, extended to the
    neighbouring step values, i.e. between the two directions' switch values)."""

    n_A: int
    forward: tuple
    back: tuple
    intervals: tuple

    def as_dict(self) -> dict:
        f = lambda ivs: [[float(a), float(b)] for a, b in ivs]
        return {"n_A": self.n_A, "forward": f(self.forward), "back": f(self.back), "intervals": f(self.intervals)}


@dataclass(frozen=True, repr=False)
class Path(OfGame, Result):
    """A path of ``game`` along ``parameter`` (see the module docstring).

    ``values`` are the forward step values (exact); ``steps`` every step of both directions;
    ``switches`` and ``hysteresis`` as described there.  :meth:`plot` draws the path on the
    bifurcation diagram of the same range (:func:`gametheory.plots.dynamics.plot_path`).
    """

    game: Any
    parameter: str
    values: tuple
    start: int
    steps: tuple
    switches: tuple
    hysteresis: tuple
    back: bool

    _repr_fields = ("parameter", "start", "switch_points")

    @property
    def switch_points(self) -> list:
        """``(direction, value, from, to)`` of every switch."""
        return [(s.direction, s.value, s.from_, s.to) for s in self.switches]

    def n_A(self, direction: str = "forward") -> list[int]:
        """``n_A`` at each step of one direction (in the order of that run)."""
        return [s.n_A for s in self.steps if s.direction == direction]

    def step_values(self, direction: str = "forward") -> list[Fraction]:
        return [s.value for s in self.steps if s.direction == direction]

    @property
    def end(self) -> int:
        """The configuration at the end of the forward run."""
        return self.n_A("forward")[-1]

    def as_dict(self) -> dict:
        """The JSON of ``gametheory path --json``."""
        return {"model": self.model.name, "n_firms": self.N, "along": self.parameter,
                "from": float(self.values[0]), "to": float(self.values[-1]), "n_steps": len(self.values) - 1,
                "start": self.start, "params": jsonable(dict(self.params)),
                "steps": [{"direction": s.direction, "value": float(s.value), "n_A": s.n_A} for s in self.steps],
                "switches": [s.as_dict() for s in self.switches],
                "hysteresis": [h.as_dict() for h in self.hysteresis]}

    def rows(self) -> list[tuple]:
        """``(direction, index, value, n_A)`` of every step (the CSV rows)."""
        return [(s.direction, s.index, s.value, s.n_A) for s in self.steps]

    def write_csv(self, path) -> int:
        """Write ``direction,step,value,value_exact,n_A`` rows; returns the number of rows."""
        import csv

        with open(path, "w", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["direction", "step", "value", "value_exact", "n_A"])
            for d, i, v, n in self.rows():
                w.writerow([d, i, repr(float(v)), str(v), n])
        return len(self.steps)

    def to_text(self) -> str:
        name = self.parameter
        v0, v1 = self.values[0], self.values[-1]
        L = [f"Path of the {self.model.title.lower()} (N = {self.N}) along {name} from {_num(v0)} to {_num(v1)} "
             f"in {len(self.values) - 1} steps{' and back' if self.back else ''}, from n_A = {self.start}"]
        for direction in (("forward", "back") if self.back else ("forward",)):
            runs = _runs_of(self.step_values(direction), self.n_A(direction))
            L.append(f"{direction}: " + "; ".join(f"n_A = {k} for {name} in [{_num(a)}, {_num(b)}]" if a != b
                                                 else f"n_A = {k} at {name} = {_num(a)}" for k, a, b in runs))
        if self.switches:
            L.append("switches (value = the first step value at which the new configuration holds):")
            for s in self.switches:
                line = f"  {s.direction:<7} {name} = {_num(s.value)}: n_A {s.from_} -> {s.to}"
                if s.threshold is not None:
                    t = s.threshold
                    exact = f"{t.exact_text} = {t.value:.10g}" if t.closed_form else f"{t.value:.10g} (numeric)"
                    line += f"   threshold {name}* = {exact} ({s.condition})"
                elif s.previous is None:
                    line += "   (the start is not at rest)"
                L.append(line)
        else:
            L.append("no switch: n_A stays the same along the path")
        if self.back:
            hyst = [h for h in self.hysteresis if h.intervals]
            if hyst:
                L.append("hysteresis (values at which the configuration depends on the direction):")
                for h in hyst:
                    L.append(f"  n_A = {h.n_A}: " + ", ".join(f"[{_num(a)}, {_num(b)}]" for a, b in h.intervals))
            else:
                L.append("no hysteresis: forward and back agree")
        return "\n".join(L)

    def to_markdown(self) -> str:
        name = self.parameter
        L = [f"**Path along ${self.model.space.latex(name)}$** (N = {self.N}, start $n_A = {self.start}$)", "",
             "| direction | value | from | to | threshold |", "|---|---:|---:|---:|---|"]
        for s in self.switches:
            t = s.threshold
            th = "" if t is None else (f"${t.latex()}$ ({t.value:.6g})")
            L.append(f"| {s.direction} | {_num(s.value)} | {s.from_} | {s.to} | {th} |")
        return "\n".join(L)

    def bifurcation(self, points: int = 601):
        """The bifurcation diagram over the path's range (:func:`gametheory.analysis.sweeps.bifurcation`)."""
        from gametheory.analysis.sweeps import Axis, bifurcation

        lo, hi = min(self.values), max(self.values)
        return bifurcation(self.game, Axis.linspace(self.model.space, self.parameter, lo, hi, points))

    #: The plot function (in the plots layer), named as data so that results do not import plots.
    _plotter = "gametheory.plots.dynamics:plot_path"

    def plot(self, ax=None, *, bifurcation="auto", points: int = 601, **kwargs):
        """Draw the path on its bifurcation diagram (:func:`gametheory.plots.dynamics.plot_path`); returns the Axes.

        ``bifurcation``: a computed :class:`~gametheory.analysis.sweeps.Bifurcation`, ``"auto"`` (computed
        here on ``points`` values of the path's range) or ``None`` (the path alone).
        """
        if isinstance(bifurcation, str) and bifurcation == "auto":
            bifurcation = self.bifurcation(points)
        return _plot(self, ax=ax, bifurcation=bifurcation, **kwargs)


def _plot(result, **kwargs):
    """Call the plot function named by ``result._plotter`` (``"module:function"``)."""
    import importlib

    module, func = result._plotter.split(":")
    return getattr(importlib.import_module(module), func)(result, **kwargs)


def _num(v) -> str:
    v = Fraction(v)
    if v.denominator == 1:
        return str(v.numerator)
    f = float(v)
    if Fraction(repr(f)) == v and len(repr(f)) <= 12:
        return repr(f)
    return f"{v} ({f:.6g})"


def _runs_of(values, ns) -> list[tuple[int, Fraction, Fraction]]:
    out = []
    for v, n in zip(values, ns):
        if out and out[-1][0] == n:
            out[-1] = (n, out[-1][1], v)
        else:
            out.append((n, v, v))
    return out


# --------------------------------------------------------------- inputs
def parse_along(text: str, space) -> tuple[str, Fraction, Fraction, int]:
    """``NAME=FROM:TO:STEPS`` as ``(name, from, to, steps)`` (exact values; checked)."""
    m = _ALONG.match(text) if isinstance(text, str) else None
    if not m:
        raise UserInputError(f"--along {text!r}: expected NAME=FROM:TO:STEPS, e.g. e=0.6:-0.6:60")
    name = m.group(1)
    space.check_name(name)
    lo, hi = parse_value(m.group(2), name), parse_value(m.group(3), name)
    steps_text = m.group(4).strip()
    if not re.fullmatch(r"[+-]?\d+", steps_text):
        raise UserInputError(f"--along {text!r}: STEPS must be an integer, got {steps_text!r}")
    return name, lo, hi, int(steps_text)


def path_values(start_value, end_value, steps: int, name: str = "value") -> list[Fraction]:
    """``steps + 1`` exact values from ``start_value`` to ``end_value`` inclusive in equal steps."""
    a, b = parse_value(start_value, name), parse_value(end_value, name)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise UserInputError(f"a path needs STEPS >= 1 (an integer); got {steps!r}")
    if steps > MAX_STEPS:
        raise UserInputError(f"a path takes at most {MAX_STEPS:,} steps; got {steps:,}")
    if a == b:
        raise UserInputError(f"the range of {name} is empty: FROM = TO = {a}")
    h = (b - a) / int(steps)
    return [a + i * h for i in range(int(steps) + 1)]


def _axis_balls(params, name: str, vals) -> dict:
    """Every model parameter as a ball: fixed ones as scalars, the swept one (or its target) as a (1, C) row."""
    from gametheory.arith import ETA, U, Ball

    space = params.space
    mids = np.array([float(v) for v in vals])
    rads = np.array([0.0 if Fraction(m) == v else U * abs(m) + ETA for m, v in zip(mids.tolist(), vals)])
    row = Ball(mids[None, :], rads[None, :])
    out = {n: Ball.exact(x) for n, x in params.items()}
    space.set_axis(out, name, row)
    return out


def check_path_domain(model, N: int, params, name: str, values) -> None:
    """Raise a one-line :class:`UserInputError` naming the first step whose point leaves the model's domain
    (or breaks a sign restriction).  Decided by balls for all steps at once, exactly where a ball is unsure."""
    from gametheory.arith import Ball

    bad_or_unsure = np.zeros(len(values), dtype=bool)
    C = 8192
    for s in range(0, len(values), C):
        vals = values[s:s + C]
        balls = _axis_balls(params, name, vals)
        flag = np.zeros(len(vals), dtype=bool)
        with np.errstate(all="ignore"):
            conds = model.domain(N, balls)
        for c in conds:
            v = c.value if isinstance(c.value, Ball) else Ball.exact(c.value)
            m = np.broadcast_to(np.asarray(v.mid, dtype=float), (1, len(vals)))[0]
            r = np.broadcast_to(np.asarray(v.rad, dtype=float), (1, len(vals)))[0]
            sure = (m > r) if c.rel == ">" else (m >= r)
            flag |= ~sure
        for n, spec in model.space.specs.items():
            if spec.sign == "real":
                continue
            b = balls[n]
            m = np.broadcast_to(np.asarray(b.mid, dtype=float), (1, len(vals)))[0]
            r = np.broadcast_to(np.asarray(b.rad, dtype=float), (1, len(vals)))[0]
            flag |= ~((m > r) if spec.sign == "positive" else (m >= r))
        bad_or_unsure[s:s + len(vals)] = flag
    for i in np.flatnonzero(bad_or_unsure):
        v = values[int(i)]
        try:
            p = params.replace(**{name: v})
            model.check_domain(N, p)
        except UserInputError as exc:
            why = str(exc).removeprefix("outside the model's domain: ")
            raise UserInputError(f"the path leaves the model's domain at step {int(i)} ({name} = {_num(v)}): "
                                 f"{why}") from None


def _rest_status(model, N: int, k: int, balls) -> np.ndarray:
    """Per step value: 1 if ``k`` is certainly at rest, 0 if certainly not, -1 if a ball cannot tell.

    At rest: ``g_A = -D_k <= 0`` (or ``k = 0``) and ``g_B = D_(k+1) <= 0`` (or ``k = N``); one vectorised
    evaluation of the two gaps over all the step values."""
    from gametheory.arith import Ball

    js = [j for j in (k, k + 1) if 1 <= j <= N]
    with np.errstate(all="ignore"):
        D = model.gaps_window(N, js[0], js[-1], balls)
    D = D if isinstance(D, Ball) else Ball(np.asarray(D, dtype=float))
    mids = np.asarray(D.mid, dtype=float).reshape(len(js), -1)      # one row per gap, one column per step value
    rads = np.broadcast_to(np.asarray(D.rad, dtype=float), np.shape(D.mid)).reshape(len(js), -1)
    C = mids.shape[1]
    no_move = np.ones(C, dtype=bool)      # every gain certainly <= 0
    move = np.zeros(C, dtype=bool)        # some gain certainly > 0
    for i, j in enumerate(js):
        sign = -1.0 if j == k else 1.0    # g_A = -D_k, g_B = D_(k+1)
        m = sign * mids[i]
        r = rads[i]
        ok = np.isfinite(m) & np.isfinite(r)
        no_move &= ok & (m + r <= 0)
        move |= ok & (m - r > 0)
    return np.where(no_move, 1, np.where(move, 0, -1)).astype(np.int8)


def _run(model, N: int, params, name: str, values, k: int, direction: str):
    """One direction of a path from configuration ``k``: ``(n_A per step, switches)``."""
    from gametheory.analysis.dynamics import PayoffOracle, decide, walk

    n = len(values)
    ns = np.empty(n, dtype=np.int64)
    switches = []
    i = 0
    chunk = 64
    while i < n:
        p_i = params.replace(**{name: values[i]})
        oracle = PayoffOracle(model, N, dict(p_i), where=f" at {name} = {values[i]}")
        visited, movers, _ = walk(oracle, k)
        if visited[-1] != k:
            mover = movers[0]
            switches.append(Switch(direction, i, values[i], values[i - 1] if i else None, k, visited[-1], mover,
                                   k if mover == "A" else k + 1))
        k = visited[-1]
        ns[i] = k
        j = i + 1
        while j < n:
            vals = values[j:j + chunk]
            status = _rest_status(model, N, k, _axis_balls(params, name, vals))
            stop = None
            for idx in np.flatnonzero(status != 1):
                at = j + int(idx)
                if status[idx] == 0:
                    stop = at
                    break
                exact_p = params.replace(**{name: values[at]})
                if decide(PayoffOracle(model, N, dict(exact_p), prefer_exact=True), k) is not None:
                    stop = at
                    break
            if stop is None:
                ns[j:j + len(vals)] = k
                j += len(vals)
                chunk = min(chunk * 2, 4096)
                continue
            ns[j:stop] = k
            j = stop
            break
        i = j
    return ns, switches


def _threshold(model, N: int, params, name: str, sw: Switch):
    """The root of ``D_k`` between the previous step value and the switch value (nearest the previous one)."""
    from gametheory.analysis.dynamics import gap_thresholds
    from gametheory.models.point import ModelPoint

    if sw.previous is None:
        return None
    try:
        point = ModelPoint(model, N, params.replace(**{name: sw.value}))
        found = gap_thresholds(point, sw.k, name, sw.previous, sw.value, points=64)
    except (UserInputError, ValueError, ArithmeticError):  # pragma: no cover - a model whose threshold fails
        return None
    if not found:
        return None
    return min(found, key=lambda t: abs(t.value - float(sw.previous)))


def _hysteresis(fwd_vals, fwd_ns, back_vals, back_ns) -> tuple[Hysteresis, ...]:
    grid = sorted(set(fwd_vals))
    pos = {v: i for i, v in enumerate(grid)}
    G = len(grid)
    F = np.full(G, -1, dtype=np.int64)
    B = np.full(G, -1, dtype=np.int64)
    for v, k in zip(fwd_vals, fwd_ns):
        F[pos[v]] = k
    for v, k in zip(back_vals, back_ns):
        B[pos[v]] = k

    def runs(mask):
        m = np.r_[False, mask, False].astype(np.int8)
        d = np.diff(m)
        return list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1) - 1))

    out = []
    for k in sorted(set(F.tolist()) | set(B.tolist())):
        fm, bm = F == k, B == k
        held_f = tuple((grid[a], grid[b]) for a, b in runs(fm))
        held_b = tuple((grid[a], grid[b]) for a, b in runs(bm))
        ivs = tuple((grid[max(a - 1, 0)], grid[min(b + 1, G - 1)]) for a, b in runs(fm ^ bm))
        out.append(Hysteresis(int(k), held_f, held_b, ivs))
    return tuple(out)


def path(game, parameter: str, start_value, end_value, steps: int, *, back: bool = False, start=None,
         thresholds: bool = True) -> Path:
    """The path of ``game`` along ``parameter`` from ``start_value`` to ``end_value`` in ``steps`` equal steps.

    ``start`` is the configuration at the first step (an integer ``0..N``, ``"traditional"`` or
    ``"zero-resource"``; default ``N``); ``back=True`` runs the same values in reverse from where
    the forward run ended; ``thresholds=False`` skips the exact thresholds behind the switches
    (faster).  The other parameters are those of ``game``; every step must lie in the model's domain.

    >>> import gametheory as gt
    >>> p = gt.AgglomerationGame(N=20).path("e", "0.6", "-0.6", 60, back=True, thresholds=False)
    >>> [(d, float(v), a, b) for d, v, a, b in p.switch_points][:2]
    [('forward', 0.06, 20, 5), ('forward', -0.42, 5, 0)]
    """
    from gametheory.analysis.dynamics import parse_start
    from gametheory.models.base import check_N

    model, N = game.model, check_N(game.N)
    space = model.space
    space.check_name(parameter)
    values = path_values(start_value, end_value, steps, parameter)
    k0 = parse_start(start, N)
    base = game.params
    check_path_domain(model, N, base, parameter, values)
    ns_f, sw_f = _run(model, N, base, parameter, values, k0, "forward")
    steps_out = [PathStep("forward", i, v, int(k)) for i, (v, k) in enumerate(zip(values, ns_f))]
    switches = list(sw_f)
    hyst: tuple = ()
    if back:
        rev = values[::-1]
        ns_b, sw_b = _run(model, N, base, parameter, rev, int(ns_f[-1]), "back")
        steps_out += [PathStep("back", i, v, int(k)) for i, (v, k) in enumerate(zip(rev, ns_b))]
        switches += sw_b
        hyst = _hysteresis(values, ns_f.tolist(), rev, ns_b.tolist())
    if thresholds:
        switches = [Switch(s.direction, s.index, s.value, s.previous, s.from_, s.to, s.mover, s.k,
                           _threshold(model, N, base, parameter, s)) for s in switches]
    first = game if base.get_any(parameter) == values[0] else game.replace(**{parameter: values[0]})
    return Path(first, parameter, tuple(values), k0, tuple(steps_out), tuple(switches), hyst, bool(back))
