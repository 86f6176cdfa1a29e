r"""The game objects of the public API: a model with N firms at a parameter point, and its analyses.

:class:`LocationGame` is what a notebook user builds::

    >>> import gametheory as gt
    >>> game = gt.AgglomerationGame(N=20, tau_p="3/2", Delta_gamma="1/2")
    >>> game.pure_equilibria()
    [5]

It holds the model (:class:`~gametheory.models.base.LocationModel`), ``N`` and exact
parameters, computes payoffs and equilibria (:class:`~gametheory.models.point.ModelPoint`),
and forwards every analysis to a plain function of the game (the way nashpy's ``Game``
forwards to its algorithms): :func:`~gametheory.analysis.propositions.derive_propositions`,
:func:`~gametheory.analysis.thresholds.thresholds`, :func:`~gametheory.analysis.sweeps.sweep`,
:func:`~gametheory.analysis.verification.verify`, :func:`~gametheory.analysis.identification.identified_set`,
:func:`~gametheory.analysis.selection.selection`.
Those functions are importable on their own; the methods only save typing.

Any two-region location game works the same way: :meth:`LocationGame.from_file` (a TOML
model file), :meth:`LocationGame.from_expressions` (payoff strings in Python).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping

from gametheory.models.base import gaps
from gametheory.models.point import ModelPoint
from gametheory.results import Result

__all__ = ["LocationGame", "AgglomerationGame", "ResourceEnvironmentGame", "PayoffTable", "Equilibria"]


@dataclass(frozen=True, repr=False)
class PayoffTable(Result):
    """Payoffs by configuration ``k = n_A``: ``Pi_A(k)``, ``Pi_B(k)`` and the gap ``D_k`` (exact where computed)."""

    N: int
    k: tuple
    pi_A: tuple
    pi_B: tuple
    D: tuple
    exact: bool

    _repr_fields = ("N", "exact")

    def rows(self):
        """``(k, Pi_A(k), Pi_B(k), D_k)`` tuples (None where undefined)."""
        return list(zip(self.k, self.pi_A, self.pi_B, self.D))

    def as_dict(self) -> dict:
        from gametheory.results import jsonable

        return {"n_firms": self.N, "exact": self.exact, "rows": [
            {"k": k, "Pi_A": jsonable(a, exact=self.exact), "Pi_B": jsonable(b, exact=self.exact),
             "D": jsonable(d, exact=self.exact)} for k, a, b, d in self.rows()]}

    def to_pandas(self):
        """A pandas DataFrame indexed by ``k`` (exact values as Python objects)."""
        import pandas as pd

        return pd.DataFrame({"Pi_A": self.pi_A, "Pi_B": self.pi_B, "D": self.D}, index=pd.Index(self.k, name="k"))

    def to_text(self, limit: int = 40) -> str:
        f = lambda v: "-" if v is None else (f"{float(v):.6f}" if v == 0 or abs(float(v)) >= 1e-3 else f"{float(v):.6g}")
        L = [f"{'k':>8} {'Pi_A(k)':>14} {'Pi_B(k)':>14} {'D_k':>14}"]
        rows = self.rows()
        shown = rows if len(rows) <= limit + 1 else rows[:10] + [None] + rows[-10:]
        for r in shown:
            L.append(f"{'...':>8}" if r is None else f"{r[0]:>8} {f(r[1]):>14} {f(r[2]):>14} {f(r[3]):>14}")
        return "\n".join(L)

    def to_markdown(self) -> str:
        rows = self.rows()
        shown = rows if len(rows) <= 41 else rows[:10] + [None] + rows[-10:]
        f = lambda v: "" if v is None else (str(v) if self.exact and isinstance(v, Fraction) else f"{float(v):.6g}")
        L = ["| $k$ | $\\Pi_A(k)$ | $\\Pi_B(k)$ | $D_k$ |", "|---:|---:|---:|---:|"]
        L += ["| ... | | | |" if r is None else f"| {r[0]} | {f(r[1])} | {f(r[2])} | {f(r[3])} |" for r in shown]
        return "\n".join(L)


@dataclass(frozen=True, repr=False)
class Equilibria(Result):
    """Every equilibrium of the game at its parameters (the object ``gametheory solve --json`` prints)."""

    game: "LocationGame"
    pure: tuple
    strict: tuple
    mixed_result: object
    continuum: bool
    regime: str
    two_by_two: tuple | None

    _repr_fields = ("pure", "mixed", "regime")

    @classmethod
    def of(cls, game: "LocationGame") -> "Equilibria":
        from gametheory.games.anonymous import ContinuumOfEquilibria

        try:
            mixed, continuum = game.mixed(), False
        except ContinuumOfEquilibria:
            mixed, continuum = None, True
        return cls(game, tuple(game.pure_equilibria()), tuple(game.strict_equilibria()), mixed, continuum,
                   game.regime(), tuple(game.bimatrix_equilibria()) if game.N == 2 else None)

    @property
    def N(self) -> int:
        return self.game.N

    @property
    def mixed(self) -> list:
        return [] if self.mixed_result is None else list(self.mixed_result.roots)

    def as_dict(self, exact: bool = False) -> dict:
        """``n_firms``, ``params``, ``payoffs`` (``{"A": [...], "B": [...]}`` by ``k``), equilibria, regime."""
        game = self.game
        num = (lambda v: None if v is None else str(v)) if exact else (lambda v: None if v is None else float(v))
        if game.has_exact_table:
            A, B = game.payoff_table()
            payoffs = {"A": [num(v) for v in A], "B": [num(v) for v in B]}
        else:
            fa, fb = game.float_table()
            payoffs = {"A": [None if v != v else float(v) for v in fa], "B": [None if v != v else float(v) for v in fb]}
        out = {"n_firms": game.N, "model": game.model.name,
               "params": {n: float(v) for n, v in game.params.items()},
               "payoffs": payoffs, "pure_equilibria": list(self.pure), "strict_equilibria": list(self.strict),
               "mixed_equilibria": [m.as_dict() for m in self.mixed], "mixed_continuum": self.continuum,
               "mixed_method": None if self.mixed_result is None else self.mixed_result.method,
               "mixed_complete": None if self.mixed_result is None else self.mixed_result.complete,
               "regime": self.regime}
        if self.two_by_two is not None:
            out["nash_equilibria"] = [{"row": [float(p) for p in x], "col": [float(p) for p in y]}
                                      for x, y in self.two_by_two]
        return out

    def to_text(self) -> str:
        game = self.game
        N = game.N
        L = [f"{game.model.title} with N = {N} firms",
             "Parameters: " + ", ".join(f"{n}={v}" for n, v in game.params.items())
             + "".join(f" ({d}={game.params.get_any(d)})" for d in game.model.space.derived), "",
             "Payoffs by configuration (k = n_A firms in A; D_k = Pi_A(k) - Pi_B(k-1)):",
             game.payoffs().to_text(), "", "Pure Nash equilibria (n_A):"]
        strict = set(self.strict)
        for k in self.pure:
            L.append(f"  n_A = {k}: {game.model.pattern_name(k, N)}, "
                     f"{'strict (stable)' if k in strict else 'weak (a tie)'}")
        L.append(f"Regime: {self.regime}")
        L.append("Symmetric mixed equilibria (probability p of locating in A):")
        if self.continuum:
            L.append("  every p in [0, 1]: every firm is indifferent between A and B")
        for m in self.mixed:
            exact = f" = {m.exact_text}" if m.exact_text else ""
            L.append(f"  p = {m.p:.6f}{exact}, {'stable' if m.stable else 'unstable'} under the replicator dynamics")
        if not self.mixed and not self.continuum:
            L.append("  none in (0, 1)")
        if self.mixed_result is not None and not self.mixed_result.complete:
            L.append(f"  ({self.mixed_result.unresolved} further roots, counted with multiplicity, are not excluded "
                     f"by the certified float scan: near {self.mixed_result.undecided})")
        if self.two_by_two is not None:
            L.append("All equilibria of the 2x2 game (probabilities of A for firm 1 ; firm 2):")
            for x, y in self.two_by_two:
                L.append(f"  ({Fraction(x[0])}, {Fraction(x[1])}) ; ({Fraction(y[0])}, {Fraction(y[1])})")
        return "\n".join(L)


class LocationGame(ModelPoint):
    """A two-region location game with ``N`` firms at exact parameters: payoffs, equilibria, analyses.

    ``LocationGame(model, N, params=None, **overrides)``; parameter values are exact
    (``"3/2"``, ``0.25`` read as ``1/4``, ``Fraction``).
    """

    # ------------------------------------------------------------ builders
    @classmethod
    def from_file(cls, path, N: int = 2, params=None, **overrides) -> "LocationGame":
        """A game from a TOML model file (see :mod:`gametheory.models.expression`)."""
        from gametheory.models.expression import ExpressionModel

        return LocationGame(ExpressionModel.from_file(path), N, params, **overrides)

    @classmethod
    def from_expressions(cls, A: str, B: str, parameters: Mapping, N: int = 2, *, name: str = "custom",
                         conditions=(), description: str = "", **overrides) -> "LocationGame":
        """A game from payoff strings: ``A`` is ``Pi_A`` (in ``n_A, n_B, N`` and the parameters), ``B`` is ``Pi_B``.

        ``parameters`` maps names to defaults or to ``{"default": ..., "sign": ..., "latex": ...}``.

        >>> g = LocationGame.from_expressions(A="a - n_A / N", B="1 - n_B / N", parameters={"a": "3/2"}, N=4)
        >>> g.pure_equilibria()
        [3]
        """
        from gametheory.models.expression import ExpressionModel

        model = ExpressionModel(name=name, payoff_A=A, payoff_B=B, parameters=parameters, conditions=conditions,
                                description=description)
        return LocationGame(model, N, None, **overrides)

    def replace(self, N: int | None = None, **overrides) -> "LocationGame":
        """The same model with another ``N`` and/or parameter values."""
        return LocationGame(self.model, self.N if N is None else N, self.params.replace(**overrides))

    # ------------------------------------------------------------- results
    def payoffs(self) -> PayoffTable:
        """The payoff table by configuration (exact up to ``EXACT_TABLE_MAX`` firms, floats beyond)."""
        ks = list(range(self.N + 1))
        if self.has_exact_table:
            A, B = self.payoff_table()
            D = [None] + gaps(A, B)
            return PayoffTable(self.N, tuple(ks), tuple(A), tuple(B), tuple(D), True)
        fa, fb = self.float_table()
        nan = lambda v: None if v != v else float(v)
        A, B = [nan(v) for v in fa], [nan(v) for v in fb]
        D = [None] + gaps(list(A), list(B))
        return PayoffTable(self.N, tuple(ks), tuple(A), tuple(B), tuple(D), False)

    def equilibria(self) -> Equilibria:
        """Every equilibrium at these parameters (pure, mixed, and the 2x2 game for N = 2)."""
        return Equilibria.of(self)

    def bimatrix_equilibria(self):
        """For N = 2: every equilibrium ``(x, y)`` of the 2x2 bimatrix game (exact, verified)."""
        from gametheory.games.bimatrix import bimatrix_equilibria

        M, Mt = self.bimatrix()
        return bimatrix_equilibria(M, Mt, exact=True).equilibria

    # ------------------------------------------------------------ analyses
    def propositions(self, **kwargs):
        """The derived propositions (:func:`gametheory.analysis.propositions.derive_propositions`)."""
        from gametheory.analysis.propositions import derive_propositions

        return derive_propositions(self, **kwargs)

    def thresholds(self, parameter: str, k: int | None = None, **kwargs):
        """Thresholds of ``parameter`` (:func:`gametheory.analysis.thresholds.thresholds`)."""
        from gametheory.analysis.thresholds import thresholds

        return thresholds(self, parameter, k, **kwargs)

    def sweep(self, *axes, mixed: bool = True):
        """Equilibria over a 1-D or 2-D grid; each axis is ``(name, lo, hi, count)`` or an ``Axis``."""
        from gametheory.analysis.sweeps import sweep

        return sweep(self, list(axes), mixed=mixed)

    def regime_map(self, x, y, *, curves: bool = True, mixed: bool = True):
        """A regime map over axes ``x``, ``y`` (each ``(name, lo, hi, count)``) with its exact boundary curves
        (``mixed=False``: without the mixed equilibria of each point, :func:`~gametheory.analysis.sweeps.regime_map`)."""
        from gametheory.analysis.sweeps import regime_map

        return regime_map(self, x, y, curves=curves, mixed=mixed)

    def bifurcation(self, along):
        """Equilibria along one axis ``(name, lo, hi, count)`` connected into branches."""
        from gametheory.analysis.sweeps import bifurcation

        return bifurcation(self, along)

    def verify(self, draws: int = 20, seed: int = 0, **kwargs):
        """Check every derived condition against brute force on random draws of this game's model."""
        from gametheory.analysis.verification import verify

        return verify(self.model, draws, seed, **kwargs)

    def selection(self, eta=None, epsilon=None):
        """Equilibrium selection: potential maximiser, risk dominance, p-dominance, stochastic stability under
        logit (noise ``eta``) and mistakes (rate ``epsilon``) dynamics (:func:`gametheory.analysis.selection.selection`)."""
        from gametheory.analysis.selection import DEFAULT_EPSILON, DEFAULT_ETA, selection

        return selection(self, DEFAULT_ETA if eta is None else eta, DEFAULT_EPSILON if epsilon is None else epsilon)

    def selection_map(self, x, y):
        """The selected configuration over axes ``x``, ``y`` (each ``(name, lo, hi, count)``), decided exactly."""
        from gametheory.analysis.selection import selection_map

        return selection_map(self, x, y)

    def adjust(self, start=None, *, max_moves: int | None = None):
        """The myopic one-firm-at-a-time adjustment from ``start`` (default ``N``) to rest
        (:func:`gametheory.analysis.dynamics.adjust`)."""
        from gametheory.analysis.dynamics import adjust

        return adjust(self, start, max_moves=max_moves)

    def path(self, parameter: str, start_value, end_value, steps: int, *, back: bool = False, start=None,
             thresholds: bool = True):
        """The economy's path along ``parameter`` in ``steps`` equal steps, optionally back
        (:func:`gametheory.analysis.paths.path`)."""
        from gametheory.analysis.paths import path

        return path(self, parameter, start_value, end_value, steps, back=back, start=start, thresholds=thresholds)

    def deplete(self, **kwargs):
        """A depletion run of region A's reserves (:func:`gametheory.analysis.depletion.deplete`: ``S0``, ``zeta``,
        ``rho``, ``eta``, ``T``, ``moves``, ``start``)."""
        from gametheory.analysis.depletion import deplete

        return deplete(self, **kwargs)

    def identified_set(self, free: str, n_A: int | None = None, **kwargs):
        """The values of ``free`` under which ``n_A`` (default: the first pure equilibrium) is an equilibrium."""
        from gametheory.analysis.identification import identified_set

        if n_A is None:
            n_A = self.pure_equilibria()[0]
        return identified_set(self, n_A, free, **kwargs)


class AgglomerationGame(LocationGame):
    """The resource agglomeration game of docs/model.md with ``N`` firms.

    ``AgglomerationGame(N=2, params=None, **overrides)``; ``Delta_gamma`` sets
    ``gamma_B = gamma_A + Delta_gamma``.

    >>> g = AgglomerationGame(2)
    >>> g.payoff_A(2), g.payoff_B(1)
    (Fraction(2833, 225), Fraction(2417, 225))
    >>> g.pure_equilibria()
    [0, 2]
    """

    def __init__(self, N: int = 2, params=None, **overrides):
        from gametheory.models.agglomeration import RESOURCE

        super().__init__(RESOURCE, N, params, **overrides)

    def replace(self, N: int | None = None, **overrides) -> "AgglomerationGame":
        return AgglomerationGame(self.N if N is None else N, self.params.replace(**overrides))


class ResourceEnvironmentGame(LocationGame):
    """The resource game with emissions, damages and emission taxes (docs/environment.md) with ``N`` firms.

    ``ResourceEnvironmentGame(N=2, params=None, **overrides)``: the parameters of docs/model.md plus
    ``epsilon``, ``delta_A``, ``delta_B``, ``t_A``, ``t_B`` (zero taxes: exactly the resource game).

    >>> g = ResourceEnvironmentGame(20)
    >>> g.pure_equilibria(), g.welfare().optimum
    ([5, 20], (3,))
    >>> g.pigouvian().pure_equilibria()
    [5]
    """

    def __init__(self, N: int = 2, params=None, **overrides):
        from gametheory.models.environment import ENVIRONMENT

        super().__init__(ENVIRONMENT, N, params, **overrides)

    def replace(self, N: int | None = None, **overrides) -> "ResourceEnvironmentGame":
        return ResourceEnvironmentGame(self.N if N is None else N, self.params.replace(**overrides))

    def welfare(self):
        """Welfare of every configuration, the optimum, prices of anarchy and stability, inefficiencies
        (:func:`gametheory.analysis.welfare.welfare_table`)."""
        from gametheory.analysis.welfare import welfare_table

        return welfare_table(self)

    def optimum(self) -> list[int]:
        """The configurations that maximise welfare (exact)."""
        return list(self.welfare().optimum)

    def welfare_propositions(self, **kwargs):
        """The derived welfare propositions (:func:`gametheory.analysis.welfare_propositions.derive_welfare_propositions`)."""
        from gametheory.analysis.welfare_propositions import derive_welfare_propositions

        return derive_welfare_propositions(self, **kwargs)

    def welfare_map(self, x, y, **kwargs):
        """The optimum and the efficiency of the equilibria over a 2-D grid (:func:`gametheory.analysis.welfare.welfare_map`)."""
        from gametheory.analysis.welfare import welfare_map

        return welfare_map(self, x, y, **kwargs)

    def welfare_line(self, along):
        """Welfare of each configuration along one axis (:func:`gametheory.analysis.welfare.welfare_line`)."""
        from gametheory.analysis.welfare import welfare_line

        return welfare_line(self, along)

    def policy(self, target="optimum", instruments=("t_A",), **kwargs):
        """Instrument values implementing ``target`` (:func:`gametheory.analysis.policy.policy`)."""
        from gametheory.analysis.policy import policy

        return policy(self, target, instruments, **kwargs)

    def pigouvian(self) -> "ResourceEnvironmentGame":
        """The same game with the Pigouvian taxes ``t_A = delta_A``, ``t_B = delta_B``."""
        return self.replace(t_A=self.params["delta_A"], t_B=self.params["delta_B"])
