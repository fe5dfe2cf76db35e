"""The PNG of a view: its size, its colours, and a legend that lists what the page's legend lists."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dashboard.map import compose, hexbins
from dashboard.map.legend import view_legend_html
from dashboard.map.territories import CARTEL_OPACITY
from dashboard.model import Selection
from dashboard.share import png
from dashboard.share.link import Snapshot
from dashboard.testing import synthetic_events

FOOTER = ("note", "sources", "dataset-credit", "filters", "credits")  # the credits' texts, under the map
CDN_2019 = Snapshot(Selection(cartels=("cdn",), year_from=2019, year_to=2019))


def decode_png(data: bytes) -> np.ndarray:
    import matplotlib.image as mpimg

    return mpimg.imread(io.BytesIO(data), format="png")[:, :, :3]


def blended(hex_colour: str, alpha: float, base: str = "#f4f1ea") -> np.ndarray:
    def rgb(h: str) -> np.ndarray:
        return np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)]) / 255

    return alpha * rgb(hex_colour) + (1 - alpha) * rgb(base)


def share_of_pixels_near(img: np.ndarray, colour: np.ndarray, tol: float = 0.03) -> float:
    return float((np.abs(img - colour).max(axis=2) < tol).mean())


@pytest.fixture(scope="module")
def cdn_png(tiny_atlas) -> bytes:
    return png.render_png(tiny_atlas, CDN_2019, 1600, 1000)


def test_png_decodes_at_the_asked_size_and_is_not_blank(cdn_png: bytes) -> None:
    img = decode_png(cdn_png)
    assert img.shape[:2] == (1000, 1600)
    assert len(np.unique(img.reshape(-1, 3).round(2), axis=0)) > 50, "the image is (nearly) one colour"


def test_png_custom_size(tiny_atlas) -> None:
    assert decode_png(png.render_png(tiny_atlas, Snapshot(), 1800, 1200)).shape[:2] == (1200, 1800)


def test_png_shows_the_selected_cartels_territory_colours(tiny_atlas, cdn_png: bytes) -> None:
    img = decode_png(cdn_png)
    cdn, cjng = tiny_atlas.cartel_color("cdn"), tiny_atlas.cartel_color("cjng")
    # CDN alone is chosen: its ground in Tamaulipas in 2019, blended over the land colour, covers part of the map.
    rows = tiny_atlas.territories
    [status] = rows[(rows["cartel"] == "cdn") & (rows["year"] == 2019) & (rows["state"] == "Tamaulipas")]["status"]
    assert status in ("dominant", "significant")
    assert share_of_pixels_near(img, blended(cdn, CARTEL_OPACITY[status])) > 0.0004  # Tamaulipas is ~0.1 % of the image
    # CJNG is not selected: neither its fill nor its stripes appear.
    assert share_of_pixels_near(img, blended(cjng, 0.55)) < 0.00005
    assert share_of_pixels_near(img, blended(cjng, 0.9, "#ffffff")) < 0.00005


# --- the PNG's legend and the page's legend ---------------------------------------------------

class _LegendItems(HTMLParser):
    """The texts of each ``atlas-legend-item`` of a legend, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "div" and ("class", "atlas-legend-item") in attrs:
            self.items.append([])

    def handle_data(self, data: str) -> None:
        if self.items and data.strip():
            self.items[-1].append(" ".join(data.split()))


def page_legend(tiny_atlas, snap: Snapshot, imported: dict) -> list[str]:
    """What the page shows for the view: its legend with the hexagons the live map draws."""
    chapter = tiny_atlas.chapter(snap.chapter)
    view = compose.snapshot_view(tiny_atlas, snap)
    binned = compose.builtin_binned(tiny_atlas, snap.selection, snap.lang, view.zoom)
    binned += compose.imported_collections(tiny_atlas, snap.selection, snap.lang, imported, view)[1]
    parser = _LegendItems()
    parser.feed(view_legend_html(tiny_atlas, snap.selection, snap.lang, binned, chapter, sorted(imported)))
    return [text for item in parser.items for text in item]


def png_legend(tiny_atlas, snap: Snapshot, imported: dict, size: tuple[int, int]) -> list[str]:
    fig = png.snapshot_figure(tiny_atlas, snap, *size, imported=imported)
    try:
        [ax] = [a for a in fig.axes if a.get_label() == "legend"]
        texts = [t for t in ax.texts if t.get_gid() == "legend-entry"]
        renderer = fig.canvas.get_renderer()
        footer_top = max(t.get_window_extent(renderer).y1 for t in fig.texts if t.get_gid() in FOOTER)
        for text in texts:  # nothing is cut: every label lies inside the figure, above the footer
            box = text.get_window_extent(renderer)
            assert box.x1 <= size[0] and box.y0 >= footer_top, text.get_text()
        return [" ".join(t.get_text().split()) for t in texts]
    finally:
        plt.close(fig)


@pytest.mark.parametrize("size", [(1600, 1000), (1080, 1080), (1200, 675)])
@pytest.mark.parametrize("view", ["default", "chapter", "hexagons", "german-chapter"])
def test_the_png_legend_lists_the_same_entries_as_the_page(tiny_atlas, monkeypatch, view: str, size) -> None:
    chapter = tiny_atlas.chapter("villa-union-2019")
    imported = {}
    if view == "hexagons":
        monkeypatch.setattr(hexbins, "AGGREGATE_ABOVE", 10)  # the curated events too are drawn as hexagons
        imported = {"big": synthetic_events(3_000, seed=2, atlas=tiny_atlas),
                    "small": synthetic_events(50, seed=4, atlas=tiny_atlas)}
    snap = {"default": Snapshot(), "hexagons": Snapshot(),
            "chapter": Snapshot(chapter.selection, chapter.id),
            "german-chapter": Snapshot(chapter.selection, chapter.id, "de")}[view]
    page = page_legend(tiny_atlas, snap, imported)
    assert page == png_legend(tiny_atlas, snap, imported, size)
    assert ("places in the chapter" in page or "Orte des Kapitels" in page) == (snap.chapter is not None)
    assert ("1000+" in page) == (view == "hexagons")
