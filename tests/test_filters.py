"""Selection → frames, as tables of (selection, expected ids) on the real atlas."""

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


EVENT_CASES = [
    ("cjng 2019-2020", S(["cjng"], (2019, 2020)), {"e06", "e08", "e09"}),
    ("sinaloa incl. factions", S(["sinaloa"]), {"e02", "e03", "e04", "e15", "e19", "e24", "e25", "e29", "e41"}),
    ("chapitos only", S(["chapitos"]), {"e15", "e19", "e24", "e25"}),
    ("cdn", S(["cdn"]), {"e07", "e29", "e30", "e41", "e48"}),
    ("la-barredora", S(["la-barredora"]), {"e13", "e20", "e21", "e27", "e34"}),
    ("csrl", S(["csrl"]), {"e09", "e43", "e44"}),
    ("two cartels = union", S(["csrl", "gulf"]), {"e09", "e43", "e44", "e29", "e41"}),
    ("year 2019", S(years=(2019, 2019)), {"e05", "e06", "e07"}),
    ("first year", S(years=(2006, 2006)), {"e01"}),
    ("no events 2007-2016", S(years=(2007, 2016)), set()),
    ("massacres", S(types=["massacre"]), {"e27", "e43"}),
    ("massacres + attacks", S(types=["massacre", "attack"]), {"e06", "e07", "e08", "e27", "e43"}),
    ("cjng massacres 2026", S(["cjng"], (2026, 2026), ["massacre"]), {"e43"}),
    ("year-precision event", S(["la-barredora"], (2022, 2022)), {"e13"}),
]


@pytest.mark.parametrize(("sel", "expected"), [c[1:] for c in EVENT_CASES], ids=[c[0] for c in EVENT_CASES])
def test_events_for(atlas, sel, expected):
    frame = events_for(atlas, sel)
    assert ids(frame) == expected
    assert frame["year"].between(sel.year_from, sel.year_to).all()


def test_unfiltered_events_are_all_events(atlas):
    assert len(events_for(atlas, Selection())) == len(atlas.events) == 50


def test_selecting_a_parent_shows_events_tagged_only_with_a_faction(atlas):
    """An event tagged only 'mayiza' appears under Sinaloa, but not under Chapitos."""
    events = atlas.events.copy()
    events["cartels"] = [("mayiza",) if i == "e25" else c for i, c in zip(events["id"], events["cartels"],
                                                                            strict=True)]
    only_mayiza = dataclasses.replace(atlas, events=events)
    assert "e25" in ids(events_for(only_mayiza, S(["sinaloa"])))
    assert "e25" in ids(events_for(only_mayiza, S(["mayiza"])))
    assert "e25" not in ids(events_for(only_mayiza, S(["chapitos"])))
    assert "e25" not in ids(events_for(only_mayiza, S(["cjng"])))


@pytest.mark.parametrize(("cartels", "expected"), [
    (("sinaloa",), {"sinaloa", "chapitos", "mayiza"}),
    (("chapitos",), {"chapitos"}),
    (("cjng", "mayiza"), {"cjng", "mayiza"}),
    ((), set()),
])
def test_expand_cartels(atlas, cartels, expected):
    assert expand_cartels(atlas, cartels) == expected


def test_filtering_does_not_touch_the_atlas(atlas):
    frame = events_for(atlas, S(["cdn"]))
    frame["title_en"] = "overwritten by a caller"
    assert "overwritten by a caller" not in set(atlas.events["title_en"])


@pytest.mark.parametrize(("year_to", "snapshot"), [
    (2006, None), (2018, None), (2019, 2019), (2022, 2019), (2023, 2023), (2024, 2023), (2025, 2025), (2026, 2025),
])
def test_snapshot_year_for(year_to, snapshot):
    assert snapshot_year_for(S(years=(2006, year_to))) == snapshot


TERRITORY_CASES = [
    ("cdn 2019", S(["cdn"], (2019, 2019)), {"cdn-2019-coahuila", "cdn-2019-nuevo-leon", "cdn-2019-tamaulipas"}),
    ("chapitos latest", S(["chapitos"]), {"chapitos-2025-sinaloa"}),
    ("csrl 2020-2024 -> 2023", S(["csrl"], (2020, 2024)), {"csrl-2023-guanajuato"}),
    ("sinaloa 2019 incl. factions", S(["sinaloa"], (2010, 2019)),
     {"sinaloa-2019-baja-california", "sinaloa-2019-chihuahua", "sinaloa-2019-durango", "sinaloa-2019-sinaloa",
      "sinaloa-2019-sonora", "sinaloa-2019-zacatecas", "chapitos-2019-sinaloa", "mayiza-2019-sinaloa"}),
    ("before the first snapshot", S(["cdn"], (2010, 2018)), set()),
]


@pytest.mark.parametrize(("sel", "expected"), [c[1:] for c in TERRITORY_CASES], ids=[c[0] for c in TERRITORY_CASES])
def test_territories_for(atlas, sel, expected):
    assert ids(territories_for(atlas, sel)) == expected


def test_territories_unfiltered_is_the_latest_snapshot(atlas):
    frame = territories_for(atlas, Selection())
    assert set(frame["year"]) == {2025}
    assert len(frame) == (atlas.territories["year"] == 2025).sum()


def test_contested_states_keep_every_cartel(atlas):
    """Sinaloa 2025 is contested: the frame keeps both factions' rows, not one colour hiding another."""
    frame = territories_for(atlas, S(["sinaloa"], (2025, 2025)))
    rows = frame[frame["state"] == "Sinaloa"]
    assert set(rows["cartel"]) == {"sinaloa", "chapitos", "mayiza"}
    assert set(rows["status"]) == {"contested"}


FLOW_CASES = [
    ("only 2023+ overlap", S(years=(2023, 2026)), {"phoenix-sonora-2"}),
    ("2008", S(years=(2008, 2008)), {"lake-city-coahuila-1", "lake-city-michoacan-1"}),
    ("none before 2008", S(years=(2006, 2007)), set()),
    ("cdn 2019", S(["cdn"], (2019, 2019)),
     {"lake-city-coahuila-1", "lake-city-coahuila-2", "houston-laredo-1", "houston-laredo-2",
      "san-antonio-eagle-pass-1"}),
    ("cjng 2020", S(["cjng"], (2020, 2020)),
     {"arizona-cjng-ammo-1", "arizona-cjng-ammo-2", "el-paso-juarez-1", "el-paso-juarez-2",
      "california-tijuana-1", "california-tijuana-2"}),
    ("sinaloa 2023-2024", S(["sinaloa"], (2023, 2024)), {"phoenix-sonora-2"}),
    ("gulf", S(["gulf"]), {"mcallen-reynosa-1", "mcallen-reynosa-2"}),
    ("a faction does not inherit parent flows", S(["mayiza"]), set()),
]


@pytest.mark.parametrize(("sel", "expected"), [c[1:] for c in FLOW_CASES], ids=[c[0] for c in FLOW_CASES])
def test_flows_for(atlas, sel, expected):
    assert ids(flows_for(atlas, sel)) == expected


PLACE_CASES = [
    ("cdn 2019", S(["cdn"], (2019, 2019)),
     {"villa-union", "lake-city-plant", "houston", "nuevo-laredo", "san-antonio"}, {"poe-eagle-pass", "poe-laredo"}),
    ("csrl 2026", S(["csrl"], (2026, 2026)), {"loma-de-flores", "villagran"}, set()),
    ("gulf 2015", S(["gulf"], (2015, 2015)), {"mcallen", "reynosa"}, {"poe-hidalgo"}),
]


@pytest.mark.parametrize(("sel", "places", "crossings"), [c[1:] for c in PLACE_CASES],
                         ids=[c[0] for c in PLACE_CASES])
def test_places_and_crossings_for(atlas, sel, places, crossings):
    assert ids(places_for(atlas, sel)) == places
    assert ids(crossings_for(atlas, sel)) == crossings


def test_unfiltered_places_and_crossings(atlas):
    places, crossings = places_for(atlas, Selection()), crossings_for(atlas, Selection())
    assert len(places) == 60 and (places["kind"] != "crossing").all()
    assert len(crossings) == 9 and (crossings["kind"] == "crossing").all()
    assert "salamanca" in ids(places) and "poe-eagle-pass" in ids(crossings)


def test_chapters_for(atlas):
    frame = chapters_for(atlas, S(["cdn"], (2019, 2019)))
    # CDN's own chapter plus the chapters about all cartels (cartels = []) that cover 2019.
    assert list(frame["id"]) == ["police-chief-and-sweeper", "made-in-missouri", "villa-union-2019", "iron-river",
                                 "justice-on-whose-terms"]
    assert frame.crs.to_epsg() == 4326
    assert len(chapters_for(atlas, Selection())) == 16


@pytest.mark.parametrize("layer", ["territories", "events", "places", "flows", "crossings", "chapters"])
def test_layer_for_dispatches(atlas, layer):
    sel = S(["cdn"], (2019, 2019))
    expected = {"territories": territories_for, "events": events_for, "places": places_for, "flows": flows_for,
                "crossings": crossings_for, "chapters": chapters_for}[layer](atlas, sel)
    assert list(layer_for(atlas, layer, sel)["id"]) == list(expected["id"])


def test_reversed_selection_is_refused():
    with pytest.raises(ValueError, match="reversed"):
        Selection(year_from=2020, year_to=2019)


def test_selection_normalises_order():
    a = Selection(cartels=("cjng", "cdn", "cjng"), types=("massacre", "attack"))
    b = Selection(cartels=("cdn", "cjng"), types=("attack", "massacre"))
    assert a == b and hash(a) == hash(b)
    assert a.cartels == ("cdn", "cjng")
    assert Selection().is_unfiltered and not a.is_unfiltered
