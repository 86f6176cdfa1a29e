"""Seeded random parameter points around a given point, for sign checks that cannot be proved.

Each parameter is drawn uniformly in ``[v - w, v + w]`` with ``w = max(|v|/2, 1/4)``,
cut at 0 for parameters that must be nonnegative or positive; points outside a
regime's domain are filtered by the callers (:func:`in_regime`).
"""

from __future__ import annotations

import numpy as np

from gametheory.params import PARAMS, Params

__all__ = ["box_sample", "in_regime"]


def box_sample(params: Params, draws: int, seed: int) -> dict[str, np.ndarray]:
    """``draws`` seeded points around ``params`` (every model parameter, as float arrays)."""
    rng = np.random.default_rng(seed)
    base = params.as_floats
    out = {}
    for n, spec in PARAMS.items():
        v, w = base[n], max(abs(base[n]) / 2, 0.25)
        out[n] = rng.uniform(max(v - w, 0.0) if spec.sign != "real" else v - w, v + w, draws)
    return out


def in_regime(values: dict[str, np.ndarray], atoms) -> np.ndarray:
    """Mask of the points where every atom (a lambdified list of the regime's quantities) is positive
    and every marginal cost of the model is positive."""
    with np.errstate(all="ignore"):
        ok = np.all(np.array(atoms(*[values[n] for n in PARAMS]), dtype=float) > 0, axis=0)
    return ok & (values["c"] - values["e"] - values["gamma_A"] > 0) & \
        (values["c"] + values["tau_r"] - values["gamma_B"] > 0)
