"""Arguments shared by several subcommands (model parameters, N)."""

from __future__ import annotations

import argparse


def add_model_arguments(parser: argparse.ArgumentParser, default_n: int = 2) -> None:
    """Add ``-N`` and the repeatable ``--param/-p NAME=VALUE``."""
    parser.add_argument("-N", "--firms", dest="N", type=int, default=default_n,
                        help=f"number of firms N >= 2 (default {default_n})")
    parser.add_argument("-p", "--param", dest="params", action="append", default=[], metavar="NAME=VALUE",
                        help="set a model parameter (repeatable); VALUE is an integer, decimal or fraction "
                             "such as 1/2; Delta_gamma sets gamma_B = gamma_A + Delta_gamma")


def model_from_args(args: argparse.Namespace):
    """The :class:`~gametheory.models.agglomeration.AgglomerationGame` the arguments describe."""
    from gametheory.errors import UserInputError
    from gametheory.models.agglomeration import AgglomerationGame
    from gametheory.params import Params

    if args.N < 2:
        raise UserInputError(f"-N must be at least 2 (got {args.N})")
    return AgglomerationGame(args.N, Params.from_assignments(args.params))
