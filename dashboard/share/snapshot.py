"""Shareable snapshots of one view: PNG image, standalone HTML map, GeoJSON and CSV data.

Every snapshot says what it shows (title, chapter, filters, period, data version,
sources, map attribution) so it can be cited. The PNG is drawn on the server with
matplotlib from the *same* GeoJSON features the live map draws (colours, circle
sizes, stripes, arrowheads), so it looks like the map, offline and in well under
a second. The HTML is a folium page with Leaflet inlined: it opens from disk with
no server and no internet.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import shape

from dashboard import filters
from dashboard.map.hexbins import metres_per_pixel, to_mercator
from dashboard.config import TileProvider, tile_provider
from dashboard.data import Atlas
from dashboard.share.tables import columns_for, feature_records, plain_value, point_columns
from dashboard.text import formula_safe
from dashboard.i18n import t
from dashboard.map.features import Binned, basemap_features, draw_order, imported_layer
from dashboard.model import MapView
from dashboard.sharing import Snapshot
from dashboard.text import safe
from dashboard.views import legend_html, map_collections

DATA_LAYERS = ("events", "places", "crossings", "flows", "territories")
# The area a snapshot shows: what a 960x600 px map shows at the view's zoom.
REFERENCE_VIEWPORT = (960, 600)


@dataclass(frozen=True)
class Caption:
    """The citable description of a snapshot, in the snapshot's language."""

    title: str
    chapter: str | None
    filters: str
    period: str
    territories: str
    sources: str
    version: str
    attribution: str

    def lines(self) -> list[str]:
        return [x for x in (self.chapter, self.filters, self.period, self.territories, self.sources,
                            self.version, self.attribution) if x]


def resolve_view(atlas: Atlas, snap: Snapshot) -> MapView:
    """The snapshot's view, else its chapter's, else the default."""
    chapter = next((c for c in atlas.chapters if c.id == snap.chapter), None)
    return snap.view or (chapter.view if chapter else MapView())


def caption_for(atlas: Atlas, snap: Snapshot, provider: TileProvider | None = None) -> Caption:
    lang, sel = snap.lang, snap.selection
    chapter = next((c for c in atlas.chapters if c.id == snap.chapter), None)
    names = dict(zip(atlas.cartels["id"], atlas.cartels["name"], strict=True))
    cartels = ", ".join(names[c] for c in sel.cartels) if sel.cartels else t("all_cartels", lang)
    types = ", ".join(sel.types) if sel.types else t("all_types", lang)
    layers = ", ".join(t(k, lang) for k in sel.layers) or "—"
    year = filters.snapshot_year_for(sel)
    source_ids = sorted({s for k in DATA_LAYERS if k in sel.layers for ids in filters.layer_for(atlas, k, sel)["sources"]
                         for s in ids} | set(chapter.sources if chapter else ()))
    raw = atlas.sources.set_index("id").loc[source_ids, "publisher"] if source_ids else []
    publishers = sorted({p.strip() for value in raw for p in value.split(";") if p.strip()}, key=str.casefold)
    provider = provider or tile_provider()
    return Caption(
        title=f"{t('title', lang)} — {t('subtitle', lang)}",
        chapter=f"{t('chapter', lang)}: {chapter.title(lang)}" if chapter else None,
        filters=f"{t('cartels', lang)}: {cartels} · {t('event_types', lang)}: {types} · {t('layers', lang)}: {layers}",
        period=t("account_period", lang, a=sel.year_from, b=sel.year_to),
        territories=(t("territory_year", lang, year=year) if year else t("territory_none", lang))
        if "territories" in sel.layers else "",
        sources=f"{t('sources', lang)}: " + ("; ".join(publishers) if publishers else "—"),
        version=f"{t('data_version', lang)}: {atlas.version}",
        attribution=f"Map: {plain_attribution(provider)}",
    )


def plain_attribution(provider: TileProvider) -> str:
    """The map credit as plain text (the provider's is HTML for Leaflet)."""
    if provider.url is None:
        return "boundaries INEGI and US Census via libpysal, Natural Earth"
    return re.sub(r"<[^>]+>", "", provider.attribution).replace("&copy;", "©")


# --- data -------------------------------------------------------------------------------------

Imported = Mapping[str, gpd.GeoDataFrame]  # dataset name -> its stored rows (see dashboard.imports.store)


def snapshot_frames(atlas: Atlas, snap: Snapshot, imported: Imported | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The filtered frame of every visible data layer, then of every imported dataset shown."""
    frames = {k: filters.layer_for(atlas, k, snap.selection) for k in DATA_LAYERS if k in snap.selection.layers}
    for name, frame in sorted((imported or {}).items()):
        frames[f"imported:{name}"] = filters.imported_for(atlas, frame, snap.selection)
    return frames


def imported_collections(atlas: Atlas, snap: Snapshot, imported: Imported | None,
                         view: MapView | None = None) -> tuple[dict[str, dict], list[Binned]]:
    """Imported datasets as the live map draws them for the view: points, or hexagons when many."""
    view = view or resolve_view(atlas, snap)
    out, binned = {}, []
    for name, frame in sorted((imported or {}).items()):
        mask = filters.imported_mask(atlas, frame, snap.selection)
        out[f"imported:{name}"], bins = imported_layer(frame, mask, name, name, snap.lang, view)
        binned += [bins] if bins else []
    return out, binned


def to_geojson(atlas: Atlas, snap: Snapshot, imported: Imported | None = None) -> str:
    """All visible features in one FeatureCollection; each carries ``layer``; metadata cites the view."""
    features = []
    for layer, frame in snapshot_frames(atlas, snap, imported).items():
        for rec, geom in zip(feature_records(frame, layer), frame.geometry, strict=True):
            features.append({"type": "Feature", "id": rec["id"], "properties": {"layer": layer, **rec},
                             "geometry": json.loads(shapely.to_geojson(shapely.set_precision(geom, 1e-5)))})
    cap = caption_for(atlas, snap)
    meta = {"title": cap.title, "caption": cap.lines(), "data_version": atlas.version,
            "query": snap_query(snap), "sources": _used_sources(atlas, features)}
    return json.dumps({"type": "FeatureCollection", "metadata": meta, "features": features}, ensure_ascii=False)


def _used_sources(atlas: Atlas, features: list[dict]) -> list[dict]:
    ids = sorted({s for f in features for s in f["properties"].get("sources") or []})
    src = atlas.sources.set_index("id")
    return [{"id": i, **{k: src.loc[i, k] for k in ("publisher", "title", "date", "url")}} for i in ids if i in src.index]


def to_csv(atlas: Atlas, snap: Snapshot, imported: Imported | None = None) -> str:
    """All visible features in one formula-safe table with a ``layer`` column."""
    frames = snapshot_frames(atlas, snap, imported)
    header = ["layer"] + list(dict.fromkeys(c for layer in frames for c in columns_for(layer)))
    header += ["lat", "lon", "from_lat", "from_lon", "to_lat", "to_lon"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for layer, frame in frames.items():
        for rec, geom in zip(feature_records(frame, layer), frame.geometry, strict=True):
            row = {"layer": layer, **rec, **point_columns(geom)}
            writer.writerow([formula_safe(plain_value(row.get(c))) for c in header])
    return out.getvalue()


def snap_query(snap: Snapshot) -> str:
    from dashboard.sharing import to_query_string

    return to_query_string(snap)


# --- PNG --------------------------------------------------------------------------------------

def view_bounds_3857(view: MapView, viewport: tuple[int, int] = REFERENCE_VIEWPORT) -> tuple[float, float, float, float]:
    """Web-Mercator bounds of what a ``viewport``-sized Leaflet map shows at ``view``."""
    xs, ys = to_mercator(np.array([max(min(view.lat, 85.0), -85.0)]), np.array([view.lon]))
    x, y = float(xs[0]), float(ys[0])
    m_per_px = metres_per_pixel(view.zoom)
    half_w, half_h = viewport[0] * m_per_px / 2, viewport[1] * m_per_px / 2
    return x - half_w, y - half_h, x + half_w, y + half_h


def _dashes(dash: str | None, width: float) -> object:
    if not dash:
        return "-"
    parts = [float(p) / max(width, 1.0) for p in dash.split()]
    return (0, tuple(parts))


def _draw_collection(ax, fc: dict, px: float) -> None:  # noqa: ANN001 - matplotlib axes
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
                                             alpha=opacity, linestyles=_dashes(style.get("dashArray"), width),
                                             zorder=2))


def _draw_points(ax, points: gpd.GeoDataFrame, px: float) -> None:  # noqa: ANN001
    from matplotlib.colors import to_rgba

    styles_ = [json.loads(s) for s in points["style"]]
    sizes = [(2 * s.get("radius", 5) * px) ** 2 for s in styles_]
    fills = [to_rgba(s["fillColor"], s.get("fillOpacity", 1.0)) if s.get("fillColor") and s.get("fillOpacity", 1.0) > 0
             else (0, 0, 0, 0) for s in styles_]
    edges = [to_rgba(s.get("color", "#000"), s.get("opacity", 1.0)) for s in styles_]
    widths = [s.get("weight", 1.0) * px for s in styles_]
    ax.scatter(points.geometry.x, points.geometry.y, s=sizes, c=fills, edgecolors=edges, linewidths=widths,
               zorder=3)


def render_png(atlas: Atlas, snap: Snapshot, width: int = 1600, height: int = 1000,
               imported: Imported | None = None) -> bytes:
    """A PNG of the view with title, legend, filters, period, chapter, data version, sources, attribution."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dpi = 100
    fig = plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    panel = 0.27
    ax = fig.add_axes((0.01, 0.11, 1 - panel - 0.02, 0.79))
    view = resolve_view(atlas, snap)
    minx, miny, maxx, maxy = view_bounds_3857(view)
    map_px = (1 - panel - 0.02) * width
    px = 72 / dpi * map_px / REFERENCE_VIEWPORT[0]   # points per Leaflet pixel at this scale
    ax.set_facecolor("#cfdde6")
    _draw_collection(ax, basemap_features(atlas, with_tiles=False), px)
    layers = map_collections(atlas, snap.selection, snap.lang,
                             next((c for c in atlas.chapters if c.id == snap.chapter), None), view.zoom)
    layers.update(imported_collections(atlas, snap, imported, view)[0])
    for kind in draw_order(layers):
        _draw_collection(ax, layers[kind], px)
    # Keep the aspect of the map area: widen the bounds to fit the axes.
    ax_h = 0.79 * height
    scale = max((maxx - minx) / map_px, (maxy - miny) / ax_h)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    ax.set_xlim(cx - scale * map_px / 2, cx + scale * map_px / 2)
    ax.set_ylim(cy - scale * ax_h / 2, cy + scale * ax_h / 2)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    _draw_texts(fig, atlas, snap, panel)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


def _draw_texts(fig, atlas: Atlas, snap: Snapshot, panel: float) -> None:  # noqa: ANN001
    import textwrap

    from dashboard.config import TILE_PROVIDERS

    cap = caption_for(atlas, snap, TILE_PROVIDERS["none"])  # the PNG draws boundaries, never tiles
    fig.text(0.01, 0.975, cap.title, fontsize=20, weight="bold", va="top")
    fig.text(0.01, 0.935, cap.chapter or cap.period, fontsize=12.5, va="top", color="#333")
    footer = "\n".join(textwrap.fill(x, 190) for x in (
        cap.filters + " · " + cap.period, textwrap.shorten(cap.sources, 560, placeholder=" …"),
        cap.version + " · " + cap.attribution))
    fig.text(0.01, 0.095, footer, fontsize=8.5, va="top", color="#222")
    y = 0.90
    x0 = 1 - panel + 0.005
    fig.text(x0, y, t("legend", snap.lang), fontsize=13, weight="bold", va="top")
    for kind, label, colour, style in _legend_entries(atlas, snap):
        y -= 0.028
        if y < 0.13:
            break
        _legend_symbol(fig, x0, y, kind, colour, style)
        fig.text(x0 + 0.03, y, textwrap.shorten(label, 48), fontsize=9.5, va="center")


def _legend_entries(atlas: Atlas, snap: Snapshot) -> list[tuple[str, str, str, str | None]]:
    from dashboard.map import symbology

    lang, sel = snap.lang, snap.selection
    out: list[tuple[str, str, str, str | None]] = []
    if "territories" in sel.layers:
        year = filters.snapshot_year_for(sel)
        out.append(("text", t("territory_year", lang, year=year) if year else t("territory_none", lang), "", None))
        names = dict(zip(atlas.cartels["id"], atlas.cartels["name"], strict=True))
        for cid in sorted(set(filters.territories_for(atlas, sel)["cartel"])):
            out.append(("box", names[cid], atlas.cartel_color(cid), None))
        out.append(("stripes", t("shared", lang), "", None))
    if "events" in sel.layers:
        out += [("dot", t(g, lang), symbology.GROUP_COLOR[g], None) for g in ("violence", "enforcement", "politics")]
        out.append(("text", t("size_casualties", lang), "", None))
        out.append(("text", t("disputed_outline", lang), "", None))
    if "flows" in sel.layers:
        out += [("line", t(k, lang) + " →", c, None) for k, c in symbology.FLOW_COLOR.items()]
        out += [("line", t(k, lang), "#555555", d) for k, d in symbology.FLOW_DASH.items()]
    if "places" in sel.layers:
        out += [("dot", t(p, lang), c, None) for p, c in symbology.PRECISION_FILL.items()]
    if "crossings" in sel.layers:
        out.append(("dot", t("crossings", lang), symbology.CROSSING_COLOR, None))
    if snap.chapter:
        out.append(("ring", t("highlights", lang), symbology.HIGHLIGHT_COLOR, None))
    return out


def _legend_symbol(fig, x: float, y: float, kind: str, colour: str, dash: str | None) -> None:  # noqa: ANN001
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    if kind == "box":
        fig.add_artist(Rectangle((x, y - 0.008), 0.02, 0.016, transform=fig.transFigure, color=colour, alpha=0.6))
    elif kind == "stripes":
        for i, c in enumerate(("#0072B2", "#D55E00", "#0072B2", "#D55E00")):
            fig.add_artist(Line2D([x + i * 0.005, x + i * 0.005 + 0.006], [y - 0.008, y + 0.008],
                                  transform=fig.transFigure, color=c, linewidth=2))
    elif kind in ("dot", "ring"):
        fig.add_artist(Line2D([x + 0.01], [y], marker="o", markersize=9, transform=fig.transFigure,
                              markerfacecolor="none" if kind == "ring" else colour,
                              markeredgecolor=colour if kind == "ring" else "#111111", markeredgewidth=2 if kind == "ring" else 1))
    elif kind == "line":
        fig.add_artist(Line2D([x, x + 0.022], [y, y], transform=fig.transFigure, color=colour, linewidth=2.5,
                              linestyle=_dashes(dash, 2.5)))


# --- HTML -------------------------------------------------------------------------------------

def render_html(atlas: Atlas, snap: Snapshot, provider: TileProvider | None = None,
                imported: Imported | None = None) -> str:
    """A standalone interactive map of the view: Leaflet inlined, legend and credits included."""
    from dashboard.map.vendor import inline_assets_html, patch_folium
    from dashboard.map.folium_render import Rendered
    from dashboard.map.leaflet import build_base_map, feature_groups, to_js_json

    patch_folium()
    provider = provider or tile_provider()
    view = resolve_view(atlas, snap)
    m = build_base_map(to_js_json(basemap_features(atlas, provider.url is not None)), provider, view)
    chapter = next((c for c in atlas.chapters if c.id == snap.chapter), None)
    layers = map_collections(atlas, snap.selection, snap.lang, chapter, view.zoom)
    extra, binned = imported_collections(atlas, snap, imported, view)
    layers.update(extra)
    for fg in feature_groups({kind: to_js_json(fc) for kind, fc in layers.items()}, snap.lang):
        fg.add_to(m)
    cap = caption_for(atlas, snap, provider)
    box = ("position:absolute;z-index:1000;background:rgba(255,255,255,.93);padding:8px 10px;"
           "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:13px sans-serif;")
    head = "".join(f"<div>{safe(line)}</div>" for line in cap.lines())
    m.get_root().html.add_child(Rendered(
        f"<div id='atlas-caption' style='{box}top:10px;left:60px;max-width:46%'>"
        f"<b style='font-size:15px'>{safe(cap.title)}</b>{head}</div>"
        f"<div id='atlas-legend' style='{box}bottom:24px;right:10px;max-height:70%;overflow:auto'>"
        f"{legend_html(atlas, snap.selection, snap.lang, binned)}</div>"))
    m.get_root().header.add_child(Rendered(f"<title>{safe(cap.title)}</title>"))
    return inline_assets_html(m.get_root().render())
