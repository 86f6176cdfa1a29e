"""The Python examples of the README and of every page in ``docs/`` run as doctests.

Every ```python block with ``>>>`` prompts is a doctest; the blocks of one page share their
variables (a page reads top to bottom).  Pages run with their working directory at the
repository root, so that paths such as ``examples/congestion.toml`` resolve.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))


def _blocks(path: Path) -> list[str]:
    return [b for b in re.findall(r"```python\n(.*?)```", path.read_text(), re.S) if ">>>" in b]


def test_the_readme_and_the_api_docs_have_examples():
    assert len(_blocks(ROOT / "README.md")) >= 1
    assert len(_blocks(ROOT / "docs" / "models.md")) >= 3


@pytest.mark.parametrize("path", [p for p in PAGES if _blocks(p)], ids=lambda p: p.name)
def test_page_examples_run(path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict = {}
    for i, block in enumerate(_blocks(path)):
        test = parser.get_doctest(block, globs, f"{path.name}[{i}]", str(path), 0)
        runner.run(test, clear_globs=False)
        globs.update(test.globs)            # later blocks continue the earlier ones
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {path.name}"
