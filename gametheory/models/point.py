r"""A location model with N firms at one exact parameter point: payoffs and equilibria.

:class:`ModelPoint` is what every analysis takes (``game`` in their signatures):
the model, ``N`` and exact :class:`~gametheory.params.Params`.  It validates them
(``N``, signs, the model's domain, payoffs defined at every configuration), and
computes once:

* the exact payoff table :math:`\Pi_A(k), \Pi_B(k)` (for ``N`` up to
  :data:`EXACT_TABLE_MAX`; beyond, exact payoffs are computed on demand);
* the exact signs of the gaps :math:`D_k`: from certified float balls
  (:mod:`gametheory.arith`), with an exact evaluation wherever a ball contains zero,
  so that large N (where :math:`D_k` is of order :math:`1/N^2` near its roots) is
  decided correctly and a tie is reported only for an exact zero;
* pure and strict equilibria (:func:`gametheory.games.anonymous.pure_masks`), symmetric
  mixed equilibria (exact for rational payoffs and ``N <=``
  :data:`~gametheory.games.anonymous.EXACT_MAX_N`, certified floats otherwise), and for
  ``N = 2`` the 2x2 bimatrix game.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np

from gametheory.errors import UserInputError
from gametheory.models.base import LocationModel, check_N, gaps
from gametheory.params import Params

__all__ = ["ModelPoint", "EXACT_TABLE_MAX", "pure_equilibria_at"]

#: Largest N for which the whole exact payoff table is computed eagerly (Fraction arithmetic, O(N)).
EXACT_TABLE_MAX = 2_000


def _exact_gap_signs(balls, gap) -> np.ndarray:
    """Exact signs of ``D_1..D_N`` from certified balls, ``gap(k)`` (exact) deciding where a ball holds zero."""
    from gametheory.arith import exact_sign
    from gametheory.games.anonymous import certified_signs

    signs, _ = certified_signs(balls.mid, balls.rad, lambda idx: exact_sign(gap(idx[0] + 1)))
    return signs


def pure_equilibria_at(model: LocationModel, N: int, params: Params) -> list[int]:
    """The pure equilibria of ``model`` with ``N`` firms at exact ``params``, without the exact payoff table.

    The same exact decisions as ``ModelPoint(model, N, params).pure_equilibria()`` (certified float balls,
    an exact ``D_k`` where a ball holds zero), at the cost of one vectorised ball evaluation instead of
    ``N + 1`` payoffs in rational arithmetic: for analyses that ask for many points (identified sets).
    Raises :class:`~gametheory.errors.UserInputError` outside the domain.
    """
    from gametheory.games.anonymous import pure_masks

    N = check_N(N)
    model.check_domain(N, params)
    signs = _exact_gap_signs(gaps(*model.payoff_arrays(N, params, certified=True)),
                             lambda k: model.exact_gap(N, k, params))
    return [int(k) for k in np.flatnonzero(pure_masks(signs)[0])]


class ModelPoint:
    """The model ``model`` with ``N`` firms at exact parameters ``params`` (validated)."""

    __slots__ = ("model", "N", "params", "__dict__")

    def __init__(self, model: LocationModel, N: int = 2, params: Params | dict | None = None, **overrides):
        N = check_N(N)
        params = model.params(params, **overrides)
        model.check_domain(N, params)
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "N", N)
        object.__setattr__(self, "params", params)
        if N <= EXACT_TABLE_MAX:
            self._table  # noqa: B018 - evaluate now: undefined payoffs are the user's error, found here

    def __setattr__(self, name, value):
        if name in ("model", "N", "params"):
            raise AttributeError("a game is immutable; use replace()")
        object.__setattr__(self, name, value)

    def replace(self, N: int | None = None, **overrides) -> "ModelPoint":
        """The same model with another N and/or parameter values."""
        return type(self)(self.model, self.N if N is None else N, self.params.replace(**overrides))

    def __eq__(self, other) -> bool:
        return isinstance(other, ModelPoint) and (self.model is other.model or type(self.model) is type(other.model)
                                                  and self.model.name == other.model.name) \
            and self.N == other.N and self.params == other.params

    def __hash__(self) -> int:
        return hash((self.model.name, self.N, self.params))

    def __repr__(self) -> str:
        changed = {n: v for n, v in self.params.items() if v != self.model.space.specs[n].default}
        inner = "".join(f", {n}={v}" for n, v in changed.items())
        return f"{type(self).__name__}(model={self.model.name!r}, N={self.N}{inner})"

    # ------------------------------------------------------------- payoffs
    @cached_property
    def _table(self) -> tuple[list, list]:
        return self.model.payoff_table(self.N, self.params)

    @property
    def has_exact_table(self) -> bool:
        return self.N <= EXACT_TABLE_MAX

    def payoff_table(self) -> tuple[list, list]:
        """Exact ``(Pi_A[k], Pi_B[k])`` for ``k = 0..N`` with ``None`` where undefined."""
        if not self.has_exact_table:
            raise UserInputError(f"the exact payoff table is computed for N <= {EXACT_TABLE_MAX:,}; "
                                 f"use payoff_A(k) / payoff_B(k) or the float table for N = {self.N:,}")
        A, B = self._table
        return list(A), list(B)

    def payoff_A(self, k: int):
        """``Pi_A(k)``: exact payoff of a firm in A when ``k >= 1`` firms are in A."""
        if not 1 <= k <= self.N:
            raise UserInputError(f"Pi_A(k) needs 1 <= k <= N = {self.N}; got k = {k}")
        if self.has_exact_table:
            return self._table[0][k]
        return self._exact_payoffs(k)[0]

    def payoff_B(self, k: int):
        """``Pi_B(k)``: exact payoff of a firm in B when ``k <= N-1`` firms are in A."""
        if not 0 <= k <= self.N - 1:
            raise UserInputError(f"Pi_B(k) needs 0 <= k <= N-1 = {self.N - 1}; got k = {k}")
        if self.has_exact_table:
            return self._table[1][k]
        return self._exact_payoffs(k)[1]

    def _exact_payoffs(self, k: int):
        from gametheory.models.base import exact_payoff

        pa, pb = self.model.payoffs(self.N, Fraction(k), dict(self.params))
        return (exact_payoff(pa, "A", k) if k >= 1 else None), (exact_payoff(pb, "B", k) if k <= self.N - 1 else None)

    def gap(self, k: int):
        """``D_k = Pi_A(k) - Pi_B(k-1)`` exactly (``1 <= k <= N``)."""
        if not 1 <= k <= self.N:
            raise UserInputError(f"D_k needs 1 <= k <= N = {self.N}; got k = {k}")
        if self.has_exact_table:
            return self._gaps[k - 1]
        return self.model.exact_gap(self.N, k, self.params)

    @cached_property
    def _gaps(self) -> list:
        return gaps(*self._table)

    def float_table(self) -> tuple[np.ndarray, np.ndarray]:
        """Float ``(Pi_A, Pi_B)`` arrays of length ``N+1`` (NaN where undefined)."""
        if self.has_exact_table:
            A, B = self._table
            return (np.array([np.nan if x is None else float(x) for x in A]),
                    np.array([np.nan if x is None else float(x) for x in B]))
        pa, pb = self._payoff_balls
        return pa.mid, pb.mid

    @cached_property
    def _payoff_balls(self):
        """Certified payoff tables (large N: computed once, for the gaps and the float table)."""
        return self.model.payoff_arrays(self.N, self.params, certified=True)

    @cached_property
    def gap_balls(self):
        """Certified float balls of ``D_1..D_N`` (midpoints and radii)."""
        from gametheory.arith import Ball

        if self.has_exact_table:
            D = self._gaps
            mid = np.array([float(d) for d in D])
            rad = np.array([float(abs(Fraction(m) - d)) if isinstance(d, Fraction) else 1e-15 * abs(m) + 1e-300
                            for m, d in zip(mid, D)])
            return Ball(mid, rad * (1 + 2.0 ** -50))
        return gaps(*self._payoff_balls)

    @cached_property
    def gap_signs(self) -> np.ndarray:
        """Exact signs of ``D_1..D_N`` (index ``k-1``)."""
        return _exact_gap_signs(self.gap_balls, self.gap)

    # ---------------------------------------------------------- equilibria
    @cached_property
    def _masks(self):
        from gametheory.games.anonymous import pure_masks

        return pure_masks(self.gap_signs)

    def pure_equilibria(self) -> list[int]:
        """Every ``k = n_A`` that is a pure Nash equilibrium (decided exactly)."""
        return [int(k) for k in np.flatnonzero(self._masks[0])]

    def strict_equilibria(self) -> list[int]:
        """The strict (hence stable) pure equilibria."""
        return [int(k) for k in np.flatnonzero(self._masks[1])]

    @cached_property
    def _mixed(self):
        from gametheory.games.anonymous import (EXACT_MAX_N, ContinuumOfEquilibria, MixedEquilibria, mixed_certified,
                                                mixed_exact, sign_changes)

        signs = self.gap_signs
        if not np.any(signs):
            raise ContinuumOfEquilibria("every firm is indifferent (D_k = 0 for every k): every p in [0, 1] is an "
                                        "equilibrium")
        if self.N <= EXACT_MAX_N and self.has_exact_table:
            D = [self.gap(k) for k in range(1, self.N + 1)]
            if all(isinstance(d, Fraction) for d in D):
                return MixedEquilibria(tuple(mixed_exact(D)), "exact", sign_changes(signs))
        b = self.gap_balls
        return mixed_certified(b.mid, b.rad, signs)

    def mixed(self):
        """Symmetric mixed equilibria with method and completeness (:class:`~gametheory.games.anonymous.MixedEquilibria`)."""
        return self._mixed

    def mixed_equilibria(self) -> list:
        """Symmetric mixed equilibria ``p`` in (0, 1) with stability, ascending."""
        return list(self._mixed.roots)

    def regime_code(self) -> int:
        from gametheory.games.anonymous import classify_equilibria

        return classify_equilibria(self.pure_equilibria(), self.N)

    def regime(self) -> str:
        """The name of the set of pure equilibria (e.g. ``coordination``)."""
        return self.model.regime_name(self.regime_code())

    def pattern_name(self, k: int) -> str:
        return self.model.pattern_name(k, self.N)

    def anonymous_game(self):
        """The game as an :class:`~gametheory.games.anonymous.AnonymousBinaryGame` (exact payoffs)."""
        from gametheory.games.anonymous import AnonymousBinaryGame

        A, B = self.payoff_table()
        return AnonymousBinaryGame.from_configuration_payoffs(A, B)

    def bimatrix(self) -> tuple[np.ndarray, np.ndarray]:
        """For ``N = 2``: the row and column players' payoff matrices, strategies (A, B), exact.

        ``M[i, j]`` is the row firm's payoff when it plays ``i`` and the other firm ``j``;
        the game is symmetric, so the column matrix is ``M.T``.
        """
        if self.N != 2:
            raise UserInputError("the bimatrix form exists for N = 2 only")
        A, B = self._table
        M = np.array([[A[2], A[1]], [B[1], B[0]]], dtype=object)
        return M, M.T.copy()

    def regime_at(self, k: int) -> Any:
        """The model's regime (e.g. Cournot regime) of configuration ``k`` at these parameters."""
        return self.model.regime_at(self.N, k, self.params)
