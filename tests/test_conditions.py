import sympy as sp
import pytest

from gametheory.games.conditions import Condition, proved_sign, simplify_condition

a, b, c1, c2 = sp.symbols("a b c1 c2", positive=True)
x, y = sp.symbols("x y", real=True)
q1 = (a - 2 * c1 + c2) / (3 * b)
q2 = (a - 2 * c2 + c1) / (3 * b)


def test_cournot_difference_reduces_to_sign_of_q1_minus_q2():
    cond = simplify_condition(b * q1**2 - b * q2**2, ">=", positive=[q1, q2])
    assert cond.rel == "<=" and sp.expand(cond.expr - (c1 - c2)) == 0
    assert cond.text() == "c1 <= c2"
    # without knowing q1, q2 > 0 the product form stays
    cond = simplify_condition(b * q1**2 - b * q2**2, ">=")
    assert len(sp.Mul.make_args(cond.expr)) == 2


def test_positive_factors_removed_and_negative_flip():
    cond = simplify_condition(-3 * b * (x - y) / 7, ">=")
    assert cond.rel == "<=" and cond.expr == x - y
    assert simplify_condition(5 * b, ">").always is True
    assert simplify_condition(-5 * b, ">=").always is False


@pytest.mark.parametrize("expr,sign", [(q1 + q2, 1), (-3 * b * q1, -1), (2 * q1 + q2 + 1, 1), (q1 - q2, None),
                                       (x, None), (x**2 + 1, 1), (sp.Integer(0), 0)])
def test_proved_sign(expr, sign):
    assert proved_sign(expr, positive=[q1, q2]) == sign


def test_holds_at_exact():
    cond = Condition(x - sp.Rational(1, 3), ">=")
    assert cond.holds_at({x: sp.Rational(1, 3)}) and not cond.holds_at({x: sp.Rational(1, 4)})
    assert Condition(x, "!=").holds_at({x: 1}) and not Condition(x, "!=").holds_at({x: 0})
