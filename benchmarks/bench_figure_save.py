"""Benchmark: writing the paper figures, ``plots.style.save`` against matplotlib's own ``savefig`` (issue 14).

Every paper figure of the defaults (``figure_specs`` for N = 2 and 20 and the NEG figures, 24 in all) is drawn
twice, outside the timing; one copy is written as PDF and PNG by :func:`gametheory.plots.style.save` (one layout
shared by both files, RGB PNG), the other by the baseline of the same run: ``fig.savefig`` for each format with
the same style, dpi and metadata (each file laid out and cropped on its own, RGBA PNG).  The two alternate figure by
figure, so that both see the same machine load, and take turns at writing a figure first (the first parses its
math text; the cache of parsed strings is shared by the process).  Printed: CPU seconds of each (``time.process_time``), their ratio,
the total size of the files, and whether the PDFs are byte for byte the same and the PNGs have the same pixels
where their sizes agree.

Run: ``python benchmarks/bench_figure_save.py [--figures K]`` (about a minute on 2 cores; ``K`` limits the
number of figures).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--figures", type=int, default=0, help="only the first K figures (default: all)")
    args = parser.parse_args(argv)

    import matplotlib.pyplot as plt
    import numpy as np
    from PIL import Image

    from gametheory.game import AgglomerationGame
    from gametheory.plots import style
    from gametheory.plots.paper import figure_specs

    specs = figure_specs(AgglomerationGame(2), (2, 20), neg=True)
    if args.figures > 0:
        specs = specs[:args.figures]
    ours_s = base_s = 0.0
    same_pdf = same_pixels = compared = 0
    with tempfile.TemporaryDirectory() as tmp:
        ours_dir, base_dir = Path(tmp, "save"), Path(tmp, "savefig")
        base_dir.mkdir()

        def ours(fig, stem):
            style.save(fig, ours_dir, stem)

        def baseline(fig, stem):
            with plt.rc_context(style.RC), style.lean_font_subsets():
                for fmt in ("pdf", "png"):
                    fig.savefig(base_dir / f"{stem}.{fmt}", dpi=style.DPI, metadata=style._metadata(fmt))
            plt.close(fig)

        for i, spec in enumerate(specs):
            # the first writer of a figure parses its math text (a cache shared by the process): alternate
            for writer in ((ours, baseline) if i % 2 == 0 else (baseline, ours)):
                fig = spec.draw()
                t0 = time.process_time()
                writer(fig, spec.stem)
                seconds = time.process_time() - t0
                if writer is ours:
                    ours_s += seconds
                else:
                    base_s += seconds
            same_pdf += (ours_dir / f"{spec.stem}.pdf").read_bytes() == (base_dir / f"{spec.stem}.pdf").read_bytes()
            mine = np.asarray(Image.open(ours_dir / f"{spec.stem}.png").convert("RGB"))
            theirs = np.asarray(Image.open(base_dir / f"{spec.stem}.png").convert("RGB"))
            if mine.shape == theirs.shape:
                compared += 1
                same_pixels += bool(np.array_equal(mine, theirs))
        size = {d.name: sum(f.stat().st_size for f in d.glob("*.png")) for d in (ours_dir, base_dir)}
        pdf_size = {d.name: sum(f.stat().st_size for f in d.glob("*.pdf")) for d in (ours_dir, base_dir)}
    n = len(specs)
    print(f"{n} figures, PDF and PNG each (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"{'writer':<34}{'CPU s':>8}{'PNG MB':>9}{'PDF MB':>9}")
    print(f"{'style.save (one layout, RGB PNG)':<34}{ours_s:>8.2f}{size['save'] / 1e6:>9.2f}{pdf_size['save'] / 1e6:>9.2f}")
    print(f"{'savefig per format (baseline)':<34}{base_s:>8.2f}{size['savefig'] / 1e6:>9.2f}"
          f"{pdf_size['savefig'] / 1e6:>9.2f}")
    print(f"ratio save / savefig: {ours_s / base_s:.2f}")
    print(f"PDFs byte for byte the same: {same_pdf} of {n}; PNGs of the same size: {compared} of {n}, "
          f"of which with the same pixels: {same_pixels}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
