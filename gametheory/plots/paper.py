r"""The paper figures: which figures, over which ranges, with which file names.

:func:`write_figures` draws, for each N (default 2 and 20):

* ``regime_map_tau_p_Delta_gamma_N<N>`` and ``regime_map_tau_r_e_N<N>``: regime maps
  (:mod:`gametheory.plots.regime_map`) on ``grid`` x ``grid`` points;
* ``bifurcation_tau_p_N<N>``: equilibria along :math:`\tau_p` on ``points`` points
  (:mod:`gametheory.plots.bifurcation`);
* ``wiggle_tau_p_N<N>`` (only for N >= 3: with two firms there are two
  incentives only): :math:`D_k` against :math:`n_A = k` at
  :data:`WIGGLE_VALUES` of :math:`\tau_p` (:mod:`gametheory.plots.wiggle`);
* ``thresholds_a_B_N<N>``: the :math:`\tau_p` thresholds of the two patterns
  against demand :math:`a_B` (:mod:`gametheory.plots.thresholds_demand`);

each as ``<stem>.pdf`` and ``<stem>.png`` (or the ``formats`` asked for).

Axis ranges are fractions of :func:`~gametheory.models.agglomeration.parameter_range`
(:data:`RANGES`), so they follow the fixed parameters; an end on the edge of the
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

__all__ = ["write_figures", "figure_specs", "axis_range", "RANGES", "WIGGLE_VALUES", "FORMATS", "FigureSpec"]

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


def axis_range(name: str, params: Params, fractions=None) -> tuple[float, float]:
    """``(lo, hi)`` of an axis: the fractions of :data:`RANGES` of the parameter's scanning range,
    open domain ends moved inside by 2 % of the span, widened to include the value in ``params``."""
    from gametheory.models.agglomeration import parameter_range

    lo, hi = parameter_range(name, params)
    f0, f1 = fractions or RANGES[name]
    a, b = lo + f0 * (hi - lo), lo + f1 * (hi - lo)
    margin = (b - a) / 50
    if not _valid(params, name, a):
        a += margin
    if not _valid(params, name, b):
        b -= margin
    # the parameter point of the figure (marked on it) must lie on the axis
    v = params.get_any(name)
    if v < a:
        a = v - (b - v) / 20 if _valid(params, name, v - (b - v) / 20) else v
    elif v > b:
        b = v + (v - a) / 20 if _valid(params, name, v + (v - a) / 20) else v
    return float(a), float(b)


def _valid(params: Params, name: str, value: Fraction) -> bool:
    """Is the point with ``name = value`` inside the model's domain (and the sign restrictions)?"""
    from gametheory.models.agglomeration import check_domain

    try:
        check_domain(params.replace(**{name: value}))
    except UserInputError:
        return False
    return True


def figure_specs(params: Params, Ns=(2, 20), *, grid: int = 300, points: int = 601,
                 neg: bool = False) -> list[FigureSpec]:
    """Every paper figure for the given N values (nothing is computed until ``draw`` is called).

    ``neg=True`` adds the New Economic Geography figures (core-periphery tomahawk and wiggle
    for mu = 0.4, sigma = 5, the resource game's tomahawk at the defaults of MODEL.md).
    """
    from gametheory.analysis.sweeps import Axis
    from gametheory.plots.bifurcation import bifurcation
    from gametheory.plots.regime_map import regime_map
    from gametheory.plots.thresholds_demand import thresholds_demand
    from gametheory.plots.wiggle import wiggle

    def axis(name, n, fractions=None):
        return Axis.linspace(name, *axis_range(name, params, fractions), n)

    specs = []
    for N in Ns:
        for x, y in (("tau_p", "Delta_gamma"), ("tau_r", "e")):
            specs.append(FigureSpec(f"regime_map_{x}_{y}_N{N}",
                                    lambda N=N, x=x, y=y: regime_map(N, params, [axis(x, grid), axis(y, grid)])[0]))
        specs.append(FigureSpec(f"bifurcation_tau_p_N{N}",
                                lambda N=N: bifurcation(N, params, axis("tau_p", points))[0]))
        if N >= 3:
            specs.append(FigureSpec(f"wiggle_tau_p_N{N}", lambda N=N: wiggle(N, params, "tau_p", WIGGLE_VALUES)[0]))
        specs.append(FigureSpec(f"thresholds_a_B_N{N}", lambda N=N: thresholds_demand(
            N, params, [axis("a_B", grid), axis("tau_p", grid, THRESHOLD_TAU_P)])[0]))
    if neg:
        from gametheory.plots.neg import NEG_FIGURES

        specs += [FigureSpec(stem, make) for stem, make in NEG_FIGURES.items()]
    return specs


def write_figures(out_dir, params: Params | None = None, *, formats=("pdf", "png"), progress: bool = True,
                  Ns=(2, 20), grid: int = 300, points: int = 601, neg: bool = False) -> list[Path]:
    """Draw every paper figure into ``out_dir`` (created if needed); returns the files written.

    ``params`` defaults to the model's defaults; ``formats`` is a subset of :data:`FORMATS`;
    ``progress`` shows a tqdm bar over the figures on stderr (only when stderr is a terminal).
    Raises :class:`~gametheory.errors.UserInputError` for a bad N, format or parameter set
    (checked before anything is drawn).
    """
    from tqdm import tqdm

    from gametheory.models.agglomeration import AgglomerationGame
    from gametheory.plots.style import save

    params = Params.defaults() if params is None else params
    formats = tuple(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UserInputError(f"unknown figure format(s) {', '.join(bad) or '(none given)'} "
                             f"(known: {', '.join(FORMATS)})")
    Ns = tuple(dict.fromkeys(int(N) for N in Ns))
    for N in Ns:
        AgglomerationGame(N, params)          # N >= 2 and the parameter point inside the domain
    if grid < 2 or points < 2:
        raise UserInputError(f"grid and points must be at least 2 (got {grid}, {points})")
    specs = figure_specs(params, Ns, grid=grid, points=points, neg=neg)
    written: list[Path] = []
    bar = tqdm(specs, desc="figures", unit="fig", file=sys.stderr,
               disable=not (progress and sys.stderr.isatty()))
    for spec in bar:
        bar.set_postfix_str(spec.stem)
        written += save(spec.draw(), out_dir, spec.stem, formats)
    return written
