r"""The resource agglomeration game of ``docs/model.md`` in its continuum limit.

The share of firms in the resource region A is :math:`\lambda = n_A/N`.  In the
finite game a firm in B gains by moving to A, when the move makes :math:`k` firms in A,
:math:`D_k = \Pi_A(k) - \Pi_B(k-1)` (:math:`k = 1, \dots, N`); :math:`n_A = k` is an
equilibrium iff (:math:`k = 0` or :math:`D_k \ge 0`) and (:math:`k = N` or :math:`D_{k+1} \le 0`).
The mover sees a share :math:`(k-1)/(N-1)` of the *other* firms in A, the share that
enters the agglomeration effects of ``docs/model.md``; so we place :math:`D_k` at

.. math:: \lambda_k = \frac{k-1}{N-1}, \qquad k = 1, \dots, N,

and define the continuum payoff differential as the *relative* gain, linearly
interpolated between these nodes,

.. math:: \Omega(\lambda_k) = \frac{\Pi_A(k) - \Pi_B(k-1)}{|\Pi_A(k)| + |\Pi_B(k-1)|} \in [-1, 1]

(0 where both payoffs are 0).  Normalising keeps the sign of :math:`D_k` (so the
equilibria are those of the finite game) but makes :math:`\Omega` comparable across
:math:`\lambda`: for large N the raw :math:`D_k` scale like :math:`N^{-2}` except near the corners,
where a lone firm earns a monopoly profit.  With :math:`N = 1000` (default) the
corner conditions of the engine are exactly the finite game's: :math:`\lambda = 0` is an
equilibrium iff :math:`D_1 \le 0`, :math:`\lambda = 1` iff :math:`D_N \ge 0`; a stable
interior root between :math:`\lambda_k` and :math:`\lambda_{k+1}` is the pure equilibrium
:math:`n_A = k`.

The trade variable is the product transport cost :math:`\tau_p` (``axis = "T"``, smaller
is freer).  The model is not symmetric; the thresholds are **defined** as

* ``T_sustain``: the largest :math:`\tau_p` below which the traditional cluster
  (:math:`\lambda = 1`, all firms in A) is an equilibrium: the root of :math:`\Omega(1; \tau_p)`
  at which it turns positive as :math:`\tau_p` falls (the NEG sustain point);
* ``T_break``: the :math:`\tau_p` at which, as :math:`\tau_p` falls, the last stable split
  equilibrium (:math:`0 < \lambda < 1`) disappears (the analogue of the break point, where
  dispersion stops being stable);
* :meth:`ResourceGame.zero_resource_threshold`: the :math:`\tau_p` where the zero-resource
  economy (:math:`\lambda = 0`) becomes an equilibrium as :math:`\tau_p` falls (root of :math:`\Omega(0)`).

Payoffs come from :meth:`gametheory.models.agglomeration.ResourceModel.payoff_arrays` (one
parameter point at a time).
The search range of :math:`\tau_p` is the model's ``parameter_bounds``.
"""

from __future__ import annotations

import numpy as np

from gametheory.errors import DomainError, UserInputError
from gametheory.models.neg.continuum import ContinuumModel, crossings
from gametheory.models.agglomeration import RESOURCE
from gametheory.models.base import gaps
from gametheory.params import Params

__all__ = ["ResourceGame", "relative_gains"]

AXIS = "tau_p"
#: Largest N of the continuum limit: N = 100,000 costs about 3 s of CPU per threshold search and 0.5 GB.
MAX_N = 100_000  # = gametheory.models.neg.MAX_RESOURCE_N
#: Memory of the per-tau_p cache of node values.
CACHE_BYTES = 64 * 2**20


def relative_gains(N: int, values) -> np.ndarray:
    """:math:`D_k / (|\\Pi_A(k)| + |\\Pi_B(k-1)|)` for ``k = 1..N`` at one parameter point (floats)."""
    pa, pb = RESOURCE.payoff_arrays(N, values)
    gain, scale = gaps(pa, pb), gaps(np.abs(pa), -np.abs(pb))
    return np.where(scale > 0, gain / np.where(scale > 0, scale, 1.0), 0.0)


class ResourceGame(ContinuumModel):
    """The agglomeration game of ``docs/model.md`` with N firms as a continuum model over ``tau_p``."""

    name = "resource"
    axis = "T"
    symmetric = False
    DEFAULTS = {**{n: float(s.default) for n, s in RESOURCE.space.specs.items() if n != AXIS}, "N": 1000.0}
    MEANINGS = {**{n: s.meaning for n, s in RESOURCE.space.specs.items() if n != AXIS},
                "N": "number of firms (integer >= 2)"}

    def __init__(self, **params):
        if AXIS in params:
            raise UserInputError("tau_p is the resource model's trade axis (give it with --T), not a parameter")
        super().__init__(**params)
        self._cache: dict[float, np.ndarray] = {}

    def check(self) -> None:
        N = self.params["N"]
        if not (N == int(N) and N >= 2):
            raise DomainError(f"N must be an integer >= 2; got {N:g}")
        if N > MAX_N:
            raise UserInputError(f"N = {int(N)} is above {MAX_N:,} for the resource game's continuum limit (about 3 s of "
                                 "CPU and 0.5 GB at the limit; the split share moves by 7e-5 between 10^4 and 10^5)")
        RESOURCE.check_domain(int(N), self.game_params(0.0))

    def game_params(self, tau_p) -> Params:
        """The finite game's exact parameters at ``tau_p``."""
        from fractions import Fraction

        vals = {n: Fraction(repr(v)) for n, v in self.params.items() if n != "N"}
        return Params({**vals, AXIS: Fraction(repr(float(tau_p)))}, RESOURCE.space)

    @property
    def N(self) -> int:
        return int(self.params["N"])

    def nodes(self, x: float) -> np.ndarray:
        """:math:`\\Omega(\\lambda_k)` at the nodes :math:`\\lambda_k = (k-1)/(N-1)`, cached per ``tau_p``."""
        x = float(x)
        if x not in self._cache:
            if x < 0:
                raise DomainError(f"tau_p must be >= 0; got {x:g}")
            vals = {n: v for n, v in self.params.items() if n != "N"}
            self._cache[x] = relative_gains(self.N, {**vals, AXIS: x})
            while len(self._cache) * self.N * 8 > CACHE_BYTES and len(self._cache) > 1:
                self._cache.pop(next(iter(self._cache)))
        return self._cache[x]

    def omega(self, lam, x):
        lam = np.asarray(lam, dtype=float)
        return np.interp(lam * (self.N - 1), np.arange(self.N), self.nodes(x))

    def domain(self) -> tuple[float, float]:
        lo, hi, _, _ = RESOURCE.parameter_bounds(AXIS, self.game_params(0.0))
        return float(lo), float(hi)

    def T_bounds(self) -> tuple[float, None]:
        """Any ``tau_p >= 0`` is valid (above ``max(a_A, a_B)`` nothing is shipped between the regions)."""
        return 0.0, None

    def checked_x_of_T(self, T: float) -> float:
        """Any ``tau_p >= 0`` is valid (above ``max(a_A, a_B)`` nothing is shipped)."""
        if not T >= 0:
            raise UserInputError(f"T (= tau_p) must be >= 0 for model resource; got {T:g}")
        return float(T)

    def json_params(self) -> dict:
        return {**self.params, "N": self.N}

    def zero_resource_threshold(self) -> float | None:
        """The tau_p where lambda = 0 becomes an equilibrium as tau_p falls (Omega(0) turns negative)."""
        g = lambda x: float(self.omega(np.array([0.0]), x)[0])
        for x, direction in crossings(self, g):
            if direction < 0:
                return x
        return None

    def n_A(self, lam: float) -> int:
        """The finite game's configuration :math:`n_A` of an equilibrium share (corners 0 and N)."""
        if lam <= 0:
            return 0
        if lam >= 1:
            return self.N
        return int(np.floor(lam * (self.N - 1))) + 1
