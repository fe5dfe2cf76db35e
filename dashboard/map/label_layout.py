"""Where each label goes, in screen pixels at the view's zoom: beside its point, clear of what is drawn.

A view's own names (a chapter's places, see ``map.labels``) are placed before any other and as a set: each
takes the first of its forms (full name, short name; near its symbol, then clear of the symbols crowding it)
that finds room, and one that finds none may move a single own name set before it to another of its
places. A name is left out only when no such move makes room. The other labels then fill the room left.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace

import shapely

# Web Mercator world pixels: one formula for the fitted views (atlas.framing) and the labels placed in them.
from dashboard.atlas.framing import world_latlon as latlon
from dashboard.atlas.framing import world_px as pixel
from dashboard.text import safe, slugify

CHAR_EM = 0.58               # average character width as a share of the font size (Source Sans, upper case wider)
GAP_PX = 3


@dataclass(frozen=True)
class Candidate:
    """A label to place: its text, its point, its kind and how much room its point symbol takes."""

    text: str
    lat: float
    lon: float
    kind: str              # "state", "place" or "town"
    size_px: float
    radius_px: float = 0   # 0: centred on the point; else beside the point's symbol
    key: str = ""          # what the label names: a second candidate for it (an abbreviation) is skipped once one fits
    own: bool = False      # one of the view's own names (a chapter's): placed first, as a set (see the module)
    reach_px: float = 0    # beyond radius_px: the radius clearing the other symbols that overlap its own
    own_px: float = 0      # set out at reach_px: the radius of its own symbol (0: set beside it)


def text_box(c: Candidate, x: float, y: float, side: str) -> shapely.Polygon:
    """The screen box the label's text covers when set on ``side`` of (x, y): "center", "right", "left",
    "above" or "below" (the last two centred over or under the point's symbol)."""
    # State names are set in bold capitals with letter spacing: wider per character.
    width = len(c.text) * CHAR_EM * c.size_px * (1.3 if c.kind == "state" else 1.0)
    half_h = 0.62 * c.size_px
    if side in ("above", "below"):
        shift = (c.radius_px + GAP_PX + half_h) * (-1 if side == "above" else 1)
        return shapely.box(x - width / 2, y + shift - half_h, x + width / 2, y + shift + half_h)
    if side == "center":
        return shapely.box(x - width / 2, y - half_h, x + width / 2, y + half_h)
    start = x + c.radius_px + GAP_PX if side == "right" else x - c.radius_px - GAP_PX - width
    return shapely.box(start, y - half_h, start + width, y + half_h)


Frame = tuple[float, float, float, float] | shapely.Geometry  # world pixels at the view's zoom


def positions(c: Candidate) -> list[tuple[str, float, float]]:
    """Where a label may go, in order: a state's name at its centre or a little off it; a point's beside it."""
    h = 1.3 * c.size_px
    if c.radius_px:
        beside = [("right", 0, 0), ("left", 0, 0), ("above", 0, 0), ("below", 0, 0),
                  ("right", 0, -h), ("right", 0, h), ("left", 0, -h), ("left", 0, h)]
        # An own name may also slide sideways above or below its point, as far as to start or end over it (San
        # Antonio over its ring, where Piedras Negras's name, set above its own ring just south-west, leaves room;
        # a long name clear of the key and the frame's edge).
        half = len(c.text) * CHAR_EM * c.size_px / 2
        slid = [(side, dx, 0) for dx in (half / 2, -half / 2, half, -half) for side in ("above", "below")]
        return beside + slid if c.own else beside
    w = len(c.text) * CHAR_EM * c.size_px * 0.7  # a state's name may also slide sideways, still over the state
    return [("center", 0, 0), ("center", 0, -h), ("center", 0, h), ("center", 0, -2 * h), ("center", 0, 2 * h),
            ("center", -w, 0), ("center", w, 0), ("center", -w, h), ("center", w, -h)]


def label_feature(c: Candidate, side: str) -> dict:
    return {"type": "Feature", "id": f"label:{c.kind}:{slugify(c.text)}",
            "geometry": {"type": "Point", "coordinates": [round(c.lon, 4), round(c.lat, 4)]},
            "properties": {"layer": "labels", "text": safe(c.text), "kind": c.kind, "side": side,
                           "offset": round(c.radius_px + GAP_PX, 1), "size": c.size_px}}


def _spots(forms: list[Candidate], zoom: int) -> Iterable[tuple[Candidate, str, float, float, shapely.Polygon]]:
    """Every box a name may take, in order: each form beside its symbol, on each side in turn."""
    for c in forms:
        x0, y0 = pixel(c.lat, c.lon, zoom)
        for side, dx, dy in positions(c):
            yield c, side, x0 + dx, y0 + dy, text_box(c, x0 + dx, y0 + dy, side)


class _Board:
    """The room left in the frame: what is drawn (points, lines) and the labels set so far, by what they name."""

    def __init__(self, obstacles: list[shapely.Geometry], zoom: int, frame: Frame | None,
                 lines: list[shapely.Geometry]) -> None:
        self.zoom = zoom
        self.taken = shapely.STRtree(obstacles) if obstacles else None
        # ``lines`` (flows) stop every label but a state's name: set in spaced capitals over a white halo, it stays
        # legible across a thin line, and Guanajuato, crossed by a route, is named under its events.
        self.crossed = shapely.STRtree(list(lines)) if len(lines) else None
        self.obstacles = obstacles
        self.inside = shapely.box(*frame) if isinstance(frame, tuple) else frame
        self.set: dict[str, tuple[shapely.Polygon, dict]] = {}  # key -> (box, feature), in the order set

    def cleared(self) -> _Board:
        """The same frame and drawing with no label set yet."""
        out = copy.copy(self)
        out.set = {}
        return out

    def open(self, c: Candidate, box: shapely.Polygon) -> bool:
        """Whether ``box`` lies inside the frame and clear of everything drawn (labels aside)."""
        if self.inside is not None and not self.inside.contains(box):
            return False
        if self.taken is not None and len(self.taken.query(box, predicate="intersects")):
            return False
        if self.crossed is not None and c.kind != "state" and len(self.crossed.query(box, predicate="intersects")):
            return False
        return not c.own_px or self.nearest_its_own(c, box)

    def nearest_its_own(self, c: Candidate, box: shapely.Polygon) -> bool:
        """Whether a name set out from its point lies nearer it than any other drawn point (those inside its own
        symbol aside): else a reader would give it to the other (on a phone, Reynosa's name out by McAllen's)."""
        own = shapely.Point(pixel(c.lat, c.lon, self.zoom))
        reach = box.distance(own)
        return all(p.distance(own) < c.own_px or box.distance(p) >= reach for p in self.centres)

    @functools.cached_property
    def centres(self) -> list[shapely.Point]:
        """The middles of the drawn point symbols, worked out the first time a name is set out from its point."""
        return list(shapely.centroid(self.obstacles)) if self.obstacles else []

    def blockers(self, box: shapely.Polygon) -> list[str]:
        return [k for k, (b, _) in self.set.items() if box.intersects(b)]

    def free(self, box: shapely.Polygon) -> bool:
        return not any(box.intersects(b) for b, _ in self.set.values())

    def put(self, key: str, c: Candidate, side: str, x: float, y: float, box: shapely.Polygon) -> None:
        at = (c.lat, c.lon) if (x, y) == pixel(c.lat, c.lon, self.zoom) else latlon(x, y, self.zoom)
        self.set[key] = (box, label_feature(replace(c, lat=at[0], lon=at[1]), side))

    def place(self, key: str, forms: list[Candidate], spare: shapely.Polygon | None = None) -> bool:
        """Set the first of ``forms``' spots that is open and free of other labels (and of ``spare``)."""
        for c, side, x, y, box in _spots(forms, self.zoom):
            if self.open(c, box) and self.free(box) and not (spare is not None and box.intersects(spare)):
                self.put(key, c, side, x, y, box)
                return True
        return False

    def make_room(self, key: str, forms: list[Candidate], groups: dict[str, list[Candidate]]) -> bool:
        """Set a name whose every spot is taken by moving the own names (one or two) set there to other spots."""
        for c, side, x, y, box in _spots(forms, self.zoom):
            found = self.blockers(box) if self.open(c, box) else []
            if not found or len(found) > 2 or any(k not in groups for k in found):
                continue
            before = dict(self.set)
            for k in found:
                del self.set[k]
            self.put(key, c, side, x, y, box)
            if all(self.place(k, groups[k]) for k in found):
                moved = self.set
                self.set = {k: moved[k] for k in before} | {key: moved[key]}  # the moved keep their rank
                return True
            self.set = before
        return False


def _place_own(board: _Board, groups: dict[str, list[Candidate]], order: list[str]) -> list[str]:
    """Set the own names on ``board`` in ``order``; the keys of those that found no room."""
    missing = [k for k in order if not board.place(k, groups[k])]
    # Beside its own symbol by moving another name, before further out, clear of the symbols crowding its own.
    missing = [k for k in missing if not board.make_room(k, groups[k], groups)]
    further = {k: [replace(c, radius_px=c.reach_px, own_px=c.radius_px) for c in groups[k] if c.reach_px > c.radius_px]
               for k in missing}
    return [k for k in missing if not board.place(k, further[k]) and not board.make_room(k, further[k], groups)]


def place_labels(candidates: Iterable[Candidate], obstacles: list[shapely.Geometry], zoom: int,
                 frame: Frame | None = None, lines: list[shapely.Geometry] = ()) -> list[dict]:
    """Label features for the candidates that fit, in order, on a free side of their point: the own names first.

    ``frame``: what the view shows in world pixels at ``zoom`` (a box x0, y0, x1, y1, or a shape: the frame
    less a key laid over it), when known: a label is set only where it lies wholly inside, so none is cut.
    """
    candidates = list(candidates)
    groups: dict[str, list[Candidate]] = {}
    for c in candidates:
        if c.own:
            groups.setdefault(c.key or f"own:{len(groups)}", []).append(c)
    # An own name left out goes first in the next round, until every one is set (or no round sets more).
    empty = _Board(obstacles, zoom, frame, lines)
    order, board, missing = list(groups), empty, None
    for _ in range(len(groups)):
        trial = empty.cleared()
        left = _place_own(trial, groups, order)
        if missing is None or len(left) < len(missing):
            board, missing = trial, left
        if not left:
            break
        order = left + [k for k in order if k not in left]
    board.set = {k: board.set[k] for k in groups if k in board.set}  # the own names in their own order
    for i, c in enumerate(candidates):
        if not c.own and (c.key or f"label:{i}") not in board.set:
            board.place(c.key or f"label:{i}", [c])
    return [feature for _, feature in board.set.values()]
