"""The real ``geodata/``: its counts, its geocoding, its chapters and translations.

Unit tests of the code run on the tiny test atlas (``tests/data/atlas/``); the checks here are about
the published data itself, so a corrected fact changes a line here and nowhere else.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from atlas_checks import (
    assert_chapter_selections_are_valid,
    assert_chapters_are_written_in_english_and_german,
    assert_texts_are_translated,
    places_near_their_states,
    state_shape,
)

from dashboard.atlas.data import records
from dashboard.atlas.filters import chapters_for, crossings_for, events_for, places_for
from dashboard.model import Selection

GEODATA = Path(__file__).resolve().parents[1] / "geodata"


def test_shipped_geodata_is_valid():
    from dashboard.atlas.validate.geodata import validate_geodata

    assert validate_geodata(GEODATA) == []


def test_the_shipped_register_passes():
    from dashboard.atlas.files import read_rows
    from dashboard.atlas.validate.lineage import check_register

    cartels = {r["id"] for r in read_rows(GEODATA, "cartels.csv")}
    assert check_register(read_rows(GEODATA, "cartel_register.csv"), cartels) == []


def test_cli_validate_prints_the_real_counts(run_cli):
    result = run_cli("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("geodata OK")
    assert "events 50" in result.stdout and "chapters 16" in result.stdout


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
    assert state_shape(atlas, inside).contains(point)
    if not_inside:
        assert not state_shape(atlas, not_inside).contains(point)


def test_salamanca_is_in_mexico_not_spain(atlas):
    point = _place(atlas, "salamanca")
    assert -118 < point.x < -86 and 14 < point.y < 33
    row = atlas.places.set_index("id").loc["salamanca"]
    assert (row["admin1"], row["country"]) == ("Guanajuato", "MX")


def test_independence_and_lake_city_are_in_missouri(atlas):
    missouri = state_shape(atlas, "Missouri", "US")
    assert missouri.contains(_place(atlas, "independence-mo"))
    assert missouri.contains(_place(atlas, "lake-city-plant"))


def test_every_mx_us_place_lies_in_or_near_its_state(atlas):
    assert places_near_their_states(atlas) >= 50


# --- the story chapters ----------------------------------------------------------------------

def test_sixteen_chapters_with_unique_slug_ids(atlas):
    ids = [c.id for c in atlas.chapters]
    assert len(ids) == 16 and len(set(ids)) == 16
    assert ids[0] == "salamanca-sunday" and ids[-1] == "follow-the-money"
    assert all(i == i.lower() and " " not in i for i in ids)


def test_every_chapter_is_written_in_english_and_german(atlas):
    assert_chapters_are_written_in_english_and_german(atlas.chapters)


def test_every_chapter_selection_is_valid(atlas):
    assert_chapter_selections_are_valid(atlas)


def _chapter_ids() -> list[str]:
    from dashboard.atlas.narrative import read_chapter_tables

    return [t["id"] for t in read_chapter_tables(GEODATA / "chapters.toml")]


@pytest.mark.parametrize("chapter_id", _chapter_ids())
def test_chapter_selection_shows_its_own_events(atlas, chapter_id):
    """Opening a chapter must not filter away the events it highlights."""
    from dashboard.atlas.filters import events_for

    chapter = next(c for c in atlas.chapters if c.id == chapter_id)
    hidden = set(chapter.events) - set(events_for(atlas, chapter.selection)["id"])
    assert not hidden, f"{chapter_id} highlights {sorted(hidden)} but its own filter hides them"


# --- texts in the reader's language -----------------------------------------------------------

def test_every_data_text_is_there_in_german_and_spanish_and_reads_differently(atlas) -> None:
    assert_texts_are_translated(atlas, GEODATA / "cartel_register.csv")


def test_proper_names_stay_as_they_are_in_every_language(atlas) -> None:
    for r in records(atlas.places[atlas.places["id"].isin(["culiacan", "tijuana", "celaya"])]):
        assert r.name == r.name_de == r.name_es


# --- Spanish, for Mexican readers ---------------------------------------------------------------

@pytest.mark.parametrize(("name", "columns"), [
    ("events.csv", ("title_es", "summary_es")),
    ("places.csv", ("description_es",)),
    ("flows.csv", ("note_es", "label_es")),  # a label can be two place names in any language
    ("cartels.csv", ("name_es",)),
])
def test_every_data_text_has_its_own_spanish(name: str, columns: tuple[str, ...]) -> None:
    import csv

    with (GEODATA / name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        for col in columns:
            assert row[col].strip(), f"{name} {row['id']}: {col} is empty"
        english = row.get(columns[0].replace("_es", "_en")) or row.get("name")
        if columns[0] != "name_es":
            assert row[columns[0]] != english, f"{name} {row['id']}: {columns[0]} is the English text"


def test_every_chapter_has_a_spanish_title_and_body_of_its_own() -> None:
    import tomllib

    chapters = tomllib.loads((GEODATA / "chapters.toml").read_text("utf-8"))["chapter"]
    assert len(chapters) == 16
    for c in chapters:
        assert c["title_es"].strip() and c["title_es"] != c["title_en"], c["id"]
        assert c["body_es"].strip() and c["body_es"] != c["body_en"], c["id"]
        assert 2 <= len(c["body_es"].strip().split("\n\n")) <= 4, c["id"]


def test_mexican_names_for_cartels_and_institutions(atlas) -> None:
    assert atlas.cartel_name("cjng", "es") == "Cártel de Jalisco Nueva Generación"
    assert atlas.cartel_name("cdn", "es") == "Cártel del Noreste"
    assert atlas.cartel_name("gulf", "es") == "Cártel del Golfo"
    chapter = atlas.chapter("harfuch-numbers")
    assert "Secretaría de Seguridad y Protección Ciudadana" in chapter.body("es")
    assert chapter.title("es") == "Las cifras de Harfuch"
