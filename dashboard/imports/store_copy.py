"""Copy datasets from GeoPackage files into the PostgreSQL/PostGIS store (``datasets copy --to URL``).

Each dataset keeps its name, title, import time, counts, attribution, notices and editor; its rows are
read columnar from the file and written with ``COPY``, one transaction per dataset. Names that exist
in the database are refused, all before anything is written, unless ``replace``.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.imports import store_gpkg, store_pg
from dashboard.imports.store_base import DatasetInfo, StoreError, frame_for_store
from dashboard.imports.store_pg_schema import redacted


def _chosen(names: list[str], files: store_gpkg.GeoPackageStore) -> list[DatasetInfo]:
    found = files.list_datasets()
    if not names:
        return found
    by_name = {info.name: info for info in found}
    return [by_name.get(name) or files.dataset_info(name) for name in names]


def copy_to_database(url: str, names: list[str], *, directory: Path | None = None,
                     replace: bool = False) -> list[DatasetInfo]:
    """Copy GeoPackage datasets ``names`` (all when empty) from ``directory`` into the database at ``url``."""
    if not url.startswith(("postgresql://", "postgres://")):
        raise StoreError(f"--to must be a postgresql://… URL (got {redacted(url)!r})")
    files, database = store_gpkg.GeoPackageStore(directory), store_pg.PostgresStore(url)
    chosen = _chosen(names, files)
    taken = sorted({info.name for info in database.list_datasets()} & {info.name for info in chosen})
    if taken and not replace:
        raise StoreError(f"{len(taken)} dataset(s) exist in {redacted(url)}: {', '.join(taken)}; "
                         "nothing was copied (pass --replace to replace them)")
    copied = []
    for info in chosen:
        frame = frame_for_store(files.load_dataset(info.name))
        attribution = {**info.attribution, "layout": info.layout}
        copied.append(database.write(info.name, info.title, frame, info.rows_rejected, info.source, info.format,
                                     store_gpkg.read_notices(info.path), attribution, replace=replace,
                                     editor=info.editor, imported_at=info.imported_at))
    return copied
