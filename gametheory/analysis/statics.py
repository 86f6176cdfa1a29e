r"""Comparative statics: signs of :math:`\partial D_k/\partial\theta` and of threshold derivatives.

Within a regime the incentive :math:`D_k` is a formula of the parameters; its derivative
with respect to :math:`\theta` (for a derived parameter such as :math:`\Delta\gamma`, the
derivative with respect to the parameter it moves) has a sign on the regime's domain that
is either *proved* (:func:`decide_sign`) or stated as *undecided*: no sign is ever inferred
from samples.  Threshold sensitivities follow from implicit differentiation of
:math:`D_k(\theta^*, \phi) = 0`:

.. math:: \frac{d\theta^*}{d\phi} = -\frac{\partial D_k/\partial\phi}{\partial D_k/\partial\theta},

whose sign on the regime is proved when both partial derivatives have proved signs; its
value at the threshold is exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from gametheory.analysis.incentives import Incentive, incentive
from gametheory.games.conditions import proved_sign

__all__ = ["SignDecision", "decide_sign", "derivative", "statics_table", "threshold_sensitivities", "SIGN_TEXT"]

#: Text of a sign decision.
SIGN_TEXT = {1: "+", -1: "-", 0: "0", "both": "±", None: "undecided"}


@dataclass(frozen=True)
class SignDecision:
    """The sign of an expression on a regime: ``1``, ``-1``, ``0``, ``"both"`` (with witnesses) or ``None``.

    ``how`` says why: ``"proved"`` (a certificate), ``"witnesses"`` (two exact points of the
    regime with opposite signs) or ``"undecided"``.
    """

    sign: object
    how: str
    witnesses: tuple = ()

    @property
    def text(self) -> str:
        return SIGN_TEXT[self.sign]

    def as_dict(self) -> dict:
        d = {"sign": self.sign if self.sign in (1, -1, 0, None) else "±", "how": self.how}
        if self.witnesses:
            d["witnesses"] = [dict(w) for w in self.witnesses]
        return d


def decide_sign(expr, inc: Incentive) -> SignDecision:
    """The sign of ``expr`` on the regime of ``inc`` (its atoms and domain), proved or undecided."""
    s = proved_sign(expr, inc.positive, inc.nonnegative)
    if s is None:
        return SignDecision(None, "undecided")
    return SignDecision(s, "proved")


def derivative(model, expr, par: str):
    """``d expr / d par`` (a derived parameter moves its target)."""
    return sp.diff(expr, model.space.derivative_symbol(par))


def statics_table(game, parameters=None) -> dict:
    """``{parameter: {k: SignDecision}}`` for the interior/default regime of ``game``'s model."""
    model, N = game.model, game.N
    table: dict = {}
    for par in parameters or model.statics_parameters:
        per_k = {}
        for k in range(1, N + 1):
            inc = incentive(model, N, k)
            per_k[k] = decide_sign(derivative(model, inc.expr, par), inc)
        table[par] = per_k
    return table


def threshold_sensitivities(game, k: int, regimes, parameter: str, root) -> tuple[dict, ...]:
    r"""Signs of :math:`d\theta^*/d\phi` for the model's statics parameters :math:`\phi` at a threshold.

    ``derivative`` is the exact value at the threshold (others as given), as a float;
    ``sign`` is proved for the whole regime (``how: "proved"``) or ``None`` (``"undecided"``,
    with ``sign_at_threshold`` the sign of the value there, a local fact).
    """
    model = game.model
    space = model.space
    inc = incentive(model, game.N, k, regimes)
    d_theta = derivative(model, inc.expr, parameter)
    subs = {space.symbol(n): sp.Rational(v.numerator, v.denominator) for n, v in game.params.items()}
    subs.update({s: e.subs(subs) for s, e in space.axis_substitution(parameter, root).items()})
    out = []
    for phi in model.statics_parameters:
        if space.moved(phi) == space.moved(parameter):
            continue
        d_phi = derivative(model, inc.expr, phi)
        value = sp.simplify(-d_phi.subs(subs) / d_theta.subs(subs))
        try:
            v = float(value)
        except (TypeError, ZeroDivisionError):
            continue
        s_phi, s_theta = decide_sign(d_phi, inc), decide_sign(d_theta, inc)
        proved = s_phi.sign in (1, -1, 0) and s_theta.sign in (1, -1)
        entry = {"parameter": phi, "derivative": v, "sign": int(-s_phi.sign * s_theta.sign) if proved else None,
                 "how": "proved" if proved else "undecided", "proved": bool(proved),
                 "sign_at_threshold": int((v > 0) - (v < 0))}
        out.append(entry)
    return tuple(out)
