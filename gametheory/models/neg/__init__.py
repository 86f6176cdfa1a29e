"""Continuum two-region models of New Economic Geography (issues 7 and 10).

The models, imported lazily (``import gametheory.models.neg`` loads nothing heavy)::

    >>> from gametheory.models import neg
    >>> cp = neg.CorePeriphery(mu=0.4, sigma=5)
    >>> cp.break_point()
    Threshold(kind='break', T=1.62658, phi=0.142857)

* :class:`CorePeriphery` -- Krugman (1991) in FKV (1999, ch. 5) form (:mod:`.core_periphery`);
* :class:`FootlooseEntrepreneur` -- Forslid & Ottaviano (2003) (:mod:`.footloose`);
* :class:`LinearOTT` -- Ottaviano, Tabuchi & Thisse (2002) (:mod:`.linear`);
* the resource agglomeration game of ``docs/model.md`` in its continuum limit (:mod:`.resource`,
  registered as ``resource`` for :func:`make_model` and the command line).

Every model has ``break_point()``, ``sustain_point()``, ``equilibria(T=...)`` (CES models also
``phi=...``), ``summary(T=None)``, ``tomahawk(...)`` and ``wiggle(...)``, returning the frozen
results of :mod:`.continuum` and :mod:`.summary` (short ``repr``, ``as_dict()``, ``to_text()``,
notebook display).  :mod:`.continuum` is the engine behind them.
"""

from __future__ import annotations

import importlib

__all__ = ["CorePeriphery", "FootlooseEntrepreneur", "LinearOTT", "Threshold", "Equilibria", "Equilibrium",
           "Tomahawk", "Wiggle", "ShortRun", "Summary", "MODELS", "model_class", "make_model", "MAX_RESOURCE_N"]

#: CLI name -> (module, class)
MODELS: dict[str, tuple[str, str]] = {
    "core-periphery": ("core_periphery", "CorePeriphery"),
    "footloose-entrepreneur": ("footloose", "FootlooseEntrepreneur"),
    "linear": ("linear", "LinearOTT"),
    "resource": ("resource", "ResourceGame"),
}

#: public name -> module (lazy exports)
_LAZY: dict[str, str] = {
    "CorePeriphery": "core_periphery",
    "FootlooseEntrepreneur": "footloose",
    "LinearOTT": "linear",
    "Threshold": "continuum",
    "Equilibria": "continuum",
    "Equilibrium": "continuum",
    "Tomahawk": "continuum",
    "Wiggle": "continuum",
    "ShortRun": "continuum",
    "Summary": "summary",
}

#: Largest N of the resource game's continuum limit (checked by the model itself: ResourceGame.check).
MAX_RESOURCE_N = 100_000


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(f"gametheory.models.neg.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gametheory.models.neg' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


def model_class(name: str):
    """The model class registered as ``name``."""
    from gametheory.errors import UserInputError

    if name not in MODELS:
        raise UserInputError(f"unknown model {name!r} (known: {', '.join(MODELS)})")
    module, cls = MODELS[name]
    return getattr(importlib.import_module(f"gametheory.models.neg.{module}"), cls)


def make_model(name: str, assignments: list[str] | None = None):
    """A model from CLI-style ``NAME=VALUE`` strings (values exact: integers, decimals, fractions).

    Values reach the model as exact fractions (the CES models use them for ``sigma - 1``).
    The resource game checks its own ``N`` (at most :data:`MAX_RESOURCE_N`).
    """
    from gametheory.errors import UserInputError
    from gametheory.params import parse_value

    cls = model_class(name)
    params = {}
    for text in assignments or []:
        if "=" not in text:
            raise UserInputError(f"--param expects NAME=VALUE, got {text!r}")
        key, value = (s.strip() for s in text.split("=", 1))
        if key not in cls.DEFAULTS:
            hint = " (give the trade axis with --T)" if key in ("tau_p", "T", "phi", "tau") else ""
            raise UserInputError(f"unknown parameter {key!r} for model {name} (known: {', '.join(cls.DEFAULTS)}){hint}")
        if key in params:
            raise UserInputError(f"parameter given more than once: {key}")
        params[key] = parse_value(value, key)
    if name == "resource":
        params = {k: float(v) for k, v in params.items()}
    return cls(**params)
