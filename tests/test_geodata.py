"""The real ``geodata/``: its counts, its geocoding, its chapters and translations.

Unit tests of the code run on the tiny test atlas (``tests/data/atlas/``); the checks here are about
the published data itself, so a corrected fact changes a line here and nowhere else.
"""

from __future__ import annotations

import pytest

from dashboard.atlas.filters import chapters_for, crossings_for, events_for, places_for
from dashboard.model import Selection


def test_counts_match_the_files(atlas):
    assert len(atlas.events) == 50
    assert len(atlas.places) == 69
    assert len(atlas.flows) == 20
    assert len(atlas.territories) == 188
    assert len(atlas.chapters) == 16
    assert atlas.version and len(atlas.version) == 10


def test_unfiltered_layers_hold_every_row(atlas):
    assert len(events_for(atlas, Selection())) == 50
    places, crossings = places_for(atlas, Selection()), crossings_for(atlas, Selection())
    assert len(places) == 60 and len(crossings) == 9
    assert len(chapters_for(atlas, Selection())) == 16


def test_the_boundaries_hold_all_32_mexican_states(atlas):
    assert len(atlas.states[atlas.states["country"] == "MX"]) == 32
    assert "sinaloa-2025-nuevo-leon" in set(atlas.territories["id"])  # accents slugged


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
