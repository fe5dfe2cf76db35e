"""Places: coordinates checked, place names geocoded only when unambiguous."""

from __future__ import annotations

import pytest

from dashboard.imports.places import check_coordinates
from dashboard.imports.upload import parse_upload
from tests.geodata_atlas import geodata_atlas


def test_place_names_are_geocoded_only_when_unambiguous(places):
    good = {r.line: r for r in places.rows}
    assert sorted(good) == [3, 5, 6, 8]
    villa = good[3]
    assert villa.geocoded and villa.admin1 == "Coahuila"
    assert abs(villa.lat - 28.2223) < 0.05 and abs(villa.lon + 100.7262) < 0.05
    assert villa.cartels == ("cdn",) and villa.killed == 22 and villa.injured == 6
    assert good[5].admin1 == "Guanajuato" and abs(good[5].lat - 20.57) < 0.05
    assert good[5].cartels == ("cjng",) and good[5].type == "massacre"
    assert good[6].type == "armed-conflict" and good[6].type_original == "shootout"
    assert (good[8].country, good[8].admin1) == ("US", "Missouri")


def test_ambiguous_place_needs_review_with_candidates(places, by_line):
    rej = by_line(places)[2]
    assert rej.reason.startswith("needs review")
    states = {(c.admin1, c.country) for c in rej.candidates}
    assert {("Coahuila", "MX"), ("Sinaloa", "MX")} <= states
    for cand in rej.candidates:
        assert cand.name and -90 <= cand.lat <= 90 and -180 <= cand.lon <= 180
    assert "Coahuila" in rej.candidates_text() and "Sinaloa" in rej.candidates_text()


@pytest.mark.parametrize(("line", "reason"), [
    (4, "unknown place 'Nowhereville, MX'"),
    (7, "needs review: no 'Villa Unión' in 'Nuevo León, MX'"),
])
def test_unknown_places_are_rejected(places, line, reason, by_line):
    assert reason in by_line(places)[line].reason


def test_ambiguous_row_is_never_guessed(places):
    assert all(r.line != 2 for r in places.rows)


def test_nearby_duplicate_gazetteer_entries_count_as_one():
    # GeoNames lists Villa Unión, Coahuila twice (1 km apart): that is one town, not an ambiguity
    result = parse_upload(b"place,state,date\nVilla Union,Coahuila,2019-11-30\n", "x.csv", atlas=geodata_atlas())
    assert len(result.rows) == 1 and result.rows[0].geocoded


def test_geocoder_is_pluggable_and_cached():
    calls = []

    def fake(name, admin1=None, country=None):
        from dashboard.imports.gazetteer import Candidate

        calls.append((name, admin1, country))
        return [Candidate(name, admin1 or "X", country or "MX", 20.0, -100.0, 1, 1)]

    raw = b"place,state,date\n" + b"Foo,Bar,2024-01-01\n" * 50
    result = parse_upload(raw, "x.csv", geocoder=fake, atlas=geodata_atlas())
    assert len(result.rows) == 50 and len(calls) == 1


@pytest.mark.parametrize(("lat", "lon", "country", "problem"), [
    (20.57, -101.2, "MX", None),
    (-101.2, 20.57, "MX", "look swapped"),
    (-101.2, 20.57, None, "look swapped"),
    (-94.4, 39.1, "US", "look swapped"),
    (-100.0, 20.0, "GT", "may be swapped"),
    (48.85, 2.35, "FR", None),
    (48.85, 2.35, None, None),
    (91, 0, None, "out of range"),
])
def test_coordinate_checks(lat, lon, country, problem):
    found = check_coordinates(lat, lon, country)
    assert (found is None) if problem is None else (problem in found)


def test_an_imported_file_and_an_official_table_read_every_state_spelling_alike():
    """"Distrito Federal", "Querétaro de Arteaga", "Baja California Norte": one list serves both readers."""
    from dashboard.atlas.mexican_states import OTHER_SPELLINGS, STATE_NAMES
    from dashboard.imports.places import admin1_for_gazetteer
    from dashboard.official.areas import state_code

    for code, name in STATE_NAMES.items():
        for spelling in (name, *OTHER_SPELLINGS.get(code, ())):
            assert admin1_for_gazetteer(spelling, "MX") == name, spelling
            assert state_code(spelling) == code, spelling
