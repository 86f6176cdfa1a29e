"""Issue 10: the Python API of ``gametheory.models.neg`` (``gt.neg``): lazy exports, frozen results whose
``as_dict()`` is the command line's JSON and ``to_text()`` its report, plots that only draw."""

import dataclasses
import json

import numpy as np
import pytest

from gametheory.cli import main
from gametheory.errors import UserInputError
from gametheory.models import neg


def cli(capsys, *args):
    assert main(["neg", *args]) == 0
    return capsys.readouterr().out


def test_exports_are_lazy(fresh_python):
    code = ("import sys, gametheory.models.neg as neg; "
            "assert 'numpy' not in sys.modules and 'gametheory.models.neg.core_periphery' not in sys.modules; "
            "cp = neg.CorePeriphery(mu=0.4, sigma=5); "
            "assert 'gametheory.models.neg.core_periphery' in sys.modules; print(cp.break_point())")
    r = fresh_python(code)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "Threshold(kind='break', T=1.62658, phi=0.142857)"
    assert set(neg.__all__) <= set(dir(neg))
    with pytest.raises(AttributeError):
        neg.NoSuchModel


@pytest.mark.parametrize("name,args,T", [
    ("core-periphery", ["-p", "mu=0.4", "-p", "sigma=5"], "1.7"),
    ("core-periphery", [], None),
    ("footloose-entrepreneur", ["-p", "sigma=4"], "1.3"),
    ("linear", [], "0.3"),
    ("linear", ["-p", "L=1"], None),               # no threshold: nulls
    ("resource", ["-p", "N=20"], "1"),
])
def test_results_are_what_the_cli_prints(capsys, name, args, T):
    model = neg.make_model(name, [a for a in args if a != "-p"])
    result = model.summary(None if T is None else float(T))
    extra = [] if T is None else ["--T", T]
    assert json.loads(cli(capsys, name, *args, *extra, "--json")) == json.loads(json.dumps(result.as_dict()))
    assert cli(capsys, name, *args, *extra) == result.to_text() + "\n"


def test_json_keeps_the_fields_of_the_issue(capsys):
    out = json.loads(cli(capsys, "core-periphery", "--T", "1.5", "--json"))
    assert list(out)[:7] == ["model", "params", "axis", "phi_break", "phi_sustain", "T_break", "T_sustain"]
    assert {"closed_form", "T", "phi", "equilibria", "log_phi_break", "log_phi_sustain", "log_phi"} <= set(out)
    assert out["closed_form"]["phi_break"] == pytest.approx(1 / 7, rel=1e-15)
    lin = json.loads(cli(capsys, "linear", "--T", "0.3", "--json"))
    assert lin["phi_break"] is None and lin["closed_form"] == {"T_break": pytest.approx(14 / 31), "T_sustain": pytest.approx(14 / 31)}


def test_results_are_frozen_with_short_reprs():
    cp = neg.CorePeriphery(mu=0.4, sigma=5)
    eqs = cp.equilibria(T=1.7)
    assert repr(eqs) == "Equilibria(T=1.7, lambdas=[0, 0.165113, 0.5, 0.834887, 1], stable=[True, False, True, False, True])"
    assert repr(cp.summary()) == "Summary(model='core-periphery', T_break=1.62658, T_sustain=1.80731)"
    assert repr(eqs[1]) == "Equilibrium(lam=0.165113, stable=False)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        eqs.T = 2.0
    assert len(eqs) == 5 and [e.stable for e in eqs] == list(eqs.stable)
    assert eqs._repr_markdown_() == "```text\n" + eqs.to_text() + "\n```"
    b = cp.break_point()
    assert b.as_dict() == {"kind": "break", "T": b.T, "phi": b.phi, "log_phi": b.log_phi,
                           "closed_form": {"phi": b.closed_form, "log_phi": b.closed_form_log_phi}}
    assert b.T == pytest.approx(7 ** 0.25, rel=1e-14) and b.closed_form == pytest.approx(1 / 7, rel=1e-15)


def test_tomahawk_wiggle_short_run_results():
    cp = neg.CorePeriphery(mu=0.4, sigma=5)
    tk = cp.tomahawk(phi=np.linspace(0.05, 0.3, 12))
    d = json.loads(tk.to_json())
    assert d["axis"] == "phi" and d["break"] == pytest.approx(1 / 7) and d["T_break"] == pytest.approx(7 ** 0.25)
    assert all(len(br["x"]) == len(br["lambda"]) for br in d["branches"])
    tkT = cp.tomahawk(T=np.linspace(1.5, 2.0, 12))
    assert tkT.axis == "T" and tkT.break_x == pytest.approx(7 ** 0.25, rel=1e-14)
    wg = cp.wiggle(T=[2.1, 1.7, 1.5])
    assert [len(e) for e in wg.equilibria] == [1, 5, 3] and wg.phi[0] == pytest.approx(2.1 ** -4)
    sr = cp.short_run([0.5, 1.0], T=1.7)
    assert sr["w1"] == pytest.approx([1.0, 1.0], abs=1e-14) and sr["G2"][1] == pytest.approx(1.7, rel=1e-14)
    assert json.loads(sr.to_json())["lambda"] == [0.5, 1.0]


def test_trade_cost_arguments_are_checked():
    cp, lin = neg.CorePeriphery(), neg.LinearOTT()
    with pytest.raises(UserInputError, match="give the transport cost T"):
        cp.equilibria()
    with pytest.raises(UserInputError, match="give one of"):
        cp.equilibria(T=2, phi=0.1)
    with pytest.raises(UserInputError, match="no freeness of trade"):
        lin.equilibria(phi=0.5)
    with pytest.raises(UserInputError, match="T must be a finite number > 1"):
        cp.equilibria(T=float("inf"))
    with pytest.raises(UserInputError, match=r"phi must lie in \(0, 1\)"):
        cp.equilibria(phi=1.0)
    assert cp.equilibria(log_phi=-1e6).lambdas == (0.5,)          # phi = exp(-1e6): autarky


def test_plots_only_draw(monkeypatch):
    """The drawing functions take computed results and an optional ax; they compute nothing."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from gametheory.models.neg import continuum
    from gametheory.plots.neg import cp_tomahawk_figure, cp_wiggle_figure, plot_tomahawk, plot_wiggle

    cp = neg.CorePeriphery(mu=0.4, sigma=5)
    tk, wg = cp.tomahawk(phi=np.linspace(0.02, 0.5, 15)), cp.wiggle(T=[2.1, 1.7])

    def boom(*a, **k):
        raise AssertionError("a plot function computed")

    for name in ("equilibria", "break_point", "sustain_point", "tomahawk", "wiggle"):
        monkeypatch.setattr(continuum, name, boom)
    monkeypatch.setattr(continuum.ContinuumModel, "gap", boom)
    monkeypatch.setattr(type(cp), "gap", boom)
    monkeypatch.setattr(type(cp), "omega", boom)
    fig, (a1, a2) = plt.subplots(1, 2)
    assert plot_tomahawk(tk, ax=a1) is a1 and plot_wiggle(wg, ax=a2) is a2
    assert len(a1.lines) > 4 and len(a2.lines) > 4
    assert cp_tomahawk_figure(tk).axes and cp_wiggle_figure(wg).axes
    plt.close("all")
