r"""Identified sets: the parameter values under which an observed configuration is an equilibrium.

Given N firms of which :math:`n_A` are observed in region A, and one free
parameter :math:`\theta` (the others fixed), the identified set is

.. math:: \Theta(n_A) = \{\theta : (n_A = 0 \vee D_{n_A}(\theta) \ge 0) \wedge
          (n_A = N \vee D_{n_A+1}(\theta) \le 0)\},

a finite union of intervals whose endpoints are thresholds of
:math:`D_{n_A}` and :math:`D_{n_A+1}` (:mod:`gametheory.analysis.thresholds`:
closed forms where the Cournot regime gives one, refined to ``1e-13`` otherwise)
or ends of the parameter's range (:func:`~gametheory.models.agglomeration.parameter_bounds`:
domain bounds, reported as such, or ``None`` where the game no longer changes
beyond the end, i.e. the interval is unbounded).  The *unique set* is the subset
where :math:`n_A` is the only pure equilibrium; its breakpoints are the
thresholds of every :math:`D_k`.

Membership between breakpoints is decided at the midpoint in exact arithmetic;
whether a threshold endpoint belongs to a set is decided at the closed-form
threshold with ties (:math:`|D_k| \le 10^{-12}`) counted as equilibria (weak
inequalities, docs/model.md).

For a split configuration :math:`0 < n_A < N` the toolkit also reports the
values of :math:`\theta` at which the observed share :math:`p = n_A/N` is a
*stable* symmetric mixed equilibrium: roots in :math:`\theta` of
:math:`G(p;\theta) = \sum_m \binom{N-1}{m}p^m(1-p)^{N-1-m} D_{m+1}(\theta)` with
:math:`\partial G/\partial p < 0`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from gametheory.errors import UserInputError
from gametheory.results import Result

__all__ = ["Interval", "IdentifiedSet", "identified_set", "mixed_share_values", "restricted_bounds"]


@dataclass(frozen=True)
class Interval:
    """An interval of parameter values; ``None`` ends are unbounded.

    ``lo_kind``/``hi_kind``: ``"threshold"`` (a root of some D_k), ``"domain"``
    (a bound of the model's domain), ``"scan"`` (the end of a heuristic scan
    range), ``"range"`` (an end of a range the user gave), or ``"unbounded"``.
    """

    lo: float | None
    hi: float | None
    lo_closed: bool
    hi_closed: bool
    lo_kind: str
    hi_kind: str
    lo_exact: str | None = None
    hi_exact: str | None = None

    def as_list(self) -> list:
        """``[lo, hi]`` with ``None`` for an unbounded end (the CLI's JSON form)."""
        return [self.lo, self.hi]

    def contains(self, x: float) -> bool:
        lo_ok = self.lo is None or x > self.lo or (self.lo_closed and x == self.lo)
        hi_ok = self.hi is None or x < self.hi or (self.hi_closed and x == self.hi)
        return lo_ok and hi_ok

    def text(self) -> str:
        lo = "-inf" if self.lo is None else (self.lo_exact or f"{self.lo:.10g}")
        hi = "inf" if self.hi is None else (self.hi_exact or f"{self.hi:.10g}")
        return f"{'[' if self.lo_closed else '('}{lo}, {hi}{']' if self.hi_closed else ')'}"


@dataclass(frozen=True, repr=False)
class IdentifiedSet(Result):
    """The identified set of one free parameter for an observed configuration."""

    N: int
    n_A: int
    free: str
    intervals: tuple[Interval, ...]
    unique: tuple[Interval, ...]
    mixed: tuple[dict, ...] = ()
    bounds: dict = field(default_factory=dict)

    _repr_fields = ("free", "n_A", "text")

    @property
    def text(self) -> str:
        return " U ".join(i.text() for i in self.intervals) or "empty"

    def to_text(self) -> str:
        return (f"{self.free}: n_A = {self.n_A} of N = {self.N} is an equilibrium on {self.text}; the only pure "
                f"equilibrium on {' U '.join(i.text() for i in self.unique) or 'empty'}")

    def as_dict(self) -> dict:
        return {"n_firms": self.N, "n_A": self.n_A, "free": [self.free],
                "identified_set": [i.as_list() for i in self.intervals],
                "unique_set": [i.as_list() for i in self.unique],
                "identified_set_text": [i.text() for i in self.intervals],
                "unique_set_text": [i.text() for i in self.unique],
                "intervals": [i.__dict__ for i in self.intervals],
                "stable_mixed_share_at": list(self.mixed), "bounds": self.bounds}


def _equilibria_at(game, free: str, value: Fraction) -> list[int] | None:
    """Pure equilibria at an exact value of ``free`` (None outside the domain)."""
    from gametheory.models.point import pure_equilibria_at

    try:
        return pure_equilibria_at(game.model, game.N, game.params.replace(**{free: value}))
    except UserInputError:
        return None


def _segments(game, free, cuts, lo, hi, lo_kind, hi_kind, test, exact) -> tuple[Interval, ...]:
    """Intervals of [lo, hi] (split at ``cuts``, pairs ``(root, k)``) where ``test(equilibria)`` holds.

    Membership between breakpoints is decided at the midpoint in exact arithmetic, at a
    threshold endpoint at its closed form (exact) or, without one, at the float root.
    """
    from gametheory.analysis.thresholds import closed_form

    exact_cache: dict = {}

    def exact_of(x, k):
        if (x, k) not in exact_cache:
            exact_cache[(x, k)] = closed_form(game, k, free, x) if exact else (None, None)
        return exact_cache[(x, k)][0]

    def holds_at_threshold(x, k) -> bool:
        root = exact_of(x, k)
        if root is not None and root.is_Rational:
            eqs = _equilibria_at(game, free, Fraction(int(root.p), int(root.q)))
        else:  # an irrational threshold: the tie D_k = 0 holds there, the other gaps keep their signs nearby
            eqs = _equilibria_tie(game, free, x, k)
        return eqs is not None and test(eqs)

    def holds_at_point(x: Fraction) -> bool:      # an end of a user's range: decided exactly there
        eqs = _equilibria_at(game, free, x)
        return eqs is not None and test(eqs)

    pts = [(Fraction(lo), None, lo_kind)] + [(Fraction(x).limit_denominator(10**15), (x, k), "threshold")
                                             for x, k in cuts] + [(Fraction(hi), None, hi_kind)]
    pts.sort(key=lambda t: t[0])
    out: list[Interval] = []
    for (a, a_exact, a_kind), (b, b_exact, b_kind) in zip(pts[:-1], pts[1:]):
        if b <= a:
            continue
        eqs = _equilibria_at(game, free, (a + b) / 2)
        if eqs is None or not test(eqs):
            continue
        lo_v, hi_v = float(a), float(b)
        if a_kind == "threshold":
            lo_v = a_exact[0]
        if b_kind == "threshold":
            hi_v = b_exact[0]
        lo_closed = a_kind == "closed" or (a_kind == "threshold" and holds_at_threshold(*a_exact)) \
            or (a_kind == "range" and holds_at_point(a))
        hi_closed = b_kind == "closed" or (b_kind == "threshold" and holds_at_threshold(*b_exact)) \
            or (b_kind == "range" and holds_at_point(b))
        lo_name = {"closed": "domain", "open": "domain"}.get(a_kind, a_kind)
        hi_name = {"closed": "domain", "open": "domain"}.get(b_kind, b_kind)
        lo_ex = (a if a_kind == "range" else None) if a_exact is None else exact_of(*a_exact)
        hi_ex = (b if b_kind == "range" else None) if b_exact is None else exact_of(*b_exact)
        iv = Interval(None if a_kind == "constant" else lo_v, None if b_kind == "constant" else hi_v,
                      lo_closed and a_kind != "constant", hi_closed and b_kind != "constant",
                      "unbounded" if a_kind == "constant" else lo_name, "unbounded" if b_kind == "constant" else hi_name,
                      None if lo_ex is None else str(lo_ex), None if hi_ex is None else str(hi_ex))
        if out and out[-1].hi == iv.lo and (out[-1].hi_closed or iv.lo_closed):
            prev = out.pop()
            iv = Interval(prev.lo, iv.hi, prev.lo_closed, iv.hi_closed, prev.lo_kind, iv.hi_kind,
                          prev.lo_exact, iv.hi_exact)
        out.append(iv)
    return tuple(out)


def _equilibria_tie(game, free: str, x: float, k: int) -> list[int] | None:
    """Pure equilibria at an irrational threshold of ``D_k``: ``D_k = 0`` there, every other gap has the sign
    it has at the nearest rational point (thresholds are isolated, so the other gaps do not vanish there)."""
    from gametheory.games.anonymous import pure_masks

    point = Fraction(x).limit_denominator(10**15)
    try:
        g = game.replace(**{free: point})
    except UserInputError:
        return None
    signs = g.gap_signs.copy()
    signs[k - 1] = 0
    return [int(i) for i in np.flatnonzero(pure_masks(signs)[0])]


def mixed_share_values(game, n_A: int, free: str, grid: int = 4000) -> tuple[dict, ...]:
    """Values of ``free`` at which ``p = n_A / N`` is a stable symmetric mixed equilibrium."""
    from scipy.optimize import brentq

    from gametheory.games.anonymous import bernstein_weights

    model, N, params = game.model, game.N, game.params
    if not 0 < n_A < N:
        return ()
    lo, hi, _, _ = model.parameter_bounds(free, params)
    xs = float(lo) + float(hi - lo) * np.linspace(1e-9, 1 - 1e-9, grid)
    p = n_A / N
    w = bernstein_weights(N - 1, np.array([p]))[0]
    dw = (N - 1) * bernstein_weights(N - 2, np.array([p]))[0] if N > 2 else np.array([1.0])
    values = lambda x: model.gaps_along(N, params, free, np.atleast_1d(np.asarray(x, dtype=float)))
    G = w @ values(xs)
    out = []
    for i in np.flatnonzero(np.sign(G[:-1]) * np.sign(G[1:]) < 0):
        x = brentq(lambda t: float(w @ values(t)[:, 0]), xs[i], xs[i + 1], xtol=1e-13)
        Dx = values(x)[:, 0]
        slope = float(dw @ np.diff(Dx)) if N > 2 else float(Dx[1] - Dx[0])
        if slope < 0:
            out.append({"value": x, "p": p, "dG_dp": slope})
    return tuple(out)


def restricted_bounds(model, params, free: str, bounds=None) -> tuple:
    """``(lo, hi, lo_kind, hi_kind, scan)``: the model's scanning range of ``free`` cut to a user's range.

    ``bounds = (LO, HI)`` (exact) replaces the range: an end of the user's range is of kind
    ``"range"`` (its membership decided exactly there), except where the model's domain ends
    first (that end is kept).  Beyond a ``"constant"`` end of the model's range the game does
    not change, so the user's end applies there too.  ``scan`` is the part of the range where
    the game can change (where thresholds are searched).
    """
    blo, bhi, blo_kind, bhi_kind = model.parameter_bounds(free, params)
    if bounds is None:
        return blo, bhi, blo_kind, bhi_kind, None
    from gametheory.params import parse_value

    ulo, uhi = (parse_value(b, free) for b in bounds)
    if not uhi > ulo:
        raise UserInputError(f"the range of {free} must have LO < HI; got {ulo}:{uhi}")
    lo, lo_kind, hi, hi_kind = ulo, "range", uhi, "range"
    if blo_kind != "constant" and (ulo < blo or (ulo == blo and blo_kind == "open")):
        lo, lo_kind = blo, blo_kind
    if bhi_kind != "constant" and (uhi > bhi or (uhi == bhi and bhi_kind == "open")):
        hi, hi_kind = bhi, bhi_kind
    if not hi > lo:
        raise UserInputError(f"the range {ulo}:{uhi} of {free} lies outside the model's domain "
                             f"({free} in {'[' if blo_kind == 'closed' else '('}{blo}, {bhi}"
                             f"{']' if bhi_kind == 'closed' else ')'} at the other parameters)")
    scan = (max(lo, blo), min(hi, bhi))
    return lo, hi, lo_kind, hi_kind, (scan if scan[1] > scan[0] else ())


def identified_set(game, n_A: int, free: str, *, exact: bool = True, mixed: bool = True,
                   bounds=None, unique: bool = True) -> IdentifiedSet:
    """The identified and unique sets of ``free`` for the observed configuration ``n_A`` (others at the game's values).

    ``exact=False`` skips the closed forms of the endpoints (float endpoints, fast); ``unique=False`` skips the
    unique set (left empty: it needs the thresholds of every ``D_k``, the identified set only two);
    ``bounds = (LO, HI)`` restricts the sets to a range of ``free`` (:func:`restricted_bounds`).
    The same question answers the policy question "which values of an instrument implement a
    configuration" (:mod:`gametheory.analysis.policy`).
    """
    from gametheory.analysis.thresholds import threshold_roots

    model, N, params = game.model, game.N, game.params
    if isinstance(n_A, bool) or not isinstance(n_A, (int, np.integer)) or not 0 <= n_A <= N:
        raise UserInputError(f"n_A must be an integer in 0..N = {N}; got {n_A}")
    model.space.check_name(free)
    lo, hi, lo_kind, hi_kind, scan = restricted_bounds(model, params, free, bounds)

    # float breakpoints of every D_k (fast); closed forms are found afterwards for the endpoints only
    ks = range(1, N + 1) if unique else [k for k in (n_A, n_A + 1) if 1 <= k <= N]
    if scan == ():
        roots = {k: [] for k in ks}
    else:
        roots = {k: [r[0] for r in threshold_roots(game, k, free, bounds=scan) if lo < r[0] < hi] for k in ks}
    own = [(x, k) for k in (n_A, n_A + 1) if 1 <= k <= N for x in roots[k]]
    every = [(x, k) for k in roots for x in roots[k]]
    is_eq = lambda eqs: n_A in eqs
    intervals = _segments(game, free, own, lo, hi, lo_kind, hi_kind, is_eq, exact)
    unique = _segments(game, free, every, lo, hi, lo_kind, hi_kind, lambda eqs: eqs == [n_A], exact) if unique else ()
    bounds = {"lo": str(lo), "hi": str(hi), "lo_kind": lo_kind, "hi_kind": hi_kind}
    return IdentifiedSet(N, n_A, free, intervals, unique, mixed_share_values(game, n_A, free) if mixed else (), bounds)
