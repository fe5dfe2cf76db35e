"""The PostgreSQL/PostGIS backend of the dataset store (``ATLAS_STORE=postgresql://…``).

Several processes, on one host or many, share the datasets: an import by one is listed by the
others at their next call (:class:`PostgresStore`). Same semantics as the GeoPackage files
(:mod:`dashboard.imports.store_gpkg`):

- an import is one transaction: the metadata row and every event (written with ``COPY``) commit
  together or not at all, and a replaced version is removed in that same transaction;
- writers of one name queue on an advisory lock on that name, and the same-name rule
  (:func:`dashboard.imports.store_base.check_replace`) is checked under it; a unique index on the
  live name is the last guard;
- a delete only marks the row (``deleted_at``): the trash keeps it for a day;
- reads are columnar: the dataset's Arrow copy (migration 003) in one value, or, when its rows were
  changed by hand since, ``COPY (SELECT …) TO STDOUT`` as CSV into pandas; points rebuilt from lat/lon.

The schema is created and upgraded by :mod:`dashboard.imports.store_pg_schema` on a process's first
connection. psycopg is imported only here, so the GeoPackage store needs nothing installed.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from pathlib import Path

from dashboard.imports import store_base
from dashboard.imports.rows import NUMERIC_DTYPES, ROW_COLUMNS, typed_columns
from dashboard.imports.store_base import DatasetInfo, StoreError, Trashed, check_replace, now_iso
from dashboard.imports.store_pg_schema import connect, migrate, redacted
from dashboard.text import slugify

MAX_IDLE = 4  # idle connections kept per database and process
RECHECK_AFTER = 10.0  # seconds idle after which a connection is tested before use
TEXT_COLUMNS = tuple(c for c in ROW_COLUMNS if c not in NUMERIC_DTYPES)
INFO_COLUMNS = ("name, title, imported_at, rows_kept, rows_rejected, source, format, "
                "data_source, licence, citation, layout, editor")
_LIVE = "deleted_at IS NULL"


def _alive(conn, idle_seconds: float) -> bool:
    """Whether an idle connection still works: checked after a pause, since a server restart ends it silently."""
    import psycopg

    if conn.closed:
        return False
    if idle_seconds < RECHECK_AFTER:
        return True
    try:
        conn.execute("SELECT 1")
        return True
    except psycopg.Error:
        conn.close()
        return False


class _Pool:
    """A few reusable connections to one database; the schema is brought up to date on the first."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._idle: list = []
        self._lock = threading.Lock()
        self._migrated = False

    def _take(self):
        with self._lock:
            conn, since = self._idle.pop() if self._idle else (None, 0.0)
        if conn is not None and _alive(conn, time.monotonic() - since):
            return conn
        conn = connect(self.url)
        try:
            with self._lock:
                if not self._migrated:
                    migrate(conn)
                    self._migrated = True
        except BaseException:
            conn.close()
            raise
        return conn

    def _give_back(self, conn) -> None:
        from psycopg.pq import TransactionStatus

        with self._lock:
            if not conn.closed and conn.info.transaction_status == TransactionStatus.IDLE \
                    and len(self._idle) < MAX_IDLE:
                self._idle.append((conn, time.monotonic()))
                return
        conn.close()

    @contextlib.contextmanager
    def connection(self):
        """A connection for one operation; a database error becomes a one-line :class:`StoreError`."""
        import psycopg

        try:
            conn = self._take()
        except psycopg.Error as exc:
            raise StoreError(f"the dataset store {redacted(self.url)} failed: {exc}".splitlines()[0]) from None
        try:
            yield conn
        except psycopg.Error as exc:
            raise StoreError(f"the dataset store {redacted(self.url)} failed: {exc}".splitlines()[0]) from exc
        finally:
            self._give_back(conn)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn, _ in idle:
            conn.close()


_POOLS: dict[str, _Pool] = {}
_POOLS_LOCK = threading.Lock()


def pool(url: str) -> _Pool:
    with _POOLS_LOCK:
        if url not in _POOLS:
            _POOLS[url] = _Pool(url)
        return _POOLS[url]


def close_pools() -> None:
    """Close every idle connection of this process (tests, and before a fork)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for each in pools:
        each.close()


def _lock_name(conn, slug: str) -> None:
    """Queue behind any other writer of ``slug`` until this transaction ends."""
    key = int.from_bytes(hashlib.sha256(f"atlas-dataset:{slug}".encode()).digest()[:8], "big", signed=True)
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,))


def _info(row) -> DatasetInfo:
    return DatasetInfo(*row[:7], Path(), *row[7:12])


def _events_table(frame):
    """The stored columns of :data:`ROW_COLUMNS` as an Arrow table (text as text, counts as numbers)."""
    import pyarrow as pa

    return pa.table({c: pa.array(frame[c].astype("str") if c in TEXT_COLUMNS else frame[c]) for c in ROW_COLUMNS})


def _events_csv(table, dataset_id: int) -> bytes:
    """The events as CSV for ``COPY``, written columnar by Arrow (no Python object per row).

    Arrow quotes every text value, so an empty text ("") stays distinct from a missing count (NULL).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    keys = pa.table({"dataset_id": np.full(table.num_rows, dataset_id, dtype="int64"),
                     "ord": np.arange(table.num_rows, dtype="int64")})
    out = pa.BufferOutputStream()
    pacsv.write_csv(pa.Table.from_arrays([*keys.columns, *table.columns], names=[*keys.column_names,
                                                                                  *table.column_names]),
                    out, pacsv.WriteOptions(include_header=False))
    return out.getvalue().to_pybytes()


def _events_arrow(table) -> bytes:
    """The columnar copy (migration 003): one compressed Arrow IPC stream the app reads in one value."""
    import pyarrow as pa

    out = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="zstd" if pa.Codec.is_available("zstd") else None)
    with pa.ipc.new_stream(out, table.schema, options=options) as writer:
        writer.write_table(table)
    return out.getvalue().to_pybytes()


def copy_query():
    """``COPY atlas_event (…) FROM STDIN`` in the column order of :func:`_events_csv`."""
    from psycopg import sql

    columns = sql.SQL(", ").join(sql.Identifier(c) for c in ("dataset_id", "ord", *ROW_COLUMNS))
    not_null = sql.SQL(", ").join(sql.Identifier(c) for c in TEXT_COLUMNS)  # "" is text, not NULL
    return sql.SQL("COPY atlas_event ({}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ({}))").format(columns, not_null)


def _copy_events(conn, data: bytes) -> None:
    with conn.cursor().copy(copy_query()) as copy:
        view = memoryview(data)
        for start in range(0, len(data), 1 << 20):
            copy.write(view[start:start + (1 << 20)])


def _live(conn, name: str, lock: str = "") -> tuple[int, DatasetInfo]:
    slug = slugify(name or "")
    row = conn.execute(f"SELECT id, {INFO_COLUMNS} FROM atlas_dataset WHERE name = %s AND {_LIVE} {lock}",
                       (slug,)).fetchone() if slug else None
    if row is None:
        raise StoreError(f"no dataset named {name!r}")
    return row[0], _info(row[1:])


def _events_frame(conn, dataset_id: int):
    """The events of one dataset, in import order, as a DataFrame read from one ``COPY … TO STDOUT``."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    from psycopg import sql

    query = sql.SQL("COPY (SELECT {} FROM atlas_event WHERE dataset_id = {} ORDER BY ord) "
                    "TO STDOUT (FORMAT csv, HEADER)").format(
        sql.SQL(", ").join(sql.Identifier(c) for c in ROW_COLUMNS), sql.Literal(dataset_id))
    with conn.cursor().copy(query) as copy:
        data = b"".join(copy)  # libpq hands COPY data over a row at a time
    types = {c: pa.string() for c in TEXT_COLUMNS}
    types.update({c: pa.bool_() if t == "bool" else pa.float64() if t == "float64" else pa.int64()
                  for c, t in NUMERIC_DTYPES.items()})
    table = pacsv.read_csv(pa.py_buffer(data),
                           parse_options=pacsv.ParseOptions(newlines_in_values=True),
                           convert_options=pacsv.ConvertOptions(column_types=types, null_values=[""],
                                                                true_values=["t"], false_values=["f"],
                                                                strings_can_be_null=False))
    return table.to_pandas()


def _columnar_copy(conn, dataset_id: int):
    """The dataset's columnar copy as a DataFrame, or None when it has none."""
    import pyarrow as pa

    row = conn.cursor(binary=True).execute("SELECT arrow FROM atlas_event_columns WHERE dataset_id = %s",
                                           (dataset_id,)).fetchone()
    return None if row is None else pa.ipc.open_stream(row[0]).read_all().to_pandas()


def _purge(conn) -> None:
    """Forget what has been in the trash longer than the undo window."""
    conn.execute("DELETE FROM atlas_dataset WHERE deleted_at < clock_timestamp() - make_interval(secs => %s)",
                 (store_base.TRASH_SECONDS,))


class PostgresStore:
    """The datasets in the PostgreSQL/PostGIS database at ``url`` (connections from the process's pool)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def location(self) -> str:
        return redacted(self.url)

    def write(self, slug: str, title: str, frame, rejected: int, source: str, fmt: str, notices: list[str],
              attribution: dict[str, str] | None = None, replace: bool | str = False, editor: str = "",
              imported_at: str = "") -> DatasetInfo:
        """Store ``frame`` (the stored form) as dataset ``slug`` in one transaction.

        ``imported_at`` is now unless given (a copy from GeoPackage files keeps the original's).
        """
        import json

        given = attribution or {}
        info = DatasetInfo(slug, title.strip() or slug, imported_at or now_iso(), len(frame), rejected, source, fmt,
                           Path(), given.get("source", ""), given.get("licence", ""), given.get("citation", ""),
                           given.get("layout", ""), editor)
        with pool(self.url).connection() as conn:
            dataset_id = conn.execute("SELECT nextval('atlas_dataset_id_seq')").fetchone()[0]
            table = _events_table(frame)
            # formatted before the name is locked
            data, columns = _events_csv(table, dataset_id), _events_arrow(table)
            with conn.transaction():
                _lock_name(conn, slug)
                current = conn.execute(f"SELECT id, imported_at FROM atlas_dataset WHERE name = %s AND {_LIVE}",
                                       (slug,)).fetchone()
                if current is not None:
                    check_replace(slug, current[1], replace)
                    conn.execute("DELETE FROM atlas_dataset WHERE id = %s", (current[0],))
                values = (dataset_id, *(info.as_dict()[c.strip()] for c in INFO_COLUMNS.split(",")),
                          json.dumps(list(notices), ensure_ascii=False))
                conn.execute(f"INSERT INTO atlas_dataset (id, {INFO_COLUMNS}, notices) "
                             f"VALUES ({', '.join(['%s'] * len(values))})", values)
                _copy_events(conn, data)  # its trigger drops a columnar copy: the one for these rows comes after
                conn.execute("INSERT INTO atlas_event_columns (dataset_id, arrow) VALUES (%s, %s)",
                             (dataset_id, columns))
        return info

    def list_datasets(self) -> list[DatasetInfo]:
        with pool(self.url).connection() as conn:
            rows = conn.execute(f"SELECT {INFO_COLUMNS} FROM atlas_dataset WHERE {_LIVE} ORDER BY name").fetchall()
        return [_info(r) for r in rows]

    def dataset_info(self, name: str) -> DatasetInfo:
        with pool(self.url).connection() as conn:
            return _live(conn, name)[1]

    def load_dataset(self, name: str, points: bool = True):  # -> GeoDataFrame (DataFrame without points)
        """Dataset ``name`` in the column types of :func:`dashboard.imports.rows.typed_columns`."""
        with pool(self.url).connection() as conn, conn.transaction():
            dataset_id, info = _live(conn, name, "FOR SHARE")  # a replace waits until this read is done
            frame = _columnar_copy(conn, dataset_id)
            if frame is None:  # the rows were changed by hand (or stored before migration 003): read them
                frame = _events_frame(conn, dataset_id)
        frame = typed_columns(frame, points)
        frame.attrs["dataset"] = info.name
        return frame

    def delete_dataset(self, name: str) -> DatasetInfo:
        """Move dataset ``name`` to the trash (restorable for a day)."""
        with pool(self.url).connection() as conn, conn.transaction():
            dataset_id, info = _live(conn, name)
            _lock_name(conn, info.name)
            conn.execute("UPDATE atlas_dataset SET deleted_at = clock_timestamp() WHERE id = %s", (dataset_id,))
        return info

    def list_trash(self) -> list[Trashed]:
        """Deleted datasets that can still be restored, newest first; older ones are removed."""
        with pool(self.url).connection() as conn:
            _purge(conn)
            rows = conn.execute(f"SELECT {INFO_COLUMNS}, (extract(epoch FROM deleted_at) * 1000000)::bigint * 1000 "
                                "FROM atlas_dataset WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC").fetchall()
        return [Trashed(_info(r[:12]), int(r[12])) for r in rows]

    def restore_dataset(self, name: str, replace: bool = False) -> DatasetInfo:
        """Bring back the newest deleted copy of ``name``; never over a live dataset unless ``replace``."""
        slug = slugify(name or "")
        with pool(self.url).connection() as conn, conn.transaction():
            _lock_name(conn, slug)
            _purge(conn)
            row = conn.execute("SELECT id FROM atlas_dataset WHERE name = %s AND deleted_at IS NOT NULL "
                               "ORDER BY deleted_at DESC LIMIT 1", (slug,)).fetchone()
            if row is None:
                raise StoreError(f"no deleted dataset named {name!r} (deleted datasets are kept for a day)")
            live = conn.execute(f"SELECT id FROM atlas_dataset WHERE name = %s AND {_LIVE}", (slug,)).fetchone()
            if live is not None and not replace:
                raise StoreError(f"a dataset named {slug!r} exists; delete or rename it first")
            if live is not None:
                conn.execute("DELETE FROM atlas_dataset WHERE id = %s", (live[0],))
            conn.execute("UPDATE atlas_dataset SET deleted_at = NULL WHERE id = %s", (row[0],))
            return _live(conn, slug)[1]
