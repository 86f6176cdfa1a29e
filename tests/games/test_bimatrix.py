"""Bimatrix equilibria: named textbook games, brute-force comparison, verification."""

from __future__ import annotations

import json
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


# ---------------------------------------------------------------------------------------------------------
# The three vertex enumerations (lexicographic pivoting in floats, in integers, all bases) against each other


ENUMERATIONS = ("pivoting", "exact-pivoting", "all-bases")


def _same_results(results):
    first = results[0]
    for r in results[1:]:
        assert [(tuple(x), tuple(y)) for x, y in r.equilibria] == [(tuple(x), tuple(y)) for x, y in first.equilibria]
        assert r.components == first.components and r.nash_subsets == first.nash_subsets


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_games(st.sampled_from([0, 1, 2])) | _games(st.sampled_from([0, 1, 10**6 - 1, 10**6, 10**6 + 1]))
       | _games(st.integers(0, 99)))
def test_every_enumeration_matches_brute_force(game):
    A, B = game
    pivoting, exact, every = (bimatrix_equilibria(A, B, enumeration=e) for e in ENUMERATIONS)
    truth = extreme_equilibria(A, B)
    assert _as_set(pivoting) == truth
    _same_results([pivoting, exact])
    assert _as_set(every) <= truth  # the old method never returns a false profile ...
    if max(max(row) for row in A + B) < 1000:  # ... and is complete unless payoffs nearly tie (next test)
        _same_results([pivoting, every])


def test_old_all_bases_method_misses_near_ties_that_pivoting_finds():
    # vertices 1e-12 apart look alike to the old method's 1e-7 float screen: it misses 3 of the 12
    A, B = [[0, 0, 1000000], [0, 999999, 999999], [1, 0, 0]], [[0, 0, 0]] * 3
    truth = extreme_equilibria(A, B)
    assert len(truth) == 12
    for enumeration in ("auto", "pivoting", "exact-pivoting"):
        assert _as_set(bimatrix_equilibria(A, B, enumeration=enumeration)) == truth
    old = _as_set(bimatrix_equilibria(A, B, enumeration="all-bases"))
    assert old < truth and len(old) == 9


@pytest.mark.parametrize("seed, size, high", [(0, 10, 100), (1, 10, 100), (2, 8, 3), (3, 7, 100)])
def test_larger_games_three_enumerations_agree(seed, size, high):
    rng = np.random.default_rng(seed)
    A, B = rng.integers(0, high, (size, size)), rng.integers(0, high, (size, size))
    results = [bimatrix_equilibria(A, B, enumeration=e) for e in ENUMERATIONS]
    _same_results(results)
    assert "floating-point search" in bimatrix_equilibria(A, B).method  # "auto" pivots in floats at this size
    assert results[0].n >= 1 and results[0].bases < results[2].bases  # pivoting visits far fewer bases
    for x, y in results[0].equilibria:
        assert is_equilibrium(A, B, x, y)


@pytest.mark.parametrize("shape", [(2, 7), (7, 2), (3, 6)])
def test_non_square_games_match_brute_force(shape):
    rng = np.random.default_rng(sum(shape))
    A, B = rng.integers(0, 9, shape).tolist(), rng.integers(0, 9, shape).tolist()
    result = bimatrix_equilibria(A, B)
    assert _as_set(result) == extreme_equilibria(A, B) and result.n >= 1


def test_degenerate_vertex_completed_by_its_face():
    # the row player's second strategy makes three column strategies tight: its partners form a quadrilateral
    A, B = [[4, 5, 2], [7, 0, 4], [2, 7, 7]], [[7, 9, 9], [1, 1, 1], [7, 9, 9]]
    result = bimatrix_equilibria(A, B, enumeration="pivoting")
    assert "exact faces" in result.method
    assert [(list(x), list(y)) for x, y in result.equilibria][:4] == [
        ([0, 1, 0], [1, 0, 0]), ([0, 1, 0], [F(5, 8), F(3, 8), 0]),
        ([0, 1, 0], [F(29, 52), F(19, 52), F(1, 13)]), ([0, 1, 0], [F(3, 8), 0, F(5, 8)])]
    assert result.nash_subsets == ((0, 1, 2, 3), (4, 5))
    assert _as_set(result) == extreme_equilibria(A, B)


def test_pivots_too_close_to_call_fall_back_to_exact_pivoting():
    # ratios such as (K - 1)/K and K/(K + 1) differ by 1e-12 of their size: the float search gives up
    A = [[1, 1000001, 1000000], [1000001, 0, 999999], [1000001, 1000000, 999999]]
    B = [[999999, 999999, 999999], [1, 1000000, 0], [999999, 1, 1000000]]
    result = bimatrix_equilibria(A, B, enumeration="pivoting")
    assert "in exact integer arithmetic (payoffs or pivots too close to call" in result.method
    assert _as_set(result) == extreme_equilibria(A, B)


def test_payoffs_finer_than_floats_go_straight_to_exact_pivoting():
    K = 10**13  # K and K + 1 differ by 5e-14 of the range: floats would see a tie
    A = [[2 * K + 1, 0, 0, K + 1], [2 * K + 1, K, 2 * K + 1, K], [K + 1, 2 * K + 1, 2 * K + 1, K + 1],
         [2 * K + 1, K, K + 1, 2 * K + 1]]
    B = [[2 * K + 1, K, K, 0], [0, 2 * K + 1, K, 0], [2 * K + 1] * 4, [2 * K + 1, K, K + 1, 0]]
    result = bimatrix_equilibria(A, B, enumeration="pivoting")
    assert "in exact integer arithmetic (payoffs or pivots too close to call" in result.method
    assert _as_set(result) == extreme_equilibria(A, B)


def test_huge_and_tiny_exact_payoffs():
    A, B = [["1e300", "1e-300"], [0, 1]], [[2, 3], ["1e999", "-1e-999"]]
    result = bimatrix_equilibria(A, B)
    assert _as_set(result) == extreme_equilibria([[F(v) for v in row] for row in A], [[F(v) for v in row] for row in B])
    with pytest.raises(UserInputError, match="too large for floating point"):
        bimatrix_equilibria(A, B, exact=False)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_nashpy_support_enumeration_agrees_on_nondegenerate_games(seed):
    rng = np.random.default_rng(100 + seed)
    A, B = rng.normal(size=(5, 5)), rng.normal(size=(5, 5))  # nondegenerate with probability one
    ours = bimatrix_equilibria(A, B)
    theirs = nashpy_equilibria(A, B, vertex=False)
    assert len(theirs) == ours.n >= 1
    for (x, y), (u, v) in zip(ours.equilibria, theirs):
        np.testing.assert_allclose(np.concatenate([x, y]), np.concatenate([u, v]), atol=1e-9)


def test_result_reports():
    result = bimatrix_equilibria([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert repr(result) == "BimatrixEquilibria(algorithm='enumeration', exact=True, n=3)"
    data = result.as_dict()
    assert data["equilibria"] == [[["1", "0"], ["1", "0"]], [["2/3", "1/3"], ["1/3", "2/3"]], [["0", "1"], ["0", "1"]]]
    assert data["components"] == data["connected_components"] == [[0], [1], [2]]
    assert data["complete"] is True and data["algorithm"] == "enumeration" and data["bases"] == result.bases > 0
    assert json.loads(result.to_json()) == data
    text = result.to_text()
    assert text.splitlines()[0] == "bimatrix game: 3 extreme equilibria (exact rational arithmetic)"
    assert "  2  (2/3, 1/3)  (1/3, 2/3)" in text.splitlines()
    assert result._repr_markdown_() == "```text\n" + text + "\n```"
    named = result.with_names(("Her", "Him"), (("Opera", "Fight"), ("Opera", "Fight")), "Battle of the sexes")
    assert "  2  2/3*Opera + 1/3*Fight  1/3*Opera + 2/3*Fight" in named.to_text().splitlines()
    floats = bimatrix_equilibria([[2, 0], [0, 1]], [[1, 0], [0, 2]], exact=False).as_dict()
    assert floats["equilibria"][1] == [pytest.approx([2 / 3, 1 / 3]), pytest.approx([1 / 3, 2 / 3])]


def test_unknown_enumeration_and_bad_tol():
    with pytest.raises(UserInputError, match="unknown enumeration"):
        bimatrix_equilibria([[1]], [[1]], enumeration="reverse")
    for tol in (float("nan"), float("inf"), -1.0, "1e-9"):
        with pytest.raises(UserInputError, match="tol"):
            bimatrix_equilibria([[1]], [[1]], tol=tol)
