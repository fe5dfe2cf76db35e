"""Map features: symbology as geometry (arrowheads, stripes), and large layers as points or hexagons."""

from __future__ import annotations

import html
import json
import math

import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.atlas import filters
from dashboard.map import features, hexbins
from dashboard.map.compose import map_collections
from dashboard.map.features import arrowhead, zoom_scale
from dashboard.model import MapView, Selection
from dashboard.testing import synthetic_events
from dashboard.views.details import details_for


@pytest.fixture(scope="module")
def big(tiny_atlas) -> pd.DataFrame:
    return synthetic_events(20_000, seed=3, atlas=tiny_atlas)


def test_arrowhead_points_along_the_leg() -> None:
    leg = shapely.LineString([(0, 0), (10, 0)])
    head = arrowhead(leg, 1.0)
    assert head.contains(shapely.Point(9.5, 0)) and head.bounds[2] == pytest.approx(10)
    assert head.bounds[0] == pytest.approx(9.0)




def test_symbols_shrink_in_degrees_as_the_map_zooms_in() -> None:
    assert zoom_scale(4) == 1 and zoom_scale(5) == 0.5 and zoom_scale(10, max_zoom=6) == 0.25




def test_event_circles_grow_with_casualties(tiny_atlas) -> None:
    fc = map_collections(tiny_atlas, Selection(year_from=2023, year_to=2023), "en", None)["events"]
    radius = {f["id"]: f["properties"]["style"]["radius"] for f in fc["features"]}
    assert radius["culiacan-arrest"] > radius["chapitos-extradited"]  # 64 dead and hurt vs an extradition
    assert math.isclose(radius["chapitos-extradited"], 5.0)


def test_events_at_one_place_are_one_mark_whose_tooltip_and_click_list_them(tiny_atlas) -> None:
    sel = Selection()
    fc = map_collections(tiny_atlas, sel, "en", None)["events"]
    spot = next(f for f in fc["features"] if f["id"] == "spot:mexico-city")
    members = set(tiny_atlas.events.loc[tiny_atlas.events["place_id"] == "mexico-city", "id"])
    assert set(spot["properties"]["ids"]) == members and spot["properties"]["count"] == len(members) == 4
    assert not members & {f["id"] for f in fc["features"]}  # no circle drawn over another
    details = details_for(tiny_atlas, "events", "spot:mexico-city", "en", sel)
    assert details.title == "4 events at Mexico City" == html.unescape(spot["properties"]["tip"].split("</b>")[0][3:])
    listed = [title for _, title in details.facts][:8]
    assert all(html.unescape(title.split(" · ")[0]) in html.unescape(spot["properties"]["tip"]) for title in listed)
    fewer = details_for(tiny_atlas, "events", "spot:mexico-city", "en", Selection(year_from=2020))
    assert len(fewer.facts) == 2  # the click lists what the view shows (2020 on), as the tooltip does
    labels = map_collections(tiny_atlas, sel, "en", None)["labels"]["features"]
    assert any(f["properties"]["kind"] == "count" and f["properties"]["text"] == "4" for f in labels)




def test_a_large_layer_reaches_the_map_as_bounded_hexagons(tiny_atlas, big) -> None:
    mask = filters.imported_mask(tiny_atlas, big, Selection())
    fc, binned = features.imported_layer(big, mask, "synthetic", "My data", "en", MapView())
    kinds = {f["geometry"]["type"] for f in fc["features"]}
    assert kinds == {"Polygon"} and binned is not None
    assert sum(f["properties"]["count"] for f in fc["features"]) == binned.events
    assert binned.events == int(mask.sum())  # at zoom 4 the binned area holds all of Mexico
    assert len(fc["features"]) == binned.cells < 2000
    assert "events" in fc["features"][0]["properties"]["tip"]
    assert len(json.dumps(fc)) < 1_000_000


def test_zoomed_in_on_a_city_the_same_layer_shows_single_events(tiny_atlas, big) -> None:
    mask = filters.imported_mask(tiny_atlas, big, Selection())
    fc, binned = features.imported_layer(big, mask, "synthetic", "My data", "en", MapView(24.8, -107.4, 14))
    assert binned is None and fc["features"]
    assert {f["geometry"]["type"] for f in fc["features"]} == {"Point"}
    assert len(fc["features"]) <= hexbins.AGGREGATE_ABOVE


def test_few_events_are_never_aggregated(tiny_atlas, big) -> None:
    small = big.iloc[:500]
    fc, binned = features.imported_layer(small, np.ones(len(small), bool), "s", "s", "en", MapView())
    assert binned is None and len(fc["features"]) == 500
    assert {f["properties"]["layer"] for f in fc["features"]} == {"imported:s"}


def test_curated_events_would_be_binned_too_if_they_grew(tiny_atlas, monkeypatch) -> None:
    monkeypatch.setattr(hexbins, "AGGREGATE_ABOVE", 10)
    fc, binned = features.event_layer(filters.events_for(tiny_atlas, Selection()), tiny_atlas, "en", 4)
    assert binned is not None and binned.events == len(filters.events_for(tiny_atlas, Selection()))
    assert {f["geometry"]["type"] for f in fc["features"]} == {"Polygon"}


def test_imported_events_placed_at_a_state_centre_are_drawn_faint_and_say_so(tiny_atlas) -> None:
    frame = synthetic_events(3, seed=4, atlas=tiny_atlas).assign(precision=["site", "municipality", "state"])
    frame["lat"] = [20.0, 21.0, 22.0]
    frame["lon"] = [-100.0, -101.0, -102.0]
    fc = features.imported_features(frame, "ucdp", "en")
    style = {f["properties"]["id"]: f["properties"]["style"] for f in fc["features"]}
    site, municipality, state = (style[i] for i in frame["id"])
    assert not site.get("dashArray") and municipality["dashArray"] and state["dashArray"]
    assert state["fillOpacity"] < municipality["fillOpacity"] < site["fillOpacity"]
    tips = " ".join(f["properties"]["tip"] for f in fc["features"])
    assert "placed at the state&#x27;s centre, not where it happened" in tips
