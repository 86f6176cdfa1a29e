"""Figures of the DO index (matplotlib).

:func:`draw_k` draws ``K(d)`` (or ``K_emp``, ``K_AB``) with its local 5-95%
band and its DO global band shaded, as in Duranton and Overman (2005, fig. 2),
the global ERL envelopes of the exact tests as dotted lines and the p-values in
the title; :func:`draw_gamma` compares ``Gamma`` (localisation) and ``-Psi``
(dispersion) across industries.  Both only draw (into a given Axes, or a new
figure); :func:`plot_k` and :func:`plot_gamma` draw and save.

Paper-ready like the game's figures (:mod:`gametheory.plots.style`, restated
here: the DO package stands alone): vector PDF with embedded TrueType fonts and
no timestamps, and PNG at 300 dpi (:data:`DPI`), written side by side; the
settings of the run (sites, bandwidth, distance threshold, simulations, seed,
test level) under the plot; legends outside the axes; readable in greyscale
(the observed curve solid and thick, the mean dashed, the envelopes dotted, the
bands two grey levels apart; ``-Psi`` bars hatched).
"""

from __future__ import annotations

from pathlib import Path

#: Resolution of the PNG files.
DPI = 300
#: The formats written by :func:`plot_k` and :func:`plot_gamma`.
FORMATS = ("pdf", "png")
_RC = {"pdf.fonttype": 42, "ps.fonttype": 42, "savefig.bbox": "tight", "savefig.pad_inches": 0.03}


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def _new_axes(ax, width: float, height: float):
    if ax is not None:
        return ax.figure, ax
    return _pyplot().subplots(figsize=(width, height))


def save_figure(fig, path, formats=FORMATS) -> Path:
    """Write ``fig`` as ``path`` and, for each other format of ``formats``, next to it with that suffix (PDF
    without timestamps, PNG at :data:`DPI`); close it and return ``path``."""
    import matplotlib as mpl

    path = Path(path)
    fmts = list(dict.fromkeys([path.suffix.lstrip(".").lower() or "png", *formats]))
    with mpl.rc_context(_RC):
        for fmt in fmts:
            meta = {"CreationDate": None, "Creator": None, "Producer": None} if fmt == "pdf" else \
                {"Software": None} if fmt == "png" else {}
            fig.savefig(path.with_suffix(f".{fmt}"), dpi=DPI, metadata=meta)
    _pyplot().close(fig)
    return path


def draw_k(result, ax=None):
    """Draw the K-density of one result with its bands into ``ax`` (a new figure when None); returns the Axes."""
    b = result.bands
    name = ("K_emp" if result.weighted else "K") + ("" if result.neighbor is None else "_AB")
    title = result.industry if result.neighbor is None else f"{result.industry} x {result.neighbor}"
    fig, ax = _new_axes(ax, 7, 4.2)
    ax.fill_between(result.d, b.global_lo, b.global_hi, color="#c6dbef", linewidth=0,
                    label=f"DO global {100 * result.alpha:g}% bands (Gamma, Psi)")
    ax.fill_between(result.d, b.local_lo, b.local_hi, color="#6baed6", alpha=0.6, linewidth=0,
                    label=f"local {100 * result.alpha:g}-{100 * (1 - result.alpha):g}% band")
    ax.plot(result.d, b.mean, color="#08519c", lw=1, ls="--", label="mean of simulations")
    level = f"{100 * (1 - result.alpha):g}%"
    if b.erl_hi is not None:
        ax.plot(result.d, b.erl_hi, color="0.2", lw=1, ls=":", label=f"{level} ERL envelopes (tests)")
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
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    ax.text(1.02, 0.0, f"n = {result.n} sites\nbandwidth h = {result.bandwidth:.3g} km\n"
            f"d_max = {result.threshold:.3g} km\n{result.simulations} simulations, seed {result.seed}\n"
            f"tests at alpha = {result.alpha:g}", transform=ax.transAxes, ha="left", va="bottom", fontsize=7,
            color="0.3", gid="settings")
    return ax


def plot_k(result, path, formats=FORMATS) -> Path:
    """Save the K-density of one result with its bands as ``path`` and (``formats``) PDF and 300-dpi PNG next to
    it; returns ``path``."""
    return save_figure(draw_k(result).figure, path, formats)


#: At most this many bars in :func:`draw_gamma` (the most localised and the most dispersed).
MAX_BARS = 60


def draw_gamma(results, ax=None):
    """Draw a bar chart of ``Gamma`` (right) and ``-Psi`` (left, hatched) across industries; returns the Axes.

    With more than :data:`MAX_BARS` results, the ``MAX_BARS / 2`` highest and lowest
    ``Gamma - Psi`` are drawn and the title says so.
    """
    import matplotlib as mpl

    rows = sorted(results, key=lambda r: r.Gamma - r.Psi)
    shown = len(rows)
    if shown > MAX_BARS:
        rows = rows[:MAX_BARS // 2] + rows[-MAX_BARS // 2:]
    labels = [r.industry if r.neighbor is None else f"{r.industry} x {r.neighbor}" for r in rows]
    fig, ax = _new_axes(ax, 7, 0.3 * len(rows) + 1.8)
    y = range(len(rows))
    gamma, psi = [r.Gamma for r in rows], [-r.Psi for r in rows]
    # a legend entry only for bars that show (all Psi = 0: no dispersion bars to name)
    ax.barh(y, gamma, color="#cb181d", label="Gamma (localisation)" if any(gamma) else None)
    with mpl.rc_context({"hatch.color": "white", "hatch.linewidth": 0.8}):
        ax.barh(y, psi, color="#2171b5", hatch="////", label="-Psi (dispersion)" if any(psi) else None)
    ax.set_yticks(list(y), labels, fontsize=8)
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel("index (sum over d of the excess over the global band)")
    extra = "" if shown == len(rows) else f" ({len(rows)} extremes of {shown})"
    first = rows[0] if rows else None
    settings = "" if first is None else (f"\n{first.simulations} simulations, seed {first.seed}, "
                                         f"d_max = {first.threshold:.3g} km, bands at {100 * first.alpha:g}%")
    ax.set_title("Duranton-Overman localisation across industries" + extra + settings, fontsize=10, pad=24)
    if any(gamma) or any(psi):
        ax.legend(frameon=False, fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    return ax


def plot_gamma(results, path, formats=FORMATS) -> Path:
    """Save the bar chart of :func:`draw_gamma` as ``path`` and (``formats``) PDF and 300-dpi PNG next to it;
    returns ``path``."""
    return save_figure(draw_gamma(results).figure, path, formats)
