r"""The linear model of Ottaviano, Tabuchi & Thisse (2002, *International Economic Review* 43, "Agglomeration and trade revisited").

Quasi-linear quadratic utility over a continuum of varieties (mass :math:`N`),

.. math:: U = \alpha\int_0^N q(i)\,di - \frac{\beta-\gamma}{2}\int_0^N q(i)^2 di
              - \frac{\gamma}{2}\Big[\int_0^N q(i)\,di\Big]^2 + q_0, \qquad \beta > \gamma > 0,

gives the demand :math:`q(i) = a - (b + cN)p(i) + cP` with :math:`P = \int p`,
:math:`a = \alpha/[\beta+(N-1)\gamma]`, :math:`b = 1/[\beta+(N-1)\gamma]`,
:math:`c = \gamma/\{(\beta-\gamma)[\beta+(N-1)\gamma]\}`.  Skilled workers :math:`H` are
mobile (share :math:`\lambda` in region 1), each firm needs :math:`\phi` of them
(:math:`N = H/\phi`, :math:`n_1 = \lambda N`); unskilled workers :math:`L` are immobile, half
in each region.  Firms pay a transport cost :math:`\tau` per unit shipped (segmented
markets, zero marginal cost).  Equilibrium prices (OTT eq. 12)

.. math:: p_{11} = \frac{2a + c\tau n_2}{2(2b + cN)},\qquad p_{21} = p_{11} + \frac{\tau}{2}

(symmetrically in region 2), quantities :math:`q_{rs} = (b+cN)(p_{rs} - \tau_{rs})`,
skilled wages :math:`w_r = \Pi_r/\phi` (operating profit of a firm in :math:`r` summed over
both markets, weighted by their populations :math:`\lambda H + L/2`, :math:`(1-\lambda)H + L/2`),
consumer surplus :math:`S_r = U(q) - \int p\,q` computed from the utility function, and
:math:`\Omega(\lambda) = \Delta V = S_1 - S_2 + w_1 - w_2`.  Trade takes place iff
:math:`\tau < \tau_{trade} = 2a\phi/(2b\phi + cH)`; the model is used on that range only.

OTT show :math:`\Delta V(\lambda) = C^*\tau(\tau^* - \tau)(\lambda - 1/2)` with :math:`C^* > 0`:
linear in :math:`\lambda`, so the break and the sustain point coincide at the **threshold**

.. math:: \tau^* = \frac{4a\phi(3b\phi + 2cH)}{2b\phi(3b\phi + 3cH + cL) + c^2H(L + H)}

(agglomeration is stable iff :math:`\tau < \tau^*`; dispersion iff :math:`\tau > \tau^*`).
When :math:`\tau^* \ge \tau_{trade}` agglomeration is stable at every :math:`\tau` with trade
and the model has no threshold (``None``).

**What the engine reads.**  The factorised form, with its constant derived here from the primitives
(:func:`gap_coefficients`): :math:`\Delta V = C\tau(\tau^* - \tau)(2\lambda - 1)`,
:math:`C = BN\mathcal D/P^2 > 0`; the engine's gap is :math:`\tau(\tau^* - \tau)(2\lambda - 1)`
(same sign, no over- or underflow), exact for every parameter set, so the thresholds are found for
any :math:`\tau^*` (down to :math:`10^{-300}\tau_{trade}`).  The primitives themselves --
each region's surplus plus wage straight from prices, quantities and the utility function
(:func:`indirect_utility_levels`), and the same as region differences
(:func:`indirect_utility_gap`) -- are compared with the factorised form in the tests; computed
from the primitives, :math:`\Delta V` loses the relative digits its terms' ratios cost (e.g.
:math:`\gamma/(\beta-\gamma)`, :math:`L/H`), which made thresholds at extreme parameters unreliable.

Parameter names are OTT's; note that their ``phi`` is a fixed labour requirement, not the
freeness of trade (this model's trade variable is the transport cost :math:`T = \tau`).
"""

from __future__ import annotations

import numpy as np

from gametheory.errors import DomainError
from gametheory.models.neg.continuum import ContinuumModel

__all__ = ["LinearOTT", "demand_coefficients", "tau_star", "tau_trade", "gap_coefficients", "indirect_utility_gap",
           "indirect_utility_gap_factorised", "indirect_utility_levels"]


def demand_coefficients(alpha, beta, gamma, phi, H) -> tuple[float, float, float, float]:
    """``(a, b, c, N)`` of OTT's demand system."""
    N = H / phi
    den = beta + (N - 1) * gamma
    return alpha / den, 1 / den, gamma / ((beta - gamma) * den), N


def tau_star(alpha, beta, gamma, phi, H, L) -> float:
    """OTT's threshold ``4 a phi (3 b phi + 2 c H) / (2 b phi (3 b phi + 3 c H + c L) + c^2 H (L + H))``."""
    a, b, c, _ = demand_coefficients(alpha, beta, gamma, phi, H)
    return 4 * a * phi * (3 * b * phi + 2 * c * H) / (2 * b * phi * (3 * b * phi + 3 * c * H + c * L) + c ** 2 * H * (L + H))


def tau_trade(alpha, beta, gamma, phi, H, L=None) -> float:
    """The prohibitive transport cost ``2 a phi / (2 b phi + c H)``."""
    a, b, c, _ = demand_coefficients(alpha, beta, gamma, phi, H)
    return 2 * a * phi / (2 * b * phi + c * H)


def gap_coefficients(alpha, beta, gamma, phi, H, L) -> tuple[float, float]:
    r"""``(ln C, tau*)`` of the factorised gap :math:`\Delta V = C\,\tau(\tau^* - \tau)(2\lambda - 1)`.

    From the primitives (see :func:`indirect_utility_gap`): with :math:`B = b + cN`, :math:`P = 2(2b + cN)`,
    :math:`n_1 - n_2 = (2\lambda-1)N`, the regions' differences are
    :math:`U_1 - U_2 - (E_1 - E_2) = 4B\tau(n_1-n_2)\,[b(2a + B\tau)/2 - (bB\tau - acN)]/P^2` and
    :math:`w_1 - w_2 = B\tau(n_1 - n_2)[(2a - b\tau) - (1 + L/H)c\tau N/2]/P` (using :math:`\bar p - \tau/4 = (2a - b\tau)/P`,
    :math:`1/2 - cN/P = 2b/P`, :math:`(\beta-\gamma) + \gamma N = 1/b`), whose sum is
    :math:`C\tau(\tau^* - \tau)(2\lambda - 1)` with :math:`C = BN\,\mathcal D/P^2`,
    :math:`\mathcal D = 6b^2 + 4bcN + (2b + cN)cN(1 + L/H)` and
    :math:`\tau^* = 4a(3b + 2cN)/\mathcal D`, which is OTT's threshold (multiply by :math:`\phi^2`).
    ``ln C`` is computed in logs (``C`` can leave the float range at extreme parameters).
    """
    a, b, c, N = demand_coefficients(alpha, beta, gamma, phi, H)
    lb, lc, lN = np.log(b), np.log(c), np.log(N)
    lD = np.logaddexp(np.logaddexp(np.log(6) + 2 * lb, np.log(4) + lb + lc + lN),
                      np.logaddexp(np.log(2) + lb, lc + lN) + lc + lN + np.log1p(L / H))
    lB = np.logaddexp(lb, lc + lN)
    lP = np.log(2) + np.logaddexp(np.log(2) + lb, lc + lN)
    ts_num = np.log(4 * a) + np.logaddexp(np.log(3) + lb, np.log(2) + lc + lN)
    return float(lB + lN + lD - 2 * lP), float(np.exp(ts_num - lD))


def indirect_utility_gap_factorised(lam, tau, alpha, beta, gamma, phi, H, L) -> np.ndarray:
    """:math:`\\Delta V = C\\tau(\\tau^* - \\tau)(2\\lambda - 1)` (:func:`gap_coefficients`), broadcast."""
    lC, ts = gap_coefficients(alpha, beta, gamma, phi, H, L)
    lam, tau = np.broadcast_arrays(np.atleast_1d(np.asarray(lam, dtype=float)), np.asarray(tau, dtype=float))
    with np.errstate(over="ignore", under="ignore"):
        return np.exp(lC) * tau * (ts - tau) * (2 * lam - 1)


def indirect_utility_gap(lam, tau, alpha, beta, gamma, phi, H, L) -> np.ndarray:
    """:math:`\\Delta V(\\lambda) = V_1 - V_2` of a skilled worker, from prices, quantities and utility (broadcast).

    Computed as differences between the regions, each carrying its factor :math:`n_1 - n_2`
    (no cancellation between the regions' levels, so :math:`\\Delta V` keeps its relative precision
    for any :math:`\\tau` and :math:`\\lambda`): with :math:`\\bar p = (2a + c\\tau N/2)/P`,
    :math:`\\delta = c\\tau(n_2 - n_1)/(2P)`, :math:`P = 2(2b + cN)`, prices are
    :math:`p_{11} = \\bar p + \\delta`, :math:`p_{22} = \\bar p - \\delta`, and

    * wages: :math:`w_1 - w_2 = \\frac{B\\tau}{\\phi}[(M_1 - M_2)(\\bar p - \\tau/4) + (M_1 + M_2)\\delta]`
      (from :math:`p^2 - (p - \\tau/2)^2 = \\tau(p - \\tau/4)`), :math:`B = b + cN`;
    * quantities: :math:`Q_1 - Q_2 = B[2\\delta N + \\tfrac{\\tau}{2}(n_1 - n_2)]`,
      :math:`\\sum_1 nq^2 - \\sum_2 nq^2 = (Q_1 - Q_2)(q_{11} + q_{12})`;
    * utility: :math:`U_1 - U_2 = \\alpha(Q_1 - Q_2) - \\tfrac{\\beta-\\gamma}{2}(\\sum_1 nq^2 - \\sum_2 nq^2)
      - \\tfrac{\\gamma}{2}(Q_1 - Q_2)(Q_1 + Q_2)`, spending
      :math:`E_1 - E_2 = B[4\\delta\\bar p N + \\tfrac{\\tau^2}{4}(n_1 - n_2)]`;

    :math:`\\Delta V = (U_1 - U_2) - (E_1 - E_2) + (w_1 - w_2)`.
    """
    lam, tau = np.broadcast_arrays(np.atleast_1d(np.asarray(lam, dtype=float)), np.asarray(tau, dtype=float))
    a, b, c, N = demand_coefficients(alpha, beta, gamma, phi, H)
    B, P = b + c * N, 2 * (2 * b + c * N)
    n1, n2 = lam * N, (1 - lam) * N
    dn = (2 * lam - 1) * N                                  # n1 - n2, exact zero at lam = 1/2
    pbar = (2 * a + c * tau * N / 2) / P
    delta = -c * tau * dn / (2 * P)
    p11, p22 = pbar + delta, pbar - delta
    dw = B * tau / phi * ((2 * lam - 1) * H * (pbar - tau / 4) + (H + L) * delta)
    dQ = B * (2 * delta * N + tau / 2 * dn)
    Q1 = B * (n1 * p11 + n2 * (p11 - tau / 2))
    Q2 = B * (n2 * p22 + n1 * (p22 - tau / 2))
    dsq = dQ * B * (p11 + p22 - tau / 2)                     # sum_1 n q^2 - sum_2 n q^2
    dU = alpha * dQ - (beta - gamma) / 2 * dsq - gamma / 2 * dQ * (Q1 + Q2)
    dE = B * (4 * delta * pbar * N + tau ** 2 / 4 * dn)
    return dU - dE + dw


def indirect_utility_levels(lam, tau, alpha, beta, gamma, phi, H, L) -> tuple[np.ndarray, np.ndarray]:
    """``(V1, V2)``: each region's consumer surplus plus skilled wage, straight from the primitives (levels)."""
    lam = np.atleast_1d(np.asarray(lam, dtype=float))
    a, b, c, N = demand_coefficients(alpha, beta, gamma, phi, H)
    B = b + c * N
    n1, n2 = lam * N, (1 - lam) * N
    p11 = (2 * a + c * tau * n2) / (2 * (2 * b + c * N))
    p22 = (2 * a + c * tau * n1) / (2 * (2 * b + c * N))
    p21, p12 = p11 + tau / 2, p22 + tau / 2
    q11, q21, q22, q12 = B * p11, B * (p21 - tau), B * p22, B * (p12 - tau)
    M1, M2 = lam * H + L / 2, (1 - lam) * H + L / 2
    w1 = (B * p11 ** 2 * M1 + B * (p12 - tau) ** 2 * M2) / phi
    w2 = (B * p22 ** 2 * M2 + B * (p21 - tau) ** 2 * M1) / phi

    def surplus(n_loc, p_loc, q_loc, n_imp, p_imp, q_imp):
        Q = n_loc * q_loc + n_imp * q_imp
        U = alpha * Q - (beta - gamma) / 2 * (n_loc * q_loc ** 2 + n_imp * q_imp ** 2) - gamma / 2 * Q ** 2
        return U - (n_loc * p_loc * q_loc + n_imp * p_imp * q_imp)

    return surplus(n1, p11, q11, n2, p21, q21) + w1, surplus(n2, p22, q22, n1, p12, q12) + w2


class LinearOTT(ContinuumModel):
    """Ottaviano, Tabuchi & Thisse (2002); trade variable ``T`` (= tau); parameters as in the paper.

    >>> lin = LinearOTT()
    >>> lin.break_point()
    Threshold(kind='break', T=0.451613)
    >>> round(14 / 31, 6)
    0.451613
    """

    name = "linear"
    title = "Linear model (Ottaviano, Tabuchi & Thisse 2002)"
    axis = "T"
    symmetric = True
    vectorized = True
    ZERO_TOL = 0.0
    XTOL = 1e-300          # the threshold to relative 1e-15 (brentq's rtol): tau* may be ~1e-30
    DEFAULTS = {"alpha": 1.0, "beta": 2.0, "gamma": 1.0, "phi": 1.0, "H": 2.0, "L": 10.0}
    MEANINGS = {"alpha": "demand intercept (utility)", "beta": "own-variety quadratic term (beta > gamma)",
                "gamma": "substitutability between varieties (gamma > 0)",
                "phi": "skilled labour per firm (fixed cost; not the freeness of trade)",
                "H": "skilled (mobile) workers", "L": "unskilled (immobile) workers, L/2 per region"}

    def __init__(self, alpha: float = 1.0, beta: float = 2.0, gamma: float = 1.0, phi: float = 1.0,
                 H: float = 2.0, L: float = 10.0):
        super().__init__(alpha=alpha, beta=beta, gamma=gamma, phi=phi, H=H, L=L)

    def check(self) -> None:
        p = self.params
        for k in ("alpha", "beta", "gamma", "phi", "H", "L"):
            if not np.isfinite(p[k]):
                raise DomainError(f"{k} must be finite; got {p[k]:g}")
        for k in ("alpha", "gamma", "phi", "H", "L"):
            if not p[k] > 0:
                raise DomainError(f"{k} must be > 0 ({self.MEANINGS[k]}); got {p[k]:g}")
        if not p["beta"] > p["gamma"]:
            raise DomainError(f"beta must exceed gamma; got beta={p['beta']:g}, gamma={p['gamma']:g}")
        tt = tau_trade(**self.params)
        with np.errstate(all="ignore"):
            lC, ts = gap_coefficients(**self.params)
        if not (np.isfinite(tt) and tt > np.finfo(float).tiny and np.isfinite(lC) and np.isfinite(ts)):
            raise DomainError(f"the prohibitive transport cost tau_trade = 2 a phi/(2 b phi + c H) = {tt:.3g} leaves the "
                              "float range at these parameters (their ratios are too extreme)")

    def domain(self) -> tuple[float, float]:
        """Transport costs with trade: :math:`(0, \\tau_{trade})`."""
        return (0.0, tau_trade(**self.params))

    def search_grid(self, n: int) -> np.ndarray:
        """Uniform on the domain, joined by a geometric grid down to :math:`10^{-300}\\tau_{trade}` (the threshold
        :math:`\\tau^*` can be many orders of magnitude below :math:`\\tau_{trade}`, e.g. for large ``L/H``)."""
        _, hi = self.domain()
        return np.union1d(super().search_grid(n), np.geomspace(max(1e-300 * hi, np.finfo(float).tiny), hi * (1 - 1e-9), n))

    def gap(self, lam, x):
        """:math:`\\tau(\\tau^* - \\tau)(2\\lambda - 1)`: :math:`\\Delta V / C` (:func:`gap_coefficients`)."""
        _, ts = gap_coefficients(**self.params)
        lam, tau = np.broadcast_arrays(np.atleast_1d(np.asarray(lam, dtype=float)), np.asarray(x, dtype=float))
        return tau * (ts - tau) * (2 * lam - 1)

    def gap_slope(self, lam, x):
        _, ts = gap_coefficients(**self.params)
        lam, tau = np.broadcast_arrays(np.atleast_1d(np.asarray(lam, dtype=float)), np.asarray(x, dtype=float))
        return 2 * tau * (ts - tau) + 0 * lam

    def omega(self, lam, x):
        """:math:`\\Delta V = V_1 - V_2` (:func:`indirect_utility_gap_factorised`)."""
        return indirect_utility_gap_factorised(lam, x, **self.params)

    def break_closed(self) -> float | None:
        """OTT's :math:`\\tau^*` where it allows trade (``None`` otherwise)."""
        t = tau_star(**self.params)
        return t if t < tau_trade(**self.params) else None

    sustain_closed = break_closed
    x_break_closed = break_closed
    x_sustain_closed = break_closed
