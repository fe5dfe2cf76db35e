"""Large layers: hexagon bins, the points-or-hexagons switch, columnar filters and the legend."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from dashboard import filters
from dashboard.map import hexbins
from dashboard.map import features
from dashboard.imports import store
from dashboard.model import MapView, Selection
from dashboard.bench.scale import synthetic_events
from dashboard.views import imported_cell_details, legend_html

CULIACAN = MapView(24.8, -107.4, 11)


@pytest.fixture(scope="module")
def big() -> pd.DataFrame:
    return synthetic_events(20_000, seed=3)


def test_every_point_falls_in_the_nearest_hexagon() -> None:
    rng = np.random.default_rng(0)
    lat, lon = rng.uniform(14, 33, 5000), rng.uniform(-118, -86, 5000)
    radius = hexbins.HEX_RADIUS_PX * hexbins.metres_per_pixel(6)
    x, y = hexbins.to_mercator(lat, lon)
    q, r = hexbins.hex_cells(x, y, radius)
    own = np.hypot(*(np.subtract((x, y), hexbins.hex_centre(q, r, radius))))
    assert own.max() <= radius * 1.0001  # inside the hexagon's circumcircle
    for dq, dr in ((1, 0), (0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1)):  # no neighbour centre is nearer
        other = np.hypot(*(np.subtract((x, y), hexbins.hex_centre(q + dq, r + dr, radius))))
        assert (own <= other + 1e-6).all()


def test_bins_keep_every_event_and_casualty_and_get_finer_with_zoom(big) -> None:  # noqa: ANN001
    killed = big["killed"].to_numpy(dtype="float64", na_value=np.nan)
    injured = big["injured"].to_numpy(dtype="float64", na_value=np.nan)
    cells = []
    for zoom in (4, 7, 10):
        bins = hexbins.bin_points(big["lat"].to_numpy(), big["lon"].to_numpy(), killed, injured, zoom)
        assert bins["count"].sum() == len(big)
        assert bins["killed"].sum() == pytest.approx(np.nansum(killed))
        assert bins["injured"].sum() == pytest.approx(np.nansum(injured))
        cells.append(len(bins))
    assert cells[0] < cells[1] < cells[2]


def test_hexagon_outline_is_closed_and_surrounds_its_centre() -> None:
    bins = pd.DataFrame({"q": [-600], "r": [180], "count": [3], "killed": [1.0], "injured": [0.0]})
    ring = hexbins.hex_rings(bins, 8)[0]
    assert len(ring) == 7 and ring[0] == ring[-1]
    import shapely

    hexagon = shapely.Polygon(ring)
    radius = hexbins.HEX_RADIUS_PX * hexbins.metres_per_pixel(8)
    lat, lon = hexbins.from_mercator(*hexbins.hex_centre(np.array([-600]), np.array([180]), radius))
    assert hexagon.contains(shapely.Point(lon[0], lat[0]))
    assert hexbins.cell_of(lat[0], lon[0], 8) == (-600, 180)


def test_small_pans_keep_the_binned_window_and_long_ones_move_it() -> None:
    view = MapView(23.0, -102.0, 6)
    assert hexbins.window_for(view) == hexbins.window_for(MapView(23.05, -102.05, 6))
    assert hexbins.window_for(view) != hexbins.window_for(MapView(23.0, -90.0, 6))
    assert hexbins.window_for(view) != hexbins.window_for(MapView(23.0, -102.0, 7))


def test_columnar_filter_matches_the_row_by_row_rule(atlas, big) -> None:  # noqa: ANN001
    for sel in (Selection(), Selection(cartels=("sinaloa",), year_from=2015, year_to=2020),
                Selection(cartels=("cdn", "cjng"), types=("massacre", "attack"))):
        wanted = filters.expand_cartels(atlas, sel.cartels)
        expected = [(sel.year_from <= y <= sel.year_to) and (not sel.types or t in sel.types)
                    and (not sel.cartels or bool(wanted & set(c)))
                    for y, t, c in zip(big["year"], big["type"], big["cartels"], strict=True)]
        assert filters.imported_mask(atlas, big, sel).tolist() == expected


def test_a_large_layer_reaches_the_map_as_bounded_hexagons(atlas, big) -> None:  # noqa: ANN001
    mask = filters.imported_mask(atlas, big, Selection())
    fc, binned = features.imported_layer(big, mask, "synthetic", "My data", "en", MapView())
    kinds = {f["geometry"]["type"] for f in fc["features"]}
    assert kinds == {"Polygon"} and binned is not None
    assert sum(f["properties"]["count"] for f in fc["features"]) == binned.events
    assert binned.events == int(mask.sum())  # at zoom 4 the binned area holds all of Mexico
    assert len(fc["features"]) == binned.cells < 2000
    assert "events" in fc["features"][0]["properties"]["tip"]
    assert len(json.dumps(fc)) < 1_000_000


def test_zoomed_in_on_a_city_the_same_layer_shows_single_events(atlas, big) -> None:  # noqa: ANN001
    mask = filters.imported_mask(atlas, big, Selection())
    fc, binned = features.imported_layer(big, mask, "synthetic", "My data", "en", MapView(24.8, -107.4, 14))
    assert binned is None and fc["features"]
    assert {f["geometry"]["type"] for f in fc["features"]} == {"Point"}
    assert len(fc["features"]) <= hexbins.AGGREGATE_ABOVE


def test_few_events_are_never_aggregated(atlas, big) -> None:  # noqa: ANN001
    small = big.iloc[:500]
    fc, binned = features.imported_layer(small, np.ones(len(small), bool), "s", "s", "en", MapView())
    assert binned is None and len(fc["features"]) == 500


def test_legend_says_the_view_is_aggregated_and_escapes_the_title(atlas) -> None:  # noqa: ANN001
    binned = features.Binned("imported:x", "<img src=x onerror=alert(1)>", 123_456, 80, 4)
    html = legend_html(atlas, Selection(), "en", [binned])
    assert "123,456 events in and around the view, counted in hexagons" in html
    assert "<img" not in html and "&lt;img" in html
    assert all(colour in html for colour in hexbins.COUNT_COLOURS)
    assert "hexagons" not in legend_html(atlas, Selection(), "en")
    assert "Sechsecken" in legend_html(atlas, Selection(), "de", [binned])


def test_clicking_a_hexagon_details_its_events(atlas, big) -> None:  # noqa: ANN001
    sel = Selection(year_from=2015)
    mask = filters.imported_mask(atlas, big, sel)
    fc, _ = features.imported_layer(big, mask, "synthetic", "My data", "en", MapView(23.5, -102.0, 6))
    top = max(fc["features"], key=lambda f: f["properties"]["count"])
    details = imported_cell_details(big, mask, top["properties"]["id"], "My data", "en")
    facts = dict(details.facts)
    assert facts["Events in this hexagon"] == f"{top['properties']['count']:,}"
    low, high = facts["Years"].split("–")
    assert int(low) >= 2015 and int(high) <= 2026
    assert imported_cell_details(big, mask, "hex:6:999999:0", "My data", "en") is None


def test_curated_events_would_be_binned_too_if_they_grew(atlas, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(hexbins, "AGGREGATE_ABOVE", 10)
    fc, binned = features.event_layer(filters.events_for(atlas, Selection()), atlas, "en", 4)
    assert binned is not None and binned.events == len(filters.events_for(atlas, Selection()))
    assert {f["geometry"]["type"] for f in fc["features"]} == {"Polygon"}


def test_synthetic_events_round_trip_through_the_store(tmp_path, big) -> None:  # noqa: ANN001
    store.save_frame("synthetic", big, source="synthetic", fmt="bench", directory=tmp_path)
    back = store.load_dataset("synthetic", directory=tmp_path)
    pd.testing.assert_frame_equal(back.drop(columns="geometry"), big.drop(columns="geometry"))
    assert isinstance(back["cartels"].dtype, pd.CategoricalDtype)
    assert len(back["cartels"].cat.categories) < 200  # combinations, not rows
