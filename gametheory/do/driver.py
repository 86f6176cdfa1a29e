"""Many industries: local cores or a Dask cluster, and the output files.

Each industry (or pair) is one independent task, :func:`gametheory.do.inference.do_index`
(Duranton and Overman, 2005, compute one test per industry).  Locally the
tasks run one after another and each uses every core (numba threads over
simulations); with a Dask scheduler address they are submitted to the cluster
(``dask.distributed``), one task per industry, the census scattered once.
Results do not depend on where a task runs: every simulation has its own
seeded stream (:mod:`gametheory.do.inference`).

Outputs (:func:`write_outputs`): ``DIR/<label>.csv`` with columns
``d,K,K_mean,K_local_lo,K_local_hi,K_global_lo,K_global_hi`` (``Kemp`` in place
of ``K`` when weighted), ``DIR/summary.csv`` with
``industry,neighbor,n,bandwidth,threshold,Gamma,Psi,localized,dispersed`` and
``DIR/run.json`` with the seed and the settings.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from gametheory.do.bandwidth import BandwidthError
from gametheory.do.inference import DEFAULT_SIMULATIONS, DOResult, do_index, threshold_of
from gametheory.do.io import Census

SUMMARY_COLUMNS = ["industry", "neighbor", "n", "bandwidth", "threshold", "Gamma", "Psi",
                   "localized", "dispersed"]


def curve_columns(weighted: bool) -> list[str]:
    """Columns of a per-industry CSV."""
    k = "Kemp" if weighted else "K"
    return ["d", k, f"{k}_mean", f"{k}_local_lo", f"{k}_local_hi", f"{k}_global_lo", f"{k}_global_hi"]


def _task(census: Census, industry: str, neighbor: str | None, kwargs: dict) -> DOResult:
    return do_index(census, industry, neighbor, **kwargs)


def run_many(census: Census, tasks: list[tuple[str, str | None]], *, weighted: bool = False,
             simulations: int = DEFAULT_SIMULATIONS, seed: int = 0, threshold: float | None = None,
             bandwidth: float | None = None, grid=None, scheduler=None, workers: int | None = None,
             progress: bool = False, skip_undefined: bool = False) -> list[DOResult]:
    """The DO index of each ``(industry, neighbor)`` task, in the order given.

    Parameters
    ----------
    census : Census
    tasks : list of (str, str or None)
        Industries, with a neighbour for a bivariate ``K_AB``.
    weighted, simulations, seed, threshold, bandwidth, grid
        As in :func:`gametheory.do.inference.do_index`; the threshold is
        computed once for all tasks.
    scheduler : str or distributed.Client, optional
        A Dask scheduler address (or a client); default: local cores.
    workers : int, optional
        Local numba threads (default: all cores).
    progress : bool
        tqdm progress bars on standard error (industries; simulations locally).
    skip_undefined : bool
        Leave out (with a warning on standard error) the tasks whose Silverman
        bandwidth is undefined (tiny industries with fewer than 2 distances
        within ``2 d_max`` in the data or in a draw); otherwise that is an error.

    Returns
    -------
    list of DOResult
        In the order of ``tasks`` (without the skipped ones).
    """
    for industry, neighbor in tasks:  # validate everything before any long computation
        census.members(industry)
        if neighbor is not None:
            census.members(neighbor)
    thr, how = threshold_of(census, threshold, seed)
    kwargs = dict(weighted=weighted, simulations=simulations, seed=seed, threshold=thr,
                  bandwidth=bandwidth, grid=grid)
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
            from distributed import Client, as_completed

            client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
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
    done = [r for r in results if r is not None]
    for r in done:
        r.threshold_method = how
    return done


def _skip(exc: Exception, skip: bool) -> None:
    if not skip:
        raise exc
    print(f"skipped {exc}", file=sys.stderr)


def summary_frame(results: list[DOResult]) -> pd.DataFrame:
    """One row per industry or pair, columns :data:`SUMMARY_COLUMNS`."""
    rows = [[r.industry, r.neighbor or "", r.n, r.bandwidth, r.threshold, r.Gamma, r.Psi,
             r.localized, r.dispersed] for r in results]
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def curve_frame(r: DOResult) -> pd.DataFrame:
    """The curve, its simulation mean and bands, columns :func:`curve_columns`."""
    b = r.bands
    data = np.column_stack([r.d, r.K, b.mean, b.local_lo, b.local_hi, b.global_lo, b.global_hi])
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
    meta = {"seed": first.seed, "simulations": first.simulations, "threshold_km": first.threshold,
            "threshold_method": first.threshold_method, "weighted": first.weighted,
            "global_band_order_statistics": {r.label: [r.bands.k_lower, r.bands.k_upper] for r in results},
            **(settings or {})}
    (out / "run.json").write_text(json.dumps(meta, indent=2) + "\n")
    return summary
