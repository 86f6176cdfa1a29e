r"""The resource game with emissions, damage and emission taxes (``docs/environment.md`` sections 1-2).

Processing emits :math:`\varepsilon` per unit of output where it happens; one unit of
emissions does damage :math:`\delta_A` in A (its tourism value included) and
:math:`\delta_B` in B; the regions tax emissions at :math:`t_A`, :math:`t_B` (any sign:
a negative tax is a subsidy).  A firm located in :math:`r` has the marginal cost

.. math:: c_r(n_r) + \varepsilon t_r ,

(:meth:`EnvironmentModel.costs`: docs/model.md's cost plus the tax); the rest of the resource
game (Cournot stage with corners, payoffs, symbolic regimes, the domain
:math:`c_r(n_r) + \varepsilon t_r > 0` and its text) follows from that one formula.  With
zero taxes the game is exactly docs/model.md's.  Welfare of configuration :math:`k = n_A`
(:meth:`~gametheory.models.agglomeration.ResourceModel.welfare`) counts the tax revenue
:math:`R = \varepsilon(t_A X_A + t_B X_B)` (returned lump-sum) and subtracts the damage
:math:`Dmg = \varepsilon(\delta_A X_A + \delta_B X_B)` (:meth:`EnvironmentModel.transfers`),
where :math:`X_r` is the output of the firms located in :math:`r`:

.. math:: W(k) = CS + PS + R - Dmg .

The extension parameters are ordinary parameters of the model's space: ``-p t_A=1/2`` on the
command line, ``ResourceEnvironmentGame(N=20, t_A="1/2")`` in Python; regime maps, thresholds,
comparative statics and identified sets treat them like any other parameter.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Mapping

from gametheory.models.agglomeration import DELTA_GAMMA, RESOURCE_SPECS, ResourceModel
from gametheory.params import ParameterSpace, ParamSpec, Params

__all__ = ["EnvironmentModel", "ENVIRONMENT", "ENVIRONMENT_SPACE", "ENVIRONMENT_SPECS", "EXTENSION_PARAMETERS",
           "WELFARE_ONLY"]

_F = Fraction

#: The parameters of docs/environment.md section 1 (after those of docs/model.md).
EXTENSION_SPECS = (
    ParamSpec("epsilon", r"\varepsilon", "emissions per unit of output processed", _F(1), "nonnegative"),
    ParamSpec("delta_A", r"\delta_A", "marginal damage of one unit of emissions in A (lost tourism value included)",
              _F(1, 2), "nonnegative"),
    ParamSpec("delta_B", r"\delta_B", "marginal damage of one unit of emissions in B", _F(1, 4), "nonnegative"),
    ParamSpec("t_A", "t_A", "emission tax per unit emitted in A (negative: a subsidy)", _F(0), "real"),
    ParamSpec("t_B", "t_B", "emission tax per unit emitted in B (negative: a subsidy)", _F(0), "real"),
)
ENVIRONMENT_SPECS = RESOURCE_SPECS + EXTENSION_SPECS
ENVIRONMENT_SPACE = ParameterSpace(ENVIRONMENT_SPECS, [DELTA_GAMMA])
#: Names the environment model adds to the resource game.
EXTENSION_PARAMETERS = tuple(s.name for s in EXTENSION_SPECS)
#: Parameters that enter welfare but not the firms' payoffs (equilibria do not depend on them).
WELFARE_ONLY = ("delta_A", "delta_B")


class EnvironmentModel(ResourceModel):
    """The resource game of docs/model.md with emissions, damage and emission taxes (docs/environment.md)."""

    name = "environment"
    title = "Resource agglomeration game with emissions"
    description = ("The resource agglomeration game (docs/model.md) where processing emits epsilon per unit of output, "
                   "emissions do damage delta_r and are taxed at t_r in region r (docs/environment.md).")
    space = ENVIRONMENT_SPACE
    threshold_parameters = ResourceModel.threshold_parameters + ("t_A", "t_B")
    statics_parameters = ResourceModel.statics_parameters + ("t_A", "t_B")
    #: Parameters whose thresholds of welfare differences the welfare propositions report.
    welfare_threshold_parameters = ("delta_A", "delta_B", "t_A", "t_B", "tau_p")
    #: Parameters of the welfare comparative statics.
    welfare_statics_parameters = ("delta_A", "delta_B", "t_A", "t_B", "epsilon", "tau_r", "tau_p", "e",
                                  "Delta_gamma")

    # ------------------------------------------------------------ formulas
    def costs(self, N, k, v: Mapping[str, Any]):
        """``(c_A(k) + epsilon t_A, c_B(k) + epsilon t_B)``: docs/model.md's costs plus the emission tax, any arithmetic."""
        cA, cB = super().costs(N, k, v)
        return cA + v["epsilon"] * v["t_A"], cB + v["epsilon"] * v["t_B"]

    def transfers(self, X_A, X_B, v) -> tuple[Any, Any]:
        """Tax revenue ``epsilon (t_A X_A + t_B X_B)`` and damage ``epsilon (delta_A X_A + delta_B X_B)``."""
        eps = v["epsilon"]
        return eps * (v["t_A"] * X_A + v["t_B"] * X_B), eps * (v["delta_A"] * X_A + v["delta_B"] * X_B)

    def params(self, params=None, **overrides) -> Params:
        """A point of the space; a point of the resource game (fewer names) gets the extension defaults."""
        if isinstance(params, Params) and params.space is not self.space and set(params) < set(self.space.names):
            params = {**{n: s.default for n, s in self.space.specs.items()}, **dict(params)}
        return super().params(params, **overrides)

    # -------------------------------------------------------------- ranges
    def parameter_bounds(self, name: str, params: Params) -> tuple[Fraction, Fraction, str, str]:
        r"""Scanning ranges; for the extension parameters:

        * ``t_A`` (``t_B``): from the domain end where :math:`c_A(N) + \varepsilon t_A = 0` (open) up to
          where no firm in A (B) produces in either market any more, :math:`c_A(1) + \varepsilon t_A \ge
          \max(a_A, a_B)` (``"constant"``: beyond it the game no longer changes); with :math:`\varepsilon = 0`
          a tax changes nothing (both ends ``"constant"``);
        * ``delta_A``, ``delta_B``: from 0 (closed); the firms' payoffs do not depend on them (``"constant"``);
        * ``epsilon``: the default scan, cut where a subsidy would make a marginal cost vanish.
        """
        p = params
        if name in ("t_A", "t_B"):
            r = name[-1]
            eps, t = p["epsilon"], p[name]
            if eps == 0:
                return t - 2, t + 2, "constant", "constant"
            two = _F(2)
            lowest = self.costs(two, two, p)[0] if r == "A" else self.costs(two, _F(0), p)[1]     # c_r(N) + eps t_r
            highest = self.costs(two, _F(1), p)[0] if r == "A" else self.costs(two, _F(1), p)[1]  # c_r(1) + eps t_r
            amax = max(p["a_A"], p["a_B"])
            lo = t - lowest / eps
            hi = max(t + (amax - highest) / eps, lo + 1 / eps, t + 1 / eps)
            return lo, hi, "open", "constant"
        if name in WELFARE_ONLY:
            return _F(0), max(4 * p[name], _F(2)), "closed", "constant"
        return super().parameter_bounds(name, params)

    # ------------------------------------------------------- verification
    def random_params(self, rng, N: int = 2) -> Params:
        """Exact random parameters in the domain: the resource game's draw, then emissions, damages and taxes
        (tenths; taxes of either sign, a subsidy never making a marginal cost vanish)."""
        base = super().random_params(rng, N)
        t = lambda lo, hi: Fraction(int(rng.integers(lo, hi + 1)), 10)
        values = dict(base)
        values.update(epsilon=t(0, 20), delta_A=t(0, 20), delta_B=t(0, 20), t_A=t(-10, 20), t_B=t(-10, 20))
        for _ in range(50):
            p = Params(values, self.space)
            if all(c.holds() for c in self.domain(N, p)):
                return p
            values["t_A"], values["t_B"] = values["t_A"] / 2 + _F(1, 10), values["t_B"] / 2 + _F(1, 10)
        return Params({**values, "t_A": _F(0), "t_B": _F(0)}, self.space)


#: The environment model (a stateless model object).
ENVIRONMENT = EnvironmentModel()
