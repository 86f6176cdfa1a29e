r"""Bifurcation diagram: the equilibria of the N-firm game along one parameter.

Drawn against the swept parameter (e.g. :math:`\tau_p`), from a computed
:class:`~gametheory.analysis.sweeps.Bifurcation` (this module only draws; the branches
come from :mod:`gametheory.analysis.branches`):

* pure equilibria :math:`n_A = k` at height :math:`k/N` (the share of firms in
  the resource region A); solid where the equilibrium is strict (stable),
  dashed where it is weak (a tie); an equilibrium that holds at a single grid
  point only is a circle (open when weak or unstable);
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
        if len(br.x) == 1:      # at a single grid point: a circle (open if weak or unstable)
            ax.plot(br.x, br.y, marker="o", markersize=4, markerfacecolor=colour if br.stable else "white",
                    color=colour, linestyle="none", gid=gid)
        else:
            ax.plot(br.x, br.y, color=colour, linestyle=ls, linewidth=width, gid=gid, solid_capstyle="butt",
                    dash_capstyle="butt")
    labels = {("pure", True): r"pure $n_A/N$, strict (stable)", ("pure", False): r"pure $n_A/N$, weak (tie)",
              ("mixed", True): r"mixed $p$, stable", ("mixed", False): r"mixed $p$, unstable"}
    handles = []
    for (kind, stable), label in labels.items():
        ours = [br for br in brs if br.kind == kind and br.stable == stable]
        if not ours:
            continue
        line = any(len(br.x) > 1 for br in ours)      # one entry per style drawn: a (dashed) line, a circle
        point = any(len(br.x) == 1 for br in ours)    # (a single grid point: open if weak or unstable), or both
        style = dict(color=PURE_COLOR if kind == "pure" else MIXED_COLOR,
                     linewidth=PURE_WIDTH if kind == "pure" else MIXED_WIDTH,
                     linestyle=("-" if stable else UNSTABLE_DASH) if line else "none")
        if point:
            style.update(marker="o", markerfacecolor=style["color"] if stable else "white", markersize=4)
        handles.append(Line2D([], [], label=label, **style))
    return handles


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
