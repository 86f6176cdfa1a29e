"""The command line: exact forms of solve/propositions/paper, and one-line errors with exit status 2."""

import json
import re
import subprocess
import sys

import pytest

from gametheory.cli import main


def run(*args):
    r = subprocess.run([sys.executable, "-m", "gametheory", *args], capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout, r.stderr


def test_solve_json_N2_exact():
    code, out, err = run("solve", "--json", "--exact")
    assert code == 0, err
    sol = json.loads(out)
    assert sol["n_firms"] == 2
    assert sol["payoffs"] == {"A": [None, "5701/450", "2833/225"], "B": ["5849/450", "2417/225", None]}
    assert sol["pure_equilibria"] == [0, 2]
    assert sol["mixed_equilibria"] == [{"p": pytest.approx(37 / 245), "stable": False}]
    assert sol["params"]["tau_p"] == 1.0 and sol["params"]["e"] == 0.2
    ne = sorted(e["row"] + e["col"] for e in sol["nash_equilibria"])
    expected = [[0.0, 1.0, 0.0, 1.0], [37 / 245, 208 / 245, 37 / 245, 208 / 245], [1.0, 0.0, 1.0, 0.0]]
    assert len(ne) == 3
    for got, want in zip(ne, expected):
        assert got == pytest.approx(want, abs=1e-15)


def test_solve_json_N20_and_params(capsys):
    assert main(["solve", "-N", "20", "--json"]) == 0
    sol = json.loads(capsys.readouterr().out)
    assert sol["pure_equilibria"] == [5, 20]
    assert sol["payoffs"]["A"][20] == pytest.approx(2833 / 11025) and sol["payoffs"]["B"][20] is None
    assert [m["p"] for m in sol["mixed_equilibria"]] == pytest.approx([0.288956, 0.875354], abs=1e-6)
    assert "nash_equilibria" not in sol
    assert main(["solve", "--json", "-p", "Delta_gamma=1/2", "--param", "tau_p=0.5"]) == 0
    sol = json.loads(capsys.readouterr().out)
    assert sol["params"]["gamma_B"] == 0.9 and sol["params"]["tau_p"] == 0.5


def test_solve_report_readable(capsys):
    assert main(["solve"]) == 0
    out = capsys.readouterr().out
    assert "n_A = 2: traditional resource cluster, strict (stable)" in out
    assert "p = 0.151020 = 37/245, unstable" in out


@pytest.mark.parametrize("args,message", [
    (["solve", "-p", "foo=1"], "unknown parameter 'foo'"),
    (["solve", "-p", "tau_p=abc"], "malformed value"),
    (["solve", "-p", "tau_p"], "NAME=VALUE"),
    (["solve", "-N", "1"], "at least 2"),
    (["solve", "-p", "b=0"], "b must be > 0"),
    (["solve", "-p", "e=3"], "c - e - gamma_A"),
    (["propositions", "-p", "gamma_B=5"], "c + tau_r - gamma_B"),
    (["paper", "--firms", "1"], "between 2 and 200"),
])
def test_user_errors_are_one_line_exit_2(args, message):
    code, out, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_propositions_formats(capsys):
    assert main(["propositions", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["N"] == 2 and data["params"]["tau_p"] == "1"
    assert main(["propositions", "--format", "latex"]) == 0
    assert r"\begin{proposition}[Traditional resource cluster]" in capsys.readouterr().out


def test_paper_writes_everything(tmp_path, capsys):
    assert main(["paper", "--out", str(tmp_path), "--firms", "2", "--draws", "4", "--skip", "figures", "do",
                 "calibration"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(["equilibria_N2.json", "propositions_N2.json", "propositions_N2.md", "propositions_N2.tex",
                            "verification.txt", "welfare_N2.json", "welfare_N2.md", "welfare_propositions_N2.tex",
                            "welfare_propositions_N2.json", "policy_optimum_N2.json", "README.md"])
    # the index lists exactly the other files, each with a description
    from gametheory.cli.paper_index import undescribed

    listed = [line.split("`")[1] for line in (tmp_path / "README.md").read_text().splitlines() if line.startswith("| `")]
    assert sorted(listed) == sorted(set(names) - {"README.md"}) and undescribed(tmp_path) == []
    out = capsys.readouterr().out
    assert "pure equilibria n_A in {0, 2} (coordination)" in out and "optimum n_A in {0}" in out
    assert "[0, 2]" not in out and "*" not in out
    wall, cpu = re.search(r"everything is in .*\[([0-9.]+) s wall, ([0-9.]+) s CPU in the workers\]", out).groups()
    assert float(cpu) > 0.5         # the workers' own CPU time (a forkserver's children: not in getrusage)
    assert "all methods agree" in (tmp_path / "verification.txt").read_text()
    welfare = json.loads((tmp_path / "welfare_N2.json").read_text())
    assert welfare["optimum"] == [0] and welfare["table"][0]["W"] == "11188/225"
    policy = json.loads((tmp_path / "policy_optimum_N2.json").read_text())
    assert [p["instruments"] for p in policy] == [["t_A"], ["t_B"]] and policy[1]["equilibrium_set_exact"] == [
        ["-17/10", "37/710"]]
    assert json.loads((tmp_path / "equilibria_N2.json").read_text())["payoffs"]["A"][2] == "2833/225"


def test_help_is_fast_and_lazy(fresh_python):
    code, out, _ = run("--help")
    assert code == 0 and "solve" in out
    # the CLI must not import the heavy libraries just to parse arguments
    r = fresh_python("import sys, gametheory.cli as c; c.build_parser(); "
                     "print(sorted(m for m in ('sympy', 'numba', 'scipy', 'pandas') if m in sys.modules))")
    assert r.stdout.strip() == "[]"


def test_regimes_runs_blas_on_one_thread_unless_told(monkeypatch):
    """``regimes`` asks OpenBLAS for one thread before numpy loads (a user's choice is kept)."""
    import os

    from gametheory.cli.common import one_blas_thread

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "")      # recorded, so that the test leaves the variable as it was
    monkeypatch.delenv("OPENBLAS_NUM_THREADS")
    one_blas_thread()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    one_blas_thread()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "2"


def test_regimes_mixed_texts_are_the_rounded_roots():
    """The one-pass formatting of the CSV's mixed equilibria is ``"%.6f" % numpy.round(p, 6)`` without trailing zeros,
    the roots of a point joined by ';' (NaN: no root)."""
    import numpy as np

    from gametheory.cli.regimes import _mixed_texts

    rng = np.random.default_rng(7)
    p = rng.random((3, 3000))
    p[:, :12] = np.array([0.0, 1.0, 1e-7, 5e-7, 4.9999999e-7, 0.9999995, 0.5, 0.25, 0.1, 10.0, 100.5, 1e20])
    p[rng.random(p.shape) < 0.4] = np.nan
    p = np.sort(p, axis=0)                                  # roots ascending, NaN after them
    want = [";".join(("%.6f" % np.round(x, 6)).rstrip("0").rstrip(".") for x in col if np.isfinite(x))
            for col in p.T]
    assert _mixed_texts(p).tolist() == want
    assert _mixed_texts(np.full((2, 4), np.nan)).tolist() == [""] * 4


def test_paper_starts_the_longest_tasks_first():
    """The main job hands its workers the tasks longest first (estimated from the labels), so that both finish
    together: on the defaults the N = 20 figures and the sample census first, the N = 2 welfare last."""
    from gametheory.cli.paper import _estimated_seconds

    labels = ["N = 2", "N = 20", "welfare N = 2", "welfare N = 20", "figures 20.0", "figures 20.1", "figures 2.0",
              "figures 2.1", "figures neg.0", "sample census", "verification"]
    order = sorted(labels, key=lambda label: -_estimated_seconds(label))
    assert set(order[:3]) == {"figures 20.0", "figures 20.1", "sample census"}
    assert order[-1] == "welfare N = 2"
    assert _estimated_seconds("figures 200.1") > _estimated_seconds("figures 20.1") > _estimated_seconds("figures 2.0")
    assert _estimated_seconds("something new") == 1.0


def test_paper_workers_collect_garbage_rarely():
    """A worker of the main job freezes what its forkserver imported (the collector skips it) and collects the
    youngest generation every GC_YOUNG_THRESHOLD allocations; the setup runs in a fresh process, as in a worker."""
    code = ("import gc, json; from gametheory.cli.paper import _worker_setup; before = gc.get_threshold(); "
            "_worker_setup(); print(json.dumps([before, gc.get_threshold(), gc.get_freeze_count()]))")
    before, after, frozen = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                      check=True).stdout)
    from gametheory.cli.common import GC_YOUNG_THRESHOLD

    assert before[0] == 700 and after == [GC_YOUNG_THRESHOLD, 20, 20]
    assert frozen > 10_000        # the interpreter's and the imported modules' objects


@pytest.mark.parametrize("env,size", [({}, "20000"), ({"SYMPY_CACHE_SIZE": "500"}, "500")])
def test_command_processes_give_sympy_larger_caches(env, size):
    """A command process (and the main job's forkserver, which inherits the environment) imports sympy with
    SYMPY_CACHE_SIZE entries per cache; a value the user set is kept."""
    import os

    from gametheory.cli import SYMPY_CACHE_SIZE

    code = ("from gametheory.cli import main; main(['solve', '-N', '2']); "
            "from sympy.core.cache import cacheit; print(cacheit(lambda x: x).cache_info().maxsize)")
    environ = {k: v for k, v in os.environ.items() if k != "SYMPY_CACHE_SIZE"} | env
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environ).stdout
    assert out.split()[-1] == size and (env or size == str(SYMPY_CACHE_SIZE))


def test_paper_preloads_what_its_workers_import():
    """The forkserver imports the modules every worker needs once; matplotlib only when a task draws, and every name
    is an importable module."""
    import importlib

    from gametheory.cli.paper import _preload

    fig = _preload([("N = 2", "_task_game", {}), ("figures 2.0", "_task_figures", {})])
    bare = _preload([("N = 2", "_task_game", {}), ("verification", "_task_verify", {})])
    assert "gametheory.plots.style" in fig and "gametheory.plots.style" not in bare
    assert {"sympy", "scipy.optimize", "gametheory.cli.paper"} <= set(bare) <= set(fig)
    assert {"gametheory.analysis.propositions", "gametheory.models.neg.core_periphery", "gametheory.games.signs"} \
        <= set(bare)                                                  # every module of the tasks' packages
    code = ("import sys; from gametheory.cli.paper import _modules_of; names = _modules_of('gametheory.analysis', "
            "'gametheory.models'); print(len(names), sum(n in sys.modules for n in names))")
    listed, imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                      check=True).stdout.split()
    assert int(listed) > 20 and imported == "0"                         # listed from disk, not imported
    for name in fig:
        importlib.import_module(name)


@pytest.mark.parametrize("Ns,neg", [((2, 20), True), ((3,), False), ((2, 5, 40), False)])
def test_paper_figure_tasks_draw_every_figure_once(Ns, neg):
    """The main job's figure tasks, made without listing the figures, together draw each figure of
    ``figure_specs`` exactly once, and the parent process that makes them imports no plotting code."""
    from gametheory.cli.paper import _figure_part, _figure_tasks
    from gametheory.game import AgglomerationGame
    from gametheory.plots.paper import figure_specs

    stems = [s.stem for s in figure_specs(AgglomerationGame(Ns[0]), Ns, neg=neg)]
    drawn = [stem for group, part in _figure_tasks(Ns, neg) for stem in _figure_part(stems, group, part)]
    assert sorted(drawn) == sorted(stems) and len(set(stems)) == len(stems)
    assert all(_figure_part(stems, str(N), 0) for N in Ns)        # every N draws something in its first part
    code = ("import sys, gametheory.cli.paper as p; p._figure_tasks((2, 20), True); "
            "print('matplotlib' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
