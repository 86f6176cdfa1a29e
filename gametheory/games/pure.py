r"""All pure-strategy Nash equilibria of a game with any number of players.

A pure profile :math:`s` is a Nash equilibrium iff for every player
:math:`i`, :math:`u_i(s) = \max_{t_i} u_i(t_i, s_{-i})`.  For each player the
maximum over axis :math:`i` of the payoff array is taken once (numpy
broadcasting), giving a boolean array "``s_i`` is a best response to
``s_{-i}``"; the equilibria are the cells where all players' arrays are true
(the method of Gambit's ``gambit-enumpure``, McKelvey, McLennan and Turocy,
*Gambit: Software Tools for Game Theory*).  Cost: one pass over the
:math:`n \prod_i |S_i|` payoffs.  Exact for integer or Fraction payoffs;
floats use a tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from gametheory.games._rational import float_array
from gametheory.games.regret import as_game

__all__ = ["PureEquilibria", "pure_equilibria"]


@dataclass(frozen=True)
class PureEquilibria:
    """Pure-strategy equilibria of a game.

    Attributes
    ----------
    equilibria
        Profiles of 0-based strategy indices, one per player, sorted.
    exact
        Whether payoffs were compared exactly.
    method
        The algorithm that ran.
    tol
        Tolerance of the best-response test (``0.0`` when exact).
    """

    equilibria: tuple[tuple[int, ...], ...]
    exact: bool
    method: str
    tol: float

    def mixed(self, shape: tuple[int, ...]) -> tuple[tuple[np.ndarray, ...], ...]:
        """The equilibria as per-player probability vectors (0/1 integers)."""
        return tuple(tuple(np.eye(size, dtype=int)[s] for s, size in zip(eq, shape)) for eq in self.equilibria)


def pure_equilibria(game: Any, *, tol: float = 1e-9) -> PureEquilibria:
    """Every pure-strategy Nash equilibrium.

    Parameters
    ----------
    game
        A :class:`~gametheory.games.normal_form.NormalFormGame` or a sequence of payoff arrays.
    tol
        Float payoffs only: a strategy within ``tol`` of the best payoff is a best response.

    Returns
    -------
    PureEquilibria
    """
    game = as_game(game)
    exact = game.is_exact
    slack = 0 if exact else float(tol)
    mask = np.ones(game.shape, dtype=bool)
    for i, p in enumerate(game.payoffs):
        u = p if exact else float_array(p)  # exact games hold integers or Fractions: comparisons are exact
        mask &= u >= u.max(axis=i, keepdims=True) - slack
    return PureEquilibria(
        equilibria=tuple(tuple(int(v) for v in idx) for idx in np.argwhere(mask)),
        exact=exact,
        method="pure best-response test vectorised over the payoff arrays",
        tol=0.0 if exact else float(tol),
    )
