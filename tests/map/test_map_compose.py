"""What a view draws: its layers, a chapter's own places and highlights, binned layers, the draw order."""

from __future__ import annotations

import pytest

from dashboard.map import compose, hexbins
from dashboard.model import MapView, Selection
from dashboard.share.link import Snapshot
from dashboard.testing import synthetic_events


def test_a_view_draws_its_selected_layers_only(tiny_atlas) -> None:
    assert set(compose.map_collections(tiny_atlas, Selection(), "en", None)) == {
        "territories", "events", "places", "flows", "crossings", "labels"}
    assert set(compose.map_collections(tiny_atlas, Selection(layers=("events",)), "en", None)) == {"events", "labels"}


def test_a_chapter_adds_its_highlights_and_its_own_places(tiny_atlas) -> None:
    chapter = tiny_atlas.chapter("villa-union-2019")
    sel = Selection(cartels=("cjng",), layers=("places", "events"))  # a filter that hides the chapter's places
    layers = compose.map_collections(tiny_atlas, sel, "en", chapter)
    assert "highlights" in layers
    place_ids = {f["id"] for f in layers["places"]["features"]}
    assert set(chapter.places) - set(tiny_atlas.places.loc[tiny_atlas.places["kind"] == "crossing", "id"]) <= place_ids
    assert {f["properties"]["layer"] for f in layers["highlights"]["features"]} == {"highlights"}


def test_draw_order_puts_imported_data_between_territories_and_the_story() -> None:
    kinds = ["events", "imported:b", "territories", "flows", "imported:a", "highlights", "places", "crossings"]
    assert compose.draw_order(kinds) == ["territories", "highlights", "imported:a", "imported:b", "flows",
                                         "crossings", "places", "events"]


def test_curated_events_are_binned_only_when_many(tiny_atlas, monkeypatch) -> None:
    assert compose.builtin_binned(tiny_atlas, Selection(), "en", 5) == []
    monkeypatch.setattr(hexbins, "AGGREGATE_ABOVE", 10)
    [binned] = compose.builtin_binned(tiny_atlas, Selection(), "en", 5)
    assert binned.layer == "events" and binned.events > 10 and binned.zoom == 5
    assert compose.builtin_binned(tiny_atlas, Selection(layers=("places",)), "en", 5) == []


def test_a_snapshot_is_composed_like_the_live_map(tiny_atlas) -> None:
    snap = Snapshot(Selection(), chapter="villa-union-2019")
    big = synthetic_events(5_000, seed=1, atlas=tiny_atlas)
    composed = compose.compose_snapshot(tiny_atlas, snap, {"big": big})
    chapter = tiny_atlas.chapter("villa-union-2019")
    assert composed.view == chapter.view and composed.chapter == chapter
    assert list(composed.layers) == compose.draw_order(composed.layers)
    # imported datasets do not join a chapter: it draws the atlas's own story
    assert not any(k.startswith("imported:") for k in composed.layers) and composed.imported == ()
    live = compose.map_collections(tiny_atlas, snap.selection, "en", chapter, chapter.view.zoom,
                                   compose.detail_window(chapter.view))
    assert {k: v for k, v in composed.layers.items() if k in live} == live
    whole = compose.compose_snapshot(tiny_atlas, Snapshot(), {"big": big})  # zoom 4: all of Mexico, as hexagons
    assert [b.layer for b in whole.binned] == ["imported:big"] and whole.binned[0].events == 5_000
    assert "imported:big" in whole.layers and whole.imported == ("big",)


@pytest.mark.parametrize("view", [MapView(), MapView(19.4, -99.1, 9)])
def test_a_snapshot_view_is_its_own_else_its_chapters_else_the_default(tiny_atlas, view) -> None:
    assert compose.snapshot_view(tiny_atlas, Snapshot(view=view, chapter="villa-union-2019")) == view
    chapter_view = tiny_atlas.chapter("villa-union-2019").view
    assert compose.snapshot_view(tiny_atlas, Snapshot(chapter="villa-union-2019")) == chapter_view
    assert compose.snapshot_view(tiny_atlas, Snapshot()) == MapView()
