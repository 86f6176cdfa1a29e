r"""The two-region resource agglomeration game (``shared/MODEL.md``), numerically.

:math:`N \ge 2` firms choose region A (resource region) or B; with :math:`k = n_A`
firms in A their marginal production costs are

.. math:: c_A(k) = c - e - \gamma_A\frac{k-1}{N-1}, \qquad
          c_B(k) = c + \tau_r - \gamma_B\frac{N-k-1}{N-1},

the delivered cost to the other region's market adds :math:`\tau_p`, and each
market :math:`m \in \{A, B\}` (inverse demand :math:`P_m = a_m - bQ_m`) is a
Cournot market with two cost classes (:func:`~gametheory.models.cournot.two_class_quantities`).
The payoff of a firm located in :math:`r` is
:math:`\Pi_r(k) = \sum_m b\,q_{rm}(k)^2 - F_r`.

Domain (MODEL.md): every marginal cost must be positive.  The smallest are
:math:`c_A(N) = c - e - \gamma_A` and :math:`c_B(0) = c + \tau_r - \gamma_B`, so the
model is valid for every N iff both are > 0; :func:`check_domain` raises a
:class:`~gametheory.errors.DomainError` naming the parameters otherwise.

Exact arithmetic (Fractions) is used for a single parameter point; the
vectorised float path :func:`payoff_arrays` evaluates the whole table
:math:`\Pi_A(k), \Pi_B(k)`, :math:`k = 0..N`, over arrays of parameter values
(for sweeps), in :math:`O(N)` per point.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Mapping

import numpy as np

from gametheory.errors import DomainError, UserInputError
from gametheory.models.cournot import two_class_quantities
from gametheory.params import PARAM_NAMES, Params

__all__ = ["AgglomerationGame", "check_domain", "payoff_arrays", "REGIONS"]

REGIONS = ("A", "B")


def check_domain(values: Mapping[str, object]) -> None:
    """Raise :class:`DomainError` if some marginal cost of the game is ``<= 0``.

    Works on scalars and on arrays (then every point must be valid).
    """
    cA = values["c"] - values["e"] - values["gamma_A"]
    cB = values["c"] + values["tau_r"] - values["gamma_B"]
    bad = []
    if np.any(np.asarray(cA) <= 0):
        bad.append(f"the marginal cost in A with every firm in A, c - e - gamma_A = {_show(cA)}, is <= 0 "
                   f"(c={_show(values['c'])}, e={_show(values['e'])}, gamma_A={_show(values['gamma_A'])})")
    if np.any(np.asarray(cB) <= 0):
        bad.append(f"the marginal cost in B with every firm in B, c + tau_r - gamma_B = {_show(cB)}, is <= 0 "
                   f"(c={_show(values['c'])}, tau_r={_show(values['tau_r'])}, gamma_B={_show(values['gamma_B'])})")
    if bad:
        raise DomainError("outside the model's domain: " + "; ".join(bad))


def _show(v) -> str:
    if isinstance(v, np.ndarray):
        return f"min {np.min(v):.6g}" if v.size > 1 else f"{v.item():.6g}"
    return str(v)


def _costs(N, k, v):
    """Production costs ``c_A(k)``, ``c_B(k)`` (broadcasts over arrays)."""
    cA = v["c"] - v["e"] - v["gamma_A"] * (k - 1) / (N - 1)
    cB = v["c"] + v["tau_r"] - v["gamma_B"] * (N - k - 1) / (N - 1)
    return cA, cB


def _market_quantities(N, k, v):
    """Quantities ``q[(r, m)]`` of a firm located in r selling in market m, configuration k."""
    cA, cB = _costs(N, k, v)
    nA, nB = k, N - k
    qAA, qBA = two_class_quantities(v["a_A"], v["b"], nA, cA, nB, cB + v["tau_p"])
    qAB, qBB = two_class_quantities(v["a_B"], v["b"], nA, cA + v["tau_p"], nB, cB)
    return {("A", "A"): qAA, ("A", "B"): qAB, ("B", "A"): qBA, ("B", "B"): qBB}


def _payoffs(N, k, v):
    q = _market_quantities(N, k, v)
    b = v["b"]
    pi_A = b * q[("A", "A")] ** 2 + b * q[("A", "B")] ** 2 - v["F_A"]
    pi_B = b * q[("B", "A")] ** 2 + b * q[("B", "B")] ** 2 - v["F_B"]
    return pi_A, pi_B


def payoff_arrays(N: int, values: Mapping[str, object], *, compiled: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Float payoff tables ``Pi_A[k], Pi_B[k]`` for ``k = 0..N``, vectorised over parameter arrays.

    ``values`` maps every model parameter to a float or an array (arrays
    broadcast together).  Returns two arrays of shape ``(N+1,) + broadcast
    shape``; undefined entries (``Pi_A[0]``, ``Pi_B[N]``) are NaN.  The domain is
    not checked here (call :func:`check_domain`).  ``compiled=True`` uses the
    numba kernel of :mod:`gametheory.models._kernels`; ``compiled=False`` the
    numpy reference implementation (same arithmetic, slower for large grids).
    """
    _check_N(N)
    v = {n: np.asarray(values[n], dtype=float) for n in PARAM_NAMES}
    shape = np.broadcast_shapes(*(a.shape for a in v.values()))
    if compiled:
        from gametheory.models._kernels import payoff_table, payoff_table_serial

        flat = [np.ascontiguousarray(np.broadcast_to(v[n], shape).ravel()) for n in PARAM_NAMES]
        kernel = payoff_table if flat[0].size * (N + 1) >= 20_000 else payoff_table_serial
        pa, pb = kernel(int(N), *flat)
        return pa.reshape((N + 1,) + shape), pb.reshape((N + 1,) + shape)
    k = np.arange(N + 1, dtype=float).reshape((N + 1,) + (1,) * len(shape))
    v = {n: a[None, ...] for n, a in v.items()}
    pi_A, pi_B = _payoffs(N, k, v)
    pi_A = np.broadcast_to(pi_A, (N + 1,) + shape).copy()
    pi_B = np.broadcast_to(pi_B, (N + 1,) + shape).copy()
    pi_A[0] = np.nan
    pi_B[N] = np.nan
    return pi_A, pi_B


def _check_N(N) -> None:
    if isinstance(N, bool) or not isinstance(N, (int, np.integer)) or N < 2:
        raise UserInputError(f"the number of firms N must be an integer >= 2; got {N!r}")


@dataclass(frozen=True)
class AgglomerationGame:
    """The game with ``N`` firms at an exact parameter point.

    >>> g = AgglomerationGame(2)
    >>> g.payoff_A(2), g.payoff_B(1)
    (Fraction(2833, 225), Fraction(2417, 225))
    >>> g.pure_equilibria()
    [0, 2]
    """

    N: int
    params: Params = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        _check_N(self.N)
        if self.params is None:
            object.__setattr__(self, "params", Params.defaults())
        if not isinstance(self.params, Params):
            object.__setattr__(self, "params", Params.from_overrides(dict(self.params)))
        check_domain(self.params)

    # ---------------------------------------------------------- primitives
    def costs(self, k: int) -> tuple[Fraction, Fraction]:
        """Exact production costs ``(c_A(k), c_B(k))``."""
        self._check_k(k)
        return _costs(self.N, Fraction(k), self.params)

    def quantities(self, k: int) -> dict[tuple[str, str], Fraction]:
        """Exact Cournot quantities ``{(region, market): q}`` in configuration ``k``."""
        self._check_k(k)
        return _market_quantities(self.N, Fraction(k), self.params)

    def payoff_A(self, k: int) -> Fraction:
        """``Pi_A(k)``: payoff of a firm in A when ``k >= 1`` firms are in A."""
        if not 1 <= k <= self.N:
            raise UserInputError(f"Pi_A(k) needs 1 <= k <= N = {self.N}; got k = {k}")
        return self._table[0][k]

    def payoff_B(self, k: int) -> Fraction:
        """``Pi_B(k)``: payoff of a firm in B when ``k <= N-1`` firms are in A."""
        if not 0 <= k <= self.N - 1:
            raise UserInputError(f"Pi_B(k) needs 0 <= k <= N-1 = {self.N - 1}; got k = {k}")
        return self._table[1][k]

    @cached_property
    def _table(self) -> tuple[list, list]:
        A: list = [None] * (self.N + 1)
        B: list = [None] * (self.N + 1)
        for k in range(self.N + 1):
            pa, pb = _payoffs(self.N, Fraction(k), self.params)
            if k >= 1:
                A[k] = pa
            if k <= self.N - 1:
                B[k] = pb
        return A, B

    def payoff_table(self) -> tuple[list, list]:
        """Exact ``(Pi_A[k], Pi_B[k])`` for ``k = 0..N`` with ``None`` where undefined."""
        A, B = self._table
        return list(A), list(B)

    def _check_k(self, k) -> None:
        if not 0 <= k <= self.N:
            raise UserInputError(f"k must lie in 0..N = {self.N}; got {k}")

    # ---------------------------------------------------------- equilibria
    def anonymous_game(self, exact: bool = True):
        """The game as an :class:`~gametheory.games.anonymous.AnonymousBinaryGame` (action A/B)."""
        from gametheory.games.anonymous import AnonymousBinaryGame

        A, B = self._table
        if not exact:
            A = [None if v is None else float(v) for v in A]
            B = [None if v is None else float(v) for v in B]
        return AnonymousBinaryGame.from_configuration_payoffs(A, B)

    def pure_equilibria(self) -> list[int]:
        """Every ``k = n_A`` that is a pure Nash equilibrium (exact arithmetic)."""
        return self.anonymous_game().pure_equilibria()

    def strict_equilibria(self) -> list[int]:
        """The strict (hence stable) pure equilibria."""
        return self.anonymous_game().strict_equilibria()

    def mixed_equilibria(self, exact: bool | None = None):
        """Symmetric mixed equilibria ``p`` in (0, 1) with stability (see ``games.anonymous``)."""
        return self.anonymous_game().mixed_equilibria(exact=exact)

    def bimatrix(self) -> tuple[np.ndarray, np.ndarray]:
        """For ``N = 2``: the row and column players' payoff matrices, strategies (A, B), exact.

        ``M[i, j]`` is the row firm's payoff when it plays ``i`` and the other
        firm ``j``; the game is symmetric, so the column matrix is ``M.T``.
        """
        if self.N != 2:
            raise UserInputError("the bimatrix form exists for N = 2 only")
        A, B = self._table
        M = np.array([[A[2], A[1]], [B[1], B[0]]], dtype=object)
        return M, M.T.copy()


def parameter_bounds(name: str, params: Params) -> tuple[Fraction, Fraction, str, str]:
    r"""The interval of ``name`` worth scanning (others at ``params``), with the nature of each end.

    Returns ``(lo, hi, lo_kind, hi_kind)``; a kind is

    * ``"closed"``/``"open"``: a bound of the model's domain, included or not
      (sign restrictions, :math:`c - e - \gamma_A > 0`, :math:`c + \tau_r - \gamma_B > 0`);
    * ``"constant"``: beyond this end the game no longer changes (e.g. for
      :math:`\tau_p \ge \max(a_A, a_B)` nothing is shipped between regions; for
      :math:`e \le c - \gamma_A - \max(a_A, a_B)` no firm in A produces), so a
      property that holds at the end holds all the way to infinity;
    * ``"scan"``: a heuristic end (demand, slope, fixed costs keep changing the game).
    """
    p = params
    amax = max(p["a_A"], p["a_B"])
    zero = Fraction(0)
    if name == "tau_p":
        return zero, amax, "closed", "constant"
    if name == "tau_r":
        lo = max(zero, p["gamma_B"] - p["c"])
        return lo, lo + amax, ("closed" if p["gamma_B"] - p["c"] < 0 else "open"), "constant"
    if name == "e":
        return p["c"] - p["gamma_A"] - amax, p["c"] - p["gamma_A"], "constant", "open"
    if name == "Delta_gamma":
        return -p["gamma_A"], p["c"] + p["tau_r"] - p["gamma_A"], "closed", "open"
    if name == "gamma_A":
        return zero, p["c"] - p["e"], "closed", "open"
    if name == "gamma_B":
        return zero, p["c"] + p["tau_r"], "closed", "open"
    if name == "c":
        lo = max(zero, p["e"] + p["gamma_A"], p["gamma_B"] - p["tau_r"])
        return lo, lo + amax, "open", "constant"
    if name in ("a_A", "a_B"):
        return zero, 4 * max(p[name], p["c"] + p["tau_r"] + p["tau_p"]), "open", "scan"
    if name == "b":
        return zero, 4 * p["b"], "open", "scan"
    if name in ("F_A", "F_B"):
        return zero, 4 * max(p["a_A"], p["a_B"]) ** 2 / p["b"], "closed", "scan"
    raise UserInputError(f"no scanning range for parameter {name!r}")


def parameter_range(name: str, params: Params) -> tuple[Fraction, Fraction]:
    """``(lo, hi)`` of :func:`parameter_bounds`: the interval scans stay strictly inside."""
    lo, hi, _, _ = parameter_bounds(name, params)
    return lo, hi
