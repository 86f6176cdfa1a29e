r"""Bifurcation diagram: the equilibria of the N-firm game along one parameter.

Drawn against the swept parameter (e.g. :math:`\tau_p`), from a computed
:class:`~gametheory.analysis.sweeps.Bifurcation` (this module only draws; the branches
come from :mod:`gametheory.analysis.branches`):

* pure equilibria :math:`n_A = k` at height :math:`k/N` (the share of firms in
  the resource region A); solid where the equilibrium is strict (stable),
  dashed where it is weak (a tie), and a weak equilibrium that holds at a
  single grid point only is an open circle;
* symmetric mixed equilibria :math:`p` (each firm in A with probability
  :math:`p`, the expected share in A): solid where stable under the replicator
  dynamics, dashed where unstable.

A vertical line marks the value of the swept parameter in use.
"""

from __future__ import annotations

from matplotlib.lines import Line2D

from gametheory.analysis.branches import Branch
from gametheory.plots.style import LINE_COLORS, axis_label, fixed_text, new_axes

__all__ = ["draw_branches", "plot_bifurcation"]

PURE_COLOR, MIXED_COLOR = LINE_COLORS[1], LINE_COLORS[2]


def draw_branches(ax, brs: list[Branch]) -> list[Line2D]:
    """Draw branches; returns legend handles for the line styles that occur."""
    for br in brs:
        colour = PURE_COLOR if br.kind == "pure" else MIXED_COLOR
        ls = "-" if br.stable else (0, (3, 2))
        gid = f"{br.kind}-{'stable' if br.stable else 'unstable'}"
        if len(br.x) == 1 and not br.stable:
            ax.plot(br.x, br.y, marker="o", markersize=4, markerfacecolor="white", color=colour,
                    linestyle="none", gid=gid)
        else:
            ax.plot(br.x, br.y, color=colour, linestyle=ls, gid=gid, solid_capstyle="butt")
    keys = {
        ("pure", True): Line2D([], [], color=PURE_COLOR, label=r"pure $n_A/N$, strict (stable)"),
        ("pure", False): Line2D([], [], color=PURE_COLOR, linestyle=(0, (3, 2)), marker="o",
                                markerfacecolor="white", markersize=4, label=r"pure $n_A/N$, weak (tie)"),
        ("mixed", True): Line2D([], [], color=MIXED_COLOR, label=r"mixed $p$, stable"),
        ("mixed", False): Line2D([], [], color=MIXED_COLOR, linestyle=(0, (3, 2)), label=r"mixed $p$, unstable"),
    }
    present = {(br.kind, br.stable) for br in brs}
    return [h for key, h in keys.items() if key in present]


def plot_bifurcation(bif, ax=None, *, legend: bool = True, title: bool = True):
    """Draw a :class:`~gametheory.analysis.sweeps.Bifurcation`; returns the Axes."""
    sw = bif.sweep
    axis = sw.axes[0]
    space = sw.model.space
    fig, ax = new_axes(ax, 6.4, 3.6)
    handles = draw_branches(ax, list(bif.branches))
    x0 = float(sw.params.get_any(axis.name))
    vline = ax.axvline(x0, color="0.45", linewidth=0.8, linestyle=":", zorder=0,
                       label=f"{axis_label(space, axis.name)} in use")
    ax.set_xlim(axis.values[0], axis.values[-1])
    ax.set_ylim(-0.04, 1.04)
    ax.set_xlabel(axis_label(space, axis.name))
    ax.set_ylabel(r"share in A: $n_A/N$ (pure), $p$ (mixed)")
    if legend:
        ax.legend(handles=handles + [vline], loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                  frameon=False, title="equilibria", alignment="left")
    if title:
        ax.set_title(f"Equilibria along {axis_label(space, axis.name)}, $N = {sw.N}$ firms\n"
                     + fixed_text(sw.params, (axis.name,)), fontsize=9)
    return ax
