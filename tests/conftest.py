"""Test-wide settings.

Hypothesis runs derandomised by default (profile ``"seeded"``): each property test draws the same
examples on every machine and every run, so the suite is reproducible and CI cannot turn red by
luck.  To explore new examples locally: ``HYPOTHESIS_PROFILE=explore python -m pytest``
(random seeds; a failure prints the ``--hypothesis-seed`` that reproduces it).

Fixture ``fresh_python``: run a snippet in a fresh interpreter (what an import pulls into ``sys.modules``).
"""

import os
import subprocess
import sys

import pytest
from hypothesis import settings

settings.register_profile("seeded", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "seeded"))


@pytest.fixture
def fresh_python():
    """``run(code, timeout=120)``: the finished ``python -c code`` of a fresh interpreter (text output captured)."""
    def run(code: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)

    return run
