"""The loaded atlas: typed frames in EPSG:4326 that the map and exports rely on."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely


@pytest.mark.parametrize("layer", ["places", "events", "territories", "flows", "states", "countries"])
def test_frames_are_wgs84(atlas, layer):
    frame = getattr(atlas, layer)
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert len(frame) > 0
    assert frame.geometry.notna().all() and not frame.geometry.is_empty.any()


def test_counts_match_the_files(atlas):
    assert len(atlas.events) == 50
    assert len(atlas.places) == 69
    assert len(atlas.flows) == 20
    assert len(atlas.territories) == 188
    assert len(atlas.chapters) == 16
    assert atlas.version and len(atlas.version) == 10


def test_event_columns_are_typed(atlas):
    ev = atlas.events
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
    ("e07", 2019, 22, 26, ("cdn",), "villa-union", True),
    ("e43", 2026, 11, None, ("cjng", "csrl"), "loma-de-flores", True),  # perpetrators: a working line
    ("e15", 2023, 29, None, ("chapitos", "sinaloa"), "jesus-maria", False),
    ("e01", 2006, None, None, (), "mexico-national", False),
    ("e13", 2022, None, None, ("la-barredora",), "tabasco-state", False),
])
def test_event_rows(atlas, event_id, year, killed, killed_max, cartels, place_id, disputed):
    row = atlas.events.set_index("id").loc[event_id]
    assert row["year"] == year
    assert (pd.isna(row["killed"]) if killed is None else row["killed"] == killed)
    assert (pd.isna(row["killed_max"]) if killed_max is None else row["killed_max"] == killed_max)
    assert row["cartels"] == cartels
    assert row["place_id"] == place_id
    assert bool(row["disputed"]) is disputed


def test_events_sit_on_their_places(atlas):
    points = atlas.places.set_index("id").geometry
    for event_id, place_id, geom in zip(atlas.events["id"], atlas.events["place_id"], atlas.events.geometry,
                                        strict=True):
        assert geom.equals(points[place_id]), event_id


def test_casualties_add_killed_and_injured(atlas):
    row = atlas.events.set_index("id").loc["e43"]  # 11 killed, 12 injured in Salamanca
    assert row["injured"] == 12
    assert row["casualties"] == 23


def test_flows_are_lines_between_their_places(atlas):
    points = atlas.places.set_index("id").geometry
    assert (atlas.flows.geom_type == "LineString").all()
    for row in atlas.flows.itertuples():
        start, end = shapely.Point(row.geometry.coords[0]), shapely.Point(row.geometry.coords[-1])
        assert start.equals(points[row.from_place]), row.id
        assert end.equals(points[row.to_place]), row.id
    assert str(atlas.flows["volume"].dtype) == "Float64"
    assert all(isinstance(c, tuple) for c in atlas.flows["cartels"])


def test_flow_lines_point_south_across_the_border(atlas):
    """Legs of the lake-city-coahuila route: Missouri plant → Eagle Pass → Villa Unión."""
    legs = atlas.flows[atlas.flows["route"] == "lake-city-coahuila"].sort_values("seq")
    assert list(legs["from_place"]) == ["lake-city-plant", "poe-eagle-pass"]
    assert list(legs["to_place"]) == ["poe-eagle-pass", "villa-union"]
    ends_lat = [line.coords[-1][1] for line in legs.geometry]
    starts_lat = [line.coords[0][1] for line in legs.geometry]
    assert all(e < s for s, e in zip(starts_lat, ends_lat, strict=True))


def test_territories_carry_their_state_polygon(atlas):
    mx = atlas.states[atlas.states["country"] == "MX"].set_index("name").geometry
    assert len(mx) == 32
    te = atlas.territories
    assert te.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    for row in te.itertuples():
        assert row.geometry.equals(mx[row.state]), row.id
    assert te["year"].isin([2019, 2023, 2025]).all()
    assert te["id"].is_unique
    assert "cdn-2019-coahuila" in set(te["id"])
    assert "sinaloa-2025-nuevo-leon" in set(te["id"])  # accents slugged


def _state(atlas, name, country="MX"):
    states = atlas.states
    return states[(states["name"] == name) & (states["country"] == country)].geometry.iloc[0]


def _place(atlas, place_id):
    return atlas.places.set_index("id").geometry[place_id]


@pytest.mark.parametrize(("place_id", "inside", "not_inside"), [
    ("villa-union", "Coahuila", "Sinaloa"),      # not Villa Unión near Mazatlán
    ("salamanca", "Guanajuato", None),           # not Salamanca in Spain
    ("villahermosa", "Tabasco", None),
    ("culiacan", "Sinaloa", None),
    ("uruapan", "Michoacán", None),
    ("nuevo-laredo", "Tamaulipas", None),
    ("piedras-negras", "Coahuila", None),
])
def test_geocoding_traps(atlas, place_id, inside, not_inside):
    point = _place(atlas, place_id)
    assert _state(atlas, inside).contains(point)
    if not_inside:
        assert not _state(atlas, not_inside).contains(point)


def test_salamanca_is_in_mexico_not_spain(atlas):
    point = _place(atlas, "salamanca")
    assert -118 < point.x < -86 and 14 < point.y < 33
    row = atlas.places.set_index("id").loc["salamanca"]
    assert (row["admin1"], row["country"]) == ("Guanajuato", "MX")


def test_independence_and_lake_city_are_in_missouri(atlas):
    missouri = _state(atlas, "Missouri", "US")
    assert missouri.contains(_place(atlas, "independence-mo"))
    assert missouri.contains(_place(atlas, "lake-city-plant"))


def test_every_mx_us_place_lies_in_or_near_its_state(atlas):
    from dashboard.atlas.validate.geometry import COAST_TOLERANCE_KM, STATE_STAND_INS, distance_to_polygon_km

    checked = 0
    for row in atlas.places.itertuples():
        if row.country not in ("MX", "US"):
            continue
        polygon = _state(atlas, STATE_STAND_INS.get(row.admin1, row.admin1), row.country)
        assert distance_to_polygon_km(row.geometry, polygon) <= COAST_TOLERANCE_KM, row.id
        checked += 1
    assert checked >= 50


def test_cartel_colours_and_factions(atlas):
    assert atlas.cartel_color("cjng").startswith("#")
    assert atlas.cartel_color("no-such-cartel") == "#777777"
    parents = dict(zip(atlas.cartels["id"], atlas.cartels["parent"], strict=True))
    assert parents["chapitos"] == parents["mayiza"] == "sinaloa"
    assert all(isinstance(a, tuple) for a in atlas.cartels["aliases"])


def test_data_version_changes_with_content(make_geodata):
    from dashboard.atlas.files import data_version

    g = make_geodata()
    before = data_version(g.root)
    assert before == data_version(g.root)
    g.edit("events.csv", "e43", summary_en="edited")
    assert data_version(g.root) != before
