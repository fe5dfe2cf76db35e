"""Details of a clicked feature: what a reader needs (title, date, killed, cartels in their language, sources)."""

from __future__ import annotations

import pytest

from dashboard.atlas import filters
from dashboard.bench.scale import synthetic_events
from dashboard.map import features
from dashboard.model import MapView, Selection
from dashboard.views.details import details_for, imported_cell_details, imported_details


def test_an_event_shows_title_date_casualties_cartels_sources_and_chapters(atlas) -> None:
    e = atlas.events.set_index("id").loc["e43"]
    for lang, killed, cartels in (("en", "Killed", "Cartels"), ("de", "Getötet", "Kartelle")):
        d = details_for(atlas, "events", "e43", lang)
        facts = dict(d.facts)
        assert d.title == e[f"title_{lang}"] and d.body == e[f"summary_{lang}"]
        assert e["date"] in facts.values() and facts[killed] == str(e["killed"])
        assert facts[cartels] == ", ".join(atlas.cartel_name(c, lang) for c in e["cartels"])
        assert len(d.sources) == len(e["sources"]) and all(" · " in s for s in d.sources)
        assert "salamanca-sunday" in [c.id for c in d.chapters]
    assert "Kartell Jalisco Nueva Generación" in dict(details_for(atlas, "events", "e43", "de").facts)["Kartelle"]


def test_a_disputed_toll_shows_its_range_and_note(atlas) -> None:
    disputed = atlas.events[atlas.events["killed_max"].notna()]
    if disputed.empty:
        pytest.skip("no event with a disputed toll in the data")
    e = disputed.iloc[0]
    facts = dict(details_for(atlas, "events", e["id"], "en").facts)
    assert facts["Killed"].startswith(f"{e['killed']}–{e['killed_max']}") and "disputed" in facts["Killed"]


def test_a_place_and_a_crossing_show_where_how_precise_and_what_happened(atlas) -> None:
    d = details_for(atlas, "places", "salamanca", "en")
    facts = dict(d.facts)
    assert d.title == "Salamanca" and facts["lat, lon"] == "20.5698, -101.1977"
    assert "Guanajuato" in next(v for v in facts.values() if "MX" in v)
    assert d.sources and [c.id for c in d.chapters]
    e = atlas.events.iloc[0]
    here = dict(details_for(atlas, "places", e["place_id"], "en").facts)
    assert f"{e['date']} {e['title_en']}" in here["Events"], "what happened there is listed"
    crossing = atlas.places[atlas.places["kind"] == "crossing"].iloc[0]
    assert details_for(atlas, "crossings", crossing["id"], "en").title == crossing["name"]


def test_a_flow_shows_its_route_kind_years_and_cartels(atlas) -> None:
    f = atlas.flows.iloc[0]
    places = atlas.places.set_index("id")
    for lang in ("en", "de"):
        names = places["name" if lang == "en" else f"name_{lang}"]  # "Lake City Army Ammunition Plant" is translated
        d = details_for(atlas, "flows", f["id"], lang)
        facts = dict(d.facts)
        assert d.title == f[f"label_{lang}"]
        assert facts["→"] == f"{names[f['from_place']]} → {names[f['to_place']]}"
        assert f"{f['year_from']}–{f['year_to']}" in facts.values()
        assert ", ".join(atlas.cartel_name(c, lang) for c in f["cartels"]) in facts.values()
        assert d.sources


def test_a_state_lists_each_cartel_by_name_in_the_interface_language(atlas) -> None:
    rows = atlas.territories[(atlas.territories["year"] == 2019) & (atlas.territories["state"] == "Tamaulipas")]
    for lang in ("en", "de"):
        d = details_for(atlas, "territories", "2019:Tamaulipas", lang)
        assert d.title == "Tamaulipas · 2019"
        assert [label for label, _ in d.facts] == [atlas.cartel_name(c, lang) for c in rows["cartel"]]
        assert d.sources


@pytest.mark.parametrize(("layer", "fid"), [("events", "nope"), ("places", "nope"), ("flows", "nope"),
                                            ("territories", "x:Tamaulipas"), ("territories", "2019:Atlantis"),
                                            ("base", "state:Sonora")])
def test_unknown_features_have_no_details(atlas, layer: str, fid: str) -> None:
    assert details_for(atlas, layer, fid, "en") is None


def test_an_imported_row_shows_its_own_fields(atlas) -> None:
    frame = synthetic_events(30, seed=5)
    row = frame.iloc[0]
    d = imported_details(frame, row["id"], "My data", "en")
    facts = dict(d.facts)
    assert d.title == f"My data: {row['id']}" and facts["Date"] == row["date"]
    assert imported_details(frame, "nope", "My data", "en") is None


def test_clicking_a_hexagon_details_its_events(atlas) -> None:
    big = synthetic_events(20_000, seed=3)
    sel = Selection(year_from=2015)
    mask = filters.imported_mask(atlas, big, sel)
    fc, _ = features.imported_layer(big, mask, "synthetic", "My data", "en", MapView(23.5, -102.0, 6))
    top = max(fc["features"], key=lambda f: f["properties"]["count"])
    details = imported_cell_details(big, mask, top["properties"]["id"], "My data", "en")
    facts = dict(details.facts)
    assert facts["Events in this hexagon"] == f"{top['properties']['count']:,}"
    low, high = facts["Years"].split("–")
    assert int(low) >= 2015 and int(high) <= 2026
    assert imported_cell_details(big, mask, "hex:6:999999:0", "My data", "en") is None


def test_split_confidence_grades_are_both_shown(atlas) -> None:
    facts = dict(details_for(atlas, "events", "e06", "en").facts)
    assert facts["Confidence"] == "H (the event) · M (the claim in the note)"
    assert dict(details_for(atlas, "events", "e43", "en").facts)["Confidence"] == "H"


def test_uncertain_toll_and_perpetrators_are_flagged(atlas) -> None:
    for eid in ("e37", "e43"):
        facts = dict(details_for(atlas, "events", eid, "en").facts)
        assert facts.get("disputed"), eid
