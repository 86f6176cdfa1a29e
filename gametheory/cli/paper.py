"""``gametheory paper``: the main job, everything a paper needs in one go.

Writes into ``--out`` (default ``paper-out/``):

* for each N in ``--firms`` (default 2 and 20): the derived propositions
  (``propositions_N<N>.tex``, ``.md``, ``.json``) and the equilibria at the given
  parameters (``equilibria_N<N>.json``, the object ``gametheory solve --json`` prints);
* ``figures/``: every paper figure as PDF and PNG (``gametheory figures``);
* ``do/``: the DO index of the sample census's processing industry and its
  co-localisation with extraction (``gametheory do``);
* ``calibration_<free>.json`` and ``.png``: the identified sets on the sample census
  (``gametheory calibrate``), for the agglomeration gap and for demand in B;
* ``verification.txt``: the report of ``gametheory verify``;
* for each N, the welfare of every configuration with emissions (``welfare_N<N>.json``, ``.md``: the object
  ``gametheory welfare --json --exact`` prints), the welfare propositions (``welfare_propositions_N<N>.tex``,
  ``.json``) and the emission taxes that implement the optimum (``policy_optimum_N<N>.json``: one
  ``gametheory policy --json`` object per instrument ``t_A``, ``t_B``), at the extension defaults of
  docs/environment.md unless ``-p`` sets them (then every part of the job uses the environment model).

Exit status 1 if the verification finds a disagreement.
"""

from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser("paper", help="the main job: propositions, equilibria, figures, DO index, calibration, "
                                     "verification",
                       description="Derive the propositions and solve the game for each N, draw every figure, run "
                                   "the DO index and the calibration on the sample census and verify the derived "
                                   "conditions, writing LaTeX, Markdown, JSON, CSV, PDF and PNG files into --out.")
    p.add_argument("--out", default="paper-out", help="output directory (default paper-out)")
    p.add_argument("--firms", type=int, nargs="+", default=[2, 20], metavar="N",
                   help="numbers of firms to treat (default: 2 20)")
    p.add_argument("-p", "--param", dest="params", action="append", default=[], metavar="NAME=VALUE",
                   help="set a model parameter (repeatable)")
    p.add_argument("--draws", type=int, default=20, help="random draws of the verification (default 20)")
    p.add_argument("--simulations", type=int, default=1000, help="DO counterfactuals (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="seed of every random draw (default 0)")
    p.add_argument("--skip", nargs="+", default=[], choices=("figures", "do", "calibration"),
                   help="leave out some of the slower parts")
    p.set_defaults(func=run)


def _step(name: str):
    """Print a line with the step's duration when the block ends."""
    import contextlib
    import time

    @contextlib.contextmanager
    def timed():
        t0 = time.perf_counter()
        box = {"text": ""}
        yield box
        print(f"{name}: {box['text']}  [{time.perf_counter() - t0:.1f} s]", flush=True)

    return timed()


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from gametheory.analysis.render import set_text
    from gametheory.cli.common import check_output_dir
    from gametheory.errors import UserInputError
    from gametheory.game import AgglomerationGame, LocationGame
    from gametheory.models.agglomeration import RESOURCE

    from gametheory.models.environment import ENVIRONMENT, EXTENSION_PARAMETERS

    out = check_output_dir(args.out)
    given = {a.split("=", 1)[0].strip() for a in args.params}
    model = ENVIRONMENT if given & set(EXTENSION_PARAMETERS) else RESOURCE   # taxes etc. given: the environment model
    params = model.space.from_assignments(args.params)
    if any(N < 2 or N > 200 for N in args.firms):
        raise UserInputError(f"--firms: every N must be between 2 and 200 (got {args.firms})")
    if not 1 <= args.draws <= 10_000:
        raise UserInputError(f"--draws must be between 1 and 10000 (got {args.draws})")
    if not 19 <= args.simulations <= 100_000:
        raise UserInputError(f"--simulations must be between 19 and 100000 (got {args.simulations}): the DO test at "
                             "the 5% level needs at least 19")
    games = [AgglomerationGame(N, params) if model is RESOURCE else LocationGame(model, N, params)
             for N in args.firms]  # validate everything before writing
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for game in games:
        N = game.N
        with _step(f"N = {N}") as s:
            eq = game.equilibria()
            (out / f"equilibria_N{N}.json").write_text(json.dumps(eq.as_dict(exact=True), indent=2) + "\n")
            props = game.propositions()
            (out / f"propositions_N{N}.tex").write_text(props.to_latex() + "\n")
            (out / f"propositions_N{N}.md").write_text(props.to_markdown() + "\n")
            (out / f"propositions_N{N}.json").write_text(props.to_json() + "\n")
            mixed = ", ".join(f"{m.p:.6f} ({'stable' if m.stable else 'unstable'})" for m in eq.mixed)
            s["text"] = (f"pure equilibria n_A in {set_text(eq.pure)} ({eq.regime}); "
                         f"mixed p: {mixed or 'none'}; propositions written")
    for game in games:
        _welfare(game, out)
    if "figures" not in args.skip:
        from gametheory.plots.paper import write_figures

        with _step("figures") as s:
            paths = write_figures(out / "figures", games[0], Ns=tuple(args.firms), progress=True,
                                  neg=params == RESOURCE.defaults())
            s["text"] = f"{len(paths)} files in {out / 'figures'}/"
    if "do" not in args.skip or "calibration" not in args.skip:
        _sample(args, params, out)
    from gametheory.analysis.verification import verify

    with _step("verification") as s:
        report = verify(RESOURCE, args.draws, args.seed)
        (out / "verification.txt").write_text(report.text() + "\n")
        s["text"] = (f"{args.draws} random draws (seed {args.seed}): "
                     + ("all methods agree" if report.ok else f"{len(report.disagreements)} DISAGREEMENTS"))
    from gametheory.cli.paper_index import write_index
    write_index(out)
    print(f"everything is in {out}/")
    return 0 if report.ok else 1


def _welfare(game, out) -> None:
    """Welfare table, welfare propositions and the taxes implementing the optimum (the environment model)."""
    import json

    from gametheory.analysis.policy import policy_set
    from gametheory.analysis.welfare import welfare_table
    from gametheory.analysis.welfare_propositions import derive_welfare_propositions
    from gametheory.plots.paper import environment_game

    env = environment_game(game)
    if env is None:
        return
    N = env.N
    with _step(f"welfare N = {N}") as s:
        w = welfare_table(env)
        (out / f"welfare_N{N}.json").write_text(json.dumps(w.as_dict(exact=True), indent=2) + "\n")
        (out / f"welfare_N{N}.md").write_text(w.to_markdown() + "\n")
        props = derive_welfare_propositions(env)
        (out / f"welfare_propositions_N{N}.tex").write_text(props.to_latex() + "\n")
        (out / f"welfare_propositions_N{N}.json").write_text(props.to_json() + "\n")
        target = w.optimum[0]
        sets = [policy_set(env, target, name) for name in ("t_A", "t_B")]
        (out / f"policy_optimum_N{N}.json").write_text(json.dumps([p.as_dict() for p in sets], indent=2) + "\n")
        poa = w.price_of_anarchy
        from gametheory.analysis.render import readable_intervals, set_text
        taxes = [f"{p.instrument} in {readable_intervals(p.text)}" if p.equilibrium_set else
                 f"no {p.instrument} (empty set)" for p in sets]
        s["text"] = (f"equilibria n_A in {set_text(w.equilibria)}, optimum n_A in {set_text(w.optimum)}, price of "
                     f"anarchy {'undefined' if poa is None else f'{float(poa):.6g}'}; the optimum n_A = {target} is an "
                     f"equilibrium for " + "; ".join(taxes))


def _sample(args, params, out) -> None:
    """DO index and calibration on the sample census shipped with the package."""
    import json

    from gametheory.do import do_index, read_establishments, write_outputs
    from gametheory.models.agglomeration import RESOURCE
    from gametheory.models.environment import ENVIRONMENT

    census = read_establishments("sample")
    with _step("DO index (sample census)") as s:
        loc = do_index(census, "processing", simulations=args.simulations, seed=args.seed)
        kab = do_index(census, "processing", "extraction", simulations=args.simulations, seed=args.seed)
        if "do" not in args.skip:
            write_outputs([loc, kab], out / "do", {"source": "sample census"})
        s["text"] = (f"processing: Gamma = {loc.Gamma:.4g} (localised: {loc.localized}); with extraction: "
                     f"Gamma = {kab.Gamma:.4g} (co-localised: {kab.localized}); {args.simulations} simulations, "
                     f"seed {args.seed}")
    if "calibration" in args.skip:
        return
    from gametheory.calibrate.pipeline import calibrate
    from gametheory.plots.calibration import plot_calibration

    given = {a.split("=", 1)[0].strip() for a in args.params}
    for free in ("Delta_gamma", "a_B"):
        if free in given or (free == "Delta_gamma" and "gamma_B" in given):
            continue
        with _step(f"calibration, free {free}") as s:
            cal = calibrate(census, "processing", "extraction", free=[free], params=params, params_given=given,
                            model=None if params.space is RESOURCE.space else ENVIRONMENT,
                            seed=args.seed, do_results=(loc, kab))
            (out / f"calibration_{free}.json").write_text(json.dumps(cal.as_dict(), indent=2) + "\n")
            plot_calibration(cal, out / f"calibration_{free}.png")
            ident = " U ".join(i.text() for i in cal.identified.intervals) or "empty"
            s["text"] = f"N = {cal.observation.N}, n_A = {cal.observation.n_A}: identified set {ident}"
