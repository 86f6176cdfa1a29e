"""Continuum two-region models of New Economic Geography (issue 7).

* :mod:`.continuum` -- the engine: equilibria, stability, break and sustain points,
  tomahawk and wiggle data for any model giving :math:`\\Omega(\\lambda; x)`;
* :mod:`.core_periphery` -- Krugman (1991) in FKV (1999, ch. 5) form;
* :mod:`.footloose` -- Forslid & Ottaviano (2003);
* :mod:`.linear` -- Ottaviano, Tabuchi & Thisse (2002);
* :mod:`.resource` -- the resource agglomeration game of ``docs/model.md``, continuum limit;
* :mod:`.summary` -- thresholds and equilibria of a model as one JSON-ready object.
"""

from __future__ import annotations

__all__ = ["MODELS", "model_class", "make_model"]

#: CLI name -> (module, class)
MODELS: dict[str, tuple[str, str]] = {
    "core-periphery": ("core_periphery", "CorePeriphery"),
    "footloose-entrepreneur": ("footloose", "FootlooseEntrepreneur"),
    "linear": ("linear", "LinearOTT"),
    "resource": ("resource", "ResourceGame"),
}


def model_class(name: str):
    """The model class registered as ``name``."""
    import importlib

    from gametheory.errors import UserInputError

    if name not in MODELS:
        raise UserInputError(f"unknown model {name!r} (known: {', '.join(MODELS)})")
    module, cls = MODELS[name]
    return getattr(importlib.import_module(f"gametheory.models.neg.{module}"), cls)


def make_model(name: str, assignments: list[str] | None = None):
    """A model from CLI-style ``NAME=VALUE`` strings (values exact: integers, decimals, fractions)."""
    from gametheory.errors import UserInputError
    from gametheory.params import parse_value

    cls = model_class(name)
    params: dict[str, float] = {}
    for text in assignments or []:
        if "=" not in text:
            raise UserInputError(f"--param expects NAME=VALUE, got {text!r}")
        key, value = (s.strip() for s in text.split("=", 1))
        if key not in cls.DEFAULTS:
            hint = " (give the trade axis with --T)" if key in ("tau_p", "T", "phi", "tau") and key not in cls.DEFAULTS else ""
            raise UserInputError(f"unknown parameter {key!r} for model {name} (known: {', '.join(cls.DEFAULTS)}){hint}")
        if key in params:
            raise UserInputError(f"parameter given more than once: {key}")
        params[key] = float(parse_value(value, key))
    return cls(**params)
