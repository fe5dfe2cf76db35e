"""Data texts in the reader's language: dispute notes, territory notes, descriptive place names (issue 20)."""

from __future__ import annotations

from pathlib import Path

import pytest
from atlas_checks import (
    assert_texts_are_translated,
)

from dashboard.atlas.data import in_language, records
from dashboard.atlas.validate.geodata import validate_geodata
from dashboard.map import features
from dashboard.model import MapView, Selection
from dashboard.views.details import details_for
from dashboard.views.in_view import items_in_view

MEXICO_CITY = {"en": "Mexico City", "de": "Mexiko-Stadt", "es": "Ciudad de México"}


def test_every_translated_text_is_there_in_german_and_spanish_and_reads_differently(tiny_atlas) -> None:
    assert_texts_are_translated(tiny_atlas, Path(__file__).parent / "data" / "atlas" / "cartel_register.csv")


def test_in_language_falls_back_to_english_only_where_a_text_has_no_translation() -> None:
    row = {"note": "Held since 2019.", "note_de": "Seit 2019 gehalten.", "note_es": ""}
    assert [in_language(row, "note", lang) for lang in ("en", "de", "es")] == [
        "Held since 2019.", "Seit 2019 gehalten.", "Held since 2019."]
    assert in_language({"note": None}, "note", "de") == ""


@pytest.mark.parametrize("lang", ["en", "de", "es"])
def test_an_events_dispute_note_and_place_are_in_the_readers_language(tiny_atlas, lang: str) -> None:
    e = tiny_atlas.events.set_index("id").loc["villa-union-attack"]
    assert e["disputed"] and e["dispute_note"]
    facts = dict(details_for(tiny_atlas, "events", "villa-union-attack", lang).facts)
    assert in_language(e, "dispute_note", lang) in facts.values()
    assert (lang == "en") == (e["dispute_note"] in facts.values())
    in_the_capital = dict(details_for(tiny_atlas, "events", "capital-attack", lang).facts)
    assert MEXICO_CITY[lang] in in_the_capital.values()


@pytest.mark.parametrize("lang", ["de", "es"])
def test_a_territory_note_is_in_the_readers_language(tiny_atlas, lang: str) -> None:
    te = tiny_atlas.territories
    row = te[(te["year"] == 2019) & (te["state"] == "Coahuila") & (te["cartel"] == "cdn")].iloc[0]
    text = " ".join(v for _, v in details_for(tiny_atlas, "territories", "2019:Coahuila", lang).facts)
    assert row[f"note_{lang}"] in text and row["note"] not in text


@pytest.mark.parametrize("lang", ["en", "de", "es"])
def test_a_place_is_named_in_the_readers_language_in_details_tooltip_label_and_list(tiny_atlas, lang: str) -> None:
    assert details_for(tiny_atlas, "places", "mexico-city", lang).title == MEXICO_CITY[lang]
    frame = tiny_atlas.places[tiny_atlas.places["id"] == "mexico-city"]
    [feat] = features.place_features(frame, lang)["features"]
    assert feat["properties"]["name"] == MEXICO_CITY[lang]  # the map's label and the PNG's
    assert f"<b>{MEXICO_CITY[lang]}</b>" in feat["properties"]["tip"]
    assert tiny_atlas.place_name("mexico-city", lang) == MEXICO_CITY[lang]
    items, _ = items_in_view(tiny_atlas, Selection(layers=("places",)), MapView(19.43, -99.13, 12), lang)
    assert MEXICO_CITY[lang] in [i.label for i in items]


def test_proper_names_stay_as_they_are(tiny_atlas) -> None:
    for r in records(tiny_atlas.places[tiny_atlas.places["id"].isin(["culiacan", "salamanca", "celaya"])]):
        assert r.name == r.name_de == r.name_es


def test_validate_names_a_missing_translation(make_tiny_atlas) -> None:
    g = make_tiny_atlas()
    line = g.edit("events.csv", "villa-union-attack", dispute_note_es="")
    g.edit("territories.csv", 3, note="A note added in English only.", note_de="", note_es="")
    found = {(p.file, p.line, p.field) for p in validate_geodata(g.root)}
    assert ("events.csv", line, "dispute_note_es") in found
    assert {("territories.csv", 3, "note_de"), ("territories.csv", 3, "note_es")} <= found
    assert len(found) == 3


def test_validate_names_a_register_note_without_its_translation(make_tiny_atlas) -> None:
    """The register's names are proper names (never translated); its notes are texts like the others."""
    g = make_tiny_atlas()
    line = g.edit("cartel_register.csv", "cjng", note_de="")
    found = {(p.file, p.line, p.field) for p in validate_geodata(g.root)}
    assert found == {("cartel_register.csv", line, "note_de")}


def test_validate_names_a_flow_label_and_a_cartel_note_without_their_translation(make_tiny_atlas) -> None:
    """Texts written with a suffix in every language (``label_en``, ``note_en``) are checked the same way."""
    g = make_tiny_atlas()
    _, flows = g.read("flows.csv")
    flow = g.edit("flows.csv", flows[0]["id"], label_es="")
    cartel = g.edit("cartels.csv", "cjng", note_de="")
    found = {(p.file, p.line, p.field) for p in validate_geodata(g.root)}
    assert found == {("flows.csv", flow, "label_es"), ("cartels.csv", cartel, "note_de")}
