"""The map panel of a snapshot, drawn with matplotlib from the features the live map draws.

Colours, circle sizes, stripes, arrowheads and labels come from :mod:`dashboard.map.compose`
as GeoJSON with each feature's Leaflet style, so the image looks like the map. Added for
print: a scale bar, and a locator inset when the view is zoomed in past the whole country.
"""

from __future__ import annotations

import functools
import html
import json
import math

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import shape

from dashboard.atlas.data import Atlas
from dashboard.map import symbology
from dashboard.map.hexbins import metres_per_pixel, to_mercator
from dashboard.map.labels import LABEL_HALO, LABEL_INK
from dashboard.model import MapView
from dashboard.share.fit import MIN_PT, plain
from dashboard.share.png_legend import dashes

# The area a snapshot shows: what a 960x600 px map shows at the view's zoom.
REFERENCE_VIEWPORT = (960, 600)
INSET_ABOVE_ZOOM = 5           # views zoomed in further than the whole country get a locator inset
LOCATOR_BOX = (-118.5, 13.5, -85.5, 33.5)   # the inset shows Mexico and the border, lon/lat
EARTH_M = 6378137.0


def view_bounds_3857(view: MapView,
                     viewport: tuple[int, int] = REFERENCE_VIEWPORT) -> tuple[float, float, float, float]:
    """Web-Mercator bounds of what a ``viewport``-sized Leaflet map shows at ``view``."""
    xs, ys = to_mercator(np.array([max(min(view.lat, 85.0), -85.0)]), np.array([view.lon]))
    x, y = float(xs[0]), float(ys[0])
    m_per_px = metres_per_pixel(view.zoom)
    half_w, half_h = viewport[0] * m_per_px / 2, viewport[1] * m_per_px / 2
    return x - half_w, y - half_h, x + half_w, y + half_h


def points_per_leaflet_px(map_w: float, map_h: float, dpi: float) -> float:
    """Points per Leaflet pixel when the reference viewport is fitted into ``map_w`` x ``map_h`` figure pixels."""
    return 72 / dpi * min(map_w / REFERENCE_VIEWPORT[0], map_h / REFERENCE_VIEWPORT[1])


def draw_collection(ax, fc: dict, px: float) -> None:
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
    """Circles as the live map styles them; rings with a ``dashArray`` (a disputed toll, a point placed at a
    municipality's seat or a state) drawn dashed, as the key says, one scatter per dash pattern."""
    from matplotlib.colors import to_rgba

    styles_ = [json.loads(s) for s in points["style"]]
    xs, ys = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    by_dash: dict[object, list[int]] = {}
    for i, s in enumerate(styles_):
        by_dash.setdefault(s.get("dashArray") or None, []).append(i)
    for dash, idx in by_dash.items():
        group = [styles_[i] for i in idx]
        sizes = [(2 * s.get("radius", 5) * px) ** 2 for s in group]
        fills = [to_rgba(s["fillColor"], s.get("fillOpacity", 1.0)) if s.get("fillColor")
                 and s.get("fillOpacity", 1.0) > 0 else (0, 0, 0, 0) for s in group]
        edges = [to_rgba(s.get("color", "#000"), s.get("opacity", 1.0)) for s in group]
        widths = [s.get("weight", 1.0) * px for s in group]
        style = dashes(dash, max(group[0].get("weight", 1.0), 1.0)) if dash else "solid"
        ax.scatter(xs[idx], ys[idx], s=sizes, c=fills, edgecolors=edges, linewidths=widths, linestyles=style,
                   zorder=3, gid="dashed-points" if dash else None)


LABEL_RANK = {"place": 0, "state": 1}   # which label stays when two would overlap in print; towns last


def draw_labels(ax, fc: dict, px: float) -> None:
    """The map's labels as the live map sets them: same side, offset and size (never under 9 pt), white halo."""
    from matplotlib import patheffects

    for f in sorted(fc["features"], key=lambda f: LABEL_RANK.get(f["properties"]["kind"], 2)):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        xs, ys = to_mercator(np.array([lat]), np.array([lon]))
        text = plain(html.unescape(p["text"]))
        text = text.upper() if p["kind"] == "state" else text
        # The side map.labels chose: beside the point, or centred over or under it (points: y grows upwards).
        dx = {"right": p["offset"], "left": -p["offset"]}.get(p["side"], 0) * px
        dy = {"above": p["offset"], "below": -p["offset"]}.get(p["side"], 0) * px
        where = {"xy": (float(xs[0]), float(ys[0])), "xytext": (dx, dy), "textcoords": "offset points",
                 "ha": {"right": "left", "left": "right"}.get(p["side"], "center"),
                 "va": {"above": "bottom", "below": "top"}.get(p["side"], "center"),
                 "fontsize": max(p["size"] * px, MIN_PT),
                 "fontweight": "bold" if p["kind"] in ("place", "state") else "normal", "annotation_clip": True}
        # The halo is a stroke-only copy under the text: the text itself stays text in SVG and PDF (a path
        # effect on it would outline every word), and the halo looks as before.
        halo = ax.annotate(text, color=LABEL_HALO[p["kind"]], zorder=5.9, gid="map-label-halo", **where,
                           path_effects=[patheffects.Stroke(linewidth=2.4 * px, foreground=LABEL_HALO[p["kind"]])])
        label = ax.annotate(text, color=LABEL_INK[p["kind"]], zorder=6, gid="map-label", **where)
        label.atlas_halo = halo


def tidy_labels(ax, renderer, keep_clear: list) -> None:
    """Hide the labels a print would show cut (past the map's edge) or overlapping a kept label or ``keep_clear``.

    Labels are visited in rank order (places, states, towns), so the story's places stay.
    """
    frame = ax.get_window_extent(renderer)
    kept = list(keep_clear)
    for text in (x for x in ax.texts if x.get_gid() == "map-label" and x.get_visible()):
        if not text._check_xy(renderer):  # its point lies outside the map: matplotlib would not draw it
            _hide_label(text)
            continue
        box = text.get_window_extent(renderer)
        inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        if not inside or any(box.overlaps(other) for other in kept):
            _hide_label(text)
        else:
            kept.append(box)


def _hide_label(text) -> None:
    text.set_visible(False)
    if (halo := getattr(text, "atlas_halo", None)) is not None:
        halo.set_visible(False)


def frame_map(ax, view: MapView, map_w: float, map_h: float, core: float = 1.0) -> None:
    """Show the view's area, widened to the aspect of the map axes (``map_w`` x ``map_h`` px), with no ticks.

    ``core`` < 1: only that middle share of the view's width must show, so a squarer map crops the view's
    empty east and west edges instead of adding sea above and below.
    """
    minx, miny, maxx, maxy = view_bounds_3857(view)
    scale = max(core * (maxx - minx) / map_w, (maxy - miny) / map_h)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    ax.set_xlim(cx - scale * map_w / 2, cx + scale * map_w / 2)
    ax.set_ylim(cy - scale * map_h / 2, cy + scale * map_h / 2)
    ax.set_xticks([])
    ax.set_yticks([])


def nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 x 10^n metres not above ``metres``."""
    power = 10 ** math.floor(math.log10(metres))
    return max(s * power for s in (1, 2, 5) if s * power <= metres)


def scale_bar(ax, font_pt: float, lang: str = "en"):
    """A bar of a round length in km (true at the map's centre latitude), bottom left, on a white ground;
    its length written as ``lang`` writes numbers ("2.000 km" in German)."""
    from matplotlib.font_manager import FontProperties
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    from dashboard.text import number_text

    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    lat = math.degrees(2 * math.atan(math.exp((y0 + y1) / 2 / EARTH_M)) - math.pi / 2)
    ground_per_unit = math.cos(math.radians(lat))   # Web Mercator metres -> metres on the ground
    metres = nice_length(0.18 * (x1 - x0) * ground_per_unit)
    label = f"{number_text(metres / 1000, lang, 0)} km" if metres >= 1000 else f"{number_text(metres, lang, 0)} m"
    bar = AnchoredSizeBar(ax.transData, metres / ground_per_unit, label, "lower left", pad=0.35, borderpad=0.6,
                          sep=3, frameon=True, size_vertical=0, fontproperties=FontProperties(size=font_pt))
    bar.patch.set_facecolor((1, 1, 1, 0.85))
    bar.patch.set_edgecolor("none")
    bar.set_gid("scale-bar")
    bar.set_zorder(8)
    ax.add_artist(bar)
    return bar


@functools.lru_cache(maxsize=2)
def _locator_rings(version: str, countries: tuple, states: tuple) -> tuple[list, list]:
    """Simplified country and Mexican state outlines in Web Mercator, for the inset (cached per data version)."""
    box = shapely.box(*LOCATOR_BOX)

    def rings(geoms: tuple, tolerance: float) -> list:
        out = []
        for g in geoms:
            g = shapely.simplify(shapely.intersection(g, box), tolerance)
            for p in getattr(g, "geoms", [g]):
                if isinstance(p, shapely.Polygon) and not p.is_empty:
                    xs, ys = to_mercator(np.array(p.exterior.coords)[:, 1], np.array(p.exterior.coords)[:, 0])
                    out.append(np.column_stack([xs, ys]))
        return out

    return rings(countries, 0.15), rings(states, 0.1)


def locator_inset(fig, ax, atlas: Atlas, box: tuple[float, float, float, float]):
    """A small map of Mexico and the border with the view's extent outlined (``box`` in figure fractions)."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Rectangle

    countries, states = _locator_rings(atlas.version, tuple(atlas.countries.geometry),
                                       tuple(atlas.states[atlas.states["country"] == "MX"].geometry))
    inset = fig.add_axes(box, label="locator")
    inset.set_facecolor(symbology.BASEMAP_COLOURS["sea"])
    inset.add_collection(PolyCollection(countries, facecolors=symbology.BASEMAP_COLOURS["state"], edgecolors="#8a8a8a",
                                        linewidths=0.4))
    inset.add_collection(PolyCollection(states, facecolors="none", edgecolors="#b5b0a6", linewidths=0.3))
    (x0, y0), (x1, y1) = (to_mercator(np.array([LOCATOR_BOX[i + 1]]), np.array([LOCATOR_BOX[i]])) for i in (0, 2))
    inset.set_xlim(float(x0[0]), float(x1[0]))
    inset.set_ylim(float(y0[0]), float(y1[0]))
    (vx0, vx1), (vy0, vy1) = ax.get_xlim(), ax.get_ylim()
    size = min(inset.get_xlim()[1] - inset.get_xlim()[0], inset.get_ylim()[1] - inset.get_ylim()[0]) * 0.05
    cx, cy = (vx0 + vx1) / 2, (vy0 + vy1) / 2
    w, h = max(vx1 - vx0, size), max(vy1 - vy0, size)   # a tiny view is still a visible square
    inset.add_patch(Rectangle((cx - w / 2, cy - h / 2), w, h, facecolor="none", edgecolor="#C8102E", linewidth=1.6))
    inset.set_xticks([])
    inset.set_yticks([])
    for spine in inset.spines.values():
        spine.set_edgecolor("#555555")
    return inset
