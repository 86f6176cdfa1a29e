r"""Iterated elimination of strictly dominated pure strategies (any number of players).

A pure strategy :math:`a` of player :math:`i` is *strictly dominated* by
:math:`b` when :math:`u_i(b, s_{-i}) > u_i(a, s_{-i})` for every profile
:math:`s_{-i}` of the other players' remaining strategies.  A strictly
dominated strategy is played with probability zero in every Nash equilibrium,
so removing it (and iterating) leaves the set of Nash equilibria unchanged;
the order of removal does not matter for strict dominance (Osborne and
Rubinstein, *A Course in Game Theory*, 1994, sec. 4.2; Fudenberg and Tirole,
*Game Theory*, 1991, sec. 2.1).

Each round compares all pairs of strategies of a player with one vectorised
comparison over the payoff array.  Dominance by mixed strategies is not
tested (it needs a linear program); the surviving game is therefore the
result of iterated *pure* strict dominance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gametheory.games.normal_form import NormalFormGame

__all__ = ["DominanceResult", "iterated_strict_dominance", "surviving_strategies"]


@dataclass(frozen=True)
class DominanceResult:
    """Outcome of :func:`iterated_strict_dominance`.

    Attributes
    ----------
    game
        The reduced game (strategy names kept).
    survivors
        For each player, the indices (into the original game) of the strategies that survive.
    eliminated
        ``(player, strategy, dominated_by)`` in the order of elimination, original indices.
    tol
        Margin a dominating payoff must exceed (0 for exact payoffs).
    """

    game: NormalFormGame
    survivors: tuple[tuple[int, ...], ...]
    eliminated: tuple[tuple[int, int, int], ...]
    tol: float


def surviving_strategies(payoffs, tol: float = 0.0):
    """Iterated strict dominance on raw payoff arrays.

    Parameters
    ----------
    payoffs
        ``n`` arrays of shape ``(|S_1|, ..., |S_n|)`` (float, integer or ``object`` arrays of Fractions).
    tol
        ``b`` dominates ``a`` when ``u(b) > u(a) + tol`` everywhere.

    Returns
    -------
    survivors, eliminated
        As in :class:`DominanceResult`.
    """
    arrays = [np.asarray(p) for p in payoffs]
    n = len(arrays)
    alive = [list(range(s)) for s in arrays[0].shape]
    eliminated: list[tuple[int, int, int]] = []
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if len(alive[i]) < 2:
                continue
            sub = arrays[i][np.ix_(*alive)]
            u = np.moveaxis(sub, i, 0).reshape(len(alive[i]), -1)
            # dom[b, a]: b strictly beats a against every remaining profile
            # never add a float 0.0 to exact payoffs: Fraction + 0.0 is a float, and
            # Fraction(1, 9) > float(1/9) is True, which made equal payoffs "dominate"
            beaten = u[None, :, :] + tol if tol else u[None, :, :]
            dom = np.all(u[:, None, :] > beaten, axis=2)
            dominated = dom.any(axis=0)
            gone = set(np.nonzero(dominated)[0].tolist())
            for a in sorted(gone):
                # strict dominance is transitive, so an undominated beater exists
                b = next(b for b in np.nonzero(dom[:, a])[0] if not dominated[b])
                eliminated.append((i, alive[i][a], alive[i][int(b)]))
            if gone:
                alive[i] = [s for t, s in enumerate(alive[i]) if t not in gone]
                changed = True
    return tuple(tuple(a) for a in alive), tuple(eliminated)


def iterated_strict_dominance(game: NormalFormGame, *, tol: float | None = None) -> DominanceResult:
    """Remove strictly dominated pure strategies until none is left.

    Parameters
    ----------
    game
        Any finite game.
    tol
        Margin for float payoffs (default ``0`` for exact games, ``1e-9`` otherwise).

    Returns
    -------
    DominanceResult
    """
    if tol is None:
        tol = 0.0 if game.is_exact else 1e-9
    survivors, eliminated = surviving_strategies(game.payoffs, tol)
    reduced = NormalFormGame(
        tuple(p[np.ix_(*survivors)] for p in game.payoffs),
        players=game.players,
        strategies=tuple(tuple(names[s] for s in surv) for names, surv in zip(game.strategies, survivors)),
        title=game.title,
    )
    return DominanceResult(reduced, survivors, eliminated, float(tol))
