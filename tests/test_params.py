from fractions import Fraction

import pytest

from gametheory.errors import UserInputError
from gametheory.models.agglomeration import RESOURCE
from gametheory.params import parse_value


@pytest.mark.parametrize("text,expected", [("1/2", Fraction(1, 2)), ("0.25", Fraction(1, 4)), ("-3", Fraction(-3)),
                                           ("1e-1", Fraction(1, 10)), (" 2 / 4 ", Fraction(1, 2))])
def test_parse_value_exact(text, expected):
    assert parse_value(text) == expected


@pytest.mark.parametrize("text", ["abc", "1/0", "", "1/2/3", "nan", "0x10"])
def test_parse_value_rejects(text):
    with pytest.raises(UserInputError):
        parse_value(text)


def test_delta_gamma_moves_gamma_B_only():
    p = RESOURCE.defaults().replace(Delta_gamma="1/2")
    assert p["gamma_A"] == Fraction(2, 5) and p["gamma_B"] == Fraction(9, 10)
    assert p.get_any("Delta_gamma") == Fraction(1, 2)


def test_conflicting_and_unknown_parameters():
    with pytest.raises(UserInputError, match="not both"):
        RESOURCE.defaults().replace(gamma_B=1, Delta_gamma=1)
    with pytest.raises(UserInputError, match="unknown parameter 'tau'"):
        RESOURCE.space.from_assignments(["tau=1"])
    with pytest.raises(UserInputError, match="more than once"):
        RESOURCE.space.from_assignments(["b=1", "b=2"])
    with pytest.raises(UserInputError, match="b must be > 0"):
        RESOURCE.space.from_assignments(["b=0"])


@pytest.mark.parametrize("text", ["1e400", "1e300", "-1e13", "1e-13", "1" * 300])
def test_parse_value_refuses_overflowing_magnitudes(text):
    with pytest.raises(UserInputError):
        parse_value(text, "a_A")


def test_a_space_of_ones_own():
    from gametheory.params import DerivedParam, ParameterSpace, ParamSpec

    space = ParameterSpace([ParamSpec("x", "x", "a value", "1/2", "positive"),
                            ParamSpec("y", "y", "another", 1, "nonnegative")],
                           [DerivedParam("gap", r"\delta", "y - x", "y", "x")])
    p = space.defaults().replace(gap="1/4")
    assert p["y"] == Fraction(3, 4) and p.get_any("gap") == Fraction(1, 4)
    with pytest.raises(UserInputError, match="sign restriction"):
        p.replace(gap=-1)
    with pytest.raises(UserInputError, match="unknown parameter 'z'"):
        space.from_assignments(["z=1"])
    v = space.grid_values(p, {"gap": [0, 1]})
    assert v["y"].tolist() == [0.5, 1.5]


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None)
@given(k=st.integers(1, 4), x=st.fractions(-3, 3, max_denominator=50), g=st.fractions(0, 1, max_denominator=50))
def test_substitute_equals_subs_on_the_model_gaps(k, x, g):
    """``substitute`` (xreplace in steps) gives exactly what sympy's ``subs`` gives, here on D_k of the
    resource game with an axis substitution (a derived parameter: gamma_B = gamma_A + theta) then fixed values."""
    import sympy as sp

    from gametheory.analysis.incentives import incentive
    from gametheory.params import substitute

    space = RESOURCE.space
    theta = sp.Symbol("theta", real=True)
    expr = incentive(RESOURCE, 4, k).expr
    fixed = {space.symbol(n): sp.Rational(v.numerator, v.denominator)
             for n, v in RESOURCE.defaults().replace(gamma_A=g).items() if n != "gamma_B"}
    axis = space.axis_substitution("Delta_gamma", theta)
    mine = substitute(expr, axis, fixed)
    theirs = expr.subs(axis).subs(fixed)
    assert sp.cancel(mine - theirs) == 0
    assert mine.free_symbols <= {theta}
    value = substitute(mine, {theta: sp.Rational(x.numerator, x.denominator)})
    assert value.is_Rational and value == theirs.subs(theta, sp.Rational(x.numerator, x.denominator))


def _rational_symbols():
    import sympy as sp

    return (*sp.symbols("x y", positive=True), sp.Symbol("z", real=True))


def _rational_functions():
    """Random ratios of polynomials in x, y (positive), z (real) with rational coefficients, built by sums,
    products, quotients and integer powers (negative ones included), nested."""
    import sympy as sp

    x, y, z = _rational_symbols()
    leaf = st.one_of(st.sampled_from([x, y, z]),
                     st.fractions(min_value=-7, max_value=7, max_denominator=6).map(
                         lambda f: sp.Rational(f.numerator, f.denominator)))

    def grow(children):
        pair = st.tuples(children, children)
        return st.one_of(pair.map(lambda t: t[0] + t[1]), pair.map(lambda t: t[0] * t[1]),
                         pair.map(lambda t: t[0] / t[1] if t[1] != 0 else t[0]),
                         st.tuples(children, st.integers(-3, 3)).map(
                             lambda t: t[0] ** t[1] if t[0] != 0 or t[1] >= 0 else t[0]))

    return st.recursive(leaf, grow, max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(expr=_rational_functions())
def test_cancel_is_sympys_cancel_on_rational_functions(expr):
    """``params.cancel`` (numerator/denominator and the ring's coprime form, without sympy's preparation of
    the expression) returns the very expression ``sympy.cancel`` returns, on random rational functions."""
    import sympy as sp

    from gametheory.params import cancel

    assert sp.srepr(cancel(expr)) == sp.srepr(sp.cancel(expr))


def _sring_fraction(expr):
    """The reference for :func:`gametheory.params.coprime_fraction`: ``sring`` on ``as_numer_denom()``."""
    import sympy as sp

    p, q = sp.sympify(expr).as_numer_denom()
    _, (F, G) = sp.sring((p, q))
    return F.cancel(G)


def _ring_elements(fraction):
    P, Q = fraction
    return P.ring.symbols, P.ring.domain, Q.ring == P.ring, dict(P), dict(Q)


def _with_cancelling_terms():
    """Random rational functions with terms that cancel only after expansion (``u*(v + 1) - u*v - u``), so that
    a symbol can vanish from the expanded numerator."""
    return st.tuples(_rational_functions(), _rational_functions(), _rational_functions()).map(
        lambda t: t[0] + (t[1] * (t[2] + 1) - t[1] * t[2] - t[1]))


@settings(max_examples=150, deadline=None)
@given(expr=st.one_of(_rational_functions(), _with_cancelling_terms()))
def test_coprime_fraction_is_srings_on_rational_functions(expr):
    """``coprime_fraction`` (numerator and denominator built by ring arithmetic) gives the very ring elements of
    the ``sring`` path: the same generators in the same order, the same domain, the same terms."""
    import sympy as sp

    from gametheory.params import coprime_fraction

    expr = sp.sympify(expr)
    mine = coprime_fraction(expr)
    if not expr.free_symbols:
        assert mine is None
    else:
        assert _ring_elements(mine) == _ring_elements(_sring_fraction(expr))


def test_coprime_fraction_edge_cases():
    """A numerator that expands to zero, a symbol that cancels, rational coefficients, an unevaluated product with
    a rational factor, and two symbols of one name: each equals the ``sring`` path."""
    import sympy as sp

    from gametheory.params import coprime_fraction

    x, y = sp.symbols("x y", positive=True)
    z = sp.Symbol("z", real=True)
    x_real = sp.Symbol("x", real=True)
    cases = [((x + 1) * y - x * y - y) / (z + 2),                  # numerator 0: the ring of z alone
             ((x + 1) * y - x * y + z) / (y + 1),                  # x cancels
             sp.Rational(1, 2) * (2 * x + 4 * y) / (z + 1),
             sp.Mul(sp.Rational(1, 3), x + y, z + 1, evaluate=False),
             (x / 3 + y) / (z / 5 + 1),
             (x + x_real) / (y + 1)]
    for e in cases:
        assert _ring_elements(coprime_fraction(e)) == _ring_elements(_sring_fraction(e))
    assert coprime_fraction(((x + 1) * y - x * y - y) / (z + 2))[0].ring.symbols == (z,)


def _sympy_terms(expr, gens):
    """The reference for :func:`gametheory.params.rational_terms`: ``Poly`` of sympy's expansion."""
    import sympy as sp

    poly = sp.expand(expr).as_poly(*gens)          # None when not a polynomial in gens
    if poly is None:
        return None
    coefficients = {m: sp.sympify(c) for m, c in poly.as_dict().items()}
    return None if not all(c.is_Rational for c in coefficients.values()) else \
        {m: Fraction(str(c)) for m, c in coefficients.items()}


@settings(max_examples=200, deadline=None)
@given(expr=st.one_of(_rational_functions(), _with_cancelling_terms()),
       order=st.permutations(["x", "y", "z"]), drop=st.integers(0, 2))
def test_rational_terms_are_sympys_terms(expr, order, drop):
    """``rational_terms`` (ring arithmetic) gives the terms of ``Poly(expand(expr), *gens)`` with rational
    coefficients, or None exactly when that is not a polynomial over QQ in ``gens`` (a symbol left out of
    ``gens``, a denominator); ``rational_poly`` is that very Poly (same domain, ZZ or QQ)."""
    import sympy as sp

    from gametheory.params import rational_poly, rational_terms

    by_name = {s.name: s for s in _rational_symbols()}
    gens = [by_name[n] for n in order][:3 - drop]
    mine = rational_terms(expr, gens)
    assert mine == _sympy_terms(expr, gens)
    if mine is not None:
        assert rational_poly(expr, gens) == sp.Poly(sp.expand(expr), *gens)
        assert rational_poly(expr, gens).domain == sp.Poly(sp.expand(expr), *gens).domain


def test_rational_terms_edge_cases():
    """Zero, a number, a product that cancels a denominator only once expanded (sympy's route), an irrational
    coefficient, a symbol outside ``gens``."""
    import sympy as sp

    from gametheory.params import rational_terms

    x, y, _ = _rational_symbols()
    assert rational_terms(sp.Integer(0), [x]) == {}
    assert rational_terms(sp.Rational(3, 4), [x, y]) == {(0, 0): Fraction(3, 4)}
    assert rational_terms((x + 1) / y - x / y - 1 / y + x, [x, y]) == {(1, 0): Fraction(1)}
    assert rational_terms(sp.sqrt(2) * x, [x]) is None
    assert rational_terms(x * y, [x]) is None
    assert rational_terms((x / 2 + 1) ** 2, [x]) == {(2,): Fraction(1, 4), (1,): Fraction(1), (0,): Fraction(1)}


def test_cancel_is_sympys_cancel_on_the_model_quantities():
    """... and on every Cournot quantity and entry slack of the resource game's regimes (N = 2, 3, 20, each k,
    each market, each set of active classes), the expressions the symbolic configurations are made of; other
    expressions (a radical) go to sympy.cancel itself."""
    import itertools

    import sympy as sp

    from gametheory.models.cournot import two_class_active
    from gametheory.params import cancel

    s = RESOURCE.space.symbols()
    for N in (2, 3, 20):
        for k in range(N + 1):
            d = RESOURCE.delivered_costs(N, k, s)
            for m in "AB":
                a = s[f"a_{m}"]
                for flags in itertools.product((True, False), repeat=2):
                    qs = two_class_active(a, s["b"], k, d[("A", m)], N - k, d[("B", m)], flags)
                    slack = d[("B", m)] - (a + k * d[("A", m)]) / (k + 1)
                    for e in (*qs, slack):
                        assert sp.srepr(cancel(e)) == sp.srepr(sp.cancel(e))
    r = (s["a_A"] - sp.sqrt(2) * s["b"]) / (2 * s["b"])
    assert cancel(r) == sp.cancel(r)
