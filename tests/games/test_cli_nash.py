"""The ``gametheory nash`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gametheory.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _run(capsys, *argv):
    status = main(["nash", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_exact_degenerate(capsys):
    status, out, _ = _run(capsys, str(EXAMPLES / "von_stengel_degenerate.nfg"), "--json")
    assert status == 0
    data = json.loads(out)
    assert data["exact"] is True and data["tol"] == 0.0
    assert data["equilibria"] == [[["1", "0", "0"], ["1", "0"]], [["1", "0", "0"], ["2/3", "1/3"]],
                                  [["0", "1/3", "2/3"], ["1/3", "2/3"]]]
    assert data["components"] == [[0, 1], [2]]


def test_json_float(capsys):
    status, out, _ = _run(capsys, str(EXAMPLES / "von_stengel_degenerate.nfg"), "--json", "--float")
    data = json.loads(out)
    assert status == 0 and data["exact"] is False and data["tol"] == 1e-9
    assert data["equilibria"][2][1] == pytest.approx([1 / 3, 2 / 3], abs=1e-12)
    assert all(isinstance(v, float) for prof in data["equilibria"] for vec in prof for v in vec)


def test_table_output(capsys):
    status, out, _ = _run(capsys, str(EXAMPLES / "von_stengel_degenerate.nfg"))
    assert status == 0
    assert "3 extreme equilibria (exact rational arithmetic)" in out
    assert "1/3*M + 2/3*B  1/3*l + 2/3*r" in out
    assert "components (maximal convex sets of equilibria, by #): {1, 2}, {3}" in out


def test_three_players_pure(capsys):
    status, out, _ = _run(capsys, str(EXAMPLES / "coordination3.nfg"), "--json")
    data = json.loads(out)
    assert status == 0
    assert data["equilibria"] == [[["1", "0"]] * 3, [["0", "1"]] * 3]
    assert "components" not in data


@pytest.mark.parametrize("content, message", [
    pytest.param('NFG 1 R "t" { "a" "b" } { 2 2 }\n1 2 3\n', "line 2: file ends", id="truncated"),
    pytest.param(None, "cannot read", id="missing"),
])
def test_user_errors_are_one_line_with_status_2(capsys, tmp_path, content, message):
    path = tmp_path / "game.nfg"
    if content is not None:
        path.write_text(content)
    status, out, err = _run(capsys, str(path))
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("gametheory nash: error: ") and message in err


def test_lemke_howson_method(capsys):
    status, out, _ = _run(capsys, str(EXAMPLES / "von_stengel_degenerate.nfg"), "--method", "lemke-howson")
    assert status == 0
    assert out.splitlines() == [
        "von Stengel (2007), degenerate 3x2 game: 1 equilibrium (exact rational arithmetic)",
        "method: Lemke-Howson from every initial label (exact integer pivoting, lexicographic ratio test)",
        "  #  Row            Column         labels",
        "  1  1/3*M + 2/3*B  1/3*l + 2/3*r  0, 1, 2, 3, 4",
        "(not necessarily every equilibrium: use the enumeration for all of them)"]
    status, out, _ = _run(capsys, str(EXAMPLES / "von_stengel_degenerate.nfg"), "--method", "lemke-howson",
                          "--label", "2", "--json")
    data = json.loads(out)
    assert data["labels"] == [[2]] and data["components"] is None and data["complete"] is False


def test_support_method(capsys):
    status, out, _ = _run(capsys, str(EXAMPLES / "von_stengel_degenerate.nfg"), "--method", "support", "--json")
    data = json.loads(out)
    assert status == 0 and data["algorithm"] == "support" and data["exact"] is False
    assert data["equilibria"][2] == [pytest.approx([0, 1 / 3, 2 / 3]), pytest.approx([1 / 3, 2 / 3])]


def test_untitled_game_is_named_after_its_file(capsys, tmp_path):
    path = tmp_path / "pennies.nfg"
    path.write_text('NFG 1 R "" { "a" "b" } { 2 2 }\n1 -1 -1 1 -1 1 1 -1\n')
    status, out, _ = _run(capsys, str(path))
    assert status == 0 and out.splitlines()[0] == f"{path}: 1 extreme equilibrium (exact rational arithmetic)"
    assert "  1  (1/2, 1/2)  (1/2, 1/2)" in out.splitlines()


def test_progress_lines(monkeypatch, capsys):
    from gametheory.cli import nash as cli

    clock = iter([0.5, 2.0, 2.5, 4.0])  # at most one line per second
    progress = cli._Progress("search", shown=True)
    progress.clock = lambda: next(clock)
    progress.start = progress.last = 0.0
    for bases in (10, 2000, 2500, 6000):
        progress(bases, 3, 100)
    err = capsys.readouterr().err.splitlines()
    assert err == ["vertex search: 2,000 bases (level 3, frontier 100), 2 s, 1,000 bases/s",
                   "vertex search: 6,000 bases (level 3, frontier 100), 4 s, 1,500 bases/s"]
