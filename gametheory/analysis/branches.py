r"""Branches of a bifurcation diagram: the equilibria of a 1-D sweep connected into curves.

* Pure equilibria :math:`n_A = k` are drawn at height :math:`k/N` (the share of firms in A);
  a branch is a run of grid points where :math:`k` is an equilibrium, split where it changes
  between strict (stable) and weak (a tie); a weak piece shares its end points with its strict
  neighbours so that lines join.
* Symmetric mixed equilibria :math:`p` are matched from one grid point to the next by nearest
  distance (:func:`mixed_branches`); a branch ends where no root lies within ``jump`` of it (a
  fold or a jump), two branches born (or dying) at the same point with opposite stability are
  joined at their mid-point (a fold), and a branch is split where its stability changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gametheory.analysis.sweeps import Sweep

__all__ = ["Branch", "pure_branches", "mixed_branches", "branches"]


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
