"""Story chapters as data: order, ids, selections and the features they highlight (on the tiny test atlas)."""

from __future__ import annotations

from pathlib import Path

import pytest
from atlas_checks import (
    assert_chapter_selections_are_valid,
    assert_chapters_are_written_in_english_and_german,
)

from dashboard.atlas.narrative import chapters_mentioning, load_chapters, neighbours

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
    assert_chapters_are_written_in_english_and_german(chapters)


def test_every_selection_is_valid(tiny_atlas):
    assert_chapter_selections_are_valid(tiny_atlas)


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
