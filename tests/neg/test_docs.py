"""The Python examples of ``docs/neg.md`` run as doctests (every ```python block with ``>>>`` prompts).

``gt.neg`` is the package's lazy alias of :mod:`gametheory.models.neg`; where this checkout's
``gametheory/__init__.py`` does not define it yet, the test sets it for the examples.
"""

import doctest
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "neg.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)


def test_docs_have_python_examples():
    assert len([b for b in BLOCKS if ">>>" in b]) >= 5


def test_docs_examples_run(monkeypatch):
    import gametheory
    import gametheory.models.neg as neg

    if not hasattr(gametheory, "neg"):
        monkeypatch.setattr(gametheory, "neg", neg, raising=False)
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs: dict = {}
    for i, block in enumerate(BLOCKS):
        test = parser.get_doctest(block, globs, f"neg.md[{i}]", str(DOC), 0)
        runner.run(test, clear_globs=False)
        globs.update(test.globs)            # later blocks continue the earlier ones
    result = runner.summarize(verbose=False)
    assert result.attempted > 20 and result.failed == 0
