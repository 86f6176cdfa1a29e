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


def _rational_functions():
    """Random ratios of polynomials in x, y (positive), z (real) with rational coefficients, built by sums,
    products, quotients and integer powers (negative ones included), nested."""
    import sympy as sp

    x, y = sp.symbols("x y", positive=True)
    z = sp.Symbol("z", real=True)
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
