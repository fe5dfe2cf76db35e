"""The PostgreSQL/PostGIS store on a real throwaway server: schema migrations, atomic imports,
several processes sharing one store, the copy from GeoPackage files, editors, and connection errors.

The semantics both backends share are tested in test_import_store.py and test_no_silent_loss.py
(their ``backend`` tests run here too).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import psycopg
import pytest

from dashboard.imports import store, store_pg, store_pg_schema
from dashboard.imports.upload import parse_upload
from tests.geodata_atlas import geodata_atlas

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
REPO = Path(__file__).resolve().parents[2]


def parsed(name: str = "acled_sample.csv"):
    return parse_upload((DATA / name).read_bytes(), name, atlas=geodata_atlas())


def query(url: str, sql: str, params: tuple | None = None) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture
def pg(pg_url, data_dir, monkeypatch) -> str:
    monkeypatch.setenv("ATLAS_STORE", pg_url)
    return pg_url


def same_rows(frame, result) -> None:
    expected = result.to_frame()
    pd.testing.assert_frame_equal(frame.drop(columns="geometry"), expected.drop(columns="geometry"))
    assert list(frame.geometry.geom_equals(expected.geometry)) == [True] * len(expected)


# -- schema -------------------------------------------------------------------------------------
def test_the_schema_is_created_once_with_a_spatial_index(pg):
    store.save_dataset("mine", parsed())
    versions = query(pg, "SELECT version, file FROM atlas_schema_version ORDER BY version")
    assert versions == [(1, "001_datasets.sql"), (2, "002_editor.sql"), (3, "003_event_columns.sql")]
    indexes = dict(query(pg, "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'atlas_event'"))
    assert "USING gist (geom)" in indexes["atlas_event_geom"]
    points = query(pg, "SELECT ST_X(geom), ST_Y(geom), ST_SRID(geom), lon, lat FROM atlas_event")
    assert len(points) == 8 and all((x, y, srid) == (lon, lat, 4326) for x, y, srid, lon, lat in points)
    with psycopg.connect(pg, autocommit=True) as conn:
        assert store_pg_schema.migrate(conn) == []  # idempotent
    stamps = query(pg, "SELECT version, applied_at FROM atlas_schema_version ORDER BY version")
    other = subprocess.run([sys.executable, "-m", "dashboard", "datasets", "list"], cwd=REPO, capture_output=True,
                           text=True, timeout=120, check=False)  # a second process starting on the same store
    assert other.returncode == 0 and other.stdout.startswith("mine\t8 kept"), other.stderr
    assert query(pg, "SELECT version, applied_at FROM atlas_schema_version ORDER BY version") == stamps


def test_an_old_schema_is_upgraded_and_keeps_its_datasets(pg):
    with psycopg.connect(pg, autocommit=True) as conn:
        assert store_pg_schema.migrate(conn, upto=1) == [1]
        conn.execute("INSERT INTO atlas_dataset (name, title, imported_at, rows_kept, rows_rejected) "
                     "VALUES ('older', 'Older', '2025-01-02T03:04:05+00:00', 0, 0)")
    assert query(pg, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'editor' "
                     "AND table_name = 'atlas_dataset' AND table_schema = current_schema()") == [(0,)]
    (older,) = store.list_datasets()  # the first connection of this process upgrades the schema
    assert (older.name, older.title, older.imported_at, older.editor) == ("older", "Older",
                                                                          "2025-01-02T03:04:05+00:00", "")
    assert [v for (v,) in query(pg, "SELECT version FROM atlas_schema_version ORDER BY version")] == [1, 2, 3]


def test_a_schema_newer_than_the_app_is_refused(pg):
    store.list_datasets()
    query(pg, "INSERT INTO atlas_schema_version (version, file) VALUES (99, '099_future.sql') RETURNING version")
    store_pg.close_pools()  # a process starting now
    with pytest.raises(store.StoreError, match="schema version 99, newer than this app's 3"):
        store.list_datasets()


# -- the columnar copy (migration 003) ----------------------------------------------------------
def test_a_load_reads_the_columnar_copy_and_the_rows_give_the_same_frame(pg):
    first = parsed()
    store.save_dataset("mine", first)
    assert query(pg, "SELECT count(*) FROM atlas_event_columns") == [(1,)]
    same_rows(store.load_dataset("mine"), first.renamed("mine"))
    query(pg, "DELETE FROM atlas_event_columns RETURNING dataset_id")  # as a store from before migration 003
    same_rows(store.load_dataset("mine"), first.renamed("mine"))


def test_rows_changed_by_hand_in_sql_are_what_the_page_loads(pg):
    store.save_dataset("mine", parsed())
    store.save_dataset("other", parsed())
    query(pg, "UPDATE atlas_event SET place = 'Edited in SQL' WHERE ord = 0 AND dataset_id = "
              "(SELECT id FROM atlas_dataset WHERE name = 'mine') RETURNING ord")
    assert store.load_dataset("mine")["place"].iloc[0] == "Edited in SQL"  # the stale copy was dropped
    assert query(pg, "SELECT d.name FROM atlas_event_columns c JOIN atlas_dataset d ON d.id = c.dataset_id") \
        == [("other",)]  # and only that dataset's


# -- atomicity ----------------------------------------------------------------------------------
@pytest.fixture
def earlier(pg):
    first = parsed()
    store.save_dataset("mine", first)
    return first, store.list_datasets(), query(pg, "SELECT count(*) FROM atlas_event")


def assert_unchanged(pg, earlier) -> None:
    first, listing, events = earlier
    assert store.list_datasets() == listing
    same_rows(store.load_dataset("mine"), first.renamed("mine"))
    assert query(pg, "SELECT count(*) FROM atlas_event") == events


def test_a_bad_row_in_the_middle_of_copy_keeps_the_earlier_version(pg, earlier, monkeypatch):
    real = store_pg._events_csv

    def with_a_bad_row(frame, dataset_id):
        lines = real(frame, dataset_id).decode().splitlines(keepends=True)
        fields = lines[1].split(",")
        fields[4] = "not-a-year"  # dataset_id, ord, id, date, year …
        lines[1] = ",".join(fields)
        return "".join(lines).encode()

    monkeypatch.setattr(store_pg, "_events_csv", with_a_bad_row)
    with pytest.raises(store.StoreError, match="not-a-year"):
        store.save_dataset("mine", parsed("events.geojson"), replace=True)
    with pytest.raises(store.StoreError):
        store.save_dataset("new-one", parsed("events.geojson"))
    assert_unchanged(pg, earlier)


def test_a_connection_killed_during_copy_keeps_the_earlier_version(pg, earlier, monkeypatch):
    real = store_pg._copy_events

    def killed_halfway(conn, data):
        half = data[: len(data) // 2]
        with psycopg.connect(pg, autocommit=True) as other:  # the server ends this session mid-COPY
            other.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))
        real(conn, half)

    monkeypatch.setattr(store_pg, "_copy_events", killed_halfway)
    with pytest.raises(store.StoreError, match="dataset store"):
        store.save_dataset("mine", parsed("events.geojson"), replace=True)
    monkeypatch.setattr(store_pg, "_copy_events", real)
    assert_unchanged(pg, earlier)  # and the store works again: the dead connection was not reused


KILL_DURING_COPY = textwrap.dedent("""
    import os
    from dashboard.testing import synthetic_csv
    from dashboard.imports import store, store_pg
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    result = parse_upload(synthetic_csv(5_000, False), "big.csv", max_bytes=10**9, atlas=geodata_atlas())
    def die_halfway(conn, data):
        with conn.cursor().copy(store_pg.copy_query()) as copy:
            copy.write(data[: len(data) // 2])
            os.kill(os.getpid(), 9)  # the process dies with half the rows sent, nothing committed
    store_pg._copy_events = die_halfway
    store.save_dataset("mine", result, replace=True)
""")


def test_a_process_killed_during_copy_keeps_the_earlier_version(pg, earlier):
    proc = subprocess.run([sys.executable, "-c", KILL_DURING_COPY], cwd=REPO, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == -9, proc.stderr
    assert_unchanged(pg, earlier)


# -- several processes --------------------------------------------------------------------------
def test_processes_see_each_others_imports_at_once(pg, cli):
    assert store.list_datasets() == []  # this process has its connection open already
    assert cli("import", str(DATA / "acled_sample.csv"), "--name", "from-other").returncode == 0
    (info,) = store.list_datasets()
    assert (info.name, info.rows_kept) == ("from-other", 8)
    assert len(store.load_dataset("from-other")) == 8
    store.save_dataset("from-here", parsed("events.geojson"))
    listing = json.loads(cli("datasets", "list", "--json").stdout)
    assert [d["name"] for d in listing] == ["from-here", "from-other"]
    assert cli("datasets", "delete", "from-here").returncode == 0
    assert [d.name for d in store.list_datasets()] == ["from-other"]


def test_the_editor_is_recorded(pg, cli):
    import getpass

    store.save_dataset("by-ana", parsed(), editor="ana@example.org")
    assert cli("import", str(DATA / "events.geojson"), "--name", "by-cli").returncode == 0
    editors = {d.name: d.editor for d in store.list_datasets()}
    assert editors == {"by-ana": "ana@example.org", "by-cli": f"cli:{getpass.getuser()}"}
    listing = json.loads(cli("datasets", "list", "--json").stdout)
    assert {d["name"]: d["editor"] for d in listing} == editors


# -- copy from GeoPackage files -----------------------------------------------------------------
def test_copy_from_geopackage_files(pg_url, data_dir, cli, monkeypatch):
    acled, geo = parsed(), parsed("events.geojson")
    store.save_dataset("ACLED sample", acled, editor="ana@example.org")  # ATLAS_STORE unset: files
    store.save_dataset("mine", geo)
    files = store.list_datasets()
    done = cli("datasets", "copy", "--to", pg_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"copied 2 dataset(s) to {pg_url}"
    monkeypatch.setenv("ATLAS_STORE", pg_url)
    copied = store.list_datasets()
    assert [(d.name, d.title, d.imported_at, d.rows_kept, d.rows_rejected, d.source, d.format, d.attribution,
             d.layout, d.editor) for d in copied] == [
        (d.name, d.title, d.imported_at, d.rows_kept, d.rows_rejected, d.source, d.format, d.attribution,
         d.layout, d.editor) for d in files]
    same_rows(store.load_dataset("acled-sample"), acled.renamed("acled-sample"))
    same_rows(store.load_dataset("mine"), geo.renamed("mine"))
    again = cli("datasets", "copy", "--to", pg_url, "mine", "--from-dir", str(data_dir))
    assert again.returncode == 2 and "exist" in again.stderr and "--replace" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    assert cli("datasets", "copy", "--to", pg_url, "mine", "--replace").returncode == 0
    assert [d.name for d in store.list_datasets()] == ["acled-sample", "mine"]
    unknown = cli("datasets", "copy", "--to", pg_url, "nope")
    assert unknown.returncode == 2 and "no dataset named 'nope'" in unknown.stderr


# -- errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("url", "message"), [
    ("postgresql://atlas:s3cret@127.0.0.1:1/atlas", "cannot open the dataset store postgresql://atlas:***@127.0."),
    ("mysql://somewhere/db", "ATLAS_STORE must be a postgresql://… URL"),
    ("postgresql://127.0.0.1:notaport/x", "cannot open the dataset store"),
])
def test_a_bad_store_url_is_one_clear_line(run_cli, data_dir, url, message):
    proc = run_cli("datasets", "list", env={"ATLAS_STORE": url, "ATLAS_DATA_DIR": str(data_dir)}, timeout=60)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], \
        proc.stderr
    assert "s3cret" not in proc.stderr


# -- the benchmark ------------------------------------------------------------------------------
def test_the_store_benchmark_measures_both_backends_and_leaves_the_store_alone(pg):
    from dashboard.bench.store_speed import measure

    store.save_dataset("mine", parsed())
    figures = measure(pg, rows=2000)
    labels = [label for label, _, _ in figures]
    assert labels[0] == "import 2,000 rows into PostGIS (parse + store)"
    assert "load: GeoPackage" in labels and all(seconds > 0 for _, seconds, _ in figures)
    assert [d.name for d in store.list_datasets()] == ["mine"]
    assert query(pg, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'atlas_bench_%'") == [(0,)]


def test_missing_postgresql_is_a_failure_that_says_what_to_install(monkeypatch, tmp_path):
    import pg_cluster

    monkeypatch.setattr(pg_cluster, "PG_ROOT", tmp_path)
    with pytest.raises(RuntimeError, match="postgresql-15-postgis-3"):
        pg_cluster.Cluster().start()


def test_the_page_records_the_identity_providers_address(monkeypatch):
    from dashboard import roles
    from dashboard.ui import auth

    class User(dict):
        is_logged_in = True

    monkeypatch.setattr(auth.st, "user", User(email="Ana@Example.org"))
    monkeypatch.setattr(auth, "config", lambda: roles.SignIn(oidc=True, editors=frozenset({"ana@example.org"})))
    assert auth.editor_identity() == "ana@example.org"
    monkeypatch.setattr(auth, "config", lambda: roles.SignIn(secret="s3cret"))  # a secret names nobody
    assert auth.editor_identity() == ""


def test_connections_ended_by_the_server_are_replaced_not_reported(pg, monkeypatch):
    store.save_dataset("mine", parsed())
    ended = query(pg, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE application_name = 'frontera-atlas' AND pid <> pg_backend_pid()")
    assert ended and all(ok for (ok,) in ended)  # as a server restart would
    monkeypatch.setattr(store_pg, "RECHECK_AFTER", 0.0)  # the pause before the next page run
    assert [d.name for d in store.list_datasets()] == ["mine"]
