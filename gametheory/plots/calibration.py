r"""Calibration figures (draw only: each function takes a computed
:class:`~gametheory.calibrate.pipeline.Calibration` and an optional ``ax``).

One free parameter :math:`\theta`, four panels (:func:`plot_calibration` without ``ax``):

* **conditions** (:func:`plot_calibration_conditions`): :math:`D_{n_A}(\theta)` (solid; firms in A
  stay iff :math:`\ge 0`) and :math:`D_{n_A+1}(\theta)` (dashed; firms in B stay iff :math:`\le 0`)
  over the parameter's range; the identified set hatched ``////``, its unique part
  cross-hatched, the confidence set shaded grey, the closest fit (empty identified set) marked;
* **mixed equilibria** (:func:`plot_calibration_mixed`): the symmetric mixed equilibria
  :math:`p(\theta)` (stable solid, unstable dashed), the acceptance interval
  :math:`[p_L, p_U]` of the observed count (dotted band) and the observed share: the mixed
  part of the confidence set is where a branch crosses the band;
* a **zoom** of the conditions on the sets when they are narrow;
* **radius band** (:func:`plot_calibration_band`): one lane per count the radii of the band give,
  with its identified set (hatched) and confidence set (grey), the radius used marked.

Two free parameters: the identified region (hatched), its unique part (cross-hatched) and the
confidence region (grey) in the plane.  Regions are told apart by hatching and grey levels,
curves by line styles, so the figures read in greyscale; a legend lists only what is drawn;
the fixed parameter values are written under the figure.  :func:`save_calibration` writes PDF
and 300-dpi PNG files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from gametheory.plots.style import RC, axis_label, fixed_text, new_axes, save

__all__ = ["plot_calibration", "plot_calibration_conditions", "plot_calibration_mixed", "plot_calibration_band",
           "save_calibration"]

CONF_GREY = "0.82"
HATCH_IDENT, HATCH_UNIQUE, HATCH_ACCEPT = "////", "xxxx", "...."
INK = "0.1"


def _patch(label, *, hatch=None, face="white", edge=INK):
    return Patch(facecolor=face, edgecolor=edge, hatch=hatch, linewidth=0.6, label=label)


def _span(ax, lo, hi, x0, x1, **kw):
    a = x0 if lo is None else max(lo, x0)
    b = x1 if hi is None else min(hi, x1)
    if b < a:
        return False
    if b - a < 1e-3 * (x1 - x0):        # a point or a sliver: draw it visibly wide
        c = 0.5 * (a + b)
        a, b = c - 5e-4 * (x1 - x0), c + 5e-4 * (x1 - x0)
    ax.axvspan(a, b, **kw)
    return True


def _shade_sets(ax, cal, x0, x1) -> list:
    """Confidence set (grey), identified set (hatched), unique set (cross-hatched) within [x0, x1]; legend handles
    of what is visible."""
    import matplotlib as mpl

    handles = []
    pct = f"{100 * cal.level:g}%"
    with mpl.rc_context({"hatch.color": INK, "hatch.linewidth": 0.6}):
        if any([_span(ax, iv.lo, iv.hi, x0, x1, facecolor=CONF_GREY, edgecolor="none", zorder=0)
                for iv in cal.confidence.intervals]):
            handles.append(_patch(f"{pct} confidence set", face=CONF_GREY, edge="none"))
        if any([_span(ax, iv.lo, iv.hi, x0, x1, facecolor="none", edgecolor=INK, hatch=HATCH_IDENT, lw=0, zorder=1)
                for iv in cal.identified.intervals]):
            handles.append(_patch("identified set ($n_A$ is an equilibrium)", hatch=HATCH_IDENT))
        if any([_span(ax, iv.lo, iv.hi, x0, x1, facecolor="none", edgecolor=INK, hatch=HATCH_UNIQUE, lw=0, zorder=1)
                for iv in cal.identified.unique]):
            handles.append(_patch("unique set (the only equilibrium)", hatch=HATCH_UNIQUE))
    return handles


def _footer(cal) -> str:
    return (fixed_text(cal.params, cal.free, per_line=6).replace("\n", ", ")
            + f"; {100 * cal.level:g}% confidence, mixed equilibria: {cal.mixed}")


def plot_calibration_conditions(cal, ax=None, *, window: int | None = None, legend: bool = True, title: bool = True):
    """The equilibrium conditions of the observed count against the free parameter, with the sets; ``window``
    0 = the whole range, 1 = the zoom (default: the zoom when there is one).  Returns the Axes."""
    fig, ax = new_axes(ax, 6.4, 4.0)
    free = cal.free[0]
    space = cal.model.space
    o = cal.observation
    windows = cal.figure["windows"]
    w = windows[(len(windows) - 1) if window is None else window]
    x = w["x"]
    x0, x1 = w["range"]
    handles = _shade_sets(ax, cal, x0, x1)
    if "stay_A" in w:
        ax.plot(x, w["stay_A"], color="#0072B2", lw=1.5, ls="-", zorder=3)
        handles.append(Line2D([], [], color="#0072B2", lw=1.5, ls="-",
                              label=rf"$D_{{{o.n_A}}}$ (firms in A stay iff $\geq 0$)"))
    if "stay_B" in w:
        ax.plot(x, w["stay_B"], color="#D55E00", lw=1.5, ls="--", zorder=3)
        handles.append(Line2D([], [], color="#D55E00", lw=1.5, ls="--",
                              label=rf"$D_{{{o.n_A + 1}}}$ (firms in B stay iff $\leq 0$)"))
    ax.axhline(0, color="black", lw=0.7, zorder=2)
    given = float(cal.params.get_any(free))
    if x0 <= given <= x1:
        ax.axvline(given, color="0.35", ls=":", lw=1.1, zorder=2)
        handles.append(Line2D([], [], color="0.35", ls=":", lw=1.1, label=f"given value {given:.4g}"))
    ft = cal.fit
    if ft is not None and ft.at[0] is not None and x0 <= ft.at[0] <= x1:
        ax.axvline(ft.at[0], color=INK, ls="-.", lw=1.0, zorder=2)
        ys = [(-ft.gains["A_to_B"]) if k == "A_to_B" else ft.gains["B_to_A"] for k in ft.binding]
        ax.plot([ft.at[0]] * len(ys), ys, marker="o", mfc="white", mec=INK, ms=6, ls="none", zorder=4,
                clip_on=False)
        handles.append(Line2D([], [], color=INK, ls="-.", lw=1.0, marker="o", mfc="white", mec=INK,
                              label=f"closest fit {ft.at[0]:.4g} (gain {ft.gain:.3g})"))
    ax.set_xlim(x0, x1)
    ax.set_xlabel(axis_label(space, free))
    ax.set_ylabel(r"$D_k = \Pi_A(k) - \Pi_B(k-1)$")
    if title:
        zoomed = windows.index(w) == 1
        ax.set_title("equilibrium conditions of the observed configuration" + (" (zoom on the sets)" if zoomed else ""),
                     fontsize=9)
    if legend:
        ax.legend(handles=handles, fontsize=7, loc="best", frameon=True, framealpha=0.9, edgecolor="0.8")
    return ax


def plot_calibration_mixed(cal, ax=None, *, legend: bool = True, title: bool = True):
    """The symmetric mixed equilibria against the free parameter, the acceptance interval of the observed count, the
    confidence set.  Returns the Axes."""
    import matplotlib as mpl

    fig, ax = new_axes(ax, 6.4, 4.0)
    free = cal.free[0]
    b = cal.figure["branches"]
    x = b["x"]
    windows = cal.figure["windows"]
    x0, x1 = windows[-1 if cal.confidence.intervals else 0]["range"]
    handles = []
    if any([_span(ax, iv.lo, iv.hi, x0, x1, facecolor=CONF_GREY, edgecolor="none", zorder=0)
            for iv in cal.confidence.intervals]):
        handles.append(_patch(f"{100 * cal.level:g}% confidence set", face=CONF_GREY, edge="none"))
    with mpl.rc_context({"hatch.color": "0.3", "hatch.linewidth": 0.5}):
        ax.axhspan(b["p_lo"], b["p_hi"], facecolor="none", edgecolor="0.3", hatch=HATCH_ACCEPT, lw=0.6, zorder=1)
    handles.append(_patch(rf"acceptance interval $[p_L, p_U]$ = [{b['p_lo']:.3f}, {b['p_hi']:.3f}]",
                          hatch=HATCH_ACCEPT, edge="0.3"))
    ax.axhline(b["share"], color="0.35", ls=":", lw=1.0, zorder=2)
    handles.append(Line2D([], [], color="0.35", ls=":", lw=1.0, label=f"observed share $n_A/N$ = {b['share']:.3f}"))
    drawn = {True: False, False: False}
    P = np.asarray(b["p"], dtype=float)
    count = np.isfinite(P).sum(axis=0)
    for p_row, s_row in zip(P, b["stable"]):
        for stable in (True, False):
            y = np.where(np.isfinite(p_row) & (s_row == stable), p_row, np.nan)
            # a row of the scan is one branch only between changes of the number of equilibria: break the line there
            brk = np.r_[False, (count[1:] != count[:-1]) | (np.abs(np.diff(y)) > 0.05)]
            y = np.where(brk, np.nan, y)
            if np.isfinite(y).any():
                ax.plot(x, y, color="black", lw=1.5 if stable else 1.1, ls="-" if stable else "--", zorder=3)
                drawn[stable] = True
    if drawn[True]:
        handles.append(Line2D([], [], color="black", lw=1.5, ls="-", label="stable mixed equilibrium $p$"))
    if drawn[False]:
        handles.append(Line2D([], [], color="black", lw=1.1, ls="--", label="unstable mixed equilibrium $p$"))
    ax.set_xlim(x0, x1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(axis_label(cal.model.space, free))
    ax.set_ylabel("probability $p$ of locating in A")
    if title:
        ax.set_title("symmetric mixed equilibria and the binomial test", fontsize=9)
    if legend:
        ax.legend(handles=handles, fontsize=7, loc="best", frameon=True, framealpha=0.9, edgecolor="0.8")
    return ax


def _band_window(cal):
    lo, hi = cal.figure["windows"][0]["range"]
    ends = []
    for r in cal.band.rows:
        for iv in tuple(r.identified) + tuple(r.confidence):
            ends += [lo if iv.lo is None else iv.lo, hi if iv.hi is None else iv.hi]
        if r.fit is not None and r.fit.at[0] is not None:
            ends.append(r.fit.at[0])
    if not ends:
        return lo, hi
    a, b = min(ends), max(ends)
    pad = max(0.25 * (b - a), 0.02 * (hi - lo))
    return max(lo, a - pad), min(hi, b + pad)


#: The radius panel is as high as this many lanes at least (:func:`plot_calibration_band`).
BAND_LANES = 3


def plot_calibration_band(cal, ax=None, *, legend: bool = True, title: bool = True):
    """One lane per count of the radius band: its identified set (hatched) and confidence set (grey); the closest
    fit (x) where the identified set is empty; the lane of the radius used in bold.  Returns the Axes."""
    import matplotlib as mpl

    fig, ax = new_axes(ax, 6.4, 4.0)
    band = cal.band
    if band is None:
        ax.text(0.5, 0.5, "no radius band: the regions come from a column", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    x0, x1 = _band_window(cal)
    seen = {"conf": False, "ident": False, "fit": False}
    labels = []
    with mpl.rc_context({"hatch.color": INK, "hatch.linewidth": 0.6}):
        for i, r in enumerate(band.rows):
            for iv in r.confidence:
                a = x0 if iv.lo is None else max(iv.lo, x0)
                b = x1 if iv.hi is None else min(iv.hi, x1)
                if b >= a:
                    b = max(b, a + 1e-3 * (x1 - x0))
                    ax.fill_between([a, b], i - 0.38, i + 0.38, facecolor=CONF_GREY, edgecolor="none", zorder=0)
                    seen["conf"] = True
            for iv in r.identified:
                a = x0 if iv.lo is None else max(iv.lo, x0)
                b = x1 if iv.hi is None else min(iv.hi, x1)
                if b >= a:
                    b = max(b, a + 1e-3 * (x1 - x0))
                    ax.fill_between([a, b], i - 0.25, i + 0.25, facecolor="none", edgecolor=INK, hatch=HATCH_IDENT,
                                    lw=0.6, zorder=1)
                    seen["ident"] = True
            if r.fit is not None and r.fit.at[0] is not None and x0 <= r.fit.at[0] <= x1:
                ax.plot([r.fit.at[0]], [i], marker="x", color=INK, ms=6, mew=1.2, ls="none", zorder=3, clip_on=False)
                seen["fit"] = True
            if not r.confidence and not r.identified:
                ax.text(0.5 * (x0 + x1), i, "both sets empty", ha="center", va="center", fontsize=7, color="0.3")
            to = "inf" if r.r_to is None else f"{r.r_to:.4g}"
            labels.append(f"$n_A = {r.n_A}$: [{r.r_from:.4g}, {to}) km")
    ax.set_yticks(range(len(band.rows)))
    ax.set_yticklabels(labels, fontsize=7)
    for tick, r in zip(ax.get_yticklabels(), band.rows):
        if r.used:
            tick.set_fontweight("bold")
    # at least BAND_LANES lanes of height, the lanes centred: one lane is a bar, not a panel-filling block
    extra = max(0, BAND_LANES - len(band.rows)) / 2
    ax.set_ylim(-0.6 - extra, len(band.rows) - 0.4 + extra)
    ax.set_xlim(x0, x1)
    ax.set_xlabel(axis_label(cal.model.space, cal.free[0]))
    if title:
        ax.set_title(f"radii {band.lo:.4g} to {band.hi:.4g} km (used: {band.radius:.4g} km, bold)", fontsize=9)
    handles = []
    if seen["conf"]:
        handles.append(_patch(f"{100 * band.level:g}% confidence set", face=CONF_GREY, edge="none"))
    if seen["ident"]:
        handles.append(_patch("identified set", hatch=HATCH_IDENT))
    if seen["fit"]:
        handles.append(Line2D([], [], marker="x", color=INK, ls="none", label="closest fit (identified set empty)"))
    if legend and handles:
        ax.legend(handles=handles, fontsize=7, loc="best", frameon=True, framealpha=0.9, edgecolor="0.8")
    return ax


def _plot_region(cal, ax):
    import matplotlib as mpl

    r = cal.region
    X, Y = r["x_values"], r["y_values"]
    space = cal.model.space
    handles = []
    if r["confidence_mask"].any():
        ax.contourf(X, Y, r["confidence_mask"].T.astype(float), levels=[0.5, 1.5], colors=[CONF_GREY], zorder=0)
        handles.append(_patch(f"{100 * cal.level:g}% confidence region", face=CONF_GREY, edge="none"))
    with mpl.rc_context({"hatch.color": INK, "hatch.linewidth": 0.6}):
        for mask, hatch, label in ((r["mask"], HATCH_IDENT, "identified region"),
                                   (r["unique_mask"], HATCH_UNIQUE, "unique equilibrium")):
            if mask.any():
                ax.contourf(X, Y, mask.T.astype(float), levels=[0.5, 1.5], colors="none", hatches=[hatch], zorder=1)
                ax.contour(X, Y, mask.T.astype(float), levels=[0.5], colors=[INK], linewidths=0.5, zorder=1)
                handles.append(_patch(label, hatch=hatch))
    if cal.fit is not None:
        ax.plot([cal.fit.at[0]], [cal.fit.at[1]], marker="x", color=INK, ms=7, mew=1.3, ls="none", zorder=3)
        handles.append(Line2D([], [], marker="x", color=INK, ls="none",
                              label=f"closest fit (gain {cal.fit.gain:.3g})"))
    gx, gy = (float(cal.params.get_any(n)) for n in cal.free)
    ax.plot([gx], [gy], marker="*", color="white", mec=INK, ms=9, ls="none", zorder=4)
    handles.append(Line2D([], [], marker="*", color="white", mec=INK, ls="none", label="given values"))
    ax.set_xlim(X[0], X[-1])
    ax.set_ylim(Y[0], Y[-1])
    ax.set_xlabel(axis_label(space, r["x"]))
    ax.set_ylabel(axis_label(space, r["y"]))
    ax.legend(handles=handles, fontsize=7, loc="best", frameon=True, framealpha=0.9, edgecolor="0.8")
    return ax


def plot_calibration(cal, ax=None):
    """Draw ``cal``: with ``ax``, its main panel (the conditions, zoomed when the sets are narrow; two free
    parameters: the regions) and return the Axes; without, the whole figure (module docstring) and return it."""
    import matplotlib.pyplot as plt

    o = cal.observation
    title = f"Observed: $n_A = {o.n_A}$ of $N = {o.N}$ processing plants in region A"
    if len(cal.free) == 2:
        fig, ax2 = new_axes(ax, 6.4, 4.6)
        _plot_region(cal, ax2)
        if ax is None:
            ax2.set_title(title + "\n" + _footer(cal), fontsize=8)
            return fig
        return ax2
    if ax is not None:
        return plot_calibration_conditions(cal, ax)
    zoom = len(cal.figure["windows"]) > 1
    panels = ["conditions"] + (["zoom"] if zoom else []) + ["mixed"] + (["band"] if cal.band is not None else [])
    rows = (len(panels) + 1) // 2
    with plt.rc_context(RC):
        fig, axes = plt.subplots(rows, 2, figsize=(11.0, 4.1 * rows + 0.5), squeeze=False)
    flat = list(axes.ravel())
    for letter, p, a in zip("abcd", panels, flat):
        if p == "conditions":
            plot_calibration_conditions(cal, a, window=0)
            a.set_title(f"({letter}) equilibrium conditions of the observed configuration", fontsize=9)
        elif p == "zoom":
            plot_calibration_conditions(cal, a, window=1)
            what = "the sets" if cal.confidence.intervals or cal.identified.intervals else "the closest fit"
            a.set_title(f"({letter}) zoom on {what}", fontsize=9)
        elif p == "mixed":
            plot_calibration_mixed(cal, a)
            a.set_title(f"({letter}) symmetric mixed equilibria and the binomial acceptance interval", fontsize=9)
        else:
            plot_calibration_band(cal, a)
            a.set_title(f"({letter}) sensitivity to the radius: " + a.get_title(), fontsize=9)
    for a in flat[len(panels):]:
        a.set_axis_off()
    if not cal.identified.intervals:
        title += " -- identified set empty"
    fig.suptitle(title + "\n" + _footer(cal), fontsize=9)
    return fig


def save_calibration(cal, path, formats=None) -> list[Path]:
    """Draw the whole figure of ``cal`` and write it: ``path`` with a suffix (``.png`` at 300 dpi or ``.pdf``)
    writes that file; without a suffix ``path.pdf`` and ``path.png`` (or the ``formats`` given).  Returns the paths."""
    path = Path(path)
    if formats is None:
        formats = (path.suffix.lstrip("."),) if path.suffix else ("pdf", "png")
    fig = plot_calibration(cal)
    return save(fig, path.parent, path.stem if path.suffix else path.name, formats)
