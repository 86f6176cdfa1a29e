r"""Symbolic normal-form games: payoffs as sympy expressions of parameters.

A :class:`SymbolicGame` has players :math:`i = 1..n`, finite strategy sets
:math:`S_i` and payoffs :math:`u_i(s;\theta)`, sympy expressions in parameter
symbols :math:`\theta` that carry assumptions (``positive=True`` ...).

*Pure equilibrium conditions.*  A profile :math:`s` is a Nash equilibrium iff
for every player :math:`i` and every alternative :math:`t_i \ne s_i`

.. math:: u_i(s) - u_i(t_i, s_{-i}) \ge 0 ,

a finite set of inequalities in :math:`\theta`; each is simplified by
:func:`~gametheory.games.conditions.simplify_condition` under the game's
assumptions (positive atoms such as interior Cournot quantities), and those that
hold identically are dropped.

*2x2 mixed equilibrium* (e.g. Gibbons 1992, sec. 1.3): with row payoffs
:math:`A` and column payoffs :math:`B`, the completely mixed equilibrium has
the row player playing her first strategy with probability

.. math:: x^* = \frac{B_{22} - B_{21}}{B_{11} - B_{12} - B_{21} + B_{22}}

(making the column player indifferent) and the column player
:math:`y^* = (A_{22} - A_{12})/(A_{11} - A_{12} - A_{21} + A_{22})`; it exists iff
both denominators are nonzero and :math:`0 < x^*, y^* < 1`.

Substituting values gives a numeric :class:`~gametheory.games.normal_form.NormalFormGame`
(exact Fractions for rational values); :meth:`SymbolicGame.lambdify` gives a
vectorised numpy function of the parameters.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Mapping, Sequence

import numpy as np
import sympy as sp

from gametheory.errors import UserInputError
from gametheory.games.conditions import Condition, simplify_condition
from gametheory.games.normal_form import NormalFormGame

__all__ = ["SymbolicGame", "MixedSolution2x2", "Deviation"]


@dataclass(frozen=True)
class Deviation:
    """Player ``player`` deviating from ``profile`` to ``to``; ``gain`` = u(profile) - u(deviation) (>= 0 needed)."""

    player: int
    profile: tuple[str, ...]
    to: str
    gain: sp.Expr
    condition: Condition


@dataclass(frozen=True)
class MixedSolution2x2:
    """Closed-form completely mixed equilibrium of a 2x2 game.

    ``x`` (``y``) is the probability of the row (column) player's first strategy;
    ``conditions`` are what existence needs (``0 < x < 1``, ``0 < y < 1``, nonzero denominators).
    """

    x: sp.Expr
    y: sp.Expr
    conditions: tuple[Condition, ...]

    def at(self, subs: Mapping) -> tuple[sp.Expr, sp.Expr] | None:
        """``(x, y)`` at a parameter point, or None where the mixed equilibrium does not exist."""
        if not all(c.holds_at(subs) for c in self.conditions):
            return None
        return sp.simplify(self.x.subs(subs)), sp.simplify(self.y.subs(subs))


@dataclass(frozen=True)
class SymbolicGame:
    """A finite game with symbolic payoffs.

    Parameters
    ----------
    strategies
        Strategy names per player, e.g. ``(("A", "B"), ("A", "B"))``.
    payoffs
        ``{profile: (u_1, ..., u_n)}`` for every pure profile (tuples of strategy names).
    players
        Player names (default ``"1", "2", ...``).
    positive, nonnegative
        Expressions known to be > 0 (>= 0) on the domain where the payoffs hold
        (e.g. interior Cournot quantities); used to simplify conditions.
    domain
        Conditions that define where the payoff formulas hold (reported with every result).
    """

    strategies: tuple[tuple[str, ...], ...]
    payoffs: Mapping[tuple[str, ...], tuple]
    players: tuple[str, ...] = ()
    positive: tuple = ()
    nonnegative: tuple = ()
    domain: tuple[Condition, ...] = field(default=())

    def __post_init__(self) -> None:
        strategies = tuple(tuple(s) for s in self.strategies)
        object.__setattr__(self, "strategies", strategies)
        if not self.players:
            object.__setattr__(self, "players", tuple(str(i + 1) for i in range(len(strategies))))
        payoffs = {tuple(k): tuple(sp.sympify(u) for u in v) for k, v in self.payoffs.items()}
        for prof in itertools.product(*strategies):
            if prof not in payoffs:
                raise UserInputError(f"missing payoffs for profile {prof}")
            if len(payoffs[prof]) != len(strategies):
                raise UserInputError(f"profile {prof} needs one payoff per player")
        object.__setattr__(self, "payoffs", payoffs)

    @property
    def parameters(self) -> list[sp.Symbol]:
        """The free symbols of the payoffs, sorted by name."""
        syms = set()
        for v in self.payoffs.values():
            for u in v:
                syms |= u.free_symbols
        return sorted(syms, key=str)

    def deviations(self, profile: Sequence[str]) -> list[Deviation]:
        """Every unilateral deviation from ``profile`` with its simplified no-gain condition."""
        profile = tuple(profile)
        if profile not in self.payoffs:
            raise UserInputError(f"unknown profile {profile}")
        out = []
        for i, S in enumerate(self.strategies):
            for t in S:
                if t == profile[i]:
                    continue
                dev = profile[:i] + (t,) + profile[i + 1:]
                gain = sp.expand(self.payoffs[profile][i] - self.payoffs[dev][i])
                cond = simplify_condition(gain, ">=", self.positive, self.nonnegative)
                out.append(Deviation(i, profile, t, gain, cond))
        return out

    def equilibrium_conditions(self, profile: Sequence[str]) -> list[Condition]:
        """The exact conditions for ``profile`` to be a pure Nash equilibrium (identically true ones dropped).

        A condition that fails identically is kept (``always=False``): the profile is never an equilibrium.
        """
        conds = []
        for d in self.deviations(profile):
            if d.condition.always is True:
                continue
            if d.condition not in conds:
                conds.append(d.condition)
        return conds

    def mixed_2x2(self) -> MixedSolution2x2:
        """The closed-form completely mixed equilibrium of a 2x2 game with its existence conditions."""
        if len(self.strategies) != 2 or any(len(s) != 2 for s in self.strategies):
            raise UserInputError("mixed_2x2 needs a two-player game with two strategies each")
        (r1, r2), (c1, c2) = self.strategies
        A = [[self.payoffs[(r, c)][0] for c in (c1, c2)] for r in (r1, r2)]
        B = [[self.payoffs[(r, c)][1] for c in (c1, c2)] for r in (r1, r2)]
        dx = sp.factor(B[0][0] - B[0][1] - B[1][0] + B[1][1])
        dy = sp.factor(A[0][0] - A[0][1] - A[1][0] + A[1][1])
        if dx == 0 or dy == 0:
            raise UserInputError("no closed-form completely mixed equilibrium: a player's payoff differences do not "
                                 "depend on the other's strategy (identically)")
        x = sp.factor((B[1][1] - B[1][0]) / dx)
        y = sp.factor((A[1][1] - A[0][1]) / dy)
        pos, nn = self.positive, self.nonnegative
        conds = (simplify_condition(dx, "!=", pos, nn), simplify_condition(dy, "!=", pos, nn),
                 simplify_condition(x, ">", pos, nn), simplify_condition(1 - x, ">", pos, nn),
                 simplify_condition(y, ">", pos, nn), simplify_condition(1 - y, ">", pos, nn))
        return MixedSolution2x2(x, y, conds)

    # ----------------------------------------------------------- numeric
    def substitute(self, values: Mapping) -> NormalFormGame:
        """The numeric game at ``values`` (``{symbol or name: value}``); exact Fractions for rational values."""
        subs = _subs_dict(values, self.parameters)
        shape = tuple(len(s) for s in self.strategies)
        arrays = [np.empty(shape, dtype=object) for _ in self.strategies]
        for idx in itertools.product(*(range(n) for n in shape)):
            prof = tuple(self.strategies[i][j] for i, j in enumerate(idx))
            for i, u in enumerate(self.payoffs[prof]):
                v = u.subs(subs)
                if not v.is_number:
                    raise UserInputError(f"no value given for {sorted(map(str, v.free_symbols))}")
                arrays[i][idx] = Fraction(int(v.p), int(v.q)) if v.is_Rational else float(v)
        if not all(isinstance(v, Fraction) for a in arrays for v in a.flat):
            arrays = [a.astype(float) for a in arrays]
        return NormalFormGame(tuple(arrays), self.players, self.strategies)

    def lambdify(self, params: Sequence[sp.Symbol] | None = None):
        """A numpy function ``f(*param_values) -> list of payoff arrays`` (one per player).

        Each returned array has shape ``strategy shape + broadcast(param shapes)``.
        """
        params = list(params) if params is not None else self.parameters
        shape = tuple(len(s) for s in self.strategies)
        profiles = list(itertools.product(*self.strategies))
        exprs = [[self.payoffs[p][i] for p in profiles] for i in range(len(self.strategies))]
        f = sp.lambdify(params, exprs, modules="numpy")

        def evaluate(*values):
            out = f(*values)
            bshape = np.broadcast_shapes(*(np.shape(v) for v in values)) if values else ()
            return [np.stack([np.broadcast_to(np.asarray(v, dtype=float), bshape) for v in per], axis=0)
                    .reshape(shape + bshape) for per in out]

        return evaluate


def _subs_dict(values: Mapping, params: Sequence[sp.Symbol]) -> dict:
    by_name = {str(p): p for p in params}
    subs = {}
    for k, v in values.items():
        sym = by_name.get(k) if isinstance(k, str) else k
        if sym is None:
            continue
        if isinstance(v, Fraction):
            v = sp.Rational(v.numerator, v.denominator)
        subs[sym] = sp.sympify(v)
    return subs
