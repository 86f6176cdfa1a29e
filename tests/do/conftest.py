"""Fixtures of the DO tests."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def rng():
    """A seeded generator (every test draw is reproducible)."""
    return np.random.default_rng(20051077)
