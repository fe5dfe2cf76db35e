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
from dataclasses import dataclass, replace

from dashboard.atlas.data import Atlas
from dashboard.config import TILE_PROVIDERS
from dashboard.map import symbology
from dashboard.map.compose import Imported, compose_snapshot
from dashboard.map.features import basemap_features
from dashboard.map.legend import LegendEntry
from dashboard.share import png_map
from dashboard.share.caption import Caption, Words, caption_for
from dashboard.share.link import Snapshot
from dashboard.share.png_caption import CREDIT_PT, draw_footer, draw_header
from dashboard.share.png_legend import MAX_PITCH, draw_legend, legend_height, legend_width
from dashboard.share.snap_key import snapshot_key

DPI = 100
SIZES = {"wide": (1600, 1000), "social": (1200, 630), "square": (1080, 1080), "tall": (1080, 1350)}
FORMATS = ("png", "svg", "pdf")
SIDE_LEGEND_ASPECT = 1.2   # wider than this: the legend beside the map; else under it
PANEL, PANEL_MAX = 0.25, 0.5   # the side legend's share of the width, at least and at most
CARD_ASPECT = 1.7          # this wide or wider (the social card): a compact key, so the map takes 60% of the area
CARD_PANEL = 0.15
CARD_KEY_PX = (200, 260, 330)   # a card's key over the map: the narrowest of these its entries fit
CARD_KEY_MAX_H = 0.8            # ... at most this share of the map's height
KEY_INSET_PX, SCALE_BAR_ROOM_PX = 14, 48   # the key's place: from the map's left edge, and above the scale bar
KEY_PAD_PX = 6
ACROSS_CORE = 0.8          # a square or tall map shows the middle 80% of the view's width, not sea above and below
REFERENCE_VIEWPORT = png_map.REFERENCE_VIEWPORT
view_bounds_3857 = png_map.view_bounds_3857
draw_labels = png_map.draw_labels


@dataclass(frozen=True)
class Boxes:
    """Where the map and the legend go, as (left, bottom, width, height) in pixels; ``across``: legend under the map."""

    map: tuple[float, float, float, float]
    legend: tuple[float, float, float, float]
    across: bool
    over: bool = False   # the key lies over the map's lower left (the sea, in the atlas's views), on a white ground
    compact: tuple[LegendEntry, ...] | None = None   # the entries a card's compact key draws (None: all of them)


def margin_px(width: int, height: int) -> float:
    return max(14.0, 0.014 * min(width, height) * 1.4)


def body_boxes(entries: list[LegendEntry], width: int, height: int, top: float, bottom: float) -> Boxes:
    """The map and legend boxes between the header (``top``) and the footer (``bottom``), in pixels."""
    m, gap = margin_px(width, height), 14.0
    body_h = max(top - bottom, 50.0)
    if width / height >= CARD_ASPECT and (card := card_boxes(entries, width, m, top, bottom)) is not None:
        return card
    if width / height >= SIDE_LEGEND_ASPECT:
        least = CARD_PANEL if width / height >= CARD_ASPECT else PANEL   # a card's key as narrow as its entries allow
        needed = legend_width(entries, body_h, MAX_PITCH * height, PANEL_MAX * width)
        panel = min(max(least * width, needed + 10), PANEL_MAX * width)
        return Boxes((m, bottom, width - 2 * m - panel - gap, body_h), (width - m - panel, bottom, panel, body_h),
                     False)
    map_w = width - 2 * m
    legend_h = min(legend_height(entries, map_w), 0.45 * body_h)
    # The map no taller than the view's own shape: a square or tall image gives the rest to the key, not to sea.
    map_h = min(body_h - legend_h - gap, map_w / content_aspect())
    legend_h = body_h - map_h - gap
    return Boxes((m, bottom + legend_h + gap, map_w, map_h), (m, bottom, map_w, legend_h), True)


def card_boxes(entries: list[LegendEntry], width: int, m: float, top: float, bottom: float) -> Boxes | None:
    """A social card's map across the whole width, its compact key over the lower left; None when the key would
    need more than a third of the width or most of the map's height (then it goes beside the map)."""
    body_h = top - bottom
    compact = tuple(e for e in entries if e.kind != "note")   # the symbols; their explanations stay in other sizes
    for key_w in CARD_KEY_PX:
        key_h = legend_height(compact, key_w, titled=False)
        if key_h <= CARD_KEY_MAX_H * body_h and key_w <= width / 3:
            key = (m + KEY_INSET_PX, bottom + SCALE_BAR_ROOM_PX, key_w, key_h)
            return Boxes((m, bottom, width - 2 * m, body_h), key, True, over=True, compact=compact)
    return None


def overlaps(a, b) -> bool:
    """Whether two axes' boxes overlap on the figure (a key drawn over the map)."""
    return a.get_window_extent().overlaps(b.get_window_extent())


def content_aspect() -> float:
    """Width over height of what a map under its key must show: the live map's view less its east and west edges."""
    return ACROSS_CORE * REFERENCE_VIEWPORT[0] / REFERENCE_VIEWPORT[1]


def _fraction(box: tuple[float, ...], width: int, height: int) -> tuple[float, float, float, float]:
    x, y, w, h = box
    return x / width, y / height, w / width, h / height


def _draw_map(fig, ax, atlas: Atlas, composed, box: tuple[float, ...], renderer, lang: str,
              key: tuple | None = None, core: float = 1.0) -> None:
    px = png_map.points_per_leaflet_px(box[2], box[3], DPI)
    ax.set_facecolor(symbology.BASEMAP_COLOURS["sea"])
    png_map.draw_collection(ax, basemap_features(atlas, with_tiles=False), px)
    for kind, fc in composed.layers.items():   # already in draw order
        if kind == "labels":
            png_map.draw_labels(ax, fc, px)
        else:
            png_map.draw_collection(ax, fc, px)
    png_map.frame_map(ax, composed.view, box[2], box[3], core)
    clear = [png_map.scale_bar(ax, CREDIT_PT, lang).get_window_extent(renderer)]
    if key is not None:   # no map label under a key drawn over the map
        from matplotlib.transforms import Bbox

        clear.append(Bbox.from_bounds(key[0] - KEY_PAD_PX, key[1] - KEY_PAD_PX, key[2] + 2 * KEY_PAD_PX,
                                      key[3] + 2 * KEY_PAD_PX))
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
    entries = snapshot_key(atlas, snap, composed)
    cap = caption_for(atlas, snap, TILE_PROVIDERS["none"], words, dict(imported or {}))  # boundaries, never tiles
    m = margin_px(width, height)
    top = draw_header(fig, cap, width, height, m, renderer)
    sel = snap.selection
    unfiltered = not (sel.cartels or sel.types or sel.actors)   # a card leaves out "all cartels, all types"
    bottom = draw_footer(fig, cap, width, height, m, renderer, filters=width / height < CARD_ASPECT or not unfiltered)
    boxes = body_boxes(entries, width, height, top, bottom)
    ax = fig.add_axes(_fraction(boxes.map, width, height), label="map")
    if boxes.over:
        boxes = _key_in_emptiest_corner(ax, composed, boxes)
    _draw_map(fig, ax, atlas, composed, boxes.map, renderer, snap.lang, boxes.legend if boxes.over else None,
              ACROSS_CORE if boxes.across and not boxes.over else 1.0)
    key_ax = fig.add_axes(_fraction(boxes.legend, width, height), label="legend")
    draw_legend(key_ax, entries if boxes.compact is None else boxes.compact, snap.lang, across=boxes.across,
                titled=not boxes.over)
    if boxes.over:
        _key_ground(key_ax)
    return fig, cap


def _key_in_emptiest_corner(ax, composed, boxes: Boxes) -> Boxes:
    """The card's key moved to the corner of the map where it covers least of what the view draws."""
    from dashboard.share import key_place

    png_map.frame_map(ax, composed.view, boxes.map[2], boxes.map[3])
    key_w, key_h = boxes.legend[2], boxes.legend[3]
    options = key_place.corners(boxes.map, key_w, key_h, KEY_INSET_PX, SCALE_BAR_ROOM_PX)
    if composed.view.zoom > png_map.INSET_ABOVE_ZOOM:
        options = options[:3]   # the upper right holds the locator map
    x, y = key_place.emptiest_corner(ax, composed.layers, options, key_w, key_h)
    return replace(boxes, legend=(x, y, key_w, key_h))


def _key_ground(ax) -> None:
    """A white ground under a key drawn over the map (the legend axes are a pixel canvas, y downwards)."""
    from matplotlib.patches import Rectangle

    w, h = ax.bbox.width, ax.bbox.height
    ax.set_zorder(6)
    pad = KEY_PAD_PX
    ax.add_patch(Rectangle((-pad, -pad), w + 2 * pad, h + 2 * pad, facecolor=(1, 1, 1, 0.92), edgecolor="#8a8a8a",
                           linewidth=0.6, zorder=-1, clip_on=False))


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
