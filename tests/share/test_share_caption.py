"""The caption every snapshot carries: filters, period, chapter, data version, sources and map credits."""

from __future__ import annotations

from dashboard.config import TILE_PROVIDERS
from dashboard.model import Selection
from dashboard.share.caption import caption_for, plain_attribution
from dashboard.share.link import Snapshot


def test_caption_lists_filters_period_version_and_sources(tiny_atlas) -> None:
    cap = caption_for(tiny_atlas, Snapshot(Selection(cartels=("cdn",), year_from=2019, year_to=2019),
                                      chapter="villa-union-2019", lang="en"))
    text = "\n".join([cap.title, *cap.lines()])
    for expected in ("Cartel del Noreste", "Year 2019", "2019 snapshot", "Villa Unión", tiny_atlas.version, "Sources:"):
        assert expected in text
    german = caption_for(tiny_atlas, Snapshot(chapter="villa-union-2019", lang="de"))
    assert "Kapitel" in german.chapter


def test_the_map_credit_is_plain_text() -> None:
    assert "<" not in plain_attribution(TILE_PROVIDERS["openstreetmap"])
    assert "OpenStreetMap" in plain_attribution(TILE_PROVIDERS["openstreetmap"])
    assert "Natural Earth" in plain_attribution(TILE_PROVIDERS["none"])
