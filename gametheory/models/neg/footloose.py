r"""The footloose-entrepreneur model (Forslid & Ottaviano 2003; Baldwin et al. 2003, ch. 4).

Two factors: entrepreneurs :math:`H` (mobile, one per firm: the fixed cost; a share
:math:`\lambda` in region 1) and workers (immobile, half in each region, wage 1 from a
freely traded numeraire sector).  Manufactures: CES with elasticity :math:`\sigma > 1`,
expenditure share :math:`\mu`; iceberg trade cost :math:`T`, :math:`\phi = T^{1-\sigma}`.
Units: :math:`H^w = 1`, mill price 1, world expenditure :math:`E^w = 1` (so workers'
income is :math:`1 - b`, :math:`b = \mu/\sigma`).  With
:math:`\Delta_1 = \lambda + \phi(1-\lambda)`, :math:`\Delta_2 = \phi\lambda + 1 - \lambda`,
an entrepreneur's reward (operating profit) and regional expenditure are

.. math::
    \pi_1 = b\left[\frac{E_1}{\Delta_1} + \phi\frac{E_2}{\Delta_2}\right],\quad
    \pi_2 = b\left[\phi\frac{E_1}{\Delta_1} + \frac{E_2}{\Delta_2}\right],\quad
    E_1 = \tfrac{1-b}{2} + \lambda\pi_1,\quad E_2 = \tfrac{1-b}{2} + (1-\lambda)\pi_2,

a linear system in :math:`(\pi_1, \pi_2)` solved exactly (Cramer's rule) at each
:math:`\lambda`.  Price indices :math:`P_r = \Delta_r^{1/(1-\sigma)}`, real rewards
:math:`\omega_r = \pi_r\Delta_r^{a}` with :math:`a = \mu/(\sigma-1)`, and
:math:`\Omega = \omega_1 - \omega_2`.

Closed forms (no-black-hole condition :math:`a < 1`, i.e. :math:`\mu < \sigma - 1`):

* **break point** (Baldwin et al. 2003, ch. 4; Forslid & Ottaviano 2003):
  :math:`\phi_B = \frac{(1-a)(1-b)}{(1+a)(1+b)} = \frac{(\sigma-1-\mu)(\sigma-\mu)}{(\sigma-1+\mu)(\sigma+\mu)}`
  (mu = 0.4, sigma = 5: :math:`\phi_B = 23/33`);
* **sustain point**: the root in :math:`(0, 1)` of
  :math:`\phi^{a}\,\frac{(1+b)\phi^2 + 1 - b}{2\phi} = 1` (:math:`\omega_2/\omega_1` at
  :math:`\lambda = 1`; same form as the core-periphery condition, :mod:`._ces`).
"""

from __future__ import annotations

import numpy as np

from gametheory.models.neg import _ces

__all__ = ["FootlooseEntrepreneur", "rewards", "phi_break_closed", "phi_sustain_closed", "closed_forms"]


def rewards(lam, phi: float, mu: float, sigma: float) -> dict[str, np.ndarray]:
    """Short-run equilibrium at shares ``lam``: ``pi1, pi2, E1, E2, Delta1, Delta2, omega1, omega2``."""
    lam = np.atleast_1d(np.asarray(lam, dtype=float))
    b, a = mu / sigma, mu / (sigma - 1)
    D1, D2 = lam + phi * (1 - lam), phi * lam + 1 - lam
    c = (1 - b) / 2
    # (1 - b lam/D1) pi1 - b phi (1-lam)/D2 pi2 = b c (1/D1 + phi/D2), and symmetrically
    A11, A12 = 1 - b * lam / D1, -b * phi * (1 - lam) / D2
    A21, A22 = -b * phi * lam / D1, 1 - b * (1 - lam) / D2
    r1, r2 = b * c * (1 / D1 + phi / D2), b * c * (phi / D1 + 1 / D2)
    det = A11 * A22 - A12 * A21
    pi1, pi2 = (r1 * A22 - A12 * r2) / det, (A11 * r2 - A21 * r1) / det
    return {"pi1": pi1, "pi2": pi2, "E1": c + lam * pi1, "E2": c + (1 - lam) * pi2,
            "Delta1": D1, "Delta2": D2, "omega1": pi1 * D1 ** a, "omega2": pi2 * D2 ** a}


def phi_break_closed(mu: float, sigma: float) -> float:
    """``(sigma-1-mu)(sigma-mu) / ((sigma-1+mu)(sigma+mu))``."""
    return (sigma - 1 - mu) * (sigma - mu) / ((sigma - 1 + mu) * (sigma + mu))


def phi_sustain_closed(mu: float, sigma: float) -> float:
    """Root in (0, 1) of the FE sustain condition (Brent, ``XTOL``)."""
    return _ces.sustain_root(mu / (sigma - 1), mu / sigma)


def closed_forms():
    """Sympy: ``(phi_B(mu, sigma), sustain_condition(phi, mu, sigma))``, the latter ``lhs - 1``."""
    import sympy as sp

    phi, mu, sigma = sp.symbols("phi mu sigma", positive=True)
    a, b = mu / (sigma - 1), mu / sigma
    return ((1 - a) * (1 - b) / ((1 + a) * (1 + b)),
            phi ** a * ((1 + b) * phi ** 2 + 1 - b) / (2 * phi) - 1)


class FootlooseEntrepreneur(_ces.CESModel):
    """Forslid & Ottaviano (2003); trade variable ``phi``; parameters ``mu``, ``sigma``."""

    name = "footloose-entrepreneur"
    _break = staticmethod(phi_break_closed)
    _sustain = staticmethod(phi_sustain_closed)

    @staticmethod
    def black_hole(mu: float, sigma: float) -> str | None:
        return "mu < sigma - 1" if mu >= sigma - 1 else None

    def omega(self, lam, x):
        r = rewards(lam, x, self.params["mu"], self.params["sigma"])
        return r["omega1"] - r["omega2"]
