"""n-player tools: pure equilibria, iterated strict dominance, best responses, regret."""

from __future__ import annotations

from fractions import Fraction as F
from itertools import product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory.errors import UserInputError
from gametheory.games.dominance import iterated_strict_dominance
from gametheory.games.normal_form import NormalFormGame
from gametheory.games.pure import pure_equilibria
from gametheory.games.regret import best_responses, player_regrets, regret, strategy_payoffs

PD = NormalFormGame.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
BOS = NormalFormGame.bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])


def _coordination3():
    """Three players each choose 0 or 1 and get 1 when all match, else 0."""
    u = np.zeros((2, 2, 2), dtype=int)
    u[0, 0, 0] = u[1, 1, 1] = 1
    return NormalFormGame((u, u.copy(), u.copy()))


@pytest.mark.parametrize("game, expected", [
    pytest.param(PD, ((1, 1),), id="prisoners-dilemma"),
    pytest.param(BOS, ((0, 0), (1, 1)), id="battle-of-the-sexes"),
    pytest.param(NormalFormGame.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]), (), id="matching-pennies"),
    pytest.param(_coordination3(), ((0, 0, 0), (1, 1, 1)), id="three-player-coordination"),
    pytest.param(NormalFormGame((np.zeros((2, 1, 2)),) * 3), ((0, 0, 0), (0, 0, 1), (1, 0, 0), (1, 0, 1)),
                 id="all-zero-3-player-float"),
])
def test_pure_equilibria_named(game, expected):
    assert pure_equilibria(game).equilibria == expected


def _integer_games(max_players: int, high: int):
    """Games with 2..max_players players, 1..3 strategies each, integer payoffs 0..high."""
    shapes = st.integers(2, max_players).flatmap(lambda n: st.lists(st.integers(1, 3), min_size=n, max_size=n))
    return shapes.flatmap(lambda shape: st.lists(arrays(np.int64, tuple(shape), elements=st.integers(0, high)),
                                                 min_size=len(shape), max_size=len(shape)))


@settings(max_examples=40, deadline=None)
@given(_integer_games(4, 2))
def test_pure_equilibria_match_definition(payoffs):
    game = NormalFormGame(tuple(payoffs))
    brute = [s for s in product(*(range(k) for k in game.shape)) if regret(game, list(s)) == 0]
    assert list(pure_equilibria(game).equilibria) == brute


@settings(max_examples=40, deadline=None)
@given(_integer_games(3, 4))
def test_dominance_preserves_pure_equilibria(payoffs):
    game = NormalFormGame(tuple(payoffs))
    result = iterated_strict_dominance(game)
    mapped = tuple(tuple(surv[s] for surv, s in zip(result.survivors, eq))
                   for eq in pure_equilibria(result.game).equilibria)
    assert mapped == pure_equilibria(game).equilibria


def test_iterated_dominance_prisoners_dilemma():
    result = iterated_strict_dominance(PD)
    assert result.survivors == ((1,), (1,))
    assert result.eliminated == ((0, 0, ((1, 1),)), (1, 0, ((1, 1),)))


def test_iterated_dominance_needs_iteration():
    # Gibbons (1992), fig. 1.1.1: Right is dominated by Middle; then Down by Up; then Left by Middle.
    A = [[1, 1, 0], [0, 0, 2]]
    B = [[0, 2, 1], [3, 1, 0]]
    game = NormalFormGame.bimatrix(A, B, strategies=(("Up", "Down"), ("Left", "Middle", "Right")))
    result = iterated_strict_dominance(game)
    assert result.survivors == ((0,), (1,))
    assert result.eliminated == ((1, 2, ((1, 1),)), (0, 1, ((0, 1),)), (1, 0, ((1, 1),)))
    assert result.game.strategies == (("Up",), ("Middle",))


def test_mixed_dominance():
    # Row 3 is dominated by neither row 1 nor row 2, but by the mixture 1/2, 1/2 (3/2 > 1 in both columns).
    game = NormalFormGame.bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]])
    result = iterated_strict_dominance(game)
    assert result.survivors == ((0, 1), (0, 1))
    (player, strategy, mixture), = result.eliminated
    assert (player, strategy) == (0, 2)
    weights = dict(mixture)
    assert all(isinstance(p, F) for p in weights.values()) and sum(weights.values()) == 1
    assert 3 * weights[0] > 1 and 3 * weights[1] > 1  # beats row 3's payoff 1 in both columns
    assert iterated_strict_dominance(game, mixed=False).survivors == ((0, 1, 2), (0, 1))
    assert iterated_strict_dominance(NormalFormGame.bimatrix([[3.0, 0.0], [0.0, 3.0], [1.5, 1.5]],
                                                             [[1, 0], [0, 1], [0, 0]])).survivors == ((0, 1, 2), (0, 1))


def test_iterated_dominance_keeps_weakly_dominated():
    result = iterated_strict_dominance(NormalFormGame.bimatrix([[1, 1], [1, 0]], [[1, 1], [1, 1]]))
    assert result.survivors == ((0, 1), (0, 1))


def test_best_responses_and_regret_exact():
    mixed = [[F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)]]
    assert regret(BOS, mixed) == 0
    assert best_responses(BOS, 0, mixed) == (0, 1)
    assert best_responses(BOS, 1, [[1, 0], [F(1, 2), F(1, 2)]]) == (0,)
    assert player_regrets(BOS, [0, 1]) == (F(1), F(1))
    assert player_regrets(BOS, [[F(1, 2), F(1, 2)], 0]) == (F(1), F(1, 2))
    assert list(strategy_payoffs(BOS, 0, [0, [F(1, 4), F(3, 4)]])) == [F(1, 2), F(3, 4)]


def test_regret_three_players_exact():
    game = _coordination3()
    half = [F(1, 2), F(1, 2)]
    # against (1/2, 1/2) opponents each pure choice pays 1/4: no regret
    assert player_regrets(game, [half, half, half]) == (0, 0, 0)
    assert player_regrets(game, [0, 0, 1]) == (F(0), F(0), F(1))


def test_regret_float():
    assert regret(BOS, [[2 / 3, 1 / 3], [1 / 3, 2 / 3]]) == pytest.approx(0, abs=1e-12)


@pytest.mark.parametrize("profile", [
    pytest.param([0], id="too-few"),
    pytest.param([0, 2], id="index-out-of-range"),
    pytest.param([[F(1, 2), F(1, 3)], 0], id="not-a-distribution"),
    pytest.param([[1, 0, 0], 0], id="wrong-length"),
])
def test_bad_profiles(profile):
    with pytest.raises(UserInputError):
        regret(BOS, profile)
