r"""Bifurcation diagram: the equilibria of the N-firm game along one parameter.

Drawn against the swept parameter (e.g. :math:`\tau_p`), from a 1-D
:func:`~gametheory.analysis.sweeps.sweep`:

* pure equilibria :math:`n_A = k` at height :math:`k/N` (the share of firms in
  the resource region A); solid where the equilibrium is strict (stable),
  dashed where it is weak (a tie), and a weak equilibrium that holds at a
  single grid point only is an open circle;
* symmetric mixed equilibria :math:`p` (each firm in A with probability
  :math:`p`, the expected share in A): solid where stable under the replicator
  dynamics, dashed where unstable.

Roots are connected into branches (:func:`mixed_branches`): the roots at one
grid point are matched to those at the previous point by nearest distance; a
branch ends where no root lies within ``jump`` of it (a fold or a jump), and
its line style changes where its stability does.  A vertical line marks the
value of the swept parameter in use.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.lines import Line2D

from gametheory.analysis.sweeps import Axis, Sweep, sweep
from gametheory.params import Params
from gametheory.plots.style import LINE_COLORS, axis_label, figure, fixed_text

__all__ = ["Branch", "pure_branches", "mixed_branches", "branches", "draw_branches", "bifurcation"]

PURE_COLOR, MIXED_COLOR = LINE_COLORS[1], LINE_COLORS[2]


@dataclass(frozen=True)
class Branch:
    """A connected piece of equilibria: ``kind`` ``"pure"`` or ``"mixed"``, stable or not, points ``(x, y)``."""

    kind: str
    stable: bool
    x: np.ndarray
    y: np.ndarray


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """``(start, stop)`` of the runs of True in a 1-D boolean array."""
    m = np.r_[False, np.asarray(mask, dtype=bool), False].astype(np.int8)
    d = np.diff(m)
    return list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)))


def pure_branches(sw: Sweep) -> list[Branch]:
    """Runs of each pure equilibrium ``k`` along the sweep, split where strictness changes."""
    x = sw.axes[0].values
    out = []
    for k in range(sw.N + 1):
        for a, b in _runs(sw.pure[k]):
            strict = sw.strict[k, a:b]
            for s0, s1 in _pieces(strict):
                stable = bool(strict[s0])
                # a weak piece shares its end points with the strict neighbours, so lines join
                lo, hi = (s0, s1) if stable else (max(s0 - 1, 0), min(s1 + 1, b - a))
                out.append(Branch("pure", stable, x[a + lo:a + hi], np.full(hi - lo, k / sw.N)))
    return out


def _pieces(flags: np.ndarray) -> list[tuple[int, int]]:
    """Maximal runs of equal values in ``flags``."""
    cut = np.flatnonzero(np.diff(flags.astype(np.int8))) + 1
    edges = np.r_[0, cut, len(flags)]
    return list(zip(edges[:-1], edges[1:]))


def mixed_branches(sw: Sweep, jump: float = 0.05) -> list[Branch]:
    """Symmetric mixed equilibria connected into branches (nearest-root matching, break on jumps)."""
    x = sw.axes[0].values
    tracks: list[list[tuple[int, float, bool]]] = []
    open_: list[int] = []                     # indices into tracks still growing
    for i in range(len(x)):
        roots = [(float(p), bool(s)) for p, s in zip(sw.mixed_p[:, i], sw.mixed_stable[:, i]) if np.isfinite(p)]
        pairs = sorted((abs(tracks[t][-1][1] - p), t, j) for t in open_ for j, (p, _) in enumerate(roots))
        used_t, used_j = set(), set()
        for dist, t, j in pairs:
            if dist <= jump and t not in used_t and j not in used_j:
                used_t.add(t)
                used_j.add(j)
                tracks[t].append((i, *roots[j]))
        open_ = [t for t in open_ if t in used_t]
        for j, (p, s) in enumerate(roots):
            if j not in used_j:
                tracks.append([(i, p, s)])
                open_.append(len(tracks) - 1)
    _join_folds(tracks, x)
    out = []
    for tr in tracks:
        idx = np.array([t[0] for t in tr], dtype=float)
        xs = np.interp(idx, np.arange(len(x)), x)   # half-integer indices (fold points) lie between grid points
        p = np.array([t[1] for t in tr])
        st = np.array([t[2] for t in tr])
        for a, b in _pieces(st):
            hi = min(b + 1, len(idx))       # overlap one point so that the line stays connected
            out.append(Branch("mixed", bool(st[a]), xs[a:hi], p[a:hi]))
    return out


def _join_folds(tracks, x) -> None:
    """Two tracks born (or dying) at the same grid point with opposite stability meet in a fold:
    extend both by half a grid step to their mid-point so that the branch is drawn connected."""
    for end, step in ((0, -1), (-1, 1)):
        by_index: dict[int, list] = {}
        for tr in tracks:
            by_index.setdefault(tr[end][0], []).append(tr)
        for i, group in by_index.items():
            if not 0 < i + (step > 0) < len(x) or len(group) != 2 or group[0][end][2] == group[1][end][2]:
                continue
            xm_index = i + step / 2
            pm = (group[0][end][1] + group[1][end][1]) / 2
            for tr in group:
                point = (xm_index, pm, tr[end][2])
                tr.insert(0, point) if end == 0 else tr.append(point)


def branches(sw: Sweep) -> list[Branch]:
    """Pure and mixed branches of a 1-D sweep."""
    if len(sw.axes) != 1:
        raise ValueError("a bifurcation diagram needs a 1-D sweep")
    return pure_branches(sw) + mixed_branches(sw)


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


def bifurcation(N: int, params: Params, axis: Axis):
    """The bifurcation-diagram figure along ``axis``; returns ``(fig, sweep, branches)``."""
    sw = sweep(N, params, [axis])
    brs = branches(sw)
    fig, ax = figure(6.4, 3.6)
    handles = draw_branches(ax, brs)
    x0 = float(params.get_any(axis.name))
    vline = ax.axvline(x0, color="0.45", linewidth=0.8, linestyle=":", zorder=0,
                       label=f"{axis_label(axis.name)} in use")
    ax.set_xlim(axis.values[0], axis.values[-1])
    ax.set_ylim(-0.04, 1.04)
    ax.set_xlabel(axis_label(axis.name))
    ax.set_ylabel(r"share in A: $n_A/N$ (pure), $p$ (mixed)")
    ax.legend(handles=handles + [vline], loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
              frameon=False, title="equilibria", alignment="left")
    ax.set_title(f"Equilibria along {axis_label(axis.name)}, $N = {N}$ firms\n"
                 + fixed_text(params, (axis.name,)), fontsize=9)
    return fig, sw, brs
