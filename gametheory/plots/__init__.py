"""Paper figures (matplotlib): each plot function takes a computed result and an optional ``ax`` and only draws.

* :func:`plot_regime_map` (a :class:`~gametheory.analysis.sweeps.RegimeMap`), :func:`plot_bifurcation`
  (a :class:`~gametheory.analysis.sweeps.Bifurcation`), :func:`plot_wiggle` (a 1-D sweep),
  :func:`plot_thresholds_demand` (a regime map over demand and a cost), :func:`plot_calibration`
  (a :class:`~gametheory.calibrate.pipeline.Calibration`; its panels :func:`plot_calibration_conditions`,
  :func:`plot_calibration_mixed`, :func:`plot_calibration_band`; :func:`save_calibration` writes PDF and PNG),
  :func:`plot_selection_map` (a :class:`~gametheory.analysis.selection.SelectionMap`);
  :func:`plot_path` (a path with hysteresis on its bifurcation diagram), :func:`plot_depletion` (a depletion run);
* :func:`write_figures`: every paper figure of a game as PDF and PNG (``gametheory figures``);
* :mod:`~gametheory.plots.style`: one style, fixed regime colours.
"""

from __future__ import annotations

import importlib

_API = {
    "plot_regime_map": "regime_map", "plot_bifurcation": "bifurcation", "plot_wiggle": "wiggle",
    "plot_thresholds_demand": "thresholds_demand", "plot_calibration": "calibration", "write_figures": "paper",
    "save": "style", "plot_selection_map": "selection_map", "plot_path": "dynamics", "plot_depletion": "dynamics",
    "plot_calibration_conditions": "calibration", "plot_calibration_mixed": "calibration",
    "plot_calibration_band": "calibration", "save_calibration": "calibration",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(f"gametheory.plots.{_API[name]}"), name)
    raise AttributeError(f"module 'gametheory.plots' has no attribute {name!r}")
