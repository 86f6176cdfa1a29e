r"""How far the observed configuration is from an equilibrium, when no parameter value makes it one.

For the observed :math:`n_A` and a value :math:`\theta` of the free parameter, a firm in A
gains :math:`-D_{n_A}(\theta)` by moving to B and a firm in B gains :math:`D_{n_A+1}(\theta)`
by moving to A (:math:`D_k = \Pi_A(k) - \Pi_B(k-1)`).  The largest gain a single firm can get
by moving is

.. math:: g(\theta) = \max\bigl(0,\ -D_{n_A}(\theta),\ D_{n_A+1}(\theta)\bigr)

(a term is absent when its region is empty), and :math:`n_A` is an equilibrium at
:math:`\theta` iff :math:`g(\theta) = 0`.  When the identified set is empty the calibration
reports the **smallest deviation gain the observed configuration leaves**,
:math:`g^* = \min_\theta g(\theta)`, the value :math:`\theta^*` that attains it, and
:math:`g^*` relative to the average payoff of the observed configuration at :math:`\theta^*`
(:math:`(n_A \Pi_A(n_A) + n_B \Pi_B(n_A)) / N`): an :math:`\varepsilon`-equilibrium
measure (Radner 1980): the configuration is an :math:`\varepsilon`-Nash equilibrium at
:math:`\theta^*` for :math:`\varepsilon = g^*` and at no value for a smaller one.

**Computation.**  :math:`g` is evaluated on the scan of the free parameter; around each local
minimum of the scan the minimiser is refined: where the two gains balance
(:math:`-D_{n_A} = D_{n_A+1}`, a root of :math:`D_{n_A} + D_{n_A+1}`, Brent's method) or where
one gain alone is smallest (a bounded Brent minimisation), or at an end of the range.  The
minimiser is then solved in closed form where the Cournot regime gives one (the root of
:math:`D_{n_A} + D_{n_A+1}`, or of the derivative of the binding gain, near the float
minimiser), and the gain is evaluated exactly there.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from gametheory.errors import UserInputError
from gametheory.params import substitute
from gametheory.results import Result

__all__ = ["Fit", "fit", "fit_on_grid"]


@dataclass(frozen=True, repr=False)
class Fit(Result):
    """The smallest deviation gain the observed configuration leaves over the free parameter(s) (module docstring).

    ``gain`` is :math:`g^*` in payoff units, ``relative`` the gain over ``scale`` (the average payoff of the
    observed configuration at the minimiser); ``at`` the minimiser (one value per free parameter),
    ``at_exact``/``gain_exact`` closed forms where found; ``gains`` the two deviation gains there
    (``A_to_B`` = :math:`-D_{n_A}`, ``B_to_A`` = :math:`D_{n_A+1}`); ``binding`` the deviations that attain the
    gain; ``kind`` how the minimum arises (``balance``, ``one gain``, ``range end``, ``grid``);
    ``attained`` is False at an open end of the domain (then the gain is an infimum); where the gain is
    constant around the minimiser (kind ``one gain, constant ...``) every nearby value attains it too.
    """

    N: int
    n_A: int
    free: tuple[str, ...]
    gain: float
    relative: float | None
    scale: float | None
    at: tuple[float | None, ...]
    at_exact: tuple[str | None, ...]
    gain_exact: str | None
    gains: dict
    binding: tuple[str, ...]
    kind: str
    attained: bool = True
    method: str = ""

    _repr_fields = ("free", "n_A", "gain", "at")

    def as_dict(self) -> dict:
        return {"measure": "smallest deviation gain max(0, -D_{n_A}, D_{n_A+1}) over the free parameter(s)",
                "gain": self.gain, "gain_exact": self.gain_exact, "relative_gain": self.relative,
                "payoff_scale": self.scale, "at": {f: a for f, a in zip(self.free, self.at)},
                "at_exact": {f: a for f, a in zip(self.free, self.at_exact)}, "gains": self.gains,
                "binding": list(self.binding), "kind": self.kind, "attained": self.attained, "method": self.method}

    def to_text(self) -> str:
        if self.gain == 0:
            return f"n_A = {self.n_A} is an equilibrium at " + ", ".join(
                f"{f} = {a:.10g}" for f, a in zip(self.free, self.at) if a is not None)
        at = ", ".join(f"{f} = {e if e else f'{a:.10g}' if a is not None else 'unbounded'}"
                       for f, a, e in zip(self.free, self.at, self.at_exact))
        rel = "" if self.relative is None else f" ({100 * self.relative:.3g}% of the average payoff {self.scale:.6g})"
        who = {"A_to_B": "a firm in A gains by moving to B", "B_to_A": "a firm in B gains by moving to A"}
        bind = " and ".join(who[b] for b in self.binding)
        exact = f" = {self.gain_exact}" if self.gain_exact and len(self.gain_exact) < 60 else ""
        word = "attained" if self.attained else "approached (open end of the domain, not attained)"
        return (f"closest fit: the observed configuration leaves a deviation gain of at least {self.gain:.6g}{exact}"
                f"{rel}, {word} at {at} ({self.kind}: {bind} there)")


def _eval_exact(game, n_A: int, free: str, x):
    """Exact gains ``(A_to_B, B_to_A)`` (None where the region is empty) and the payoff scale at ``free = x``."""
    model, N = game.model, game.N
    point = game.params.replace(**{free: Fraction(x)})
    model.check_domain(N, point)
    a = -model.exact_gap(N, n_A, point) if n_A >= 1 else None
    b = model.exact_gap(N, n_A + 1, point) if n_A <= N - 1 else None
    pa, pb = model.payoffs(N, Fraction(n_A), dict(point))
    from gametheory.models.base import exact_payoff

    scale = (n_A * (exact_payoff(pa, "A", n_A) if n_A >= 1 else 0) + (N - n_A) * (exact_payoff(pb, "B", n_A) if n_A < N else 0)) \
        / Fraction(N)
    return a, b, scale


def _g(a, b):
    return max([0] + [v for v in (a, b) if v is not None])


def _gains_float(game, n_A: int, free: str, xs):
    D = game.model.gaps_along(game.N, game.params, free, np.atleast_1d(np.asarray(xs, dtype=float)))
    N = game.N
    a = -D[n_A - 1] if n_A >= 1 else np.full(D.shape[1], -np.inf)
    b = D[n_A] if n_A <= N - 1 else np.full(D.shape[1], -np.inf)
    return a, b


def _closed_form(game, n_A: int, free: str, x: float, kind: str, binding: tuple):
    """``(theta*, gain)`` as sympy numbers near ``x`` in the regimes there, or ``(None, None)``."""
    import sympy as sp

    from gametheory.analysis.incentives import incentive
    from gametheory.analysis.thresholds import solve_roots

    model, N, params = game.model, game.N, game.params
    space = model.space
    theta = sp.Symbol("theta_", real=True)
    moved = space.moved(free)
    point = params.replace(**{free: Fraction(x).limit_denominator(10**12)})
    fixed = params.subs(without=(moved,))

    def D(k):
        regimes = (model.regime_at(N, k, point), model.regime_at(N, k - 1, point))
        return substitute(incentive(model, N, k, regimes).expr, space.axis_substitution(free, theta), fixed)

    try:
        gA = -D(n_A) if n_A >= 1 else None
        gB = D(n_A + 1) if n_A <= N - 1 else None
        if kind == "balance":
            target, gain = gA - gB, gA
        elif binding == ("A_to_B",):
            target, gain = sp.diff(gA, theta), gA
        else:
            target, gain = sp.diff(gB, theta), gB
        for r in solve_roots(target, theta):
            if r.is_real is not False and abs(complex(sp.N(r, 30)) - x) < 1e-8 * max(1.0, abs(x)):
                r = sp.radsimp(r)
                return r, sp.radsimp(sp.simplify(substitute(gain, {theta: r})))
    except (TypeError, ValueError, NotImplementedError, UserInputError):
        pass
    return None, None


def fit(game, n_A: int, free: str, scan=None, *, exact: bool = True) -> Fit:
    """The smallest deviation gain of ``n_A`` over ``free`` (module docstring); ``scan`` a
    :class:`~gametheory.calibrate.inference.MixedScan` of ``free`` (its grid and gaps are reused)."""
    from scipy.optimize import brentq, minimize_scalar

    from gametheory.calibrate.inference import mixed_scan

    N = game.N
    if scan is None:
        scan = mixed_scan(game, free)
    xs = scan.x
    lo, hi, lo_kind, hi_kind = scan.bounds
    a = -scan.D[n_A - 1] if n_A >= 1 else np.full(len(xs), -np.inf)
    b = scan.D[n_A] if n_A <= N - 1 else np.full(len(xs), -np.inf)
    g = np.maximum(0.0, np.maximum(a, b))
    s = a - b                                      # > 0 where the A-to-B gain is the larger
    span = float(hi - lo)
    xtol = 1e-13 * max(1.0, abs(float(lo)), abs(float(hi)))
    cands: list[tuple[float | Fraction, str]] = []
    local = [i for i in range(len(xs)) if (i == 0 or g[i] <= g[i - 1]) and (i == len(xs) - 1 or g[i] <= g[i + 1])]
    local = sorted(local, key=lambda i: g[i])[:12]
    fa = lambda t: float(_gains_float(game, n_A, free, [t])[0][0])
    fb = lambda t: float(_gains_float(game, n_A, free, [t])[1][0])
    for i in local:
        j0, j1 = max(i - 1, 0), min(i + 1, len(xs) - 1)
        found = False
        if n_A not in (0, N):
            for j in range(j0, j1):
                if np.sign(s[j]) != np.sign(s[j + 1]):
                    x = brentq(lambda t: fa(t) - fb(t), xs[j], xs[j + 1], xtol=xtol)
                    cands.append((x, "balance"))
                    found = True
        if not found and j1 > j0:
            if g[j0] == g[i] == g[j1]:           # the gain does not change here (e.g. a market nobody serves)
                cands.append((float(xs[i]), "flat"))
            else:
                res = minimize_scalar(lambda t: max(fa(t), fb(t)), bounds=(xs[j0], xs[j1]), method="bounded",
                                      options={"xatol": xtol})
                cands.append((float(res.x), "one gain"))
        if i == 0 and lo_kind != "open":
            cands.append((Fraction(lo), "range end"))
        if i == len(xs) - 1 and hi_kind != "open":
            cands.append((Fraction(hi), "range end"))
        if i == 0 and lo_kind == "open":
            cands.append((xs[0], "open end"))
        if i == len(xs) - 1 and hi_kind == "open":
            cands.append((xs[-1], "open end"))
    best = None
    for x, kind in cands:
        ea, eb, scale = _eval_exact(game, n_A, free, x)
        val = _g(ea, eb)
        if best is None or val < best[1]:
            best = (x, val, kind, ea, eb, scale)
    x, val, kind, ea, eb, scale = best
    binding = tuple(name for name, v in (("A_to_B", ea), ("B_to_A", eb)) if v is not None and val > 0
                    and abs(float(v) - float(val)) <= 1e-9 * max(1.0, abs(float(val))))
    if kind == "open end":
        kind_text, attained = "range end", False
    elif kind == "flat":
        kind_text, attained = "one gain, constant around the value given", True
    else:
        kind_text, attained = kind, True
    at_exact = None
    gain_exact = None
    end_kind = lo_kind if float(x) <= float(lo) + 1e-6 * span else hi_kind if float(x) >= float(hi) - 1e-6 * span \
        else None
    if isinstance(x, Fraction):
        at_exact = str(x)
        gain_exact = str(val)
    elif exact and kind in ("balance", "one gain") and binding:
        r, gx = _closed_form(game, n_A, free, float(x), kind, binding)
        if r is not None:
            at_exact, gain_exact = str(r), str(gx)
    if val == 0:
        kind_text = "equilibrium"
    at_value = None if end_kind == "constant" else float(x)
    method = (f"scan of {len(xs)} points of {free} in ({float(lo):.6g}, {float(hi):.6g}), refined by Brent's method "
              f"(xtol {xtol:.1e}); the gain is exact at the refined value" + ("; closed form in the Cournot regime "
                                                                                "there" if at_exact and not
                                                                                isinstance(x, Fraction) else ""))
    gains = {"A_to_B": None if ea is None else float(ea), "B_to_A": None if eb is None else float(eb)}
    rel = float(val / scale) if scale else None
    return Fit(N, n_A, (free,), float(val), rel, float(scale), (at_value,), (at_exact,), gain_exact, gains, binding,
               kind_text, attained, method)


def fit_on_grid(game, n_A: int, free: tuple[str, str], values: tuple[np.ndarray, np.ndarray], D: np.ndarray) -> Fit:
    """The smallest deviation gain over a 2-D grid (``D``: gaps ``(N, nx, ny)`` on ``values``), evaluated exactly at
    the best grid point (the minimum over the plane is at most this, to the grid's resolution)."""
    N = game.N
    a = -D[n_A - 1] if n_A >= 1 else np.full(D.shape[1:], -np.inf)
    b = D[n_A] if n_A <= N - 1 else np.full(D.shape[1:], -np.inf)
    g = np.maximum(0.0, np.maximum(a, b))
    g = np.where(np.isfinite(g), g, np.inf)
    i, j = np.unravel_index(int(np.argmin(g)), g.shape)
    x, y = float(values[0][i]), float(values[1][j])
    model = game.model
    point = game.params.replace(**{free[0]: Fraction(x), free[1]: Fraction(y)})
    ea = -model.exact_gap(N, n_A, point) if n_A >= 1 else None
    eb = model.exact_gap(N, n_A + 1, point) if n_A <= N - 1 else None
    pa, pb = model.payoffs(N, Fraction(n_A), dict(point))
    from gametheory.models.base import exact_payoff

    scale = (n_A * (exact_payoff(pa, "A", n_A) if n_A >= 1 else 0) + (N - n_A) * (exact_payoff(pb, "B", n_A) if n_A < N else 0)) \
        / Fraction(N)
    val = _g(ea, eb)
    binding = tuple(name for name, v in (("A_to_B", ea), ("B_to_A", eb)) if v is not None and val > 0
                    and abs(float(v) - float(val)) <= 1e-9 * max(1.0, abs(float(val))))
    gains = {"A_to_B": None if ea is None else float(ea), "B_to_A": None if eb is None else float(eb)}
    return Fit(N, n_A, tuple(free), float(val), float(val / scale) if scale else None, float(scale), (x, y),
               (None, None), None, gains, binding, "grid", True,
               f"best point of the {len(values[0])} x {len(values[1])} grid, gains exact there")
