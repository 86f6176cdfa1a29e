r"""Thresholds and equilibria of a continuum model as one result (what ``gametheory neg`` prints).

:meth:`Summary.as_dict` is the JSON object of ``gametheory neg --json``.  Keys: ``model``, ``params``,
``axis`` (``"phi"`` or ``"T"``), ``phi_break``, ``phi_sustain``, ``T_break``, ``T_sustain``
(numeric, from :mod:`.continuum`; ``null`` where a model has none: the ``phi`` keys for models
whose trade variable is a transport cost), for CES models ``log_phi_break`` and
``log_phi_sustain`` (``ln phi``, finite where ``phi`` underflows to 0 or ``T`` overflows, in which
case ``T_*`` is ``null`` too), ``closed_form`` (the published values, where the model has them;
CES models add their ``log_phi_*``), the resource game's ``T_zero_resource``, and with a
transport cost ``T``: ``T``, ``phi`` and ``log_phi`` (CES models) and ``equilibria``, a list of
``{"lambda", "stable"}`` ascending, corners included when they are equilibria.  For CES models
:math:`T = \phi^{1/(1-\sigma)}`.  :meth:`Summary.to_text` is the command's plain-text report.
"""

from __future__ import annotations

from dataclasses import dataclass

from gametheory.models.neg.continuum import ContinuumModel, Equilibria, Threshold, _finite_or_none, _num
from gametheory.results import Result

__all__ = ["Summary", "summary"]


@dataclass(frozen=True, repr=False)
class Summary(Result):
    """Break and sustain points of a model (with the published values) and, at a transport cost, its equilibria."""

    model: str
    params: dict
    axis: str
    break_point: Threshold
    sustain_point: Threshold
    equilibria: Equilibria | None = None
    T_zero_resource: float | None = None
    has_zero_resource: bool = False

    _repr_fields = ("model", "T_break", "T_sustain")

    @property
    def T_break(self):
        return self.break_point.T

    @property
    def T_sustain(self):
        return self.sustain_point.T

    def as_dict(self) -> dict:
        b, s = self.break_point, self.sustain_point
        out: dict = {"model": self.model, "params": self.params, "axis": self.axis}
        if self.axis == "phi":
            out.update(phi_break=b.phi, phi_sustain=s.phi, T_break=_finite_or_none(b.T),
                       T_sustain=_finite_or_none(s.T), log_phi_break=b.log_phi, log_phi_sustain=s.log_phi)
            if b.has_closed_form:
                out["closed_form"] = {"phi_break": b.closed_form, "phi_sustain": s.closed_form,
                                      "log_phi_break": b.closed_form_log_phi,
                                      "log_phi_sustain": s.closed_form_log_phi}
        else:
            out.update(phi_break=None, phi_sustain=None, T_break=b.T, T_sustain=s.T)
            if b.has_closed_form:
                out["closed_form"] = {"T_break": b.closed_form, "T_sustain": s.closed_form}
        if self.has_zero_resource:
            out["T_zero_resource"] = self.T_zero_resource
        if self.equilibria is not None:
            out.update(self.equilibria.as_dict())
        return out

    def to_text(self) -> str:
        params = ", ".join(f"{k}={v:g}" for k, v in self.params.items())
        lines = [f"{self.model} ({params})", self.break_point.to_text(), self.sustain_point.to_text()]
        if self.has_zero_resource:
            lines.append(f"{'zero-resource:':<15} T = {_num(self.T_zero_resource)}  "
                         "(lambda = 0 becomes an equilibrium below)")
        if self.equilibria is not None:
            lines.append(self.equilibria.to_text())
        return "\n".join(lines)


def summary(model: ContinuumModel, T=None) -> Summary:
    """The thresholds of ``model`` and, with ``T``, its equilibria there (``T`` is checked first)."""
    eqs = None if T is None else model.equilibria(T)
    zero = getattr(model, "zero_resource_threshold", None)
    return Summary(model.name, model.json_params(), model.axis, model.break_point(), model.sustain_point(),
                   eqs, zero() if zero is not None else None, zero is not None)
