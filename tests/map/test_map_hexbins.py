"""Hexagon bins: every point in its nearest hexagon, nothing lost, finer with zoom, windows that stay put."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.atlas import filters
from dashboard.imports import store
from dashboard.map import hexbins
from dashboard.model import MapView, Selection
from dashboard.testing import synthetic_events


@pytest.fixture(scope="module")
def big(tiny_atlas) -> pd.DataFrame:
    return synthetic_events(20_000, seed=3, atlas=tiny_atlas)


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


def test_bins_keep_every_event_and_casualty_and_get_finer_with_zoom(big) -> None:
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


def test_hexagon_ids_round_trip_and_reject_other_ids() -> None:
    assert hexbins.parse_hex_id(hexbins.hex_id(6, -12, 34)) == (6, -12, 34)
    assert hexbins.parse_hex_id("e43") is None and hexbins.parse_hex_id("hex:6:x:1") is None


def test_count_classes_follow_the_breaks() -> None:
    assert [hexbins.count_colour(n) for n in (1, 4, 5, 999, 1000, 10**6)] == [
        hexbins.COUNT_COLOURS[0], hexbins.COUNT_COLOURS[0], hexbins.COUNT_COLOURS[1], hexbins.COUNT_COLOURS[5],
        hexbins.COUNT_COLOURS[6], hexbins.COUNT_COLOURS[6]]


def test_columnar_filter_matches_the_row_by_row_rule(tiny_atlas, big) -> None:
    for sel in (Selection(), Selection(cartels=("sinaloa",), year_from=2015, year_to=2020),
                Selection(cartels=("cdn", "cjng"), types=("massacre", "attack"))):
        wanted = filters.expand_cartels(tiny_atlas, sel.cartels)
        expected = [(sel.year_from <= y <= sel.year_to) and (not sel.types or t in sel.types)
                    and (not sel.cartels or bool(wanted & set(c)))
                    for y, t, c in zip(big["year"], big["type"], big["cartels"], strict=True)]
        assert filters.imported_mask(tiny_atlas, big, sel).tolist() == expected


def test_synthetic_events_round_trip_through_the_store(tmp_path, big) -> None:
    store.save_frame("synthetic", big, source="synthetic", fmt="bench", directory=tmp_path)
    back = store.load_dataset("synthetic", directory=tmp_path)
    pd.testing.assert_frame_equal(back.drop(columns="geometry"), big.drop(columns="geometry"))
    assert isinstance(back["cartels"].dtype, pd.CategoricalDtype)
    assert len(back["cartels"].cat.categories) < 200  # combinations, not rows


@pytest.mark.parametrize("spread", [3, 400, 5_000_000])  # a window's few cells, many, and a spread that sorts
def test_cells_are_counted_as_a_sort_would_count_them(spread: int) -> None:
    rng = np.random.default_rng(spread)
    q = rng.integers(-spread, spread, 20_000) + 70_000
    r = rng.integers(-spread, spread, 20_000) - 9
    keys, inverse = hexbins._cell_keys(q, r)
    expected_keys, expected_inverse = np.unique((q << 32) + (r + (1 << 31)), return_inverse=True)
    assert np.array_equal(keys, expected_keys) and np.array_equal(inverse, expected_inverse)
