"""Checks of a DO run's settings, cheap to import (no numba, pandas or scipy).

The command line calls them before reading the table, so that a mistake costs a
fraction of a second and is one line (:class:`gametheory.errors.UserInputError`).

* A one-sided Monte Carlo test at level ``alpha`` with ``S`` simulations rejects only
  when its p-value ``>= 1/(S + 1)`` can be ``<= alpha``: it needs ``alpha (S + 1) >= 1``
  (``S >= 19`` at 5%), and has size exactly ``alpha`` when ``alpha (S + 1)`` is an
  integer (the default ``S = 999``).
* The grid ``d = 0, 1, ..., d_max`` km has at most :data:`MAX_GRID_POINTS` points.
* A Dask scheduler must answer within :data:`CONNECT_TIMEOUT` seconds.
"""

from __future__ import annotations

import math
import numbers

from gametheory.do.envelope import min_simulations
from gametheory.errors import UserInputError

ALPHA = 0.05
#: ``alpha (S + 1) = 50`` at 5%: the tests have size exactly 5%.
DEFAULT_SIMULATIONS = 999
NULLS = ("joint", "conditional")
#: At most this many evaluation distances (``d = 0..20000`` km: half the Earth's
#: circumference, the largest great-circle distance).  Memory: ``8 (S + 1) G`` bytes
#: for the curves and as much again for their ranks (160 MB each at ``S = 999``).
MAX_GRID_POINTS = 20001
#: Seconds to wait for a Dask scheduler before saying it is unreachable.
CONNECT_TIMEOUT = 5


def check_test_settings(simulations, alpha: float = ALPHA, null: str = "joint") -> None:
    """Refuse a number of simulations that cannot reach the level, a bad alpha or null."""
    if not (isinstance(alpha, (int, float)) and math.isfinite(alpha) and 0 < alpha < 1):
        raise UserInputError(f"alpha must lie strictly between 0 and 1, not {alpha}")
    need = min_simulations(alpha)
    if isinstance(simulations, bool) or not isinstance(simulations, numbers.Integral) or simulations < need:
        raise UserInputError(
            f"at least {need} simulations are needed for a test at level {alpha:g} "
            f"(a Monte Carlo test rejects only if alpha*(S+1) >= 1), not {simulations}")
    if null not in NULLS:
        raise UserInputError(f"the null must be 'joint' or 'conditional', not {null!r}")


def check_threshold_grid(threshold: float) -> None:
    """Refuse a threshold whose grid ``0, 1, ..., d_max`` km would exceed :data:`MAX_GRID_POINTS`."""
    if math.floor(threshold) + 1 > MAX_GRID_POINTS:
        raise UserInputError(
            f"threshold {threshold:g} km gives a grid of {math.floor(threshold) + 1:.4g} points "
            f"(d = 0, 1, ..., d_max km); at most {MAX_GRID_POINTS} (d_max <= {MAX_GRID_POINTS - 1} km, "
            f"half the Earth's circumference): give a smaller threshold")


def connect(scheduler, timeout: float = CONNECT_TIMEOUT):
    """A ``distributed.Client`` on ``scheduler`` (an address), or a one-line error.

    Raises :class:`UserInputError` when the optional extra is not installed or the
    scheduler does not answer within ``timeout`` seconds.
    """
    try:
        from distributed import Client
    except ImportError:
        raise UserInputError("--scheduler needs dask.distributed, an optional extra: "
                             "pip install 'gametheory[dask]'") from None
    if isinstance(scheduler, Client):
        return scheduler
    import logging
    import socket
    from urllib.parse import urlsplit

    if isinstance(scheduler, str) and "://" in scheduler:  # a refused port answers at once: say so at once
        parts = urlsplit(scheduler)
        try:
            host, port = parts.hostname, parts.port
        except ValueError:
            host = port = None
        if parts.scheme == "tcp" and host and port:
            try:
                socket.create_connection((host, port), timeout=timeout).close()
            except OSError as exc:
                raise UserInputError(f"the Dask scheduler {scheduler} is unreachable "
                                     f"({exc.strerror or type(exc).__name__})") from None
    quiet = [logging.getLogger(n) for n in ("distributed", "distributed.client", "distributed.comm")]
    levels = [lg.level for lg in quiet]
    for lg in quiet:
        lg.setLevel(logging.CRITICAL)
    try:
        return Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserInputError(f"the Dask scheduler {scheduler} is unreachable within {timeout:g} s "
                             f"({reason[:160]})") from None
    finally:
        for lg, lvl in zip(quiet, levels):
            lg.setLevel(lvl)
