"""Paper figures: files and names, image data = regime codes, drawn curves = boundary curves,
bifurcation branches through the checked equilibria of docs/model.md, and the ``figures`` command."""

import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.analysis.branches import branches
from gametheory.analysis.sweeps import Axis, bifurcation, regime_map, sweep
from gametheory.cli import main
from gametheory.errors import UserInputError
from gametheory.game import AgglomerationGame
from gametheory.models.agglomeration import RESOURCE
from gametheory.plots import write_figures
from gametheory.plots.bifurcation import plot_bifurcation
from gametheory.plots.paper import axis_range, figure_specs
from gametheory.plots.regime_map import plot_regime_map, regime_index, regime_rgb
from gametheory.plots.style import BASE_SUBSET_BLOCKS, PALETTE, REGIME_COLORS, regime_patches

P = RESOURCE.defaults()
SPACE = RESOURCE.space


def G(N, params=P):
    return AgglomerationGame(N, params)


def _stems(Ns):
    out = []
    for N in Ns:
        out += [f"regime_map_tau_p_Delta_gamma_N{N}", f"regime_map_tau_r_e_N{N}", f"selection_map_tau_p_Delta_gamma_N{N}",
                f"bifurcation_tau_p_N{N}"]
        out += [f"wiggle_tau_p_N{N}"] if N >= 3 else []
        out += [f"thresholds_a_B_N{N}"]
        out += [f"hysteresis_e_N{N}", f"depletion_N{N}"]
    for N in Ns:   # the welfare and policy figures (environment extension at its defaults)
        out += [f"welfare_map_tau_p_delta_A_N{N}", f"policy_map_t_A_t_B_N{N}", f"welfare_delta_A_N{N}"]
    return out


def test_write_figures_small_grid(tmp_path):
    paths = write_figures(tmp_path, G(3), formats=("pdf", "png"), progress=False, Ns=(3,), grid=12, points=40)
    expected = {f"{s}.{f}" for s in _stems((3,)) for f in ("pdf", "png")}
    assert {p.name for p in paths} == expected
    assert {p.name for p in tmp_path.iterdir()} == expected
    from PIL import Image

    for p in paths:
        head = p.read_bytes()[:8]
        assert p.stat().st_size > 1000
        assert head.startswith(b"%PDF") if p.suffix == ".pdf" else head == b"\x89PNG\r\n\x1a\n"
        if p.suffix == ".png":                   # paper-ready: 300 dpi
            assert Image.open(p).info["dpi"] == pytest.approx((300, 300), abs=0.01), p.name


def test_default_figure_names():
    assert [s.stem for s in figure_specs(G(2))] == _stems((2, 20))


def test_bad_input_is_user_error(tmp_path):
    with pytest.raises(UserInputError):
        write_figures(tmp_path, formats=("jpg",), progress=False)
    with pytest.raises(UserInputError):
        write_figures(tmp_path, G(2, P.replace(e=3)), progress=False)
    with pytest.raises(UserInputError):
        write_figures(tmp_path, progress=False, Ns=(1,))
    assert not any(tmp_path.iterdir())


def test_palette_is_fixed_and_distinct():
    assert len(PALETTE) == len(RESOURCE.regime_names) + 1 == len(REGIME_COLORS) + 1
    assert len({tuple(c) for c in PALETTE}) == len(PALETTE)
    labels = [p.get_label() for p in regime_patches(np.array([[3, -1], [0, 0]]), RESOURCE)]
    assert labels[-1].startswith("outside") and len(labels) == 3


def test_axis_ranges_inside_domain():
    for name in ("tau_p", "Delta_gamma", "tau_r", "e", "a_B"):
        lo, hi = axis_range(RESOURCE, name, P)
        assert lo < hi
        sw = sweep(G(2), [Axis.linspace(SPACE, name, Fraction(lo), Fraction(hi), 50)], mixed=False)
        assert sw.valid.all(), name


@pytest.fixture(scope="module")
def small_map():
    axes = [Axis.linspace(SPACE, "tau_p", 0, 4, 40), Axis.linspace(SPACE, "Delta_gamma", "-0.4", 2, 30)]
    rm = regime_map(G(6), *axes)
    fig = plot_regime_map(rm).figure
    yield fig, rm.sweep, rm.curves
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_regime_image_under_the_fills_is_embedded_unsampled_in_pdf_and_drawn_nearest_in_png(small_map):
    """Under the smooth fills the regime image only shows in their seams (``SeamImage``): the PDF embeds its 40 x 30
    pixels as they are, and raster output has exactly the pixels of a plain "nearest" image, at every dpi."""
    import io
    import re

    import matplotlib.pyplot as plt
    from matplotlib.image import AxesImage

    from gametheory.plots.regime_map import SeamImage, draw_regimes

    (im,) = small_map[0].axes[0].get_images()
    assert isinstance(im, SeamImage) and im.get_interpolation() == "nearest"
    fig, ax = plt.subplots(figsize=(4, 3), layout="none")      # a fixed layout: only the image class changes
    im = draw_regimes(ax, small_map[1])
    assert isinstance(im, SeamImage)

    def files():
        pdf, rgba = io.BytesIO(), {}
        fig.savefig(pdf, format="pdf", dpi=300)
        for dpi in (72, 100, 300):
            buf = io.BytesIO()
            fig.savefig(buf, format="rgba", dpi=dpi)
            rgba[dpi] = buf.getvalue()
        return re.findall(rb"/Subtype /Image /Width (\d+) /Height (\d+)", pdf.getvalue()), rgba

    ours, our_pixels = files()
    im.__class__ = AxesImage
    try:
        plain, plain_pixels = files()
    finally:
        plt.close(fig)
    assert ours == [(b"40", b"30")] and plain and plain != ours         # resampled to the 300 dpi before
    assert our_pixels == plain_pixels


def test_regime_image_is_the_sweep(small_map):
    fig, sw, _ = small_map
    idx = regime_index(sw)
    assert idx.shape == (30, 40)
    assert np.array_equal(idx - 1, sw.regime.T)
    assert len(np.unique(sw.regime)) >= 4          # the map shows several regimes
    (im,) = fig.axes[0].get_images()
    assert np.array_equal(np.asarray(im.get_array()), regime_rgb(sw))
    assert np.array_equal(regime_rgb(sw), PALETTE[sw.regime.T + 1])


def test_drawn_curves_are_boundary_curves(small_map):
    fig, sw, curves = small_map
    lines = {ln.get_gid(): ln for ln in fig.axes[0].get_lines() if (ln.get_gid() or "").startswith("D_")}
    assert {f"D_{c.k}" for c in curves} == set(lines)
    assert {"D_1", "D_6"} <= set(lines)
    for c in curves:
        ln = lines[f"D_{c.k}"]
        np.testing.assert_array_equal(ln.get_xdata(), c.x)
        np.testing.assert_array_equal(ln.get_ydata(), c.y)
    assert lines["D_1"].get_linewidth() > lines["D_3"].get_linewidth()   # split boundaries thinner


def _at(brs, x0, kind):
    """(y, stable) of branches of ``kind`` passing through x0."""
    out = []
    for b in brs:
        if b.kind == kind:
            hit = np.flatnonzero(np.isclose(b.x, x0, atol=1e-12))
            out += [(float(b.y[i]), b.stable) for i in hit]
    return sorted(set(out))


def test_bifurcation_N2_default_equilibria():
    bif = bifurcation(G(2), Axis.linspace(SPACE, "tau_p", 0, 4, 401))
    brs = bif.branches
    fig = plot_bifurcation(bif).figure
    assert _at(brs, 1.0, "pure") == [(0.0, True), (1.0, True)]
    (mixed,) = _at(brs, 1.0, "mixed")
    assert mixed[0] == pytest.approx(float(Fraction(37, 245)), abs=1e-9) and mixed[1] is False
    gids = {ln.get_gid() for ln in fig.axes[0].get_lines()}
    assert {"pure-stable", "mixed-unstable"} <= gids


def test_bifurcation_N20_default_equilibria():
    brs = bifurcation(G(20), ("tau_p", 0, 4, 401)).branches
    assert _at(brs, 1.0, "pure") == [(0.25, True), (1.0, True)]
    mixed = _at(brs, 1.0, "mixed")
    assert [m[0] for m in mixed] == pytest.approx([0.288956, 0.875354], abs=1e-6)
    assert [m[1] for m in mixed] == [True, False]


def test_branches_are_continuous():
    sw = sweep(G(20), [("tau_p", 0, 4, 401)])
    for b in branches(sw):
        if len(b.x) > 1:
            assert np.all(np.diff(b.x) > 0)
            assert np.max(np.abs(np.diff(b.y))) < 0.1


def test_cli_figures(tmp_path):
    out = tmp_path / "figs"
    assert main(["figures", "--out", str(out), "-N", "2", "--grid", "16", "--points", "30", "--format", "png"]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{s}.png" for s in _stems((2,)))


@pytest.mark.parametrize("args", [["-p", "nope=1"], ["-p", "e=3"], ["--format", "gif"]])
def test_cli_figures_bad_input(tmp_path, args):
    r = subprocess.run([sys.executable, "-m", "gametheory", "figures", "--out", str(tmp_path / "x"), *args],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("gametheory figures: error:"), r.stderr
    assert not (tmp_path / "x").exists()


def test_axis_range_includes_the_parameter_point():
    for name, value in (("tau_p", 5), ("e", -5), ("a_B", 30)):
        lo, hi = axis_range(RESOURCE, name, P.replace(**{name: value}))
        assert lo < value < hi, name


def test_plots_draw_into_given_axes():
    """A plot function takes a computed result and an optional ax, and only draws there."""
    import matplotlib.pyplot as plt

    rm = G(2).regime_map(("tau_p", 0, 3, 20), ("Delta_gamma", "-0.4", "1.5", 20))
    fig, axes = plt.subplots(1, 2)
    assert rm.plot(ax=axes[1]) is axes[1]
    assert axes[1].get_images() and not axes[0].get_images()
    bif = G(2).bifurcation(("tau_p", 0, 3, 50))
    assert bif.plot(ax=axes[0]) is axes[0] and axes[0].get_lines()
    plt.close(fig)


def test_mathtext_layouts_are_shared_and_exact():
    """One cache of parsed math strings per process: a second renderer's parser hits it, the layout is the one
    matplotlib computes itself, and a changed mathtext setting is a new key (never a stale layout)."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties
    from matplotlib.mathtext import MathTextParser

    from gametheory.plots import style

    assert style.share_mathtext_layouts()          # applied on import; a second call keeps it
    cached = MathTextParser._parse_cached
    assert cached._gametheory_shared
    s, prop = r"$\tau_p = \frac{1}{19}$ shared-cache test", FontProperties(size=9)
    before = cached.cache_info()
    a = MathTextParser("path").parse(s, 72, prop)
    b = MathTextParser("path").parse(s, 72, prop)    # a new parser, as a new renderer has
    after = cached.cache_info()
    assert after.misses == before.misses + 1 and after.hits == before.hits + 1
    assert a is b
    direct = cached.__wrapped__ if hasattr(cached, "__wrapped__") else None
    assert direct is None                            # the shared cache replaced matplotlib's
    from matplotlib import _mathtext
    fontset = _mathtext.DejaVuSansFonts(prop.copy(), mpl.ft2font.LoadFlags.NO_HINTING)
    own = _mathtext.ship(MathTextParser._parser.parse(s, fontset, prop.get_size_in_points(), 72)).to_vector()
    assert (a.width, a.height, a.depth) == (own.width, own.height, own.depth)
    def layout(v):   # every glyph: its font file, size, code, index and place
        return [(g[0].fname,) + tuple(g[1:]) for g in v.glyphs], v.rects

    assert layout(a) == layout(own)
    with mpl.rc_context({"mathtext.default": "regular"}):
        c = MathTextParser("path").parse(s, 72, prop)
    assert cached.cache_info().misses == after.misses + 1
    assert layout(c) != layout(a)                    # upright letters: another font and other places
    raster = MathTextParser("agg").parse(s, 72, prop)   # the raster layout has its own key
    assert type(raster).__name__ == "RasterParse" and type(a).__name__ == "VectorParse"


def _embedded_fonts(pdf: bytes) -> dict:
    """``{font name: TTFont}`` of the TrueType fonts embedded in a PDF written by matplotlib."""
    import io
    import re
    import zlib

    from fontTools.ttLib import TTFont

    fonts = {}
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(raw)
        except zlib.error:
            continue
        if data[:4] in (b"\x00\x01\x00\x00", b"true"):
            font = TTFont(io.BytesIO(data))
            fonts[font["name"].getDebugName(6)] = font
    return fonts


def test_pdf_fonts_are_subset_without_layout_tables(tmp_path):
    """``save`` embeds the fonts without GSUB/GPOS/GDEF, and every glyph it embeds has the outline, advance and name
    of the glyph matplotlib embeds by itself (the pages render the same: poppler gave identical pixels for every
    paper figure at 200 dpi when this was introduced)."""
    import matplotlib.pyplot as plt

    from gametheory.plots import style

    def draw():
        fig, ax = style.figure(3, 2)
        ax.set_title(r"office fluffy $\tau_p \cdot \Delta\gamma = \frac{1}{19}$")
        ax.set_xlabel("Ligatures: fi ffl")
        return fig

    with plt.rc_context(style.RC):
        fig = draw()
        fig.savefig(tmp_path / "full.pdf")                  # matplotlib's own subsetting
        plt.close(fig)
    style.save(draw(), tmp_path, "lean", ("pdf",))
    assert style._layout_free_subset() is not None            # the installed matplotlib has the expected form
    full = _embedded_fonts((tmp_path / "full.pdf").read_bytes())
    lean = _embedded_fonts((tmp_path / "lean.pdf").read_bytes())
    assert set(full) == set(lean) and len(full) >= 2          # DejaVu Sans and its oblique (math italics)
    assert any("GSUB" in f for f in full.values())           # what the lean fonts leave out
    for name, font in lean.items():
        assert not any(tag in font for tag in style.LAYOUT_TABLES), name
        ref = full[name]
        glyphs, ref_glyphs = font.getGlyphSet(), ref.getGlyphSet()
        assert set(font.getGlyphOrder()) <= set(ref.getGlyphOrder())
        for g in font.getGlyphOrder():
            assert font["hmtx"][g] == ref["hmtx"][g]
            a, b = font["glyf"][g], ref["glyf"][g]
            assert a.getCoordinates(font["glyf"])[0] == b.getCoordinates(ref["glyf"])[0], (name, g)
        assert dict(font.getBestCmap()).items() <= dict(ref.getBestCmap()).items()
        assert len(glyphs) <= len(ref_glyphs)
    assert (tmp_path / "lean.pdf").stat().st_size < (tmp_path / "full.pdf").stat().st_size
    # outside save nothing changes: matplotlib's module is restored
    import matplotlib.backends._backend_pdf_ps as pdf_ps
    from fontTools import subset

    assert pdf_ps.subset is subset


def test_save_lays_out_once_and_png_has_the_pdf_crop(tmp_path):
    """``save`` lays the figure out once (``_lay_out``: no ``savefig`` layout pass) and writes the PDF and the PNG
    exactly as ``savefig`` does with that frozen layout and box; the box, less its extra margin, is matplotlib's
    own tight box to within a point, and the PNG's size in pixels is the PDF page's at 300 dpi."""
    import re

    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from PIL import Image

    from gametheory.plots import style

    def draw():
        fig, ax = style.figure(4, 2.5)
        ax.plot([0, 1], [0, 1], label=r"$D_{k} = 0$, a long legend entry")   # outside the axes
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
        ax.set_title(r"$\tau_p$ and $\Delta\gamma$")
        return fig

    # matplotlib's own layout and tight box (its layout pass with the PDF renderer)
    fig = draw()
    with plt.rc_context(style.RC), style.lean_font_subsets():
        theirs = style._tight_box(fig, lambda b: fig.savefig(tmp_path / "theirs.pdf", dpi=style.DPI, bbox_inches=b))
    plt.close(fig)
    calls = []
    fig = draw()
    real = type(fig.canvas).print_figure

    def spy(canvas, *args, **kwargs):       # every file written with a fixed box and no layout engine
        calls.append((kwargs.get("bbox_inches"), canvas.figure.get_layout_engine()))
        return real(canvas, *args, **kwargs)

    mpl.backend_bases.FigureCanvasBase.print_figure = spy
    try:
        pdf, png = style.save(fig, tmp_path, "shared")
    finally:
        mpl.backend_bases.FigureCanvasBase.print_figure = real
    assert len(calls) == 2 and all(isinstance(b, mpl.transforms.Bbox) and e is None for b, e in calls)
    box = calls[0][0]
    assert calls[1][0] is box
    inner = box.padded(-style.MEASURE_MARGIN)
    assert np.allclose(inner.bounds, theirs.bounds, atol=1 / 72)
    assert inner.width < 4 - 1 / 72 and inner.height < 2.5 - 1 / 72  # cropped: not the whole figure
    # the same files as savefig writes with that layout and box
    fig = draw()
    with plt.rc_context(style.RC), style.lean_font_subsets():
        assert style._lay_out(fig).bounds == box.bounds and fig.get_layout_engine() is None
        with mpl.rc_context(style.NO_AUTOMATIC_LAYOUT):
            fig.savefig(tmp_path / "own.pdf", dpi=style.DPI, metadata=style._metadata("pdf"), bbox_inches=box)
            fig.savefig(tmp_path / "own.png", dpi=style.DPI, bbox_inches=box)
    plt.close(fig)
    assert pdf.read_bytes() == (tmp_path / "own.pdf").read_bytes()
    width, height = map(float, re.search(rb"/MediaBox \[ *0 0 ([0-9.]+) ([0-9.]+) *\]", pdf.read_bytes()).groups())
    assert abs(width - box.width * 72) < 1e-6 and abs(height - box.height * 72) < 1e-6
    size = Image.open(png).size
    assert abs(size[0] - width * style.DPI / 72) <= 1 and abs(size[1] - height * style.DPI / 72) <= 1
    # the PNG is RGB, with the pixels matplotlib writes (RGBA, opaque) for the same layout and box
    ours, own = Image.open(png), Image.open(tmp_path / "own.png")
    assert ours.mode == "RGB" and own.mode == "RGBA" and ours.info["dpi"] == own.info["dpi"]
    rgba = np.asarray(own)
    assert (rgba[..., 3] == 255).all() and np.array_equal(np.asarray(ours), rgba[..., :3])
    # nothing is cut off: ink stays clear of every edge of the PNG
    grey = np.asarray(ours.convert("L"))
    rows, cols = np.flatnonzero((grey < 250).any(1)), np.flatnonzero((grey < 250).any(0))
    assert rows[0] > 0 and cols[0] > 0 and rows[-1] < grey.shape[0] - 1 and cols[-1] < grey.shape[1] - 1


def test_save_keeps_the_alpha_channel_of_a_transparent_png(tmp_path):
    """A PNG written first (its own layout and tight box) of a figure with a transparent background stays RGBA."""
    from PIL import Image

    from gametheory.plots import style

    fig, ax = style.figure(3, 2)
    fig.patch.set_alpha(0.0)
    ax.patch.set_alpha(0.0)
    ax.plot([0, 1], [1, 0])
    (png,) = style.save(fig, tmp_path, "clear", ("png",))
    image = Image.open(png)
    assert image.mode == "RGBA" and image.getextrema()[3][0] == 0 and image.info["dpi"][0] == pytest.approx(300, abs=0.01)


def test_layout_tables_deleted_before_subsetting_give_the_same_font_bytes():
    """The lean subsetter deletes the layout tables (and ``kern``, as fontTools would with GPOS present) before
    fontTools reads them: the subset font is byte for byte the one fontTools' own dropping gives."""
    import io

    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from gametheory.plots import style

    _, subset, lean = style._layout_free_subset()
    path = font_manager.findfont("DejaVu Sans")
    font = FT2Font(path)
    gids = {font.get_char_index(ord(c)) for c in "Regime map: traditional + split, 0.25 fi ffl AV To"}

    def subset_bytes(load):
        options = lean.Options(glyph_names=True, recommended_glyphs=True)
        f = load(path, options)
        s = subset.Subsetter(options=options)
        s.populate(gids=gids)
        s.subset(f)
        out = io.BytesIO()
        f.save(out)
        return out.getvalue(), sorted(f.keys())

    ours, tags = subset_bytes(lean.load_font)
    theirs, their_tags = subset_bytes(subset.load_font)
    assert ours == theirs and tags == their_tags
    assert not set(style.LAYOUT_TABLES) & set(tags) and "kern" not in tags
    with subset.load_font(path, lean.Options()) as full:        # the font has what was deleted
        assert {"GSUB", "GPOS", "GDEF", "kern"} <= set(full.keys())



@settings(max_examples=25, deadline=None)
@given(st.sampled_from([("DejaVu Sans", "normal"), ("DejaVu Sans", "oblique"), ("DejaVu Serif", "normal")]),
       st.lists(st.sampled_from(BASE_SUBSET_BLOCKS).flatmap(lambda block: st.integers(*block)), min_size=1,
                max_size=60), st.booleans())
def test_fonts_subset_from_their_base_are_byte_for_byte_the_direct_subsets(face, codes, outside):
    """A subset taken from the font's base subset (``save`` subsets through ``_subset_via_base``) is the same font,
    byte for byte, as the subset taken from the font file, with the same glyph index map for the glyphs asked for;
    a glyph outside the base (``outside``: the font's last glyph, in no base block) sends it to the font file."""
    import matplotlib.backends._backend_pdf_ps as pdf_ps
    from matplotlib import font_manager

    from gametheory.plots import style

    path = font_manager.findfont(font_manager.FontProperties(family=face[0], style=face[1]))
    font = font_manager.get_font(path)
    glyphs = {font.get_char_index(c) for c in codes} - {0} or {font.get_char_index(ord("x"))}
    if outside:
        glyphs.add(font.num_glyphs - 1)

    def take(get_glyphs_subset):
        with get_glyphs_subset(path, glyphs) as result:
            return pdf_ps.font_as_file(result.font).getvalue(), {g: result.glyph_index_map[g] for g in glyphs}

    own = pdf_ps.get_glyphs_subset
    with style.lean_font_subsets():
        via_base = pdf_ps.get_glyphs_subset
        assert via_base is not own
        direct, via = take(own), take(via_base)
    assert pdf_ps.get_glyphs_subset is own                      # restored after the context
    assert via == direct
    _, to_base = style._base_subset(own, str(path), 0)
    assert (glyphs <= to_base.keys()) == (not outside)
    assert len(to_base) < font.num_glyphs / 4


@settings(max_examples=40, deadline=None)
@given(height=st.integers(1, 40), width=st.integers(1, 40), channels=st.sampled_from([3, 4]), flat=st.booleans(),
       seed=st.integers(0, 2**32 - 1), dpi=st.sampled_from([72, 100, 300, 600]))
def test_png_bytes_decode_to_the_same_pixels_and_resolution(height, width, channels, flat, seed, dpi):
    """``png_bytes`` (filter None, zlib) writes a file PIL decodes (checking every chunk's CRC) into the very
    pixels, RGB or RGBA, at the resolution PIL itself writes."""
    import io

    from PIL import Image

    from gametheory.plots.style import png_bytes

    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (height, width, channels), dtype=np.uint8)
    if flat:
        pixels[:] = pixels[0, 0]
    image = Image.open(io.BytesIO(png_bytes(pixels, dpi)))
    image.load()
    assert image.mode == ("RGB" if channels == 3 else "RGBA") and image.size == (width, height)
    assert np.array_equal(np.asarray(image), pixels)
    theirs = io.BytesIO()
    Image.fromarray(pixels).save(theirs, format="png", dpi=(dpi, dpi))
    assert image.info["dpi"] == Image.open(theirs).info["dpi"]
