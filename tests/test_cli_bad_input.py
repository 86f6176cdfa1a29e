"""Every bad input gets one line naming the problem and exit status 2, before any long work.

The first part is the list of measured failures of the hardening issue (and more), each run as a user
would (a subprocess); the second is a hypothesis fuzzer over argument strings for every command, run
in-process: the exit status is 0, 1 (a verification that found a disagreement) or 2, never an exception.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory.cli import main


def run(*args, timeout=120):
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "gametheory", *args], capture_output=True, text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr, time.perf_counter() - t0


READONLY = "/proc/gametheory-out"          # not writable for anyone


@pytest.mark.parametrize("args,message", [
    # output paths, checked before the work
    (["regimes", "--x", "tau_p=0:3:40", "--y", "e=0:1:40", "--out", "/nonexistent/dir/r.csv"], "does not exist"),
    (["regimes", "--x", "tau_p=0:3:40", "--y", "e=0:1:40", "--out", "/tmp"], "is a directory"),
    (["regimes", "--x", "tau_p=0:3:40", "--y", "e=0:1:40", "--out", "/tmp/r.txt"], "must end in .csv"),
    (["regimes", "--x", "tau_p=0:3:40", "--y", "e=0:1:40", "--out", READONLY + "/r.csv"], "does not exist"),
    (["figures", "--out", "/dev/null/figs"], "is not a folder"),
    (["figures", "--out", "/proc/figs"], "not writable"),
    (["paper", "--out", "/dev/null/x"], "is not a folder"),
    (["calibrate", "sample", "--processing", "processing", "--extraction", "extraction", "--figure", "out.gif"],
     "must end in .png or .pdf"),
    (["calibrate", "sample", "--processing", "processing", "--extraction", "extraction", "--figure",
      "/nonexistent/c.png"], "does not exist"),
    # overflowing numbers
    (["solve", "-p", "a_A=1e400"], "out of range"),
    (["solve", "-p", "a_A=1e300"], "out of range"),
    (["solve", "-p", "tau_p=nan"], "malformed value"),
    (["solve", "-p", "tau_p=inf"], "malformed value"),
    (["regimes", "--x", "tau_p=0:1e400:40", "--y", "e=0:1:40", "--out", "/tmp/r.csv"], "out of range"),
    (["calibrate", "sample", "--processing", "processing", "--extraction", "extraction", "--radius", "inf"],
     "malformed value"),
    # sizes: fast, or refused with the limit and why
    (["solve", "-N", "10000000"], "above the limit 2,000,000"),
    (["solve", "-N", "1000000000000", "--json"], "above the limit"),
    (["regimes", "--x", "tau_p=0:3:5000", "--y", "e=0:1:5000", "--out", "/tmp/r.csv"], "limited to 4,000,000 rows"),
    (["regimes", "--x", "tau_p=0:3:50000", "--y", "e=0:1:5", "--out", "/tmp/r.csv"], "at most 5000"),
    (["propositions", "-N", "500"], "N <= 100"),
    (["figures", "--grid", "100000"], "--grid must be in 2..2000"),
    # outside the domain is an error everywhere, never an empty or 'outside' answer
    (["calibrate", "sample", "--processing", "processing", "--extraction", "extraction", "-p", "c=0.1"],
     "outside the model's domain"),
    (["regimes", "--x", "tau_p=0:3:20", "--y", "Delta_gamma=0:1:20", "-p", "c=0.1", "--out", "/tmp/r.csv"],
     "every grid point is outside the model's domain"),
    (["solve", "-p", "e=3"], "outside the model's domain"),
    # late checks: every argument is validated first
    (["paper", "--simulations", "0"], "--simulations must be between 19"),
    (["paper", "--draws", "0"], "--draws must be between 1"),
    (["verify", "--draws", "0"], "--draws must be between 1"),
    (["verify", "--max-firms", "2"], "--max-firms must be between 3"),
    # messages: argparse errors in one line
    (["solve", "--bogus"], "unrecognized arguments"),
    (["solve", "-N", "two"], "invalid int value"),
    (["nope"], "invalid choice"),
    (["regimes", "--x", "tau_p=0:3:40"], "required"),
    (["solve", "--model", "/nonexistent.toml"], "not found"),
    (["verify", "--model", "README.md"], "malformed TOML"),
])
def test_bad_input_one_line_exit_2(args, message):
    code, out, err, seconds = run(*args)
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert message in err, err
    assert "Warning" not in err
    assert seconds < 30, f"refused only after {seconds:.0f} s"


def test_outputs_are_not_written_after_a_refusal(tmp_path):
    out = tmp_path / "paper"
    code, _, err, _ = run("paper", "--out", str(out), "--simulations", "0")
    assert code == 2 and not out.exists()


def test_figures_default_folder_is_not_the_tracked_one():
    from gametheory.cli import build_parser

    args = build_parser().parse_args(["figures"])
    assert os.path.normpath(args.out) != "figures"


def test_large_N_solve_is_exact_and_quick():
    code, out, err, seconds = run("solve", "-N", "100000", "--json")
    assert code == 0, err
    import json

    sol = json.loads(out)
    assert sol["pure_equilibria"] == [30043, 100000]          # exact: the float path said [30042, 30043, 100000]
    assert [m["stable"] for m in sol["mixed_equilibria"]] == [True, False]
    assert sol["mixed_complete"] is True


# --------------------------------------------------------------------------- fuzzer
NUMBERS = ["0", "1", "2", "3", "-1", "1/2", "0.25", "1e400", "nan", "inf", "-inf", "abc", "", "1/0", "9" * 30,
           "2.5e-13", "3e5"]
PARAMS = ["a_A", "a_B", "b", "c", "e", "tau_r", "tau_p", "gamma_A", "gamma_B", "Delta_gamma", "F_A", "nope", "N"]


def _assignment():
    return st.tuples(st.sampled_from(PARAMS), st.sampled_from(NUMBERS)).map(lambda t: f"{t[0]}={t[1]}")


def _axis():
    return st.tuples(st.sampled_from(PARAMS), st.sampled_from(NUMBERS), st.sampled_from(NUMBERS),
                     st.sampled_from(["2", "3", "0", "1", "-4", "x"])).map(lambda t: f"{t[0]}={t[1]}:{t[2]}:{t[3]}")


#: commands without -N and -p NAME=VALUE of the game
NO_GAME = ("do", "nash", "calibrate", "paper", "neg")


def _tokens(command: str):
    """Argument lists for ``command``: mostly well-formed options (so that runs reach the work), some with bad
    values, and some noise (unknown options, stray words)."""
    noise = st.sampled_from([["--bogus"], ["--json"], *([v] for v in NUMBERS)])
    common = [noise]
    if command not in NO_GAME:
        # N = 20 reaches the full work in most commands; deriving its (welfare) propositions takes seconds per run
        large = "4" if command in ("propositions", "welfare") else "20"
        common += [st.sampled_from(["2", "2", "3", large, "1", "0", "x", "3000000"]).map(lambda n: ["-N", n]),
                   _assignment().map(lambda a: ["-p", a]), st.just(["--json"])]
    elif command == "calibrate":
        common += [_assignment().map(lambda a: ["-p", a]), st.just(["--json"])]
    extra = {
        "solve": [st.just(["--exact"])],
        "propositions": [st.sampled_from(["text", "json", "latex", "markdown", "pdf"]).map(lambda f: ["--format", f])],
        "regimes": [_axis().map(lambda a: ["--x", a]), _axis().map(lambda a: ["--y", a]),
                    st.sampled_from(["/tmp/fz.csv", "/tmp", "/nonexistent/x.csv"]).map(lambda o: ["--out", o])],
        "verify": [st.sampled_from(NUMBERS + ["2"]).map(lambda v: ["--draws", v]),
                   st.sampled_from(NUMBERS).map(lambda v: ["--max-firms", v])],
        "neg": [st.sampled_from(["core-periphery", "linear", "footloose-entrepreneur", "resource", "x"]).map(
            lambda m: [m]), st.sampled_from(NUMBERS).map(lambda v: ["--T", v]),
            st.tuples(st.sampled_from(["mu", "sigma", "phi", "N", "tau"]), st.sampled_from(NUMBERS)).map(
                lambda t: ["-p", f"{t[0]}={t[1]}"])],
        "nash": [st.sampled_from(["examples/coordination3.nfg", "README.md", "/nonexistent.nfg", "/tmp"]).map(
            lambda f: [f]), st.just(["--float"]), st.just(["--exact"])],
        "welfare": [st.sampled_from(["text", "latex", "json", "x"]).map(lambda f: ["--propositions", f]),
                    st.just(["--exact"]), st.just(["--model", "environment"])],
        "policy": [st.sampled_from(["optimum", "traditional", "zero-resource", "0", "2", "7", "-1", "x"]).map(
            lambda t: ["--target", t]), st.sampled_from(["t_A", "t_B", "e", "nope", "N"]).map(lambda i: ["--instrument", i]),
            st.tuples(st.sampled_from(NUMBERS), st.sampled_from(NUMBERS)).map(lambda t: ["--range", f"{t[0]}:{t[1]}"]),
            st.sampled_from(["2", "5", "0", "x", "100000"]).map(lambda g: ["--grid", g])],
        "path": [_axis().map(lambda a: ["--along", a]), st.just(["--back"]), st.just(["--no-thresholds"]),
                 st.sampled_from(["0", "2", "20", "traditional", "zero-resource", "x", "-1"]).map(lambda k: ["--start", k]),
                 st.sampled_from(["/tmp/fz.csv", "/tmp", "/nonexistent/x.csv"]).map(lambda o: ["--out", o])],
        "deplete": [st.tuples(st.sampled_from(["--S0", "--zeta", "--rho", "--eta", "--T", "--moves", "--start"]),
                              st.sampled_from(NUMBERS + ["5", "20"])).map(list)],
        "do": [st.sampled_from(["processing", "extraction", "nope"]).map(lambda i: ["--industry", i]),
               st.just(["--all"]), st.sampled_from(["extraction", "nope"]).map(lambda i: ["--neighbor", i]),
               st.sampled_from(["joint", "conditional", "x"]).map(lambda n: ["--null", n]),
               st.tuples(st.sampled_from(["--alpha", "--threshold", "--bandwidth", "--seed", "--max-pairs"]),
                         st.sampled_from(NUMBERS)).map(list),
               st.sampled_from(["xy", "lonlat", "x"]).map(lambda c: ["--coords", c])],
        "calibrate": [st.sampled_from(["Delta_gamma", "a_B", "tau_p", "nope", "N"]).map(lambda f: ["--free", f]),
                      st.tuples(st.sampled_from(["--radius", "--confidence", "--seed"]), st.sampled_from(NUMBERS)).map(
                          list),
                      st.tuples(st.sampled_from(NUMBERS), st.sampled_from(NUMBERS)).map(
                          lambda t: ["--radius-band", f"{t[0]}:{t[1]}"]),
                      st.sampled_from(["all", "stable", "x"]).map(lambda m: ["--mixed", m]),
                      st.sampled_from(["/tmp/fz.png", "/tmp/fz.gif", "/nonexistent/c.pdf"]).map(
                          lambda f: ["--figure", f])],
        # the long commands: every argument is checked before the work, and an unwritable folder ends each run
        "figures": [st.sampled_from(["pdf", "png,svg", "gif", ""]).map(lambda f: ["--format", f]),
                    st.sampled_from(NUMBERS).map(lambda v: ["--grid", v]),
                    st.sampled_from(NUMBERS).map(lambda v: ["--points", v])],
        "paper": [st.sampled_from(NUMBERS).map(lambda v: ["--firms", v]),
                  st.tuples(st.sampled_from(["--draws", "--simulations", "--seed", "--jobs"]),
                            st.sampled_from(NUMBERS)).map(list),
                  st.sampled_from(["figures", "do", "calibration", "x"]).map(lambda k: ["--skip", k])],
    }
    return st.lists(st.one_of(*(common + extra.get(command, []))), max_size=5).map(
        lambda parts: [command] + [t for p in parts for t in p])


#: arguments added to every fuzzed run of a command: a sample and short runs where the defaults are long
FIXED = {"verify": ["--draws", "2"], "do": ["sample", "--industry", "processing", "--simulations", "19", "--quiet", "--out", "/tmp/fz-do"],
         "calibrate": ["sample", "--processing", "processing", "--extraction", "extraction", "--simulations", "19"],
         "path": ["--no-thresholds", "--along", "e=0:1/2:5"], "figures": ["--out", "/dev/null/x"], "paper": ["--out", "/dev/null/x"]}


@pytest.mark.parametrize("command", ["solve", "propositions", "regimes", "verify", "neg", "nash", "welfare",
                                     "policy", "path", "deplete", "do", "calibrate", "figures", "paper"])
def test_fuzz_arguments_exit_0_1_or_2(command, capsys):
    # fewer runs where each run derives or simulates (seconds each)
    runs = {"calibrate": 8, "do": 12, "propositions": 8, "welfare": 8}.get(command, 25)

    @settings(max_examples=runs, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(argv=_tokens(command))
    def fuzz(argv):
        argv = argv[:1] + FIXED.get(command, []) + argv[1:]     # a later repeated option overrides
        try:
            code = main(argv)
        except SystemExit as exc:          # argparse: --help or a usage error
            code = exc.code
        captured = capsys.readouterr()
        assert code in (0, 1, 2), (argv, code)
        if code == 2:
            lines = captured.err.strip().splitlines()
            assert len(lines) == 1, (argv, captured.err)
            assert "Traceback" not in captured.err

    fuzz()
