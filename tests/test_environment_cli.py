"""The welfare and policy commands: exact JSON contracts, model selection, one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest

from gametheory.cli import main


def run(*args):
    r = subprocess.run([sys.executable, "-m", "gametheory", *args], capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def test_welfare_json_contract(capsys):
    assert main(["welfare", "-N", "20", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert {"n_firms", "params", "table", "equilibria", "optimum", "price_of_anarchy", "price_of_stability",
            "inefficiency"} <= set(d)
    assert d["n_firms"] == 20 and d["equilibria"] == [5, 20] and d["optimum"] == [3]
    assert [row["k"] for row in d["table"]] == list(range(21))
    assert set(d["table"][0]) == {"k", "W", "CS", "PS", "R", "Dmg", "X_A", "X_B", "equilibrium", "optimal"}
    assert round(d["table"][0]["W"], 4) == 55.1193 and round(d["table"][20]["W"], 4) == 49.7696
    assert [r["k"] for r in d["table"] if r["optimal"]] == [3]
    assert [r["k"] for r in d["table"] if r["equilibrium"]] == [5, 20]
    assert d["inefficiency"] == ["over_agglomeration_A"]
    assert d["price_of_anarchy"] == pytest.approx(d["table"][3]["W"] / d["table"][20]["W"], rel=1e-15)


def test_welfare_exact_and_pigouvian(capsys):
    assert main(["welfare", "--json", "--exact"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["table"][0]["W"] == "11188/225" and d["table"][2]["W"] == "10267/225"
    assert d["price_of_anarchy"] == "11188/10267" and d["price_of_stability"] == "1"
    assert main(["welfare", "-N", "20", "-p", "t_A=1/2", "-p", "t_B=1/4", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["equilibria"] == [5] and d["optimum"] == [4] and d["inefficiency"] == []
    assert main(["welfare", "--exact"]) == 0
    assert "k = 0 (equilibrium, optimal): W = 11188/225" in capsys.readouterr().out


def test_price_of_anarchy_undefined_when_welfare_not_positive(capsys):
    # a large damage in B makes W(0) negative: the prices that involve it are undefined (null)
    assert main(["welfare", "-p", "delta_B=10", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["table"][0]["W"] < 0 and 0 in d["equilibria"]
    assert d["price_of_anarchy"] is None


def test_policy_json_contract(capsys):
    assert main(["policy", "--target", "traditional", "--instrument", "t_A", "-N", "20", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["target"] == 20 and d["instruments"] == ["t_A"]
    assert d["equilibrium_set"] == [[-1.4, pytest.approx(0.13009606024170228, abs=1e-12)]]
    assert d["equilibrium_set_exact"] == [["-7/5", "-831/1795 + 6*sqrt(31478)/1795"]]
    assert d["unique_set_exact"] == [["-7/5", "337923/160379 - 14*sqrt(779621806)/160379"]]
    assert d["pigouvian"]["equilibria"] == [5] and d["pigouvian"]["optimum"] == [4]
    assert main(["policy", "--target", "0", "--instrument", "t_A", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["equilibrium_set"][-1][1] is None and d["equilibrium_set_exact"][-1][1] is None   # unbounded above
    assert main(["policy", "--target", "optimum", "--instrument", "t_B", "--range=-1:1/2", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["target"] == 0 and d["equilibrium_set_exact"] == [["-1", "37/710"]]
    assert Fraction(d["equilibrium_set_exact"][0][1]) == Fraction(37, 710)


def test_policy_two_instruments(capsys):
    assert main(["policy", "--instrument", "t_A", "--instrument", "t_B", "--range=-1:3", "--range=-1:3",
                 "--grid", "30", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["instruments"] == ["t_A", "t_B"] and len(d["equilibrium_set"]) == 2
    assert d["region"]["grid"] == [30, 30] and d["region"]["boundary"][0]["k"] == 1


def test_environment_parameters_select_the_environment_model(capsys):
    assert main(["solve", "-p", "t_A=1/2", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["model"] == "environment" and d["params"]["t_A"] == 0.5
    assert main(["solve", "--model", "environment", "-N", "20", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["model"] == "environment" and d["pure_equilibria"] == [5, 20]
    assert main(["solve", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["model"] == "resource"
    assert main(["welfare", "--model", "resource", "--json"]) == 0       # no damage, no taxes: R = Dmg = 0
    d = json.loads(capsys.readouterr().out)
    assert d["model"] == "resource" and all(r["Dmg"] == 0 for r in d["table"])


@pytest.mark.parametrize("args,message", [
    (["policy", "--target", "foo"], "unknown target 'foo'"),
    (["policy", "--target", "3"], "outside 0..N = 2"),
    (["policy", "--instrument", "nope"], "unknown instrument 'nope'"),
    (["policy", "--range", "2:1"], "empty or reversed"),
    (["policy", "--range", "1:1"], "empty or reversed"),
    (["policy", "--range", "x"], "LO:HI"),
    (["policy", "-p", "delta_A=-1"], "delta_A must be >= 0"),
    (["policy", "-p", "epsilon=-1/2"], "epsilon must be >= 0"),
    (["welfare", "-p", "epsilon=-1"], "epsilon must be >= 0"),
    (["policy", "--range=-9:-5"], "outside the model's domain"),
    (["policy", "--instrument", "t_A", "--instrument", "t_B", "--instrument", "e"], "at most 2"),
    (["welfare", "-p", "t_A=-3"], "c + epsilon*t_A - e - gamma_A"),
])
def test_bad_input_is_one_line_exit_2(args, message):
    code, out, err = run(*args)
    assert code == 2, (out, err)
    assert message in err and err.startswith(f"gametheory {args[0]}: error:")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
