r"""Vertices of a best-response polytope, found by vectorised basis enumeration.

For a two-player game with payoff matrices :math:`A, B` (shape
:math:`m \times n`, shifted so that every entry is positive) von Stengel (2007,
sec. 3.2) defines the best-response polytopes

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\},\qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

Both are instances of :math:`\{z \ge 0 : C z \le 1\}` with a positive matrix
:math:`C` (``C = B.T`` for :math:`P`, ``C = A`` for :math:`Q`).  A point
:math:`z` of such a polytope is a vertex iff its tight constraints have rank
:math:`d = \dim z`.  Writing :math:`I` for its support and :math:`K(z)` for its
tight rows, the rank condition says the submatrix :math:`C_{K(z), I}` has rank
:math:`|I|`, so some :math:`K \subseteq K(z)` with :math:`|K| = |I|` makes
:math:`C_{K, I}` nonsingular and :math:`z_I = C_{K,I}^{-1} \mathbf 1`.
Enumerating every pair :math:`(I, K)` of equal size, solving, and keeping the
feasible solutions therefore finds *every* vertex, degenerate ones included
(a degenerate vertex is simply found from several pairs).  There are
:math:`\binom{m+n}{m}` pairs (184 756 for a 10x10 game); numpy solves them in
batches, which takes a fraction of a second.

This module works in floating point with a screening tolerance; it returns each
vertex with every pair :math:`(I, K)` that produced it, so that callers can
recompute the vertex exactly (see :mod:`gametheory.games.bimatrix`).

References
----------
B. von Stengel, "Equilibrium computation for two-player games in strategic
and extensive form", ch. 3 of *Algorithmic Game Theory*, Cambridge UP, 2007.

D. Avis, G. D. Rosenberg, R. Savani, B. von Stengel, "Enumeration of Nash
equilibria for two-player games", *Economic Theory* 42 (2010) 9-37.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import comb

import numpy as np

from gametheory.errors import UserInputError

__all__ = ["PolytopeVertices", "polytope_vertices", "MAX_BASES"]

#: Largest number of candidate bases :math:`\binom{m+n}{m}` accepted (about 13x13).
MAX_BASES = 12_000_000

_CHUNK = 60_000  # linear systems solved per numpy batch


@dataclass(frozen=True)
class PolytopeVertices:
    """Vertices of :math:`\\{z \\ge 0 : C z \\le 1\\}` other than the origin.

    Attributes
    ----------
    points
        ``(N, d)`` float array, one vertex per row.
    zero
        ``(N, d)`` bool array: ``z_i = 0`` (within the tolerance).
    tight
        ``(N, r)`` bool array: ``(C z)_j = 1`` (within the tolerance).
    bases
        For each vertex, the pairs ``(I, K)`` (tuples of indices) whose
        system :math:`C_{K,I} z_I = 1` produced it; the first is the best
        conditioned.
    """

    points: np.ndarray
    zero: np.ndarray
    tight: np.ndarray
    bases: tuple[tuple[tuple[tuple[int, ...], tuple[int, ...]], ...], ...]


def polytope_vertices(C: np.ndarray, tol: float = 1e-9, min_conditioning: float = 0.0) -> PolytopeVertices:
    """Every vertex except :math:`0` of :math:`\\{z \\ge 0 : C z \\le 1\\}`.

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
        arithmetic a vertex is determined by that set).
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
    ordered = tuple(tuple((b[1], b[2]) for b in sorted(bs, key=lambda b: b[0])) for bs in bases)
    return PolytopeVertices(
        points=np.array(points, dtype=float).reshape(len(points), d),
        zero=np.array(zero, dtype=bool).reshape(len(points), d),
        tight=np.array(tight, dtype=bool).reshape(len(points), r),
        bases=ordered,
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
