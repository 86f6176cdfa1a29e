"""The index of paper-out/ (README.md): every file the main job writes is listed with what it shows."""

from pathlib import Path

from gametheory.cli.paper_index import INDEX, describe, index_text, undescribed, write_index
from gametheory.game import AgglomerationGame, ResourceEnvironmentGame
from gametheory.plots.paper import figure_specs


def _listed(readme: str) -> list[str]:
    return [line.split("`")[1] for line in readme.splitlines() if line.startswith("| `")]


def test_every_figure_and_sample_output_is_described():
    """Names from the code that writes them (figure stems of every model and N the job draws), plus the DO and
    calibration files of the sample census: each has its own description."""
    names = sorted({f"figures/{s.stem}.{ext}" for game in (AgglomerationGame(2), ResourceEnvironmentGame(2))
                    for s in figure_specs(game, (2, 3, 20), neg=True) for ext in ("pdf", "png")})
    # per N: 2 regime maps, selection map, bifurcation, thresholds, 3 welfare/policy, hysteresis, depletion;
    # wiggles (N = 3, 20); 3 NEG
    assert len(names) == 2 * (3 * 10 + 2 + 3)
    names += ["do/summary.csv", "do/run.json", "do/processing.csv", "do/processing__extraction.csv"]
    names += [f"calibration_{free}.{ext}" for free in ("Delta_gamma", "a_B") for ext in ("json", "pdf", "png")]
    missing = [n for n in names if describe(n) is None]
    assert not missing, f"add a description to gametheory/cli/paper_index.py for {missing}"
    assert describe("figures/regime_map_tau_p_Delta_gamma_N20.png") == (
        "regime map over (tau_p, Delta_gamma), N = 20: which configurations are equilibria, with the exact boundary "
        "curves D_k = 0 (PNG, 300 dpi)")
    assert "with extraction" in describe("do/processing__extraction.csv")
    assert len({describe(n) for n in names}) == len(names)          # no two files share a description


def test_index_lists_exactly_the_files(tmp_path: Path):
    files = ["propositions_N2.tex", "propositions_N20.md", "figures/bifurcation_tau_p_N20.pdf", "do/run.json",
             "notes.txt"]
    for f in files:
        (tmp_path / f).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f).write_text("x")
    path = write_index(tmp_path)
    assert path == tmp_path / INDEX
    readme = path.read_text()
    assert sorted(_listed(readme)) == sorted(files)                  # the index itself is not listed
    assert undescribed(tmp_path) == ["notes.txt"] and "| `notes.txt` | no description |" in readme
    assert _listed(readme)[:2] == ["propositions_N2.tex", "propositions_N20.md"]   # by kind, N2 before N20
    assert index_text(tmp_path) == readme
