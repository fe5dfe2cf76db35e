"""Hexagon bins for point layers too large to draw one by one.

Leaflet draws a few thousand SVG features comfortably; a national dataset has hundreds of
thousands of events. Above :data:`AGGREGATE_ABOVE` points in view, a layer is sent as
hexagons instead: each carries the number of events and the people killed and injured in
it. Hexagons are regular in Web Mercator (what the map shows) and have a fixed size on
screen, :data:`HEX_RADIUS_PX`, so they get finer as the reader zooms in. Only the part of
the data around the view is binned, which keeps what reaches the browser bounded whatever
the size of the data (at most a few thousand hexagons in :data:`VIEWPORT_PX`).

Everything here works on numpy arrays: no Python loop runs per event.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.model import MapView

AGGREGATE_ABOVE = 2000        # points in view; more than this are drawn as hexagons
HEX_RADIUS_PX = 22            # centre to corner, in screen pixels
# The largest map we plan for (a full-screen map on a large monitor), centred on the view.
# The area binned is this, padded by half on each side and snapped to a coarse grid so
# that small pans reuse the same bins (and the same cache entry).
VIEWPORT_PX = (2048, 1152)
WORLD_M = 2 * math.pi * 6378137.0   # Web Mercator: the width of the world in metres
MAX_LAT = 85.05112878
# Sequential classes (ColorBrewer YlOrRd, colour-blind safe): lower bounds of event counts.
COUNT_BREAKS = (1, 5, 10, 50, 100, 500, 1000)
COUNT_COLOURS = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026")
SQRT3 = math.sqrt(3.0)


def metres_per_pixel(zoom: int) -> float:
    return WORLD_M / (256 * 2 ** zoom)


def drawn_as_points(count: int) -> bool:
    """Whether ``count`` events of a layer in view reach the map as single events (else as hexagons)."""
    return count <= AGGREGATE_ABOVE


def hex_radius(zoom: int) -> float:
    """A hexagon's centre-to-corner distance in Web Mercator metres at ``zoom``."""
    return HEX_RADIUS_PX * metres_per_pixel(zoom)


def to_mercator(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lat = np.clip(np.asarray(lat, dtype="float64"), -MAX_LAT, MAX_LAT)
    x = np.radians(np.asarray(lon, dtype="float64")) * 6378137.0
    y = np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) * 6378137.0
    return x, y


def from_mercator(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lon = np.degrees(np.asarray(x) / 6378137.0)
    lat = np.degrees(2 * np.arctan(np.exp(np.asarray(y) / 6378137.0)) - np.pi / 2)
    return lat, lon


@dataclass(frozen=True)
class Window:
    """The part of the map that gets binned: a Web Mercator box in metres, at a zoom level."""

    zoom: int
    x0: float
    y0: float
    x1: float
    y1: float

    def lonlat_box(self) -> tuple[float, float, float, float]:
        (lat0, lat1), (lon0, lon1) = from_mercator(np.array([self.x0, self.x1]), np.array([self.y0, self.y1]))
        return float(lon0), float(lat0), float(lon1), float(lat1)


def window_for(view: MapView) -> Window:
    """The padded, snapped box around ``view`` (see :data:`VIEWPORT_PX`)."""
    res = metres_per_pixel(view.zoom)
    step_x, step_y = VIEWPORT_PX[0] * res / 2, VIEWPORT_PX[1] * res / 2
    x, y = to_mercator(np.array([view.lat]), np.array([view.lon]))
    cx, cy = float(x[0]), float(y[0])
    # Snap the centre to half a viewport, then take two viewports each way: the view plus at
    # least half a viewport of margin on every side.
    sx, sy = round(cx / step_x) * step_x, round(cy / step_y) * step_y
    return Window(view.zoom, sx - 4 * step_x, sy - 4 * step_y, sx + 4 * step_x, sy + 4 * step_y)


def hex_cells(x: np.ndarray, y: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Axial coordinates (q, r) of the pointy-top hexagon of ``radius`` containing each point."""
    qf = (SQRT3 / 3 * x - y / 3) / radius
    rf = (2 / 3 * y) / radius
    sf = -qf - rf
    q, r, s = np.rint(qf), np.rint(rf), np.rint(sf)
    dq, dr, ds = np.abs(q - qf), np.abs(r - rf), np.abs(s - sf)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    q = np.where(fix_q, -r - s, q)
    r = np.where(fix_r, -q - s, r)
    return q.astype("int64"), r.astype("int64")


def hex_centre(q: np.ndarray, r: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    return radius * SQRT3 * (q + r / 2), radius * 1.5 * r


def cells_at(lat: np.ndarray, lon: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Axial coordinates (q, r) of the hexagon at ``zoom`` that holds each point."""
    x, y = to_mercator(lat, lon)
    return hex_cells(x, y, hex_radius(zoom))


def bin_points(lat: np.ndarray, lon: np.ndarray, killed: np.ndarray, injured: np.ndarray, zoom: int) -> pd.DataFrame:
    """One row per occupied hexagon: q, r, count, killed, injured (NaN casualties count as 0; a cell where
    no point has a figure gets NaN: unknown, not zero)."""
    q, r = cells_at(lat, lon, zoom)
    keys, inverse = _cell_keys(q, r)
    sums = {}
    for name, values in (("killed", killed), ("injured", injured)):
        values = np.asarray(values, dtype="float64")
        known = np.bincount(inverse, ~np.isnan(values), minlength=len(keys))
        sums[name] = np.where(known > 0, np.bincount(inverse, np.nan_to_num(values), minlength=len(keys)), np.nan)
    return pd.DataFrame({
        "q": keys >> 32, "r": (keys & 0xFFFFFFFF) - (1 << 31),
        "count": np.bincount(inverse, minlength=len(keys)), **sums,
    })


DENSE_CELLS = 1 << 22  # a grid of at most this many cells is counted directly, without a sort


def _cell_keys(q: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The occupied cells as sorted int64 keys (q, then r: q and r stay far below 2**31 at any zoom) and each
    point's index among them, as ``np.unique(keys, return_inverse=True)`` gives them.

    The binned window spans a few thousand cells: counting points into that grid is one pass, where
    sorting a million keys took most of a rerun. A wider spread (a whole layer at street zoom) sorts.
    """
    keys = (q << 32) + (r + (1 << 31))
    if not len(q):
        return np.unique(keys, return_inverse=True)
    q0, r0 = q.min(), r.min()
    width = int(r.max() - r0) + 1
    cells = (int(q.max() - q0) + 1) * width
    if cells > max(DENSE_CELLS, len(q)):
        return np.unique(keys, return_inverse=True)
    dense = (q - q0) * width + (r - r0)
    occupied = np.flatnonzero(np.bincount(dense, minlength=cells))
    where = np.empty(cells, dtype="int64")
    where[occupied] = np.arange(len(occupied))
    return ((occupied // width + q0) << 32) + (occupied % width + r0 + (1 << 31)), where[dense]


def cell_of(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    q, r = cells_at(np.array([lat]), np.array([lon]), zoom)
    return int(q[0]), int(r[0])


def in_cell(lat: np.ndarray, lon: np.ndarray, zoom: int, q: int, r: int) -> np.ndarray:
    """Which points fall into hexagon (q, r) at ``zoom``."""
    cq, cr = cells_at(lat, lon, zoom)
    return (cq == q) & (cr == r)


def hex_rings(bins: pd.DataFrame, zoom: int, decimals: int = 4) -> list[list[list[float]]]:
    """The closed outline (lon, lat) of every hexagon in ``bins``, as GeoJSON ring lists."""
    radius = hex_radius(zoom)
    cx, cy = hex_centre(bins["q"].to_numpy(), bins["r"].to_numpy(), radius)
    angles = np.radians(np.array([30, 90, 150, 210, 270, 330, 30]))
    xs = cx[:, None] + radius * np.cos(angles)[None, :]
    ys = cy[:, None] + radius * np.sin(angles)[None, :]
    lat, lon = from_mercator(xs, ys)
    coords = np.round(np.stack([lon, lat], axis=-1), decimals)
    return coords.tolist()


def count_colour(count: int) -> str:
    index = int(np.searchsorted(COUNT_BREAKS, count, side="right")) - 1
    return COUNT_COLOURS[max(index, 0)]


def hex_id(zoom: int, q: int, r: int) -> str:
    return f"hex:{zoom}:{q}:{r}"


def parse_hex_id(fid: str) -> tuple[int, int, int] | None:
    """(zoom, q, r) from a hexagon's feature id, or None when ``fid`` is not one."""
    parts = fid.split(":")
    if len(parts) != 4 or parts[0] != "hex":
        return None
    try:
        return int(parts[1]), int(parts[2]), int(parts[3])
    except ValueError:
        return None
