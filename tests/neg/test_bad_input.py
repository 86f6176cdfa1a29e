"""Issue 14 end to end: ``gametheory neg ...`` exits 0 with a correct answer or 2 with one line.

Never a traceback, never a warning on standard error.  The cases of the issue run as subprocesses
(``python -m gametheory neg``, about 0.5 s each); further cases through :func:`gametheory.cli.main`.
"""

import json
import math
import subprocess
import sys

import pytest

from gametheory.cli import main


def run(*args):
    r = subprocess.run([sys.executable, "-m", "gametheory", "neg", *args], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in r.stderr and "Warning" not in r.stderr, r.stderr
    return r


def refused(*args, match: str):
    r = run(*args)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("gametheory neg: error:") and match in r.stderr, r.stderr


def answer(*args):
    r = run(*args, "--json")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    return json.loads(r.stdout)


def answer_in_process(capsys, *args):
    assert main(["neg", *args, "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


def cp_break(mu, sigma):  # FKV (5.26)
    return (sigma - 1 - sigma * mu) * (1 - mu) / ((sigma - 1 + sigma * mu) * (1 + mu))


@pytest.mark.parametrize("sigma,T", [(200, "2"), (1000, "3")])
def test_large_sigma_is_solved(sigma, T):
    out = answer("core-periphery", "-p", f"sigma={sigma}", "--T", T)
    assert out["phi_break"] == pytest.approx(cp_break(0.4, sigma), rel=1e-13)
    assert out["phi_sustain"] == pytest.approx(out["closed_form"]["phi_sustain"], rel=1e-13)
    assert out["log_phi"] == pytest.approx(-(sigma - 1) * math.log(float(T)), rel=1e-15)
    assert out["equilibria"] == [{"lambda": 0.5, "stable": True}]       # phi = 3^-999 (underflows): autarky


def test_huge_T_within_the_parser_range_is_solved():
    out = answer("core-periphery", "--T", "1e12")
    assert out["phi"] == pytest.approx(1e-48, rel=1e-12) and out["equilibria"] == [{"lambda": 0.5, "stable": True}]


def test_T_next_to_free_trade_is_solved(capsys):
    out = answer_in_process(capsys, "core-periphery", "-p", "sigma=1000000000000", "--T", "1.000000000001")
    assert [(e["lambda"], e["stable"]) for e in out["equilibria"]] == [(0.0, True), (0.5, False), (1.0, True)]
    assert out["log_phi"] == pytest.approx(-(1e12 - 1) * 1e-12, rel=1e-9)


def test_thresholds_beyond_the_float_range(capsys):
    out = answer_in_process(capsys, "core-periphery", "-p", "mu=0.00001", "-p", "sigma=1.0001")
    assert out["T_break"] is None and out["log_phi_break"] == pytest.approx(math.log(cp_break(1e-5, 1.0001)), rel=1e-13)
    assert main(["neg", "core-periphery", "-p", "mu=0.00001", "-p", "sigma=1.0001"]) == 0
    assert "break point:    T = exp(2007.10897" in capsys.readouterr().out


def test_footloose_entrepreneur_large_sigma(capsys):
    out = answer_in_process(capsys, "footloose-entrepreneur", "-p", "sigma=1000", "--T", "2")
    a, b = 0.4 / 999, 0.4 / 1000
    assert out["phi_break"] == pytest.approx((1 - a) * (1 - b) / ((1 + a) * (1 + b)), rel=1e-13)
    assert out["equilibria"] == [{"lambda": 0.5, "stable": True}]


def test_linear_tiny_threshold(capsys):
    out = answer_in_process(capsys, "linear", "-p", "L=1000000000000", "--T", "1e-12")
    assert out["T_break"] == pytest.approx(out["closed_form"]["T_break"], rel=1e-13) == pytest.approx(7e-12, rel=1e-10)
    assert [(e["lambda"], e["stable"]) for e in out["equilibria"]] == [(0.0, True), (0.5, False), (1.0, True)]


@pytest.mark.parametrize("args,match", [
    (["core-periphery", "--T", "1e300"], "--T: 1e300 is out of range"),
    (["core-periphery", "--T", "1e400"], "--T: 1e400 is out of range"),
    (["core-periphery", "-p", "sigma=1e400"], "sigma: 1e400 is out of range"),
    (["resource", "-p", "N=10000000"], "N = 10000000 is above 100,000"),
    (["footloose-entrepreneur", "-p", "mu=0.01", "-p", "sigma=1000", "--T", "1.00000004006008090386184"],
     "too close to the sustain and break points"),
])
def test_refused_in_one_line(args, match):
    refused(*args, match=match)


@pytest.mark.parametrize("args,match", [
    (["core-periphery", "--T", "nan"], "--T: malformed value 'nan'"),
    (["core-periphery", "--T", "1"], "--T must be > 1"),
    (["linear", "--T", "0.5"], "T must lie in (0, 0.5) for model linear"),
    (["linear", "--T", "0"], "--T must be > 0"),
    (["resource", "--T", "-1"], "--T must be >= 0"),
    (["footloose-entrepreneur", "-p", "sigma=1000000000000"], "beyond what double precision resolves"),
    (["core-periphery", "-p", "mu=0.79999999999999"], "of the black hole"),
])
def test_refused_in_one_line_in_process(capsys, args, match):
    assert main(["neg", *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("gametheory neg: error:") and match in err, err


def test_linear_parameters_beyond_the_float_range_are_refused():
    """Not reachable from the command line (its values stay within 1e-12..1e12, tau_trade >= 1e-60)."""
    from gametheory.errors import DomainError
    from gametheory.models.neg import LinearOTT

    with pytest.raises(DomainError, match="leaves the float range"):
        LinearOTT(alpha=1e-200, phi=1e-200)
