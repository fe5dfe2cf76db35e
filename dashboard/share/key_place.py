"""Where a key drawn over a snapshot's map goes: the corner of the frame where it covers least of the story.

A social card lays its compact key over the map, in the corner where it hides least: the Pacific in
the atlas's default view. Each corner is scored by how much of what the view draws lies under the
key's box there (points and labels by count, shapes by the share of the box they fill),
and the emptiest corner wins (ties: lower left, lower right, upper left, upper right).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from dashboard.map.hexbins import to_mercator

LABEL_WEIGHT = 3.0   # a label under the key is lost: it weighs as much as three points
SHAPE_WEIGHT = 40.0  # a shape filling the key's whole box weighs as much as this many points


def _geometries(layers: Mapping[str, dict]) -> list[tuple[object, float]]:
    """Each drawn feature as a Web Mercator geometry with its weight (labels most, per point)."""
    import shapely
    from shapely.geometry import shape

    def mercator(lonlat: np.ndarray) -> np.ndarray:
        return np.column_stack(to_mercator(lonlat[:, 1], lonlat[:, 0]))

    out = []
    for kind, fc in layers.items():
        for f in fc.get("features", []):
            if f.get("geometry"):
                geom = shapely.transform(shape(f["geometry"]), mercator)
                out.append((geom, LABEL_WEIGHT if kind == "labels" else 1.0))
    return out


def corners(map_box: tuple[float, ...], key_w: float, key_h: float, inset: float,
            below: float) -> list[tuple[float, float]]:
    """The key's lower-left point in each corner of ``map_box`` (figure pixels); ``below``: room under it at the
    bottom (the scale bar), ``inset``: from the map's edges."""
    x, y, w, h = map_box
    left, right = x + inset, x + w - inset - key_w
    low, high = y + below, y + h - inset - key_h
    return [(left, low), (right, low), (left, high), (right, high)]


def cover(geometries: list[tuple[object, float]], box) -> float:
    """How much of what is drawn ``box`` covers: points and labels by weight, shapes by the share of the box."""
    total = 0.0
    for geom, weight in geometries:
        if not geom.intersects(box):
            continue
        if geom.geom_type.endswith("Point"):
            total += weight
        elif geom.geom_type.endswith("Polygon"):
            total += SHAPE_WEIGHT * geom.intersection(box).area / box.area
        else:   # a line: its length inside, in box widths
            total += SHAPE_WEIGHT * geom.intersection(box).length / (box.bounds[2] - box.bounds[0]) / 4
    return total


def emptiest_corner(ax, layers: Mapping[str, dict], options: list[tuple[float, float]], key_w: float,
                    key_h: float) -> tuple[float, float]:
    """The option whose key box covers least of what is drawn (``ax`` framed: pixels -> its data)."""
    import shapely

    geometries = _geometries(layers)
    inverse = ax.transData.inverted()
    scores = []
    for cx, cy in options:
        (x0, y0), (x1, y1) = inverse.transform([(cx, cy), (cx + key_w, cy + key_h)])
        scores.append(cover(geometries, shapely.box(x0, y0, x1, y1)))
    return options[int(np.argmin(scores))]
