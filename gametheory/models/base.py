r"""The model protocol: what any two-region, N-firm location game gives the toolkit.

A *location game* has :math:`N \ge 2` identical firms, each located in region A or
B; a firm's payoff depends only on its own region and on :math:`k = n_A`, the number
of firms in A.  :math:`\Pi_A(k)` is the payoff of a firm in A (defined for
:math:`k \ge 1`), :math:`\Pi_B(k)` that of a firm in B (defined for :math:`k \le N-1`),
and the *gap*

.. math:: D_k = \Pi_A(k) - \Pi_B(k-1), \qquad k = 1, \dots, N,

is the gain of a firm in A (with :math:`k-1` others there) over moving to B.  Every
analysis of the toolkit (equilibria, propositions, thresholds, regime maps, figures,
verification, identified sets, welfare, paths) asks a :class:`LocationModel` for
these, and never rebuilds them.

A model is data plus formulas, each written once:

* :attr:`LocationModel.space`: the parameters (names, LaTeX, defaults, signs, derived
  parameters such as :math:`\Delta\gamma`);
* :meth:`LocationModel.payoffs`: :math:`(\Pi_A(k), \Pi_B(k))` in the arithmetic of its
  arguments (:mod:`gametheory.arith`): exact scalars, float arrays over parameter grids
  and configurations, or certified balls;
* :meth:`LocationModel.domain`: the conditions (each ``value > 0`` or ``>= 0``) under
  which the model is defined, in the same arithmetic (symbols included);
* :meth:`LocationModel.symbolic`: the payoffs of configuration ``k`` as sympy
  expressions in a *regime* (a piece of the parameter space where one formula holds,
  e.g. which firms serve which market under Cournot), with the regime's domain;
  :meth:`LocationModel.regime_at` says which regime holds at a point.

From these the base class derives, once for every model: the exact payoff table, the
vectorised (and certified) gap table over grids, gaps along a parameter line, the
domain check with a message naming the parameters, and scanning ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

import numpy as np

from gametheory.errors import DomainError, UserInputError
from gametheory.params import ParameterSpace, Params, substitute

__all__ = ["LocationModel", "DomainCondition", "SymbolicConfiguration", "check_N", "nonempty", "gaps", "exact_payoff", "MAX_N"]

#: Largest number of firms the toolkit accepts: the certified solver is O(N) in time and memory
#: (N = 1,000,000: about 2 s and 0.5 GB on 2 cores; the limit keeps a run under a minute and 2 GB).
MAX_N = 2_000_000


def nonempty(N, k) -> tuple[bool, bool]:
    """Whether region A and region B hold a firm in configuration ``k`` (True for a symbolic ``k``: a split)."""
    try:
        kk = int(k)
    except TypeError:
        return True, True
    return kk >= 1, kk <= int(N) - 1


def gaps(pi_A, pi_B):
    """The gaps ``D_k = Pi_A(k) - Pi_B(k-1)``, ``k = 1..N``, from payoff tables indexed by ``k = 0..N``
    (lists, arrays along their first axis, or balls): the one definition of the gap."""
    if isinstance(pi_A, list):
        return [pi_A[k] - pi_B[k - 1] for k in range(1, len(pi_A))]
    return pi_A[1:] - pi_B[:-1]


def check_N(N) -> int:
    """``N`` as an int in ``2..MAX_N``, or a :class:`UserInputError`."""
    if isinstance(N, bool) or not isinstance(N, (int, np.integer)):
        raise UserInputError(f"the number of firms N must be an integer >= 2; got {N!r}")
    if N < 2:
        raise UserInputError(f"the number of firms N must be at least 2; got {N}")
    if N > MAX_N:
        raise UserInputError(f"N = {N:,} firms is above the limit {MAX_N:,} (the payoff and gap tables are O(N): "
                             f"about {N * 500 / 1e9:.1f} GB of working memory at N = {N:,})")
    return int(N)


@dataclass(frozen=True)
class DomainCondition:
    """``value REL 0`` (``rel`` is ``">"`` or ``">="``) with its text, e.g. ``c - e - gamma_A > 0``.

    ``label`` is the text or a function giving it (computed only when a message needs it).
    """

    value: Any
    rel: str
    label: Any

    @property
    def text(self) -> str:
        return self.label() if callable(self.label) else self.label

    def holds(self):
        """Truth value (exact scalars) or mask (arrays)."""
        return self.value > 0 if self.rel == ">" else self.value >= 0


@dataclass(frozen=True)
class SymbolicConfiguration:
    """Payoffs of configuration ``k`` as sympy expressions in one regime, with the regime's domain.

    ``pi`` maps ``"A"``/``"B"`` to the payoff of a firm there (``None`` for an empty
    region); ``positive``/``nonnegative`` are expressions known to be > 0 / >= 0 in the
    regime (its *atoms*: used to simplify conditions and prove signs); ``quantities``
    holds named intermediate quantities (e.g. Cournot outputs) for display.
    """

    N: Any
    k: Any
    regime: Any
    pi: dict
    positive: tuple = ()
    nonnegative: tuple = ()
    quantities: dict | None = None

    @property
    def domain(self):
        """The regime's validity conditions (simplified)."""
        from gametheory.games.conditions import simplify_condition

        return tuple(simplify_condition(p, ">") for p in self.positive) + \
            tuple(simplify_condition(p, ">=") for p in self.nonnegative)


class LocationModel:
    """Base class of two-region location games (see the module docstring).

    Subclasses set :attr:`name`, :attr:`title`, :attr:`space` and implement
    :meth:`payoffs`, :meth:`domain` and :meth:`symbolic`; the rest has defaults.
    """

    #: Short identifier (CLI, file names).
    name: str = "model"
    #: Human title, e.g. "Resource agglomeration game".
    title: str = "Location game"
    description: str = ""
    space: ParameterSpace
    #: Parameters whose thresholds the propositions report, and whose comparative statics.
    threshold_parameters: tuple[str, ...] = ()
    statics_parameters: tuple[str, ...] = ()
    #: Names of the patterns: all firms in A, all in B, in between.
    pattern_words = {"all_A": "all firms in A", "all_B": "all firms in B", "split": "split"}
    #: Keys of the pattern propositions (JSON ``key``).
    pattern_keys = {"all_A": "all_A", "all_B": "all_B", "split": "split"}
    #: Short words for the three kinds of pattern (regime names, legends).
    short_words = {"all_A": "all-A", "all_B": "all-B", "split": "split"}
    #: Axis pairs of the default regime maps (figures).
    map_axes: tuple[tuple[str, str], ...] = ()
    #: Whether :meth:`payoffs` uses only ``+ - * / **``, ``arith.select`` and ``arith.pos`` (then grids may
    #: use uniform-radius balls, :class:`~gametheory.arith.UniformBall`).
    uniform_balls: bool = False

    # ------------------------------------------------------------- formulas
    def payoffs(self, N: int, k, v: Mapping[str, Any]) -> tuple[Any, Any]:
        """``(Pi_A(k), Pi_B(k))`` in the arithmetic of ``k`` and the values ``v`` (a mapping name -> value).

        ``k`` may be an array (broadcast against the values); entries where a region is
        empty are meaningless and ignored by callers.
        """
        raise NotImplementedError

    def domain(self, N: int, v: Mapping[str, Any]) -> list[DomainCondition]:
        """The conditions under which the model is defined, in the arithmetic of ``v``."""
        return []

    def symbolic(self, N, k, regime=None) -> SymbolicConfiguration:
        """Sympy payoffs of configuration ``k`` in ``regime`` (``None``: the interior/default regime)."""
        raise NotImplementedError

    def welfare(self, N, k, v: Mapping[str, Any], regime=None) -> dict:
        """Welfare of configuration ``k`` (docs/environment.md section 2), in the arithmetic of ``k`` and ``v``:
        ``{"CS", "PS", "R", "Dmg", "W", "X_A", "X_B"}``.  Models without a welfare notion raise."""
        raise UserInputError(f"the {self.name} model does not define welfare (consumer surplus, damage)")

    def regime_at(self, N: int, k: int, params: Params):
        """The regime that holds for configuration ``k`` at an exact point (default: the only one, ``None``)."""
        return None

    def regimes_at(self, N: int, ks, values: Mapping[str, Any]) -> list:
        """The regimes of configurations ``ks[i]`` at the float points ``values[name][i]`` (one per point).

        The default asks :meth:`regime_at` point by point; models with many regimes vectorise it.
        """
        return [self.regime_at(N, int(k), {n: float(a[i]) for n, a in values.items()}) for i, k in enumerate(ks)]

    def describe_regime(self, regime, N, k) -> str:
        """Words for a regime."""
        return "the model's formula" if regime is None else str(regime)

    def is_interior(self, regime, N, k) -> bool:
        """Whether ``regime`` is the model's interior/default one for configuration ``k``."""
        return regime is None

    # --------------------------------------------------------------- names
    def pattern_name(self, k: int, N: int) -> str:
        """The model's word for the configuration ``n_A = k``."""
        return self.pattern_words["all_A"] if k == N else self.pattern_words["all_B"] if k == 0 \
            else self.pattern_words["split"]

    @property
    def regime_names(self) -> tuple[str, ...]:
        """Names of the regime codes of :func:`gametheory.games.anonymous.regime_codes` (sets of pure equilibria)."""
        A, B, S = self.short_words["all_A"], self.short_words["all_B"], self.short_words["split"]
        return (A, B, "coordination", S, f"{A}+{S}", f"{B}+{S}", f"coordination+{S}")

    def regime_name(self, code: int) -> str:
        return self.regime_names[code]

    def defaults(self) -> Params:
        return self.space.defaults()

    def params(self, params: Params | Mapping | None = None, **overrides) -> Params:
        """A point of the model's space: ``params`` (or the defaults) with ``overrides`` applied."""
        if isinstance(params, Params):
            if params.space is not self.space and set(params) != set(self.space.names):
                raise UserInputError(f"these parameters belong to another model ({', '.join(params)})")
            base = params if params.space is self.space else Params(dict(params), self.space)
        else:
            base = self.space.point(dict(params or {}))
        return base.replace(**overrides) if overrides else base

    # ------------------------------------------------------------- derived
    def in_domain(self, N: int, params: Params) -> bool:
        """Whether ``params`` satisfy every domain condition with ``N`` firms (:meth:`check_domain` without the
        message: no condition's text is built)."""
        return all(c.holds() for c in self.domain(N, params))

    def check_domain(self, N: int, params: Params) -> None:
        """Raise :class:`DomainError` naming the broken conditions and the parameter values involved."""
        bad = [c for c in self.domain(N, params) if not c.holds()]
        if bad:
            raise DomainError("outside the model's domain: " + "; ".join(
                f"{c.text} fails (it is {c.value})" for c in bad) + f" [{_values_text(params, bad)}]")

    def valid_mask(self, N: int, values: Mapping[str, Any]) -> np.ndarray:
        """Where float parameter arrays satisfy the domain (broadcast shape)."""
        ok = np.array(True)
        for c in self.domain(N, values):
            ok = ok & np.asarray(c.holds())
        for n, spec in self.space.specs.items():
            x = np.asarray(values[n])
            if spec.sign == "positive":
                ok = ok & (x > 0)
            elif spec.sign == "nonnegative":
                ok = ok & (x >= 0)
        return ok

    def payoff_table(self, N: int, params: Params) -> tuple[list, list]:
        """Exact ``(Pi_A[k], Pi_B[k])`` for ``k = 0..N``, ``None`` where undefined."""
        A: list = [None] * (N + 1)
        B: list = [None] * (N + 1)
        v = dict(params)
        for k in range(N + 1):
            pa, pb = self.payoffs(N, Fraction(k), v)
            if k >= 1:
                A[k] = exact_payoff(pa, "A", k)
            if k <= N - 1:
                B[k] = exact_payoff(pb, "B", k)
        return A, B

    def exact_gap(self, N: int, k: int, params: Params):
        """``D_k`` exactly at one point."""
        return self._exact_gaps(N, (k,), params)[int(k)]

    def exact_gaps(self, N: int, ks, params: Params) -> dict:
        """``{k: D_k}`` exactly at one point for several ``k``: the values of :meth:`exact_gap`, with each
        configuration's payoffs evaluated once (``D_k`` and ``D_(k+1)`` share the payoffs at ``k``)."""
        if type(self).exact_gap is not LocationModel.exact_gap:   # a model with its own exact gap
            return {int(k): self.exact_gap(N, int(k), params) for k in ks}
        return self._exact_gaps(N, ks, params)

    def _exact_gaps(self, N: int, ks, params: Params) -> dict:
        v = dict(params)
        pay: dict = {}

        def at(j):
            if j not in pay:
                pay[j] = self.payoffs(N, Fraction(j), v)
            return pay[j]

        out = {}
        for k in ks:
            k = int(k)
            pa, pb = at(k)[0], at(k - 1)[1]
            out[k] = gaps([None, exact_payoff(pa, "A", k)], [exact_payoff(pb, "B", k - 1), None])[0]
        return out

    def gaps_at(self, N: int, k, v: Mapping[str, Any]):
        """``D_k = Pi_A(k) - Pi_B(k-1)`` at configurations ``k`` (``1 <= k <= N``; an int, a Fraction or an array
        broadcast against the values) in the arithmetic of ``k`` and ``v``: two payoff evaluations, at ``k`` and
        ``k - 1``.  The gain of a firm in A from moving to B is ``-D_k``, that of a firm in B from moving to A
        with ``k`` firms in A is ``D_(k+1)`` (the adjustment of :mod:`gametheory.analysis.dynamics`)."""
        return self.payoffs(N, k, v)[0] - self.payoffs(N, k - 1, v)[1]

    def gaps_window(self, N: int, lo: int, hi: int, v: Mapping[str, Any]):
        """``[D_lo, ..., D_hi]`` (``1 <= lo <= hi <= N``) with the payoffs of configurations ``lo-1..hi`` each
        evaluated once: a list for exact values, else an array (or ball) whose first axis runs over ``lo..hi``
        and whose other axes are those of the values (e.g. a row of parameter points)."""
        from gametheory.arith import Ball, is_exact

        if all(is_exact(x) for x in v.values()):
            pay = [self.payoffs(N, Fraction(k), v) for k in range(lo - 1, hi + 1)]
            return [pay[i + 1][0] - pay[i][1] for i in range(hi - lo + 1)]
        nd = max((np.ndim(x.mid if isinstance(x, Ball) else x) for x in v.values()), default=0)
        k = np.arange(lo - 1, hi + 1, dtype=float).reshape((-1,) + (1,) * nd)
        shape = np.broadcast_shapes(k.shape, *(np.shape(x.mid if isinstance(x, Ball) else x) for x in v.values()))
        with np.errstate(all="ignore"):
            pa, pb = self.payoffs(N, k, v)
        if isinstance(pa, Ball) or isinstance(pb, Ball):
            pa, pb = (Ball(np.broadcast_to(_ball(x).mid, shape), np.broadcast_to(_ball(x).rad, shape)) for x in (pa, pb))
        else:
            pa, pb = (np.broadcast_to(np.asarray(x, dtype=float), shape) for x in (pa, pb))
        return pa[1:] - pb[:-1]

    def payoff_arrays(self, N: int, values: Mapping[str, Any], *, certified: bool | str = False):
        """Float (or certified ball) payoff tables of shape ``(N+1,) + grid shape``.

        ``values`` maps every model parameter to a float or an array (arrays broadcast), or to
        balls (then the result is certified).  ``certified="uniform"`` (or uniform-ball values) uses
        :class:`~gametheory.arith.UniformBall`: one radius per configuration for the whole grid,
        several times cheaper, for models whose formulas use only ``+ - * / **``, ``select`` and
        ``pos`` (:attr:`uniform_balls`).  Undefined entries (``Pi_A[0]``, ``Pi_B[N]``) are NaN.
        The domain is not checked.
        """
        from gametheory.arith import Ball, UniformBall

        if any(isinstance(values[n], Ball) for n in self.space.names):
            certified = "uniform" if any(isinstance(values[n], UniformBall) for n in self.space.names) \
                else (certified or True)
            values = {n: (values[n] if isinstance(values[n], Ball) else Ball.exact(values[n]))
                      for n in self.space.names}
            arrays = {n: values[n].mid for n in self.space.names}
        else:
            arrays = {n: np.asarray(values[n], dtype=float) for n in self.space.names}
        uniform = certified == "uniform" and self.uniform_balls
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
        k = np.arange(N + 1, dtype=float).reshape((N + 1,) + (1,) * len(shape))
        v = {n: a[None, ...] for n, a in arrays.items()}
        if certified:  # exact values (Fractions) enter with their rounding error, float arrays as they are
            v = {n: (values[n] if isinstance(values[n], Ball) else Ball.exact(values[n])
                     if isinstance(values[n], Fraction) else Ball(a)) for n, a in v.items()}
            lift = lambda x: np.asarray(x).reshape((1,) + np.shape(x)) if np.ndim(x) < len(shape) + 1 else x
            if uniform:   # one radius for the whole grid per parameter: the largest
                v = {n: UniformBall(lift(b.mid), np.full((1,) * (len(shape) + 1), np.max(b.rad)))
                     for n, b in v.items()}
            else:
                v = {n: Ball(lift(b.mid), lift(b.rad)) for n, b in v.items()}
        with np.errstate(all="ignore"):
            pa, pb = self.payoffs(N, k, v)
        if uniform:
            full = (N + 1,) + shape
            pa, pb = (UniformBall(np.broadcast_to(x.mid, full).copy(), x.rad,
                                  None if x.bad is None else np.broadcast_to(x.bad, full))
                      for x in (UniformBall.exact(pa), UniformBall.exact(pb)))
            pa.mid[0], pb.mid[N] = np.nan, np.nan
            return pa, pb
        if certified:
            pa, pb = (Ball(np.broadcast_to(x.mid, (N + 1,) + shape).copy(),
                           np.broadcast_to(x.rad, (N + 1,) + shape).copy()) for x in (_ball(pa), _ball(pb)))
            pa.mid[0], pb.mid[N] = np.nan, np.nan
            return pa, pb
        pa = np.broadcast_to(np.asarray(pa, dtype=float), (N + 1,) + shape).copy()
        pb = np.broadcast_to(np.asarray(pb, dtype=float), (N + 1,) + shape).copy()
        pa[0] = np.nan
        pb[N] = np.nan
        return pa, pb

    def gap_arrays(self, N: int, values: Mapping[str, Any], *, certified: bool = False):
        """The gap table ``D[k-1] = D_k``, shape ``(N,) + grid shape`` (floats, or balls when ``certified``)."""
        return gaps(*self.payoff_arrays(N, values, certified=certified))

    def gaps_along(self, N: int, params: Params, name: str, values, *, certified: bool = False):
        """``D_k`` at ``values`` of parameter ``name`` (others at ``params``): shape ``(N, len(values))``."""
        v = self.space.grid_values(params, {name: np.asarray(values, dtype=float)})
        return self.gap_arrays(N, v, certified=certified)

    def parameter_bounds(self, name: str, params: Params) -> tuple[Fraction, Fraction, str, str]:
        r"""The interval of ``name`` worth scanning (others at ``params``), with the nature of each end.

        A kind is ``"closed"``/``"open"`` (a bound of the sign restriction or the
        domain, included or not), ``"constant"`` (beyond this end the game no longer
        changes) or ``"scan"`` (a heuristic end).  The default scans a sign-respecting
        range around the current value, cut where the domain fails (found by bisection
        in exact arithmetic), with ``"scan"`` ends otherwise.
        """
        self.space.check_name(name)
        v = params.get_any(name)
        sign = self.space.sign(name)
        width = max(abs(v) * 3, Fraction(2))
        lo, hi = v - width, v + width
        lo_kind = hi_kind = "scan"
        if sign in ("positive", "nonnegative") and lo <= 0:
            lo, lo_kind = Fraction(0), ("closed" if sign == "nonnegative" else "open")
        if name in self.space.derived:
            d = self.space.derived[name]
            if self.space.sign(d.target) != "real" and lo <= -params[d.base]:
                lo, lo_kind = -params[d.base], "closed" if self.space.sign(d.target) == "nonnegative" else "open"
        N = 2
        # domain boundaries: exact roots in the parameter of each domain condition (others fixed)
        for root in self._domain_roots(N, params, name):
            if lo < root < v:
                lo, lo_kind = root, ("closed" if self._inside(N, params, name, root, strict=True) else "open")
            elif v < root < hi:
                hi, hi_kind = root, ("closed" if self._inside(N, params, name, root, strict=True) else "open")
        for end in ("lo", "hi"):   # a boundary sympy could not find: bisection in exact arithmetic
            x = lo if end == "lo" else hi
            if not self._inside(N, params, name, x, strict=True) and self._inside(N, params, name, v, strict=True):
                inner, outer = v, x
                for _ in range(60):
                    mid = (inner + outer) / 2
                    if self._inside(N, params, name, mid, strict=True):
                        inner = mid
                    else:
                        outer = mid
                outer = Fraction(outer).limit_denominator(10**9) if self._inside(
                    N, params, name, Fraction(inner).limit_denominator(10**9), True) else outer
                if end == "lo":
                    lo, lo_kind = outer, "open"
                else:
                    hi, hi_kind = outer, "open"
        return lo, hi, lo_kind, hi_kind

    def _domain_roots(self, N, params: Params, name: str) -> list[Fraction]:
        """Rational roots in ``name`` of the model's domain conditions, the other parameters fixed (exact)."""
        import sympy as sp

        theta = sp.Symbol("theta_", real=True)
        space = self.space
        values = {n: sp.Rational(x.numerator, x.denominator) for n, x in params.items()}
        space.set_axis(values, name, theta)
        out = []
        try:
            conds = self.domain(N, values)
        except Exception:  # noqa: BLE001 - a formula that does not take symbols: no exact roots
            return []
        for c in conds:
            expr = sp.sympify(c.value)
            if not expr.has(theta):
                continue
            try:
                roots = sp.solve(expr, theta)
            except (NotImplementedError, TypeError, ValueError):
                continue
            for r in roots:
                if r.is_Rational:
                    out.append(Fraction(int(r.p), int(r.q)))
        return sorted(set(out))

    def random_params(self, rng, N: int = 2) -> Params:
        """A seeded random exact point inside the domain (for verification): each parameter drawn in tenths
        around its default (``[d - w, d + w]``, ``w = max(|d|, 1)``, sign restrictions kept)."""
        for _ in range(200):
            values = {}
            for n, spec in self.space.specs.items():
                d = spec.default
                w = max(abs(d), Fraction(1))
                lo, hi = d - w, d + w
                if spec.sign == "positive":
                    lo = max(lo, Fraction(1, 10))
                elif spec.sign == "nonnegative":
                    lo = max(lo, Fraction(0))
                steps = int((hi - lo) * 10)
                values[n] = lo + Fraction(int(rng.integers(0, steps + 1)), 10)
            p = Params(values, self.space)
            if all(c.holds() for c in self.domain(N, p)):
                return p
        return self.defaults()

    def brute_force_payoff(self, N: int, locations: tuple[str, ...], i: int, params: Params):
        """Payoff of firm ``i`` in the location profile ``locations`` (``"A"``/``"B"`` per firm), computed
        independently of the numeric path: the model's symbolic payoff in the regime that holds, evaluated exactly."""
        from gametheory.models.base import exact_payoff

        k = locations.count("A")
        cfg = self.symbolic(N, k, self.regime_at(N, k, params))
        return exact_payoff(substitute(cfg.pi[locations[i]], params.subs()), locations[i], k)

    def _inside(self, N, params: Params, name: str, x, strict: bool) -> bool:
        try:
            p = params.replace(**{name: x})
        except UserInputError:
            return False
        return all(c.holds() for c in self.domain(N, p))


def _ball(x):
    from gametheory.arith import Ball

    return x if isinstance(x, Ball) else Ball(np.asarray(x, dtype=float))


def exact_payoff(x, region: str, k: int):
    """An exact payoff (Fraction or exact sympy number), or a UserInputError for a non-finite one."""
    if x is None:
        raise UserInputError(f"the payoff of a firm in {region} is undefined with n_A = {k} (division by zero)")
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int) and not isinstance(x, bool):
        return Fraction(x)
    if type(x).__module__.startswith("sympy"):
        if x.is_Rational:
            return Fraction(int(x.p), int(x.q))
        if x.is_finite is False or x.has(__import__("sympy").zoo, __import__("sympy").nan) or x.is_real is False:
            raise UserInputError(f"the payoff of a firm in {region} is undefined with n_A = {k} (value {x})")
        return x
    raise UserInputError(f"the payoff of a firm in {region} with n_A = {k} is not exact: {x!r}")


def _values_text(params: Params, bad) -> str:
    import re

    names = [n for n in params if any(re.search(rf"\b{re.escape(n)}\b", c.text) for c in bad)]
    return ", ".join(f"{n}={params[n]}" for n in names) or ", ".join(f"{n}={v}" for n, v in params.items())
