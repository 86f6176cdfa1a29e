"""Equilibrium selection: the potential, risk and p-dominance, and stochastic stability, cross-checked.

Independent methods: the exact-potential property on every location profile with payoffs from the
general N-firm Cournot solver; stationary distributions of the chain on *location profiles* (2^N
states, one uniformly drawn firm revises) solved by exact linear algebra (mistakes dynamics,
rational) or 50-digit linear algebra (logit dynamics), aggregated to counts; the Harsanyi-Selten
product of deviation losses for N = 2; p-dominance from its definition with the worst beliefs.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction as F

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.analysis.selection import (logit_stationary, mistakes_stationary, p_dominance, potential,
                                           selection_map, selection_switches)
from gametheory.cli import main
from gametheory.game import AgglomerationGame
from gametheory.models.agglomeration import RESOURCE

from .strategies import brute_force_payoff, model_params


def gaps_of(game):
    return [game.gap(k) for k in range(1, game.N + 1)]


# ------------------------------------------------------------------ the potential
@settings(max_examples=8, deadline=None)
@given(params=model_params(), N=st.sampled_from([2, 3]))
def test_exact_potential_on_every_profile(params, N):
    """A unilateral move changes the mover's payoff (general Cournot solver) exactly as Phi changes."""
    phi = potential(gaps_of(AgglomerationGame(N, params)))
    for prof in itertools.product("AB", repeat=N):
        for i in range(N):
            other = prof[:i] + ("B" if prof[i] == "A" else "A",) + prof[i + 1:]
            gain = brute_force_payoff(N, params, other, i) - brute_force_payoff(N, params, prof, i)
            assert gain == phi[other.count("A")] - phi[prof.count("A")]


def test_defaults_n2():
    s = AgglomerationGame(2).selection()
    assert s.potential == (0, F(-74, 225), F(38, 25))
    assert s.maximisers == (2,) and s.risk_dominant == 2
    assert s.p_dominance == {0: F(208, 245), 2: F(37, 245)}      # 1 - p* and p* = 37/245
    assert s.logit.stable == (2,) and s.logit.limit == (0, 0, 1)
    assert s.mistakes.stable == (0, 2) and s.mistakes.limit == (F(1, 2), 0, F(1, 2))
    assert s.mistakes.resistance == (1, 2, 1)


def test_defaults_n20():
    s = AgglomerationGame(20).selection()
    assert s.maximisers == (5,) and s.pure == (5, 20) and s.risk_dominant == 5
    assert s.logit.stable == (5,) and s.mistakes.stable == (5,)
    assert s.logit.mode == (6,)        # at eta = 1/10 the binomial factor C(20, 6) > C(20, 5) still matters


@settings(max_examples=25, deadline=None)
@given(params=model_params())
def test_risk_dominance_is_harsanyi_selten_for_two_firms(params):
    g = AgglomerationGame(2, params)
    s = g.selection()
    A, B = g.payoff_table()
    if s.strict != (0, 2):
        return
    loss_AA = A[2] - B[1]          # a firm's loss from deviating at (A, A)
    loss_BB = B[0] - A[1]          # ... at (B, B)
    hs = 2 if loss_AA ** 2 > loss_BB ** 2 else 0 if loss_AA ** 2 < loss_BB ** 2 else None
    assert s.risk_dominant == hs
    # 1/2-dominance of (A, A) iff the mixed equilibrium p* <= 1/2
    pstar = g.gap(1) / (g.gap(1) - g.gap(2))
    assert s.p_dominance[2] == pstar and (s.p_dominance[2] <= F(1, 2)) == (s.potential[2] >= 0)


@settings(max_examples=25, deadline=None)
@given(params=model_params(), N=st.sampled_from([2, 3, 5]))
def test_p_dominance_from_its_definition(params, N):
    """At p = p_min every worst-case belief keeps each firm's location a best response; below it one does not."""
    g = AgglomerationGame(N, params)
    D = gaps_of(g)
    for k in g.pure_equilibria():
        p = p_dominance(D, k)

        def ok(p):
            # beliefs: p on the equilibrium count of the others, 1 - p on any count m
            for m in range(N):
                if k >= 1 and p * D[k - 1] + (1 - p) * D[m] < 0:
                    return False
                if k <= N - 1 and p * D[k] + (1 - p) * D[m] > 0:
                    return False
            return True

        assert p is not None and ok(p)
        if p > 0:
            assert not ok(p - F(1, 10**9))


# ------------------------------------------------------------------ stationary distributions
def profile_chain(payoff, N, choose):
    """Transition matrix over profiles: a uniform firm revises, picking A with probability choose(gain)."""
    profs = list(itertools.product("AB", repeat=N))
    index = {p: i for i, p in enumerate(profs)}
    P = [[0] * len(profs) for _ in profs]
    for p in profs:
        for i in range(N):
            others_A = sum(1 for j in range(N) if j != i and p[j] == "A")
            gain = payoff("A", others_A + 1) - payoff("B", others_A)
            a = choose(gain)
            toA, toB = p[:i] + ("A",) + p[i + 1:], p[:i] + ("B",) + p[i + 1:]
            P[index[p]][index[toA]] += a / N
            P[index[p]][index[toB]] += (1 - a) / N
    return profs, P


def aggregate(profs, mu, N):
    out = [0] * (N + 1)
    for p, m in zip(profs, mu):
        out[p.count("A")] += m
    return out


def solve_stationary_exact(P):
    """``mu P = mu``, ``sum mu = 1`` in exact arithmetic (one balance equation replaced by the normalisation)."""
    n = len(P)
    M = sp.Matrix([[P[j][i] - (1 if i == j else 0) for j in range(n)] for i in range(n - 1)])
    sol = M.col_join(sp.Matrix([[1] * n])).LUsolve(sp.Matrix([0] * (n - 1) + [1]))
    return [F(int(x.p), int(x.q)) for x in sol]


@pytest.mark.parametrize("N", [2, 3, 4])
def test_mistakes_stationary_matches_profile_chain(N):
    g = AgglomerationGame(N, RESOURCE.defaults().replace(tau_p=F(3, 4)))
    A, B = g.payoff_table()
    pay = lambda r, k: A[k] if r == "A" else B[k]
    eps = F(1, 7)
    choose = lambda gain: 1 - eps if gain > 0 else eps if gain < 0 else F(1, 2)
    profs, P = profile_chain(pay, N, choose)
    mu = aggregate(profs, solve_stationary_exact(P), N)
    assert tuple(mu) == mistakes_stationary(gaps_of(g), eps).distribution


@pytest.mark.parametrize("N", [2, 3, 4])
def test_logit_stationary_matches_profile_chain(N):
    g = AgglomerationGame(N)
    A, B = g.payoff_table()
    eta = F(1, 3)
    with mpmath.workdps(50):
        pay = lambda r, k: mpmath.mpf(A[k].numerator) / A[k].denominator if r == "A" else \
            mpmath.mpf(B[k].numerator) / B[k].denominator
        choose = lambda gain: 1 / (1 + mpmath.exp(-gain / (mpmath.mpf(1) / 3)))
        profs, P = profile_chain(pay, N, choose)
        n = len(profs)
        M = mpmath.matrix(n, n)
        for i in range(n):
            for j in range(n):
                M[i, j] = P[j][i] - (1 if i == j else 0)
        for j in range(n):
            M[n - 1, j] = 1
        rhs = mpmath.matrix([0] * (n - 1) + [1])
        mu = aggregate(profs, list(mpmath.lu_solve(M, rhs)), N)
        ls = logit_stationary(potential(gaps_of(g)), eta)
        assert all(abs(float(a) - b) < 1e-14 for a, b in zip(mu, ls.distribution))
        # and the closed form C(N, k) exp(Phi(k)/eta) / Z at 50 digits
        phi = potential(gaps_of(g))
        w = [mpmath.binomial(N, k) * mpmath.exp(mpmath.mpf(phi[k].numerator) / phi[k].denominator * 3)
             for k in range(N + 1)]
        assert all(abs(m - x / sum(w)) < mpmath.mpf(10) ** -40 for m, x in zip(mu, w))


def test_mistakes_limit_and_stochastic_potential_exponents():
    """mu_eps(k) ~ c eps^(R(k) - min R) as eps -> 0 (computed exactly): R is Young's stochastic potential."""
    g = AgglomerationGame(20)
    D = gaps_of(g)
    R = mistakes_stationary(D, F(1, 100)).resistance
    lo = min(R)
    e1, e2 = F(1, 10**6), F(1, 10**7)
    m1, m2 = mistakes_stationary(D, e1).distribution, mistakes_stationary(D, e2).distribution
    for k in range(21):
        # the ratio mu_e1 / mu_e2 tends to (e1 / e2)^(R(k) - min R) = 10^(R(k) - min R)
        r = m1[k] / m2[k]
        assert abs(r / F(10) ** (R[k] - lo) - 1) < F(1, 10**4)
    s = mistakes_stationary(D, e2)
    assert s.stable == tuple(k for k in range(21) if R[k] == lo)
    assert sum(s.limit) == 1 and all(abs(a - b) < F(1, 10**4) for a, b in zip(s.distribution, s.limit))


def test_logit_limit_and_exact_modes():
    phi = [F(0), F(-1), F(0)]
    s = logit_stationary(phi, F(1, 10))
    assert s.mode == (0, 2) and s.stable == (0, 2) and s.limit == (F(1, 2), 0, F(1, 2))   # an exact tie
    s = logit_stationary([F(0), F(1, 10**30), F(0)], F(1, 10))
    assert s.mode == (1,)                           # log 2 + 10^-29 beats 0: binomial 2 wins
    s = logit_stationary([F(0), F(-69314718, 10**9), F(0)], F(1, 10))   # log 2 - 0.69314718 > 0 by 1.8e-9
    assert s.mode == (1,) and s.stable == (0, 2)
    g = AgglomerationGame(20)
    low = logit_stationary(potential(gaps_of(g)), F(1, 1000))
    assert low.mode == low.stable == (5,) and low.distribution[5] > 0.999


# ------------------------------------------------------------------ switches, maps, outputs
def test_switch_tau_p_n2_is_exact():
    g = AgglomerationGame(2)
    (sw,) = selection_switches(g, "tau_p", pair=(0, 2))
    assert sw.exact == sp.Rational(277, 220) and (sw.below, sw.above) == (2, 0)
    at = g.replace(tau_p=F(277, 220)).selection()
    assert at.potential[2] == at.potential[0] and at.maximisers == (0, 2)
    assert g.replace(tau_p=F(277, 220) - F(1, 10**6)).selection().maximisers == (2,)
    assert g.replace(tau_p=F(277, 220) + F(1, 10**6)).selection().maximisers == (0,)


def test_maximiser_switches_n20_change_the_selection():
    g = AgglomerationGame(20)
    sws = selection_switches(g, "Delta_gamma")
    assert [(s.below, s.above) for s in sws] == [(20, 7), (7, 6), (6, 5), (5, 0)]
    for s in sws:
        assert s.exact is not None
        x = sp.N(s.exact, 40)
        below = F(str(sp.N(x - sp.Float("1e-9", 40), 30)))
        above = F(str(sp.N(x + sp.Float("1e-9", 40), 30)))
        assert g.replace(Delta_gamma=below).selection().maximisers == (s.below,)
        assert g.replace(Delta_gamma=above).selection().maximisers == (s.above,)


def test_selection_map_agrees_with_pointwise_selection():
    g = AgglomerationGame(3)
    sm = selection_map(g, ("tau_p", 0, 3, 13), ("Delta_gamma", "-3/8", "3/2", 11), curves=False)
    for i, j in [(0, 0), (4, 7), (12, 10), (6, 3), (9, 9)]:
        point = g.replace(tau_p=F(float(sm.axes[0].values[i])), Delta_gamma=F(float(sm.axes[1].values[j])))
        s = point.selection()
        assert sm.logit[i, j] == (s.maximisers[0] if len(s.maximisers) == 1 else -2)
        assert sm.mistakes[i, j] == (s.mistakes.stable[0] if len(s.mistakes.stable) == 1 else -2)
    assert set(np.unique(sm.classes())) <= {0, 1, 2, 3}


def test_selection_map_plot(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from gametheory.plots.selection_map import selection_rgb

    g = AgglomerationGame(2)
    sm = selection_map(g, ("tau_p", 0, 3, 31), ("Delta_gamma", -0.4, 1.5, 21))
    ax = sm.plot()
    (im,) = [a for a in ax.get_images() if a.get_gid() == "selection"]
    assert np.allclose(im.get_array()[..., :3], selection_rgb(sm))
    assert {ln.get_gid() for ln in ax.get_lines() if ln.get_gid()} == {"D_1", "D_2"}
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("traditional" in t for t in labels) and any("Phi" in t for t in labels)


def test_cli_solve_json_selection(capsys):
    assert main(["solve", "--json", "--exact", "--eta", "1/5", "--epsilon", "1/10"]) == 0
    d = json.loads(capsys.readouterr().out)["selection"]
    assert d["potential"] == ["0", "-74/225", "38/25"] and d["potential_maximisers"] == [2]
    assert d["risk_dominance"]["dominant"] == 2 and d["p_dominance"] == {"0": "208/245", "2": "37/245"}
    assert d["logit"]["noise"] == "1/5" and d["logit"]["stochastically_stable"] == [2]
    # mistakes, epsilon = 1/10: mu ~ C(2, k) 9^S(k), S = (0, -1, 0): (1, 2/9, 1) / (20/9)
    assert d["mistakes"]["distribution"] == ["9/20", "1/10", "9/20"]
    assert d["mistakes"]["stochastic_potential"] == [1, 2, 1]


def test_cli_solve_text_and_errors(capsys):
    assert main(["solve", "-N", "3"]) == 0
    out = capsys.readouterr().out
    assert "Equilibrium selection" in out and "risk-dominant: n_A = 3" in out
    assert main(["solve", "--epsilon", "1/2"]) == 2


def test_cli_regimes_selection_columns(tmp_path):
    out = tmp_path / "m.csv"
    assert main(["regimes", "--x", "tau_p=0:3:7", "--y", "Delta_gamma=-3/8:3/2:5", "-N", "2", "--out", str(out),
                 "--selection"]) == 0
    import pandas as pd

    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(df.columns[-2:]) == ["selected", "selected_mistakes"]
    assert len(df) == 35
    assert set(df.selected) == {"0", "1", "2"} and "tie" in set(df.selected_mistakes)
    for _, row in df.iloc[::4].iterrows():
        g = AgglomerationGame(2, tau_p=F(float(row.tau_p)), Delta_gamma=F(float(row.Delta_gamma)))
        s = g.selection()
        assert row.selected == (str(s.maximisers[0]) if len(s.maximisers) == 1 else "tie")
        assert row.selected_mistakes == (str(s.mistakes.stable[0]) if len(s.mistakes.stable) == 1 else "tie")


def test_selection_proposition():
    from gametheory.analysis.propositions import Propositions
    from gametheory.analysis.selection import selection_proposition

    g = AgglomerationGame(2)
    p = selection_proposition(g, ("tau_p", "e"))
    props = Propositions(g, (p,))
    assert p.at_params["selected"] == [2] and p.at_params["mistakes_stable"] == [0, 2]
    tau = [s for s in p.at_params["switches"] if s["parameter"] == "tau_p"]
    assert tau[0]["exact"] == "277/220"
    text = props.to_text()
    assert "Proposition 1 (Equilibrium selection)" in text and "tau_p* = 277/220" in text
    assert "e* = -33/5 + sqrt(4453)/10" in text
    assert r"\frac{277}{220}" in props.to_latex()


def test_selection_map_of_a_sweep_is_the_selection_map_and_the_paper_figures_share_it(monkeypatch):
    """``selection_map_of`` on the sweep ``selection_map`` would compute gives the same map; it refuses a sweep without
    its gap table; and the paper's regime map and selection map of one N are drawn from one sweep."""
    import matplotlib.pyplot as plt

    from gametheory.analysis import sweeps
    from gametheory.analysis.selection import selection_map, selection_map_of
    from gametheory.analysis.sweeps import Axis, sweep
    from gametheory.plots.paper import figure_specs

    g = AgglomerationGame(5)
    axes = [Axis.linspace(RESOURCE.space, "tau_p", 0, 3, 17),
            Axis.linspace(RESOURCE.space, "Delta_gamma", -0.4, 1.5, 13)]
    direct, of = selection_map(g, *axes), selection_map_of(sweep(g, axes, mixed=False))
    for name in ("logit", "mistakes", "phi_gap"):
        np.testing.assert_array_equal(getattr(direct, name), getattr(of, name))
    assert [(c.k, c.formulas) for c in direct.curves] == [(c.k, c.formulas) for c in of.curves]
    with pytest.raises(ValueError, match="gap table"):
        selection_map_of(sweep(g, axes, mixed=False, gaps=False))
    calls = []
    real = sweeps.sweep
    monkeypatch.setattr(sweeps, "sweep", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    specs = {s.stem: s for s in figure_specs(g, (2,), grid=12)}
    x, y = RESOURCE.map_axes[0]
    for stem in (f"regime_map_{x}_{y}_N2", f"selection_map_{x}_{y}_N2"):
        plt.close(specs[stem].draw())
    assert len(calls) == 1
