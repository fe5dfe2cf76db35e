"""Territories as GeoJSON: who holds each state, one cartel's ground, or what changed.

The reading comes from :mod:`dashboard.atlas.holdings`; this module only draws it. Patterns are
geometry (diagonal bands clipped to the state with shapely), so the live map, the HTML and the
PNG draw the same shapes. Shared states are bands of the sharers' colours with no gaps;
contested states are thinner bands with gaps and a dashed dark outline, so the two never look
alike, and a state held by one cartel is one flat colour.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import shapely

from dashboard.atlas import holdings
from dashboard.atlas.data import Atlas
from dashboard.i18n import t
from dashboard.map.features import COORD_DECIMALS, collection, feature, zoom_scale
from dashboard.text import safe

STRIPE_MAX_ZOOM = 6        # beyond it, bands are drawn only around the view (see band_area)
# Band spacing on screen: fine enough to show in a small state at country zoom, wide enough
# at regional zoom that the bands do not drown the towns and events drawn over them.
SPACING_PX = {4: 6.0, 6: 10.0, 7: 16.0}
BAND_SHARE = 0.72          # a shared state's bands touch (a diagonal band's width is 0.71 of its spacing)
CONTESTED_SHARE = 0.32     # a contested state's bands leave gaps
CONTESTED_OUTLINE = {"color": "#222222", "weight": 2, "dashArray": "6 4", "opacity": 0.9}
HELD_OPACITY = 0.62
PRESENT_ONLY = "#BDBDBD"
# One cartel's own status per state: darker is more ground.
CARTEL_OPACITY = {"dominant": 0.8, "significant": 0.5, "present": 0.18}
# The change view: blue for ground gained, orange for ground lost (apart for every colour vision, and
# not the red of violent events).
CHANGE_COLOUR = {"gained": "#2166AC", "entered": "#92C5DE", "newly-contested": "#762A83",
                 "still-contested": "#B7A3C9", "held": "#8C8C8C", "still-present": "#D9D9D9", "withdrew": "#FDB863",
                 "lost": "#B35806"}


@dataclass(frozen=True)
class Look:
    """How one state is drawn: a flat fill, and optionally bands and a dashed outline."""

    fill: str
    opacity: float
    bands: tuple[str, ...] = ()
    band_share: float = BAND_SHARE   # band width as a share of the spacing
    contested: bool = False


@functools.lru_cache(maxsize=1024)  # by value: the same state at the same zoom is striped once per process
def stripes(polygon: shapely.Geometry, n_colours: int, spacing: float) -> tuple:
    """Diagonal hatch lines clipped to ``polygon``, dealt round-robin into ``n_colours`` groups."""
    minx, miny, maxx, maxy = polygon.bounds
    span = (maxx - minx) + (maxy - miny)
    groups: list[list] = [[] for _ in range(n_colours)]
    offset, k = minx - (maxy - miny), 0
    while offset <= maxx:
        clipped = shapely.LineString([(offset, miny), (offset + span, miny + span)]).intersection(polygon)
        # A line grazing a corner leaves a point: keep only the lines, so each group is (multi)linear.
        groups[k % n_colours] += [p for p in shapely.get_parts(clipped)
                                  if p.geom_type == "LineString" and not p.is_empty]
        offset += spacing
        k += 1
    return tuple(shapely.MultiLineString(g) if g else shapely.MultiLineString() for g in groups)


@functools.lru_cache(maxsize=1024)
def outline(polygon: shapely.Geometry, zoom: int) -> shapely.Geometry:
    """The state polygon, simplified below zoom 7 where the detail cannot be seen (smaller payload)."""
    if zoom >= 7:
        return polygon
    return shapely.simplify(polygon, 0.02 * zoom_scale(zoom, 6), preserve_topology=True)


# --- what each reading looks like -------------------------------------------------------------

def standing_look(standing: holdings.Standing, atlas: Atlas) -> Look:
    """The overview: one colour for a holder, bands for sharers, gapped bands for a fight."""
    colours = tuple(atlas.cartel_color(c) for c in standing.cartels)
    if standing.kind == "held":
        return Look(colours[0], HELD_OPACITY)
    if standing.kind == "shared":
        return Look("#FFFFFF", 0.35, colours if len(colours) > 1 else (*colours, "#FFFFFF"))
    if standing.kind == "contested":
        return Look("#FFFFFF", 0.45, colours if len(colours) > 1 else (*colours, "#FFFFFF"), CONTESTED_SHARE, True)
    return Look(PRESENT_ONLY, 0.35)


def cartel_look(status: str, colour: str) -> Look:
    """The one-cartel view: darker where the cartel has more ground; gapped bands where it fights."""
    if status == "contested":
        return Look("#FFFFFF", 0.45, (colour, "#FFFFFF"), BAND_SHARE, True)
    return Look(colour, CARTEL_OPACITY[status])


def change_look(kind: str) -> Look:
    if kind in ("newly-contested", "still-contested"):
        return Look("#FFFFFF", 0.45, (CHANGE_COLOUR[kind], "#FFFFFF"), BAND_SHARE, True)
    return Look(CHANGE_COLOUR[kind], 0.75 if kind in ("gained", "lost", "held") else 0.6)


# --- tooltips -----------------------------------------------------------------------------------

def _names(atlas: Atlas, ids: tuple[str, ...], lang: str) -> str:
    return ", ".join(atlas.cartel_name(c, lang) for c in ids)


def standing_headline(standing: holdings.Standing, atlas: Atlas, lang: str) -> str:
    """The one-line answer: "Held by CJNG", "Shared: …", "Contested: …", "Presence only: …"."""
    return t(f"standing_{standing.kind.replace('-', '_')}", lang, names=_names(atlas, standing.cartels, lang))


def territory_tip(standing: holdings.Standing, atlas: Atlas, lang: str, headline: str) -> str:
    rows = "".join(
        f"<br>{safe(atlas.cartel_name(r.cartel, lang))}: {safe(t(r.status, lang))} "
        f"({safe(t('confidence_label', lang))} {safe(r.confidence)})" for r in standing.rows)
    return f"<b>{safe(standing.state)}</b> · {safe(standing.year)}<br><i>{safe(headline)}</i>{rows}"


# --- features -----------------------------------------------------------------------------------

def band_area(polygon: shapely.Geometry, zoom: int, window: tuple[float, float, float, float] | None) -> tuple:
    """(the part of the state to band, the spacing in degrees) at ``zoom``.

    Bands keep their spacing on screen at every zoom. Beyond STRIPE_MAX_ZOOM only the part of
    the state inside ``window`` (lon/lat box around the view) is banded: a whole state banded at
    street zoom would be thousands of lines the reader never sees.
    """
    spacing = spacing_px(zoom) * 360 / (256 * 2 ** zoom)
    if zoom <= STRIPE_MAX_ZOOM or window is None:
        return polygon, spacing
    return polygon.intersection(shapely.box(*window)), spacing


def spacing_px(zoom: int) -> float:
    """The bands' spacing on screen at ``zoom``."""
    return SPACING_PX[max([z for z in SPACING_PX if z <= zoom], default=min(SPACING_PX))]


def look_features(polygon: shapely.Geometry, fid: str, tip: str, look: Look, zoom: int,
                  window: tuple[float, float, float, float] | None = None, **extra: object) -> list[dict]:
    """A state's fill, its bands and (contested) its dashed outline, as GeoJSON features."""
    decimals = 3 if zoom <= 7 else COORD_DECIMALS  # ~100 m is finer than a pixel below zoom 8
    style = {"color": "#FFFFFF" if not look.bands else "#555555", "weight": 0.8, "fillColor": look.fill,
             "fillOpacity": look.opacity, "opacity": 0.9}
    feats = [feature(polygon, fid, "territories", tip, style, decimals, **extra)]
    banded, spacing = band_area(polygon, zoom, window)
    if look.bands and not banded.is_empty:
        for colour, lines in zip(look.bands, stripes(banded, len(look.bands), spacing), strict=True):
            if not lines.is_empty and colour != "#FFFFFF":
                band = {"color": colour, "weight": round(look.band_share * spacing_px(zoom), 1), "opacity": 0.95,
                        "lineCap": "butt"}
                feats.append(feature(lines, fid, "territories", tip, band, decimals, part="stripes", **extra))
    if look.contested:
        edge = {**CONTESTED_OUTLINE, "fill": False}
        feats.append(feature(polygon.boundary, fid, "territories", tip, edge, decimals, part="outline", **extra))
    return feats


def territory_features(reading: holdings.Reading, atlas: Atlas, lang: str, zoom: int = 4,
                       window: tuple[float, float, float, float] | None = None) -> dict:
    """The territories of a view as one feature collection (fill, bands and outlines per state).

    ``window`` (lon/lat box around the view) limits the bands drawn at street zoom (:func:`band_area`).
    """
    geometry = dict(zip(atlas.states["name"], atlas.states.geometry, strict=True))
    feats = []
    for standing in reading.standings:
        polygon = outline(geometry[standing.state], zoom)
        look, headline = look_of(reading, standing, atlas, lang)
        tip = territory_tip(standing, atlas, lang, headline)
        feats += look_features(polygon, f"{standing.year}:{standing.state}", tip, look, zoom, window,
                               state=standing.state, year=standing.year, reading=reading.mode)
    return collection(feats)


def look_of(reading: holdings.Reading, standing: holdings.Standing, atlas: Atlas, lang: str) -> tuple[Look, str]:
    """How a state is drawn in ``reading``, and the one line its tooltip leads with."""
    if reading.mode == "overview":
        return standing_look(standing, atlas), standing_headline(standing, atlas, lang)
    name = atlas.cartel_name(reading.cartel or "", lang)
    if reading.mode == "cartel":
        return cartel_look(standing.kind, atlas.cartel_color(reading.cartel or "")), f"{name}: {t(standing.kind, lang)}"
    was = t(standing.before, lang) if standing.before else t("absent", lang)
    now = t(standing.after, lang) if standing.after else t("absent", lang)
    change = t("change_" + standing.kind.replace("-", "_"), lang)
    return change_look(standing.kind), f"{name}: {change} ({reading.compare}: {was} → {standing.year}: {now})"
