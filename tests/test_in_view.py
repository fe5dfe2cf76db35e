"""What the map shows in a view, as the keyboard's list (dashboard.views.in_view)."""

from __future__ import annotations

import pytest

from dashboard.model import MapView, Selection
from dashboard.views.in_view import items_in_view, view_box


def test_the_window_is_centred_on_the_view_and_halves_with_each_zoom() -> None:
    w, s, e, n = view_box(MapView(20.0, -100.0, 5))
    assert w < -100.0 < e and s < 20.0 < n
    w2, _, e2, _ = view_box(MapView(20.0, -100.0, 6))
    assert (e2 - w2) == pytest.approx((e - w) / 2)


def test_the_list_holds_only_what_is_in_view_and_counts_the_rest(tiny_atlas) -> None:
    items, more = items_in_view(tiny_atlas, Selection(), MapView(), "en", limit=5)
    assert len(items) == 5 and more > 0
    assert {i.layer for i in items} <= {"events", "places"}
    far, _ = items_in_view(tiny_atlas, Selection(), MapView(-40.0, 20.0, 8), "en")
    assert far == []
    places_only, _ = items_in_view(tiny_atlas, Selection(layers=("places",)), MapView(), "en", limit=100)
    assert places_only and all(i.layer == "places" for i in places_only)
