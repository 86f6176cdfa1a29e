"""Anonymous binary-choice games: pure equilibria by counts, mixed roots exact and float, stability."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.errors import UserInputError
from gametheory.games.anonymous import AnonymousBinaryGame

F = Fraction


def brute_force_pure(uA, uB):
    """Equilibria by checking every player's deviation in every configuration."""
    N = len(uA)
    out = []
    for k in range(N + 1):
        ok = True
        if k >= 1 and uA[k - 1] < uB[k - 1]:  # a player in A (k-1 others in A) prefers B
            ok = False
        if k <= N - 1 and uB[k] < uA[k]:      # a player in B (k others in A) prefers A
            ok = False
        if ok:
            out.append(k)
    return out


ints = st.integers(-6, 6)


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 9).flatmap(lambda n: st.tuples(st.lists(ints, min_size=n, max_size=n),
                                                     st.lists(ints, min_size=n, max_size=n))))
def test_pure_equilibria_match_brute_force_and_exist(u):
    uA, uB = u
    g = AnonymousBinaryGame(tuple(F(v) for v in uA), tuple(F(v) for v in uB))
    assert g.pure_equilibria() == brute_force_pure(uA, uB)
    assert g.pure_equilibria(), "a pure equilibrium always exists"
    assert set(g.strict_equilibria()) <= set(g.pure_equilibria())


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=2, max_size=9).filter(lambda g: any(g)))
def test_mixed_roots_exact_vs_float_vs_dense_scan(gains):
    game = AnonymousBinaryGame(tuple(F(v) for v in gains), tuple(F(0) for _ in gains))
    exact = game.mixed_equilibria(exact=True)
    G = lambda p: game.expected_gain(p)
    for m in exact:
        assert abs(G(m.p)) < 1e-9
    # a dense scan finds no sign change that the exact isolation missed
    grid = np.linspace(1e-6, 1 - 1e-6, 20001)
    vals = G(grid)
    s = np.sign(vals)
    changes = np.flatnonzero(s[:-1] * s[1:] < 0)
    for i in changes:
        assert any(grid[i] - 1e-9 <= m.p <= grid[i + 1] + 1e-9 for m in exact)
    # a root exactly on a grid point (p = 1/2 is one) is a crossing when its neighbours differ in sign
    on_grid = [i for i in np.flatnonzero(s == 0) if 0 < i < s.size - 1 and s[i - 1] * s[i + 1] < 0]
    for i in on_grid:
        assert any(abs(grid[i] - m.p) <= 1e-9 for m in exact)
    odd = [m for m in exact if m.multiplicity % 2 == 1]
    assert len(odd) == len(changes) + len(on_grid)
    # the float solver agrees with the exact one (tangencies included)
    fl = AnonymousBinaryGame(tuple(float(v) for v in gains), tuple(0.0 for _ in gains)).mixed_equilibria()
    assert [m.p for m in fl] == pytest.approx([m.p for m in exact], abs=1e-7)
    assert [m.stable for m in fl] == [m.stable for m in exact]
    # stability is "crosses from above"
    for m in exact:
        h = 1e-5
        assert m.stable == (G(m.p - h) > 0 > G(m.p + h))


def test_tangency_is_found_and_not_stable():
    # g = (1, -1, 1): G(p) = (1-2p)^2, a double root at 1/2
    for make in (F, float):
        g = AnonymousBinaryGame(tuple(make(v) for v in (1, -1, 1)), tuple(make(0) for _ in range(3)))
        (m,) = g.mixed_equilibria()
        assert m.p == pytest.approx(0.5, abs=1e-9)
        assert m.multiplicity == 2 and not m.stable


def test_coordination_game_values():
    # 2 players, u_A = (0, 2), u_B = (1, 0): pure k = 0 and 2, mixed p = 1/3 unstable
    g = AnonymousBinaryGame((F(0), F(2)), (F(1), F(0)))
    assert g.pure_equilibria() == [0, 2]
    (m,) = g.mixed_equilibria()
    assert str(m.exact) == "1/3" and not m.stable


def test_large_N_float():
    N = 10_000
    m = np.arange(N)
    g = AnonymousBinaryGame(tuple(np.sin(6 * m / N) - 0.2), tuple(np.zeros(N)))
    ps = [e.p for e in g.mixed_equilibria()]
    # G(p) ~ sin(6p) - 0.2 for large N: roots near asin(0.2)/6 and (pi - asin(0.2))/6
    assert ps == pytest.approx([np.arcsin(0.2) / 6, (np.pi - np.arcsin(0.2)) / 6], abs=2e-3)
    assert g.pure_equilibria() == [int(k) for k in np.flatnonzero(
        np.r_[True, np.sin(6 * m / N) - 0.2 >= 0] & np.r_[np.sin(6 * m / N) - 0.2 <= 0, True])]


def test_errors():
    with pytest.raises(UserInputError):
        AnonymousBinaryGame((1,), (2,))
    with pytest.raises(UserInputError):
        AnonymousBinaryGame((1, 2), (2,))
    with pytest.raises(UserInputError, match="indifferent"):
        AnonymousBinaryGame((F(1), F(1)), (F(1), F(1))).mixed_equilibria()
