r"""Every extreme Nash equilibrium of a two-player (bimatrix) game, verified.

Method
------
For payoff matrices :math:`A, B` of shape :math:`m \times n`
(row player :math:`A`, column player :math:`B`), :func:`bimatrix_equilibria`

1. removes strictly dominated pure strategies (they carry probability zero in
   every equilibrium, so the equilibrium set is unchanged;
   :mod:`gametheory.games.dominance`);
2. maps each player's payoffs to :math:`[1, 2]` by a positive affine map
   (which leaves the equilibria unchanged; in exact mode to integers in
   :math:`[s, 2s]`, the same polytopes scaled by :math:`1/s`), giving the
   best-response polytopes :math:`P = \{x \ge 0, B^\top x \le 1\}` and
   :math:`Q = \{y \ge 0, A y \le 1\}`.  A vertex carries label :math:`i`
   when :math:`x_i = 0` or :math:`(Ay)_i = 1` and label :math:`m + j` when
   :math:`(B^\top x)_j = 1` or :math:`y_j = 0`; by von Stengel (2007,
   thm. 3.4) the extreme equilibria are exactly the pairs of nonzero vertices
   :math:`(x, y)` that are *completely labelled* (every label in
   :math:`\{0, \dots, m+n-1\}` appears at :math:`x` or at :math:`y`),
   normalised to probability vectors.  This holds for degenerate games too
   (Avis et al. 2010, sec. 3), where a vertex may carry more labels than its
   dimension;
3. enumerates the vertices of the polytope of the player with fewer
   strategies (say :math:`P`) by lexicographic pivoting
   (:func:`~gametheory.games.vertex_enumeration.lex_search_vertices`: a
   breadth-first search over adjacent lexicographically feasible bases, the
   basis graph that lrs traverses), about a thousand bases for a random 10x10
   game instead of the :math:`\binom{20}{10} = 184\,756` of all bases;
4. completes each vertex :math:`x` of :math:`P` directly, as lrsnash does
   (Avis et al. 2010): a nondegenerate :math:`x` with support :math:`I` and
   tight columns :math:`J` (then :math:`|I| = |J|`) leaves exactly one
   candidate, the solution of :math:`A_{IJ} y_J = 1`, :math:`y = 0`
   elsewhere, kept when it lies in :math:`Q`.  When some vertex of :math:`P`
   is degenerate (more labels than :math:`m`) or some :math:`A_{IJ}` is
   (nearly) singular, :math:`Q` is enumerated too and the completely labelled
   pairs are matched on their label masks;
5. certifies each candidate.  In *exact* mode both vertices are recomputed in
   integer arithmetic from the basis that produced them (fraction-free
   elimination), checked to be feasible, relabelled exactly, their labels
   checked complete, and the normalised profile is checked to have regret
   exactly zero in the original game.  In *float* mode the regret must be at
   most ``tol * max(1, s)``, where ``s`` is the payoff span (largest payoff
   minus smallest, over both players): ``tol`` is relative to the scale of
   the payoffs;
6. groups the extreme equilibria into connected components and maximal Nash
   subsets (:mod:`gametheory.games.components`).

Which search.  ``enumeration="auto"`` (the default) pivots in exact integer
arithmetic throughout (both polytopes, label matching) for small exact games,
with at most 300 bases :math:`\binom{m+n}{m}` (up to 5x5), where that is
fastest, and in floating point (steps 3-4) otherwise.

Completeness of the floating-point search.  It takes every decision with a
margin: a value within ``ZERO`` (``1e-12`` times the error growth factor of
the basis, the largest row sum of :math:`|B^{-1}|`) of a threshold is equal to
it, one beyond ``SURE`` (``1e-11`` times that factor) differs from it.
Anything in between, a basis graph that is not symmetric, or an exact
certification that contradicts the floating-point labels makes the whole game
be redone by lexicographic pivoting in exact integer arithmetic
(:func:`~gametheory.games.vertex_enumeration.exact_search_vertices`), which is
complete by construction; so are exact games whose distinct payoffs differ by
less than ``1e-9`` of their range (such as ``10**13`` and ``10**13 + 1``).
What remains is a value that is not zero but computes to less than
``ZERO``: measured rounding errors are below ``4e-14`` on random games up to
14x14, and the tests compare every result with an independent brute force in
rational arithmetic, including games built to produce near-ties.
``enumeration="exact-pivoting"`` forces the exact search, and
``enumeration="all-bases"`` runs the previous method (every basis of both
polytopes solved in numpy batches), kept as a reference and as the baseline of
``benchmarks/bench_bimatrix.py``.

nashpy
------
:func:`nashpy_equilibria` runs nashpy's support enumeration (its candidate
generator, with our own tolerant support test, because nashpy 0.0.43 tests
``prob > 0`` with its tolerance clipped to zero and compares best-response
payoffs with ``==``, so it drops equilibria whose zero comes out as
``-1e-17``) and its vertex enumeration, verifies every profile with
:func:`is_equilibrium`, and returns the deduplicated union.  It is a
cross-check, never the default.

References
----------
B. von Stengel, "Equilibrium computation for two-player games in strategic
and extensive form", ch. 3 of *Algorithmic Game Theory*, Cambridge UP, 2007.

D. Avis, G. D. Rosenberg, R. Savani, B. von Stengel, "Enumeration of Nash
equilibria for two-player games", *Economic Theory* 42 (2010) 9-37.

D. Avis, K. Fukuda, "A pivoting algorithm for convex hulls and vertex
enumeration of arrangements and polyhedra", *Discrete Comput. Geom.* 8 (1992)
295-313.

C. Audet, P. Hansen, B. Jaumard, G. Savard, "Enumeration of all extreme
equilibria of bimatrix games", *SIAM J. Sci. Comput.* 23 (2001) 323-338.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from math import comb, gcd
from typing import Any

import numpy as np

from gametheory.errors import UserInputError
from gametheory.games._rational import (float_array, fraction_array, integer_image, integer_rank,
                                        is_rational_input, solve_integer)
from gametheory.games.components import connected_components, maximal_nash_subsets
from gametheory.games.dominance import surviving_strategies
from gametheory.games.vertex_enumeration import (SURE, ZERO, NumericalAmbiguity, PolytopeVertices, Progress,
                                                 exact_search_vertices, lex_search_vertices, polytope_vertices)
from gametheory.results import Result

__all__ = [
    "BimatrixEquilibria",
    "bimatrix_equilibria",
    "nashpy_equilibria",
    "is_equilibrium",
    "payoff_matrices",
    "ENUMERATIONS",
]

#: Vertex enumerations of :func:`bimatrix_equilibria`.
ENUMERATIONS = ("auto", "pivoting", "exact-pivoting", "all-bases")

_SCREEN_TOL = 1e-7  # all-bases method: float screening tolerance in exact mode (payoffs normalised to [1, 2])
_MIN_CONDITIONING = 1e-10  # all-bases method, float mode: |det| / Hadamard bound below this counts as singular
_SMALL = 300  # "auto", exact mode: games with at most this many bases binom(m+n, m) pivot in integers throughout
_RESOLUTION = 10**9  # exact mode: payoff gaps below 1/_RESOLUTION of the range go straight to exact pivoting
_MAX_KAPPA = 1e8  # direct completion: systems A_IJ worse conditioned than this go through the general matching
_MAX_FACE_SYSTEMS = 20_000  # degenerate vertices of P: exact systems tried on their faces of Q before enumerating Q
_MATCH_CHUNK = 4096  # vertices of P per block of the label matching

Profile = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True, repr=False)
class BimatrixEquilibria(Result):
    """Equilibria of a bimatrix game (every extreme equilibrium, for the enumeration).

    Attributes
    ----------
    equilibria
        ``(x, y)`` mixed strategies of the row and column player: ``object``
        arrays of :class:`~fractions.Fraction` when ``exact``, float arrays
        otherwise; sorted lexicographically by decreasing probabilities.
    components
        Indices into ``equilibria``: the extreme equilibria of each connected
        component of the equilibrium set (singletons in a nondegenerate game);
        ``None`` when the method does not find every extreme equilibrium.
    exact
        Whether rational arithmetic certified the equilibria.
    method
        The algorithm that ran, in words.
    tol
        Regret tolerance relative to the payoff span (``0.0`` when exact); see
        :func:`bimatrix_equilibria`.
    nash_subsets
        Indices into ``equilibria`` of each maximal Nash subset (maximal set of
        extreme equilibria whose convex hull consists of equilibria); ``None``
        like ``components``.
    algorithm
        ``"enumeration"``, ``"lemke-howson"`` or ``"support"``.
    complete
        Whether ``equilibria`` is every extreme equilibrium (the enumeration).
    bases
        Number of bases the vertex search visited (``None`` for other methods).
    labels
        Lemke-Howson: for each equilibrium, the initial labels whose path ends there.
    players, strategies, title
        Names, for reports (default ``"row"``, ``"column"`` and strategies ``"1", "2", ...``, which
        reports show as probability vectors).
    """

    equilibria: tuple[Profile, ...]
    components: tuple[tuple[int, ...], ...] | None
    exact: bool
    method: str
    tol: float
    nash_subsets: tuple[tuple[int, ...], ...] | None = ()
    algorithm: str = "enumeration"
    complete: bool = True
    bases: int | None = None
    labels: tuple[tuple[int, ...], ...] | None = None
    players: tuple[str, ...] = ("row", "column")
    strategies: tuple[tuple[str, ...], ...] = ()
    title: str = ""

    _repr_fields = ("algorithm", "exact", "n")

    def __post_init__(self) -> None:
        if not self.strategies and self.equilibria:
            x, y = self.equilibria[0]
            object.__setattr__(self, "strategies", (tuple(str(i + 1) for i in range(len(x))),
                                                    tuple(str(j + 1) for j in range(len(y)))))

    @property
    def n(self) -> int:
        """Number of equilibria."""
        return len(self.equilibria)

    def with_names(self, players, strategies, title: str = "") -> "BimatrixEquilibria":
        """The same result with player and strategy names (as read from an ``.nfg`` file)."""
        from dataclasses import replace

        return replace(self, players=tuple(players), strategies=tuple(tuple(s) for s in strategies), title=title)

    def as_dict(self) -> dict:
        """The JSON object of ``gametheory nash --json``.

        ``equilibria`` holds one ``[x, y]`` per equilibrium, probabilities as
        strings of exact fractions (exact) or numbers (float); ``components``
        the maximal Nash subsets and ``connected_components`` the connected
        components, as lists of indices into ``equilibria`` (``null`` when the
        method does not enumerate every equilibrium).
        """
        def value(v):
            return str(Fraction(v)) if self.exact else float(v)

        out = {"title": self.title, "players": list(self.players), "strategies": [list(s) for s in self.strategies],
               "algorithm": self.algorithm, "method": self.method, "exact": self.exact, "tol": self.tol,
               "complete": self.complete,
               # the definition of a component: a maximal set of extreme equilibria whose convex hull
               # consists of equilibria (a maximal Nash subset); connected components are unions of those
               "components": None if self.nash_subsets is None else [list(c) for c in self.nash_subsets],
               "connected_components": None if self.components is None else [list(c) for c in self.components]}
        if self.bases is not None:
            out["bases"] = self.bases
        if self.labels is not None:
            out["labels"] = [list(lab) for lab in self.labels]
        out["equilibria"] = [[[value(v) for v in vec] for vec in eq] for eq in self.equilibria]
        return out

    def to_text(self) -> str:
        """The report ``gametheory nash`` prints: one line per equilibrium, then the components."""
        kind = ("extreme " if self.complete else "") + ("equilibrium" if self.n == 1 else "equilibria")
        arithmetic = "exact rational arithmetic" if self.exact else f"floating point, regret <= {self.tol:g}"
        lines = [f"{self.title or 'bimatrix game'}: {self.n} {kind} ({arithmetic})",
                 f"method: {self.method}"]
        extra = [("labels", [", ".join(map(str, lab)) for lab in self.labels])] if self.labels is not None else []
        lines += _table(self.players, self.strategies, [list(eq) for eq in self.equilibria], extra)
        if self.nash_subsets is not None:
            lines.append(f"components (maximal convex sets of equilibria, by #): {_show(self.nash_subsets)}")
            if self.components != self.nash_subsets:
                lines.append(f"connected components (by #): {_show(self.components)}")
        elif not self.complete:
            lines.append("(not necessarily every equilibrium: use the enumeration for all of them)")
        return "\n".join(lines)


def _show(groups) -> str:
    return ", ".join("{" + ", ".join(str(i + 1) for i in g) + "}" for g in groups)


def describe_strategy(vector, names) -> str:
    """A mixed strategy as ``1/3*M + 2/3*B`` (a pure one: its name).

    Strategies named ``1, 2, ...`` (the default of an unnamed game) count as
    unnamed: the strategy is then a vector ``(0, 1/3, 2/3)``, or with more
    than 6 strategies its support ``{2: 1/3, 3: 2/3}`` (1-based numbers).
    """
    if tuple(names) == tuple(str(k + 1) for k in range(len(vector))):
        if len(vector) <= 6:
            return "(" + ", ".join(_number(p) for p in vector) + ")"
        return "{" + ", ".join(f"{k + 1}: {_number(p)}" for k, p in enumerate(vector) if p != 0) + "}"
    parts = []
    for p, name in zip(vector, names):
        if p == 0:
            continue
        parts.append(name if p == 1 else f"{_number(p)}*{name}")
    return " + ".join(parts)


def _number(p) -> str:
    if isinstance(p, (float, np.floating)):
        return f"{float(p):.6g}"
    return str(Fraction(p))


def _table(players, strategies, profiles, extra=()) -> list[str]:
    """Rows ``#  player 1's strategy  player 2's strategy ...`` aligned in columns."""
    cells = [[describe_strategy(vec, strategies[i]) for i, vec in enumerate(prof)] for prof in profiles]
    heads = list(players) + [name for name, _ in extra]
    for name, values in extra:
        for row, v in zip(cells, values):
            row.append(v)
    width = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(heads)]
    out = [("  #  " + "  ".join(h.ljust(w) for h, w in zip(heads, width))).rstrip()]
    for k, row in enumerate(cells):
        out.append((f"{k + 1:>3}  " + "  ".join(c.ljust(w) for c, w in zip(row, width))).rstrip())
    return out


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
    """Positive affine image of a float ``M`` with entries in ``[1, 2]`` (all ones if ``M`` is constant)."""
    lo, hi = M.min(), M.max()
    if hi == lo:
        return np.ones(M.shape)
    return (M - lo) / (hi - lo) + 1


def profile_sort_key(profile: Profile):
    """Decreasing probabilities; floats rounded to 9 decimals so that rounding noise cannot reorder ties."""
    flat = np.concatenate(profile)
    if flat.dtype != object:
        flat = np.round(flat, 9)
    return tuple(-v for v in flat)


# ----------------------------------------------------------------------------------------------------------
# Exact vertices


def _exact_point(C: list[list[int]], I, K):
    """The point of ``{z >= 0, C z <= 1}`` solving ``C[K, I] z_I = 1``, exactly, with its labels.

    Returns ``(numerators, zero set, tight set)`` (``z = numerators / den``
    for some positive ``den``), or ``None`` when the system is singular or its
    solution infeasible.
    """
    sol = solve_integer([[C[k][i] for i in I] for k in K], [1] * len(K))
    if sol is None:
        return None
    num, den = sol
    if any(t < 0 for t in num):
        return None
    d = len(C[0])
    z = [0] * d
    for i, t in zip(I, num):
        z[i] = t
    tight = set()
    for j, row in enumerate(C):
        s = sum(row[i] * z[i] for i in I)
        if s > den:
            return None
        if s == den:
            tight.add(j)
    return tuple(z), frozenset(i for i in range(d) if z[i] == 0), frozenset(tight)


class _ExactVertices:
    """Exact recomputation of the vertices of a search, cached."""

    def __init__(self, C: list[list[int]], V: PolytopeVertices) -> None:
        self.C, self.V = C, V
        self.cache: dict[int, Any] = {}

    def get(self, v: int):
        if v not in self.cache:
            self.cache[v] = next((p for I, K in self.V.bases(v) if (p := _exact_point(self.C, I, K)) is not None),
                                 None)
        return self.cache[v]


# ----------------------------------------------------------------------------------------------------------
# The reduced game and its candidate pairs


class _Reduced:
    """The game after dominance, oriented so that the row player has at most as many strategies.

    Holds the float matrices normalised to ``[1, 2]`` and, when needed, the
    integer images (exact mode: of the payoffs; float mode: of their decimal
    reading, for the exact fallback search).
    """

    def __init__(self, A: np.ndarray, B: np.ndarray, exact: bool) -> None:
        self.transposed = A.shape[0] > A.shape[1]
        if self.transposed:  # the column player becomes the row player: (A, B) -> (B^T, A^T)
            A, B = B.T, A.T
        self.A, self.B, self.exact = A, B, exact
        self.m, self.n = A.shape
        self._ints = None
        if exact:
            Ai, _ = integer_image(A)
            Bi, _ = integer_image(B)
            self._ints = (Ai, Bi)
            self.An = Ai.astype(float) / float(Ai.min()) if Ai.dtype != object else _normalise_fraction(A)
            self.Bn = Bi.astype(float) / float(Bi.min()) if Bi.dtype != object else _normalise_fraction(B)
        else:
            self.An, self.Bn = _normalise(A), _normalise(B)

    def ints(self) -> tuple[np.ndarray, np.ndarray]:
        """Integer images ``(Ai, Bi)`` (in float mode, of the payoffs read as the decimals they print as)."""
        if self._ints is None:
            self._ints = (integer_image(fraction_array(self.A))[0], integer_image(fraction_array(self.B))[0])
        return self._ints

    def fine_data(self) -> bool:
        """Whether two distinct payoffs of a player differ by less than ``1e-9`` of their range.

        Floating point cannot tell such payoffs apart reliably (``10**13`` and
        ``10**13 + 1``), so exact mode then pivots in integers from the start.
        """
        for M in self.ints():
            values = sorted({int(v) for v in M.flat})
            if len(values) > 1 and min(b - a for a, b in zip(values, values[1:])) * _RESOLUTION < values[0]:
                return True
        return False

    def int_lists(self):
        """``(C_P, C_Q)`` as lists of Python ints: ``B^T`` and ``A`` of the integer images."""
        Ai, Bi = self.ints()
        return [[int(v) for v in row] for row in Bi.T], [[int(v) for v in row] for row in Ai]


def _normalise_fraction(M: np.ndarray) -> np.ndarray:
    """``M`` normalised to ``[1, 2]``, computed on Fractions (for integer images too large for floats)."""
    lo, hi = min(M.flat), max(M.flat)
    if hi == lo:
        return np.ones(M.shape)
    return np.array([[float((v - lo) / (hi - lo) + 1) for v in row] for row in M])


def _direct_candidates(VP: PolytopeVertices, An: np.ndarray, vertices: np.ndarray):
    """Complete each nondegenerate vertex ``x`` of ``P`` (among ``vertices``) by solving ``A_IJ y_J = 1``.

    Returns ``[(vertex, I, J, y), ...]`` for the ``y`` in ``Q``, or ``None``
    when some ``A_IJ`` is (nearly) singular: the caller then matches against
    the vertices of ``Q``.
    """
    m, n = An.shape
    supp = ~VP.zero[vertices]
    tight = VP.tight[vertices]
    k = supp.sum(axis=1)
    out = []
    for size in np.unique(k):
        sel = np.nonzero(k == size)[0]
        idx = vertices[sel]
        I = np.nonzero(supp[sel])[1].reshape(len(sel), size)
        J = np.nonzero(tight[sel])[1].reshape(len(sel), size)
        sub = An[I[:, :, None], J[:, None, :]]
        try:
            inv = np.linalg.inv(sub)
        except np.linalg.LinAlgError:
            return None
        kappa = np.abs(sub).sum(axis=2).max(axis=1) * np.abs(inv).sum(axis=2).max(axis=1)
        if not np.all(np.isfinite(kappa)) or np.any(kappa > _MAX_KAPPA):
            return None
        yJ = inv.sum(axis=2)
        y = np.zeros((len(sel), n))
        y[np.arange(len(sel))[:, None], J] = yJ
        scale = kappa * np.maximum(1.0, np.abs(yJ).max(axis=1))
        low = yJ.min(axis=1)
        high = (y @ An.T - 1.0).max(axis=1)
        zero, sure = ZERO * scale, SURE * scale
        if np.any(((low < -zero) & (low > -sure)) | ((high > zero) & (high < sure))):
            raise NumericalAmbiguity("a completing strategy too close to the boundary of Q")
        for t in np.nonzero((low >= -zero) & (high <= zero))[0]:
            out.append((int(idx[t]), tuple(I[t].tolist()), tuple(J[t].tolist()), y[t]))
    return out


def _face_vertices(C: list[list[int]], I: tuple[int, ...], J: tuple[int, ...]):
    """Every vertex of the face ``{y in Q : (A y)_I = 1, y_j = 0 for j not in J}`` of ``Q``, exactly.

    ``C`` is ``A``'s integer image.  These are the partners of a degenerate
    vertex ``x`` of ``P`` with support ``I`` and tight columns ``J``
    (``|J| > |I|``): the vertices of ``Q`` carrying every label ``x`` lacks.
    When ``A_IJ`` has full row rank, every vertex of the face solves the
    ``I`` equations plus ``|J| - |I|`` more active constraints (``y_j = 0``
    for ``j`` in ``J``, or ``(A y)_i = 1`` for ``i`` not in ``I``), so trying
    all such choices finds them all.  Returns ``None`` when ``A_IJ`` is rank
    deficient (the caller then enumerates ``Q``).
    """
    if integer_rank([[C[i][j] for j in J] for i in I]) < len(I):
        return None
    extras = [(0, j) for j in J] + [(1, i) for i in range(len(C)) if i not in I]
    need_tight, need_zero = set(I), set(range(len(C[0]))) - set(J)
    out = {}
    for extra in combinations(extras, len(J) - len(I)):
        zero_cols = {j for kind, j in extra if kind == 0}
        rows = list(I) + [i for kind, i in extra if kind == 1]
        point = _exact_point(C, [j for j in J if j not in zero_cols], rows)
        if point is not None and need_tight <= point[2] and need_zero <= point[1]:
            out[point[0]] = point
    return list(out.values())


def _matched_pairs(VP: PolytopeVertices, VQ: PolytopeVertices) -> np.ndarray:
    """Indices ``(p, q)`` of the completely labelled pairs (float labels).

    For each label, the set of vertices of ``Q`` carrying it is a packed bit
    set; the partners of ``x`` are the intersection of the sets of the labels
    ``x`` lacks (64 vertices of ``Q`` per machine word).
    """
    has_q = np.concatenate([VQ.tight, VQ.zero], axis=1)  # labels 0..m-1 (rows tight), m..m+n-1 (y_j = 0)
    lacks_p = np.concatenate([~VP.zero, ~VP.tight], axis=1)
    nq = len(has_q)
    if not len(lacks_p) or not nq:
        return np.zeros((0, 2), dtype=np.intp)
    words = (nq + 63) // 64
    packed = np.zeros((has_q.shape[1], words * 8), dtype=np.uint8)
    packed[:, :(nq + 7) // 8] = np.packbits(has_q.T, axis=1, bitorder="little")
    sets = packed.view(np.uint64)  # (labels, words)
    valid = np.zeros(words * 8, dtype=np.uint8)
    valid[:(nq + 7) // 8] = np.packbits(np.ones(nq, dtype=bool), bitorder="little")
    valid = valid.view(np.uint64)
    out = []
    for start in range(0, len(lacks_p), _MATCH_CHUNK):
        lacks = lacks_p[start:start + _MATCH_CHUNK]
        R = np.broadcast_to(valid, (len(lacks), words)).copy()
        for label in range(lacks.shape[1]):
            rows = lacks[:, label]
            if rows.any():
                R[rows] &= sets[label]
        r_idx, w_idx = np.nonzero(R)
        if not len(r_idx):
            continue
        bits = np.unpackbits(R[r_idx, w_idx].view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
        k, b = np.nonzero(bits)
        out.append(np.stack([r_idx[k] + start, w_idx[k] * 64 + b], axis=1))
    return np.concatenate(out) if out else np.zeros((0, 2), dtype=np.intp)


def _candidates(game: _Reduced, enumeration: str, max_bases, progress):
    """Candidate vertex pairs of the reduced game: ``(pairs, bases visited, how)``.

    ``pairs`` is a list of ``(x, y)``: integer numerator tuples (exact mode,
    certified vertices with complementary labels) or float vertex arrays (float
    mode, to be verified by the caller).
    """
    if enumeration == "all-bases":
        screen = _SCREEN_TOL if game.exact else 1e-9
        cond = 0.0 if game.exact else _MIN_CONDITIONING
        VP = polytope_vertices(game.Bn.T, screen, cond)
        VQ = polytope_vertices(game.An, screen, cond)
        return _certify_matched(game, VP, VQ, strict=False), VP.n_bases + VQ.n_bases, "all-bases"
    small = game.exact and comb(game.m + game.n, game.m) <= _SMALL
    if enumeration == "pivoting" or (enumeration == "auto" and not small):
        if not (game.exact and game.fine_data()):
            try:
                return _float_pivoting(game, max_bases, progress)
            except NumericalAmbiguity:
                pass
        how = "fallback"
    else:
        how = "exact-pivoting"
    CP, CQ = game.int_lists()
    VP = exact_search_vertices(CP, max_bases=max_bases, progress=progress)
    VQ = exact_search_vertices(CQ, max_bases=max_bases, progress=progress)
    return _certify_matched(game, VP, VQ, strict=True), VP.n_bases + VQ.n_bases, how


def _float_pivoting(game: _Reduced, max_bases, progress):
    VP = lex_search_vertices(game.Bn.T, max_bases=max_bases, progress=progress)
    k, kt = (~VP.zero).sum(axis=1), VP.tight.sum(axis=1)
    degenerate = np.nonzero(k != kt)[0]
    faces = sum(comb(int(kt[v]) + game.m - int(k[v]), int(kt[v] - k[v])) for v in degenerate)
    direct = _direct_candidates(VP, game.An, np.nonzero(k == kt)[0]) if faces <= _MAX_FACE_SYSTEMS else None
    partners = []
    if direct is not None and len(degenerate):
        CQ = game.int_lists()[1]
        for v in degenerate:
            I, J = tuple(np.nonzero(~VP.zero[v])[0].tolist()), tuple(np.nonzero(VP.tight[v])[0].tolist())
            face = _face_vertices(CQ, I, J)
            if face is None:
                direct = None
                break
            partners += [(int(v), I, J, y) for y in face]
    if direct is None:
        VQ = lex_search_vertices(game.An, max_bases=max_bases, progress=progress)
        return _certify_matched(game, VP, VQ, strict=True), VP.n_bases + VQ.n_bases, "pivoting-both"
    how = "pivoting-faces" if len(degenerate) else "pivoting"
    if not game.exact:
        return ([(VP.points[v], y) for v, _, _, y in direct]
                + [(VP.points[v], np.array(y[0], dtype=float)) for v, _, _, y in partners]), VP.n_bases, how
    CP, CQ = game.int_lists()
    EP = _ExactVertices(CP, VP)
    rows, cols = frozenset(range(game.m)), frozenset(range(game.n))
    pairs = []
    for v, I, J, y in direct + partners:
        ex = EP.get(v)
        if ex is None or ex[1] != rows - set(I) or ex[2] != frozenset(J):
            raise NumericalAmbiguity("exact labels of a vertex differ from the floating-point ones")
        ey = y if isinstance(y, tuple) else _exact_point(CQ, J, I)
        if ey is None or (ex[1] | ey[2]) != rows or (ex[2] | ey[1]) != cols:
            raise NumericalAmbiguity("a completing strategy fails the exact check")
        pairs.append((ex[0], ey[0]))
    return pairs, VP.n_bases, how


def _certify_matched(game: _Reduced, VP, VQ, *, strict: bool):
    """Candidate pairs from label matching; exact mode recomputes and relabels each vertex exactly.

    ``strict``: a float-complete pair whose exact labels are not complete
    means the floating-point search erred (raise :class:`NumericalAmbiguity`);
    otherwise (the all-bases screen, which is tolerant by design) it is dropped.
    """
    cand = _matched_pairs(VP, VQ)
    if not game.exact:  # float mode: the caller verifies the regret of each candidate
        return [(VP.points[p], VQ.points[q]) for p, q in cand]
    CP, CQ = game.int_lists()
    EP, EQ = _ExactVertices(CP, VP), _ExactVertices(CQ, VQ)
    rows, cols = frozenset(range(game.m)), frozenset(range(game.n))
    pairs = []
    for p, q in cand:
        ex, ey = EP.get(int(p)), EQ.get(int(q))
        if ex is None or ey is None or (ex[1] | ey[2]) != rows or (ex[2] | ey[1]) != cols:
            if strict:
                raise NumericalAmbiguity("a completely labelled pair fails the exact check")
            continue
        pairs.append((ex[0], ey[0]))
    return pairs


_METHODS = {
    "pivoting": "vertex enumeration by lexicographic pivoting (floating-point search of the smaller best-response "
                "polytope, {cert})",
    "pivoting-faces": "vertex enumeration by lexicographic pivoting (floating-point search of the smaller "
                      "best-response polytope, exact faces of the other for its degenerate vertices, {cert})",
    "pivoting-both": "vertex enumeration by lexicographic pivoting (floating-point search of both best-response "
                     "polytopes, degenerate game, {cert})",
    "fallback": "vertex enumeration by lexicographic pivoting in exact integer arithmetic (payoffs or pivots "
                "too close to call in floating point), {cert}",
    "exact-pivoting": "vertex enumeration by lexicographic pivoting in exact integer arithmetic, {cert}",
    "all-bases": "vertex enumeration of best-response polytopes by solving all bases (float search, {cert})",
}


def bimatrix_equilibria(A: Any, B: Any, *, exact: bool | None = None, tol: float = 1e-9,
                        enumeration: str = "auto", max_bases: int | None = None,
                        progress: Progress | None = None) -> BimatrixEquilibria:
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
    enumeration
        ``"auto"`` (default): ``"exact-pivoting"`` for small exact games (at
        most 300 bases :math:`\binom{m+n}{m}`, e.g. up to 5x5, where it is
        fastest), ``"pivoting"`` otherwise; ``"pivoting"``: floating-point
        lexicographic pivoting, redone exactly if any decision is too close to
        call; ``"exact-pivoting"``: integer pivoting throughout (both
        polytopes); ``"all-bases"``: the previous method, every basis of both
        polytopes (games up to about 13x13).
    max_bases
        Stop with :class:`~gametheory.games.vertex_enumeration.SearchLimit` (a
        ``UserInputError``) once a vertex search passes this many bases.
    progress
        ``progress(bases, level, frontier)``, called after each level of each vertex search.

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
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not tol >= 0 or not np.isfinite(tol):
        raise UserInputError(f"tol must be a finite number >= 0, got {tol!r}")
    if enumeration not in ENUMERATIONS:
        raise UserInputError(f"unknown enumeration {enumeration!r}; choose one of {', '.join(ENUMERATIONS)}")
    A, B, exact = payoff_matrices(A, B, exact)
    m, n = A.shape
    regret_tol = 0.0 if exact else tol * max(1.0, _span(A, B))
    if exact:
        full = (integer_image(A)[0], integer_image(B)[0])
        (rows, cols), _ = surviving_strategies(full, 0)
    else:
        (rows, cols), _ = surviving_strategies((A, B), regret_tol)
    game = _Reduced(A[np.ix_(rows, cols)], B[np.ix_(rows, cols)], exact)
    pairs, bases, how = _candidates(game, enumeration, max_bases, progress)

    found: dict[tuple, tuple[Profile, Any, Any]] = {}
    for xv, yv in pairs:
        if game.transposed:
            xv, yv = yv, xv
        if exact:
            gx, gy = gcd(*xv), gcd(*yv)  # the primitive integer vector: one id per vertex however it was solved
            xv, yv = tuple(v // gx for v in xv), tuple(v // gy for v in yv)
            sx, sy = sum(xv), sum(yv)
            xs = _embed([Fraction(v, sx) for v in xv], rows, m, Fraction(0))
            ys = _embed([Fraction(v, sy) for v in yv], cols, n, Fraction(0))
            if _exact_regret_zero(full[0], full[1], _embed(xv, rows, m, 0), _embed(yv, cols, n, 0)):
                found[(xv, yv)] = ((xs, ys), xv, yv)
        else:
            xv, yv = np.asarray(xv, dtype=float), np.asarray(yv, dtype=float)
            xs = _embed(xv / xv.sum(), rows, m, 0.0)
            ys = _embed(yv / yv.sum(), cols, n, 0.0)
            if _regrets_within(A, B, xs, ys, regret_tol):
                key = tuple(np.round(np.concatenate([xs, ys]), 9) + 0.0)
                found.setdefault(key, ((xs, ys), tuple(np.round(xs, 9) + 0.0), tuple(np.round(ys, 9) + 0.0)))
    verified = sorted(found.values(), key=lambda v: profile_sort_key(v[0]))
    ids = [(v[1], v[2]) for v in verified]
    cert = "exact rational certification" if exact else "floating-point verification"
    return BimatrixEquilibria(
        equilibria=tuple(v[0] for v in verified),
        components=connected_components(ids),
        exact=exact,
        method=_METHODS[how].format(cert=cert),
        tol=0.0 if exact else float(tol),
        nash_subsets=maximal_nash_subsets(ids),
        bases=int(bases),
    )


def _embed(values, keep, size: int, zero):
    """Values on the kept strategies ``keep`` of a player with ``size`` strategies, ``zero`` elsewhere."""
    if isinstance(zero, float):
        out = np.zeros(size)
        out[list(keep)] = values
        return out
    if isinstance(zero, Fraction):
        out = np.array([zero] * size, dtype=object)
        for k, v in zip(keep, values):
            out[k] = v
        return out
    out = [0] * size
    for k, v in zip(keep, values):
        out[k] = v
    return out


def _exact_regret_zero(Ai: np.ndarray, Bi: np.ndarray, xn: list[int], yn: list[int]) -> bool:
    """Both regrets exactly zero at ``x = xn / sum(xn)``, ``y = yn / sum(yn)`` (integer payoff images)."""
    m, n = Ai.shape
    sy = [j for j in range(n) if yn[j]]
    sx = [i for i in range(m) if xn[i]]
    u = [sum(int(Ai[i, j]) * yn[j] for j in sy) for i in range(m)]
    v = [sum(int(Bi[i, j]) * xn[i] for i in sx) for j in range(n)]
    return (max(u) * sum(xn) == sum(xn[i] * u[i] for i in sx)
            and max(v) * sum(yn) == sum(yn[j] * v[j] for j in sy))


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
    return tuple(sorted(out.values(), key=profile_sort_key))


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
