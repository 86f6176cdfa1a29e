"""Model files are untrusted input: parsed, never evaluated; every problem is one line and exit status 2."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from gametheory.errors import UserInputError
from gametheory.models.expression import ExpressionModel, parse_expression

GOOD = """
[model]
name = "toy"
[parameters]
a = { default = "1", sign = "positive" }
[payoffs]
A = "{A}"
B = "{B}"
"""


def write(tmp_path, text: str, name="m.toml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text))
    return p


def run(*args):
    r = subprocess.run([sys.executable, "-m", "gametheory", *args], capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


@pytest.mark.parametrize("payoff,token", [
    ("__import__('os').system('echo hacked')", "__import__"),
    ("a.__class__", "a.__class__"),
    ("(lambda: 1)()", "lambda"),
    ("open('/etc/passwd')", "open"),
    ("[1, 2][0]", "[1, 2][0]"),
    ("a if a else 1", "a if a else 1"),
    ("gamma", "unknown name 'gamma'"),
    ("'text'", "'text'"),
    ("a < 1", "comparison"),
    ("sqrt(a, 2)", "sqrt takes 1"),
    ("Max(a)", "Max takes two or more"),
    ("exp(x=1)", "keyword"),
    ("a ** 1000", "exponent 1000"),
    ("a % 2", "operator"),
    ("a // 2", "operator"),
    ("1/0", "division by zero"),
    ("a +", "syntax error"),
    ("(" * 300 + "a" + ")" * 300, "nested"),
    ("a + " * 2600 + "a", "characters long"),
])
def test_bad_payoff_strings_are_refused_naming_the_token(tmp_path, payoff, token):
    with pytest.raises(UserInputError, match=None) as info:
        ExpressionModel(name="t", payoff_A=payoff, payoff_B="a", parameters={"a": 1})
    assert token in str(info.value), str(info.value)
    assert "\n" not in str(info.value)


def test_nothing_is_executed(tmp_path):
    marker = tmp_path / "pwned"
    evil = f"__import__('pathlib').Path('{marker}').write_text('x')"
    p = write(tmp_path, GOOD.replace("{A}", evil.replace('"', "'")).replace("{B}", "a"))
    code, out, err = run("solve", "--model", str(p))
    assert code == 2 and not marker.exists()
    assert err.count("\n") == 1 and "Traceback" not in err and "__import__" in err


@pytest.mark.parametrize("text,msg", [
    ("[model\nname='x'", "malformed TOML"),
    ("[model]\nname = 'x'\n[payoffs]\nA = 'a'\nB = 'a'\n", "declare at least one parameter"),
    ("[model]\nname='x'\n[parameters]\na = { default = '-1', sign = 'positive' }\n[payoffs]\nA='a'\nB='a'\n",
     "a (default) must be > 0"),
    ("[model]\nname='x'\n[parameters]\na = { default = '1', sign = 'weird' }\n[payoffs]\nA='a'\nB='a'\n", "sign must be"),
    ("[model]\nname='x'\n[parameters]\na = { default = '1', colour = 'red' }\n[payoffs]\nA='a'\nB='a'\n", "unknown key"),
    ("[model]\nname='x'\n[parameters]\nn_A = 1\n[payoffs]\nA='1'\nB='1'\n", "reserved"),
    ("[model]\nname='x'\n[parameters]\na = 1\n[payoffs]\nA='a'\n", "exactly A and B"),
    ("[model]\nname='x'\n[parameters]\na = 1\n[payoffs]\nA='a'\nB='a'\n[extra]\nk=1\n", "unknown table"),
    ("[model]\nname='x'\n[parameters]\na = 1\n[payoffs]\nA='a'\nB='a'\n[domain]\nconditions=['a > 2']\n",
     "outside the model's domain"),
    ("[model]\nname='x'\n[parameters]\na = 1\n[payoffs]\nA='1/(n_A - 1)'\nB='a'\n", "undefined with n_A = 1"),
    ("[model]\nname='x'\n[parameters]\na = 1\n[payoffs]\nA='a'\nB='a'\n[domain]\nconditions=['a']\n",
     "one inequality"),
])
def test_bad_model_files_exit_2_with_one_line(tmp_path, text, msg):
    p = write(tmp_path, text)
    code, out, err = run("solve", "--model", str(p), "-N", "3")
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert msg in err, err


def test_missing_folder_and_binary_files(tmp_path):
    for path, msg in ((tmp_path / "nope.toml", "not found"), (tmp_path, "is a folder")):
        code, _, err = run("solve", "--model", str(path))
        assert code == 2 and msg in err
    b = tmp_path / "bin.toml"
    b.write_bytes(b"\xff\xfe\x00binary")
    code, _, err = run("solve", "--model", str(b))
    assert code == 2 and err.count("\n") == 1


def test_model_file_through_every_model_command(tmp_path):
    cong = "examples/congestion.toml"
    code, out, err = run("solve", "--model", cong, "-N", "20", "--json")
    assert code == 0, err
    import json

    sol = json.loads(out)
    assert sol["model"] == "congestion" and sol["pure_equilibria"] == [12]
    assert sol["mixed_equilibria"] == [{"p": pytest.approx(0.6), "stable": True}]
    code, out, err = run("propositions", "--model", cong, "-N", "3", "--format", "json")
    assert code == 0, err
    props = json.loads(out)["propositions"]
    assert [p["configuration"] for p in props[:3]] == [3, 0, "split"]
    out_csv = tmp_path / "r.csv"
    code, out, err = run("regimes", "--model", cong, "--x", "beta=0:2:5", "--y", "e=-1:1:5", "-N", "4",
                         "--out", str(out_csv))
    assert code == 0, err
    rows = out_csv.read_text().splitlines()
    assert rows[0] == "beta,e,pure_equilibria,mixed_equilibria,regime" and len(rows) == 26
    code, out, err = run("verify", "--model", cong, "--draws", "4")
    assert code == 0 and "all methods agree" in out


def test_parse_expression_is_exact():
    import sympy as sp

    a = sp.Symbol("a")
    e = parse_expression("0.1 * a + 1/3", {"a": a})
    assert e == sp.Rational(1, 10) * a + sp.Rational(1, 3)
