"""Regression: exact payoffs with ties must not be compared through floats."""

from fractions import Fraction

import numpy as np

from gametheory.games.bimatrix import bimatrix_equilibria
from gametheory.games.dominance import surviving_strategies


def test_exact_ties_are_not_strict_dominance():
    # with tol = 0.0, Fraction + 0.0 became a float, Fraction(1, 9) > float(1/9) is True,
    # and a tie looked like strict dominance: the equilibrium (A, A) was dropped
    M = np.array([[Fraction(1, 9), Fraction(1, 9)], [Fraction(1, 9), Fraction(4, 25)]], dtype=object)
    assert surviving_strategies((M, M.T.copy()), 0.0)[0] == ((0, 1), (0, 1))
    eqs = bimatrix_equilibria(M, M.T.copy(), exact=True).equilibria
    assert any(tuple(x) == (1, 0) and tuple(y) == (1, 0) for x, y in eqs)
    assert any(tuple(x) == (0, 1) and tuple(y) == (0, 1) for x, y in eqs)
