r"""The "wiggle" plot: the incentive to stay in A along the configurations.

Drawn, for N firms and a few values of one parameter (by default
:math:`\tau_p`), one panel each: the incentive

.. math:: D_k = \Pi_A(k) - \Pi_B(k-1), \qquad k = n_A = 1, \dots, N,

the gain of a firm in region A (with :math:`k - 1` other firms there) over
moving to B, against :math:`n_A = k`, with the zero line.  A configuration
:math:`n_A = k` is a pure equilibrium iff :math:`D_k \ge 0` (no firm in A
wants to leave; vacuous for :math:`k = 0`) and :math:`D_{k+1} \le 0` (no firm
in B wants to enter A; vacuous for :math:`k = N`), so equilibria sit where the
curve crosses zero downwards, and at the ends.  They are marked on the zero
line (filled: strict, open: weak).  Drawn from a computed 1-D
:class:`~gametheory.analysis.sweeps.Sweep` over the chosen parameter values (one panel
per value); this module only draws.

Why: the shape of :math:`D_k` ("wiggles" from the Cournot corners and the two
agglomeration effects) explains why interior (split) equilibria exist for large N.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from fractions import Fraction

from gametheory.plots.style import LINE_COLORS, RC, fixed_text, value_text

__all__ = ["plot_wiggle"]


def plot_wiggle(sw, axes=None):
    """Draw the wiggle panels of a 1-D sweep (one panel per value of its axis); returns the figure.

    ``axes``: a sequence of Axes to draw into (one per value), or None for a new figure.
    """
    N, params = sw.N, sw.params
    name = sw.axes[0].name
    values = [Fraction(float(v)).limit_denominator(10**6) for v in sw.axes[0].values]
    ncol = 2 if len(values) > 1 else 1
    nrow = -(-len(values) // ncol)
    if axes is None:
        with plt.rc_context(RC):
            fig, axes = plt.subplots(nrow, ncol, figsize=(6.4, 1.9 * nrow + 0.9), sharex=True, squeeze=False)
    else:
        axes = np.asarray(axes, dtype=object).reshape(-1, 1) if np.ndim(axes) == 1 else np.asarray(axes)
        fig = axes.flat[0].figure
    k = np.arange(1, N + 1)
    colour = LINE_COLORS[1]
    for i, ax in enumerate(axes.flat):
        if i >= len(values):
            ax.set_visible(False)
            continue
        D = sw.D[:, i]
        ax.axhline(0, color="0.3", linewidth=0.7, zorder=1)
        ax.plot(k, D, color=colour, marker="o", markersize=2.5, linewidth=1.1, zorder=2, label="$D_k$")
        eq = np.flatnonzero(sw.pure[:, i])
        strict = sw.strict[eq, i]
        ax.plot(eq[strict], np.zeros(strict.sum()), linestyle="none", marker="D", markersize=5.5,
                color=LINE_COLORS[2], zorder=3, label="equilibrium $n_A$ (strict)")
        if (~strict).any():
            ax.plot(eq[~strict], np.zeros((~strict).sum()), linestyle="none", marker="D", markersize=5.5,
                    markerfacecolor="white", color=LINE_COLORS[2], zorder=3, label="equilibrium $n_A$ (weak)")
        eq_text = ", ".join(str(int(e)) for e in eq)
        ax.set_title(f"${params.space.latex(name)} = {value_text(values[i])}$: "
                     f"equilibria $n_A \\in \\{{{eq_text}\\}}$", fontsize=8.5)
        ax.set_xlim(-0.5, N + 0.5)
        if i % ncol == 0:
            ax.set_ylabel(r"$D_k = \Pi_A(k) - \Pi_B(k-1)$", fontsize=8)
        if i >= len(values) - ncol:
            ax.set_xlabel(r"$k = n_A$ (firms in A)")
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), frameon=False)
    fig.suptitle(f"Gain of a firm in A over moving to B, $N = {N}$ firms\n"
                 + fixed_text(params, (name,)), fontsize=9)
    return fig

