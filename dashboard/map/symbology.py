"""Symbology: colours, sizes and dash patterns shared by the live map, PNG and HTML."""

from __future__ import annotations

import math

from dashboard.vocab import TYPE_GROUP

GROUP_COLOR = {"violence": "#B2182B", "enforcement": "#4D4D4D", "politics": "#F7F7F7"}
CONFIDENCE_OPACITY = {"H": 0.95, "M": 0.75, "L": 0.5}
# A flow line has no outline, so even a weakly sourced one must keep 3:1 against the base map
# (WCAG 1.4.11): fainter with less confidence, never fainter than that.
FLOW_OPACITY = {"H": 0.95, "M": 0.85, "L": 0.75}
# The offline base map: the sea (the map's background), countries, Mexican states.
BASEMAP_COLOURS = {"sea": "#cfdde6", "land": "#e8e4da", "state": "#f4f1ea"}
FLOW_COLOR = {"ammunition": "#1A1A1A", "firearms": "#8C510A"}
FLOW_DASH = {"documented": None, "reported": "10 6", "inferred": "3 6"}
PRECISION_FILL = {"site": "#000000", "centroid": "#FFFFFF", "proxy": "#BBBBBB"}
CROSSING_COLOR = "#F0E442"
HIGHLIGHT_COLOR = "#FFB000"
# A chapter's key events get a thick ring with a dark edge; its context places a thin one.
KEY_EVENT_RING = {"color": HIGHLIGHT_COLOR, "weight": 6, "fillOpacity": 0.0, "opacity": 1.0}
KEY_EVENT_EDGE = {"color": "#1A1A1A", "weight": 1.5, "fillOpacity": 0.0, "opacity": 0.9}
CONTEXT_PLACE_RING = {"radius": 10, "color": HIGHLIGHT_COLOR, "weight": 2, "fillOpacity": 0.0, "opacity": 0.9}
# Amber alone is 1.6:1 on the base map: every highlight ring is edged in near-black (3:1 and more).
HIGHLIGHT_EDGE = KEY_EVENT_EDGE["color"]
CONTEXT_PLACE_EDGE = {"radius": 12, "color": HIGHLIGHT_EDGE, "weight": 1, "fillOpacity": 0.0, "opacity": 0.9}
# A chapter's routes and states: an amber band over a slightly wider dark one, so a thin dark line edges it.
ROUTE_HIGHLIGHT = {"color": HIGHLIGHT_COLOR, "weight": 12, "opacity": 0.7}
ROUTE_HIGHLIGHT_EDGE = {"color": HIGHLIGHT_EDGE, "weight": 14, "opacity": 0.6}
STATE_HIGHLIGHT = {"color": HIGHLIGHT_COLOR, "weight": 4, "fillOpacity": 0.0}
STATE_HIGHLIGHT_EDGE = {"color": HIGHLIGHT_EDGE, "weight": 6, "fillOpacity": 0.0, "opacity": 0.8}
NEUTRAL = "#777777"


def event_radius(casualties: float) -> float:
    """Circle radius in pixels: area grows with killed + injured, capped for legibility."""
    return round(min(5.0 + 2.2 * math.sqrt(max(casualties, 0.0)), 24.0), 1)


def event_style(event_type: str, casualties: float, confidence: str, disputed: bool) -> dict:
    group = TYPE_GROUP.get(event_type, "politics")
    opacity = CONFIDENCE_OPACITY.get(confidence, 0.5)
    return {"radius": event_radius(casualties), "fillColor": GROUP_COLOR[group], "color": "#111111",
            "weight": 1.5, "fillOpacity": opacity, "opacity": opacity, "dashArray": "3 3" if disputed else None}


# An imported event placed at the centre of a municipality, state or country is not where it happened:
# drawn fainter with a dashed edge, the coarser the fainter.
COARSE_PLACE = {"municipality": {"dashArray": "4 3", "fillOpacity": 0.55},
                "state": {"dashArray": "2 4", "fillOpacity": 0.25},
                "country": {"dashArray": "2 4", "fillOpacity": 0.12}}

GROUP_SEVERITY = ("violence", "enforcement", "politics")


def spot_style(event_types: list[str], casualties: float) -> dict:
    """Several events at one place: one circle coloured by the gravest kind among them, with a double edge."""
    groups = {TYPE_GROUP.get(k, "politics") for k in event_types}
    gravest = next(g for g in GROUP_SEVERITY if g in groups)
    return {"radius": max(event_radius(casualties), 11.0), "fillColor": GROUP_COLOR[gravest], "color": "#111111",
            "weight": 3, "fillOpacity": 0.9, "opacity": 0.95, "dashArray": None}


def flow_weight(volume: float | None) -> float:
    """Line width in pixels: 2 px without a figure, growing with the log of the volume."""
    if volume is None or volume <= 0 or math.isnan(volume):
        return 2.0
    return round(min(2.0 + 1.4 * math.log10(volume), 9.0), 1)


def flow_style(kind: str, evidence: str, volume: float | None, confidence: str) -> dict:
    return {"color": FLOW_COLOR.get(kind, NEUTRAL), "weight": flow_weight(volume),
            "dashArray": FLOW_DASH.get(evidence), "opacity": FLOW_OPACITY.get(confidence, FLOW_OPACITY["L"])}


def place_style(precision: str) -> dict:
    return {"radius": 4.5, "fillColor": PRECISION_FILL.get(precision, "#FFFFFF"), "color": "#000000",
            "weight": 1.2, "fillOpacity": 1.0, "dashArray": "2 2" if precision == "proxy" else None}


# A place that stands for a whole state (the source names no town): a wide hollow ring, dotted, never a town dot.
STATE_PLACE_STYLE = {"radius": 9, "fillColor": "#FFFFFF", "color": "#3d3d3d", "weight": 2, "fillOpacity": 0.0,
                     "dashArray": "2 3"}


def crossing_style() -> dict:
    return {"radius": 7, "fillColor": CROSSING_COLOR, "color": "#000000", "weight": 2, "fillOpacity": 1.0}
