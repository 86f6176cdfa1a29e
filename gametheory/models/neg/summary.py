r"""Thresholds and equilibria of a continuum model as one JSON-ready object (what ``gametheory neg --json`` prints).

Keys: ``model``, ``params``, ``axis`` (``"phi"`` or ``"T"``), ``phi_break``, ``phi_sustain``,
``T_break``, ``T_sustain`` (numeric, from :mod:`.continuum`; ``null`` where a model has none:
the ``phi`` keys for models whose trade variable is a transport cost), ``closed_form``
(the published values, where the model has them), and with a transport cost ``T``:
``T``, ``phi`` (CES models) and ``equilibria``, a list of ``{"lambda", "stable"}`` ascending,
corners included when they are equilibria.  For CES models :math:`T = \phi^{1/(1-\sigma)}`.
"""

from __future__ import annotations

from gametheory.models.neg.continuum import ContinuumModel, break_point, equilibria, sustain_point

__all__ = ["summary"]


def summary(model: ContinuumModel, T: float | None = None) -> dict:
    """The thresholds of ``model`` and, with ``T``, its equilibria there."""
    x = None if T is None else model.checked_x_of_T(T)
    b, s = break_point(model), sustain_point(model)
    out: dict = {"model": model.name, "params": model.json_params(), "axis": model.axis}
    if model.axis == "phi":
        to_T = lambda v: None if v is None else float(model.T_of_phi(v))
        out.update(phi_break=b, phi_sustain=s, T_break=to_T(b), T_sustain=to_T(s))
    else:
        out.update(phi_break=None, phi_sustain=None, T_break=b, T_sustain=s)
    if hasattr(model, "break_closed"):
        cb, cs = model.break_closed(), model.sustain_closed()
        key = "phi" if model.axis == "phi" else "T"
        out["closed_form"] = {f"{key}_break": cb, f"{key}_sustain": cs}
    if hasattr(model, "zero_resource_threshold"):
        out["T_zero_resource"] = model.zero_resource_threshold()
    if x is not None:
        out["T"] = float(T)
        if model.axis == "phi":
            out["phi"] = x
        out["equilibria"] = [e.as_json() for e in equilibria(model, x)]
    return out
