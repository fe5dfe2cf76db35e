"""The loaded atlas: typed frames in EPSG:4326 that the map and exports rely on (on the tiny test atlas).

The real ``geodata/`` is checked in ``tests/test_geodata.py``.
"""

from __future__ import annotations

import pandas as pd
import pytest
import shapely
from atlas_checks import places_near_their_states, state_shape


@pytest.mark.parametrize("layer", ["places", "events", "territories", "flows", "states", "countries"])
def test_frames_are_wgs84(tiny_atlas, layer):
    frame = getattr(tiny_atlas, layer)
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert len(frame) > 0
    assert frame.geometry.notna().all() and not frame.geometry.is_empty.any()


def test_counts_match_the_files(tiny_atlas):
    assert len(tiny_atlas.events) == 12
    assert len(tiny_atlas.places) == 14
    assert len(tiny_atlas.flows) == 4
    assert len(tiny_atlas.territories) == 27
    assert len(tiny_atlas.chapters) == 3
    assert len(tiny_atlas.sources) == 5 and len(tiny_atlas.cartels) == 6
    assert tiny_atlas.version and len(tiny_atlas.version) == 10


def test_event_columns_are_typed(tiny_atlas):
    ev = tiny_atlas.events
    assert str(ev["killed"].dtype) == "Int64"
    assert str(ev["killed_max"].dtype) == "Int64"
    assert str(ev["injured"].dtype) == "Int64"
    assert pd.api.types.is_integer_dtype(ev["year"]) and ev["year"].between(2006, 2026).all()
    assert (ev["year"] == ev["date"].str[:4].astype(int)).all()
    assert all(isinstance(c, tuple) for c in ev["cartels"])
    assert all(isinstance(s, tuple) and s for s in ev["sources"])
    assert ev["disputed"].dtype == bool
    # sorted by date so timelines read in order
    assert list(ev["date"]) == sorted(ev["date"])


@pytest.mark.parametrize(("event_id", "year", "killed", "killed_max", "cartels", "place_id", "disputed"), [
    ("villa-union-attack", 2019, 22, 26, ("cdn",), "villa-union", True),
    ("salamanca-massacre", 2026, 11, None, ("cjng", "csrl"), "loma-de-flores", True),  # perpetrators: a working line
    ("culiacan-arrest", 2023, 29, None, ("chapitos", "sinaloa"), "culiacan", False),
    ("war-declared", 2006, None, None, (), "mexico-city", False),
    ("laredo-seizure", 2021, None, None, ("cdn",), "nuevo-laredo", False),  # only the year is known
])
def test_event_rows(tiny_atlas, event_id, year, killed, killed_max, cartels, place_id, disputed):
    row = tiny_atlas.events.set_index("id").loc[event_id]
    assert row["year"] == year
    assert (pd.isna(row["killed"]) if killed is None else row["killed"] == killed)
    assert (pd.isna(row["killed_max"]) if killed_max is None else row["killed_max"] == killed_max)
    assert row["cartels"] == cartels
    assert row["place_id"] == place_id
    assert bool(row["disputed"]) is disputed


def test_events_sit_on_their_places(tiny_atlas):
    points = tiny_atlas.places.set_index("id").geometry
    events = tiny_atlas.events
    for event_id, place_id, geom in zip(events["id"], events["place_id"], events.geometry, strict=True):
        assert geom.equals(points[place_id]), event_id


def test_casualties_add_killed_and_injured(tiny_atlas):
    row = tiny_atlas.events.set_index("id").loc["salamanca-massacre"]  # 11 killed, 12 injured
    assert row["injured"] == 12
    assert row["casualties"] == 23


def test_flows_are_lines_between_their_places(tiny_atlas):
    points = tiny_atlas.places.set_index("id").geometry
    assert (tiny_atlas.flows.geom_type == "LineString").all()
    for row in tiny_atlas.flows.itertuples():
        start, end = shapely.Point(row.geometry.coords[0]), shapely.Point(row.geometry.coords[-1])
        assert start.equals(points[row.from_place]), row.id
        assert end.equals(points[row.to_place]), row.id
    assert str(tiny_atlas.flows["volume"].dtype) == "Float64"
    assert all(isinstance(c, tuple) for c in tiny_atlas.flows["cartels"])


def test_flow_lines_point_south_across_the_border(tiny_atlas):
    """Legs of the lake-city-coahuila route: Missouri plant → Eagle Pass → Villa Unión."""
    legs = tiny_atlas.flows[tiny_atlas.flows["route"] == "lake-city-coahuila"].sort_values("seq")
    assert list(legs["from_place"]) == ["lake-city-plant", "poe-eagle-pass"]
    assert list(legs["to_place"]) == ["poe-eagle-pass", "villa-union"]
    ends_lat = [line.coords[-1][1] for line in legs.geometry]
    starts_lat = [line.coords[0][1] for line in legs.geometry]
    assert all(e < s for s, e in zip(starts_lat, ends_lat, strict=True))


def test_territories_carry_their_state_polygon(tiny_atlas):
    mx = tiny_atlas.states[tiny_atlas.states["country"] == "MX"].set_index("name").geometry
    assert len(mx) == 7
    te = tiny_atlas.territories
    assert te.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    for row in te.itertuples():
        assert row.geometry.equals(mx[row.state]), row.id
    assert te["year"].isin([2019, 2023, 2025]).all()
    assert te["id"].is_unique
    assert "cdn-2019-coahuila" in set(te["id"])
    assert "sinaloa-2025-ciudad-de-mexico" in set(te["id"])  # accents slugged


def test_a_place_lies_in_its_own_state_not_in_a_namesake(tiny_atlas):
    point = tiny_atlas.places.set_index("id").geometry["villa-union"]
    assert state_shape(tiny_atlas, "Coahuila").contains(point)
    assert not state_shape(tiny_atlas, "Sinaloa").contains(point)
    assert state_shape(tiny_atlas, "Texas", "US").contains(tiny_atlas.places.set_index("id").geometry["poe-eagle-pass"])


def test_every_mx_us_place_lies_in_or_near_its_state(tiny_atlas):
    assert places_near_their_states(tiny_atlas) == len(tiny_atlas.places) == 14


def test_cartel_colours_and_factions(tiny_atlas):
    assert tiny_atlas.cartel_color("cjng").startswith("#")
    assert tiny_atlas.cartel_color("no-such-cartel") == "#777777"
    parents = dict(zip(tiny_atlas.cartels["id"], tiny_atlas.cartels["parent"], strict=True))
    assert parents["chapitos"] == parents["mayiza"] == "sinaloa"
    assert all(isinstance(a, tuple) for a in tiny_atlas.cartels["aliases"])


def test_data_version_changes_with_content(make_tiny_atlas):
    from dashboard.atlas.files import data_version

    g = make_tiny_atlas()
    before = data_version(g.root)
    assert before == data_version(g.root)
    g.edit("events.csv", "salamanca-massacre", summary_en="edited")
    assert data_version(g.root) != before
