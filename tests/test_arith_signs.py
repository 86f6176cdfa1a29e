"""``arith.exact_sign``: the sign of an exact number by interval evaluation (never a float's sign), zero by
simplification."""

from fractions import Fraction

import sympy as sp

from gametheory.arith import exact_sign


def test_exact_sign_of_rationals_and_integers():
    assert [exact_sign(x) for x in (Fraction(-1, 3), 0, 7, sp.Rational(2, 9), sp.Integer(0))] == [-1, 0, 1, 1, 0]


def test_exact_sign_of_tiny_algebraic_numbers():
    """sqrt(2) minus its 40-digit truncation is positive and about 1e-41: far below a double's resolution of
    sqrt(2), decided by evaluation at growing precision."""
    r2 = sp.sqrt(2)
    below = sp.Rational(int(sp.floor(r2 * 10**40)), 10**40)
    gap = r2 - below
    assert 0 < gap.evalf(60) < sp.Float("1e-40")
    assert exact_sign(gap) == 1 and exact_sign(-gap) == -1
    assert float(sp.sqrt(2)) - float(below) == 0.0          # what floats would conclude: a tie


def test_exact_sign_of_an_unsimplified_zero():
    zero = (sp.sqrt(2) + sp.sqrt(3)) ** 2 - 5 - 2 * sp.sqrt(6)
    assert zero != 0                                          # sympy does not see it at construction
    assert exact_sign(zero) == 0
