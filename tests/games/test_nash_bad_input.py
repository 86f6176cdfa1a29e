"""``gametheory nash`` on bad input: one line on standard error, exit status 2, no traceback, before any work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GAME = str(EXAMPLES / "von_stengel_degenerate.nfg")
THREE = str(EXAMPLES / "coordination3.nfg")


def _nash(*argv, cwd=None):
    return subprocess.run([sys.executable, "-m", "gametheory", "nash", *argv], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def _write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return str(path)


FILES = [
    pytest.param("empty.nfg", "", "file ends where the header 'NFG 1 R' was expected", id="empty-file"),
    pytest.param("binary.nfg", b"\xff\xfeNFG 1 R", "not UTF-8 text", id="non-utf8"),
    pytest.param("efg.nfg", 'EFG 2 R "t" { "a" }', "starts with 'NFG'", id="not-nfg"),
    pytest.param("short.nfg", 'NFG 1 R "t" { "a" "b" } { 2 2 }\n1 2 3 4 5 6 7\n',
                 "line 2: file ends where player 2's payoff at profile 4 of 4", id="too-few-payoffs"),
    pytest.param("long.nfg", 'NFG 1 R "t" { "a" "b" } { 1 1 }\n1 2 3\n', "unexpected '3' after the 1 payoff",
                 id="too-many-payoffs"),
    pytest.param("word.nfg", 'NFG 1 R "t" { "a" "b" } { 1 2 }\n1 2 x 4\n',
                 "expected player 1's payoff at profile 2 of 2 (an integer, decimal or fraction), found 'x'",
                 id="bad-number"),
    pytest.param("nan.nfg", 'NFG 1 R "t" { "a" "b" } { 1 1 }\nnan 1\n', "found 'nan'", id="nan-payoff"),
    pytest.param("zero.nfg", 'NFG 1 R "t" { "a" "b" } { 1 0 }\n', "number of strategies must be a positive integer",
                 id="zero-strategies"),
    pytest.param("huge.nfg", 'NFG 1 R "t" { "a" "b" } { 100000000 100000000 }\n1 2\n',
                 "player 1 has 100000000 strategies, more than the file has entries left", id="huge-dimensions"),
    pytest.param("exp.nfg", 'NFG 1 R "t" { "a" "b" } { 1 1 }\n1e999999999 0\n', "exponent too large",
                 id="huge-exponent"),
    pytest.param("digits.nfg", 'NFG 1 R "t" { "a" "b" } { 1 1 }\n' + "9" * 5000 + " 0\n", "too long",
                 id="overlong-number"),
    pytest.param("outcome.nfg", 'NFG 1 R "t" { "a" "b" } { { "x" } { "y" } }\n{ { "" 1, 2 } }\n2\n',
                 "outcome number 2 of profile 1 is not one of 0..1", id="bad-outcome-number"),
    pytest.param("quote.nfg", 'NFG 1 R "t { "a" } { 1 }\n1\n', "line 1: unterminated string", id="open-quote"),
]


@pytest.mark.parametrize("name, content, message", FILES)
def test_malformed_files(tmp_path, name, content, message):
    result = _nash(_write(tmp_path, name, content))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("gametheory nash: error: ") and message in result.stderr, result.stderr


@pytest.mark.parametrize("argv, message", [
    pytest.param(["missing.nfg"], "cannot read missing.nfg: No such file or directory", id="missing-file"),
    pytest.param(["."], "is a directory", id="directory"),
    pytest.param([GAME, "--method", "reverse"], "argument --method: invalid choice: 'reverse'", id="unknown-method"),
    pytest.param([GAME, "--tol", "nan"], "--tol must be a finite number >= 0, got nan", id="nan-tol"),
    pytest.param([GAME, "--tol", "inf"], "--tol must be a finite number >= 0, got inf", id="inf-tol"),
    pytest.param([GAME, "--tol=-1e-9"], "--tol must be a finite number >= 0", id="negative-tol"),
    pytest.param([GAME, "--tol", "small"], "--tol: not a number: 'small'", id="word-tol"),
    pytest.param([GAME, "--exact", "--float"], "not allowed with argument", id="exact-and-float"),
    pytest.param([GAME, "--label", "1"], "--label applies to --method lemke-howson only", id="label-without-lh"),
    pytest.param([GAME, "--method", "lemke-howson", "--label", "x"], "--label must be a label number",
                 id="label-not-a-number"),
    pytest.param([GAME, "--method", "lemke-howson", "--label", "5"], "--label must be in 0..4 for a 3x2 game",
                 id="label-out-of-range"),
    pytest.param([GAME, "--method", "lemke-howson", "--all"], "--all applies to --method enumeration or support",
                 id="all-with-lh"),
    pytest.param([GAME, "--max-bases", "0"], "--max-bases must be a positive integer", id="zero-max-bases"),
    pytest.param([GAME, "--max-bases", "10", "--all"], "not allowed with argument", id="max-bases-and-all"),
    pytest.param([GAME, "--method", "support", "--exact"], "floating point only", id="support-exact"),
    pytest.param([THREE, "--method", "lemke-howson"], "needs a two-player game; this one has 3 players",
                 id="lh-three-players"),
    pytest.param([], "the following arguments are required: GAME.nfg", id="no-file"),
])
def test_bad_arguments(argv, message, tmp_path):
    result = _nash(*argv, cwd=tmp_path if argv[:1] in (["."], ["missing.nfg"]) else None)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr


def test_limits_are_refused_with_the_reason(tmp_path):
    # a 9x9 game: support enumeration would try 261,121 support pairs; the vertex search stops at --max-bases
    payoffs = " ".join(str((7 * k) % 10) for k in range(2 * 81))
    path = _write(tmp_path, "nine.nfg", 'NFG 1 R "nine" { "a" "b" } { 9 9 }\n' + payoffs + "\n")
    support = _nash(path, "--method", "support")
    assert support.returncode == 2 and "has 261,121 support pairs, more than the 70,000" in support.stderr
    limited = _nash(path, "--max-bases", "20")
    assert limited.returncode == 2 and limited.stderr.count("\n") == 1
    assert "stopped the vertex search of this 9x9 game after 20 bases" in limited.stderr
    assert "--method lemke-howson" in limited.stderr and "--all" in limited.stderr
