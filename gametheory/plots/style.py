r"""One style for every paper figure: fonts, the regime palette, labels, saving.

* Backend ``Agg`` (files only, no display), tight bounding boxes, PNG at 300 dpi
  and vector PDF with embedded TrueType fonts.
* Regime colours: the Okabe-Ito colour-blind-safe qualitative palette, one
  fixed colour per regime of :data:`gametheory.analysis.regimes.REGIMES`
  (the same in every figure), light grey for points outside the model's domain.
  Index 0 of :data:`PALETTE` is "outside", index ``code + 1`` the regime
  ``REGIMES[code]``, so ``PALETTE[sweep.regime + 1]`` colours a regime map.
* Axis labels in the model's LaTeX notation (:func:`gametheory.params.latex_name`)
  and a subtitle listing the fixed parameters (:func:`fixed_text`).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from gametheory.analysis.regimes import REGIMES  # noqa: E402
from gametheory.params import PARAMS, Params, latex_name  # noqa: E402

__all__ = ["RC", "REGIME_COLORS", "OUTSIDE_COLOR", "PALETTE", "LINE_COLORS", "DPI", "figure", "save",
           "axis_label", "fixed_text", "value_text", "regime_patches", "lighten"]

DPI = 300
RC = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 10,
    "legend.fontsize": 8,
    "legend.title_fontsize": 8,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "lines.linewidth": 1.4,
    "axes.linewidth": 0.8,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.03,
    "figure.constrained_layout.use": True,
}

#: Okabe & Ito (2008) colour-blind-safe palette, one colour per regime (fixed mapping).
REGIME_COLORS: dict[str, str] = {
    "traditional": "#0072B2",          # blue
    "zero-resource": "#D55E00",        # vermillion
    "coordination": "#CC79A7",         # reddish purple
    "split": "#009E73",                # bluish green
    "traditional+split": "#56B4E9",    # sky blue
    "zero-resource+split": "#E69F00",  # orange
    "coordination+split": "#F0E442",   # yellow
}
OUTSIDE_COLOR = "#DDDDDD"
#: RGB rows: 0 = outside the domain, ``code + 1`` = ``REGIMES[code]``.
PALETTE = np.array([to_rgb(OUTSIDE_COLOR)] + [to_rgb(REGIME_COLORS[r]) for r in REGIMES])
#: Colours of line plots (pure vs mixed equilibria, several curves), from the same palette.
LINE_COLORS = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")

_DESCRIPTIONS = {
    "traditional": "traditional only ($n_A = N$)",
    "zero-resource": "zero-resource only ($n_A = 0$)",
    "coordination": "coordination ($0$ and $N$)",
    "split": "split only ($0 < n_A < N$)",
    "traditional+split": "traditional + split",
    "zero-resource+split": "zero-resource + split",
    "coordination+split": "coordination + split",
}


def figure(width: float = 6.4, height: float = 4.0):
    """A new figure and axes in the paper style."""
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def save(fig, out_dir: Path, stem: str, formats=("pdf", "png")) -> list[Path]:
    """Write ``fig`` as ``out_dir/stem.<fmt>`` for each format, close it, return the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    with plt.rc_context(RC):
        for fmt in formats:
            path = out_dir / f"{stem}.{fmt}"
            fig.savefig(path, dpi=DPI, metadata=_metadata(fmt))
            paths.append(path)
    plt.close(fig)
    return paths


def _metadata(fmt: str) -> dict:
    # reproducible files: no creation date in the PDF, no software version stamp in either
    if fmt == "pdf":
        return {"CreationDate": None, "Creator": None, "Producer": None}
    if fmt == "png":
        return {"Software": None}
    return {}


def axis_label(name: str) -> str:
    """``$\\tau_p$`` etc.: the LaTeX name of a (derived) parameter in math mode."""
    return f"${latex_name(name)}$"


def value_text(v: Fraction) -> str:
    """A short exact rendering: integers and short decimals as decimals, else ``p/q``."""
    v = Fraction(v)
    if v.denominator == 1:
        return str(v.numerator)
    d = v.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d == 1 and len(str(float(v))) <= 8:
        return repr(float(v))
    return f"{v.numerator}/{v.denominator}"


def fixed_text(params: Params, swept: tuple[str, ...] = (), per_line: int | None = None) -> str:
    """The fixed parameters as ``$a_A = 6$, ...`` (those not swept; zero fixed costs summarised),
    broken into lines of ``per_line`` items when given."""
    skip = set(swept)
    if "Delta_gamma" in skip:
        skip.add("gamma_B")
    parts = []
    for n in PARAMS:
        if n in skip or n in ("F_A", "F_B"):
            continue
        parts.append(f"${latex_name(n)} = {value_text(params[n])}$")
    if params["F_A"] == params["F_B"] == 0:
        parts.append("$F_A = F_B = 0$")
    else:
        parts += [f"${latex_name(n)} = {value_text(params[n])}$" for n in ("F_A", "F_B")]
    step = per_line or len(parts)
    return "\n".join(", ".join(parts[i:i + step]) for i in range(0, len(parts), step))


def lighten(rgb: np.ndarray, amount: float) -> np.ndarray:
    """Blend colours towards white by ``amount`` in [0, 1]."""
    return np.asarray(rgb) * (1 - amount) + amount


#: A regime on fewer than this share of a map's points is flagged "tiny" in the legend.
TINY = 1e-3


def regime_patches(codes, lighten_by: float = 0.0) -> list[Patch]:
    """Legend patches for the regime codes present (``-1`` = outside, listed last), in the order of REGIMES."""
    codes = np.asarray(codes)
    present, counts = np.unique(codes, return_counts=True)
    out = []
    for c, count in zip(present.tolist(), counts.tolist()):
        colour = lighten(PALETTE[c + 1], lighten_by)
        label = "outside the domain" if c < 0 else _DESCRIPTIONS[REGIMES[c]]
        if count < TINY * codes.size:   # present, but too small to see: say so rather than hide it
            label += f" ({count} pt{'s' if count > 1 else ''}, tiny)"
        out.append(Patch(facecolor=colour, edgecolor="0.4", linewidth=0.4, label=label))
    return out[1:] + out[:1] if len(present) and present[0] < 0 else out
