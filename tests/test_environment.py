"""The environment model (docs/environment.md sections 1-3): checked values, welfare and policy sets against brute force.

Brute force here is independent of the model's formulas: every firm's delivered cost (docs/model.md cost plus
``epsilon * t_r``) is written out and each market solved by the general N-firm Cournot solver (sorted active
set); welfare is summed firm by firm; the optimum is the exact argmax over every k; equilibria come from
explicit unilateral deviations.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.analysis.policy import policy, policy_set, resolve_target
from gametheory.analysis.welfare import (affine_envelope, affine_optimal_set, welfare_line, welfare_map,
                                         welfare_table)
from gametheory.errors import UserInputError
from gametheory.game import AgglomerationGame, LocationGame, ResourceEnvironmentGame
from gametheory.models.cournot import cournot_quantities
from gametheory.models.environment import ENVIRONMENT
from gametheory.params import Params
from tests.strategies import model_params, tenths

F = Fraction
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


# ------------------------------------------------------------------ brute force
def _costs(N, k, p):
    return {"A": p["c"] - p["e"] - p["gamma_A"] * F(k - 1, N - 1) + p["epsilon"] * p["t_A"],
            "B": p["c"] + p["tau_r"] - p["gamma_B"] * F(N - k - 1, N - 1) + p["epsilon"] * p["t_B"]}


def brute_profile(N, p, locations):
    """Per-firm quantities ``{m: [q_i]}`` of an explicit location profile (general Cournot solver)."""
    k = locations.count("A")
    cost = _costs(N, k, p)
    return {m: cournot_quantities(p[f"a_{m}"], p["b"], [cost[r] + (0 if r == m else p["tau_p"]) for r in locations])
            for m in "AB"}


def brute_payoff(N, p, locations, i):
    q = brute_profile(N, p, locations)
    return p["b"] * (q["A"][i] ** 2 + q["B"][i] ** 2) - p[f"F_{locations[i]}"]


def brute_welfare(N, p, k):
    """W, CS, PS, R, Dmg, X_A, X_B of configuration k summed firm by firm."""
    loc = ("A",) * k + ("B",) * (N - k)
    q = brute_profile(N, p, loc)
    CS = sum(p["b"] * sum(q[m]) ** 2 / 2 for m in "AB")
    PS = sum(p["b"] * (q["A"][i] ** 2 + q["B"][i] ** 2) - p[f"F_{loc[i]}"] for i in range(N))
    X = {r: sum(q["A"][i] + q["B"][i] for i in range(N) if loc[i] == r) for r in "AB"}
    R = p["epsilon"] * (p["t_A"] * X["A"] + p["t_B"] * X["B"])
    D = p["epsilon"] * (p["delta_A"] * X["A"] + p["delta_B"] * X["B"])
    return {"W": CS + PS + R - D, "CS": CS, "PS": PS, "R": R, "Dmg": D, "X_A": X["A"], "X_B": X["B"]}


def brute_equilibria(N, p):
    """Configurations k that survive the deviation of a firm in A and of a firm in B (explicit profiles)."""
    out = []
    for k in range(N + 1):
        loc = ("A",) * k + ("B",) * (N - k)
        ok = True
        if k >= 1:   # firm 0 (in A) moves to B
            ok &= brute_payoff(N, p, loc, 0) >= brute_payoff(N, p, ("B",) + loc[1:], 0)
        if k <= N - 1:   # the last firm (in B) moves to A
            ok &= brute_payoff(N, p, loc, N - 1) >= brute_payoff(N, p, loc[:-1] + ("A",), N - 1)
        if ok:
            out.append(k)
    return out


@st.composite
def env_params(draw, corners: bool = True):
    """Random exact parameters of the environment model inside its domain (taxes of either sign)."""
    base = draw(model_params(corners=corners))
    eps, dA, dB = draw(tenths(0, 20)), draw(tenths(0, 30)), draw(tenths(0, 30))
    cA, cB = base["c"] - base["e"] - base["gamma_A"], base["c"] + base["tau_r"] - base["gamma_B"]
    tA, tB = draw(tenths(-20, 30)), draw(tenths(-20, 30))
    if eps * tA + cA <= 0:
        tA = F(0)
    if eps * tB + cB <= 0:
        tB = F(0)
    return Params({**dict(base), "epsilon": eps, "delta_A": dA, "delta_B": dB, "t_A": tA, "t_B": tB},
                  ENVIRONMENT.space)


# ------------------------------------------------------------------ checked values
def test_checked_values_N2():
    w = welfare_table(ResourceEnvironmentGame(2))
    assert w.equilibria == (0, 2) and w.optimum == (0,)
    assert w.W(0) == F(11188, 225) and f"{float(w.W(0)):.4f}" == "49.7244"    # docs/environment.md: 49.7244...
    assert w.W(2) == F(10267, 225) and f"{float(w.W(2)):.4f}" == "45.6311"
    assert w.inefficiency == ["over_agglomeration_A"]
    assert w.price_of_stability == 1 and w.price_of_anarchy == F(11188, 10267)
    assert w.gaps == {0: 0, 2: F(307, 75)}


def test_checked_values_N20_and_pigouvian():
    g = ResourceEnvironmentGame(20)
    w = g.welfare()
    assert w.equilibria == (5, 20) and w.optimum == (3,)
    assert f"{float(w.W(0)):.4f}" == "55.1193" and f"{float(w.W(20)):.4f}" == "49.7696"    # docs/environment.md
    assert w.W(0) == brute_welfare(20, g.params, 0)["W"] and w.W(20) == brute_welfare(20, g.params, 20)["W"]
    pg = welfare_table(g.pigouvian())
    assert pg.equilibria == (5,) and pg.optimum == (4,)
    assert policy_set(g, "optimum", "t_A").pigouvian["equilibria"] == [5]


def test_zero_taxes_is_the_resource_game():
    """With the default taxes the payoffs are exactly docs/model.md's (checked values of docs/model.md)."""
    g = ResourceEnvironmentGame(2)
    assert g.payoff_table() == AgglomerationGame(2).payoff_table()
    assert g.payoff_A(2) == F(2833, 225) and g.payoff_B(1) == F(2417, 225)
    assert ResourceEnvironmentGame(20).payoff_A(20) == F(2833, 11025)
    # a resource point gets the extension defaults
    assert ResourceEnvironmentGame(20, AgglomerationGame(20).params).params == ENVIRONMENT.defaults()


def test_domain_includes_the_tax():
    assert "epsilon*t_A" in ENVIRONMENT.domain(2, ENVIRONMENT.defaults())[0].text
    with pytest.raises(UserInputError, match="c \\+ epsilon\\*t_A - e - gamma_A"):
        ResourceEnvironmentGame(2, t_A=-2)
    ResourceEnvironmentGame(2, t_A=-2, epsilon=F(1, 2))       # the same subsidy with lower emissions is fine
    with pytest.raises(UserInputError, match="delta_A must be >= 0"):
        ResourceEnvironmentGame(2, delta_A=-1)


# ------------------------------------------------------------------ welfare vs brute force
@settings(max_examples=12, **SETTINGS)
@given(p=env_params(), N=st.integers(2, 50))
def test_welfare_and_optimum_match_brute_force(p, N):
    try:
        game = LocationGame(ENVIRONMENT, N, p)
    except UserInputError:
        return
    w = welfare_table(game)
    brute = [brute_welfare(N, p, k) for k in range(N + 1)]
    for key in ("W", "CS", "PS", "R", "Dmg", "X_A", "X_B"):
        assert list(w.table[key]) == [b[key] for b in brute], key
    best = max(b["W"] for b in brute)
    assert list(w.optimum) == [k for k in range(N + 1) if brute[k]["W"] == best]
    if N <= 12:
        assert list(w.equilibria) == brute_equilibria(N, p)
    eq = set(w.equilibria)
    assert ("over_agglomeration_A" in w.inefficiency) == (N in eq and brute[N]["W"] < best)
    assert ("over_agglomeration_B" in w.inefficiency) == (0 in eq and brute[0]["W"] < best)
    worst = min(brute[k]["W"] for k in eq)
    assert w.price_of_anarchy == (best / worst if best > 0 and worst > 0 else None)


@settings(max_examples=6, **SETTINGS)
@given(p=env_params(), N=st.integers(2, 30))
def test_vectorised_welfare_contains_exact(p, N):
    """Certified welfare balls over a grid contain the exact values; the grid optimum is the exact argmax."""
    try:
        game = LocationGame(ENVIRONMENT, N, p)
    except UserInputError:
        return
    lo = float(p["tau_p"]) / 2
    wm = welfare_map(game, ("tau_p", lo, lo + 2, 4), ("delta_A", 0, 3, 3), curves=False)
    for i, x in enumerate(wm.axes[0].values):
        for j, y in enumerate(wm.axes[1].values):
            q = p.replace(tau_p=F(x), delta_A=F(y))
            try:
                ENVIRONMENT.check_domain(N, q)
            except UserInputError:
                assert wm.category[i, j] == -1
                continue
            W = [brute_welfare(N, q, k)["W"] for k in range(N + 1)]
            assert [int(k) for k in np.flatnonzero(wm.optimum[:, i, j])] == [k for k in range(N + 1)
                                                                            if W[k] == max(W)]
            assert np.allclose(wm.W[:, i, j], [float(v) for v in W], rtol=1e-12, atol=1e-12)


def test_affine_envelope_matches_enumeration():
    g = ResourceEnvironmentGame(20)
    pieces = affine_envelope(g, "delta_A", 0, 3)
    assert [p.optimum for p in pieces] == [(3,), (0,)] and pieces[1].at_lo == (0, 3)
    switch = pieces[1].lo
    assert switch == F(718173527, 911718990)
    at = g.replace(delta_A=switch).welfare()
    assert at.optimum == (0, 3)                                  # an exact tie at the switch point
    for d in (F(0), F(1, 3), switch - F(1, 10**6), switch + F(1, 10**6), F(5, 2)):
        assert g.replace(delta_A=d).welfare().optimum == ((3,) if d < switch else (0,))
    assert affine_optimal_set(g, 0, "delta_A") == [(switch, None)]
    assert affine_optimal_set(g, 20, "delta_A") == []
    wl = welfare_line(g, ("delta_A", 0, 2, 41))
    assert [(s["value"], s["from"], s["to"]) for s in wl.switches] == [(switch, (3,), (0,))]
    assert wl.equilibria[5].all() and wl.equilibria[20].all()


# ------------------------------------------------------------------ policy sets vs dense scans
def _scan_check(ps, game, k, name, xs):
    for x in xs:
        eqs = game.replace(**{name: F(x)}).pure_equilibria()
        if any(abs(x - e) < 1e-9 for iv in ps.equilibrium_set + ps.unique_set for e in (iv.lo, iv.hi)
               if e is not None):
            continue
        assert ps.contains(x) == (k in eqs), (name, x, eqs)
        assert ps.contains(x, unique=True) == (eqs == [k]), (name, x, eqs)


@settings(max_examples=8, **SETTINGS)
@given(p=env_params(), N=st.integers(2, 50), which=st.integers(0, 3), instrument=st.sampled_from(["t_A", "t_B"]))
def test_policy_sets_match_dense_scan(p, N, which, instrument):
    try:
        game = LocationGame(ENVIRONMENT, N, p.replace(epsilon=max(p["epsilon"], F(1, 10))))
    except UserInputError:
        return
    k = [0, N, N // 2, game.pure_equilibria()[0]][which]
    lo, hi = F(-1), F(4)
    try:
        ps = policy_set(game, k, instrument, range=(lo, hi), exact=False)
    except UserInputError:      # the range lies outside the domain
        return
    b = ps.identified.bounds
    a, c = float(F(b["lo"])), float(F(b["hi"]))
    _scan_check(ps, game, k, instrument, list(np.linspace(a, c, 82)[1:-1]))


def test_policy_exact_sets_and_ends():
    g = ResourceEnvironmentGame(20)
    ps = policy_set(g, "traditional", "t_A")
    (iv,) = ps.equilibrium_set
    assert iv.lo_kind == "domain" and iv.lo == -1.4 and not iv.lo_closed
    assert iv.hi_exact == "-831/1795 + 6*sqrt(31478)/1795" and iv.hi_closed
    d = ps.as_dict()
    assert d["target"] == 20 and d["instruments"] == ["t_A"]
    assert d["equilibrium_set_exact"] == [["-7/5", "-831/1795 + 6*sqrt(31478)/1795"]]
    assert d["pigouvian"] == {"t_A": 0.5, "t_B": 0.25, "equilibria": [5], "optimum": [4],
                              "W": d["pigouvian"]["W"]}
    # zero-resource economy: unbounded above (beyond the tax where firms in A stop producing nothing changes)
    z = policy_set(ResourceEnvironmentGame(2), "zero-resource", "t_A")
    assert z.equilibrium_set[-1].hi is None and z.as_dict()["equilibrium_set"][-1][1] is None
    assert z.equilibrium_set[0].lo_exact == "37/10 - sqrt(1406)/10"
    assert [iv.text() for iv in z.unique_set] == ["(52/155, inf)"]
    _scan_check(ps, g, 20, "t_A", list(np.linspace(-1.39, 1.5, 60)))
    # a user range: its ends are decided exactly
    r = policy_set(g, 20, "t_A", range=(F(-1), F(1, 10)))
    assert [iv.text() for iv in r.equilibrium_set] == ["[-1, 1/10]"]
    with pytest.raises(UserInputError, match="outside the model's domain"):
        policy_set(g, 20, "t_A", range=(F(-5), F(-3)))


def test_resolve_target():
    g = ResourceEnvironmentGame(20)
    assert [resolve_target(g, t) for t in ("optimum", "traditional", "zero-resource", "7", 7)] == [3, 20, 0, 7, 7]
    for bad in ("21", "-1", "foo", 21):
        with pytest.raises(UserInputError):
            resolve_target(g, bad)
    tie = g.replace(delta_A=F(718173527, 911718990))
    with pytest.raises(UserInputError, match="not unique"):
        resolve_target(tie, "optimum")


def test_policy_region_two_taxes():
    g = ResourceEnvironmentGame(2)
    r = policy(g, "optimum", ("t_A", "t_B"), ranges=[(F(-1), F(3)), (F(-1), F(3))], grid=40)
    assert r.target == 0
    xs, ys = (a.values for a in r.sweep.axes)
    for i in range(0, 40, 7):
        for j in range(0, 40, 5):
            eqs = g.replace(t_A=F(xs[i]), t_B=F(ys[j])).pure_equilibria()
            assert r.equilibrium[i, j] == (0 in eqs) and r.unique[i, j] == (eqs == [0])
    # the boundary curves are exact: D_1 = 0 on every drawn point
    assert r.curves and all(c.k == 1 for c in r.curves)
    for c in r.curves:
        ok = np.isfinite(c.x)
        for x, y in list(zip(c.x[ok], c.y[ok]))[::25]:
            assert abs(float(g.replace(t_A=F(x), t_B=F(y)).gap(1))) < 1e-8
    d = r.as_dict()
    assert d["instruments"] == ["t_A", "t_B"] and len(d["equilibrium_set"]) == 2 and d["pigouvian"]["optimum"] == [0]


# ------------------------------------------------------------------ the machinery on the new parameters
def test_thresholds_and_identified_sets_in_taxes():
    g = ResourceEnvironmentGame(2)
    th = g.thresholds("t_A")
    assert [t.exact_text for t in th] == ["52/155", "37/10 - sqrt(1406)/10"]
    s = g.identified_set("t_A", n_A=2)
    assert s.intervals[0].hi_exact == "52/155"
    rm = g.regime_map(("t_A", -1, 3, 30), ("t_B", -1, 3, 30))
    assert {"coordination", "traditional", "zero-resource"} <= set(rm.sweep.regime_names().ravel().tolist())


def test_welfare_propositions_N2():
    wp = ResourceEnvironmentGame(2).welfare_propositions(threshold_parameters=("delta_A",))
    (th,) = wp["traditional_optimal"].thresholds
    assert th.exact == F(24, 355) and not th.increasing
    tie = ResourceEnvironmentGame(2, delta_A=th.exact).welfare()
    assert tie.W(2) == tie.W(0)                               # exactly where the two patterns tie
    assert wp["over_agglomeration_A"].at_params["holds"] and not wp["over_agglomeration_B"].at_params["holds"]
    assert wp["over_agglomeration_A"].at_params["damage_threshold"] == "24/355"
    assert wp["traditional_optimal"].at_params["optimal_sets"]["delta_A"] == [["0", "24/355"]]
    assert wp["welfare_statics"].table["delta_A"] == -1 and wp["welfare_statics"].table["delta_B"] == 1
    assert wp["tax_incentives"].table == {"t_A": {1: -1, 2: -1}, "t_B": {1: 1, 2: 1}}
    # the simplified condition agrees with the exact sign of Delta_W at the parameters (interior regime)
    (stmt,) = wp["traditional_optimal"].general
    assert stmt.condition.holds_at(ResourceEnvironmentGame(2).params.subs()) is False
    assert stmt.condition.holds_at(ResourceEnvironmentGame(2, delta_A=F(1, 20)).params.subs()) is True
    text, tex = wp.to_text(), wp.to_latex()
    assert "delta_A* = 24/355" in text and r"\begin{proposition}[Over-agglomeration in A]" in tex
    assert "\\varepsilon" in tex and "\x0b" not in tex


def test_public_api():
    assert gt.ResourceEnvironmentGame is ResourceEnvironmentGame and gt.ENVIRONMENT is ENVIRONMENT
    assert gt.welfare(ResourceEnvironmentGame(2)).optimum == (0,)
    assert repr(gt.policy(ResourceEnvironmentGame(2), "traditional", "t_B")).startswith("PolicySet(target=2")
