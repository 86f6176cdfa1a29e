r"""Figures of the dynamics: a path with its hysteresis on the bifurcation diagram, and a depletion run.

Both functions take computed results and only draw:

* :func:`plot_path` draws a :class:`~gametheory.analysis.paths.Path` (the share :math:`n_A/N` at each
  step; forward filled circles on a solid line, back open squares on a dashed line, each jump as an
  arrow at the step value where the new configuration first holds), over the branches of a
  :class:`~gametheory.analysis.sweeps.Bifurcation` of the same range when one is given (drawn
  lighter, in the style of :mod:`gametheory.plots.bifurcation`), with the hysteresis intervals of
  the start configuration shaded;
* :func:`plot_depletion` draws a :class:`~gametheory.analysis.depletion.Depletion` run in four
  panels against the period :math:`t`: stock :math:`S_t` (with the critical stock :math:`S^*`),
  regional effect :math:`e_t` (with the threshold :math:`e^*`), configuration :math:`n_A`, and
  welfare :math:`W_t`; the dissolution period is marked by a vertical line in every panel; the legends of the
  thresholds sit above their panels.

Line styles and markers carry the meaning, so the figures read in greyscale.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from gametheory.plots.style import LINE_COLORS, RC, axis_label, fixed_text, new_axes

__all__ = ["plot_path", "plot_depletion", "dynamics_figure_specs", "hysteresis_range", "HYSTERESIS_E", "DEPLETION_T"]

FORWARD_COLOR, BACK_COLOR = LINE_COLORS[0], LINE_COLORS[4]


def _background(ax, n_before: int, alpha: float = 0.45) -> None:
    """Lighten the branches just drawn; pure branches become wide bands (visible under the path's levels)."""
    for line in ax.lines[n_before:]:
        line.set_alpha(alpha)
        line.set_zorder(1)
        if str(line.get_gid()).startswith("pure"):
            line.set_linewidth(5.0)
            line.set_alpha(0.4)
            line.set_solid_capstyle("butt")


def plot_path(path, ax=None, *, bifurcation=None, legend: bool = True, title: bool = True):
    """Draw a :class:`~gametheory.analysis.paths.Path` (on ``bifurcation``'s branches when given); returns the Axes."""
    from gametheory.plots.bifurcation import draw_branches

    space = path.model.space
    N = path.N
    name = path.parameter
    fig, ax = new_axes(ax, 8.4, 3.8)   # room for the plot beside the legend
    handles = []
    if bifurcation is not None:
        n0 = len(ax.lines)
        handles += draw_branches(ax, list(bifurcation.branches))
        _background(ax, n0)
        for h in handles:
            pure = "pure" in h.get_label()
            h.set_alpha(0.4 if pure else 0.45)
            if pure:
                h.set_linewidth(5.0)
            h.set_label("equilibria: " + h.get_label())
    # hysteresis intervals of the start configuration
    shaded = False
    path_handles: list = []
    for h in path.hysteresis:
        if h.n_A != path.start:
            continue
        for a, b in h.intervals:
            ax.axvspan(float(a), float(b), color="0.88", zorder=0, linewidth=0)
            shaded = True
    for direction, colour, ls, marker, face, size, z in (("back", BACK_COLOR, (0, (4, 2)), "s", "white", 4.6, 3),
                                                        ("forward", FORWARD_COLOR, "-", "o", FORWARD_COLOR, 2.8, 4)):
        xs = np.array([float(v) for v in path.step_values(direction)])
        if not xs.size:
            continue
        ys = np.array(path.n_A(direction), dtype=float) / N
        for a, b in _runs(ys):                              # level pieces
            ax.plot(xs[a:b], ys[a:b], color=colour, linestyle=ls, linewidth=1.3, marker=marker, markersize=size,
                    markerfacecolor=face, markeredgewidth=0.8, zorder=z, gid=f"path-{direction}")
        for s in path.switches:                             # jumps, at the first value where the new n_A holds
            if s.direction != direction:
                continue
            x = float(s.value)
            ax.annotate("", xy=(x, s.to / N), xytext=(x, s.from_ / N),
                        arrowprops=dict(arrowstyle="-|>", color=colour, linestyle="-" if direction == "forward"
                                        else "--", linewidth=1.1, shrinkA=0, shrinkB=2, mutation_scale=9),
                        zorder=z + 1)
        label = (f"forward: {name} from {_short(path.values[0])} to {_short(path.values[-1])}"
                 if direction == "forward" else "back: the same values in reverse")
        path_handles.insert(0, Line2D([], [], color=colour, linestyle=ls, marker=marker, markersize=4,
                                      markerfacecolor=face, label=label))
    handles = path_handles + handles
    if shaded:
        handles.append(Patch(facecolor="0.88", label=f"hysteresis interval of $n_A = {path.start}$"))
    lo, hi = sorted((float(path.values[0]), float(path.values[-1])))
    pad = (hi - lo) * 0.01
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(-0.04, 1.04)
    ax.set_xlabel(axis_label(space, name))
    ax.set_ylabel(r"share of firms in A, $n_A/N$")
    if legend:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, frameon=False,
                  title="path and equilibria" if bifurcation is not None else "path", alignment="left")
    if title:
        back = " and back" if path.back else ""
        ax.set_title(f"Path of the economy along {axis_label(space, name)}{back}, $N = {N}$ firms, start "
                     f"$n_A = {path.start}$\n" + fixed_text(path.params, (name,)), fontsize=9)
    return ax


def _short(v) -> str:
    from gametheory.plots.style import value_text

    return value_text(v)


def _runs(ys: np.ndarray) -> list[tuple[int, int]]:
    cut = np.flatnonzero(np.diff(ys) != 0) + 1
    edges = np.r_[0, cut, len(ys)]
    return list(zip(edges[:-1], edges[1:]))


def _legend_above(ax):
    """A panel's legend just above it, outside the axes (no line runs through it)."""
    return ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), borderaxespad=0.2, frameon=False, fontsize=8)


def plot_depletion(dep, ax=None, *, axes=None, title: bool = True):
    """Draw a :class:`~gametheory.analysis.depletion.Depletion` run in four panels; returns the Figure.

    ``ax`` (or ``axes``): four Axes to draw into (stock, regional effect, configuration, welfare), or None
    for a new 2 x 2 figure.
    """
    import matplotlib.pyplot as plt

    axes = ax if axes is None else axes
    if axes is None:
        with plt.rc_context(RC):
            fig, grid = plt.subplots(2, 2, figsize=(7.2, 4.8), sharex=True)
        axes = grid.ravel()
    else:
        axes = np.asarray(axes).ravel()
        fig = axes[0].figure
    t = np.arange(dep.T)
    ax_S, ax_e, ax_n, ax_W = axes[:4]
    step = dict(where="post", color=LINE_COLORS[0], linewidth=1.3)
    ax_S.step(t, dep.S, **step)
    ax_S.set_ylabel(r"stock $S_t$")
    if dep.critical_stock_value is not None:
        ax_S.axhline(dep.critical_stock_value, color=LINE_COLORS[1], linestyle=(0, (4, 2)), linewidth=1.0,
                     label=rf"critical stock $S^* = {dep.critical_stock_value:.4g}$")
        _legend_above(ax_S)
    ax_e.step(t, dep.e, **step)
    ax_e.set_ylabel(r"regional effect $e_t$")
    if dep.e_star is not None:
        ax_e.axhline(dep.e_star.value, color=LINE_COLORS[1], linestyle=(0, (4, 2)), linewidth=1.0,
                     label=rf"threshold $e^* = {dep.e_star.value:.4g}$")
        _legend_above(ax_e)
    ax_n.step(t, dep.n_A, **step)
    ax_n.set_ylabel(r"firms in A, $n_A$")
    ax_n.set_ylim(-0.04 * dep.N, 1.08 * dep.N)
    ax_W.plot(t, dep.W, color=LINE_COLORS[0], linewidth=1.3, marker="o", markersize=2.2)
    ax_W.set_ylabel(r"welfare $W_t$")
    for ax in (ax_n, ax_W):
        ax.set_xlabel(r"period $t$")
    if dep.dissolution is not None:
        for i, ax in enumerate((ax_S, ax_e, ax_n, ax_W)):
            ax.axvline(dep.dissolution, color="0.35", linestyle=":", linewidth=1.0, zorder=0)
        ax_n.annotate(f"dissolution, $t = {dep.dissolution}$", xy=(dep.dissolution, 0.5 * dep.N),
                      xytext=(6, 0), textcoords="offset points", fontsize=8, va="center")
    ex = dep.exhausted
    if ex is not None:
        ax_S.annotate(f"exhausted, $t = {ex}$", xy=(ex, 0), xytext=(0.97, 0.45), textcoords="axes fraction",
                      fontsize=8, ha="right", va="center",
                      arrowprops=dict(arrowstyle="-|>", color="0.3", linewidth=0.8, mutation_scale=8, shrinkA=2,
                                      shrinkB=1))
    for ax in axes[:4]:
        ax.set_xlim(-0.5, dep.T - 0.5)
    if title:
        extra = "" if dep.moves is None else f", at most {dep.moves} moves a period"
        fig.suptitle(f"Depletion of region A's reserves, $N = {dep.N}$ firms, start $n_A = {dep.start}$: "
                     f"$S_0 = {dep.S0}$, $\\zeta = {dep.zeta}$, $\\rho = {dep.rho}$, $\\eta = {dep.eta}$" + extra
                     + "\n" + fixed_text(dep.params, (), per_line=6), fontsize=9)
    return fig


#: The hysteresis figure's path: e from 3/5 down to -3/5 in 60 steps and back (ENVIRONMENT.md section 4).
HYSTERESIS_E = (Fraction(3, 5), Fraction(-3, 5), 60)
#: The depletion figure's run: ENVIRONMENT.md section 5 defaults (S0 = 300, zeta = 1, rho = 0, eta = 1, T = 40).
DEPLETION_T = 40


def hysteresis_range(model, params) -> tuple[Fraction, Fraction, int]:
    """``(from, to, steps)`` of the hysteresis figure: :data:`HYSTERESIS_E`, cut into the model's domain in ``e``."""
    hi0, lo0, steps = HYSTERESIS_E
    lo, hi, lo_kind, hi_kind = model.parameter_bounds("e", params)
    margin = (hi - lo) / 50
    top = min(hi0, hi - margin if hi_kind == "open" else hi)
    bottom = max(lo0, lo + margin if lo_kind == "open" else lo)
    return top, bottom, steps


def dynamics_figure_specs(game, N: int, points: int = 601) -> list[tuple[str, object]]:
    """``(stem, draw)`` pairs of the dynamics figures of ``game`` with ``N`` firms, for models with the regional
    effect ``e``: ``hysteresis_e_N<N>`` (the path of :data:`HYSTERESIS_E` on its bifurcation diagram of ``points``
    values) and, when the
    model defines welfare and the effect can erode to 0, ``depletion_N<N>`` (:data:`DEPLETION_T` periods)."""
    from gametheory.errors import UserInputError

    model, params = game.model, game.params
    if "e" not in model.space.names:
        return []
    g = game.replace(N=N)
    top, bottom, steps = hysteresis_range(model, params)

    def hysteresis():
        path = g.path("e", top, bottom, steps, back=True, thresholds=False)
        return path.plot(points=points).figure

    out = [(f"hysteresis_e_N{N}", hysteresis)]
    try:
        model.welfare(N, Fraction(N), dict(params))
        if not model.in_domain(N, params.replace(e=0)):
            return out
    except UserInputError:
        return out
    out.append((f"depletion_N{N}", lambda: g.deplete(T=DEPLETION_T).plot()))
    return out
