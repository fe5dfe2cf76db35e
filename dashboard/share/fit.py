"""Text measured as matplotlib draws it: widths in points, and wrapping to a width that never overflows.

The snapshot lays its words out before drawing them, so the header, the credits and the legend
get exactly the room their text needs at the image's size, and nothing is cut or overlaps.
"""

from __future__ import annotations

import functools

PT_PER_PX = 0.72      # a snapshot is laid out at 100 dpi: 1 px = 0.72 pt
LINE_SPACING = 1.25   # between lines of one text, in font sizes
MIN_PT = 9.0          # no text smaller than this at the image's size (printed at 100 dpi x scale)


@functools.lru_cache(maxsize=4096)
def width_pt(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """The width ``text`` takes in points at ``size`` pt (DejaVu Sans, matplotlib's default), as Agg draws it.

    Measured by the raster renderer at the snapshot's 100 dpi: its hinted glyphs run about 4% wider than
    the outlines' widths, and a line measured on the outlines overflowed the image's edge.
    """
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=size, weight="bold" if bold else "normal", style="italic" if italic else "normal")
    return _renderer().get_text_width_height_descent(text, prop, ismath=False)[0] * PT_PER_PX


@functools.lru_cache(maxsize=1)
def _renderer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(10, 10, 100)


def wrap(text: str, width_px: float, size: float, bold: bool = False, italic: bool = False) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width_px`` (a word wider than that stands alone)."""
    limit = width_px * PT_PER_PX * 0.98
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if line and width_pt(trial, size, bold, italic) > limit:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def lines_px(n: int, size: float) -> float:
    """The height of ``n`` lines of ``size`` pt text, in pixels at 100 dpi."""
    return n * LINE_SPACING * size / PT_PER_PX if n else 0.0


def plain(text: str) -> str:
    """User or data text made safe for matplotlib: a ``$`` is a dollar sign, never mathtext."""
    return text.replace("$", r"\$")
