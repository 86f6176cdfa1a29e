"""``gametheory paper``: the main job (placeholder until the foundation lands)."""
import argparse


def register(sub) -> None:
    p = sub.add_parser("paper", help="the main job: propositions, equilibria, figures")
    p.add_argument("--out", default="paper-out")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return 0
