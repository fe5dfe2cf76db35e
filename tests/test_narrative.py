"""Story chapters as data: order, ids, selections and the features they highlight (on the tiny test atlas)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.atlas.narrative import chapters_mentioning, load_chapters, neighbours
from dashboard.config import YEAR_MAX, YEAR_MIN
from dashboard.vocab import EVENT_TYPES, LAYERS

FIRST, SECOND, LAST = "salamanca-sunday", "villa-union-2019", "iron-river"


@pytest.fixture(scope="module")
def chapters(tiny_atlas):
    return tiny_atlas.chapters


def test_three_chapters_with_unique_slug_ids_in_file_order(chapters):
    ids = [c.id for c in chapters]
    assert ids == [FIRST, SECOND, LAST]
    assert ids[0] == FIRST and ids[-1] == LAST
    assert all(i == i.lower() and " " not in i for i in ids)


def test_every_chapter_is_bilingual(chapters):
    for c in chapters:
        assert c.title("en") == c.titles["en"] and c.title("de") == c.titles["de"]
        assert c.titles["en"] and c.titles["de"], c.id  # titles may coincide ("Made in Missouri")
        assert c.body("en").strip() and c.body("de").strip() and c.body("en") != c.body("de"), c.id
        assert c.body("fr") == c.bodies["en"]  # a language the atlas lacks falls back to English


def test_every_selection_is_valid(tiny_atlas, chapters):
    cartels = set(tiny_atlas.cartels["id"])
    events = tiny_atlas.events.set_index("id")
    places = set(tiny_atlas.places["id"])
    routes = set(tiny_atlas.flows["route"])
    for c in chapters:
        sel = c.selection
        assert YEAR_MIN <= sel.year_from <= sel.year_to <= YEAR_MAX, c.id
        assert set(sel.cartels) <= cartels, c.id
        assert set(sel.layers) <= set(LAYERS) and sel.layers, c.id
        assert set(sel.types) <= set(EVENT_TYPES)
        assert set(c.events) <= set(events.index), c.id
        assert set(c.places) <= places, c.id
        assert set(c.routes) <= routes, c.id
        for eid in c.events:
            assert sel.year_from <= events.loc[eid, "year"] <= sel.year_to, (c.id, eid)
        assert -90 <= c.view.lat <= 90 and -180 <= c.view.lon <= 180 and 1 <= c.view.zoom <= 18


def _chapter_ids() -> list[str]:
    from dashboard.atlas.narrative import read_chapter_tables

    return [t["id"] for t in read_chapter_tables(Path(__file__).resolve().parent / "data" / "atlas" / "chapters.toml")]


@pytest.mark.parametrize("chapter_id", _chapter_ids())
def test_chapter_selection_shows_its_own_events(tiny_atlas, chapter_id):
    """Opening a chapter must not filter away the events it highlights."""
    from dashboard.atlas.filters import events_for

    chapter = next(c for c in tiny_atlas.chapters if c.id == chapter_id)
    hidden = set(chapter.events) - set(events_for(tiny_atlas, chapter.selection)["id"])
    assert not hidden, f"{chapter_id} highlights {sorted(hidden)} but its own filter hides them"


@pytest.mark.parametrize(("current", "expected"), [
    (FIRST, (None, SECOND)),
    (SECOND, (FIRST, LAST)),
    (LAST, (SECOND, None)),
    (None, (None, FIRST)),
    ("no-such-chapter", (None, FIRST)),
])
def test_neighbours(chapters, current, expected):
    assert neighbours(chapters, current) == expected


def test_neighbours_of_no_chapters():
    assert neighbours([], None) == (None, None)


@pytest.mark.parametrize(("kind", "feature_id", "expected"), [
    ("events", "villa-union-attack", ["villa-union-2019", "iron-river"]),
    ("events", "salamanca-massacre", ["salamanca-sunday"]),
    ("events", "war-declared", []),
    ("places", "villa-union", None),
    ("flows", "lake-city-coahuila", None),
    ("territories", "Guanajuato", None),
    ("places", "atlantis", []),
    ("no-such-layer", "villa-union-attack", []),
])
def test_chapters_mentioning(chapters, kind, feature_id, expected):
    found = [c.id for c in chapters_mentioning(chapters, kind, feature_id)]
    if expected is None:  # at least one, in story order
        assert found, (kind, feature_id)
        order = [c.id for c in chapters]
        assert found == sorted(found, key=order.index)
    else:
        assert found == expected


def test_villa_union_chapter(chapters):
    c = next(c for c in chapters if c.id == "villa-union-2019")
    assert c.years == (2019, 2019) and c.cartels == ("cdn",)
    assert c.mentions("events", "villa-union-attack") and c.mentions("places", "villa-union")
    assert c.mentions("flows", "lake-city-coahuila") and c.mentions("territories", "Coahuila")
    assert not c.mentions("events", "salamanca-massacre")
    assert c.selection.year_from == c.selection.year_to == 2019


def test_load_chapters_reads_file_order(make_tiny_atlas):
    g = make_tiny_atlas()
    header = "\n[[chapter]]\n"
    head, *tables = (g / "chapters.toml").read_text(encoding="utf-8").split(header)
    assert len(tables) == 3
    tables[0], tables[-1] = tables[-1].rstrip("\n") + "\n\n", tables[0]
    (g / "chapters.toml").write_text(header.join([head, *tables]), encoding="utf-8")
    ids = [c.id for c in load_chapters(g / "chapters.toml")]
    assert ids == [LAST, SECOND, FIRST]
