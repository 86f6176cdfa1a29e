r"""Figures of the New Economic Geography engine (issue 7): tomahawk and wiggle diagrams.

Every drawing function takes a computed result of :mod:`gametheory.models.neg` (a
:class:`~gametheory.models.neg.continuum.Tomahawk` from ``model.tomahawk(...)``, a
:class:`~gametheory.models.neg.continuum.Wiggle` from ``model.wiggle(...)``) and an optional
matplotlib ``ax`` (a new figure when ``None``), and only draws, in the shared style of
:mod:`gametheory.plots.style` (fonts, line colours, saving):

* :func:`plot_tomahawk` -- :math:`\lambda` against the trade variable, stable branches solid,
  unstable dashed, break and sustain points marked, the hysteresis band between them shaded;
* :func:`plot_wiggle` -- :math:`\Omega(\lambda)` for several trade costs (each curve with its own colour
  and line style, :data:`WIGGLE_STYLES`), equilibria marked (filled: stable, open: unstable);
* :func:`cp_tomahawk_figure`, :func:`cp_wiggle_figure`, :func:`resource_tomahawk_figure` -- the
  three figures of issue 7, annotated: the core-periphery tomahawk and wiggle for
  :math:`\mu = 0.4`, :math:`\sigma = 5` (FKV 1999, figs. 5.2 and 5.4) and the resource game's
  tomahawk over :math:`\tau_p`;
* :data:`NEG_FIGURES` / :func:`write_neg_figures` -- compute those results through the models'
  public methods, then draw and save them.

Every figure reads in greyscale (stable solid and thick, unstable dashed; the wiggle curves differ by line
style), states its parameter values in the title and has its legend outside the axes, on the right.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

__all__ = ["plot_tomahawk", "plot_wiggle", "cp_tomahawk_figure", "cp_wiggle_figure",
           "resource_tomahawk_figure", "NEG_FIGURES", "write_neg_figures"]

from gametheory.plots.style import LINE_COLORS, RC

STABLE = LINE_COLORS[1]
UNSTABLE = LINE_COLORS[2]
#: Line styles of the successive wiggle curves (with the colours of ``LINE_COLORS[1:]``).
WIGGLE_STYLES = ("-", (0, (5, 2)), (0, (6, 2, 1.5, 2)), (0, (1.5, 1.5)), (0, (8, 2, 1.5, 2, 1.5, 2)))
BAND = "#f2d7a7"
STYLE = {**RC, "figure.constrained_layout.use": False}


def _plt():
    import matplotlib.pyplot as plt  # the backend was set by gametheory.plots.style

    return plt


def _figure(ax, figsize=(6.4, 4.4)):
    """``(fig, ax, created)``: a new figure when ``ax`` is None."""
    if ax is not None:
        return ax.figure, ax, False
    fig, ax = _plt().subplots(figsize=figsize)
    return fig, ax, True


def _default_xlabel(tk) -> str:
    return r"freeness of trade $\phi = T^{1-\sigma}$" if tk.axis == "phi" else r"transport cost $T$"


def plot_tomahawk(tk, ax=None, xlabel: str | None = None, band_label: str = "hysteresis band"):
    """Draw a :class:`~gametheory.models.neg.continuum.Tomahawk` on ``ax`` (a new figure when ``None``); returns ``ax``."""
    plt = _plt()
    with plt.rc_context(STYLE):
        _, ax, _ = _figure(ax)
        b, s = tk.break_x, tk.sustain_x
        if b is not None and s is not None:
            ax.axvspan(min(b, s), max(b, s), color=BAND, alpha=0.6, lw=0, label=band_label, zorder=0)
        for br in tk.branches:
            if len(br) < 2:
                continue
            x, lam, stable = zip(*br)
            ax.plot(x, lam, color=STABLE if stable[0] else UNSTABLE, ls="-" if stable[0] else (0, (4, 2.5)),
                    lw=2.2 if stable[0] else 1.6, solid_capstyle="butt", zorder=3)
        for t in (b, s):
            if t is not None:
                ax.axvline(t, color="0.35", lw=0.8, ls=":", zorder=1)
        ax.plot([], [], color=STABLE, lw=2.2, label="stable")
        ax.plot([], [], color=UNSTABLE, lw=1.6, ls=(0, (4, 2.5)), label="unstable")
        ax.set_xlim(tk.x.min(), tk.x.max())
        ax.set_ylim(-0.04, 1.04)
        ax.set_xlabel(_default_xlabel(tk) if xlabel is None else xlabel)
        ax.set_ylabel(r"share of the mobile factor in region 1, $\lambda$")
    return ax


def _threshold_ticks(ax, values: Sequence[tuple[float, str]]):
    """Label thresholds just above the plotting area."""
    trans = ax.get_xaxis_transform()
    for x, text in values:
        ax.text(x, 1.05, text, transform=trans, ha="center", va="bottom", fontsize=9)


def _wiggle_labels(wg) -> list[str]:
    if wg.phi is not None:
        return [rf"$T = {T:g}$ ($\phi = {p:.3f}$)" for T, p in zip(wg.T, wg.phi)]
    return [rf"$T = {T:g}$" for T in wg.T]


def plot_wiggle(wg, ax=None, labels: Sequence[str] | None = None):
    """Draw a :class:`~gametheory.models.neg.continuum.Wiggle`: :math:`\\Omega(\\lambda)` curves with their
    equilibria, on ``ax`` (a new figure when ``None``); returns ``ax``."""
    plt = _plt()
    labels = _wiggle_labels(wg) if labels is None else labels
    colors = list(LINE_COLORS[1:])
    with plt.rc_context(STYLE):
        _, ax, _ = _figure(ax)
        ax.axhline(0, color="0.4", lw=0.8)
        for i, (om, label, eqs) in enumerate(zip(wg.omega, labels, wg.equilibria)):
            c = colors[i % len(colors)]
            ax.plot(wg.lam, om, color=c, lw=1.8, ls=WIGGLE_STYLES[i % len(WIGGLE_STYLES)], label=label)
            for e in eqs:
                y = 0.0 if 0 < e.lam < 1 else float(np.interp(e.lam, wg.lam, om))
                # concentric markers (larger for earlier curves) keep coinciding equilibria visible
                ax.plot([e.lam], [y], "o", ms=10 - 2 * (i % 3), mec=c, mfc=c if e.stable else "white", mew=1.5,
                        zorder=4 + i, clip_on=False)
        ax.plot([], [], "o", color="0.3", mfc="0.3", label="stable equilibrium")
        ax.plot([], [], "o", color="0.3", mfc="white", mew=1.5, label="unstable equilibrium")
        ax.set_xlim(0, 1)
        ax.set_xlabel(r"share of manufacturing workers in region 1, $\lambda$")
        ax.set_ylabel(r"real wage differential $\Omega = \omega_1 - \omega_2$")
    return ax


def cp_tomahawk_figure(tk, ax=None):
    """The annotated core-periphery tomahawk in :math:`\\phi` (transport cost :math:`T` on the top axis),
    from ``CorePeriphery(...).tomahawk(phi=...)``; returns the figure."""
    plt = _plt()
    mu, sigma = tk.params["mu"], tk.params["sigma"]
    with plt.rc_context(STYLE):
        fig, ax, created = _figure(ax)
        plot_tomahawk(tk, ax, r"freeness of trade $\phi = T^{1-\sigma}$")
        Tb, Ts = tk.break_T, tk.sustain_T
        # right of the band (left of it there is no room once the legend sits outside), an arrow to the line
        ax.annotate(rf"sustain $\phi_S = {tk.sustain_x:.4f}$" + "\n" + rf"($T_S = {Ts:.3f}$)",
                    xy=(tk.sustain_x, 0.75), xytext=(tk.break_x + 0.012, 0.75), ha="left", va="center", fontsize=9,
                    arrowprops=dict(arrowstyle="-|>", color="0.3", linewidth=0.8, mutation_scale=8, shrinkA=2,
                                    shrinkB=0))
        ax.annotate(rf"break $\phi_B = {tk.break_x:.4f}$" + "\n" + rf"($T_B = {Tb:.3f}$)",
                    xy=(tk.break_x, 0.25), xytext=(tk.break_x + 0.012, 0.25), ha="left", va="center", fontsize=9)
        top = ax.secondary_xaxis("top", functions=(lambda p: np.clip(p, 1e-9, None) ** (1 / (1 - sigma)),
                                                   lambda T: np.clip(T, 1e-9, None) ** (1 - sigma)))
        top.set_xticks([1.2, 1.3, 1.4, 1.6, 1.8, 2.0, 2.5])
        top.set_xlabel(r"transport cost $T$")
        ax.set_title(rf"Core-periphery tomahawk ($\mu = {mu:g}$, $\sigma = {sigma:g}$)", pad=8)
        _legend_outside(ax)
        if created:
            fig.tight_layout()
    return fig


def cp_wiggle_figure(wg, ax=None):
    """The core-periphery wiggle diagram (FKV fig. 5.2) from ``CorePeriphery(...).wiggle(T=...)``; returns the figure."""
    plt = _plt()
    mu, sigma = wg.params["mu"], wg.params["sigma"]
    with plt.rc_context(STYLE):
        fig, ax, created = _figure(ax)
        plot_wiggle(wg, ax)
        ax.set_title(rf"Core-periphery wiggle diagram ($\mu = {mu:g}$, $\sigma = {sigma:g}$)")
        _legend_outside(ax)
        if created:
            fig.tight_layout()
    return fig


def resource_tomahawk_figure(tk, ax=None):
    """The resource game's tomahawk over :math:`\\tau_p` from ``ResourceGame(...).tomahawk(T=...)``; returns the figure."""
    plt = _plt()
    tz, N = tk.extra["T_zero_resource"], int(tk.params["N"])
    tau_max = float(tk.x.max())
    with plt.rc_context(STYLE):
        fig, ax, created = _figure(ax)
        plot_tomahawk(tk, ax, r"product transport cost $\tau_p$", band_label="split and cluster both stable")
        ax.set_ylabel(r"share of firms in the resource region A, $\lambda = n_A/N$")
        ax.axvline(tz, color="0.35", lw=0.8, ls=":")
        _threshold_ticks(ax, [(tk.break_x, r"$\tau_p^{B}$"), (tk.sustain_x, r"$\tau_p^{S}$"), (tz, r"$\tau_p^{0}$")])
        ax.text(tk.sustain_x + 0.03, 0.97, "traditional cluster\n" + r"($\lambda = 1$) stable below $\tau_p^S$",
                va="top", fontsize=8.5)
        ax.text(0.02, 0.08, "zero-resource\neconomy\n" + r"($\lambda = 0$)", fontsize=8.5, va="bottom")
        ax.text(tau_max - 0.03, 0.34, r"split ($n_A \approx 300$)", ha="right", va="bottom", fontsize=8.5)
        ax.set_title(rf"Resource agglomeration game, continuum limit ($N = {N}$)" + "\n" + _resource_text(tk.params),
                     pad=26, fontsize=9)
        _legend_outside(ax)
        if created:
            fig.tight_layout()
    return fig


def _legend_outside(ax):
    """The legend outside the axes, on the right (no curve runs through it)."""
    return ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, frameon=False)


def _resource_text(params: dict) -> str:
    """The resource game's fixed parameters (all but N and the swept ``tau_p``), as in the paper figures' titles."""
    from fractions import Fraction

    from gametheory.models.agglomeration import RESOURCE
    from gametheory.plots.style import fixed_text

    values = {n: Fraction(float(params[n])).limit_denominator(10**6) for n in RESOURCE.space.names if n in params}
    return fixed_text(RESOURCE.defaults().replace(**values), ("tau_p",), per_line=6)


def _cp_tomahawk():
    from gametheory.models.neg import CorePeriphery

    return cp_tomahawk_figure(CorePeriphery(mu=0.4, sigma=5.0).tomahawk(phi=np.linspace(0.002, 0.5, 240)))


def _cp_wiggle():
    from gametheory.models.neg import CorePeriphery

    return cp_wiggle_figure(CorePeriphery(mu=0.4, sigma=5.0).wiggle(T=(2.1, 1.7, 1.5), lam=np.linspace(0, 1, 401)))


def _resource_tomahawk():
    from gametheory.models.neg import model_class

    return resource_tomahawk_figure(model_class("resource")().tomahawk(T=np.linspace(0.0, 2.0, 300)))


#: The NEG figures of ``gametheory figures``: file stem -> function computing the data (through the
#: models' public methods) and drawing it.
NEG_FIGURES = {"neg_cp_tomahawk": _cp_tomahawk, "neg_cp_wiggle": _cp_wiggle,
               "neg_resource_tomahawk": _resource_tomahawk}


def write_neg_figures(out_dir, formats: Sequence[str] = ("pdf", "png")) -> list[Path]:
    """Write ``neg_cp_tomahawk``, ``neg_cp_wiggle`` and ``neg_resource_tomahawk`` in each format; returns the paths."""
    from gametheory.plots.style import save

    paths = []
    for stem, make in NEG_FIGURES.items():
        paths += save(make(), Path(out_dir), stem, formats)
    return paths
