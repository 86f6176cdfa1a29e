"""Level of the DO test under the null: DO's band rule against the exact ERL tests.

Industries are drawn at random from the sites of the sample census (so the null of random
location holds by construction): ``R`` industries with sizes drawn uniformly in
``[10, 100]`` plants, seeded.  For each one ``gametheory.do.do_index`` runs ``S = 999``
simulations; because simulation ``s`` has its own seeded stream, the first ``S'`` simulations
are exactly those of a run with ``S'`` (``S' = 99, 199``), so every ``S`` is evaluated on the
same industries (the rates at different ``S`` are therefore correlated; each one is valid).

For each ``S`` the script prints the share of industries flagged localised (and dispersed)

* by DO's band rule: ``K`` above DO's upper global band somewhere (``DO.md``; the band is
  computed from the ``S`` simulated curves only), and
* by the exact one-sided ERL global envelope tests (``p <= 0.05``, the observed curve
  ranked among the ``S + 1`` curves; :mod:`gametheory.do.envelope`),

with 95% Clopper-Pearson intervals and the nominal level 0.05; the run time at the end.

Usage: ``python benchmarks/bench_do_level.py [--industries R] [--seed SEED] [--quick]``
(``--quick``: 60 industries).  Exits 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scipy.stats import beta  # noqa: E402

from gametheory.do.bands import compute_bands, indices  # noqa: E402
from gametheory.do.envelope import erl_test, exact_size  # noqa: E402
from gametheory.do.inference import do_index  # noqa: E402
from gametheory.do.io import read_establishments  # noqa: E402

ALPHA = 0.05
SIMULATIONS = (99, 199, 999)


def clopper_pearson(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Exact binomial confidence interval for ``k`` successes in ``n`` trials."""
    a = (1 - level) / 2
    lo = 0.0 if k == 0 else float(beta.ppf(a, k, n - k + 1))
    hi = 1.0 if k == n else float(beta.ppf(1 - a, k + 1, n - k))
    return lo, hi


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--industries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--quick", action="store_true", help="60 industries")
    args = parser.parse_args(argv)
    R = 60 if args.quick else args.industries
    census = read_establishments("sample")
    N = len(census.points)
    rng = np.random.default_rng(args.seed)
    S_max = max(SIMULATIONS)
    print(f"DO test level under the null: {R} industries drawn at random from the {N} sites of the sample "
          f"census (sizes uniform in [10, 100], seed {args.seed}), S up to {S_max}, alpha = {ALPHA}; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before", flush=True)
    flags = {S: {"band_loc": 0, "erl_loc": 0, "band_disp": 0, "erl_disp": 0} for S in SIMULATIONS}
    ks = {S: [] for S in SIMULATIONS}
    t0, cpu0 = time.perf_counter(), time.process_time()
    labels0 = census.frame["industry"].to_numpy().copy()
    for r in range(R):
        n = int(rng.integers(10, 101))
        labels = labels0.copy()
        labels[rng.choice(N, n, replace=False)] = "__null__"
        census.frame["industry"] = labels
        res = do_index(census, "__null__", simulations=S_max, seed=args.seed + r, keep_simulations=True)
        for S in SIMULATIONS:
            sims = res.sims[:S]
            bands = compute_bands(sims, ALPHA)
            _, _, loc_band, disp_band = indices(res.K, bands)
            up = erl_test(res.K, sims, "greater", ALPHA)
            down = erl_test(res.K, sims, "less", ALPHA)
            f = flags[S]
            f["band_loc"] += loc_band
            f["band_disp"] += disp_band
            f["erl_loc"] += up.rejected
            f["erl_disp"] += down.rejected and not up.rejected
            ks[S].append(bands.k_upper)
        if (r + 1) % max(1, R // 10) == 0:
            print(f"  {r + 1}/{R} industries, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    census.frame["industry"] = labels0
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    print(f"{'S':>5} {'rule':<28} {'localised':>10} {'rate':>6} {'95% CI':>16} {'dispersed':>10} {'rate':>6} "
          f"{'95% CI':>16}")
    for S in SIMULATIONS:
        f = flags[S]
        for name, loc, disp in [("DO band rule", f["band_loc"], f["band_disp"]),
                                ("ERL tests (exact)", f["erl_loc"], f["erl_disp"])]:
            lo, hi = clopper_pearson(loc, R)
            dlo, dhi = clopper_pearson(disp, R)
            print(f"{S:>5} {name:<28} {loc:>10} {loc / R:>6.3f} [{lo:.3f}, {hi:.3f}] {disp:>10} {disp / R:>6.3f} "
                  f"[{dlo:.3f}, {dhi:.3f}]")
        print(f"{'':>5} (size of each ERL test: {exact_size(ALPHA, S):.4f}; DO's upper band: order statistic k = "
              f"{int(np.median(ks[S]))} of {S} (median over industries), k >= {S - 1} in "
              f"{np.mean(np.array(ks[S]) >= S - 1):.0%} of them)")
    print(f"run time: {wall:.0f} s wall, {cpu:.0f} s CPU ({R} industries x {S_max} simulations); "
          f"load average {os.getloadavg()[0]:.1f} after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
