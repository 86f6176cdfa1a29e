"""Paper figures of the resource agglomeration game (matplotlib, Agg backend).

Modules: :mod:`~gametheory.plots.style` (one style, fixed regime colours),
:mod:`~gametheory.plots.regime_map`, :mod:`~gametheory.plots.bifurcation`,
:mod:`~gametheory.plots.wiggle`, :mod:`~gametheory.plots.thresholds_demand`,
and :mod:`~gametheory.plots.paper` with the entry point :func:`write_figures`
(also ``gametheory figures`` on the command line).
"""

from __future__ import annotations

__all__ = ["write_figures"]


def write_figures(out_dir, params=None, *, formats=("pdf", "png"), progress=True, **kwargs):
    """Draw every paper figure into ``out_dir``; see :func:`gametheory.plots.paper.write_figures`."""
    from gametheory.plots.paper import write_figures as _write

    return _write(out_dir, params, formats=formats, progress=progress, **kwargs)
