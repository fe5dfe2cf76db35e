"""What the map shows in a view, as a list a keyboard or a screen reader can walk: the events and
places of the current filters inside the map's window, the deadliest first.

The page knows the map's center and zoom, not its pixel size; the window is taken for a map of
``MAP_PX`` pixels (a desktop map), which is what a reader at that zoom sees, give or take the edges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from dashboard.atlas.data import Atlas, missing
from dashboard.atlas.filters import events_mask, places_mask
from dashboard.atlas.narrative import Chapter
from dashboard.model import MapView, Selection

MAP_PX = (1000, 700)
TILE_PX = 256


@dataclass(frozen=True)
class Item:
    layer: str   # "events" or "places", as a click on the map reports it
    id: str
    label: str


def _y(lat: float) -> float:
    """Web Mercator y of a latitude, in world units (0 at the top, 1 at the bottom)."""
    s = math.sin(math.radians(max(-85.0, min(85.0, lat))))
    return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)


def _lat(y: float) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))


def view_box(view: MapView, size: tuple[int, int] = MAP_PX) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a ``size`` map centred on the view at its zoom."""
    world = TILE_PX * 2 ** view.zoom
    half_w, half_h = size[0] / 2 / world, size[1] / 2 / world
    y = _y(view.lat)
    return (view.lon - half_w * 360, _lat(min(1.0, y + half_h)), view.lon + half_w * 360, _lat(max(0.0, y - half_h)))


def _inside(frame, box: tuple[float, float, float, float]) -> np.ndarray:
    """Which rows of ``frame`` (points) lie inside ``box``."""
    west, south, east, north = box
    points = np.asarray(frame.geometry.array, dtype=object)
    xs, ys = shapely.get_x(points), shapely.get_y(points)
    return (xs >= west) & (xs <= east) & (ys >= south) & (ys <= north)


IN_VIEW_LIMIT = 12  # items the list beside the map shows; the rest it counts


def items_in_view(atlas: Atlas, sel: Selection, view: MapView, lang: str, limit: int = IN_VIEW_LIMIT,
                  chapter: Chapter | None = None) -> tuple[list[Item], int]:
    """Up to ``limit`` items (events by deaths then date, then places by name) and how many more are in view.

    The atlas's frames are small: the rows are read as plain lists and sorted in Python.
    """
    box = view_box(view)
    items: list[Item] = []
    if "events" in sel.layers:
        ev = atlas.events
        title = f"title_{lang}" if f"title_{lang}" in ev.columns else "title_en"
        keep = (events_mask(atlas, sel, chapter) & _inside(ev, box)).tolist()
        rows = [(0 if missing(killed) else killed, date, i, name) for killed, date, i, name, k in zip(
            ev["killed"].tolist(), ev["date"].tolist(), ev["id"].tolist(), ev[title].tolist(), keep, strict=True) if k]
        rows.sort(key=lambda row: (row[0], row[1]), reverse=True)  # deadliest, then latest; ties keep their order
        items += [Item("events", str(i), f"{date} · {name}") for _, date, i, name in rows]
    if "places" in sel.layers:
        pl = atlas.places
        keep = (places_mask(atlas, sel, chapter=chapter) & _inside(pl, box)).tolist()
        names = sorted((name, str(i)) for name, i, k in zip(pl["name"].tolist(), pl["id"].tolist(), keep, strict=True)
                       if k)
        items += [Item("places", i, atlas.place_name(i, lang)) for _, i in names]
    return items[:limit], max(0, len(items) - limit)
