"""``gametheory path`` and ``gametheory deplete``: the JSON and CSV contracts, and one-line errors (exit 2)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from gametheory.cli import main


def run(*args):
    r = subprocess.run([sys.executable, "-m", "gametheory", *args], capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout, r.stderr


def test_path_json_checked_values(capsys, tmp_path):
    out = tmp_path / "path.csv"
    assert main(["path", "--along", "e=0.6:-0.6:60", "--back", "-N", "20", "--json", "--out", str(out)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["along"] == "e" and d["start"] == 20 and d["n_steps"] == 60
    assert len(d["steps"]) == 122 and d["steps"][-1] == {"direction": "back", "value": 0.6, "n_A": 20}
    sw = [(s["direction"], s["value"], s["from"], s["to"]) for s in d["switches"]]
    assert sw == [("forward", 0.06, 20, 5), ("forward", -0.42, 5, 0), ("back", -0.36, 0, 5), ("back", 0.32, 5, 6),
                  ("back", 0.48, 6, 7), ("back", 0.54, 7, 20)]
    assert d["switches"][0]["threshold"]["value"] == pytest.approx(0.0699039398, abs=1e-9)
    assert {h["n_A"]: h["intervals"] for h in d["hysteresis"]}[20] == [[0.06, 0.54]]
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 122 and rows[27] == {"direction": "forward", "step": "27", "value": "0.06",
                                             "value_exact": "3/50", "n_A": "5"}


def test_path_text_and_start_words(capsys):
    assert main(["path", "--along", "Delta_gamma=0:1:4", "--start", "zero-resource", "--no-thresholds"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Path of the resource agglomeration game (N = 20) along Delta_gamma from 0 to 1 in 4 steps")
    assert "from n_A = 0" in text


def test_deplete_json_checked_values(capsys, tmp_path):
    out = tmp_path / "run.csv"
    assert main(["deplete", "--json", "--out", str(out)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["dissolution"] == 15 and d["critical_stock"] == pytest.approx(104.8559096, abs=1e-7)
    assert [p["n_A"] for p in d["periods"]] == [20] * 15 + [5] * 25
    assert d["periods"][15]["e"] == pytest.approx(0.0659574, abs=1e-7) and d["periods"][23]["S"] == 0
    assert set(d["periods"][0]) == {"t", "S", "e", "n_A", "W", "X"}
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 40 and rows[15]["n_A"] == "5" and float(rows[23]["S"]) == 0.0


def test_deplete_options(capsys):
    assert main(["deplete", "--T", "60", "--rho", "0.1", "--zeta", "0.1", "--eta", "1/2", "--moves", "2",
                 "--start", "10", "-N", "10"]) == 0
    text = capsys.readouterr().out
    assert "S0 = 300, zeta = 1/10, rho = 1/10, eta = 1/2, T = 60" in text and "at most 2 moves a period" in text


@pytest.mark.parametrize("args,message", [
    (["path", "--along", "e=0.5:0.5:10"], "empty: FROM = TO"),
    (["path", "--along", "e=0:1:0"], "STEPS >= 1"),
    (["path", "--along", "foo=0:1:10"], "unknown parameter 'foo'"),
    (["path", "--along", "e=0:1:10", "-p", "bar=1"], "unknown parameter 'bar'"),
    (["path", "--along", "e=0:1:10", "--start", "21"], "0 to N = 20"),
    (["path", "--along", "e=0:2:10"], "leaves the model's domain at step 8 (e = 1.6)"),
    (["path", "--along", "tau_p=1:-1:4"], "step 3 (tau_p = -0.5)"),
    (["deplete", "--S0", "0"], "--S0 (the initial stock) must be > 0"),
    (["deplete", "--T", "0"], "--T must be an integer >= 1"),
    (["deplete", "--zeta", "-1"], "--zeta must be >= 0"),
    (["deplete", "--rho", "-0.1"], "--rho must be >= 0"),
    (["deplete", "--moves", "-1"], "--moves must be an integer >= 0"),
    (["deplete", "--start", "21"], "0 to N = 20"),
    (["deplete", "-p", "foo=1"], "unknown parameter 'foo'"),
])
def test_bad_input_is_one_line_exit_2(args, message):
    code, out, err = run(*args)
    assert code == 2, err
    assert message in err and err.startswith(f"gametheory {args[0]}: error:")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and out == ""


@pytest.mark.parametrize("args,message", [
    (["path", "--along", "e=0:1"], "NAME=FROM:TO:STEPS"),
    (["path", "--along", "e=0:1:2.5"], "STEPS must be an integer"),
    (["path", "--along", "e=0:1:10", "-p", "e=1"], "both the path's parameter"),
    (["path", "--along", "Delta_gamma=0:1:10", "-p", "gamma_B=1"], "both the path's parameter"),
    (["path", "--along", "e=0:1:10", "--start", "some"], "expected an integer 0..20"),
    (["path", "--along", "e=0:1:10", "--out", "/nonexistent/x.csv"], "does not exist"),
    (["path", "--along", "e=0:1:10", "--out", "x.txt"], "must end in .csv"),
    (["deplete", "--T", "2.5"], "--T must be an integer"),
    (["deplete", "--S0", "abc"], "malformed value"),
    (["deplete", "--eta", "-1"], "--eta must be >= 0"),
    (["deplete", "-p", "c=1.9", "-p", "gamma_A=1.9", "-p", "e=-0.2"], "falls to 0"),
])
def test_more_bad_input(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_model_files(tmp_path, capsys):
    no_e = tmp_path / "no_e.toml"
    no_e.write_text('[model]\nname = "crowd"\n[parameters]\na = { default = "1", sign = "positive" }\n'
                    '[payoffs]\nA = "a - n_A / N"\nB = "1 - n_B / N"\n')
    assert main(["deplete", "--model", str(no_e)]) == 2
    assert "no parameter e" in capsys.readouterr().err
    with_e = tmp_path / "with_e.toml"
    with_e.write_text('[model]\nname = "toy"\n[parameters]\ne = { default = "1/5", sign = "any" }\n'
                      '[payoffs]\nA = "1 + e - n_A / N"\nB = "1 - n_B / N"\n')
    assert main(["deplete", "--model", str(with_e)]) == 2
    assert "does not define welfare" in capsys.readouterr().err
    assert main(["path", "--model", str(with_e), "--along", "e=1:-1:8", "-N", "6", "--back", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["model"] == "toy" and len(d["steps"]) == 18
