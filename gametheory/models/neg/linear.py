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
and the model has no threshold (``None``).  Here :math:`\Omega` is computed from the
primitives above, not from the factorised form, so the two can be compared.

Parameter names are OTT's; note that their ``phi`` is a fixed labour requirement, not the
freeness of trade (this model's trade variable is the transport cost :math:`T = \tau`).
"""

from __future__ import annotations

import numpy as np

from gametheory.errors import DomainError
from gametheory.models.neg.continuum import ContinuumModel

__all__ = ["LinearOTT", "demand_coefficients", "tau_star", "tau_trade", "indirect_utility_gap"]


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


def indirect_utility_gap(lam, tau, alpha, beta, gamma, phi, H, L) -> np.ndarray:
    """:math:`\\Delta V(\\lambda) = V_1 - V_2` of a skilled worker, from prices, quantities and utility."""
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

    S1 = surplus(n1, p11, q11, n2, p21, q21)
    S2 = surplus(n2, p22, q22, n1, p12, q12)
    return S1 - S2 + w1 - w2


class LinearOTT(ContinuumModel):
    """Ottaviano, Tabuchi & Thisse (2002); trade variable ``T`` (= tau); parameters as in the paper."""

    name = "linear"
    axis = "T"
    symmetric = True
    DEFAULTS = {"alpha": 1.0, "beta": 2.0, "gamma": 1.0, "phi": 1.0, "H": 2.0, "L": 10.0}
    MEANINGS = {"alpha": "demand intercept (utility)", "beta": "own-variety quadratic term (beta > gamma)",
                "gamma": "substitutability between varieties (gamma > 0)",
                "phi": "skilled labour per firm (fixed cost; not the freeness of trade)",
                "H": "skilled (mobile) workers", "L": "unskilled (immobile) workers, L/2 per region"}

    def check(self) -> None:
        p = self.params
        for k in ("alpha", "gamma", "phi", "H", "L"):
            if not p[k] > 0:
                raise DomainError(f"{k} must be > 0 ({self.MEANINGS[k]}); got {p[k]:g}")
        if not p["beta"] > p["gamma"]:
            raise DomainError(f"beta must exceed gamma; got beta={p['beta']:g}, gamma={p['gamma']:g}")

    def domain(self) -> tuple[float, float]:
        return (0.0, tau_trade(**self.params))

    def omega(self, lam, x):
        return indirect_utility_gap(lam, x, **self.params)

    def break_closed(self) -> float | None:
        t = tau_star(**self.params)
        return t if t < tau_trade(**self.params) else None

    sustain_closed = break_closed
