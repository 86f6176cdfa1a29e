r"""What the CES models (core-periphery and footloose entrepreneur) share: one well-conditioned kernel.

**Trade variable.**  Both models are solved in the log freeness of trade
:math:`\ell = \ln\phi = (1-\sigma)\ln T \in (-\infty, 0)`, never in :math:`\phi` itself: for
large :math:`\sigma`, :math:`\phi = T^{1-\sigma}` underflows to 0 for any :math:`T > 1`
(:math:`\sigma = 1000`, :math:`T = 3`), and near the black hole the sustain point is
:math:`\phi_S < 10^{-308}`; :math:`\ell` stays finite for every finite :math:`T > 1`.

**The kernel** (:func:`kernel`).  Given a share :math:`\lambda` of firms in region 1, the
two regions' delivered-price terms :math:`x_1 = \ell + d`, :math:`x_2 = \ell - d` (``d`` is
:math:`(\sigma-1)\ln(w_1/w_2)` in the core-periphery model, 0 in the footloose-entrepreneur
model) and the share ``s`` of the mobile factor's income in expenditure, let

.. math::
    h_1 = \lambda + (1-\lambda)e^{x_1}, \qquad h_2 = \lambda e^{x_2} + 1 - \lambda,\qquad
    a = \lambda/h_1, \quad b = (1-\lambda)/h_2

(:math:`a`, :math:`b`: the shares of each region's spending on its own region's varieties;
:math:`h_r` is :math:`G_r^{1-\sigma}` in units of the local wage).  The factor rewards per
unit of the mobile factor, :math:`w_1 = (c/h_1 + k e^{x_2}/h_2)/D`, :math:`w_2 = (c/h_2 + k e^{x_1}/h_1)/D`
with :math:`c = (1-s)/2`, :math:`k = (1+s)/2`, :math:`D = 1 - s(a + b - 1)`, solve the
market-clearing conditions exactly: with :math:`W_1 = \lambda w_1`, :math:`W_2 = (1-\lambda) w_2`,
:math:`W_1 = a(sW_1 + c) + (1-b)(sW_2 + c)`, :math:`W_1 + W_2 = 1` (world income is fixed by
the immobile factor; FKV 1999, eqs. 5.1-5.4 for ``s = mu``; Forslid & Ottaviano 2003 for
``s = mu/sigma``).  Closed-form in the shares, hence cheap and exact.

**Conditioning.**  Two forms of the same formulas:

* *near free trade* (:math:`|x_1|, |x_2| \le 1`): everything as deviations from free trade with
  ``expm1``/``log1p`` (:math:`\ln h_1 = \mathrm{log1p}((1-\lambda)\,\mathrm{expm1}(x_1))`, ...), so
  that quantities of order :math:`|\ell|` keep their relative precision as :math:`\ell \to 0`;
* *far from free trade*: in logs with log-sum-exp, so that nothing over- or underflows
  (:math:`\lambda = 0` and :math:`\lambda = 1` included: the corners are the limits, e.g. the
  wage a deviant firm could pay in the empty region).

Both forms are analytic in :math:`\lambda` and in ``d``, and accept complex arguments:
slopes :math:`\partial/\partial\lambda` are taken by the complex step
:math:`\mathrm{Im}\,f(\lambda + ih)/h` (:math:`h = 10^{-20}\min(\lambda, 1-\lambda)`, :func:`complex_step`),
exact to rounding, with no cancellation (finite differences lose :math:`1/h` relative digits).

**What double precision resolves.**  Close to free trade the regions' first-order
differences cancel, and the payoff gap is :math:`O(\ell^2) + O(\mu_{eff}\,\ell)`, where
:math:`\mu_{eff}` (:meth:`CESModel.strength`) is the strength of the agglomeration forces (the
slope of the sustain condition at :math:`\phi = 1`); its relative rounding error is about
:math:`10^{-16}/\max(|\ell|, \mu_{eff})`.  Near the black hole the corner gap is a difference of
terms :math:`1/(1-\alpha)` larger than itself.  Parameter sets with
:math:`\mu_{eff} < 10^{-12}` or :math:`1 - \alpha < 10^{-12}` are refused
(:class:`~gametheory.errors.DomainError`, one line): there the break and sustain points are
within :math:`10^{-12}` of free trade, or the sustain point is below :math:`\phi = e^{-6.9\cdot 10^{11}}`,
and the rounding error reaches :math:`10^{-4}` of the result.  Inside a hysteresis band (of relative
width :math:`O(\mu_{eff}^2)`) narrower than rounding can resolve, equilibria are refused too
(:meth:`CESModel.check_resolved`).

The sustain condition of both models has the form (FKV 1999, eq. 5.19; Baldwin et al. 2003, ch. 4)

.. math:: \phi^{\alpha}\,\frac{(1+s)\phi^2 + 1 - s}{2\phi} = 1
          \iff \alpha\ell + \ln(\cosh\ell + s\sinh\ell) = 0,

with :math:`\alpha = \mu\sigma/(\sigma-1)`, :math:`s = \mu` (core-periphery) or
:math:`\alpha = \mu/(\sigma-1)`, :math:`s = \mu/\sigma` (footloose entrepreneur).  The left side,
:func:`sustain_gap`, is convex in :math:`\ell`, zero at :math:`\ell = 0` with slope
:math:`\alpha + s > 0` there and tends to :math:`+\infty` as :math:`\ell \to -\infty` when
:math:`\alpha < 1` (no black hole): it has exactly one root in :math:`(-\infty, 0)`, the sustain
point, found by Brent's method to relative ``4e-16`` (:func:`sustain_root`).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from scipy.optimize import brentq

from gametheory.errors import DomainError, UserInputError
from gametheory.models.neg.continuum import ContinuumModel

__all__ = ["kernel", "kernel_slope_d", "gap_noise", "solve_log_wage_ratio", "sustain_gap", "sustain_root", "CESModel",
           "MIN_STRENGTH", "MIN_BLACK_HOLE_MARGIN", "COMPLEX_STEP", "complex_step"]

EPS = float(np.finfo(float).eps)
#: Smallest strength of the agglomeration forces (:meth:`CESModel.strength`) resolved in double precision.
MIN_STRENGTH = 1e-12
#: Smallest distance ``1 - alpha`` to the black hole resolved in double precision.
MIN_BLACK_HOLE_MARGIN = 1e-12
#: Imaginary step of the complex-step derivative.
COMPLEX_STEP = 1e-20
#: Iteration cap of the bracketed Newton solver (never reached in the tests; a safeguard, not an error).
MAXITER = 200


def complex_step(lam):
    """The imaginary step at shares ``lam``: ``COMPLEX_STEP`` times the distance to the nearer corner (1 at the
    corners): the gap is analytic within about that distance (its singularities sit at
    :math:`\\lambda = -\\phi/(1-\\phi)` and :math:`1 + \\phi/(1-\\phi)`)."""
    lam = np.asarray(lam, dtype=float)
    return COMPLEX_STEP * np.where((lam > 0) & (lam < 1), np.minimum(lam, 1 - lam), 1.0)


def _lse(a, b):
    """``log(exp(a) + exp(b))`` for real or complex arrays; ``-inf`` entries allowed."""
    m = np.maximum(np.real(a), np.real(b))
    m = np.where(np.isfinite(m), m, 0.0)
    return m + np.log(np.exp(a - m) + np.exp(b - m))


def kernel(lam, x1, x2, s: float):
    """``(ln h1, ln h2, ln w1, ln w2, near)`` of the module docstring, broadcast over the arguments.

    ``lam`` in [0, 1] (real or complex), ``x1``, ``x2`` finite (real or complex), ``0 < s < 1``.
    ``near`` marks the entries computed in the near-free-trade form.
    """
    lam, x1, x2 = np.broadcast_arrays(lam, x1, x2)
    c, k = (1 - s) / 2, (1 + s) / 2
    near = (np.abs(np.real(x1)) <= 1) & (np.abs(np.real(x2)) <= 1)
    all_near, any_near = bool(near.all()), bool(near.any())
    with np.errstate(all="ignore"):
        if any_near:  # near free trade: deviations from phi = 1, d = 0
            lh1n = np.log1p((1 - lam) * np.expm1(x1))
            lh2n = np.log1p(lam * np.expm1(x2))
            s1m, t1m = np.expm1(-lh1n), np.expm1(x1 - lh1n)  # 1/h1 - 1, e^x1/h1 - 1
            s2m, t2m = np.expm1(-lh2n), np.expm1(x2 - lh2n)
            Dn = lam * (s1m - t2m)                            # a + b - 1
            den_n = 1 - s * Dn
            lw1n = np.log1p((c * s1m + k * t2m + s * Dn) / den_n)
            lw2n = np.log1p((c * s2m + k * t1m + s * Dn) / den_n)
            if all_near:
                return lh1n, lh2n, lw1n, lw2n, near
        # far from free trade: logs throughout
        ll, l1l = np.log(lam), np.log1p(-lam)
        lh1f = _lse(ll, l1l + x1)
        lh2f = _lse(ll + x2, l1l)
        den_f = 1 - s * (np.exp(ll - lh1f) + np.exp(l1l - lh2f) - 1)
        lden = np.log(den_f)
        lw1f = _lse(np.log(c) - lh1f, np.log(k) + x2 - lh2f) - lden
        lw2f = _lse(np.log(c) - lh2f, np.log(k) + x1 - lh1f) - lden
    if not any_near:
        return lh1f, lh2f, lw1f, lw2f, near
    pick = lambda u, v: np.where(near, u, v)
    return pick(lh1n, lh1f), pick(lh2n, lh2f), pick(lw1n, lw1f), pick(lw2n, lw2f), near


def kernel_slope_d(lam, lh1, lh2, lw1, lw2, s: float):
    r""":math:`\partial(\ln w_1 - \ln w_2)/\partial d` (real arguments): :math:`-[\pi_1(1-a) + (1-\pi_1)b] - [\pi_2(1-b) + (1-\pi_2)a]`
    with :math:`\pi_r = (c/h_r)/(w_r D)`; in :math:`[-2, 0]`."""
    c = (1 - s) / 2
    with np.errstate(all="ignore"):
        a = np.exp(np.log(lam) - lh1)
        b = np.exp(np.log1p(-lam) - lh2)
        lden = np.log(1 - s * (a + b - 1))
        p1 = np.exp(np.log(c) - lh1 - lw1 - lden)
        p2 = np.exp(np.log(c) - lh2 - lw2 - lden)
    return -(p1 * (1 - a) + (1 - p1) * b) - (p2 * (1 - b) + (1 - p2) * a)


def gap_noise(lam, ell, d, s: float, lh1, lh2, lw1, lw2, near):
    r"""Rounding levels ``(of ln w1 - ln w2, of ln h1 - ln h2)`` of :func:`kernel` outputs (absolute; broadcast).

    :math:`16\epsilon` times: the error :math:`\epsilon(|\ell| + |d|)` of :math:`x_{1,2}`, weighted by how
    much it is felt (:math:`|\partial R/\partial d|` for the wage ratio, :math:`(1 - a) + (1 - b)` for the
    price-index terms: nothing in autarky, where the import terms vanish); the magnitudes of
    :math:`\ln w_r` (resp. :math:`\ln h_r`); and, in the log-sum-exp form, those of
    :math:`\ln\lambda`, :math:`\ln(1-\lambda)`.
    """
    with np.errstate(all="ignore"):
        ll, l1l = np.log(lam), np.log1p(-lam)
        a, b = np.exp(ll - lh1), np.exp(l1l - lh2)
        Rd = kernel_slope_d(lam, lh1, lh2, lw1, lw2, s)
        far = np.where(near, 0.0, 1 + np.where(np.isfinite(ll), np.abs(ll), 0.0) + np.where(np.isfinite(l1l), np.abs(l1l), 0.0))
    xerr = np.abs(ell) + np.abs(d)
    return (16 * EPS * (xerr * np.abs(Rd) + np.abs(lw1) + np.abs(lw2) + far),
            16 * EPS * (xerr * ((1 - a) + (1 - b)) + np.abs(lh1) + np.abs(lh2) + far))


def solve_log_wage_ratio(lam, ell, s: float, sm1: float, *, return_iterations: bool = False):
    r"""The core-periphery short run: :math:`\rho = \ln(w_1/w_2)` solving :math:`\rho = R(\lambda, \ell, (\sigma-1)\rho)`.

    :math:`R` = ``ln w1 - ln w2`` of :func:`kernel` with :math:`x_{1,2} = \ell \pm (\sigma-1)\rho`;
    ``sm1`` is :math:`\sigma - 1`.  :math:`\psi(\rho) = R - \rho` is strictly decreasing with
    :math:`\psi' \le -1` (:func:`kernel_slope_d`), so the root is unique and lies between 0 and
    :math:`R(\lambda, \ell, 0)`: Newton's method safeguarded by bisection inside that bracket
    (it cannot fail), stopped when the step is below :math:`4\epsilon|\rho|` plus the rounding
    level of :math:`\psi` divided by :math:`|\psi'|` (the rounding level: :math:`8\epsilon` times
    :math:`(|\ell| + |d|)\,|\partial R/\partial d|` -- the error of :math:`x_{1,2}` weighted by
    :math:`|\partial R/\partial x_1| + |\partial R/\partial x_2| = |\partial R/\partial d|` -- plus the
    magnitudes of :math:`\ln w_r` and, in the log-sum-exp form, of :math:`\ln\lambda`,
    :math:`\ln(1-\lambda)`), or when the bracket has collapsed.  At most 48 iterations in a scan of
    2,000 random parameter sets over the whole range (``tests/neg/test_extremes.py``; ``MAXITER = 200``
    is a safeguard, the result is returned either way).  Real arguments, broadcast.
    Returns ``(rho, (ln h1, ln h2, ln w1, ln w2))`` at the solution (and, with
    ``return_iterations``, the number of Newton/bisection iterations taken).
    """
    lam, ell = np.broadcast_arrays(np.asarray(lam, dtype=float), np.asarray(ell, dtype=float))
    shape = lam.shape
    lam, ell = lam.ravel().copy(), ell.ravel().copy()
    rho = np.zeros(lam.size)

    def evaluate(idx, r):
        d = sm1 * r
        lh1, lh2, lw1, lw2, near = kernel(lam[idx], ell[idx] + d, ell[idx] - d, s)
        with np.errstate(all="ignore"):
            far_mag = 1 + np.abs(np.log(lam[idx])) + np.abs(np.log1p(-lam[idx]))
        Rd = kernel_slope_d(lam[idx], lh1, lh2, lw1, lw2, s)
        # rounding level of psi: x1, x2 carry eps (|ell| + |d|), felt with weight |dR/dx1| + |dR/dx2| = |Rd|;
        # the log-sum-exp form adds eps times the magnitudes of ln(lam), ln(1 - lam)
        noise = 8 * EPS * ((np.abs(ell[idx]) + np.abs(d)) * np.abs(Rd) + np.abs(lw1) + np.abs(lw2)
                           + np.where(near, 0.0, np.where(np.isfinite(far_mag), far_mag, 1.0)))
        return (lw1 - lw2) - r, sm1 * Rd - 1, noise, (lh1, lh2, lw1, lw2)

    everything = np.arange(lam.size)
    psi, dpsi, noise, parts = evaluate(everything, rho)
    out = [p.copy() for p in parts]
    lo, hi = np.minimum(0.0, psi), np.maximum(0.0, psi)
    active = everything[psi != 0]
    psi_a, dpsi_a = psi[active], dpsi[active]
    iterations = 0
    for iterations in range(1, MAXITER + 1):
        if not active.size:
            iterations -= 1
            break
        r = rho[active]
        a_lo, a_hi = lo[active], hi[active]
        step = -psi_a / dpsi_a
        new = r + step
        small = np.abs(step) <= 4 * EPS * np.abs(r) + noise[active] / np.abs(dpsi_a)
        outside = ~((new >= a_lo) & (new <= a_hi)) & ~small
        new = np.where(outside, 0.5 * (a_lo + a_hi), new)
        p_new, dp_new, nz, prt = evaluate(active, new)
        lo[active] = np.where(p_new > 0, new, a_lo)
        hi[active] = np.where(p_new < 0, new, a_hi)
        rho[active] = new
        noise[active] = nz
        for o, p in zip(out, prt):
            o[active] = p
        done = (small | (p_new == 0) | (np.abs(new - r) <= 4 * EPS * np.abs(new) + nz / np.abs(dp_new))
                | (hi[active] - lo[active] <= 4 * EPS * np.maximum(np.abs(lo[active]), np.abs(hi[active]))))
        keep = ~done
        active, psi_a, dpsi_a = active[keep], p_new[keep], dp_new[keep]
    result = rho.reshape(shape), tuple(o.reshape(shape) for o in out)
    return (*result, iterations) if return_iterations else result


def sustain_gap(ell, alpha: float, s: float):
    r""":math:`\alpha\ell + \ln(\cosh\ell + s\sinh\ell)`, the log of the sustain condition; negative where the core is sustainable.

    Near 0 as :math:`\mathrm{log1p}(2\sinh^2(\ell/2) + s\sinh\ell)`, elsewhere by log-sum-exp.
    """
    ell = np.asarray(ell, dtype=float)
    with np.errstate(all="ignore"):
        near = np.log1p(2 * np.sinh(ell / 2) ** 2 + s * np.sinh(ell))
        far = _lse(np.log((1 + s) / 2) + ell, np.log((1 - s) / 2) - ell)
    return alpha * ell + np.where(np.abs(ell) <= 1, near, far)


def sustain_root(alpha: float, s: float) -> float:
    """The root of :func:`sustain_gap` in :math:`(-\\infty, 0)`: the sustain point in ``ln phi`` (Brent, relative ``4e-16``)."""
    f = lambda t: float(sustain_gap(t, alpha, s))
    hi = -0.5 * (alpha + s) / (1 + s)            # the gap is below ell (alpha + s + ell/2) < 0 here
    while not f(hi) < 0:                          # pragma: no cover - guard against rounding at tiny alpha + s
        hi /= 2
        if hi > -1e-300:
            raise DomainError(f"no sustain point resolved (alpha={alpha:g}, s={s:g})")
    lo = 2 * hi
    while not f(lo) > 0:
        lo *= 2
        if not np.isfinite(lo):
            raise DomainError(f"no sustain point: the core is sustainable at every phi (black hole; alpha={alpha:g})")
    return brentq(f, lo, hi, xtol=1e-300, rtol=4 * EPS)


def _float(v) -> float:
    return float(v)


class CESModel(ContinuumModel):
    """Common part of the CES models: parameters ``mu`` in (0, 1) and ``sigma`` > 1, trade variable ``ln phi``.

    The engine coordinate ``x`` is :math:`\\ell = \\ln\\phi` (reported as ``phi`` and ``T``).
    Subclasses give ``black_hole(mu, sigma) -> str | None``, :meth:`alpha_s` (the exponents of the
    sustain condition), :meth:`black_hole_margin`, :meth:`log_phi_break_closed`, and the
    kernel-based :meth:`gap`, :meth:`gap_slope`, :meth:`omega`.
    """

    axis = "phi"
    symmetric = True
    vectorized = True
    ZERO_TOL = 0.0
    XTOL = 1e-300          # thresholds to relative 4e-16 in ln phi (brentq's rtol)
    DEFAULTS = {"mu": 0.4, "sigma": 5.0}
    MEANINGS = {"mu": "expenditure share of manufactures",
                "sigma": "elasticity of substitution between varieties"}

    def __init__(self, mu: float = 0.4, sigma: float = 5.0):
        self._exact = {k: v for k, v in (("mu", mu), ("sigma", sigma)) if isinstance(v, (Fraction, int))}
        super().__init__(mu=mu, sigma=sigma)

    @staticmethod
    def black_hole(mu: float, sigma: float) -> str | None:
        raise NotImplementedError

    @property
    def sm1(self) -> float:
        """:math:`\\sigma - 1` (from the exact value when one was given)."""
        sig = self._exact.get("sigma")
        return float(Fraction(sig) - 1) if sig is not None else self.params["sigma"] - 1.0

    def alpha_s(self) -> tuple[float, float]:
        raise NotImplementedError

    def black_hole_margin(self) -> float:
        """:math:`1 - \\alpha` computed without cancellation."""
        raise NotImplementedError

    def strength(self) -> float:
        """:math:`\\alpha + s`: the slope of the sustain condition at free trade, the scale of :math:`|\\ln\\phi|` at the thresholds."""
        a, s = self.alpha_s()
        return a + s

    def check(self) -> None:
        mu, sigma = self.params["mu"], self.params["sigma"]
        if not (np.isfinite(mu) and np.isfinite(sigma)):
            raise DomainError(f"mu and sigma must be finite; got mu={mu:g}, sigma={sigma:g}")
        if not 0 < mu < 1:
            raise DomainError(f"mu must lie in (0, 1); got {mu:g}")
        if not sigma > 1:
            raise DomainError(f"sigma must exceed 1; got {sigma:g}")
        violated = self.black_hole(mu, sigma)
        if violated:
            raise DomainError(f"no-black-hole condition {violated} violated: mu={mu:g}, sigma={sigma:g} "
                              "(agglomeration at every trade cost)")
        margin = self.black_hole_margin()
        if margin < MIN_BLACK_HOLE_MARGIN:
            _, s = self.alpha_s()
            raise DomainError(f"mu={mu!r}, sigma={sigma!r} is within {MIN_BLACK_HOLE_MARGIN:g} of the black hole "
                              f"(1 - alpha = {margin:.3g}): the sustain point is near phi = "
                              f"exp({np.log((1 - s) / 2) / margin:.2g}), beyond what double precision resolves")
        if self.strength() < MIN_STRENGTH:
            raise DomainError(f"mu={mu!r}, sigma={sigma!r}: agglomeration forces of order {self.strength():.3g} put "
                              f"the break and sustain points within that distance of free trade (phi = 1), beyond "
                              f"what double precision resolves (need {self._strength_text()} >= {MIN_STRENGTH:g})")

    def _strength_text(self) -> str:
        raise NotImplementedError

    # -- what double precision resolves ---------------------------------------------------------
    def gap_and_noise(self, lam, x):
        """``(gap, rounding level)`` at shares ``lam`` and ``ln phi = x`` (:func:`gap_noise`)."""
        raise NotImplementedError

    def check_resolved(self, x: float, eqs) -> None:
        """Refuse (:class:`~gametheory.errors.UserInputError`) equilibria that rounding decides.

        Two symptoms: the gap is within ``10`` times its rounding level of zero at more than a tenth
        of the 21 points ``lambda = 0, 0.025, ..., 0.475`` (the gap is antisymmetric about 1/2; in a
        hysteresis band narrower than double precision
        resolves, or as close to a threshold), or more than one asymmetric pair of interior
        equilibria (the tomahawk of these models has at most one pair, unstable: Robert-Nicoud 2005;
        Forslid & Ottaviano 2003).
        """
        grid = np.linspace(0.0, 0.5, 22)[:-1]          # the gap is antisymmetric about 1/2, where it is 0
        gap, noise = self.gap_and_noise(grid, x)
        unresolved = np.abs(gap) <= 10 * noise
        asym = [e for e in eqs if 0 < e.lam < 1 and e.lam != 0.5]
        if unresolved.mean() > 0.1 or len(asym) > 2 or any(e.stable for e in asym):
            lb, ls = self.log_phi_break_closed(), self.log_phi_sustain_closed()
            T_text = lambda v: f"{self.T_of_x(v):.10g}" if np.isfinite(self.T_of_x(v)) else f"exp({-v / self.sm1:.6g})"
            raise UserInputError(
                f"{self.name} at T = {T_text(x)} (ln phi = {x:.6g}): the real-wage gap is within rounding of zero "
                f"for {unresolved.mean():.0%} of lambda (|gap| <= {np.max(np.abs(gap[unresolved]), initial=0):.1e}): too "
                f"close to the sustain and break points (T_S = {T_text(ls)}, T_B = {T_text(lb)}; ln phi_S = {ls:.10g}, "
                f"ln phi_B = {lb:.10g}) for double precision to place the equilibria")

    # -- trade variable ------------------------------------------------------------------------
    def domain(self) -> tuple[float, float]:
        return (-np.inf, 0.0)

    def search_grid(self, n: int) -> np.ndarray:
        """Thresholds are searched on ``ln phi = -10^k``, ``k`` from 20 down to -30 (geometric, ``n`` points):
        the break point is :math:`O(\\mu_{eff})` from 0 (at least ``1e-30`` given the parameter ranges) and the
        sustain point at most about :math:`-\\ln 2 / (1-\\alpha)` (``-1e13``)."""
        return -np.geomspace(1e20, 1e-30, n)

    def x_of_T(self, T) -> float:
        """``ln phi = -(sigma - 1) ln T`` (``log1p(T - 1)`` from the exact value when ``T`` is a Fraction)."""
        if isinstance(T, Fraction):
            lnT = float(np.log1p(float(T - 1))) if T < 2 else float(np.log(float(T)))
        else:
            lnT = float(np.log(float(T)))
        return -self.sm1 * lnT

    def T_of_x(self, x) -> float:
        """``T = exp(-ln phi / (sigma - 1))``; ``inf`` when it exceeds the float range."""
        with np.errstate(over="ignore"):
            return float(np.exp(-float(x) / self.sm1))

    def phi_of_x(self, x) -> float:
        return float(np.exp(float(x)))

    def x_of_phi(self, phi) -> float:
        phi = float(phi)
        if not (0 < phi < 1):
            raise UserInputError(f"phi must lie in (0, 1) for model {self.name} (freeness of trade); got {phi:g}")
        return float(np.log(phi))

    def phi_of_T(self, T):
        """Freeness of trade :math:`\\phi = T^{1-\\sigma}` (0 where it underflows)."""
        with np.errstate(under="ignore"):
            return np.exp(-self.sm1 * np.log(np.asarray(T, dtype=float)))

    def T_of_phi(self, phi):
        """Iceberg transport cost :math:`T = \\phi^{1/(1-\\sigma)}`."""
        with np.errstate(over="ignore", divide="ignore"):
            return np.exp(-np.log(np.asarray(phi, dtype=float)) / self.sm1)

    def T_bounds(self) -> tuple[float, float | None]:
        return (1.0, None)

    def checked_x_of_T(self, T) -> float:
        """``ln phi`` at ``T``; :class:`~gametheory.errors.UserInputError` unless ``1 < T < inf``."""
        t = float(T)
        if not np.isfinite(t) or not t > 1:
            raise UserInputError(f"T must be a finite number > 1 for model {self.name} (iceberg cost; T = 1 is "
                                 f"free trade); got {t:g}")
        return self.x_of_T(T)

    # -- closed forms --------------------------------------------------------------------------
    def log_phi_break_closed(self) -> float:
        raise NotImplementedError

    def log_phi_sustain_closed(self) -> float:
        a, s = self.alpha_s()
        return sustain_root(a, s)

    def break_closed(self) -> float:
        """The published break point in phi."""
        return float(np.exp(self.log_phi_break_closed()))

    def sustain_closed(self) -> float:
        """The root in (0, 1) of the published sustain condition (0.0 where it underflows; see :meth:`log_phi_sustain_closed`)."""
        return float(np.exp(self.log_phi_sustain_closed()))

    def x_break_closed(self) -> float:
        return self.log_phi_break_closed()

    def x_sustain_closed(self) -> float:
        return self.log_phi_sustain_closed()
