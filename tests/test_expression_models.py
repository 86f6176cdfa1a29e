"""Users' location games: random models of a small grammar against brute force.

A model's payoffs are random sums of terms ``coefficient * atom`` in the share of the *other*
firms co-located, ``s = (n - 1)/(N - 1)``; atoms include a Cournot-like ``1/n``, a square root and
an exponential (irrational payoffs: certified floats with an exact sympy fallback).  Brute force
evaluates the sympy expressions by direct substitution (independent of the toolkit's evaluator)
and checks every unilateral deviation.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gametheory.analysis.incentives import incentive
from gametheory.analysis.sweeps import sweep
from gametheory.errors import UserInputError
from gametheory.game import LocationGame
from gametheory.models.expression import ExpressionModel

ATOMS_RATIONAL = ["1", "S", "S**2", "1/NN", "S*(1 - S)"]
ATOMS_IRRATIONAL = ["sqrt(1 + S)", "exp(-S)"]


def _side(draw, region: str, atoms) -> str:
    """A random payoff: 1 to 3 terms ``coefficient * atom``; S is the co-located share of the others."""
    n = f"n_{region}"
    share = f"(({n} - 1)/(N - 1))"
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        coef = draw(st.sampled_from(["a", "b", "1", "2", "3/2", "-1", "-b"]))
        atom = draw(st.sampled_from(atoms)).replace("S", share).replace("NN", n)
        terms.append(f"({coef})*({atom})")
    return " + ".join(terms)


@st.composite
def random_models(draw, irrational: bool = False):
    atoms = ATOMS_RATIONAL + (ATOMS_IRRATIONAL if irrational else [])
    A = _side(draw, "A", atoms)
    B = _side(draw, "B", atoms)
    a = draw(st.integers(-20, 20).map(lambda i: Fraction(i, 10)))
    b = draw(st.integers(0, 20).map(lambda i: Fraction(i, 10)))
    params = {"a": {"default": str(a), "sign": "any"}, "b": {"default": str(b), "sign": "nonnegative"}}
    return ExpressionModel(name="random", payoff_A=A, payoff_B=B, parameters=params)


def brute_force(model: ExpressionModel, N: int, params) -> list[int]:
    """Pure equilibria by definition, payoffs by sympy substitution (exact)."""
    subs = {model.space.symbol(n): sp.Rational(v.numerator, v.denominator) for n, v in params.items()}
    N_, nA, nB = sp.Symbol("N", integer=True, positive=True), sp.Symbol("n_A", integer=True, nonnegative=True), \
        sp.Symbol("n_B", integer=True, nonnegative=True)

    def pay(region, k):
        e = model.expr_A if region == "A" else model.expr_B
        return e.subs({**subs, N_: N, nA: k, nB: N - k})

    out = []
    for k in range(N + 1):
        ok = True
        if k >= 1 and sp.simplify(pay("B", k - 1) - pay("A", k)) > 0:      # a firm in A would move to B
            ok = False
        if ok and k <= N - 1 and sp.simplify(pay("A", k + 1) - pay("B", k)) > 0:  # a firm in B would move to A
            ok = False
        if ok:
            out.append(k)
    return out


def _game(model, N):
    try:
        return LocationGame(model, N)
    except UserInputError:
        return None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=random_models(), N=st.integers(2, 9))
def test_pure_equilibria_match_brute_force(model, N):
    game = _game(model, N)
    assume(game is not None)
    assert game.pure_equilibria() == brute_force(model, N, game.params)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=random_models(irrational=True), N=st.integers(2, 6))
def test_irrational_payoffs_are_decided_exactly(model, N):
    game = _game(model, N)
    assume(game is not None)
    assert game.pure_equilibria() == brute_force(model, N, game.params)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=random_models(), N=st.integers(2, 12))
def test_mixed_equilibria_exact_against_float_certified(model, N):
    """Exact sympy roots of G(p) against the certified float roots of an independent gain table."""
    from gametheory.games.anonymous import ContinuumOfEquilibria, mixed_certified

    game = _game(model, N)
    assume(game is not None)
    try:
        exact = game.mixed()
    except ContinuumOfEquilibria:
        return
    D = [float(game.gap(k)) for k in range(1, N + 1)]
    signs = game.gap_signs
    fl = mixed_certified(np.array(D), np.abs(np.array(D)) * 2 ** -50, signs)
    simple = [r for r in exact.roots if r.multiplicity % 2 == 1]
    for r in fl.roots:               # every certified root is an exact root, with its stability
        (match,) = [e for e in simple if abs(e.p - r.p) < 1e-9]
        assert match.stable == r.stable
    if fl.complete:
        assert [r.p for r in fl.roots] == pytest.approx([r.p for r in simple], abs=1e-9)
        assert [r.stable for r in fl.roots] == [r.stable for r in simple]


@pytest.mark.parametrize("N", [1000, 10_000])
def test_large_N_model_file_against_an_independent_scan(N):
    """N up to 10,000: pure equilibria by brute-force exact signs, mixed roots against a dense scan of G."""
    from scipy.stats import binom

    game = LocationGame.from_file("examples/congestion.toml", N=N, beta="3/2", e="1/3")
    D = np.array([float(game.gap(k)) for k in range(1, N + 1)])
    exact_signs = [int(np.sign(game.gap(k))) for k in range(1, N + 1)]
    pure = [k for k in range(N + 1) if (k == 0 or exact_signs[k - 1] >= 0) and (k == N or exact_signs[k] <= 0)]
    assert game.pure_equilibria() == pure
    ps = np.linspace(1e-4, 1 - 1e-4, 20001)
    m = np.arange(N)
    G = np.array([binom.pmf(m, N - 1, p) @ D for p in ps[::20]])
    scan = [0.5 * (a + b) for a, b, ga, gb in zip(ps[::20][:-1], ps[::20][1:], G[:-1], G[1:]) if ga * gb < 0]
    got = game.mixed()
    assert got.complete
    assert [r.p for r in got.roots] == pytest.approx(scan, abs=2e-3)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=random_models(), N=st.integers(2, 6))
def test_propositions_decide_the_patterns(model, N):
    """The derived conditions D_N >= 0 and D_1 <= 0 hold exactly when the patterns are equilibria."""
    game = _game(model, N)
    assume(game is not None)
    pure = game.pure_equilibria()
    subs = game.params.subs()
    for k, rel, pattern in ((N, ">=", N), (1, "<=", 0)):
        cond = incentive(model, N, k).condition(rel)
        assert cond.holds_at(subs) == (pattern in pure)
    props = game.propositions(threshold_parameters=())
    assert props["all_A"].at_params["equilibrium"] == (N in pure)
    assert props["all_B"].at_params["equilibrium"] == (0 in pure)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=random_models(), N=st.integers(2, 7))
def test_regime_map_matches_per_point_solver(model, N):
    game = _game(model, N)
    assume(game is not None)
    sw = sweep(game, [("a", -2, 2, 7), ("b", 0, 2, 5)], mixed=False)
    for idx in np.ndindex(sw.shape):
        point = game.params.replace(a=sw.axes[0].exact_value(idx[0]), b=sw.axes[1].exact_value(idx[1]))
        assert sw.pure_at(idx) == brute_force(model, N, point), (model.text_A, model.text_B, dict(point))


def test_checked_examples_solve():
    cong = LocationGame.from_file("examples/congestion.toml", N=20)
    assert cong.pure_equilibria() == [12]
    (m,) = cong.mixed_equilibria()
    assert m.exact == sp.Rational(3, 5) and m.stable
    bert = LocationGame.from_file("examples/bertrand.toml", N=10)
    assert bert.pure_equilibria() == [6]
    assert bert.model.pattern_name(10, 10) == "resource cluster"


def test_from_expressions_and_replace():
    g = LocationGame.from_expressions(A="a - n_A / N", B="1 - n_B / N", parameters={"a": "3/2"}, N=4)
    assert g.pure_equilibria() == [3]
    assert g.replace(a=3).pure_equilibria() == [4]
    assert g.replace(N=8).N == 8 and g.replace(N=8).pure_equilibria() == [6]
