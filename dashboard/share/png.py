"""The PNG of a view, drawn on the server with matplotlib.

It draws the *same* GeoJSON features the live map draws (:mod:`dashboard.map.compose`:
colours, circle sizes, stripes, arrowheads), so it looks like the map, offline and in well
under a second, with the caption of :mod:`dashboard.share.caption` and the legend entries of
:mod:`dashboard.map.legend` (drawn by :mod:`dashboard.share.png_legend`).
"""

from __future__ import annotations

import html
import io
import json
import textwrap

import geopandas as gpd
import numpy as np
from shapely.geometry import shape

from dashboard.config import TILE_PROVIDERS
from dashboard.data import Atlas
from dashboard.map.compose import Imported, compose_snapshot
from dashboard.map.features import basemap_features
from dashboard.map.hexbins import metres_per_pixel, to_mercator
from dashboard.map.legend import LegendEntry, legend_entries
from dashboard.model import MapView
from dashboard.share.caption import caption_for
from dashboard.share.png_legend import MAX_PITCH, dashes, draw_legend, legend_width
from dashboard.sharing import Snapshot

# The area a snapshot shows: what a 960x600 px map shows at the view's zoom.
REFERENCE_VIEWPORT = (960, 600)
DPI = 100
PANEL = 0.27          # share of the width the legend takes at least, on the right ...
PANEL_MAX = 0.5       # ... and at most, should its entries need more columns
LEGEND_TOP, LEGEND_BOTTOM = 0.905, 0.13
FOOTER_PT = 8.5


def layout(width: int, height: int, entries: list[LegendEntry]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(map box, legend box) as (left, bottom, width, height) figure fractions: the legend gets the width it needs."""
    needed = legend_width(entries, (LEGEND_TOP - LEGEND_BOTTOM) * height, MAX_PITCH * height, PANEL_MAX * width)
    panel = min(max(PANEL, (needed + 0.015 * width) / width), PANEL_MAX)
    return ((0.01, 0.11, 1 - panel - 0.02, 0.79),
            (1 - panel + 0.005, LEGEND_BOTTOM, panel - 0.015, LEGEND_TOP - LEGEND_BOTTOM))


def view_bounds_3857(view: MapView,
                     viewport: tuple[int, int] = REFERENCE_VIEWPORT) -> tuple[float, float, float, float]:
    """Web-Mercator bounds of what a ``viewport``-sized Leaflet map shows at ``view``."""
    xs, ys = to_mercator(np.array([max(min(view.lat, 85.0), -85.0)]), np.array([view.lon]))
    x, y = float(xs[0]), float(ys[0])
    m_per_px = metres_per_pixel(view.zoom)
    half_w, half_h = viewport[0] * m_per_px / 2, viewport[1] * m_per_px / 2
    return x - half_w, y - half_h, x + half_w, y + half_h


def _draw_collection(ax, fc: dict, px: float) -> None:
    """Draw a feature collection with its per-feature ``style`` (``px`` = points per screen pixel).

    Features are grouped by style so each group is one matplotlib call.
    """
    if not fc["features"]:
        return
    frame = gpd.GeoDataFrame({"style": [json.dumps(f["properties"]["style"], sort_keys=True) for f in fc["features"]]},
                             geometry=[shape(f["geometry"]) for f in fc["features"]], crs=4326).to_crs(3857)
    frame["kind"] = frame.geom_type.str.replace("Multi", "")
    points = frame[frame["kind"] == "Point"]
    if not points.empty:
        _draw_points(ax, points, px)
    from matplotlib.collections import LineCollection, PolyCollection

    for (kind, style_json), group in frame[frame["kind"] != "Point"].groupby(["kind", "style"], sort=False):
        style = json.loads(style_json)
        width, opacity = style.get("weight", 1.0), style.get("opacity", 1.0)
        if kind == "Polygon":
            rings = [list(r.coords) for g in group.geometry for p in getattr(g, "geoms", [g])
                     for r in (p.exterior, *p.interiors)]
            if style.get("fillColor") and style.get("fillOpacity", 0.2) > 0:
                exteriors = [list(p.exterior.coords) for g in group.geometry for p in getattr(g, "geoms", [g])]
                ax.add_collection(PolyCollection(exteriors, facecolors=style["fillColor"], edgecolors="none",
                                                 alpha=style.get("fillOpacity", 0.2), zorder=1))
            ax.add_collection(LineCollection(rings, colors=style.get("color", "#333"), linewidths=width * px,
                                             alpha=opacity, zorder=1.5))
        else:
            lines = [list(line.coords) for g in group.geometry for line in getattr(g, "geoms", [g])]
            ax.add_collection(LineCollection(lines, colors=style.get("color", "#333"), linewidths=width * px,
                                             alpha=opacity, linestyles=dashes(style.get("dashArray"), width),
                                             zorder=2))


def _draw_points(ax, points: gpd.GeoDataFrame, px: float) -> None:
    from matplotlib.colors import to_rgba

    styles_ = [json.loads(s) for s in points["style"]]
    sizes = [(2 * s.get("radius", 5) * px) ** 2 for s in styles_]
    fills = [to_rgba(s["fillColor"], s.get("fillOpacity", 1.0)) if s.get("fillColor") and s.get("fillOpacity", 1.0) > 0
             else (0, 0, 0, 0) for s in styles_]
    edges = [to_rgba(s.get("color", "#000"), s.get("opacity", 1.0)) for s in styles_]
    widths = [s.get("weight", 1.0) * px for s in styles_]
    ax.scatter(points.geometry.x, points.geometry.y, s=sizes, c=fills, edgecolors=edges, linewidths=widths,
               zorder=3)


def draw_labels(ax, fc: dict, px: float) -> None:
    """The map's labels as the live map sets them: same side, offset and size, with a white halo."""
    from matplotlib import patheffects

    for f in fc["features"]:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        xs, ys = to_mercator(np.array([lat]), np.array([lon]))
        text = html.unescape(p["text"]).replace("$", r"\$")  # plain text: no mathtext
        text = text.upper() if p["kind"] == "state" else text
        offset = {"center": 0, "right": p["offset"], "left": -p["offset"]}[p["side"]] * px
        ax.annotate(text, (float(xs[0]), float(ys[0])), xytext=(offset, 0), textcoords="offset points",
                    ha={"center": "center", "right": "left", "left": "right"}[p["side"]], va="center",
                    fontsize=p["size"] * px, color="#3d3d3d" if p["kind"] == "state" else "#1a1a1a",
                    fontweight="bold" if p["kind"] in ("place", "state") else "normal", zorder=6, gid="map-label",
                    annotation_clip=True, clip_on=True,
                    path_effects=[patheffects.withStroke(linewidth=2.4 * px, foreground="white")])


def _frame_map(ax, view: MapView, map_w: float, map_h: float) -> None:
    """Show the view's area, widened to the aspect of the map axes (``map_w`` x ``map_h`` px), with no ticks."""
    minx, miny, maxx, maxy = view_bounds_3857(view)
    scale = max((maxx - minx) / map_w, (maxy - miny) / map_h)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    ax.set_xlim(cx - scale * map_w / 2, cx + scale * map_w / 2)
    ax.set_ylim(cy - scale * map_h / 2, cy + scale * map_h / 2)
    ax.set_xticks([])
    ax.set_yticks([])


def snapshot_figure(atlas: Atlas, snap: Snapshot, width: int = 1600, height: int = 1000,
                    imported: Imported | None = None):  # -> matplotlib Figure
    """The snapshot as a matplotlib figure (the caller closes it): map, caption and legend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    composed = compose_snapshot(atlas, snap, imported)
    entries = legend_entries(atlas, snap.selection, snap.lang, composed.binned, composed.chapter, composed.imported)
    map_box, legend_box = layout(width, height, entries)
    ax = fig.add_axes(map_box)
    px = 72 / DPI * map_box[2] * width / REFERENCE_VIEWPORT[0]   # points per Leaflet pixel at this scale
    ax.set_facecolor("#cfdde6")
    _draw_collection(ax, basemap_features(atlas, with_tiles=False), px)
    for kind, fc in composed.layers.items():   # already in draw order
        if kind == "labels":
            draw_labels(ax, fc, px)
        else:
            _draw_collection(ax, fc, px)
    _frame_map(ax, composed.view, map_box[2] * width, map_box[3] * height)
    _draw_caption(fig, atlas, snap, width, height)
    draw_legend(fig.add_axes(legend_box, label="legend"), entries, snap.lang)
    return fig


def render_png(atlas: Atlas, snap: Snapshot, width: int = 1600, height: int = 1000,
               imported: Imported | None = None) -> bytes:
    """A PNG of the view with title, legend, filters, period, chapter, data version, sources, attribution."""
    import matplotlib.pyplot as plt

    fig = snapshot_figure(atlas, snap, width, height, imported)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    plt.close(fig)
    return buf.getvalue()


def _draw_caption(fig, atlas: Atlas, snap: Snapshot, width: int, height: int) -> None:
    cap = caption_for(atlas, snap, TILE_PROVIDERS["none"])  # the PNG draws boundaries, never tiles
    fig.text(0.01, 0.975, cap.title, fontsize=20, weight="bold", va="top")
    fig.text(0.01, 0.935, cap.chapter or cap.period, fontsize=12.5, va="top", color="#333")
    # The credits wrap to the image's width and the sources shorten to the lines left: never cut off.
    chars = min(190, int(0.97 * width / (0.6 * FOOTER_PT / 0.72)))
    source_lines = max(1, int(0.095 * height / (1.2 * FOOTER_PT / 0.72)) - 2)
    sources = textwrap.shorten(cap.sources, min(560, source_lines * chars), placeholder=" …")
    footer = "\n".join(textwrap.fill(x, chars) for x in (
        cap.filters + " · " + cap.period, sources,
        cap.version + " · " + cap.attribution))
    fig.text(0.01, 0.095, footer, fontsize=FOOTER_PT, va="top", color="#222")
