"""Myopic adjustment and paths (ENVIRONMENT.md section 4): checked values, the exact tie rule, cost per move,
and agreement with an independent brute-force adjustment on random games."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.analysis.dynamics import PayoffOracle, decide
from gametheory.errors import UserInputError
from gametheory.models.agglomeration import RESOURCE
from gametheory.models.point import ModelPoint
from tests.strategies import brute_force_payoff, model_params

F = Fraction


# ------------------------------------------------------------------ brute force
def brute_adjust(A, B, N: int, k: int) -> tuple[int, list[int]]:
    """The rule of ENVIRONMENT.md section 4 written out plainly on exact payoff lists."""
    seen = [k]
    while True:
        gA = B[k - 1] - A[k] if k >= 1 else None
        gB = A[k + 1] - B[k] if k <= N - 1 else None
        a = gA is not None and gA > 0
        b = gB is not None and gB > 0
        if not a and not b:
            return k, seen
        k = k - 1 if a and (not b or gA >= gB) else k + 1
        seen.append(k)


def brute_table(N: int, params) -> tuple[list, list]:
    """Exact payoffs from the general N-firm Cournot solver (independent of the two-class formulas)."""
    A, B = [None] * (N + 1), [None] * (N + 1)
    for k in range(N + 1):
        prof = ("A",) * k + ("B",) * (N - k)
        if k >= 1:
            A[k] = brute_force_payoff(N, params, prof, 0)
        if k <= N - 1:
            B[k] = brute_force_payoff(N, params, prof, N - 1)
    return A, B


# ------------------------------------------------------------------ protocol
def test_gaps_at_configurations_in_every_arithmetic():
    import numpy as np

    from gametheory.arith import Ball

    game = gt.AgglomerationGame(N=20)
    v = dict(game.params)
    exact = [RESOURCE.gaps_at(20, F(k), v) for k in range(1, 21)]
    assert exact == [game.gap(k) for k in range(1, 21)]            # D_k = Pi_A(k) - Pi_B(k-1), exactly
    ks = np.arange(1, 21, dtype=float)
    floats = RESOURCE.gaps_at(20, ks, {n: float(x) for n, x in v.items()})
    assert np.allclose(floats, [float(d) for d in exact], rtol=1e-12, atol=1e-15)
    balls = RESOURCE.gaps_at(20, ks, {n: Ball.exact(x) for n, x in v.items()})
    assert all(balls.contains(exact))
    assert RESOURCE.gaps_window(20, 3, 7, v) == exact[2:7]                # each configuration evaluated once
    window = RESOURCE.gaps_window(20, 3, 7, {n: Ball.exact(x) for n, x in v.items()})
    assert window.shape == (5,) and all(window.contains(exact[2:7]))
    row = {n: Ball.exact(x) for n, x in v.items()}
    row["e"] = Ball(np.array([0.0, 0.2, 0.4]))                               # a row of parameter points
    grid = RESOURCE.gaps_window(20, 19, 20, row)
    assert grid.shape == (2, 3) and all(grid[:, 1].contains(exact[18:20]))
    toy = gt.LocationGame.from_expressions(A="a - n_A / N", B="1 - n_B / N", parameters={"a": "3/2"}, N=4)
    assert [toy.model.gaps_at(4, F(k), dict(toy.params)) for k in range(1, 5)] == [toy.gap(k) for k in range(1, 5)]


# ------------------------------------------------------------------ adjustment
def test_adjustment_from_the_cluster_at_e_006():
    game = gt.AgglomerationGame(N=20, e="0.06")
    adj = game.adjust()
    assert adj.start == 20 and adj.rest == 5 and adj.at_rest
    assert adj.configurations == tuple(range(20, 4, -1)) and set(adj.movers) == {"A"}
    assert all(g > 0 for g in adj.gains)                      # each move gains strictly (exact)
    gA, gB = adj.rest_gains
    assert gA == game.payoff_B(4) - game.payoff_A(5) < 0 and gB == game.payoff_A(6) - game.payoff_B(5) < 0
    assert adj.is_equilibrium and adj.strict and 5 in game.pure_equilibria()
    text = adj.to_text()
    assert "At rest at n_A = 5" in text and "pure Nash equilibrium (strict)" in text
    d = adj.as_dict()
    assert d["rest"] == 5 and d["nash_equilibrium"] is True and len(d["moves"]) == 15


def test_adjustment_at_rest_and_max_moves():
    game = gt.AgglomerationGame(N=20)
    assert game.adjust(20).moves == 0 and game.adjust(5).rest == 5       # both are equilibria at the defaults
    adj = gt.AgglomerationGame(N=20, e="0.06").adjust(20, max_moves=3)
    assert adj.configurations == (20, 19, 18, 17) and not adj.at_rest and not adj.is_equilibrium
    with pytest.raises(UserInputError, match="0 to N = 20"):
        game.adjust(21)
    with pytest.raises(UserInputError, match="max_moves"):
        game.adjust(20, max_moves=-1)


@pytest.mark.parametrize("N", [2, 4, 10])
def test_exact_tie_of_gains_the_firm_in_A_moves(N):
    # two mirror-image regions: Pi_A(k) = Pi_B(N - k), so at k = N/2 both gains are equal (and positive:
    # agglomeration pulls to either side); the tie is exact, a ball cannot decide it
    sym = dict(a_A=10, a_B=10, e=0, tau_r=0, gamma_A=1, gamma_B=1, tau_p=1)
    game = gt.AgglomerationGame(N=N, **sym)
    k = N // 2
    A, B = brute_table(N, game.params)
    gA, gB = B[k - 1] - A[k], A[k + 1] - B[k]
    assert gA == gB > 0
    oracle = PayoffOracle(game.model, N, dict(game.params))
    assert decide(oracle, k) == "A"
    assert oracle.exact_evaluations > 0                      # decided by the exact fallback
    adj = game.adjust(k)
    assert adj.movers[0] == "A" and adj.rest == 0
    assert brute_adjust(A, B, N, k)[0] == 0


def test_cost_is_O_1_evaluations_per_move():
    # configurations evaluated (ball windows of the walk, plus the exact gain reported for each move)
    game = gt.AgglomerationGame(N=2000, e="0.05")
    long = game.adjust(2000)
    assert long.moves > 1000 and long.evaluations <= 4 * long.moves + 64
    short = game.adjust(long.rest + 12)                       # a few moves in a game of 2000 firms
    assert short.rest == long.rest and short.moves == 12 and short.evaluations <= 4 * 12 + 64


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=model_params(), data=st.data())
def test_adjustment_agrees_with_brute_force(params, data):
    N = data.draw(st.integers(2, 40), label="N")
    start = data.draw(st.integers(0, N), label="start")
    game = gt.LocationGame(RESOURCE, N, params)
    A, B = brute_table(N, params) if N <= 12 else RESOURCE.payoff_table(N, params)
    rest, seen = brute_adjust(A, B, N, start)
    adj = game.adjust(start)
    assert adj.configurations == tuple(seen)
    assert adj.rest == rest and adj.is_equilibrium
    assert rest in ModelPoint(RESOURCE, N, params).pure_equilibria()


# ------------------------------------------------------------------ paths
@pytest.fixture(scope="module")
def checked_path():
    return gt.AgglomerationGame(N=20).path("e", "0.6", "-0.6", 60, back=True)


def test_path_checked_values(checked_path):
    p = checked_path
    assert p.switch_points == [("forward", F(6, 100), 20, 5), ("forward", F(-42, 100), 5, 0),
                               ("back", F(-36, 100), 0, 5), ("back", F(32, 100), 5, 6), ("back", F(48, 100), 6, 7),
                               ("back", F(54, 100), 7, 20)]
    assert p.values == tuple(F(3, 5) - F(i, 50) for i in range(61))
    assert p.n_A("forward")[:27] == [20] * 27 and p.n_A("forward")[27] == 5
    assert len(p.steps) == 122 and p.n_A("back")[0] == 0 and p.n_A("back")[-1] == 20


def test_path_thresholds_behind_the_switches(checked_path):
    game = checked_path.game
    for s in checked_path.switches:
        t = s.threshold
        assert t is not None and t.closed_form and abs(float(t.exact) - t.value) < 1e-12
        lo, hi = sorted((s.previous, s.value))
        assert lo < t.value < hi                               # between the last value held and the switch
        assert s.k == (s.from_ if s.to < s.from_ else s.from_ + 1)
        # D_k = Pi_A(k) - Pi_B(k-1) changes sign at the threshold: from_ holds on one side only
        near = [F(t.value) + d for d in (F(-1, 10**9), F(1, 10**9))]
        signs = [game.replace(e=x).gap(s.k) > 0 for x in near]
        assert signs[0] != signs[1]
    first = checked_path.switches[0].threshold
    assert first.k == 20 and abs(first.value - 0.0699039398) < 1e-9
    assert "sqrt(31478)" in first.exact_text


def test_path_hysteresis(checked_path):
    h = {x.n_A: x for x in checked_path.hysteresis}
    assert h[20].intervals == ((F(6, 100), F(54, 100)),)     # forward switch 0.06, back switch 0.54
    assert h[0].intervals == ((F(-42, 100), F(-36, 100)),)
    assert h[5].intervals == ((F(-42, 100), F(-36, 100)), (F(6, 100), F(32, 100)))
    assert h[20].forward == ((F(8, 100), F(3, 5)),) and h[20].back == ((F(54, 100), F(3, 5)),)
    assert h[6].forward == () and h[6].back == ((F(32, 100), F(46, 100)),)


def test_path_json_contract(checked_path):
    d = json.loads(checked_path.to_json())
    assert d["along"] == "e" and d["start"] == 20
    assert d["steps"][0] == {"direction": "forward", "value": 0.6, "n_A": 20}
    assert d["steps"][61]["direction"] == "back" and d["steps"][61]["value"] == -0.6
    sw = [{k: s[k] for k in ("direction", "value", "from", "to")} for s in d["switches"]]
    assert sw[0] == {"direction": "forward", "value": 0.06, "from": 20, "to": 5}
    assert sw[-1] == {"direction": "back", "value": 0.54, "from": 7, "to": 20}
    assert {h["n_A"]: h["intervals"] for h in d["hysteresis"]}[20] == [[0.06, 0.54]]


def test_path_without_back_and_other_parameters():
    g = gt.AgglomerationGame(N=20)
    p = g.path("Delta_gamma", "-0.4", "1.2", 16, start="zero-resource", thresholds=False)
    assert p.hysteresis == () and p.start == 0 and len(p.steps) == 17
    for v, k in zip(p.values, p.n_A()):
        assert k in g.replace(Delta_gamma=v).pure_equilibria()
    with pytest.raises(UserInputError, match="empty"):
        g.path("e", "0.1", "0.1", 4)
    with pytest.raises(UserInputError, match="STEPS >= 1"):
        g.path("e", "0.1", "0.2", 0)
    with pytest.raises(UserInputError, match=r"step 8 \(e = 1.6\)"):
        g.path("e", "0", "2", 10)


def test_path_of_a_users_model_without_welfare():
    game = gt.LocationGame.from_expressions(A="a - n_A / N", B="1 - n_B / N", parameters={"a": "3/2"}, N=6)
    p = game.path("a", "2", "0", 8, back=True)
    for d in ("forward", "back"):
        for v, k in zip(p.step_values(d), p.n_A(d)):
            assert k in game.replace(a=v).pure_equilibria()
    assert p.switches and all(s.threshold is None or s.threshold.closed_form for s in p.switches)


PATH_PARAMS = ("e", "tau_p", "Delta_gamma", "tau_r")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=model_params(), data=st.data())
def test_paths_agree_with_brute_force(params, data):
    N = data.draw(st.integers(2, 40), label="N")
    name = data.draw(st.sampled_from(PATH_PARAMS), label="parameter")
    lo, hi, _, _ = RESOURCE.parameter_bounds(name, params)
    u = data.draw(st.lists(st.integers(1, 19), min_size=2, max_size=2, unique=True), label="ends")
    a, b = (lo + (hi - lo) * F(x, 20) for x in u)
    steps = data.draw(st.integers(1, 8), label="steps")
    start = data.draw(st.integers(0, N), label="start")
    game = gt.LocationGame(RESOURCE, N, params.replace(**{name: a}))
    p = game.path(name, a, b, steps, back=True, start=start, thresholds=False)
    k = start
    expected = []
    for v in list(p.values) + list(p.values[::-1]):
        A, B = RESOURCE.payoff_table(N, params.replace(**{name: v}))
        k = brute_adjust(A, B, N, k)[0]
        expected.append(k)
    assert [s.n_A for s in p.steps] == expected
    # a switch is reported exactly where n_A changes
    got = [(s.direction, s.value, s.from_, s.to) for s in p.switches]
    ref, prev = [], start
    for s in p.steps:
        if s.n_A != prev:
            ref.append((s.direction, s.value, prev, s.n_A))
        prev = s.n_A
    assert got == ref
