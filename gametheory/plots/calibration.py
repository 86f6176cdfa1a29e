r"""The calibration figure: the equilibrium conditions against the free parameter, identified set shaded.

One free parameter :math:`\theta`: the two conditions of the observed
configuration :math:`n_A` -- :math:`D_{n_A}(\theta) \ge 0` (firms in A stay) and
:math:`D_{n_A+1}(\theta) \le 0` (firms in B stay) -- drawn over the parameter's
range, the identified set shaded, the unique subset shaded darker, and the
observed configuration in the title.  Two free parameters: the identified
region (and its unique part) in the plane.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["plot_calibration"]


def plot_calibration(cal, path=None):
    """Draw the calibration result ``cal`` (:class:`~gametheory.calibrate.pipeline.Calibration`), which
    carries the curves to draw; saves to ``path`` (PNG or PDF by suffix) when given; returns the figure."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    space = cal.model.space
    o = cal.observation
    title = f"Observed: $n_A = {o.n_A}$ of $N = {o.N}$ processing plants in region A"
    if len(cal.free) == 1:
        free = cal.free[0]
        s = cal.identified
        windows = cal.curves
        zoom = len(windows) > 1
        fig, axes = plt.subplots(1, len(windows), figsize=(10.5 if zoom else 6.4, 4.2), squeeze=False)
        for ax, w in zip(axes[0], windows):
            _one_free(ax, cal, free, s, w)
        axes[0][0].legend(*_legend(axes[0][0]), fontsize=8, loc="best", frameon=False)
        if zoom:
            axes[0][1].set_title("zoom on the identified set", fontsize=9)
        if not s.intervals:
            title += " -- identified set empty"
    else:
        fig, ax = plt.subplots(figsize=(6.4, 4.2))
        r = cal.region
        code = r["mask"].astype(int) + r["unique_mask"].astype(int)
        from matplotlib.colors import ListedColormap

        ax.pcolormesh(r["x_values"], r["y_values"], code.T, cmap=ListedColormap(["white", "#8fd4bf", "#009E73"]),
                      vmin=0, vmax=2, shading="auto")
        ax.set_xlabel(f"${space.latex(r['x'])}$")
        ax.set_ylabel(f"${space.latex(r['y'])}$")
        ax.legend([Patch(color="#8fd4bf"), Patch(color="#009E73")], ["identified region", "unique equilibrium"],
                  fontsize=8, frameon=False, loc="best")
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    if path is not None:
        fig.savefig(Path(path), dpi=300)
        plt.close(fig)
    return fig


def _legend(ax):
    from matplotlib.patches import Patch

    handles, labels = ax.get_legend_handles_labels()
    return handles + [Patch(color="#009E73", alpha=0.18), Patch(color="#009E73", alpha=0.45)], \
        labels + ["identified set", "unique equilibrium"]


def _one_free(ax, cal, free, s, w):
    space = cal.model.space
    o = cal.observation
    x = w["x"]
    x0, x1 = w["range"]
    if "stay_A" in w:
        ax.plot(x, w["stay_A"], color="#0072B2", lw=1.6, label=rf"$D_{{{o.n_A}}}$ (firms in A stay iff $\geq 0$)")
    if "stay_B" in w:
        ax.plot(x, w["stay_B"], color="#D55E00", lw=1.6, label=rf"$D_{{{o.n_A + 1}}}$ (firms in B stay iff $\leq 0$)")
    ax.axhline(0, color="black", lw=0.7)
    for ivs, alpha in ((s.intervals, 0.18), (s.unique, 0.3)):
        for iv in ivs:
            ax.axvspan(x[0] if iv.lo is None else max(iv.lo, x[0]), x[-1] if iv.hi is None else min(iv.hi, x[-1]),
                       color="#009E73", alpha=alpha)
    given = float(cal.params.get_any(free))
    if x0 <= given <= x1:
        ax.axvline(given, color="grey", ls=":", lw=1, label="given value")
    ax.set_xlim(x0, x1)
    ax.set_xlabel(f"${space.latex(free)}$")
    ax.set_ylabel(r"$D_k = \Pi_A(k) - \Pi_B(k-1)$")

