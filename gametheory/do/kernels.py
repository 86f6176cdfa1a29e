"""Numba kernels of the DO index: spatial grid, pair visits, kernel sums.

Math (Duranton and Overman, 2005, Review of Economic Studies 72(4), eq. 1,
normalised on [0, inf) as in the DO specification (``docs/do.md``))::

    K(d) = sum_k w_k [phi_h(d - d_k) + phi_h(d + d_k)] / sum_k w_k

How it is computed, in O(n) memory and without the n x n distance matrix:

* Points are 3-vectors: planar ``(x, y, 0)`` in km, or on the sphere of radius
  ``R`` (great-circle distance ``d = 2 R asin(c / 2R)`` from the chord ``c``).
* A uniform grid of cells of side ``>= chord(cut)`` is built by a counting
  sort; a pair is visited only when its cells are neighbours (27 cells in 3-D,
  9 used in the plane), so pairs farther apart than the cut-off are never
  visited.  The number of cells is capped at ``4 n + 64`` (cells are enlarged
  if needed), which keeps memory O(n).
* **Moment binning.**  A pair at distance ``d`` falls in bin
  ``b = floor(d / delta)`` with centre ``c_b = (b + 1/2) delta``; the bin stores
  ``S_p += w u^p`` for ``p = 0..3`` with ``u = d - c_b``.  The kernel sum is the
  third-order Taylor expansion around the bin centres::

      sum_k w_k f(d_k) = sum_b sum_{p<=3} S_{b,p} f^(p)(c_b) / p!  + R,
      |R| <= W (delta/2)^4 / 24 * max|f''''|,

  with ``f(c) = phi_h(d - c) + phi_h(d + c)``, ``f^(p)`` given by Hermite
  polynomials, and ``max|f''''| <= 2 * 3 phi(0) / h^5``.  Hence the absolute
  error of ``K`` is at most ``BINNING_CONSTANT * delta^4 / h^5`` (see
  :data:`BINNING_CONSTANT`); the caller checks it against ``1e-7 max K`` and
  falls back to :func:`direct_pass` (exact sums) when it does not hold.
* The Gaussian is truncated at ``TRUNC = 8`` bandwidths (``phi(8) / phi(0) =
  1.3e-14``).
* Determinism: every reduction is over fixed chunks of cells or over whole
  simulations, summed in a fixed order, so results do not depend on the number
  of threads.
* Parallelism and compile time: the kernels are plain ``nogil`` functions run on
  Python threads (:func:`run_ranges`), not ``parallel=True``/``prange``: numba's
  parallel lowering compiled each loop twice and cost more than half of the first
  run's time (compile times per kernel in ``docs/do.md``).  Each kernel is compiled
  for one signature only (the callers pass the same types), cached on disk
  (``cache=True``), and the rare paths (:func:`collect_pass`, :func:`direct_pass`)
  compile only when a run needs them.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

#: Gaussian truncation, in bandwidths.
TRUNC = 8.0
#: ``2 * (1/2)^4 / 24 * 3 phi(0)``: the binning error is ``<= C delta^4 / h^5``.
BINNING_CONSTANT = 2.0 * 0.0625 / 24.0 * 3.0 / math.sqrt(2.0 * math.pi)

MODE_MOMENTS, MODE_DIRECT = 0, 2
#: Points per block of the two-stage moment loop.
BLOCK = 64


@njit(cache=True, nogil=True)
def grid_params(PA, PB, cell_min):
    """Origin, cell side and dimensions of a grid covering ``PA`` and ``PB``."""
    lo = np.empty(3)
    hi = np.empty(3)
    for k in range(3):  # explicit loops: no array-reduction code to compile
        a = PA[0, k]
        b = PA[0, k]
        for i in range(PA.shape[0]):
            a = min(a, PA[i, k])
            b = max(b, PA[i, k])
        for i in range(PB.shape[0]):
            a = min(a, PB[i, k])
            b = max(b, PB[i, k])
        lo[k] = a
        hi[k] = b
    n = PA.shape[0] + PB.shape[0]
    cap = 4 * n + 64
    cell = max(cell_min, 1e-9)
    dims = np.empty(3, np.int64)
    while True:
        total = 1
        for k in range(3):
            dims[k] = int((hi[k] - lo[k]) / cell) + 1
            total *= dims[k]
        if total <= cap:
            break
        cell *= 1.25
    return lo, cell, dims


@njit(cache=True, nogil=True)
def cell_sort(P, w, origin, cell, dims):
    """Points and weights sorted by cell (counting sort) and the cell starts."""
    n = P.shape[0]
    ncell = dims[0] * dims[1] * dims[2]
    key = np.empty(n, np.int64)
    starts = np.zeros(ncell + 1, np.int64)
    for i in range(n):
        ix = min(int((P[i, 0] - origin[0]) / cell), dims[0] - 1)
        iy = min(int((P[i, 1] - origin[1]) / cell), dims[1] - 1)
        iz = min(int((P[i, 2] - origin[2]) / cell), dims[2] - 1)
        key[i] = (ix * dims[1] + iy) * dims[2] + iz
        starts[key[i] + 1] += 1
    for c in range(ncell):
        starts[c + 1] += starts[c]
    fill = np.empty(ncell, np.int64)
    for c in range(ncell):
        fill[c] = starts[c]
    Ps = np.empty((n, 3))
    ws = np.empty(n)
    for i in range(n):
        q = fill[key[i]]
        fill[key[i]] += 1
        Ps[q, 0] = P[i, 0]
        Ps[q, 1] = P[i, 1]
        Ps[q, 2] = P[i, 2]
        ws[q] = w[i]
    return Ps, ws, starts


@njit(cache=True, nogil=True)
def _phi(z):
    return math.exp(-0.5 * z * z) * 0.3989422804014327


@njit(cache=True, nogil=True)
def _cut2(cut, spherical, radius):
    """Squared chord of the cut-off (with a relative margin of 1e-12)."""
    if spherical:
        cc = 2.0 * radius * math.sin(min(cut, math.pi * radius) / (2.0 * radius))
    else:
        cc = cut
    return cc * cc * (1.0 + 1e-12)


@njit(cache=True, nogil=True, inline="always")
def _pair_distance(PA, p, PB, q, cut2, spherical, radius):
    """Distance between points ``PA[p]`` and ``PB[q]`` (3-d coordinates; great-circle distance on the
    sphere of ``radius`` from the chord when ``spherical``), or -1 when the squared chord exceeds ``cut2``."""
    dx = PA[p, 0] - PB[q, 0]
    dy = PA[p, 1] - PB[q, 1]
    dz = PA[p, 2] - PB[q, 2]
    c2 = dx * dx + dy * dy + dz * dz
    if c2 > cut2:
        return -1.0
    c = math.sqrt(c2)
    return 2.0 * radius * math.asin(min(1.0, c / (2.0 * radius))) if spherical else c


@njit(cache=True, nogil=True)
def moments_pass(PA, wA, startsA, PB, wB, startsB, same, dims, spherical, radius,
                 cut, bw_cut, delta, c0, c1, mom, cnt, sums):
    """Moment binning of every pair within ``cut`` whose A point lies in cells ``[c0, c1)``.

    Fills ``mom[b, p] += w u^p`` (``p = 0..3``), the unweighted counts ``cnt[b]`` and
    ``sums += [m, sum d, sum d^2]`` over the distances ``d <= bw_cut``.  With ``same`` the
    pairs are the unordered pairs within one set (A = B, sorted identically).  Two
    stages per block of B points: the squared chords (a vectorisable loop), then the
    scatter into the bins.
    """
    cut2 = _cut2(cut, spherical, radius)
    inv_delta = 1.0 / delta
    nb = mom.shape[0]
    d1 = dims[1]
    d2 = dims[2]
    buf = np.empty(BLOCK)
    acc_m = 0.0  # local accumulators: no store-to-load chains through ``sums``
    acc_1 = 0.0
    acc_2 = 0.0
    for ca in range(c0, c1):
        ix = ca // (d1 * d2)
        iy = (ca // d2) % d1
        iz = ca % d2
        for p in range(startsA[ca], startsA[ca + 1]):
            xa = PA[p, 0]
            ya = PA[p, 1]
            za = PA[p, 2]
            wa = wA[p]
            for jx in range(max(ix - 1, 0), min(ix + 2, dims[0])):
                for jy in range(max(iy - 1, 0), min(iy + 2, d1)):
                    for jz in range(max(iz - 1, 0), min(iz + 2, d2)):
                        cb = (jx * d1 + jy) * d2 + jz
                        q0 = startsB[cb]
                        if same and q0 <= p:
                            q0 = p + 1
                        q1 = startsB[cb + 1]
                        for qs in range(q0, q1, BLOCK):
                            m = min(BLOCK, q1 - qs)
                            for t in range(m):
                                dx = xa - PB[qs + t, 0]
                                dy = ya - PB[qs + t, 1]
                                dz = za - PB[qs + t, 2]
                                buf[t] = dx * dx + dy * dy + dz * dz
                            for t in range(m):
                                c2 = buf[t]
                                if c2 > cut2:
                                    continue
                                c = math.sqrt(c2)
                                if spherical:
                                    d = 2.0 * radius * math.asin(min(1.0, c / (2.0 * radius)))
                                    if d > cut:
                                        continue
                                else:
                                    d = c
                                b = int(d * inv_delta)
                                if b >= nb:
                                    continue
                                u = d - (b + 0.5) * delta
                                ww = wa * wB[qs + t]
                                wu = ww * u
                                mom[b, 0] += ww
                                mom[b, 1] += wu
                                wu *= u
                                mom[b, 2] += wu
                                mom[b, 3] += wu * u
                                if d <= bw_cut:
                                    cnt[b] += 1
                                    acc_m += 1.0
                                    acc_1 += d
                                    acc_2 += d * d
    sums[0] += acc_m
    sums[1] += acc_1
    sums[2] += acc_2


@njit(cache=True, nogil=True)
def collect_pass(PA, startsA, PB, startsB, same, dims, spherical, radius, bw_cut, delta,
                 lo_bins, hi_bins, out, fill):
    """Store in ``out`` the distances ``d <= bw_cut`` whose bin ``int(d / delta)`` lies in one
    of the inclusive ranges ``[lo_bins[r], hi_bins[r]]``; ``fill[0]`` counts them.

    Used only when the histogram cannot decide Silverman's ``min(sd, IQR/1.34)``.
    """
    cut2 = _cut2(bw_cut, spherical, radius)
    inv_delta = 1.0 / delta
    d1 = dims[1]
    d2 = dims[2]
    for ca in range(startsA.shape[0] - 1):
        ix = ca // (d1 * d2)
        iy = (ca // d2) % d1
        iz = ca % d2
        for p in range(startsA[ca], startsA[ca + 1]):
            for jx in range(max(ix - 1, 0), min(ix + 2, dims[0])):
                for jy in range(max(iy - 1, 0), min(iy + 2, d1)):
                    for jz in range(max(iz - 1, 0), min(iz + 2, d2)):
                        cb = (jx * d1 + jy) * d2 + jz
                        q0 = startsB[cb]
                        if same and q0 <= p:
                            q0 = p + 1
                        for q in range(q0, startsB[cb + 1]):
                            d = _pair_distance(PA, p, PB, q, cut2, spherical, radius)
                            if d < 0.0:
                                continue
                            if d > bw_cut:
                                continue
                            b = int(d * inv_delta)
                            for r in range(lo_bins.shape[0]):
                                if lo_bins[r] <= b <= hi_bins[r]:
                                    out[fill[0]] = d
                                    fill[0] += 1
                                    break


@njit(cache=True, nogil=True)
def direct_pass(PA, wA, startsA, PB, wB, startsB, same, dims, spherical, radius, cut, c0, c1, h, grid, out):
    """Exact kernel sums: ``out[g] += w [phi_h(grid[g] - d) + phi_h(grid[g] + d)]`` over every pair
    within ``cut`` whose A point lies in cells ``[c0, c1)`` (terms beyond 8 h dropped).

    The fallback when the binned Taylor sums miss the tolerance (tiny bandwidths).
    """
    cut2 = _cut2(cut, spherical, radius)
    ng = grid.shape[0]
    reach = TRUNC * h
    d1 = dims[1]
    d2 = dims[2]
    for ca in range(c0, c1):
        ix = ca // (d1 * d2)
        iy = (ca // d2) % d1
        iz = ca % d2
        for p in range(startsA[ca], startsA[ca + 1]):
            wa = wA[p]
            for jx in range(max(ix - 1, 0), min(ix + 2, dims[0])):
                for jy in range(max(iy - 1, 0), min(iy + 2, d1)):
                    for jz in range(max(iz - 1, 0), min(iz + 2, d2)):
                        cb = (jx * d1 + jy) * d2 + jz
                        q0 = startsB[cb]
                        if same and q0 <= p:
                            q0 = p + 1
                        for q in range(q0, startsB[cb + 1]):
                            d = _pair_distance(PA, p, PB, q, cut2, spherical, radius)
                            if d < 0.0:
                                continue
                            if d > cut:
                                continue
                            ww = wa * wB[q]
                            g = np.searchsorted(grid, d - reach)
                            while g < ng and grid[g] <= d + reach:
                                out[g] += ww * _phi((grid[g] - d) / h) / h
                                g += 1
                            g = 0
                            while g < ng and grid[g] + d <= reach:
                                out[g] += ww * _phi((grid[g] + d) / h) / h
                                g += 1


@njit(cache=True, nogil=True)
def _taylor_sum(mom, delta, h, x, b0, b1, sign):
    """``sum_b sum_p S_bp f^(p)(c_b) / p!`` for ``f(c) = phi_h(x - sign c)``, bins ``[b0, b1)``.

    ``z_b = (x - sign c_b) / h`` moves by ``-sign dz`` per bin (``dz = delta / h``); the
    Gaussian is updated by the exact recurrence ``phi(z - s dz) = phi(z) t``,
    ``t = exp(s z dz - dz^2 / 2)``, ``t <- t exp(-dz^2)`` (no ``exp`` per bin; relative
    rounding growth ~ 1e-16 per bin, below 1e-12 over the at most 16 h / delta bins).
    """
    if b1 <= b0:
        return 0.0
    ih = 1.0 / h
    dz = delta * ih
    z = (x - sign * (b0 + 0.5) * delta) * ih
    e = _phi(z)
    t = math.exp(sign * z * dz - 0.5 * dz * dz)
    q = math.exp(-dz * dz)
    s1 = sign * ih
    s2 = ih * ih / 2.0
    s3 = sign * ih * ih * ih / 6.0
    acc = 0.0
    for b in range(b0, b1):
        # derivatives in c of phi_h(x - sign c): sign^p He_p(z) phi(z) / h^(p+1)
        zz = z * z
        acc += e * (mom[b, 0] + z * s1 * mom[b, 1] + (zz - 1.0) * s2 * mom[b, 2]
                    + (zz - 3.0) * z * s3 * mom[b, 3])
        e *= t
        t *= q
        z -= sign * dz
    return acc * ih


@njit(cache=True, nogil=True)
def k_from_moments(mom, delta, h, grid, wtot):
    """``K`` on ``grid`` from binned moments (Taylor order 3, Gaussian cut at 8 h)."""
    nb = mom.shape[0]
    K = np.zeros(grid.shape[0])
    reach = TRUNC * h
    for g in range(grid.shape[0]):
        x = grid[g]
        b0 = max(int((x - reach) / delta) - 1, 0)
        b1 = min(int((x + reach) / delta) + 2, nb)
        acc = _taylor_sum(mom, delta, h, x, b0, b1, 1.0)
        b1 = min(int((reach - x) / delta) + 2, nb) if reach > x else 0
        acc += _taylor_sum(mom, delta, h, x, b0 * 0, b1, -1.0)  # reflection: phi_h(x + c); b0 * 0: same int type
        K[g] = acc / wtot
    return K


@njit(cache=True, nogil=True)
def sim_range(sites, idx, s0, s1, nA, wA, wB, bivariate, spherical, radius, cut, bw_cut, delta, cell_min,
              mom, cnt, sums):
    """Moment passes of simulations ``s0 <= s < s1`` of a batch (``idx[s]``: site indices, the
    first ``nA`` for A).  Each simulation writes only its own ``mom[s]``, ``cnt[s]``, ``sums[s]``,
    so ranges can run on separate threads with the same result."""
    n = idx.shape[1]
    for s in range(s0, s1):
        P = np.empty((n, 3))  # the drawn sites, gathered by an explicit loop (no fancy-indexing code)
        for i in range(n):
            for k in range(3):
                P[i, k] = sites[idx[s, i], k]
        if bivariate:
            PA = P[:nA]
            PB = P[nA:]
        else:
            PA = P
            PB = P
        origin, cell, dims = grid_params(PA, PB, cell_min)
        PAs, wAs, sA = cell_sort(PA, wA, origin, cell, dims)
        if bivariate:
            PBs, wBs, sB = cell_sort(PB, wB, origin, cell, dims)
        else:
            PBs, wBs, sB = PAs, wAs, sA
        first = np.int64(0)  # not the literal 0: one compiled signature shared with the Python callers
        moments_pass(PAs, wAs, sA, PBs, wBs, sB, not bivariate, dims, spherical, radius,
                     cut, bw_cut, delta, first, sA.shape[0] - 1, mom[s], cnt[s], sums[s])


@njit(cache=True, nogil=True)
def coarsen(mom, factor, delta):
    """Moments about the centres of bins ``factor`` times wider (exact binomial shift).

    With ``u' = u + s``, ``s = c_b - c'_B``: ``S'_p = sum_q C(p, q) s^(p-q) S_q``.
    """
    nb = mom.shape[0]
    out = np.zeros(((nb + factor - 1) // factor, 4))
    for b in range(nb):
        B = b // factor
        s = ((b + 0.5) - (B + 0.5) * factor) * delta
        out[B, 0] += mom[b, 0]
        out[B, 1] += mom[b, 1] + s * mom[b, 0]
        out[B, 2] += mom[b, 2] + 2.0 * s * mom[b, 1] + s * s * mom[b, 0]
        out[B, 3] += mom[b, 3] + 3.0 * s * mom[b, 2] + 3.0 * s * s * mom[b, 1] + s * s * s * mom[b, 0]
    return out


@njit(cache=True, nogil=True)
def k_adaptive(mom, delta, h, grid, wtot, tol):
    """``K`` from moments on the coarsest bins whose error bound is ``<= tol max K``.

    Bins are widened by powers of 2 (at most to ``h``), the bound
    ``BINNING_CONSTANT delta'^4 / h^5 * W_cut / W`` is checked against the
    computed curve, and the width halved until it holds.  Returns ``(K, ok)``;
    ``ok`` is False when even the finest bins miss the tolerance.
    """
    wcut = 0.0
    for b in range(mom.shape[0]):  # explicit loops (here and below): less code to compile
        wcut += mom[b, 0]
    wcut /= wtot
    est = wcut / (grid[-1] + TRUNC * h)  # a typical scale of max K
    h5 = h * h * h * h * h
    factor = np.int64(1)  # one integer type throughout: one compiled coarsen
    while True:
        wide = delta * (2 * factor)
        if wide > h or BINNING_CONSTANT * wide * wide * wide * wide / h5 * wcut > tol * est:
            break
        factor *= 2
    while True:
        if factor == 1:
            K = k_from_moments(mom, delta, h, grid, wtot)
        else:
            K = k_from_moments(coarsen(mom, factor, delta), delta * factor, h, grid, wtot)
        width = delta * factor
        bound = BINNING_CONSTANT * width * width * width * width / h5 * wcut
        kmax = 0.0
        for g in range(K.shape[0]):
            kmax = max(kmax, K[g])
        if bound <= tol * kmax:
            return K, True
        if factor == 1:
            return K, False
        factor //= 2


@njit(cache=True, nogil=True)
def k_range(mom, delta, hs, grid, wtot, tol, s0, s1, out, ok):
    """:func:`k_adaptive` for simulations ``s0 <= s < s1`` of a batch, into ``out[s]`` and ``ok[s]``."""
    for s in range(s0, s1):
        K, good = k_adaptive(mom[s], delta, hs[s], grid, wtot, tol)
        for g in range(K.shape[0]):
            out[s, g] = K[g]
        ok[s] = good


def threads() -> int:
    """Worker threads of the kernels: numba's thread setting (``--workers``, ``NUMBA_NUM_THREADS``)."""
    import numba

    return max(1, int(numba.get_num_threads()))


def run_ranges(fn, count: int, *args) -> None:
    """``fn(*args, s0, s1, *rest)`` over ``[0, count)`` split into one contiguous range per thread.

    ``args`` holds the arguments before ``s0`` and the marker ``RANGE`` where ``s0, s1`` go.
    The kernels release the GIL, so the ranges run in parallel; each writes its own rows,
    so the result does not depend on the number of threads.
    """
    k = min(threads(), count)
    cut = [count * i // k for i in range(k + 1)]
    at = next(i for i, a in enumerate(args) if a is RANGE)

    def call(i):
        fn(*args[:at], cut[i], cut[i + 1], *args[at + 1:])

    if k <= 1:
        call(0)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(k) as pool:
        list(pool.map(call, range(k)))


#: Placeholder of :func:`run_ranges` for the ``s0, s1`` arguments.
RANGE = object()
