"""Filtered frames -> GeoJSON features -> folium layers (one GeoJson layer per kind).

Symbology is computed as geometry in Python (arrowheads as polygons, contested
states as stripes clipped to the state), so the live map, the standalone HTML and
the PNG draw the same shapes with no Leaflet plugin. Every string shown on the
map goes through :func:`dashboard.text.safe`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from dashboard.atlas.data import Atlas, in_language, missing, records
from dashboard.i18n import plural, t, type_name
from dashboard.map import hexbins, symbology
from dashboard.model import MapView
from dashboard.text import number_text, safe
from dashboard.vocab import SPOT_PREFIX
from dashboard.vocab import imported_layer as imported_layer_id

ARROW_DEG = 0.6            # arrowhead length at zoom 4, halving with every zoom level


def zoom_scale(zoom: int, max_zoom: int = 18) -> float:
    """Degrees per "screen unit" relative to zoom 4, so symbols keep their size on screen."""
    return 2.0 ** (4 - min(max(zoom, 2), max_zoom))
COORD_DECIMALS = 4


# The base map is context: a coarser outline keeps the page light (territories draw finer on top).
BASEMAP_SIMPLIFY_DEG = {"MX": 0.02, "US": 0.05, "country": 0.06}
BASEMAP_DECIMALS = {"MX": 3, "US": 2, "country": 2}
BASEMAP_CLIP = (-130.0, -40.0, -30.0, 52.0)  # the Americas the stories touch (Caracas, Asunción)


def _round_coords(coords: list, decimals: int = COORD_DECIMALS) -> list:
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(c), decimals) for c in coords]
    return [_round_coords(c, decimals) for c in coords]


def feature(geom: shapely.Geometry, fid: str, layer: str, tip: str, style: dict, decimals: int = COORD_DECIMALS,
            **extra: object) -> dict:
    """A GeoJSON feature with the properties the map needs: id, layer, tooltip HTML, style."""
    gj = mapping(geom)
    return _feature({"type": gj["type"], "coordinates": _round_coords(gj["coordinates"], decimals)},
                    fid, layer, tip, style, extra)


def point_feature(lon: float, lat: float, fid: str, layer: str, tip: str, style: dict, **extra: object) -> dict:
    """:func:`feature` of a point given by its coordinates: no shapely object per row of a large layer."""
    point = {"type": "Point", "coordinates": [round(float(lon), COORD_DECIMALS), round(float(lat), COORD_DECIMALS)]}
    return _feature(point, fid, layer, tip, style, extra)


def _feature(geometry: dict, fid: str, layer: str, tip: str, style: dict, extra: dict) -> dict:
    return {"type": "Feature", "id": fid, "geometry": geometry,
            "properties": {"id": fid, "layer": layer, "tip": tip, "style": style, **extra}}


def collection(features: Iterable[dict]) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def _cartel_names(atlas: Atlas, ids: Iterable[str]) -> str:
    names = atlas.cartel_field("short")
    return ", ".join(names.get(i, i) for i in ids)


# --- events, places, crossings -------------------------------------------------------------

def event_tip(row: SimpleNamespace, atlas: Atlas, lang: str) -> str:
    killed = t("unknown", lang) if missing(row.killed) else number_text(row.killed, lang)
    if not missing(row.killed_max):
        killed += f"–{number_text(row.killed_max, lang)} ({t('disputed', lang)})"
    injured = t("unknown", lang) if missing(row.injured) else number_text(row.injured, lang)
    title = getattr(row, "title_" + lang, row.title_en)
    return (f"<b>{safe(title)}</b><br>{safe(row.date)} · {safe(type_name(row.type, lang))}<br>"
            f"{safe(t('killed', lang))}: {safe(killed)} · {safe(t('injured', lang))}: {safe(injured)}<br>"
            f"{safe(_cartel_names(atlas, row.cartels))} · {safe(t('confidence_label', lang))} {safe(row.confidence)}")


def _na(value: object) -> object:
    return None if missing(value) else value


SPOT_TIP_ROWS = 8       # a spot's tooltip lists this many events, then says how many more


def event_features(frame: gpd.GeoDataFrame, atlas: Atlas, lang: str) -> dict:
    """One circle per event; several events at one place are one circle with their count (a "spot").

    A spot's tooltip and its click (details.py) list the same events; ``ids`` names them all.
    """
    feats = []
    for place_id, rows in _events_by_place(frame).items():
        if len(rows) == 1:
            row = rows[0]
            style = symbology.event_style(row.type, float(row.casualties), row.confidence, bool(row.disputed))
            feats.append(feature(row.geometry, row.id, "events", event_tip(row, atlas, lang), style,
                                 casualties=float(row.casualties)))
            continue
        casualties = float(sum(r.casualties for r in rows))
        style = symbology.spot_style([r.type for r in rows], casualties)
        feats.append(feature(rows[0].geometry, SPOT_PREFIX + str(place_id), "events", spot_tip(rows, atlas, lang),
                             style, casualties=casualties, count=len(rows), ids=[r.id for r in rows]))
    # Biggest first so small circles stay clickable on top of large ones.
    return collection(sorted(feats, key=lambda f: -f["properties"]["casualties"]))


def _events_by_place(frame: gpd.GeoDataFrame) -> dict[str, list[SimpleNamespace]]:
    """The events by place, in one pass: places in the order of their first event, each place's events by date
    and id (events without a place are left out)."""
    groups: dict[str, list[SimpleNamespace]] = {p: [] for p in frame["place_id"].tolist() if not pd.isna(p)}
    for row in records(frame.sort_values(["date", "id"])):
        if not pd.isna(row.place_id):
            groups[row.place_id].append(row)
    return groups


def spot_tip(rows: list, atlas: Atlas, lang: str) -> str:
    """The events at one place, oldest first, with their dead."""
    place = atlas.place_name(rows[0].place_id, lang)
    lines = [f"{safe(r.date)} · {safe(getattr(r, 'title_' + lang, r.title_en))}"
             + ("" if missing(r.killed) else f" · {safe(t('killed', lang))} {safe(number_text(r.killed, lang))}")
             for r in rows[:SPOT_TIP_ROWS]]
    more = len(rows) - SPOT_TIP_ROWS
    tail = f"<br><i>{safe(t('n_more', lang, n=more))}</i>" if more > 0 else ""
    return (f"<b>{safe(plural('events_here', len(rows), lang, place=place))}</b><br>" + "<br>".join(lines) + tail
            + f"<br><i>{safe(t('click_for_list', lang))}</i>")


def place_tip(row: SimpleNamespace, lang: str) -> str:
    desc = getattr(row, "description_" + lang, row.description_en)
    return (f"<b>{safe(in_language(row, 'name', lang))}</b> ({safe(row.admin1)}, {safe(row.country)})<br>"
            f"{safe(t('precision', lang))}: {safe(t(row.precision, lang))}<br>{safe(desc)}")


def place_features(frame: gpd.GeoDataFrame, lang: str) -> dict:
    """One marker per place; a place that stands for a whole state is a wide dashed ring, named like a state."""
    return collection(
        feature(r.geometry, r.id, "places", place_tip(r, lang),
                symbology.STATE_PLACE_STYLE if r.kind == "state" else symbology.place_style(r.precision),
                name=safe(in_language(r, "name", lang)),
                **({"scope": "state", "admin1": safe(r.admin1)} if r.kind == "state" else {}))
        for r in records(frame))


def crossing_features(frame: gpd.GeoDataFrame, lang: str) -> dict:
    return collection(feature(r.geometry, r.id, "crossings", place_tip(r, lang), symbology.crossing_style(),
                              name=safe(in_language(r, "name", lang))) for r in records(frame))


# --- flows ----------------------------------------------------------------------------------

def arrowhead(line: shapely.LineString, size_deg: float) -> shapely.Polygon:
    """A triangle at the end of ``line`` pointing along its last segment."""
    (x0, y0), (x1, y1) = line.coords[-2], line.coords[-1]
    angle = math.atan2(y1 - y0, x1 - x0)
    back = (x1 - size_deg * math.cos(angle), y1 - size_deg * math.sin(angle))
    half = size_deg * 0.45
    left = (back[0] + half * math.cos(angle + math.pi / 2), back[1] + half * math.sin(angle + math.pi / 2))
    right = (back[0] + half * math.cos(angle - math.pi / 2), back[1] + half * math.sin(angle - math.pi / 2))
    return shapely.Polygon([(x1, y1), left, right])


def flow_tip(row: SimpleNamespace, atlas: Atlas, lang: str) -> str:
    label = getattr(row, "label_" + lang, row.label_en)
    volume = "" if _na(row.volume) is None else f"{row.volume:,.0f} {row.volume_unit}"
    return (f"<b>{safe(label)}</b><br>{safe(t(row.kind, lang))} · {safe(t(row.evidence, lang))} · "
            f"{safe(row.year_from)}–{safe(row.year_to)}<br>{safe(volume)}"
            f"{'<br>' if volume else ''}{safe(_cartel_names(atlas, row.cartels))}")


def flow_features(frame: gpd.GeoDataFrame, atlas: Atlas, lang: str, zoom: int = 4) -> dict:
    feats = []
    for row in records(frame):
        style = symbology.flow_style(row.kind, row.evidence, _na(row.volume), row.confidence)
        tip = flow_tip(row, atlas, lang)
        feats.append(feature(row.geometry, row.id, "flows", tip, style, route=row.route))
        size = min(ARROW_DEG * zoom_scale(zoom), row.geometry.length * 0.3)
        head = {**style, "fillColor": style["color"], "fillOpacity": style["opacity"], "dashArray": None,
                "weight": 1}
        feats.append(feature(arrowhead(row.geometry, size), row.id, "flows", tip, head, route=row.route,
                             part="arrow"))
    return collection(feats)


# --- chapter highlights ---------------------------------------------------------------------

def highlight_features(atlas: Atlas, events: Iterable[str], places: Iterable[str], routes: Iterable[str],
                       states: Iterable[str]) -> dict:
    """Halo rings, thick route underlays and state outlines for a chapter's features.

    The chapter's events are what it is about: a thick ring with a dark edge, drawn clear of the
    event's own circle (the layer lies under the events). Its places are context: a thin ring. Amber
    alone does not stand out from the light base map (1.6:1), so every amber mark has a dark edge.
    """
    ev = atlas.events.set_index("id")
    pl = atlas.places.set_index("id")
    feats = []
    for i in (i for i in events if i in ev.index):
        radius = symbology.event_radius(float(ev.at[i, "casualties"])) + 7
        feats.append(feature(ev.geometry[i], i, "highlights", "", {**symbology.KEY_EVENT_EDGE, "radius": radius + 3},
                             target="events", part="edge"))
        feats.append(feature(ev.geometry[i], i, "highlights", "", {**symbology.KEY_EVENT_RING, "radius": radius},
                             target="events"))
    feats += [feature(pl.geometry[i], i, "highlights", "", style, target="places", **part)
              for i in places if i in pl.index
              for style, part in ((symbology.CONTEXT_PLACE_EDGE, {"part": "edge"}), (symbology.CONTEXT_PLACE_RING, {}))]
    fl = atlas.flows[atlas.flows["route"].isin(list(routes))]
    bands = ((symbology.ROUTE_HIGHLIGHT_EDGE, {"part": "edge"}), (symbology.ROUTE_HIGHLIGHT, {}))
    feats += [feature(r.geometry, r.id, "highlights", "", style, target="flows", **part)
              for r in records(fl) for style, part in bands]
    mx = atlas.states[atlas.states["country"] == "MX"].set_index("name")
    outlines = ((symbology.STATE_HIGHLIGHT_EDGE, {"part": "edge"}), (symbology.STATE_HIGHLIGHT, {}))
    feats += [feature(mx.geometry[s], f"state:{s}", "highlights", "", style, **part)
              for s in states if s in mx.index for style, part in outlines]
    return collection(feats)


# --- base map -------------------------------------------------------------------------------

def basemap_features(atlas: Atlas, with_tiles: bool) -> dict:
    """Countries and states as a base map; with tiles only thin outlines so the tiles show."""
    land = {"color": "#ffffff", "weight": 1, "fillColor": symbology.BASEMAP_COLOURS["land"],
            "fillOpacity": 0.0 if with_tiles else 1.0}
    states = {"color": "#8a8a8a", "weight": 0.8, "fillColor": symbology.BASEMAP_COLOURS["state"],
              "fillOpacity": 0.0 if with_tiles else 1.0}
    def light(geom: shapely.Geometry, kind: str) -> shapely.Geometry:
        return shapely.simplify(geom, BASEMAP_SIMPLIFY_DEG[kind], preserve_topology=True)

    clip = shapely.box(*BASEMAP_CLIP)
    feats = [feature(light(r.geometry.intersection(clip), "country"), f"country:{r.code}", "base", "", land,
                     BASEMAP_DECIMALS["country"]) for r in atlas.countries.itertuples()]
    feats += [feature(light(r.geometry, r.country), f"state:{r.name}", "base", "", states, BASEMAP_DECIMALS[r.country])
              for r in atlas.states.itertuples()]
    return collection(feats)


# --- imported datasets ----------------------------------------------------------------------

IMPORTED_OUTLINE = "#6A3D9A"  # purple ring: the user's own data, told apart from the curated events


def imported_tip(row: SimpleNamespace, dataset: str, lang: str) -> str:
    killed = t("unknown", lang) if missing(getattr(row, "killed", None)) else str(row.killed)
    place = ", ".join(str(p) for p in (getattr(row, "place", ""), getattr(row, "admin1", "")) if p and not missing(p))
    kind = type_name(str(getattr(row, "type", "")), lang)
    precision = str(getattr(row, "precision", "") or "")
    where = f" <i>({safe(t('placed_at_' + precision, lang))})</i>" if precision in symbology.COARSE_PLACE else ""
    return (f"<b>{safe(dataset)}</b> · {safe(getattr(row, 'date', ''))} · {safe(kind)}<br>"
            f"{safe(place)}{where}<br>{safe(t('killed', lang))}: {safe(killed)}<br>{safe(getattr(row, 'actors', ''))}")


def spot_key(lat: float, lon: float) -> str:
    """The id of the mark for the imported rows at one point (about a metre apart count as one point)."""
    return f"{SPOT_PREFIX}{lat:.5f},{lon:.5f}"


# What a mark and its tooltip read of an imported row (_imported_mark, imported_tip); "casualties" is added.
MARK_COLUMNS = ("id", "lon", "lat", "type", "killed", "injured", "precision", "date", "place", "admin1", "actors")


def _casualties(frame: gpd.GeoDataFrame) -> np.ndarray:
    """Killed plus injured per row, an unknown figure counted as 0 (the size of a mark)."""
    figures = [pd.to_numeric(frame[c], errors="coerce").astype(float).fillna(0.0) for c in ("killed", "injured")
               if c in frame.columns]
    return sum((f.to_numpy() for f in figures), np.zeros(len(frame)))


def stacked_rows(frame: gpd.GeoDataFrame) -> dict[str, list[SimpleNamespace]]:
    """The rows of ``frame`` by the point they stand at (:func:`spot_key`), in one pass over the rows.

    Points come in the order of their first row, and each point's rows in the frame's order. Each row carries
    the columns of :data:`MARK_COLUMNS` (its point as ``lon``/``lat``, never a shapely object) and ``casualties``.
    """
    groups: dict[str, list[SimpleNamespace]] = {}
    lats, lons = frame["lat"].tolist(), frame["lon"].tolist()
    # a dataset has dozens of columns; none of these is its geometry, so this is a plain DataFrame
    marked = frame[[c for c in MARK_COLUMNS if c in frame.columns]].assign(casualties=_casualties(frame))
    for lat, lon, row in zip(lats, lons, records(marked), strict=True):
        groups.setdefault(spot_key(lat, lon), []).append(row)
    return groups


def _imported_mark(key: str, rows: list[SimpleNamespace], dataset: str, layer: str, lang: str) -> dict:
    """One row's circle, or one mark for the rows at a point with their count (its click lists them)."""
    first = rows[0]
    if len(rows) == 1:
        style = {**symbology.event_style(str(getattr(first, "type", "")), first.casualties, "M", False),
                 "color": IMPORTED_OUTLINE, "weight": 2, "opacity": 0.9,
                 **symbology.COARSE_PLACE.get(str(getattr(first, "precision", "") or ""), {})}
        return point_feature(first.lon, first.lat, str(first.id), layer, imported_tip(first, dataset, lang), style,
                             dataset=dataset)
    style = {**symbology.spot_style([str(getattr(r, "type", "")) for r in rows], sum(r.casualties for r in rows)),
             "color": IMPORTED_OUTLINE}
    tip = (f"<b>{safe(plural('n_events', len(rows), lang))} · {safe(dataset)}</b><br>"
           + "<br>".join(imported_tip(r, dataset, lang).split("<br>", 1)[0] for r in rows[:SPOT_TIP_ROWS])
           + (f"<br><i>{safe(t('n_more', lang, n=len(rows) - SPOT_TIP_ROWS))}</i>" if len(rows) > SPOT_TIP_ROWS
              else "") + f"<br><i>{safe(t('click_for_list', lang))}</i>")
    return point_feature(first.lon, first.lat, key, layer, tip, style, dataset=dataset, count=len(rows),
                         ids=[str(r.id) for r in rows])


def imported_features(frame: gpd.GeoDataFrame, dataset: str, lang: str) -> dict:
    """An imported dataset drawn like events (type colour, size by casualties) with a purple ring.

    Rows at one point are one mark with their count, whose tooltip and click list them (details.py).
    The rows are grouped in one pass (:func:`stacked_rows`): a pandas group-by with a frame per
    point cost more than everything else on the page at a few thousand rows.
    """
    layer = imported_layer_id(dataset)
    return collection(_imported_mark(key, rows, dataset, layer, lang) for key, rows in stacked_rows(frame).items())


# --- large layers: points while few, hexagons when many ------------------------------------

@dataclass(frozen=True)
class Binned:
    """Says that a layer reached the map as hexagons, for the legend and the account."""

    layer: str
    title: str
    events: int   # events in the binned area
    cells: int
    zoom: int


def hex_features(bins: pd.DataFrame, zoom: int, layer: str, lang: str, outline: str) -> list[dict]:
    """Hexagons coloured by their number of events; the tooltip gives counts and casualties."""
    rings = hexbins.hex_rings(bins, zoom)
    hint = safe(t("zoom_for_events", lang))
    killed_label, injured_label = safe(t("killed", lang)), safe(t("injured", lang))
    unknown = safe(t("unknown", lang))  # a cell where no event has the figure
    headline: dict[int, str] = {}  # "12 events", once per distinct count
    colour = {int(c): hexbins.count_colour(int(c)) for c in np.unique(bins["count"].to_numpy())}
    feats = []
    for ring, q, r, count, killed, injured in zip(rings, bins["q"].tolist(), bins["r"].tolist(),
                                                   bins["count"].tolist(), bins["killed"].tolist(),
                                                   bins["injured"].tolist(), strict=True):
        fid = hexbins.hex_id(zoom, int(q), int(r))
        count = int(count)
        if count not in headline:
            headline[count] = safe(plural("n_events", count, lang, n=f"{count:,}"))
        killed, injured = (unknown if np.isnan(x) else f"{int(x):,}" for x in (killed, injured))
        tip = (f"<b>{headline[count]}</b><br>{killed_label}: "
               f"{killed} · {injured_label}: {injured}<br><i>{hint}</i>")
        style = {"color": outline, "weight": 1, "opacity": 0.8, "fillColor": colour[count], "fillOpacity": 0.75}
        feats.append({"type": "Feature", "id": fid, "geometry": {"type": "Polygon", "coordinates": [ring]},
                      "properties": {"id": fid, "layer": layer, "tip": tip, "style": style, "count": count}})
    return feats


def _bins(frame: gpd.GeoDataFrame, lat: np.ndarray, lon: np.ndarray, zoom: int,
          rows: np.ndarray | None = None) -> pd.DataFrame:
    """Hexagon bins of ``frame``'s rows (all, or the boolean ``rows``) with their killed and injured."""
    rows = slice(None) if rows is None else rows
    casualties = [frame[c].to_numpy(dtype="float64", na_value=np.nan)[rows] for c in ("killed", "injured")]
    return hexbins.bin_points(lat[rows], lon[rows], *casualties, zoom)


def imported_layer(frame: gpd.GeoDataFrame, mask: np.ndarray, dataset: str, title: str, lang: str,
                   view: MapView) -> tuple[dict, Binned | None]:
    """An imported dataset for the map: its selected rows as points, or hexagons when too many.

    Up to :data:`hexbins.AGGREGATE_ABOVE` rows are sent whole, wherever the map looks. Beyond
    that only the area around ``view`` is sent: as points if few enough fall in it (the reader
    has zoomed in), otherwise as hexagons. What reaches the browser stays bounded.
    """
    layer = imported_layer_id(dataset)
    if hexbins.drawn_as_points(int(mask.sum())):
        return imported_features(frame[mask], dataset, lang), None
    window = hexbins.window_for(view)
    lon0, lat0, lon1, lat1 = window.lonlat_box()
    lat, lon = frame["lat"].to_numpy(), frame["lon"].to_numpy()
    near = mask & (lat >= lat0) & (lat < lat1) & (lon >= lon0) & (lon < lon1)
    if hexbins.drawn_as_points(int(near.sum())):
        return imported_features(frame[near], dataset, lang), None
    bins = _bins(frame, lat, lon, view.zoom, near)
    feats = hex_features(bins, view.zoom, layer, lang, IMPORTED_OUTLINE)
    return collection(feats), Binned(layer, title, int(near.sum()), len(bins), view.zoom)


def event_layer(frame: gpd.GeoDataFrame, atlas: Atlas, lang: str, zoom: int) -> tuple[dict, Binned | None]:
    """The curated events: points, or hexagons over their whole extent should they ever grow large."""
    if hexbins.drawn_as_points(len(frame)):
        return event_features(frame, atlas, lang), None
    bins = _bins(frame, frame.geometry.y.to_numpy(), frame.geometry.x.to_numpy(), zoom)
    return (collection(hex_features(bins, zoom, "events", lang, "#111111")),
            Binned("events", t("events", lang), len(frame), len(bins), zoom))
