"""The public facade gametheory.nash: methods, zero-sum default, games as input, results, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

import gametheory.nash as nash
from gametheory.errors import UserInputError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
VS_A, VS_B = [[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]  # von Stengel's degenerate 3x2 game


def _profiles(result):
    return [(list(x), list(y)) for x, y in result.equilibria]


def test_b_none_is_the_zero_sum_game():
    A = [[3, -1, 2], [-2, 4, 0]]
    assert _profiles(nash.equilibria(A)) == _profiles(nash.equilibria(A, [[-v for v in row] for row in A]))
    (x, y), = nash.equilibria(A).equilibria  # the minimax strategies; the value of the game is 1
    assert list(x) == [F(3, 5), F(2, 5)] and list(y) == [F(1, 2), F(1, 2), 0]
    assert [sum(a * p for a, p in zip(col, x)) for col in zip(*A)] == [1, 1, F(6, 5)]  # column 3 costs more
    floats = nash.equilibria(np.array(A, dtype=float))
    assert not floats.exact and np.allclose(floats.equilibria[0][1], [1 / 2, 1 / 2, 0])


def test_a_two_player_game_keeps_its_names():
    game = nash.read_nfg(EXAMPLES / "von_stengel_degenerate.nfg")
    result = nash.equilibria(game)
    assert result.players == ("Row", "Column") and result.strategies == (("T", "M", "B"), ("l", "r"))
    assert result.title == "von Stengel (2007), degenerate 3x2 game"
    assert _profiles(result) == _profiles(nash.equilibria(VS_A, VS_B))
    with pytest.raises(UserInputError, match="not both"):
        nash.equilibria(game, VS_B)


def test_three_players_point_to_pure_equilibria():
    game = nash.read_nfg(EXAMPLES / "coordination3.nfg")
    with pytest.raises(UserInputError, match="pure_equilibria"):
        nash.equilibria(game)
    result = nash.pure_equilibria(game)
    assert result.equilibria == ((0, 0, 0), (1, 1, 1)) and repr(result) == "PureEquilibria(exact=True, n=2)"
    assert result.as_dict()["equilibria"] == [[["1", "0"]] * 3, [["0", "1"]] * 3]
    assert nash.pure_equilibria(game, exact=False).as_dict()["equilibria"] == [[[1.0, 0.0]] * 3, [[0.0, 1.0]] * 3]


def test_lemke_howson_method_finds_extreme_equilibria_from_every_label():
    rng = np.random.default_rng(11)
    A, B = rng.integers(0, 20, (5, 4)), rng.integers(0, 20, (5, 4))
    every = {(tuple(x), tuple(y)) for x, y in nash.equilibria(A, B).equilibria}
    result = nash.equilibria(A, B, method="lemke-howson")
    assert result.algorithm == "lemke-howson" and not result.complete and result.components is None
    assert {(tuple(x), tuple(y)) for x, y in result.equilibria} <= every
    assert sorted(lab for labs in result.labels for lab in labs) == list(range(9))  # each label ends somewhere
    for labs, (x, y) in zip(result.labels, result.equilibria):
        for lab in labs:
            assert [list(v) for v in nash.lemke_howson(A, B, lab).equilibrium] == [list(x), list(y)]
    one = nash.equilibria(A, B, method="lemke-howson", label=3)
    assert one.n == 1 and one.labels == ((3,),)
    data = result.as_dict()
    assert data["components"] is None and data["complete"] is False and len(data["labels"]) == result.n


def test_lemke_howson_single_label_and_zero_sum():
    r = nash.lemke_howson([[1, -1], [-1, 1]])
    assert [list(v) for v in r.equilibrium] == [[F(1, 2), F(1, 2)]] * 2
    assert r.as_dict()["equilibrium"] == [["1/2", "1/2"], ["1/2", "1/2"]]
    assert repr(r) == "LemkeHowsonResult(initial_label=0, pivots=4, exact=True)"
    with pytest.raises(UserInputError, match="initial_label"):
        nash.lemke_howson([[1, -1], [-1, 1]], label=4)


def test_support_method_is_nashpy_verified_and_float_only():
    result = nash.equilibria(VS_A, VS_B, method="support")
    assert result.algorithm == "support" and not result.exact and not result.complete
    for x, y in result.equilibria:
        assert nash.is_equilibrium(VS_A, VS_B, x, y, tol=1e-9)
    with pytest.raises(UserInputError, match="floating point only"):
        nash.equilibria(VS_A, VS_B, method="support", exact=True)


@pytest.mark.parametrize("kwargs, message", [
    pytest.param({"method": "reverse-search"}, "unknown method", id="method"),
    pytest.param({"label": 1}, "label applies to", id="label-without-lh"),
    pytest.param({"tol": float("nan")}, "finite", id="nan-tol"),
    pytest.param({"tol": -1e-9}, ">= 0", id="negative-tol"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(UserInputError, match=message):
        nash.equilibria(VS_A, VS_B, **kwargs)


def test_result_json_is_what_the_command_prints():
    result = nash.equilibria(nash.read_nfg(EXAMPLES / "von_stengel_degenerate.nfg"))
    out = subprocess.run([sys.executable, "-m", "gametheory", "nash", str(EXAMPLES / "von_stengel_degenerate.nfg"),
                          "--json"], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == result.as_dict()


def test_import_is_light(fresh_python):
    code = ("import sys, gametheory.nash as nash; heavy = [m for m in ('numpy', 'scipy', 'sympy', 'nashpy') "
            "if m in sys.modules]; print(heavy); nash.equilibria([[1, 0], [0, 1]]); print('sympy' in sys.modules)")
    r = fresh_python(code)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.split("\n")[:2] == ["[]", "False"]


def test_lazy_names():
    assert nash.NormalFormGame.__name__ == "NormalFormGame"
    assert nash.regret([[[1, 0], [0, 1]], [[1, 0], [0, 1]]], [0, 0]) == 0
    assert "write_nfg" in dir(nash)
    with pytest.raises(AttributeError):
        nash.no_such_function
