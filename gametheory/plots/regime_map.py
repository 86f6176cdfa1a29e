r"""Regime maps: which equilibria exist over a 2-D parameter plane.

Drawn from a computed :class:`~gametheory.analysis.sweeps.RegimeMap` (this module only
draws): the regime of every point of the 2-D sweep (coloured areas, one fixed colour per
regime, :mod:`gametheory.plots.style`), and over them the exact boundary curves
:math:`D_k = 0` (:func:`~gametheory.analysis.boundaries.boundary_curves`), where
:math:`D_k = \Pi_A(k) - \Pi_B(k-1)`.  The two curves the paper is about are
labelled: :math:`D_1 = 0` (the zero-resource economy :math:`n_A = 0` is an
equilibrium iff :math:`D_1 \le 0`) and :math:`D_N = 0` (the traditional cluster
:math:`n_A = N` is one iff :math:`D_N \ge 0`).  For :math:`N > 2` the
split-boundaries :math:`D_k = 0`, :math:`1 < k < N`, are drawn thinner and
lighter.  A star marks the parameter point the figure is drawn at.

Why: the grid gives the areas (every point is solved), the closed forms give
the lines exactly; a test checks that the image is the sweep's regime codes
and that the lines are the returned curves.
"""

from __future__ import annotations

import numpy as np
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patheffects import Normal, Stroke

from gametheory.analysis.sweeps import Sweep
from gametheory.params import Params
from gametheory.plots.style import (HATCH_WIDTH, PALETTE, REGIME_HATCHES, axis_label, fixed_text, hatch_area,
                                    hatch_color, image_extent, lighten, new_axes, regime_patches)

__all__ = ["regime_index", "regime_rgb", "draw_regimes", "draw_regime_fills", "draw_hatches", "draw_boundaries",
           "mark_point", "plot_regime_map", "place_legend"]

#: Line styles of the boundary curves: the two pattern curves and the split-boundaries.
#: (A curve from :func:`boundary_curves` holds both its y(x) and x(y) branches, which overlap,
#: so dash patterns would fill in; the two pattern curves differ by colour instead.)
D1_STYLE = dict(color="black", linewidth=1.2, linestyle="-")
DN_STYLE = dict(color="white", linewidth=1.1, linestyle="-",
                path_effects=[Stroke(linewidth=2.8, foreground="black"), Normal()])
SPLIT_STYLE = dict(color="0.15", linewidth=0.45, linestyle="-", alpha=0.55)


def regime_index(sw: Sweep) -> np.ndarray:
    """Colour index per pixel, rows = y (second axis), columns = x: 0 outside, ``code + 1`` otherwise."""
    return np.asarray(sw.regime).T + 1


def regime_rgb(sw: Sweep, lighten_by: float = 0.0) -> np.ndarray:
    """The RGB image of the regime map (``(ny, nx, 3)``), colours from :data:`PALETTE`."""
    return lighten(PALETTE[regime_index(sw)], lighten_by)


def draw_hatches(ax, axes, codes, lighten_by: float = 0.0) -> dict:
    """Hatch each regime of ``codes`` (grid shape ``(nx, ny)``) with :data:`REGIME_HATCHES`, on the grid's cells
    (for a grid without gaps to make smooth fields from); returns ``{code: ContourSet}`` (``gid = "hatch-<code>"``)."""
    codes = np.asarray(codes).T
    out = {}
    for c in np.unique(codes[codes >= 0]).tolist():
        fill = lighten(PALETTE[c + 1], lighten_by)
        cs = hatch_area(ax, axes[0].values, axes[1].values, codes == c, REGIME_HATCHES[c], hatch_color(fill),
                        gid=f"hatch-{c}")
        if cs is not None:
            out[c] = cs
    return out


def draw_regime_fills(ax, sw: Sweep, lighten_by: float = 0.0, *, hatches: bool = True) -> dict:
    """Each regime as a filled contour of its field (:func:`~gametheory.analysis.boundaries.regime_fields`) at
    level 0, in its colour and (``hatches=True``) its hatching; returns ``{code: ContourSet}`` (``gid =
    "regime-<code>"``).  The edges are interpolated between grid points: no staircase."""
    import matplotlib as mpl

    from gametheory.analysis.boundaries import regime_fields

    x, y = sw.axes[0].values, sw.axes[1].values
    out = {}
    for c, field in regime_fields(sw).items():
        fill = lighten(PALETTE[c + 1], lighten_by)
        top = float(np.nanmax(np.abs(np.where(np.isfinite(field), field, np.nan)))) + 1.0
        with mpl.rc_context({"hatch.linewidth": HATCH_WIDTH}):
            cs = ax.contourf(x, y, np.clip(field, -top, top).T, levels=[0.0, top], colors=[fill], zorder=0.5,
                             hatches=[REGIME_HATCHES[c] if hatches else None])
        cs.set_hatchcolor(hatch_color(fill))
        cs.set_gid(f"regime-{c}")
        out[c] = cs
    return out


class SeamImage(AxesImage):
    """The regime image under the smooth fills, where it only shows in their hairline seams: drawn with "nearest"
    resampling on raster output (the same pixels as a plain image), and embedded in vector output (PDF) as it is,
    one pixel per grid point, instead of resampled to the file's 300 dpi first (matplotlib's unsampled path, which
    it takes by itself only for ``interpolation="none"``; that setting would change the raster pixels too).  The
    PDF viewer scales it without smoothing (no ``/Interpolate``); each map's PDF is written about 0.1 s faster."""

    def _check_unsampled_image(self) -> bool:
        return True


def draw_regimes(ax, sw: Sweep, lighten_by: float = 0.0, *, hatches: bool = True, smooth: bool = True):
    """Regime areas of the 2-D sweep; returns the AxesImage.

    The image holds the exact regime of every grid point (a pixel per point).  With ``smooth=True`` the regimes
    are drawn over it as filled contours (:func:`draw_regime_fills`: edges without the grid's staircase; the image
    shows only in the hairline seams between them), hatched per regime when ``hatches=True``; with
    ``smooth=False`` the image alone, hatched cell by cell (:func:`draw_hatches`).
    """
    im = ax.imshow(regime_rgb(sw, lighten_by), origin="lower", extent=image_extent(sw.axes), aspect="auto",
                   interpolation="nearest", zorder=0)
    if smooth and min(sw.shape) > 1:
        im.__class__ = SeamImage
        draw_regime_fills(ax, sw, lighten_by, hatches=hatches)
    elif hatches:
        draw_hatches(ax, sw.axes, sw.regime, lighten_by)
    ax.set_xlim(sw.axes[0].values[0], sw.axes[0].values[-1])
    ax.set_ylim(sw.axes[1].values[0], sw.axes[1].values[-1])
    ax.set_xlabel(axis_label(sw.model.space, sw.axes[0].name))
    ax.set_ylabel(axis_label(sw.model.space, sw.axes[1].name))
    return im


def draw_boundaries(ax, curves, N: int, *, only_patterns: bool = False) -> list[Line2D]:
    """Draw the curves ``D_k = 0``; returns legend handles (one per style present).

    Each drawn Line2D gets ``gid = "D_<k>"`` so that tests (and readers) can find it.
    """
    handles = {}
    for cv in curves:
        if cv.k == 1:
            style, label = D1_STYLE, r"$D_1 = 0$ (edge of $n_A = 0$)"
        elif cv.k == N:
            style, label = DN_STYLE, rf"$D_{{{N}}} = 0$ (edge of $n_A = {N}$)"
        elif only_patterns:
            continue
        else:
            style, label = SPLIT_STYLE, rf"$D_k = 0$, $1 < k < {N}$"
        (line,) = ax.plot(cv.x, cv.y, gid=f"D_{cv.k}", zorder=2, **style)
        handles.setdefault(label, Line2D([], [], label=label, **style))
    order = sorted(handles, key=lambda s: (not s.startswith("$D_1"), s.startswith("$D_k")))
    return [handles[s] for s in order]


def mark_point(ax, params: Params, names: tuple[str, str]) -> Line2D:
    """A star at the parameter point ``params`` (drawn at its values of the two axes)."""
    x, y = (float(params.get_any(n)) for n in names)
    (h,) = ax.plot([x], [y], marker="*", markersize=11, color="white", markeredgecolor="black",
                   markeredgewidth=0.8, linestyle="none", zorder=4, label="parameters in use")
    return h


def place_legend(ax, handles, title=None):
    """The legend outside the axes, on the right (patches tall enough to show their hatching)."""
    return ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                     frameon=False, title=title, alignment="left", handlelength=2.4, handleheight=1.3)


def plot_regime_map(rm, ax=None, *, lighten_by: float = 0.0, only_patterns: bool = False, legend: bool = True,
                    title: bool = True, legend_title: str = "pure Nash equilibria"):
    """Draw a :class:`~gametheory.analysis.sweeps.RegimeMap` (areas, boundary curves, the parameter point).

    Draws into ``ax`` (a new figure in the paper style when None); returns the Axes.
    """
    sw = rm.sweep
    N = sw.N
    fig, ax = new_axes(ax, 7.0, 4.2)
    draw_regimes(ax, sw, lighten_by)
    handles = draw_boundaries(ax, rm.curves, N, only_patterns=only_patterns)
    names = (sw.axes[0].name, sw.axes[1].name)
    star = mark_point(ax, sw.params, names)
    if legend:
        patches = regime_patches(sw.regime, sw.model, lighten_by)
        items = (handles + [star] + patches) if only_patterns else (patches + handles + [star])
        place_legend(ax, items, title=legend_title)
    if title:
        ax.set_title(f"Equilibrium regimes, $N = {N}$ firms\n" + fixed_text(sw.params, names, per_line=6), fontsize=9)
    return ax
