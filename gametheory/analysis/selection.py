r"""Equilibrium selection: potential maximiser, risk dominance, stochastic stability (logit and mistakes).

A location game with :math:`k = n_A` firms in A has the exact potential (Monderer and Shapley 1996)

.. math:: \Phi(0) = 0, \qquad \Phi(k) = \sum_{j=1}^{k} D_j, \qquad D_j = \Pi_A(j) - \Pi_B(j-1):

a firm moving from B to A when :math:`k-1` others are in A gains :math:`D_k = \Phi(k) - \Phi(k-1)`
(and a move from A to B changes payoff and potential by :math:`-D_k`).  The potential of a
location profile depends only on its :math:`k`.  What is computed (docs/selection.md derives
each statement):

* **Potential maximisers** :math:`\arg\max_k \Phi(k)` (exact): Nash equilibria, since no
  unilateral move raises :math:`\Phi`.
* **Pairwise risk dominance** between two strict equilibria :math:`k_1 < k_2`: the
  :math:`k_2 - k_1` firms whose location differs play the binary game among themselves, the
  others held at their common location; :math:`k_2` risk-dominates :math:`k_1` when the
  *Laplacian* action of those firms is A (A is a best response to a uniform belief over how
  many of the other movers are in A; Morris and Shin 2003, sec. 2.2).  The expected gain is
  :math:`\frac{1}{m}\sum_{j=k_1+1}^{k_2} D_j = (\Phi(k_2) - \Phi(k_1))/m`, so :math:`k_2`
  risk-dominates :math:`k_1` iff :math:`\Phi(k_2) > \Phi(k_1)`.  For :math:`N = 2` this is the
  Harsanyi–Selten (1988) criterion (the larger product of deviation losses:
  :math:`D_2^2 > D_1^2` with :math:`D_1 < 0 < D_2`, i.e. :math:`D_1 + D_2 > 0`).
* **p-dominance** (Morris, Rob and Shin 1995): configuration :math:`k` is *p-dominant* when every
  firm's location is a best response to every belief that puts probability at least :math:`p`
  on the others keeping theirs.  The smallest such :math:`p` is exact (the worst belief puts
  the rest on the least favourable count); for :math:`N = 2`, all-A is 1/2-dominant iff
  :math:`p^* = D_1/(D_1 - D_2) \le 1/2`.
* **Logit dynamics** (Blume 1993) at noise :math:`\eta > 0`: each period one firm, drawn
  uniformly, revises and chooses A with probability
  :math:`1/(1 + e^{-g/\eta})`, :math:`g` its gain from A.  The chain on :math:`k` is a
  birth–death chain with stationary distribution

  .. math:: \mu_\eta(k) = \binom{N}{k} e^{\Phi(k)/\eta} \Big/ \sum_j \binom{N}{j} e^{\Phi(j)/\eta},

  whose limit as :math:`\eta \to 0` is supported on :math:`\arg\max\Phi` (with weights
  proportional to :math:`\binom{N}{k}` there): the stochastically stable configurations.
  Log-weights :math:`\log\binom{N}{k} + \Phi(k)/\eta` are exact; their comparisons are exact
  (a tie needs equal binomials and equal potentials, since :math:`e^q` is irrational for rational
  :math:`q \ne 0`; otherwise interval arithmetic decides); probabilities are printed from
  60-digit arithmetic.
* **Mistakes dynamics** (Kandori, Mailath and Rob 1993; Young 1993) at rate
  :math:`\varepsilon`: the revising firm plays its best response with probability
  :math:`1 - \varepsilon` and the other location with probability :math:`\varepsilon` (each
  location with probability 1/2 when indifferent).  Stationary distribution (exact rationals):

  .. math:: \mu_\varepsilon(k) \propto \binom{N}{k} \Big(\frac{1-\varepsilon}{\varepsilon}\Big)^{S(k)},
     \qquad S(k) = \sum_{j=1}^{k} \operatorname{sgn} D_j,

  and the stochastically stable configurations maximise :math:`S`, i.e. minimise the stochastic
  potential (Young 1993) :math:`R(k) = \#\{j \le k : D_j < 0\} + \#\{j > k : D_j > 0\}` (the
  fewest mistakes that lead to :math:`k` from every other configuration).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np

from gametheory.errors import UserInputError
from gametheory.results import OfGame, Result, fmt_number

__all__ = ["Selection", "StochasticStability", "SelectionSwitch", "SelectionMap", "selection", "potential",
           "logit_stationary", "mistakes_stationary", "p_dominance", "risk_dominance", "selection_switches",
           "selection_map", "selection_map_of", "DEFAULT_ETA", "DEFAULT_EPSILON"]

#: Default noise of the logit dynamics and mistake rate of the mistakes dynamics.
DEFAULT_ETA = Fraction(1, 10)
DEFAULT_EPSILON = Fraction(1, 100)
_DPS = 60


# ---------------------------------------------------------------- exact pieces
def potential(gaps: Sequence) -> list:
    r"""``[Phi(0), ..., Phi(N)]`` from ``gaps = [D_1, ..., D_N]`` (exact when the gaps are)."""
    out = [Fraction(0)]
    for d in gaps:
        out.append(out[-1] + d)
    return out


def _argmax(values: Sequence) -> list[int]:
    m = max(values)
    return [k for k, v in enumerate(values) if v == m]


def risk_dominance(phi: Sequence, strict: Sequence[int]) -> tuple[list[dict], int | None]:
    """Pairwise (Laplacian) risk dominance among strict equilibria: ``([{"pair", "dominant", "difference"}], winner)``.

    ``winner`` is the strict equilibrium that risk-dominates every other one (None if none or a tie).
    """
    pairs = []
    for i, k1 in enumerate(strict):
        for k2 in strict[i + 1:]:
            diff = phi[k2] - phi[k1]
            pairs.append({"pair": (k1, k2), "dominant": k2 if diff > 0 else k1 if diff < 0 else None,
                          "difference": diff})
    winner = None
    if strict:
        best = _argmax([phi[k] for k in strict])
        if len(best) == 1 and len(strict) > 1:
            winner = strict[best[0]]
    return pairs, winner


def p_dominance(gaps: Sequence, k: int) -> Fraction | None:
    """The smallest ``p`` for which configuration ``k`` is p-dominant (None if it is not an equilibrium)."""
    N = len(gaps)
    dmin, dmax = min(gaps), max(gaps)
    need = [Fraction(0)]
    if k >= 1:       # a firm in A: p D_k + (1 - p) min D >= 0
        dk = gaps[k - 1]
        if dk < 0:
            return None
        if dmin < 0:
            if dk == dmin:
                return None
            need.append(Fraction(dmin) / (dmin - dk))
    if k <= N - 1:   # a firm in B: p D_(k+1) + (1 - p) max D <= 0
        dk = gaps[k]
        if dk > 0:
            return None
        if dmax > 0:
            if dk == dmax:
                return None
            need.append(Fraction(dmax) / (dmax - dk))
    return max(need)


def _binomials(N: int) -> list[int]:
    out = [1]
    for k in range(1, N + 1):
        out.append(out[-1] * (N - k + 1) // k)
    return out


def _limit(binom: Sequence[int], support: Sequence[int]) -> list[Fraction]:
    total = sum(binom[k] for k in support)
    return [Fraction(binom[k], total) if k in support else Fraction(0) for k in range(len(binom))]


@dataclass(frozen=True, repr=False)
class StochasticStability(Result):
    """The stationary distribution of a noisy best-response dynamics on ``k = n_A`` and its small-noise limit.

    ``dynamics`` is ``"logit"`` or ``"mistakes"``; ``noise`` the eta or epsilon used; ``distribution``
    the stationary probabilities by ``k`` (exact Fractions for mistakes, 60-digit floats for logit);
    ``log_weights`` (logit) the exact log-weights as text; ``mode`` the most likely ``k`` at this
    noise (decided exactly); ``stable`` the stochastically stable ``k`` (noise -> 0) and ``limit``
    the exact limit distribution; ``score`` the function maximised in the limit (``Phi`` for logit,
    ``S`` for mistakes) and ``resistance`` (mistakes) Young's stochastic potential ``R(k)``.
    """

    dynamics: str
    noise: Fraction
    distribution: tuple
    mode: tuple
    stable: tuple
    limit: tuple
    score: tuple
    log_weights: tuple = ()
    resistance: tuple = ()

    _repr_fields = ("dynamics", "noise", "stable")

    def as_dict(self, exact: bool = False) -> dict:
        num = (lambda v: str(v)) if exact else (lambda v: float(v))
        d = {"dynamics": self.dynamics, "noise": str(self.noise),
             "distribution": [num(v) if isinstance(v, Fraction) else float(v) for v in self.distribution],
             "mode": list(self.mode), "stochastically_stable": list(self.stable),
             "limit_distribution": [str(v) for v in self.limit],
             "score": [num(v) if isinstance(v, Fraction) else v for v in self.score]}
        if self.log_weights:
            d["log_weights"] = list(self.log_weights)
        if self.resistance:
            d["stochastic_potential"] = list(self.resistance)
        return d


def logit_stationary(phi: Sequence[Fraction], eta) -> StochasticStability:
    r"""Stationary distribution of the logit dynamics: :math:`\mu(k) \propto \binom{N}{k} e^{\Phi(k)/\eta}`."""
    import mpmath

    eta = Fraction(eta)
    if eta <= 0:
        raise UserInputError(f"the logit noise eta must be > 0; got {eta}")
    N = len(phi) - 1
    binom = _binomials(N)
    with mpmath.workdps(_DPS):
        logs = [mpmath.log(binom[k]) + mpmath.mpf(phi[k].numerator) / phi[k].denominator / (
            mpmath.mpf(eta.numerator) / eta.denominator) for k in range(N + 1)]
        top = max(logs)
        w = [mpmath.exp(x - top) for x in logs]
        z = mpmath.fsum(w)
        dist = tuple(float(x / z) for x in w)
    mode = tuple(_logit_mode(phi, eta, binom))
    stable = tuple(_argmax(phi))
    texts = tuple(f"log({binom[k]}) + ({phi[k]})/({eta})" for k in range(N + 1))
    return StochasticStability("logit", eta, dist, mode, stable, tuple(_limit(binom, stable)), tuple(phi), texts)


def _logit_mode(phi, eta, binom) -> list[int]:
    """``argmax_k log C(N,k) + Phi(k)/eta``, decided exactly (interval arithmetic; exact ties)."""
    import mpmath

    N = len(phi) - 1
    for dps in (40, 120, 400):
        iv = mpmath.iv
        iv.dps = dps
        vals = [iv.log(iv.mpf(binom[k])) + iv.mpf(phi[k].numerator) / phi[k].denominator / (
            iv.mpf(eta.numerator) / eta.denominator) for k in range(N + 1)]
        best_lo = max(v.a for v in vals)
        cand = [k for k, v in enumerate(vals) if v.b >= best_lo]
        # candidates whose intervals overlap the best lower bound: exact ties, or not separated yet
        ref = cand[0]
        if all(binom[k] == binom[ref] and phi[k] == phi[ref] for k in cand):
            return cand
    raise UserInputError("the logit stationary distribution's mode could not be separated at 400 digits")


def mistakes_stationary(gaps: Sequence, epsilon) -> StochasticStability:
    r"""Stationary distribution of the mistakes dynamics (exact): :math:`\mu(k) \propto \binom{N}{k} r^{S(k)}`."""
    epsilon = Fraction(epsilon)
    if not 0 < epsilon < Fraction(1, 2):
        raise UserInputError(f"the mistake rate epsilon must be in (0, 1/2); got {epsilon}")
    N = len(gaps)
    binom = _binomials(N)
    signs = [(d > 0) - (d < 0) for d in gaps]
    S = [0]
    for s in signs:
        S.append(S[-1] + s)
    r = (1 - epsilon) / epsilon
    w = [binom[k] * r ** S[k] for k in range(N + 1)]
    z = sum(w)
    dist = tuple(x / z for x in w)
    mode = tuple(_argmax(dist))
    stable = tuple(_argmax(S))
    n_pos = [0]
    n_neg = [0]
    for s in signs:
        n_pos.append(n_pos[-1] + (s > 0))
        n_neg.append(n_neg[-1] + (s < 0))
    resistance = tuple(n_neg[k] + (n_pos[N] - n_pos[k]) for k in range(N + 1))
    return StochasticStability("mistakes", epsilon, dist, mode, stable, tuple(_limit(binom, stable)), tuple(S),
                               resistance=resistance)


# ------------------------------------------------------------------- result
@dataclass(frozen=True, repr=False)
class Selection(OfGame, Result):
    """Every selection criterion at the game's parameters (see the module docstring)."""

    game: object
    potential: tuple
    maximisers: tuple
    pure: tuple
    strict: tuple
    risk_pairs: tuple
    risk_dominant: object
    p_dominance: dict
    logit: StochasticStability
    mistakes: StochasticStability

    _repr_fields = ("maximisers", "risk_dominant", "logit_stable", "mistakes_stable")

    @property
    def logit_stable(self):
        return list(self.logit.stable)

    @property
    def mistakes_stable(self):
        return list(self.mistakes.stable)

    def _name(self, k: int) -> str:
        return self.model.pattern_name(k, self.N)

    def as_dict(self, exact: bool = False) -> dict:
        num = (lambda v: str(v)) if exact else (lambda v: float(v))
        return {
            "potential": [num(v) for v in self.potential],
            "potential_maximisers": list(self.maximisers),
            "potential_max": num(self.potential[self.maximisers[0]]),
            "risk_dominance": {"definition": "pairwise among strict equilibria: Phi(k2) > Phi(k1) (Laplacian "
                                             "belief of the firms that differ; Harsanyi-Selten for N = 2)",
                               "pairs": [{"pair": list(p["pair"]), "dominant": p["dominant"],
                                          "difference": num(p["difference"])} for p in self.risk_pairs],
                               "dominant": self.risk_dominant},
            "p_dominance": {str(k): (None if p is None else num(p)) for k, p in self.p_dominance.items()},
            "logit": self.logit.as_dict(exact),
            "mistakes": self.mistakes.as_dict(exact),
        }

    def to_text(self) -> str:
        phi = self.potential
        f = lambda v: f"{fmt_number(v)} ({float(v):.6g})" if isinstance(v, Fraction) and v.denominator != 1 \
            else fmt_number(v)
        ks = lambda ks: ", ".join(f"n_A = {k} ({self._name(k)})" for k in ks)
        L = ["Equilibrium selection (Phi(k) = D_1 + ... + D_k, Phi(0) = 0, is an exact potential):"]
        L.append(f"  potential maximiser: {ks(self.maximisers)}, Phi = {f(phi[self.maximisers[0]])}")
        if self.pure:
            L.append("  potential at the pure equilibria: " + ", ".join(f"Phi({k}) = {f(phi[k])}" for k in self.pure))
        if len(self.strict) >= 2:
            L.append("  risk dominance (pairwise, strict equilibria; Laplacian belief of the firms that differ, "
                     "Harsanyi-Selten for N = 2):")
            for p in self.risk_pairs:
                k1, k2 = p["pair"]
                if p["dominant"] is None:
                    L.append(f"    n_A = {k1} and n_A = {k2}: neither (Phi({k2}) = Phi({k1}))")
                else:
                    other = k1 if p["dominant"] == k2 else k2
                    L.append(f"    n_A = {p['dominant']} risk-dominates n_A = {other} "
                             f"(Phi({k2}) - Phi({k1}) = {f(p['difference'])})")
            L.append(f"    risk-dominant: {ks([self.risk_dominant]) if self.risk_dominant is not None else 'none'}")
        else:
            L.append("  risk dominance: fewer than two strict equilibria, nothing to compare")
        pd = ", ".join(f"n_A = {k}: {fmt_number(p) if p is not None else '-'}"
                       + (" (1/2-dominant)" if p is not None and p <= Fraction(1, 2) else "")
                       for k, p in self.p_dominance.items())
        L.append(f"  p-dominance (smallest p): {pd or 'no pure equilibrium'}")
        lg, mk = self.logit, self.mistakes
        lim = lambda s: ", ".join(f"{k}: {s.limit[k]}" for k in s.stable)
        L.append(f"  logit dynamics, eta = {lg.noise}: most likely n_A = {', '.join(map(str, lg.mode))} "
                 f"(probability {max(lg.distribution):.6g}); stochastically stable (eta -> 0): {ks(lg.stable)} "
                 f"[limit probabilities {lim(lg)}]")
        L.append(f"  mistakes dynamics, epsilon = {mk.noise}: most likely n_A = {', '.join(map(str, mk.mode))} "
                 f"(probability {float(max(mk.distribution)):.6g}); stochastically stable (epsilon -> 0): "
                 f"{ks(mk.stable)} [limit probabilities {lim(mk)}; stochastic potential R = "
                 f"{min(mk.resistance)} mistakes]")
        return "\n".join(L)


def selection(game, eta=DEFAULT_ETA, epsilon=DEFAULT_EPSILON) -> Selection:
    """Every selection criterion of ``game`` (exact potential, so ``N`` up to the exact-table limit)."""
    if not game.has_exact_table:
        raise UserInputError(f"equilibrium selection is computed exactly for N <= 20,000 (got N = {game.N:,})")
    N = game.N
    gaps = [game.gap(k) for k in range(1, N + 1)]
    if not all(isinstance(d, Fraction) for d in gaps):
        raise UserInputError("equilibrium selection needs rational payoffs (this model's are not)")
    phi = potential(gaps)
    pure, strict = game.pure_equilibria(), game.strict_equilibria()
    pairs, winner = risk_dominance(phi, strict)
    pdom = {k: p_dominance(gaps, k) for k in pure}
    return Selection(game, tuple(phi), tuple(_argmax(phi)), tuple(pure), tuple(strict), tuple(pairs), winner,
                     pdom, logit_stationary(phi, eta), mistakes_stationary(gaps, epsilon))


# ----------------------------------------------------------------- switches
@dataclass(frozen=True, repr=False)
class SelectionSwitch(Result):
    """A parameter value where the potential ranking of two configurations flips (others fixed).

    ``below``/``above``: the configuration with the larger potential just below/above ``value``;
    ``exact`` the closed form (sympy) in the regimes that hold there (``regime``), or None.
    """

    parameter: str
    value: float
    exact: object
    below: int
    above: int
    kind: str
    regime: str = ""

    _repr_fields = ("parameter", "value", "below", "above")

    @property
    def exact_text(self) -> str | None:
        import sympy as sp

        return None if self.exact is None else sp.sstr(self.exact)

    def as_dict(self) -> dict:
        return {"parameter": self.parameter, "value": self.value, "exact": self.exact_text, "below": self.below,
                "above": self.above, "kind": self.kind, "regime": self.regime}


def _phi_scan(game, parameter: str, grid: np.ndarray):
    """Potential balls along ``parameter``: ``(mid, rad)`` of shape ``(N+1, len(grid))``."""
    D = game.model.gaps_along(game.N, game.params, parameter, grid, certified=True)
    mid = np.vstack([np.zeros((1, grid.size)), np.cumsum(D.mid, axis=0)])
    rad = np.vstack([np.zeros((1, grid.size)), np.cumsum(D.rad, axis=0)])
    rad = (rad + 4 * (game.N + 1) * np.finfo(float).eps * np.vstack(
        [np.zeros((1, grid.size)), np.cumsum(np.abs(D.mid), axis=0)])) * (1 + 1e-12)
    return mid, rad


def _phi_diff_float(game, parameter, k1, k2, x: float) -> float:
    D = game.model.gaps_along(game.N, game.params, parameter, np.array([x]))[:, 0]
    return float(np.sum(D[k1:k2]))        # Phi(k2) - Phi(k1) = D_(k1+1) + ... + D_k2


def _closed_form(game, parameter, k1, k2, x: float, probes=()):
    """Exact root of ``Phi(k2) - Phi(k1)`` near ``x`` in the regimes that hold there: ``(root, regime text)``."""
    from gametheory.analysis.incentives import incentive
    from gametheory.analysis.thresholds import exact_root_near

    model, N = game.model, game.N
    ks = tuple(range(k1, k2 + 1))
    root, regimes = exact_root_near(
        game, parameter, x, ks, lambda rg: sum(incentive(model, N, k, (rg[k - k1], rg[k - 1 - k1])).expr
                                               for k in range(k1 + 1, k2 + 1)), probes)
    if root is None:
        return None, ""
    return root, "; ".join(sorted({model.describe_regime(rg, N, k) for k, rg in zip(ks, regimes)}))


def selection_switches(game, parameter: str, *, pair: tuple[int, int] | None = None, grid: int = 2000
                       ) -> list[SelectionSwitch]:
    """Where the selection switches along ``parameter`` (others as given), ascending.

    ``pair=(k1, k2)``: the roots of ``Phi(k2) = Phi(k1)`` (e.g. ``(0, N)``: the traditional cluster
    against the zero-resource economy); default: where the potential maximiser changes.  Roots are
    bracketed on ``grid`` points of the model's scanning range, refined by Brent's method, and
    solved exactly in the regimes that hold at the root (closed form), else reported numerically.
    Assumption: switches are more than one grid step apart.
    """
    from scipy.optimize import brentq

    model = game.model
    model.space.check_name(parameter)
    lo, hi, _, _ = model.parameter_bounds(parameter, game.params)
    xs = float(lo) + float(hi - lo) * np.linspace(1e-9, 1 - 1e-9, grid)
    mid, rad = _phi_scan(game, parameter, xs)
    out = []
    if pair is not None:
        k1, k2 = pair
        diff, err = mid[k2] - mid[k1], rad[k2] + rad[k1]
        s = np.where(diff > err, 1, np.where(diff < -err, -1, 0))
        nz = np.flatnonzero(s)
        brackets = [(a, b, k1 if s[a] < 0 else k2, k2 if s[a] < 0 else k1) for a, b in zip(nz[:-1], nz[1:])
                    if s[a] != s[b]]
        kind = f"Phi({k2}) = Phi({k1})"
    else:
        top = np.argmax(mid, axis=0)
        brackets = [(i, i + 1, int(top[i]), int(top[i + 1])) for i in np.flatnonzero(top[:-1] != top[1:])]
        kind = "potential maximiser"
    for a, b, below, above in brackets:
        k1, k2 = min(below, above), max(below, above)
        f = lambda x: _phi_diff_float(game, parameter, k1, k2, x)
        fa, fb = f(xs[a]), f(xs[b])
        x = brentq(f, xs[a], xs[b], xtol=1e-13) if fa * fb < 0 else 0.5 * (xs[a] + xs[b])
        root, regime = _closed_form(game, parameter, k1, k2, x, (xs[a], xs[b]))
        import sympy as sp

        value = float(sp.N(root, 30)) if root is not None else x
        out.append(SelectionSwitch(parameter, value, root, below, above, kind, regime))
    return out


# --------------------------------------------------------------------- maps
@dataclass(frozen=True, repr=False)
class SelectionMap(Result):
    """The selected configuration over a 2-D grid (decided exactly at every point).

    ``logit`` holds the potential maximiser ``k`` (stochastically stable under logit dynamics,
    risk-dominant among strict equilibria), ``-1`` outside the domain, ``-2`` where several
    configurations tie; ``mistakes`` the same for the mistakes dynamics (argmax of ``S``);
    ``phi_gap`` the float ``Phi(N) - Phi(0)`` (for drawing its zero line); ``curves`` the exact
    boundary curves ``D_1 = 0`` and ``D_N = 0`` (edges of the two agglomerated equilibria);
    ``exact_points`` the exact evaluations behind it (the sweep's and the map's own).
    """

    game: object
    axes: tuple
    logit: np.ndarray
    mistakes: np.ndarray
    phi_gap: np.ndarray
    exact_points: int = 0
    curves: tuple = ()

    _repr_fields = ("shape", "exact_points")

    @property
    def N(self) -> int:
        return self.game.N

    @property
    def shape(self):
        return self.logit.shape

    def classes(self, which: str = "logit") -> np.ndarray:
        """``0`` outside/tie, ``1`` all in A, ``2`` all in B, ``3`` split, by grid point."""
        k = self.logit if which == "logit" else self.mistakes
        N = self.N
        return np.where(k < 0, 0, np.where(k == N, 1, np.where(k == 0, 2, 3)))

    def as_dict(self) -> dict:
        return {"n_firms": self.N, "axes": [a.name for a in self.axes],
                "x": self.axes[0].values.tolist(), "y": self.axes[1].values.tolist(),
                "logit": self.logit.tolist(), "mistakes": self.mistakes.tolist()}

    #: The plot function, named as data (results do not depend on the plotting layer).
    _plotter = "gametheory.plots.selection_map:plot_selection_map"


def selection_map(game, x, y, *, curves: bool = True) -> SelectionMap:
    """The selected configuration at every point of the grid spanned by axes ``x`` and ``y``.

    Built on one certified sweep (:func:`~gametheory.analysis.sweeps.sweep`, without mixed equilibria), whose
    gap midpoints and radii (``Sweep.D_rad``) give the potentials as certified float balls (cumulative sums of the
    gaps) and the signs of the gaps; where the maximum of the potential is not separated, the exact potentials at
    that grid point decide (the float grid values are exact binary numbers).  The mistakes-dynamics selection
    uses the signs of the gaps (decided exactly by the sweep where a ball could not).  The boundary curves come
    from the same sweep.
    """
    from gametheory.analysis.sweeps import Axis, sweep

    space = game.model.space
    return selection_map_of(sweep(game, [Axis.of(a, space) for a in (x, y)], mixed=False), curves=curves)


def selection_map_of(sw, *, curves: bool = True) -> SelectionMap:
    """The selection map on a 2-D sweep already computed with its gap table (:func:`selection_map`; mixed
    equilibria are not used)."""
    from gametheory.analysis.sweeps import _exact_point
    from gametheory.arith import exact_sign

    if len(sw.axes) != 2 or sw.D is None or sw.D_rad is None:
        raise ValueError("a selection map needs a 2-D sweep with its gap table (gaps=True)")
    game, axes = sw.game, list(sw.axes)
    model, N, params = game.model, game.N, game.params
    shape = sw.shape
    logit = np.full(shape, -1, dtype=np.int64)
    mistakes = np.full(shape, -1, dtype=np.int64)
    phi_gap = np.full(shape, np.nan)
    exact_points = sw.exact_points
    rows = max(1, 400_000 // max(1, shape[1] * N))
    for i in range(0, shape[0], rows):
        sl = slice(i, min(i + rows, shape[0]))
        ok = sw.valid[sl]
        dm = np.where(ok[None], sw.D[:, sl], 0.0)
        dr = np.where(ok[None], sw.D_rad[:, sl], 0.0)
        csh = ok.shape
        zeros = np.zeros((1,) + csh)
        pm = np.concatenate([zeros, np.cumsum(dm, axis=0)])
        pr = np.concatenate([zeros, np.cumsum(dr, axis=0)]) + 4 * (N + 1) * np.finfo(float).eps * np.concatenate(
            [zeros, np.cumsum(np.abs(dm), axis=0)])
        pr *= 1 + 1e-12
        top = np.argmax(pm, axis=0)
        best_lo = np.take_along_axis(pm - pr, top[None], 0)[0]
        rivals = (pm + pr >= best_lo[None]).sum(axis=0)        # configurations not excluded from the max
        sel = np.where(rivals == 1, top, -3)
        signs = np.sign(dm).astype(np.int64)
        unsure_sign = ~((dm > dr) | (dm < -dr)) & (dr > 0)      # an exact 0 (radius 0) is decided
        for idx in zip(*np.nonzero((sel == -3) & ok)):
            point = _exact_point(params, axes, sl, idx)
            phi = potential([model.exact_gap(N, k, point) for k in range(1, N + 1)])
            am = _argmax(phi)
            sel[idx] = am[0] if len(am) == 1 else -2
            exact_points += 1
        for idx in zip(*np.nonzero(unsure_sign & ok[None])):
            point = _exact_point(params, axes, sl, idx[1:])
            signs[idx] = exact_sign(model.exact_gap(N, int(idx[0]) + 1, point))
            exact_points += 1
        S = np.concatenate([np.zeros((1,) + csh, dtype=np.int64), np.cumsum(signs, axis=0)])
        smax = S.max(axis=0)
        nmax = (S == smax[None]).sum(axis=0)
        msel = np.where(nmax == 1, np.argmax(S, axis=0), -2)
        logit[sl] = np.where(ok, sel, -1)
        mistakes[sl] = np.where(ok, msel, -1)
        phi_gap[sl] = np.where(ok, pm[N] - pm[0], np.nan)
    cv = ()
    if curves:
        from gametheory.analysis.boundaries import boundary_curves

        cv = tuple(boundary_curves(sw, only_patterns=True))
    return SelectionMap(game, tuple(axes), logit, mistakes, phi_gap, exact_points, cv)


# -------------------------------------------------------------- proposition
def selection_proposition(game, parameters=None):
    """The proposition on which configuration is selected, and where the selection switches.

    ``parameters`` (default: the model's threshold parameters) are scanned for the roots of
    ``Phi(N) = Phi(0)`` (the traditional cluster against the zero-resource economy: pairwise risk
    dominance, and the logit selection when these two are the candidates) and for the switches
    of the potential maximiser.
    """
    from gametheory.analysis.propositions import Proposition

    model, N = game.model, game.N
    sel = selection(game)
    from gametheory.analysis.propositions import pattern_phrase

    wA, wB = pattern_phrase(model, "A"), pattern_phrase(model, "B")
    params = model.threshold_parameters if parameters is None else tuple(parameters)
    phi = sel.potential
    switches, maxi = [], []
    for par in params:
        tex = {"latex_name": model.space.latex(par)}
        switches += [s.as_dict() | tex for s in selection_switches(game, par, pair=(0, N))]
        maxi += [s.as_dict() | tex for s in selection_switches(game, par)]
    names = lambda ks: [model.pattern_name(k, N) for k in ks]
    at = {"potential": {str(k): str(phi[k]) for k in sorted(set(sel.pure) | set(sel.maximisers) | {0, N})},
          "selected": list(sel.maximisers), "selected_names": names(sel.maximisers),
          "risk_dominant": sel.risk_dominant, "logit_stable": list(sel.logit.stable),
          "mistakes_stable": list(sel.mistakes.stable),
          "mistakes_limit": {str(k): str(sel.mistakes.limit[k]) for k in sel.mistakes.stable},
          "phi_N_minus_phi_0": str(phi[N] - phi[0]), "pure_equilibria": list(sel.pure),
          "switches": switches, "maximiser_switches": maxi}
    claim = (f"Phi(k) = D_1 + ... + D_k (Phi(0) = 0) is an exact potential of the location game with N = {N} firms: "
             "a firm that moves changes its payoff and Phi by the same amount. The potential maximiser is a Nash "
             "equilibrium, the unique stochastically stable configuration of the logit dynamics as the noise "
             "vanishes (when unique), and risk-dominant among the strict equilibria (pairwise: the firms whose "
             "location differs best-respond to a uniform belief about each other; Harsanyi-Selten for N = 2). "
             f"In particular {wA} is selected over {wB} iff Phi(N) - Phi(0) = D_1 + ... + D_N > 0. "
             "Under the mistakes dynamics the stochastically stable configurations maximise "
             "S(k) = sgn D_1 + ... + sgn D_k instead.")
    claim_tex = (r"$\Phi(k) = \sum_{j=1}^{k} D_j$ ($\Phi(0) = 0$) is an exact potential of the location game with "
                 f"$N = {N}$ firms. The potential maximiser is a Nash equilibrium, stochastically stable under the "
                 r"logit dynamics as the noise vanishes, and risk-dominant among the strict equilibria (pairwise, "
                 r"Laplacian beliefs of the firms whose location differs; Harsanyi--Selten for $N = 2$). "
                 f"{wA[0].upper() + wA[1:]} is selected over {wB} iff "
                 + r"$\Phi(N) - \Phi(0) = \sum_{k=1}^{N} D_k > 0$. "
                 r"Under the mistakes dynamics the stochastically stable configurations maximise "
                 r"$S(k) = \sum_{j \le k} \operatorname{sgn} D_j$.")
    formulas = ({"name": "Phi(k)", "latex": r"\Phi(k) = \sum_{j=1}^{k} D_j", "text": "Phi(k) = D_1 + ... + D_k"},
                {"name": "mu_eta(k)", "latex": r"\mu_\eta(k) \propto \binom{N}{k} e^{\Phi(k)/\eta}",
                 "text": "mu_eta(k) ~ C(N, k) exp(Phi(k)/eta)  (logit dynamics)"})
    return Proposition("selection", "Equilibrium selection", claim, claim_tex, (), (), at, formulas=formulas)
