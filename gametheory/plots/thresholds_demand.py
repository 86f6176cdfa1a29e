r"""Thresholds against demand: where the two paper patterns stop being equilibria.

Drawn in the (:math:`a_B`, :math:`\tau_p`) plane for N firms, from a 2-D
:func:`~gametheory.analysis.sweeps.sweep` and
:func:`~gametheory.analysis.boundaries.boundary_curves`:

* the curve :math:`D_N = 0`: the product-transport-cost threshold of the
  **traditional cluster** (:math:`n_A = N` is an equilibrium iff
  :math:`D_N \ge 0`), as a function of the demand intercept :math:`a_B` of the
  non-resource region;
* the curve :math:`D_1 = 0`: the threshold of the **zero-resource economy**
  (:math:`n_A = 0` is an equilibrium iff :math:`D_1 \le 0`);
* underneath, the regime areas, lightly shaded (same colours as the regime maps),
  so that the side of each curve on which the pattern holds can be read off.

Split boundaries (:math:`1 < k < N`) are left out: this figure is about the
two patterns the paper compares.
"""

from __future__ import annotations

from gametheory.analysis.sweeps import Axis, sweep
from gametheory.params import Params
from gametheory.plots.regime_map import draw_boundaries, draw_regimes, mark_point, place_legend
from gametheory.plots.style import axis_label, figure, fixed_text, regime_patches

__all__ = ["thresholds_demand", "LIGHTEN"]

#: How much the regime colours are blended towards white under the threshold curves.
LIGHTEN = 0.55


def thresholds_demand(N: int, params: Params, axes: list[Axis], *, curves=None):
    """The thresholds figure over ``axes`` (demand parameter, cost parameter); returns ``(fig, sweep, curves)``."""
    from gametheory.analysis.boundaries import boundary_curves

    sw = sweep(N, params, axes, mixed=False)
    if curves is None:
        curves = boundary_curves(sw)
    fig, ax = figure(7.0, 4.2)
    draw_regimes(ax, sw, lighten_by=LIGHTEN)
    handles = draw_boundaries(ax, curves, N, only_patterns=True)
    star = mark_point(ax, params, (axes[0].name, axes[1].name))
    place_legend(ax, handles + [star] + regime_patches(sw.regime, LIGHTEN), title="thresholds and regimes")
    ax.set_title(f"Thresholds in {axis_label(axes[1].name)} against demand {axis_label(axes[0].name)}, "
                 f"$N = {N}$ firms\n" + fixed_text(params, (axes[0].name, axes[1].name), per_line=6), fontsize=9)
    return fig, sw, curves
