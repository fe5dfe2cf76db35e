"""Stored count and population tables: beside the event datasets, with the same promises.

Where the event datasets are GeoPackage files (``$ATLAS_STORE`` unset), a table is two files in
``<data dir>/official/``: its rows as one Arrow stream (``NAME.arrow``, zstd) and what it is
(``NAME.json``: kind, layout, summary, notes, source, editor, time). With ``ATLAS_STORE=postgresql://…``
it is one row of ``atlas_official_table`` (migration 004) in the shared database. Either way a save is
atomic, a name that exists (as a table or an event dataset) is replaced only with ``replace``, and a
delete can be undone for a day.
"""

from __future__ import annotations

import io
import json
import os
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa

from dashboard.config import data_dir
from dashboard.imports.store_base import STORE_ENV, TRASH_SECONDS, StoreError, dataset_slug
from dashboard.official.table import OfficialTable

FOLDER, TRASH = "official", "trash"


@dataclass(frozen=True)
class TableInfo:
    name: str
    kind: str          # "counts" or "population"
    layout: str
    summary: dict      # OfficialTable.summary(): areas, periods, measures, units
    notes: list[str]
    source: str        # who published it, as the importer said (or the file name)
    editor: str
    imported_at: str   # ISO time, UTC


def _arrow_bytes(frame: pd.DataFrame) -> bytes:
    sink = io.BytesIO()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression="zstd")) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _frame_of(data: bytes) -> pd.DataFrame:
    return pa.ipc.open_stream(data).read_all().to_pandas()


def _database_url() -> str | None:
    url = os.environ.get(STORE_ENV, "").strip()
    return url or None


def info_for(name: str, table: OfficialTable, source: str, editor: str) -> TableInfo:
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    return TableInfo(dataset_slug(name), table.kind, table.layout, table.summary(), list(table.notes), source,
                     editor, now)


def _event_dataset_exists(slug: str) -> bool:
    from dashboard.imports import store

    return any(d.name == slug for d in store.list_datasets())


def save_table(name: str, table: OfficialTable, *, source: str, replace: bool = False, editor: str = ""
               ) -> TableInfo:
    """Store ``table`` as ``name``; refuses a name in use (by a table or an event dataset) unless ``replace``."""
    info = info_for(name, table, source, editor)
    if table.frame.empty:
        raise StoreError("nothing to save: the table has no rows")
    if not replace and _event_dataset_exists(info.name):
        raise StoreError(f"an event dataset named {info.name!r} exists; choose another name or --replace")
    backend().save(info, _arrow_bytes(table.frame), replace)
    return info


def backend() -> FileTables | PgTables:
    """The one backend the environment names (read on every call, as the event store does)."""
    url = _database_url()
    return PgTables(url) if url else FileTables(data_dir() / FOLDER)


def list_tables() -> list[TableInfo]:
    return backend().list()


def load_table(name: str) -> tuple[TableInfo, OfficialTable]:
    info, data = backend().load(dataset_slug(name))
    return info, OfficialTable(info.kind, info.layout, _frame_of(data), list(info.notes))


def delete_table(name: str) -> TableInfo:
    return backend().delete(dataset_slug(name))


def list_trash() -> list[TableInfo]:
    return backend().trash()


def restore_table(name: str, replace: bool = False) -> TableInfo:
    return backend().restore(dataset_slug(name), replace)


class FileTables:
    """Tables as files in one folder (beside the GeoPackage datasets)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _dir(self, sub: str = "") -> Path:
        folder = self.folder / sub
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @staticmethod
    def _write_atomic(path: Path, data: bytes) -> None:
        tmp = path.with_suffix(path.suffix + ".tmp")
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def save(self, info: TableInfo, data: bytes, replace: bool) -> None:
        folder = self._dir()
        meta = folder / f"{info.name}.json"
        if meta.exists() and not replace:
            raise StoreError(f"a table named {info.name!r} exists; import with --replace to replace it")
        self._write_atomic(folder / f"{info.name}.arrow", data)
        self._write_atomic(meta, json.dumps(asdict(info), ensure_ascii=False).encode())

    def list(self) -> list[TableInfo]:
        return [TableInfo(**json.loads(p.read_text(encoding="utf-8"))) for p in sorted(self._dir().glob("*.json"))]

    def load(self, slug: str) -> tuple[TableInfo, bytes]:
        meta = self._dir() / f"{slug}.json"
        if not meta.exists():
            raise StoreError(f"no table named {slug!r}")
        return TableInfo(**json.loads(meta.read_text(encoding="utf-8"))), (self._dir() / f"{slug}.arrow").read_bytes()

    def delete(self, slug: str) -> TableInfo:
        info, _ = self.load(slug)
        stamp = time.time_ns()
        for suffix in (".arrow", ".json"):
            os.replace(self._dir() / f"{slug}{suffix}", self._dir(TRASH) / f"{slug}.{stamp}{suffix}")
        return info

    def trash(self) -> list[TableInfo]:
        out, now = [], time.time_ns()
        for meta in sorted(self._dir(TRASH).glob("*.json"), reverse=True):
            stamp = int(meta.name.split(".")[-2])
            if now - stamp > TRASH_SECONDS * 1e9:
                meta.unlink()
                meta.with_suffix(".arrow").unlink(missing_ok=True)
                continue
            out.append(TableInfo(**json.loads(meta.read_text(encoding="utf-8"))))
        return out

    def restore(self, slug: str, replace: bool) -> TableInfo:
        self.trash()  # forget what is older than a day
        found = sorted(self._dir(TRASH).glob(f"{slug}.*.json"), reverse=True)
        if not found:
            raise StoreError(f"no deleted table named {slug!r} (deleted tables are kept for a day)")
        if (self._dir() / f"{slug}.json").exists() and not replace:
            raise StoreError(f"a table named {slug!r} exists; delete it first or restore with --replace")
        for suffix in (".arrow", ".json"):
            os.replace(found[0].with_suffix(suffix), self._dir() / f"{slug}{suffix}")
        return self.load(slug)[0]


class PgTables:
    """Tables as rows of ``atlas_official_table`` in the shared database."""

    COLUMNS = "name, kind, meta, editor, imported_at"

    def __init__(self, url: str) -> None:
        self.url = url

    def _connection(self):
        from dashboard.imports.store_pg import pool

        return pool(self.url).connection()

    @staticmethod
    def _info(row) -> TableInfo:
        name, kind, meta, editor, imported_at = row
        return TableInfo(name=name, kind=kind, editor=editor, imported_at=imported_at.isoformat(), **meta)

    @staticmethod
    def _lock(conn, slug: str) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"official:{slug}",))

    def save(self, info: TableInfo, data: bytes, replace: bool) -> None:
        meta = {k: v for k, v in asdict(info).items() if k not in ("name", "kind", "editor", "imported_at")}
        with self._connection() as conn, conn.transaction():
            self._lock(conn, info.name)
            live = conn.execute("SELECT id FROM atlas_official_table WHERE name = %s AND deleted_at IS NULL",
                                (info.name,)).fetchone()
            if live is not None and not replace:
                raise StoreError(f"a table named {info.name!r} exists; import with --replace to replace it")
            if live is not None:
                conn.execute("DELETE FROM atlas_official_table WHERE id = %s", (live[0],))
            conn.execute("INSERT INTO atlas_official_table (name, kind, meta, arrow, editor) "
                         "VALUES (%s, %s, %s, %s, %s)", (info.name, info.kind, json.dumps(meta), data, info.editor))

    def list(self) -> list[TableInfo]:
        with self._connection() as conn:
            rows = conn.execute(f"SELECT {self.COLUMNS} FROM atlas_official_table WHERE deleted_at IS NULL "
                                "ORDER BY name").fetchall()
        return [self._info(r) for r in rows]

    def load(self, slug: str) -> tuple[TableInfo, bytes]:
        with self._connection() as conn:
            row = conn.execute(f"SELECT {self.COLUMNS}, arrow FROM atlas_official_table "
                               "WHERE name = %s AND deleted_at IS NULL", (slug,)).fetchone()
        if row is None:
            raise StoreError(f"no table named {slug!r}")
        return self._info(row[:5]), bytes(row[5])

    def delete(self, slug: str) -> TableInfo:
        with self._connection() as conn, conn.transaction():
            self._lock(conn, slug)
            row = conn.execute(f"UPDATE atlas_official_table SET deleted_at = clock_timestamp() WHERE name = %s "
                               f"AND deleted_at IS NULL RETURNING {self.COLUMNS}", (slug,)).fetchone()
        if row is None:
            raise StoreError(f"no table named {slug!r}")
        return self._info(row)

    def trash(self) -> list[TableInfo]:
        with self._connection() as conn:
            conn.execute("DELETE FROM atlas_official_table WHERE deleted_at < clock_timestamp() "
                         "- make_interval(secs => %s)", (TRASH_SECONDS,))
            rows = conn.execute(f"SELECT {self.COLUMNS} FROM atlas_official_table WHERE deleted_at IS NOT NULL "
                                "ORDER BY deleted_at DESC").fetchall()
        return [self._info(r) for r in rows]

    def restore(self, slug: str, replace: bool) -> TableInfo:
        self.trash()
        with self._connection() as conn, conn.transaction():
            self._lock(conn, slug)
            row = conn.execute("SELECT id FROM atlas_official_table WHERE name = %s AND deleted_at IS NOT NULL "
                               "ORDER BY deleted_at DESC LIMIT 1", (slug,)).fetchone()
            if row is None:
                raise StoreError(f"no deleted table named {slug!r} (deleted tables are kept for a day)")
            live = conn.execute("SELECT id FROM atlas_official_table WHERE name = %s AND deleted_at IS NULL",
                                (slug,)).fetchone()
            if live is not None and not replace:
                raise StoreError(f"a table named {slug!r} exists; delete it first or restore with --replace")
            if live is not None:
                conn.execute("DELETE FROM atlas_official_table WHERE id = %s", (live[0],))
            conn.execute("UPDATE atlas_official_table SET deleted_at = NULL WHERE id = %s", (row[0],))
        return self.load(slug)[0]
