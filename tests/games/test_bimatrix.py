"""Bimatrix equilibria: named textbook games, brute-force comparison, verification."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brute_force import extreme_equilibria
from gametheory.errors import UserInputError
from gametheory.games.bimatrix import bimatrix_equilibria, is_equilibrium, nashpy_equilibria
from gametheory.games.vertex_enumeration import SearchLimit


def _as_set(result):
    return {(tuple(x), tuple(y)) for x, y in result.equilibria}


def _fr(*vals):
    return tuple(F(v) for v in vals)


NAMED = [
    pytest.param([[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
                 [(_fr(F(1, 2), F(1, 2)), _fr(F(1, 2), F(1, 2)))], [(0,)], id="matching-pennies"),
    pytest.param([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                 [(_fr(1, 0), _fr(1, 0)), (_fr(F(2, 3), F(1, 3)), _fr(F(1, 3), F(2, 3))), (_fr(0, 1), _fr(0, 1))],
                 [(0,), (1,), (2,)], id="battle-of-the-sexes"),
    pytest.param([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                 [(_fr(0, 1), _fr(0, 1))], [(0,)], id="prisoners-dilemma"),
    pytest.param([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]],
                 [(_fr(1, 0, 0), _fr(1, 0)), (_fr(F(4, 5), F(1, 5), 0), _fr(F(2, 3), F(1, 3))),
                  (_fr(0, F(1, 3), F(2, 3)), _fr(F(1, 3), F(2, 3)))],
                 [(0,), (1,), (2,)], id="von-stengel-3x2-nondegenerate"),
    pytest.param([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]],
                 [(_fr(1, 0, 0), _fr(1, 0)), (_fr(1, 0, 0), _fr(F(2, 3), F(1, 3))),
                  (_fr(0, F(1, 3), F(2, 3)), _fr(F(1, 3), F(2, 3)))],
                 [(0, 1), (2,)], id="von-stengel-3x2-degenerate"),
    pytest.param([[0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0]],
                 [(_fr(1, 0), _fr(1, 0, 0)), (_fr(1, 0), _fr(0, 1, 0)), (_fr(1, 0), _fr(0, 0, 1)),
                  (_fr(0, 1), _fr(1, 0, 0)), (_fr(0, 1), _fr(0, 1, 0)), (_fr(0, 1), _fr(0, 0, 1))],
                 [(0, 1, 2, 3, 4, 5)], id="all-zero-2x3"),
    pytest.param([[2, 0], [2, 0], [0, 1]], [[1, 0], [1, 0], [0, 2]],
                 [(_fr(1, 0, 0), _fr(1, 0)), (_fr(F(2, 3), 0, F(1, 3)), _fr(F(1, 3), F(2, 3))),
                  (_fr(0, 1, 0), _fr(1, 0)), (_fr(0, F(2, 3), F(1, 3)), _fr(F(1, 3), F(2, 3))),
                  (_fr(0, 0, 1), _fr(0, 1))],
                 [(0, 2), (1, 3), (4,)], id="battle-of-the-sexes-duplicated-strategy"),
    pytest.param([["1/2", "0.25"]], [["1", "1"]],
                 [(_fr(1), _fr(1, 0)), (_fr(1), _fr(0, 1))], [(0, 1)], id="one-row-decimals-and-fractions"),
]


@pytest.mark.parametrize("A, B, expected, components", NAMED)
def test_named_games_exact(A, B, expected, components):
    result = bimatrix_equilibria(A, B)
    assert result.exact and result.tol == 0.0
    assert [(tuple(x), tuple(y)) for x, y in result.equilibria] == expected
    assert result.components == tuple(components)
    assert all(isinstance(v, F) for x, y in result.equilibria for v in (*x, *y))
    assert _as_set(result) == extreme_equilibria(A, B)


@pytest.mark.parametrize("A, B, expected, components", NAMED)
def test_named_games_float(A, B, expected, components):
    result = bimatrix_equilibria(A, B, exact=False)
    assert not result.exact and result.tol == 1e-9
    assert len(result.equilibria) == len(expected)
    for (x, y), (ex, ey) in zip(result.equilibria, expected):
        np.testing.assert_allclose(x, np.array(ex, dtype=float), atol=1e-9)
        np.testing.assert_allclose(y, np.array(ey, dtype=float), atol=1e-9)
    assert result.components == tuple(components)


def test_duplicated_strategy_nash_subsets():
    result = bimatrix_equilibria([[2, 0], [2, 0], [0, 1]], [[1, 0], [1, 0], [0, 2]])
    assert result.nash_subsets == ((0, 2), (1, 3), (4,))


def test_nash_subsets_differ_from_components():
    # Row player indifferent, column player's best reply switches at x = (1/2, 1/2):
    # two maximal Nash subsets meeting in one extreme equilibrium, one component.
    result = bimatrix_equilibria([[0, 0], [0, 0]], [[1, 0], [0, 1]])
    eqs = [(tuple(x), tuple(y)) for x, y in result.equilibria]
    assert eqs == [(_fr(1, 0), _fr(1, 0)), (_fr(F(1, 2), F(1, 2)), _fr(1, 0)),
                   (_fr(F(1, 2), F(1, 2)), _fr(0, 1)), (_fr(0, 1), _fr(0, 1))]
    assert result.components == ((0, 1, 2, 3),)
    assert result.nash_subsets == ((0, 1), (1, 2), (2, 3))


def test_exact_mode_accepts_sympy_and_fractions():
    import sympy

    result = bimatrix_equilibria([[sympy.Rational(1, 2), 0], [0, 1]], [[F(1), 0], [0, 2]])
    assert result.exact
    assert (tuple(result.equilibria[1][0]), tuple(result.equilibria[1][1])) == (_fr(F(2, 3), F(1, 3)), _fr(F(2, 3), F(1, 3)))


def test_floats_default_to_float_mode_and_exact_reads_decimals():
    A, B = [[0.1, 0.0], [0.0, 0.2]], [[0.2, 0.0], [0.0, 0.1]]
    assert not bimatrix_equilibria(A, B).exact
    exact = bimatrix_equilibria(A, B, exact=True)
    assert (tuple(exact.equilibria[1][0]), tuple(exact.equilibria[1][1])) == (_fr(F(1, 3), F(2, 3)), _fr(F(2, 3), F(1, 3)))


@pytest.mark.parametrize("A, B", [
    pytest.param([[1, 2]], [[1]], id="shape-mismatch"),
    pytest.param([[1, "x"]], [[1, 2]], id="not-a-number"),
    pytest.param([], [], id="empty"),
    pytest.param([[1.0, float("nan")]], [[1.0, 2.0]], id="nan"),
])
def test_bad_input_is_user_error(A, B):
    with pytest.raises(UserInputError):
        bimatrix_equilibria(A, B)


def test_is_equilibrium_exact_and_tolerant():
    A, B = [[1, -1], [-1, 1]], [[-1, 1], [1, -1]]
    assert is_equilibrium(A, B, [F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)])
    assert not is_equilibrium(A, B, [F(1, 2), F(1, 2)], [F(1, 2) + F(1, 10**12), F(1, 2) - F(1, 10**12)])
    assert is_equilibrium(A, B, [0.5, 0.5], [0.5 + 1e-12, 0.5 - 1e-12], tol=1e-9)
    assert not is_equilibrium(A, B, [1, 0], [1, 0])
    assert not is_equilibrium(A, B, [F(1, 2), F(1, 3)], [F(1, 2), F(1, 2)])  # not a distribution


def test_nashpy_wrapper_recovers_degenerate_example():
    eqs = nashpy_equilibria([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    assert len(eqs) == 3
    np.testing.assert_allclose(eqs[1][1], [2 / 3, 1 / 3])


def _games(values, max_size=4):
    shape = st.tuples(st.integers(1, max_size), st.integers(1, max_size))
    return shape.flatmap(lambda s: st.tuples(
        *(st.lists(st.lists(values, min_size=s[1], max_size=s[1]), min_size=s[0], max_size=s[0]) for _ in "AB")))


SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(_games(st.integers(0, 2)))
def test_ties_from_0_1_2_match_brute_force(game):
    A, B = game
    result = bimatrix_equilibria(A, B)
    assert _as_set(result) == extreme_equilibria(A, B)
    assert all(is_equilibrium(A, B, x, y) for x, y in result.equilibria)
    assert sorted(i for c in result.components for i in c) == list(range(len(result.equilibria)))
    floats = bimatrix_equilibria(A, B, exact=False)
    assert len(floats.equilibria) == len(result.equilibria)
    for (x, y), (fx, fy) in zip(result.equilibria, floats.equilibria):
        np.testing.assert_allclose(np.concatenate([x, y]).astype(float), np.concatenate([fx, fy]), atol=1e-9)
    assert floats.components == result.components


@SETTINGS
@given(_games(st.integers(-9, 9)))
def test_random_integer_games_match_brute_force(game):
    A, B = game
    result = bimatrix_equilibria(A, B)
    assert _as_set(result) == extreme_equilibria(A, B)


@SETTINGS
@given(_games(st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=32), max_size=5))
def test_float_games_every_profile_is_equilibrium(game):
    A, B = np.array(game[0], dtype=float), np.array(game[1], dtype=float)
    result = bimatrix_equilibria(A, B)
    assert result.equilibria, "every finite game has an equilibrium"
    for x, y in result.equilibria:
        assert is_equilibrium(A, B, x, y, tol=1e-9)


@settings(max_examples=30, deadline=None)
@given(_games(st.integers(-5, 5), max_size=4))
def test_nashpy_wrapper_is_verified_and_finds_our_pure_equilibria(game):
    A, B = game
    theirs = nashpy_equilibria(A, B, vertex=False)
    for x, y in theirs:
        assert is_equilibrium(A, B, x, y, tol=1e-9)
    keys = {tuple(np.round(np.concatenate([x, y]), 6)) for x, y in theirs}
    for x, y in bimatrix_equilibria(A, B).equilibria:
        if max(x) == 1 and max(y) == 1:
            assert tuple(np.concatenate([x, y]).astype(float)) in keys


def test_nashpy_wrapper_recovers_an_equilibrium_nashpy_drops():
    import nashpy

    A = np.array([[6, 3, 5], [1, 8, 4], [8, 7, 7]])
    B = np.array([[2, 7, 0], [5, 4, 9], [1, 9, 0]])
    with pytest.warns(RuntimeWarning):  # nashpy warns that the game may be degenerate
        assert list(nashpy.Game(A, B).support_enumeration()) == []  # x_0 comes out as 1.6e-17 < 0 ...
    (x, y), = nashpy_equilibria(A, B, vertex=False)  # ... and the wrapper's tolerant test keeps it
    np.testing.assert_allclose(x, [0, 9 / 14, 5 / 14], atol=1e-12)
    np.testing.assert_allclose(y, [0, 3 / 4, 1 / 4], atol=1e-12)
    assert [(list(x), list(y)) for x, y in bimatrix_equilibria(A, B).equilibria] == [
        ([0, F(9, 14), F(5, 14)], [0, F(3, 4), F(1, 4)])]


def test_float_tolerance_is_relative_to_payoff_span():
    rng = np.random.default_rng(3)
    A, B = rng.normal(size=(6, 6)) * 1e7, rng.normal(size=(6, 6)) * 1e7
    result = bimatrix_equilibria(A, B)
    assert len(result.equilibria) == len(bimatrix_equilibria(A / 1e7, B / 1e7).equilibria) > 0


def test_all_bases_refuses_large_games_and_pivoting_stops_at_max_bases():
    rng = np.random.default_rng(0)
    A, B = rng.integers(0, 9, (15, 15)), rng.integers(0, 9, (15, 15))
    with pytest.raises(UserInputError, match="lemke_howson"):
        bimatrix_equilibria(A, B, enumeration="all-bases")
    with pytest.raises(SearchLimit, match="passed 200 bases"):
        bimatrix_equilibria(A, B, max_bases=200)
    with pytest.raises(SearchLimit):
        bimatrix_equilibria(A, B, enumeration="exact-pivoting", max_bases=200)
