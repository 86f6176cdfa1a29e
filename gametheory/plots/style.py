r"""One style for every paper figure: fonts, the regime palette, labels, saving.

* Tight bounding boxes, PNG at 300 dpi and vector PDF with embedded TrueType fonts; the layout is
  computed once per figure, before any file is written, and shared by every format; PNGs of opaque
  figures are RGB (:func:`save`).
  The backend is left to matplotlib (inline in notebooks; the command line uses ``Agg``).
* Regime colours: the Okabe-Ito colour-blind-safe qualitative palette, one
  fixed colour per regime code (:func:`gametheory.games.anonymous.regime_codes`:
  the same in every figure and for every model), light grey for points outside
  the model's domain.  Index 0 of :data:`PALETTE` is "outside", index ``code + 1``
  the regime ``code``, so ``PALETTE[sweep.regime + 1]`` colours a regime map.
* Greyscale: every regime also has its own hatching (:data:`REGIME_HATCHES`), built from which
  patterns are equilibria there, so that a map printed in black and white still tells the regimes
  apart (several Okabe-Ito colours have nearly the same grey level); hatch lines are light on dark
  fills and dark on light ones (:func:`hatch_color`).
* Axis labels in the model's LaTeX notation (:meth:`gametheory.params.ParameterSpace.latex`)
  and a subtitle listing the fixed parameters (:func:`fixed_text`).
* PDF fonts are subset without their OpenType layout tables (:func:`lean_font_subsets`, while
  :func:`save` writes): a PDF places every glyph itself, so GSUB/GPOS/GDEF are dead weight, and their
  glyph closure took most of the time spent embedding fonts.  Each figure's subset is taken from a base subset
  of the font (Latin, Greek, punctuation, mathematical operators), made once per process: the same bytes,
  a quarter of the time.
* Mathtext layouts are shared across figures (:func:`share_mathtext_layouts`, applied on import):
  matplotlib keys its cache of parsed math strings by the renderer's parser, and every saved file
  has a new renderer, so the same labels were parsed again for every file.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import io
from fractions import Fraction
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.patches import Patch

from gametheory.params import Params

__all__ = ["RC", "REGIME_COLORS", "OUTSIDE_COLOR", "PALETTE", "LINE_COLORS", "DPI", "figure", "save",
           "axis_label", "fixed_text", "value_text", "regime_patches", "regime_description", "lighten", "new_axes",
           "REGIME_HATCHES", "grey", "hatch_color", "hatch_area", "visible_codes", "TINY",
           "share_mathtext_layouts", "lean_font_subsets"]

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

#: Okabe & Ito (2008) colour-blind-safe palette, one colour per regime code (fixed mapping):
#: all-A (traditional), all-B (zero-resource), coordination, split, all-A+split, all-B+split, coordination+split.
REGIME_COLORS: tuple[str, ...] = ("#0072B2", "#D55E00", "#CC79A7", "#009E73", "#56B4E9", "#E69F00", "#F0E442")
OUTSIDE_COLOR = "#DDDDDD"
#: RGB rows: 0 = outside the domain, ``code + 1`` = regime ``code``.
PALETTE = np.array([to_rgb(OUTSIDE_COLOR)] + [to_rgb(c) for c in REGIME_COLORS])
#: Hatching per regime code, one mark per pattern that is an equilibrium there: ``\\`` the all-A pattern
#: (``n_A = N``), dots the all-B pattern (``n_A = 0``), ``//`` a split; so coordination is ``\\`` with dots,
#: all-A + split is cross-hatched, and so on.  Outside the domain: no hatching.
_PATTERN_HATCH = {"A": "\\\\", "B": "..", "S": "//"}
REGIME_HATCHES: tuple[str, ...] = tuple("".join(_PATTERN_HATCH[p] for p in parts) for parts in
                                        ("A", "B", "AB", "S", "AS", "BS", "ABS"))
#: Colours of line plots (pure vs mixed equilibria, several curves), from the same palette.
LINE_COLORS = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def regime_description(model, code: int) -> str:
    """Legend text of a regime code, e.g. ``traditional only ($n_A = N$)``."""
    A, B, S = (model.short_words[k] for k in ("all_A", "all_B", "split"))
    return (f"{A} only ($n_A = N$)", f"{B} only ($n_A = 0$)", "coordination ($0$ and $N$)",
            f"{S} only ($0 < n_A < N$)", f"{A} + {S}", f"{B} + {S}", f"coordination + {S}")[code]


#: Parsed math strings kept by :func:`share_mathtext_layouts` (the paper's figures have about 300 distinct ones).
MATHTEXT_CACHE_SIZE = 2048


def share_mathtext_layouts() -> bool:
    """Make matplotlib's cache of parsed math strings one per process instead of one per renderer.

    ``matplotlib.mathtext.MathTextParser._parse_cached`` is an ``lru_cache(50)`` whose key includes the
    parser, and each renderer (a new one for every file saved) has its own parser: the paper's figures
    parsed their ~300 distinct strings 1,225 times (pyparsing, about a quarter of the time spent writing
    the figures).  This keys the cache by the parser's output type (vector or raster) instead, with
    every other part of the key unchanged (string, dpi, a copy of the font properties, antialiasing,
    hinting flags) and, since the cache now outlives a renderer, the settings the layout reads
    (every ``mathtext.*`` setting, ``text.kerning_factor``, ``text.hinting_factor``,
    ``font.enable_last_resort``): a string is laid out once per process and setting, and the files
    written are byte for byte the same.  Applied when this module is imported; it does nothing (and
    returns False) if matplotlib's private method does not have the expected form.
    """
    import matplotlib as mpl
    from matplotlib import mathtext

    cached = getattr(mathtext.MathTextParser, "_parse_cached", None)
    if getattr(cached, "_gametheory_shared", False):
        return True
    inner = getattr(cached, "__wrapped__", None)
    try:
        names = list(inspect.signature(inner).parameters) if inner is not None else []
    except (TypeError, ValueError):
        names = []
    if names != ["self", "s", "dpi", "prop", "antialiased", "load_glyph_flags"]:
        return False
    parsers: dict = {}
    settings = tuple(k for k in sorted(mpl.rcParams) if k.startswith("mathtext.")) + tuple(
        k for k in ("text.kerning_factor", "text.hinting_factor", "font.enable_last_resort") if k in mpl.rcParams)

    @functools.lru_cache(maxsize=MATHTEXT_CACHE_SIZE)
    def parse(output_type, s, dpi, prop, antialiased, load_glyph_flags, rc):
        return inner(parsers[output_type], s, dpi, prop, antialiased, load_glyph_flags)

    def _parse_cached(self, s, dpi, prop, antialiased, load_glyph_flags):
        kind = self._output_type
        parsers.setdefault(kind, self)   # any parser of this output type computes the same layout
        rc = tuple(str(mpl.rcParams[k]) for k in settings)
        return parse(kind, s, dpi, prop, antialiased, load_glyph_flags, rc)

    _parse_cached._gametheory_shared = True
    _parse_cached.cache_info = parse.cache_info
    mathtext.MathTextParser._parse_cached = _parse_cached
    return True


share_mathtext_layouts()

#: OpenType layout tables left out of the fonts embedded in PDF (and PostScript) files by :func:`save`.
LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF")


@functools.cache
def _layout_free_subset():
    """``(matplotlib's subsetting module, fontTools.subset, a copy of it whose Options drop the layout tables)``,
    or None when matplotlib's function does not have the expected form."""
    import importlib
    import types

    try:
        pdf_ps = importlib.import_module("matplotlib.backends._backend_pdf_ps")
        from fontTools import subset
        ok = getattr(pdf_ps, "subset", None) is subset and "subset.Options(" in inspect.getsource(
            pdf_ps.get_glyphs_subset)
    except (ImportError, AttributeError, OSError, TypeError):
        return None
    if not ok:
        return None

    class LayoutFreeOptions(subset.Options):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.layout_features = []
            self.drop_tables = [*self.drop_tables, *LAYOUT_TABLES]

    def load_font(font_file, options, **kwargs):
        return _without_layout_tables(subset.load_font(font_file, options, **kwargs), options)

    lean = types.ModuleType(subset.__name__)
    lean.__dict__.update(vars(subset))
    lean.Options = LayoutFreeOptions
    lean.load_font = load_font
    return pdf_ps, subset, lean


def _without_layout_tables(font, options):
    """``font`` (a lazily loaded ``TTFont``) with the :data:`LAYOUT_TABLES` deleted before the subsetter reads
    them, and ``kern`` deleted where the subsetter would delete it (a font with GPOS, ``legacy_kern`` off).

    fontTools' ``Subsetter.subset`` decompiles GDEF, GSUB and GPOS (to check their lookup formats) before it drops
    them: about a quarter of the time spent embedding a font.  Deleted unread, they cost nothing, and the subset
    font is byte for byte the same (``tests/test_plots.py``)."""
    had_gpos = "GPOS" in font
    for tag in LAYOUT_TABLES:
        if tag in font:
            del font[tag]
    if had_gpos and "kern" in font and not getattr(options, "legacy_kern", False):
        del font["kern"]
    return font


#: Unicode blocks of the base subset of every embedded font (:func:`_base_subset`): Basic Latin, Latin-1, Greek,
#: general punctuation (dashes, quotes, primes) and the mathematical operators (the minus sign, relations).
BASE_SUBSET_BLOCKS = ((0x20, 0x7E), (0xA0, 0xFF), (0x370, 0x3FF), (0x2010, 0x2044), (0x2200, 0x22FF))


class _FontBytes(io.BytesIO):
    """A TrueType file in memory with the face index matplotlib's subsetting reads from a font path."""
    face_index = 0


@functools.lru_cache(maxsize=16)
def _base_subset(get_glyphs_subset, path: str, face_index: int):
    """``(bytes, {glyph index in the font: glyph index in the base})``: the font ``path`` subset (by matplotlib's
    ``get_glyphs_subset``, lean) to the glyphs of :data:`BASE_SUBSET_BLOCKS`, once per process and font."""
    from matplotlib import font_manager

    fontfile = font_manager.FontPath(path, face_index)
    charmap = font_manager.get_font(fontfile).get_charmap()
    gids = {0} | {g for u, g in charmap.items() if any(a <= u <= b for a, b in BASE_SUBSET_BLOCKS)}
    with get_glyphs_subset(fontfile, gids) as base:
        out = io.BytesIO()
        base.font.save(out, reorderTables=False)
        return out.getvalue(), dict(base.glyph_index_map)


def _subset_via_base(get_glyphs_subset):
    """Matplotlib's ``get_glyphs_subset(fontfile, glyphs)``, subsetting from the font's base subset
    (:func:`_base_subset`) when it holds every glyph asked for, from the font file otherwise.

    fontTools decompiles the metrics, glyph names and character map of every glyph of the font it subsets: for
    DejaVu Sans (6,000 glyphs) about 27 ms, against 6 ms from the 700 glyphs of its base.  A subset of a subset is
    the same font: fontTools keeps the glyphs in their order, with their outlines, metrics, names and character
    codes, and recomputes every summary table from what it keeps (the test suite compares the bytes)."""
    @contextlib.contextmanager
    def subset_of_base(fontfile, glyphs):
        glyphs = set(glyphs)
        truetype = str(fontfile).lower().endswith(".ttf")       # TrueType outlines only (what the test compares)
        base = _base_subset(get_glyphs_subset, str(fontfile), getattr(fontfile, "face_index", 0)) if truetype else None
        if base is None or not glyphs <= base[1].keys():
            with get_glyphs_subset(fontfile, glyphs) as result:
                yield result
            return
        data, to_base = base
        with get_glyphs_subset(_FontBytes(data), {to_base[g] for g in glyphs}) as result:
            index = result.glyph_index_map
            yield result._replace(glyph_index_map={g: index[b] for g, b in to_base.items() if b in index})

    return subset_of_base


@contextlib.contextmanager
def lean_font_subsets():
    """While active, the TrueType fonts matplotlib embeds (``pdf.fonttype`` 42) are subset without layout tables.

    Matplotlib subsets each font with fontTools' default options, which keep the OpenType layout tables
    (:data:`LAYOUT_TABLES`) and close the glyph set over every substitution they list: for DejaVu Sans
    that took about 3/4 of the subsetting time (0.15 s against 0.04 s per font and file).  A PDF viewer
    never reads those tables: matplotlib has already chosen and placed every glyph, and the glyphs,
    their outlines, metrics, hinting and names are embedded as before (the test suite compares them glyph by
    glyph), so the pages render the same (``pdftoppm -r 200`` gave identical pixels for every PDF of the main
    job when this was introduced) and the files are smaller.  The subsets of TrueType fonts are taken from a base
    subset of the font (:func:`_subset_via_base`), which gives the same bytes in less time.  Only the figures
    written by :func:`save` are affected, not a user's other figures.  It changes nothing if matplotlib's private
    subsetting function does not have the expected form (``subset.Options(...)`` of ``fontTools.subset``).
    """
    found = _layout_free_subset()
    if found is None:
        yield False
        return
    pdf_ps, subset, lean = found
    own = pdf_ps.get_glyphs_subset
    pdf_ps.subset, pdf_ps.get_glyphs_subset = lean, _subset_via_base(own)
    try:
        yield True
    finally:
        pdf_ps.subset, pdf_ps.get_glyphs_subset = subset, own


def figure(width: float = 6.4, height: float = 4.0):
    """A new figure and axes in the paper style."""
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def new_axes(ax=None, width: float = 6.4, height: float = 4.0):
    """``(fig, ax)``: the given Axes and its figure, or a new figure in the paper style."""
    if ax is not None:
        return ax.figure, ax
    return figure(width, height)


def save(fig, out_dir: Path, stem: str, formats=("pdf", "png")) -> list[Path]:
    """Write ``fig`` as ``out_dir/stem.<fmt>`` for each format, close it, return the paths.

    The layout is computed once, before any file is written (:func:`_lay_out`: the layout engine and the tight
    bounding box, measured with the figure's own Agg renderer), then frozen, and every format is written with
    that box: the PDF and the PNG have the same layout and crop, and ``savefig``'s layout pass (a draw with
    rendering disabled, about a third of the time spent writing a PDF) is never run.  Where the figure has no Agg
    renderer the first format written measures the box and the others reuse it (:func:`_tight_box`).  PNGs of
    opaque figures are written without the alpha channel (:func:`_save_png`).
    """
    import matplotlib as mpl

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    with plt.rc_context(RC), lean_font_subsets():
        box = _lay_out(fig)
        for fmt in formats:
            path = out_dir / f"{stem}.{fmt}"
            # a frozen layout stays frozen: savefig puts the figure's layout engine back as it found it, and
            # "no engine" with an automatic layout in the settings would mean the paper style's constrained one
            with mpl.rc_context(NO_AUTOMATIC_LAYOUT if box is not None else {}):
                if fmt == "png":
                    used = _save_png(fig, path, box)
                else:
                    used = _write(fig, lambda bbox: fig.savefig(path, dpi=DPI, metadata=_metadata(fmt),
                                                                bbox_inches=bbox), box)
            if box is None and used is not None:
                _freeze_layout(fig)
                box = used
            paths.append(path)
    plt.close(fig)
    return paths


#: Settings under which a figure without a layout engine keeps none (:func:`_freeze_layout`).
NO_AUTOMATIC_LAYOUT = {"figure.autolayout": False, "figure.constrained_layout.use": False}


def _freeze_layout(fig) -> None:
    """Remove ``fig``'s layout engine, automatic layouts off: every Axes stays where the last layout put it."""
    import matplotlib as mpl

    with mpl.rc_context(NO_AUTOMATIC_LAYOUT):
        fig.set_layout_engine(None)


#: Extra padding (inches) of the box :func:`_lay_out` measures: 1 pt.  Text measured with Agg's hinting at 300 dpi
#: can be up to 0.6 pt narrower than the PDF renderer draws it (the paper figures, rendered by poppler), so the
#: PDF keeps at least the padding ``savefig`` gives.
MEASURE_MARGIN = 1 / 72


def _lay_out(fig):
    """Run ``fig``'s layout engine once and return its tight bounding box, padded as ``savefig`` pads it and by
    :data:`MEASURE_MARGIN` (inches), with the layout frozen (:func:`_freeze_layout`); None, changing nothing,
    where the figure's canvas has no Agg renderer (``FigureCanvasAgg.get_renderer``) or the padding is not a number.

    This is what ``savefig(bbox_inches="tight")`` computes before it writes, less its draw with rendering
    disabled: the layout engine and ``Figure.get_tightbbox`` update what the box depends on (tick labels, title
    positions, legend placement) themselves.  Measured with the figure's Agg renderer at :data:`DPI` (the PNG's
    text layouts, computed once for both), the box can differ from the one a PDF renderer measures by a fraction
    of a point (text hinting).
    """
    pad = _pad_inches()
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if get_renderer is None or pad is None:
        return None
    dpi = fig.dpi
    fig.set_dpi(DPI)         # measured as the PNG is drawn: its text layouts are then computed once
    try:
        renderer = get_renderer()
        engine = fig.get_layout_engine()
        if engine is not None:
            engine.execute(fig)
        box = fig.get_tightbbox(renderer)
    finally:
        fig.set_dpi(dpi)
    _freeze_layout(fig)
    return box.padded(pad + MEASURE_MARGIN)


def _write(fig, write, box):
    """``write(box)``, or with ``box`` None ``write("tight")`` measured by :func:`_tight_box`; returns the box used."""
    if box is None:
        return _tight_box(fig, write)
    write(box)
    return box


def _tight_box(fig, write):
    """``write("tight")`` (a ``savefig`` with the tight bounding box), returning the box it cropped to (padded as
    saved, in inches), or None if it could not be seen.

    The box is the one ``savefig`` measures (``Figure.get_tightbbox``, called once per save after the layout
    engine has run), so a later ``savefig(bbox_inches=box)`` on the same figure, its layout engine removed
    (``set_layout_engine(None)`` with automatic layouts off), crops exactly as this one.
    """
    boxes = []
    measure = fig.get_tightbbox

    def spy(*args, **kw):
        box = measure(*args, **kw)
        boxes.append(box)
        return box

    fig.get_tightbbox = spy
    try:
        write("tight")
    finally:
        del fig.get_tightbbox
    pad = _pad_inches()
    if len(boxes) != 1 or pad is None:
        return None
    return boxes[0].padded(pad)


def _pad_inches():
    """``savefig``'s padding of a tight box (inches), or None when it is not a number (``"layout"``)."""
    import matplotlib as mpl

    pad = mpl.rcParams["savefig.pad_inches"]
    return pad if isinstance(pad, (int, float)) else None


#: zlib level of the PNGs :func:`save` writes (:func:`png_bytes`).
PNG_COMPRESS_LEVEL = 3


def _save_png(fig, path, box=None):
    """Write ``fig`` as a PNG at :data:`DPI`, cropped to ``box`` (None: the tight box, returned), RGB when every
    pixel is opaque; returns the box used (None if it could not be seen).

    Agg renders the RGBA pixels (``savefig(format="rgba")``, a canvas of ``int(box * dpi)`` pixels, checked
    against the buffer); an opaque figure's alpha channel is 255 everywhere, and dropping it leaves the same
    pixels in 3 bytes instead of 4.  The file is written by :func:`png_bytes`.  Transparent figures keep RGBA,
    and anything unexpected falls back to matplotlib's own PNG.
    """
    buf = io.BytesIO()
    used = _write(fig, lambda bbox: fig.savefig(buf, format="rgba", dpi=DPI, bbox_inches=bbox), box)
    width, height = (0, 0) if used is None else (int(used.width * DPI), int(used.height * DPI))
    raw = buf.getbuffer()
    if used is None or len(raw) != 4 * width * height:
        del raw
        fig.savefig(path, dpi=DPI, metadata=_metadata("png"), bbox_inches=used if used is not None else "tight")
        return used
    pixels = np.frombuffer(raw, dtype=np.uint8).reshape(height, width, 4)
    if pixels[:, :, 3].min() == 255:
        pixels = pixels[:, :, :3]
    Path(path).write_bytes(png_bytes(pixels, DPI))
    return used


def png_bytes(pixels, dpi: float, level: int = PNG_COMPRESS_LEVEL) -> bytes:
    """A PNG file of ``pixels`` (``uint8``, height x width x 3 for RGB or 4 for RGBA) at ``dpi``.

    The chunks PIL writes for such an image (``IHDR``, ``pHYs`` in pixels per metre, ``IDAT``, ``IEND``; PNG
    specification, W3C 2003), with every row's filter "None" and zlib at ``level``.  PIL's encoder tries the
    five PNG filters on every row and keeps the smallest; on the figures' large flat areas unfiltered rows
    compress as well, and faster (the 24 paper PNGs, one process: 5.03 MB in 0.48 s of CPU against PIL's
    5.45 MB in 1.37 s at the same level, the same pixels).  A test decodes the files with PIL and compares every
    pixel and the resolution.
    """
    import struct
    import zlib

    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    height, width, channels = pixels.shape
    color_type = {3: 2, 4: 6}[channels]
    rows = np.empty((height, 1 + width * channels), dtype=np.uint8)
    rows[:, 0] = 0                                       # filter type None
    rows[:, 1:] = pixels.reshape(height, width * channels)
    per_metre = int(dpi / 0.0254 + 0.5)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"".join([b"\x89PNG\r\n\x1a\n",
                     chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)),
                     chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
                     chunk(b"IDAT", zlib.compress(rows.tobytes(), level)),
                     chunk(b"IEND", b"")])


def _metadata(fmt: str) -> dict:
    # reproducible files: no creation date in the PDF, no software version stamp in either
    if fmt == "pdf":
        return {"CreationDate": None, "Creator": None, "Producer": None}
    if fmt == "png":
        return {"Software": None}
    return {}


def axis_label(space, name: str) -> str:
    """``$\\tau_p$`` etc.: the LaTeX name of a (derived) parameter in math mode."""
    return f"${space.latex(name)}$"


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
    space = params.space
    skip = {space.moved(n) for n in swept} | set(swept)
    zero_fixed = [n for n in ("F_A", "F_B") if n in params and params[n] == 0 and n not in skip]
    summarise = len(zero_fixed) == 2
    parts = []
    for n in space.names:
        if n in skip or (summarise and n in zero_fixed):
            continue
        parts.append(f"${space.latex(n)} = {value_text(params[n])}$")
    if summarise:
        parts.append("$F_A = F_B = 0$")
    step = per_line or len(parts) or 1
    return "\n".join(", ".join(parts[i:i + step]) for i in range(0, len(parts), step))


def lighten(rgb: np.ndarray, amount: float) -> np.ndarray:
    """Blend colours towards white by ``amount`` in [0, 1]."""
    return np.asarray(rgb) * (1 - amount) + amount


def grey(rgb) -> np.ndarray:
    """Grey level in [0, 1] of RGB colours (last axis), as a greyscale printer or PIL's ``convert("L")`` sees
    them (ITU-R 601 luma: ``0.299 R + 0.587 G + 0.114 B``)."""
    rgb = np.asarray(rgb, dtype=float)
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


def hatch_color(fill) -> tuple[float, float, float, float]:
    """Hatch lines that show on ``fill`` (an RGB colour) in colour and in greyscale: light on dark, dark on light."""
    return (1.0, 1.0, 1.0, 0.75) if grey(to_rgb(fill)) < 0.5 else (0.0, 0.0, 0.0, 0.45)


#: Width of hatch lines (points).
HATCH_WIDTH = 0.6


def hatch_area(ax, x, y, mask, hatch: str, color, *, gid: str | None = None, zorder: float = 1):
    """Hatch the grid points of ``mask`` (shape ``(len(y), len(x))``, rows = y) without filling them.

    A filled contour of the 0/1 mask at level 1/2 (its edge runs half-way between grid points, as the
    image's pixel edges do); returns the ContourSet, or None when the mask is empty.
    """
    import matplotlib as mpl

    mask = np.asarray(mask, dtype=bool)
    if not hatch or not mask.any():
        return None
    with mpl.rc_context({"hatch.linewidth": HATCH_WIDTH}):
        cs = ax.contourf(x, y, mask.astype(float), levels=[0.5, 1.5], colors="none", hatches=[hatch], zorder=zorder)
    cs.set_hatchcolor(color)
    cs.set_gid(gid)
    return cs


#: A region on fewer than this share of a map's points gets no legend entry.
TINY = 1e-3


def visible_codes(codes, share: float = TINY) -> list[int]:
    """The codes of ``codes`` (an integer array) on at least ``share`` of its entries, ascending.

    Why: a regime on fewer points (e.g. exact ties ``D_1 = 0`` along a line: a few pixels of a 300 x 300
    map) has no visible area, so a legend entry would name a colour that cannot be found on the map;
    the exact boundary curves drawn over the map still show where such a region lies.
    """
    codes = np.asarray(codes)
    present, counts = np.unique(codes, return_counts=True)
    return [int(c) for c, n in zip(present, counts) if n >= share * codes.size]


def regime_patches(codes, model, lighten_by: float = 0.0, *, hatches: bool = True) -> list[Patch]:
    """Legend patches, in code order (``-1`` = outside, listed last), for the regime codes visible on the map
    (:func:`visible_codes`: a regime on fewer than :data:`TINY` of the points gets no entry), each with its
    colour and (``hatches=True``) its hatching (:data:`REGIME_HATCHES`)."""
    out = []
    codes = visible_codes(codes)
    for c in codes[1:] + codes[:1] if codes and codes[0] < 0 else codes:
        colour = lighten(PALETTE[c + 1], lighten_by)
        label = "outside the domain" if c < 0 else regime_description(model, c)
        hatch = REGIME_HATCHES[c] if hatches and c >= 0 else None
        out.append(Patch(facecolor=colour, edgecolor="0.4", linewidth=0.4, label=label, hatch=hatch,
                         hatchcolor=hatch_color(colour)))
    return out


def image_extent(axes) -> list[float]:
    """``imshow`` extent of a grid over ``axes`` (each with ``values``): pixel edges so that pixel centres
    sit on the grid values."""
    out = []
    for a in axes:
        v = a.values
        h = (v[-1] - v[0]) / (len(v) - 1) / 2
        out += [v[0] - h, v[-1] + h]
    return out
