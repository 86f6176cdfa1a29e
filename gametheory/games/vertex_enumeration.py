r"""Vertices of a best-response polytope: lexicographic pivoting search, and the old all-bases method.

For a two-player game with payoff matrices :math:`A, B` (shape
:math:`m \times n`, shifted so that every entry is positive) von Stengel (2007,
sec. 3.2) defines the best-response polytopes

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\},\qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

Both are instances of :math:`\{z \in \mathbb{R}^d : z \ge 0,\ C z \le 1\}`
with a positive :math:`r \times d` matrix :math:`C`, written with slacks as
:math:`C z + s = 1`, :math:`z, s \ge 0`: ``d + r`` variables (``z_0..z_{d-1}``
are variables ``0..d-1``, ``s_0..s_{r-1}`` are ``d..d+r-1``) and ``r``
equations.  A *basis* is a set of ``r`` variables whose columns are linearly
independent; setting the others to zero gives a *basic solution*, a vertex
when it is feasible.

Lexicographic pivoting search (the default)
-------------------------------------------
Perturb the right-hand side to :math:`1 + (\varepsilon, \varepsilon^2, \dots,
\varepsilon^r)`.  For small :math:`\varepsilon > 0` the perturbed polytope is
simple (every vertex has exactly one basis), its vertex graph is connected,
and its bases are the *lexicographically feasible* bases of the original
system: those whose rows of :math:`[B^{-1} 1 \mid B^{-1}]` are
lexicographically positive.  Every vertex of the original polytope is the
basic solution of at least one of them, and from a lex-feasible basis the
neighbour through a nonbasic column is given by the *lexicographic minimum
ratio test*, which always selects a unique leaving row.  Starting from the
slack basis (the origin, lex-feasible since :math:`B^{-1} = I`), a
breadth-first search over the adjacent lex-feasible bases therefore reaches
every lex-feasible basis, hence every vertex, without enumerating the
:math:`\binom{d+r}{r}` candidate bases.  This is the basis graph that the
reverse search of Avis and Fukuda (1992) and lrs (Avis 2000) traverse; here it
is traversed level by level, each level being one batch of numpy operations
(ratio tests of every nonbasic column of every basis of the level, then one
pivot per new basis).  The cost is proportional to the number of lex-feasible
bases (for nondegenerate polytopes: of vertices), about 1 000 for a random
10x10 game, instead of :math:`\binom{20}{10} = 184\,756` linear solves.

:func:`lex_search_vertices` pivots in floating point.  Every decision (is a
pivot entry positive, do two ratios tie, is a basic variable zero) is taken
with a margin: values within ``ZERO`` of the threshold are equal, values beyond
``SURE`` are different, and anything in between raises
:class:`NumericalAmbiguity`; so does an inconsistency of the basis graph (an
edge that is not found from both ends).  Callers then use
:func:`exact_search_vertices`, the same search with fraction-free integer
pivoting (exact at any size, as in lrs; von Stengel 2007, sec. 3.5).

All bases (the old method)
--------------------------
:func:`polytope_vertices` solves :math:`C_{K,I} z_I = 1` for every pair of
index sets :math:`|I| = |K|` (all :math:`\binom{d+r}{d}` bases) in numpy
batches and keeps the feasible solutions.  It is kept as the reference and
the baseline of ``benchmarks/bench_bimatrix.py``.

References
----------
D. Avis, K. Fukuda, "A pivoting algorithm for convex hulls and vertex
enumeration of arrangements and polyhedra", *Discrete Comput. Geom.* 8 (1992)
295-313.

D. Avis, "lrs: a revised implementation of the reverse search vertex
enumeration algorithm", in *Polytopes - Combinatorics and Computation*,
Birkhauser, 2000, 177-198.

B. von Stengel, "Equilibrium computation for two-player games in strategic
and extensive form", ch. 3 of *Algorithmic Game Theory*, Cambridge UP, 2007.

D. Avis, G. D. Rosenberg, R. Savani, B. von Stengel, "Enumeration of Nash
equilibria for two-player games", *Economic Theory* 42 (2010) 9-37.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from math import comb

import numpy as np

from gametheory.errors import UserInputError

__all__ = [
    "PolytopeVertices",
    "NumericalAmbiguity",
    "SearchLimit",
    "lex_search_vertices",
    "exact_search_vertices",
    "polytope_vertices",
    "MAX_BASES",
    "ZERO",
    "SURE",
]

#: Largest number of candidate bases :math:`\binom{m+n}{m}` the all-bases method accepts (about 13x13).
MAX_BASES = 12_000_000

#: Float search: a value computed in floating point is taken as exactly zero (or two ratios as tied) when it
#: is within ``ZERO * scale`` (for ratios, the error that bound implies for the ratio), as different when it
#: is farther than ``SURE * scale``, and the search gives up in between (:class:`NumericalAmbiguity`).
#: ``scale`` is the basis's largest row sum of ``|B^-1|`` (at least 1), which bounds how much rounding errors
#: are amplified; errors measured on random games up to 14x14 are below 4e-14.
ZERO = 1e-12
SURE = 1e-11

_CHUNK = 60_000  # linear systems solved per numpy batch (all-bases method)
_WORD = 62  # bits per int64 word of a basis key
_BATCH = 4_000_000  # floats per batch of the breadth-first search (bounds its memory)
_KEEP_TABLEAUX = 8_000_000  # floats of frontier tableaux kept between levels; larger frontiers are re-solved

#: ``progress(bases, level, frontier)`` is called after each breadth-first level.
Progress = Callable[[int, int, int], None]


class NumericalAmbiguity(ArithmeticError):
    """The floating-point search met a decision too close to call; use exact pivoting."""


class SearchLimit(UserInputError):
    """The search found more bases than the limit it was given."""


@dataclass(frozen=True)
class PolytopeVertices:
    """Vertices of :math:`\\{z \\ge 0 : C z \\le 1\\}` other than the origin.

    Attributes
    ----------
    points
        ``(N, d)`` float array, one vertex per row.
    zero
        ``(N, d)`` bool array: ``z_i = 0``.
    tight
        ``(N, r)`` bool array: ``(C z)_j = 1``.
    systems
        ``(M, d + r)`` bool array, one row per basis found: the first ``d``
        entries mark the basic ``z`` variables ``I``, the last ``r`` the tight
        constraints ``K`` used as equations, so that :math:`C_{K,I} z_I = 1`
        is a nonsingular square system whose solution is the vertex.
    system_vertex
        ``(M,)`` int array: the vertex of each system (bases of the origin are dropped).
    n_bases
        Number of bases the search visited (the origin's included).
    """

    points: np.ndarray
    zero: np.ndarray
    tight: np.ndarray
    systems: np.ndarray
    system_vertex: np.ndarray
    n_bases: int

    def __len__(self) -> int:
        return len(self.points)

    def bases(self, v: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        """The systems ``(I, K)`` of vertex ``v``: :math:`C_{K,I} z_I = 1`."""
        d = self.points.shape[1]
        out = []
        for row in self.systems[self.system_vertex == v]:
            idx = np.nonzero(row)[0]
            out.append((tuple(int(i) for i in idx[idx < d]), tuple(int(k) - d for k in idx[idx >= d])))
        return out


def _group_bases(basic: np.ndarray, zero_basic: np.ndarray, values: np.ndarray, d: int, r: int) -> PolytopeVertices:
    """Group bases (``(M, r)`` basic variables, which are zero, their values) into vertices."""
    nv = d + r
    M = len(basic)
    rows = np.arange(M)[:, None]
    zero_var = np.ones((M, nv), dtype=bool)  # nonbasic variables are zero ...
    zero_var[rows, basic] = zero_basic  # ... basic ones when their value is
    origin = zero_var[:, :d].all(axis=1)
    keep = np.nonzero(~origin)[0]
    zero_var, basic_k, values_k = zero_var[keep], basic[keep], values[keep]
    _, first, vertex_of = np.unique(_row_keys(zero_var), return_index=True, return_inverse=True)
    vertex_of = vertex_of.ravel()
    full = np.zeros((len(first), nv + 1))
    rb = basic_k[first]
    full[np.arange(len(first))[:, None], rb] = values_k[first]
    points = full[:, :d]
    points[zero_var[first, :d]] = 0.0
    isbasic = np.zeros((len(keep), nv), dtype=bool)
    isbasic[np.arange(len(keep))[:, None], basic_k] = True
    systems = isbasic.copy()
    systems[:, d:] = ~isbasic[:, d:]  # equations: the nonbasic (zero) slacks
    return PolytopeVertices(points=points, zero=zero_var[first, :d], tight=zero_var[first, d:],
                            systems=systems, system_vertex=vertex_of, n_bases=M)


def _key_words(nv: int) -> int:
    return (nv + _WORD - 1) // _WORD


def _void(words: np.ndarray) -> np.ndarray:
    """Rows of int64 words as sortable scalars (the int64 itself when there is one word)."""
    if words.shape[1] == 1:
        return words[:, 0].copy()
    words = np.ascontiguousarray(words)
    return words.view(np.dtype((np.void, words.shape[1] * 8))).ravel()


def _row_keys(mask: np.ndarray) -> np.ndarray:
    """Rows of a bool matrix as sortable scalars."""
    n = mask.shape[1]
    if n <= _WORD:
        return mask.astype(np.int64) @ (np.int64(1) << np.arange(n, dtype=np.int64))
    packed = np.ascontiguousarray(np.packbits(mask, axis=1))
    return packed.view(np.dtype((np.void, packed.shape[1]))).ravel()


def _lex_rows(T: np.ndarray, a: np.ndarray, d: int, r: int) -> np.ndarray:
    """Lexicographic minimum ratio test of every entering column of every basis.

    ``T`` is ``(F, r, d + r + 1)`` (tableaux), ``a`` is ``(F, E, r)`` (the
    entering columns).  Returns ``(F, E)`` leaving rows; raises
    :class:`NumericalAmbiguity` on a decision within the gray zone.
    """
    scale = _scale(T, d, r)[:, None, None]
    zero, sure = ZERO * scale, SURE * scale
    if np.any((a > zero) & (a < sure)):
        raise NumericalAmbiguity("a pivot entry is too close to zero to call its sign")
    pos = a >= sure
    if not np.all(pos.any(axis=2)):
        raise NumericalAmbiguity("a column without a positive entry in a bounded polytope")
    safe = np.where(pos, a, 1.0)
    mask = pos
    for col in (-1, *range(d, d + r)):  # rhs first, then the columns of B^-1 in order
        vals = np.where(mask, T[:, None, :, col] / safe, np.inf)
        at = vals.argmin(axis=2)[..., None]
        low = np.take_along_axis(vals, at, axis=2)
        # error of t / a when t and a err by up to `zero`: about zero * (1 + |t / a|) / a
        err = zero * ((1.0 + np.abs(np.where(mask, vals, 0.0))) / safe
                      + (1.0 + np.abs(low)) / np.take_along_axis(safe, at, axis=2))
        gap = vals - low
        if np.any(mask & (gap > err) & (gap < err * (SURE / ZERO))):
            raise NumericalAmbiguity("two ratios too close to call a tie")
        mask = mask & (gap <= err)
        if not np.any(mask.sum(axis=2) > 1):
            return mask.argmax(axis=2)
    raise NumericalAmbiguity("lexicographic ratio test without a unique minimum")  # pragma: no cover


def _scale(T: np.ndarray, d: int, r: int) -> np.ndarray:
    """Per basis: the largest row sum of ``|B^-1|``, at least 1 (how much rounding errors can grow)."""
    return np.maximum(1.0, np.abs(T[:, :, d:d + r]).sum(axis=2).max(axis=1))


def lex_search_vertices(C: np.ndarray, *, max_bases: int | None = None,
                        progress: Progress | None = None) -> PolytopeVertices:
    """Every vertex of :math:`\\{z \\ge 0 : C z \\le 1\\}` by lexicographic pivoting, in floating point.

    Parameters
    ----------
    C
        ``(r, d)`` positive float array, entries of order 1 (callers normalise payoffs to ``[1, 2]``).
    max_bases
        Stop with :class:`SearchLimit` once more bases than this are found.
    progress
        Called as ``progress(bases_found, level, frontier_size)`` after each level.

    Returns
    -------
    PolytopeVertices

    Raises
    ------
    NumericalAmbiguity
        When a decision falls between ``ZERO`` and ``SURE`` of its threshold or
        the basis graph is inconsistent: redo the search exactly.
    """
    C = np.asarray(C, dtype=float)
    r, d = C.shape
    if not np.all(C > 0):
        raise ValueError("lex_search_vertices needs a positive matrix C")
    nv = d + r
    W = _key_words(nv)
    M = np.concatenate([C, np.eye(r), np.ones((r, 1))], axis=1)
    bit = np.int64(1) << (np.arange(nv) % _WORD).astype(np.int64)
    word_of = np.arange(nv) // _WORD
    basis = np.arange(d, nv, dtype=np.int32)[None, :]
    words = np.zeros((1, W), dtype=np.int64)
    for v in range(d, nv):
        words[0, word_of[v]] += bit[v]
    T: np.ndarray | None = M[None].copy()
    seen = np.sort(_void(words))
    found_basic, found_values, found_scale = [basis], [M[None, :, -1].copy()], [np.ones(1)]
    edge_hash = np.zeros(2, dtype=np.uint64)  # sum of h(u, v) and of h(v, u) over the edges u -> v
    chunk = max(1, _BATCH // (d * r + r * (nv + 1)))
    total, level = 1, 0
    while len(basis):
        next_basis, next_words, next_T = [], [], []
        keep = True  # keep the next frontier's tableaux while they fit in _KEEP_TABLEAUX floats
        for start in range(0, len(basis), chunk):
            b_basis, b_words = basis[start:start + chunk], words[start:start + chunk]
            b_T = T[start:start + chunk] if T is not None else _tableaux(M, b_basis)
            F = len(b_basis)
            isbasic = np.zeros((F, nv), dtype=bool)
            isbasic[np.arange(F)[:, None], b_basis] = True
            entering = np.nonzero(~isbasic)[1].reshape(F, d)
            a = np.take_along_axis(b_T[:, :, :nv], entering[:, None, :], axis=2).transpose(0, 2, 1)
            rows = _lex_rows(b_T, a, d, r)
            leaving = np.take_along_axis(b_basis, rows, axis=1)
            child = np.repeat(b_words, d, axis=0)
            flat_in, flat_out = entering.ravel(), leaving.ravel()
            idx = np.arange(F * d)
            child[idx, word_of[flat_out]] -= bit[flat_out]
            child[idx, word_of[flat_in]] += bit[flat_in]
            edge_hash += _edge_hash(np.repeat(b_words, d, axis=0), child)
            keys = _void(child)
            uniq, first = np.unique(keys, return_index=True)
            pos = np.searchsorted(seen, uniq)
            known = (pos < len(seen)) & (seen[np.minimum(pos, len(seen) - 1)] == uniq)
            if known.all():
                continue
            seen = np.sort(np.concatenate([seen, uniq[~known]]))
            for part in range(0, int((~known).sum()), chunk):  # new bases in slices: bounded temporaries
                new = first[~known][part:part + chunk]
                parent, k = np.divmod(new, d)
                prow, pcol = rows[parent, k], entering[parent, k]
                nb = b_basis[parent].copy()
                nb[np.arange(len(new)), prow] = pcol
                Tp = b_T[parent]
                piv_row = Tp[np.arange(len(new)), prow] / Tp[np.arange(len(new)), prow, pcol][:, None]
                nT = Tp - Tp[np.arange(len(new)), :, pcol][:, :, None] * piv_row[:, None, :]
                nT[np.arange(len(new)), prow] = piv_row
                rhs = nT[:, :, -1]
                scale = _scale(nT, d, r)[:, None]
                if np.any(rhs < -ZERO * scale) or np.any((rhs > ZERO * scale) & (rhs < SURE * scale)):
                    raise NumericalAmbiguity("a basic variable too close to zero to call")
                next_basis.append(nb)
                next_words.append(child[new])
                found_basic.append(nb)
                found_values.append(rhs.copy())
                found_scale.append(scale[:, 0])
                if keep:
                    next_T.append(nT)
                    if sum(t.size for t in next_T) > _KEEP_TABLEAUX:
                        keep, next_T = False, []  # a large frontier: re-solve its tableaux chunk by chunk
                total += len(new)
                if max_bases is not None and total > max_bases:
                    raise SearchLimit(f"the vertex search passed {max_bases} bases")
        if not next_basis:
            break
        basis, words = np.concatenate(next_basis), np.concatenate(next_words)
        T = np.concatenate(next_T) if keep else None
        level += 1
        if progress is not None:
            progress(total, level, len(basis))
    # The lexicographic basis graph is undirected: every edge must have been found from both ends.
    if edge_hash[0] != edge_hash[1]:
        raise NumericalAmbiguity("the basis graph found in floating point is not symmetric")
    basic = np.concatenate(found_basic)
    values = np.concatenate(found_values)
    zero_basic = values <= ZERO * np.concatenate(found_scale)[:, None]
    return _group_bases(basic, zero_basic, np.where(zero_basic, 0.0, values), d, r)


def _tableaux(M: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """The tableaux ``B^-1 [C | I | 1]`` of a batch of bases, solved afresh."""
    B = M[:, basis].transpose(1, 0, 2)  # (F, r, r): columns of the basic variables
    return np.linalg.solve(B, np.broadcast_to(M, (len(basis),) + M.shape))


_MIX = np.array([0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB], dtype=np.uint64)


def _edge_hash(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``[sum h(u_k, v_k), sum h(v_k, u_k)]`` (mod 2**64) for rows of key words ``u``, ``v``.

    ``h(u, v) = f(u) * g(v)`` with two mixing functions, so the two sums agree
    when the edges form a symmetric relation and differ otherwise (up to a
    2**-64 chance), without storing the edges.
    """
    with np.errstate(over="ignore"):
        fu, gu = _mix(u, _MIX[0]), _mix(u, _MIX[1])
        fv, gv = _mix(v, _MIX[0]), _mix(v, _MIX[1])
        return np.array([np.sum(fu * gv, dtype=np.uint64), np.sum(fv * gu, dtype=np.uint64)], dtype=np.uint64)


def _mix(words: np.ndarray, salt: np.uint64) -> np.ndarray:
    """A 64-bit mixing hash of each row of key words (splitmix64 finaliser)."""
    h = np.full(len(words), salt, dtype=np.uint64)
    for w in words.T.astype(np.uint64):
        h = h ^ w
        h = (h ^ (h >> np.uint64(30))) * _MIX[1]
        h = (h ^ (h >> np.uint64(27))) * _MIX[2]
        h = h ^ (h >> np.uint64(31))
    return h


def exact_search_vertices(C: list[list[int]] | np.ndarray, *, max_bases: int | None = None,
                          progress: Progress | None = None) -> PolytopeVertices:
    """Every vertex of :math:`\\{z \\ge 0 : C z \\le 1\\}` by lexicographic pivoting in exact integer arithmetic.

    The same breadth-first search as :func:`lex_search_vertices` on a
    fraction-free integer tableau (each pivot divides exactly by the previous
    pivot element), so every decision is exact.  ``C`` must hold positive
    integers (Python ints or an integer array).  Slower (pure Python), but
    complete and exact for any input; the vertices' ``points`` are rounded to floats.
    """
    Ci = [[int(v) for v in row] for row in np.asarray(C, dtype=object)]
    r, d = len(Ci), len(Ci[0])
    if any(v <= 0 for row in Ci for v in row):
        raise ValueError("exact_search_vertices needs a matrix of positive integers")
    nv = d + r
    start = [Ci[i] + [int(i == k) for k in range(r)] + [1] for i in range(r)]
    queue = [(list(range(d, nv)), start, 1)]
    seen = {sum(1 << v for v in range(d, nv))}
    basics, values, zeros = [], [], []
    level = 0
    while queue:
        nxt = []
        for basis, rows, det in queue:
            basics.append(basis)
            values.append([row[-1] / det for row in rows])
            zeros.append([row[-1] == 0 for row in rows])
            key = sum(1 << v for v in basis)
            basic_set = set(basis)
            for c in range(nv):
                if c in basic_set:
                    continue
                best = None
                for i, row in enumerate(rows):
                    a = row[c]
                    if a <= 0:
                        continue
                    if best is None or _lex_less(row, a, rows[best], rows[best][c], d, r):
                        best = i
                if best is None:  # pragma: no cover - impossible for a positive C (bounded polytope)
                    raise ArithmeticError("unbounded direction in a best-response polytope")
                child = key - (1 << basis[best]) + (1 << c)
                if child in seen:
                    continue
                seen.add(child)
                piv = rows[best][c]
                prow = rows[best]
                new_rows = [prow if i == best else [(v * piv - row[c] * w) // det for v, w in zip(row, prow)]
                            for i, row in enumerate(rows)]
                new_basis = list(basis)
                new_basis[best] = c
                nxt.append((new_basis, new_rows, piv))
        queue = nxt
        level += 1
        if queue and progress is not None:
            progress(len(seen), level, len(queue))
        if max_bases is not None and len(seen) > max_bases:
            raise SearchLimit(f"the vertex search passed {max_bases} bases")
    return _group_bases(np.array(basics, dtype=np.intp).reshape(-1, r), np.array(zeros, dtype=bool).reshape(-1, r),
                        np.array(values, dtype=float).reshape(-1, r), d, r)


def _lex_less(a: list[int], pa: int, b: list[int], pb: int, d: int, r: int) -> bool:
    """Row ``a / pa`` lexicographically below row ``b / pb`` on (rhs, columns of B^-1)."""
    for c in (-1, *range(d, d + r)):
        lhs, rhs = a[c] * pb, b[c] * pa
        if lhs != rhs:
            return lhs < rhs
    return False  # pragma: no cover - rows of the inverse basis are independent


def polytope_vertices(C: np.ndarray, tol: float = 1e-9, min_conditioning: float = 0.0) -> PolytopeVertices:
    """Every vertex except :math:`0` of :math:`\\{z \\ge 0 : C z \\le 1\\}`, by solving all bases (old method).

    Parameters
    ----------
    C
        ``(r, d)`` float array with positive entries (of order 1 for good
        conditioning; callers normalise payoffs to :math:`[1, 2]`).
    tol
        Screening tolerance: a solution is kept when ``z >= -tol`` and
        ``C z <= 1 + tol``, and a constraint is labelled tight within ``tol``.
    min_conditioning
        Ignore systems whose :math:`|\\det C_{K,I}|` divided by Hadamard's bound
        :math:`(\\max|C| \\sqrt{k})^k` is at most this (numerically singular).
        ``0`` keeps every solvable system, for callers that certify exactly.

    Returns
    -------
    PolytopeVertices
        Vertices deduplicated by their sets of tight constraints (in exact
        arithmetic a vertex is determined by that set); the systems of each
        vertex are listed best conditioned first.
    """
    C = np.asarray(C, dtype=float)
    r, d = C.shape
    if not np.all(C > 0):
        raise ValueError("polytope_vertices needs a positive matrix C")
    if comb(r + d, d) > MAX_BASES:
        raise UserInputError(
            f"a {d}x{r} game has {comb(r + d, d)} candidate bases, more than the {MAX_BASES} "
            "that exhaustive enumeration accepts; use lemke_howson for one equilibrium"
        )
    found: dict[bytes, int] = {}
    points: list[np.ndarray] = []
    zero: list[np.ndarray] = []
    tight: list[np.ndarray] = []
    bases: list[list[tuple[float, tuple[int, ...], tuple[int, ...]]]] = []
    best: list[float] = []  # best (most negative) -conditioning per vertex
    for k in range(1, min(r, d) + 1):
        Is = np.array(list(combinations(range(d), k)), dtype=np.intp)
        Ks = np.array(list(combinations(range(r), k)), dtype=np.intp)
        step = max(1, _CHUNK // len(Ks))
        for start in range(0, len(Is), step):
            z, cond, ii, kk = _solve_chunk(C, Is[start:start + step], Ks, tol)
            if min_conditioning > 0:
                good = -cond > min_conditioning
                z, cond, ii, kk = z[good], cond[good], ii[good], kk[good]
            if not len(z):
                continue
            cz = z @ C.T
            zmask, tmask = np.abs(z) <= tol, np.abs(cz - 1) <= tol
            keys = np.packbits(np.concatenate([zmask, tmask], axis=1), axis=1)
            for t in range(len(z)):
                key = keys[t].tobytes()
                basis = (cond[t], tuple(ii[t].tolist()), tuple(kk[t].tolist()))
                if key in found:
                    v = found[key]
                    if basis[0] < best[v]:  # better conditioned: use its solution
                        best[v] = basis[0]
                        points[v] = np.where(zmask[t], 0.0, z[t])
                    bases[v].append(basis)
                    continue
                found[key] = len(points)
                best.append(basis[0])
                points.append(np.where(zmask[t], 0.0, z[t]))
                zero.append(zmask[t])
                tight.append(tmask[t])
                bases.append([basis])
    systems, system_vertex = [], []
    for v, bs in enumerate(bases):
        for _, I, K in sorted(bs, key=lambda b: b[0]):
            row = np.zeros(d + r, dtype=bool)
            row[list(I)] = True
            row[[d + k for k in K]] = True
            systems.append(row)
            system_vertex.append(v)
    return PolytopeVertices(
        points=np.array(points, dtype=float).reshape(len(points), d),
        zero=np.array(zero, dtype=bool).reshape(len(points), d),
        tight=np.array(tight, dtype=bool).reshape(len(points), r),
        systems=np.array(systems, dtype=bool).reshape(len(systems), d + r),
        system_vertex=np.array(system_vertex, dtype=np.intp),
        n_bases=sum(comb(d, k) * comb(r, k) for k in range(min(r, d) + 1)),
    )


def _solve_chunk(C: np.ndarray, Is: np.ndarray, Ks: np.ndarray, tol: float):
    """Feasible solutions of one batch: ``(z, -conditioning, I rows, K rows)`` arrays.

    Nearly singular systems are kept (their solutions are usually infeasible, and
    callers certify what they use); the conditioning, ``|det|`` divided by
    Hadamard's bound, orders the bases of a vertex from best to worst.
    """
    k = Is.shape[1]
    d = C.shape[1]
    sub = C[Ks[:, None, :, None], Is[None, :, None, :]].reshape(-1, k, k)
    ones = np.ones((len(sub), k, 1))
    try:  # exactly singular systems are rare in generic games: one LU for the whole batch
        zs = np.linalg.solve(sub, ones)[..., 0]
    except np.linalg.LinAlgError:
        ok = np.abs(np.linalg.det(sub)) > 0
        zs = np.full((len(sub), k), -1.0)
        if ok.any():
            zs[ok] = np.linalg.solve(sub[ok], ones[ok])[..., 0]
    keep = np.nonzero(np.all(zs >= -tol, axis=1) & np.all(np.isfinite(zs), axis=1))[0]
    kidx, iidx = np.divmod(keep, len(Is))
    full = np.zeros((len(keep), d))
    np.put_along_axis(full, Is[iidx], zs[keep], axis=1)
    feasible = np.all(full @ C.T <= 1 + tol, axis=1)
    keep, kidx, iidx, full = keep[feasible], kidx[feasible], iidx[feasible], full[feasible]
    scale = (np.abs(C).max() * np.sqrt(k)) ** k
    cond = np.abs(np.linalg.det(sub[keep])) / scale if len(keep) else np.zeros(0)
    return full, -cond, Is[iidx], Ks[kidx]
