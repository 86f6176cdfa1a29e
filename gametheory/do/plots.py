"""Figures of the DO index (matplotlib, Agg backend).

:func:`plot_k` draws ``K(d)`` (or ``K_emp``, ``K_AB``) with its local 5-95%
band and its DO global band shaded, as in Duranton and Overman (2005, fig. 2),
the global ERL envelopes of the exact tests as dotted lines and the p-values in
the title;
:func:`plot_gamma` compares ``Gamma`` (localisation) and ``-Psi`` (dispersion)
across industries.
"""

from __future__ import annotations

from pathlib import Path


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_k(result, path) -> Path:
    """Save the K-density of one result with its bands to ``path`` (PNG)."""
    plt = _pyplot()
    b = result.bands
    name = ("K_emp" if result.weighted else "K") + ("" if result.neighbor is None else "_AB")
    title = result.industry if result.neighbor is None else f"{result.industry} x {result.neighbor}"
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    ax.fill_between(result.d, b.global_lo, b.global_hi, color="#c6dbef",
                    label=f"DO global {100 * result.alpha:g}% bands (Gamma, Psi)")
    ax.fill_between(result.d, b.local_lo, b.local_hi, color="#6baed6", alpha=0.6,
                    label=f"local {100 * result.alpha:g}-{100 * (1 - result.alpha):g}% band")
    ax.plot(result.d, b.mean, color="#08519c", lw=1, ls="--", label="mean of simulations")
    level = f"{100 * (1 - result.alpha):g}%"
    if b.erl_hi is not None:
        ax.plot(result.d, b.erl_hi, color="0.2", lw=1, ls=":",
                label=f"{level} ERL envelopes (tests)")
        ax.plot(result.d, b.erl_lo, color="0.2", lw=1, ls=":")
    ax.plot(result.d, result.K, color="#cb181d", lw=2, label=f"observed {name}")
    verdict = "localised" if result.localized else "dispersed" if result.dispersed else "neither"
    null = f" ({result.null} null)" if result.neighbor is not None and result.null else ""
    ax.set_title(f"{title}: {verdict}{null}\np(localised) = {result.p_localized:.3g}, "
                 f"p(dispersed) = {result.p_dispersed:.3g}; Gamma = {result.Gamma:.3g}, Psi = {result.Psi:.3g}",
                 fontsize=10)
    ax.set_xlabel("distance d (km)")
    ax.set_ylabel(f"{name}(d)")
    ax.set_xlim(result.d[0], result.d[-1])
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=8)
    ax.text(0.99, 0.02, f"n={result.n}, h={result.bandwidth:.1f} km, {result.simulations} sims, "
            f"seed {result.seed}", transform=ax.transAxes, ha="right", va="bottom", fontsize=7,
            color="0.4")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return Path(path)


#: At most this many bars in :func:`plot_gamma` (the most localised and the most dispersed).
MAX_BARS = 60


def plot_gamma(results, path) -> Path:
    """Save a bar chart of ``Gamma`` (right) and ``-Psi`` (left) across industries.

    With more than :data:`MAX_BARS` results, the ``MAX_BARS / 2`` highest and lowest
    ``Gamma - Psi`` are drawn and the title says so.
    """
    plt = _pyplot()
    rows = sorted(results, key=lambda r: r.Gamma - r.Psi)
    shown = len(rows)
    if shown > MAX_BARS:
        rows = rows[:MAX_BARS // 2] + rows[-MAX_BARS // 2:]
    labels = [r.industry if r.neighbor is None else f"{r.industry} x {r.neighbor}" for r in rows]
    fig, ax = plt.subplots(figsize=(7, 0.3 * len(rows) + 1.8), dpi=120)
    y = range(len(rows))
    ax.barh(y, [r.Gamma for r in rows], color="#cb181d", label="Gamma (localisation)")
    ax.barh(y, [-r.Psi for r in rows], color="#2171b5", label="-Psi (dispersion)")
    ax.set_yticks(list(y), labels, fontsize=8)
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel("index (sum over d of the excess over the global band)")
    extra = "" if shown == len(rows) else f" ({len(rows)} extremes of {shown})"
    ax.set_title("Duranton-Overman localisation across industries" + extra, fontsize=11, pad=24)
    ax.legend(frameon=False, fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return Path(path)
