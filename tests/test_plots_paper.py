"""Paper-ready figures (issue 13): greyscale, legends clear of the curves and only for what is drawn, smooth
regime areas, parameter values on every figure, PDF and 300-dpi PNG.

Every check reads the drawn figure (artists, legend boxes, rendered pixels), not the code that draws it.
"""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.path import Path as MPath  # noqa: E402

from gametheory.analysis.boundaries import REGIME_PATTERNS, pattern_margins, regime_fields  # noqa: E402
from gametheory.analysis.sweeps import Axis, regime_map  # noqa: E402
from gametheory.game import AgglomerationGame  # noqa: E402
from gametheory.models.agglomeration import RESOURCE  # noqa: E402
from gametheory.models.environment import ENVIRONMENT  # noqa: E402
from gametheory.plots.paper import figure_specs  # noqa: E402
from gametheory.plots.regime_map import plot_regime_map  # noqa: E402
from gametheory.plots.style import (PALETTE, REGIME_HATCHES, TINY, grey, regime_description,  # noqa: E402
                                    regime_patches, visible_codes)

SPACE = RESOURCE.space


def _draw_figures():
    """Every figure of ``gametheory figures`` (N = 3, small grids) and the three NEG figures on coarse grids."""
    from gametheory.models.neg import CorePeriphery, model_class
    from gametheory.plots.neg import cp_tomahawk_figure, cp_wiggle_figure, resource_tomahawk_figure

    figs = {s.stem: s.draw() for s in figure_specs(AgglomerationGame(3), (3,), grid=16, points=40)}
    cp = CorePeriphery(mu=0.4, sigma=5.0)
    figs["neg_cp_tomahawk"] = cp_tomahawk_figure(cp.tomahawk(phi=np.linspace(0.002, 0.5, 30)))
    figs["neg_cp_wiggle"] = cp_wiggle_figure(cp.wiggle(T=(2.1, 1.7, 1.5), lam=np.linspace(0, 1, 101)))
    figs["neg_resource_tomahawk"] = resource_tomahawk_figure(model_class("resource")().tomahawk(
        T=np.linspace(0.0, 2.0, 60)))
    for fig in figs.values():
        fig.set_dpi(40)                    # (cheap to rasterise; positions scale with the dpi)
        fig.canvas.draw()                  # final layout: legend boxes and transforms as saved
    return figs


def test_paper_figures():
    """The figures are drawn once (the drawing is the cost; one test, so one worker draws them) and read for
    each point of the issue by the ``_check_*`` functions below."""
    figs = _draw_figures()
    try:
        for check in (_check_no_curve_runs_through_a_legend, _check_every_figure_states_its_parameters,
                      _check_drawn_regimes_have_their_hatching_and_legend,
                      _check_welfare_map_optima_have_distinct_grey_levels, _check_line_kinds_differ_without_colour,
                      _check_legends_of_line_figures_name_drawn_styles, _check_thresholds_figure_has_no_staircase):
            check(figs)
    finally:
        for fig in figs.values():
            plt.close(fig)


# ------------------------------------------------------------------ legends
def _curves_in_display(fig):
    """(display-space vertices of one drawn piece, clip box) for every visible line and contour line of ``fig``."""
    for ax in fig.axes:
        artists = list(ax.lines) + [c for c in ax.collections if isinstance(c, ContourSet) and not c.filled]
        for art in artists:
            if not art.get_visible():
                continue
            clip = art.get_clip_box() if art.get_clip_on() else None
            if isinstance(art, Line2D):
                xy = np.asarray(art.get_xydata(), dtype=float)
                if xy.size == 0 or (art.get_linestyle() in ("None", "none", "") and art.get_marker() in (None, "None",
                                                                                                         "none", "")):
                    continue
                paths = [(art.get_transform().transform(xy), art.get_linestyle() in ("None", "none", ""))]
            else:
                paths = [(art.get_transform().transform(p.vertices), False) for p in art.get_paths() if len(p.vertices)]
            for pts, markers_only in paths:
                good = np.isfinite(pts).all(axis=1)
                cuts = np.flatnonzero(np.diff(good.astype(int)) != 0) + 1
                for piece in np.split(np.arange(len(pts)), cuts):
                    if len(piece) and good[piece[0]]:
                        yield pts[piece], clip, markers_only


def _hits(pts, box, markers_only):
    if markers_only or len(pts) == 1:
        return bool(((pts[:, 0] > box.x0) & (pts[:, 0] < box.x1) & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1)).any())
    return MPath(pts).intersects_bbox(box, filled=False)


def _check_no_curve_runs_through_a_legend(figures):
    checked = 0
    for stem, fig in figures.items():
        renderer = fig.canvas.get_renderer()
        legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None] + list(fig.legends)
        assert legends or stem.startswith("depletion"), stem      # (N = 3: no critical stock, no legend)
        for leg in legends:
            box = leg.get_window_extent(renderer).padded(-1.0)
            for pts, clip, markers_only in _curves_in_display(fig):
                area = box if clip is None else type(box).intersection(box, clip)
                if area is None or area.width <= 0 or area.height <= 0:
                    continue
                assert not _hits(pts, area, markers_only), f"{stem}: a curve runs through the legend"
                checked += 1
    assert checked > 0          # some curves share a clip box with a legend: the test looks at something


def test_legend_test_sees_a_curve_through_a_legend():
    """The check above fails on a legend placed over a curve."""
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="diagonal")
    ax.legend(loc="center")
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent(fig.canvas.get_renderer())
    assert any(_hits(pts, box, m) for pts, _, m in _curves_in_display(fig))
    plt.close(fig)


def _check_every_figure_states_its_parameters(figures):
    """Titles name every fixed parameter with its value (at most the two swept ones are missing)."""
    for stem, fig in figures.items():
        texts = [fig._suptitle.get_text() if fig._suptitle else ""]
        texts += [ax.get_title(loc) for ax in fig.axes for loc in ("center", "left", "right")]
        text = " ".join(texts)
        if stem.startswith("neg_cp"):
            assert r"\mu = 0.4" in text and r"\sigma = 5" in text, stem
            continue
        space = ENVIRONMENT.space if stem.split("_")[0] in ("welfare", "policy") else SPACE
        missing = [n for n in space.names if f"{space.latex(n)} = " not in text]
        assert len(missing) <= 2, (stem, missing)
        assert "a_A = 6" in text, stem


# ------------------------------------------------------------------ greyscale
@pytest.fixture(scope="module")
def maps():
    axes = (Axis.linspace(SPACE, "tau_p", 0, 4, 40), Axis.linspace(SPACE, "Delta_gamma", "-0.4", 2, 30))
    return {N: regime_map(AgglomerationGame(N), *axes) for N in (2, 6)}


def _features(window):
    """Mean grey level and the correlations of a pixel with its two diagonal neighbours (hatch orientation)."""
    def corr(a, b):
        a, b = a - a.mean(), b - b.mean()
        return float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum() + 1e-12))

    return np.array([window.mean() / 0.1, corr(window[1:, 1:], window[:-1, :-1]) / 0.2,
                     corr(window[1:, :-1], window[:-1, 1:]) / 0.2])


def _greyscale_windows(rm, ax):
    """For each regime with an interior at least 4 grid cells deep: the greyscale pixels around its deepest point."""
    from scipy.ndimage import distance_transform_edt

    fig = ax.figure
    fig.set_dpi(100)
    fig.canvas.draw()
    g = grey(np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255)
    sw = rm.sweep
    out = {}
    for c in np.unique(sw.regime).tolist():
        depth = distance_transform_edt(np.pad(sw.regime == c, 1))[1:-1, 1:-1]
        if depth.max() < 4:
            continue
        i, j = np.unravel_index(np.argmax(depth), depth.shape)
        px, py = ax.transData.transform((sw.axes[0].values[i], sw.axes[1].values[j]))
        r, k = int(round(g.shape[0] - py)), int(round(px))
        out[c] = g[r - 12:r + 12, k - 12:k + 12]
    return out


def test_regimes_differ_in_greyscale(maps):
    """Rendered and converted to grey, every two regimes of a map differ in grey level or hatch texture."""
    compared = 0
    for N, rm in maps.items():
        ax = plot_regime_map(rm, legend=False, title=False)
        windows = _greyscale_windows(rm, ax)
        assert len(windows) >= 3, N
        for (a, wa), (b, wb) in itertools.combinations(windows.items(), 2):
            assert np.linalg.norm(_features(wa) - _features(wb)) >= 1, (N, a, b)
            compared += 1
        plt.close(ax.figure)
    assert compared >= 6


def test_colours_alone_would_not_do():
    """Why the hatching: the Okabe-Ito regime colours of several neighbouring regimes are within 0.1 in grey."""
    g = grey(PALETTE[1:])
    close = [(a, b) for a, b in itertools.combinations(range(len(g)), 2) if abs(g[a] - g[b]) < 0.1]
    assert (0, 3) in close and (1, 3) in close and (4, 5) in close
    assert len(set(REGIME_HATCHES)) == len(REGIME_HATCHES) == len(REGIME_PATTERNS)


def _fills(ax, prefix):
    return {int(c.get_gid().split("-")[1]): c for c in ax.collections
            if isinstance(c, ContourSet) and str(c.get_gid()).startswith(prefix)}


def _map_axes(figures):
    for stem in ("regime_map_tau_p_Delta_gamma_N3", "regime_map_tau_r_e_N3", "thresholds_a_B_N3",
                 "policy_map_t_A_t_B_N3"):
        yield stem, figures[stem].axes[0]


def _check_drawn_regimes_have_their_hatching_and_legend(figures):
    """Each regime fill carries its hatching; the legend shows the same hatching, only for visible regimes."""
    for stem, ax in _map_axes(figures):
        fills = _fills(ax, "regime-")
        assert fills, stem
        for c, cs in fills.items():
            assert list(cs.hatches) == [REGIME_HATCHES[c]], (stem, c)
        img = ax.get_images()[0].get_array()
        labels = {p.get_label(): p for p in ax.get_legend().get_patches()}
        shown = [c for c in fills if any(regime_description(RESOURCE, c) in lab for lab in labels)]
        assert shown, stem
        for c in shown:
            (patch,) = [p for lab, p in labels.items() if lab.endswith(regime_description(RESOURCE, c))]
            assert patch.get_hatch() == REGIME_HATCHES[c], (stem, c)
        assert img.shape[:2] == (16, 16), stem


def _check_welfare_map_optima_have_distinct_grey_levels(figures):
    ax = figures["welfare_map_tau_p_delta_A_N3"].axes[0]
    (im,) = [i for i in ax.get_images() if i.get_gid() == "optimum"]
    levels = sorted(set(np.round(grey(np.asarray(im.get_array())[..., :3]), 3).ravel().tolist()))
    assert len(levels) >= 2
    assert min(np.diff(levels)) >= 0.1
    from gametheory.plots.welfare import OPTIMUM_COLORS, optimum_color

    g = sorted(float(grey(optimum_color(p))) for p in OPTIMUM_COLORS)
    assert min(np.diff(g)) >= 0.15


def _check_line_kinds_differ_without_colour(figures):
    lines = [ln for ln in figures["bifurcation_tau_p_N3"].axes[0].lines if ln.get_gid()]
    width = {ln.get_gid().split("-")[0]: ln.get_linewidth() for ln in lines if len(ln.get_xdata()) > 1}
    assert width["pure"] >= 1.8 * width["mixed"]
    styles = {ln.get_gid().split("-")[1]: ln.get_linestyle() for ln in lines if len(ln.get_xdata()) > 1}
    assert styles["stable"] == "-" and styles["unstable"] != "-"
    # welfare line: each labelled configuration has its own dash pattern (or width)
    leg = figures["welfare_delta_A_N3"].axes[0].get_legend()
    config = [h for h in leg.legend_handles if h.get_label().startswith("$n_A")]
    keys = [str(h._unscaled_dash_pattern) for h in config]
    assert len(config) >= 2 and len(set(keys)) == len(keys)
    wig = [ln for ln in figures["neg_cp_wiggle"].axes[0].lines if len(ln.get_xdata()) > 2 and ln.get_label()[0] == "$"]
    assert len({str(ln._unscaled_dash_pattern) for ln in wig}) == len(wig) == 3


# ------------------------------------------------------------------ legends list only what is drawn
def test_no_legend_entry_for_an_invisible_region():
    codes = np.zeros(3000, dtype=int)
    codes[:2] = 2                                   # 2 points of 3000: below TINY, no visible area
    codes[2:10] = 3                                 # 8 points: kept
    codes[10:12] = -1
    labels = [p.get_label() for p in regime_patches(codes, RESOURCE)]
    assert visible_codes(codes) == [0, 3]
    assert labels == [regime_description(RESOURCE, 0), regime_description(RESOURCE, 3)]
    assert 2 / 3000 < TINY < 8 / 3000


def test_map_legends_name_exactly_the_visible_regimes(maps):
    import dataclasses

    from gametheory.analysis.sweeps import RegimeMap

    rm = maps[6]
    regime = rm.sweep.regime.copy()
    lone = min(set(range(7)) - set(np.unique(regime).tolist()))
    regime[0, 0] = lone                           # one point of 1200 in a regime of its own: no visible area
    dotted = RegimeMap(dataclasses.replace(rm.sweep, regime=regime), rm.curves)
    for name, m in (("N = 2", maps[2]), ("N = 6", rm), ("one point", dotted)):
        sw = m.sweep
        ax = plot_regime_map(m)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        codes, counts = np.unique(sw.regime, return_counts=True)
        visible = {int(c) for c, n in zip(codes, counts) if n >= TINY * sw.regime.size}
        named = {c for c in range(7) if regime_description(RESOURCE, c) in labels}
        assert named == visible and len(named) >= 3, name
        plt.close(ax.figure)
    assert lone in dotted.sweep.regime and lone not in named


def _check_legends_of_line_figures_name_drawn_styles(figures):
    """Every legend entry of the line figures has a drawn counterpart (a line with its colour, style and width)."""
    for stem in ("bifurcation_tau_p_N3", "welfare_delta_A_N3", "hysteresis_e_N3"):
        ax = figures[stem].axes[0]
        drawn = {(tuple(np.round(matplotlib.colors.to_rgba(ln.get_color()), 3)), str(ln._unscaled_dash_pattern))
                 for ln in ax.lines}
        for h in ax.get_legend().legend_handles:
            if isinstance(h, Line2D) and h.get_linestyle() not in ("None", "none") and not h.get_label().startswith(
                    "thick"):
                key = (tuple(np.round(matplotlib.colors.to_rgba(h.get_color()), 3)), str(h._unscaled_dash_pattern))
                assert key in drawn, (stem, h.get_label())


# ------------------------------------------------------------------ smooth areas
def test_regime_fields_have_the_regimes_signs(maps):
    """Each regime's field is >= 0 exactly on the grid points of the regime (where the margins are not ties)."""
    for N, rm in maps.items():
        sw = rm.sweep
        margins = pattern_margins(sw)
        decided = np.all([np.abs(m) > 1e-12 for m in margins], axis=0)
        for c, field in regime_fields(sw).items():
            inside = field >= 0
            assert np.array_equal(inside[decided], (sw.regime == c)[decided]), (N, c)


def _staircase_steps(polys, box, tol):
    """Turns between an axis-parallel edge and one of the other direction along the polygons (off the axes box)."""
    (x0, x1), (y0, y1) = box
    steps = segments = 0
    for poly in polys:
        d = np.diff(poly, axis=0)
        mid = (poly[1:] + poly[:-1]) / 2
        on_box = (np.abs(mid[:, 0] - x0) < tol) | (np.abs(mid[:, 0] - x1) < tol) | \
            (np.abs(mid[:, 1] - y0) < tol) | (np.abs(mid[:, 1] - y1) < tol)
        keep = ~on_box & (np.abs(d).sum(axis=1) > 0)
        kind = np.where(np.abs(d[:, 0]) < tol, 1, np.where(np.abs(d[:, 1]) < tol, 2, 0))[keep]
        segments += len(kind)
        steps += int(((kind[1:] * kind[:-1]) == 2).sum())        # vertical next to horizontal
    return steps, segments


def _check_thresholds_figure_has_no_staircase(figures):
    """The regime areas of the thresholds figure are filled contours whose edges cut the grid cells: no run of
    alternating horizontal and vertical edges (a staircase of pixels is nothing else); the exact curves
    D_1 = 0 and D_N = 0 lie on top."""
    ax = figures["thresholds_a_B_N3"].axes[0]
    box = (ax.get_xlim(), ax.get_ylim())
    tol = 1e-9 * max(np.ptp(box[0]), np.ptp(box[1]))
    polys = [poly for cs in _fills(ax, "regime-").values() for path in cs.get_paths()
             for poly in path.to_polygons(closed_only=False)]
    steps, segments = _staircase_steps(polys, box, tol)
    assert segments > 20 and steps <= 2, (steps, segments)
    # the same check on the pixel edges of the image under the fills finds the staircase
    img = ax.get_images()[0]
    x_lo, x_hi, y_lo, y_hi = img.get_extent()
    rgb = np.asarray(img.get_array())[..., :3]
    ny, nx = rgb.shape[:2]
    xs, ys = np.linspace(x_lo, x_hi, nx + 1), np.linspace(y_lo, y_hi, ny + 1)
    first = np.all(rgb == rgb[0, 0], axis=-1)           # the region of one colour, traced along its pixel edges
    edges = [np.array([[xs[j], ys[i + 1]], [xs[j + 1], ys[i + 1]], [xs[j + 1], ys[i]]])
             for i in range(ny - 1) for j in range(nx - 1) if first[i, j] and not first[i + 1, j]
             and not first[i, j + 1]]
    assert _staircase_steps(edges, box, tol)[0] >= 1
    assert {ln.get_gid() for ln in ax.lines if str(ln.get_gid()).startswith("D_")} == {"D_1", "D_3"}


def test_fills_cover_their_regimes(maps):
    """Each regime fill contains the grid points of its regime and not those of others (up to the edges)."""
    rm = maps[6]
    ax = plot_regime_map(rm, legend=False, title=False)
    sw = rm.sweep
    X, Y = np.meshgrid(sw.axes[0].values, sw.axes[1].values, indexing="ij")
    pts = np.c_[X.ravel(), Y.ravel()]
    codes = sw.regime.ravel()
    for c, cs in _fills(ax, "regime-").items():
        inside = np.zeros(len(pts), dtype=bool)
        for path in cs.get_paths():
            inside |= path.contains_points(pts, radius=1e-9)
        own = codes == c
        assert inside[own].mean() >= 0.97, c
        assert inside[~own].mean() <= 0.03, c
    plt.close(ax.figure)
