"""Selection → frames, as tables of (selection, expected ids) on the tiny test atlas (tests/data/atlas/)."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard.atlas.filters import (
    chapters_for,
    crossings_for,
    events_for,
    expand_cartels,
    flows_for,
    layer_for,
    places_for,
    snapshot_year_for,
    territories_for,
)
from dashboard.model import Selection


def S(cartels=(), years=(2006, 2026), types=()):
    return Selection(cartels=tuple(cartels), year_from=years[0], year_to=years[1], types=tuple(types))


def ids(frame, column="id"):
    return set(frame[column])


# The tiny atlas's events (tests/data/atlas/events.csv): year, cartels, type.
#   war-declared 2006 (none) policy · boss-arrested 2017 sinaloa arrest · aguililla-ambush 2019 cjng attack
#   villa-union-attack 2019 cdn attack · capital-attack 2020 cjng attack · laredo-seizure 2021 cdn seizure
#   culiacan-arrest 2023 chapitos+sinaloa arrest · chapitos-extradited 2023 chapitos extradition
#   mayiza-clash 2024 mayiza armed-conflict · plant-investigation 2025 (none) investigation
#   salamanca-massacre 2026 cjng+csrl massacre · salamanca-arrests 2026 csrl arrest
EVENT_CASES = [
    ("cjng 2019-2020", S(["cjng"], (2019, 2020)), {"aguililla-ambush", "capital-attack"}),
    ("sinaloa incl. factions", S(["sinaloa"]),
     {"boss-arrested", "culiacan-arrest", "chapitos-extradited", "mayiza-clash"}),
    ("chapitos only", S(["chapitos"]), {"culiacan-arrest", "chapitos-extradited"}),
    ("cdn", S(["cdn"]), {"villa-union-attack", "laredo-seizure"}),
    ("csrl", S(["csrl"]), {"salamanca-massacre", "salamanca-arrests"}),
    ("two cartels = union", S(["csrl", "cdn"]),
     {"salamanca-massacre", "salamanca-arrests", "villa-union-attack", "laredo-seizure"}),
    ("year 2019", S(years=(2019, 2019)), {"aguililla-ambush", "villa-union-attack"}),
    ("first year", S(years=(2006, 2006)), {"war-declared"}),
    ("no events 2007-2016", S(years=(2007, 2016)), set()),
    ("massacres", S(types=["massacre"]), {"salamanca-massacre"}),
    ("massacres + attacks", S(types=["massacre", "attack"]),
     {"salamanca-massacre", "aguililla-ambush", "villa-union-attack", "capital-attack"}),
    ("cjng massacres 2026", S(["cjng"], (2026, 2026), ["massacre"]), {"salamanca-massacre"}),
    ("year-precision event", S(["cdn"], (2021, 2021)), {"laredo-seizure"}),
]


@pytest.mark.parametrize(("sel", "expected"), [c[1:] for c in EVENT_CASES], ids=[c[0] for c in EVENT_CASES])
def test_events_for(tiny_atlas, sel, expected):
    frame = events_for(tiny_atlas, sel)
    assert ids(frame) == expected
    assert frame["year"].between(sel.year_from, sel.year_to).all()


def test_unfiltered_events_are_all_events(tiny_atlas):
    assert len(events_for(tiny_atlas, Selection())) == len(tiny_atlas.events) == 12


def test_selecting_a_parent_shows_events_tagged_only_with_a_faction(tiny_atlas):
    """An event tagged only 'mayiza' appears under Sinaloa, but not under Chapitos."""
    assert tiny_atlas.events.set_index("id").loc["mayiza-clash", "cartels"] == ("mayiza",)
    assert "mayiza-clash" in ids(events_for(tiny_atlas, S(["sinaloa"])))
    assert "mayiza-clash" in ids(events_for(tiny_atlas, S(["mayiza"])))
    assert "mayiza-clash" not in ids(events_for(tiny_atlas, S(["chapitos"])))
    assert "mayiza-clash" not in ids(events_for(tiny_atlas, S(["cjng"])))


def test_an_event_moved_to_a_faction_follows_it(tiny_atlas):
    """Retagging an event (as a correction of the data would) moves it between the filters, nothing else."""
    events = tiny_atlas.events.copy()
    events["cartels"] = [("mayiza",) if i == "boss-arrested" else c
                         for i, c in zip(events["id"], events["cartels"], strict=True)]
    retagged = dataclasses.replace(tiny_atlas, events=events)
    assert "boss-arrested" in ids(events_for(retagged, S(["mayiza"])))
    assert "boss-arrested" not in ids(events_for(retagged, S(["chapitos"])))


@pytest.mark.parametrize(("cartels", "expected"), [
    (("sinaloa",), {"sinaloa", "chapitos", "mayiza"}),
    (("chapitos",), {"chapitos"}),
    (("cjng", "mayiza"), {"cjng", "mayiza"}),
    ((), set()),
])
def test_expand_cartels(tiny_atlas, cartels, expected):
    assert expand_cartels(tiny_atlas, cartels) == expected


def test_filtering_does_not_touch_the_atlas(tiny_atlas):
    frame = events_for(tiny_atlas, S(["cdn"]))
    frame["title_en"] = "overwritten by a caller"
    assert "overwritten by a caller" not in set(tiny_atlas.events["title_en"])


@pytest.mark.parametrize(("year_to", "snapshot"), [
    (2006, None), (2018, None), (2019, 2019), (2022, 2019), (2023, 2023), (2024, 2023), (2025, 2025), (2026, 2025),
])
def test_snapshot_year_for(year_to, snapshot):
    assert snapshot_year_for(S(years=(2006, year_to))) == snapshot


TERRITORY_CASES = [
    ("cdn 2019", S(["cdn"], (2019, 2019)), {"cdn-2019-coahuila", "cdn-2019-tamaulipas"}),
    ("chapitos latest", S(["chapitos"]), {"chapitos-2025-sinaloa"}),
    ("csrl 2020-2024 -> 2023", S(["csrl"], (2020, 2024)), {"csrl-2023-guanajuato"}),
    ("sinaloa 2019 incl. factions", S(["sinaloa"], (2010, 2019)),
     {"sinaloa-2019-sinaloa", "chapitos-2019-sinaloa", "mayiza-2019-sinaloa"}),
    ("sinaloa 2025 incl. factions", S(["sinaloa"], (2025, 2025)),
     {"sinaloa-2025-sinaloa", "sinaloa-2025-ciudad-de-mexico", "chapitos-2025-sinaloa", "mayiza-2025-sinaloa"}),
    ("before the first snapshot", S(["cdn"], (2010, 2018)), set()),
]


@pytest.mark.parametrize(("sel", "expected"), [c[1:] for c in TERRITORY_CASES], ids=[c[0] for c in TERRITORY_CASES])
def test_territories_for(tiny_atlas, sel, expected):
    assert ids(territories_for(tiny_atlas, sel)) == expected


def test_territories_unfiltered_is_the_latest_snapshot(tiny_atlas):
    frame = territories_for(tiny_atlas, Selection())
    assert set(frame["year"]) == {2025}
    assert len(frame) == (tiny_atlas.territories["year"] == 2025).sum() == 11


def test_contested_states_keep_every_cartel(tiny_atlas):
    """Sinaloa 2025 is contested: the frame keeps both factions' rows, not one colour hiding another."""
    frame = territories_for(tiny_atlas, S(["sinaloa"], (2025, 2025)))
    rows = frame[frame["state"] == "Sinaloa"]
    assert set(rows["cartel"]) == {"sinaloa", "chapitos", "mayiza"}
    assert set(rows["status"]) == {"contested"}


# Legs: lake-city-coahuila-1 2008-2019 cdn · lake-city-coahuila-2 2019 cdn
#       houston-laredo-1 2015-2022 cdn+cjng · houston-laredo-2 2015-2024 cdn+sinaloa
FLOW_CASES = [
    ("only 2023+ overlap", S(years=(2023, 2026)), {"houston-laredo-2"}),
    ("2008", S(years=(2008, 2008)), {"lake-city-coahuila-1"}),
    ("none before 2008", S(years=(2006, 2007)), set()),
    ("cdn 2019", S(["cdn"], (2019, 2019)),
     {"lake-city-coahuila-1", "lake-city-coahuila-2", "houston-laredo-1", "houston-laredo-2"}),
    ("cjng 2020", S(["cjng"], (2020, 2020)), {"houston-laredo-1"}),
    ("sinaloa 2023-2024", S(["sinaloa"], (2023, 2024)), {"houston-laredo-2"}),
    ("a faction does not inherit parent flows", S(["mayiza"]), set()),
]


@pytest.mark.parametrize(("sel", "expected"), [c[1:] for c in FLOW_CASES], ids=[c[0] for c in FLOW_CASES])
def test_flows_for(tiny_atlas, sel, expected):
    assert ids(flows_for(tiny_atlas, sel)) == expected


PLACE_CASES = [
    ("cdn 2019", S(["cdn"], (2019, 2019)),
     {"villa-union", "lake-city-plant", "houston", "nuevo-laredo"}, {"poe-eagle-pass", "poe-laredo"}),
    ("csrl 2026", S(["csrl"], (2026, 2026)), {"loma-de-flores", "salamanca"}, set()),
    ("cjng 2020", S(["cjng"], (2020, 2020)), {"mexico-city", "houston"}, {"poe-laredo"}),
]


@pytest.mark.parametrize(("sel", "places", "crossings"), [c[1:] for c in PLACE_CASES],
                         ids=[c[0] for c in PLACE_CASES])
def test_places_and_crossings_for(tiny_atlas, sel, places, crossings):
    assert ids(places_for(tiny_atlas, sel)) == places
    assert ids(crossings_for(tiny_atlas, sel)) == crossings


def test_unfiltered_places_and_crossings(tiny_atlas):
    places, crossings = places_for(tiny_atlas, Selection()), crossings_for(tiny_atlas, Selection())
    assert len(places) == 12 and (places["kind"] != "crossing").all()
    assert len(crossings) == 2 and (crossings["kind"] == "crossing").all()
    assert "salamanca" in ids(places) and "poe-eagle-pass" in ids(crossings)


def test_chapters_for(tiny_atlas):
    frame = chapters_for(tiny_atlas, S(["cdn"], (2019, 2019)))
    # CDN's own chapter plus the chapter about all cartels (cartels = []) that covers 2019, in story order.
    assert list(frame["id"]) == ["villa-union-2019", "iron-river"]
    assert frame.crs.to_epsg() == 4326
    assert len(chapters_for(tiny_atlas, Selection())) == 3


@pytest.mark.parametrize("layer", ["territories", "events", "places", "flows", "crossings", "chapters"])
def test_layer_for_dispatches(tiny_atlas, layer):
    sel = S(["cdn"], (2019, 2019))
    expected = {"territories": territories_for, "events": events_for, "places": places_for, "flows": flows_for,
                "crossings": crossings_for, "chapters": chapters_for}[layer](tiny_atlas, sel)
    assert list(layer_for(tiny_atlas, layer, sel)["id"]) == list(expected["id"])


def test_reversed_selection_is_refused():
    with pytest.raises(ValueError, match="reversed"):
        Selection(year_from=2020, year_to=2019)


def test_selection_normalises_order():
    a = Selection(cartels=("cjng", "cdn", "cjng"), types=("massacre", "attack"))
    b = Selection(cartels=("cdn", "cjng"), types=("attack", "massacre"))
    assert a == b and hash(a) == hash(b)
    assert a.cartels == ("cdn", "cjng")
    assert Selection().is_unfiltered and not a.is_unfiltered
