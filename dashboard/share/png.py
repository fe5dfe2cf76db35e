"""The image of a view (PNG, SVG, PDF), drawn on the server with matplotlib.

It draws the *same* GeoJSON features the live map draws (:mod:`dashboard.map.compose`, drawn
by :mod:`dashboard.share.png_map`), the legend entries of :mod:`dashboard.map.legend` (drawn by
:mod:`dashboard.share.png_legend`) and the words of :mod:`dashboard.share.caption` (laid out by
:mod:`dashboard.share.png_caption`). The layout is made for each size: the header and the
credits take the room their text needs, the legend sits beside a wide map and under a square or
tall one, and the map gets the rest; nothing overlaps, nothing is cut. The figure is laid out
at 100 dpi; ``scale`` multiplies the pixels (print, high-density screens), never the layout.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from dashboard.atlas.data import Atlas
from dashboard.config import TILE_PROVIDERS
from dashboard.map import symbology
from dashboard.map.compose import Imported, compose_snapshot
from dashboard.map.features import basemap_features
from dashboard.map.legend import LegendEntry, legend_entries
from dashboard.share import png_map
from dashboard.share.caption import Caption, Words, caption_for
from dashboard.share.link import Snapshot
from dashboard.share.png_caption import CREDIT_PT, draw_footer, draw_header
from dashboard.share.png_legend import MAX_PITCH, draw_legend, legend_height, legend_width

DPI = 100
SIZES = {"wide": (1600, 1000), "social": (1200, 630), "square": (1080, 1080), "tall": (1080, 1350)}
FORMATS = ("png", "svg", "pdf")
SIDE_LEGEND_ASPECT = 1.2   # wider than this: the legend beside the map; else under it
PANEL, PANEL_MAX = 0.25, 0.5   # the side legend's share of the width, at least and at most
REFERENCE_VIEWPORT = png_map.REFERENCE_VIEWPORT
view_bounds_3857 = png_map.view_bounds_3857
draw_labels = png_map.draw_labels


@dataclass(frozen=True)
class Boxes:
    """Where the map and the legend go, as (left, bottom, width, height) in pixels; ``across``: legend under the map."""

    map: tuple[float, float, float, float]
    legend: tuple[float, float, float, float]
    across: bool


def margin_px(width: int, height: int) -> float:
    return max(14.0, 0.014 * min(width, height) * 1.4)


def body_boxes(entries: list[LegendEntry], width: int, height: int, top: float, bottom: float) -> Boxes:
    """The map and legend boxes between the header (``top``) and the footer (``bottom``), in pixels."""
    m, gap = margin_px(width, height), 14.0
    body_h = max(top - bottom, 50.0)
    if width / height >= SIDE_LEGEND_ASPECT:
        needed = legend_width(entries, body_h, MAX_PITCH * height, PANEL_MAX * width)
        panel = min(max(PANEL * width, needed + 10), PANEL_MAX * width)
        return Boxes((m, bottom, width - 2 * m - panel - gap, body_h), (width - m - panel, bottom, panel, body_h),
                     False)
    legend_h = min(legend_height(entries, width - 2 * m), 0.45 * body_h)
    return Boxes((m, bottom + legend_h + gap, width - 2 * m, body_h - legend_h - gap),
                 (m, bottom, width - 2 * m, legend_h), True)


def _fraction(box: tuple[float, ...], width: int, height: int) -> tuple[float, float, float, float]:
    x, y, w, h = box
    return x / width, y / height, w / width, h / height


def _draw_map(fig, ax, atlas: Atlas, composed, box: tuple[float, ...], renderer) -> None:
    px = png_map.points_per_leaflet_px(box[2], box[3], DPI)
    ax.set_facecolor(symbology.BASEMAP_COLOURS["sea"])
    png_map.draw_collection(ax, basemap_features(atlas, with_tiles=False), px)
    for kind, fc in composed.layers.items():   # already in draw order
        if kind == "labels":
            png_map.draw_labels(ax, fc, px)
        else:
            png_map.draw_collection(ax, fc, px)
    png_map.frame_map(ax, composed.view, box[2], box[3])
    clear = [png_map.scale_bar(ax, CREDIT_PT).get_window_extent(renderer)]
    if composed.view.zoom > png_map.INSET_ABOVE_ZOOM:
        w = min(0.24 * box[2], 0.3 * box[3] * 1.55)
        h = w / 1.55
        inset_box = (box[0] + box[2] - w - 8, box[1] + box[3] - h - 8, w, h)
        fig_w, fig_h = fig.bbox.width, fig.bbox.height
        inset = png_map.locator_inset(fig, ax, atlas, _fraction(inset_box, fig_w, fig_h))
        clear.append(inset.get_window_extent(renderer).expanded(1.04, 1.06))
    png_map.tidy_labels(ax, renderer, clear)


def snapshot_figure(atlas: Atlas, snap: Snapshot, width: int = 1600, height: int = 1000,
                    imported: Imported | None = None, words: Words | None = None):  # -> matplotlib Figure
    """The snapshot as a matplotlib figure (the caller closes it): header, map, legend and credits."""
    return _figure(atlas, snap, width, height, imported, words)[0]


def _figure(atlas: Atlas, snap: Snapshot, width: int, height: int, imported: Imported | None,
            words: Words | None) -> tuple[object, Caption]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    fig.patch.set_facecolor("white")
    renderer = fig.canvas.get_renderer()
    composed = compose_snapshot(atlas, snap, imported)
    entries = [*composed.counts_key, *legend_entries(atlas, snap.selection, snap.lang, composed.binned,
                                                     composed.chapter, composed.imported)]
    cap = caption_for(atlas, snap, TILE_PROVIDERS["none"], words, dict(imported or {}))  # boundaries, never tiles
    m = margin_px(width, height)
    top = draw_header(fig, cap, width, height, m, renderer)
    bottom = draw_footer(fig, cap, width, height, m, renderer)
    boxes = body_boxes(entries, width, height, top, bottom)
    ax = fig.add_axes(_fraction(boxes.map, width, height), label="map")
    _draw_map(fig, ax, atlas, composed, boxes.map, renderer)
    draw_legend(fig.add_axes(_fraction(boxes.legend, width, height), label="legend"), entries, snap.lang,
                across=boxes.across)
    return fig, cap


# Text a graphics desk can edit: SVG words as <text> elements (not outlined paths), PDF fonts embedded as
# TrueType (Type 42, not Type 3, which print workflows handle badly).
EDITABLE_TEXT = {"svg.fonttype": "none", "pdf.fonttype": 42}


def _svg_in_pixels(data: bytes, width: int, height: int) -> bytes:
    """Matplotlib sizes an SVG in points; a web page reads the asked pixels (the view box keeps the drawing)."""
    head, rest = data.split(b"<svg", 1)[0], data.split(b"<svg", 1)[1]
    rest = re.sub(rb'width="[\d.]+pt" height="[\d.]+pt"', f'width="{width}px" height="{height}px"'.encode(), rest,
                  count=1)
    return head + b"<svg" + rest


def render(atlas: Atlas, snap: Snapshot, fmt: str = "png", width: int = 1600, height: int = 1000, scale: float = 1,
           imported: Imported | None = None, words: Words | None = None) -> bytes:
    """The snapshot as PNG (``width*scale`` x ``height*scale`` px), SVG, or PDF (``width/100`` x ``height/100`` in)."""
    import matplotlib.pyplot as plt

    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}")
    fig, cap = _figure(atlas, snap, width, height, imported, words)
    meta = {"png": {"Title": cap.title, "Software": "Frontera Atlas", "Source": cap.version},
            "svg": {"Title": cap.title, "Date": None}, "pdf": {"Title": cap.title, "Creator": "Frontera Atlas"}}[fmt]
    buf = io.BytesIO()
    try:
        with plt.rc_context(EDITABLE_TEXT):
            fig.savefig(buf, format=fmt, dpi=DPI * (scale if fmt == "png" else 1), metadata=meta)
    finally:
        plt.close(fig)
    data = buf.getvalue()
    return _svg_in_pixels(data, width, height) if fmt == "svg" else data


def render_png(atlas: Atlas, snap: Snapshot, width: int = 1600, height: int = 1000,
               imported: Imported | None = None, words: Words | None = None, scale: float = 1) -> bytes:
    """A PNG of the view with title, legend, filters, period, chapter, data version, sources, attribution."""
    return render(atlas, snap, "png", width, height, scale, imported, words)
