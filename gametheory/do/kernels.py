"""Numba kernels of the DO index: spatial grid, pair visits, kernel sums.

Math (Duranton and Overman, 2005, Review of Economic Studies 72(4), eq. 1,
normalised on [0, inf) as in ``DO.md``)::

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
  falls back to :func:`visit` in direct mode (exact sums) when it does not hold.
* The Gaussian is truncated at ``TRUNC = 8`` bandwidths (``phi(8) / phi(0) =
  1.3e-14``).
* Determinism: every reduction is over fixed chunks of cells or over whole
  simulations, summed in a fixed order, so results do not depend on the number
  of threads.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

#: Gaussian truncation, in bandwidths.
TRUNC = 8.0
#: ``2 * (1/2)^4 / 24 * 3 phi(0)``: the binning error is ``<= C delta^4 / h^5``.
BINNING_CONSTANT = 2.0 * 0.0625 / 24.0 * 3.0 / math.sqrt(2.0 * math.pi)

MODE_MOMENTS, MODE_COLLECT, MODE_DIRECT = 0, 1, 2
#: Points per block of the two-stage moment loop.
BLOCK = 64


@njit(cache=True)
def grid_params(PA, PB, cell_min):
    """Origin, cell side and dimensions of a grid covering ``PA`` and ``PB``."""
    lo = np.empty(3)
    hi = np.empty(3)
    for k in range(3):
        lo[k] = min(PA[:, k].min(), PB[:, k].min())
        hi[k] = max(PA[:, k].max(), PB[:, k].max())
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


@njit(cache=True)
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
    fill = starts[:-1].copy()
    Ps = np.empty_like(P)
    ws = np.empty_like(w)
    for i in range(n):
        q = fill[key[i]]
        fill[key[i]] += 1
        Ps[q] = P[i]
        ws[q] = w[i]
    return Ps, ws, starts


@njit(cache=True)
def _phi(z):
    return math.exp(-0.5 * z * z) * 0.3989422804014327


@njit(cache=True)
def visit(PA, wA, startsA, PB, wB, startsB, same, dims, spherical, radius,
          cut, bw_cut, delta, c0, c1, mode, h, grid,
          mom, cnt, sums, lo_bins, hi_bins, out, fill):
    """Visit every pair within ``cut`` whose A point lies in cells ``[c0, c1)``.

    ``mode`` is :data:`MODE_MOMENTS` (fill ``mom[b, p]``, the unweighted
    ``cnt[b]`` and ``sums = [m, sum d, sum d^2]`` over ``d <= bw_cut``),
    :data:`MODE_COLLECT` (store in ``out`` the distances ``d <= bw_cut`` whose
    bin is in one of the ranges ``[lo_bins[r], hi_bins[r]]``; ``fill[0]`` counts
    them) or :data:`MODE_DIRECT` (add the exact kernel terms to ``out[g]`` for
    the sorted evaluation points ``grid``).  With ``same`` the pairs are the
    unordered pairs within one set (A = B, sorted identically).
    """
    if spherical:
        cc = 2.0 * radius * math.sin(min(cut, math.pi * radius) / (2.0 * radius))
    else:
        cc = cut
    cut2 = cc * cc * (1.0 + 1e-12)
    inv_delta = 1.0 / delta
    nb = mom.shape[0]
    ng = grid.shape[0]
    reach = TRUNC * h
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
                        if mode == 0:
                            # two stages: distances of a block (vectorisable), then the scatter
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
                            continue
                        for q in range(q0, q1):
                            dx = xa - PB[q, 0]
                            dy = ya - PB[q, 1]
                            dz = za - PB[q, 2]
                            c2 = dx * dx + dy * dy + dz * dz
                            if c2 > cut2:
                                continue
                            c = math.sqrt(c2)
                            if spherical:
                                d = 2.0 * radius * math.asin(min(1.0, c / (2.0 * radius)))
                            else:
                                d = c
                            if d > cut:
                                continue
                            b = int(d * inv_delta)
                            if mode == 1:
                                if d <= bw_cut:
                                    for r in range(lo_bins.shape[0]):
                                        if lo_bins[r] <= b <= hi_bins[r]:
                                            out[fill[0]] = d
                                            fill[0] += 1
                                            break
                            else:
                                ww = wa * wB[q]
                                g = np.searchsorted(grid, d - reach)
                                while g < ng and grid[g] <= d + reach:
                                    out[g] += ww * _phi((grid[g] - d) / h) / h
                                    g += 1
                                g = 0
                                while g < ng and grid[g] + d <= reach:
                                    out[g] += ww * _phi((grid[g] + d) / h) / h
                                    g += 1
    if mode == 0:
        sums[0] += acc_m
        sums[1] += acc_1
        sums[2] += acc_2


@njit(cache=True)
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


@njit(cache=True)
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
        acc += _taylor_sum(mom, delta, h, x, 0, b1, -1.0)  # reflection: phi_h(x + c)
        K[g] = acc / wtot
    return K


@njit(cache=True)
def _sim_pass(sites, idx, nA, wA, wB, bivariate, spherical, radius, cut, bw_cut, delta, cell_min,
              mom, cnt, sums):
    """Moment pass of one simulated draw (``idx``: site indices, first ``nA`` are A)."""
    if bivariate:
        PA = sites[idx[:nA]]
        PB = sites[idx[nA:]]
    else:
        PA = sites[idx]
        PB = PA
    origin, cell, dims = grid_params(PA, PB, cell_min)
    PAs, wAs, sA = cell_sort(PA, wA, origin, cell, dims)
    if bivariate:
        PBs, wBs, sB = cell_sort(PB, wB, origin, cell, dims)
    else:
        PBs, wBs, sB = PAs, wAs, sA
    empty_i = np.zeros(0, np.int64)
    empty_f = np.zeros(0)
    fill = np.zeros(1, np.int64)
    visit(PAs, wAs, sA, PBs, wBs, sB, not bivariate, dims, spherical, radius,
          cut, bw_cut, delta, 0, sA.shape[0] - 1, MODE_MOMENTS, 1.0, empty_f,
          mom, cnt, sums, empty_i, empty_i, empty_f, fill)


@njit(parallel=True, cache=True)
def sim_batch(sites, idx, nA, wA, wB, bivariate, spherical, radius, cut, bw_cut, delta, cell_min,
              mom, cnt, sums):
    """Moment passes of a batch of simulations (``idx[s]``), one per thread task."""
    for s in prange(idx.shape[0]):
        _sim_pass(sites, idx[s], nA, wA, wB, bivariate, spherical, radius, cut, bw_cut, delta,
                  cell_min, mom[s], cnt[s], sums[s])


@njit(parallel=True, cache=True)
def chunked_pass(PAs, wAs, sA, PBs, wBs, sB, same, dims, spherical, radius, cut, bw_cut, delta,
                 bounds, mode, h, grid, mom, cnt, sums, out):
    """One point set's pass split over fixed chunks of cells ``bounds`` (deterministic).

    Chunk ``k`` writes ``mom[k]``, ``cnt[k]``, ``sums[k]`` (moments mode) or
    ``out[k]`` (direct mode); the caller sums the chunks in order.
    """
    for k in prange(bounds.shape[0] - 1):
        _chunk(PAs, wAs, sA, PBs, wBs, sB, same, dims, spherical, radius, cut, bw_cut, delta,
               bounds, k, mode, h, grid, mom, cnt, sums, out)


@njit(cache=True)
def _chunk(PAs, wAs, sA, PBs, wBs, sB, same, dims, spherical, radius, cut, bw_cut, delta,
           bounds, k, mode, h, grid, mom, cnt, sums, out):
    empty_i = np.zeros(0, np.int64)
    fill = np.zeros(1, np.int64)
    visit(PAs, wAs, sA, PBs, wBs, sB, same, dims, spherical, radius, cut, bw_cut, delta,
          bounds[k], bounds[k + 1], mode, h, grid, mom[k], cnt[k], sums[k],
          empty_i, empty_i, out[k], fill)


@njit(cache=True)
def serial_pass(PAs, wAs, sA, PBs, wBs, sB, same, dims, spherical, radius, cut, bw_cut, delta,
                bounds, mode, h, grid, mom, cnt, sums, out):
    """:func:`chunked_pass` on one thread (small sets: no parallel start-up cost)."""
    for k in range(bounds.shape[0] - 1):
        _chunk(PAs, wAs, sA, PBs, wBs, sB, same, dims, spherical, radius, cut, bw_cut, delta,
               bounds, k, mode, h, grid, mom, cnt, sums, out)


@njit(cache=True)
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


@njit(cache=True)
def k_adaptive(mom, delta, h, grid, wtot, tol):
    """``K`` from moments on the coarsest bins whose error bound is ``<= tol max K``.

    Bins are widened by powers of 2 (at most to ``h``), the bound
    ``BINNING_CONSTANT delta'^4 / h^5 * W_cut / W`` is checked against the
    computed curve, and the width halved until it holds.  Returns ``(K, ok)``;
    ``ok`` is False when even the finest bins miss the tolerance.
    """
    wcut = mom[:, 0].sum() / wtot
    est = wcut / (grid[-1] + TRUNC * h)  # a typical scale of max K
    j = 0
    while delta * 2.0 ** (j + 1) <= h and BINNING_CONSTANT * (delta * 2.0 ** (j + 1)) ** 4 / h ** 5 * wcut <= tol * est:
        j += 1
    while True:
        factor = 1 << j
        if factor == 1:
            K = k_from_moments(mom, delta, h, grid, wtot)
        else:
            K = k_from_moments(coarsen(mom, factor, delta), delta * factor, h, grid, wtot)
        bound = BINNING_CONSTANT * (delta * factor) ** 4 / h ** 5 * wcut
        if bound <= tol * K.max():
            return K, True
        if j == 0:
            return K, False
        j -= 1


@njit(parallel=True, cache=True)
def k_batch(mom, delta, h, grid, wtot, tol):
    """:func:`k_adaptive` for each simulation of a batch; returns ``(K, ok)``."""
    out = np.empty((mom.shape[0], grid.shape[0]))
    ok = np.empty(mom.shape[0], np.bool_)
    for s in prange(mom.shape[0]):
        out[s], ok[s] = k_adaptive(mom[s], delta, h[s], grid, wtot, tol)
    return out, ok
