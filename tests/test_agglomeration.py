"""The agglomeration game: docs/model.md's checked values exactly, and cross-checks of every method."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.errors import DomainError, UserInputError
from gametheory.games.bimatrix import bimatrix_equilibria
from gametheory.game import AgglomerationGame
from gametheory.analysis.incentives import exact_value
from gametheory.models.agglomeration import RESOURCE

from .strategies import brute_force_is_equilibrium, brute_force_payoff, model_params

F = Fraction


def test_checked_values_N2():
    g = AgglomerationGame(2)
    M, Mt = g.bimatrix()
    assert M.tolist() == [[F(2833, 225), F(5701, 450)], [F(2417, 225), F(5849, 450)]]
    assert g.pure_equilibria() == [0, 2]
    (m,) = g.mixed_equilibria()
    assert m.exact == 37 and False or str(m.exact) == "37/245"
    assert m.p == pytest.approx(37 / 245, abs=1e-15)
    eqs = bimatrix_equilibria(M, Mt, exact=True).equilibria
    profiles = sorted((tuple(x), tuple(y)) for x, y in eqs)
    assert profiles == sorted([((F(1), F(0)), (F(1), F(0))), ((F(0), F(1)), (F(0), F(1))),
                               ((F(37, 245), F(208, 245)), (F(37, 245), F(208, 245)))])


def test_checked_values_N20():
    g = AgglomerationGame(20)
    assert g.payoff_A(20) == F(2833, 11025)
    assert g.payoff_B(19) == F(64, 441)
    assert g.pure_equilibria() == [5, 20]
    ps = [m.p for m in g.mixed_equilibria()]
    assert ps == pytest.approx([0.288956, 0.875354], abs=5e-7)
    # the certified float solver finds the same roots
    assert [m.p for m in g.anonymous_game().mixed_equilibria(exact=False)] == pytest.approx(ps, abs=1e-10)
    assert [m.stable for m in g.mixed_equilibria()] == [True, False]


def test_domain_errors_name_the_parameters():
    with pytest.raises(DomainError, match="c - e - gamma_A"):
        AgglomerationGame(2, RESOURCE.defaults().replace(e=2))
    with pytest.raises(DomainError, match="c \\+ tau_r - gamma_B"):
        AgglomerationGame(2, RESOURCE.defaults().replace(gamma_B=3))
    with pytest.raises(UserInputError, match="N must be at least 2"):
        AgglomerationGame(1)
    with pytest.raises(UserInputError):
        AgglomerationGame(2).payoff_A(0)


@settings(max_examples=40, deadline=None)
@given(params=model_params(), N=st.integers(2, 12))
def test_table_symbolic_vectorised_and_brute_force_agree(params, N):
    g = AgglomerationGame(N, params)
    A, B = g.payoff_table()
    fa, fb = RESOURCE.payoff_arrays(N, params.as_floats)
    for k in range(N + 1):
        # symbolic formula of the regime that holds at k equals the exact numeric payoff
        cfg = RESOURCE.symbolic(N, k, g.regime_at(k))
        locations = tuple("A" if j < k else "B" for j in range(N))
        if k >= 1:
            assert exact_value(cfg.pi["A"], params) == A[k]
            assert fa[k] == pytest.approx(float(A[k]), rel=1e-12, abs=1e-12)
            assert brute_force_payoff(N, params, locations, 0) == A[k]
        if k <= N - 1:
            assert exact_value(cfg.pi["B"], params) == B[k]
            assert fb[k] == pytest.approx(float(B[k]), rel=1e-12, abs=1e-12)
            assert brute_force_payoff(N, params, locations, N - 1) == B[k]
    assert np.isnan(fa[0]) and np.isnan(fb[N])


@settings(max_examples=40, deadline=None)
@given(params=model_params(), N=st.integers(2, 12))
def test_equilibria_survive_brute_force_deviation_check(params, N):
    g = AgglomerationGame(N, params)
    pure = g.pure_equilibria()
    assert pure, "an anonymous binary game always has a pure equilibrium"
    for k in range(N + 1):
        assert brute_force_is_equilibrium(N, params, k) == (k in pure)
    # the certified float path decides exactly: it agrees with exact arithmetic, ties included
    fa, fb = RESOURCE.payoff_arrays(N, params, certified=True)
    D = fa[1:] - fb[:-1]
    sure = (D.mid > D.rad) | (D.mid < -D.rad)
    exact_D = [g.gap(k) for k in range(1, N + 1)]
    assert all(np.sign(D.mid[i]) == np.sign(float(exact_D[i])) for i in np.flatnonzero(sure))
    assert all(D.contains(exact_D))


@settings(max_examples=40, deadline=None)
@given(params=model_params())
def test_two_firm_game_equilibria_three_ways(params):
    g = AgglomerationGame(2, params)
    M, Mt = g.bimatrix()
    eqs = bimatrix_equilibria(M, Mt, exact=True).equilibria
    pure_profiles = {(int(x[1] == 1), int(y[1] == 1)) for x, y in eqs if max(x) == 1 and max(y) == 1}
    # symmetric pure profiles of the bimatrix game <-> pure configurations n_A = 2 (both A), 0 (both B)
    from_counts = set(g.pure_equilibria())
    assert ((0, 0) in pure_profiles) == (2 in from_counts)
    assert ((1, 1) in pure_profiles) == (0 in from_counts)
    assert ((0, 1) in pure_profiles) == (1 in from_counts) == ((1, 0) in pure_profiles)
    # symmetric completely mixed equilibria <-> the anonymous game's mixed roots
    D1, D2 = g.payoff_A(1) - g.payoff_B(0), g.payoff_A(2) - g.payoff_B(1)
    sym_mixed = sorted(float(x[0]) for x, y in eqs if 0 < x[0] < 1 and x[0] == y[0])
    if D1 != 0 or D2 != 0:
        assert sym_mixed == pytest.approx([m.p for m in g.mixed_equilibria()], abs=1e-12)
    if D1 * D2 < 0:
        assert sym_mixed == [pytest.approx(float(D1 / (D1 - D2)), abs=1e-15)]


@settings(max_examples=25, deadline=None)
@given(params=model_params(corners=False))
def test_two_firm_game_nashpy_agrees_with_exact_enumeration(params):
    """nashpy (through the verified wrapper) and the exact vertex enumeration find the same equilibria."""
    from gametheory.games.bimatrix import nashpy_equilibria

    g = AgglomerationGame(2, params)
    M, Mt = g.bimatrix()
    exact = bimatrix_equilibria(M, Mt, exact=True)
    if any(len(c) > 1 for c in exact.components):
        return  # a degenerate game: nashpy is not expected to list extreme equilibria there
    ours = sorted(tuple(float(v) for v in np.concatenate(e)) for e in exact.equilibria)
    theirs = sorted(tuple(float(v) for v in np.concatenate(e)) for e in nashpy_equilibria(M.astype(float),
                                                                                          Mt.astype(float)))
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert a == pytest.approx(b, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(c=st.fractions(0, 3), e=st.fractions(0, 2), gamma_A=st.fractions(0, 2), N=st.integers(2, 30))
def test_in_domain_is_check_domain_without_the_message(c, e, gamma_A, N):
    """``in_domain`` says yes exactly where ``check_domain`` does not raise (near the edge c = e + gamma_A too)."""
    from gametheory.models.environment import ENVIRONMENT

    for model in (RESOURCE, ENVIRONMENT):
        try:
            params = model.defaults().replace(c=c, e=e, gamma_A=gamma_A)
        except UserInputError:
            continue
        try:
            model.check_domain(N, params)
            raised = False
        except DomainError:
            raised = True
        assert model.in_domain(N, params) is not raised
