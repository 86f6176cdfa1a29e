"""Derived propositions: conditions, thresholds and comparative statics checked against the numbers."""

import json
import shutil
import subprocess
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.analysis.incentives import incentive
from gametheory.analysis.propositions import derive_propositions
from gametheory.analysis.thresholds import incentive_thresholds
from gametheory.game import AgglomerationGame
from gametheory.models.agglomeration import RESOURCE

from .strategies import model_params

F = Fraction


def D(N, k, params):
    g = AgglomerationGame(N, params)
    return g.payoff_A(k) - g.payoff_B(k - 1)


@pytest.fixture(scope="module")
def props2():
    return derive_propositions(AgglomerationGame(2))


def test_rational_threshold_is_exact(props2):
    (th,) = [t for t in props2["traditional"].thresholds if t.parameter == "tau_p"]
    assert th.exact == sp.Rational(701, 485)
    p = RESOURCE.defaults().replace(tau_p=F(701, 485))
    assert D(2, 2, p) == 0                                    # exactly on the threshold
    assert D(2, 2, p.replace(tau_p=F(701, 485) - F(1, 10**6))) > 0 > D(2, 2, p.replace(tau_p=F(701, 485) + F(1, 10**6)))
    assert not th.increasing


@pytest.mark.parametrize("N,k,par", [(2, 1, "tau_p"), (2, 1, "Delta_gamma"), (2, 2, "tau_r"), (20, 20, "tau_p"),
                                     (20, 1, "Delta_gamma"), (5, 3, "e")])
def test_thresholds_are_sign_changes(N, k, par):
    ths = incentive_thresholds(AgglomerationGame(N), k, par)
    assert ths, "these incentives do change sign in range"
    for th in ths:
        v = sp.N(th.exact, 40) if th.exact is not None else sp.Float(th.value, 40)
        lo = Fraction(str(sp.N(v - sp.Float("1e-9", 40), 30)))
        hi = Fraction(str(sp.N(v + sp.Float("1e-9", 40), 30)))
        below, above = D(N, k, RESOURCE.defaults().replace(**{par: lo})), D(N, k, RESOURCE.defaults().replace(**{par: hi}))
        assert below * above < 0
        assert (below < 0) == th.increasing


def test_checked_threshold_values(props2):
    th = {t.parameter: t for t in props2["zero_resource"].thresholds}
    assert sp.simplify(th["tau_p"].exact - (sp.Rational(63, 20) - sp.sqrt(2145) / 20)) == 0
    assert th["tau_r"].exact == sp.Rational(196, 355)
    assert props2["traditional"].at_params["no_threshold"]["Delta_gamma"] == ["-2/5", "21/10"]


@settings(max_examples=15, deadline=None)
@given(params=model_params(), N=st.integers(2, 6))
def test_derived_conditions_decide_the_patterns(params, N):
    game = AgglomerationGame(N, params)
    pure = game.pure_equilibria()
    subs = params.subs()
    for k, rel, pattern in ((N, ">=", N), (1, "<=", 0)):
        local = incentive(RESOURCE, N, k, (game.regime_at(k), game.regime_at(k - 1)))
        assert local.condition(rel).holds_at(subs) == (pattern in pure)
        interior = incentive(RESOURCE, N, k)
        if all(c.holds_at(subs) for c in interior.domain):
            assert interior.condition(rel).holds_at(subs) == (pattern in pure)


def test_comparative_statics_proved_signs_hold_numerically():
    base = RESOURCE.defaults().replace(a_A=10)  # every firm serves both markets here (checked below)
    props = derive_propositions(AgglomerationGame(3, base))
    table = props["comparative_statics"].table
    assert (table["tau_r"][1].sign, table["tau_r"][1].how) == (1, "proved")
    assert table["e"][3].sign == 1 and table["Delta_gamma"][1].sign == -1
    for par, per_k in table.items():
        for k, entry in per_k.items():
            if entry.how != "proved" or entry.sign in (None, 0, "both"):
                continue
            h = F(1, 1000)
            up, down = base.replace(**{par: base.get_any(par) + h}), base.replace(**{par: base.get_any(par) - h})
            # the interior formula applies at the base point
            assert all(c.holds_at(base.subs()) for c in incentive(RESOURCE, 3, int(k)).domain)
            assert (D(3, int(k), up) - D(3, int(k), down)) * entry.sign > 0


def test_outputs(props2, tmp_path):
    data = json.loads(props2.to_json())
    assert [p["key"] for p in data["propositions"]] == ["traditional", "zero_resource", "split", "regimes", "mixed",
                                                         "comparative_statics", "selection"]
    assert data["propositions"][4]["at_params"]["mixed_equilibria"][0]["exact"] == "37/245"
    assert data["propositions"][3]["at_params"]["regime"] == "coordination"
    text = props2.to_text()
    assert "701/485" in text and "p = 37/245 (unstable)" in text
    # a threshold is stated with the regime that holds at it (here B's firms do not export to A)
    line = next(l for l in text.splitlines() if "701/485" in l)
    assert "market A served by only firms in A" in line
    for item in data["propositions"]:
        assert item["configuration"] == {"traditional": 2, "zero_resource": 0, "split": "split"}.get(item["key"])
    tex = props2.to_latex()
    assert tex.count(r"\begin{proposition}") == 7 == tex.count(r"\end{proposition}")
    assert r"\frac{701}{485}" in tex
    md = props2.to_markdown()
    assert md.startswith("# Propositions, N = 2")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_fragment_compiles(props2, tmp_path):
    (tmp_path / "props.tex").write_text(props2.to_latex())
    (tmp_path / "doc.tex").write_text("\\documentclass{article}\\usepackage{amsmath,amssymb}"
                                      "\\newtheorem{proposition}{Proposition}"
                                      "\\begin{document}\\input{props}\\end{document}\n")
    r = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout[-3000:]


@pytest.mark.parametrize("N,k,par", [(2, 2, "tau_p"), (2, 1, "Delta_gamma"), (20, 20, "tau_p")])
def test_threshold_sensitivities_match_finite_differences(N, k, par):
    base = RESOURCE.defaults()
    (th,) = incentive_thresholds(AgglomerationGame(N, base), k, par, sensitivities=True)
    assert th.sensitivities
    for s in th.sensitivities:
        h = F(1, 10**5)
        phi = s["parameter"]
        up = incentive_thresholds(AgglomerationGame(N, base.replace(**{phi: base.get_any(phi) + h})), k, par)
        down = incentive_thresholds(AgglomerationGame(N, base.replace(**{phi: base.get_any(phi) - h})), k, par)
        fd = (up[0].value - down[0].value) / (2 * float(h))
        assert s["derivative"] == pytest.approx(fd, rel=1e-4, abs=1e-6), phi
        assert s["sign_at_threshold"] == (1 if s["derivative"] > 0 else -1 if s["derivative"] < 0 else 0)
        if s["sign"] in ("+", "-", "0"):   # a sign proved on the regime's threshold surface holds here too
            assert s["sign"] == {1: "+", -1: "-", 0: "0"}[s["sign_at_threshold"]]
