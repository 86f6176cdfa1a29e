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


def plot_calibration(cal, path) -> Path:
    """Draw the calibration result ``cal`` (:class:`~gametheory.calibrate.pipeline.Calibration`) to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from gametheory.models.agglomeration import parameter_range, payoff_arrays
    from gametheory.params import latex_name

    o = cal.observation
    title = f"Observed: $n_A = {o.n_A}$ of $N = {o.N}$ processing plants in region A"
    if len(cal.free) == 1:
        free = cal.free[0]
        s = cal.identified
        lo, hi = parameter_range(free, cal.params)
        full = (float(lo), float(hi))
        spans = [(full[0] if iv.lo is None else iv.lo, full[1] if iv.hi is None else iv.hi) for iv in s.intervals]
        width = sum(b - a for a, b in spans)
        zoom = bool(spans) and width < 0.1 * (full[1] - full[0])
        fig, axes = plt.subplots(1, 2 if zoom else 1, figsize=(10.5 if zoom else 6.4, 4.2), squeeze=False)
        ranges = [full]
        if zoom:
            pad = max(width, 0.02 * (full[1] - full[0]))
            ranges.append((max(full[0], spans[0][0] - pad), min(full[1], spans[-1][1] + pad)))
        for ax, (x0, x1) in zip(axes[0], ranges):
            _one_free(ax, cal, free, s, x0, x1)
        axes[0][0].legend(*_legend(axes[0][0]), fontsize=8, loc="best", frameon=False)
        if zoom:
            axes[0][1].set_title("zoom on the identified set", fontsize=9)
        if not s.intervals:
            title += " -- identified set empty"
        ax = axes[0][0]
    else:
        fig, ax = plt.subplots(figsize=(6.4, 4.2))
        r = cal.region
        code = r["mask"].astype(int) + r["unique_mask"].astype(int)
        from matplotlib.colors import ListedColormap

        ax.pcolormesh(r["x_values"], r["y_values"], code.T, cmap=ListedColormap(["white", "#8fd4bf", "#009E73"]),
                      vmin=0, vmax=2, shading="auto")
        ax.set_xlabel(f"${latex_name(r['x'])}$")
        ax.set_ylabel(f"${latex_name(r['y'])}$")
        ax.legend([Patch(color="#8fd4bf"), Patch(color="#009E73")], ["identified region", "unique equilibrium"],
                  fontsize=8, frameon=False, loc="best")
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


def _legend(ax):
    from matplotlib.patches import Patch

    handles, labels = ax.get_legend_handles_labels()
    return handles + [Patch(color="#009E73", alpha=0.18), Patch(color="#009E73", alpha=0.45)], \
        labels + ["identified set", "unique equilibrium"]


def _one_free(ax, cal, free, s, x0, x1):
    from gametheory.models.agglomeration import payoff_arrays
    from gametheory.params import latex_name

    o = cal.observation
    x = np.linspace(x0 + 1e-9 * (x1 - x0), x1 - 1e-9 * (x1 - x0), 1500)
    v = dict(cal.params.as_floats)
    if free == "Delta_gamma":
        v["gamma_B"] = v["gamma_A"] + x
    else:
        v[free] = x
    pa, pb = payoff_arrays(o.N, {n: np.broadcast_to(np.asarray(a, dtype=float), x.shape) for n, a in v.items()})
    D = pa[1:] - pb[:-1]
    if o.n_A >= 1:
        ax.plot(x, D[o.n_A - 1], color="#0072B2", lw=1.6, label=rf"$D_{{{o.n_A}}}$ (firms in A stay iff $\geq 0$)")
    if o.n_A <= o.N - 1:
        ax.plot(x, D[o.n_A], color="#D55E00", lw=1.6, label=rf"$D_{{{o.n_A + 1}}}$ (firms in B stay iff $\leq 0$)")
    ax.axhline(0, color="black", lw=0.7)
    for ivs, alpha in ((s.intervals, 0.18), (s.unique, 0.3)):
        for iv in ivs:
            ax.axvspan(x[0] if iv.lo is None else max(iv.lo, x[0]), x[-1] if iv.hi is None else min(iv.hi, x[-1]),
                       color="#009E73", alpha=alpha)
    given = float(cal.params.get_any(free))
    if x0 <= given <= x1:
        ax.axvline(given, color="grey", ls=":", lw=1, label="given value")
    ax.set_xlim(x0, x1)
    ax.set_xlabel(f"${latex_name(free)}$")
    ax.set_ylabel(r"$D_k = \Pi_A(k) - \Pi_B(k-1)$")
