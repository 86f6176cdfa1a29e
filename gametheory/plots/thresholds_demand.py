r"""Thresholds against demand: where the two paper patterns stop being equilibria.

Drawn in the (:math:`a_B`, :math:`\tau_p`) plane for N firms, from a computed
:class:`~gametheory.analysis.sweeps.RegimeMap` (this module only draws):

* the curve :math:`D_N = 0`: the product-transport-cost threshold of the
  **traditional cluster** (:math:`n_A = N` is an equilibrium iff
  :math:`D_N \ge 0`), as a function of the demand intercept :math:`a_B` of the
  non-resource region;
* the curve :math:`D_1 = 0`: the threshold of the **zero-resource economy**
  (:math:`n_A = 0` is an equilibrium iff :math:`D_1 \le 0`);
* underneath, the regime areas, lightly shaded (same colours and hatchings as the regime maps),
  so that the side of each curve on which the pattern holds can be read off.

Both curves are the exact boundary curves (:func:`~gametheory.analysis.boundaries.boundary_curves`), drawn
as lines; the areas are filled contours of the regime fields
(:func:`~gametheory.analysis.boundaries.regime_fields`), so no edge follows the pixel grid.  Split
boundaries (:math:`1 < k < N`) are not drawn: this figure is about the two patterns the paper compares
(where a split starts or stops coexisting with a pattern shows as an edge of the shading only).
"""

from __future__ import annotations

from gametheory.plots.regime_map import plot_regime_map
from gametheory.plots.style import axis_label, fixed_text

__all__ = ["plot_thresholds_demand", "LIGHTEN"]

#: How much the regime colours are blended towards white under the threshold curves.
LIGHTEN = 0.55


def plot_thresholds_demand(rm, ax=None):
    """Draw the thresholds figure from a regime map over (demand parameter, cost parameter); returns the Axes."""
    sw = rm.sweep
    ax = plot_regime_map(rm, ax, lighten_by=LIGHTEN, only_patterns=True, title=False,
                         legend_title="thresholds and regimes")
    space = sw.model.space
    x, y = (a.name for a in sw.axes)
    ax.set_title(f"Thresholds in {axis_label(space, y)} against demand {axis_label(space, x)}, "
                 f"$N = {sw.N}$ firms\n" + fixed_text(sw.params, (x, y), per_line=6), fontsize=9)
    return ax
