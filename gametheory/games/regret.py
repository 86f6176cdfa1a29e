r"""Best responses and regret of mixed profiles in games with any number of players.

For a profile :math:`\sigma = (\sigma_1, \dots, \sigma_n)` of mixed strategies,
player :math:`i`'s payoff from pure strategy :math:`s_i` is
:math:`u_i(s_i, \sigma_{-i}) = \sum_{s_{-i}} u_i(s_i, s_{-i}) \prod_{k \ne i} \sigma_k(s_k)`,
computed by contracting the payoff array with every other player's vector.
The *regret* of player :math:`i` is
:math:`\max_{s_i} u_i(s_i, \sigma_{-i}) - u_i(\sigma)`; :math:`\sigma` is a
Nash equilibrium iff every regret is zero (Nash 1951; Myerson, *Game Theory*,
1991, sec. 3.2).  With exact payoffs and exact probabilities the arithmetic is
rational; otherwise it is floating point.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from gametheory.errors import UserInputError
from gametheory.games._rational import float_array, fraction_array, is_rational_input
from gametheory.games.normal_form import NormalFormGame

__all__ = ["as_game", "mixed_profile", "strategy_payoffs", "best_responses", "player_regrets", "regret"]


def as_game(game: Any) -> NormalFormGame:
    """A :class:`NormalFormGame` from a game or a sequence of payoff arrays."""
    if isinstance(game, NormalFormGame):
        return game
    try:
        return NormalFormGame(tuple(np.asarray(p) for p in game))
    except (TypeError, ValueError) as exc:
        if isinstance(exc, UserInputError):
            raise
        raise UserInputError(f"not a game: {exc}") from None


def mixed_profile(game: NormalFormGame, profile: Sequence[Any], *, tol: float = 1e-9):
    """Validate a profile and return ``(vectors, exact)``.

    Each entry of ``profile`` is a probability vector over the player's
    strategies or a pure strategy index.  The profile is exact when the game
    and every probability are rational.
    """
    if len(profile) != game.n_players:
        raise UserInputError(f"a profile needs {game.n_players} strategies, one per player; got {len(profile)}")
    raw = []
    for i, (s, size) in enumerate(zip(profile, game.shape)):
        if isinstance(s, (int, np.integer)) and not isinstance(s, bool):
            if not 0 <= s < size:
                raise UserInputError(f"player {i + 1} has strategies 0..{size - 1}; got {s}")
            vec = [0] * size
            vec[int(s)] = 1
            raw.append(vec)
        else:
            raw.append(s)
    exact = game.is_exact and is_rational_input(*raw)
    vectors = [fraction_array(v) if exact else float_array(v) for v in raw]
    for i, (v, size) in enumerate(zip(vectors, game.shape)):
        slack = 0 if exact else tol
        if v.shape != (size,):
            raise UserInputError(f"player {i + 1}'s strategy must have {size} probabilities; got shape {v.shape}")
        if np.any(v < -slack) or abs(sum(v) - 1) > slack:
            raise UserInputError(f"player {i + 1}'s strategy is not a probability vector: {list(map(str, v))}")
    return vectors, exact


def _payoffs(game: NormalFormGame, exact: bool):
    return [fraction_array(p) if exact else float_array(p) for p in game.payoffs]


def _strategy_payoffs(payoff: np.ndarray, player: int, vectors) -> np.ndarray:
    out = payoff
    for k in reversed(range(len(vectors))):  # contract the last axes first so indices stay valid
        if k != player:
            out = np.tensordot(out, vectors[k], axes=([k], [0]))
    return out


def strategy_payoffs(game: Any, player: int, profile: Sequence[Any]) -> np.ndarray:
    """Payoff of each pure strategy of ``player`` (0-based) against the others' mixed strategies."""
    game = as_game(game)
    if not 0 <= player < game.n_players:
        raise UserInputError(f"player must be 0..{game.n_players - 1}; got {player}")
    vectors, exact = mixed_profile(game, profile)
    return _strategy_payoffs(_payoffs(game, exact)[player], player, vectors)


def best_responses(game: Any, player: int, profile: Sequence[Any], *, tol: float = 1e-9) -> tuple[int, ...]:
    """Pure best responses of ``player`` (0-based) to the other players' strategies in ``profile``.

    Exact when the game and profile are rational; otherwise strategies within
    ``tol`` of the best payoff count as best responses.  ``profile[player]``
    is validated but otherwise ignored.
    """
    game = as_game(game)
    _, exact = mixed_profile(game, profile)
    u = strategy_payoffs(game, player, profile)
    slack = 0 if exact else tol
    return tuple(int(s) for s in np.nonzero(u >= max(u) - slack)[0])


def player_regrets(game: Any, profile: Sequence[Any]) -> tuple:
    """Each player's regret :math:`\\max_{s_i} u_i(s_i, \\sigma_{-i}) - u_i(\\sigma)` (Fractions when exact)."""
    game = as_game(game)
    vectors, exact = mixed_profile(game, profile)
    out = []
    for i, payoff in enumerate(_payoffs(game, exact)):
        u = _strategy_payoffs(payoff, i, vectors)
        out.append(max(u) - vectors[i].dot(u))
    return tuple(out if exact else (float(r) for r in out))


def regret(game: Any, profile: Sequence[Any]):
    """Largest regret over the players: zero exactly at a Nash equilibrium."""
    return max(player_regrets(game, profile))
