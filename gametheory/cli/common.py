"""Arguments shared by several subcommands (the model, N, its parameters) and output checks."""

from __future__ import annotations

import argparse


def add_model_arguments(parser: argparse.ArgumentParser, default_n: int = 2, *, n: bool = True) -> None:
    """Add ``--model FILE``, ``-N`` and the repeatable ``--param/-p NAME=VALUE``."""
    parser.add_argument("--model", metavar="FILE.toml",
                        help="a model file (TOML: parameters and payoff expressions) or a built-in model: "
                             "'resource' (default: the resource agglomeration game of docs/model.md) or "
                             "'environment' (with emissions, damages and taxes, docs/environment.md; also chosen "
                             "when -p sets one of its parameters)")
    if n:
        parser.add_argument("-N", "--firms", dest="N", type=int, default=default_n,
                            help=f"number of firms N >= 2 (default {default_n})")
    parser.add_argument("-p", "--param", dest="params", action="append", default=[], metavar="NAME=VALUE",
                        help="set a model parameter (repeatable); VALUE is an integer, decimal or fraction "
                             "such as 1/2; for the resource game Delta_gamma sets gamma_B = gamma_A + Delta_gamma")


def one_blas_thread() -> None:
    """Run numpy's BLAS (OpenBLAS) on one thread in this process and the processes it starts, unless the user
    chose a count (``OPENBLAS_NUM_THREADS``).

    The grid sweeps' matrix products (the mixed-root scans) are small, one per chunk: with several BLAS threads
    they spend their time waking and synchronising threads (on 2 busy cores the N = 200 map of ``regimes`` took
    twice as long; the main job's workers, already one per core, used 1-2 s more CPU in paired runs, about the
    run-to-run spread), and with one thread the products cannot depend on the number of cores (the CSV files of
    the benchmark grids and the main job's files are the same bytes with 1 and 2 threads).  Takes effect in a
    process that has not yet imported numpy (OpenBLAS reads the variable when it loads): the command line
    imports numpy only in a command's ``run``, and the main job's worker processes start from a fresh
    interpreter.
    """
    import os

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


#: Allocations between two collections of the youngest generation in a command process (Python's default: 700).
GC_YOUNG_THRESHOLD = 20_000


def collect_garbage_rarely() -> None:
    """Tune Python's cyclic garbage collector for a command process that builds many sympy expressions.

    * ``gc.freeze()``: every object alive now (in a worker of the main job, the modules its forkserver
      imported: sympy, numpy, scipy, matplotlib, about a million objects) moves to a generation the collector
      never scans, so a full collection no longer walks them again.
    * The youngest generation is collected after :data:`GC_YOUNG_THRESHOLD` allocations instead of 700, and each
      older one after 20 collections of the one below instead of 10: sympy's short-lived expressions trigger
      collections that find little cyclic garbage.

    Only the cyclic collector changes: reference counting frees objects as before, and nothing computed changes.
    Measured on the main job's workers at the defaults (a timer on ``gc.callbacks``): the time spent collecting
    fell from 2.6 s to 0.6-0.7 s of CPU.  For command processes, which exit soon: objects alive at
    the call are never collected as cycles, so a library call leaves the collector alone.
    """
    import gc

    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)


def keep_freed_memory() -> None:
    """Let this process reuse the memory of freed large arrays (glibc's ``mallopt``; elsewhere nothing).

    By default glibc maps every block above a threshold (128 kB, then adapted) freshly from the
    system and returns it on free, so that every temporary array of a grid sweep (a few MB each,
    hundreds per chunk) is zero-filled page by page again: about half the time of the certified
    gap tables.  Raising the mmap and trim thresholds keeps freed blocks in the heap for reuse.
    Numbers do not change (only where memory comes from).  For command processes, which exit soon:
    a library call leaves the allocator alone.
    """
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):      # not glibc (musl has no mallopt)
        return
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
    mallopt(M_MMAP_THRESHOLD, 64 << 20)      # blocks up to 64 MB from the heap
    mallopt(M_TRIM_THRESHOLD, 256 << 20)     # keep up to 256 MB of freed heap before returning it


#: Built-in models that ``--model NAME`` names (module, attribute).
BUILTIN_MODELS = {"resource": ("gametheory.models.agglomeration", "RESOURCE"),
                  "environment": ("gametheory.models.environment", "ENVIRONMENT")}


def load_model(args: argparse.Namespace, default: str = "resource"):
    """The model the arguments name: a model file, a built-in model name, or the ``default`` built-in model.

    Without ``--model``, naming a parameter only the environment model has (``t_A``, ``delta_A``...) in
    ``-p``, an axis (``--x``, ``--y``), ``--free`` or ``--instrument`` selects the environment model (the
    resource game is its special case without taxes).
    """
    import importlib
    from pathlib import Path

    path = getattr(args, "model", None)
    if path and not (path in BUILTIN_MODELS and not Path(path).exists()):
        from gametheory.models.expression import ExpressionModel

        return ExpressionModel.from_file(path)
    name = path or default
    if not path and name == "resource":
        from gametheory.models.environment import EXTENSION_PARAMETERS

        given = {a.split("=", 1)[0].strip() for a in getattr(args, "params", None) or [] if "=" in a}
        for attr in ("x", "y"):
            axis = getattr(args, attr, None)
            if isinstance(axis, str):
                given.add(axis.split("=", 1)[0].strip())
        for attr in ("free", "instrument"):
            given |= {str(n).strip() for n in getattr(args, attr, None) or []}
        if given & set(EXTENSION_PARAMETERS):
            name = "environment"
    module, attr = BUILTIN_MODELS[name]
    return getattr(importlib.import_module(module), attr)


def model_from_args(args: argparse.Namespace, N: int | None = None, default: str = "resource"):
    """The :class:`~gametheory.game.LocationGame` the arguments describe (validated: N, parameters, domain)."""
    from gametheory.game import LocationGame

    model = load_model(args, default)
    params = model.space.from_assignments(args.params)
    return LocationGame(model, args.N if N is None else N, params)


def check_output_file(path, *, suffixes: tuple[str, ...] | None = None, option: str = "--out"):
    """Refuse, before any work, an output file that cannot be written; returns it as a Path.

    Refused: a path that is a directory, a missing or non-writable parent
    directory, a suffix outside ``suffixes`` (lower case, with the dot).
    """
    import os
    from pathlib import Path

    from gametheory.errors import UserInputError

    p = Path(path)
    if p.is_dir():
        raise UserInputError(f"{option} {path}: is a directory (give a file name)")
    if suffixes is not None and p.suffix.lower() not in suffixes:
        raise UserInputError(f"{option} {path}: the file name must end in {' or '.join(suffixes)}")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise UserInputError(f"{option} {path}: the folder {parent} does not exist")
    if (p.exists() and not os.access(p, os.W_OK)) or not _can_write_in(parent):
        raise UserInputError(f"{option} {path}: not writable")
    return p


def _can_write_in(folder) -> bool:
    """A real probe (permissions, read-only mounts, special file systems): create and remove a temporary file."""
    import tempfile

    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".gametheory-probe-"):
            pass
    except OSError:
        return False
    return True


def check_output_dir(path, *, option: str = "--out"):
    """Refuse, before any work, an output folder that cannot be created or written; returns it as a Path.

    The folder may not exist yet; then its nearest existing ancestor must be a writable folder.
    """
    from pathlib import Path

    from gametheory.errors import UserInputError

    p = Path(path)
    if p.exists() and not p.is_dir():
        raise UserInputError(f"{option} {path}: exists and is not a folder")
    probe = p
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        raise UserInputError(f"{option} {path}: {probe} is not a folder")
    if not _can_write_in(probe):
        raise UserInputError(f"{option} {path}: {probe} is not writable")
    return p
