"""The package's structure: layers, no import cycles, one home for the model's formulas, a fast start.

Layers (each may import only those at or before it)::

    errors, results, params, arith  ->  games  ->  models  ->  analysis  ->  game, nash  ->  plots, calibrate  ->  cli

``do`` stands on its own (it may use only the base modules); ``gametheory/__init__`` imports lazily.
Function-level (lazy) imports count too: a lazy import upwards is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "gametheory"
RANK = {"errors": 0, "results": 0, "params": 0, "arith": 0, "games": 1, "models": 2, "analysis": 3, "game": 4,
        "nash": 4, "plots": 5, "calibrate": 5, "cli": 6, "__main__": 6}


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        name = ".".join(rel.parts)
        if name.endswith(".__init__"):
            name = name[: -len(".__init__")]
        yield name, path


def _imports(path: Path, module: str, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else ast.walk(tree)
    out = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("gametheory")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import
                base = module.split(".")[: len(module.split(".")) - node.level + (1 if path.name == "__init__.py" else 0)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if name.startswith("gametheory"):
                out.add(name)
    return out


def test_layers_are_respected():
    bad = []
    for module, path in _modules():
        unit = _unit(module)
        if unit == "__init__":
            continue
        for imp in _imports(path, module, top_level_only=False):
            target = _unit(imp)
            if target in ("__init__",) or target == unit:
                continue
            if unit == "do":
                if RANK.get(target, 99) > 0:
                    bad.append(f"{module} -> {imp} (do stands alone)")
                continue
            if target == "do":
                if unit not in ("calibrate", "cli", "plots"):
                    bad.append(f"{module} -> {imp}")
                continue
            if RANK[target] > RANK[unit]:
                bad.append(f"{module} -> {imp}")
    assert not bad, "imports against the layers:\n" + "\n".join(bad)


def test_no_import_cycle():
    graph = {m: {i for i in _imports(p, m, top_level_only=True)} for m, p in _modules()}
    names = set(graph)
    graph = {m: {i if i in names else i.rsplit(".", 1)[0] for i in deps} & names for m, deps in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for d in graph[m]:
            if d == m:
                continue
            if state.get(d) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(d):] + [d]))
            if d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m)


@pytest.mark.parametrize("pattern", ["two_class_quantities", "cournot_quantities", "gamma_A\"] * (k", "[1:] - ",
                                     "- pb[", "payoff_table(N"])
def test_model_formulas_have_one_home(pattern):
    """No analysis, plot, calibration or command module computes payoffs, costs or gaps itself."""
    offenders = []
    for module, path in _modules():
        if _unit(module) in ("analysis", "plots", "calibrate", "cli", "game") and pattern in path.read_text():
            offenders.append(module)
    assert not offenders, f"{pattern!r} in {offenders}"


def test_import_is_light_and_the_cli_starts_quickly(fresh_python):
    code = ("import sys, time; t = time.perf_counter(); import gametheory, gametheory.cli; "
            "gametheory.cli.build_parser(); heavy = [m for m in ('sympy', 'numpy', 'scipy', 'matplotlib', 'numba', "
            "'pandas') if m in sys.modules]; print(heavy)")
    r = fresh_python(code, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]", f"heavy modules imported at start-up: {r.stdout}"


def test_public_api_names():
    import gametheory as gt

    for name in gt.__all__:
        assert getattr(gt, name) is not None, name
    game = gt.AgglomerationGame(N=20, tau_p="3/2", Delta_gamma="1/2")
    assert game.pure_equilibria() == [5]
    assert repr(game) == "AgglomerationGame(model='resource', N=20, tau_p=3/2, gamma_B=9/10)"
