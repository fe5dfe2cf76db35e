"""The synthetic data of the tests and benchmarks (``dashboard/testing.py``): the shape its docstrings promise,
reproducible. The events are drawn around the tiny test atlas's places, as the tests draw them."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from dashboard.bench.import_speed import import_benchmark
from dashboard.testing import UNAMBIGUOUS_TOWNS, VIOLENT_TYPES, synthetic_csv, synthetic_events

N = 4000


@pytest.fixture(scope="module")
def events(tiny_atlas):
    return synthetic_events(N, atlas=tiny_atlas)


def test_synthetic_events_are_n_distinct_dated_events(events) -> None:
    assert len(events) == N
    assert events["id"].is_unique and events["id"].str.startswith("syn-").all()
    assert events["year"].between(2006, 2026).all()
    assert (events["date"].str.slice(0, 4).astype(int) == events["year"]).all()
    assert set(events["type"]) <= set(VIOLENT_TYPES)
    assert (events.geometry.x.round(5) == events["lon"]).all() and (events.geometry.y.round(5) == events["lat"]).all()


def test_synthetic_years_lean_recent_and_casualties_are_skewed(events) -> None:
    years = events["year"].to_numpy()
    assert (years >= 2016).mean() > 0.6
    killed = events["killed"].to_numpy(dtype=int)
    assert killed.min() == 0 and (killed == 0).mean() > 0.5  # most events kill nobody
    assert killed.max() >= 5  # a few kill many


def test_synthetic_cartels_are_the_atlas_ids_alone_or_in_pairs(events, tiny_atlas) -> None:
    known = {*tiny_atlas.cartels["id"], "other"}
    sizes = events["cartels"].map(len).to_numpy()
    assert set(sizes) == {1, 2}
    assert 0.1 < (sizes == 2).mean() < 0.3  # about a fifth are pairs
    assert all(set(c) <= known and list(c) == sorted(c) for c in events["cartels"])
    assert not any("other" in c for c in events["cartels"] if len(c) == 2)


def test_synthetic_events_cluster_around_the_atlas_places_mostly_in_mexico(events, tiny_atlas) -> None:
    lat, lon = events["lat"].to_numpy(), events["lon"].to_numpy()
    places = np.c_[tiny_atlas.places.geometry.y.to_numpy(), tiny_atlas.places.geometry.x.to_numpy()]
    nearest = np.sqrt(((np.c_[lat, lon][:, None, :] - places[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    assert (nearest < 1.5).mean() > 0.85  # ~85 % drawn within a few spreads of a place
    in_mexico_box = (lat > 14.5) & (lat < 32.8) & (lon > -118.5) & (lon < -86.5)
    assert in_mexico_box.mean() > 0.7


def test_synthetic_events_are_reproducible_by_seed(events, tiny_atlas) -> None:
    again = synthetic_events(N, atlas=tiny_atlas)
    assert again[["id", "date", "lat", "lon", "killed"]].equals(events[["id", "date", "lat", "lon", "killed"]])
    other = synthetic_events(N, seed=8, atlas=tiny_atlas)
    assert not other["lat"].equals(events["lat"])


@pytest.mark.parametrize("geocode", [False, True])
def test_synthetic_csv_has_coordinates_unless_it_is_to_be_geocoded(geocode: bool) -> None:
    rows = list(csv.DictReader(io.StringIO(synthetic_csv(50, geocode).decode("utf-8"))))
    assert len(rows) == 50
    assert [r["event_id_cnty"] for r in rows[:3]] == ["MEX1", "MEX2", "MEX3"]
    assert ("latitude" in rows[0] and "longitude" in rows[0]) is not geocode
    assert {(r["location"], r["admin1"]) for r in rows} <= set(UNAMBIGUOUS_TOWNS)
    assert any("-" in r["event_date"] for r in rows) and any(" " in r["event_date"] for r in rows)  # both formats
    assert synthetic_csv(50, geocode) == synthetic_csv(50, geocode)


def test_the_towns_of_the_geocoded_csv_each_resolve_to_exactly_one_place() -> None:
    # One place as the importer sees it: GeoNames lists some towns twice, a kilometre apart
    # ("Villa Unión" / "Villa Union"), and the importer merges such duplicates.
    from dashboard.imports.gazetteer import geocode
    from dashboard.imports.places import merge_duplicates

    found = {(town, state): merge_duplicates(geocode(town, admin1=state)) for town, state in UNAMBIGUOUS_TOWNS}
    assert {k: len(v) for k, v in found.items() if len(v) != 1} == {}
    assert {c[0].country for c in found.values()} == {"MX"}


@pytest.mark.parametrize("geocode", [False, True])
def test_import_benchmark_imports_every_synthetic_row(tiny_atlas, geocode: bool) -> None:
    # It raises when a row is rejected; the figure is the seconds the import took.
    seconds = import_benchmark(300, geocode, tiny_atlas)
    assert 0 < seconds < 60
