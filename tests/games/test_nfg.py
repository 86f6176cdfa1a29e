"""Gambit .nfg files: reading both versions, round trips, clear errors for malformed files."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory.errors import UserInputError
from gametheory.games.nfg import format_nfg, parse_nfg, read_nfg, write_nfg
from gametheory.games.normal_form import NormalFormGame

# The two sample files of Gambit's documentation (Selten 1975, fig. 2).
PAYOFF_VERSION = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }
""

1 1 0 2 0 2 1 1 0 3 2 0
"""

OUTCOME_VERSION = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""

SELTEN_A = [[1, 1], [0, 0], [0, 2]]
SELTEN_B = [[1, 1], [2, 3], [2, 0]]


def _same(g: NormalFormGame, h: NormalFormGame) -> bool:
    return (g.players == h.players and g.strategies == h.strategies and g.title == h.title
            and all(np.array_equal(a, b) for a, b in zip(g.payoffs, h.payoffs)))


@pytest.mark.parametrize("text", [pytest.param(PAYOFF_VERSION, id="payoff-version"),
                                  pytest.param(OUTCOME_VERSION, id="outcome-version")])
def test_read_gambit_samples(text):
    game = parse_nfg(text)
    assert game.title == "Selten (IJGT, 75), Figure 2, normal form"
    assert game.players == ("Player 1", "Player 2")
    assert game.payoffs[0].tolist() == SELTEN_A and game.payoffs[1].tolist() == SELTEN_B
    assert all(isinstance(v, F) for v in game.payoffs[0].flat)


def test_three_players_order_and_null_outcome():
    text = """NFG 1 R "three" { "a" "b" "c" } { { "x" "y" } { "p" } { "l" "r" } } "comment"
    { { "o1" 1 2 3 } { "o2" 1/2, -0.25, 1e2 } }
    1 0 2 1
    """
    game = parse_nfg(text)
    assert game.shape == (2, 1, 2)
    # profile order: (x,p,l) (y,p,l) (x,p,r) (y,p,r)
    assert game.payoffs[0][:, 0, :].tolist() == [[1, 1 / 2], [0, 1]]
    assert game.payoffs[2][1, 0, 0] == 0 and game.payoffs[2][0, 0, 1] == F(100)
    assert game.payoffs[1][0, 0, 1] == F(-1, 4)


def _game(shape, payoffs, title='a "quoted" title'):
    return NormalFormGame(tuple(payoffs), players=tuple(f'player "{i}"' for i in range(len(shape))),
                          strategies=tuple(tuple(f"s{i}{k}" for k in range(s)) for i, s in enumerate(shape)),
                          title=title)


@settings(max_examples=40, deadline=None)
@given(data=st.lists(st.integers(1, 3), min_size=1, max_size=4).flatmap(lambda shape: st.tuples(
    st.just(tuple(shape)),
    st.lists(arrays(object, tuple(shape), elements=st.fractions(max_denominator=50)),
             min_size=len(shape), max_size=len(shape)),
    st.booleans())))
def test_round_trip(data, tmp_path_factory):
    shape, payoffs, outcomes = data
    game = _game(shape, payoffs)
    path = tmp_path_factory.mktemp("nfg") / "g.nfg"
    write_nfg(game, path, outcomes=outcomes)
    assert _same(read_nfg(path), game)
    assert _same(read_nfg(format_nfg(game, outcomes=outcomes)), game)


def test_float_payoffs_round_trip_exactly():
    game = _game((2, 2), (np.array([[0.1, 1 / 3], [2.5, -1e-20]]), np.zeros((2, 2))))
    back = read_nfg(format_nfg(game))
    assert [float(v) for v in back.payoffs[0].flat] == [0.1, 1 / 3, 2.5, -1e-20]


@pytest.mark.parametrize("text, message", [
    pytest.param("EFG 2 R", "line 1: a strategic game file starts with 'NFG'", id="not-nfg"),
    pytest.param('NFG 2 R "t" { "a" } { 1 }\n1', "line 1: only version 1", id="version"),
    pytest.param('NFG 1 R "t" { "a" "b" } { 2 2 }\n1 2 3\n4 x', "line 3: expected player 1's payoff at profile 3 of 4",
                 id="bad-number"),
    pytest.param('NFG 1 R "t" { "a" "b" } { 2 2 }\n1 2 3\n', "line 2: file ends where player 2's payoff at profile 2",
                 id="too-few-payoffs"),
    pytest.param('NFG 1 R "t" { "a" } { 1 }\n1\n2', "line 3: unexpected '2' after the 1 payoff entries",
                 id="too-many-payoffs"),
    pytest.param('NFG 1 R "t" { "a" }\n{ 0 }\n', "line 2: player 1's number of strategies must be a positive integer",
                 id="zero-strategies"),
    pytest.param('NFG 1 R "t" { }\n{ }\n', "line 1: the player list is empty", id="no-players"),
    pytest.param('NFG 1 R "t" { "a" } { { "x" } }\n{ { "" 1 } }\n\n2', "line 4: outcome number 2 of profile 1",
                 id="bad-outcome-number"),
    pytest.param('NFG 1 R "t" { "a" "b" } { 1 1 }\n{ { "" 1 } }\n1', "line 2: expected player 2's payoff in outcome 1",
                 id="short-outcome"),
    pytest.param('NFG 1 R "t" { "a" } { 1 }\n"open\n', "line 2: unterminated string", id="unterminated-string"),
])
def test_malformed_files_name_line_and_reason(text, message):
    with pytest.raises(UserInputError, match=message.replace("(", r"\(")) as info:
        parse_nfg(text)
    assert str(info.value).startswith("<nfg>, line ")


def test_missing_file_is_user_error(tmp_path):
    with pytest.raises(UserInputError, match="cannot read"):
        read_nfg(tmp_path / "missing.nfg")


def test_error_names_the_file(tmp_path):
    path = tmp_path / "bad.nfg"
    path.write_text('NFG 1 R "t" { "a" } { 1 }\n')
    with pytest.raises(UserInputError, match=r"bad\.nfg, line 1: file ends"):
        read_nfg(path)
