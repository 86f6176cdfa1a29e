r"""Numeric normal-form games with any number of players.

A game with players :math:`i = 1..n`, finite strategy sets :math:`S_i` and
payoffs :math:`u_i(s)` is stored as ``n`` arrays of shape
:math:`(|S_1|, \dots, |S_n|)`: ``payoffs[i][s_1, ..., s_n] = u_i(s)``
(the layout of QuantEcon's ``NormalFormGame`` and of Gambit's ``.nfg``).
Payoffs may be floats or exact :class:`fractions.Fraction` objects (an
``object`` array): solvers keep exact arithmetic when they receive it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from gametheory.errors import UserInputError

__all__ = ["NormalFormGame"]


@dataclass(frozen=True)
class NormalFormGame:
    """A finite game in normal form.

    Parameters
    ----------
    payoffs
        One array per player, all of the same shape ``(|S_1|, ..., |S_n|)``.
    players
        Player names (default ``"1", "2", ...``).
    strategies
        Strategy names per player (default ``"1", "2", ...``).
    title
        Free text (kept by ``.nfg`` files).
    """

    payoffs: tuple[np.ndarray, ...]
    players: tuple[str, ...] = field(default=())
    strategies: tuple[tuple[str, ...], ...] = field(default=())
    title: str = ""

    def __post_init__(self) -> None:
        arrays = tuple(np.asarray(p) for p in self.payoffs)
        if not arrays:
            raise UserInputError("a game needs at least one player")
        shape = arrays[0].shape
        if len(shape) != len(arrays) or any(a.shape != shape for a in arrays):
            raise UserInputError(
                f"payoff arrays must all have shape (|S_1|, ..., |S_n|) with n = {len(arrays)} players; "
                f"got shapes {[a.shape for a in arrays]}"
            )
        if any(s < 1 for s in shape):
            raise UserInputError("every player needs at least one strategy")
        object.__setattr__(self, "payoffs", arrays)
        if not self.players:
            object.__setattr__(self, "players", tuple(str(i + 1) for i in range(len(arrays))))
        if not self.strategies:
            object.__setattr__(self, "strategies", tuple(tuple(str(j + 1) for j in range(s)) for s in shape))
        if len(self.players) != len(arrays) or tuple(len(s) for s in self.strategies) != shape:
            raise UserInputError("player and strategy names do not match the payoff arrays")

    @classmethod
    def bimatrix(cls, A: Sequence, B: Sequence, **kwargs) -> "NormalFormGame":
        """A two-player game from the row player's matrix ``A`` and the column player's ``B``."""
        return cls((np.asarray(A), np.asarray(B)), **kwargs)

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.payoffs)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return self.payoffs[0].shape

    @property
    def is_exact(self) -> bool:
        """True when the payoffs are exact numbers (integers or Fractions)."""
        from fractions import Fraction

        for p in self.payoffs:
            if p.dtype.kind in "iu":
                continue
            if p.dtype == object and all(isinstance(v, (int, Fraction)) for v in p.flat):
                continue
            return False
        return True
