"""Arguments shared by several subcommands (the model, N, its parameters) and output checks."""

from __future__ import annotations

import argparse


def add_model_arguments(parser: argparse.ArgumentParser, default_n: int = 2, *, n: bool = True) -> None:
    """Add ``--model FILE``, ``-N`` and the repeatable ``--param/-p NAME=VALUE``."""
    parser.add_argument("--model", metavar="FILE.toml",
                        help="a model file (TOML: parameters and payoff expressions); default: the built-in "
                             "resource agglomeration game of docs/model.md")
    if n:
        parser.add_argument("-N", "--firms", dest="N", type=int, default=default_n,
                            help=f"number of firms N >= 2 (default {default_n})")
    parser.add_argument("-p", "--param", dest="params", action="append", default=[], metavar="NAME=VALUE",
                        help="set a model parameter (repeatable); VALUE is an integer, decimal or fraction "
                             "such as 1/2; for the resource game Delta_gamma sets gamma_B = gamma_A + Delta_gamma")


def load_model(args: argparse.Namespace):
    """The model the arguments name: a model file, or the built-in resource game."""
    path = getattr(args, "model", None)
    if path:
        from gametheory.models.expression import ExpressionModel

        return ExpressionModel.from_file(path)
    from gametheory.models.agglomeration import RESOURCE

    return RESOURCE


def model_from_args(args: argparse.Namespace, N: int | None = None):
    """The :class:`~gametheory.game.LocationGame` the arguments describe (validated: N, parameters, domain)."""
    from gametheory.game import LocationGame

    model = load_model(args)
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
    import os
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
