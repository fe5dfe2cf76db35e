"""Symbology: sizes grow with what they measure and are capped; colours and dashes follow the vocabulary."""

from __future__ import annotations

import math

import pytest

from dashboard.map import symbology, territories
from dashboard.vocab import FLOW_EVIDENCE, FLOW_KINDS, PLACE_PRECISIONS, TERRITORY_STATUSES, TYPE_GROUP, TYPE_GROUPS


def test_event_circles_grow_with_casualties_and_are_capped() -> None:
    radii = [symbology.event_radius(n) for n in (0, 1, 4, 20, 100, 1_000, 100_000)]
    assert radii == sorted(radii) and radii[0] == 5.0
    assert radii[-1] == radii[-2] == 24.0  # capped: a massacre does not hide the map
    assert symbology.event_radius(-3) == 5.0
    # Area grows with the count: four times the casualties, about twice the growth in radius.
    assert symbology.event_radius(16) - 5 == pytest.approx(2 * (symbology.event_radius(4) - 5), abs=0.1)


def test_flow_width_grows_with_the_log_of_volume_and_is_capped() -> None:
    assert symbology.flow_weight(None) == symbology.flow_weight(0) == symbology.flow_weight(math.nan) == 2.0
    widths = [symbology.flow_weight(v) for v in (10, 1_000, 100_000, 10**7, 10**12)]
    assert widths == sorted(widths) and widths[-1] == 9.0


def test_event_style_colours_by_group_and_fades_with_confidence() -> None:
    high = symbology.event_style("massacre", 10, "H", False)
    low = symbology.event_style("massacre", 10, "L", True)
    assert high["fillColor"] == symbology.GROUP_COLOR["violence"] and high["dashArray"] is None
    assert low["fillOpacity"] < high["fillOpacity"] and low["dashArray"]  # disputed: dashed outline
    assert symbology.event_style("arrest", 0, "H", False)["fillColor"] == symbology.GROUP_COLOR["enforcement"]
    assert symbology.event_style("unknown-type", 0, "H", False)["fillColor"] == symbology.GROUP_COLOR["politics"]


def test_every_value_of_the_vocabulary_has_a_symbol() -> None:
    assert set(TYPE_GROUP.values()) == set(TYPE_GROUPS) == set(symbology.GROUP_COLOR)
    assert set(FLOW_KINDS) == set(symbology.FLOW_COLOR)
    assert set(FLOW_EVIDENCE) == set(symbology.FLOW_DASH)
    assert set(PLACE_PRECISIONS) == set(symbology.PRECISION_FILL)
    assert set(TERRITORY_STATUSES) == {*territories.CARTEL_OPACITY, "contested"}


def test_flows_places_and_crossings_are_styled_by_their_fields() -> None:
    reported = symbology.flow_style("firearms", "reported", 5000.0, "M")
    assert reported["color"] == symbology.FLOW_COLOR["firearms"] and reported["dashArray"] == "10 6"
    assert symbology.flow_style("other", "documented", None, "H")["color"] == symbology.NEUTRAL
    assert symbology.place_style("proxy")["dashArray"] and not symbology.place_style("site")["dashArray"]
    assert symbology.crossing_style()["fillColor"] == symbology.CROSSING_COLOR
