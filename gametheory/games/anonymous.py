r"""Anonymous binary-choice games: N symmetric players, two actions, payoffs by counts.

Each of :math:`N \ge 2` players chooses action A or B.  A player's payoff depends
only on her own action and on :math:`m`, the number of *other* players choosing A:
:math:`u_A(m)` and :math:`u_B(m)`, :math:`m = 0, \dots, N-1`.  With :math:`k`
players in A, a player in A earns :math:`\Pi_A(k) = u_A(k-1)` and a player in B
earns :math:`\Pi_B(k) = u_B(k)`.  Write the gain from A,

.. math:: g(m) = u_A(m) - u_B(m) = \Pi_A(m+1) - \Pi_B(m) = D_{m+1}.

**Pure equilibria** (weak inequalities, ties are equilibria; docs/model.md): :math:`k`
players in A is a Nash equilibrium iff

.. math:: (k = 0 \ \text{or}\ g(k-1) \ge 0) \quad\text{and}\quad (k = N \ \text{or}\ g(k) \le 0),

decided for all :math:`k` at once from the *signs* of :math:`g` (:func:`pure_masks`).
It is *strict* (stable) when both inequalities are strict.

**Symmetric mixed equilibria**: every player chooses A with probability
:math:`p \in (0,1)`; the other :math:`N-1` players in A are
:math:`M \sim \mathrm{Binomial}(N-1, p)` and :math:`p` is an equilibrium iff

.. math:: G(p) = \mathbb E[g(M)] = \sum_{m=0}^{N-1} \binom{N-1}{m} p^m (1-p)^{N-1-m} g(m) = 0,

a polynomial in Bernstein form with coefficients :math:`g(m)`.  A root is *stable*
under the replicator dynamics :math:`\dot p = p(1-p)G(p)` when :math:`G` crosses
zero from above (docs/model.md); a tangency (even multiplicity) is an equilibrium that is
not stable.  By Descartes' rule of signs for the Bernstein basis (e.g. Farouki 2012,
*The Bernstein polynomial basis*, sec. 3) the number of roots in (0, 1), counted with
multiplicity, is the number :math:`V` of sign changes of :math:`g` minus an even number.

**How signs are decided** (one policy for the whole toolkit): every sign is exact.
Gains are given either exactly (integers, Fractions, floats taken as the binary
numbers they are, exact sympy numbers) or as certified balls
(:class:`gametheory.arith.Ball`) with a function that computes a gain exactly;
a ball decides a sign only when it excludes zero, and the exact gain decides the
others (:func:`certified_signs`).  "Tie" is reported only for an exact zero.

**Mixed equilibria, two methods.**

* *exact* (rational gains, :math:`N \le` :data:`EXACT_MAX_N`): :math:`G` is a
  rational polynomial; its real roots in (0, 1) are isolated exactly by sympy
  (Sturm-type isolation, multiplicities included), so tangencies are never missed.
* *certified float*: :math:`G` is evaluated with a rigorous error bound
  (:func:`bernstein_ball`) on a grid of ``max(512, 16 sqrt(N))`` steps; a root is
  reported where :math:`G` changes sign *beyond its bound* between two grid points,
  refined by bisection while the signs stay certified, and reported with its
  bracket.  If the certified roots number :math:`V` (Descartes' bound) the list is
  complete and every root simple; otherwise the result says how many roots (in pairs:
  tangencies or close pairs) are not excluded, and where :math:`G` stays within its
  bound.  Assumption of the bound: numpy's ``log``/``exp`` and the log-factorials (logarithms of exact
  factorials up to N = 2,000, scipy's ``gammaln`` above) err by at most a few units in the last place
  (the bound allows 16).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Callable, Sequence

import numpy as np

from gametheory.errors import UserInputError
from gametheory.results import Result

__all__ = ["AnonymousBinaryGame", "MixedEquilibrium", "MixedEquilibria", "ContinuumOfEquilibria", "EXACT_MAX_N",
           "pure_masks", "certified_signs", "sign_changes", "mixed_exact", "mixed_certified", "bernstein_ball",
           "bernstein_weights", "bernstein_weights_err", "mixed_roots_grid", "regime_codes", "PATTERN_SETS", "classify_equilibria"]


class ContinuumOfEquilibria(UserInputError):
    """Raised when every p is an equilibrium (``g = 0`` identically)."""


#: Largest N for which mixed equilibria are computed in exact arithmetic by default.
EXACT_MAX_N = 60
_U = 2.0 ** -53


# ----------------------------------------------------------------- results
@dataclass(frozen=True, repr=False)
class MixedEquilibrium(Result):
    """A symmetric mixed equilibrium: probability ``p`` of action A.

    ``exact`` is the sympy algebraic number when computed exactly (else ``None``);
    ``bracket`` the certified interval ``(lo, hi)`` that contains the root when computed
    in certified floats; ``multiplicity`` 2 for a tangency; ``stable`` as in docs/model.md.
    """

    p: float
    stable: bool
    multiplicity: int = 1
    exact: object = None
    bracket: tuple | None = None

    _repr_fields = ("p", "stable")

    def as_dict(self) -> dict:
        """``{"p": float, "stable": bool}`` (the CLI's JSON form)."""
        return {"p": self.p, "stable": self.stable}

    @property
    def exact_text(self) -> str | None:
        """The exact root as text when it is rational, else None."""
        if self.exact is not None and getattr(self.exact, "is_Rational", False):
            return str(self.exact)
        return None


@dataclass(frozen=True, repr=False)
class MixedEquilibria(Result):
    """Every symmetric mixed equilibrium, with how they were found and whether the list is complete.

    ``method`` is ``"exact"`` or ``"certified float"``; ``complete`` is False when the
    float method cannot exclude ``unresolved`` further roots (counted with multiplicity,
    an even number: tangencies or pairs of close roots) inside ``undecided`` intervals.
    """

    roots: tuple[MixedEquilibrium, ...]
    method: str
    sign_changes: int
    complete: bool = True
    unresolved: int = 0
    undecided: tuple[tuple[float, float], ...] = ()

    _repr_fields = ("roots", "method", "complete")

    def __iter__(self):
        return iter(self.roots)

    def __len__(self) -> int:
        return len(self.roots)

    def __getitem__(self, i):
        return self.roots[i]

    def as_dict(self) -> dict:
        return {"roots": [r.as_dict() for r in self.roots], "method": self.method,
                "sign_changes": self.sign_changes, "complete": self.complete, "unresolved": self.unresolved,
                "undecided": [list(iv) for iv in self.undecided]}


# ---------------------------------------------------------------- pure
def pure_masks(signs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(pure, strict)`` boolean masks of shape ``(N+1, ...)`` from the signs of ``g`` (shape ``(N, ...)``).

    ``signs[m]`` is the exact sign (-1, 0, 1) of ``g(m) = D_{m+1}``.
    """
    s = np.asarray(signs)
    N = s.shape[0]
    pure = np.ones((N + 1,) + s.shape[1:], dtype=bool)
    strict = np.ones_like(pure)
    pure[1:] &= s >= 0
    pure[:-1] &= s <= 0
    strict[1:] &= s > 0
    strict[:-1] &= s < 0
    return pure, strict


def certified_signs(mid: np.ndarray, rad: np.ndarray, exact_sign_at: Callable[[tuple], int] | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Exact signs of values given as balls ``mid +- rad``: ``(signs, decided_exactly)``.

    Where the ball excludes zero its sign is the value's; elsewhere ``exact_sign_at(index)``
    decides (an exact evaluation).  Without it, undecided entries raise.
    """
    mid, rad = np.asarray(mid, dtype=float), np.asarray(rad, dtype=float)
    signs = np.sign(mid).astype(np.int8)
    unsure = ~((mid > rad) | (mid < -rad))
    if unsure.any():
        if exact_sign_at is None:
            raise ValueError("a sign is not certified and no exact evaluation was given")
        for idx in zip(*np.nonzero(unsure)):
            signs[idx] = exact_sign_at(tuple(int(i) for i in idx))
    return signs, unsure


def sign_changes(signs: Sequence[int]) -> int:
    """Sign changes of a sequence, zeros skipped (Descartes' count)."""
    last, n = 0, 0
    for s in signs:
        if s != 0:
            if last != 0 and s != last:
                n += 1
            last = s
    return n


#: Pattern sets of a regime code (pure equilibria classified): (all-A?, all-B?, split?).
PATTERN_SETS = ((True, False, False), (False, True, False), (True, True, False), (False, False, True),
                (True, False, True), (False, True, True), (True, True, True))


def regime_codes(pure: np.ndarray) -> np.ndarray:
    """Code of the set of pure equilibria at each point (``pure``: bool ``(N+1, ...)``).

    Codes index :data:`PATTERN_SETS`: 0 only ``k = N``; 1 only ``k = 0``; 2 both (coordination);
    3 only splits; 4 ``N`` and splits; 5 ``0`` and splits; 6 all three kinds.
    """
    N = pure.shape[0] - 1
    T, Z, S = pure[N], pure[0], pure[1:N].any(axis=0)
    head = np.where(T & Z, 2, np.where(T, 0, np.where(Z, 1, 3)))
    plus = S & (head != 3)
    return np.where(plus, np.choose(np.minimum(head, 2), [4, 5, 6]), head)


def classify_equilibria(pure_equilibria, N: int) -> int:
    """The regime code of a set of pure equilibria (values of ``k``)."""
    mask = np.zeros(N + 1, dtype=bool)
    mask[list(pure_equilibria)] = True
    if not mask.any():
        raise ValueError("an anonymous binary-choice game always has a pure equilibrium; got none")
    return int(regime_codes(mask))


# ------------------------------------------------------------- Bernstein
#: Up to this n the log-factorials are logarithms of the exact integers ``m!`` (a few ms); above it they
#: come from scipy's ``gammaln`` (importing scipy.special costs ~0.1 s of a command's start-up).
EXACT_FACTORIALS_MAX_N = 2_000


@lru_cache(maxsize=64)
def _log_factorials(n: int) -> np.ndarray:
    """``log m!``, ``m = 0..n`` (cached, read-only), within two units in the last place.

    Up to :data:`EXACT_FACTORIALS_MAX_N`: ``math.log`` of the exact integer ``m!`` (Python's logarithm of an
    integer rounds ``m!`` to a double or splits it as ``x 2^e`` with ``x`` correctly rounded, then adds
    ``e log 2``: an error of about two units in the last place).  Not ``math.lgamma``: CPython's own
    Lanczos lgamma errs by 3 units at ``lgamma(3)``.  Above: scipy's ``gammaln`` (Cephes).
    """
    if n <= EXACT_FACTORIALS_MAX_N:
        out = np.empty(n + 1)
        f = 1
        for m in range(n + 1):
            f *= max(m, 1)
            out[m] = math.log(f)
    else:
        from scipy.special import gammaln

        out = gammaln(np.arange(n + 1) + 1.0)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=64)
def _log_binomials(n: int) -> np.ndarray:
    """``log C(n, m) = log n! - log m! - log (n-m)!``, ``m = 0..n`` (cached, read-only)."""
    lf = _log_factorials(n)
    out = lf[n] - lf - lf[::-1]
    out.setflags(write=False)
    return out


@lru_cache(maxsize=64)
def _log_binomial_magnitudes(n: int) -> np.ndarray:
    """``|log n!| + |log m!| + |log (n-m)!|``: the scale of the rounding error of :func:`_log_binomials`."""
    lf = np.abs(_log_factorials(n))
    out = lf[n] + lf + lf[::-1]
    out.setflags(write=False)
    return out


def bernstein_weights(n: int, p) -> np.ndarray:
    """Bernstein basis ``C(n, m) p^m (1-p)^(n-m)``, shape ``p.shape + (n+1,)`` (log space, stable for large n)."""
    m = np.arange(n + 1)
    p = np.asarray(p, dtype=float)[..., None]
    if p.size and np.all((p > 0.0) & (p < 1.0)):
        # inside (0, 1) every logarithm is finite: the same sums as below, in place, without the end cases
        w = m * np.log(p)
        w += _log_binomials(n)
        w += (n - m) * np.log1p(-p)
        return np.exp(w, out=w)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.exp(_log_binomials(n) + m * np.log(p) + (n - m) * np.log1p(-p))
    w = np.nan_to_num(w)
    return np.where(p == 0.0, (m == 0).astype(float), np.where(p == 1.0, (m == n).astype(float), w))


def bernstein_weights_err(n: int, p) -> tuple[np.ndarray, np.ndarray]:
    """Bernstein weights and relative error bounds ``(w, eps)``: the true weight lies within ``2 eps w``.

    ``eps = 16u`` times the magnitudes of the logarithms summed, plus ``4u`` (see :func:`bernstein_ball`).
    """
    m = np.arange(n + 1)
    p = np.asarray(p, dtype=float)[..., None]
    magc = _log_binomial_magnitudes(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = m * np.log(p)
        b = (n - m) * np.log1p(-p)
        w = np.exp(_log_binomials(n) + a + b)
        eps = 16 * _U * (magc + np.abs(a) + np.abs(b)) + 4 * _U
    w = np.nan_to_num(w)
    eps = np.where(np.isfinite(eps), eps, 0.0)
    # the end points put all mass on m = 0 (p = 0) and m = n (p = 1), exactly
    w = np.where(p == 0.0, (m == 0).astype(float), np.where(p == 1.0, (m == n).astype(float), w))
    ends = (p == 0.0) | (p == 1.0)
    eps = np.where(ends, 0.0, eps)
    return w, eps


def _grid_bound(W: np.ndarray, E: np.ndarray, D: np.ndarray, R: np.ndarray) -> np.ndarray:
    """Error bound of ``W @ D`` for balls ``D +- R`` with weights ``W`` of relative error ``2E`` (rows: points).

    Per row the weights' relative errors are bounded by their maximum, so that one matrix product with
    ``[|D|, R]`` gives the bound (two products of the grid by the gap table instead of three).
    """
    n_terms = W.shape[-1]
    e = 2 * np.max(E, axis=-1, keepdims=True)
    P = D.shape[1]
    both = W @ np.concatenate([np.abs(D), R], axis=1)
    return ((e + (n_terms + 2) * _U) * both[:, :P] + (1 + e) * both[:, P:]) * (1 + 16 * _U)


def _window(n: int) -> int:
    """Terms summed around ``m = np`` (all for small n): outside it the binomial mass is below 2 exp(-72)."""
    half = int(6 * math.sqrt(n)) + 20
    return n + 1 if n <= 400 or 2 * half + 1 >= n + 1 else 2 * half + 1


def bernstein_ball(g_mid: np.ndarray, g_rad: np.ndarray | None, p) -> tuple[np.ndarray, np.ndarray]:
    """``G(p) = sum_m C(n,m) p^m (1-p)^(n-m) g(m)`` with a rigorous bound: ``(G, bound)`` at every ``p``.

    ``g`` is given as balls ``g_mid +- g_rad``.  The bound covers the errors of the
    weights (log-space evaluation, error :math:`\\le 16u` times the magnitudes of the
    logarithms summed), of the sum (:math:`n_w u \\sum |w g|`), of the coefficients
    (:math:`\\sum w\\, r_m`) and, for :math:`n > 400`, of the terms left out of the
    window :math:`|m - np| \\le 6\\sqrt n + 20` (binomial mass :math:`\\le 2e^{-72}`,
    Hoeffding).  Processed in chunks (about 8 MB).
    """
    g_mid = np.asarray(g_mid, dtype=float)
    g_rad = np.zeros_like(g_mid) if g_rad is None else np.asarray(g_rad, dtype=float)
    n = len(g_mid) - 1
    flat = np.atleast_1d(np.asarray(p, dtype=float)).ravel()
    G, B = np.empty(flat.shape), np.empty(flat.shape)
    W = _window(n)
    logc = _log_binomials(n)
    magc = _log_binomial_magnitudes(n)
    gmax = float(np.max(np.abs(g_mid) + g_rad)) if n >= 0 else 0.0
    tail = 2 * math.exp(-72) * gmax if W < n + 1 else 0.0
    chunk = max(1, 1_000_000 // W)
    for s in range(0, flat.size, chunk):
        pp = flat[s:s + chunk]
        start = np.clip(np.rint(n * pp).astype(int) - W // 2, 0, n + 1 - W)
        m = start[:, None] + np.arange(W)[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            a = m * np.log(pp)[:, None]
            b = (n - m) * np.log1p(-pp)[:, None]
            logw = logc[m] + a + b
            w = np.exp(logw)
            eps = 16 * _U * (magc[m] + np.abs(a) + np.abs(b)) + 4 * _U
        w[np.isnan(w)] = 0.0
        eps[np.isnan(eps)] = 0.0
        w[pp == 0.0] = m[pp == 0.0] == 0
        w[pp == 1.0] = m[pp == 1.0] == n
        eps[(pp == 0.0) | (pp == 1.0)] = 0.0
        gm, gr = g_mid[m], g_rad[m]
        absterm = w * np.abs(gm)
        G[s:s + chunk] = np.einsum("ij,ij->i", w, gm)
        err_w = np.einsum("ij,ij->i", absterm, 2 * eps)        # |w~ - w| <= 2 eps w~ for eps < 0.1
        B[s:s + chunk] = (err_w + np.einsum("ij,ij->i", w * (1 + 2 * eps), gr)
                          + (W + 2) * _U * absterm.sum(axis=1) + tail) * (1 + 16 * _U)
    shape = np.shape(p)
    return (G.reshape(shape), B.reshape(shape)) if shape else (G[0], B[0])


# ---------------------------------------------------------- mixed: exact
def mixed_exact(g: Sequence) -> list[MixedEquilibrium]:
    """Exact roots in (0, 1) of ``G`` for rational gains ``g`` (sympy real-root isolation)."""
    import sympy as sp

    from gametheory.params import rational_poly

    p = sp.Symbol("p")
    n = len(g) - 1
    G = sp.Integer(0)
    for m, gm in enumerate(g):
        gm = Fraction(gm)
        if gm != 0:
            G += sp.binomial(n, m) * sp.Rational(gm.numerator, gm.denominator) * p**m * (1 - p) ** (n - m)
    poly = rational_poly(G, (p,))
    if poly.is_zero:
        raise ContinuumOfEquilibria("every player is indifferent (g = 0): every p in [0, 1] is an equilibrium")
    counts: dict = {}
    for r in sp.real_roots(poly):
        counts[r] = counts.get(r, 0) + 1
    out = []
    for root, mult in counts.items():
        if not (root > 0 and root < 1):
            continue
        d = poly
        for _ in range(mult):
            d = d.diff(p)
        slope = sp.N(d.as_expr().subs(p, root), 50)  # the mult-th derivative is nonzero at the root
        out.append(MixedEquilibrium(p=float(sp.N(root, 30)), stable=bool(mult % 2 == 1 and slope < 0),
                                    multiplicity=int(mult), exact=root))
    out.sort(key=lambda e: e.p)
    return out


# -------------------------------------------------------- mixed: certified
def _certain_sign(G, B) -> np.ndarray:
    """+1/-1 where ``G`` is certainly positive/negative, 0 where it lies within its bound."""
    return np.where(G > B, 1, np.where(G < -B, -1, 0)).astype(np.int8)


def mixed_certified(g_mid: np.ndarray, g_rad: np.ndarray | None, signs: Sequence[int],
                    grid: int | None = None) -> MixedEquilibria:
    """Roots of ``G`` in (0, 1) from certified sign changes (see the module docstring).

    ``signs`` are the exact signs of ``g`` (for Descartes' bound).
    """
    g_mid = np.asarray(g_mid, dtype=float)
    N = len(g_mid)
    V = sign_changes(signs)
    if V == 0:
        return MixedEquilibria((), "certified float", 0)
    fine = grid or int(max(512, 16 * math.sqrt(N)))
    # a coarse scan first: when it certifies as many sign changes as Descartes' bound, it is complete
    for M in ((min(512, fine), fine) if fine > 512 else (fine,)):
        xs = np.linspace(0.0, 1.0, M + 1)
        G, B = bernstein_ball(g_mid, g_rad, xs)
        sg = _certain_sign(G, B)
        # G(0) = g(0) and G(1) = g(N-1): their exact signs
        sg[0], sg[-1] = signs[0], signs[-1]
        nz = sg[sg != 0]
        if int(np.sum(nz[1:] != nz[:-1])) >= V:
            break
    idx = np.flatnonzero(sg != 0)
    roots: list[MixedEquilibrium] = []
    for a, b in zip(idx[:-1], idx[1:]):
        if sg[a] == sg[b]:
            continue
        lo, hi, s_lo = xs[a], xs[b], sg[a]
        for _ in range(60):                      # bisection while the sign stays certified
            if hi - lo <= 1e-15:
                break
            mid = 0.5 * (lo + hi)
            Gm, Bm = bernstein_ball(g_mid, g_rad, np.array([mid]))
            s = _certain_sign(Gm, Bm)[0]
            if s == 0:
                break
            lo, hi = (mid, hi) if s == s_lo else (lo, mid)
        roots.append(MixedEquilibrium(p=float(0.5 * (lo + hi)), stable=bool(s_lo > 0), bracket=(float(lo), float(hi))))
    roots = [r for r in roots if 0.0 < r.p < 1.0]
    unresolved = V - len(roots)
    undecided: list[tuple[float, float]] = []
    if unresolved:
        zero = sg == 0
        zero[0] = zero[-1] = False
        edges = np.flatnonzero(np.diff(np.r_[0, zero.astype(np.int8), 0]))
        for a, b in zip(edges[::2], edges[1::2]):
            undecided.append((float(xs[max(a - 1, 0)]), float(xs[min(b, M)])))
    return MixedEquilibria(tuple(roots), "certified float", V, complete=unresolved == 0, unresolved=unresolved,
                           undecided=tuple(undecided))


# ---------------------------------------------------------- mixed: grids
def _illinois(n, lo, hi, glo, ghi, Dcols, xtol=1e-12, maxiter=60):
    """Vectorised Illinois (modified regula falsi) on brackets with certified end signs.

    The brackets come with certified opposite signs at their ends, so each holds a root; the
    refinement only locates it.  Iterates use plain floats: where ``G`` is within its error bound
    a step may go the wrong way, which moves the estimate only inside that region (of width
    ``bound / |G'|``, about 1e-15 here).  Stops at width ``xtol``.  ``Dcols`` holds the gaps of each bracket's
    column as a row.
    """
    x = (lo * ghi - hi * glo) / (ghi - glo) if len(lo) else lo.copy()
    # the brackets still refined (each on its own: dropping the finished ones changes no number)
    todo = np.arange(len(lo))
    lo, hi, glo, ghi, side = lo.copy(), hi.copy(), glo.copy(), ghi.copy(), np.zeros(len(lo))
    for _ in range(maxiter):
        if not len(todo):
            break
        xi = (lo * ghi - hi * glo) / (ghi - glo)
        gx = np.einsum("bn,bn->b", bernstein_weights(n, xi), Dcols)
        zero = gx == 0
        left = np.sign(gx) == np.sign(glo)
        lo, gl2 = np.where(left, xi, lo), np.where(left, gx, glo)
        hi, gh2 = np.where(left, hi, xi), np.where(left, ghi, gx)
        glo = np.where(~left & (side < 0), gl2 / 2, gl2)   # the same end stayed twice: halve it
        ghi = np.where(left & (side > 0), gh2 / 2, gh2)
        side = np.where(left, 1.0, -1.0)
        x[todo] = xi
        go_on = ~zero & ~(hi - lo < xtol)
        if not go_on.all():
            lo, hi, glo, ghi, side, Dcols, todo = (a[go_on] for a in (lo, hi, glo, ghi, side, Dcols, todo))
    return x


#: Width to which grid sweeps refine a mixed root (they report p to 1e-6 in CSV and draw it in figures).
XTOL_GRID = 1e-9


@lru_cache(maxsize=16)
def _scan_weights(n: int, steps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The scan grid of ``steps`` equal cells of [0, 1] and its Bernstein weights with their errors (cached,
    read-only)."""
    grid = np.linspace(0.0, 1.0, steps + 1)
    W, E = bernstein_weights_err(n, grid)
    for a in (grid, W, E):
        a.setflags(write=False)
    return grid, W, E


def _sign_change_positions(s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every sign change down the columns of ``s`` (rows of -1/0/+1), zeros skipped: ``(rows, cols, prev_rows)``.

    ``s[rows, cols]`` is nonzero and differs from the last nonzero sign above it, found in row ``prev_rows``
    (row-major order).  A column without zeros changes sign exactly where two neighbours differ (one
    comparison); only the columns holding a zero (an exact tie, an uncertain grid point, a point outside the
    domain) look further up for the last nonzero sign.
    """
    has_zero = ~np.all(s != 0, axis=0)
    if not has_zero.any():
        qi, mj = np.nonzero(s[1:] != s[:-1])
        return qi + 1, mj, qi
    clean, dirty = np.flatnonzero(~has_zero), np.flatnonzero(has_zero)
    ci, cj = np.nonzero(s[1:, clean] != s[:-1, clean])
    sub = s[:, dirty]
    rows = np.arange(len(s))[:, None]
    last = np.maximum.accumulate(np.where(sub != 0, rows, -1), axis=0)      # last nonzero row at or above
    prev = np.vstack([np.full((1, len(dirty)), -1), last[:-1]])               # ... strictly above
    change = (sub != 0) & (prev >= 0) & (sub != np.take_along_axis(sub, np.maximum(prev, 0), axis=0))
    zi, zj = np.nonzero(change)
    qi, mj, qp = np.r_[ci + 1, zi], np.r_[clean[cj], dirty[zj]], np.r_[ci, prev[zi, zj]]
    order = np.lexsort((mj, qi))
    return qi[order], mj[order], qp[order]


def _scan_brackets(n: int, D: np.ndarray, R: np.ndarray, sg: np.ndarray, cols: np.ndarray, steps: int):
    """Certified sign changes of ``G`` on ``steps`` equal cells of [0, 1] for the columns ``cols`` of ``D``.

    Returns ``(found, (brackets, bracket column index))``: the number of certified sign changes per column,
    and the brackets ``(lo, hi, G(lo), G(hi), column index into cols, stable)`` between consecutive
    grid points of certain and opposite signs (uncertain points skipped).
    """
    grid, W, E = _scan_weights(n, steps)
    Dm, Rm = D[:, cols], R[:, cols]
    G = W @ Dm
    bound = _grid_bound(W, E, Dm, Rm)
    s = np.where(G > bound, 1, np.where(G < -bound, -1, 0)).astype(np.int8)
    s[0], s[-1] = sg[0, cols], sg[-1, cols]
    qi, mj, qp = _sign_change_positions(s)
    found = np.bincount(mj, minlength=len(cols))
    brackets = (grid[qp], grid[qi], G[qp, mj], G[qi, mj], mj, s[qp, mj] > 0)
    return found, (brackets, mj)


def mixed_roots_grid(D: np.ndarray, signs: np.ndarray, R: np.ndarray | None = None, pgrid: int = 256
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Sign-changing roots in (0, 1) of ``G`` for every column of the gap table ``D`` (``(N, P)``).

    ``signs`` are the exact signs of ``D`` and ``R`` its error bounds (balls ``D +- R``).
    Every column is first scanned on 32 cells, keeping only sign changes of ``G`` beyond its
    bound; where the scan finds as many as Descartes' bound (the sign changes of ``D``) the list
    is complete, and the other columns are scanned again on ``pgrid`` steps.  Roots are refined
    to ``XTOL_GRID``.  Tangencies (double roots, a set of measure zero in a grid) are not
    reported here; the per-point solver finds them.
    Returns ``(p, stable)`` of shape ``(roots, P)``, NaN/False padded, ascending.
    """
    N, P = D.shape
    n = N - 1
    R = np.zeros_like(D) if R is None else R
    sg = np.asarray(signs, dtype=np.int8)
    changes = np.bincount(_sign_change_positions(sg)[1], minlength=P) if N > 1 else np.zeros(P, dtype=np.int64)
    roots_p, roots_j, stable = [], [], []
    todo = np.flatnonzero(changes >= 1)
    # a coarse scan first: where it finds as many certified sign changes as Descartes' bound allows, the
    # list is complete; the other columns are scanned again on the fine grid of pgrid steps
    for steps in (32, pgrid):
        if not len(todo):
            break
        found, brackets = _scan_brackets(n, D, R, sg, todo, steps)
        done = found == changes[todo] if steps < pgrid else np.ones(len(todo), dtype=bool)
        take = done[brackets[1]]
        lo, hi, glo, ghi, col, up = (b[take] for b in brackets[0])
        pj = todo[col]
        x = _illinois(n, lo, hi, glo, ghi, D[:, pj].T, xtol=XTOL_GRID)
        roots_p.append(x)
        roots_j.append(pj)
        stable.append(up)
        todo = todo[~done]
    if not roots_p:
        return np.full((0, P), np.nan), np.zeros((0, P), dtype=bool)
    roots_p, roots_j, stable = np.concatenate(roots_p), np.concatenate(roots_j), np.concatenate(stable)
    keep = (roots_p > 0) & (roots_p < 1)
    roots_p, roots_j, stable = roots_p[keep], roots_j[keep], stable[keep]
    order = np.lexsort((roots_p, roots_j))
    roots_p, roots_j, stable = roots_p[order], roots_j[order], stable[order]
    counts = np.bincount(roots_j, minlength=P)
    Rn = int(counts.max()) if len(roots_j) else 0
    out_p = np.full((Rn, P), np.nan)
    out_s = np.zeros((Rn, P), dtype=bool)
    rank = np.arange(len(roots_j)) - np.repeat(np.cumsum(counts) - counts, counts)
    out_p[rank, roots_j] = roots_p
    out_s[rank, roots_j] = stable
    return out_p, out_s


# -------------------------------------------------------------- the game
def _exact_number(v):
    """An exact value from an int, Fraction, float (its binary value) or exact sympy number."""
    if isinstance(v, bool):
        raise UserInputError(f"payoff {v!r} is not a number")
    if isinstance(v, (int, Fraction)):
        return Fraction(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise UserInputError(f"payoff {v!r} is not finite")
        return Fraction(v)
    if isinstance(v, np.integer):
        return Fraction(int(v))
    if isinstance(v, np.floating):
        return _exact_number(float(v))
    if type(v).__module__.startswith("sympy"):
        return Fraction(int(v.p), int(v.q)) if v.is_Rational else v
    raise UserInputError(f"payoff {v!r} is not a number")


@dataclass(frozen=True, repr=False)
class AnonymousBinaryGame(Result):
    """An anonymous binary-choice game given by ``u_A(m)`` and ``u_B(m)``, ``m = 0..N-1``.

    Payoffs are exact numbers: integers, Fractions, exact sympy numbers, or floats,
    which are taken as the binary numbers they are (no tolerance).

    >>> g = AnonymousBinaryGame((0, 2), (1, 0))      # g = (-1, 2): coordination
    >>> g.pure_equilibria(), [round(m.p, 6) for m in g.mixed_equilibria()]
    ([0, 2], [0.333333])
    """

    u_A: tuple
    u_B: tuple

    _repr_fields = ("N",)

    def __post_init__(self) -> None:
        if len(self.u_A) != len(self.u_B):
            raise UserInputError("u_A and u_B must have the same length N")
        if len(self.u_A) < 2:
            raise UserInputError("an anonymous game needs N >= 2 players")
        object.__setattr__(self, "u_A", tuple(self.u_A))
        object.__setattr__(self, "u_B", tuple(self.u_B))

    @classmethod
    def from_configuration_payoffs(cls, pi_A: Sequence, pi_B: Sequence) -> "AnonymousBinaryGame":
        """From ``Pi_A(k)`` and ``Pi_B(k)`` indexed by ``k = 0..N`` (``Pi_A(0)``, ``Pi_B(N)`` ignored)."""
        pi_A, pi_B = list(pi_A), list(pi_B)
        if len(pi_A) != len(pi_B):
            raise UserInputError("pi_A and pi_B must both be indexed by k = 0..N")
        return cls(tuple(pi_A[1:]), tuple(pi_B[:-1]))

    @property
    def N(self) -> int:
        """Number of players."""
        return len(self.u_A)

    @cached_property
    def gains(self) -> tuple:
        """``g(m) = u_A(m) - u_B(m)``, exact."""
        return tuple(_exact_number(a) - _exact_number(b) for a, b in zip(self.u_A, self.u_B))

    @cached_property
    def signs(self) -> np.ndarray:
        from gametheory.arith import exact_sign

        return np.array([exact_sign(g) for g in self.gains], dtype=np.int8)

    @property
    def indifferent(self) -> bool:
        """True when ``g`` is identically zero: every profile is an equilibrium."""
        return not np.any(self.signs)

    def pure_equilibria(self) -> list[int]:
        """All ``k`` (players in A) that are pure Nash equilibria, ascending, in O(N)."""
        return [int(k) for k in np.flatnonzero(pure_masks(self.signs)[0])]

    def strict_equilibria(self) -> list[int]:
        """The pure equilibria where every player strictly prefers her action (the stable ones)."""
        return [int(k) for k in np.flatnonzero(pure_masks(self.signs)[1])]

    def expected_gain(self, p) -> np.ndarray:
        """``G(p) = E[g(M)]``, ``M ~ Binomial(N-1, p)``, in floats (vectorised over ``p``)."""
        return bernstein_ball(np.array([float(g) for g in self.gains]), None, p)[0]

    def mixed(self, exact: bool | None = None) -> MixedEquilibria:
        """Every symmetric mixed equilibrium with the method and completeness (:class:`MixedEquilibria`)."""
        if self.indifferent:
            raise ContinuumOfEquilibria("every player is indifferent (g = 0): every p in [0, 1] is an equilibrium")
        rational = all(isinstance(g, Fraction) for g in self.gains)
        if exact is None:
            exact = rational and self.N <= EXACT_MAX_N
        if exact:
            if not rational:
                raise UserInputError("exact mixed equilibria need rational payoffs")
            return MixedEquilibria(tuple(mixed_exact(self.gains)), "exact", sign_changes(self.signs))
        mid = np.array([float(g) for g in self.gains])
        rad = np.array([float(abs(Fraction(m) - g)) * (1 + 4 * _U) if isinstance(g, Fraction) else 4 * _U * abs(m)
                        for m, g in zip(mid, self.gains)])
        return mixed_certified(mid, rad, self.signs)

    def mixed_equilibria(self, exact: bool | None = None) -> list[MixedEquilibrium]:
        """Every symmetric mixed equilibrium ``p`` in (0, 1), ascending (see :meth:`mixed`)."""
        return list(self.mixed(exact).roots)
