"""The dynamics figures draw what the results say: path levels and jumps, hysteresis shading, the depletion panel."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gametheory as gt  # noqa: E402
from gametheory.plots.dynamics import dynamics_figure_specs, hysteresis_range, plot_depletion, plot_path  # noqa: E402
from gametheory.plots.style import save  # noqa: E402


@pytest.fixture(scope="module")
def path20():
    return gt.AgglomerationGame(N=20).path("e", "0.6", "-0.6", 60, back=True, thresholds=False)


def test_path_is_drawn_on_its_bifurcation(path20):
    import matplotlib.pyplot as plt

    bif = path20.bifurcation(points=81)
    ax = plot_path(path20, bifurcation=bif)
    for direction in ("forward", "back"):
        lines = [ln for ln in ax.lines if ln.get_gid() == f"path-{direction}"]
        xs = np.concatenate([ln.get_xdata() for ln in lines])
        ys = np.concatenate([ln.get_ydata() for ln in lines])
        assert sorted(xs.tolist()) == sorted(float(v) for v in path20.step_values(direction))
        ref = {float(v): k / 20 for v, k in zip(path20.step_values(direction), path20.n_A(direction))}
        assert all(ref[x] == y for x, y in zip(xs.tolist(), ys.tolist()))
    arrows = [a for a in ax.texts if getattr(a, "arrow_patch", None) is not None]
    assert len(arrows) == len(path20.switches) == 6
    assert sorted((a.xy[0], a.xy[1]) for a in arrows) == sorted((float(s.value), s.to / 20) for s in path20.switches)
    spans = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx((0.88, 0.88, 0.88))]
    assert len(spans) == 1                                    # the hysteresis interval of n_A = 20: [0.06, 0.54]
    x0, x1 = spans[0].get_x(), spans[0].get_x() + spans[0].get_width()
    assert (x0, x1) == pytest.approx((0.06, 0.54))
    assert any(ln.get_gid() == "pure-stable" for ln in ax.lines)        # the bifurcation branches underneath
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].startswith("forward") and labels[1].startswith("back")
    plt.close(ax.figure)


def test_depletion_panel():
    d = gt.AgglomerationGame(N=20).deplete(T=40)
    fig = plot_depletion(d)
    axes = fig.axes
    assert len(axes) == 4
    for ax in axes:                                            # the dissolution period marked in every panel
        assert any(np.all(np.asarray(ln.get_xdata()) == 15) for ln in ax.lines)
    s_line = axes[0].lines[0]
    assert np.array_equal(s_line.get_ydata(), d.S)
    assert any(np.allclose(ln.get_ydata(), d.critical_stock_value) for ln in axes[0].lines[1:])
    assert any(np.allclose(ln.get_ydata(), d.e_star.value) for ln in axes[1].lines[1:])
    assert np.array_equal(axes[2].lines[0].get_ydata(), d.n_A)
    assert np.array_equal(axes[3].lines[0].get_ydata(), d.W)
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_figure_specs_and_files(tmp_path):
    game = gt.AgglomerationGame(N=2)
    specs = dict(dynamics_figure_specs(game, 20, points=41))
    assert set(specs) == {"hysteresis_e_N20", "depletion_N20"}
    paths = save(specs["depletion_N20"](), tmp_path, "depletion_N20")
    assert [p.read_bytes()[:4] for p in paths] == [b"%PDF", b"\x89PNG"]
    from fractions import Fraction

    assert hysteresis_range(game.model, game.params) == (Fraction(3, 5), Fraction(-3, 5), 60)
    # cut into the domain: c - e - gamma_A > 0 bounds e above by 0.4 here
    top, bottom, _ = hysteresis_range(game.model, game.params.replace(gamma_A="1.6"))
    assert bottom == Fraction(-3, 5) and 0 < top < Fraction(2, 5)
    toy = gt.LocationGame.from_expressions(A="1 + e - n_A / N", B="1 - n_B / N", parameters={"e": "1/5"}, N=3)
    assert [s for s, _ in dynamics_figure_specs(toy, 3)] == ["hysteresis_e_N3"]     # no welfare: no depletion
    no_e = gt.LocationGame.from_expressions(A="a - n_A / N", B="1 - n_B / N", parameters={"a": "1"}, N=3)
    assert dynamics_figure_specs(no_e, 3) == []
