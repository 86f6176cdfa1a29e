r"""Myopic adjustment: firms relocate one at a time until no firm gains by moving (ENVIRONMENT.md section 4).

For any :class:`~gametheory.models.base.LocationModel` with :math:`N` firms, at fixed
parameters, configuration :math:`k = n_A`:

* a firm in A gains :math:`g_A(k) = \Pi_B(k-1) - \Pi_A(k) = -D_k` by moving to B (if :math:`k > 0`);
* a firm in B gains :math:`g_B(k) = \Pi_A(k+1) - \Pi_B(k) = D_{k+1}` by moving to A (if :math:`k < N`);
* if neither gain is strictly positive, :math:`k` is *at rest*; this is exactly the condition of
  MODEL.md for :math:`k` to be a pure Nash equilibrium (:math:`k = 0` or :math:`\Pi_A(k) \ge \Pi_B(k-1)`,
  and :math:`k = N` or :math:`\Pi_B(k) \ge \Pi_A(k+1)`), so the rest point *is* the proof;
* otherwise the firm with the larger strictly positive gain moves (:math:`k \to k-1` or
  :math:`k \to k+1`); **on an exact tie of the two gains the firm in A moves**;
* repeat until at rest.

The walk is monotone: after a firm in B moves (:math:`k \to k+1`, because :math:`D_{k+1} > 0`) a
firm in A at :math:`k+1` would gain :math:`-D_{k+1} < 0`, so only further moves to A are possible
(and symmetrically).  Hence at most :math:`N` moves, and after the first move only one gain needs
evaluating.

Every decision compares exact payoffs: the payoffs are evaluated in certified ball arithmetic
(:mod:`gametheory.arith`), a few configurations at a time (:class:`PayoffOracle`: a window of
configurations in the direction of the walk, one vectorised call of the model's
:meth:`~gametheory.models.base.LocationModel.payoffs`), and a sign that a ball cannot decide is
decided by an exact evaluation (Fractions, or exact sympy numbers for models with roots).  A tie
is reported only for an exact zero.  The gaps come from the model
(:meth:`~gametheory.models.base.LocationModel.gaps_at`).  Cost: O(1) payoff evaluations per move
(amortised), never a whole payoff table.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

import numpy as np

from gametheory.errors import UserInputError
from gametheory.results import OfGame, Result, fmt_number

__all__ = ["PayoffOracle", "Undecided", "walk", "decide", "adjust", "Adjustment", "ball_values", "parse_start",
           "exact_ball"]


class Undecided(Exception):
    """A move decision that certified balls cannot make and no exact value is available to make it."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def exact_ball(x):
    """A :class:`~gametheory.arith.Ball` scalar around an exact number."""
    from gametheory.arith import Ball

    return Ball.exact(x)


def ball_values(values: Mapping[str, Any]) -> dict:
    """Exact (or float) parameter values as certified ball scalars; balls are kept."""
    from gametheory.arith import Ball

    return {n: (v if isinstance(v, Ball) else Ball.exact(v)) for n, v in values.items()}


class PayoffOracle:
    r"""The gaps :math:`D_j = \Pi_A(j) - \Pi_B(j-1)` of ``model`` with ``N`` firms at one parameter point, for exact
    move decisions (the model's :meth:`~gametheory.models.base.LocationModel.gaps_at`).

    ``exact`` maps every model parameter to its exact value (``None``: the exact point is not
    known, e.g. a depletion state known only as a ball); ``balls`` maps them to certified balls
    (default: around ``exact``).  With ``prefer_exact`` every gap is computed exactly (cheap for a
    few configurations at small rational points); otherwise balls are computed in windows and a
    sign a ball cannot decide is decided exactly, or raises :class:`Undecided` when ``exact`` is
    ``None``.  ``evaluations`` counts gaps evaluated (each is two configurations' payoffs).
    """

    def __init__(self, model, N: int, exact: Mapping[str, Any] | None = None, balls: Mapping | None = None, *,
                 prefer_exact: bool = False, where: str = ""):
        if exact is None and balls is None:
            raise ValueError("give exact values or balls")
        self.model, self.N = model, int(N)
        self.exact = dict(exact) if exact is not None else None
        self.balls = dict(balls) if balls is not None else ball_values(self.exact)
        self.prefer_exact = prefer_exact and exact is not None
        self.where = where
        self._ex: dict[int, Any] = {}
        self._mid: dict[int, float] = {}
        self._rad: dict[int, float] = {}
        self.evaluations = 0
        self.exact_evaluations = 0
        self._window = 8

    # ---------------------------------------------------------- evaluation
    def exact_gap(self, j: int):
        """The exact gap :math:`D_j` (``1 <= j <= N``)."""
        if j not in self._ex:
            self.fetch_exact(j, j)
        return self._ex[j]

    def fetch_exact(self, lo: int, hi: int) -> None:
        """Exact gaps ``D_lo..D_hi`` (clipped to ``1..N``; the payoffs of each configuration evaluated once)."""
        if self.exact is None:
            raise Undecided(f"the exact gap D_{lo} is needed{self.where}")
        from gametheory.arith import is_exact

        lo, hi = max(lo, 1), min(hi, self.N)
        while lo <= hi and lo in self._ex:
            lo += 1
        while hi >= lo and hi in self._ex:
            hi -= 1
        if lo > hi:
            return
        try:
            ds = self.model.gaps_window(self.N, lo, hi, self.exact)
        except ZeroDivisionError:
            raise UserInputError(f"the payoffs are undefined near n_A = {lo}..{hi}{self.where} (division by "
                                 f"zero)") from None
        for j, d in zip(range(lo, hi + 1), ds):
            if not is_exact(d) or getattr(d, "is_finite", True) is False:
                raise UserInputError(f"the gap D_{j} is undefined or not exact{self.where}: {d}")
            self._ex[j] = d
        self.evaluations += hi - lo + 1
        self.exact_evaluations += hi - lo + 1

    def fetch(self, lo: int, hi: int) -> None:
        """Certified balls of the gaps ``D_lo..D_hi`` (clipped to ``1..N``), one vectorised call."""
        lo, hi = max(lo, 1), min(hi, self.N)
        js = [j for j in range(lo, hi + 1) if j not in self._mid]
        if not js:
            return
        from gametheory.arith import Ball

        lo, hi = js[0], js[-1]
        with np.errstate(all="ignore"):
            d = self.model.gaps_window(self.N, lo, hi, self.balls)
        d = d if isinstance(d, Ball) else Ball(np.asarray(d, dtype=float), np.inf)
        mid = np.asarray(d.mid, dtype=float).reshape(-1)
        rad = np.asarray(d.rad, dtype=float).reshape(-1)
        js = list(range(lo, hi + 1))
        for i, j in enumerate(js):
            m, r = float(mid[i]), float(rad[i])
            self._mid[j] = m
            self._rad[j] = r if np.isfinite(m) and not np.isnan(r) else np.inf
        self.evaluations += len(js)

    def sign(self, terms) -> int:
        """The exact sign of ``sum(coef * D_j)`` over ``terms`` = ``[(coef, j), ...]``."""
        from gametheory.arith import exact_sign

        if self.prefer_exact or all(j in self._ex for _, j in terms):
            return exact_sign(sum(c * self.exact_gap(j) for c, j in terms))
        missing = [j for _, j in terms if j not in self._mid]
        if missing:
            self.fetch(min(missing), max(missing))
        mid = 0.0
        rad = 0.0
        for c, j in terms:
            m = self._mid[j]
            mid += c * m
            rad += abs(c) * (self._rad[j] + 2.0 ** -52 * abs(m))
        rad = (rad + 2.0 ** -52 * abs(mid)) * (1 + 2.0 ** -50) + 2.0 ** -1022
        if np.isfinite(rad) and mid > rad:
            return 1
        if np.isfinite(rad) and mid < -rad:
            return -1
        if self.exact is None:
            raise Undecided("the sign of " + " ".join(f"{'+' if c > 0 else '-'} D_{j}" for c, j in terms)
                            + self.where)
        return exact_sign(sum(c * self.exact_gap(j) for c, j in terms))

    def prefetch(self, k: int, direction: int) -> None:
        """A window of gaps from configuration ``k`` in the walk's ``direction`` (+1 or -1), doubling in size:
        balls, or exact values with ``prefer_exact``."""
        w = self._window
        self._window = min(2 * w, 4096)
        lo, hi = (k, k + w) if direction > 0 else (k - w, k + 1)
        (self.fetch_exact if self.prefer_exact else self.fetch)(lo, hi)

    # ------------------------------------------------------------- gains
    def gain_sign_A(self, k: int) -> int:
        r"""Sign of :math:`g_A(k) = \Pi_B(k-1) - \Pi_A(k) = -D_k` (-1 when no firm is in A)."""
        if k <= 0:
            return -1
        return self.sign([(-1, k)])

    def gain_sign_B(self, k: int) -> int:
        r"""Sign of :math:`g_B(k) = \Pi_A(k+1) - \Pi_B(k) = D_{k+1}` (-1 when no firm is in B)."""
        if k >= self.N:
            return -1
        return self.sign([(1, k + 1)])

    def gain_A(self, k: int):
        """The exact gain of a firm in A from moving to B (None when no firm is in A)."""
        return None if k <= 0 else -self.exact_gap(k)

    def gain_B(self, k: int):
        """The exact gain of a firm in B from moving to A (None when no firm is in B)."""
        return None if k >= self.N else self.exact_gap(k + 1)


def decide(oracle: PayoffOracle, k: int) -> str | None:
    """The move at configuration ``k``: ``"A"`` (a firm in A moves to B), ``"B"`` (a firm in B moves to A)
    or ``None`` (at rest).  The larger strictly positive gain moves; on an exact tie the firm in A."""
    sA = oracle.gain_sign_A(k)
    sB = oracle.gain_sign_B(k)
    if sA <= 0 and sB <= 0:
        return None
    if sA > 0 and sB > 0:
        # g_A - g_B = -D_k - D_(k+1); a tie (0) goes to the firm in A
        c = oracle.sign([(-1, k), (-1, k + 1)])
        return "A" if c >= 0 else "B"
    return "A" if sA > 0 else "B"


def walk(oracle: PayoffOracle, k: int, max_moves: int | None = None) -> tuple[list[int], list[str], bool]:
    """Adjust from ``k``: ``(configurations visited, movers, at rest)``; at most ``max_moves`` moves.

    ``configurations[0] == k``; ``movers[i]`` is ``"A"`` when the i-th move took a firm from A to B.
    """
    visited, movers = [int(k)], []
    if max_moves is not None and max_moves <= 0:
        return visited, movers, decide(oracle, k) is None
    first = decide(oracle, k)
    if first is None:
        return visited, movers, True
    step = -1 if first == "A" else 1
    while True:
        k += step
        visited.append(k)
        movers.append(first)
        # after a move the opposite gain is minus the gain just taken: strictly negative
        if max_moves is not None and len(movers) >= max_moves:
            return visited, movers, _continues(oracle, k, step) is False
        if (k + step) < 0 or (k + step) > oracle.N:
            return visited, movers, True
        cont = _continues(oracle, k, step)
        if not cont:
            return visited, movers, True


def _continues(oracle: PayoffOracle, k: int, step: int) -> bool:
    """After a move in direction ``step`` to ``k``: does the same side still gain strictly?"""
    if (step < 0 and k <= 0) or (step > 0 and k >= oracle.N):
        return False
    j = k if step < 0 else k + 1                     # the gap this decision needs
    if j not in oracle._mid and j not in oracle._ex:
        oracle.prefetch(k, step)
    return (oracle.gain_sign_A(k) if step < 0 else oracle.gain_sign_B(k)) > 0


# --------------------------------------------------------------------- API
def parse_start(start, N: int) -> int:
    """A start configuration: an integer ``0..N``, ``"traditional"`` / ``"all-A"`` (``N``) or
    ``"zero-resource"`` / ``"all-B"`` (``0``); ``None`` means ``N``."""
    if start is None:
        return N
    if isinstance(start, str):
        s = start.strip().lower().replace("_", "-")
        if s in ("traditional", "all-a"):
            return N
        if s in ("zero-resource", "all-b"):
            return 0
        try:
            start = int(s)
        except ValueError:
            raise UserInputError(f"start: expected an integer 0..{N}, 'traditional' or 'zero-resource'; got "
                                 f"{start!r}") from None
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)) or not 0 <= start <= N:
        raise UserInputError(f"start: the configuration n_A must be an integer from 0 to N = {N}; got {start!r}")
    return int(start)


@dataclass(frozen=True, repr=False)
class Adjustment(OfGame, Result):
    """The myopic adjustment of ``game`` from ``start``: the configurations visited and the rest point.

    ``configurations`` starts at ``start``; ``movers[i]`` is ``"A"`` when the i-th move took a firm
    from A to B, ``"B"`` when from B to A; ``gains[i]`` is the exact gain of that move.  ``rest`` is
    the final configuration, ``at_rest`` tells whether it is at rest (False only when ``max_moves``
    stopped the walk), and ``rest_gains`` = ``(g_A, g_B)`` there (None for an empty region): both
    ``<= 0`` is the proof that ``rest`` is a pure Nash equilibrium.
    """

    game: Any
    start: int
    configurations: tuple
    movers: tuple
    gains: tuple
    at_rest: bool
    rest_gains: tuple
    evaluations: int

    _repr_fields = ("start", "rest", "moves", "at_rest")

    @property
    def rest(self) -> int:
        return self.configurations[-1]

    @property
    def moves(self) -> int:
        return len(self.movers)

    @property
    def is_equilibrium(self) -> bool:
        """Whether the final configuration is a pure Nash equilibrium (decided exactly from ``rest_gains``)."""
        return all(g is None or g <= 0 for g in self.rest_gains)

    @property
    def strict(self) -> bool:
        """Whether it is a strict equilibrium (both gains strictly negative)."""
        return all(g is None or g < 0 for g in self.rest_gains)

    def as_dict(self) -> dict:
        from gametheory.results import jsonable

        gA, gB = self.rest_gains
        return {"model": self.model.name, "n_firms": self.N, "start": self.start, "rest": self.rest,
                "at_rest": self.at_rest, "nash_equilibrium": self.is_equilibrium, "strict": self.strict,
                "moves": [{"from": a, "to": b, "mover": m, "gain": jsonable(g)}
                          for a, b, m, g in zip(self.configurations, self.configurations[1:], self.movers,
                                                self.gains)],
                "rest_gains": {"A": jsonable(gA), "B": jsonable(gB)}}

    def to_text(self, limit: int = 12) -> str:
        N = self.N
        head = (f"Myopic adjustment from n_A = {self.start} (N = {N}): {self.moves} move"
                f"{'s' if self.moves != 1 else ''}")
        L = [head]
        rows = list(zip(self.configurations, self.configurations[1:], self.movers, self.gains))
        shown = rows if len(rows) <= limit else rows[:limit // 2] + [None] + rows[-(limit // 2):]
        for r in shown:
            if r is None:
                L.append("  ...")
                continue
            a, b, m, g = r
            what = (f"a firm in A gains Pi_B({a - 1}) - Pi_A({a}) = {fmt_number(float(g))} by moving to B"
                    if m == "A" else f"a firm in B gains Pi_A({a + 1}) - Pi_B({a}) = {fmt_number(float(g))} by "
                                     f"moving to A")
            L.append(f"  n_A = {a} -> {b}: {what}")
        k = self.rest
        gA, gB = self.rest_gains
        parts = []
        if gA is not None:
            parts.append(f"Pi_B({k - 1}) - Pi_A({k}) = {_show(gA)} <= 0")
        if gB is not None:
            parts.append(f"Pi_A({k + 1}) - Pi_B({k}) = {_show(gB)} <= 0")
        if self.at_rest:
            kind = "strict" if self.strict else "weak (a tie)"
            L.append(f"At rest at n_A = {k} ({self.model.pattern_name(k, N)}): no firm gains strictly by moving: "
                     + ", ".join(parts) + f"; so n_A = {k} is a pure Nash equilibrium ({kind}).")
        else:
            L.append(f"Stopped after {self.moves} moves at n_A = {k} (not at rest).")
        return "\n".join(L)


def _show(x) -> str:
    if isinstance(x, Fraction):
        text = str(x)
        return text if len(text) <= 24 else f"{float(x):.6g}"
    return f"{float(x):.6g}"


def adjust(game, start=None, *, max_moves: int | None = None) -> Adjustment:
    """The myopic adjustment of ``game`` (model, N, exact params) from ``start`` (default ``N``).

    >>> import gametheory as gt
    >>> adj = gt.AgglomerationGame(N=20, e="1/20").adjust(20)
    >>> adj.configurations[:3], adj.rest, adj.is_equilibrium
    ((20, 19, 18), 5, True)
    """
    N = game.N
    k0 = parse_start(start, N)
    if max_moves is not None and (isinstance(max_moves, bool) or not isinstance(max_moves, (int, np.integer))
                                  or max_moves < 0):
        raise UserInputError(f"max_moves must be a nonnegative integer; got {max_moves!r}")
    oracle = PayoffOracle(game.model, N, dict(game.params))
    visited, movers, at_rest = walk(oracle, k0, max_moves)
    gains = tuple(oracle.gain_A(a) if m == "A" else oracle.gain_B(a) for a, m in zip(visited, movers))
    k = visited[-1]
    rest_gains = (oracle.gain_A(k), oracle.gain_B(k))
    return Adjustment(game, k0, tuple(visited), tuple(movers), gains, at_rest, rest_gains, oracle.evaluations)


# ------------------------------------------------------------ thresholds
def gap_thresholds(game, k: int, parameter: str, lo, hi, points: int = 256) -> list:
    r"""Roots of :math:`D_k = \Pi_A(k) - \Pi_B(k-1)` in ``parameter`` on ``[lo, hi]`` (others at ``game``'s values).

    A local version of :func:`gametheory.analysis.thresholds.incentive_thresholds` for a short
    interval (a path step, the erosion range of a depletion run): the certified signs of
    :math:`D_k` on ``points`` values (two payoff configurations, one vectorised call; exact where a
    ball cannot tell) bracket each sign change, Brent's method refines it, and
    :func:`~gametheory.analysis.thresholds.closed_form` solves it exactly in the regime that holds
    there.  Returns :class:`~gametheory.analysis.thresholds.Threshold` objects, ascending.
    """
    from scipy.optimize import brentq

    from gametheory.analysis.paths import _axis_balls
    from gametheory.analysis.thresholds import Threshold, closed_form
    from gametheory.arith import exact_sign

    model, N, params = game.model, game.N, game.params
    lo, hi = Fraction(lo), Fraction(hi)
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        return []
    xs = np.linspace(float(lo), float(hi), points)
    xs[0], xs[-1] = float(lo), float(hi)
    fr = [Fraction(float(x)) for x in xs]
    fr[0], fr[-1] = lo, hi
    balls = _axis_balls(params, parameter, fr)
    with np.errstate(all="ignore"):
        D = model.gaps_at(N, np.array([float(k)])[:, None], balls)
    mid = np.broadcast_to(np.asarray(D.mid, float), (1, points))[0]
    rad = np.broadcast_to(np.asarray(D.rad, float), (1, points))[0]
    signs = np.sign(mid).astype(int)
    for i in np.flatnonzero(~((mid > rad) | (mid < -rad))):
        try:
            p = params.replace(**{parameter: fr[i]})
            signs[i] = exact_sign(model.exact_gap(N, k, p))
        except UserInputError:
            signs[i] = 0

    def f(x: float) -> float:
        v = dict(params.as_floats)
        model.space.set_axis(v, parameter, x)
        return float(model.gaps_at(N, float(k), v))

    out = []
    nz = np.flatnonzero(signs)
    for a, b in zip(nz[:-1], nz[1:]):
        if signs[a] == signs[b]:
            continue
        xa, xb = xs[a], xs[b]
        fa, fb = f(xa), f(xb)
        if fa == 0 or fb == 0:                  # a grid value is the root (as far as floats can tell)
            x = xa if fa == 0 else xb
        elif fa * fb < 0:
            x = brentq(f, xa, xb, xtol=1e-14)
        else:
            x = 0.5 * (xa + xb)
        if b - a > 1:                       # an exact zero in between: the root is that grid value
            x = float(xs[a + 1])
        try:
            root, regimes = closed_form(game, k, parameter, x, (xa, xb))
        except Exception:  # noqa: BLE001 - a model whose formulas sympy cannot solve: the numeric root
            root, regimes = None, None
        latex = model.space.latex(parameter)
        if root is None:
            out.append(Threshold(parameter, k, float(x), None, bool(signs[a] < 0),
                                 "numeric root: no closed form matches", latex))
            continue
        import sympy as sp

        rA, rB = regimes
        text = (model.describe_regime(rA, N, k) if model.is_interior(rA, N, k) and model.is_interior(rB, N, k - 1)
                else f"with {k} firms in A: {model.describe_regime(rA, N, k)}; with {k - 1} firms in A: "
                     f"{model.describe_regime(rB, N, k - 1)}")
        out.append(Threshold(parameter, k, float(sp.N(root, 30)), root, bool(signs[a] < 0), text, latex, regimes))
    return out
