"""The Python examples of docs/environment.md run as doctests (every number in the page is measured)."""

import doctest
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "environment.md"


def test_environment_doc_examples():
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted >= 15 and result.failed == 0
