"""Imported datasets: an embedded GeoPackage (SQLite) store in the user data directory.

One dataset per file, ``<data_dir>/<slug>.gpkg`` (see :func:`dashboard.config.data_dir`,
``$ATLAS_DATA_DIR``), holding two layers:

- ``events``: the kept rows (:data:`dashboard.imports.rows.ROW_COLUMNS`, point geometry, EPSG:4326;
  ``cartels`` stored as ``;``-joined ids);
- ``atlas_dataset``: one row of metadata (name, title, imported_at ISO UTC, rows kept and
  rejected, source file name, format, store version).

Because data and metadata live in the *same* file, one ``os.replace`` publishes both:
a dataset is written with pyogrio to a hidden temporary file in the same directory
(``.<slug>.<pid>.<random>.tmp.gpkg``), flushed to disk, then renamed over ``<slug>.gpkg``.
A failure or a killed process before the rename leaves only a temporary file, which is
never listed and is removed by the next write (or once it is a day old); an earlier dataset of
the same name stays exactly as it was. Only files this module wrote are read (with pyogrio /
sqlite3); user uploads never reach GDAL.

Nothing is lost without a word:

- every write holds an exclusive lock on the store directory (``fcntl.flock``, released by the
  kernel when a writer dies), so two writers never interleave; a name that exists is only
  replaced with ``replace=True`` (or ``replace=<imported_at>``: only that version of it), and a
  new name is published with ``os.link``, which fails if another writer got there first;
- a delete moves the file into ``<data_dir>/.trash/`` for a day (:func:`list_trash`,
  :func:`restore_dataset`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dashboard.config import data_dir
from dashboard.imports.rows import ROW_COLUMNS, ImportResult, rows_to_frame, typed_columns
from dashboard.text import slugify
from dashboard.vocab import LAYERS

STORE_VERSION = 1
FEATURES_LAYER = "events"
META_LAYER = "atlas_dataset"
SUFFIX = ".gpkg"
TMP_SUFFIX = ".tmp.gpkg"  # GDAL wants the .gpkg extension; the leading dot keeps it unlisted
MAX_NAME = 60
# names a dataset may not take: the built-in layers and other words the app uses for them
RESERVED_NAMES = frozenset({*LAYERS, "chapters", "cartels", "sources", "states", "countries", "boundaries",
                            "flows", "imports", "datasets"})
STALE_TMP_SECONDS = 24 * 3600
TRASH_DIR = ".trash"
TRASH_SECONDS = 24 * 3600  # how long a deleted dataset can be restored


class StoreError(ValueError):
    """A store operation was refused (bad name, unknown dataset, nothing to save); one line."""


@dataclass(frozen=True)
class DatasetInfo:
    name: str  # slug, also the file name
    title: str  # the name as the user typed it
    imported_at: str  # ISO 8601, UTC
    rows_kept: int
    rows_rejected: int
    source: str  # uploaded file name (label only)
    format: str  # "csv" or "geojson"
    path: Path
    data_source: str = ""  # who published the data ("UCDP Georeferenced Event Dataset …"), asked at import
    licence: str = ""  # its licence or terms of use ("CC BY 4.0")
    citation: str = ""  # how to cite it
    layout: str = ""  # "UCDP GED", "ACLED" or ""

    @property
    def attribution(self) -> dict[str, str]:
        """Source, licence and citation, for the legend, the details and every snapshot's credits."""
        return {"source": self.data_source, "licence": self.licence, "citation": self.citation}

    def credit(self) -> str:
        """One line for credits: 'UCDP … (CC BY 4.0)', or the file name when no source was given."""
        who = self.data_source or self.source
        return f"{who} ({self.licence})" if self.licence else who

    def as_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "imported_at": self.imported_at,
                "rows_kept": self.rows_kept, "rows_rejected": self.rows_rejected, "source": self.source,
                "format": self.format, "data_source": self.data_source, "licence": self.licence,
                "citation": self.citation, "layout": self.layout}


def dataset_slug(name: str) -> str:
    """The store name for ``name``; :class:`StoreError` if empty, too long or a built-in layer's name."""
    slug = slugify(name or "")
    if not slug:
        raise StoreError(f"dataset name {name!r} needs at least one letter or digit")
    if len(slug) > MAX_NAME:
        raise StoreError(f"dataset name is longer than {MAX_NAME} characters")
    if slug in RESERVED_NAMES:
        raise StoreError(f"dataset name {slug!r} is taken by a built-in layer; choose another")
    return slug


def _dir(directory: Path | None) -> Path:
    return Path(directory) if directory is not None else data_dir()


def _path(slug: str, directory: Path | None) -> Path:
    return _dir(directory) / f"{slug}{SUFFIX}"


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _has_arrow() -> bool:
    """pyogrio writes ~2x faster through Arrow when pyarrow is installed (optional)."""
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def frame_for_store(frame):  # GeoDataFrame in, GeoDataFrame out
    """The stored form: ``cartels`` as ";"-joined text (GeoPackage has no list type)."""
    frame = frame.copy()
    frame["cartels"] = frame["cartels"].map(";".join).astype("str")
    return frame


def save_dataset(name: str, result: ImportResult, *, directory: Path | None = None,
                 replace: bool | str = False) -> DatasetInfo:
    """Write ``result``'s kept rows as dataset ``name``, atomically.

    A dataset of that name is replaced only with ``replace=True``, or ``replace=<its imported_at>``
    (replace exactly the version the user saw); otherwise :class:`StoreError` says it exists.
    """
    slug = dataset_slug(name)
    if not result.rows:
        raise StoreError("nothing to save: no row was kept")
    result = result.renamed(slug)
    attribution = {**result.attribution, "layout": result.layout}
    return _write(slug, name, frame_for_store(rows_to_frame(result.rows)), len(result.rejected),
                  result.source_name, result.format, result.notices, directory, attribution, replace)


def save_frame(name: str, frame, *, source: str, fmt: str, directory: Path | None = None,
               replace: bool | str = True) -> DatasetInfo:
    """Write a frame with the columns of :data:`ROW_COLUMNS` as dataset ``name`` (columnar, no row objects).

    For data made in bulk, such as the synthetic events of ``bench --events``.
    """
    slug = dataset_slug(name)
    if frame.empty:
        raise StoreError("nothing to save: the frame is empty")
    return _write(slug, name, frame_for_store(typed_columns(frame)), 0, source, fmt, [], directory, None, replace)


@contextlib.contextmanager
def store_lock(folder: Path):
    """Hold the store's write lock (an exclusive ``flock`` on the directory) for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock (and so does dying)


def _check_replace(slug: str, path: Path, replace: bool | str) -> None:
    """Refuse to overwrite dataset ``slug`` unless the caller said so (called under the lock)."""
    if not path.exists() or replace is True:
        return
    current = _read_info(path)
    if isinstance(replace, str) and replace and current is not None and current.imported_at == replace:
        return
    if isinstance(replace, str) and replace:
        raise StoreError(f"dataset {slug!r} changed since you chose to replace it; nothing was written")
    raise StoreError(f"a dataset named {slug!r} exists; choose another name or replace it (--replace)")


def _write(slug: str, name: str, frame, rejected: int, source: str, fmt: str, notices: list[str],
           directory: Path | None, attribution: dict[str, str] | None = None,
           replace: bool | str = False) -> DatasetInfo:
    import pandas as pd
    import pyogrio

    folder = _dir(directory)
    given = attribution or {}
    info = DatasetInfo(slug, name.strip() or slug, datetime.now(UTC).isoformat(timespec="seconds"),
                       len(frame), rejected, source, fmt, _path(slug, directory), given.get("source", ""),
                       given.get("licence", ""), given.get("citation", ""), given.get("layout", ""))
    meta = pd.DataFrame([{**info.as_dict(), "store_version": STORE_VERSION,
                          "notices": json.dumps(list(notices), ensure_ascii=False)}])
    with store_lock(folder):
        _clean_stale(folder, every=True)  # under the lock, any temporary file is a dead writer's
        _check_replace(slug, info.path, replace)
        tmp = folder / f".{slug}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}"
        try:
            pyogrio.write_dataframe(frame, tmp, layer=FEATURES_LAYER, driver="GPKG", use_arrow=_has_arrow())
            pyogrio.write_dataframe(meta, tmp, layer=META_LAYER, driver="GPKG")
            _fsync(tmp)
            _publish(tmp, info.path, replace)
        finally:
            _remove_tmp(tmp)
        _fsync(folder)
    return info


def _publish(tmp: Path, path: Path, replace: bool | str) -> None:
    """The only moment the dataset changes: all or nothing; a new name never overwrites a file."""
    if replace:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # atomic create: fails if the name exists
    except FileExistsError:
        raise StoreError(f"a dataset named {path.stem!r} was just written by someone else; nothing was written") \
            from None


def _remove_tmp(tmp: Path) -> None:
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal"), tmp.with_name(tmp.name + "-wal"),
                     tmp.with_name(tmp.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def _read_info(path: Path, expect: str | None = None) -> DatasetInfo | None:
    """Metadata of a store file, or None when it is not a complete dataset of ours."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
        if not {FEATURES_LAYER, META_LAYER} <= tables:
            return None
        cur = con.execute(f'SELECT * FROM "{META_LAYER}" LIMIT 1')  # a constant of ours, not user input
        row = cur.fetchone()
        if row is None:
            return None
        meta = dict(zip([d[0] for d in cur.description], row, strict=True))
        if meta.get("name") != (expect or path.name[: -len(SUFFIX)]):
            return None
        return DatasetInfo(meta["name"], meta.get("title") or meta["name"], meta["imported_at"],
                           int(meta["rows_kept"]), int(meta["rows_rejected"]), meta.get("source") or "",
                           meta.get("format") or "", path, meta.get("data_source") or "", meta.get("licence") or "",
                           meta.get("citation") or "", meta.get("layout") or "")
    except (sqlite3.Error, KeyError, TypeError, ValueError):
        return None
    finally:
        con.close()


def _clean_stale(folder: Path, every: bool = False) -> None:
    """Remove temporary files a day old, or ``every`` one (only under the write lock: no live writer)."""
    cutoff = time.time() - STALE_TMP_SECONDS
    for tmp in folder.glob(f".*{TMP_SUFFIX}*"):
        with contextlib.suppress(OSError):
            if every or tmp.stat().st_mtime < cutoff:
                tmp.unlink()


def list_datasets(*, directory: Path | None = None) -> list[DatasetInfo]:
    """Complete datasets in the store, by name. Temporary and foreign files are ignored."""
    folder = _dir(directory)
    if not folder.is_dir():
        return []
    _clean_stale(folder)
    found = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        if path.name.startswith("."):
            continue
        info = _read_info(path)
        if info is not None:
            found.append(info)
    return found


def dataset_info(name: str, *, directory: Path | None = None) -> DatasetInfo:
    slug = slugify(name or "")
    path = _path(slug, directory) if slug else None
    info = _read_info(path) if path is not None and path.is_file() else None
    if info is None:
        raise StoreError(f"no dataset named {name!r}")
    return info


def load_dataset(name: str, *, directory: Path | None = None):  # -> GeoDataFrame
    """Dataset ``name`` as a GeoDataFrame in EPSG:4326 with the columns of :data:`ROW_COLUMNS`.

    Read in one columnar pass (Arrow when available); points are rebuilt from lat/lon,
    which the store keeps as columns, so no geometry is parsed row by row.
    """
    import pyogrio

    info = dataset_info(name, directory=directory)
    stored = set(pyogrio.read_info(info.path, layer=FEATURES_LAYER)["fields"])  # older stores lack newer columns
    frame = pyogrio.read_dataframe(info.path, layer=FEATURES_LAYER, read_geometry=False,
                                   columns=[c for c in ROW_COLUMNS if c in stored],
                                   use_arrow=_has_arrow())
    frame = typed_columns(frame)
    frame.attrs["dataset"] = info.name
    return frame


def delete_dataset(name: str, *, directory: Path | None = None) -> DatasetInfo:
    """Move dataset ``name`` to the trash (restorable for a day); :class:`StoreError` if there is none."""
    info = dataset_info(name, directory=directory)
    trash = info.path.parent / TRASH_DIR
    trash.mkdir(exist_ok=True)
    with store_lock(info.path.parent):
        # <slug>.<deleted at, ns>.gpkg: the newest copy of a name is the one "undo" brings back
        os.replace(info.path, trash / f"{info.name}.{time.time_ns()}{SUFFIX}")
        _fsync(info.path.parent)
    return info
