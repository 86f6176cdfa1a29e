"""``gametheory paper``: the main job, everything a paper needs in one go.

Writes into ``--out`` (default ``paper-out/``):

* for each N in ``--firms`` (default 2 and 20): the derived propositions
  (``propositions_N<N>.tex``, ``.md``, ``.json``) and the equilibria at the given
  parameters (``equilibria_N<N>.json``, the object ``gametheory solve --json`` prints);
* ``figures/``: every paper figure as PDF and PNG (``gametheory figures``);
* ``do/``: the DO index of the sample census's processing industry and its
  co-localisation with extraction (``gametheory do``);
* ``calibration_<free>.json``, ``.pdf`` and ``.png``: the identified and confidence sets on the sample census
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
    p.add_argument("--simulations", type=int, default=999, help="DO counterfactuals (default 999)")
    p.add_argument("--seed", type=int, default=0, help="seed of every random draw (default 0)")
    p.add_argument("--skip", nargs="+", default=[], choices=("figures", "do", "calibration"),
                   help="leave out some of the slower parts")
    p.add_argument("--jobs", type=int, default=0, metavar="J",
                   help="worker processes (default: the number of cores, at most 4); the files do not depend on it")
    p.set_defaults(func=run)


def _step(name: str):
    """Print a line with the step's duration when the block ends (used inside the tasks)."""
    import contextlib
    import time

    @contextlib.contextmanager
    def timed():
        t0 = time.perf_counter()
        box = {"text": ""}
        yield box
        box["seconds"] = time.perf_counter() - t0

    return timed()


# ------------------------------------------------------------------ tasks
# Each task is a module-level function of plain arguments (it runs in a worker process): it rebuilds
# the game from the model's name and the parameters as exact strings, writes its files and returns
# its report lines.  The files do not depend on the number of workers.

def _game(model_name: str, params: dict, N: int):
    from gametheory.game import AgglomerationGame, LocationGame
    from gametheory.models.agglomeration import RESOURCE
    from gametheory.models.environment import ENVIRONMENT

    model = RESOURCE if model_name == "resource" else ENVIRONMENT
    p = model.space.point(params)
    return AgglomerationGame(N, p) if model is RESOURCE else LocationGame(model, N, p)


def _task_game(model_name, params, N, out) -> list[str]:
    import json
    from pathlib import Path

    out = Path(out)
    game = _game(model_name, params, N)
    eq = game.equilibria()
    (out / f"equilibria_N{N}.json").write_text(json.dumps(eq.as_dict(exact=True), indent=2) + "\n")
    props = game.propositions()
    (out / f"propositions_N{N}.tex").write_text(props.to_latex() + "\n")
    (out / f"propositions_N{N}.md").write_text(props.to_markdown() + "\n")
    (out / f"propositions_N{N}.json").write_text(props.to_json() + "\n")
    mixed = ", ".join(f"{m.p:.6f} ({'stable' if m.stable else 'unstable'})" for m in eq.mixed)
    from gametheory.analysis.render import set_text

    return [f"pure equilibria n_A in {set_text(eq.pure)} ({eq.regime}); mixed p: {mixed or 'none'}; "
            "propositions written"]


def _task_welfare(model_name, params, N, out) -> list[str]:
    from pathlib import Path

    return _welfare(_game(model_name, params, N), Path(out))


def _task_figures(model_name, params, Ns, group, part, out, neg) -> list[str]:
    from pathlib import Path

    from gametheory.plots.paper import figure_specs
    from gametheory.plots.style import save

    game = _game(model_name, params, Ns[0])
    specs = {s.stem: s for s in figure_specs(game, tuple(Ns), neg=neg)}
    return [str(p) for stem in _figure_part(list(specs), group, part)
            for p in save(specs[stem].draw(), Path(out), stem, ("pdf", "png"))]


def _figure_tasks(Ns, neg: bool) -> list[tuple[str, int]]:
    """``(group, part)`` of the figure tasks: the figures of one N share their symbolic work, so each N is a group
    (``"20"`` for the stems ``..._N20``), drawn in two parts to balance the workers; the NEG figures are one."""
    return [(str(N), i) for N in Ns for i in (0, 1)] + ([("neg", 0)] if neg else [])


def _figure_part(stems: list[str], group: str, part: int) -> list[str]:
    """The stems a figure task draws (:func:`_figure_tasks`): its group's, the first half (``part`` 0) or the rest;
    a group of at most six is not split."""
    members = [s for s in stems if (s.rsplit("_N", 1)[-1] if "_N" in s else "neg") == group]
    half = (len(members) + 1) // 2 if len(members) > 6 else len(members)
    return (members[:half], members[half:])[part]


def _task_sample(model_name, params, given, simulations, seed, skip, out) -> list[str]:
    from pathlib import Path

    return _sample(model_name, params, set(given), simulations, seed, set(skip), Path(out))


def _task_verify(draws, seed, out) -> list[str]:
    from pathlib import Path

    from gametheory.analysis.verification import verify
    from gametheory.models.agglomeration import RESOURCE

    report = verify(RESOURCE, draws, seed)
    (Path(out) / "verification.txt").write_text(report.text() + "\n")
    return [f"{draws} random draws (seed {seed}): "
            + ("all methods agree" if report.ok else f"{len(report.disagreements)} DISAGREEMENTS")]


def _run_task(task):
    import time

    label, func, kwargs = task
    t0, c0 = time.perf_counter(), time.process_time()
    lines = globals()[func](**kwargs)
    return label, lines, time.perf_counter() - t0, time.process_time() - c0


def run(args: argparse.Namespace) -> int:
    import os
    import time
    from pathlib import Path

    from gametheory.cli.common import check_output_dir, keep_freed_memory, one_blas_thread

    one_blas_thread()        # before numpy loads, here and in the workers (they inherit the environment)
    keep_freed_memory()      # the sweeps' temporaries, when the tasks run in this process (--jobs 1)
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
    jobs = args.jobs or min(os.cpu_count() or 1, 4)
    if not 1 <= jobs <= 64:
        raise UserInputError(f"--jobs must be between 1 and 64 (got {args.jobs})")
    for N in args.firms:   # validate everything before writing
        AgglomerationGame(N, params) if model is RESOURCE else LocationGame(model, N, params)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    exact = {n: str(v) for n, v in params.items()}
    Ns = list(dict.fromkeys(args.firms))
    tasks = [(f"N = {N}", "_task_game", dict(model_name=model.name, params=exact, N=N, out=str(out))) for N in Ns]
    tasks += [(f"welfare N = {N}", "_task_welfare", dict(model_name=model.name, params=exact, N=N, out=str(out)))
              for N in Ns]
    if "figures" not in args.skip:
        # each worker lists the figures itself (figure_specs): this process imports no plotting code
        neg = params == RESOURCE.defaults()
        tasks += [(f"figures {key}.{i}", "_task_figures", dict(model_name=model.name, params=exact, Ns=Ns, group=key,
                                                               part=i, out=str(out / "figures"), neg=neg))
                  for key, i in _figure_tasks(Ns, neg)]
    if "do" not in args.skip or "calibration" not in args.skip:
        tasks.append(("sample census", "_task_sample", dict(model_name=model.name, params=exact, given=sorted(given),
                                                             simulations=args.simulations, seed=args.seed,
                                                             skip=list(args.skip), out=str(out))))
    tasks.append(("verification", "_task_verify", dict(draws=args.draws, seed=args.seed, out=str(out))))
    print(f"the main job: {len(tasks)} tasks on {jobs} worker{'s' if jobs > 1 else ''} (--jobs), writing into {out}/",
          flush=True)
    t0 = time.perf_counter()
    results = _execute(tasks, jobs)
    n_fig = sum(1 for label in results if label.startswith("figures "))
    ok = True
    for label, _, _ in tasks:            # reports in the fixed order of the tasks
        lines, seconds, _ = results[label]
        if label.startswith("figures "):
            continue
        for line in lines:
            if label == "sample census":
                print(line, flush=True)
            else:
                print(f"{label}: {line}  [{seconds:.1f} s]", flush=True)
        if label == "verification":
            ok = "DISAGREEMENTS" not in lines[0]
    if n_fig:
        files = sum(len(results[label][0]) for label in results if label.startswith("figures "))
        cpu = sum(results[label][2] for label in results if label.startswith("figures "))
        print(f"figures: {files} files in {out / 'figures'}/  [{cpu:.1f} s CPU]", flush=True)
    from gametheory.cli.paper_index import write_index

    write_index(out)
    cpu = sum(c for _, _, c in results.values())
    print(f"everything is in {out}/  [{time.perf_counter() - t0:.1f} s wall, {cpu:.1f} s CPU in the workers]")
    return 0 if ok else 1


def _execute(tasks, jobs: int) -> dict:
    """Run the tasks (in ``jobs`` processes), showing a progress bar on stderr; ``{label: (lines, seconds)}``."""
    import sys

    from tqdm import tqdm

    bar = tqdm(total=len(tasks), desc="main job", unit="task", file=sys.stderr, mininterval=1.0,
               dynamic_ncols=True, leave=False)
    results = {}
    if jobs == 1:
        for task in tasks:
            label, lines, seconds, cpu = _run_task(task)
            results[label] = (lines, seconds, cpu)
            bar.set_postfix_str(label, refresh=False)
            bar.update()
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # the longest tasks first (by their estimated cost), so that the workers finish together
        order = sorted(tasks, key=lambda t: -_estimated_seconds(t[0]))
        context = _pool_context(mp, _preload(tasks))
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_setup) as pool:
            futures = [pool.submit(_run_task, t) for t in order]
            for f in as_completed(futures):
                label, lines, seconds, cpu = f.result()
                results[label] = (lines, seconds, cpu)
                bar.set_postfix_str(label, refresh=False)
                bar.update()
    bar.close()
    return results


def _estimated_seconds(label: str) -> float:
    """A rough CPU time of a task from its label, to start the longest first (the order changes no file).

    Fitted to the tasks on the defaults (2 cores): the DO index and calibration about 6 s, the verification
    1.7 s, the NEG figures 3.5 s; for N firms a group of figures about 4 + N/5 s, the propositions 1.1 + N/5 s
    and the welfare 0.9 + N/10 s (the sign proofs grow with the number of configurations).
    """
    import re

    fixed = {"sample census": 6.0, "verification": 1.7}
    if label in fixed:
        return fixed[label]
    if label.startswith("figures neg"):
        return 3.5
    m = re.fullmatch(r"(figures |welfare N = |N = )(\d+)(\.\d)?", label)
    if not m:
        return 1.0
    N = int(m.group(2))
    return {"figures ": 4 + N / 5, "welfare N = ": 0.9 + N / 10, "N = ": 1.1 + N / 5}[m.group(1)]


def _worker_setup() -> None:
    """A worker of the main job: freed memory kept for reuse, a collector that skips the preloaded modules
    (:func:`gametheory.cli.common.collect_garbage_rarely`), and one thread per sweep (the workers, one per core,
    already fill the cores; a value the user set is kept)."""
    import os

    from gametheory.analysis.sweeps import THREADS_ENV
    from gametheory.cli.common import collect_garbage_rarely, keep_freed_memory

    keep_freed_memory()
    collect_garbage_rarely()   # after the forkserver's imports: the collector skips them
    os.environ.setdefault(THREADS_ENV, "1")


def _preload(tasks) -> list[str]:
    """The modules every worker needs, imported once by the forkserver instead of once per worker: the game and
    sympy, numpy and scipy's linear programs (the sign proofs) and every module of the packages the tasks run
    (:func:`_modules_of`: games, models, analysis); and when a task draws figures, matplotlib with its PDF writer,
    fontTools' subsetter and the plotting modules (about 0.7 s of CPU saved per extra worker for the first of
    these; the packages' modules saved 0.9 s of machine CPU in the median of four alternating runs of the job)."""
    modules = ["gametheory.cli.paper", "gametheory.game", "sympy", "numpy", "scipy.optimize"]
    modules += _modules_of("gametheory.games", "gametheory.models", "gametheory.analysis")
    if any(label.startswith("figures") or label == "sample census" for label, _, _ in tasks):
        modules += ["fontTools.subset", "matplotlib.backends.backend_pdf", "scipy.ndimage"]
        modules += _modules_of("gametheory.plots")
    return modules


def _modules_of(*packages: str) -> list[str]:
    """Every module of the ``packages`` and of their subpackages, found on disk (nothing is imported here)."""
    import importlib.util
    import os
    import pkgutil

    def walk(name, paths):
        out = [name]
        for m in pkgutil.iter_modules(paths):
            if m.ispkg:
                out += walk(f"{name}.{m.name}", [os.path.join(p, m.name) for p in paths])
            elif not m.name.startswith("__"):
                out.append(f"{name}.{m.name}")
        return out

    found = []
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            found += walk(name, list(spec.submodule_search_locations))
    return found


def _pool_context(mp, preload=("gametheory.cli.paper",)):
    """A start method safe in a process with threads: forkserver (``preload`` imported once), else spawn.

    Never plain ``fork``: forking a process whose other threads (a progress bar's monitor,
    a test runner's I/O thread, numba's pool) hold a lock leaves the lock held forever in the
    child, and the worker hangs.  The forkserver is a fresh single-threaded interpreter that
    imports this module once; each worker is forked from it.
    """
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
        return ctx
    return mp.get_context("spawn")


def _welfare(game, out) -> list[str]:
    """Welfare table, welfare propositions and the taxes implementing the optimum (the environment model)."""
    import json

    from gametheory.analysis.policy import policy_set
    from gametheory.analysis.welfare import welfare_table
    from gametheory.analysis.welfare_propositions import derive_welfare_propositions
    from gametheory.plots.paper import environment_game

    env = environment_game(game)
    if env is None:
        return []
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
    return [s["text"]]


def _sample(model_name, params, given, simulations, seed, skip, out) -> list[str]:
    """DO index and calibration on the sample census shipped with the package; returns the report lines."""
    import json
    import time

    from gametheory.do import do_index, read_establishments, write_outputs
    from gametheory.models.agglomeration import RESOURCE
    from gametheory.models.environment import ENVIRONMENT

    model = RESOURCE if model_name == "resource" else ENVIRONMENT
    params = model.space.point(params)
    lines = []
    census = read_establishments("sample")
    t0 = time.perf_counter()
    loc = do_index(census, "processing", simulations=simulations, seed=seed)
    kab = do_index(census, "processing", "extraction", simulations=simulations, seed=seed)
    if "do" not in skip:
        write_outputs([loc, kab], out / "do", {"source": "sample census"})
    lines.append(f"DO index (sample census): processing: Gamma = {loc.Gamma:.4g} (localised: {loc.localized}); with "
                 f"extraction: Gamma = {kab.Gamma:.4g} (co-localised: {kab.localized}); {simulations} simulations, "
                 f"seed {seed}  [{time.perf_counter() - t0:.1f} s]")
    if "calibration" in skip:
        return lines
    from gametheory.calibrate.pipeline import calibrate
    from gametheory.plots.calibration import save_calibration

    for free in ("Delta_gamma", "a_B"):
        if free in given or (free == "Delta_gamma" and "gamma_B" in given):
            continue
        t0 = time.perf_counter()
        cal = calibrate(census, "processing", "extraction", free=[free], params=params, params_given=given,
                        model=None if model is RESOURCE else ENVIRONMENT, seed=seed, do_results=(loc, kab))
        (out / f"calibration_{free}.json").write_text(json.dumps(cal.as_dict(), indent=2) + "\n")
        save_calibration(cal, out / f"calibration_{free}")
        fit = "" if cal.fit is None else f" (closest fit: deviation gain {cal.fit.gain:.3g})"
        lines.append(f"calibration, free {free}: N = {cal.observation.N}, n_A = {cal.observation.n_A}: identified "
                     f"set {cal.identified.text}{fit}; {100 * cal.level:g}% confidence set {cal.confidence.text}  "
                     f"[{time.perf_counter() - t0:.1f} s]")
    return lines
