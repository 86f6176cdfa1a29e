"""``gametheory paper``: the main job, everything a paper needs in one go.

Writes into ``--out`` (default ``paper-out/``), for each N in ``--firms``
(default 2 and 20): the derived propositions (``propositions_N<N>.tex``, ``.md``,
``.json``) and the equilibria at the given parameters (``equilibria_N<N>.json``,
the object ``gametheory solve --json`` prints); then the verification summary
(``verification.txt``, the report of ``gametheory verify``).
"""

from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser("paper", help="the main job: propositions, equilibria (and, as they land, figures)",
                       description="Derive the propositions and solve the game for each N, writing LaTeX, "
                                   "Markdown and JSON files into --out.")
    p.add_argument("--out", default="paper-out", help="output directory (default paper-out)")
    p.add_argument("--firms", type=int, nargs="+", default=[2, 20], metavar="N",
                   help="numbers of firms to treat (default: 2 20)")
    p.add_argument("-p", "--param", dest="params", action="append", default=[], metavar="NAME=VALUE",
                   help="set a model parameter (repeatable)")
    p.add_argument("--draws", type=int, default=20, help="random draws of the verification (default 20)")
    p.add_argument("--seed", type=int, default=0, help="seed of the verification and sampled checks (default 0)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json
    import time
    from pathlib import Path

    from gametheory.analysis.propositions import derive_propositions
    from gametheory.cli.solve import solution
    from gametheory.errors import UserInputError
    from gametheory.models.agglomeration import AgglomerationGame
    from gametheory.params import Params

    params = Params.from_assignments(args.params)
    if any(N < 2 for N in args.firms):
        raise UserInputError(f"--firms: every N must be at least 2 (got {args.firms})")
    games = [AgglomerationGame(N, params) for N in args.firms]  # validate everything before writing
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for game in games:
        N = game.N
        t0 = time.perf_counter()
        sol = solution(game, exact=True)
        (out / f"equilibria_N{N}.json").write_text(json.dumps(sol, indent=2) + "\n")
        props = derive_propositions(N, params, seed=args.seed)
        (out / f"propositions_N{N}.tex").write_text(props.to_latex() + "\n")
        (out / f"propositions_N{N}.md").write_text(props.to_markdown() + "\n")
        (out / f"propositions_N{N}.json").write_text(props.to_json() + "\n")
        mixed = ", ".join(f"{m['p']:.6f} ({'stable' if m['stable'] else 'unstable'})" for m in sol["mixed_equilibria"])
        print(f"N = {N}: pure equilibria n_A in {sol['pure_equilibria']} ({sol['regime']}); "
              f"mixed p: {mixed or 'none'}  [{time.perf_counter() - t0:.1f} s]")
    from gametheory.analysis.verification import verify

    t0 = time.perf_counter()
    report = verify(args.draws, args.seed)
    (out / "verification.txt").write_text(report.text() + "\n")
    print(f"verification: {args.draws} random draws (seed {args.seed}): "
          f"{'all methods agree' if report.ok else f'{len(report.disagreements)} DISAGREEMENTS'}"
          f"  [{time.perf_counter() - t0:.1f} s]")
    print(f"wrote propositions (.tex, .md, .json), equilibria (.json) and verification.txt to {out}/")
    return 0 if report.ok else 1
