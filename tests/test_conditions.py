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


def test_sign_without_factoring_agrees_with_factoring():
    """The shortcut (number x signed monomial x one certified polynomial) proves what factoring proves, and leaves
    to factoring what needs it: a product of two certified factors."""
    from gametheory.games.conditions import _sign_of_factor, _sign_without_factoring

    pos = [q1, q2]
    # -7 a^2 b (q1 + q2) / (3 c1): number, positive monomial, one polynomial certified by q1, q2 > 0
    e = -7 * a**2 * b * (q1 + q2) / (3 * c1)
    assert _sign_without_factoring(e, pos, []) == -1 == proved_sign(e, positive=pos)
    # a monomial of unknown sign, or an unproved polynomial: no shortcut, no guess
    assert _sign_without_factoring(x * (q1 + q2), pos, []) is None
    assert _sign_without_factoring(b * (c1 - c2), pos, []) is None
    # a product whose factors are certified but not their expanded product: factoring proves it
    prod = sp.expand(9 * b**2 * (q1 + 2 * q2) * (q1 + q2))
    assert _sign_without_factoring(prod, pos, []) is None
    assert _sign_of_factor(sp.expand(3 * b * (q1 + 2 * q2)), pos, []) == 1 and proved_sign(prod, positive=pos) == 1
    # an even power of a negative symbol
    n = sp.Symbol("n", negative=True)
    assert _sign_without_factoring(-n**2 * (q1 + q2), pos, []) == -1
    assert _sign_without_factoring(n**3 * b, pos, []) == -1 == proved_sign(n**3 * b)


@pytest.mark.parametrize("seed", range(3))
def test_sign_without_factoring_matches_factor_path_on_random_products(seed, monkeypatch):
    """Random products of numbers, signed monomials and affine forms in q1, q2 (positive atoms): where the shortcut
    answers, the factor-by-factor proof (the shortcut switched off) gives the same sign; and it answers most."""
    import random

    from gametheory.games import conditions

    rng = random.Random(seed)
    pos = (q1, q2)
    cases = []
    for _ in range(12):
        low = rng.choice([0, 0, -2])         # mostly a provable sign, sometimes not
        coeffs = [sp.Rational(rng.randint(low, 5), rng.randint(1, 4)) for _ in range(3)]
        lin = rng.choice([1, -1]) * (coeffs[0] * q1 + coeffs[1] * q2 + coeffs[2] + 1)
        num = sp.Rational(rng.choice([-3, -1, 2, 5]), rng.randint(1, 9))
        cases.append(num * a ** rng.randint(0, 2) * b ** rng.randint(0, 1) * lin / c2 ** rng.randint(0, 1))
    quick = [conditions._sign_without_factoring(e, list(pos), []) for e in cases]
    monkeypatch.setattr(conditions, "_sign_without_factoring", lambda *args: None)
    factored = [conditions._proved_sign.__wrapped__(sp.sympify(e), pos, ()) for e in cases]
    assert all(qs is None or qs == fs for qs, fs in zip(quick, factored)), list(zip(cases, quick, factored))
    assert sum(qs is not None for qs in quick) == sum(fs is not None for fs in factored) >= 6
