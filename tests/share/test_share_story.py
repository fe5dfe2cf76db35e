"""The printed forms say what the page says: a short key of what the frame draws, the story's places named,
no label over another or cut at the frame."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from dashboard.map import compose
from dashboard.share import png
from dashboard.share.link import Snapshot
from dashboard.share.snap_key import snapshot_key


def test_the_default_snapshot_key_has_at_most_twelve_entries(atlas) -> None:
    entries = snapshot_key(atlas, Snapshot(), compose.compose_snapshot(atlas, Snapshot()))
    assert 3 <= len(entries) <= 12


@pytest.mark.parametrize(("chapter_id", "names"), [
    ("iron-river", ("Houston", "Tucson", "Phoenix", "El Paso")),
    ("made-in-missouri", ("Lake City",)),
])
@pytest.mark.parametrize("size", ["wide", "social", "tall"])
def test_a_chapters_snapshot_names_its_places_with_labels_apart_and_inside(atlas, chapter_id, names, size) -> None:
    chapter = atlas.chapter(chapter_id)
    fig = png.snapshot_figure(atlas, Snapshot(chapter.selection, chapter.id), *png.SIZES[size])
    try:
        [ax] = [a for a in fig.axes if a.get_label() == "map"]
        renderer = fig.canvas.get_renderer()
        shown = [t for t in ax.texts if t.get_gid() == "map-label" and t.get_visible()]
        texts = " ".join(t.get_text() for t in shown)
        for name in names:
            assert name in texts, f"{name} is not named in the {size} snapshot of {chapter_id}"
        frame = ax.get_window_extent(renderer)
        boxes = [t.get_window_extent(renderer) for t in shown]
        for i, box in enumerate(boxes):
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            assert not any(box.overlaps(other) for other in boxes[i + 1:]), shown[i].get_text()
    finally:
        plt.close(fig)
