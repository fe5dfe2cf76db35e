"""A chapter draws its story: its own events, places and routes; its counts, list and frame are about them."""

from __future__ import annotations

from dashboard.atlas import filters, framing
from dashboard.bench.scale import synthetic_events
from dashboard.map.compose import compose_snapshot, map_collections
from dashboard.model import Selection
from dashboard.share.link import Snapshot
from dashboard.views.account import view_account
from dashboard.views.counts import count_line, view_tallies
from dashboard.views.in_view import items_in_view


def caracas_id(atlas) -> str:
    [eid] = atlas.events.loc[atlas.events["title_en"].str.contains("Caracas"), "id"].head(1)
    return eid


def test_made_in_missouri_draws_its_own_events_and_not_caracas(atlas) -> None:
    chapter = atlas.chapter("made-in-missouri")
    layers = map_collections(atlas, chapter.selection, "en", chapter, chapter.view.zoom)
    drawn = {i for f in layers["events"]["features"] for i in f["properties"].get("ids", [f["id"]])}
    assert drawn == set(chapter.events) and caracas_id(atlas) not in drawn
    routes = {f["properties"]["route"] for f in layers["flows"]["features"]}
    assert routes == set(chapter.routes)
    places = {f["id"] for f in layers["places"]["features"]} | {f["id"] for f in layers["crossings"]["features"]}
    assert {"lake-city-plant", "independence-mo"} <= places  # the routes' origin and the chapter's own places


def test_follow_the_money_leaves_caracas_out_of_its_count_and_its_list(atlas) -> None:
    chapter = atlas.chapter("follow-the-money")
    sel = chapter.selection
    [tally] = view_tallies(atlas, sel, chapter=chapter)
    assert tally.events == len(chapter.events)
    items, _ = items_in_view(atlas, sel, chapter.view, "en", chapter=chapter)
    assert all(i.id != caracas_id(atlas) for i in items)


def test_the_deadliest_list_of_the_atlas_is_mexicos(atlas) -> None:
    _, deadliest = view_account(atlas, Selection(), "en")
    assert deadliest and not any("Caracas" in line for line in deadliest)
    _, german = view_account(atlas, Selection(), "de")
    assert all("," not in line.split("Getötet")[-1] for line in german)  # "1.400", never "1,400"


def test_imported_datasets_do_not_join_a_chapter_but_free_exploration_shows_them(atlas) -> None:
    big = synthetic_events(50, seed=2)
    chapter_view = compose_snapshot(atlas, Snapshot(chapter="iron-river"), {"ucdp": big})
    assert chapter_view.imported == () and not any(k.startswith("imported:") for k in chapter_view.layers)
    assert compose_snapshot(atlas, Snapshot(), {"ucdp": big}).imported == ("ucdp",)


def test_the_count_line_says_how_many_of_its_events_are_in_view(atlas) -> None:
    sel = Selection()
    view = atlas.chapter("salamanca-sunday").view
    every, _ = items_in_view(atlas, sel, view, "en", limit=1000)
    events = sum(i.layer == "events" for i in every)  # what the list beside the map counts (ui/panels.py)
    [tally] = view_tallies(atlas, sel)
    head, rest = count_line(atlas, sel, tally, "en", events)
    assert head == f"{tally.events} events in 2006–2026" and rest.endswith(f"{events} in this view")
    assert 0 < events < tally.events


def test_every_chapter_frame_holds_its_story_with_a_margin_on_the_desktop(atlas) -> None:
    """Events, places and every leg of its routes (flow origins too) inside the part of the frame the key leaves."""
    for chapter in atlas.chapters:
        bounds = framing.focus_bounds(chapter, atlas.events, atlas.places, atlas.flows)
        south, west, north, east = bounds
        frame = framing.desktop_frame(chapter.view)
        x0, y0, x1, y1 = frame.bounds
        for lat, lon in ((south, west), (north, east)):
            x, y = framing.world_px(lat, lon, chapter.view.zoom)
            assert x0 + framing.KEY_STRIP_PX <= x <= x1 and y0 <= y <= y1, chapter.id


def test_a_chapter_never_opens_closer_than_it_asks(atlas) -> None:
    from dashboard.atlas.narrative import load_chapters
    from dashboard.config import GEODATA_DIR

    asked = {c.id: c.view.zoom for c in load_chapters(GEODATA_DIR / "chapters.toml")}
    assert all(c.view.zoom <= asked[c.id] for c in atlas.chapters)
    assert atlas.chapter("villa-union-2019").view.zoom < asked["villa-union-2019"]  # Lake City is in its story


def test_filters_without_a_chapter_are_unchanged(atlas) -> None:
    sel = Selection()
    assert len(filters.events_for(atlas, sel)) == len(atlas.events[atlas.events["year"].between(2006, 2026)])
