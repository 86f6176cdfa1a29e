"""Names of equilibrium regimes (MODEL.md, "Named patterns").

A parameter point is classified by its set of pure equilibria ``K`` (values of
``n_A``) of the N-firm game:

* ``traditional``      -- ``K = {N}``: only the traditional resource cluster;
* ``zero-resource``    -- ``K = {0}``: only the zero-resource economy;
* ``coordination``     -- ``0`` and ``N`` both in ``K`` (no split);
* ``split``            -- only split configurations ``0 < k < N``;
* mixtures: ``traditional+split``, ``zero-resource+split``, ``coordination+split``.
"""

from __future__ import annotations

__all__ = ["classify", "REGIMES", "pattern_name"]

REGIMES = ("traditional", "zero-resource", "coordination", "split",
           "traditional+split", "zero-resource+split", "coordination+split")


def classify(pure_equilibria, N: int) -> str:
    """The regime name of a set of pure equilibria (values of ``n_A``)."""
    K = set(pure_equilibria)
    T, Z, S = N in K, 0 in K, any(0 < k < N for k in K)
    if not K:
        raise ValueError("an anonymous binary-choice game always has a pure equilibrium; got none")
    head = "coordination" if T and Z else "traditional" if T else "zero-resource" if Z else ""
    if not head:
        return "split"
    return head + ("+split" if S else "")


def pattern_name(k: int, N: int) -> str:
    """The paper's word for ``n_A = k``."""
    return "traditional resource cluster" if k == N else "zero-resource economy" if k == 0 else "split"
