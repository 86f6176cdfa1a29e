r"""The paper figures: which figures, over which ranges, with which file names.

Each figure is computed by the analysis layer (a :class:`~gametheory.analysis.sweeps.RegimeMap`,
a :class:`~gametheory.analysis.sweeps.Bifurcation`, a sweep) and then drawn by a plot
function that only draws.  :func:`write_figures` draws, for each N (default 2 and 20):

* ``regime_map_tau_p_Delta_gamma_N<N>`` and ``regime_map_tau_r_e_N<N>``: regime maps
  (:mod:`gametheory.plots.regime_map`) on ``grid`` x ``grid`` points;
* ``selection_map_tau_p_Delta_gamma_N<N>``: the selected configuration (potential maximiser;
  :mod:`gametheory.plots.selection_map`) over the first pair of map axes, same grid;
* ``bifurcation_tau_p_N<N>``: equilibria along :math:`\tau_p` on ``points`` points
  (:mod:`gametheory.plots.bifurcation`);
* ``wiggle_tau_p_N<N>`` (only for N >= 3: with two firms there are two
  incentives only): :math:`D_k` against :math:`n_A = k` at
  :data:`WIGGLE_VALUES` of :math:`\tau_p` (:mod:`gametheory.plots.wiggle`);
* ``thresholds_a_B_N<N>``: the :math:`\tau_p` thresholds of the two patterns
  against demand :math:`a_B` (:mod:`gametheory.plots.thresholds_demand`);
* for the resource game and its environment extension, the welfare and policy figures of
  :func:`environment_specs` (``welfare_map_tau_p_delta_A_N<N>``, ``policy_map_t_A_t_B_N<N>``,
  ``welfare_delta_A_N<N>``);
* ``hysteresis_e_N<N>`` and ``depletion_N<N>`` (models with the regional effect ``e``): the path of
  the economy along :math:`e` and back on its bifurcation diagram, and a depletion run
  (:mod:`gametheory.plots.dynamics`);

each as ``<stem>.pdf`` and ``<stem>.png`` (or the ``formats`` asked for).

For the resource game (other models: their :attr:`~gametheory.models.base.LocationModel.map_axes`
over their scanning ranges) axis ranges are fractions of the model's
:meth:`~gametheory.models.base.LocationModel.parameter_bounds` (:data:`RANGES`), so they follow the fixed parameters; an end on the edge of the
model's domain (an open end: a marginal cost would be 0) is moved inside by 2 %
of the range, and a range is widened to include the parameter's value (the
point marked on the figures).  The same ranges are used for every N so that maps can be compared.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable

from gametheory.errors import UserInputError
from gametheory.params import Params

__all__ = ["write_figures", "figure_specs", "environment_specs", "axis_range", "RANGES", "WIGGLE_VALUES", "FORMATS", "FigureSpec"]

#: (low, high) as fractions of the scanning range ``parameter_range(name)``.
RANGES: dict[str, tuple[Fraction, Fraction]] = {
    "tau_p": (Fraction(0), Fraction(1, 3)),
    "Delta_gamma": (Fraction(0), Fraction(1)),
    "tau_r": (Fraction(0), Fraction(1, 3)),
    "e": (Fraction(1, 2), Fraction(1)),
    "a_B": (Fraction(1, 48), Fraction(1, 2)),
}
#: The tau_p axis of the thresholds figure reaches further (the D_N = 0 curve rises at low demand).
THRESHOLD_TAU_P = (Fraction(0), Fraction(1, 2))
#: Values of tau_p in the wiggle plot.
WIGGLE_VALUES = (Fraction(1, 4), Fraction(3, 4), Fraction(5, 4), Fraction(2))
FORMATS = ("pdf", "png", "svg")


@dataclass(frozen=True)
class FigureSpec:
    """One figure: its file stem and a function drawing it (returning a Figure)."""

    stem: str
    draw: Callable[[], object]


def axis_range(model, name: str, params: Params, fractions=None) -> tuple[Fraction, Fraction]:
    """``(lo, hi)`` of an axis: the fractions of :data:`RANGES` of the parameter's scanning range,
    open domain ends moved inside by 2 % of the span, widened to include the value in ``params``."""
    lo, hi, _, _ = model.parameter_bounds(name, params)
    f0, f1 = fractions or RANGES.get(name, (Fraction(0), Fraction(1)))
    a, b = lo + f0 * (hi - lo), lo + f1 * (hi - lo)
    margin = (b - a) / 50
    if not _valid(model, params, name, a):
        a += margin
    if not _valid(model, params, name, b):
        b -= margin
    # the parameter point of the figure (marked on it) must lie on the axis
    v = params.get_any(name)
    if v < a:
        a = v - (b - v) / 20 if _valid(model, params, name, v - (b - v) / 20) else v
    elif v > b:
        b = v + (v - a) / 20 if _valid(model, params, name, v + (v - a) / 20) else v
    return Fraction(a), Fraction(b)


def _valid(model, params: Params, name: str, value: Fraction) -> bool:
    """Is the point with ``name = value`` inside the model's domain (and the sign restrictions)?"""
    try:
        point = params.replace(**{name: value})
    except UserInputError:
        return False
    return model.in_domain(2, point)


def figure_specs(game, Ns=(2, 20), *, grid: int = 300, points: int = 601,
                 neg: bool = False) -> list[FigureSpec]:
    """Every paper figure of ``game``'s model at its parameters for the given N values (computed when drawn).

    ``neg=True`` adds the New Economic Geography figures (core-periphery tomahawk and wiggle
    for mu = 0.4, sigma = 5, the resource game's tomahawk at the defaults of docs/model.md).
    """
    import numpy as np

    from gametheory.analysis.selection import selection_map_of
    from gametheory.analysis.sweeps import Axis, bifurcation, regime_map, regime_map_of, sweep
    from gametheory.plots.bifurcation import plot_bifurcation
    from gametheory.plots.dynamics import dynamics_figure_specs
    from gametheory.plots.regime_map import plot_regime_map
    from gametheory.plots.selection_map import plot_selection_map
    from gametheory.plots.thresholds_demand import plot_thresholds_demand
    from gametheory.plots.wiggle import plot_wiggle

    model, params = game.model, game.params
    space = model.space
    resource = model.name == "resource" or {"tau_p", "a_B"} <= set(space.names)

    def axis(name, n, fractions=None):
        return Axis.linspace(space, name, *axis_range(model, name, params, fractions), n)

    def fig_of(ax):
        return ax.figure

    kept: dict = {}

    def map_sweep(g, x, y):
        """The sweep (without mixed equilibria) of a map; that of the first map axes, drawn as a regime map and as
        the selection map of ``g``'s N, is kept until another one replaces it."""
        key = (g.N, x, y)
        if key not in kept:
            sw = sweep(g, [axis(x, grid), axis(y, grid)], mixed=False)
            if (x, y) != model.map_axes[0]:
                return sw
            kept.clear()
            kept[key] = sw
        return kept[key]

    specs = []
    for N in Ns:
        g = game.replace(N=N)
        for x, y in model.map_axes:
            specs.append(FigureSpec(f"regime_map_{x}_{y}_N{N}", lambda g=g, x=x, y=y: fig_of(plot_regime_map(
                regime_map_of(map_sweep(g, x, y))))))
        if model.map_axes:
            x, y = model.map_axes[0]
            specs.append(FigureSpec(f"selection_map_{x}_{y}_N{N}", lambda g=g: fig_of(plot_selection_map(
                selection_map_of(map_sweep(g, *model.map_axes[0]))))))
        line = "tau_p" if "tau_p" in space.names else (model.map_axes[0][0] if model.map_axes else space.names[0])
        specs.append(FigureSpec(f"bifurcation_{line}_N{N}",
                                lambda g=g, line=line: fig_of(plot_bifurcation(bifurcation(g, axis(line, points))))))
        if N >= 3 and resource:
            wiggle_axis = Axis("tau_p", np.array([float(v) for v in WIGGLE_VALUES]))
            specs.append(FigureSpec(f"wiggle_tau_p_N{N}",
                                    lambda g=g, a=wiggle_axis: plot_wiggle(sweep(g, [a], mixed=False))))
        if resource:
            specs.append(FigureSpec(f"thresholds_a_B_N{N}", lambda g=g: fig_of(plot_thresholds_demand(
                regime_map(g, axis("a_B", grid), axis("tau_p", grid, THRESHOLD_TAU_P), only_patterns=True,
                           mixed=False)))))
        specs += [FigureSpec(stem, draw) for stem, draw in dynamics_figure_specs(game, N, points)]  # dynamics
    specs += environment_specs(game, Ns, grid=grid, points=points)
    if neg:
        from gametheory.plots.neg import NEG_FIGURES

        specs += [FigureSpec(stem, make) for stem, make in NEG_FIGURES.items()]
    return specs


def environment_game(game):
    """The environment model's game at ``game``'s parameters (a resource game gets the extension defaults), or
    None for a model without emissions."""
    from gametheory.game import LocationGame
    from gametheory.models.environment import ENVIRONMENT

    if game.model.name == "environment":
        return game
    if game.model.name == "resource":
        return LocationGame(ENVIRONMENT, game.N, ENVIRONMENT.params(game.params))
    return None


def damage_range(params: Params, name: str = "delta_A") -> tuple[Fraction, Fraction]:
    """Axis of a damage in the welfare figures: from 0 to ``max(2, 4 x its value)``."""
    return Fraction(0), max(Fraction(2), 4 * params[name])


def tax_range(model, params: Params, name: str) -> tuple[Fraction, Fraction]:
    """Axis of an emission tax in the policy map: ``[-2L, 8L]`` with ``L = max(delta_A, delta_B, 1/2)``, cut 2 % inside
    the domain (a subsidy making a marginal cost vanish) and at the tax beyond which nothing changes."""
    lo, hi, lo_kind, hi_kind = model.parameter_bounds(name, params)
    L = max(params["delta_A"], params["delta_B"], Fraction(1, 2))
    a, b = -2 * L, 8 * L
    if lo_kind != "constant":
        a = max(a, lo + (hi - lo) / 50)
    if hi_kind != "constant":
        b = min(b, hi - (hi - lo) / 50)
    else:
        b = min(b, hi)
    v = params[name]
    return min(a, v), max(b, v)


def environment_specs(game, Ns, *, grid: int = 300, points: int = 601) -> list[FigureSpec]:
    """The welfare and policy figures (:mod:`gametheory.plots.welfare`) for each N, when ``game``'s model has
    emissions (the resource game: at the extension defaults of docs/environment.md).

    * ``welfare_map_tau_p_delta_A_N<N>``: the optimum and where the equilibrium set misses it over
      (``tau_p``, ``delta_A``), on at most 200 x 200 points;
    * ``policy_map_t_A_t_B_N<N>``: which configurations are equilibria over the two emission taxes, and where
      the optimum (at the given parameters) is an equilibrium / the unique one, at most 200 x 200 points;
    * ``welfare_delta_A_N<N>``: welfare of each configuration against ``delta_A`` (equilibria thick).
    """
    from gametheory.analysis.policy import policy_region
    from gametheory.analysis.sweeps import Axis
    from gametheory.analysis.welfare import welfare_line, welfare_map, welfare_table
    from gametheory.plots.welfare import plot_policy_map, plot_welfare_line, plot_welfare_map

    env = environment_game(game)
    if env is None:
        return []
    model, params = env.model, env.params
    space = model.space
    n2 = max(2, min(grid, 200))
    tau = axis_range(model, "tau_p", params)
    dA = damage_range(params)
    taxes = [tax_range(model, params, n) for n in ("t_A", "t_B")]
    specs = []
    for N in Ns:
        g = env.replace(N=N)
        specs.append(FigureSpec(f"welfare_map_tau_p_delta_A_N{N}", lambda g=g: plot_welfare_map(welfare_map(
            g, Axis.linspace(space, "tau_p", Fraction(tau[0]), Fraction(tau[1]), n2),
            Axis.linspace(space, "delta_A", *dA, n2))).figure))

        def policy_fig(g=g):
            target = welfare_table(g).optimum[0]
            return plot_policy_map(policy_region(g, target, ("t_A", "t_B"), ranges=taxes, grid=n2)).figure

        specs.append(FigureSpec(f"policy_map_t_A_t_B_N{N}", policy_fig))
        specs.append(FigureSpec(f"welfare_delta_A_N{N}", lambda g=g: plot_welfare_line(welfare_line(
            g, Axis.linspace(space, "delta_A", *dA, max(2, min(points, 601))))).figure))
    return specs


def write_figures(out_dir, game=None, *, formats=("pdf", "png"), progress: bool = True,
                  Ns=(2, 20), grid: int = 300, points: int = 601, neg: bool = False) -> list[Path]:
    """Draw every paper figure of ``game`` (default: the resource game at its defaults) into ``out_dir``.

    ``formats`` is a subset of :data:`FORMATS`; ``progress`` shows a bar over the figures on
    stderr.  Raises :class:`~gametheory.errors.UserInputError` for a bad N, format, output folder
    or parameter set (checked before anything is drawn).  Returns the files written.
    """
    from tqdm import tqdm

    from gametheory.plots.style import save

    if game is None:
        from gametheory.game import AgglomerationGame

        game = AgglomerationGame(2)
    formats = tuple(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UserInputError(f"unknown figure format(s) {', '.join(bad) or '(none given)'} "
                             f"(known: {', '.join(FORMATS)})")
    Ns = tuple(dict.fromkeys(int(N) for N in Ns))
    for N in Ns:
        game.replace(N=N)                      # N >= 2 and the parameter point inside the domain
    if grid < 2 or points < 2:
        raise UserInputError(f"grid and points must be at least 2 (got {grid}, {points})")
    if "tau_p" in game.model.space.names:
        for v in WIGGLE_VALUES:
            try:
                game.replace(tau_p=v)
            except UserInputError as exc:
                raise UserInputError(f"the wiggle figure at tau_p = {v}: {exc}") from None
    specs = figure_specs(game, Ns, grid=grid, points=points, neg=neg)
    written: list[Path] = []
    bar = tqdm(specs, desc="figures", unit="fig", file=sys.stderr, disable=not progress)
    for spec in bar:
        bar.set_postfix_str(spec.stem)
        written += save(spec.draw(), out_dir, spec.stem, formats)
    return written
