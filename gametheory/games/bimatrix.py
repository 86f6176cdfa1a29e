r"""Every extreme Nash equilibrium of a two-player (bimatrix) game, verified.

Method
------
For payoff matrices :math:`A, B` of shape :math:`m \times n`
(row player :math:`A`, column player :math:`B`), :func:`bimatrix_equilibria`

1. removes strictly dominated pure strategies (they carry probability zero in
   every equilibrium, so the equilibrium set is unchanged;
   :mod:`gametheory.games.dominance`);
2. rescales each player's payoffs to :math:`[1, 2]` (a positive affine map,
   which leaves the equilibria unchanged) and enumerates the vertices of the
   best-response polytopes :math:`P = \{x \ge 0, B^\top x \le 1\}` and
   :math:`Q = \{y \ge 0, A y \le 1\}` by vectorised floating-point basis
   enumeration (:mod:`gametheory.games.vertex_enumeration`);
3. labels each vertex with the pure strategies it makes tight: label
   :math:`i` when :math:`x_i = 0` or :math:`(Ay)_i = 1`, label :math:`m + j`
   when :math:`(B^\top x)_j = 1` or :math:`y_j = 0`.  By von Stengel (2007,
   thm. 3.4) the extreme equilibria are exactly the pairs of nonzero vertices
   :math:`(x, y)` that are *completely labelled* (every label in
   :math:`\{0, \dots, m+n-1\}` appears at :math:`x` or at :math:`y`),
   normalised to probability vectors.  This characterisation holds for
   degenerate games too (Avis et al. 2010, sec. 3), where a vertex may carry
   more than :math:`m` labels;
4. certifies each candidate pair.  In *exact* mode (rational payoffs) the
   vertices are recomputed in rational arithmetic from the linear system that
   produced them, checked to be feasible vertices, relabelled exactly, and the
   normalised profile is checked to have regret exactly zero in the original
   game.  In *float* mode the regret must be at most ``tol * max(1, s)``,
   where ``s`` is the payoff span (largest payoff minus smallest, over both
   players): ``tol`` is relative to the scale of the payoffs.
5. groups the extreme equilibria into connected components and maximal Nash
   subsets (:mod:`gametheory.games.components`).

The floating-point search uses a generous screening tolerance (``1e-7`` on
payoffs normalised to :math:`[1, 2]`), so a true vertex is lost only if the
linear solve errs by more than that, which needs a condition number beyond
:math:`10^{8}`; false candidates cost only an exact check.

nashpy
------
:func:`nashpy_equilibria` runs nashpy's support enumeration (its candidate
generator, with our own tolerant support test, because nashpy 0.0.43 tests
``prob > 0`` with its tolerance clipped to zero and compares best-response
payoffs with ``==``, so it drops equilibria whose zero comes out as
``-1e-17``) and its vertex enumeration, verifies every profile with
:func:`is_equilibrium`, and returns the deduplicated union.  It is a
cross-check and a fallback, not the default.

References
----------
B. von Stengel, "Equilibrium computation for two-player games in strategic
and extensive form", ch. 3 of *Algorithmic Game Theory*, Cambridge UP, 2007.

D. Avis, G. D. Rosenberg, R. Savani, B. von Stengel, "Enumeration of Nash
equilibria for two-player games", *Economic Theory* 42 (2010) 9-37.

C. Audet, P. Hansen, B. Jaumard, G. Savard, "Enumeration of all extreme
equilibria of bimatrix games", *SIAM J. Sci. Comput.* 23 (2001) 323-338.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.errors import UserInputError
from gametheory.games._rational import fraction_array, float_array, is_rational_input, solve_exact
from gametheory.games.components import connected_components, maximal_nash_subsets
from gametheory.games.dominance import surviving_strategies
from gametheory.games.vertex_enumeration import polytope_vertices

__all__ = [
    "BimatrixEquilibria",
    "bimatrix_equilibria",
    "nashpy_equilibria",
    "is_equilibrium",
    "payoff_matrices",
]

_SCREEN_TOL = 1e-7  # float screening tolerance in exact mode (payoffs normalised to [1, 2])
_MIN_CONDITIONING = 1e-10  # float mode: |det| / Hadamard bound below this counts as singular

Profile = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class BimatrixEquilibria:
    """All extreme equilibria of a bimatrix game.

    Attributes
    ----------
    equilibria
        ``(x, y)`` mixed strategies of the row and column player: ``object``
        arrays of :class:`~fractions.Fraction` when ``exact``, float arrays
        otherwise; sorted lexicographically by decreasing probabilities.
    components
        Indices into ``equilibria``: the extreme equilibria of each connected
        component of the equilibrium set (singletons in a nondegenerate game).
    exact
        Whether rational arithmetic certified the equilibria.
    method
        The algorithm that ran.
    tol
        Regret tolerance relative to the payoff span (``0.0`` when exact); see
        :func:`bimatrix_equilibria`.
    nash_subsets
        Indices into ``equilibria`` of each maximal Nash subset (maximal set of
        extreme equilibria whose convex hull consists of equilibria).
    """

    equilibria: tuple[Profile, ...]
    components: tuple[tuple[int, ...], ...]
    exact: bool
    method: str
    tol: float
    nash_subsets: tuple[tuple[int, ...], ...] = ()


def payoff_matrices(A: Any, B: Any, exact: bool | None = None) -> tuple[np.ndarray, np.ndarray, bool]:
    """Validate ``A`` and ``B`` and convert them to Fraction (exact) or float arrays.

    Returns
    -------
    A, B, exact
        ``exact=None`` resolves to ``True`` when every payoff is rational
        (integers, Fractions, Decimals, sympy Rationals, numeric strings).
    """
    try:
        a_raw, b_raw = np.asarray(A, dtype=object), np.asarray(B, dtype=object)
    except ValueError as exc:  # ragged input
        raise UserInputError(f"payoff matrices must be rectangular: {exc}") from None
    if a_raw.ndim != 2 or a_raw.shape != b_raw.shape or a_raw.size == 0:
        raise UserInputError(
            f"A and B must be nonempty matrices of the same shape; got shapes {a_raw.shape} and {b_raw.shape}")
    if exact is None:
        exact = is_rational_input(A, B)
    if exact:
        return fraction_array(A), fraction_array(B), True
    return float_array(A), float_array(B), False


def is_equilibrium(A: Any, B: Any, x: Any, y: Any, *, tol: float = 0.0) -> bool:
    """Whether ``(x, y)`` is a Nash equilibrium of the bimatrix game ``(A, B)``.

    Checks that ``x`` and ``y`` are probability vectors and that each
    player's regret, :math:`\\max_i (Ay)_i - x^\\top A y` and
    :math:`\\max_j (B^\\top x)_j - x^\\top B y`, is at most ``tol``.  When all
    inputs are rational the check is exact (``tol`` is then still honoured,
    ``0`` meaning exactly zero regret).
    """
    exact = is_rational_input(A, B, x, y)
    conv = fraction_array if exact else float_array
    A, B, x, y = conv(A), conv(B), conv(x), conv(y)
    if x.shape != (A.shape[0],) or y.shape != (A.shape[1],) or A.shape != B.shape:
        return False
    return _regrets_within(A, B, x, y, tol)


def _regrets_within(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray, tol: float) -> bool:
    """The test of :func:`is_equilibrium` on converted arrays of matching shapes."""
    for p in (x, y):
        if np.any(p < -tol) or abs(sum(p) - 1) > tol:
            return False
    ay, bx = A.dot(y), B.T.dot(x)
    return bool(max(ay) - x.dot(ay) <= tol and max(bx) - y.dot(bx) <= tol)


def _span(A: np.ndarray, B: np.ndarray) -> float:
    """Largest payoff minus smallest, over both players (the scale float tolerances are relative to)."""
    return max(float(np.max(A) - np.min(A)), float(np.max(B) - np.min(B)))


def _normalise(M: np.ndarray) -> np.ndarray:
    """Positive affine image of ``M`` with entries in ``[1, 2]`` (all ones if ``M`` is constant)."""
    lo, hi = M.min(), M.max()
    if hi == lo:
        return M * 0 + 1
    return (M - lo) / (hi - lo) + 1


def _labels(vertices, first: str) -> np.ndarray:
    """Label matrix ``(N, m+n)``: zero/tight masks in the order the polytope uses."""
    if first == "zero":  # P: labels are x_i = 0 then (B^T x)_j = 1
        return np.concatenate([vertices.zero, vertices.tight], axis=1)
    return np.concatenate([vertices.tight, vertices.zero], axis=1)  # Q: (Ay)_i = 1 then y_j = 0


class _ExactVertex:
    """Rational recomputation of float vertices, cached."""

    def __init__(self, C: np.ndarray, vertices) -> None:
        self.C = C
        self.vertices = vertices
        self.cache: dict[int, tuple[tuple[Fraction, ...], frozenset] | None] = {}

    def get(self, v: int):
        """``(z, labels)`` exactly, or ``None`` if no basis of the float vertex certifies."""
        if v not in self.cache:
            self.cache[v] = self._compute(v)
        return self.cache[v]

    def _compute(self, v: int):
        C = self.C
        r, d = C.shape
        for I, K in self.vertices.bases[v]:
            sol = solve_exact([[C[j, i] for i in I] for j in K], [Fraction(1)] * len(K))
            if sol is None or any(s < 0 for s in sol):
                continue
            z = [Fraction(0)] * d
            for i, s in zip(I, sol):
                z[i] = s
            cz = [sum((C[j, i] * z[i] for i in I), Fraction(0)) for j in range(r)]
            if any(c > 1 for c in cz):
                continue
            zero = {i for i in range(d) if z[i] == 0}
            tight = {j for j in range(r) if cz[j] == 1}
            return tuple(z), (zero, tight)
        return None


def _embed(p: np.ndarray, keep: tuple[int, ...], size: int, zero) -> np.ndarray:
    out = np.array([zero] * size, dtype=object if isinstance(zero, Fraction) else float)
    out[list(keep)] = p
    return out


def _sort_key(profile: Profile):
    """Decreasing probabilities; floats rounded to 9 decimals so that rounding noise cannot reorder ties."""
    flat = np.concatenate(profile)
    if flat.dtype != object:
        flat = np.round(flat, 9)
    return tuple(-v for v in flat)


def bimatrix_equilibria(A: Any, B: Any, *, exact: bool | None = None, tol: float = 1e-9) -> BimatrixEquilibria:
    """Every extreme Nash equilibrium of the bimatrix game ``(A, B)``.

    Parameters
    ----------
    A, B
        Payoffs of the row and of the column player, same shape ``(m, n)``.
    exact
        ``True``: rational arithmetic (floats are read as the decimal they
        print as); ``False``: floating point; ``None`` (default): exact iff all
        payoffs are rational (integers, Fractions, Decimals, sympy Rationals,
        numeric strings).
    tol
        Float mode only: largest regret accepted, relative to the payoff span
        ``s`` (largest payoff minus smallest): regret <= ``tol * max(1, s)``.

    Returns
    -------
    BimatrixEquilibria
        Every profile in it has been verified: regret exactly zero (exact) or
        at most ``tol * max(1, s)`` (float).

    Examples
    --------
    >>> r = bimatrix_equilibria([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [(list(map(str, x)), list(map(str, y))) for x, y in r.equilibria]
    [(['1/2', '1/2'], ['1/2', '1/2'])]
    """
    if tol < 0 or not np.isfinite(tol):
        raise UserInputError(f"tol must be a finite number >= 0, got {tol}")
    A, B, exact = payoff_matrices(A, B, exact)
    m, n = A.shape
    zero = Fraction(0) if exact else 0.0
    span = _span(A, B)
    regret_tol = 0.0 if exact else tol * max(1.0, span)
    rows, cols = surviving_strategies((A, B), regret_tol)[0]
    Ar, Br = A[np.ix_(rows, cols)], B[np.ix_(rows, cols)]
    An, Bn = _normalise(Ar), _normalise(Br)
    CP, CQ = Bn.T, An  # P = {x >= 0, B^T x <= 1}, Q = {y >= 0, A y <= 1}
    screen = _SCREEN_TOL if exact else min(max(tol / max(span, 1e-300), 1e-11), _SCREEN_TOL)
    # Exact mode certifies every vertex it uses, so it keeps even nearly singular systems;
    # float mode treats systems conditioned worse than _MIN_CONDITIONING as singular.
    cond = 0.0 if exact else _MIN_CONDITIONING
    VP = polytope_vertices(CP.astype(float), screen, cond)
    VQ = polytope_vertices(CQ.astype(float), screen, cond)
    LP, LQ = _labels(VP, "zero"), _labels(VQ, "tight")
    complete = (~LP).astype(np.int32) @ (~LQ).astype(np.int32).T == 0
    cand = np.argwhere(complete)

    found: dict[tuple, tuple[Profile, Any, Any]] = {}
    if exact:
        EP, EQ = _ExactVertex(CP, VP), _ExactVertex(CQ, VQ)
        mr, nr = len(rows), len(cols)
        for p, q in cand:
            ex, ey = EP.get(int(p)), EQ.get(int(q))
            if ex is None or ey is None:
                continue
            (x, (xz, xt)), (y, (yz, yt)) = ex, ey
            labels_row = xz | yt          # row labels 0..mr-1
            labels_col = xt | yz          # column labels 0..nr-1
            if len(labels_row) < mr or len(labels_col) < nr:
                continue
            sx, sy = sum(x), sum(y)
            xs = _embed(np.array([v / sx for v in x], dtype=object), rows, m, zero)
            ys = _embed(np.array([v / sy for v in y], dtype=object), cols, n, zero)
            found[(tuple(xs), tuple(ys))] = ((xs, ys), tuple(x), tuple(y))
        method = "vertex enumeration of best-response polytopes (float search, exact rational certification)"
    else:
        for p, q in cand:
            x, y = VP.points[p], VQ.points[q]
            xs = _embed(x / x.sum(), rows, m, zero)
            ys = _embed(y / y.sum(), cols, n, zero)
            key = tuple(np.round(np.concatenate([xs, ys]), 9) + 0.0)
            found.setdefault(key, ((xs, ys), int(p), int(q)))
        method = "vertex enumeration of best-response polytopes (floating point)"

    # Exact candidates are certified vertices, so none fails here; float candidates with
    # too large a regret (ill-conditioned or mislabelled vertices) are dropped.
    verified = [v for v in found.values() if _regrets_within(A, B, *v[0], regret_tol)]
    verified.sort(key=lambda v: _sort_key(v[0]))
    pairs = [(v[1], v[2]) for v in verified]
    return BimatrixEquilibria(
        equilibria=tuple(v[0] for v in verified),
        components=connected_components(pairs),
        exact=exact,
        method=method,
        tol=0.0 if exact else float(tol),
        nash_subsets=maximal_nash_subsets(pairs),
    )


def _dedupe_verified(A, B, profiles, tol: float, regret_tol: float) -> tuple[Profile, ...]:
    """Profiles clipped at ``tol``, verified at ``regret_tol``, deduplicated (to 6 decimals), sorted."""
    out: dict[tuple, Profile] = {}
    for x, y in profiles:
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            continue
        x, y = np.where(np.abs(x) <= tol, 0.0, x), np.where(np.abs(y) <= tol, 0.0, y)
        if x.sum() <= 0 or y.sum() <= 0:
            continue
        x, y = x / x.sum(), y / y.sum()
        if _regrets_within(A, B, x, y, regret_tol):
            out.setdefault(tuple(np.round(np.concatenate([x, y]), 6) + 0.0), (x, y))
    return tuple(sorted(out.values(), key=_sort_key))


def _indifference(M: np.ndarray, rows: list[int], cols: list[int], tol: float,
                  payoff_tol: float) -> np.ndarray | None:
    """A distribution on ``cols`` making every row in ``rows`` of ``M`` pay the same, within ``payoff_tol``.

    This is nashpy's ``solve_indifference`` with a tolerance: nashpy rejects a
    solution as soon as a probability is ``-1e-17``.  Least squares allows
    supports of different sizes; the residual must vanish.
    """
    k = len(cols)
    sys_ = np.zeros((len(rows) + 1, k + 1))
    sys_[:-1, :k] = M[np.ix_(rows, cols)]
    sys_[:-1, k] = -1.0  # minus the common payoff v
    sys_[-1, :k] = 1.0
    rhs = np.zeros(len(rows) + 1)
    rhs[-1] = 1.0
    sol, *_ = np.linalg.lstsq(sys_, rhs, rcond=None)
    if not np.all(np.isfinite(sol)) or np.max(np.abs(sys_ @ sol - rhs)) > payoff_tol or np.any(sol[:k] < -tol):
        return None
    out = np.zeros(M.shape[1])
    out[cols] = np.clip(sol[:k], 0.0, None)
    return out


def nashpy_equilibria(A: Any, B: Any, *, tol: float = 1e-9, vertex: bool = True) -> tuple[Profile, ...]:
    """nashpy's support (and vertex) enumeration, with every profile verified.

    nashpy 0.0.43's ``support_enumeration`` drops equilibria: it requires
    strictly positive probabilities on a support with its tolerance clipped to
    zero (a zero computed as ``-1e-17`` fails) and compares best-response
    payoffs with ``==``.  Here its support-pair generator
    (``potential_support_pairs``, all support sizes) is used, and the
    indifference equations are solved with a tolerance (:func:`_indifference`);
    its ``vertex_enumeration`` is run as
    well (unless ``vertex=False``, since it takes about a minute for a 10x10
    game; it raises on some degenerate games, which is then ignored).  Every
    profile is clipped, renormalised, verified with :func:`is_equilibrium` at
    ``tol * max(1, s)`` (``s`` the payoff span) and deduplicated.

    Parameters
    ----------
    A, B
        Payoff matrices (converted to float).
    tol
        Tolerance of the verification and of the support test, relative to the payoff span.
    vertex
        Also run nashpy's vertex enumeration and take the union.

    Returns
    -------
    tuple of (x, y) float arrays, sorted.
    """
    import nashpy
    from nashpy.algorithms import support_enumeration as se

    A, B, _ = payoff_matrices(A, B, exact=False)
    candidates: list[Profile] = []
    scaled = tol * max(1.0, _span(A, B))
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        # non_degenerate=False yields support pairs of all sizes (nashpy's docstring says the opposite)
        for sup1, sup2 in se.potential_support_pairs(A, B, non_degenerate=False):
            x = _indifference(B.T, list(sup2), list(sup1), tol, scaled)
            y = _indifference(A, list(sup1), list(sup2), tol, scaled) if x is not None else None
            if y is not None:
                candidates.append((x, y))
        if vertex:
            try:
                candidates.extend(nashpy.Game(A, B).vertex_enumeration())
            except (TypeError, ValueError, ArithmeticError, RuntimeError):
                pass  # nashpy's vertex enumeration fails on some degenerate games (infeasible LP)
    return _dedupe_verified(A, B, candidates, tol, scaled)
