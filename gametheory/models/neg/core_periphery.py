r"""Krugman's (1991) core-periphery model in the normalisation of Fujita, Krugman & Venables (1999, ch. 5).

Two regions; a share :math:`\mu` of income is spent on manufactures (CES, elasticity
:math:`\sigma > 1`), the rest on the freely traded agricultural good (the numeraire,
agricultural wage 1).  Workers: :math:`\mu` mobile manufacturing workers, a share
:math:`\lambda` of them in region 1; :math:`(1-\mu)/2` immobile farmers in each region.
Iceberg transport cost :math:`T \ge 1`, freeness of trade :math:`\phi = T^{1-\sigma}`.
With FKV's choice of units the short-run equilibrium is (FKV eqs. 5.1-5.4)

.. math::
    Y_1 = \mu\lambda w_1 + \tfrac{1-\mu}{2}, \qquad Y_2 = \mu(1-\lambda) w_2 + \tfrac{1-\mu}{2},

    G_1^{1-\sigma} = \lambda w_1^{1-\sigma} + (1-\lambda)\phi\, w_2^{1-\sigma}, \qquad
    G_2^{1-\sigma} = \lambda\phi\, w_1^{1-\sigma} + (1-\lambda) w_2^{1-\sigma},

    w_1^{\sigma} = Y_1 G_1^{\sigma-1} + \phi\, Y_2 G_2^{\sigma-1}, \qquad
    w_2^{\sigma} = \phi\, Y_1 G_1^{\sigma-1} + Y_2 G_2^{\sigma-1},

real wages :math:`\omega_r = w_r G_r^{-\mu}` and :math:`\Omega(\lambda) = \omega_1 - \omega_2`.
At a corner the empty region's wage is the one a deviant firm there could pay.

Closed forms (``mu < (sigma-1)/sigma``, the no-black-hole condition, FKV eq. 5.27):

* **break point**, FKV eq. (5.26), :math:`T^{\sigma-1} = \frac{(\rho+\mu)(1+\mu)}{(\rho-\mu)(1-\mu)}`
  with :math:`\rho = (\sigma-1)/\sigma`, i.e.
  :math:`\phi_B = \frac{(\sigma-1-\sigma\mu)(1-\mu)}{(\sigma-1+\sigma\mu)(1+\mu)}`
  (mu = 0.4, sigma = 5: :math:`\phi_B = 1/7`, :math:`T_B = 7^{1/4} \approx 1.6266`);
* **sustain point**, FKV eq. (5.19): the core is sustainable iff
  :math:`\omega_2/\omega_1 = T^{-\mu}\left[\tfrac{1+\mu}{2}T^{1-\sigma} + \tfrac{1-\mu}{2}T^{\sigma-1}\right]^{1/\sigma} \le 1`;
  in :math:`\phi`: :math:`\phi^{\mu\sigma/(\sigma-1)}\left[\tfrac{1+\mu}{2}\phi + \tfrac{1-\mu}{2\phi}\right] = 1`.
  :math:`\phi_S` is its root in :math:`(0, 1)` (the other root is :math:`\phi = 1`); it has no
  closed form and is solved by Brent's method to ``XTOL``.

Numerics: the wage equations, in logs (:math:`\sigma\ln w_r = \ln \text{rhs}_r`), are solved by
vectorised Newton iterations (analytic Jacobian, steps clipped to :math:`1/\max(\sigma-1, 1)` in :math:`\ln w`) from
:math:`w = 1`, stopping when every log residual is below ``NEWTON_TOL = 1e-14``;
non-convergence within ``NEWTON_MAXITER`` raises ``RuntimeError``.
"""

from __future__ import annotations

import numpy as np

from gametheory.models.neg import _ces

__all__ = ["CorePeriphery", "short_run", "closed_forms", "phi_break_closed", "phi_sustain_closed",
           "sustain_gap"]

NEWTON_TOL = 1e-14
NEWTON_MAXITER = 100


def short_run(lam, phi: float, mu: float, sigma: float) -> dict[str, np.ndarray]:
    """The short-run equilibrium at shares ``lam`` (array): ``w1, w2, G1, G2, Y1, Y2, omega1, omega2``."""
    lam = np.atleast_1d(np.asarray(lam, dtype=float))
    u = np.zeros((2,) + lam.shape)  # log wages
    s = sigma
    clip = 1.0 / max(s - 1.0, 1.0)
    for _ in range(NEWTON_MAXITER):
        w1, w2 = np.exp(u)
        Y1, Y2 = mu * lam * w1 + (1 - mu) / 2, mu * (1 - lam) * w2 + (1 - mu) / 2
        z1, z2 = w1 ** (1 - s), w2 ** (1 - s)
        g1, g2 = lam * z1 + (1 - lam) * phi * z2, lam * phi * z1 + (1 - lam) * z2  # G^(1-sigma)
        R1, R2 = Y1 / g1 + phi * Y2 / g2, phi * Y1 / g1 + Y2 / g2
        F1, F2 = s * u[0] - np.log(R1), s * u[1] - np.log(R2)  # log form of the wage equations
        if max(np.max(np.abs(F1)), np.max(np.abs(F2))) < NEWTON_TOL:
            break
        # derivatives of g_r with respect to log w_j: d z_j / d u_j = (1 - s) z_j
        g11, g12, g21, g22 = lam * (1 - s) * z1, (1 - lam) * phi * (1 - s) * z2, lam * phi * (1 - s) * z1, (1 - lam) * (1 - s) * z2
        y1, y2 = mu * lam * w1, mu * (1 - lam) * w2  # dY_r / du_r
        a1, a2 = Y1 / g1 ** 2, Y2 / g2 ** 2
        R1_1 = y1 / g1 - a1 * g11 - phi * a2 * g21
        R1_2 = -a1 * g12 + phi * y2 / g2 - phi * a2 * g22
        R2_1 = phi * y1 / g1 - phi * a1 * g11 - a2 * g21
        R2_2 = -phi * a1 * g12 + y2 / g2 - a2 * g22
        J11, J12 = s - R1_1 / R1, -R1_2 / R1
        J21, J22 = -R2_1 / R2, s - R2_2 / R2
        det = J11 * J22 - J12 * J21
        step = np.stack([(J22 * F1 - J12 * F2) / det, (J11 * F2 - J21 * F1) / det])
        u = u - np.clip(step, -clip, clip)  # G^(1-sigma) changes by at most a factor e per step
    else:
        raise RuntimeError(f"core-periphery wage equations did not converge (phi={phi}, mu={mu}, sigma={sigma})")
    w = np.exp(u)
    w1, w2 = w
    G1, G2 = g1 ** (1 / (1 - s)), g2 ** (1 / (1 - s))
    return {"w1": w1, "w2": w2, "G1": G1, "G2": G2, "Y1": Y1, "Y2": Y2,
            "omega1": w1 * G1 ** (-mu), "omega2": w2 * G2 ** (-mu)}


def phi_break_closed(mu: float, sigma: float) -> float:
    """FKV eq. (5.26) in phi: ``(sigma-1-sigma*mu)(1-mu) / ((sigma-1+sigma*mu)(1+mu))``."""
    return (sigma - 1 - sigma * mu) * (1 - mu) / ((sigma - 1 + sigma * mu) * (1 + mu))


def sustain_gap(phi, mu: float, sigma: float):
    r"""Log of FKV's sustain condition (5.19) in phi: :math:`\frac{\mu\sigma}{\sigma-1}\ln\phi + \ln\frac{(1+\mu)\phi^2 + 1-\mu}{2\phi}`.

    Negative where the core is sustainable (:math:`\omega_2 < \omega_1`).
    """
    return _ces.sustain_gap(phi, mu * sigma / (sigma - 1), mu)


def phi_sustain_closed(mu: float, sigma: float) -> float:
    """Root in (0, 1) of :func:`sustain_gap` (Brent, ``XTOL``)."""
    return _ces.sustain_root(mu * sigma / (sigma - 1), mu)


def closed_forms():
    """The published forms as sympy expressions: ``(phi_B(mu, sigma), sustain_condition(phi, mu, sigma))``.

    ``sustain_condition`` is FKV (5.19) in phi written as ``lhs - 1`` (zero at the sustain point).
    """
    import sympy as sp

    phi, mu, sigma = sp.symbols("phi mu sigma", positive=True)
    phi_b = (sigma - 1 - sigma * mu) * (1 - mu) / ((sigma - 1 + sigma * mu) * (1 + mu))
    sustain = phi ** (mu * sigma / (sigma - 1)) * ((1 + mu) * phi / 2 + (1 - mu) / (2 * phi)) - 1
    return phi_b, sustain


class CorePeriphery(_ces.CESModel):
    """Krugman (1991) / FKV (1999, ch. 5); trade variable ``phi``; parameters ``mu``, ``sigma``."""

    name = "core-periphery"
    _break = staticmethod(phi_break_closed)
    _sustain = staticmethod(phi_sustain_closed)

    @staticmethod
    def black_hole(mu: float, sigma: float) -> str | None:
        return "mu < (sigma-1)/sigma" if mu >= (sigma - 1) / sigma else None

    def omega(self, lam, x):
        r = short_run(lam, x, self.params["mu"], self.params["sigma"])
        return r["omega1"] - r["omega2"]
