r"""Sweeps: equilibria over 1-D and 2-D grids of parameters, vectorised.

At every grid point the payoff table :math:`\Pi_A(k), \Pi_B(k)` comes from the
compiled kernel (:func:`~gametheory.models.agglomeration.payoff_arrays`), and
with :math:`D_k = \Pi_A(k) - \Pi_B(k-1)`:

* **pure equilibria** :math:`k` with :math:`(k = 0 \vee D_k \ge -\epsilon)` and
  :math:`(k = N \vee D_{k+1} \le \epsilon)`, strict ones with strict inequalities,
  :math:`\epsilon = 10^{-12}\max(1, \max_k |D_k|)` (ties count, as in MODEL.md);
* **symmetric mixed equilibria**: roots in (0, 1) of the Bernstein polynomial
  :math:`G(p) = \sum_m \binom{N-1}{m} p^m (1-p)^{N-1-m} D_{m+1}`, for all points
  at once: :math:`G` is evaluated on ``PGRID`` steps over [0, 1] (one matrix
  product), sign changes are bracketed and refined by a vectorised Illinois
  (regula falsi) iteration to ``|Δp| < 1e-12``; a root is stable when :math:`G`
  crosses zero from above.  Assumptions: roots of one point are more than
  ``1/PGRID`` apart; tangencies (double roots, a set of measure zero in a grid)
  are not reported by sweeps -- the per-point solver
  :meth:`~gametheory.games.anonymous.AnonymousBinaryGame.mixed_equilibria` finds them;
* the **regime** (:mod:`gametheory.analysis.regimes`), or ``outside`` where the
  point lies outside the model's domain (a marginal cost ``<= 0``).

Any parameter of MODEL.md, and ``Delta_gamma`` (which sets
:math:`\gamma_B = \gamma_A + \Delta\gamma`), can be an axis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from gametheory.analysis.regimes import REGIMES
from gametheory.errors import UserInputError
from gametheory.params import DERIVED, PARAMS, Params, latex_name, parse_value

__all__ = ["Axis", "Sweep", "sweep", "grid_values", "mixed_roots", "PGRID", "OUTSIDE", "regime_codes"]

PGRID = 256
OUTSIDE = -1
_AXIS = re.compile(r"^\s*(\w+)\s*=\s*([^:]+):([^:]+):(\d+)\s*$")


@dataclass(frozen=True)
class Axis:
    """A swept parameter: ``name`` and its ``values`` (COUNT points from LO to HI inclusive)."""

    name: str
    values: np.ndarray

    @classmethod
    def parse(cls, text: str) -> "Axis":
        """``NAME=LO:HI:COUNT`` (LO, HI integers, decimals or fractions; COUNT >= 2)."""
        m = _AXIS.match(text)
        if not m:
            raise UserInputError(f"axis {text!r}: expected NAME=LO:HI:COUNT, e.g. tau_p=0:3:400")
        name, lo, hi, count = m.group(1), m.group(2), m.group(3), int(m.group(4))
        return cls.linspace(name, parse_value(lo, name), parse_value(hi, name), count)

    @classmethod
    def linspace(cls, name: str, lo, hi, count: int) -> "Axis":
        """``count`` points from ``lo`` to ``hi`` inclusive."""
        if name not in PARAMS and name not in DERIVED:
            known = ", ".join(list(PARAMS) + list(DERIVED))
            raise UserInputError(f"unknown parameter {name!r} for an axis (known: {known})")
        if count < 2:
            raise UserInputError(f"axis {name}: COUNT must be at least 2 (got {count})")
        if count > 5000:
            raise UserInputError(f"axis {name}: COUNT must be at most 5000 (got {count})")
        if not float(hi) > float(lo):
            raise UserInputError(f"axis {name}: HI must exceed LO (got {lo}:{hi})")
        if name in PARAMS:
            spec = PARAMS[name]
            for v in (Fraction(lo), Fraction(hi)):
                spec.check(v)
        return cls(name, np.linspace(float(lo), float(hi), count))

    @property
    def latex(self) -> str:
        """Axis label in the model's LaTeX notation."""
        return f"${latex_name(self.name)}$"


def grid_values(params: Params, axes: list[Axis]) -> dict[str, np.ndarray]:
    """Every model parameter as an array broadcasting over the grid ``axes`` (one array dimension each)."""
    names = [a.name for a in axes]
    if len(set(names)) != len(names):
        raise UserInputError(f"an axis is given twice: {names}")
    if "gamma_B" in names and "Delta_gamma" in names:
        raise UserInputError("sweep gamma_B or Delta_gamma, not both")
    d = len(axes)
    v = {n: np.full((1,) * d, float(x)) for n, x in params.items()}
    for i, ax in enumerate(axes):
        shape = [1] * d
        shape[i] = len(ax.values)
        if ax.name in PARAMS:
            v[ax.name] = ax.values.reshape(shape)
    for i, ax in enumerate(axes):
        if ax.name == "Delta_gamma":
            shape = [1] * d
            shape[i] = len(ax.values)
            v["gamma_B"] = v["gamma_A"] + ax.values.reshape(shape)
    return v


def regime_codes(pure: np.ndarray, N: int) -> np.ndarray:
    """Index into :data:`~gametheory.analysis.regimes.REGIMES` for each point (``pure``: bool ``(N+1, ...)``)."""
    T, Z, S = pure[N], pure[0], pure[1:N].any(axis=0)
    head = np.where(T & Z, 2, np.where(T, 0, np.where(Z, 1, 3)))
    plus = S & (head != 3)
    return np.where(plus, np.choose(np.minimum(head, 2), [4, 5, 6]), head)


@dataclass(frozen=True)
class Sweep:
    """Equilibria on a grid.

    Arrays have the grid shape ``(len(axes[0].values), ...)`` after their leading axis:
    ``D`` is ``(N, ...)`` with ``D[k-1] = D_k``; ``pure``/``strict`` are ``(N+1, ...)``
    booleans indexed by ``k``; ``mixed_p``/``mixed_stable`` are ``(R, ...)``, NaN/False
    padded, ascending in p; ``regime`` holds codes into :data:`REGIMES` (``-1`` outside the domain).
    """

    N: int
    params: Params
    axes: tuple[Axis, ...]
    D: np.ndarray
    pure: np.ndarray
    strict: np.ndarray
    mixed_p: np.ndarray
    mixed_stable: np.ndarray
    regime: np.ndarray
    valid: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        return self.regime.shape

    def regime_name(self, index) -> str:
        """The regime name at a grid index (``outside`` outside the domain)."""
        code = int(self.regime[index])
        return "outside" if code == OUTSIDE else REGIMES[code]

    def pure_at(self, index) -> list[int]:
        """Pure equilibria (k values) at a grid index."""
        return [int(k) for k in np.flatnonzero(self.pure[(slice(None),) + tuple(np.atleast_1d(index))])]

    def mixed_at(self, index) -> list[tuple[float, bool]]:
        """``(p, stable)`` pairs at a grid index."""
        idx = (slice(None),) + tuple(np.atleast_1d(index))
        ps, st = self.mixed_p[idx], self.mixed_stable[idx]
        return [(float(p), bool(s)) for p, s in zip(ps, st) if np.isfinite(p)]


def _weights(n: int, p: np.ndarray) -> np.ndarray:
    """Bernstein basis ``C(n, m) p^m (1-p)^(n-m)``, shape ``p.shape + (n+1,)`` (log space)."""
    from scipy.special import gammaln

    m = np.arange(n + 1)
    logc = gammaln(n + 1) - gammaln(m + 1) - gammaln(n - m + 1)
    p = np.asarray(p, dtype=float)[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.exp(logc + m * np.log(p) + (n - m) * np.log1p(-p))
    return np.nan_to_num(w)


def _illinois(n, lo, hi, glo, ghi, Dcols, scale, xtol=1e-12, maxiter=60):
    """Vectorised Illinois (modified regula falsi) on brackets ``[lo, hi]`` with ``G(lo) G(hi) < 0``.

    Only the brackets not yet converged (``hi - lo < xtol`` or ``|G| <= 1e-15 scale``) are iterated.
    """
    lo, hi, glo, ghi = lo.copy(), hi.copy(), glo.copy(), ghi.copy()
    x = (lo * ghi - hi * glo) / (ghi - glo) if len(lo) else lo.copy()
    side = np.zeros(len(lo))
    active = np.ones(len(lo), dtype=bool)
    for _ in range(maxiter):
        idx = np.flatnonzero(active)
        if not len(idx):
            break
        l, h, gl, gh, sd = lo[idx], hi[idx], glo[idx], ghi[idx], side[idx]
        xi = (l * gh - h * gl) / (gh - gl)
        gx = np.einsum("bn,bn->b", _weights(n, xi), Dcols[idx])
        left = np.sign(gx) == np.sign(gl)
        l, gl2 = np.where(left, xi, l), np.where(left, gx, gl)
        h, gh2 = np.where(left, h, xi), np.where(left, gh, gx)
        gl2 = np.where(~left & (sd < 0), gl2 / 2, gl2)   # the same end stayed twice: halve it
        gh2 = np.where(left & (sd > 0), gh2 / 2, gh2)
        lo[idx], hi[idx], glo[idx], ghi[idx], side[idx], x[idx] = l, h, gl2, gh2, np.where(left, 1.0, -1.0), xi
        active[idx] = ~((h - l < xtol) | (np.abs(gx) <= 1e-15 * scale[idx]))
    return x


def mixed_roots(D: np.ndarray, pgrid: int = PGRID) -> tuple[np.ndarray, np.ndarray]:
    """All sign-changing roots in (0, 1) of ``G(p) = sum_m w_m(p) D[m]`` for every column of ``D`` (``(N, P)``).

    Descartes' rule of signs for the Bernstein basis bounds the number of roots
    in (0, 1) by the number of sign changes of the coefficients ``D``: columns
    without a sign change are skipped, columns with exactly one (and nonzero
    end values) have exactly one root, bracketed by [0, 1]; only columns with
    two or more sign changes are scanned on the ``pgrid`` grid.
    Returns ``(p, stable)`` of shape ``(R, P)`` (NaN/False padded, ascending).
    """
    N, P = D.shape
    n = N - 1
    scale = np.maximum(1.0, np.nanmax(np.abs(D), axis=0))
    eps = 1e-14 * scale
    sgn = np.where(np.abs(D) <= eps, 0, np.sign(D)).astype(np.int8)
    # sign changes ignoring zeros: carry the last nonzero sign forward
    last = sgn[0].copy()
    changes = np.zeros(P, dtype=np.int32)
    for m in range(1, N):
        cur = sgn[m]
        changes += (cur != 0) & (last != 0) & (cur != last)
        last = np.where(cur != 0, cur, last)
    simple = (changes == 1) & (sgn[0] != 0) & (sgn[-1] != 0)
    multi = np.flatnonzero((changes >= 2) | ((changes == 1) & ~simple))
    roots_p, roots_j, stable = [], [], []
    # one sign change: exactly one root, bracketed by [0, 1] since G(0) = D_1 and G(1) = D_N
    js = np.flatnonzero(simple)
    if len(js):
        x = _illinois(n, np.zeros(len(js)), np.ones(len(js)), D[0, js], D[-1, js], D[:, js].T, scale[js])
        roots_p.append(x)
        roots_j.append(js)
        stable.append(D[0, js] > 0)
    if len(multi):
        # the grid includes p = 0 and p = 1 (G(0) = D_1, G(1) = D_N) so that roots next to the ends are bracketed
        grid = np.linspace(0.0, 1.0, pgrid + 1)
        G = np.empty((len(grid), len(multi)))
        G[1:-1] = _weights(n, grid[1:-1]) @ D[:, multi]      # (Q, M)
        G[0], G[-1] = D[0, multi], D[-1, multi]
        tol = 1e-14 * scale[multi]
        pos, neg = G > tol, G < -tol
        qi, mj = np.nonzero((pos[:-1] & neg[1:]) | (neg[:-1] & pos[1:]))
        pj = multi[mj]
        x = _illinois(n, grid[qi], grid[qi + 1], G[qi, mj], G[qi + 1, mj], D[:, pj].T, scale[pj])
        roots_p.append(x)
        roots_j.append(pj)
        stable.append(G[qi, mj] > 0)
        # a grid value that is exactly zero between a positive and a negative neighbour is a root too
        zq, zm = np.nonzero(~pos[1:-1] & ~neg[1:-1] & ((pos[:-2] & neg[2:]) | (neg[:-2] & pos[2:])))
        roots_p.append(grid[zq + 1])
        roots_j.append(multi[zm])
        stable.append(pos[zq, zm])
    if not roots_p:
        return np.full((0, P), np.nan), np.zeros((0, P), dtype=bool)
    roots_p, roots_j, stable = np.concatenate(roots_p), np.concatenate(roots_j), np.concatenate(stable)
    order = np.lexsort((roots_p, roots_j))
    roots_p, roots_j, stable = roots_p[order], roots_j[order], stable[order]
    counts = np.bincount(roots_j, minlength=P)
    R = int(counts.max()) if len(roots_j) else 0
    out_p = np.full((R, P), np.nan)
    out_s = np.zeros((R, P), dtype=bool)
    rank = np.arange(len(roots_j)) - np.repeat(np.cumsum(counts) - counts, counts)
    out_p[rank, roots_j] = roots_p
    out_s[rank, roots_j] = stable
    return out_p, out_s


def sweep(N: int, params: Params, axes: list[Axis], *, mixed: bool = True, pgrid: int = PGRID) -> Sweep:
    """Equilibria of the N-firm game at every point of the grid spanned by ``axes``."""
    from gametheory.models.agglomeration import _check_N, payoff_arrays

    _check_N(N)
    if not 1 <= len(axes) <= 2:
        raise UserInputError("a sweep takes one or two axes")
    v = grid_values(params, list(axes))
    shape = tuple(len(a.values) for a in axes)
    valid = np.broadcast_to((v["c"] - v["e"] - v["gamma_A"] > 0) & (v["c"] + v["tau_r"] - v["gamma_B"] > 0)
                            & (v["gamma_B"] >= 0), shape)
    pa, pb = payoff_arrays(N, v)
    D = pa[1:] - pb[:-1]                                     # (N, *shape): D[k-1] = D_k
    eps = 1e-12 * np.maximum(1.0, np.max(np.abs(D), axis=0))
    stay_A, stay_B = D >= -eps, D <= eps
    pure = np.ones((N + 1,) + shape, dtype=bool)
    pure[1:] &= stay_A
    pure[:-1] &= stay_B
    strict = np.ones((N + 1,) + shape, dtype=bool)
    strict[1:] &= D > eps
    strict[:-1] &= D < -eps
    pure &= valid
    strict &= valid
    if mixed:
        mp, ms = mixed_roots(D.reshape(N, -1), pgrid)
        mp = mp.reshape((-1,) + shape)
        ms = ms.reshape((-1,) + shape)
        mp[:, ~valid] = np.nan
        ms[:, ~valid] = False
    else:
        mp, ms = np.full((0,) + shape, np.nan), np.zeros((0,) + shape, dtype=bool)
    regime = np.where(valid, regime_codes(pure, N), OUTSIDE)
    return Sweep(N, params, tuple(axes), D, pure, strict, mp, ms, regime, np.asarray(valid))
