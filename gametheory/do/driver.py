"""Many industries: local cores or a Dask cluster, and the output files.

Each industry (or pair) is one independent task, :func:`gametheory.do.inference.do_index`
(Duranton and Overman, 2005, compute one test per industry).  Locally the
tasks run one after another and each uses every core (numba threads over
simulations); with a Dask scheduler address they are submitted to the cluster
(``dask.distributed``), one task per industry, the census scattered once.
Results do not depend on where a task runs: every simulation has its own
seeded stream (:mod:`gametheory.do.inference`).

Outputs (:func:`write_outputs`): ``DIR/<label>.csv`` with columns
``d,K,K_mean,K_local_lo,K_local_hi,K_global_lo,K_global_hi,K_erl_lo,K_erl_hi``
(``Kemp`` in place of ``K`` when weighted), ``DIR/summary.csv`` with
``industry,neighbor,n,bandwidth,threshold,Gamma,Psi,p_localized,p_dispersed,localized,dispersed``
and ``DIR/run.json`` with the seed, the tests and the settings.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from gametheory.do.bandwidth import BandwidthError
from gametheory.do.checks import ALPHA, DEFAULT_SIMULATIONS, check_test_settings, connect
from gametheory.do.inference import DOResult, do_index, make_layout, threshold_of
from gametheory.do.io import Census
from gametheory.errors import UserInputError

SUMMARY_COLUMNS = ["industry", "neighbor", "n", "bandwidth", "threshold", "Gamma", "Psi",
                   "p_localized", "p_dispersed", "localized", "dispersed"]


def curve_columns(weighted: bool) -> list[str]:
    """Columns of a per-industry CSV."""
    k = "Kemp" if weighted else "K"
    return ["d", k, f"{k}_mean", f"{k}_local_lo", f"{k}_local_hi", f"{k}_global_lo", f"{k}_global_hi",
            f"{k}_erl_lo", f"{k}_erl_hi"]


#: CPU seconds per pair distance of the full pipeline, measured by ``benchmarks/bench_do.py``
#: (n = 5000, 1000 simulations: 8.6 ns at load average 5 on 2 cores; see docs/do.md).
SECONDS_PER_PAIR = 9e-9
#: Largest run accepted by default: 1e13 pair distances, about 25 CPU hours at the rate above.
MAX_PAIR_DISTANCES = 1e13


def pair_count(n: int, n_neighbor: int | None = None) -> float:
    """Pair distances of one curve: ``n (n - 1) / 2``, or ``n n_B`` for a pair."""
    return float(n) * n_neighbor if n_neighbor is not None else float(n) * (n - 1) / 2.0


def check_work(census: Census, tasks, simulations: int, max_pairs: float | None = None) -> float:
    """Total pair distances ``sum (S + 1) pairs``; refuse beyond ``max_pairs`` (before any work).

    The cost is ``(S + 1)`` curves times the pairs of each (pairs beyond ``2 d_max`` are
    skipped, but with ``d_max`` the median distance most pairs lie within it), at about
    :data:`SECONDS_PER_PAIR` CPU seconds per pair.  Prints an estimate on standard error
    when the run should take more than a minute of CPU.
    """
    limit = MAX_PAIR_DISTANCES if max_pairs is None else float(max_pairs)
    total = 0.0
    worst = (0.0, "")
    for industry, neighbor in tasks:
        n = len(census.members(industry))
        nb = None if neighbor is None else len(census.members(neighbor))
        work = (simulations + 1) * pair_count(n, nb)
        total += work
        if work > worst[0]:
            worst = (work, industry if neighbor is None else f"{industry} x {neighbor}")
    hours = total * SECONDS_PER_PAIR / 3600
    if total > limit:
        raise UserInputError(
            f"the run needs {total:.3g} pair distances ({worst[1]!r} alone {worst[0]:.3g}: (S+1) x pairs), "
            f"about {hours:.3g} CPU hours at {SECONDS_PER_PAIR * 1e9:g} ns per pair; the limit is {limit:.3g} "
            f"(raise it with --max-pairs, or use fewer --simulations)")
    if total * SECONDS_PER_PAIR > 60:
        print(f"estimated work: {total:.3g} pair distances, about {total * SECONDS_PER_PAIR / 60:.1f} CPU minutes "
              f"at {SECONDS_PER_PAIR * 1e9:g} ns per pair", file=sys.stderr)
    return total


def _task(census: Census, industry: str, neighbor: str | None, kwargs: dict) -> DOResult:
    return do_index(census, industry, neighbor, **kwargs)


def run_many(census: Census, tasks: list[tuple[str, str | None]], *, weighted: bool = False,
             simulations: int = DEFAULT_SIMULATIONS, seed: int = 0, threshold: float | None = None,
             bandwidth: float | None = None, grid=None, alpha: float = ALPHA, null: str = "joint",
             scheduler=None, workers: int | None = None, progress: bool = False,
             skip_undefined: bool = False, max_pairs: float = None) -> list[DOResult]:
    """The DO index of each ``(industry, neighbor)`` task, in the order given.

    Parameters
    ----------
    census : Census
    tasks : list of (str, str or None)
        Industries, with a neighbour for a bivariate ``K_AB``.
    weighted, simulations, seed, threshold, bandwidth, grid, alpha, null
        As in :func:`gametheory.do.inference.do_index`; the threshold is
        computed once for all tasks.  Every setting is checked before any work.
    scheduler : str or distributed.Client, optional
        A Dask scheduler address (or a client); default: local cores.
    workers : int, optional
        Local numba threads (default: all cores).
    progress : bool
        tqdm progress bars on standard error (industries; simulations locally).
    max_pairs : float, optional
        Refuse (before any work) a run of more pair distances than this (default
        :data:`MAX_PAIR_DISTANCES`); see :func:`check_work`.
    skip_undefined : bool
        Leave out (with a warning on standard error) the tasks whose Silverman
        bandwidth is undefined (tiny industries with fewer than 2 distances
        within ``2 d_max`` in the data or in a draw); otherwise that is an error.

    Returns
    -------
    list of DOResult
        In the order of ``tasks`` (without the skipped ones).
    """
    check_test_settings(simulations, alpha, null)
    for industry, neighbor in tasks:  # validate everything before any long computation
        census.members(industry)
        if neighbor is not None:
            census.members(neighbor)
    if weighted and census.weights is None:
        raise UserInputError("a weighted K needs a weight column")
    thr, how = threshold_of(census, threshold, seed)
    make_layout(census, thr, grid, bandwidth)  # checks the grid and the bandwidth
    check_work(census, tasks, simulations, max_pairs)
    client = connect(scheduler) if scheduler is not None else None
    kwargs = dict(weighted=weighted, simulations=simulations, seed=seed, threshold=thr,
                  bandwidth=bandwidth, grid=grid, alpha=alpha, null=null, threshold_method=how)
    from tqdm.auto import tqdm

    bar = tqdm(total=len(tasks), desc="industries", unit="ind", file=sys.stderr,
               disable=None if progress else True)
    results: list[DOResult | None] = [None] * len(tasks)
    try:
        if scheduler is None:
            if workers:
                import numba
                numba.set_num_threads(min(int(workers), numba.config.NUMBA_NUM_THREADS))
            for i, (industry, neighbor) in enumerate(tasks):
                try:
                    results[i] = do_index(census, industry, neighbor, progress=progress, **kwargs)
                except BandwidthError as exc:
                    _skip(exc, skip_undefined)
                bar.update(1)
        else:
            from distributed import as_completed

            try:
                remote = client.scatter(census, broadcast=True)
                futures = {client.submit(_task, remote, ind, nb, kwargs, pure=False): i
                           for i, (ind, nb) in enumerate(tasks)}
                for fut in as_completed(futures):
                    try:
                        results[futures[fut]] = fut.result()
                    except BandwidthError as exc:
                        _skip(exc, skip_undefined)
                    bar.update(1)
            finally:
                if client is not scheduler:
                    client.close()
    finally:
        bar.close()
    return [r for r in results if r is not None]


def _skip(exc: Exception, skip: bool) -> None:
    if not skip:
        raise exc
    print(f"skipped {exc}", file=sys.stderr)


def summary_frame(results: list[DOResult]) -> pd.DataFrame:
    """One row per industry or pair, columns :data:`SUMMARY_COLUMNS`."""
    rows = [[r.industry, r.neighbor or "", r.n, r.bandwidth, r.threshold, r.Gamma, r.Psi,
             r.p_localized, r.p_dispersed, r.localized, r.dispersed] for r in results]
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def curve_frame(r: DOResult) -> pd.DataFrame:
    """The curve, its simulation mean and bands, columns :func:`curve_columns`."""
    b = r.bands
    data = np.column_stack([r.d, r.K, b.mean, b.local_lo, b.local_hi, b.global_lo, b.global_hi,
                            b.erl_lo, b.erl_hi])
    return pd.DataFrame(data, columns=curve_columns(r.weighted))


def write_outputs(results: list[DOResult], out_dir, settings: dict | None = None) -> Path:
    """Write the per-industry CSVs, ``summary.csv`` and ``run.json``; returns the summary path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for r in results:
        curve_frame(r).to_csv(out / f"{r.label}.csv", index=False, float_format="%.10g")
    summary = out / "summary.csv"
    summary_frame(results).to_csv(summary, index=False, float_format="%.6g")
    first = results[0]
    pairs = [r for r in results if r.neighbor is not None]
    meta = {"seed": first.seed, "simulations": first.simulations, "threshold_km": first.threshold,
            "threshold_method": first.threshold_method, "weighted": first.weighted,
            "tests": {
                "method": "two one-sided global envelope tests, extreme rank length (Myllymaki et al. "
                          "2017, JRSS-B 79(2); R package GET, type 'erl'), observed curve ranked among "
                          "the S + 1 curves",
                "alpha": first.alpha,
                "size": first.size,
                "localized": "p_localized <= alpha (alternative 'greater')",
                "dispersed": "p_dispersed <= alpha (alternative 'less') and not localized",
                "p_value": "(1 + #{simulations whose ERL measure is at least as extreme}) / (S + 1)",
                "Gamma_Psi": "DO's indices against DO's global bands (K_global_lo/hi), not the tests' envelopes "
                             "(K_erl_lo/hi)"},
            "null": {"industry": "its n establishments on n sites drawn without replacement from all sites",
                     "pairs": pairs[0].null if pairs else None,
                     "pairs_meaning": {
                         "joint": "A and B drawn together from all sites (the DO specification, docs/do.md; the default)",
                         "conditional": "B kept at its sites, A drawn from the other sites"}},
            "global_band_order_statistics": {r.label: [r.bands.k_lower, r.bands.k_upper] for r in results},
            "p_values": {r.label: {"localized": r.p_localized, "dispersed": r.p_dispersed} for r in results},
            **(settings or {})}
    (out / "run.json").write_text(json.dumps(meta, indent=2) + "\n")
    return summary
