"""Comparative statics decided exactly: certificates, witnesses, and an independent exact derivative.

The independent reference is the model's own exact payoff table (the Cournot solver with corners,
not the symbolic formulas): within a regime ``D_k`` is a polynomial of degree at most 2 in each
parameter, so the three-point forward difference ``(-3 D(x) + 4 D(x+h) - D(x+2h)) / (2h)`` equals
``dD_k/dx`` *exactly* as long as the segment ``[x, x+2h]`` stays in the regime (checked at its
ends; the regime's domain is convex).
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory.analysis.incentives import incentive
from gametheory.analysis.statics import derivative, sensitivity_sign, statics_table
from gametheory.analysis.thresholds import incentive_thresholds
from gametheory.errors import UserInputError
from gametheory.game import AgglomerationGame, LocationGame
from gametheory.games.signs import Affine, Region, decide, motzkin_certificate
from gametheory.models.agglomeration import RESOURCE
from gametheory.params import Params

SPACE = RESOURCE.space


def gap(N, k, params):
    g = AgglomerationGame(N, params)
    return g.payoff_A(k) - g.payoff_B(k - 1)


def in_regimes(N, k, params, regimes):
    return (RESOURCE.regime_at(N, k, params), RESOURCE.regime_at(N, k - 1, params)) == regimes or (
        regimes == "interior" and RESOURCE.is_interior(RESOURCE.regime_at(N, k, params), N, k)
        and RESOURCE.is_interior(RESOURCE.regime_at(N, k - 1, params), N, k - 1))


def exact_derivative(N, k, params, par, regimes="interior", h=F(1, 10**4)):
    """dD_k/d(par) at ``params`` from the exact payoff table (None if [x, x+2h] leaves the regime)."""
    x = params.get_any(par)
    pts = [params.replace(**{par: x + i * h}) for i in range(3)]
    for p in pts:
        try:
            RESOURCE.check_domain(N, p)
        except UserInputError:
            return None
        if not in_regimes(N, k, p, regimes):
            return None
    d0, d1, d2 = (gap(N, k, p) for p in pts)
    return (-3 * d0 + 4 * d1 - d2) / (2 * h)


def point_of(witness) -> Params:
    return Params({n: F(v) for n, v in witness["point"].items()}, SPACE)


@pytest.fixture(scope="module")
def tables():
    return {N: statics_table(AgglomerationGame(N)) for N in (2, 3)}


# ------------------------------------------------------------------ the issue's counterexamples
@pytest.mark.parametrize("par,point,value", [
    ("tau_p", dict(a_A=9, a_B=6, e=0, gamma_A=F(15, 100), tau_r=F(1, 4), tau_p=F(1, 2)), F(67, 90)),
    ("a_A", dict(e=-1, gamma_A=F(1, 10), tau_r=F(1, 10), tau_p=F(1, 10)), F(-1, 3)),
])
def test_issue_counterexamples_are_both_signs(tables, par, point, value):
    p = RESOURCE.defaults().replace(**point)
    assert exact_derivative(2, 2, p, par) == value         # inside the interior regime, exactly this value
    d = tables[2][par][2]
    assert d.sign == "both" and d.how == "witnesses" and d.text == "±"
    values = [F(w["value"]) for w in d.witnesses]
    assert values[0] > 0 > values[1]
    assert d.as_dict()["sign"] == "±" and len(d.as_dict()["witnesses"]) == 2


def test_known_table_n2(tables):
    text = {par: [d.text for d in row.values()] for par, row in tables[2].items()}
    assert text == {"tau_r": ["+", "+"], "tau_p": ["±", "±"], "e": ["+", "+"], "Delta_gamma": ["-", "0"],
                    "a_A": ["±", "±"], "a_B": ["±", "±"]}
    assert tables[2]["Delta_gamma"][2].how == "identically zero"
    assert all(d.regime == "interior Cournot regime (every firm serves both markets)" for d in tables[2]["e"].values())


def test_every_witness_is_exact_and_inside_the_regime(tables):
    """Each ± entry: both points in the interior regime, the reported value is the exact derivative there."""
    n = 0
    for N, table in tables.items():
        for par, row in table.items():
            for k, d in row.items():
                if d.sign != "both":
                    continue
                signs = []
                for w in d.witnesses:
                    p = point_of(w)
                    v = exact_derivative(N, k, p, par)
                    assert v is not None, (N, k, par, w)           # inside the interior regime
                    assert v == F(w["value"]) != 0
                    signs.append(v > 0)
                    n += 1
                assert signs == [True, False]
    assert n >= 20


def test_proved_signs_have_verifiable_certificates(tables):
    """A '+' certificate ``l == sum w_i*(atom_i) [+ c]`` is an identity of affine functions, every weight
    positive and every atom a positive multiple of an atom of the regime (or a signed parameter)."""
    import re

    d = tables[2]["tau_r"][1]
    assert d.sign == 1 and d.how == "proved" and d.certificates
    syms = {str(s): s for s in SPACE.symbols().values()}
    inc = incentive(RESOURCE, 2, 1)
    atoms = [sp.fraction(sp.together(a))[0] for a in inc.positive] + \
        [s for s in syms.values() if s.is_nonnegative] + [sp.sympify(c.value) for c in RESOURCE.domain(2, syms)]
    lhs, rhs = d.certificates[0].split(" == ")
    L = sp.sympify(lhs, locals=syms)
    total = sp.Integer(0)
    for weight, body in re.findall(r"(?:([0-9/]+)\*)?\(([^()]*)\)", rhs):
        w = sp.Rational(weight or 1)
        a = sp.sympify(body, locals=syms)
        assert w > 0
        assert any((r := sp.cancel(a / atom)).is_number and r > 0 for atom in atoms), body
        total += w * a
    assert sp.expand(L - total) == 0
    # the proved factor is the derivative's numerator up to a positive constant
    num = sp.fraction(sp.together(derivative(RESOURCE, inc.expr, "tau_r")))[0]
    ratio = sp.cancel(num / L)
    assert ratio.is_number and ratio > 0


# ------------------------------------------------------------------ hypothesis: random interior points
def tenths(lo, hi):
    return st.integers(lo, hi).map(lambda i: F(i, 10))


@st.composite
def interior_points(draw):
    """Exact points with high demand (the interior regime is then common); rejection below."""
    c = draw(tenths(5, 30))
    gA, gB = draw(tenths(0, 15)), draw(tenths(0, 15))
    tr, e = draw(tenths(0, 20)), draw(tenths(-10, 10))
    if c - e - gA <= 0:
        e = c - gA - F(1, 10)
    if c + tr - gB <= 0:
        tr = gB - c + F(1, 10)
    return Params({"a_A": draw(tenths(40, 150)), "a_B": draw(tenths(40, 150)), "b": draw(tenths(2, 30)), "c": c,
                   "e": e, "tau_r": tr, "tau_p": draw(tenths(0, 30)), "gamma_A": gA, "gamma_B": gB,
                   "F_A": draw(tenths(0, 5)), "F_B": draw(tenths(0, 5))}, SPACE)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(params=interior_points(), N=st.sampled_from([2, 3]))
def test_printed_signs_hold_at_random_interior_points(tables, params, N):
    checked = 0
    for par, row in tables[N].items():
        for k, d in row.items():
            v = exact_derivative(N, k, params, par)
            if v is None:          # not in the interior regime of configurations k and k-1
                continue
            checked += 1
            if d.sign == 1:
                assert v > 0 if d.strict else v >= 0
            elif d.sign == -1:
                assert v < 0 if d.strict else v <= 0
            elif d.sign == 0:
                assert v == 0
            else:
                assert d.sign == "both"
    from hypothesis import assume
    assume(checked > 0)


# ------------------------------------------------------------------ local regimes, N = 20
def test_local_regime_signs_hold_at_the_given_point():
    game = AgglomerationGame(20)
    ks = [1, 5, 20]
    table = statics_table(game, ["tau_p", "a_B"], regimes="local", ks=ks)
    assert [table["tau_p"][k].text for k in ks] == ["+", "0", "-"]
    for par, row in table.items():
        for k, d in row.items():
            regimes = (game.regime_at(k), game.regime_at(k - 1))
            assert d.regime == incentive(RESOURCE, 20, k, regimes).describe_regimes()
            v = exact_derivative(20, k, game.params, par, regimes)
            assert v is not None
            if d.sign in (1, -1, 0):
                assert (v > 0) - (v < 0) == d.sign
            for w in d.witnesses:     # witnesses lie in the same regimes
                assert exact_derivative(20, k, point_of(w), par, regimes) == F(w["value"])


# ------------------------------------------------------------------ threshold sensitivities
def test_threshold_sensitivity_witnesses_lie_on_the_threshold_surface():
    game = AgglomerationGame(2)
    (th,) = [t for t in incentive_thresholds(game, 1, "tau_p", sensitivities=True)]
    seen = 0
    for s in th.sensitivities:
        assert s["sign"] in ("+", "-", "0", "±")
        if s["sign"] != "±":
            continue
        signs = []
        for w in s["witnesses"]:
            p = point_of(w)
            assert gap(2, 1, p) == 0                                      # on D_1 = 0
            d_theta = exact_derivative(2, 1, p, "tau_p", th.regimes)
            d_phi = exact_derivative(2, 1, p, s["parameter"], th.regimes)
            assert d_theta not in (None, 0) and d_phi is not None        # in the threshold's regime
            assert -d_phi / d_theta == F(w["value"])
            signs.append(F(w["value"]) > 0)
        assert signs == [True, False]
        seen += 1
    assert seen >= 3


def test_threshold_sensitivity_proved_sign():
    game = AgglomerationGame(2)
    (th,) = [t for t in incentive_thresholds(game, 2, "tau_p", sensitivities=True)]
    by = {s["parameter"]: s for s in th.sensitivities}
    assert {p: by[p]["sign"] for p in by} == {"tau_r": "+", "e": "+", "Delta_gamma": "0", "a_A": "+", "a_B": "±"}
    d = sensitivity_sign(game, 2, th.regimes, "tau_p", "e")
    assert d.sign == 1 and "threshold surface" in d.regime and "F_A" in d.regime


# ------------------------------------------------------------------ the engine on small problems
x, y = sp.symbols("x y", real=True)
xp = sp.Symbol("xp", positive=True)


def region(pos, non=(), ref=None):
    return Region(tuple(pos), tuple(non), ref or {x: 1, y: 1})


@pytest.mark.parametrize("expr,pos,non,sign,strict", [
    (x, [x], [], 1, True),
    (x - 1, [x], [], "both", True),
    (x * y, [x, y], [], 1, True),
    ((x - 1) * (x - 2), [x], [], "both", True),
    ((x - 1) ** 2, [x], [], 1, False),            # >= 0, zero at x = 1
    (x, [], [x], 1, False),                        # x >= 0 only: zero at x = 0
    (-(x + y) / (x * y), [x, y], [], -1, True),
    (x - y, [x - y, 1 - x], [], 1, True),
    (x * y + x, [x, y], [], 1, True),              # not affine: a Handelman certificate
    (x ** 2 - 2, [x, 3 - x], [], "both", True),    # not affine: witnesses by local search
])
def test_decide_small(expr, pos, non, sign, strict):
    d = decide(expr, region(pos, non))
    assert d.sign == sign
    if sign in (1, -1):
        assert d.strict == strict
    for w in d.witnesses:   # every witness: exact value of the expression at an exact point of the domain
        pt = {sp.Symbol(n, real=True): sp.Rational(v) for n, v in w["point"].items()}
        assert sp.sympify(expr).subs(pt) == sp.Rational(w["value"])
        assert all(sp.sympify(a).subs(pt) > 0 for a in pos) and all(sp.sympify(a).subs(pt) >= 0 for a in non)


def test_decide_empty_and_zero():
    assert decide(x, region([x, -x - 1])).sign == "empty"
    assert decide(x - x, region([x])).sign == 0
    assert decide(sp.Integer(-3), region([x])).sign == -1


def test_motzkin_certificate_exact():
    # x > 0, 1 - x > 0, x - 2 >= 0 is infeasible: 1*(1 - x) + 1*(x - 2) = -1
    A = lambda c, k: Affine((F(c),), F(k))
    y_, z_, y0 = motzkin_certificate([A(1, 0), A(-1, 1)], [A(1, -2)])
    assert sum(y_) + y0 == 1 and all(v >= 0 for v in y_ + z_ + (y0,))
    assert y_[0] * 0 + y_[1] * 1 + z_[0] * -2 == -y0            # constants
    assert y_[0] * 1 - y_[1] + z_[0] == 0                        # coefficients of x
    assert motzkin_certificate([A(1, 0)], [A(-1, 5)]) is None   # 0 < x <= 5 is feasible


def test_expression_model_statics():
    """A user's model: affine payoffs, its domain condition is an atom; signs decided or both."""
    g = LocationGame.from_expressions(A="alpha + e - beta * (n_A - 1) / (N - 1)", B="alpha - beta * (n_B - 1) / (N - 1)",
                                      parameters={"alpha": {"default": "5", "sign": "positive"},
                                                  "beta": {"default": "1", "sign": "nonnegative"},
                                                  "e": {"default": "1/5", "sign": "any"}},
                                      conditions=["alpha - beta > 0"], N=3)
    t = statics_table(g)
    assert [d.text for d in t["e"].values()] == ["+", "+", "+"]
    assert [d.text for d in t["alpha"].values()] == ["0", "0", "0"]
    # dD_k/dbeta = (N-k)-(k-1) over (N-1): + for k = 1, 0 for k = 2, - for k = 3
    assert [d.text for d in t["beta"].values()] == ["+", "0", "-"]


@settings(max_examples=6, deadline=None)
@given(params=interior_points() | st.builds(lambda p: p.replace(a_A=F(2), a_B=F(5)), interior_points()),
       N=st.sampled_from([2, 3]))
def test_local_regime_signs_at_random_points(params, N):
    """Corner regimes too: the decided sign in the regimes that hold at a point agrees with the exact derivative
    there (the point is in its own regimes), and its witnesses are exact points of those regimes."""
    try:
        game = AgglomerationGame(N, params)
    except UserInputError:
        return
    table = statics_table(game, ["tau_p", "a_A"], regimes="local")
    for par, row in table.items():
        for k, d in row.items():
            regimes = (game.regime_at(k), game.regime_at(k - 1))
            v = exact_derivative(N, k, params, par, regimes)
            assert d.sign is not None
            if v is not None and d.sign in (1, -1, 0):
                assert (v > 0) - (v < 0) == d.sign
            for w in d.witnesses:
                assert exact_derivative(N, k, point_of(w), par, regimes) == F(w["value"])


def test_expression_model_with_irrational_payoffs():
    """sqrt(n_A) makes coefficients irrational: conditions are still simplified (no rational certificate is
    sought), the statics decided, and the selection proposition (which needs rational payoffs) left out."""
    g = LocationGame.from_expressions(A="alpha*sqrt(n_A) - beta*e**2", B="alpha - beta*n_B*e",
                                      parameters={"alpha": {"default": "3", "sign": "positive"},
                                                  "beta": {"default": "1", "sign": "nonnegative"}, "e": "1/5"}, N=3)
    props = g.propositions(threshold_parameters=())
    assert props.keys == ["all_A", "all_B", "split", "regimes", "mixed", "comparative_statics"]
    table = props["comparative_statics"].table
    assert [d.text for d in table["alpha"].values()] == ["0", "+", "+"]     # (sqrt(k) - 1) alpha
    assert [d.text for d in table["e"].values()] == ["±", "±", "±"]


def test_exclusions_are_remembered_per_problem(monkeypatch):
    """A problem answers a repeated exclusion from memory (the same certificate, no second LP); other
    conditions still run the LP."""
    import gametheory.games.signs as signs

    calls = []
    real = signs.motzkin_certificate
    monkeypatch.setattr(signs, "motzkin_certificate", lambda *a: calls.append(1) or real(*a))
    prob = signs._Problem(region([x, 1 - x]))
    assert prob.variables == [x, y]
    A = lambda c, k: Affine((F(c), F(0)), F(k))
    cert = prob.exclude([(A(1, -2), ">=")])           # x >= 2 is impossible when x < 1
    assert cert is not None and len(calls) == 1
    assert prob.exclude([(A(1, -2), ">=")]) == cert and len(calls) == 1
    assert prob.exclude([(A(1, -F(1, 2)), ">=")]) is None and len(calls) == 2   # x >= 1/2 is possible
