"""The key in sight: only what the view draws inside its frame, in a few rows.

:func:`key_entries` reads the layers a view draws (``map.compose.map_collections``) and keeps what
lies inside the frame: the cartels whose colours fill the states in sight, the kinds of event, flow
and place drawn there, a shared or contested state's own colours where the frame holds few such
states, and what the number on a stacked mark means. Each kind of symbol is one row (events, flows,
places), so the key of the default view has about ten entries. It returns the same
:class:`~dashboard.map.legend.LegendEntry` model that the page and the snapshots render.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import shapely
from shapely.geometry import shape

from dashboard.atlas import filters, holdings
from dashboard.atlas.data import Atlas
from dashboard.atlas.narrative import Chapter
from dashboard.i18n import t
from dashboard.map import legend, symbology, territories
from dashboard.map.features import Binned
from dashboard.map.legend import LegendEntry
from dashboard.model import Selection
from dashboard.vocab import FLOW_EVIDENCE, FLOW_KINDS, PLACE_PRECISIONS, TYPE_GROUPS

FEW_PAIRS = 2          # up to this many different shared (or contested) line-ups get a swatch of their own colours
MANY_STRIPES = ("#9a9a9a", "#FFFFFF")  # the swatch for "the stripes of its cartels" when the frame holds many
Box = tuple[float, float, float, float]  # west, south, east, north


def in_frame(collection: dict | None, frame: Box | None) -> list[dict]:
    """The features of a drawn layer that reach into ``frame`` (all of them without one)."""
    feats = (collection or {}).get("features", [])
    if frame is None:
        return list(feats)
    box = shapely.box(*frame)
    return [f for f in feats if box.intersects(shape(f["geometry"]))]


def _inverse(table: Mapping[str, object]) -> dict[object, str]:
    return {v: k for k, v in table.items()}


def _event_row(feats: list[dict], lang: str) -> list[LegendEntry]:
    colours = {f["properties"]["style"].get("fillColor") for f in feats}
    groups = [g for g in TYPE_GROUPS if symbology.GROUP_COLOR[g] in colours]
    if not groups:
        return []
    parts = tuple(LegendEntry("circle", t(g, lang), symbology.GROUP_COLOR[g], size=10) for g in groups)
    spots = any(f["properties"].get("ids") for f in feats)
    note = t("key_event_marks", lang) + (f"; {t('key_spot', lang)}" if spots else "")
    return [LegendEntry("row", t("key_events", lang), parts=parts), LegendEntry("note", note)]


def _flow_row(feats: list[dict], lang: str) -> list[LegendEntry]:
    lines = [f for f in feats if f["properties"].get("part") != "arrow"]
    kinds = _inverse(symbology.FLOW_COLOR)
    dashes = _inverse(symbology.FLOW_DASH)
    drawn_kinds = [k for k in FLOW_KINDS if k in {kinds.get(f["properties"]["style"]["color"]) for f in lines}]
    evidence = {dashes.get(f["properties"]["style"].get("dashArray"), "documented") for f in lines}
    if not drawn_kinds:
        return []
    parts = [LegendEntry("line", f"{t(k, lang)} ➜", symbology.FLOW_COLOR[k], size=3) for k in drawn_kinds]
    # Solid needs no word unless dashed lines are drawn beside it.
    shown = [e for e in FLOW_EVIDENCE if e in evidence] if evidence - {"documented"} else []
    parts += [LegendEntry("line", t(e, lang), "#555555", dash=symbology.FLOW_DASH[e], size=2) for e in shown]
    return [LegendEntry("row", t("key_flows", lang), parts=tuple(parts))]


def _place_row(places: list[dict], crossings: list[dict], lang: str) -> list[LegendEntry]:
    fills = _inverse(symbology.PRECISION_FILL)
    precisions = {fills.get(f["properties"]["style"].get("fillColor")) for f in places
                  if f["properties"].get("scope") != "state"}
    parts = [LegendEntry("circle", t(p, lang), symbology.PRECISION_FILL[p], dash="2 2" if p == "proxy" else None,
                         size=9) for p in PLACE_PRECISIONS if p in precisions]
    if any(f["properties"].get("scope") == "state" for f in places):
        style = symbology.STATE_PLACE_STYLE
        parts.append(LegendEntry("circle", t("key_state_place", lang), "none", style["color"], dash="2 3", size=13))
    if crossings:
        parts.append(LegendEntry("circle", t("crossings", lang), symbology.CROSSING_COLOR))
    return [LegendEntry("row", t("key_places", lang), parts=tuple(parts))] if parts else []


def states_in_frame(atlas: Atlas, frame: Box | None) -> set[str]:
    states = atlas.states[atlas.states["country"] == "MX"]
    if frame is None:
        return set(states["name"])
    return set(states.loc[states.intersects(shapely.box(*frame)), "name"])


def _band_entries(standings: list[holdings.Standing], kind: str, atlas: Atlas, lang: str) -> list[LegendEntry]:
    """Shared or contested states: each line-up in its own colours when few, else one swatch for all."""
    lineups = list(dict.fromkeys(s.cartels for s in standings if s.kind == kind and len(s.cartels) > 1))
    if not lineups:
        return []
    look = {"border": legend.BAND_EDGE} if kind == "shared" else {"border": legend.CONTESTED_EDGE, "dash": "6 4"}
    if len(lineups) > FEW_PAIRS:
        colours = MANY_STRIPES if kind == "shared" else (MANY_STRIPES[0], "#FFFFFF")
        return [LegendEntry("stripes", t(f"key_{kind}_many", lang), colours=colours, **look)]
    short = atlas.cartel_field("short")
    return [LegendEntry("stripes", t(f"standing_{kind}", lang, names=" / ".join(short.get(c, c) for c in lineup)),
                        colours=tuple(atlas.cartel_color(c) for c in lineup), **look) for lineup in lineups]


def _territory_rows(atlas: Atlas, sel: Selection, lang: str, frame: Box | None) -> list[LegendEntry]:
    reading = filters.territory_reading(atlas, sel)
    if reading.mode != "overview" or reading.year is None:
        return legend._territory_entries(atlas, sel, lang)
    seen = states_in_frame(atlas, frame)
    standings = [s for s in reading.standings if s.state in seen]
    if not standings:
        return []
    cartels = sorted({c for s in standings if s.kind != "present" for c in s.cartels},
                     key=lambda c: atlas.cartel_name(c, lang))
    short = atlas.cartel_field("short")  # as the "one cartel" buttons name them; the map's tooltips give full names
    parts = tuple(LegendEntry("fill", short.get(c) or atlas.cartel_name(c, lang), atlas.cartel_color(c),
                              opacity=territories.HELD_OPACITY) for c in cartels)
    out = [LegendEntry("row", t("territory_overview", lang, year=reading.year), parts=parts)]
    out += _band_entries(standings, "shared", atlas, lang) + _band_entries(standings, "contested", atlas, lang)
    if any(s.kind == "present" for s in standings):
        out.append(LegendEntry("fill", t("legend_present_only", lang), territories.PRESENT_ONLY, opacity=0.35))
    return out


def _chapter_row(drawn: Mapping[str, dict], frame: Box | None, lang: str) -> list[LegendEntry]:
    marks = {f["properties"].get("target") for f in in_frame(drawn.get("highlights"), frame)}
    ring, place = symbology.KEY_EVENT_RING, symbology.CONTEXT_PLACE_RING
    parts = [LegendEntry("circle", t("highlight_events", lang), "none", ring["color"], size=14,
                         edge=symbology.HIGHLIGHT_EDGE)] if "events" in marks else []
    if "places" in marks:
        parts.append(LegendEntry("circle", t("highlight_places", lang), "none", place["color"], size=9,
                                 edge=symbology.HIGHLIGHT_EDGE))
    return [LegendEntry("row", t("key_chapter", lang), parts=tuple(parts))] if parts else []


def key_entries(atlas: Atlas, sel: Selection, lang: str, drawn: Mapping[str, dict], frame: Box | None = None,
                binned: Iterable[Binned] = (), chapter: Chapter | None = None,
                imported: Iterable[str | tuple[str, int, str]] = ()) -> list[LegendEntry]:
    """The key of what ``drawn`` shows inside ``frame``: hexagons and imported data, then territories, events,
    flows, places and the chapter's marks, each present kind once."""
    out = legend.legend_entries(atlas, sel, lang, binned, None, imported, layers=False)
    if "territories" in sel.layers:  # the page draws them apart from ``drawn`` (ui/cache.territories_json)
        out += _territory_rows(atlas, sel, lang, frame)
    out += _event_row(in_frame(drawn.get("events"), frame), lang)
    out += _flow_row(in_frame(drawn.get("flows"), frame), lang)
    out += _place_row(in_frame(drawn.get("places"), frame), in_frame(drawn.get("crossings"), frame), lang)
    if chapter is not None:
        out += _chapter_row(drawn, frame, lang)
    return out
