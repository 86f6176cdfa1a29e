"""The NEG figures are written, one file per figure and format."""

from gametheory.plots.neg import write_neg_figures


def test_write_neg_figures(tmp_path):
    paths = write_neg_figures(tmp_path, formats=("png",))
    assert [p.name for p in paths] == ["neg_cp_tomahawk.png", "neg_cp_wiggle.png", "neg_resource_tomahawk.png"]
    assert all(p.stat().st_size > 20_000 for p in paths)
