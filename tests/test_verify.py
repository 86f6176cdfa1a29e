"""`gametheory verify`: agreement on random draws, and a detected disagreement when a method is broken."""

import pytest

from gametheory.analysis.verification import verify
from gametheory.cli import main
from gametheory.models.agglomeration import AgglomerationGame


def test_all_methods_agree_on_random_draws():
    report = verify(draws=12, seed=7)
    assert report.ok, report.text()
    assert report.checks["brute-force deviations (general Cournot) vs numeric table"] == 12
    assert report.checks["bimatrix solver (pure profiles) vs numeric table"] == 6


def test_a_broken_method_is_caught(monkeypatch, capsys):
    real = AgglomerationGame.pure_equilibria
    monkeypatch.setattr(AgglomerationGame, "pure_equilibria", lambda self: real(self)[:-1] or [0, 1])
    assert main(["verify", "--draws", "3", "--seed", "1"]) == 1
    out = capsys.readouterr().out
    assert "DISAGREEMENT" in out and "reproduce: gametheory solve -N" in out


@pytest.mark.parametrize("args", [["verify", "--draws", "0"], ["verify", "--max-firms", "2"]])
def test_bad_arguments(args, capsys):
    assert main(args) == 2
