"""Frames that fit what they show: a chapter opens on a view holding all of its features with a margin.

A chapter's events, places and routes (from the flows' origins, such as the Lake City plant in
Missouri, to their ends) are its focus. Its view is fitted to them for the desktop map, leaving the
key's strip at the map's left edge free (the page lays the key over the map there), and never
closer than the zoom the chapter asks for. A narrower map (a phone) fits the same focus again in the
browser (``map.leaflet.ReaderMoves``), from :func:`focus_bounds`.
"""

from __future__ import annotations

import math
from dataclasses import replace

import geopandas as gpd
import shapely

from dashboard.atlas.narrative import Chapter
from dashboard.model import MapView

# The desktop map at 1440x900 (the smallest desktop the page is laid out for): about 800 x 675 px,
# of which the key takes a strip of KEY_STRIP_PX on the left. Every feature keeps MARGIN_PX from the edges.
DESKTOP_MAP_PX = (800, 660)
KEY_STRIP_PX = 250
MARGIN_PX = 28
KEY_BOX_PX = (KEY_STRIP_PX + 16, 380)  # the key's box over the lower left corner, with its gaps (ui/map_view.py)
CONTROLS_BOX_PX = (52, 124)  # Leaflet's zoom and full-screen buttons in the upper left corner, with their gaps
MIN_ZOOM = 3


def world_px(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """Web Mercator world pixel of a point at ``zoom`` (256-pixel tiles)."""
    scale = 256 * 2 ** zoom
    s = math.sin(math.radians(max(min(lat, 85.0), -85.0)))
    return (lon + 180) / 360 * scale, (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale


def world_latlon(x: float, y: float, zoom: float) -> tuple[float, float]:
    """The inverse of :func:`world_px`."""
    scale = 256 * 2 ** zoom
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / scale)))), x / scale * 360 - 180


def desktop_frame(view: MapView) -> shapely.Geometry:
    """What ``view`` shows of the desktop map, less the key over its lower left corner and the buttons over its
    upper left one (a name under them is not read): world pixels at its zoom."""
    x, y = world_px(view.lat, view.lon, view.zoom)
    w, h = DESKTOP_MAP_PX
    x0, y0, x1, y1 = x - w / 2, y - h / 2, x + w / 2, y + h / 2
    covered = shapely.union(shapely.box(x0, y1 - KEY_BOX_PX[1], x0 + KEY_BOX_PX[0], y1),
                            shapely.box(x0, y0, x0 + CONTROLS_BOX_PX[0], y0 + CONTROLS_BOX_PX[1]))
    return shapely.box(x0, y0, x1, y1).difference(covered)


def focus_bounds(chapter: Chapter, events: gpd.GeoDataFrame, places: gpd.GeoDataFrame,
                 flows: gpd.GeoDataFrame) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) around the chapter's events, places and every leg of its routes."""
    geoms = [*events.loc[events["id"].isin(chapter.events)].geometry,
             *places.loc[places["id"].isin(chapter.places)].geometry,
             *flows.loc[flows["route"].isin(chapter.routes)].geometry]
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    if not geoms:
        return None
    bounds = gpd.GeoSeries(geoms).total_bounds  # minx, miny, maxx, maxy
    return float(bounds[1]), float(bounds[0]), float(bounds[3]), float(bounds[2])


def fitted_view(bounds: tuple[float, float, float, float], widest: MapView,
                size_px: tuple[int, int] = DESKTOP_MAP_PX, left_px: int = KEY_STRIP_PX,
                margin_px: int = MARGIN_PX) -> MapView:
    """The closest view (not closer than ``widest.zoom``) whose free part of the frame holds ``bounds``.

    The free part is the frame less ``left_px`` on the left and ``margin_px`` all round.
    """
    south, west, north, east = bounds
    room_w, room_h = size_px[0] - left_px - 2 * margin_px, size_px[1] - 2 * margin_px
    zoom = widest.zoom
    while zoom > MIN_ZOOM:
        x0, y0 = world_px(north, west, zoom)
        x1, y1 = world_px(south, east, zoom)
        if x1 - x0 <= room_w and y1 - y0 <= room_h:
            break
        zoom -= 1
    x0, y0 = world_px(north, west, zoom)
    x1, y1 = world_px(south, east, zoom)
    # The focus sits in the middle of the free part: the frame's centre lies left_px / 2 further left.
    lat, lon = world_latlon((x0 + x1) / 2 - left_px / 2, (y0 + y1) / 2, zoom)
    return MapView(round(lat, 4), round(lon, 4), zoom)


def fit_chapters(chapters: tuple[Chapter, ...] | list[Chapter], events: gpd.GeoDataFrame,
                 places: gpd.GeoDataFrame, flows: gpd.GeoDataFrame) -> list[Chapter]:
    """The chapters with their views fitted to their focus (a chapter with no located feature keeps its own)."""
    out = []
    for c in chapters:
        bounds = focus_bounds(c, events, places, flows)
        out.append(c if bounds is None else replace(c, view=fitted_view(bounds, c.view)))
    return out


def chapter_fits(chapters: tuple[Chapter, ...] | list[Chapter], events: gpd.GeoDataFrame, places: gpd.GeoDataFrame,
                 flows: gpd.GeoDataFrame) -> list[list[float]]:
    """Each chapter's view with the bounds of its story: [lat, lon, zoom, south, west, north, east], for the map
    to fit a smaller frame than the desktop's (``map.leaflet.ReaderMoves``)."""
    out = []
    for c in chapters:
        bounds = focus_bounds(c, events, places, flows)
        if bounds is not None:
            out.append([c.view.lat, c.view.lon, c.view.zoom, *(round(b, 4) for b in bounds)])
    return out
