r"""Welfare and policy figures (draw only: each function takes a computed result and an optional ``ax``).

* :func:`plot_welfare_map` (a :class:`~gametheory.analysis.welfare.WelfareMap`): which pattern is socially
  optimal over a plane (light areas in the fixed colours of the patterns: blue the traditional cluster,
  vermillion the zero-resource economy, green a split, each lightened by its own amount so that the three
  have distinct grey levels, :data:`OPTIMUM_LIGHTEN`; the optimal configuration written in each area), hatched where the equilibrium set misses the
  optimum (``////``: no equilibrium is optimal; ``..``: some equilibrium is optimal, another is not), the
  exact boundaries between optimum sets (grey), the exact equilibrium boundaries :math:`D_1 = 0`, :math:`D_N = 0`
  (black; white with a black edge), and, when the equilibria do not move along the vertical axis (a damage),
  a strip above the map with the equilibrium regime along the horizontal axis (regime colours and hatchings).
* :func:`plot_policy_map` (a :class:`~gametheory.analysis.policy.PolicyRegion`): which configurations are
  equilibria over two instruments (the regime colours and hatchings of the regime maps), the region where the
  target is an equilibrium (thick dashed outline: its exact boundary curves) and where it is the unique one
  (a white veil with a grid hatching ``+``, outlined by its exact curves), the parameters in use (star) and the Pigouvian taxes (diamond).
* :func:`plot_welfare_line` (a :class:`~gametheory.analysis.welfare.WelfareLine`): welfare of every
  configuration against one parameter, thick where the configuration is an equilibrium, each labelled
  configuration with its own line style, the optimum (the upper envelope) a wide grey band, its exact switch
  points dotted.

Areas are told apart by hatching, grey level and line styles as well as colours, so the figures read in greyscale;
legends list only what is drawn (areas on at least :data:`~gametheory.plots.style.TINY` of the points).
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from gametheory.plots.regime_map import D1_STYLE, DN_STYLE, draw_regimes, mark_point, place_legend
from gametheory.plots.style import (LINE_COLORS, PALETTE, REGIME_COLORS, REGIME_HATCHES, axis_label,
                                    fixed_text, hatch_area, hatch_color, image_extent, lighten, new_axes,
                                    regime_description, regime_patches, visible_codes, TINY)

__all__ = ["plot_welfare_map", "plot_policy_map", "plot_welfare_line", "OPTIMUM_COLORS", "OPTIMUM_LIGHTEN",
           "optimum_color"]

#: Colours of the optimal pattern (the regime colours of all-A, all-B, split) ...
OPTIMUM_COLORS = {"all_A": REGIME_COLORS[0], "all_B": REGIME_COLORS[1], "split": REGIME_COLORS[3]}
#: ... blended towards white by these amounts: grey levels about 0.51, 0.87 and 0.71 (apart by 0.15 at least).
OPTIMUM_LIGHTEN = {"all_A": 0.25, "all_B": 0.75, "split": 0.5}
HATCH_MISSED, HATCH_PARTLY, HATCH_UNIQUE = "////", "...", "+"
#: Dash patterns of the split configurations drawn in the welfare line (the end patterns: solid, dashed).
SPLIT_DASHES = ((0, (1, 1.2)), (0, (4, 1.5, 1, 1.5, 1, 1.5)), (0, (9, 2, 2, 2)), (0, (1, 3)), (0, (2, 1.5)),
                (0, (4, 1.5, 1, 1.5)))


def optimum_color(pattern: str) -> np.ndarray:
    """The light RGB colour of an optimal pattern (``all_A``, ``all_B``, ``split``) in the welfare map."""
    return lighten(PALETTE[REGIME_COLORS.index(OPTIMUM_COLORS[pattern]) + 1], OPTIMUM_LIGHTEN[pattern])


def _hatch(ax, axes, mask, hatch, color="0.15", gid=None):
    """Hatch the cells of ``mask`` (grid shape (nx, ny)) with a contour fill (no fill colour), outlined."""
    if not mask.any():
        return
    X, Y = axes[0].values, axes[1].values
    hatch_area(ax, X, Y, mask.T, hatch, color, gid=gid)
    ax.contour(X, Y, mask.T.astype(float), levels=[0.5], colors=[color], linewidths=0.5, zorder=1)


def _pattern_curves(ax, curves, N):
    handles = {}
    for c in curves:
        if c.k == 1:
            style, label = D1_STYLE, r"$D_1 = 0$ (edge of equilibrium $n_A = 0$)"
        elif c.k == N:
            style, label = DN_STYLE, rf"$D_{{{N}}} = 0$ (edge of equilibrium $n_A = {N}$)"
        else:
            continue
        ax.plot(c.x, c.y, gid=f"D_{c.k}", zorder=3, **style)
        handles.setdefault(label, Line2D([], [], label=label, **style))
    return list(handles.values())


def _label_optimum(ax, wm, min_share: float = 0.01):
    """Write the optimal configuration (``opt 3``) inside each area where it is the optimum (greyscale-safe)."""
    from scipy.ndimage import distance_transform_edt, label

    first = np.where(wm.category >= 0, np.argmax(wm.optimum, axis=0), -1)
    X, Y = wm.axes[0].values, wm.axes[1].values
    for k in np.unique(first[first >= 0]):
        parts, count = label(first == k)
        for part in range(1, count + 1):
            mask = parts == part
            if mask.sum() < min_share * mask.size:
                continue
            dist = distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
            i, j = np.unravel_index(np.argmax(dist), mask.shape)
            ax.text(X[i], Y[j], f"opt {int(k)}", ha="center", va="center", fontsize=7, zorder=5, gid=f"opt_{k}",
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="0.5", linewidth=0.4,
                              alpha=0.85))


def plot_welfare_map(wm, ax=None, *, legend: bool = True, title: bool = True, strip: bool = True):
    """Draw a :class:`~gametheory.analysis.welfare.WelfareMap`; returns the main Axes."""
    from gametheory.analysis.welfare import is_welfare_only

    sw = wm.sweep
    N, model, params = sw.N, sw.model, sw.params
    axes = sw.axes
    fig, ax = new_axes(ax, 7.4, 4.6)
    pattern = wm.optimal_pattern
    rgb = np.ones(pattern.shape + (3,))
    for key in OPTIMUM_COLORS:
        rgb[pattern == key] = optimum_color(key)
    rgb[wm.category < 0] = PALETTE[0]
    ax.imshow(np.transpose(rgb, (1, 0, 2)), origin="lower", extent=image_extent(axes), aspect="auto",
              interpolation="nearest", zorder=0, gid="optimum")
    ax.set_xlim(axes[0].values[0], axes[0].values[-1])
    ax.set_ylim(axes[1].values[0], axes[1].values[-1])
    ax.set_xlabel(axis_label(model.space, axes[0].name))
    ax.set_ylabel(axis_label(model.space, axes[1].name))
    _hatch(ax, axes, wm.category == 2, HATCH_MISSED, gid="missed")
    _hatch(ax, axes, wm.category == 1, HATCH_PARTLY, gid="partly")
    for i, j, x, y in wm.curves:
        ax.plot(x, y, color="0.3", linewidth=1.0, zorder=2, gid=f"W_{i}=W_{j}")
    handles = _pattern_curves(ax, wm.regime_curves, N)
    _label_optimum(ax, wm)
    star = mark_point(ax, params, (axes[0].name, axes[1].name))
    if strip and is_welfare_only(model, axes[1].name) and not is_welfare_only(model, axes[0].name):
        top = ax.inset_axes([0.0, 1.02, 1.0, 0.07])
        codes = sw.regime[:, 0]
        top.imshow(PALETTE[codes + 1][None], extent=[*image_extent(axes)[:2], 0, 1], aspect="auto",
                   interpolation="nearest", gid="strip")
        for code in np.unique(codes[codes >= 0]).tolist():   # the regime hatchings, as on the regime maps
            hatch_area(top, axes[0].values, [0, 1], np.tile(codes == code, (2, 1)), REGIME_HATCHES[code],
                       hatch_color(PALETTE[code + 1]), gid=f"hatch-{code}")
        for c in wm.regime_curves:
            if c.k in (1, N):
                for xv in np.unique(np.round(c.x[np.isfinite(c.x)], 6)):
                    top.axvline(xv, color="black", linewidth=0.8)
        top.set_xlim(ax.get_xlim())
        top.set_yticks([])
        top.set_xticks([])
        top.set_ylabel("eq.", rotation=0, ha="right", va="center", fontsize=7)
    if legend:
        shown = wm.category >= 0
        names = sorted(set(pattern[shown].tolist()), key=["all_B", "split", "all_A"].index)
        counts = {p: int((pattern[shown] == p).sum()) for p in names}
        present = [p for p in names if counts[p] >= TINY * pattern.size]
        words = {"all_A": f"{model.short_words['all_A']} ($n_A = N$)", "all_B": f"{model.short_words['all_B']} "
                 "($n_A = 0$)", "split": r"a split ($0 < n_A < N$)"}
        items = [Patch(facecolor=optimum_color(p), edgecolor="0.4", linewidth=0.4, label=f"optimum: {words[p]}")
                 for p in present]
        for cat, hatch, label in ((2, HATCH_MISSED, "no equilibrium is optimal"),
                                  (1, HATCH_PARTLY, "some equilibria optimal, some not")):
            if (wm.category == cat).sum() >= TINY * wm.category.size:
                items.append(Patch(facecolor="white", edgecolor="0.15", hatch=hatch, linewidth=0.4, label=label))
        if wm.curves:
            items.append(Line2D([], [], color="0.3", linewidth=1.0, label="optimum switches ($W(i) = W(j)$)"))
        if strip and is_welfare_only(model, axes[1].name) and not is_welfare_only(model, axes[0].name):
            for code in visible_codes(sw.regime[:, 0]):
                if code >= 0:
                    items.append(Patch(facecolor=PALETTE[code + 1], edgecolor="0.4", linewidth=0.4,
                                       hatch=REGIME_HATCHES[code], hatchcolor=hatch_color(PALETTE[code + 1]),
                                       label=f"eq. strip: {regime_description(model, code)}"))
        place_legend(ax, items + handles + [star], title="social optimum and equilibria")
    if title:
        ax.set_title(f"Welfare: optimum vs equilibria, $N = {N}$ firms\n"
                     + fixed_text(params, (axes[0].name, axes[1].name), per_line=8), fontsize=8,
                     pad=26 if strip else 6)
    return ax


def plot_policy_map(region, ax=None, *, legend: bool = True, title: bool = True):
    """Draw a :class:`~gametheory.analysis.policy.PolicyRegion`; returns the Axes."""
    sw = region.sweep
    N, model, params = sw.N, sw.model, sw.params
    axes = sw.axes
    fig, ax = new_axes(ax, 7.4, 4.6)
    draw_regimes(ax, sw, lighten_by=0.35)
    if region.unique.any():   # a white veil over the regime hatching, then a dense grid: the target is the only one
        ax.contourf(axes[0].values, axes[1].values, region.unique.T.astype(float), levels=[0.5, 1.5],
                    colors=[(1.0, 1.0, 1.0, 0.6)], zorder=1)
    _hatch(ax, axes, region.unique, HATCH_UNIQUE, color="0.3", gid="unique")
    k = region.target
    for c in region.curves:
        ax.plot(c.x, c.y, color="black", linewidth=1.6, linestyle=(0, (4, 2)), zorder=3, gid=f"eq_D_{c.k}")
    for c in region.unique_curves:
        ax.plot(c.x, c.y, color="0.15", linewidth=0.7, zorder=3, gid=f"unique_D_{c.k}")
    star = mark_point(ax, params, (axes[0].name, axes[1].name))
    items = []
    pg = region.pigouvian
    if pg is not None and {a.name for a in axes} == {"t_A", "t_B"}:
        xy = (float(pg[axes[0].name]), float(pg[axes[1].name]))
        (h,) = ax.plot(*xy, marker="D", markersize=6, color="white", markeredgecolor="black", markeredgewidth=0.8,
                       linestyle="none", zorder=4, label=r"Pigouvian taxes $t_r = \delta_r$")
        items.append(h)
    if legend:
        patches = regime_patches(sw.regime, model, 0.35)
        for p in patches:
            p.set_label("equilibria: " + p.get_label())
        target = []
        if region.curves:
            target.append(Line2D([], [], color="black", linewidth=1.6, linestyle=(0, (4, 2)),
                                 label=f"edge of: $n_A = {k}$ is an equilibrium"))
        if region.unique.sum() >= TINY * region.unique.size:
            target.append(Patch(facecolor="white", edgecolor="0.3", hatch=HATCH_UNIQUE, linewidth=0.4,
                                label=f"$n_A = {k}$ is the only equilibrium"))
        place_legend(ax, patches + target + [star] + items,
                     title=f"target $n_A = {k}$ ({region.target_name})")
    if title:
        ax.set_title(f"Policy map: which taxes implement $n_A = {k}$, $N = {N}$ firms\n"
                     + fixed_text(params, (axes[0].name, axes[1].name), per_line=8), fontsize=8)
    return ax


def plot_welfare_line(wl, ax=None, *, legend: bool = True, title: bool = True):
    """Draw a :class:`~gametheory.analysis.welfare.WelfareLine`; returns the Axes."""
    game = wl.game
    N, model, params = game.N, game.model, game.params
    x = wl.values
    fig, ax = new_axes(ax, 7.0, 4.2)
    eq_ks = [k for k in range(N + 1) if wl.equilibria[k].any() or wl.optimum[k].any()]
    special = {0: dict(color=LINE_COLORS[2], linestyle=(0, (5, 2))), N: dict(color=LINE_COLORS[1], linestyle="-")}
    split_styles = iter([dict(color=c, linestyle=d) for c, d in zip(LINE_COLORS[3:] * 10, SPLIT_DASHES * 10)])
    styles = {}
    for k in range(N + 1):
        if k in special:
            styles[k] = special[k]
        elif k in eq_ks:
            styles[k] = next(split_styles)
        else:
            styles[k] = dict(color="0.72", linestyle="-")
    handles, others = [], []
    any_thick = False
    for k in range(N + 1):
        st = styles[k]
        ax.plot(x, wl.W[k], linewidth=1.0 if k in eq_ks or k in special else 0.6, zorder=2, gid=f"W_{k}", **st)
        thick = np.where(wl.equilibria[k], wl.W[k], np.nan)
        if np.isfinite(thick).any():
            ax.plot(x, thick, linewidth=2.6, zorder=2, gid=f"W_{k}_equilibrium", **st)
            any_thick = True
        if k in special or k in eq_ks:
            label = f"$n_A = {k}$ ({model.pattern_name(k, N)})"
            handles.append(Line2D([], [], linewidth=2.0, label=label, **st))
        elif not others:
            others.append(Line2D([], [], linewidth=0.6, color="0.72", label="other configurations"))
    top = np.nanmax(np.where(wl.optimum, wl.W, np.nan), axis=0)
    env = ax.plot(x, top, color="0.55", linewidth=7, alpha=0.35, solid_capstyle="butt", zorder=1, gid="optimum",
                  label="optimum (upper envelope)")[0]
    for s in wl.switches:
        ax.axvline(float(s["value"]), color="0.35", linewidth=0.7, linestyle=":", zorder=0)
        ax.annotate(f"{float(s['value']):.4g}: $n_A^{{opt}}$ {', '.join(map(str, s['from']))}"
                    f"$\\to${', '.join(map(str, s['to']))}", (float(s["value"]), 0.02), xycoords=("data", "axes fraction"),
                    rotation=90, fontsize=7, ha="right", va="bottom")
    v = float(params.get_any(wl.name))
    vline = ax.axvline(v, color="0.45", linewidth=0.8, linestyle="-.", zorder=0,
                       label=f"{axis_label(model.space, wl.name)} in use")
    ax.set_xlim(x[0], x[-1])
    ax.set_xlabel(axis_label(model.space, wl.name))
    ax.set_ylabel(r"welfare $W(k) = CS + PS + R - Dmg$")
    if legend:
        thick = [Line2D([], [], color="0.3", linewidth=2.6, label="thick: an equilibrium there")] if any_thick else []
        place_legend(ax, handles + others + thick + [env, vline], title="configurations")
    if title:
        ax.set_title(f"Welfare of each configuration along {axis_label(model.space, wl.name)}, $N = {N}$ firms\n"
                     + fixed_text(params, (wl.name,), per_line=8), fontsize=8)
    return ax
