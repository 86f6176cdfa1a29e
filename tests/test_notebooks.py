"""Every notebook in ``notebooks/`` runs from top to bottom without an error.

Each ``notebooks/*.ipynb`` is executed with nbclient in a fresh ``python3`` kernel
whose working directory is ``notebooks/`` and whose ``PYTHONPATH`` starts with the
repository root (so the kernel imports this checkout of ``gametheory``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TIMEOUT = 600  # seconds per cell


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_with_its_outputs(path):
    """The committed copy shows its results where the repository is browsed (``python notebooks/build.py``)."""
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert code and all(c.get("execution_count") for c in code), "run python notebooks/build.py"
    assert not [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for c in code for o in c.get("outputs", [])) or path.stem in (
        "propositions",), "a notebook without a figure"


def test_notebooks_use_the_public_api_only():
    """No notebook reaches into private modules or patches sys.path."""
    import json
    import re

    for path in NOTEBOOKS:
        src = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")
        assert "sys.path" not in src, path.name
        deep = re.findall(r"from (gametheory(?:\.\w+)+) import", src)
        allowed = {"gametheory.do", "gametheory.plots.neg"}
        assert set(deep) <= allowed, (path.name, set(deep) - allowed)
