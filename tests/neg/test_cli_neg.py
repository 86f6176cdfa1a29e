"""``gametheory neg``: the JSON form of the issue, text output, one-line errors with exit status 2."""

import json
import subprocess
import sys

import pytest

from gametheory.cli import main


def run_json(capsys, *args):
    assert main(["neg", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_core_periphery_json(capsys):
    out = run_json(capsys, "core-periphery", "--param", "mu=0.4", "--param", "sigma=5", "--T", "1.5")
    assert {"phi_break", "phi_sustain", "T_break", "T_sustain", "equilibria"} <= set(out)
    assert out["phi_break"] == pytest.approx(1 / 7, abs=1e-8)
    assert out["T_break"] == pytest.approx(7 ** 0.25, abs=1e-8)
    assert out["T_sustain"] == pytest.approx(1.8073127199, abs=1e-8)
    assert out["phi"] == pytest.approx(1.5 ** -4)
    assert out["equilibria"] == [{"lambda": 0.0, "stable": True}, {"lambda": 0.5, "stable": False},
                                 {"lambda": 1.0, "stable": True}]


def test_hysteresis_band_and_fractions(capsys):
    out = run_json(capsys, "core-periphery", "-p", "mu=2/5", "-p", "sigma=5", "--T", "17/10")
    assert [e["stable"] for e in out["equilibria"]] == [True, False, True, False, True]
    out = run_json(capsys, "core-periphery", "--T", "2.1")  # defaults mu = 0.4, sigma = 5
    assert out["equilibria"] == [{"lambda": 0.5, "stable": True}]


def test_other_models_json(capsys):
    fe = run_json(capsys, "footloose-entrepreneur")
    assert fe["phi_break"] == pytest.approx(23 / 33, abs=1e-8) and "equilibria" not in fe
    lin = run_json(capsys, "linear", "--T", "0.3")
    assert lin["phi_break"] is None and lin["phi_sustain"] is None
    assert lin["T_break"] == pytest.approx(14 / 31, abs=1e-8) == lin["T_sustain"]
    res = run_json(capsys, "resource", "--param", "N=20", "--T", "1")
    assert res["phi_break"] is None and res["params"]["N"] == 20
    assert [e["stable"] for e in res["equilibria"]] == [True, False, True] and res["equilibria"][-1]["lambda"] == 1.0


def test_text_output(capsys):
    assert main(["neg", "core-periphery", "--T", "1.7"]) == 0
    text = capsys.readouterr().out
    assert "break point:    T = 1.626576562" in text and text.count("unstable") == 2


@pytest.mark.parametrize("args,message", [
    (["core-periphery", "--param", "tau=3"], "unknown parameter 'tau' for model core-periphery (known: mu, sigma)"),
    (["core-periphery", "--param", "mu=0.9"], "no-black-hole"),
    (["core-periphery", "--param", "mu=x"], "malformed value"),
    (["core-periphery", "--param", "mu"], "NAME=VALUE"),
    (["core-periphery", "-p", "mu=0.3", "-p", "mu=0.2"], "more than once"),
    (["core-periphery", "--T", "0.9"], "--T must be > 1"),
    (["linear", "--T", "2"], "--T must be <= 0.5"),
    (["linear", "--T", "0.5"], "T must lie in (0, 0.5) for model linear"),
    (["resource", "--param", "tau_p=1"], "--T"),
    (["resource", "--param", "N=2.5"], "integer"),
])
def test_bad_input_exits_2(capsys, args, message):
    assert main(["neg", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and err.startswith("gametheory neg: error:")


def test_subprocess_unknown_model():
    r = subprocess.run([sys.executable, "-m", "gametheory", "neg", "krugman"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_cli_lists_every_registered_model():
    from gametheory.cli.neg import _MODELS
    from gametheory.models.neg import MODELS

    assert _MODELS == tuple(MODELS)
