"""`gametheory verify`: agreement on random draws, and a detected disagreement when a method is broken."""

import pytest

from gametheory.analysis.verification import verify
from gametheory.cli import main


def test_all_methods_agree_on_random_draws():
    report = verify(draws=12, seed=7)
    assert report.ok, report.text()
    assert report.checks["brute-force deviations (independent payoffs) vs numeric table"] == 12
    assert report.checks["mixed equilibria: exact roots vs certified float roots"] == 12
    assert report.checks["bimatrix solver (pure profiles) vs numeric table"] == 6


def test_a_broken_method_is_caught(monkeypatch, capsys):
    from gametheory.models.point import ModelPoint

    real = ModelPoint.pure_equilibria
    monkeypatch.setattr(ModelPoint, "pure_equilibria", lambda self: real(self)[:-1] or [0, 1])
    assert main(["verify", "--draws", "3", "--seed", "1"]) == 1
    out = capsys.readouterr().out
    assert "DISAGREEMENT" in out and "reproduce: gametheory solve -N" in out
    assert "condition D_" in out and " vs n_A = " in out          # a lazy detail, formatted for the report


@pytest.mark.parametrize("args", [["verify", "--draws", "0"], ["verify", "--max-firms", "2"]])
def test_bad_arguments(args, capsys):
    assert main(args) == 2


def test_a_model_file_verifies(tmp_path):
    from gametheory.models.expression import ExpressionModel

    model = ExpressionModel.from_file("examples/congestion.toml")
    report = verify(model, draws=8, seed=3)
    assert report.ok, report.text()
    assert report.model == "congestion" and report.checks["bimatrix solver (pure profiles) vs numeric table"] == 4
