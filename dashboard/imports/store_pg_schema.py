"""Connecting to the PostgreSQL/PostGIS store and keeping its schema current.

The schema is versioned: the SQL files of :mod:`dashboard.imports.migrations` (``001_datasets.sql``,
``002_editor.sql`` …) run in order, each once per database, recorded in ``atlas_schema_version``.
:func:`migrate` runs them under a transaction-scoped advisory lock, so two processes starting at
once never both apply a file, and a failing file leaves the schema as it was.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from dashboard.imports.store_base import StoreError

MIGRATION_LOCK = 0x41544C41534D  # "ATLASM": the advisory lock every migrating process takes
CONNECT_TIMEOUT = 5  # seconds: an unreachable host is an error, not a hang
_FILE = re.compile(r"(\d{3})_[a-z0-9_]+\.sql")


def redacted(url: str) -> str:
    """``url`` without its password, for messages and listings."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "<unreadable URL>"


def _first_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[-1] if lines else type(exc).__name__  # libpq puts the cause last ("Connection refused")


def connect(url: str):
    """An autocommit connection (transactions are explicit); :class:`StoreError` in one line if it fails."""
    try:
        import psycopg
    except ImportError:
        raise StoreError("the PostgreSQL store needs psycopg: pip install 'frontera-atlas[postgres]'") from None
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                               application_name="frontera-atlas")
    except psycopg.Error as exc:
        raise StoreError(f"cannot open the dataset store {redacted(url)}: {_first_line(exc)}") from None


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every migration in the package, in order."""
    from importlib import resources

    found = []
    for entry in resources.files("dashboard.imports.migrations").iterdir():
        match = _FILE.fullmatch(entry.name)
        if match:
            found.append((int(match[1]), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(conn, upto: int | None = None) -> list[int]:
    """Apply the migrations the database lacks (up to ``upto``); returns the versions applied now."""
    known = migrations()
    newest = known[-1][0] if known else 0
    applied = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS atlas_schema_version (version integer PRIMARY KEY, "
                     "file text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        done = {row[0] for row in conn.execute("SELECT version FROM atlas_schema_version")}
        if done and max(done) > newest:
            raise StoreError(f"the dataset store has schema version {max(done)}, newer than this app's "
                             f"{newest}; update the app")
        for version, name, sql in known:
            if version in done or (upto is not None and version > upto):
                continue
            conn.execute(sql)  # several statements, no parameters: sent as one simple query
            conn.execute("INSERT INTO atlas_schema_version (version, file) VALUES (%s, %s)", (version, name))
            applied.append(version)
    return applied
