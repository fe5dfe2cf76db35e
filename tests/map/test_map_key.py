"""The key in sight: only what the view draws inside its frame, a row per kind, a few entries."""

from __future__ import annotations

from dashboard.map import key, legend
from dashboard.map.compose import detail_window, map_collections
from dashboard.model import MapView, Selection
from dashboard.views.in_view import view_box


def entries(atlas, sel: Selection, view: MapView, chapter=None, lang: str = "en") -> list[legend.LegendEntry]:
    drawn = map_collections(atlas, sel, lang, chapter, view.zoom, detail_window(view))
    return key.key_entries(atlas, sel, lang, drawn, view_box(view), chapter=chapter)


def texts(found: list[legend.LegendEntry]) -> str:
    return " | ".join(x for e in found for x in e.texts)


def test_the_default_view_has_at_most_twelve_entries_and_explains_the_stacked_numbers(atlas) -> None:
    found = entries(atlas, Selection(), MapView())
    assert len(found) <= 12, [e.texts for e in found]
    assert "a number: events at one place" in texts(found)
    assert "Who holds each state, 2025" in texts(found)


def test_a_frame_lists_only_what_it_draws(atlas) -> None:
    """Over the Pacific off Sinaloa at street zoom nothing of the events or flows is drawn: neither is in the key."""
    sea = MapView(20.0, -112.0, 9)
    found = texts(entries(atlas, Selection(), sea))
    assert "Events:" not in found and "Arms flows:" not in found


def test_a_chapter_shows_its_contested_states_own_colours(atlas) -> None:
    chapter = atlas.chapter("salamanca-sunday")
    found = entries(atlas, chapter.selection, chapter.view, chapter)
    [contested] = [e for e in found if e.kind == "stripes"]
    assert contested.label == "Contested: CJNG / CSRL"
    assert contested.colours == (atlas.cartel_color("cjng"), atlas.cartel_color("csrl"))
    # only the cartels of the states in sight, not the eight others of the overview
    [cartels] = [e for e in found if e.kind == "row" and e.label.startswith("Who holds")]
    assert [p.label for p in cartels.parts] == ["CJNG", "CSRL"]


def test_many_line_ups_share_one_neutral_swatch(atlas) -> None:
    found = entries(atlas, Selection(), MapView())
    shared = [e for e in found if e.kind == "stripes" and e.label.startswith("shared")]
    assert [e.colours for e in shared] == [key.MANY_STRIPES]


def test_a_chapter_without_territories_lists_its_flow_kinds_and_no_cartel_colours(atlas) -> None:
    chapter = atlas.chapter("made-in-missouri")
    found = texts(entries(atlas, chapter.selection, chapter.view, chapter))
    assert "ammunition ➜" in found and "firearms" not in found  # only Lake City's rounds are drawn
    assert "Who holds" not in found and "the chapter's key events" in found


def test_every_entry_renders_as_escaped_html(atlas) -> None:
    html = "".join(legend.entry_html(e) for e in entries(atlas, Selection(), MapView(), lang="de"))
    assert "Ereignisse:" in html and "<script" not in html
