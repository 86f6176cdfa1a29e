"""Calibration on censuses built from the model: the true parameter lies in the identified and confidence sets, whose
endpoints are the symbolic thresholds; the closest fit of a configuration that is never an equilibrium; the radius band;
the JSON contract, the command line and the figures."""

import json
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from gametheory.analysis.identification import identified_set
from gametheory.analysis.thresholds import incentive_thresholds
from gametheory.calibrate.binomial import acceptance_interval
from gametheory.calibrate.observed import band_exit_distance
from gametheory.calibrate.pipeline import calibrate
from gametheory.cli import main
from gametheory.do import read_establishments
from gametheory.errors import DomainError, UserInputError
from gametheory.game import AgglomerationGame
from gametheory.models.agglomeration import RESOURCE
from gametheory.models.expression import ExpressionModel

N = 20
TRUE_DG = Fraction(2, 5)  # the default gap: pure equilibria n_A = 5 and 20


def model_census(n_A: int, seed: int = 3) -> pd.DataFrame:
    """A planar census: extraction sites in a resource region, n_A processing plants next to them,
    N - n_A plants around a city 400 km away, and background establishments everywhere."""
    rng = np.random.default_rng(seed)
    ext = rng.normal([100, 100], 15, (30, 2))
    near = ext[rng.integers(0, 30, n_A)] + rng.normal(0, 2, (n_A, 2))
    far = rng.normal([500, 400], 20, (N - n_A, 2))
    bg = rng.uniform(0, 600, (600, 2))
    xy = np.concatenate([ext, near, far, bg])
    ind = ["extraction"] * 30 + ["processing"] * N + ["other"] * 600
    region = ["A"] * 30 + ["A"] * n_A + ["B"] * (N - n_A) + ["B"] * 600
    return pd.DataFrame({"id": [f"e{i}" for i in range(len(ind))], "industry": ind, "x": xy[:, 0], "y": xy[:, 1],
                         "region": region})


@pytest.fixture(scope="module")
def census():
    assert 5 in AgglomerationGame(N, RESOURCE.defaults().replace(Delta_gamma=TRUE_DG)).pure_equilibria()
    return read_establishments(model_census(5))


@pytest.fixture(scope="module")
def do_results(census):
    from gametheory.do import do_index

    return (do_index(census, "processing", simulations=39, seed=1),
            do_index(census, "processing", "extraction", simulations=39, seed=1))


@pytest.fixture(scope="module")
def cal(census, do_results):
    return calibrate(census, "processing", "extraction", free=["Delta_gamma"], radius=30.0, simulations=39, seed=1,
                     do_results=do_results)


def test_true_value_in_identified_and_confidence_sets_and_ends_are_thresholds(cal):
    assert (cal.observation.N, cal.observation.n_A) == (N, 5)
    (iv,) = cal.identified.intervals
    assert iv.contains(float(TRUE_DG)) and cal.confidence.contains(float(TRUE_DG))
    th = {round(t.value, 12): t for k in (5, 6) for t in incentive_thresholds(AgglomerationGame(N), k, "Delta_gamma")}
    for end, exact in ((iv.lo, iv.lo_exact), (iv.hi, iv.hi_exact)):
        t = th[round(end, 12)]
        assert exact == str(t.exact) and abs(end - t.value) < 1e-12
    # the confidence set contains the identified set (its pure part)
    assert all(any(c.contains(x) for c in cal.confidence.intervals) for x in (iv.lo, iv.hi, 0.5 * (iv.lo + iv.hi)))
    assert cal.fit is None


def test_json_contract(cal):
    d = json.loads(json.dumps(cal.as_dict()))
    assert d["n_firms"] == N and d["n_A"] == 5 and d["free"] == ["Delta_gamma"]
    (iv,) = cal.identified.intervals
    assert d["identified_set"] == [[iv.lo, iv.hi]]
    assert "bootstrap" not in d and d["fit"] is None
    c = d["confidence"]
    assert c["level"] == 0.95 and c["alpha_exact"] == "1/20" and c["mixed_equilibria"] == "all"
    assert c["pure_part"] == d["identified_set"] and c["set"] == [i.as_list() for i in cal.confidence.intervals]
    a = acceptance_interval(N, 5)
    assert c["acceptance"]["p_lo"] == a.lo and c["acceptance"]["p_hi"] == a.hi
    assert "probability at least 0.95" in c["meaning"]
    for part in ("localisation", "co_localisation"):
        do = d["do"][part]
        assert 0 < do["p_localized"] <= 1 and 0 < do["p_dispersed"] <= 1 and do["simulations"] == 39
        assert do["localized"] == (do["p_localized"] <= do["alpha"])
    assert d["do"]["co_localisation"]["localized"] is True
    band = d["radius_band"]
    assert band["radius_km"] == 30.0 and band["range_km"] == [15.0, 60.0]
    (row,) = band["rows"]        # every radius from 15 to 60 km gives the same 5 plants in A
    assert row["n_A"] == 5 and row["used"] and row["radius_from_km"] < 15 and row["radius_to_km"] > 60


def test_text_report(cal):
    text = cal.to_text()
    p = cal.do["co_localisation"]["p_localized"]
    for line in ("Identified set (n_A = 5 is a Nash equilibrium): [", "95% confidence set (test inversion",
                 f"p(localised) = {p:.4g}: co-localised", "Sensitivity to the radius: radii from 15 to 60 km",
                 "   <- used"):
        assert line in text


def test_region_column_and_default_radius_agree(census, do_results, cal):
    from gametheory.calibrate.observed import observe

    by_band = observe(census, "processing", "extraction", kab=do_results[1])
    assert by_band.n_A == 5 and by_band.radius is not None and by_band.radius < 400
    by_column = calibrate(census, "processing", "extraction", region_column="region", do_results=do_results)
    assert by_column.observation.n_A == 5 and by_column.observation.distances is None
    assert by_column.band is None and "none (the regions come from a column)" in by_column.to_text()
    assert by_column.confidence.text == cal.confidence.text


def test_band_exit_distance():
    d = np.arange(6.0)
    assert band_exit_distance(d, np.array([3, 3, 2, 0.5, 0.4, 0.1]), np.ones(6)) == 3.0
    assert band_exit_distance(d, np.zeros(6), np.ones(6)) is None


def graded_census(seed: int = 5) -> pd.DataFrame:
    """Extraction sites around (300, 300); the 20 processing plants at 8, 16, ..., 160 km from the centre."""
    rng = np.random.default_rng(seed)
    ext = np.array([300.0, 300.0]) + rng.normal(0, 1.0, (10, 2))
    ang = rng.uniform(0, 2 * np.pi, N)
    r = 8.0 * np.arange(1, N + 1)
    proc = np.array([300.0, 300.0]) + np.c_[r * np.cos(ang), r * np.sin(ang)]
    bg = rng.uniform(0, 600, (300, 2))
    xy = np.concatenate([ext, proc, bg])
    ind = ["extraction"] * 10 + ["processing"] * N + ["other"] * 300
    return pd.DataFrame({"id": [f"g{i}" for i in range(len(ind))], "industry": ind, "x": xy[:, 0], "y": xy[:, 1]})


def test_radius_band_counts_and_sets():
    frame = graded_census()
    census = read_establishments(frame)
    cal = calibrate(census, "processing", "extraction", free=["a_B"], radius=44.0, radius_band=(30, 62),
                    simulations=19, seed=0)
    xy = frame[["x", "y"]].to_numpy()
    ext, proc = xy[frame.industry == "extraction"], xy[frame.industry == "processing"]
    dist = np.sqrt(((proc[:, None, :] - ext[None, :, :]) ** 2).sum(-1)).min(axis=1)     # brute force
    band = cal.band
    assert [r.n_A for r in band.rows] == sorted({int((dist <= r).sum()) for r in np.linspace(30, 62, 3201)})
    assert band.rows[0].r_from <= 30 < band.rows[0].r_to and band.rows[-1].r_from <= 62 < band.rows[-1].r_to
    for row, nxt in zip(band.rows[:-1], band.rows[1:]):
        assert row.r_to == nxt.r_from                      # the steps tile the band
        assert int((dist <= row.r_from).sum()) == row.n_A == int((dist < row.r_to).sum())
    assert sum(r.used for r in band.rows) == 1 and next(r for r in band.rows if r.used).n_A == cal.observation.n_A
    game = AgglomerationGame(N)
    for row in band.rows:
        ident = identified_set(game, row.n_A, "a_B", exact=False, mixed=False, unique=False)
        assert len(row.identified) == len(ident.intervals)
        for a, b in zip(row.identified, ident.intervals):
            assert abs(a.lo - b.lo) < 1e-12 and abs(a.hi - b.hi) < 1e-12
        for iv in row.confidence:                          # each row's set lies in the union over the band
            assert any(u.contains(iv.lo) and u.contains(iv.hi) for u in band.union)
        if not row.identified:
            assert row.fit is not None and row.fit.gain > 0


def coordination_model():
    """Pi_A = a + n_A/N, Pi_B = 1 + n_B/N: no split is ever an equilibrium (D_k increases in k)."""
    return ExpressionModel(name="coordination", payoff_A="a + n_A / N", payoff_B="1 + n_B / N",
                           parameters={"a": {"default": "3/2", "sign": "real"}})


@pytest.fixture(scope="module")
def empty_cal(census, do_results):
    return calibrate(census, "processing", "extraction", free=["a"], radius=30.0, do_results=do_results,
                     model=coordination_model())


def test_empty_identified_set_reports_the_closest_fit(empty_cal):
    cal = empty_cal
    assert cal.identified.intervals == ()
    f = cal.fit
    # -D_5 = D_6 at a* = 2 - 2 n_A / N = 3/2: the smallest gain is 1/N
    assert f.at_exact == ("3/2",) and f.gain_exact == "1/20" and f.kind == "balance"
    assert f.relative == pytest.approx(f.gain / f.scale)
    d = cal.as_dict()
    assert d["fit"]["gain"] == 0.05 and d["fit"]["at_exact"] == {"a": "3/2"}
    assert "Identified set empty; closest fit: the observed configuration leaves a deviation gain of at least 0.05 = " \
           "1/20" in cal.to_text()
    # the confidence set comes from the unstable mixed equilibrium p(a) = (N (2 - a) - 1) / (2 (N - 1))
    a = cal.confidence.acceptance
    (iv,) = cal.confidence.intervals
    assert iv.lo == pytest.approx(2 - (2 * (N - 1) * a.hi + 1) / N, abs=1e-10)
    assert iv.hi == pytest.approx(2 - (2 * (N - 1) * a.lo + 1) / N, abs=1e-10)


def test_figures_draw_what_is_there(cal, empty_cal, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PIL import Image

    from gametheory.plots.calibration import (plot_calibration, plot_calibration_band, plot_calibration_mixed,
                                              save_calibration)

    def labels(ax):
        return [t.get_text() for t in ax.get_legend().get_texts()]

    fig, ax = plt.subplots()
    assert plot_calibration(cal, ax) is ax                      # the zoomed conditions panel
    assert any(t.startswith("identified set") for t in labels(ax)) and "95% confidence set" in labels(ax)
    ax2 = empty_cal.plot(ax=plt.subplots()[1])                 # Result.plot -> the named plotter
    assert not any(t.startswith("identified set") for t in labels(ax2))    # nothing hatched: no legend entry
    assert any(t.startswith("closest fit 1.5") for t in labels(ax2))
    ax3 = plot_calibration_mixed(empty_cal, plt.subplots()[1])
    assert any(t.startswith("unstable mixed") for t in labels(ax3))
    assert not any(t.startswith("stable mixed") for t in labels(ax3))
    ax4 = plot_calibration_band(cal, plt.subplots()[1])
    assert [t.get_text() for t in ax4.get_yticklabels()][0].startswith("$n_A = 5$")
    from gametheory.plots.calibration import BAND_LANES

    lo, hi = ax4.get_ylim()                                    # at least BAND_LANES lanes high, the lanes centred
    lanes = len(cal.band.rows)
    assert hi - lo == pytest.approx(max(lanes, BAND_LANES) + 0.2) and (lo + hi) / 2 == pytest.approx((lanes - 1) / 2)
    plt.close("all")
    paths = save_calibration(empty_cal, tmp_path / "cal")
    assert sorted(p.name for p in paths) == ["cal.pdf", "cal.png"]
    with Image.open(tmp_path / "cal.png") as im:
        assert im.info["dpi"] == pytest.approx((300, 300), abs=0.01) and im.size[0] > 2500
    assert (tmp_path / "cal.pdf").read_bytes()[:5] == b"%PDF-"


def test_two_free_parameters(census, do_results):
    cal = calibrate(census, "processing", "extraction", free=["Delta_gamma", "tau_p"], radius=30.0, band=False,
                    do_results=do_results)
    d = cal.as_dict()
    proj = d["identified_set"]
    assert any(lo <= float(TRUE_DG) <= hi for lo, hi in proj[0])
    assert any(lo <= 1.0 <= hi for lo, hi in proj[1])
    r = cal.region
    assert np.all(r["confidence_mask"] >= r["mask"]) and d["confidence"]["share_of_grid"] >= r["share_of_grid"] > 0
    assert d["confidence"]["level"] == 0.95 and d["fit"] is None


def test_domain_is_checked_before_the_do_index(census, monkeypatch):
    import gametheory.do.inference as inference

    monkeypatch.setattr(inference, "do_index", lambda *a, **k: pytest.fail("the DO index ran"))
    with pytest.raises(DomainError, match="outside the model's domain"):
        calibrate(census, "processing", "extraction", params=RESOURCE.defaults().replace(c=Fraction(1, 10)))


@pytest.mark.parametrize("kw,msg", [
    (dict(processing="mills"), "not in the table"),
    (dict(free=["speed"]), "unknown free parameter"),
    (dict(free=["tau_p", "Delta_gamma", "e"]), "at most two"),
    (dict(region_column="nope"), "no column 'nope'"),
    (dict(alpha=Fraction(3, 2)), "alpha must lie in"),
    (dict(mixed="some"), "mixed must be one of"),
    (dict(radius_band=(50, 10)), "radius band must be"),
])
def test_bad_inputs(census, kw, msg):
    args = dict(processing="processing", extraction="extraction", simulations=19)
    args.update(kw)
    with pytest.raises(UserInputError, match=msg):
        calibrate(census, args.pop("processing"), args.pop("extraction"), **args)


def test_cli(tmp_path, capsys):
    path = tmp_path / "census.csv"
    model_census(5).to_csv(path, index=False)
    base = ["calibrate", str(path), "--processing", "processing", "--extraction", "extraction"]
    code = main(base + ["--radius", "30", "--simulations", "39", "--confidence", "0.9", "--mixed", "stable",
                        "--json", "--figure", str(tmp_path / "cal.pdf")])
    assert code == 0
    d = json.loads(capsys.readouterr().out)
    assert set(d) >= {"n_firms", "n_A", "free", "identified_set", "unique_set", "do", "confidence", "fit",
                      "radius_band"}
    assert d["confidence"]["level"] == 0.9 and d["confidence"]["mixed_equilibria"] == "stable"
    assert (tmp_path / "cal.pdf").stat().st_size > 10_000
    for extra, message in ((["--bootstrap", "100"], "--bootstrap was removed"),
                           (["--confidence", "1"], "--confidence must lie strictly between 0 and 1"),
                           (["--radius-band", "9"], "--radius-band must be LO:HI"),
                           (["--region-column", "region", "--radius-band", "1:2"], "needs regions from a radius"),
                           (["-p", "c=0.1"], "outside the model's domain")):
        assert main(base + extra) == 2
        assert message in capsys.readouterr().err
