"""Lemke-Howson with exact integer pivoting."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.errors import UserInputError
from gametheory.games.bimatrix import bimatrix_equilibria, is_equilibrium
from gametheory.games.lemke_howson import lemke_howson

VS_A, VS_B = [[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]


@pytest.mark.parametrize("label, x, y", [
    # von Stengel's nondegenerate 3x2 example; nashpy 0.0.43's lemke_howson agrees on every label
    pytest.param(0, (1, 0, 0), (1, 0), id="label-0"),
    pytest.param(1, (0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)), id="label-1"),
    pytest.param(2, (1, 0, 0), (1, 0), id="label-2"),
    pytest.param(3, (1, 0, 0), (1, 0), id="label-3"),
    pytest.param(4, (0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)), id="label-4"),
])
def test_von_stengel_example(label, x, y):
    result = lemke_howson(VS_A, VS_B, label)
    assert result.exact
    assert tuple(result.equilibrium[0]) == tuple(map(F, x))
    assert tuple(result.equilibrium[1]) == tuple(map(F, y))


def test_matching_pennies():
    result = lemke_howson([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert [tuple(v) for v in result.equilibrium] == [(F(1, 2), F(1, 2))] * 2


def test_float_mode_no_overflow_on_large_game():
    rng = np.random.default_rng(7)
    A, B = rng.normal(size=(25, 25)) * 1e6, rng.normal(size=(25, 25)) * 1e-6
    result = lemke_howson(A, B, 0)
    x, y = result.equilibrium
    assert not result.exact and np.all(np.isfinite(x)) and np.all(np.isfinite(y))
    assert is_equilibrium(A, B, x, y, tol=1e-9)


def test_bad_label():
    with pytest.raises(UserInputError, match="initial_label"):
        lemke_howson(VS_A, VS_B, 5)


@settings(max_examples=40, deadline=None)
@given(st.tuples(st.integers(1, 4), st.integers(1, 4), st.sampled_from([(0, 2), (-9, 9)])).flatmap(
    lambda s: st.tuples(*(st.lists(st.lists(st.integers(*s[2]), min_size=s[1], max_size=s[1]),
                                   min_size=s[0], max_size=s[0]) for _ in "AB"))))
def test_every_label_ends_at_an_extreme_equilibrium(game):
    A, B = game
    extreme = {(tuple(x), tuple(y)) for x, y in bimatrix_equilibria(A, B).equilibria}
    for label in range(len(A) + len(A[0])):
        x, y = lemke_howson(A, B, label).equilibrium
        assert (tuple(x), tuple(y)) in extreme
