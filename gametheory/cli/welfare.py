"""``gametheory welfare``: welfare of every configuration, the social optimum and the efficiency of the equilibria."""

from __future__ import annotations

import argparse

from gametheory.cli.common import add_model_arguments


def register(sub) -> None:
    p = sub.add_parser("welfare", help="welfare by configuration, the social optimum, prices of anarchy and stability",
                       description="Welfare W = CS + PS + R - Dmg of every configuration k = n_A (consumer and "
                                   "producer surplus, tax revenue, damage of emissions; docs/environment.md), the "
                                   "social optimum (the k maximising W, ties all reported), the welfare gap of each "
                                   "pure Nash equilibrium, the prices of anarchy and stability and the named "
                                   "inefficiencies (over-agglomeration in A, in B). Exact rational arithmetic. "
                                   "Default model: the resource game with emissions (environment).")
    add_model_arguments(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--exact", action="store_true", help="numbers as exact fractions (strings in JSON)")
    p.add_argument("--propositions", choices=("text", "latex", "json", "markdown"), metavar="FORMAT",
                   help="print the derived welfare propositions instead (text, latex, json or markdown)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json

    from gametheory.analysis.welfare import welfare_table
    from gametheory.cli.common import model_from_args

    game = model_from_args(args, default="environment")
    if args.propositions:
        from gametheory.analysis.welfare_propositions import derive_welfare_propositions

        props = derive_welfare_propositions(game)
        print({"text": props.to_text, "latex": props.to_latex, "json": props.to_json,
               "markdown": props.to_markdown}[args.propositions]())
        return 0
    w = welfare_table(game)
    if args.json:
        print(json.dumps(w.as_dict(exact=args.exact), indent=2))
    elif args.exact:
        print(_exact_text(w))
    else:
        print(w.to_text())
    return 0


def _exact_text(w) -> str:
    """The table with exact fractions."""
    from gametheory.analysis.welfare import WELFARE_KEYS

    if not w.exact:
        from gametheory.errors import UserInputError

        raise UserInputError(f"exact welfare is computed for N <= 20,000; drop --exact for N = {w.N:,}")
    L = [f"Welfare by configuration (exact): {w.model.title}, N = {w.N} firms",
         "Parameters: " + ", ".join(f"{n}={v}" for n, v in w.params.items()), ""]
    for r in w.rows():
        tags = ", ".join(t for t, on in (("equilibrium", r["equilibrium"]), ("optimal", r["optimal"])) if on)
        L.append(f"k = {r['k']}" + (f" ({tags})" if tags else "") + ": "
                 + ", ".join(f"{key} = {r[key]}" for key in WELFARE_KEYS))
    L.append("")
    L += w.summary_lines()
    gaps = "; ".join(f"n_A = {k}: {g}" for k, g in w.gaps.items())
    L.append(f"Exact welfare gaps: {gaps}; price of anarchy {w.price_of_anarchy}, of stability {w.price_of_stability}")
    return "\n".join(L)
