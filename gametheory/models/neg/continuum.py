r"""A generic engine for continuum two-region models of New Economic Geography, and its results.

A model gives the share :math:`\lambda \in [0, 1]` of the mobile factor in
region 1 and a payoff differential :math:`\Omega(\lambda; x, \theta)` (real
wage, real reward or indirect utility in region 1 minus region 2), where
:math:`x` is the model's *trade variable* in the engine's coordinate: the log freeness of
trade :math:`\ln\phi = (1-\sigma)\ln T \in (-\infty, 0)` for CES models (reported as
``phi = T^(1-sigma)`` and ``T``; ``axis = "phi"``, larger is freer) or a transport cost
:math:`T` (``axis = "T"``, smaller is freer).  The engine reads the *gap*, a function with the
sign of :math:`\Omega` and of its slope at a root (:math:`\Omega` itself for the linear and
resource models, :math:`\ln\omega_1 - \ln\omega_2` for the CES models, which stays finite and
well scaled where :math:`\omega_r` over- or underflow).
Under the usual ad-hoc migration dynamics :math:`\dot\lambda = \lambda(1-\lambda)\Omega`
(Fujita, Krugman & Venables 1999, eq. 5.8; Baldwin et al. 2003, ch. 2):

* an interior :math:`\lambda^*` is an equilibrium iff :math:`\Omega(\lambda^*) = 0`, stable iff
  :math:`\partial\Omega/\partial\lambda < 0` there;
* the corner :math:`\lambda = 1` is an equilibrium iff :math:`\Omega(1) \ge 0` (stable iff
  :math:`> 0`); :math:`\lambda = 0` iff :math:`\Omega(0) \le 0` (stable iff :math:`< 0`);
  values with :math:`|\text{gap}| \le` the model's ``ZERO_TOL`` count as 0 (weak, unstable):
  ``1e-12`` for the resource game (its gap is normalised to [-1, 1]), exactly 0 for the
  others (their gaps are computed to relative precision, and scale with the parameters);
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

* interior roots: sign changes of the gap on a grid of ``LAM_GRID`` points per
  unit of :math:`\lambda`, refined by Brent's method to relative ``RTOL`` (a root can lie within
  :math:`\phi \ll 10^{-16}` of a corner); roots closer
  together than the grid step, and tangencies, may be missed (a set of measure zero
  in parameter space). Symmetric models are searched on :math:`(0, 1/2)` and mirrored;
* slopes :math:`\partial/\partial\lambda`: the model's analytic slope where it has one (the CES
  models: complex step, exact to rounding), otherwise central differences with Richardson
  extrapolation, step ``H = 1e-4`` (truncation error :math:`O(H^4)`);
* thresholds in :math:`x`: sign changes on the model's search grid of ``X_GRID`` points
  (:meth:`ContinuumModel.search_grid`: for CES models :math:`\ln\phi = -10^{20} \dots -10^{-30}`,
  geometric; otherwise uniform and geometric over the trade domain), refined by Brent's method to the
  model's ``XTOL`` (absolute; CES models: relative ``RTOL = 1e-15`` only).

Models implement :class:`ContinuumModel`; every function here takes a model.  The models'
methods (:meth:`ContinuumModel.break_point`, :meth:`~ContinuumModel.equilibria`,
:meth:`~ContinuumModel.tomahawk`, ...) wrap these functions and return the frozen results
defined here (:class:`Threshold`, :class:`Equilibria`, :class:`Tomahawk`, :class:`Wiggle`), in
the units a user gives: ``T`` (and ``phi`` for CES models).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np
from scipy.optimize import brentq

from gametheory.results import Result

__all__ = [
    "ContinuumModel",
    "Equilibrium",
    "Equilibria",
    "Threshold",
    "Tomahawk",
    "Wiggle",
    "ShortRun",
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
XTOL_LAM = 1e-300   # roots in lambda to relative RTOL: an unstable root can sit at lambda ~ phi ~ 1e-31
ZERO_TOL = 1e-12
SNAP_X = 1e-6
SNAP_LAM = 0.02
RTOL = 1e-15
H = 1e-4
LAM_GRID = 400
X_GRID = 400


def _num(v) -> str:
    return "none" if v is None else f"{v:.10g}"


def _finite_or_none(v):
    return None if v is None or not math.isfinite(v) else float(v)


class ContinuumModel:
    """Interface of a continuum two-region model, and its public methods.

    Subclasses set ``name``, ``axis`` (``"phi"`` or ``"T"``), ``symmetric``, the
    parameter defaults ``DEFAULTS`` (name -> float) with their meanings
    ``MEANINGS``, and implement :meth:`omega` and :meth:`domain`; they may override
    :meth:`gap` (default :meth:`omega`), :meth:`gap_slope` (default: none, the engine
    differentiates numerically), :meth:`search_grid`, ``ZERO_TOL``, ``XTOL`` and
    ``vectorized`` (``gap`` broadcasts over arrays of the trade variable).
    ``params`` holds floats; instances are immutable (thresholds are computed once, on first use).
    """

    name: str = ""
    title: str = ""
    axis: str = "phi"
    symmetric: bool = True
    vectorized: bool = False
    ZERO_TOL: float = ZERO_TOL
    XTOL: float = XTOL
    DEFAULTS: Mapping[str, float] = {}
    MEANINGS: Mapping[str, str] = {}

    def __init__(self, **params: float):
        unknown = sorted(set(params) - set(self.DEFAULTS))
        if unknown:
            from gametheory.errors import UserInputError

            raise UserInputError(f"unknown parameter(s) {', '.join(unknown)} for model {self.name!r} "
                                 f"(known: {', '.join(self.DEFAULTS)})")
        self.params = {**self.DEFAULTS, **{k: float(v) for k, v in params.items()}}
        self._memo: dict = {}
        self.check()

    def check(self) -> None:
        """Raise :class:`~gametheory.errors.DomainError` for parameters outside the model."""

    def omega(self, lam, x) -> np.ndarray:
        """Payoff differential region 1 minus region 2 at shares ``lam`` (array) and trade variable ``x``."""
        raise NotImplementedError

    def gap(self, lam, x) -> np.ndarray:
        """What the engine reads: a function with the sign of :meth:`omega` and of its slope at a root."""
        return self.omega(lam, x)

    gap_slope = None  #: optional ``(lam, x) -> d gap / d lambda``

    def domain(self) -> tuple[float, float]:
        """Interval of the trade variable ``x`` searched for thresholds."""
        return (1e-8, 1.0)

    def search_grid(self, n: int) -> np.ndarray:
        """Grid of the trade variable on which thresholds are bracketed: uniform over :meth:`domain`,
        endpoints nudged inside, joined by a geometric grid when the lower end is positive."""
        lo, hi = self.domain()
        eps = 1e-9 * abs(hi - lo)
        grid = np.linspace(lo + eps, hi - eps, n)
        if lo > 0:
            grid = np.union1d(grid, np.geomspace(lo, hi - eps, n)[1:])
        return grid

    # -- trade variable ---------------------------------------------------------------------
    def x_of_T(self, T) -> float:
        """The model's trade variable at transport cost ``T``."""
        return float(T)

    def T_of_x(self, x) -> float:
        return float(x)

    def phi_of_x(self, x) -> float | None:
        return None

    def T_bounds(self) -> tuple[float, float | None]:
        """``(lo, hi)``: ``T`` must lie strictly above ``lo`` and below ``hi`` (``None``: no upper bound)."""
        lo, hi = self.domain()
        return lo, hi

    def checked_x_of_T(self, T) -> float:
        """:meth:`x_of_T`, raising :class:`~gametheory.errors.UserInputError` where ``T`` is outside the model
        (default: the open :meth:`domain`)."""
        from gametheory.errors import UserInputError

        lo, hi = self.domain()
        t = float(T)
        if not (math.isfinite(t) and lo < t < hi):
            raise UserInputError(f"T must lie in ({lo:.10g}, {hi:.10g}) for model {self.name}; got {t:.10g}")
        return self.x_of_T(T)

    def _x_from(self, T=None, phi=None, log_phi=None) -> float:
        from gametheory.errors import UserInputError

        given = [name for name, v in (("T", T), ("phi", phi), ("log_phi", log_phi)) if v is not None]
        if len(given) > 1:
            raise UserInputError(f"give one of T, phi, log_phi (got {', '.join(given)})")
        if phi is not None or log_phi is not None:
            if self.axis != "phi":
                raise UserInputError(f"model {self.name} has no freeness of trade phi; give the transport cost T")
            if log_phi is not None:
                v = float(log_phi)
                if not (math.isfinite(v) and v < 0):
                    raise UserInputError(f"log_phi must be a finite number < 0; got {log_phi}")
                return v
            return self.x_of_phi(phi)
        if T is None:
            raise UserInputError("give the transport cost T" + (" (or phi, log_phi)" if self.axis == "phi" else ""))
        return self.checked_x_of_T(T)

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

    # -- public API: results ----------------------------------------------------------------
    def _threshold_x(self, kind: str) -> float | None:
        key = ("x", kind)
        if key not in self._memo:
            self._memo[key] = break_point(self) if kind == "break" else sustain_point(self)
        return self._memo[key]

    def _threshold(self, kind: str) -> "Threshold":
        x = self._threshold_x(kind)
        closed = getattr(self, f"x_{kind}_closed", None)
        cx = closed() if closed is not None else None
        return Threshold.at(self, kind, x, cx, closed is not None)

    def break_point(self) -> "Threshold":
        """Where the dispersed equilibrium loses stability as trade gets freer (:func:`break_point`),
        with the published value where the model has one."""
        return self._threshold("break")

    def sustain_point(self) -> "Threshold":
        """Where full agglomeration becomes an equilibrium as trade gets freer (:func:`sustain_point`)."""
        return self._threshold("sustain")

    def equilibria(self, T=None, *, phi=None, log_phi=None) -> "Equilibria":
        """Every equilibrium share at transport cost ``T`` (or, for CES models, freeness of trade ``phi`` or its
        log, for values beyond the float range), corners included, with its stability.

        Shares within 1e-16 of 1 print as 1 (an unstable equilibrium can sit that close to a corner,
        e.g. just inside a wide hysteresis band); the list still has one entry per equilibrium."""
        x = self._x_from(T, phi, log_phi)
        return Equilibria.at(self, x, T, self._checked_equilibria(x))

    def check_resolved(self, x: float, eqs) -> None:
        """Raise :class:`~gametheory.errors.UserInputError` where rounding, not the model, would decide the
        equilibria at ``x`` (default: never; the CES models check their rounding level)."""

    def _checked_equilibria(self, x: float, n: int = LAM_GRID) -> list:
        eqs = equilibria(self, x, n)
        self.check_resolved(x, eqs)
        return eqs

    def _resolved_equilibria(self, x: float, n: int = LAM_GRID):
        """:meth:`_checked_equilibria`, or ``None`` where rounding decides (a tomahawk skips such points)."""
        from gametheory.errors import UserInputError

        try:
            return self._checked_equilibria(x, n)
        except UserInputError:
            return None

    def summary(self, T=None):
        """Thresholds, closed forms and (with ``T``) equilibria: what ``gametheory neg`` prints."""
        from gametheory.models.neg.summary import summary

        return summary(self, T)

    def tomahawk(self, T=None, *, phi=None, n: int = LAM_GRID) -> "Tomahawk":
        """Equilibria and their stability over a grid of ``T`` (or ``phi``), traced into branches (:func:`tomahawk`).

        Without a grid: ``phi`` from 0.002 to ``min(0.999, 3 phi_B)`` (CES models), or the trade domain.
        """
        if T is None and phi is None:
            if self.axis == "phi":
                b = self._threshold_x("break")
                phi = np.linspace(0.002, 0.999 if b is None else min(0.999, 3 * math.exp(b)), 240)
            else:
                lo, hi = self.domain()
                T = np.linspace(lo, hi, 242)[1:-1]
        if phi is not None:
            if self.axis != "phi":
                from gametheory.errors import UserInputError

                raise UserInputError(f"model {self.name} has no freeness of trade phi; give T")
            xs, disp = np.asarray(phi, dtype=float), "phi"
            for p in np.atleast_1d(xs):
                self.x_of_phi(p)
            to_x, from_x = np.log, np.exp
        else:
            xs, disp = np.asarray(T, dtype=float), "T"
            for t in np.atleast_1d(xs):
                self.checked_x_of_T(t)
            to_x = lambda t: self.x_of_T(float(t))
            from_x = self.T_of_x
        tk = tomahawk(self, xs, n, to_x=to_x, from_x=from_x, eq_fn=self._resolved_equilibria,
                      thresholds=(self._threshold_x("break"), self._threshold_x("sustain")))
        extra = dict(tk.extra)
        if hasattr(self, "zero_resource_threshold"):
            extra["T_zero_resource"] = self.zero_resource_threshold()
        b, s = self._threshold_x("break"), self._threshold_x("sustain")
        return Tomahawk(disp, tk.x, tk.points, tk.branches, tk.break_x, tk.sustain_x, extra,
                        model=self.name, params=self.json_params(),
                        break_T=None if b is None else self.T_of_x(b),
                        sustain_T=None if s is None else self.T_of_x(s))

    def wiggle(self, T=None, *, phi=None, lam=None) -> "Wiggle":
        """:math:`\\Omega(\\lambda)` at each transport cost in ``T`` (or ``phi``), with the equilibria there."""
        if phi is not None:
            xs = [self._x_from(phi=float(p)) for p in np.atleast_1d(phi)]
            given = [None] * len(xs)
        else:
            given = [float(t) for t in np.atleast_1d(np.asarray(T, dtype=float))] if T is not None else []
            xs = [self._x_from(T=t) for t in given] if T is not None else [self._x_from()]
        lam = np.linspace(0.0, 1.0, 201) if lam is None else np.asarray(lam, dtype=float)
        om = np.array([self.omega(lam, x) for x in xs])
        eqs = tuple(Equilibria.at(self, x, t, self._checked_equilibria(x)) for x, t in zip(xs, given))
        Ts = tuple(self.T_of_x(x) for x in xs)
        phis = tuple(self.phi_of_x(x) for x in xs) if self.axis == "phi" else None
        return Wiggle(self.name, self.json_params(), self.axis, Ts, phis, lam, om, eqs)


# -- results ------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class Equilibrium(Result):
    """An equilibrium share ``lam``, its stability and the local slope of the model's gap
    (at a corner: the gap's value there)."""

    lam: float
    stable: bool
    slope: float

    _repr_fields = ("lam", "stable")

    def as_dict(self) -> dict:
        return {"lambda": self.lam, "stable": self.stable}

    as_json = as_dict


@dataclass(frozen=True, repr=False)
class Threshold(Result):
    """A break or sustain point: ``T`` (``inf`` where it exceeds the float range), and for CES models
    ``phi`` (0.0 where it underflows) and ``log_phi``; ``closed_form`` is the published value in the
    model's axis unit (``phi`` or ``T``), ``None`` where there is none (or no threshold)."""

    kind: str
    model: str
    axis: str
    T: float | None
    phi: float | None = None
    log_phi: float | None = None
    closed_form: float | None = None
    closed_form_log_phi: float | None = None
    has_closed_form: bool = False
    log_T: float | None = None

    @property
    def _repr_fields(self) -> tuple:
        return ("kind", "T", "phi") if self.axis == "phi" else ("kind", "T")

    @classmethod
    def at(cls, model: ContinuumModel, kind: str, x, cx, has_closed: bool) -> "Threshold":
        if model.axis == "phi":
            T = None if x is None else model.T_of_x(x)
            return cls(kind, model.name, "phi", T, None if x is None else model.phi_of_x(x), x,
                       None if cx is None else model.phi_of_x(cx), cx, has_closed,
                       None if x is None else -x / model.sm1)
        return cls(kind, model.name, "T", x, closed_form=cx, has_closed_form=has_closed)

    @property
    def exists(self) -> bool:
        return self.T is not None

    def as_dict(self) -> dict:
        out = {"kind": self.kind, "T": _finite_or_none(self.T)}
        if self.axis == "phi":
            out.update(phi=self.phi, log_phi=self.log_phi)
            if self.has_closed_form:
                out["closed_form"] = {"phi": self.closed_form, "log_phi": self.closed_form_log_phi}
        elif self.has_closed_form:
            out["closed_form"] = {"T": self.closed_form}
        return out

    def _T_text(self) -> str:
        if self.T is not None and not math.isfinite(self.T):
            return f"exp({self.log_T:.10g})" if self.log_T is not None else "inf"
        return _num(self.T)

    def to_text(self) -> str:
        row = f"{self.kind + ' point:':<15} T = {self._T_text()}"
        if self.axis == "phi":
            row += f", phi = {_phi_text(self.phi, self.log_phi)}"
        if self.has_closed_form:
            row += (f"  (closed form: phi = {_phi_text(self.closed_form, self.closed_form_log_phi)})"
                    if self.axis == "phi" else f"  (closed form: T = {_num(self.closed_form)})")
        return row


def _phi_text(phi, log_phi) -> str:
    if phi is not None and phi == 0.0 and log_phi is not None:
        return f"exp({log_phi:.10g})"
    return _num(phi)


@dataclass(frozen=True, repr=False)
class Equilibria(Result):
    """The equilibria at one transport cost, ascending in :math:`\\lambda`, corners included.

    Iterating, indexing and ``len`` go over the :class:`Equilibrium` objects.
    """

    model: str
    axis: str
    T: float | None
    phi: float | None
    log_phi: float | None
    equilibria: tuple
    log_T: float | None = None

    _repr_fields = ("T", "lambdas", "stable")

    @classmethod
    def at(cls, model: ContinuumModel, x: float, T, eqs) -> "Equilibria":
        T = model.T_of_x(x) if T is None else float(T)
        if model.axis == "phi":
            return cls(model.name, "phi", T, model.phi_of_x(x), float(x), tuple(eqs), -float(x) / model.sm1)
        return cls(model.name, "T", T, None, None, tuple(eqs))

    @property
    def lambdas(self) -> tuple:
        return tuple(e.lam for e in self.equilibria)

    @property
    def stable(self) -> tuple:
        return tuple(e.stable for e in self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, i):
        return self.equilibria[i]

    def as_dict(self) -> dict:
        out = {"T": _finite_or_none(self.T)}
        if self.axis == "phi":
            out.update(phi=self.phi, log_phi=self.log_phi)
        out["equilibria"] = [e.as_dict() for e in self.equilibria]
        return out

    def to_text(self) -> str:
        T = f"{self.T:g}" if math.isfinite(self.T) or self.log_T is None else f"exp({self.log_T:.10g})"
        at = f"T = {T}" + (f" (phi = {_phi_text(self.phi, self.log_phi)})" if self.axis == "phi" else "")
        lines = [f"equilibria at {at}:"]
        lines += [f"  lambda = {e.lam:<14.10g} {'stable' if e.stable else 'unstable'}" for e in self.equilibria]
        return "\n".join(lines)


@dataclass(frozen=True, repr=False, eq=False)
class Tomahawk(Result):
    """Equilibria over a grid of the trade variable, organised in branches.

    ``axis``: what ``x`` is (``"phi"`` or ``"T"``); ``points``: the equilibria at each grid value;
    ``branches``: lists of ``(x, lam, stable)`` traced by nearest-neighbour continuation (a new
    branch starts where no point of the previous grid value lies within ``jump`` in :math:`\\lambda`,
    or where stability changes, so each branch has one stability); ``break_x``/``sustain_x``: the
    thresholds in the unit of ``x`` (or ``None``), ``break_T``/``sustain_T`` in ``T``; ``extra``:
    model-specific values (the resource game's ``T_zero_resource``).
    """

    axis: str
    x: np.ndarray
    points: list
    branches: list
    break_x: float | None
    sustain_x: float | None
    extra: dict = field(default_factory=dict)
    model: str = ""
    params: dict = field(default_factory=dict)
    break_T: float | None = None
    sustain_T: float | None = None

    _repr_fields = ("model", "axis", "break_x", "sustain_x")

    def as_dict(self) -> dict:
        return {"model": self.model, "params": self.params, "axis": self.axis,
                "break": self.break_x, "sustain": self.sustain_x,
                "T_break": _finite_or_none(self.break_T), "T_sustain": _finite_or_none(self.sustain_T),
                **{k: v for k, v in self.extra.items()},
                "branches": [{"stable": br[0][2], "x": [p[0] for p in br], "lambda": [p[1] for p in br]}
                             for br in self.branches]}

    def to_text(self) -> str:
        n_st = sum(1 for br in self.branches if br[0][2])
        return (f"tomahawk of {self.model} over {self.axis} in [{self.x.min():g}, {self.x.max():g}] "
                f"({len(self.x)} points): {len(self.branches)} branches ({n_st} stable); "
                f"break {self.axis} = {_num(self.break_x)}, sustain {self.axis} = {_num(self.sustain_x)}")


@dataclass(frozen=True, repr=False, eq=False)
class Wiggle(Result):
    """:math:`\\Omega(\\lambda)` (``omega[i, j]`` at ``T[i]``, ``lam[j]``) with the equilibria at each ``T``."""

    model: str
    params: dict
    axis: str
    T: tuple
    phi: tuple | None
    lam: np.ndarray
    omega: np.ndarray
    equilibria: tuple

    _repr_fields = ("model", "T")

    def as_dict(self) -> dict:
        return {"model": self.model, "params": self.params, "T": [_finite_or_none(t) for t in self.T],
                "phi": None if self.phi is None else list(self.phi), "lambda": self.lam.tolist(),
                "omega": self.omega.tolist(), "equilibria": [e.as_dict()["equilibria"] for e in self.equilibria]}

    def to_text(self) -> str:
        return "\n".join(e.to_text() for e in self.equilibria)


@dataclass(frozen=True, repr=False, eq=False)
class ShortRun(Result):
    """The short-run equilibrium at shares ``lam`` and one transport cost: ``values[name]`` is an array over
    ``lam`` (``result["w1"]`` works too): wages, price indices, incomes, real wages (core-periphery) or
    rewards, expenditures, :math:`\\Delta_r`, real rewards (footloose entrepreneur)."""

    model: str
    T: float
    phi: float | None
    lam: np.ndarray
    values: dict

    _repr_fields = ("model", "T")

    def __getitem__(self, key: str) -> np.ndarray:
        return self.values[key]

    def keys(self):
        return self.values.keys()

    def as_dict(self) -> dict:
        return {"model": self.model, "T": _finite_or_none(self.T), "phi": self.phi, "lambda": self.lam.tolist(),
                **{k: np.asarray(v).tolist() for k, v in self.values.items()}}

    def to_text(self) -> str:
        keys = list(self.values)
        lines = [f"{self.model}: short run at T = {self.T:g}" + (f" (phi = {self.phi:.6g})" if self.phi is not None else ""),
                 "lambda    " + "".join(f"{k:>12}" for k in keys)]
        for i, l in enumerate(self.lam):
            lines.append(f"{l:<10.4g}" + "".join(f"{self.values[k][i]:>12.6f}" for k in keys))
        return "\n".join(lines)


# -- the engine ---------------------------------------------------------------------------------

def _slope_fd(model: ContinuumModel, lam, x, h: float = H) -> np.ndarray:
    """Richardson-extrapolated central differences of the gap (one-sided within ``h`` of a corner); broadcast."""
    lam, x = np.broadcast_arrays(np.atleast_1d(np.asarray(lam, dtype=float)), np.asarray(x, dtype=float))
    g = lambda l: np.asarray(model.gap(l, x if model.vectorized else x.flat[0]), dtype=float)
    if not model.vectorized and np.ndim(x) and np.unique(x).size > 1:
        return np.array([float(_slope_fd(model, np.array([l]), xi, h)[0]) for l, xi in zip(lam.ravel(), x.ravel())])
    out = np.empty(lam.shape)
    mid = (lam >= h) & (lam <= 1 - h)
    d1 = (g(lam + h) - g(lam - h)) / (2 * h)
    d2 = (g(lam + h / 2) - g(lam - h / 2)) / h
    out[...] = (4 * d2 - d1) / 3
    if not mid.all():
        lo = lam < h
        f0, f1, f2 = g(lam), g(lam + h), g(lam + 2 * h)
        out = np.where(lo, (-3 * f0 + 4 * f1 - f2) / (2 * h), out)
        hi = lam > 1 - h
        b1, b2 = g(lam - h), g(lam - 2 * h)
        out = np.where(hi, (3 * f0 - 4 * b1 + b2) / (2 * h), out)
    return out


def omega_slope(model: ContinuumModel, lam, x, h: float = H) -> np.ndarray:
    r"""Slope :math:`\partial\,\text{gap}/\partial\lambda` at shares ``lam`` (array) and trade variable ``x``.

    The model's :meth:`~ContinuumModel.gap_slope` where it has one; otherwise
    :math:`D(h) = (g(\lambda+h) - g(\lambda-h))/2h`, returning :math:`(4D(h/2) - D(h))/3`; points
    within ``h`` of a corner use one-sided second-order differences instead.
    """
    lam = np.atleast_1d(np.asarray(lam, dtype=float))
    if model.gap_slope is not None:
        return np.asarray(model.gap_slope(lam, x), dtype=float)
    with np.errstate(all="ignore"):
        return _slope_fd(model, lam, x, h)


def _roots_on_grid(f: Callable[[np.ndarray], np.ndarray], grid: np.ndarray, fscalar=None,
                   with_direction: bool = False) -> list:
    """Roots of ``f`` on ``[grid[0], grid[-1]]`` from sign changes between grid points (Brent).

    With ``with_direction``: ``(root, direction)`` pairs, ``direction`` the sign of ``f`` just above
    the root (+1: ``f`` rises through 0), 0 for a grid value where ``f`` is exactly 0.
    """
    vals = np.asarray(f(grid), dtype=float)
    fs = fscalar or (lambda t: float(f(np.array([t]))[0]))
    a, b = vals[:-1], vals[1:]
    ok = np.isfinite(a) & np.isfinite(b)
    roots = []
    for i in np.flatnonzero(ok & ((a == 0.0) | (a * b < 0))):
        if a[i] == 0.0:
            roots.append((float(grid[i]), 0))
        else:
            roots.append((brentq(fs, grid[i], grid[i + 1], xtol=XTOL_LAM, rtol=RTOL, maxiter=2000), int(np.sign(b[i]))))
    if len(vals) and vals[-1] == 0.0:
        roots.append((float(grid[-1]), 0))
    return roots if with_direction else [r for r, _ in roots]


def equilibria(model: ContinuumModel, x: float, n: int = LAM_GRID) -> list[Equilibrium]:
    """All equilibria at trade variable ``x`` (engine coordinate), ascending in :math:`\\lambda` (corners included).

    An interior root bracketed by a sign change is stable iff the gap falls through 0 there (the
    slope is reported alongside); a root where the gap is exactly 0 on the grid, and
    :math:`\\lambda = 1/2` in symmetric models, take the sign of the slope.  A root closer to 0
    than the float range (:math:`\\lambda < 10^{-308}`: just inside a very wide hysteresis band)
    is reported as ``0.0`` next to the corner, its mirror as ``1.0``.
    """
    f = lambda lam: model.gap(lam, x)
    out: list[Equilibrium] = []
    if model.symmetric:
        half = n // 2
        grid = np.linspace(0.0, 0.5, half + 1)[:-1]  # [0, 1/2): 1/2 is a root by symmetry
        grid = np.append(grid, 0.5 - 0.5 / (4 * half))
        found = [(r, d) for r, d in _roots_on_grid(f, grid, with_direction=True)
                 if (0 < r < 0.5 - 1e-9) or (r == 0.0 and d != 0)]
        inner = found + [(0.5, 0)] + [(1 - r, d) for r, d in reversed(found)]
    else:
        inner = [(r, d) for r, d in _roots_on_grid(f, np.linspace(0.0, 1.0, n + 1), with_direction=True)
                 if (0 < r < 1) or (r == 0.0 and d != 0) or (r == 1.0 and d != 0)]
    if inner:
        slopes = omega_slope(model, np.array([r for r, _ in inner]), x)
        out += [Equilibrium(float(r), bool(d < 0) if d != 0 else bool(s < 0), float(s))
                for (r, d), s in zip(inner, slopes)]
    ends = np.asarray(model.gap(np.array([0.0, 1.0]), x), dtype=float)
    ends = np.where(np.abs(ends) <= model.ZERO_TOL, 0.0, ends)
    if ends[0] <= 0:
        out.insert(0, Equilibrium(0.0, bool(ends[0] < 0), float(ends[0])))
    if ends[1] >= 0:
        out.append(Equilibrium(1.0, bool(ends[1] > 0), float(ends[1])))
    return out


def crossings(model: ContinuumModel, g: Callable, n: int = X_GRID,
              lo: float | None = None, hi: float | None = None, vectorized: bool = False) -> list[tuple[float, int]]:
    """Roots of ``g(x)`` over the trade domain, ordered from least to most free trade.

    Returns ``(x, direction)`` pairs; ``direction`` is the sign of ``g`` just on the
    freer side of the root (+1: ``g`` becomes positive as trade gets freer).
    The grid is the model's :meth:`~ContinuumModel.search_grid` (or, with ``lo``/``hi``, uniform on
    ``[lo, hi]`` joined by a geometric grid when ``lo`` is positive).  ``vectorized``: ``g`` takes
    the whole grid at once.
    """
    if lo is None and hi is None:
        grid = np.asarray(model.search_grid(n), dtype=float)
    else:
        d_lo, d_hi = model.domain()
        lo = d_lo if lo is None else lo
        hi = d_hi if hi is None else hi
        eps = 1e-9 * abs(hi - lo)
        grid = np.linspace(lo + eps, hi - eps, n)
        if lo > 0:  # also geometric, so that thresholds near a small lower end are bracketed
            grid = np.union1d(grid, np.geomspace(lo, hi - eps, n)[1:])
    if vectorized:
        vals = np.asarray(g(grid), dtype=float)
        gs = lambda t: float(np.asarray(g(np.array([t])), dtype=float)[0])
    else:
        vals = np.array([g(t) for t in grid])
        gs = g
    out = []
    for i in range(len(grid) - 1):
        a, b = vals[i], vals[i + 1]
        if np.isfinite(a) and np.isfinite(b) and a * b < 0:
            r = brentq(gs, grid[i], grid[i + 1], xtol=model.XTOL, rtol=RTOL, maxiter=2000)
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
    if model.vectorized:
        g = lambda xs: omega_slope(model, np.full(np.shape(xs), 0.5), xs)
    else:
        g = lambda x: float(omega_slope(model, 0.5, x)[0])
    for x, direction in crossings(model, g, n, vectorized=model.vectorized):
        if direction > 0:
            return x
    return None


def _bisect_predicate(model: ContinuumModel, pred: Callable[[float], bool], n: int) -> float | None:
    """First value, from the least free side of the domain, where ``pred`` turns from true to false.

    Scans ``n`` grid points, then bisects the bracketing interval to ``XTOL`` (the predicate
    is assumed to switch once inside a grid interval).
    """
    lo, hi = model.domain()
    eps = 1e-9 * abs(hi - lo)
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
    if model.vectorized:
        g = lambda xs: model.gap(np.ones(np.shape(xs)), xs)
    else:
        g = lambda x: float(model.gap(np.array([1.0]), x)[0])
    for x, direction in crossings(model, g, n, vectorized=model.vectorized):
        if direction > 0:
            return x
    return None


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


def tomahawk(model: ContinuumModel, xs, n: int = LAM_GRID, jump: float = 0.15, *, to_x=None, from_x=None,
             thresholds: tuple | None = None, eq_fn=None) -> Tomahawk:
    """Equilibria and their stability over the grid ``xs``.

    ``xs`` is in a *display* coordinate (``phi`` or ``T``) mapped to the engine's by ``to_x`` and back by
    ``from_x`` (default: the engine coordinate itself); ``thresholds``: the engine's
    ``(break, sustain)`` when already known; ``eq_fn(x, n)``: the equilibria at an engine value
    (default :func:`equilibria`; ``None`` drops the grid point).  The break and sustain points are inserted into the grid,
    with 24 points on each side clustered geometrically towards them (down to 1e-7 of the grid's
    span), so that the branches born there (square-root shaped at a pitchfork) are traced to the
    point where they meet; a branch ending within ``SNAP_X`` (relative to the span) of a
    threshold and ``SNAP_LAM`` of its bifurcation point (:math:`\\lambda = 1/2` at the break,
    a corner at the sustain point) is closed there (equilibria closer than the
    :math:`\\lambda` grid step to 1/2 are not resolved by :func:`equilibria`).
    """
    to_x = to_x or (lambda v: v)
    from_x = from_x or (lambda v: v)
    bx, sx = thresholds if thresholds is not None else (break_point(model), sustain_point(model))
    b = None if bx is None else float(from_x(bx))
    s = None if sx is None else float(from_x(sx))
    xs = np.asarray(xs, dtype=float)
    lo, hi = float(xs.min()), float(xs.max())
    extra = set()
    for t in (b, s):
        if t is not None and lo <= t <= hi:
            d = (hi - lo) / 20 * np.geomspace(1e-7, 1.0, 24)
            extra |= {t} | {float(v) for v in np.concatenate([t - d, t + d]) if lo <= v <= hi}
    grid = sorted(set(float(v) for v in xs) | extra)
    eq_fn = eq_fn or (lambda v, k: equilibria(model, v, k))
    kept, points = [], []
    for x in grid:
        eqs = eq_fn(bx if (b is not None and x == b) else (sx if (s is not None and x == s) else float(to_x(x))), n)
        if eqs is None:
            continue
        if b is not None and x == b:
            eqs = [e for e in eqs if abs(e.lam - 0.5) > 1e-6 or e.lam == 0.5]
        kept.append(x)
        points.append(eqs)
    grid = kept
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
    """The wiggle diagram's data: ``(lam, Omega)`` with ``Omega[i, j]`` at ``xs[i]`` (engine coordinate), ``lam[j]``."""
    lam = np.linspace(0.0, 1.0, 201) if lam is None else np.asarray(lam, dtype=float)
    return lam, np.array([model.omega(lam, x) for x in np.atleast_1d(xs)])
