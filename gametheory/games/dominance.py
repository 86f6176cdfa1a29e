r"""Iterated elimination of strictly dominated strategies (any number of players).

A pure strategy :math:`a` of player :math:`i` is *strictly dominated* by a
pure or mixed strategy :math:`\sigma` when
:math:`u_i(\sigma, s_{-i}) > u_i(a, s_{-i})` for every profile
:math:`s_{-i}` of the other players' remaining strategies.  A strictly
dominated strategy is played with probability zero in every Nash equilibrium,
so removing it (and iterating) leaves the set of Nash equilibria unchanged;
the order of removal does not matter for strict dominance (Osborne and
Rubinstein, *A Course in Game Theory*, 1994, sec. 4.2; Fudenberg and Tirole,
*Game Theory*, 1991, sec. 2.1).

Each round compares all pairs of strategies of a player with one vectorised
comparison over the payoff array.  With ``mixed=True`` (the default of
:func:`iterated_strict_dominance`) a strategy that no pure strategy dominates
is tested against mixtures by the linear program
:math:`\max \varepsilon` s.t. :math:`\sum_b \sigma_b u_i(b, s_{-i}) \ge
u_i(a, s_{-i}) + \varepsilon` for all :math:`s_{-i}`, :math:`\sigma` a
distribution on the other strategies (Myerson, *Game Theory*, 1991, sec. 3.8);
the LP runs in floating point (scipy's HiGHS) and the mixture it finds is
rounded to a rational one and checked exactly for exact games, so an
elimination is never wrong (at worst a dominated strategy is kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

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
        ``(player, strategy, dominated_by)`` in the order of elimination, original indices;
        ``dominated_by`` is a tuple of ``(strategy, probability)`` pairs (one pair
        with probability 1 for a pure strategy).
    tol
        Margin a dominating payoff must exceed (0 for exact payoffs).
    """

    game: NormalFormGame
    survivors: tuple[tuple[int, ...], ...]
    eliminated: tuple[tuple[int, int, tuple[tuple[int, object], ...]], ...]
    tol: float


def _mixed_dominator(u: np.ndarray, a: int, tol: float, exact: bool):
    """A mixture of the rows of ``u`` other than ``a`` beating row ``a`` everywhere, or ``None``."""
    from scipy.optimize import linprog

    others = [b for b in range(len(u)) if b != a]
    U = u[others].astype(float)
    ua = u[a].astype(float)
    k, cols = U.shape
    # variables (sigma_1..sigma_k, eps): minimise -eps s.t. -sigma.U[:, s] + eps <= -u_a(s)
    res = linprog(np.r_[np.zeros(k), -1.0], A_ub=np.c_[-U.T, np.ones(cols)], b_ub=-ua,
                  A_eq=np.r_[np.ones(k), 0.0][None, :], b_eq=[1.0],
                  bounds=[(0, None)] * k + [(None, 1.0)], method="highs")
    if res.status != 0 or res.x[-1] <= tol:
        return None
    sigma = np.clip(res.x[:k], 0, None)
    if exact:
        for bound in (10**3, 10**6, 10**12):
            frac = [Fraction(float(v)).limit_denominator(bound) for v in sigma]
            total = sum(frac)
            if total <= 0:
                continue
            frac = [f / total for f in frac]
            if all(sum(f * u[b, c] for f, b in zip(frac, others)) > u[a, c] for c in range(cols)):
                return tuple((b, f) for b, f in zip(others, frac) if f != 0)
        return None
    sigma = sigma / sigma.sum()
    if np.all(sigma @ U > ua + tol):
        return tuple((b, float(f)) for b, f in zip(others, sigma) if f != 0)
    return None


def surviving_strategies(payoffs, tol: float = 0.0, *, mixed: bool = False, exact: bool = True):
    """Iterated strict dominance on raw payoff arrays.

    Parameters
    ----------
    payoffs
        ``n`` arrays of shape ``(|S_1|, ..., |S_n|)`` (float, integer or ``object`` arrays of Fractions).
    tol
        ``b`` dominates ``a`` when ``u(b) > u(a) + tol`` everywhere.
    mixed
        Also test dominance by mixed strategies (a linear program per strategy).
    exact
        Whether the payoffs are exact (mixed dominators are then certified in rational arithmetic).

    Returns
    -------
    survivors, eliminated
        As in :class:`DominanceResult`.
    """
    arrays = [np.asarray(p) for p in payoffs]
    n = len(arrays)
    alive = [list(range(s)) for s in arrays[0].shape]
    eliminated: list[tuple[int, int, tuple]] = []
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
                eliminated.append((i, alive[i][a], ((alive[i][int(b)], 1),)))
            if mixed and not gone:
                for a in range(len(alive[i])):
                    sigma = _mixed_dominator(u, a, tol, exact)
                    if sigma is not None:
                        gone = {a}
                        eliminated.append((i, alive[i][a], tuple((alive[i][b], p) for b, p in sigma)))
                        break
            if gone:
                alive[i] = [s for t, s in enumerate(alive[i]) if t not in gone]
                changed = True
    return tuple(tuple(a) for a in alive), tuple(eliminated)


def iterated_strict_dominance(game: NormalFormGame, *, tol: float | None = None,
                              mixed: bool = True) -> DominanceResult:
    """Remove strictly dominated strategies until none is left.

    Parameters
    ----------
    game
        Any finite game.
    tol
        Margin for float payoffs (default ``0`` for exact games, ``1e-9`` otherwise).
    mixed
        Also eliminate strategies dominated by mixed strategies (default); ``False``: pure dominators only.

    Returns
    -------
    DominanceResult
    """
    if tol is None:
        tol = 0.0 if game.is_exact else 1e-9
    survivors, eliminated = surviving_strategies(game.payoffs, tol, mixed=mixed, exact=game.is_exact)
    reduced = NormalFormGame(
        tuple(p[np.ix_(*survivors)] for p in game.payoffs),
        players=game.players,
        strategies=tuple(tuple(names[s] for s in surv) for names, surv in zip(game.strategies, survivors)),
        title=game.title,
    )
    return DominanceResult(reduced, survivors, eliminated, float(tol))
