r"""Anonymous binary-choice games: N symmetric players, two actions, payoffs by counts.

Each of :math:`N \ge 2` players chooses action A or B.  A player's payoff depends
only on her own action and on :math:`m`, the number of *other* players choosing A:
:math:`u_A(m)` and :math:`u_B(m)`, :math:`m = 0, \dots, N-1`.  With :math:`k`
players in A, a player in A earns :math:`\Pi_A(k) = u_A(k-1)` and a player in B
earns :math:`\Pi_B(k) = u_B(k)`.  Write the gain from A,

.. math:: g(m) = u_A(m) - u_B(m) = \Pi_A(m+1) - \Pi_B(m).

**Pure equilibria** (weak inequalities, ties are equilibria; MODEL.md): the
configuration with :math:`k` players in A is a Nash equilibrium iff

.. math:: (k = 0 \ \text{or}\ g(k-1) \ge 0) \quad\text{and}\quad (k = N \ \text{or}\ g(k) \le 0),

checked for all :math:`k` at once in :math:`O(N)`.  It is *strict* (and stable)
when both inequalities are strict.

**Symmetric mixed equilibria**: every player chooses A with probability
:math:`p \in (0,1)`; the other :math:`N-1` players in A are
:math:`M \sim \mathrm{Binomial}(N-1, p)` and :math:`p` is an equilibrium iff

.. math:: G(p) = \mathbb E[g(M)] = \sum_{m=0}^{N-1} \binom{N-1}{m} p^m (1-p)^{N-1-m} g(m) = 0,

a polynomial in Bernstein form with coefficients :math:`g(m)`.  Its derivative
is again in Bernstein form, :math:`G'(p) = (N-1)\sum_{m=0}^{N-2}\binom{N-2}{m}
p^m(1-p)^{N-2-m}\,(g(m+1)-g(m))`.  An interior root is *stable* under the
replicator dynamics :math:`\dot p = p(1-p)G(p)` when :math:`G` crosses zero from
above (MODEL.md), i.e. :math:`G > 0` just left of :math:`p` and :math:`G < 0`
just right; a tangency (even multiplicity) is reported as an equilibrium that is
not stable.

Two arithmetics:

* **exact** (payoffs are integers / Fractions, :math:`N \le` ``EXACT_MAX_N``):
  :math:`G` is built as a rational polynomial and its real roots in (0, 1) are
  isolated exactly by sympy (Sturm-type real-root isolation of the square-free
  part), multiplicities included, so tangencies are never missed; each root is
  given as an algebraic number and a float.
* **float**: :math:`G` and :math:`G'` are evaluated stably through log-binomial
  weights on a grid of ``max(512, 16 sqrt(N))`` steps over [0, 1]; sign changes of
  :math:`G` are refined by Brent's method (``xtol=1e-14``); tangencies are found
  as roots of :math:`G'` (sign changes of :math:`G'`, refined by Brent) at which
  :math:`|G| \le` ``tol`` :math:`\cdot \max_m |g(m)|`.  Assumption: distinct
  roots are farther apart than the grid spacing (for the model's payoffs
  :math:`G` varies on the scale of :math:`1/\sqrt N` at the finest; the grid is
  16 times finer).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from fractions import Fraction
from typing import Sequence

import numpy as np

from gametheory.errors import UserInputError

__all__ = ["AnonymousBinaryGame", "MixedEquilibrium", "ContinuumOfEquilibria", "EXACT_MAX_N"]

class ContinuumOfEquilibria(UserInputError):
    """Raised by :meth:`AnonymousBinaryGame.mixed_equilibria` when every p is an equilibrium (``g = 0``)."""


#: Largest N for which mixed equilibria are computed in exact arithmetic by default.
EXACT_MAX_N = 60


@dataclass(frozen=True)
class MixedEquilibrium:
    """A symmetric mixed equilibrium: probability ``p`` of action A.

    ``exact`` is the sympy algebraic number when computed exactly (else ``None``);
    ``multiplicity`` is the root's multiplicity (2 for a tangency);
    ``stable`` follows MODEL.md (``G`` crosses zero from above).
    """

    p: float
    stable: bool
    multiplicity: int = 1
    exact: object = None

    def as_dict(self) -> dict:
        """``{"p": float, "stable": bool}`` (the CLI's JSON form)."""
        return {"p": self.p, "stable": self.stable}


@dataclass(frozen=True)
class AnonymousBinaryGame:
    """An anonymous binary-choice game given by ``u_A(m)`` and ``u_B(m)``, ``m = 0..N-1``.

    Parameters
    ----------
    u_A, u_B
        Sequences of length ``N``: payoff of a player choosing A (resp. B) when
        ``m`` of the *other* players choose A.  Integers/Fractions keep exact
        arithmetic; floats use tolerance ``tol``.
    tol
        Float mode only: a payoff difference ``>= -tol * scale`` counts as a tie
        (``scale = max(1, max |g|)``).
    """

    u_A: tuple
    u_B: tuple
    tol: float = 1e-12

    def __post_init__(self) -> None:
        if len(self.u_A) != len(self.u_B):
            raise UserInputError("u_A and u_B must have the same length N")
        if len(self.u_A) < 2:
            raise UserInputError("an anonymous game needs N >= 2 players")
        object.__setattr__(self, "u_A", tuple(self.u_A))
        object.__setattr__(self, "u_B", tuple(self.u_B))

    @classmethod
    def from_configuration_payoffs(cls, pi_A: Sequence, pi_B: Sequence, **kw) -> "AnonymousBinaryGame":
        """From ``Pi_A(k)``, ``k = 1..N`` and ``Pi_B(k)``, ``k = 0..N-1`` (payoffs by configuration).

        ``pi_A`` and ``pi_B`` may be full length ``N+1`` arrays indexed by ``k``;
        the undefined entries (``Pi_A(0)``, ``Pi_B(N)``) are then ignored.
        """
        pi_A, pi_B = list(pi_A), list(pi_B)
        if len(pi_A) == len(pi_B):  # indexed by k = 0..N
            return cls(tuple(pi_A[1:]), tuple(pi_B[:-1]), **kw)
        raise UserInputError("pi_A and pi_B must both be indexed by k = 0..N")

    @property
    def N(self) -> int:
        """Number of players."""
        return len(self.u_A)

    @cached_property
    def is_exact(self) -> bool:
        """True when every payoff is an int or Fraction."""
        return all(isinstance(v, (int, Fraction)) and not isinstance(v, bool) for v in self.u_A + self.u_B)

    def gains(self) -> np.ndarray:
        """``g(m) = u_A(m) - u_B(m)``, ``m = 0..N-1`` (object array when exact)."""
        return self._gains

    @cached_property
    def _gains(self) -> np.ndarray:
        if self.is_exact:
            return np.array([Fraction(a) - Fraction(b) for a, b in zip(self.u_A, self.u_B)], dtype=object)
        return np.asarray(self.u_A, dtype=float) - np.asarray(self.u_B, dtype=float)

    def _slack(self) -> float | int:
        if self.is_exact:
            return 0
        g = self.gains()
        return self.tol * max(1.0, float(np.max(np.abs(g))))

    @property
    def indifferent(self) -> bool:
        """True when ``g`` is identically zero (within tolerance): every profile is an equilibrium."""
        g = self.gains()
        return all(v == 0 for v in g) if self.is_exact else not np.any(np.abs(g) > self._slack())

    # ----------------------------------------------------------------- pure
    def pure_equilibria(self) -> list[int]:
        """All ``k`` (players in A) that are pure Nash equilibria, ascending, in O(N)."""
        return [int(k) for k in np.flatnonzero(self._pure_mask(strict=False))]

    def strict_equilibria(self) -> list[int]:
        """The pure equilibria where every player strictly prefers her action (the stable ones)."""
        return [int(k) for k in np.flatnonzero(self._pure_mask(strict=True))]

    def _pure_mask(self, strict: bool) -> np.ndarray:
        g = self.gains()
        s = self._slack()
        N = self.N
        # a player in A (with m = k-1 others in A) stays iff g(k-1) >= 0; one in B (m = k) iff g(k) <= 0
        stay_A = np.asarray(g > s if strict else g >= -s, dtype=bool)
        stay_B = np.asarray(g < -s if strict else g <= s, dtype=bool)
        ok = np.ones(N + 1, dtype=bool)
        ok[1:] &= stay_A          # k >= 1: g(k-1) >= 0
        ok[:-1] &= stay_B         # k <= N-1: g(k) <= 0
        return ok

    # ---------------------------------------------------------------- mixed
    def expected_gain(self, p: np.ndarray | float) -> np.ndarray:
        """``G(p) = E[g(M)]``, ``M ~ Binomial(N-1, p)``, vectorised over ``p`` (floats)."""
        return _bernstein_eval(np.asarray(self.gains(), dtype=float), np.asarray(p, dtype=float))

    def mixed_equilibria(self, exact: bool | None = None) -> list[MixedEquilibrium]:
        """Every symmetric mixed equilibrium ``p`` in (0, 1), ascending.

        ``exact=None`` chooses exact root isolation when the payoffs are exact and
        ``N <= EXACT_MAX_N``.  A game where ``g`` is identically zero has a
        continuum of equilibria: :class:`ContinuumOfEquilibria` is raised rather than a list returned.
        """
        g = self.gains()
        if self.indifferent:
            raise ContinuumOfEquilibria("every player is indifferent (g = 0): every p in [0, 1] is an equilibrium")
        if exact is None:
            exact = self.is_exact and self.N <= EXACT_MAX_N
        if exact:
            if not self.is_exact:
                raise UserInputError("exact mixed equilibria need exact (integer or fraction) payoffs")
            return _mixed_exact(list(g))
        return _mixed_float(np.asarray(g, dtype=float), self.tol)


# ---------------------------------------------------------------------------
def _bernstein_eval(coef: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Evaluate ``sum_m C(n,m) p^m (1-p)^(n-m) coef[m]`` for p in [0, 1] (n = len(coef)-1).

    Log-space weights keep it stable for large ``n``.  For ``n > 400`` only the
    window ``|m - np| <= 6 sqrt(n) + 20`` is summed: by Hoeffding's inequality
    the binomial mass outside it is at most ``2 exp(-72) < 1e-31``, so the
    truncation error is below ``1e-31 max|coef|``.  Processed in chunks to bound
    memory at about 8 MB.
    """
    from scipy.special import gammaln

    n = len(coef) - 1
    flat = np.atleast_1d(np.asarray(p, dtype=float)).ravel()
    out = np.empty(flat.shape)
    half = int(6 * math.sqrt(n)) + 20
    W = n + 1 if n <= 400 or 2 * half + 1 >= n + 1 else 2 * half + 1
    logc_all = gammaln(n + 1) - gammaln(np.arange(n + 1) + 1) - gammaln(n - np.arange(n + 1) + 1)
    chunk = max(1, 1_000_000 // W)
    for s in range(0, flat.size, chunk):
        pp = flat[s:s + chunk]
        start = np.clip(np.rint(n * pp).astype(int) - W // 2, 0, n + 1 - W)
        m = start[:, None] + np.arange(W)[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            logw = logc_all[m] + m * np.log(pp)[:, None] + (n - m) * np.log1p(-pp)[:, None]
        w = np.exp(logw)
        w[np.isnan(w)] = 0.0
        # the endpoints p = 0 and p = 1 put all mass on m = 0 and m = n
        w[pp == 0.0] = (m[pp == 0.0] == 0)
        w[pp == 1.0] = (m[pp == 1.0] == n)
        out[s:s + chunk] = np.einsum("ij,ij->i", w, coef[m])
    return out.reshape(np.shape(p)) if np.ndim(p) else out[0]


def _mixed_float(g: np.ndarray, tol: float) -> list[MixedEquilibrium]:
    from scipy.optimize import brentq

    N = len(g)
    scale = max(1.0, float(np.max(np.abs(g))))
    dg = np.diff(g)
    G = lambda x: float(_bernstein_eval(g, np.asarray(x)))
    dG = (lambda x: float((N - 1) * _bernstein_eval(dg, np.asarray(x)))) if N > 1 else (lambda x: 0.0)
    M = int(max(512, 16 * math.sqrt(N)))
    # the scan includes the end points p = 0 and p = 1 (G(0) = g(0), G(1) = g(N-1)), so that a root
    # between 0 and the first interior grid point is bracketed too; roots are kept only inside (0, 1)
    grid = np.linspace(0.0, 1.0, M + 1)
    Gv = _bernstein_eval(g, grid)
    roots: list[float] = []
    zero = np.abs(Gv) <= tol * scale
    sign = np.where(zero, 0, np.sign(Gv))
    for i in np.flatnonzero(sign[:-1] * sign[1:] < 0):
        roots.append(brentq(G, grid[i], grid[i + 1], xtol=1e-15))
    for i in np.flatnonzero(zero[1:-1]) + 1:
        roots.append(float(grid[i]))
    # tangencies: roots of G' where |G| is (numerically) zero
    if N > 1:
        dGv = (N - 1) * _bernstein_eval(dg, grid)
        near_zero = np.abs(Gv) <= np.max(np.abs(Gv)) * 1e-3 + tol * scale  # a tangency needs a small |G| nearby
        for i in np.flatnonzero((dGv[:-1] == 0) | (dGv[:-1] * dGv[1:] < 0)):
            if not (near_zero[i] or near_zero[i + 1]):
                continue
            x = grid[i] if dGv[i] == 0 else brentq(dG, grid[i], grid[i + 1], xtol=1e-15)
            if 0.0 < x < 1.0 and abs(G(x)) <= tol * scale * 10:
                roots.append(float(x))
    roots.sort()
    merged: list[float] = []
    for x in roots:
        if not (merged and abs(x - merged[-1]) < 1e-9):
            merged.append(x)
    out = []
    h = 0.01 / M  # probe well inside the grid cell
    for x in merged:
        left, right = G(max(x - h, 0.0)), G(min(x + h, 1.0))
        crossing = left * right < 0
        out.append(MixedEquilibrium(p=float(x), stable=bool(left > 0 > right), multiplicity=1 if crossing else 2))
    return out


def _mixed_exact(g: list[Fraction]) -> list[MixedEquilibrium]:
    import sympy as sp

    p = sp.Symbol("p")
    n = len(g) - 1
    G = sp.Integer(0)
    for m, gm in enumerate(g):
        if gm != 0:
            G += sp.binomial(n, m) * sp.Rational(gm.numerator, gm.denominator) * p**m * (1 - p) ** (n - m)
    poly = sp.Poly(sp.expand(G), p)
    if poly.is_zero:
        raise ContinuumOfEquilibria("every player is indifferent (g = 0): every p in [0, 1] is an equilibrium")
    out = []
    for root, mult in _real_roots_with_mult(poly):
        if not root.is_real:
            continue
        if not (root > 0 and root < 1):
            continue
        # direction of crossing: sign of the first nonzero derivative at the root
        d = poly
        for _ in range(mult):
            d = d.diff(p)
        slope = sp.N(d.as_expr().subs(p, root), 50)  # nonzero: mult-th derivative at a root of multiplicity mult
        stable = bool(mult % 2 == 1 and slope < 0)
        out.append(MixedEquilibrium(p=float(sp.N(root, 30)), stable=stable, multiplicity=int(mult),
                                    exact=root))
    out.sort(key=lambda e: e.p)
    return out


def _real_roots_with_mult(poly):
    """Real roots with multiplicities, as (root, multiplicity) pairs (sympy CRootOf or radicals)."""
    import sympy as sp

    counts: dict = {}
    for r in sp.real_roots(poly):
        counts[r] = counts.get(r, 0) + 1
    return list(counts.items())
