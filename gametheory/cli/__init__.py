"""The ``gametheory`` command line.

Each subcommand lives in its own module ``gametheory.cli.<name>`` exposing
``register(subparsers)``, which adds an :mod:`argparse` parser and sets its
``func`` default to a function ``run(args) -> int``.  Subcommand modules import
only :mod:`argparse` at module level; heavy libraries are imported inside
``run`` so that ``gametheory --help`` stays fast.

Every :class:`gametheory.errors.UserInputError` becomes a one-line message on
standard error and exit status 2 (never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from gametheory.errors import UserInputError

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = ("paper", "solve", "propositions", "regimes", "verify", "figures", "neg", "nash",
                             "do", "calibrate", "welfare", "policy", "path", "deplete")


class _Parser(argparse.ArgumentParser):
    """argparse with exit status 2 and a one-line message on bad usage."""

    def error(self, message: str) -> None:  # pragma: no cover - argparse path
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every registered subcommand."""
    from gametheory import __version__

    parser = _Parser(
        prog="gametheory",
        description="Game-theory toolkit for the two-region resource agglomeration game.",
    )
    parser.add_argument("--version", action="version", version=f"gametheory {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"gametheory.cli.{name}").register(sub)
    return parser


#: Entries of each of sympy's caches in a command process (``SYMPY_CACHE_SIZE``; sympy's default is 1000; a value
#: set in the environment is kept).  Measured on the main job at the defaults (per-task CPU, two alternating runs):
#: the workers' CPU fell from 32.3-33.7 s to 30.7-31.5 s, the largest worker's peak memory did not grow.
SYMPY_CACHE_SIZE = 20_000


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    import os
    import warnings

    os.environ.setdefault("MPLBACKEND", "Agg")      # files only: no display needed
    # sympy's caches hold SYMPY_CACHE_SIZE results per function (default 1000): the sign proofs and thresholds of
    # one N revisit more than that; read when sympy is first imported (here or in the main job's forkserver)
    os.environ.setdefault("SYMPY_CACHE_SIZE", str(SYMPY_CACHE_SIZE))
    warnings.filterwarnings("ignore", category=RuntimeWarning, module="numpy")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UserInputError as exc:
        print(f"gametheory {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into a pager or `head` that closed early
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:  # pragma: no cover
        print("interrupted", file=sys.stderr)
        return 130
