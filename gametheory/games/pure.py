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
from gametheory.results import Result

__all__ = ["PureEquilibria", "pure_equilibria"]


@dataclass(frozen=True, repr=False)
class PureEquilibria(Result):
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
    players, strategies, title
        Names from the game (for reports).
    """

    equilibria: tuple[tuple[int, ...], ...]
    exact: bool
    method: str
    tol: float
    players: tuple[str, ...] = ()
    strategies: tuple[tuple[str, ...], ...] = ()
    title: str = ""

    _repr_fields = ("exact", "n")

    @property
    def n(self) -> int:
        """Number of pure equilibria."""
        return len(self.equilibria)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return tuple(len(s) for s in self.strategies)

    def mixed(self, shape: tuple[int, ...] | None = None) -> tuple[tuple[np.ndarray, ...], ...]:
        """The equilibria as per-player probability vectors (0/1 integers)."""
        shape = self.shape if shape is None else shape
        return tuple(tuple(np.eye(size, dtype=int)[s] for s, size in zip(eq, shape)) for eq in self.equilibria)

    def _note(self) -> str:
        if len(self.players) == 2:
            return " (pure equilibria only: the enumeration finds the mixed ones too)"
        return (" (pure equilibria only: mixed equilibria of games with "
                f"{len(self.players)} players are not enumerated)")

    def as_dict(self) -> dict:
        """The JSON object of ``gametheory nash --json`` for games with other than two players.

        ``equilibria`` holds each profile as per-player probability vectors
        (``"1"``/``"0"`` strings when exact, numbers otherwise).
        """
        def value(v):
            return str(int(v)) if self.exact else float(v)

        return {"title": self.title, "players": list(self.players), "strategies": [list(s) for s in self.strategies],
                "algorithm": "pure", "method": self.method + self._note(), "exact": self.exact, "tol": self.tol,
                "equilibria": [[[value(v) for v in vec] for vec in eq] for eq in self.mixed()]}

    def to_text(self) -> str:
        """The report ``gametheory nash`` prints: one line per equilibrium."""
        from gametheory.games.bimatrix import _table

        arithmetic = "exact rational arithmetic" if self.exact else f"floating point, tolerance {self.tol:g}"
        kind = "pure equilibrium" if self.n == 1 else "pure equilibria"
        lines = [f"{self.title or 'game'}: {self.n} {kind} ({arithmetic})",
                 f"method: {self.method}{self._note()}"]
        lines += _table(self.players, self.strategies, [list(eq) for eq in self.mixed()])
        return "\n".join(lines)


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
        players=game.players, strategies=game.strategies, title=game.title,
    )
