"""What the map shows in a view, as a list a keyboard or a screen reader can walk: the events and
places of the current filters inside the map's window, the deadliest first.

The page knows the map's center and zoom, not its pixel size; the window is taken for a map of
``MAP_PX`` pixels (a desktop map), which is what a reader at that zoom sees, give or take the edges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dashboard.atlas.data import Atlas
from dashboard.atlas.filters import events_for, places_for
from dashboard.atlas.narrative import Chapter
from dashboard.model import MapView, Selection

MAP_PX = (1000, 700)
TILE_PX = 256
IN_VIEW_LIMIT = 12  # items the list shows; the rest it counts


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


def _inside(frame, box: tuple[float, float, float, float]):
    west, south, east, north = box
    xs, ys = frame.geometry.x, frame.geometry.y
    return frame[(xs >= west) & (xs <= east) & (ys >= south) & (ys <= north)]


def items_in_view(atlas: Atlas, sel: Selection, view: MapView, lang: str, limit: int = IN_VIEW_LIMIT,
                  chapter: Chapter | None = None) -> tuple[list[Item], int]:
    """Up to ``limit`` items (events by deaths then date, then places by name) and how many more are in view.

    With a ``chapter`` open, only what it draws: its own events and places."""
    box = view_box(view)
    items: list[Item] = []
    if "events" in sel.layers:
        events = _inside(events_for(atlas, sel, chapter), box)
        events = events.assign(_k=events["killed"].fillna(0)).sort_values(["_k", "date"], ascending=False)
        title = f"title_{lang}" if f"title_{lang}" in events.columns else "title_en"
        items += [Item("events", str(r.id), f"{r.date} · {getattr(r, title)}") for r in events.itertuples()]
    if "places" in sel.layers:
        places = _inside(places_for(atlas, sel, chapter), box).sort_values("name")
        items += [Item("places", str(r.id), atlas.place_name(str(r.id), lang)) for r in places.itertuples()]
    return items[:limit], max(0, len(items) - limit)

