"""The common shape of every result the toolkit returns.

A result is a frozen dataclass that mixes in :class:`Result`.  It then has

* a short ``repr`` (the class name and the few fields named in ``_repr_fields``),
  so that a notebook cell or a REPL line stays one line;
* :meth:`Result.as_dict`: plain JSON-ready Python (the object the command line
  prints with ``--json``); the default converts the dataclass fields with
  :func:`jsonable`, classes override it where the JSON contract says more;
* :meth:`Result.to_json`;
* a rich notebook display, ``_repr_markdown_``, from :meth:`Result.to_markdown`
  (default: the text report in a code block; classes with formulas override it
  and may add ``_repr_latex_``);
* :meth:`Result.to_text`, the report the command line prints (default: the repr).

``jsonable`` is the one conversion of exact numbers to JSON used everywhere:
``Fraction`` becomes a float (or the exact string with ``exact=True``),
numpy scalars and arrays become Python numbers and lists, tuples become lists.
"""

from __future__ import annotations

import dataclasses
import json
import math
from fractions import Fraction
from typing import Any

__all__ = ["Result", "OfGame", "jsonable", "fmt_number"]


def jsonable(value: Any, *, exact: bool = False) -> Any:
    """``value`` as JSON-ready Python: Fractions as floats (strings with ``exact=True``), NaN as None."""
    if isinstance(value, Result):
        return value.as_dict()
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, Fraction):
        if exact:
            return str(value)
        return float(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, dict):
        return {str(k): jsonable(v, exact=exact) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v, exact=exact) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name), exact=exact) for f in dataclasses.fields(value)}
    mod = type(value).__module__
    if mod == "numpy":
        import numpy as np

        if isinstance(value, np.ndarray):
            return jsonable(value.tolist(), exact=exact)
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.integer):
            return int(value)
        if isinstance(value, np.floating):
            return jsonable(float(value))
    if mod.startswith("sympy"):
        if getattr(value, "is_Rational", False):
            return jsonable(Fraction(int(value.p), int(value.q)), exact=exact)
        return str(value) if exact else float(value)
    if hasattr(value, "as_dict"):
        return value.as_dict()
    return str(value)


def fmt_number(value: Any, digits: int = 6) -> str:
    """A number for a report: exact fractions as ``p/q`` (integers plain), floats with ``digits`` significant digits."""
    if value is None:
        return "-"
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value}"
    if isinstance(value, int):
        return str(value)
    return f"{float(value):.{digits}g}"


class Result:
    """Mixin for frozen result dataclasses (see the module docstring)."""

    #: Fields shown by the short ``repr``.
    _repr_fields: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """JSON-ready Python (the command line's ``--json`` object)."""
        return jsonable(self)

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`as_dict` as a JSON document."""
        return json.dumps(self.as_dict(), indent=indent)

    def to_text(self) -> str:
        """The plain-text report (the command line's default output)."""
        return repr(self)

    def to_markdown(self) -> str:
        """Markdown for notebooks (default: the text report in a code block)."""
        return "```text\n" + self.to_text() + "\n```"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    #: ``"module:function"`` that draws this result (the plots layer), for :meth:`plot`.
    _plotter: str = ""

    def plot(self, ax=None, **kwargs):
        """Draw the result with its plot function (``ax``: an Axes to draw into, else a new figure).

        The plot function lives in :mod:`gametheory.plots` and only draws; it is named here as data,
        so that results do not depend on the plotting layer.
        """
        import importlib

        if not self._plotter:
            raise TypeError(f"{type(self).__name__} has no plot")
        module, func = self._plotter.split(":")
        return getattr(importlib.import_module(module), func)(self, ax=ax, **kwargs)

    def __repr__(self) -> str:
        parts = []
        for name in self._repr_fields:
            v = getattr(self, name)
            if isinstance(v, (list, tuple)) and len(v) > 8:
                shown = f"[{', '.join(_short(x) for x in v[:6])}, ... ({len(v)} items)]"
            else:
                shown = _short(v)
            parts.append(f"{name}={shown}")
        return f"{type(self).__name__}({', '.join(parts)})"


def _short(v: Any) -> str:
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, (list, tuple)):
        inner = ", ".join(_short(x) for x in v)
        return f"[{inner}]"
    return repr(v)


class OfGame:
    """Mixin for results computed for one game (a field ``game``): its ``N``, ``params`` and ``model``."""

    @property
    def N(self) -> int:
        return self.game.N

    @property
    def params(self):
        return self.game.params

    @property
    def model(self):
        return self.game.model


class PropositionList(OfGame):
    """Mixin for a game's derived propositions (a field ``items``, each with a ``key`` and ``as_dict()``):
    lookup by key, iteration, and the JSON document ``{N, model, params (exact strings), propositions}``."""

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.items]

    def __getitem__(self, key: str):
        for p in self.items:
            if p.key == key:
                return p
        raise KeyError(key)

    def __iter__(self):
        return iter(self.items)

    def as_dict(self) -> dict:
        return {"N": self.N, "model": self.model.name, "params": {n: str(v) for n, v in self.params.items()},
                "propositions": [p.as_dict() for p in self.items]}

    def to_json(self, indent: int | None = 2) -> str:
        """A JSON document (``N``, ``model``, ``params`` as exact strings, ``propositions``)."""
        import json

        return json.dumps(self.as_dict(), indent=indent)
