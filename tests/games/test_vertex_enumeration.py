"""Vertex enumeration: float lexicographic pivoting, exact integer pivoting, all bases and brute force agree."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brute_force import vertices as brute_vertices
from gametheory.games import vertex_enumeration as ve
from gametheory.games._rational import fraction_array, integer_image, integer_rank, solve_exact, solve_integer


def _matrices(values, max_rows=5, max_cols=5):
    shape = st.tuples(st.integers(1, max_rows), st.integers(1, max_cols))
    return shape.flatmap(lambda s: st.lists(st.lists(values, min_size=s[1], max_size=s[1]),
                                            min_size=s[0], max_size=s[0]))


def _exact_vertices(Ci):
    """Brute force: {z: (zero set, tight set)} with z exact Fractions (origin excluded)."""
    rows = [[F(int(v)) for v in row] for row in Ci]
    return {z: (frozenset(zs), frozenset(ts)) for z, (zs, ts) in brute_vertices(rows).items()}


def _by_labels(V: ve.PolytopeVertices, scale: float = 1.0) -> dict:
    """{(zero set, tight set): point} (in exact arithmetic the labels determine the vertex)."""
    out = {}
    for p, z, t in zip(V.points, V.zero, V.tight):
        out.setdefault((frozenset(np.nonzero(z)[0].tolist()), frozenset(np.nonzero(t)[0].tolist())), []).append(
            p * scale)
    return out


def _brute_by_labels(Ci) -> dict:
    return {labels: [np.array([float(v) for v in z])] for z, labels in _exact_vertices(Ci).items()}


def _same(found: dict, truth: dict) -> bool:
    """The same label sets, each with one vertex at the true point (to 1e-12)."""
    return found.keys() == truth.keys() and all(
        len(found[k]) == 1 and np.allclose(found[k][0], truth[k][0], rtol=1e-9, atol=1e-12) for k in truth)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(_matrices(st.sampled_from([0, 1, 2]), 4, 5) | _matrices(st.integers(0, 99), 5, 4))
def test_three_searches_and_brute_force_find_the_same_vertices(M):
    Ci, s = integer_image(fraction_array(M))  # positive integers in [s, 2s]; Ci / s lies in [1, 2]
    Cn = Ci / s
    floats = ve.lex_search_vertices(Cn)
    exact = ve.exact_search_vertices(Ci)
    every = ve.polytope_vertices(Cn, 1e-7)
    truth = _brute_by_labels(Ci)  # vertices of {z >= 0, Ci z <= 1}: those of Cn scaled by 1/s
    assert _same(_by_labels(exact), truth)
    assert _same(_by_labels(floats, 1 / s), truth)
    # the all-bases screen keeps singular systems' solutions too (callers certify them exactly)
    every = _by_labels(every, 1 / s)
    assert _same({k: every[k] for k in truth if k in every}, truth)
    # the float and the exact search visit the same lexicographically feasible bases
    assert floats.n_bases == exact.n_bases


def test_degenerate_vertex_has_several_lexicographic_bases():
    # (1/3, 1/3) makes all three constraints tight: a degenerate vertex of the triangle-like polygon
    C = np.array([[2, 1], [1, 2], [1.5, 1.5]])
    V = ve.lex_search_vertices(C)
    assert np.allclose(sorted(map(tuple, V.points)), [(0.0, 0.5), (1 / 3, 1 / 3), (0.5, 0.0)], rtol=0, atol=1e-15)
    assert V.n_bases == 5  # the origin, one basis for each simple vertex, two for the degenerate one
    (degenerate,) = [v for v in range(len(V)) if V.tight[v].all()]
    assert len(V.bases(degenerate)) == 2
    for I, K in V.bases(degenerate):  # every basis is a nonsingular system solved by the vertex
        assert np.allclose(np.linalg.solve(C[np.ix_(K, I)], np.ones(len(K))), V.points[degenerate][list(I)])
    exact = ve.exact_search_vertices([[4, 2], [2, 4], [3, 3]])
    assert exact.n_bases == 5 and len(exact.bases(int(np.nonzero(exact.tight.all(axis=1))[0][0]))) == 2


def test_small_batches_and_resolved_tableaux_give_the_same_search(monkeypatch):
    rng = np.random.default_rng(4)
    C = rng.integers(1, 100, (8, 7)) / 100 + 1
    reference = ve.lex_search_vertices(C)
    monkeypatch.setattr(ve, "_BATCH", 300)  # a few bases per batch
    monkeypatch.setattr(ve, "_KEEP_TABLEAUX", 10)  # frontier tableaux re-solved from scratch
    again = ve.lex_search_vertices(C)
    assert again.n_bases == reference.n_bases == 94
    assert _same(_by_labels(again), _by_labels(reference))


def test_progress_and_limit():
    rng = np.random.default_rng(5)
    C = rng.integers(1, 100, (8, 8)) / 100 + 1
    calls = []
    V = ve.lex_search_vertices(C, progress=lambda *c: calls.append(c))
    assert [c[1] for c in calls] == list(range(1, len(calls) + 1))  # one call per level
    assert calls[-1][0] == V.n_bases and all(a[0] < b[0] for a, b in zip(calls, calls[1:]))
    with pytest.raises(ve.SearchLimit, match="passed 50 bases"):
        ve.lex_search_vertices(C, max_bases=50)
    Ci = integer_image(fraction_array(np.round(C * 100).astype(int)))[0]
    with pytest.raises(ve.SearchLimit):
        ve.exact_search_vertices(Ci, max_bases=50)


def test_ratio_too_close_to_call_is_ambiguous():
    # entering z_0, the ratios 1/1 and 1/(1 + 3e-12) differ by 3e-12: neither a sure tie nor a sure difference
    with pytest.raises(ve.NumericalAmbiguity, match="too close"):
        ve.lex_search_vertices(np.array([[1.0, 1.0], [1.0 + 3e-12, 1.0]]))
    # the exact search decides it: (1/(K+3), 0) and (0, 1/K), where both constraints meet
    K = 10**12
    exact = ve.exact_search_vertices(np.array([[K, K], [K + 3, K]], dtype=object))
    assert sorted(map(tuple, exact.points)) == [(0.0, 1 / K), (1 / (K + 3), 0.0)]
    assert [set(np.nonzero(t)[0]) for t in exact.tight[np.argsort(exact.points[:, 0])]] == [{0, 1}, {1}]


def test_a_wrong_pivot_is_detected(monkeypatch):
    """A float error that picks a wrong leaving row breaks the search's consistency checks."""
    original = ve._lex_rows

    def wrong(T, a, d, r):
        rows = original(T, a, d, r)
        if len(T) > 1:  # from the second level on, make one basis leave by another positive row
            f, e = 1, 0
            others = [i for i in np.nonzero(a[f, e] > 0)[0] if i != rows[f, e]]
            if others:
                rows = rows.copy()
                rows[f, e] = others[0]
        return rows

    monkeypatch.setattr(ve, "_lex_rows", wrong)
    rng = np.random.default_rng(6)
    with pytest.raises(ve.NumericalAmbiguity):
        ve.lex_search_vertices(rng.integers(1, 100, (5, 5)) / 100 + 1)


def test_searches_refuse_nonpositive_matrices():
    with pytest.raises(ValueError):
        ve.lex_search_vertices(np.array([[1.0, 0.0]]))
    with pytest.raises(ValueError):
        ve.exact_search_vertices([[1, -1]])


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6).flatmap(lambda k: st.tuples(
    st.lists(st.lists(st.integers(-4, 4), min_size=k, max_size=k), min_size=k, max_size=k),
    st.lists(st.integers(-3, 3), min_size=k, max_size=k))))
def test_solve_integer_matches_fraction_elimination(system):
    M, b = system
    expected = solve_exact(M, b)
    got = solve_integer(M, b)
    assert (got is None) == (expected is None)
    if got is not None:
        num, den = got
        assert den > 0 and [F(v, den) for v in num] == expected


@settings(max_examples=200, deadline=None)
@given(_matrices(st.integers(-3, 3), 5, 5))
def test_integer_rank_matches_fraction_rank(M):
    # rank = size of the largest nonsingular square submatrix, found by exact elimination on Fractions
    rows = [[F(v) for v in row] for row in M]
    rank = 0
    for c in range(len(rows[0])):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(rank + 1, len(rows)):
            f = rows[i][c] / rows[rank][c]
            rows[i] = [a - f * b for a, b in zip(rows[i], rows[rank])]
        rank += 1
    assert integer_rank(M) == rank


@settings(max_examples=100, deadline=None)
@given(_matrices(st.fractions(min_value=-10, max_value=10, max_denominator=12), 4, 4))
def test_integer_image_is_the_normalisation_to_1_2(M):
    A = fraction_array(M)
    Ai, s = integer_image(A)
    lo, hi = min(A.flat), max(A.flat)
    for a, i in zip(A.flat, Ai.flat):
        assert isinstance(int(i), int)
        assert F(int(i), s) == (1 if hi == lo else (a - lo) / (hi - lo) + 1)
