"""Calibration on censuses built from the model: the true parameter lies in the identified set,
whose endpoints are the symbolic thresholds."""

import json
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from gametheory.analysis.thresholds import incentive_thresholds
from gametheory.calibrate.observed import band_exit_distance
from gametheory.calibrate.pipeline import calibrate
from gametheory.cli import main
from gametheory.do import read_establishments
from gametheory.errors import UserInputError
from gametheory.game import AgglomerationGame
from gametheory.models.agglomeration import RESOURCE
from gametheory.params import Params

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


def test_true_value_in_identified_set_and_endpoints_are_thresholds(census):
    cal = calibrate(census, "processing", "extraction", free=["Delta_gamma"], radius=30.0, simulations=39, seed=1)
    assert (cal.observation.N, cal.observation.n_A) == (N, 5)
    (iv,) = cal.identified.intervals
    assert iv.contains(float(TRUE_DG))
    th = {round(t.value, 12): t for k in (5, 6) for t in incentive_thresholds(AgglomerationGame(N), k, "Delta_gamma")}
    for end, exact in ((iv.lo, iv.lo_exact), (iv.hi, iv.hi_exact)):
        t = th[round(end, 12)]
        assert exact == str(t.exact) and abs(end - t.value) < 1e-12
    d = cal.as_dict()
    assert d["n_firms"] == N and d["n_A"] == 5 and d["free"] == ["Delta_gamma"]
    assert d["identified_set"] == [[iv.lo, iv.hi]]
    assert d["do"]["co_localisation"]["localized"] is True


def test_region_column_and_default_radius_agree(census):
    by_column = calibrate(census, "processing", "extraction", region_column="region", simulations=39, seed=1)
    by_band = calibrate(census, "processing", "extraction", simulations=39, seed=1)
    assert by_column.observation.n_A == by_band.observation.n_A == 5
    assert by_band.observation.radius is not None and by_band.observation.radius < 400


def test_band_exit_distance():
    d = np.arange(6.0)
    assert band_exit_distance(d, np.array([3, 3, 2, 0.5, 0.4, 0.1]), np.ones(6)) == 3.0
    assert band_exit_distance(d, np.zeros(6), np.ones(6)) is None


def test_bootstrap_is_seeded(census):
    a = calibrate(census, "processing", "extraction", radius=30.0, simulations=39, bootstrap=30, seed=4)
    b = calibrate(census, "processing", "extraction", radius=30.0, simulations=39, bootstrap=30, seed=4)
    assert a.bootstrap == b.bootstrap and a.bootstrap["replicates"] == 30
    assert a.bootstrap["lo"]["q025"] <= a.bootstrap["lo"]["q975"]


def test_two_free_parameters(census):
    cal = calibrate(census, "processing", "extraction", free=["Delta_gamma", "tau_p"], radius=30.0, simulations=39)
    proj = cal.as_dict()["identified_set"]
    assert any(lo <= float(TRUE_DG) <= hi for lo, hi in proj[0])
    assert any(lo <= 1.0 <= hi for lo, hi in proj[1])


@pytest.mark.parametrize("kw,msg", [
    (dict(processing="mills"), "not in the table"),
    (dict(free=["speed"]), "unknown free parameter"),
    (dict(free=["tau_p", "Delta_gamma", "e"]), "at most two"),
    (dict(region_column="nope"), "no column 'nope'"),
])
def test_bad_inputs(census, kw, msg):
    args = dict(processing="processing", extraction="extraction", simulations=39)
    args.update(kw)
    with pytest.raises(UserInputError, match=msg):
        calibrate(census, args.pop("processing"), args.pop("extraction"), **args)


def test_cli_json(tmp_path, capsys):
    path = tmp_path / "census.csv"
    model_census(5).to_csv(path, index=False)
    code = main(["calibrate", str(path), "--processing", "processing", "--extraction", "extraction",
                 "--radius", "30", "--simulations", "39", "--json", "--figure", str(tmp_path / "cal.png")])
    assert code == 0
    d = json.loads(capsys.readouterr().out)
    assert set(d) >= {"n_firms", "n_A", "free", "identified_set", "unique_set", "do"}
    assert (tmp_path / "cal.png").stat().st_size > 10_000
    assert main(["calibrate", str(path), "--processing", "none", "--extraction", "extraction"]) == 2
