"""What the map shows in a view, as a list a keyboard or a screen reader can walk: the events and
places of the current filters inside the map's window, the deadliest first.

The page knows the map's center and zoom, not its pixel size; the window is taken for a map of
``MAP_PX`` pixels (a desktop map), which is what a reader at that zoom sees, give or take the edges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dashboard.atlas.data import Atlas
from dashboard.atlas.filters import events_mask, places_mask
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
    """Which rows of ``frame`` lie inside ``box``."""
    west, south, east, north = box
    xs, ys = frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()
    return (xs >= west) & (xs <= east) & (ys >= south) & (ys <= north)


def items_in_view(atlas: Atlas, sel: Selection, view: MapView, lang: str, limit: int = 12) -> tuple[list[Item], int]:
    """Up to ``limit`` items (events by deaths then date, then places by name) and how many more are in view."""
    box = view_box(view)
    items: list[Item] = []
    if "events" in sel.layers:
        ev = atlas.events
        title = f"title_{lang}" if f"title_{lang}" in ev.columns else "title_en"
        # only the columns the list reads, of the selected events in view: no GeoDataFrame is built
        events = ev.loc[events_mask(atlas, sel) & _inside(ev, box), ["id", "date", "killed", title]]
        events = events.assign(_k=events["killed"].fillna(0)).sort_values(["_k", "date"], ascending=False)
        items += [Item("events", str(i), f"{date} · {name}")
                  for i, date, name in zip(events["id"].tolist(), events["date"].tolist(), events[title].tolist(),
                                           strict=True)]
    if "places" in sel.layers:
        pl = atlas.places
        places = pl.loc[places_mask(atlas, sel) & _inside(pl, box), ["id", "name"]].sort_values("name")
        items += [Item("places", str(i), atlas.place_name(str(i), lang)) for i in places["id"].tolist()]
    return items[:limit], max(0, len(items) - limit)
