"""The imported-datasets store: round trips, atomic replacement, crashes, and the CLI verbs.

Tests taking ``backend`` run against the GeoPackage files and the PostGIS database in turn.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from dashboard.imports import store_gpkg
from dashboard.imports.rows import ROW_COLUMNS
from dashboard.imports.store import StoreError, dataset_slug, delete_dataset, list_datasets, load_dataset, save_dataset
from dashboard.imports.upload import parse_upload
from tests.geodata_atlas import geodata_atlas

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
REPO = Path(__file__).resolve().parents[2]


def parsed(name: str, **kwargs):
    return parse_upload((DATA / name).read_bytes(), name, **kwargs, atlas=geodata_atlas())


def assert_same_rows(frame, result) -> None:
    expected = result.to_frame()
    pd.testing.assert_frame_equal(frame.drop(columns="geometry").reset_index(drop=True),
                                  expected.drop(columns="geometry").reset_index(drop=True), check_dtype=True)
    assert list(frame.geometry.geom_equals(expected.geometry)) == [True] * len(expected)
    assert frame.crs.to_epsg() == 4326


# -- round trips --------------------------------------------------------------------------------
@pytest.mark.parametrize("fixture", ["acled_sample.csv", "places_ambiguous.csv", "events.geojson", "payloads.csv",
                                     "cp1252.csv", "semicolon_bom.csv"])
def test_round_trip(backend, data_dir, fixture):
    result = parsed(fixture)
    info = save_dataset("Round Trip", result)
    frame = load_dataset("round-trip")
    assert tuple(c for c in frame.columns if c != "geometry") == ROW_COLUMNS
    assert_same_rows(frame, result.renamed("round-trip"))
    assert (info.name, info.rows_kept, info.rows_rejected) == ("round-trip", len(result.rows), len(result.rejected))
    assert info.path == (data_dir / "round-trip.gpkg" if backend == "gpkg" else Path())


def test_round_trip_keeps_tuples_nulls_and_text(backend):
    result = parsed("payloads.csv")
    save_dataset("payloads", result)
    frame = load_dataset("payloads").set_index("id")
    assert frame.loc["xss2", "cartels"] == ("cjng",)
    assert frame.loc["xss1", "notes"] == "Backticks `${alert(document.cookie)}` and a backslash \\ and </div>"
    assert frame.loc["xss1", "place"] == "<script>alert('place')</script>"
    assert pd.isna(frame.loc["xss1", "injured"])
    assert frame["geocoded"].dtype == bool


def test_metadata_and_listing(backend):
    assert list_datasets() == []
    save_dataset("ACLED sample", parsed("acled_sample.csv"))
    save_dataset("my places", parsed("places_ambiguous.csv"))
    found = {d.name: d for d in list_datasets()}
    assert sorted(found) == ["acled-sample", "my-places"]
    acled = found["acled-sample"]
    assert (acled.title, acled.rows_kept, acled.rows_rejected, acled.source, acled.format) == (
        "ACLED sample", 8, 3, "acled_sample.csv", "csv")
    assert acled.imported_at.endswith("+00:00") and acled.imported_at[:4].isdigit()
    assert found["my-places"].rows_rejected == 3


def test_delete(backend, data_dir):
    save_dataset("a", parsed("acled_sample.csv"))
    save_dataset("b", parsed("events.geojson"))
    delete_dataset("a")
    assert [d.name for d in list_datasets()] == ["b"]
    assert not (data_dir / "a.gpkg").exists()  # and, in the database, only in the trash
    with pytest.raises(StoreError, match="no dataset named 'a'"):
        delete_dataset("a")
    with pytest.raises(StoreError, match="no dataset"):
        load_dataset("a")


@pytest.mark.parametrize(("name", "slug"), [("My List 2024", "my-list-2024"),
                                             ("Guanajuato (ACLED)", "guanajuato-acled"),
                                             ("Culiacán", "culiacan"), ("../../etc/passwd", "etc-passwd")])
def test_names_are_slugs(name, slug):
    assert dataset_slug(name) == slug


@pytest.mark.parametrize(("name", "message"), [("events", "built-in layer"), ("Places", "built-in layer"),
                                                ("territories", "built-in layer"), ("", "letter or digit"),
                                                ("!!!", "letter or digit"), ("x" * 61, "longer than 60")])
def test_bad_names(backend, data_dir, name, message):
    with pytest.raises(StoreError, match=message):
        save_dataset(name, parsed("acled_sample.csv"))
    assert not data_dir.exists() or not list(data_dir.iterdir())
    assert list_datasets() == []


def test_path_like_names_stay_inside_the_store(data_dir):
    info = save_dataset("../outside", parsed("acled_sample.csv"))
    assert info.path.parent == data_dir and info.path.name == "outside.gpkg"
    assert not (data_dir.parent / "outside.gpkg").exists()


def test_empty_result_is_not_saved_and_keeps_earlier(backend):
    save_dataset("mine", parsed("acled_sample.csv"))
    nothing = parse_upload(b"place,date\nNowhereville,2024-01-01\n", "x.csv", atlas=geodata_atlas())
    with pytest.raises(StoreError, match="nothing to save"):
        save_dataset("mine", nothing)
    assert list_datasets()[0].rows_kept == 8


def test_reimport_replaces(backend, data_dir):
    save_dataset("mine", parsed("acled_sample.csv"))
    geo = parsed("events.geojson")
    save_dataset("mine", geo, replace=True)  # replacing needs saying so (issue 19)
    (info,) = list_datasets()
    assert (info.rows_kept, info.format) == (3, "geojson")
    assert_same_rows(load_dataset("mine"), geo.renamed("mine"))
    if backend == "gpkg":
        assert sorted(p.name for p in data_dir.iterdir()) == ["mine.gpkg"]


def test_foreign_and_temporary_files_are_not_listed(data_dir):
    save_dataset("real", parsed("acled_sample.csv"))
    (data_dir / "junk.gpkg").write_bytes(b"not a database at all")
    (data_dir / "empty.gpkg").write_bytes(b"")
    (data_dir / ".half.123.abcd.tmp.gpkg").write_bytes((data_dir / "real.gpkg").read_bytes())
    renamed = data_dir / "copy.gpkg"  # a complete file whose metadata names another dataset
    renamed.write_bytes((data_dir / "real.gpkg").read_bytes())
    assert [d.name for d in list_datasets()] == ["real"]


def test_stale_temporary_files_are_cleaned(data_dir):
    save_dataset("real", parsed("acled_sample.csv"))
    old = data_dir / ".gone.1.aaaa.tmp.gpkg"
    fresh = data_dir / ".busy.2.bbbb.tmp.gpkg"
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")
    past = time.time() - store_gpkg.STALE_TMP_SECONDS - 60
    os.utime(old, (past, past))
    list_datasets()
    assert not old.exists() and fresh.exists()


# -- crashes ------------------------------------------------------------------------------------
@pytest.fixture
def earlier(data_dir):
    """An existing dataset 'mine' and a snapshot of it to compare after a failed import."""
    first = parsed("acled_sample.csv")
    save_dataset("mine", first)
    return first, (data_dir / "mine.gpkg").read_bytes(), list_datasets()


def assert_unchanged(data_dir, earlier) -> None:
    first, raw, listing = earlier
    assert (data_dir / "mine.gpkg").read_bytes() == raw
    assert list_datasets() == listing
    assert_same_rows(load_dataset("mine"), first.renamed("mine"))


def test_failure_before_rename_keeps_earlier(data_dir, earlier, monkeypatch):
    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch, pytest.raises(OSError, match="No space"):
        patch.setattr(store_gpkg.os, "replace", broken_replace)
        save_dataset("mine", parsed("events.geojson"), replace=True)
    assert_unchanged(data_dir, earlier)
    assert sorted(p.name for p in data_dir.iterdir()) == ["mine.gpkg"]  # no temporary file left


@pytest.mark.parametrize("failing_layer", [store_gpkg.FEATURES_LAYER, store_gpkg.META_LAYER])
def test_failure_while_writing_keeps_earlier(data_dir, earlier, monkeypatch, failing_layer):
    import pyogrio

    real = pyogrio.write_dataframe

    def flaky(df, path, layer=None, **kwargs):
        if layer == failing_layer:
            real(df.iloc[: len(df) // 2], path, layer=layer, **kwargs)  # half written, then the crash
            raise RuntimeError("disk went away")
        return real(df, path, layer=layer, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(pyogrio, "write_dataframe", flaky)
        with pytest.raises(RuntimeError, match="disk went away"):
            save_dataset("mine", parsed("events.geojson"), replace=True)
        with pytest.raises(RuntimeError):
            save_dataset("new-one", parsed("events.geojson"))
    assert_unchanged(data_dir, earlier)
    assert sorted(p.name for p in data_dir.iterdir()) == ["mine.gpkg"]


CHILD = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from dashboard.imports import store, store_gpkg
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    path = Path(sys.argv[1])
    result = parse_upload(path.read_bytes(), path.name, atlas=geodata_atlas())
    def killed(src, dst):
        os.kill(os.getpid(), 9)  # SIGKILL at the worst moment: the new file is complete, not yet renamed
    store_gpkg.os.replace = killed
    store.save_dataset("mine", result, replace=True)
""")


def test_process_killed_before_rename_keeps_earlier(data_dir, earlier):
    env = {**os.environ, "ATLAS_DATA_DIR": str(data_dir)}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(DATA / "events.geojson")], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    leftovers = [p.name for p in data_dir.iterdir() if p.name != "mine.gpkg"]
    assert leftovers and all(n.startswith(".mine.") for n in leftovers)  # the half import is only a temp file
    assert_unchanged(data_dir, earlier)


LOOP = textwrap.dedent("""
    import sys
    from dashboard.testing import synthetic_csv
    from dashboard.imports.store import save_dataset
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    result = parse_upload(synthetic_csv(20_000, False), "loop.csv", max_bytes=10**9, atlas=geodata_atlas())
    print("ready", flush=True)
    while True:
        save_dataset("mine", result, replace=True)
""")


def test_process_killed_at_random_moments_never_corrupts(data_dir, earlier):
    env = {**os.environ, "ATLAS_DATA_DIR": str(data_dir)}
    for delay in (0.05, 0.3):
        proc = subprocess.Popen([sys.executable, "-c", LOOP], cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout.readline().strip() == "ready"
            time.sleep(delay)
        finally:
            proc.kill()
            proc.wait(timeout=30)
        (info,) = list_datasets()
        frame = load_dataset("mine")
        assert len(frame) == info.rows_kept and info.rows_kept in (8, 20_000)


# -- command line -------------------------------------------------------------------------------
def test_cli_import_and_list(backend, cli, tmp_path):
    report = tmp_path / "rejected.csv"
    proc = cli("import", str(DATA / "acled_sample.csv"), "--name", "ACLED Mexico", "--report", str(report))
    assert proc.returncode == 0, proc.stderr
    assert "kept 8 row(s), rejected 3" in proc.stdout
    assert "line 8: latitude and longitude look swapped" in proc.stdout
    assert "line 9: bad date '31 February 2024'" in proc.stdout
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert [r["line"] for r in rows] == ["8", "9", "12"]
    listing = cli("datasets", "list", "--json")
    assert listing.returncode == 0
    (entry,) = json.loads(listing.stdout)
    assert (entry["name"], entry["rows_kept"], entry["rows_rejected"]) == ("acled-mexico", 8, 3)
    plain = cli("datasets")
    assert plain.stdout.startswith("acled-mexico\t8 kept\t3 rejected")
    assert len(load_dataset("acled-mexico")) == 8


def test_cli_default_name_comes_from_the_file(cli, data_dir):
    assert cli("import", str(DATA / "places_ambiguous.csv")).returncode == 0
    assert [d.name for d in list_datasets()] == ["places-ambiguous"]
    taken = cli("import", str(DATA / "events.geojson"))  # "events" is a built-in layer
    assert taken.returncode == 2 and "built-in layer" in taken.stderr and "--name" in taken.stderr
    assert [d.name for d in list_datasets()] == ["places-ambiguous"]


def test_cli_delete(backend, cli):
    assert cli("import", str(DATA / "events.geojson"), "--name", "gj").returncode == 0
    proc = cli("datasets", "delete", "gj")
    assert proc.returncode == 0 and "deleted dataset 'gj'" in proc.stdout
    assert list_datasets() == []
    again = cli("datasets", "delete", "gj")
    assert again.returncode == 2 and again.stderr.strip() == "error: no dataset named 'gj'"
    assert cli("datasets", "delete").returncode == 2
    assert cli("datasets").stdout.strip() == "no imported datasets"


def test_cli_nothing_kept_exits_1_and_writes_nothing(backend, cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("place,date\nNowhereville,2024-01-01\nVilla Unión,2024-01-01\n", encoding="utf-8")
    proc = cli("import", str(bad))
    assert proc.returncode == 1
    assert "kept 0 row(s), rejected 2" in proc.stdout
    assert "line 3: needs review" in proc.stdout
    assert list_datasets() == []


@pytest.mark.parametrize(("args", "message"), [
    (("import", "DATA/evil.geojson"), "evil.geojson: not JSON: looks like XML"),
    (("import", "DATA/broken.geojson"), "broken.geojson: not valid JSON"),
    (("import", "DATA/no-such-file.csv"), "no such file"),
    (("import", "DATA/acled_sample.csv", "--name", "events"), "built-in layer"),
    (("import", "DATA/acled_sample.csv", "--report", "/no/such/dir/r.csv"), "does not exist"),
    (("import",), "the following arguments are required: file"),
    (("datasets", "remove"), "invalid choice"),
])
def test_cli_bad_input_is_one_line_exit_2(cli, data_dir, args, message):
    args = tuple(a.replace("DATA", str(DATA)) for a in args)
    proc = cli(*args)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert "root:" not in proc.stdout + proc.stderr
    assert not data_dir.exists() or list_datasets() == []


def test_cli_too_large_file(cli, data_dir, tmp_path):
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as fh:
        fh.write(b"date,lat,lon\n")
        fh.write(b"2024-01-01,20.5,-101.2\n" * 1_000_000)
    proc = cli("import", str(huge))
    assert proc.returncode == 2 and "limit is 20.0 MB" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_the_command_line_counts_one_row_as_one_row(cli, tmp_path) -> None:
    one = tmp_path / "one.csv"
    one.write_text("date,lat,lon,killed\n2020-01-02,19.43,-99.13,1\n", encoding="utf-8")
    proc = cli("import", str(one), "--name", "single")
    assert proc.returncode == 0 and "(1 row)" in proc.stdout, proc.stdout + proc.stderr
    again = cli("import", str(one), "--name", "single")
    assert again.returncode != 0 and "(1 row, imported" in again.stderr, again.stdout + again.stderr


def test_the_store_is_chosen_in_one_place(data_dir, monkeypatch) -> None:
    """Files unless ``$ATLAS_STORE`` names a database; a folder given outright always means files."""
    from dashboard.imports.store import location, open_store
    from dashboard.imports.store_gpkg import GeoPackageStore
    from dashboard.imports.store_pg import PostgresStore

    assert isinstance(open_store(), GeoPackageStore) and location() == str(data_dir)
    monkeypatch.setenv("ATLAS_STORE", "postgresql://ana:secret@db.example/atlas")  # nothing connects yet
    chosen = open_store()
    assert isinstance(chosen, PostgresStore) and open_store() is chosen  # one object per database
    assert location() == "postgresql://ana:***@db.example/atlas"
    assert isinstance(open_store(data_dir), GeoPackageStore)
    monkeypatch.setenv("ATLAS_STORE", "mysql://db.example/atlas")
    with pytest.raises(StoreError, match="must be a postgresql"):
        open_store()


def test_both_backends_answer_the_one_interface() -> None:
    import inspect

    from dashboard.imports.store_base import DatasetStore
    from dashboard.imports.store_gpkg import GeoPackageStore
    from dashboard.imports.store_pg import PostgresStore

    asked = {n: list(inspect.signature(f).parameters) for n, f in vars(DatasetStore).items()
             if inspect.isfunction(f) and not n.startswith("_")}
    assert set(asked) == {"location", "write", "list_datasets", "dataset_info", "load_dataset", "delete_dataset",
                          "list_trash", "restore_dataset"}
    for backend in (GeoPackageStore, PostgresStore):
        for name, params in asked.items():
            # the same parameters in the same order; a backend may take more, with defaults, after them
            assert list(inspect.signature(getattr(backend, name)).parameters)[:len(params)] == params, (backend, name)
