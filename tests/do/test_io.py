"""Reading tables: CSV and Parquet, and clear errors naming the offending rows."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory.do.io import read_establishments, sample_path
from gametheory.errors import UserInputError

from do_helpers import table


@pytest.fixture
def frame(rng):
    return table(rng.uniform(0, 100, (8, 2)), ["a"] * 4 + ["b"] * 3 + ["c"], weights=np.arange(8.0))


def test_csv_and_parquet_give_the_same_census(tmp_path, frame):
    frame.to_csv(tmp_path / "t.csv", index=False)
    frame.to_parquet(tmp_path / "t.parquet")
    a = read_establishments(tmp_path / "t.csv", weight="emp")
    b = read_establishments(tmp_path / "t.parquet", weight="emp")
    np.testing.assert_array_equal(a.points, b.points)
    np.testing.assert_array_equal(a.weights, b.weights)
    assert a.industries == ["a", "b", "c"] and not a.spherical


def test_lonlat_detected_and_sample_found():
    census = read_establishments("sample")
    assert census.spherical and "processing" in census.industries
    assert sample_path().is_file()


def expect(frame, match, **kw):
    with pytest.raises(UserInputError, match=match):
        read_establishments(frame, **kw)


def test_missing_columns(frame):
    expect(frame.drop(columns="y"), r"missing column\(s\) y")
    expect(frame.drop(columns="industry"), r"missing column\(s\) industry")
    expect(frame, r"missing column\(s\) employment", weight="employment")


def test_bad_coordinates_name_the_rows(frame):
    f = frame.astype({"x": object})
    f.loc[2, "x"] = "north"
    f.loc[5, "x"] = np.nan
    expect(f, r"'x' is non-numeric, missing or infinite at row 3 \(id e2\), row 6 \(id e5\)$")


def test_latitude_out_of_range(frame):
    f = frame.rename(columns={"x": "lon", "y": "lat"})
    f.loc[1, "lat"] = 91.0
    f.loc[4, "lat"] = -90.5
    expect(f, r"latitude outside \[-90, 90\] at row 2 \(id e1\), row 5 \(id e4\)$")


def test_negative_and_nan_weights(frame):
    f = frame.copy()
    f.loc[6, "emp"] = -1.0
    expect(f, r"negative weight in column 'emp' at row 7 \(id e6\)$", weight="emp")
    f.loc[6, "emp"] = np.nan
    expect(f, r"weight column 'emp' is non-numeric, missing or infinite at row 7 \(id e6\)$", weight="emp")


def test_many_bad_rows_are_summarised(frame):
    f = frame.astype({"y": object})
    f["y"] = "?"
    expect(f, r"row 5 \(id e4\) and 3 more$")


def test_unknown_and_too_small_industries(frame):
    census = read_establishments(frame)
    with pytest.raises(UserInputError, match=r"industry 'z' is not in the table \(industries: a, b, c\)"):
        census.members("z")
    with pytest.raises(UserInputError, match=r"industry 'c' has 1 establishment \(row 8 \(id e7\)\)"):
        census.members("c")
    assert list(census.members("b")) == [4, 5, 6]


def test_unreadable_and_missing_files(tmp_path):
    with pytest.raises(UserInputError, match="no such file"):
        read_establishments(tmp_path / "none.csv")
    (tmp_path / "bad.parquet").write_text("not parquet")
    with pytest.raises(UserInputError, match="cannot read"):
        read_establishments(tmp_path / "bad.parquet")


def test_coinciding_coordinates_are_legal(frame):
    f = frame.copy()
    f[["x", "y"]] = 5.0
    census = read_establishments(f)
    assert len(census.points) == 8


def test_median_site_distance_is_computed_once_per_census_and_seed(monkeypatch):
    """The default threshold of a census is kept per seed (a DO index and its co-localisation index share it), is
    the geometry function's value, and is computed again for new points."""
    import gametheory.do.geometry as geometry

    census = read_establishments("sample")
    calls = []
    real = geometry.median_site_distance

    def counted(points, spherical, seed):
        calls.append(seed)
        return real(points, spherical, seed)

    monkeypatch.setattr(geometry, "median_site_distance", counted)
    first = census.median_site_distance(0)
    assert first == real(census.points, census.spherical, 0) and first[0] > 0
    assert census.median_site_distance(0) == first and calls == [0]
    census.median_site_distance(1)
    assert calls == [0, 1]
    census.points = census.points[: len(census.points) // 2].copy()       # other points: computed again
    assert census.median_site_distance(0) == real(census.points, census.spherical, 0) and calls == [0, 1, 0]
