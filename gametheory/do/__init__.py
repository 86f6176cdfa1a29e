"""The Duranton-Overman (DO) K-density index of localisation.

Duranton, G. and Overman, H. G. (2005), "Testing for Localization Using
Micro-Geographic Data", Review of Economic Studies 72(4), 1077-1106.

For an industry with establishments at pairwise distances ``d_k``::

    K(d) = sum_k w_k [phi_h(d - d_k) + phi_h(d + d_k)] / sum_k w_k

(Gaussian kernel ``phi_h``, Silverman bandwidth ``h``, reflection at 0; twice
the paper's eq. 1 so that ``K`` integrates to 1 on ``[0, inf)``), weighted
(``K_emp``, ``w_k = e_i e_j``) or bivariate (``K_AB`` over cross pairs).
Counterfactual industries drawn from all sites give local and global
confidence bands; ``Gamma = sum_d max(K - upper, 0)`` measures localisation
and ``Psi = sum_d max(lower - K, 0)`` (when ``Gamma = 0``) dispersion.  The
decisions come from two exact one-sided global envelope tests with p-values
(extreme rank length, Myllymäki et al. 2017): localised if
``p_localized <= alpha``, dispersed if ``p_dispersed <= alpha`` and not localised.

Modules: :mod:`~gametheory.do.io` (tables, validation),
:mod:`~gametheory.do.geometry` (distances, threshold),
:mod:`~gametheory.do.kernels` (numba pair loops),
:mod:`~gametheory.do.bandwidth`, :mod:`~gametheory.do.kdensity`,
:mod:`~gametheory.do.bands`, :mod:`~gametheory.do.envelope` (the tests),
:mod:`~gametheory.do.checks` (settings, cheap to import), :mod:`~gametheory.do.inference`
(counterfactuals), :mod:`~gametheory.do.driver` (many industries, Dask),
:mod:`~gametheory.do.sample` (synthetic census), :mod:`~gametheory.do.plots`.
Names below are imported lazily (numba compiles on first use).
"""

from __future__ import annotations

import importlib

_API = {
    "read_establishments": "io", "Census": "io", "sample_path": "io",
    "kdensity": "kdensity", "Layout": "kdensity", "Curve": "kdensity",
    "silverman": "bandwidth",
    "compute_bands": "bands", "Bands": "bands",
    "erl_test": "envelope", "EnvelopeTest": "envelope",
    "do_index": "inference", "DOResult": "inference",
    "run_many": "driver", "write_outputs": "driver", "summary_frame": "driver",
    "synthetic_census": "sample",
    "plot_k": "plots", "plot_gamma": "plots",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(f"gametheory.do.{_API[name]}"), name)
    raise AttributeError(f"module 'gametheory.do' has no attribute {name!r}")
