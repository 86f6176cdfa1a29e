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
    nz = np.flatnonzero(vals != 0)                  # a grid point may hit a root exactly: skip zeros
    pairs = [(a, b) for a, b in zip(nz[:-1], nz[1:]) if np.sign(vals[a]) != np.sign(vals[b])]
    changes = np.array([a for a, _ in pairs], dtype=int)
    for a, b in pairs:
        assert any(grid[a] - 1e-9 <= m.p <= grid[b] + 1e-9 for m in exact)
    odd = [m for m in exact if m.multiplicity % 2 == 1]
    assert len(odd) == len(changes)
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


@pytest.mark.parametrize("n", [1, 2, 3, 20, 200, 2000, 2001, 5000])
def test_log_binomials_within_their_error_scale(n):
    """log C(n, m) from exact factorials (n <= 2,000) or scipy's gammaln (above) is within a few units of
    ``u`` times its magnitude scale (the bound of the Bernstein weights allows 16): checked against the
    logarithm of the exact integer C(n, m), and no scipy import is needed up to n = 2,000."""
    import math

    from gametheory.games import anonymous as an

    lb, mag = an._log_binomials(n), an._log_binomial_magnitudes(n)
    u = 2.0 ** -53
    for m in sorted({0, 1, n // 7, n // 3, n // 2, n - 1, n}):
        assert abs(lb[m] - math.log(math.comb(n, m))) <= 4 * u * max(mag[m], 1.0) + 2 * u * abs(lb[m]), (n, m)
    assert lb[0] == lb[n] == 0.0


def test_certified_bernstein_sums_need_no_scipy_up_to_2000_firms(fresh_python):
    """The regimes command's start-up: scipy.special (~0.1 s to import) is not loaded for N <= 2,000."""
    code = ("import sys, numpy as np\n"
            "from gametheory.games.anonymous import bernstein_ball\n"
            "bernstein_ball(np.ones(2001), None, np.linspace(0, 1, 5))\n"
            "assert 'scipy.special' not in sys.modules, 'scipy.special imported'\n")
    r = fresh_python(code)
    assert r.returncode == 0, r.stderr
