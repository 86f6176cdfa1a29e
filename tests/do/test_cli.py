"""``gametheory do`` end to end on small data: files, exact columns, values, errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from gametheory.cli import main
from gametheory.do.inference import do_index
from gametheory.do.io import read_establishments

from do_helpers import table

CURVE = ["d", "K", "K_mean", "K_local_lo", "K_local_hi", "K_global_lo", "K_global_hi", "K_erl_lo", "K_erl_hi"]
SUMMARY = ["industry", "neighbor", "n", "bandwidth", "threshold", "Gamma", "Psi", "p_localized", "p_dispersed",
           "localized", "dispersed"]


@pytest.fixture
def csv(tmp_path):
    rng = np.random.default_rng(3)
    xy = np.concatenate([rng.normal(30, 3, (20, 2)), rng.uniform(0, 100, (160, 2))])
    ind = ["mine"] * 20 + ["mill"] * 15 + list(rng.choice(["shop", "farm"], 145))
    xy[20:35] = xy[:15] + rng.normal(0, 1, (15, 2))  # mills next to mines
    path = tmp_path / "census.csv"
    table(xy, ind, weights=rng.integers(1, 50, 180)).to_csv(path, index=False)
    return path


def run(args, capsys):
    code = main(["do", *map(str, args), "--quiet"])
    out, err = capsys.readouterr()
    return code, out, err


def test_univariate_and_bivariate_files(csv, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, _ = run([csv, "--industry", "mill", "--neighbor", "mine", "--simulations", 39,
                           "--seed", 9, "--threshold", 40, "--out", out], capsys)
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["mill.csv", "mill__mine.csv", "run.json", "summary.csv"]
    uni = pd.read_csv(out / "mill.csv")
    assert list(uni.columns) == CURVE and list(pd.read_csv(out / "mill__mine.csv").columns) == CURVE
    np.testing.assert_array_equal(uni["d"], np.arange(41.0))
    summary = pd.read_csv(out / "summary.csv", keep_default_na=False)
    assert list(summary.columns) == SUMMARY
    assert summary[["industry", "neighbor"]].values.tolist() == [["mill", ""], ["mill", "mine"]]
    # the files hold the library's numbers
    r = do_index(read_establishments(csv), "mill", "mine", simulations=39, seed=9, threshold=40.0)
    bi = pd.read_csv(out / "mill__mine.csv")
    np.testing.assert_allclose(bi["K"], r.K, rtol=1e-9)
    np.testing.assert_allclose(bi["K_global_hi"], r.bands.global_hi, rtol=1e-9)
    np.testing.assert_allclose(bi["K_erl_hi"], r.bands.erl_hi, rtol=1e-9)
    row = summary.iloc[1]
    assert (row["n"], bool(row["localized"])) == (15, r.localized)
    assert row["Gamma"] == pytest.approx(r.Gamma, rel=1e-5) and r.localized  # mills sit on mines
    # mills sit on mines: co-localised at 5% (one simulated curve is as extreme: p = 2/40)
    assert row["p_localized"] == r.p_localized == 2 / 40
    meta = json.loads((out / "run.json").read_text())
    assert meta["seed"] == 9 and meta["tests"]["alpha"] == 0.05 and meta["tests"]["size"] == 0.05
    assert meta["null"]["pairs"] == "joint" and meta["p_values"]["mill__mine"]["localized"] == 2 / 40
    assert "seed 9" in stdout and "mill" in stdout


def test_weighted_columns_and_all(csv, tmp_path, capsys):
    out = tmp_path / "w"
    code, _, _ = run([csv, "--all", "--weight", "emp", "--simulations", 20, "--threshold", 30,
                      "--out", out, "--plot"], capsys)
    assert code == 0
    assert list(pd.read_csv(out / "shop.csv").columns) == [c.replace("K", "Kemp") for c in CURVE]
    summary = pd.read_csv(out / "summary.csv")
    assert sorted(summary["industry"]) == ["farm", "mill", "mine", "shop"]
    assert (out / "gamma.png").stat().st_size > 0 and (out / "mine.png").stat().st_size > 0
    from PIL import Image

    for stem in ("gamma", "mine"):                # paper-ready: PDF and 300-dpi PNG side by side
        assert (out / f"{stem}.pdf").read_bytes()[:4] == b"%PDF"
        assert Image.open(out / f"{stem}.png").info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_k_figure_states_the_run_and_keeps_its_legend_outside(csv):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from gametheory.do.plots import draw_k

    r = do_index(read_establishments(csv), "mill", simulations=19, seed=4, threshold=40.0)
    ax = draw_k(r)
    ax.figure.canvas.draw()
    (settings,) = [t.get_text() for t in ax.texts if t.get_gid() == "settings"]
    assert "seed 4" in settings and "19 simulations" in settings and "d_max = 40 km" in settings
    assert f"h = {r.bandwidth:.3g} km" in settings and "alpha = 0.05" in settings
    assert ax.get_legend().get_window_extent().x0 >= ax.get_window_extent().x1     # outside the axes
    plt.close(ax.figure)


def test_sample_by_name(tmp_path, capsys):
    code, stdout, _ = run(["sample", "--industry", "sector_02", "--simulations", 20,
                           "--threshold", 50, "--out", tmp_path], capsys)
    assert code == 0 and "sector_02" in stdout
    # five plants: some random draws have no distance within 2 d_max, the bandwidth is undefined
    code, _, err = run(["sample", "--industry", "sector_05", "--simulations", 20,
                        "--threshold", 50, "--out", tmp_path], capsys)
    assert code == 2 and err.startswith("gametheory do: error: sector_05, simulation ")
    assert "bandwidth is undefined" in err and "give a bandwidth explicitly" in err


@pytest.mark.parametrize("args, message", [
    (["--industry", "steel"], "industry 'steel' is not in the table"),
    ([], "name an industry with --industry NAME, or use --all"),
    (["--industry", "mill", "--weight", "staff"], r"missing column(s) staff"),
    (["--industry", "mill", "--simulations", 5], "at least 19 simulations are needed for a test at level 0.05"),
    (["--industry", "mill", "--alpha", "0.01", "--simulations", 98], "at least 99 simulations"),
    (["--industry", "mill", "--null", "conditional"], "give --neighbor"),
])
def test_user_errors_are_one_line_with_status_2(csv, tmp_path, capsys, args, message):
    code, _, err = run([csv, *args, "--out", tmp_path / "e"], capsys)
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_bad_rows_are_named(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("id,industry,lon,lat\na1,x,1.0,45\na2,x,2.0,95\na3,x,oops,44\n")
    code, _, err = run([path, "--industry", "x"], capsys)
    assert code == 2 and "row 3 (id a3)" in err
    path.write_text("id,industry,lon,lat\na1,x,1.0,45\na2,x,2.0,95\n")
    code, _, err = run([path, "--industry", "x"], capsys)
    assert code == 2 and "latitude outside [-90, 90] at row 2 (id a2)" in err


def test_all_skips_industries_with_undefined_bandwidth(tmp_path, capsys):
    code, _, err = run(["sample", "--all", "--simulations", 20, "--threshold", 50, "--out", tmp_path], capsys)
    assert code == 0
    skipped = [line.split()[1].rstrip(",:") for line in err.splitlines() if line.startswith("skipped ")]
    assert "sector_05" in skipped
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert not set(skipped) & set(summary["industry"]) and len(summary) + len(skipped) == 27


def test_industry_names_with_slashes_make_flat_files(tmp_path, capsys):
    rng = np.random.default_rng(1)
    path = tmp_path / "c.csv"
    table(rng.uniform(0, 50, (40, 2)), ["C10/11"] * 10 + ["rest"] * 30).to_csv(path, index=False)
    code, _, _ = run([path, "--industry", "C10/11", "--simulations", 20, "--out", tmp_path / "o"], capsys)
    assert code == 0 and (tmp_path / "o" / "C10_11.csv").is_file()
    assert pd.read_csv(tmp_path / "o" / "summary.csv")["industry"].tolist() == ["C10/11"]
