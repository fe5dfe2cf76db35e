"""Details of a clicked feature: what a reader needs (title, date, killed, cartels in their language, sources)."""

from __future__ import annotations

import pytest

from dashboard.atlas import filters
from dashboard.map import features
from dashboard.model import MapView, Selection
from dashboard.testing import synthetic_events
from dashboard.views.details import details_for, imported_cell_details, imported_details


def test_an_event_shows_title_date_casualties_cartels_sources_and_chapters(tiny_atlas) -> None:
    e = tiny_atlas.events.set_index("id").loc["salamanca-massacre"]
    for lang, killed, cartels in (("en", "Killed", "Cartels"), ("de", "Getötet", "Kartelle")):
        d = details_for(tiny_atlas, "events", "salamanca-massacre", lang)
        facts = dict(d.facts)
        assert d.title == e[f"title_{lang}"] and d.body == e[f"summary_{lang}"]
        assert e["date"] in facts.values() and facts[killed] == str(e["killed"])
        assert facts[cartels] == ", ".join(tiny_atlas.cartel_name(c, lang) for c in e["cartels"])
        assert len(d.sources) == len(e["sources"]) and all(" · " in s for s in d.sources)
        assert "salamanca-sunday" in [c.id for c in d.chapters]
    german = dict(details_for(tiny_atlas, "events", "salamanca-massacre", "de").facts)
    assert "Kartell Jalisco Nueva Generación" in german["Kartelle"]


def test_a_disputed_toll_shows_its_range_and_note(tiny_atlas) -> None:
    facts = dict(details_for(tiny_atlas, "events", "villa-union-attack", "en").facts)  # 22 to 26 killed
    assert facts["Killed"].startswith("22–26") and "disputed" in facts["Killed"]


def test_a_place_and_a_crossing_show_where_how_precise_and_what_happened(tiny_atlas) -> None:
    d = details_for(tiny_atlas, "places", "salamanca", "en")
    facts = dict(d.facts)
    assert d.title == "Salamanca" and facts["lat, lon"] == "20.5700, -101.2000"
    assert "Guanajuato" in next(v for v in facts.values() if "MX" in v)
    assert d.sources and [c.id for c in d.chapters]
    e = tiny_atlas.events.iloc[0]
    here = dict(details_for(tiny_atlas, "places", e["place_id"], "en").facts)
    assert f"{e['date']} {e['title_en']}" in here["Events"], "what happened there is listed"
    crossing = tiny_atlas.places[tiny_atlas.places["kind"] == "crossing"].iloc[0]
    assert details_for(tiny_atlas, "crossings", crossing["id"], "en").title == crossing["name"]


def test_a_flow_shows_its_route_kind_years_and_cartels(tiny_atlas) -> None:
    f = tiny_atlas.flows.iloc[0]
    places = tiny_atlas.places.set_index("id")
    for lang in ("en", "de"):
        names = places["name" if lang == "en" else f"name_{lang}"]  # "Lake City Army Ammunition Plant" is translated
        d = details_for(tiny_atlas, "flows", f["id"], lang)
        facts = dict(d.facts)
        assert d.title == f[f"label_{lang}"]
        assert facts["→"] == f"{names[f['from_place']]} → {names[f['to_place']]}"
        assert f"{f['year_from']}–{f['year_to']}" in facts.values()
        assert ", ".join(tiny_atlas.cartel_name(c, lang) for c in f["cartels"]) in facts.values()
        assert d.sources


def test_a_state_lists_each_cartel_by_name_in_the_interface_language(tiny_atlas) -> None:
    te = tiny_atlas.territories
    rows = te[(te["year"] == 2019) & (te["state"] == "Guanajuato")]
    assert list(rows["cartel"]) == ["cjng", "csrl"]  # contested by two
    for lang in ("en", "de"):
        d = details_for(tiny_atlas, "territories", "2019:Guanajuato", lang)
        assert d.title == "Guanajuato · 2019"
        assert [label for label, _ in d.facts] == [tiny_atlas.cartel_name(c, lang) for c in rows["cartel"]]
        assert d.sources


@pytest.mark.parametrize(("layer", "fid"), [("events", "nope"), ("places", "nope"), ("flows", "nope"),
                                            ("territories", "x:Tamaulipas"), ("territories", "2019:Atlantis"),
                                            ("base", "state:Sonora")])
def test_unknown_features_have_no_details(tiny_atlas, layer: str, fid: str) -> None:
    assert details_for(tiny_atlas, layer, fid, "en") is None


def test_an_imported_row_shows_its_own_fields(tiny_atlas) -> None:
    frame = synthetic_events(30, seed=5, atlas=tiny_atlas)
    row = frame.iloc[0]
    d = imported_details(frame, row["id"], "My data", "en")
    facts = dict(d.facts)
    assert d.title == f"My data: {row['id']}" and facts["Date"] == row["date"]
    assert imported_details(frame, "nope", "My data", "en") is None


def test_clicking_a_hexagon_details_its_events(tiny_atlas) -> None:
    big = synthetic_events(20_000, seed=3, atlas=tiny_atlas)
    sel = Selection(year_from=2015)
    mask = filters.imported_mask(tiny_atlas, big, sel)
    fc, _ = features.imported_layer(big, mask, "synthetic", "My data", "en", MapView(23.5, -102.0, 6))
    top = max(fc["features"], key=lambda f: f["properties"]["count"])
    details = imported_cell_details(big, mask, top["properties"]["id"], "My data", "en")
    facts = dict(details.facts)
    assert facts["Events in this hexagon"] == f"{top['properties']['count']:,}"
    low, high = facts["Years"].split("–")
    assert int(low) >= 2015 and int(high) <= 2026
    assert imported_cell_details(big, mask, "hex:6:999999:0", "My data", "en") is None


def test_split_confidence_grades_are_both_shown(tiny_atlas) -> None:
    facts = dict(details_for(tiny_atlas, "events", "aguililla-ambush", "en").facts)
    assert facts["Confidence"] == "H (the event) · M (the claim in the note)"
    assert dict(details_for(tiny_atlas, "events", "salamanca-massacre", "en").facts)["Confidence"] == "H"


def test_uncertain_toll_and_perpetrators_are_flagged(tiny_atlas) -> None:
    for eid in ("villa-union-attack", "salamanca-massacre"):  # a toll range; perpetrators a working line
        facts = dict(details_for(tiny_atlas, "events", eid, "en").facts)
        assert facts.get("disputed"), eid
