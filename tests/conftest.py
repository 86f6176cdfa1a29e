"""Test-wide settings.

Hypothesis runs derandomised by default (profile ``"seeded"``): each property test draws the same
examples on every machine and every run, so the suite is reproducible and CI cannot turn red by
luck.  To explore new examples locally: ``HYPOTHESIS_PROFILE=explore python -m pytest``
(random seeds; a failure prints the ``--hypothesis-seed`` that reproduces it).
"""

import os

from hypothesis import settings

settings.register_profile("seeded", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "seeded"))
