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

a linear system in :math:`(\pi_1, \pi_2)`.  Price indices :math:`P_r = \Delta_r^{1/(1-\sigma)}`, real rewards
:math:`\omega_r = \pi_r\Delta_r^{a}` with :math:`a = \mu/(\sigma-1)`, and
:math:`\Omega = \omega_1 - \omega_2`.

**How it is solved.**  The system is the core-periphery wage system with fixed costs of
production (:math:`d = 0`) and income share :math:`s = b`: its exact solution is
:func:`gametheory.models.neg._ces.kernel` with :math:`x_1 = x_2 = \ln\phi`, :math:`\pi_r = b\,w_r`,
:math:`\Delta_r = h_r` (the kernel's :math:`W_1 = \lambda\pi_1/b`, and
:math:`\lambda\pi_1 + (1-\lambda)\pi_2 = b`).  The engine's payoff gap is
:math:`\ln\omega_1 - \ln\omega_2 = \ln(\pi_1/\pi_2) + a(\ln\Delta_1 - \ln\Delta_2)`; no iteration.

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

__all__ = ["FootlooseEntrepreneur", "rewards", "phi_break_closed", "phi_sustain_closed", "log_phi_break_closed",
           "closed_forms"]


def _parts(lam, ell, mu: float, sigma: float, sm1: float):
    """``(gap, ln omega1, ln omega2, (ln Delta1, ln Delta2, ln pi1, ln pi2))`` (broadcast)."""
    b, a = mu / sigma, mu / sm1
    lh1, lh2, lw1, lw2, _ = _ces.kernel(lam, ell, ell, b)
    lp1, lp2 = np.log(b) + lw1, np.log(b) + lw2
    return (lw1 - lw2) + a * (lh1 - lh2), lp1 + a * lh1, lp2 + a * lh2, (lh1, lh2, lp1, lp2)


def rewards(lam, phi: float | None = None, mu: float = 0.4, sigma: float = 5.0, *,
            log_phi: float | None = None) -> dict[str, np.ndarray]:
    """Short-run equilibrium at shares ``lam``: ``pi1, pi2, E1, E2, Delta1, Delta2, omega1, omega2``.

    Give the freeness of trade as ``phi`` or (for values that underflow) as ``log_phi``.
    """
    lam = np.atleast_1d(np.asarray(lam, dtype=float))
    ell = float(np.log(phi)) if log_phi is None else float(log_phi)
    _, lo1, lo2, (lh1, lh2, lp1, lp2) = _parts(lam, ell, mu, sigma, sigma - 1.0)
    c = (1 - mu / sigma) / 2
    with np.errstate(over="ignore", under="ignore"):
        pi1, pi2 = np.exp(lp1), np.exp(lp2)
        return {"pi1": pi1, "pi2": pi2, "E1": c + lam * pi1, "E2": c + (1 - lam) * pi2,
                "Delta1": np.exp(lh1), "Delta2": np.exp(lh2), "omega1": np.exp(lo1), "omega2": np.exp(lo2)}


def phi_break_closed(mu: float, sigma: float) -> float:
    """``(sigma-1-mu)(sigma-mu) / ((sigma-1+mu)(sigma+mu))``."""
    return (sigma - 1 - mu) * (sigma - mu) / ((sigma - 1 + mu) * (sigma + mu))


def log_phi_break_closed(mu: float, sigma: float, sm1: float | None = None) -> float:
    """``ln phi_B = ln((1-a)/(1+a)) + ln((1-b)/(1+b))`` without cancellation (``a = mu/(sigma-1)``, ``b = mu/sigma``;
    ``ln(1 - a)`` from ``(sigma - 1 - mu)/(sigma - 1)`` when ``a > 1/2``)."""
    sm1 = sigma - 1 if sm1 is None else sm1
    a, b = mu / sm1, mu / sigma
    ln_1m_a = np.log1p(-a) if a <= 0.5 else np.log((sm1 - mu) / sm1)
    return float(ln_1m_a - np.log1p(a) + np.log1p(-b) - np.log1p(b))


def phi_sustain_closed(mu: float, sigma: float) -> float:
    """Root in (0, 1) of the FE sustain condition (Brent in ``ln phi``; 0.0 where it underflows)."""
    return float(np.exp(_ces.sustain_root(mu / (sigma - 1), mu / sigma)))


def closed_forms():
    """Sympy: ``(phi_B(mu, sigma), sustain_condition(phi, mu, sigma))``, the latter ``lhs - 1``."""
    import sympy as sp

    phi, mu, sigma = sp.symbols("phi mu sigma", positive=True)
    a, b = mu / (sigma - 1), mu / sigma
    return ((1 - a) * (1 - b) / ((1 + a) * (1 + b)),
            phi ** a * ((1 + b) * phi ** 2 + 1 - b) / (2 * phi) - 1)


class FootlooseEntrepreneur(_ces.CESModel):
    """Forslid & Ottaviano (2003): parameters ``mu`` (expenditure share of manufactures) and ``sigma``.

    >>> fe = FootlooseEntrepreneur(mu=0.4, sigma=5)
    >>> round(fe.break_point().phi, 10), round(23 / 33, 10)
    (0.696969697, 0.696969697)
    """

    name = "footloose-entrepreneur"
    title = "Footloose-entrepreneur model (Forslid & Ottaviano 2003)"

    @staticmethod
    def black_hole(mu: float, sigma: float) -> str | None:
        return "mu < sigma - 1" if mu >= sigma - 1 else None

    def alpha_s(self) -> tuple[float, float]:
        mu, sigma = self.params["mu"], self.params["sigma"]
        return mu / self.sm1, mu / sigma

    def black_hole_margin(self) -> float:
        return (self.sm1 - self.params["mu"]) / self.sm1

    def _strength_text(self) -> str:
        return "mu/(sigma-1) + mu/sigma"

    def log_phi_break_closed(self) -> float:
        return log_phi_break_closed(self.params["mu"], self.params["sigma"], self.sm1)

    def gap(self, lam, x):
        """:math:`\\ln\\omega_1 - \\ln\\omega_2` at shares ``lam`` and ``ln phi = x`` (broadcast)."""
        return _parts(np.asarray(lam, dtype=float), np.asarray(x, dtype=float), self.params["mu"],
                      self.params["sigma"], self.sm1)[0]

    def gap_and_noise(self, lam, x):
        """``(gap, rounding level)`` (:func:`._ces.gap_noise`: the reward ratio's plus :math:`a` times the price-index terms')."""
        mu, sigma = self.params["mu"], self.params["sigma"]
        lam, ell = np.broadcast_arrays(np.asarray(lam, dtype=float), np.asarray(x, dtype=float))
        gap, _, _, (lh1, lh2, lp1, lp2) = _parts(lam, ell, mu, sigma, self.sm1)
        lw1, lw2 = lp1 - np.log(mu / sigma), lp2 - np.log(mu / sigma)
        nR, nh = _ces.gap_noise(lam, ell, 0.0, mu / sigma, lh1, lh2, lw1, lw2, np.abs(ell) <= 1)
        return gap, nR + mu / self.sm1 * nh

    def gap_slope(self, lam, x):
        """:math:`\\partial(\\ln\\omega_1 - \\ln\\omega_2)/\\partial\\lambda` by the complex step (exact to rounding)."""
        lam = np.asarray(lam, dtype=float)
        h = _ces.complex_step(lam)
        z = lam + 1j * h
        return np.imag(_parts(z, np.asarray(x, dtype=float), self.params["mu"], self.params["sigma"], self.sm1)[0]) / h

    def omega(self, lam, x):
        """:math:`\\Omega = \\omega_1 - \\omega_2`, as :math:`\\omega_2\\,\\mathrm{expm1}(\\text{gap})`."""
        gap, _, lo2, _ = _parts(np.asarray(lam, dtype=float), np.asarray(x, dtype=float), self.params["mu"],
                                self.params["sigma"], self.sm1)
        with np.errstate(over="ignore", under="ignore"):
            return np.exp(lo2) * np.expm1(gap)

    def short_run(self, lam, T=None, *, phi=None, log_phi=None):
        """The short-run equilibrium (:func:`rewards`) at shares ``lam`` and transport cost ``T`` (or ``phi``, ``log_phi``)."""
        from gametheory.models.neg.continuum import ShortRun

        x = self._x_from(T, phi, log_phi)
        lam = np.atleast_1d(np.asarray(lam, dtype=float))
        values = rewards(lam, mu=self.params["mu"], sigma=self.params["sigma"], log_phi=x)
        return ShortRun(self.name, self.T_of_x(x) if T is None else float(T), self.phi_of_x(x), lam, values)

    @staticmethod
    def closed_forms():
        """Sympy: ``(phi_B(mu, sigma), sustain_condition(phi, mu, sigma))`` (:func:`closed_forms`)."""
        return closed_forms()
