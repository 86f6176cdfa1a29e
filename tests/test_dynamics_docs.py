"""The Python examples of docs/dynamics.md run as doctests (each ```python block, in order, one namespace)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "dynamics.md"


def test_dynamics_doc_examples():
    text = DOC.read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 4
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict = {}
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"dynamics.md block {i}", str(DOC), 0)
        runner.run(test, clear_globs=False)
        globs = test.globs                     # names defined in one block are used by the next
    result = runner.summarize(verbose=False)
    assert result.attempted > 10 and result.failed == 0
