"""Every bad input of ``gametheory do`` is caught before the work: one line on stderr, exit status 2.

Each case runs the real command in a subprocess (``python -m gametheory do ...``) and checks
the exit status, that standard error is exactly one line naming the problem, and that no
traceback or numpy warning leaks.  The settings are checked before the table is read, so
most cases take a fraction of a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gametheory.cli import main

ROOT = Path(__file__).resolve().parents[2]


def gametheory_do(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "gametheory", "do", *map(str, args), "--quiet"],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=120)
    return proc, time.perf_counter() - t


def refused(proc, *phrases):
    err = proc.stderr
    assert proc.returncode == 2, (proc.returncode, err)
    assert err.count("\n") == 1 and err.startswith("gametheory do: error: "), err
    assert "Traceback" not in err and "Warning" not in err
    for phrase in phrases:
        assert phrase in err, (phrase, err)
    return err


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "afile").write_text("not a folder\n")
    rng = np.random.default_rng(14)
    same = pd.DataFrame({"id": [f"s{i}" for i in range(130)], "industry": ["same"] * 30 + ["other"] * 100,
                         "x": np.r_[np.full(30, 5.0), rng.uniform(0, 100, 100)],
                         "y": np.r_[np.full(30, 5.0), rng.uniform(0, 100, 100)]})
    same.to_csv(d / "same.csv", index=False)
    n = 150_000  # one industry of 150,000 plants: (999 + 1) * n (n - 1) / 2 = 1.1e13 pair distances
    xy = rng.uniform(0, 1000, (n + 50, 2))
    pd.DataFrame({"id": np.arange(n + 50), "industry": ["huge"] * n + ["small"] * 50,
                  "x": xy[:, 0], "y": xy[:, 1]}).to_csv(d / "huge.csv", index=False, float_format="%.3f")
    return d


SAMPLE = ["sample", "--industry", "processing"]


@pytest.mark.parametrize("args, phrases", [
    (["--threshold", "1e400"], ["--threshold", "out of range"]),
    (["--threshold", "1e10"], ["grid of 1e+10 points", "at most 20001", "d_max <= 20000 km"]),
    (["--bandwidth", "inf"], ["--bandwidth", "malformed value 'inf'"]),
    (["--bandwidth", "nan"], ["--bandwidth", "malformed value 'nan'"]),
    (["--bandwidth", "-1"], ["--bandwidth must be > 0"]),
    (["--bandwidth", "0"], ["--bandwidth must be > 0"]),
    (["--simulations", "0"], ["at least 19 simulations are needed for a test at level 0.05", "alpha*(S+1) >= 1"]),
    (["--simulations", "18"], ["at least 19 simulations"]),
    (["--alpha", "0.01", "--simulations", "98"], ["at least 99 simulations are needed for a test at level 0.01"]),
    (["--alpha", "1"], ["alpha must lie strictly between 0 and 1"]),
    (["--null", "conditional"], ["give --neighbor"]),
    (["--max-pairs", "1e6"], ["4e+06 pair distances", "the limit is 1e+06"]),
])
def test_bad_numbers(tmp_path, args, phrases):
    proc, seconds = gametheory_do(*SAMPLE, *args, "--out", tmp_path / "o", cwd=tmp_path)
    refused(proc, *phrases)
    assert not (tmp_path / "o").exists()  # nothing written


def test_bad_output_folders(tmp_path, files):
    proc, _ = gametheory_do(*SAMPLE, "--out", tmp_path / "missing" / "out", cwd=tmp_path)
    refused(proc, f"the folder {tmp_path / 'missing'} does not exist")
    proc, _ = gametheory_do(*SAMPLE, "--out", files / "afile", cwd=tmp_path)
    refused(proc, "exists and is not a folder")
    if os.geteuid() == 0:  # root writes through permission bits: /sys refuses everyone
        target = Path("/sys/gametheory-do-out")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "out"
    proc, _ = gametheory_do(*SAMPLE, "--out", target, cwd=tmp_path)
    refused(proc, "not writable")


def test_unreachable_scheduler_is_said_quickly(tmp_path):
    proc, seconds = gametheory_do(*SAMPLE, "--scheduler", "tcp://127.0.0.1:1", "--out", tmp_path / "o",
                                  cwd=tmp_path)
    refused(proc, "the Dask scheduler tcp://127.0.0.1:1 is unreachable")
    assert seconds < 10


def test_identical_points_say_what_is_wrong(tmp_path, files):
    proc, _ = gametheory_do(files / "same.csv", "--industry", "same", "--simulations", 19,
                            "--out", tmp_path / "o", cwd=tmp_path)
    err = refused(proc, "all 435 pair distances are 0", "bandwidth is undefined", "--bandwidth KM")
    assert "threshold" not in err and "d_max" not in err
    # with a bandwidth it runs, and no numpy warning reaches stderr
    proc, _ = gametheory_do(files / "same.csv", "--industry", "same", "--simulations", 19, "--bandwidth", 5,
                            "--out", tmp_path / "o", cwd=tmp_path)
    assert proc.returncode == 0 and "Warning" not in proc.stderr and "Traceback" not in proc.stderr
    assert "same" in proc.stdout and (tmp_path / "o" / "same.csv").is_file()


def test_an_industry_too_big_is_refused_before_the_work(tmp_path, files):
    proc, seconds = gametheory_do(files / "huge.csv", "--all", "--out", tmp_path / "o", cwd=tmp_path)
    refused(proc, "1.12e+13 pair distances", "'huge' alone", "CPU hours", "ns per pair", "--max-pairs")
    assert seconds < 30 and not (tmp_path / "o").exists()


def test_missing_extras_name_the_extra(tmp_path, monkeypatch, capsys):
    """Without dask.distributed or pyarrow (optional extras) the command says which extra to install."""
    frame = pd.DataFrame({"id": ["a", "b", "c"], "industry": ["x"] * 3, "x": [0.0, 1, 2], "y": [0.0, 1, 3]})
    frame.to_parquet(tmp_path / "t.parquet")
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    assert main(["do", "sample", "--industry", "processing", "--scheduler", "tcp://127.0.0.1:8786",
                 "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'gametheory[dask]'" in err
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "fastparquet", None)
    assert main(["do", str(tmp_path / "t.parquet"), "--industry", "x", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'gametheory[parquet]'" in err
