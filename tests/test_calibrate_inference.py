"""The calibration's inference: exact binomial acceptance bounds, confidence sets against brute force and closed forms,
coverage by simulation, the closest fit.

Independent computations used as references: exact rational binomial tail sums, scipy's Beta quantiles, sympy's exact
root isolation of the expected gain G(p) at exact parameter values, closed forms of a
linear coordination model, and exact payoffs on dense grids.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.analysis.identification import identified_set
from gametheory.calibrate.binomial import acceptance_interval, acceptance_probability, lower_tail, upper_tail
from gametheory.calibrate.fit import fit
from gametheory.calibrate.inference import confidence_set, mixed_scan, union
from gametheory.errors import UserInputError
from gametheory.models.expression import ExpressionModel

ALPHA = Fraction(1, 20)
N10 = 10                     # the resource game with 10 firms: a stable mixed branch for a_B in about (8.8, 14.5)


# ------------------------------------------------------------------ binomial bounds
@settings(max_examples=30, deadline=None)
@given(N=st.integers(1, 70), data=st.data(),
       alpha=st.sampled_from([Fraction(1, 100), Fraction(1, 20), Fraction(1, 10), Fraction(1, 3)]))
def test_clopper_pearson_bounds_are_bracketed_by_exact_tails(N, data, alpha):
    from scipy.stats import beta

    n = data.draw(st.integers(0, N))
    a = acceptance_interval(N, n, alpha)
    half = alpha / 2
    if n == 0:
        assert a.lo == 0.0
    else:
        lo0, lo1 = a.lo_bracket
        assert np.nextafter(lo0, 1.0) == lo1 and a.lo == lo1                 # adjacent doubles
        assert upper_tail(N, n, lo0) < half <= upper_tail(N, n, lo1)         # exact rational tails
        assert abs(a.lo - beta.ppf(float(half), n, N - n + 1)) <= 1e-12 * a.lo + 1e-300
    if n == N:
        assert a.hi == 1.0
    else:
        hi0, hi1 = a.hi_bracket
        assert np.nextafter(hi0, 1.0) == hi1 and a.hi == hi0
        assert lower_tail(N, n, hi0) >= half > lower_tail(N, n, hi1)
        assert abs(a.hi - beta.ppf(1 - float(half), n + 1, N - n)) <= 1e-12


@pytest.mark.parametrize("N", [1, 7, 90])
def test_closed_form_bounds_at_the_extremes(N):
    # n = 0: (1 - p_U)^N = alpha/2; n = N: p_L^N = alpha/2
    assert abs(acceptance_interval(N, 0).hi - (1 - 0.025 ** (1 / N))) < 4e-16
    assert abs(acceptance_interval(N, N).lo - 0.025 ** (1 / N)) < 4e-16


@settings(max_examples=25, deadline=None)
@given(N=st.integers(1, 40), num=st.integers(1, 999))
def test_the_test_has_level_alpha_at_every_p(N, num):
    """P_p(the equal-tailed test accepts) >= 1 - alpha, summed exactly at a rational p."""
    p = Fraction(num, 1000)
    assert acceptance_probability(N, p, ALPHA) >= 1 - ALPHA
    # the float interval decides like the exact tails (p is not within an ulp of a bound here)
    for n in range(N + 1):
        a = acceptance_interval(N, n, ALPHA)
        exact = upper_tail(N, n, p) >= ALPHA / 2 and lower_tail(N, n, p) >= ALPHA / 2
        assert (a.lo <= float(p) <= a.hi) == exact


def test_bad_alpha_and_counts():
    with pytest.raises(UserInputError, match="alpha must lie in"):
        acceptance_interval(10, 3, 1)
    with pytest.raises(UserInputError, match="0 <= n <= N"):
        acceptance_interval(10, 11)


def test_bernstein_isolation_finds_close_roots():
    """G(p) = (p - 3/10)(p - 301/1000)(p - 7/10) in Bernstein form: two roots 1/1000 apart, one far."""
    from gametheory.calibrate.inference import isolate_roots, restricted_sign_changes

    p = sp.Symbol("p")
    poly = sp.Poly(sp.expand((p - sp.Rational(3, 10)) * (p - sp.Rational(301, 1000)) * (p - sp.Rational(7, 10))), p)
    n = 3                                   # power -> Bernstein coefficients: b_m = sum_j C(m,j)/C(n,j) a_j
    a = [poly.coeff_monomial(p ** j) for j in range(n + 1)]
    b = np.array([float(sum(sp.binomial(m, j) / sp.binomial(n, j) * a[j] for j in range(m + 1))) for m in range(n + 1)])
    pieces = isolate_roots(b, np.zeros(n + 1), 0.0, 1.0)
    assert len(pieces) == 3
    for (lo, hi, stable), root, st_ in zip(pieces, (0.3, 0.301, 0.7), (False, True, False)):
        assert lo <= root <= hi and stable == st_
    assert restricted_sign_changes(b, np.zeros(n + 1), 0.31, 0.69) == 0      # no root there, proved
    assert restricted_sign_changes(b, np.zeros(n + 1), 0.0, 1.0) == 3


# ------------------------------------------------------- a linear model with closed forms
def coordination(N):
    """Pi_A = a + n_A/N, Pi_B = 1 + n_B/N: D_k = a - 2 + (2k - 1)/N increases in k, so no split is an equilibrium;
    the one mixed equilibrium p(a) = (N (2 - a) - 1) / (2 (N - 1)) is unstable."""
    model = ExpressionModel(name="coordination", payoff_A="a + n_A / N", payoff_B="1 + n_B / N",
                            parameters={"a": {"default": "3/2", "sign": "real"}})
    return gt.LocationGame(model, N)


@pytest.mark.parametrize("N,n", [(12, 4), (12, 9), (30, 15)])
def test_linear_model_sets_and_fit_have_their_closed_forms(N, n):
    game = coordination(N)
    cs = confidence_set(game, n, "a")
    a = cs.acceptance
    # the mixed part is {a : p(a) in [p_L, p_U]} = [2 - (2(N-1) p_U + 1)/N, 2 - (2(N-1) p_L + 1)/N]
    lo, hi = 2 - (2 * (N - 1) * a.hi + 1) / N, 2 - (2 * (N - 1) * a.lo + 1) / N
    assert not cs.identified and not cs.mixed_stable
    (iv,) = cs.intervals
    assert iv.lo_kind == iv.hi_kind == "mixed"
    for end, ref, br in ((iv.lo, lo, iv.lo_bracket), (iv.hi, hi, iv.hi_bracket)):
        assert br[0] - 1e-14 <= ref <= br[1] + 1e-14 and br[1] - br[0] <= 1e-11 and abs(end - ref) < 1e-11
    assert "unstable mixed equilibrium reaches" in iv.lo_detail
    assert confidence_set(game, n, "a", mixed="stable").intervals == ()        # the only mixed equilibrium is unstable
    # the closest fit: -D_n = D_{n+1} at a* = 2 - 2n/N, gain 1/N, exactly
    f = fit(game, n, "a")
    assert f.at_exact == (str(2 - Fraction(2 * n, N)),) and f.gain_exact == str(Fraction(1, N))
    assert f.kind == "balance" and set(f.binding) == {"A_to_B", "B_to_A"}


# ------------------------------------------- the resource game: brute force and coverage
@pytest.fixture(scope="module")
def sets10():
    """Confidence sets of a_B for every count n = 0..10 of the 10-firm resource game (defaults otherwise)."""
    game = gt.AgglomerationGame(N=N10)
    scan = mixed_scan(game, "a_B")
    out = [confidence_set(game, n, "a_B", scan=scan,
                          identified=identified_set(game, n, "a_B", mixed=False, unique=False)) for n in range(N10 + 1)]
    return game, out


def _exact_roots(game, theta: Fraction):
    """Pure equilibria at ``theta`` and the roots of G(p) = sum_m C(N-1, m) p^m (1-p)^(N-1-m) D_{m+1} in (0, 1),
    isolated exactly (sympy, rational intervals narrower than 1e-13)."""
    p = sp.Symbol("p")
    g = game.replace(a_B=theta)
    N = game.N
    expr = sum(sp.binomial(N - 1, m) * sp.Rational(g.gap(m + 1)) * p ** m * (1 - p) ** (N - 1 - m) for m in range(N))
    roots = [(Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q)))
             for (a, b), _ in sp.Poly(sp.expand(expr), p).intervals(eps=sp.Rational(1, 10**13)) if b > 0 and a < 1]
    return g.pure_equilibria(), roots


def _brute(pure, roots, n, acc) -> bool | None:
    """Membership: n is a pure equilibrium, or some root of G lies in the acceptance interval [p_L, p_U]."""
    if n in pure:
        return True
    undecided = False
    for a, b in roots:
        if a >= Fraction(acc.lo_bracket[1]) and b <= Fraction(acc.hi_bracket[0]) and a > 0 and b < 1:
            return True
        if not (b < Fraction(acc.lo_bracket[0]) or a > Fraction(acc.hi_bracket[1])):
            undecided = True
    return None if undecided else False


def test_confidence_sets_agree_with_exact_root_isolation(sets10):
    game, sets = sets10
    ends = [e for cs in sets for iv in cs.intervals for e in (iv.lo, iv.hi) if e is not None]
    thetas = [Fraction(x).limit_denominator(10**6) for x in np.linspace(5, 25, 25)]
    # and just inside / outside every end of a mixed part
    thetas += [Fraction(e + s * 1e-7) for cs in sets for iv in cs.intervals
               for e, k in ((iv.lo, iv.lo_kind), (iv.hi, iv.hi_kind)) if k == "mixed" for s in (-1, 1)]
    checked = 0
    for theta in thetas:
        pure, roots = _exact_roots(game, theta)
        for cs in sets:
            if any(abs(float(theta) - e) < 1e-9 for e in ends) or any(
                    br is not None and br[0] - 1e-12 <= float(theta) <= br[1] + 1e-12
                    for iv in cs.intervals for br in (iv.lo_bracket, iv.hi_bracket)):
                continue
            ref = _brute(pure, roots, cs.n_A, cs.acceptance)
            if ref is None:
                continue
            assert cs.contains(float(theta)) == ref, (cs.n_A, theta)
            checked += 1
    assert checked > 400


def test_pure_part_is_the_identified_set_and_union_is_the_set(sets10):
    game, sets = sets10
    for cs in sets:
        ident = identified_set(game, cs.n_A, "a_B", mixed=False, unique=False)
        assert [iv.text() for iv in cs.identified] == [iv.text() for iv in ident.intervals]
        assert cs.intervals == union(cs.identified, cs.mixed_stable, cs.mixed_unstable)
        for iv in cs.identified:                 # closed forms at the pure ends, e.g. 1339/135
            for e, k, x in ((iv.lo, iv.lo_kind, iv.lo_exact), (iv.hi, iv.hi_kind, iv.hi_exact)):
                if k == "threshold":
                    assert x is not None and abs(float(sp.sympify(x)) - e) < 1e-12
    assert [iv.text() for iv in sets[4].identified] == ["[6515473/787320, 1339/135]"]


def test_coverage_by_simulation(sets10):
    """Censuses drawn from the stable mixed equilibrium at random true values: the sets cover at least 95%."""
    from scipy.stats import binom

    game, sets = sets10
    rng = np.random.default_rng(20240613)
    hits = ident_hits = trials = 0
    for _ in range(40):
        theta0 = Fraction(float(rng.uniform(9.0, 14.0))).limit_denominator(10**6)
        stable = [m.p for m in game.replace(a_B=theta0).anonymous_game().mixed_equilibria(exact=False) if m.stable]
        assert len(stable) == 1
        p0 = stable[0]
        # exact coverage at this theta0: P(theta0 in C(n_A)), n_A ~ Bin(N, p0)
        cover = sum(math.comb(N10, n) * p0 ** n * (1 - p0) ** (N10 - n) for n in range(N10 + 1)
                    if sets[n].contains(float(theta0)))
        assert cover >= 0.95 - 1e-12, (theta0, cover)
        for n in rng.binomial(N10, p0, size=25):
            trials += 1
            hits += sets[n].contains(float(theta0))
            ident_hits += any(iv.contains(float(theta0)) for iv in sets[n].identified)
    # empirical coverage at least the 0.1% quantile of Bin(1000, 0.95)
    assert hits >= binom.ppf(0.001, trials, 0.95), hits / trials
    assert ident_hits < 0.5 * trials              # the identified set alone does not cover: the test can fail


def test_coverage_of_unstable_and_pure_equilibria(sets10):
    game, sets = sets10
    rng = np.random.default_rng(7)
    for _ in range(30):
        theta0 = Fraction(float(rng.uniform(9.0, 40.0))).limit_denominator(10**6)
        g = game.replace(a_B=theta0)
        for k in g.pure_equilibria():             # a pure equilibrium: covered with probability 1
            assert sets[k].contains(float(theta0))
        for m in g.anonymous_game().mixed_equilibria(exact=False):
            cover = sum(math.comb(N10, n) * m.p ** n * (1 - m.p) ** (N10 - n) for n in range(N10 + 1)
                        if sets[n].contains(float(theta0)))
            assert cover >= 0.95 - 1e-12
            if m.stable:   # the stable-only set (pure part and stable mixed part) covers too
                cover_s = sum(math.comb(N10, n) * m.p ** n * (1 - m.p) ** (N10 - n) for n in range(N10 + 1)
                              if any(iv.contains(float(theta0)) for iv in sets[n].identified + sets[n].mixed_stable))
                assert cover_s >= 0.95 - 1e-12


# ------------------------------------------------------------------ fit
def test_fit_is_exact_and_is_the_minimum():
    game = gt.AgglomerationGame(N=20)
    f = fit(game, 14, "a_B")
    # a balance point with a rational closed form: -D_14 = D_15 there, exactly
    theta = Fraction(224590129, 46208000)
    assert f.at_exact == (str(theta),) and f.kind == "balance"
    g = game.replace(a_B=theta)
    assert -g.gap(14) == g.gap(15) == Fraction(f.gain_exact) == Fraction(9732529, 1819440000)
    assert f.relative == pytest.approx(f.gain / f.scale, rel=1e-15)
    # brute force: the largest deviation gain on a dense grid of exact values is never below the minimum
    grid = [Fraction(x).limit_denominator(10**6) for x in np.linspace(0.5, 47.5, 120)]
    grid += [theta + Fraction(d, 10**6) for d in range(-50, 51, 5)]
    gains = []
    for x in grid:
        gx = game.replace(a_B=x)
        gains.append(max(0, -gx.gap(14), gx.gap(15)))
    assert min(gains) >= Fraction(f.gain_exact)
    assert float(min(gains)) - f.gain < 1e-6


def test_fit_at_a_closed_end_of_the_domain():
    """Delta_gamma >= -gamma_A (gamma_B >= 0): for 45 of 90 firms the gain is smallest at that end."""
    game = gt.AgglomerationGame(N=90)
    f = fit(game, 45, "Delta_gamma")
    assert f.at_exact == ("-2/5",) and f.kind == "range end" and f.attained and f.binding == ("A_to_B",)
    assert Fraction(f.gain_exact) == -game.replace(Delta_gamma=Fraction(-2, 5)).gap(45) == Fraction(43095599487,
                                                                                                   3469912072900)
