"""``gametheory propositions``: the exact equilibrium conditions of each location pattern, derived."""

from __future__ import annotations

import argparse

from gametheory.cli.common import add_model_arguments


def register(sub) -> None:
    p = sub.add_parser("propositions", help="derive the propositions (text, LaTeX, Markdown or JSON)",
                       description="Derive, symbolically, when all firms in A (the traditional resource cluster), "
                                   "all firms in B (the zero-resource economy) and the splits are Nash equilibria, "
                                   "with thresholds and comparative statics, at the given parameters.")
    add_model_arguments(p)
    p.add_argument("--format", choices=("text", "latex", "json", "markdown"), default="text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from gametheory.cli.common import model_from_args

    game = model_from_args(args)  # validates N and the parameters first
    props = game.propositions()
    out = {"text": props.to_text, "latex": props.to_latex, "json": props.to_json, "markdown": props.to_markdown}
    print(out[args.format]())
    return 0
