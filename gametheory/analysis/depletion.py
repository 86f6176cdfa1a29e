r"""Depletion of region A's high-grade reserves and the dissolution of the cluster (ENVIRONMENT.md section 5).

Region A's regional effect comes from rich deposits that extraction depletes.  From the stock
:math:`S_0 = S0` and a start configuration (default :math:`N`), for periods :math:`t = 0, \dots, T-1`:

1. :math:`e_t = e\,(S_t/S_0)^{\eta}` (:math:`e` is the given regional effect);
2. the economy adjusts to rest at :math:`e_t` by the myopic rule of
   :mod:`gametheory.analysis.dynamics` (the larger strictly positive gain moves; on an exact tie the
   firm in A), or makes at most ``moves`` single moves when a speed is given;
3. the stage-2 outcome at :math:`(n_A, e_t)` gives total output :math:`X_t = X_A + X_B` and welfare
   :math:`W_t` (the model's :meth:`~gametheory.models.base.LocationModel.welfare`: for the resource
   game :math:`CS + PS`, for models with taxes and damage :math:`CS + PS + R - Dmg`);
4. :math:`S_{t+1} = \max(0,\ S_t - \zeta X_t + \rho S_t (1 - S_t/S_0))`.

The *dissolution period* is the first :math:`t` with :math:`n_A` below the start configuration.
The *critical stock* is :math:`S^* = S_0 (e^*/e)^{1/\eta}`, where :math:`e^*` is the threshold of
:math:`e` (:func:`~gametheory.analysis.thresholds.incentive_thresholds`, closed form where one exists)
at which the start configuration stops being an equilibrium as the effect erodes from :math:`e`
towards 0: for the traditional cluster the root of :math:`\Pi_A(N) = \Pi_B(N-1)`.  With renewable
reserves (:math:`\rho > 0`) the *steady states* of the final configuration :math:`k` are the stocks
:math:`\bar S \in [0, S_0]` with :math:`\rho \bar S(1 - \bar S/S_0) = \zeta X(k, e(\bar S))` at which
:math:`k` is at rest (the extinction state :math:`\bar S = 0` when :math:`k` is at rest at
:math:`e = 0` and output there is positive); stable when :math:`|1 + F'(\bar S)|<1` for
:math:`F(S) = \rho S(1 - S/S_0) - \zeta X(k, e(S))`.

**Arithmetic (how the run stays exact).**  The stock recursion in exact rationals grows by about
30 bits a period for :math:`\rho = 0` and doubles its size every period for :math:`\rho > 0`; for a
non-integer :math:`\eta`, :math:`e_t` is irrational.  So:

* *exact phase*: while :math:`\eta` is an integer and the exact stock and effect
  :math:`e_t` (about :math:`\eta` times the stock's size) have at most :data:`EXACT_BITS` bits, every period is computed in exact rationals (payoffs, moves, output,
  welfare, stock): short runs such as ENVIRONMENT.md's checked run are exact throughout;
* *certified phase*: afterwards the stock is carried as a certified enclosure
  :math:`[\tilde S_t \pm r_t]` (ball arithmetic, :mod:`gametheory.arith`) that contains the exact
  stock of the exact recursion; :math:`e_t`, payoffs, output and welfare are evaluated in ball
  arithmetic over that enclosure, and every move decision is taken only when its ball certifies it.
  Periods are processed in batches: a float prediction of the next :math:`B` stocks (Picard
  iteration, one vectorised evaluation per sweep) is verified by one vectorised ball evaluation
  over all of them (if the image of every enclosure lies in the next one, all enclosures are
  correct by induction, and the decisions are certified in the same call);
* *exact fallback*: a decision no ball can make (an exact tie, or a stock within about
  :math:`10^{-12}` of a threshold) is made exactly by replaying the periods since the last exact
  stock in rational arithmetic (the configurations are known: every earlier decision was
  certified), possible for an integer :math:`\eta` up to :data:`REPLAY_BITS` bits; otherwise the run
  stops with an error that names the period.  A decision is never guessed.

Reported stocks and effects are exact fractions in exact periods and the midpoints of their
enclosures otherwise (``S_radius`` holds the certified radius).  An exact stock that repeats with
the economy at rest (e.g. exhausted, :math:`S = 0`) repeats forever: the remaining periods are
filled in without evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.errors import UserInputError
from gametheory.params import parse_value
from gametheory.results import OfGame, Result, jsonable

__all__ = ["Depletion", "SteadyState", "deplete", "critical_stock", "EXACT_BITS", "REPLAY_BITS", "MAX_T",
           "DEFAULTS"]

#: Largest size (bits of numerator plus denominator) of an exact stock in the exact phase.
EXACT_BITS = 4096
#: Largest size of an exact stock in a replay (the exact fallback of the certified phase).
REPLAY_BITS = 1 << 15
#: Largest number of periods.
MAX_T = 10_000_000
#: ENVIRONMENT.md section 5 defaults.
DEFAULTS = {"S0": Fraction(300), "zeta": Fraction(1), "rho": Fraction(0), "eta": Fraction(1), "T": 40}

_U = 2.0 ** -53
_ETA = 2.0 ** -1022


def _bits(x: Fraction) -> int:
    return x.numerator.bit_length() + x.denominator.bit_length()


def _down(x):
    return np.nextafter(x, -np.inf)


def _up(x):
    return np.nextafter(x, np.inf)


# ----------------------------------------------------------------- results
@dataclass(frozen=True)
class SteadyState:
    """A steady state of the stock with configuration ``n_A``: stock ``S`` (certified to lie in ``bracket``),
    regional effect ``e``, ``stable`` under the stock dynamics, ``kind`` ``"extinction"`` or ``"interior"``."""

    n_A: int
    S: float
    bracket: tuple
    e: float
    stable: bool
    kind: str

    def as_dict(self) -> dict:
        return {"n_A": self.n_A, "S": self.S, "bracket": list(self.bracket), "e": self.e, "stable": self.stable,
                "kind": self.kind}


@dataclass(frozen=True, repr=False)
class Depletion(OfGame, Result):
    """A depletion run (see the module docstring).

    Per period ``t`` (arrays of length ``T``): stock ``S`` (at the start of the period), its certified
    radius ``S_radius`` (0 where exact), regional effect ``e``, configuration ``n_A`` at the end of the
    period, welfare ``W`` and output ``X``; ``S_exact``/``e_exact`` hold the exact values of the exact
    periods (``None`` elsewhere).  ``dissolution`` is the first period with ``n_A`` below ``start``
    (``None`` if none); ``e_star`` the threshold behind it
    (:class:`~gametheory.analysis.thresholds.Threshold` or ``None``) and ``critical_stock`` the exact
    :math:`S^*` (sympy) with ``critical_stock_value`` its float.
    """

    game: Any
    S0: Fraction
    zeta: Fraction
    rho: Fraction
    eta: Fraction
    T: int
    moves: int | None
    start: int
    S: np.ndarray
    S_radius: np.ndarray
    e: np.ndarray
    n_A: np.ndarray
    W: np.ndarray
    X: np.ndarray
    S_exact: tuple
    e_exact: tuple
    final_stock: float
    dissolution: int | None
    e_star: Any
    critical_stock: Any
    critical_stock_value: float | None
    steady_states: tuple
    exact_periods: int
    replays: int
    evaluations: int

    _repr_fields = ("T", "start", "dissolution", "critical_stock_value")

    @property
    def t(self) -> np.ndarray:
        return np.arange(self.T)

    @property
    def exhausted(self) -> int | None:
        """The first period with an exhausted stock (``S_t = 0`` exactly), or ``None``."""
        for t, s in enumerate(self.S_exact):
            if s is not None and s == 0:
                return t
        hit = np.flatnonzero((self.S == 0) & (self.S_radius == 0))
        return int(hit[0]) if hit.size else None

    def periods(self) -> list[dict]:
        """``{t, S, e, n_A, W, X}`` per period (floats)."""
        return [{"t": int(t), "S": float(s), "e": float(e), "n_A": int(k), "W": float(w), "X": float(x)}
                for t, s, e, k, w, x in zip(range(self.T), self.S, self.e, self.n_A, self.W, self.X)]

    def as_dict(self) -> dict:
        """The JSON of ``gametheory deplete --json``."""
        cs = self.critical_stock
        return {"model": self.model.name, "n_firms": self.N, "params": jsonable(dict(self.params)),
                "S0": float(self.S0), "zeta": float(self.zeta), "rho": float(self.rho), "eta": float(self.eta),
                "T": self.T, "moves": self.moves, "start": self.start, "periods": self.periods(),
                "dissolution": self.dissolution, "critical_stock": self.critical_stock_value,
                "critical_stock_exact": None if cs is None else str(cs),
                "e_star": None if self.e_star is None else {"value": self.e_star.value,
                                                           "exact": self.e_star.exact_text,
                                                           "k": self.e_star.k},
                "exhausted": self.exhausted, "final_stock": self.final_stock,
                "steady_states": [s.as_dict() for s in self.steady_states],
                "exact_periods": self.exact_periods, "max_stock_radius": float(np.max(self.S_radius))}

    def write_csv(self, path) -> int:
        """Write ``t,S,e,n_A,W,X`` rows; returns the number of rows."""
        import csv

        with open(path, "w", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["t", "S", "e", "n_A", "W", "X"])
            for p in self.periods():
                w.writerow([p["t"], repr(p["S"]), repr(p["e"]), p["n_A"], repr(p["W"]), repr(p["X"])])
        return self.T

    def to_text(self, limit: int = 60) -> str:
        params_changed = [f"{n}={v}" for n, v in self.params.items()
                          if v != self.model.space.specs[n].default]
        L = [f"Depletion of the {self.model.title.lower()} (N = {self.N}"
             + (", " + ", ".join(params_changed) if params_changed else "") + f"): S0 = {self.S0}, "
             f"zeta = {self.zeta}, rho = {self.rho}, eta = {self.eta}, T = {self.T}, start n_A = {self.start}"
             + (f", at most {self.moves} moves a period" if self.moves is not None else "")]
        L.append(f"{'t':>6} {'S_t':>14} {'e_t':>12} {'n_A':>6} {'W_t':>12} {'X_t':>12}")
        rows = range(self.T)
        if self.T > limit:
            keep = set(range(5)) | set(range(self.T - 3, self.T))
            change = np.flatnonzero(np.diff(self.n_A) != 0) + 1
            for c in change[:10]:
                keep |= {int(c) - 1, int(c)}
            ex = self.exhausted
            if ex is not None:
                keep |= {ex - 1, ex}
            rows = sorted(t for t in keep if 0 <= t < self.T)
        last = -1
        for t in rows:
            if t != last + 1:
                L.append(f"{'...':>6}")
            L.append(f"{t:>6} {self.S[t]:>14.6g} {self.e[t]:>12.6g} {int(self.n_A[t]):>6} {self.W[t]:>12.6g} "
                     f"{self.X[t]:>12.6g}")
            last = t
        if last != self.T - 1:
            L.append(f"{'...':>6}")
        if self.dissolution is None:
            L.append(f"no dissolution: n_A never falls below {self.start}")
        else:
            t = self.dissolution
            L.append(f"dissolution at t = {t}: n_A {int(self.n_A[t - 1]) if t else self.start} -> "
                     f"{int(self.n_A[t])} (e_{t} = {self.e[t]:.6g})")
        if self.e_star is not None:
            es = self.e_star
            L.append(f"threshold e* = {es.exact_text + ' = ' if es.closed_form else ''}{es.value:.10g} "
                     f"(Pi_A({es.k}) = Pi_B({es.k - 1}))")
            L.append("critical stock S* = S0 (e*/e)^(1/eta) = "
                     + (f"{self.critical_stock} = " if self.critical_stock is not None and
                        len(str(self.critical_stock)) < 80 else "") + f"{self.critical_stock_value:.10g}")
        else:
            L.append("critical stock: none (the start configuration stays an equilibrium as the effect erodes, or "
                     "is not one at the initial stock)")
        ex = self.exhausted
        L.append(f"high-grade stock exhausted at t = {ex} (S_{ex} = 0)" if ex is not None else
                 f"stock after the last period: S_{self.T} = {self.final_stock:.6g}")
        if self.rho > 0:
            if self.steady_states:
                for s in self.steady_states:
                    L.append(f"steady state with n_A = {s.n_A}: S = {s.S:.10g} (e = {s.e:.6g}), {s.kind}, "
                             f"{'stable' if s.stable else 'unstable'}")
            else:
                L.append(f"no steady state of the stock with n_A = {int(self.n_A[-1])}")
        L.append(f"arithmetic: {self.exact_periods} exact period{'s' if self.exact_periods != 1 else ''}, "
                 f"{self.T - self.exact_periods} certified (largest stock radius {float(np.max(self.S_radius)):.2g})"
                 + (f", {self.replays} exact replay{'s' if self.replays != 1 else ''}" if self.replays else ""))
        return "\n".join(L)

    #: The plot function (in the plots layer), named as data so that results do not import plots.
    _plotter = "gametheory.plots.dynamics:plot_depletion"

    def plot(self, ax=None, **kwargs):
        """Draw the depletion panel (:func:`gametheory.plots.dynamics.plot_depletion`; ``ax``: four Axes or None);
        returns the Figure."""
        from gametheory.analysis.paths import _plot

        return _plot(self, ax=ax, **kwargs)


# ---------------------------------------------------------- the runner
class _Runner:
    """One depletion run: the exact phase, the certified phase (batched), the exact fallback."""

    def __init__(self, model, N, params, S0, zeta, rho, eta, T, moves, start, arithmetic):
        self.model, self.N, self.params = model, N, params
        self.S0, self.zeta, self.rho, self.eta, self.T, self.moves = S0, zeta, rho, eta, T, moves
        self.e = params["e"]
        self.arithmetic = arithmetic
        self.eta_int = eta.denominator == 1
        self.fixed = {n: v for n, v in params.items() if n != "e"}
        from gametheory.arith import Ball

        self.fixed_balls = {n: Ball.exact(v) for n, v in self.fixed.items()}
        self.rec_S, self.rec_Srad, self.rec_e, self.rec_k, self.rec_W, self.rec_X = [], [], [], [], [], []
        self.rec_Sx, self.rec_ex = [], []
        self.k = start
        self.at_rest = False
        self.direction = 0           # of the last move: -1 (a firm left A), +1 (a firm entered A), 0 (none)
        self.checkpoint: tuple[int, Fraction] | None = None
        self.replays = 0
        self.evaluations = 0
        self.batch = 64
        self.cooldown = 0            # no batch attempt before this period (after a failed one)
        self.check_domain_each = rho > 1      # only then can the stock exceed S0 (e_t beyond e)

    # ------------------------------------------------------------ helpers
    def _record(self, S, Srad, e, k, W, X, Sx=None, ex=None):
        self.rec_S.append(S)
        self.rec_Srad.append(Srad)
        self.rec_e.append(e)
        self.rec_k.append(k)
        self.rec_W.append(W)
        self.rec_X.append(X)
        self.rec_Sx.append(Sx)
        self.rec_ex.append(ex)

    def e_exact(self, S: Fraction):
        """``e (S/S0)^eta`` exactly, or None when irrational."""
        r = S / self.S0
        if self.eta == 0:
            return self.e
        if r == 0:
            return Fraction(0)
        if r == 1:
            return self.e
        if self.eta_int:
            return self.e * r ** int(self.eta)
        return None

    def exact_size(self, S: Fraction) -> int:
        """Bits of the exact stock ``S`` and (an upper bound, computed without the power) of ``e_t``."""
        eta_bits = int(self.eta) * _bits(S / self.S0) if self.eta_int else 0
        return max(_bits(S), _bits(self.e) + eta_bits)

    def exact_ok(self, S: Fraction) -> bool:
        if S == 0 or S == self.S0:
            return True
        if self.eta != 0 and not self.eta_int:
            return False                  # e_t is irrational
        size = self.exact_size(S)
        if self.arithmetic == "exact":
            if size > REPLAY_BITS:
                raise UserInputError(
                    f"arithmetic='exact': the exact stock or effect has grown past {REPLAY_BITS} bits (the stock's "
                    "size doubles each period when rho > 0 or eta >= 2, and e_t has eta times its size); use "
                    "arithmetic='auto' (exact while cheap, then certified) or a shorter T")
            return True
        if self.arithmetic == "certified":
            return False
        return size <= EXACT_BITS

    def _domain_exact(self, t, e_t):
        if not self.check_domain_each:
            return
        try:
            self.model.check_domain(self.N, self.params.replace(e=e_t))
        except UserInputError as exc:
            raise UserInputError(f"period {t}: the regional effect e_{t} = {float(e_t):.6g} leaves the model's "
                                 f"domain: {exc}") from None

    # --------------------------------------------------------- exact period
    def exact_period(self, t: int, S: Fraction) -> Fraction:
        """Period ``t`` from the exact stock ``S``; returns the exact next stock."""
        from gametheory.analysis.dynamics import PayoffOracle, walk

        e_t = self.e_exact(S)
        self._domain_exact(t, e_t)
        values = dict(self.fixed, e=e_t)
        oracle = PayoffOracle(self.model, self.N, values, prefer_exact=True, where=f" in period {t}")
        visited, movers, self.at_rest = walk(oracle, self.k, self.moves)
        self.k = visited[-1]
        self.direction = 0 if not movers else (-1 if movers[-1] == "A" else 1)
        w = self.model.welfare(self.N, Fraction(self.k), values)
        self.evaluations += oracle.evaluations + 1
        X = _to_exact(w["X_A"] + w["X_B"])
        W = w["W"]
        nxt = S - self.zeta * X + self.rho * S * (1 - S / self.S0)
        nxt = nxt if nxt > 0 else Fraction(0)
        self._record(float(S), 0.0, float(e_t), self.k, float(W), float(X), S, e_t)
        return nxt

    # ------------------------------------------------------ ball machinery
    def _e_ball(self, Sa, lo, hi):
        """Certified enclosure of ``e (S/S0)^eta`` for the stock ``Sa`` (an affine form over ``[lo, hi]``,
        ``lo >= 0``): affine in the stock's noise symbol for an integer ``eta``, a ball otherwise."""
        from gametheory.arith import Ball

        if self.eta == 0:
            return Ball.exact(self.e) * Ball(np.ones_like(lo))
        if self.eta_int:
            return Ball.exact(self.e) * (Sa / Ball.exact(self.S0)) ** int(self.eta)
        from gametheory.analysis._affine import power

        return Ball.exact(self.e) * power(Sa / Ball.exact(self.S0), self.eta)

    def _values(self, e_ball) -> dict:
        return dict(self.fixed_balls, e=e_ball)

    def _stock_ball(self, mid, rad):
        """The enclosure ``[mid - rad, mid + rad]`` cut at 0, as ``(lo, hi, affine form of the stock)``."""
        from gametheory.analysis._affine import Affine

        lo = np.maximum(_down(mid - rad), 0.0)
        hi = np.maximum(_up(mid + rad), 0.0)
        return lo, hi, Affine.interval(lo, hi)

    def _next_stock(self, Sa, X):
        """Certified pre-clamp ``S - zeta X + rho S (1 - S/S0)`` (affine in the stock where possible)."""
        G = Sa - Ball_exact(self.zeta) * X
        if self.rho:
            G = G + Ball_exact(self.rho) * Sa * (1 - Sa / Ball_exact(self.S0))
        return G

    def _domain_ball(self, values, shape) -> np.ndarray:
        """Where the model's domain certainly holds (vectorised)."""
        from gametheory.arith import Ball

        ok = np.ones(shape, dtype=bool)
        if not self.check_domain_each:
            return ok
        with np.errstate(all="ignore"):
            for c in self.model.domain(self.N, values):
                v = c.value if isinstance(c.value, Ball) else Ball.exact(c.value)
                m = np.broadcast_to(np.asarray(v.mid, float), shape)
                r = np.broadcast_to(np.asarray(v.rad, float), shape)
                ok &= (m > r) if c.rel == ">" else (m >= r)
        return ok

    # --------------------------------------------------------- ball period
    def ball_period(self, t: int, mid: float, rad: float):
        """Period ``t`` from the enclosure ``mid +- rad``; returns the next ``(mid, rad)`` or an exact 0."""
        from gametheory.analysis.dynamics import PayoffOracle, walk

        lo, hi, Sa = self._stock_ball(np.array([mid]), np.array([rad]))
        eb = self._e_ball(Sa, lo, hi)[0]
        values = self._values(eb)
        if not self._domain_ball(values, ())[()]:
            raise _NeedExact(t)
        oracle = PayoffOracle(self.model, self.N, None, values, where=f" in period {t}")
        reach = 8 if self.moves is None else self.moves   # the configurations a walk of this period may need
        oracle.fetch(self.k - reach - 1, self.k + reach + 1)
        visited, movers, at_rest = walk(oracle, self.k, self.moves)
        self.direction = 0 if not movers else (-1 if movers[-1] == "A" else 1)
        with np.errstate(all="ignore"):
            w = self.model.welfare(self.N, float(visited[-1]), values)
        self.evaluations += oracle.evaluations + 1
        X = _ball(w["X_A"]) + _ball(w["X_B"])
        W = _ball(w["W"])
        G = self._next_stock(Sa[0], X)
        self.k, self.at_rest = visited[-1], at_rest
        self._record(mid, rad, float(np.ravel(eb.mid)[0]), self.k, float(np.ravel(W.mid)[0]),
                     float(np.ravel(X.mid)[0]))
        return self._clamp(float(np.ravel(G.mid)[0]), float(np.ravel(G.rad)[0]))

    @staticmethod
    def _clamp(m: float, r: float):
        """The post-clamp state of a pre-clamp ball: exact ``Fraction(0)`` if surely <= 0, else ``(mid, rad)``."""
        if not np.isfinite(r):
            raise _Overflow()
        hi = _up(m + r * (1 + 4 * _U))
        if hi <= 0:
            return Fraction(0)
        lo = _down(m - r * (1 + 4 * _U))
        if lo >= 0:
            return (m, r)
        return (hi / 2, _up(hi / 2) * (1 + 4 * _U))

    # -------------------------------------------------------------- batch
    def batch_periods(self, t0: int, mid0: float, rad0: float):
        """Certify as many periods as possible from ``t0``: with ``self.k`` at rest (or frozen, ``moves = 0``), or,
        during an adjustment at speed ``M``, making exactly ``M`` moves a period in the direction of the last move.
        Returns ``(periods done, next state)`` (``(0, None)`` when the first period is not certified)."""
        B = min(self.batch, self.T - t0)
        M, d = self.moves, self.direction
        moving = not self.at_rest and M is not None and M > 0 and d != 0
        if moving:                      # end configurations must stay in 0..N
            B = min(B, (self.k if d < 0 else self.N - self.k) // M)
        if B < 4:
            return 0, None
        starts = self.k + (d * M * np.arange(B) if moving else np.zeros(B, dtype=int))
        ends = starts + (d * M if moving else 0)
        self._mode = (moving, starts, ends)
        pred = self._predict(mid0, B)
        if pred is None:
            self.batch = max(8, self.batch // 2)
            return 0, None
        S_pred = pred                      # length B + 1
        scale = np.maximum(np.abs(S_pred), 1.0)
        delta = np.empty(B + 1)
        delta[0] = rad0
        delta[1:] = rad0 * (1 + 2.0 ** -20) + np.arange(1, B + 1) * 16 * _U * float(np.max(scale))
        ok_upto = 0
        for attempt in range(4):
            res = self._certify(S_pred, delta, B)
            ok_upto, need, amp, status, recs, G = res
            if ok_upto == B or status[ok_upto] != 1 and ok_upto > 0 or attempt == 3:
                break
            if ok_upto == 0 and status[0] != 1:
                return 0, None
            # radii by the recursion delta_{t+1} = R_{t+1}(delta_t): the post-clamp image of a pre-clamp ball
            # whose radius grows like amp_t * delta_t, with a margin (the rounding floor is in `floor`)
            gm, floor = G.mid, need
            new = delta.copy()
            for i in range(B):
                rr = amp[i] * new[i] * (1 + 2.0 ** -20) + 2 * floor[i]
                lo_i, hi_i = max(gm[i] - rr, 0.0), max(gm[i] + rr, 0.0)
                want = max(S_pred[i + 1] - lo_i, hi_i - S_pred[i + 1], 0.0) * (1 + 2.0 ** -20) \
                    + 16 * _U * scale[i + 1]
                new[i + 1] = max(new[i + 1], want)
            delta = new
        n = ok_upto
        if n == 0:
            return 0, None
        # the verified enclosures can be tightened to the images: [S_{t+1} -+ R_{t+1}] contains the post-clamp
        # image of [S_t -+ delta_t] (R <= delta by the inclusion just checked); an image surely <= 0 is an exact 0
        gm, gr = G.mid, G.rad
        glo = np.maximum(_down(gm - gr * (1 + 4 * _U)), 0.0)
        ghi = np.maximum(_up(gm + gr * (1 + 4 * _U)), 0.0)
        nxt = S_pred[1:]                    # the predicted next stocks
        R = _up(np.maximum(nxt - glo, ghi - nxt))
        radii = np.r_[delta[0], np.minimum(R, delta[1:])]
        for i in range(n):
            zero = i > 0 and ghi[i - 1] == 0.0
            self._record(0.0 if zero else float(S_pred[i]), 0.0 if zero else float(radii[i]), recs[0][i],
                         int(ends[i]), recs[1][i], recs[2][i], Fraction(0) if zero else None,
                         self.e_exact(Fraction(0)) if zero else None)
        self.evaluations += (M + 3 if moving else 4) * n     # payoffs of the configurations involved, one welfare
        if moving:
            self.k, self.at_rest = int(ends[n - 1]), False
        if n == B:
            self.batch = min(2 * self.batch, 2048)
        # the state at the start of period t0 + n: an exact 0, or [S_pred[n] -+ R_n]
        if ghi[n - 1] == 0.0:
            return n, Fraction(0)
        return n, (float(S_pred[n]), float(radii[n]))

    def _predict(self, mid0: float, B: int):
        """Float stocks ``S_0..S_B`` along the batch's configurations (Picard sweeps, vectorised); None if no
        convergence."""
        e = float(self.e)
        S0 = float(self.S0)
        zeta, rho, eta = float(self.zeta), float(self.rho), float(self.eta)
        fixed = {n: float(v) for n, v in self.fixed.items()}
        S = np.full(B + 1, mid0)
        for _ in range(60):
            ee = e * (np.maximum(S[:-1], 0.0) / S0) ** eta if eta else np.full(B, e)
            with np.errstate(all="ignore"):
                w = self.model.welfare(self.N, self._mode[2].astype(float), dict(fixed, e=ee))
            X = np.broadcast_to(np.asarray(w["X_A"], float) + np.asarray(w["X_B"], float), (B,))
            new = np.empty(B + 1)
            new[0] = mid0
            if rho == 0:
                new[1:] = mid0 - zeta * np.cumsum(X)
                neg = np.flatnonzero(new <= 0)
                if neg.size:
                    new[neg[0]:] = 0.0
            else:
                s = mid0
                for i in range(B):
                    s = s - zeta * X[i] + rho * s * (1 - s / S0)
                    s = s if s > 0 else 0.0
                    new[i + 1] = s
            if not np.all(np.isfinite(new)):
                return None
            diff = np.max(np.abs(new - S))
            S = new
            if diff <= 4 * _U * max(np.max(np.abs(S)), 1e-300):
                return S
        return None

    def _certify(self, S_pred, delta, B):
        """One vectorised ball evaluation over the batch: the first period not certified, and the data to
        enlarge the radii."""
        from gametheory.arith import Ball

        lo, hi, Sa = self._stock_ball(S_pred[:-1], delta[:-1])
        eb = self._e_ball(Sa, lo, hi)
        values = self._values(eb)
        moving, starts, ends = self._mode
        with np.errstate(all="ignore"):
            w = self.model.welfare(self.N, ends.astype(float), values)
            X = _ball(w["X_A"]) + _ball(w["X_B"])
            W = _ball(w["W"])
            G = self._next_stock(Sa, X)
            status = (_moving_status_ball(self.model, self.N, starts, self.direction, self.moves, values, B) if moving
                      else _rest_status_ball(self.model, self.N, self.k, values, B))
        dom = self._domain_ball(values, (B,))
        gm = np.broadcast_to(np.asarray(G.mid, float), (B,))
        gr = np.broadcast_to(np.asarray(G.rad, float), (B,))
        # post-clamp image [max(lo,0), max(hi,0)] must lie in [S_{t+1} -+ delta_{t+1}]
        glo = np.maximum(_down(gm - gr * (1 + 4 * _U)), 0.0)
        ghi = np.maximum(_up(gm + gr * (1 + 4 * _U)), 0.0)
        nxt, nrad = S_pred[1:], delta[1:]   # the predicted next stocks and their radii
        tgt_lo = _down(nxt - nrad)
        tgt_hi = _up(nxt + nrad)
        incl = (glo >= tgt_lo) & (ghi <= tgt_hi) & np.isfinite(gr)
        good = ((status == 1) | (self.moves == 0)) & dom     # with no moves allowed nothing needs deciding
        bad_dec = np.flatnonzero(~good)
        stop_dec = int(bad_dec[0]) if bad_dec.size else B
        bad_inc = np.flatnonzero(~incl[:stop_dec])
        ok_upto = int(bad_inc[0]) if bad_inc.size else stop_dec
        # the image's radius is (nearly) proportional to the input radius (amp), plus a rounding floor
        with np.errstate(all="ignore"):
            amp = np.where(delta[:-1] > 0, gr / np.maximum(delta[:-1], 1e-300), 0.0)
        amp = np.where(np.isfinite(amp), amp, 1e300)
        need = np.where(delta[:-1] > 0, 64 * _U * (np.abs(gm) + 1.0), gr)
        em = np.broadcast_to(np.asarray(eb.mid, float), (B,))
        Wm = np.broadcast_to(np.asarray(W.mid, float), (B,))
        Xm = np.broadcast_to(np.asarray(X.mid, float), (B,))
        return ok_upto, need, amp, np.where(good, 1, 0), (em.tolist(), Wm.tolist(), Xm.tolist()), Ball(gm, gr)

    # ------------------------------------------------------- exact replay
    def replay(self, t: int) -> Fraction:
        """The exact stock at the start of period ``t``, replayed from the last exact stock."""
        if self.checkpoint is None or not self.eta_int:
            raise _CannotReplay()
        tc, S = self.checkpoint
        for s in range(tc, t):
            if self.exact_size(S) > REPLAY_BITS:
                raise _CannotReplay()
            e_s = self.e_exact(S)
            values = dict(self.fixed, e=e_s)
            w = self.model.welfare(self.N, Fraction(self.rec_k[s]), values)
            X = _to_exact(w["X_A"] + w["X_B"])
            S = S - self.zeta * X + self.rho * S * (1 - S / self.S0)
            S = S if S > 0 else Fraction(0)
            if _bits(S) > REPLAY_BITS:
                raise _CannotReplay()
        self.replays += 1
        return S

    # ---------------------------------------------------------------- run
    def run(self):
        T = self.T
        state: Any = self.S0          # an exact Fraction, or (mid, rad)
        t = 0
        while t < T:
            if isinstance(state, Fraction) and self.exact_ok(state):
                nxt = self.exact_period(t, state)
                t += 1
                if nxt == state and self.at_rest:
                    self._fill(t)     # the same exact state at rest: the same period forever
                    state = nxt
                    break
                state = nxt
                continue
            if isinstance(state, Fraction):
                self.checkpoint = (t, state)
                state = _ball_of(state)
            mid, rad = state
            moving = self.moves is not None and self.moves > 0 and self.direction != 0 and not self.at_rest
            if (self.at_rest or self.moves == 0 or moving) and t >= self.cooldown:
                with np.errstate(all="ignore"):               # non-finite radii simply fail the verification
                    n, nxt = self.batch_periods(t, mid, rad)  # at rest, frozen, or moving at full speed
                if n:
                    t += n
                    state = nxt
                    continue
                self.cooldown = t + 4                         # a batch failed here: a few single periods first
            from gametheory.analysis.dynamics import Undecided

            try:
                with np.errstate(all="ignore"):
                    state = self.ball_period(t, mid, rad)
            except (Undecided, _NeedExact, _Overflow) as exc:
                self._enclosure = (mid, rad)
                state = self._fallback(t, exc)
            t += 1
        self.final_state = state

    def _fallback(self, t: int, why) -> Any:
        """Period ``t`` in exact arithmetic after an exact replay (drops the records from ``t`` on)."""
        del self.rec_S[t:], self.rec_Srad[t:], self.rec_e[t:], self.rec_k[t:], self.rec_W[t:], self.rec_X[t:]
        del self.rec_Sx[t:], self.rec_ex[t:]
        try:
            S = self.replay(t)
        except _CannotReplay:
            if isinstance(why, _Overflow):
                raise UserInputError(f"period {t}: the certified stock enclosure overflows (the stock dynamics "
                                     f"are too unstable for double precision, e.g. chaotic regeneration rho = "
                                     f"{self.rho}); shorten the run (--T)") from None
            detail = (getattr(why, "what", "") or "the model's domain").removesuffix(f" in period {t}")
            m, r = getattr(self, "_enclosure", (float("nan"), float("nan")))
            raise UserInputError(
                f"period {t}: the move cannot be decided: the certified stock S_{t} in [{m - r:.10g}, {m + r:.10g}] "
                f"does not decide {detail}, and the exact stock cannot be recomputed ("
                + ("eta is not an integer, so e_t is irrational" if not self.eta_int else
                   f"it would exceed {REPLAY_BITS} bits") + "); change T or the parameters slightly") from None
        return self.exact_period(t, S)

    def _fill(self, t_from: int) -> None:
        n = self.T - t_from
        if n <= 0:
            return
        last = [r[-1] for r in (self.rec_S, self.rec_Srad, self.rec_e, self.rec_k, self.rec_W, self.rec_X,
                                self.rec_Sx, self.rec_ex)]
        for r, v in zip((self.rec_S, self.rec_Srad, self.rec_e, self.rec_k, self.rec_W, self.rec_X, self.rec_Sx,
                         self.rec_ex), last):
            r.extend([v] * n)


class _NeedExact(Exception):
    def __init__(self, t):
        super().__init__(t)
        self.what = "whether e_t stays in the model's domain"


class _Overflow(Exception):
    pass


class _CannotReplay(Exception):
    pass


def Ball_exact(x):
    from gametheory.arith import Ball

    return Ball.exact(x)


def _ball(x):
    from gametheory.arith import Ball

    return x if isinstance(x, Ball) else Ball(np.asarray(x, dtype=float))


def _ball_of(S: Fraction) -> tuple[float, float]:
    m = float(S)
    return (m, 0.0 if Fraction(m) == S else _up(_U * abs(m)) + _ETA)


def _to_exact(x):
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    if getattr(x, "is_Rational", False):
        return Fraction(int(x.p), int(x.q))
    raise UserInputError(f"the model's output is not a rational number at a rational point ({x}); the exact "
                         "depletion recursion needs rational outputs")


def _moving_status_ball(model, N: int, starts, d: int, M: int, values, B: int) -> np.ndarray:
    """1 where the period starting at ``starts[i]`` certainly makes ``M`` moves in direction ``d``: the first
    decision certainly goes that way (the opposite gain certainly <= 0) and the same-side gain stays certainly
    positive for ``M`` configurations; else 0.  Shape ``(B,)``.

    With ``k`` firms in A: leaving A gains ``-D_k``, entering gains ``D_(k+1)``.  Moves down (``d < 0``) need
    ``-D_(k-j) > 0`` for ``j = 0..M-1`` and ``D_(k+1) <= 0`` (unless ``k = N``); moves up need ``D_(k+1+j) > 0``
    and ``-D_k <= 0`` (unless ``k = 0``)."""
    off = np.arange(-M + 1, 2) if d < 0 else np.arange(0, M + 1)       # gaps D_(k + off)
    J = starts[None, :].astype(float) + off[:, None]
    with np.errstate(all="ignore"):
        D = _ball(model.gaps_at(N, np.clip(J, 1, N), values))
    mid = np.broadcast_to(np.asarray(D.mid, float), J.shape)
    rad = np.broadcast_to(np.asarray(D.rad, float), J.shape)
    ok_num = np.isfinite(mid) & np.isfinite(rad)
    pos = ok_num & (mid - rad > 0)          # D certainly > 0
    neg = ok_num & (mid + rad < 0)          # D certainly < 0
    nonneg = ok_num & (mid - rad >= 0)      # D certainly >= 0
    nonpos = ok_num & (mid + rad <= 0)      # D certainly <= 0
    row = {int(o): i for i, o in enumerate(off)}
    k = np.asarray(starts)
    if d < 0:
        ok = np.all(neg[[row[-j] for j in range(M)]], axis=0)              # -D_(k-j) > 0
        ok &= (k >= N) | nonpos[row[1]]                                      # D_(k+1) <= 0
    else:
        ok = np.all(pos[[row[j + 1] for j in range(M)]], axis=0)            # D_(k+1+j) > 0
        ok &= (k <= 0) | nonneg[row[0]]                                      # -D_k <= 0
    return ok.astype(np.int8)


def _rest_status_ball(model, N: int, k: int, values, B: int) -> np.ndarray:
    """1 where configuration ``k`` is certainly at rest (``D_k >= 0`` unless ``k = 0``, ``D_(k+1) <= 0`` unless
    ``k = N``, both certain), else 0; shape ``(B,)``."""
    ok = np.ones(B, dtype=bool)
    js = [j for j in (k, k + 1) if 1 <= j <= N]
    with np.errstate(all="ignore"):
        D = _ball(model.gaps_window(N, js[0], js[-1], values))
    mid = np.broadcast_to(np.asarray(D.mid, float), (len(js), B))
    rad = np.broadcast_to(np.asarray(D.rad, float), (len(js), B))
    for i, j in enumerate(js):
        m, r = mid[i], rad[i]
        fin = np.isfinite(m) & np.isfinite(r)
        ok &= fin & ((m - r >= 0) if j == k else (m + r <= 0))
    return ok.astype(np.int8)


# ------------------------------------------------------------ thresholds
def critical_stock(game, start: int, S0, eta):
    """``(e*, S*, float S*)`` for configuration ``start`` of ``game`` (see the module docstring); ``(None, None,
    None)`` when the configuration stays an equilibrium as the effect erodes, is not one at ``e``, or ``eta = 0``."""
    import sympy as sp

    from gametheory.analysis.dynamics import gap_thresholds

    N = game.N
    e = game.params["e"]
    S0, eta = Fraction(S0), Fraction(eta)
    if eta == 0 or e == 0:
        return None, None, None
    if start not in game.pure_equilibria():
        return None, None, None
    lo, hi = (Fraction(0), e) if e > 0 else (e, Fraction(0))
    down = e > 0                  # the effect erodes downwards
    cands = []
    if start >= 1:                # needs D_K >= 0: broken where D_K changes sign in the erosion's direction
        cands += [th for th in gap_thresholds(game, start, "e", lo, hi) if th.increasing == down]
    if start <= N - 1:            # needs D_{K+1} <= 0
        cands += [th for th in gap_thresholds(game, start + 1, "e", lo, hi) if th.increasing != down]
    if not cands:
        return None, None, None
    th = min(cands, key=lambda c: abs(c.value - float(e)))
    if th.exact is not None:
        ratio = th.exact / sp.Rational(e.numerator, e.denominator)
        S_star = sp.Rational(S0.numerator, S0.denominator) * ratio ** sp.Rational(eta.denominator, eta.numerator)
        S_star = sp.radsimp(sp.expand(S_star)) if eta == 1 else S_star
        return th, S_star, float(sp.N(S_star, 30))
    return th, None, float(S0) * (th.value / float(e)) ** (1 / float(eta))


def _steady_states(model, N: int, params, k: int, S0, zeta, rho, eta) -> tuple[SteadyState, ...]:
    """Steady states of the stock with configuration ``k`` held (certified brackets; see the module docstring)."""
    from scipy.optimize import brentq

    if rho <= 0:
        return ()
    fixed = {n: float(v) for n, v in params.items() if n != "e"}
    e, S0f, z, r, et = float(params["e"]), float(S0), float(zeta), float(rho), float(eta)

    def X_of(S):
        S = np.atleast_1d(np.asarray(S, float))
        ee = e * (np.maximum(S, 0) / S0f) ** et if et else np.full(S.shape, e)
        with np.errstate(all="ignore"):
            w = model.welfare(N, float(k), dict(fixed, e=ee))
        return np.broadcast_to(np.asarray(w["X_A"], float) + np.asarray(w["X_B"], float), S.shape)

    def F(S):
        S = np.atleast_1d(np.asarray(S, float))
        return r * S * (1 - S / S0f) - z * X_of(S)

    runner = _Runner(model, N, params, Fraction(S0), Fraction(zeta), Fraction(rho), Fraction(eta), 1, None, k,
                     "certified")

    def F_ball_sign(S: float) -> int:
        lo, hi, Sb = runner._stock_ball(np.array([S]), np.array([0.0]))
        eb = runner._e_ball(Sb, lo, hi)
        vals = runner._values(eb)
        w = model.welfare(N, float(k), vals)
        Xb = _ball(w["X_A"]) + _ball(w["X_B"])
        G = Ball_exact(rho) * Sb * (1 - Sb / Ball_exact(S0)) - Ball_exact(zeta) * Xb
        m, rr = float(np.ravel(G.mid)[0]), float(np.ravel(G.rad)[0])
        return 1 if m > rr else -1 if m < -rr else 0

    def at_rest(S: float) -> bool:
        lo, hi, Sb = runner._stock_ball(np.array([S]), np.array([0.0]))
        vals = runner._values(runner._e_ball(Sb, lo, hi))
        return bool(_rest_status_ball(model, N, k, vals, 1)[0] == 1)

    out = []
    X0 = float(X_of(0.0)[0])
    if at_rest(0.0) and z * X0 > 0:
        out.append(SteadyState(k, 0.0, (0.0, 0.0), float(e * 0 ** et) if et else e, True, "extinction"))
    grid = np.linspace(0.0, S0f, 2001)
    vals = F(grid)
    sgn = np.sign(vals)
    for i in np.flatnonzero(sgn[:-1] * sgn[1:] < 0):
        a, b = grid[i], grid[i + 1]
        x = brentq(lambda s: float(F(s)[0]), a, b, xtol=1e-14 * max(S0f, 1.0))
        d = 1e-9 * max(S0f, 1.0)
        la, lb = max(x - d, a), min(x + d, b)
        sa, sb = F_ball_sign(la), F_ball_sign(lb)
        if sa == 0 or sb == 0 or sa == sb:
            la, lb = a, b
            sa, sb = F_ball_sign(la), F_ball_sign(lb)
            if sa == 0 or sb == 0 or sa == sb:
                continue
        if not at_rest(x):
            continue
        h = 1e-6 * max(S0f, 1.0)
        dF = float((F(min(x + h, S0f))[0] - F(max(x - h, 0.0))[0]) / (min(x + h, S0f) - max(x - h, 0.0)))
        e_x = e * (x / S0f) ** et if et else e
        out.append(SteadyState(k, float(x), (float(la), float(lb)), float(e_x), bool(abs(1 + dF) < 1), "interior"))
    return tuple(out)


# ------------------------------------------------------------------- API
def deplete(game, *, S0=300, zeta=1, rho=0, eta=1, T: int = 40, moves: int | None = None, start=None,
            arithmetic: str = "auto", steady_states: bool = True) -> Depletion:
    """The depletion run of ``game`` (a model with the regional effect ``e`` and welfare) over ``T`` periods.

    ``S0 > 0`` initial stock, ``zeta >= 0`` reserves used per unit of output, ``rho >= 0`` logistic
    regeneration, ``eta >= 0`` elasticity of the effect to the stock (exact values: ``"1/2"``,
    ``0.25``, Fractions), ``moves`` at most that many single moves a period (``None``: adjust to
    rest), ``start`` the configuration at ``t = 0`` (default ``N``).  ``arithmetic``: ``"auto"``
    (exact while cheap, then certified), ``"exact"`` (exact throughout; integer ``eta`` only; refused
    once the exact stock passes :data:`REPLAY_BITS` bits) or ``"certified"`` (certified balls from the start).

    >>> import gametheory as gt
    >>> run = gt.AgglomerationGame(N=20).deplete(T=40)
    >>> run.dissolution, int(run.n_A[14]), int(run.n_A[15]), run.exhausted
    (15, 20, 5, 23)
    """
    from gametheory.analysis.dynamics import parse_start
    from gametheory.models.base import check_N

    model = game.model
    N = check_N(game.N)
    if "e" not in model.space.names:
        raise UserInputError(f"depletion erodes the regional effect e of the resource game; the {model.name} model "
                             f"has no parameter e")
    S0 = parse_value(S0, "S0")
    zeta, rho, eta = parse_value(zeta, "zeta"), parse_value(rho, "rho"), parse_value(eta, "eta")
    if not S0 > 0:
        raise UserInputError(f"S0 (the initial stock) must be > 0; got {S0}")
    for name, v in (("zeta", zeta), ("rho", rho), ("eta", eta)):
        if v < 0:
            raise UserInputError(f"{name} must be >= 0; got {v}")
    if isinstance(T, bool) or not isinstance(T, (int, np.integer)) or T < 1:
        raise UserInputError(f"T (the number of periods) must be an integer >= 1; got {T!r}")
    if T > MAX_T:
        raise UserInputError(f"T must be at most {MAX_T:,}; got {T:,}")
    if moves is not None and (isinstance(moves, bool) or not isinstance(moves, (int, np.integer)) or moves < 0):
        raise UserInputError(f"moves (at most that many single moves a period) must be an integer >= 0; got "
                             f"{moves!r}")
    if arithmetic not in ("auto", "exact", "certified"):
        raise UserInputError(f"arithmetic must be auto, exact or certified; got {arithmetic!r}")
    if arithmetic == "exact" and eta.denominator != 1:
        raise UserInputError(f"exact arithmetic needs an integer eta (e_t is irrational for eta = {eta})")
    k0 = parse_start(start, N)
    params = game.params
    if eta > 0:                   # the effect erodes towards 0: the model must be defined there
        try:
            model.check_domain(N, params.replace(e=0))
        except UserInputError as exc:
            why = str(exc).removeprefix("outside the model's domain: ")
            raise UserInputError(f"as the stock depletes the regional effect falls to 0, outside the model's domain: "
                                 f"{why}") from None
    model.welfare(N, Fraction(k0), dict(params))     # models without welfare refuse here, with one line
    runner = _Runner(model, N, params, S0, zeta, rho, eta, int(T), None if moves is None else int(moves), k0,
                     arithmetic)
    runner.run()
    final = runner.final_state
    final_stock = float(final) if isinstance(final, Fraction) else float(final[0])
    n_A = np.asarray(runner.rec_k[:T], dtype=np.int64)
    below = np.flatnonzero(n_A < k0)
    dissolution = int(below[0]) if below.size else None
    e_star, S_star, S_star_value = critical_stock(game, k0, S0, eta)
    steady = _steady_states(model, N, params, int(n_A[-1]), S0, zeta, rho, eta) if steady_states else ()
    return Depletion(game, S0, zeta, rho, eta, int(T), None if moves is None else int(moves), k0,
                     np.asarray(runner.rec_S[:T], float), np.asarray(runner.rec_Srad[:T], float),
                     np.asarray(runner.rec_e[:T], float), n_A, np.asarray(runner.rec_W[:T], float),
                     np.asarray(runner.rec_X[:T], float), tuple(runner.rec_Sx[:T]), tuple(runner.rec_ex[:T]),
                     final_stock, dissolution, e_star, S_star, S_star_value, steady,
                     sum(x is not None for x in runner.rec_Sx[:T]), runner.replays, runner.evaluations)
