"""Depletion (ENVIRONMENT.md section 5): checked values, certified runs against exact ones, the dissolution against
the critical stock, renewable steady states, the exact fallback, and models with damage or without welfare."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.analysis import depletion as dep_mod
from gametheory.analysis.dynamics import Undecided
from gametheory.errors import UserInputError
from gametheory.models.agglomeration import RESOURCE, ResourceModel
from gametheory.models.point import ModelPoint
from tests.strategies import model_params

F = Fraction


@pytest.fixture(scope="module")
def checked():
    return gt.AgglomerationGame(N=20).deplete(T=40)


def test_checked_values(checked):
    d = checked
    assert d.exact_periods == 40                              # short runs are exact throughout
    assert list(d.n_A[:15]) == [20] * 15 and list(d.n_A[15:]) == [5] * 25
    assert d.dissolution == 15
    e15, e14 = d.e_exact[15], d.e_exact[14]
    assert f"{float(e15):.4f}" == "0.0660"
    assert e15 < d.e_star.value < e14 and f"{d.e_star.value:.5f}" == "0.06990"
    assert d.e_star.k == 20 and "sqrt(31478)" in d.e_star.exact_text     # Pi_A(20) = Pi_B(19)
    assert d.S_exact[23] == 0 and d.S_exact[22] > 0 and d.exhausted == 23
    assert sp.simplify(d.critical_stock - (sp.Rational(357000, 359) - 1800 * sp.sqrt(31478) / 359)) == 0
    assert d.S_exact[15] < d.critical_stock_value < d.S_exact[14]
    assert d.e_exact[0] == F(1, 5) and d.S_exact[0] == 300
    # the stock recursion, exactly: S_{t+1} = max(0, S_t - X_t) with X_t the model's output at (n_A, e_t)
    for t in (0, 14, 15, 22):
        w = RESOURCE.welfare(20, F(int(d.n_A[t])), dict(d.params, e=d.e_exact[t]))
        X = w["X_A"] + w["X_B"]
        assert d.S_exact[t + 1] == max(F(0), d.S_exact[t] - X) and d.X[t] == float(X) and d.W[t] == float(w["W"])


def test_checked_json_and_text(checked):
    j = json.loads(checked.to_json())
    assert j["dissolution"] == 15 and j["critical_stock"] == pytest.approx(104.8559096, abs=1e-7)
    assert set(j["periods"][0]) == {"t", "S", "e", "n_A", "W", "X"} and len(j["periods"]) == 40
    assert j["periods"][15]["n_A"] == 5 and j["periods"][23]["S"] == 0.0
    text = checked.to_text()
    assert "dissolution at t = 15: n_A 20 -> 5" in text and "exhausted at t = 23" in text


# ------------------------------------------------------- certified vs exact
def _close(a, b, tol=1e-9):
    return np.all(np.abs(np.asarray(a) - np.asarray(b)) <= tol * np.maximum(1.0, np.abs(np.asarray(b))))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=model_params(), data=st.data())
def test_certified_runs_enclose_the_exact_run(params, data):
    N = data.draw(st.integers(2, 12), label="N")
    rho = data.draw(st.sampled_from([F(0), F(1, 20), F(1, 5)]), label="rho")
    eta = data.draw(st.sampled_from([F(0), F(1), F(2)]), label="eta")
    # the exact stock doubles its size each period when rho > 0 or eta >= 2: short runs there
    T = data.draw(st.integers(1, 8 if rho or eta >= 2 else 30), label="T")
    kw = dict(S0=data.draw(st.integers(20, 400), label="S0"), zeta=data.draw(st.sampled_from([F(1, 10), F(1), F(2)])),
              rho=rho, eta=eta, T=T,
              start=data.draw(st.integers(0, N), label="start"),
              moves=data.draw(st.sampled_from([None, 0, 1, 2]), label="moves"))
    game = gt.LocationGame(RESOURCE, N, params)
    if kw["eta"] > 0 and not all(c.holds() for c in RESOURCE.domain(N, params.replace(e=0))):
        with pytest.raises(UserInputError, match="falls to 0"):
            game.deplete(**kw)
        return
    exact = game.deplete(arithmetic="exact", **kw)
    cert = game.deplete(arithmetic="certified", **kw)
    assert list(cert.n_A) == list(exact.n_A) and cert.dissolution == exact.dissolution
    S = np.array([float(x) for x in exact.S_exact])
    assert np.all(np.abs(S - cert.S) <= cert.S_radius * (1 + 1e-12))       # the exact stock is inside
    assert _close(cert.X, exact.X) and _close(cert.W, exact.W, 1e-8)
    # every period ends at rest unless the speed stopped it; rest points are equilibria at e_t
    for t in range(T):
        k = int(exact.n_A[t])
        if kw["moves"] is None:
            eq = ModelPoint(RESOURCE, N, params.replace(e=exact.e_exact[t])).pure_equilibria()
            assert k in eq


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=model_params(corners=False), data=st.data())
def test_dissolution_is_where_the_start_stops_being_an_equilibrium(params, data):
    N = data.draw(st.integers(2, 20), label="N")
    e = data.draw(st.integers(1, 10), label="e") * F(1, 10)
    params = params.replace(e=min(e, params["c"] - params["gamma_A"] - F(1, 10)))
    if params["e"] <= 0 or not all(c.holds() for c in RESOURCE.domain(N, params.replace(e=0))):
        return
    game = gt.LocationGame(RESOURCE, N, params)
    at_zero = gt.LocationGame(RESOURCE, N, params.replace(e=0)).pure_equilibria()
    fragile = [k for k in game.pure_equilibria() if k not in at_zero]      # equilibria the erosion must break
    start = data.draw(st.sampled_from(fragile or game.pure_equilibria()), label="start")
    _check_dissolution(game, params, N, start, S0=100, zeta=F(1, 2))


@pytest.mark.parametrize("N,overrides", [(20, {}), (20, {"a_B": 10}), (10, {"e": "3/10"}), (40, {}), (6, {}),
                                         (20, {"Delta_gamma": "1/2", "e": "1/2"})])
def test_dissolution_cases(N, overrides):
    game = gt.AgglomerationGame(N=N, **overrides)
    d = _check_dissolution(game, game.params, N, N, S0=300, zeta=F(1))
    assert d.dissolution is not None and d.critical_stock_value is not None


def _check_dissolution(game, params, N, start, S0, zeta):
    d = game.deplete(S0=S0, zeta=zeta, T=40, start=start)
    assert d.exact_periods == 40
    # independent: the first period whose e_t no longer supports the start configuration (exact equilibria)
    first = None
    for t in range(40):
        if start not in ModelPoint(RESOURCE, N, params.replace(e=d.e_exact[t])).pure_equilibria():
            first = t
            break
    assert d.dissolution == first
    if d.critical_stock_value is not None and first is not None:
        assert float(d.S_exact[first]) < d.critical_stock_value <= float(d.S_exact[first - 1]) + 1e-12
    return d


def test_long_certified_run_crosses_the_threshold():
    game = gt.AgglomerationGame(N=200)
    d = game.deplete(T=3000, zeta=F(1, 200))
    assert 0 < d.exact_periods < 3000                         # exact phase, then certified
    assert float(np.max(d.S_radius / np.maximum(d.S, 1))) < 1e-9
    t = d.dissolution
    assert t is not None and d.S[t] + d.S_radius[t] < d.critical_stock_value < d.S[t - 1] - d.S_radius[t - 1]
    assert d.n_A[t - 1] == 200 and d.n_A[t] < 200
    k = int(d.n_A[t])                                          # the rest point is an equilibrium at e_t
    e_t = F(d.e[t])
    assert k in game.replace(e=e_t).pure_equilibria()
    # a float re-run of the recursion from the certified records agrees
    S = [d.S[0]]
    for i in range(2999):
        S.append(max(0.0, S[-1] - d.X[i] / 200))
    assert _close(S, d.S, 1e-9)


def test_renewable_reserves_reach_their_steady_state():
    d = gt.AgglomerationGame(N=20).deplete(T=3000, zeta=F(1, 10), rho=F(1, 10))
    assert d.dissolution is None and len(d.steady_states) >= 1
    stable = [s for s in d.steady_states if s.stable and s.kind == "interior"]
    assert len(stable) == 1
    s = stable[0]
    assert s.bracket[0] <= s.S <= s.bracket[1] and s.bracket[1] - s.bracket[0] < 1e-6
    assert abs(d.final_stock - s.S) < 1e-6
    # stationary: regeneration equals extraction at the steady state
    X = d.X[-1]
    assert abs(0.1 * s.S * (1 - s.S / 300) - 0.1 * X) < 1e-9
    assert "steady state with n_A = 20" in d.to_text()


def test_non_integer_eta_is_certified():
    d = gt.AgglomerationGame(N=20).deplete(T=60, eta=F(1, 2))
    assert d.exact_periods < 60
    e_star = d.e_star.value
    assert d.critical_stock_value == pytest.approx(300 * (e_star / 0.2) ** 2, rel=1e-12)
    t = d.dissolution
    assert d.S[t] < d.critical_stock_value < d.S[t - 1]
    # a plain float simulation with the same moves agrees
    S = 300.0
    for i in range(60):
        assert abs(S - d.S[i]) <= 1e-9 * max(S, 1)
        if S > 1e-6:                        # at exhaustion the enclosure may be [0, 1e-12] for a period
            assert d.e[i] == pytest.approx(0.2 * (S / 300) ** 0.5, rel=1e-10)
        S = max(0.0, S - d.X[i])
    assert d.exhausted is not None and d.S[d.exhausted - 1] > 0


def test_speed_limits_the_moves_per_period():
    d = gt.AgglomerationGame(N=20).deplete(T=40, moves=2)
    steps = np.diff(np.r_[20, d.n_A])
    assert np.all(steps >= -2) and np.all(steps <= 0)
    assert d.dissolution == 15 and d.n_A[15] == 18 and d.n_A[-1] == 5
    frozen = gt.AgglomerationGame(N=20).deplete(T=40, moves=0)
    assert set(frozen.n_A) == {20} and frozen.dissolution is None


def test_exact_replay_decides_what_balls_cannot(monkeypatch):
    game = gt.AgglomerationGame(N=20)
    exact = game.deplete(T=30)
    original = dep_mod._Runner.ball_period
    hits = []

    def ball_period(self, t, mid, rad):
        if t == 17 and not hits:
            hits.append(t)
            raise Undecided("a decision forced undecided by the test")
        return original(self, t, mid, rad)

    monkeypatch.setattr(dep_mod._Runner, "ball_period", ball_period)
    monkeypatch.setattr(dep_mod._Runner, "batch_periods", lambda self, t0, m, r: (0, None))
    d = game.deplete(T=30, arithmetic="certified")
    assert hits == [17] and d.replays == 1
    assert d.S_exact[17] == exact.S_exact[17]                 # recomputed exactly from the last exact stock
    assert list(d.n_A) == list(exact.n_A)
    S = np.array([float(x) for x in exact.S_exact])
    assert np.all(np.abs(S - d.S) <= d.S_radius * (1 + 1e-12))
    # eta not an integer: e_t is irrational, no exact replay: a one-line refusal naming the period
    hits.clear()
    with pytest.raises(UserInputError, match=r"period 17: the move cannot be decided.*eta is not an integer"):
        game.deplete(T=30, eta=F(3, 2))


def test_refusals():
    game = gt.AgglomerationGame(N=20)
    for kw, msg in ((dict(S0=0), "S0"), (dict(T=0), "T"), (dict(zeta=-1), "zeta"), (dict(rho="-1/2"), "rho"),
                    (dict(moves=-1), "moves"), (dict(start=21), "0 to N = 20"), (dict(eta=-1), "eta"),
                    (dict(arithmetic="exact", eta="1/2"), "integer eta")):
        with pytest.raises(UserInputError, match=msg):
            game.deplete(**kw)
    toy = gt.LocationGame.from_expressions(A="a + e - n_A / N", B="1 - n_B / N", parameters={"a": "1", "e": "1/5"},
                                           N=4)
    with pytest.raises(UserInputError, match="does not define welfare"):
        toy.deplete()
    no_e = gt.LocationGame.from_expressions(A="a - n_A / N", B="1 - n_B / N", parameters={"a": "1"}, N=4)
    with pytest.raises(UserInputError, match="no parameter e"):
        no_e.deplete()
    with pytest.raises(UserInputError, match="falls to 0"):
        gt.AgglomerationGame(N=20, c="1.9", gamma_A="1.9", e="-0.2").deplete()


def test_chaotic_regeneration_is_refused_not_guessed():
    # rho = 2.8: the logistic map is chaotic, the certified enclosure of the stock widens until a move cannot be
    # decided; the exact stock doubles its size every period, so no replay: the run stops and says where and why
    with pytest.raises(UserInputError, match=r"period \d+: the move cannot be decided: the certified stock S_\d+ in"):
        gt.AgglomerationGame(N=20).deplete(T=2000, zeta=F(1, 100), rho=F(28, 10))


class _Damage(ResourceModel):
    """The resource game with a damage of one half per unit processed in A (a stand-in for issue 11's model)."""

    name = "damage-test"

    def transfers(self, X_A, X_B, v):
        return 0 * X_A, X_A / 2


def test_welfare_comes_from_the_model():
    model = _Damage()
    base = gt.AgglomerationGame(N=20).deplete(T=30)
    d = gt.LocationGame(model, 20).deplete(T=30)
    assert list(d.n_A) == list(base.n_A)                       # damage does not move firms
    for t in (0, 20):
        w = model.welfare(20, F(int(d.n_A[t])), dict(d.params, e=d.e_exact[t]))
        assert d.W[t] == float(w["CS"] + w["PS"] - w["Dmg"]) and w["Dmg"] > 0
        assert d.W[t] < base.W[t]


def test_certified_select_on_a_single_point_widens_over_undecided_cases():
    """A depletion period evaluates one configuration: 0-d balls with an undecided case (hypothesis found
    np.nonzero failing on 0-d arrays).  The result covers both cases the comparison leaves open."""
    from gametheory import arith

    x = arith.Ball(np.array(1.0), np.array(0.5))          # [1/2, 3/2] straddles 1: ``x > 1`` is undecided
    d = arith.Decision(np.array(False), np.array(False))
    out = arith.select([d, ~d], [x, arith.Ball(np.array(3.0), np.array(0.0))])
    assert out.mid.shape == () and float(out.mid) == 3.0
    assert 2.5 <= float(out.rad) <= 2.5 * (1 + 1e-12)     # reaches down to 1/2 (rounded outward): both cases
    sure = arith.select([arith.Decision(np.array(True), np.array(True)), arith.Decision(np.array(False), np.array(True))],
                        [x, arith.Ball(np.array(3.0), np.array(0.0))])
    assert float(sure.mid) == 1.0 and float(sure.rad) == 0.5


def test_exact_arithmetic_refuses_a_run_whose_stock_outgrows_the_bit_budget():
    """eta = 2 squares the stock's size every period: exact throughout is refused with one clear line
    (instead of running for hours), while the default arithmetic finishes with certified enclosures."""
    game = gt.AgglomerationGame(N=2)
    with pytest.raises(UserInputError, match="arithmetic='exact'.*bits"):
        game.deplete(T=40, eta=2, arithmetic="exact")
    run = game.deplete(T=40, eta=2)
    assert len(run.S) == 40 and np.all(run.S_radius[run.S_radius > 0] < 1e-6)


def test_a_large_eta_leaves_the_exact_phase_on_the_size_of_the_effect():
    """e_t = e (S/S0)^eta has eta times the size of the stock: with eta = 500 the exact phase ends after the
    first period (S0 itself is exact and cheap), exact-throughout is refused, and the run is the certified one."""
    game = gt.AgglomerationGame(N=2)
    run = game.deplete(T=12, eta=500)
    assert run.S_exact[0] == 300 and all(x is None for x in run.S_exact[2:])
    with pytest.raises(UserInputError, match="arithmetic='exact'"):
        game.deplete(T=12, eta=500, arithmetic="exact")
    cert = game.deplete(T=12, eta=500, arithmetic="certified")
    assert list(cert.n_A) == list(run.n_A) and np.allclose(cert.S, run.S, rtol=1e-9)
