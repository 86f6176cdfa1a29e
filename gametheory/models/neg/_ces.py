r"""The sustain condition shared by the CES models (core-periphery and footloose entrepreneur).

Both models' sustain condition has the form (FKV 1999, eq. 5.19; Baldwin et al. 2003, ch. 4)

.. math:: \phi^{\alpha}\,\frac{(1+s)\phi^2 + 1 - s}{2\phi} = 1,

with :math:`\alpha = \mu\sigma/(\sigma-1)`, :math:`s = \mu` (core-periphery) or
:math:`\alpha = \mu/(\sigma-1)`, :math:`s = \mu/\sigma` (footloose entrepreneur).  Its log
:func:`sustain_gap` is :math:`+\infty` at :math:`\phi \to 0` when :math:`\alpha < 1` (no black
hole), has slope :math:`\alpha + s > 0` at its trivial root :math:`\phi = 1`, hence a root in
:math:`(0, 1)`: the sustain point :math:`\phi_S`.  There is no closed form for it; Brent's
method finds it to ``XTOL``.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from gametheory.errors import DomainError
from gametheory.models.neg.continuum import RTOL, XTOL, ContinuumModel

__all__ = ["sustain_gap", "sustain_root", "CESModel"]


def sustain_gap(phi, alpha: float, s: float):
    r""":math:`\alpha\ln\phi + \ln\frac{(1+s)\phi^2 + 1 - s}{2\phi}`; negative where the core is sustainable."""
    phi = np.asarray(phi, dtype=float)
    return alpha * np.log(phi) + np.log(((1 + s) * phi ** 2 + 1 - s) / (2 * phi))


def sustain_root(alpha: float, s: float) -> float:
    """The root of :func:`sustain_gap` in (0, 1) (Brent, ``XTOL``)."""
    f = lambda p: float(sustain_gap(p, alpha, s))
    hi = 1.0 - 1e-7
    if not f(hi) < 0:
        raise DomainError(f"no sustain point below phi = {hi} (alpha={alpha}, s={s})")
    lo = 0.5
    while f(lo) <= 0:
        lo /= 2
        if lo < 1e-300:
            raise DomainError(f"no sustain point: the core is sustainable at every phi (black hole; alpha={alpha})")
    return brentq(f, lo, hi, xtol=XTOL, rtol=RTOL)


class CESModel(ContinuumModel):
    """Common part of the CES models: parameters ``mu`` in (0, 1) and ``sigma`` > 1, trade variable ``phi``.

    Subclasses give ``black_hole(mu, sigma) -> str | None`` (the violated no-black-hole
    condition, or ``None``) and the module-level closed forms ``_break(mu, sigma)``,
    ``_sustain(mu, sigma)`` as static methods.
    """

    axis = "phi"
    symmetric = True
    DEFAULTS = {"mu": 0.4, "sigma": 5.0}
    MEANINGS = {"mu": "expenditure share of manufactures",
                "sigma": "elasticity of substitution between varieties"}

    @staticmethod
    def black_hole(mu: float, sigma: float) -> str | None:
        raise NotImplementedError

    def check(self) -> None:
        mu, sigma = self.params["mu"], self.params["sigma"]
        if not 0 < mu < 1:
            raise DomainError(f"mu must lie in (0, 1); got {mu:g}")
        if not sigma > 1:
            raise DomainError(f"sigma must exceed 1; got {sigma:g}")
        violated = self.black_hole(mu, sigma)
        if violated:
            raise DomainError(f"no-black-hole condition {violated} violated: mu={mu:g}, sigma={sigma:g} "
                              "(agglomeration at every trade cost)")

    def break_closed(self) -> float:
        """The published break point in phi."""
        return type(self)._break(self.params["mu"], self.params["sigma"])

    def sustain_closed(self) -> float:
        """The root in (0, 1) of the published sustain condition."""
        return type(self)._sustain(self.params["mu"], self.params["sigma"])
