"""Execute every notebook in this folder in place, storing its outputs (figures included).

    python notebooks/build.py              # all notebooks
    python notebooks/build.py figures      # the notebooks whose name contains 'figures'

The test suite executes each notebook afresh (``tests/test_notebooks.py``) and checks that the
stored copy has its outputs; run this after changing a notebook or the code it shows.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build(path: Path) -> float:
    """Execute one notebook in place (working directory: this folder); returns seconds taken."""
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)
    env_path = os.pathsep.join(filter(None, [str(HERE.parent), os.environ.get("PYTHONPATH")]))
    os.environ["PYTHONPATH"] = env_path
    t0 = time.perf_counter()
    nbclient.NotebookClient(nb, timeout=900, kernel_name="python3",
                            resources={"metadata": {"path": str(HERE)}}).execute()
    for cell in nb.cells:                      # stable files: no execution timestamps
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(nb, path)
    return time.perf_counter() - t0


def main(argv: list[str]) -> int:
    paths = sorted(HERE.glob("*.ipynb"))
    if argv:
        paths = [p for p in paths if any(a in p.stem for a in argv)]
    for p in paths:
        print(f"{p.name}: {build(p):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
