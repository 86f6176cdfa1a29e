from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.models.cournot import cournot_quantities, interior_quantities, two_class_quantities

from .strategies import tenths


def best_response_iteration(a, b, costs, iters=20000):
    """Gauss-Seidel best responses q_i = max(0, (a - c_i - b*sum_{j!=i} q_j) / (2b)), to a fixed point."""
    q = np.zeros(len(costs))
    for _ in range(iters):
        old = q.copy()
        for i, ci in enumerate(costs):
            q[i] = max(0.0, (a - ci - b * (q.sum() - q[i])) / (2 * b))
        if np.max(np.abs(q - old)) < 1e-14:
            break
    return q


@settings(max_examples=60, deadline=None)
@given(a=tenths(1, 100), b=tenths(1, 30), costs=st.lists(tenths(1, 80), min_size=1, max_size=7))
def test_corner_solution_matches_best_response_iteration(a, b, costs):
    exact = cournot_quantities(a, b, costs)
    assert all(isinstance(q, Fraction) and q >= 0 for q in exact)
    iterated = best_response_iteration(float(a), float(b), [float(c) for c in costs])
    np.testing.assert_allclose([float(q) for q in exact], iterated, atol=1e-9)
    # and each quantity is an exact best response to the others
    Q = sum(exact)
    for qi, ci in zip(exact, costs):
        br = max(Fraction(0), (a - ci - b * (Q - qi)) / (2 * b))
        assert br == qi


@settings(max_examples=80, deadline=None)
@given(a=tenths(1, 100), b=tenths(1, 30), n1=st.integers(0, 6), n2=st.integers(0, 6),
       c1=tenths(1, 80), c2=tenths(1, 80))
def test_two_class_closed_form_equals_general_solver(a, b, n1, c1, n2, c2):
    q1, q2 = two_class_quantities(a, b, n1, c1, n2, c2)
    general = cournot_quantities(a, b, [c1] * n1 + [c2] * n2)
    if n1:
        assert q1 == general[0]
    if n2:
        assert q2 == general[n1]
    # vectorised float path gives the same numbers
    f1, f2 = two_class_quantities(np.array([float(a)]), float(b), n1, np.array([float(c1)]), n2,
                                  np.array([float(c2)]))
    if n1:
        assert f1[0] == pytest.approx(float(q1), abs=1e-12)
    if n2:
        assert f2[0] == pytest.approx(float(q2), abs=1e-12)


def test_interior_formula_symbolic():
    a, b, c1, c2, c3 = sp.symbols("a b c1 c2 c3", positive=True)
    q = interior_quantities(a, b, [c1, c2, c3])
    assert sp.simplify(q[0] - (a - 3 * c1 + c2 + c3) / (4 * b)) == 0
    # first-order condition a - b*Q - b*q_i - c_i = 0 holds for each firm
    Q = sum(q)
    for qi, ci in zip(q, [c1, c2, c3]):
        assert sp.simplify(a - b * Q - b * qi - ci) == 0


def test_known_corner():
    # a = 10, costs 2 and 9: alone the low-cost firm sets P = 6 < 9, so the other stays out
    assert cournot_quantities(Fraction(10), Fraction(1), [Fraction(2), Fraction(9)]) == [Fraction(4), Fraction(0)]
    assert cournot_quantities(Fraction(1), Fraction(1), [Fraction(2)]) == [Fraction(0)]
