"""The index of ``paper-out/``: a ``README.md`` that lists every file the main job wrote and what it shows.

The list comes from scanning the folder when the job ends (:func:`write_index`), never from a list
typed in, so it cannot drift from what was written.  Each file is described by the first entry of
:data:`DESCRIPTIONS` whose pattern matches its path (relative, ``/``-separated); the pattern's named
groups fill the description (``N = {N}``).  A file that no pattern matches is listed as
"no description" and :func:`undescribed` names it (the test suite fails on it): a new output needs
its line here.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["DESCRIPTIONS", "describe", "undescribed", "index_text", "write_index", "INDEX"]

#: The index file itself (not listed in it).
INDEX = "README.md"

_PARAM = r"[A-Za-z]+(?:_[A-Za-z]+)?"
_FIG = r"\.(?P<ext>pdf|png|svg)"

#: ``(pattern, description)``: the first full match describes a file.
DESCRIPTIONS: tuple[tuple[str, str], ...] = (
    (r"propositions_N(?P<N>\d+)\.tex",
     "the derived propositions for N = {N} (when the traditional cluster, the zero-resource economy and the splits "
     "are equilibria, thresholds, comparative statics, selection) as a LaTeX fragment to \\input (needs amsmath and "
     "\\newtheorem{{proposition}}{{Proposition}})"),
    (r"propositions_N(?P<N>\d+)\.md", "the derived propositions for N = {N} in Markdown (math in $...$)"),
    (r"propositions_N(?P<N>\d+)\.json",
     "the derived propositions for N = {N} as data: exact conditions (sympy syntax) and their compact forms, "
     "thresholds in closed form, every sign with its certificates or witness points"),
    (r"equilibria_N(?P<N>\d+)\.json",
     "the game with N = {N} firms at the given parameters (the object of gametheory solve --json --exact): exact "
     "payoffs, pure and mixed equilibria, regime"),
    (r"welfare_N(?P<N>\d+)\.json",
     "welfare of every configuration with emissions, N = {N} (W, CS, PS, R, Dmg, X_A, X_B, exact), the optimum, "
     "prices of anarchy and stability (gametheory welfare --json --exact)"),
    (r"welfare_N(?P<N>\d+)\.md", "the welfare table for N = {N} in Markdown"),
    (r"welfare_propositions_N(?P<N>\d+)\.tex",
     "the derived welfare propositions for N = {N} (which pattern is socially better, over-agglomeration, signs) as "
     "a LaTeX fragment to \\input"),
    (r"welfare_propositions_N(?P<N>\d+)\.json", "the derived welfare propositions for N = {N} as data"),
    (r"policy_optimum_N(?P<N>\d+)\.json",
     "the emission taxes t_A, t_B (one at a time) under which the social optimum is an equilibrium and the only one, "
     "N = {N}, with the Pigouvian benchmark (gametheory policy --json, one object per tax)"),
    (r"verification\.txt",
     "report of gametheory verify: every derived condition against brute force on seeded random draws"),
    (r"calibration_(?P<free>\w+)\.json",
     "calibration on the sample census with {free} free: the identified set (values of {free} under which the "
     "observed location pattern is an equilibrium), the unique set, the DO results (gametheory calibrate --json)"),
    (r"calibration_(?P<free>\w+)\.(?P<ext>pdf|png)",
     "figure of the calibration with {free} free: the two equilibrium conditions of the observed pattern "
     "(D_k of the firms in A, D_(k+1) of those in B) against {free}, the identified set and the unique set shaded"),
    (r"do/summary\.csv",
     "Duranton-Overman index on the sample census: one row per industry (and neighbour industry), with Gamma, Psi "
     "and the localisation and dispersion tests"),
    (r"do/run\.json", "settings of the DO run (sites, d_max, simulations, seed, source)"),
    (r"do/(?P<label>[^/]+?)__(?P<neighbor>[^/]+)\.csv",
     "DO co-localisation K-density of {label} with {neighbor} by distance, with the counterfactual mean and the local "
     "and global confidence bands"),
    (r"do/(?P<label>[^/]+)\.csv",
     "DO K-density of {label} by distance, with the counterfactual mean and the local and global confidence bands"),
    (rf"figures/regime_map_(?P<axes>\w+)_N(?P<N>\d+){_FIG}",
     "regime map over {axes}, N = {N}: which configurations are equilibria, with the exact boundary curves D_k = 0"),
    (rf"figures/selection_map_(?P<axes>\w+)_N(?P<N>\d+){_FIG}",
     "selection map over {axes}, N = {N}: the configuration selected (potential maximiser), where the mistakes "
     "dynamics differs, the curve Phi(N) = Phi(0)"),
    (rf"figures/bifurcation_(?P<x>{_PARAM})_N(?P<N>\d+){_FIG}",
     "bifurcation diagram along {x}, N = {N}: the equilibria (pure and symmetric mixed), stable solid, unstable "
     "dashed"),
    (rf"figures/wiggle_tau_p_N(?P<N>\d+){_FIG}",
     "the D_k 'wiggle': the incentive D_k against k = n_A at several values of tau_p, N = {N}"),
    (rf"figures/thresholds_a_B_N(?P<N>\d+){_FIG}",
     "the tau_p thresholds of the traditional cluster and of the zero-resource economy against demand a_B, N = {N}"),
    (rf"figures/welfare_map_(?P<axes>\w+)_N(?P<N>\d+){_FIG}",
     "welfare map over {axes}, N = {N}: the optimal configuration, hatched where the equilibria miss it, the exact "
     "optimum switches and equilibrium boundaries"),
    (rf"figures/policy_map_(?P<axes>\w+)_N(?P<N>\d+){_FIG}",
     "policy map over the emission taxes {axes}, N = {N}: which configurations are equilibria, where the optimum is "
     "an equilibrium and the only one, the Pigouvian taxes"),
    (rf"figures/welfare_(?P<x>{_PARAM})_N(?P<N>\d+){_FIG}",
     "welfare W(k) of every configuration against {x}, N = {N}: thick where k is an equilibrium, the optimum as a "
     "band, its exact switch points"),
    (rf"figures/hysteresis_e_N(?P<N>\d+){_FIG}",
     "hysteresis along the regional effect e, N = {N}: the path of the economy (myopic relocation) as e rises and "
     "falls back, drawn on the bifurcation diagram"),
    (rf"figures/depletion_N(?P<N>\d+){_FIG}",
     "depletion of region A's reserves, N = {N}: the stock, the regional effect it sustains, the firms in A and "
     "welfare by period"),
    (rf"figures/neg_cp_tomahawk{_FIG}", "New Economic Geography check: the core-periphery model's tomahawk diagram "
                                        "(Krugman 1991; mu = 0.4, sigma = 5)"),
    (rf"figures/neg_cp_wiggle{_FIG}", "New Economic Geography check: the core-periphery model's wiggle diagram "
                                      "(real-wage gap against the share of industry)"),
    (rf"figures/neg_resource_tomahawk{_FIG}",
     "the resource game in its continuum limit: the tomahawk diagram over tau_p (break and sustain points)"),
)
_FORMAT = {"pdf": "PDF", "png": "PNG, 300 dpi", "svg": "SVG"}


def _axes(s: str) -> str:
    """``tau_p_Delta_gamma`` -> ``(tau_p, Delta_gamma)``: the split into two parameter names (each with at most one
    underscore) that reads as parameters of the toolkit's models; the text itself when none does."""
    from gametheory.models.environment import ENVIRONMENT

    names = set(ENVIRONMENT.space.all_names)
    parts = s.split("_")
    for i in range(1, len(parts)):
        x, y = "_".join(parts[:i]), "_".join(parts[i:])
        if x in names and y in names:
            return f"({x}, {y})"
    return s


def describe(path: str) -> str | None:
    """The description of a file of the output folder (its path relative to the folder), or None."""
    return _match(path)[1]


def _match(path: str) -> tuple[int, str | None]:
    """``(index of the first matching entry, description)``; ``(len(DESCRIPTIONS), None)`` without one."""
    for i, (pattern, text) in enumerate(DESCRIPTIONS):
        m = re.fullmatch(pattern, path)
        if m:
            groups = m.groupdict()
            if "axes" in groups:
                groups["axes"] = _axes(groups["axes"])
            out = text.format(**groups)
            return i, out + (f" ({_FORMAT[groups['ext']]})" if groups.get("ext") else "")
    return len(DESCRIPTIONS), None


def _files(out_dir: Path) -> list[str]:
    return sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file()
                  and p.relative_to(out_dir).as_posix() != INDEX)


def _natural(path: str) -> list:
    """Sort key reading numbers as numbers (``N2`` before ``N20``)."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path)]


def undescribed(out_dir) -> list[str]:
    """The files of ``out_dir`` that no entry of :data:`DESCRIPTIONS` describes."""
    return [f for f in _files(Path(out_dir)) if describe(f) is None]


def index_text(out_dir) -> str:
    """The Markdown index of ``out_dir``: one table row per file, in the order of :data:`DESCRIPTIONS` (by kind)."""
    out_dir = Path(out_dir)
    files = sorted(_files(out_dir), key=lambda f: (_match(f)[0], _natural(f)))
    L = [f"# {out_dir.name}/", "",
         "Written by `gametheory paper` (the main job of the toolkit). Every file of this folder is listed below "
         "with what it shows; the list is made by scanning the folder when the job ends.", "",
         "| file | what it shows |", "|---|---|"]
    L += [f"| `{f}` | {(describe(f) or 'no description').replace('|', '/')} |" for f in files]
    return "\n".join(L) + "\n"


def write_index(out_dir) -> Path:
    """Write ``out_dir/README.md``, the index of every file in ``out_dir``; returns its path."""
    path = Path(out_dir) / INDEX
    path.write_text(index_text(out_dir))
    return path
