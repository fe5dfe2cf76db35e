"""The dataset store's speed: PostgreSQL/PostGIS beside the GeoPackage files (``bench --store URL``).

Measures, on the same synthetic data in both backends:

- an import of 100 000 rows with coordinates (parse + store, as :mod:`dashboard.bench.import_speed`
  times it), target ≤ 6 s in PostGIS;
- listing the datasets and loading the 100 000-row one, target: PostGIS within 1.5× of GeoPackage.

The database run writes into a schema of its own (``atlas_bench_<pid>``), dropped at the end, so
the store's real datasets are never touched. ``python -m dashboard.bench.store_speed URL`` also runs it.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    from dashboard.atlas.data import Atlas

ROWS = 100_000
SMALL_DATASETS = 4  # listed beside the big one
IMPORT_TARGET, RATIO_TARGET = 6.0, 1.5


def _with_search_path(url: str, schema: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema},public"))
    return urlunsplit(parts._replace(query=urlencode(query)))


@contextmanager
def bench_schema(url: str) -> Iterator[str]:
    """A URL whose store lives in a fresh schema of the database at ``url``, dropped afterwards."""
    from dashboard.imports import store_pg
    from dashboard.imports.store_pg_schema import connect

    schema = f"atlas_bench_{os.getpid()}"
    with connect(url) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _with_search_path(url, schema)
    finally:
        store_pg.close_pools()
        with connect(url) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _median(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _measure_backend(raw: bytes, small, directory: Path | None, atlas: Atlas) -> dict[str, float]:
    """Import, list and load in the store the environment (or ``directory``) selects."""
    from dashboard.imports import store
    from dashboard.imports.upload import parse_upload

    start = time.perf_counter()
    result = parse_upload(raw, "bench.csv", atlas=atlas, max_rows=ROWS, max_bytes=len(raw))
    parsed = time.perf_counter()
    store.save_dataset("bench", result, directory=directory, replace=True)
    stored = time.perf_counter()
    for i in range(SMALL_DATASETS):
        store.save_dataset(f"bench-small-{i}", small, directory=directory, replace=True)
    return {"import": stored - start, "store": stored - parsed,
            "list": _median(lambda: store.list_datasets(directory=directory), 20),
            "load": _median(lambda: store.load_dataset("bench", directory=directory), 3)}


def measure(url: str, rows: int = ROWS) -> list[tuple[str, float, str]]:
    """(measure, seconds, target) for both backends on ``rows`` synthetic events."""
    from dashboard.atlas.data import load_atlas
    from dashboard.imports.upload import parse_upload
    from dashboard.testing import synthetic_csv

    raw = synthetic_csv(rows, False)
    atlas = load_atlas()  # loaded before the clock, as in a running app
    small = parse_upload(synthetic_csv(1000, False, seed=9), "small.csv", atlas=atlas)
    with tempfile.TemporaryDirectory(prefix="atlas-store-bench-") as tmp:
        gpkg = _measure_backend(raw, small, Path(tmp), atlas)
    saved = os.environ.get("ATLAS_STORE")
    try:
        with bench_schema(url) as private:
            os.environ["ATLAS_STORE"] = private
            pg = _measure_backend(raw, small, None, atlas)
    finally:
        os.environ.pop("ATLAS_STORE", None) if saved is None else os.environ.update(ATLAS_STORE=saved)
    n = f"{rows:,}"
    return [(f"import {n} rows into PostGIS (parse + store)", pg["import"], f"≤ {IMPORT_TARGET:g} s"),
            ("  of which the store write (COPY)", pg["store"], ""),
            (f"import {n} rows into GeoPackage (parse + store)", gpkg["import"], ""),
            (f"list {SMALL_DATASETS + 1} datasets: PostGIS", pg["list"], f"≤ {RATIO_TARGET:g}× GeoPackage"),
            ("list: GeoPackage", gpkg["list"], f"ratio {pg['list'] / gpkg['list']:.2f}×"),
            (f"load {n} rows: PostGIS", pg["load"], f"≤ {RATIO_TARGET:g}× GeoPackage"),
            ("load: GeoPackage", gpkg["load"], f"ratio {pg['load'] / gpkg['load']:.2f}×")]


def run(url: str, rows: int = ROWS) -> int:
    """Print the store figures; exit status 1 when PostGIS misses a target."""
    from dashboard.imports.store_pg_schema import redacted

    print(f"dataset store: PostGIS at {redacted(url)} beside GeoPackage files")
    figures = measure(url, rows)
    for label, seconds, target in figures:
        print(f"{label:<52} {seconds:8.3f} s   {target}")
    by = {label: seconds for label, seconds, _ in figures}
    slow = (figures[0][1] > IMPORT_TARGET * rows / ROWS
            or by[f"list {SMALL_DATASETS + 1} datasets: PostGIS"] > RATIO_TARGET * by["list: GeoPackage"]
            or by[f"load {rows:,} rows: PostGIS"] > RATIO_TARGET * by["load: GeoPackage"])
    return 1 if slow else 0


def run_from_cli(url: str) -> int:
    """``bench --store [URL]``: the URL given, else ``$ATLAS_STORE``; RuntimeError (one line) without either."""
    from dashboard.imports.store_base import STORE_ENV, StoreError

    url = url or os.environ.get(STORE_ENV, "")
    if not url.startswith(("postgresql://", "postgres://")):
        raise RuntimeError(f"bench --store needs a postgresql://… URL (or {STORE_ENV} set to one)")
    try:
        return run(url)
    except StoreError as exc:
        raise RuntimeError(str(exc)) from None


if __name__ == "__main__":
    sys.exit(run(sys.argv[1] if len(sys.argv) > 1 else os.environ["ATLAS_STORE"]))
