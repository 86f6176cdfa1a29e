"""Identified sets of a free parameter: endpoints are the symbolic thresholds, membership matches the solver."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.analysis.identification import identified_set
from gametheory.analysis.thresholds import incentive_thresholds, threshold_roots
from gametheory.game import AgglomerationGame
from gametheory.models.agglomeration import RESOURCE
from gametheory.errors import UserInputError

from .strategies import model_params


def test_traditional_cluster_in_tau_p_exact():
    s = identified_set(AgglomerationGame(2), 2, "tau_p")
    (iv,) = s.intervals
    assert (iv.lo, iv.lo_closed, iv.lo_kind) == (0.0, True, "domain")
    assert iv.hi_exact == "701/485" and iv.hi == pytest.approx(701 / 485, abs=1e-15) and iv.hi_closed
    (u,) = s.unique
    # unique once the zero-resource economy stops being an equilibrium: below its threshold in tau_p
    assert sp.simplify(sp.sympify(u.hi_exact) - (sp.Rational(63, 20) - sp.sqrt(2145) / 20)) == 0
    assert not u.hi_closed


@pytest.mark.parametrize("N,n_A,free", [(2, 0, "Delta_gamma"), (2, 2, "e"), (5, 5, "tau_r"), (20, 5, "Delta_gamma"),
                                        (3, 1, "a_B")])
def test_membership_matches_solver(N, n_A, free):
    params = RESOURCE.defaults()
    s = identified_set(AgglomerationGame(N, params), n_A, free)
    lo, hi, _, _ = RESOURCE.parameter_bounds(free, params)
    rng = np.random.default_rng(1)
    ends = [v for iv in s.intervals for v in (iv.lo, iv.hi) if v is not None]
    for v in ends:
        assert any(abs(v - t.value) < 1e-12 for k in (n_A, n_A + 1) if 1 <= k <= N
                   for t in incentive_thresholds(AgglomerationGame(N, params), k, free)) or v in (float(lo), float(hi))
    for x in list(float(lo) + float(hi - lo) * rng.uniform(1e-6, 1 - 1e-6, 25)):
        game = AgglomerationGame(N, params.replace(**{free: Fraction(x)}))
        eqs = game.pure_equilibria()
        assert any(iv.contains(x) for iv in s.intervals) == (n_A in eqs), x
        assert any(iv.contains(x) for iv in s.unique) == (eqs == [n_A]), x


def test_stable_mixed_share_value():
    s = identified_set(AgglomerationGame(20), 5, "Delta_gamma")
    (m,) = s.mixed
    game = AgglomerationGame(20, RESOURCE.defaults().replace(Delta_gamma=Fraction(m["value"])))
    roots = [e for e in game.anonymous_game().mixed_equilibria(exact=False) if abs(e.p - 0.25) < 1e-9]
    assert roots and roots[0].stable


@settings(max_examples=30, deadline=None)
@given(params=model_params(), N=st.integers(2, 40), tie=st.booleans())
def test_pure_equilibria_at_equals_the_exact_table(params, N, tie):
    """The identified sets' point test (certified balls, exact D_k where a ball holds zero) decides exactly what the
    exact payoff table decides, exact ties included: with ``tie`` the fixed cost F_A is moved onto D_N = 0 when that root is
    rational."""
    from gametheory.analysis.thresholds import closed_form
    from gametheory.models.point import ModelPoint, pure_equilibria_at

    try:
        game = ModelPoint(RESOURCE, N, params)
    except UserInputError:
        return
    if tie:
        for x, *_ in threshold_roots(game, N, "F_A"):
            root, _ = closed_form(game, N, "F_A", x)
            if root is not None and root.is_Rational:
                try:
                    game = game.replace(F_A=Fraction(int(root.p), int(root.q)))
                except UserInputError:
                    continue
                assert game.gap(N) == 0
                break
    assert pure_equilibria_at(RESOURCE, N, game.params) == game.pure_equilibria()
