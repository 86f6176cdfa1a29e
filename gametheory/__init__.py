"""gametheory: a game-theory toolkit for the two-region resource agglomeration game.

    >>> import gametheory as gt
    >>> game = gt.AgglomerationGame(N=20)
    >>> game.pure_equilibria()
    [5, 20]

Main names (imported lazily, so ``import gametheory`` and the command line start quickly):

* games: :class:`AgglomerationGame` (the resource game of docs/model.md), :class:`LocationGame`
  (any two-region location game; ``LocationGame.from_file``, ``LocationGame.from_expressions``),
  :class:`ResourceEnvironmentGame` (emissions, welfare, policy);
* welfare and policy (environment): :func:`welfare`, :func:`welfare_map`, :func:`welfare_propositions`,
  :func:`policy`;
* models: :data:`RESOURCE`, :data:`ENVIRONMENT`, :class:`ExpressionModel`, :class:`LocationModel`, :class:`Params`;
* analyses (plain functions of a game): :func:`propositions`, :func:`thresholds`, :func:`sweep`,
  :func:`regime_map`, :func:`verify`, :func:`identified_set`;
* dynamics: :func:`adjust` (myopic adjustment), :func:`path` (paths and hysteresis along a
  parameter), :func:`deplete` (depletion of the resource and dissolution of the cluster);
* any finite game: :mod:`gametheory.nash` (``gt.nash.equilibria(A, B)``), :func:`read_nfg`;
* data: :mod:`gametheory.do` (the Duranton-Overman index), :func:`calibrate`;
* New Economic Geography: :mod:`gametheory.neg` (``gt.neg.CorePeriphery(...)``);
* figures: :mod:`gametheory.plots`.

Layers (each depends only on those before it)::

    params -> games -> models -> analysis -> game (this API) -> plots, cli
    do (the Duranton-Overman index) stands alone; calibrate joins do and models.
"""

from __future__ import annotations

import importlib

__version__ = "0.2.0"

#: public name -> (module, attribute or None for the module itself)
_API: dict[str, tuple[str, str | None]] = {
    "AgglomerationGame": ("gametheory.game", "AgglomerationGame"),
    "LocationGame": ("gametheory.game", "LocationGame"),
    "PayoffTable": ("gametheory.game", "PayoffTable"),
    "Equilibria": ("gametheory.game", "Equilibria"),
    "ResourceEnvironmentGame": ("gametheory.game", "ResourceEnvironmentGame"),
    "ENVIRONMENT": ("gametheory.models.environment", "ENVIRONMENT"),
    "EnvironmentModel": ("gametheory.models.environment", "EnvironmentModel"),
    "welfare": ("gametheory.analysis.welfare", "welfare_table"),
    "welfare_map": ("gametheory.analysis.welfare", "welfare_map"),
    "welfare_propositions": ("gametheory.analysis.welfare_propositions", "derive_welfare_propositions"),
    "policy": ("gametheory.analysis.policy", "policy"),
    "RESOURCE": ("gametheory.models.agglomeration", "RESOURCE"),
    "ResourceModel": ("gametheory.models.agglomeration", "ResourceModel"),
    "ExpressionModel": ("gametheory.models.expression", "ExpressionModel"),
    "LocationModel": ("gametheory.models.base", "LocationModel"),
    "Params": ("gametheory.params", "Params"),
    "ParameterSpace": ("gametheory.params", "ParameterSpace"),
    "UserInputError": ("gametheory.errors", "UserInputError"),
    "DomainError": ("gametheory.errors", "DomainError"),
    "AnonymousBinaryGame": ("gametheory.games.anonymous", "AnonymousBinaryGame"),
    "propositions": ("gametheory.analysis.propositions", "derive_propositions"),
    "thresholds": ("gametheory.analysis.thresholds", "thresholds"),
    "sweep": ("gametheory.analysis.sweeps", "sweep"),
    "regime_map": ("gametheory.analysis.sweeps", "regime_map"),
    "bifurcation": ("gametheory.analysis.sweeps", "bifurcation"),
    "verify": ("gametheory.analysis.verification", "verify"),
    "identified_set": ("gametheory.analysis.identification", "identified_set"),
    "adjust": ("gametheory.analysis.dynamics", "adjust"),
    "path": ("gametheory.analysis.paths", "path"),
    "deplete": ("gametheory.analysis.depletion", "deplete"),
    "Adjustment": ("gametheory.analysis.dynamics", "Adjustment"),
    "Path": ("gametheory.analysis.paths", "Path"),
    "Depletion": ("gametheory.analysis.depletion", "Depletion"),
    "read_nfg": ("gametheory.games.nfg", "read_nfg"),
    "calibrate": ("gametheory.calibrate.pipeline", "calibrate"),
    "nash": ("gametheory.nash", None),
    "do": ("gametheory.do", None),
    "neg": ("gametheory.models.neg", None),
    "plots": ("gametheory.plots", None),
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        module, attr = _API[name]
        mod = importlib.import_module(module)
        value = mod if attr is None else getattr(mod, attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gametheory' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_API))
