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

Pure and mixed equilibria differ by line width as well as colour (pure thick, mixed thin), stable and
unstable by line style (solid, dashed), so the diagram reads in greyscale.  A vertical dotted line
marks the value of the swept parameter in use.
"""

from __future__ import annotations

from matplotlib.lines import Line2D

from gametheory.analysis.branches import Branch
from gametheory.plots.style import LINE_COLORS, axis_label, fixed_text, new_axes

__all__ = ["draw_branches", "plot_bifurcation"]

PURE_COLOR, MIXED_COLOR = LINE_COLORS[1], LINE_COLORS[2]
#: Line widths of the two kinds (points) and the dash pattern of unstable (or weak) equilibria.
PURE_WIDTH, MIXED_WIDTH = 2.6, 1.3
UNSTABLE_DASH = (0, (3, 2))


def draw_branches(ax, brs: list[Branch]) -> list[Line2D]:
    """Draw branches; returns legend handles for the line styles that occur."""
    for br in brs:
        colour = PURE_COLOR if br.kind == "pure" else MIXED_COLOR
        width = PURE_WIDTH if br.kind == "pure" else MIXED_WIDTH
        ls = "-" if br.stable else UNSTABLE_DASH
        gid = f"{br.kind}-{'stable' if br.stable else 'unstable'}"
        if len(br.x) == 1 and not br.stable:
            ax.plot(br.x, br.y, marker="o", markersize=4, markerfacecolor="white", color=colour,
                    linestyle="none", gid=gid)
        else:
            ax.plot(br.x, br.y, color=colour, linestyle=ls, linewidth=width, gid=gid, solid_capstyle="butt",
                    dash_capstyle="butt")
    weak = dict(color=PURE_COLOR, linewidth=PURE_WIDTH, linestyle=UNSTABLE_DASH, label=r"pure $n_A/N$, weak (tie)")
    keys = {
        ("pure", True): Line2D([], [], color=PURE_COLOR, linewidth=PURE_WIDTH, label=r"pure $n_A/N$, strict (stable)"),
        ("pure", False): Line2D([], [], **weak),
        ("pure-point", False): Line2D([], [], marker="o", markerfacecolor="white", markersize=4,
                                      **{**weak, "linestyle": "none"}),
        ("pure-both", False): Line2D([], [], marker="o", markerfacecolor="white", markersize=4, **weak),
        ("mixed", True): Line2D([], [], color=MIXED_COLOR, linewidth=MIXED_WIDTH, label=r"mixed $p$, stable"),
        ("mixed", False): Line2D([], [], color=MIXED_COLOR, linewidth=MIXED_WIDTH, linestyle=UNSTABLE_DASH,
                                 label=r"mixed $p$, unstable"),
    }
    # one entry per style drawn: a weak pure equilibrium is a dashed line, an open circle (a single grid point), or both
    present = {(br.kind, br.stable) for br in brs if br.stable or br.kind != "pure" or len(br.x) > 1}
    if any(br.kind == "pure" and not br.stable and len(br.x) == 1 for br in brs):
        present.add(("pure-both", False) if ("pure", False) in present else ("pure-point", False))
        present.discard(("pure", False))
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
