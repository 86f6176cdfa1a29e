import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.games.conditions import Condition, _sign_without_factoring, proved_sign, simplify_condition
from gametheory.params import coprime_fraction

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


def _swf(e, positive, nonnegative):
    """The shortcut on the ring form of ``e``, as proved_sign calls it."""
    return _sign_without_factoring(coprime_fraction(e), positive, nonnegative)


def test_sign_without_factoring_agrees_with_factoring():
    """The shortcut (number x signed monomial x one certified polynomial) proves what factoring proves, and leaves
    to factoring what needs it: a product of two certified factors."""
    from gametheory.games.conditions import _sign_of_factor

    pos = [q1, q2]
    # -7 a^2 b (q1 + q2) / (3 c1): number, positive monomial, one polynomial certified by q1, q2 > 0
    e = -7 * a**2 * b * (q1 + q2) / (3 * c1)
    assert _swf(e, pos, []) == -1 == proved_sign(e, positive=pos)
    # a monomial of unknown sign, or an unproved polynomial: no shortcut, no guess
    assert _swf(x * (q1 + q2), pos, []) is None
    assert _swf(b * (c1 - c2), pos, []) is None
    # a product whose factors are certified but not their expanded product: factoring proves it
    prod = sp.expand(9 * b**2 * (q1 + 2 * q2) * (q1 + q2))
    assert _swf(prod, pos, []) is None
    assert _sign_of_factor(sp.expand(3 * b * (q1 + 2 * q2)), pos, []) == 1 and proved_sign(prod, positive=pos) == 1
    # an even power of a negative symbol
    n = sp.Symbol("n", negative=True)
    assert _swf(-n**2 * (q1 + q2), pos, []) == -1
    assert _swf(n**3 * b, pos, []) == -1 == proved_sign(n**3 * b)


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
    quick = [conditions._sign_without_factoring(coprime_fraction(e), list(pos), []) for e in cases]
    monkeypatch.setattr(conditions, "_sign_without_factoring", lambda *args: None)
    factored = [conditions._proved_sign.__wrapped__(sp.sympify(e), pos, ()) for e in cases]
    assert all(qs is None or qs == fs for qs, fs in zip(quick, factored)), list(zip(cases, quick, factored))
    assert sum(qs is not None for qs in quick) == sum(fs is not None for fs in factored) >= 6


def _factor_path(e):
    f = sp.factor(sp.together(e))
    return None if f.is_number else tuple(sp.Mul.make_args(p) for p in sp.fraction(f))


def test_ring_factor_list_with_a_degree_one_variable():
    """P = A x + B factors as gcd(A, B) times an irreducible factor: the same list as sympy's factor_list, also when
    the gcd itself factors (recursively) and carries a sign or an integer content."""
    from gametheory.games.conditions import _ring_factor_list

    u, v, w = sp.symbols("u v w")
    cases = [(v + 1) * (u * v + 2), -6 * (v - w) ** 2 * (u * w + v), 4 * u * v + 6 * v ** 2,
             (v * w + 1) * (w + 2) * (u - 3 * v)]
    for e in cases:
        _, (P,) = sp.sring((sp.expand(e),))
        mine = _ring_factor_list(P)
        ref = P.factor_list()
        assert mine[0] == ref[0] and sorted(map(str, mine[1])) == sorted(map(str, ref[1])), e


@pytest.mark.parametrize("seed", range(4))
def test_factored_parts_match_sympy_factor(seed):
    """The ring route gives the factors sympy.factor(sympy.together(e)) gives, split the same way, on random ratios
    of products: rational and integer contents, a minus sign, one sum alone (which absorbs an integer but not a
    fraction), powers, and factors with or without a variable of degree 1."""
    import random

    from gametheory.games.conditions import _factored_parts

    rng = random.Random(seed)
    syms = sp.symbols("s0:5")

    def rand_poly(degree_one: bool):
        terms = [sp.Rational(rng.randint(-6, 6), rng.choice([1, 1, 2, 3, 20])) * rng.choice(syms)
                 * (rng.choice(syms) if not degree_one and rng.random() < 0.6 else 1) for _ in range(rng.randint(1, 4))]
        return sp.Add(*terms, sp.Rational(rng.randint(-3, 3), rng.choice([1, 5])))

    checked = 0
    for _ in range(25):
        num = sp.Mul(*[rand_poly(rng.random() < 0.5) ** rng.choice([1, 1, 2]) for _ in range(rng.randint(1, 3))])
        den = sp.Mul(*[rand_poly(True) for _ in range(rng.randint(0, 2))]) * rng.choice([1, 3, sp.Rational(1, 7)])
        e = sp.expand(num) / sp.expand(den) if rng.random() < 0.5 else num / den
        mine = _factored_parts(coprime_fraction(e))
        if mine is None:
            continue
        checked += 1
        assert mine == _factor_path(e), e
    assert checked >= 15


def test_factored_parts_on_the_model():
    """Every incentive of the resource game and the environment model (N = 2, 3) and every domain condition of their
    regimes: the same factors as sympy.factor (the conditions printed in the propositions depend on it)."""
    from gametheory.analysis.incentives import incentive
    from gametheory.games.conditions import _factored_parts
    from gametheory.models.agglomeration import RESOURCE
    from gametheory.models.environment import ENVIRONMENT

    seen = 0
    for model in (RESOURCE, ENVIRONMENT):
        for N in (2, 3):
            for k in range(1, N + 1):
                inc = incentive(model, N, k)
                for e in (inc.expr, *inc.positive, *inc.nonnegative):
                    e = sp.sympify(e)
                    mine = _factored_parts(coprime_fraction(e))
                    if mine is not None:
                        seen += 1
                        assert mine == _factor_path(e), e
    assert seen > 40


def _polynomials():
    """Random polynomials of degree <= 2 in a, b (positive), x (real) and k (a positive integer) with small integer
    coefficients."""
    k = sp.Symbol("k", integer=True, positive=True)
    monomials = [sp.Integer(1), a, b, x, k, a * b, a * x, x**2, a**2, b * k]
    return st.lists(st.integers(-4, 4), min_size=len(monomials), max_size=len(monomials)).map(
        lambda cs: sum(c * m for c, m in zip(cs, monomials)))


@settings(max_examples=120, deadline=None)
@given(expr=_polynomials(), atoms=st.lists(_polynomials(), max_size=2), strict=st.lists(st.booleans(), min_size=2,
                                                                                          max_size=2))
def test_sign_screen_changes_no_answer(expr, atoms, strict):
    """The screen that answers None when two points of the domain give opposite signs (``_takes_both_signs``)
    changes no sign ``_sign_of_factor`` proves: the answers with and without it are equal, and when it fires
    neither a certificate nor sympy's assumptions prove a sign."""
    from gametheory.games import conditions

    positive, nonnegative = [t for t, s in zip(atoms, strict) if s], [t for t, s in zip(atoms, strict) if not s]
    with_screen = conditions._sign_of_factor(expr, positive, nonnegative)
    saved = conditions._takes_both_signs
    conditions._takes_both_signs = lambda *args: False
    try:
        without = conditions._sign_of_factor(expr, positive, nonnegative)
    finally:
        conditions._takes_both_signs = saved
    assert with_screen == without
    atom_list, flags = conditions._atoms(positive, nonnegative, expr.free_symbols)
    if not expr.is_number and conditions._takes_both_signs(expr, atom_list, flags):
        assert conditions._certificate_sign(expr, atom_list, flags) is None
        assert expr.is_positive is not True and expr.is_negative is not True


def test_sign_screen_points():
    """Both signs found on a line through the domain, none on a positive polynomial or where an atom restricts
    the domain to one side; no points for a symbol no number of the pool satisfies; exact integer signs."""
    from gametheory.games.conditions import _allowed_numerators, _exact_sign_at, _takes_both_signs

    k = sp.Symbol("k", integer=True, positive=True)
    assert _takes_both_signs(a - 1, [], [])
    assert not _takes_both_signs(a + 1, [], [])
    assert not _takes_both_signs(a - 1, [a - 2], [True])          # a > 2: a - 1 > 0
    assert not _takes_both_signs(x**2 - 2 * x + 2, [], [])        # (x - 1)^2 + 1 > 0
    assert _takes_both_signs(k - sp.Rational(7, 2), [], [])
    assert _allowed_numerators(k) == tuple(range(4, 41, 4))       # k = n/4 a positive integer
    assert _allowed_numerators(sp.Symbol("i", imaginary=True)) == ()
    assert not _takes_both_signs(sp.Symbol("i", imaginary=True) - 1, [], [])
    # x^2 - 1/16 at x = 1/4 is exactly 0: the sign is 0, not a rounding's
    from gametheory.params import rational_terms
    assert _exact_sign_at(rational_terms(x**2 - sp.Rational(1, 16), [x]), [1]) == 0
    assert _exact_sign_at(rational_terms(x**2 - sp.Rational(1, 16), [x]), [-2]) == 1
