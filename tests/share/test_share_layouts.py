"""Layouts per size: a social card that is mostly map, two lines of sources at most, a map that shows
the view's shape rather than sea, one period named by title and subtitle, and every credit and number
in the snapshot's language."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dashboard.config import TILE_PROVIDERS
from dashboard.model import Selection
from dashboard.share import png, png_map
from dashboard.share.caption import caption_for
from dashboard.share.link import Snapshot


def chapter_snap(atlas, chapter_id: str, lang: str = "en") -> Snapshot:
    chapter = atlas.chapter(chapter_id)
    return Snapshot(chapter.selection, chapter.id, lang)


def with_figure(atlas, snap: Snapshot, size: str, check) -> None:
    fig = png.snapshot_figure(atlas, snap, *png.SIZES[size])
    try:
        check(fig, {a.get_label(): a for a in fig.axes})
    finally:
        plt.close(fig)


def area(ax) -> float:
    box = ax.get_window_extent()
    return box.width * box.height


@pytest.mark.parametrize("chapter_id", ["made-in-missouri", "iron-river"])
def test_the_social_card_is_mostly_map_with_a_compact_key(atlas, chapter_id: str) -> None:
    def check(fig, axes) -> None:
        whole = fig.bbox.width * fig.bbox.height
        visible_map = area(axes["map"]) - (area(axes["legend"]) if png.overlaps(axes["map"], axes["legend"]) else 0)
        assert visible_map >= 0.6 * whole, f"the map shows on {visible_map / whole:.0%} of the card"
        key = axes["legend"].get_window_extent()
        assert key.width <= fig.bbox.width / 3                       # compact
        labels = [t.get_text() for t in axes["legend"].texts if t.get_gid() == "legend-entry"]
        assert any("➜" in x for x in labels) and any("key events" in x for x in labels)   # the flows, the story

    with_figure(atlas, chapter_snap(atlas, chapter_id), "social", check)


def test_the_default_social_card_keeps_baja_california_clear_of_its_key(atlas) -> None:
    def check(fig, axes) -> None:
        ax, key = axes["map"], axes["legend"].get_window_extent()
        visible = area(ax) - (area(axes["legend"]) if png.overlaps(ax, axes["legend"]) else 0)
        assert visible >= 0.6 * fig.bbox.width * fig.bbox.height
        cabo_san_lucas = np.column_stack(png_map.to_mercator(np.array([22.9]), np.array([-109.9])))
        tip = ax.transData.transform(cabo_san_lucas)[0]
        assert not key.contains(*tip), "the key covers the tip of Baja California"

    with_figure(atlas, Snapshot(), "social", check)


@pytest.mark.parametrize("size", list(png.SIZES))
@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_sources_take_at_most_two_lines_in_every_size(atlas, size: str, lang: str) -> None:
    def check(fig, axes) -> None:
        [sources] = [t for t in fig.texts if t.get_gid() == "sources"]
        assert len(sources.get_text().splitlines()) <= 2
        assert sources.get_window_extent().x1 <= fig.bbox.width      # never past the image's edge
        assert ("GeoJSON/CSV" in sources.get_text()) or "98" not in sources.get_text()  # says where the rest is

    with_figure(atlas, Snapshot(lang=lang), size, check)


@pytest.mark.parametrize("size", ["square", "tall"])
def test_square_and_tall_maps_show_the_view_not_added_sea(atlas, size: str) -> None:
    def check(fig, axes) -> None:
        ax = axes["map"]
        view = png.view_bounds_3857(png.compose_snapshot(atlas, Snapshot()).view)
        shown = ax.get_ylim()[1] - ax.get_ylim()[0]
        assert shown <= (view[3] - view[1]) * 1.01, "sea or Canada added above and below the view"
        box = ax.get_window_extent()
        assert box.width / box.height >= png.content_aspect() * 0.99

    with_figure(atlas, Snapshot(), size, check)


def test_title_and_subtitle_of_a_change_of_ground_name_the_same_years(atlas) -> None:
    snap = Snapshot(Selection(cartels=("cjng",), year_to=2025, compare=2019))
    cap = caption_for(atlas, snap)
    assert "2019 → 2025" in cap.title and cap.subtitle.startswith("Territories 2019 → 2025")
    assert "Period" not in cap.subtitle


def test_a_german_snapshot_credits_the_map_and_writes_numbers_in_german(atlas) -> None:
    cap = caption_for(atlas, chapter_snap(atlas, "made-in-missouri", "de"), TILE_PROVIDERS["none"])
    assert cap.attribution.startswith("Karte: Grenzen: INEGI") and "via" not in cap.attribution
    tiles = caption_for(atlas, chapter_snap(atlas, "made-in-missouri", "de"), TILE_PROVIDERS["openstreetmap"])
    assert tiles.attribution == "Karte: © OpenStreetMap-Mitwirkende"

    def check(fig, axes) -> None:
        [bar] = [a for a in axes["map"].artists if a.get_gid() == "scale-bar"]
        [label] = [t.get_text() for t in bar.findobj(plt.Text) if "km" in t.get_text()]
        assert label == "2.000 km"

    with_figure(atlas, chapter_snap(atlas, "made-in-missouri", "de"), "social", check)
