r"""Krugman's (1991) core-periphery model in the normalisation of Fujita, Krugman & Venables (1999, ch. 5).

Two regions; a share :math:`\mu` of income is spent on manufactures (CES, elasticity
:math:`\sigma > 1`), the rest on the freely traded agricultural good (the numeraire,
agricultural wage 1).  Workers: :math:`\mu` mobile manufacturing workers, a share
:math:`\lambda` of them in region 1; :math:`(1-\mu)/2` immobile farmers in each region.
Iceberg transport cost :math:`T > 1`, freeness of trade :math:`\phi = T^{1-\sigma}`.
With FKV's choice of units the short-run equilibrium is (FKV eqs. 5.1-5.4)

.. math::
    Y_1 = \mu\lambda w_1 + \tfrac{1-\mu}{2}, \qquad Y_2 = \mu(1-\lambda) w_2 + \tfrac{1-\mu}{2},

    G_1^{1-\sigma} = \lambda w_1^{1-\sigma} + (1-\lambda)\phi\, w_2^{1-\sigma}, \qquad
    G_2^{1-\sigma} = \lambda\phi\, w_1^{1-\sigma} + (1-\lambda) w_2^{1-\sigma},

    w_1^{\sigma} = Y_1 G_1^{\sigma-1} + \phi\, Y_2 G_2^{\sigma-1}, \qquad
    w_2^{\sigma} = \phi\, Y_1 G_1^{\sigma-1} + Y_2 G_2^{\sigma-1},

real wages :math:`\omega_r = w_r G_r^{-\mu}` and :math:`\Omega(\lambda) = \omega_1 - \omega_2`.
At a corner the empty region's wage is the one a deviant firm there could pay.

**How it is solved.**  Given the log wage ratio :math:`\rho = \ln(w_1/w_2)`, the wage
equations are linear in the wage bills and have the closed-form solution of
:func:`gametheory.models.neg._ces.kernel` with :math:`s = \mu`, :math:`x_{1,2} = \ln\phi \pm (\sigma-1)\rho`;
:math:`\rho` itself is the unique root of a scalar equation with slope :math:`\le -1`, solved
by bracketed Newton (:func:`~gametheory.models.neg._ces.solve_log_wage_ratio`, to relative
:math:`4\epsilon` plus the rounding level; it cannot fail to converge).  The engine's payoff gap is
:math:`\ln\omega_1 - \ln\omega_2 = (1-\mu)\rho + \frac{\mu}{\sigma-1}(\ln h_1 - \ln h_2)`
(:math:`h_r = G_r^{1-\sigma}/w_r^{1-\sigma}`), which has the sign of :math:`\Omega` and the sign of
its slope at a root; :math:`\Omega` itself is :math:`\omega_2\,\mathrm{expm1}(\text{gap})`.
Every :math:`\sigma > 1`, every :math:`T > 1` (:math:`\ln\phi = (1-\sigma)\ln T` finite), and
:math:`\lambda` in [0, 1] are solved; see :mod:`._ces` for what double precision resolves.

Closed forms (``mu < (sigma-1)/sigma``, the no-black-hole condition, FKV eq. 5.27), with
:math:`\alpha = \mu\sigma/(\sigma-1)`:

* **break point**, FKV eq. (5.26), :math:`T^{\sigma-1} = \frac{(\rho+\mu)(1+\mu)}{(\rho-\mu)(1-\mu)}`
  with :math:`\rho = (\sigma-1)/\sigma`, i.e.
  :math:`\phi_B = \frac{(\sigma-1-\sigma\mu)(1-\mu)}{(\sigma-1+\sigma\mu)(1+\mu)} = \frac{(1-\alpha)(1-\mu)}{(1+\alpha)(1+\mu)}`
  (mu = 0.4, sigma = 5: :math:`\phi_B = 1/7`, :math:`T_B = 7^{1/4} \approx 1.6266`);
* **sustain point**, FKV eq. (5.19): the core is sustainable iff
  :math:`\omega_2/\omega_1 = T^{-\mu}\left[\tfrac{1+\mu}{2}T^{1-\sigma} + \tfrac{1-\mu}{2}T^{\sigma-1}\right]^{1/\sigma} \le 1`;
  in :math:`\phi`: :math:`\phi^{\alpha}\left[\tfrac{1+\mu}{2}\phi + \tfrac{1-\mu}{2\phi}\right] = 1`.
  :math:`\phi_S` is its root in :math:`(0, 1)` (the other root is :math:`\phi = 1`); it has no
  closed form and is solved in :math:`\ln\phi` by Brent's method (:func:`._ces.sustain_root`).
"""

from __future__ import annotations

import numpy as np

from gametheory.models.neg import _ces

__all__ = ["CorePeriphery", "short_run", "closed_forms", "phi_break_closed", "phi_sustain_closed",
           "log_phi_break_closed", "sustain_gap"]


def _gap_parts(lam, ell, mu: float, sm1: float):
    """``(gap, ln omega1, ln omega2, rho, parts)`` at real shares ``lam`` and ``ln phi = ell`` (broadcast)."""
    rho, (lh1, lh2, lw1, lw2) = _ces.solve_log_wage_ratio(lam, ell, mu, sm1)
    a = mu / sm1
    gap = (1 - mu) * rho + a * (lh1 - lh2)
    return gap, (1 - mu) * lw1 + a * lh1, (1 - mu) * lw2 + a * lh2, rho, (lh1, lh2, lw1, lw2)


def short_run(lam, phi: float | None = None, mu: float = 0.4, sigma: float = 5.0, *,
              log_phi: float | None = None) -> dict[str, np.ndarray]:
    """The short-run equilibrium at shares ``lam`` (array): ``w1, w2, G1, G2, Y1, Y2, omega1, omega2``.

    Give the freeness of trade as ``phi`` or (for values that underflow) as ``log_phi``.
    Price indices from :math:`\\ln G_r = \\ln w_r - \\ln h_r/(\\sigma-1)`.
    """
    lam = np.atleast_1d(np.asarray(lam, dtype=float))
    ell = float(np.log(phi)) if log_phi is None else float(log_phi)
    sm1 = sigma - 1.0
    _, lo1, lo2, _, (lh1, lh2, lw1, lw2) = _gap_parts(lam, ell, mu, sm1)
    with np.errstate(over="ignore", under="ignore"):
        w1, w2 = np.exp(lw1), np.exp(lw2)
        return {"w1": w1, "w2": w2, "G1": np.exp(lw1 - lh1 / sm1), "G2": np.exp(lw2 - lh2 / sm1),
                "Y1": mu * lam * w1 + (1 - mu) / 2, "Y2": mu * (1 - lam) * w2 + (1 - mu) / 2,
                "omega1": np.exp(lo1), "omega2": np.exp(lo2)}


def phi_break_closed(mu: float, sigma: float) -> float:
    """FKV eq. (5.26) in phi: ``(sigma-1-sigma*mu)(1-mu) / ((sigma-1+sigma*mu)(1+mu))``."""
    return (sigma - 1 - sigma * mu) * (1 - mu) / ((sigma - 1 + sigma * mu) * (1 + mu))


def log_phi_break_closed(mu: float, sigma: float, sm1: float | None = None) -> float:
    """``ln phi_B`` of FKV (5.26) without cancellation: ``ln((1-alpha)/(1+alpha)) + ln((1-mu)/(1+mu))``.

    ``ln(1 - alpha)`` as ``log1p(-alpha)`` for ``alpha <= 1/2``, else as the log of
    ``1 - alpha = (sigma - 1 - sigma mu)/(sigma - 1)`` (accurate near the black hole).
    """
    sm1 = sigma - 1 if sm1 is None else sm1
    alpha = mu * sigma / sm1
    ln_1m_alpha = np.log1p(-alpha) if alpha <= 0.5 else np.log((sm1 - sigma * mu) / sm1)
    return float(ln_1m_alpha - np.log1p(alpha) + np.log1p(-mu) - np.log1p(mu))


def sustain_gap(phi, mu: float, sigma: float):
    r"""Log of FKV's sustain condition (5.19) in phi: :math:`\frac{\mu\sigma}{\sigma-1}\ln\phi + \ln\frac{(1+\mu)\phi^2 + 1-\mu}{2\phi}`.

    Negative where the core is sustainable (:math:`\omega_2 < \omega_1`).
    """
    return _ces.sustain_gap(np.log(np.asarray(phi, dtype=float)), mu * sigma / (sigma - 1), mu)


def phi_sustain_closed(mu: float, sigma: float) -> float:
    """Root in (0, 1) of :func:`sustain_gap` (Brent in ``ln phi``; 0.0 where it underflows)."""
    return float(np.exp(_ces.sustain_root(mu * sigma / (sigma - 1), mu)))


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
    """Krugman (1991) / FKV (1999, ch. 5): parameters ``mu`` (expenditure share of manufactures) and ``sigma``.

    >>> cp = CorePeriphery(mu=0.4, sigma=5)
    >>> cp.break_point()
    Threshold(kind='break', T=1.62658, phi=0.142857)
    >>> [(round(e.lam, 4), e.stable) for e in cp.equilibria(T=1.7)]
    [(0.0, True), (0.1651, False), (0.5, True), (0.8349, False), (1.0, True)]
    """

    name = "core-periphery"
    title = "Core-periphery model (Krugman 1991; Fujita, Krugman & Venables 1999, ch. 5)"

    @staticmethod
    def black_hole(mu: float, sigma: float) -> str | None:
        return "mu < (sigma-1)/sigma" if not sigma * (1 - mu) > 1 else None

    def alpha_s(self) -> tuple[float, float]:
        mu, sigma = self.params["mu"], self.params["sigma"]
        return mu * sigma / self.sm1, mu

    def black_hole_margin(self) -> float:
        mu, sigma = self.params["mu"], self.params["sigma"]
        return (self.sm1 - sigma * mu) / self.sm1

    def _strength_text(self) -> str:
        return "mu sigma/(sigma-1) + mu"

    def log_phi_break_closed(self) -> float:
        return log_phi_break_closed(self.params["mu"], self.params["sigma"], self.sm1)

    def gap(self, lam, x):
        """:math:`\\ln\\omega_1 - \\ln\\omega_2` at shares ``lam`` and ``ln phi = x`` (broadcast)."""
        return _gap_parts(np.asarray(lam, dtype=float), np.asarray(x, dtype=float), self.params["mu"], self.sm1)[0]

    def gap_and_noise(self, lam, x):
        """``(gap, rounding level)``: the wage ratio's rounding divided by :math:`|\\psi'|` (the solver's
        root error), plus :math:`\\mu/(\\sigma-1)` times the price-index terms' (:func:`._ces.gap_noise`)."""
        mu, sm1 = self.params["mu"], self.sm1
        lam, ell = np.broadcast_arrays(np.asarray(lam, dtype=float), np.asarray(x, dtype=float))
        gap, _, _, rho, (lh1, lh2, lw1, lw2) = _gap_parts(lam, ell, mu, sm1)
        d = sm1 * rho
        near = (np.abs(ell + d) <= 1) & (np.abs(ell - d) <= 1)
        nR, nh = _ces.gap_noise(lam, ell, d, mu, lh1, lh2, lw1, lw2, near)
        dpsi = np.abs(sm1 * _ces.kernel_slope_d(lam, lh1, lh2, lw1, lw2, mu) - 1)
        return gap, (1 - mu) * nR / dpsi + mu / sm1 * nh

    def gap_slope(self, lam, x):
        """:math:`\\partial(\\ln\\omega_1 - \\ln\\omega_2)/\\partial\\lambda` by the complex step (exact to rounding)."""
        mu, sm1 = self.params["mu"], self.sm1
        lam, ell = np.broadcast_arrays(np.asarray(lam, dtype=float), np.asarray(x, dtype=float))
        h = _ces.complex_step(lam)
        rho, (lh1, lh2, lw1, lw2) = _ces.solve_log_wage_ratio(lam, ell, mu, sm1)
        dpsi = sm1 * _ces.kernel_slope_d(lam, lh1, lh2, lw1, lw2, mu) - 1
        z = lam + 1j * h
        d = sm1 * rho
        _, _, c1, c2, _ = _ces.kernel(z, ell + d, ell - d, mu)
        rho_c = rho - ((c1 - c2) - rho) / dpsi          # one Newton step at the complex share: Im = h drho/dlam
        d = sm1 * rho_c
        ch1, ch2, _, _, _ = _ces.kernel(z, ell + d, ell - d, mu)
        gap_c = (1 - mu) * rho_c + mu / sm1 * (ch1 - ch2)
        return np.imag(gap_c) / h

    def omega(self, lam, x):
        """FKV's :math:`\\Omega = \\omega_1 - \\omega_2`, as :math:`\\omega_2\\,\\mathrm{expm1}(\\text{gap})`."""
        gap, _, lo2, _, _ = _gap_parts(np.asarray(lam, dtype=float), np.asarray(x, dtype=float),
                                       self.params["mu"], self.sm1)
        with np.errstate(over="ignore", under="ignore"):
            return np.exp(lo2) * np.expm1(gap)

    def short_run(self, lam, T=None, *, phi=None, log_phi=None):
        """The short-run equilibrium (:func:`short_run`) at shares ``lam`` and transport cost ``T`` (or ``phi``, ``log_phi``)."""
        from gametheory.models.neg.continuum import ShortRun

        x = self._x_from(T, phi, log_phi)
        lam = np.atleast_1d(np.asarray(lam, dtype=float))
        values = short_run(lam, mu=self.params["mu"], sigma=self.params["sigma"], log_phi=x)
        return ShortRun(self.name, self.T_of_x(x) if T is None else float(T), self.phi_of_x(x), lam, values)

    @staticmethod
    def closed_forms():
        """Sympy: ``(phi_B(mu, sigma), sustain_condition(phi, mu, sigma))`` (:func:`closed_forms`)."""
        return closed_forms()
