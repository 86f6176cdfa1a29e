"""Brute-force exact reference for the extreme equilibria of small bimatrix games.

Independent of the solver's float search: every set of ``d`` constraints of
``{z >= 0, C z <= 1}`` is solved in rational arithmetic, feasible solutions are
the vertices (with their exact label sets), and the extreme equilibria are the
completely labelled pairs of nonzero vertices (von Stengel 2007, thm. 3.4).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations


def _solve(rows, rhs):
    """Unique solution of a square rational system, or None (plain Gauss-Jordan)."""
    k = len(rhs)
    M = [list(r) + [b] for r, b in zip(rows, rhs)]
    for c in range(k):
        p = next((r for r in range(c, k) if M[r][c] != 0), None)
        if p is None:
            return None
        M[c], M[p] = M[p], M[c]
        M[c] = [v / M[c][c] for v in M[c]]
        for r in range(k):
            if r != c:
                M[r] = [a - M[r][c] * b for a, b in zip(M[r], M[c])]
    return [M[r][k] for r in range(k)]


def vertices(C):
    """Nonzero vertices of {z >= 0, C z <= 1} with their (zero, tight) label sets."""
    r, d = len(C), len(C[0])
    constraints = [([Fraction(int(i == t)) for t in range(d)], Fraction(0)) for i in range(d)]
    constraints += [(list(C[j]), Fraction(1)) for j in range(r)]
    out = {}
    for T in combinations(range(d + r), d):
        z = _solve([constraints[t][0] for t in T], [constraints[t][1] for t in T])
        if z is None or any(v < 0 for v in z) or all(v == 0 for v in z):
            continue
        cz = [sum(a * b for a, b in zip(C[j], z)) for j in range(r)]
        if any(v > 1 for v in cz):
            continue
        out[tuple(z)] = ({i for i in range(d) if z[i] == 0}, {j for j in range(r) if cz[j] == 1})
    return out


def extreme_equilibria(A, B):
    """Set of ((x...), (y...)) Fraction tuples: every extreme equilibrium of (A, B)."""
    A = [[Fraction(v) for v in row] for row in A]
    B = [[Fraction(v) for v in row] for row in B]
    m, n = len(A), len(A[0])
    shift = 1 - min(min(min(r) for r in A), min(min(r) for r in B))
    Ap = [[v + shift for v in row] for row in A]
    BTp = [[B[i][j] + shift for i in range(m)] for j in range(n)]
    P, Q = vertices(BTp), vertices(Ap)
    result = set()
    for x, (xz, xt) in P.items():
        for y, (yz, yt) in Q.items():
            if xz | yt == set(range(m)) and xt | yz == set(range(n)):
                sx, sy = sum(x), sum(y)
                result.add((tuple(v / sx for v in x), tuple(v / sy for v in y)))
    return result
