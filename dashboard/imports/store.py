"""Imported datasets: one interface (:class:`DatasetStore`), two backends, chosen in one place, :func:`open_store`.

- By default (``$ATLAS_STORE`` unset or empty) every dataset is a GeoPackage file in the user data
  directory (:mod:`dashboard.imports.store_gpkg`, ``$ATLAS_DATA_DIR``): nothing to install.
- With ``ATLAS_STORE=postgresql://user@host/db`` the datasets live in PostgreSQL with PostGIS
  (:mod:`dashboard.imports.store_pg`), shared by every process and host pointed at it.

Both keep the same promises: an import completes or leaves the store as it was; a name that exists
is replaced only with ``replace=True`` or ``replace=<the imported_at the user saw>``; a delete can be
undone for a day (:mod:`dashboard.imports.trash`). An explicit ``directory=`` always means GeoPackage
files in that folder (benchmarks and tests use private folders).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from dashboard.imports import store_gpkg
from dashboard.imports.rows import ImportResult, rows_to_frame, typed_columns
from dashboard.imports.store_base import (  # noqa: F401  (re-exported: the store's public names)
    MAX_NAME,
    RESERVED_NAMES,
    STORE_ENV,
    TRASH_SECONDS,
    DatasetInfo,
    DatasetStore,
    StoreError,
    Trashed,
    dataset_slug,
    frame_for_store,
)


def database_url(directory: Path | None = None) -> str | None:
    """The PostgreSQL URL when the datasets live in a database, None for GeoPackage files."""
    url = os.environ.get(STORE_ENV, "").strip()
    if directory is not None or not url:
        return None
    if not url.startswith(("postgresql://", "postgres://")):
        from dashboard.imports.store_pg_schema import redacted

        raise StoreError(f"{STORE_ENV} must be a postgresql://… URL, or unset for GeoPackage files "
                         f"(got {redacted(url)!r})")
    return url


def open_store(directory: Path | None = None) -> DatasetStore:
    """The store in use: GeoPackage files in ``directory`` when given, else the one ``$ATLAS_STORE`` names.

    The only place a backend is chosen; every function below asks this one object.
    """
    url = database_url(directory)
    return store_gpkg.GeoPackageStore(directory) if url is None else _database_store(url)


@cache
def _database_store(url: str) -> DatasetStore:
    from dashboard.imports.store_pg import PostgresStore  # psycopg is needed only for a database store

    return PostgresStore(url)


def location(directory: Path | None = None) -> str:
    """Where the datasets are, for messages: the folder, or the database URL without its password."""
    return open_store(directory).location()


def save_dataset(name: str, result: ImportResult, *, directory: Path | None = None,
                 replace: bool | str = False, editor: str = "") -> DatasetInfo:
    """Store ``result``'s kept rows as dataset ``name``, atomically; ``editor``: who did it, where known.

    A dataset of that name is replaced only with ``replace=True``, or ``replace=<its imported_at>``
    (replace exactly the version the user saw); otherwise :class:`StoreError` says it exists.
    """
    slug = dataset_slug(name)
    if not result.rows:
        raise StoreError("nothing to save: no row was kept")
    result = result.renamed(slug)
    attribution = {**result.attribution, "layout": result.layout}
    return open_store(directory).write(slug, name, frame_for_store(rows_to_frame(result.rows)), len(result.rejected),
                                       result.source_name, result.format, result.notices, attribution, replace, editor)


def save_frame(name: str, frame, *, source: str, fmt: str, directory: Path | None = None,
               replace: bool | str = True, editor: str = "") -> DatasetInfo:
    """Store a frame with the columns of :data:`ROW_COLUMNS` as dataset ``name`` (columnar, no row objects).

    For data made in bulk, such as the synthetic events of ``bench --events``.
    """
    slug = dataset_slug(name)
    if frame.empty:
        raise StoreError("nothing to save: the frame is empty")
    return open_store(directory).write(slug, name, frame_for_store(typed_columns(frame)), 0, source, fmt, [], None,
                                       replace, editor)


def list_datasets(*, directory: Path | None = None) -> list[DatasetInfo]:
    """Complete datasets in the store, by name."""
    return open_store(directory).list_datasets()


def dataset_info(name: str, *, directory: Path | None = None) -> DatasetInfo:
    """Metadata of dataset ``name``; :class:`StoreError` if there is none."""
    return open_store(directory).dataset_info(name)


def load_dataset(name: str, *, directory: Path | None = None, points: bool = True):  # -> GeoDataFrame
    """Dataset ``name`` as a GeoDataFrame in EPSG:4326 with the columns of :data:`ROW_COLUMNS`.

    Read columnar in both backends; points are rebuilt from lat/lon, never parsed row by row. Without
    ``points``: a plain DataFrame with lat/lon and no geometry (the page's own copy; see typed_columns).
    """
    return open_store(directory).load_dataset(name, points=points)


def delete_dataset(name: str, *, directory: Path | None = None) -> DatasetInfo:
    """Move dataset ``name`` to the trash (restorable for a day); :class:`StoreError` if there is none."""
    return open_store(directory).delete_dataset(name)
