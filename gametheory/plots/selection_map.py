r"""Selection maps: which configuration is selected over a 2-D parameter plane.

Drawn from a computed :class:`~gametheory.analysis.selection.SelectionMap` (this module only
draws).  Areas: the configuration selected by the potential criterion (the maximiser of
:math:`\Phi(k) = D_1 + \dots + D_k`: stochastically stable under logit dynamics, risk-dominant
among strict equilibria), in three classes: the all-A pattern (traditional cluster,
:math:`n_A = N`, dark), the all-B pattern (zero-resource economy, :math:`n_A = 0`, light) and
splits (:math:`0 < n_A < N`, mid tone with diagonal hatching), so the map reads in greyscale.
Dots mark where the mistakes dynamics selects differently.  Lines: the zero line of
:math:`\Phi(N) - \Phi(0)` (dashed: where the two agglomerated patterns swap their potential
ranking) and the exact curves :math:`D_1 = 0`, :math:`D_N = 0` (edges of the two patterns as
equilibria, styled as on the regime maps).  A star marks the parameter point.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from gametheory.plots.regime_map import D1_STYLE, DN_STYLE, mark_point, place_legend
from gametheory.plots.style import OUTSIDE_COLOR, axis_label, fixed_text, image_extent, new_axes, visible_codes, TINY

__all__ = ["plot_selection_map", "SELECTION_COLORS", "selection_rgb"]

#: Colours by class (0 outside or tie, 1 all-A, 2 all-B, 3 split): distinct lightness for greyscale.
SELECTION_COLORS = (OUTSIDE_COLOR, "#0072B2", "#E69F00", "#009E73")
SPLIT_HATCH = "////"
DIFF_HATCH = ".."
PHI_STYLE = dict(colors="black", linewidths=1.1, linestyles="--")


def selection_rgb(sm) -> np.ndarray:
    """The RGB image (rows = y) of the selected classes."""
    palette = np.array([to_rgb(c) for c in SELECTION_COLORS])
    return palette[sm.classes("logit").T]


def plot_selection_map(sm, ax=None, *, legend: bool = True, title: bool = True):
    """Draw a :class:`~gametheory.analysis.selection.SelectionMap`; returns the Axes."""
    N = sm.N
    model = sm.game.model
    fig, ax = new_axes(ax, 7.0, 4.2)
    xa, ya = sm.axes
    ax.imshow(selection_rgb(sm), origin="lower", extent=image_extent(sm.axes), aspect="auto", interpolation="nearest",
              zorder=0, gid="selection")
    X, Y = np.meshgrid(xa.values, ya.values)
    cls = sm.classes("logit").T
    if (cls == 3).any():
        ax.contourf(X, Y, (cls == 3).astype(float), levels=[0.5, 1.5], colors="none", hatches=[SPLIT_HATCH],
                    zorder=1)
    differs = ((sm.logit != sm.mistakes) & (sm.logit >= 0)).T
    if differs.any():
        ax.contourf(X, Y, differs.astype(float), levels=[0.5, 1.5], colors="none", hatches=[DIFF_HATCH], zorder=1)
    handles = []
    gap = sm.phi_gap.T
    if np.nanmin(gap) < 0 < np.nanmax(gap):
        ax.contour(X, Y, np.nan_to_num(gap, nan=np.nan), levels=[0.0], zorder=3, **PHI_STYLE)
        handles.append(Line2D([], [], color="black", linewidth=1.1, linestyle="--",
                              label=rf"$\Phi({N}) = \Phi(0)$"))
    for cv in sm.curves:
        style, label = (D1_STYLE, r"$D_1 = 0$ (edge of $n_A = 0$)") if cv.k == 1 else \
            (DN_STYLE, rf"$D_{{{N}}} = 0$ (edge of $n_A = {N}$)")
        ax.plot(cv.x, cv.y, gid=f"D_{cv.k}", zorder=2, **style)
        if label not in [h.get_label() for h in handles]:
            handles.append(Line2D([], [], label=label, **style))
    ax.set_xlim(xa.values[0], xa.values[-1])
    ax.set_ylim(ya.values[0], ya.values[-1])
    ax.set_xlabel(axis_label(model.space, xa.name))
    ax.set_ylabel(axis_label(model.space, ya.name))
    star = mark_point(ax, sm.game.params, (xa.name, ya.name))
    if legend:
        words = model.short_words
        present = set(visible_codes(cls))       # no entry for a class without visible area
        patches = []
        for c, label, hatch in ((1, f"{words['all_A']} ($n_A = {N}$)", None), (2, f"{words['all_B']} ($n_A = 0$)", None),
                                (3, f"{words['split']} ($0 < n_A < {N}$)", SPLIT_HATCH),
                                (0, "outside the domain / tie", None)):
            if c in present:
                patches.append(Patch(facecolor=SELECTION_COLORS[c], edgecolor="0.3", linewidth=0.4, hatch=hatch,
                                     label=label))
        if differs.sum() >= TINY * differs.size:
            patches.append(Patch(facecolor="white", edgecolor="0.3", linewidth=0.4, hatch=DIFF_HATCH,
                                 label="mistakes dynamics selects\nanother configuration (or a tie)"))
        place_legend(ax, patches + handles + [star], title="selected configuration\n(potential maximiser)")
    if title:
        ax.set_title(f"Equilibrium selection, $N = {N}$ firms\n" + fixed_text(sm.game.params, (xa.name, ya.name),
                                                                           per_line=6), fontsize=9)
    return ax
