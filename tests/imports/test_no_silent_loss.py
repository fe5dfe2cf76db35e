"""Issue 19: nothing is lost without a word. Each case failed (silently) before the change.

Replacing needs saying so (also for names that slug to the same one), two writers of one name are
never both told they succeeded, a delete goes to a trash for a day, a killed import's files go with
the next write; an unbalanced quote is reported, not merged; headers are read in linear time;
encodings and huge numbers get clean messages; the CLI never prints control characters raw.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from dashboard.imports import store, store_base, store_gpkg, trash
from dashboard.imports.rejections import ImportRejected
from dashboard.imports.store import StoreError, list_datasets, load_dataset, save_dataset
from dashboard.imports.upload import parse_upload
from tests.geodata_atlas import geodata_atlas

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def parsed(name: str = "acled_sample.csv"):
    return parse_upload((DATA / name).read_bytes(), name, atlas=geodata_atlas())


# -- replacing ----------------------------------------------------------------------------------
@pytest.mark.parametrize("again", ["baseline", "BASELINE ", "../baseline", "Baseline!"])
def test_an_existing_name_is_not_replaced_without_saying_so(backend, again):
    first = save_dataset("baseline", parsed())
    with pytest.raises(StoreError, match="exists"):
        save_dataset(again, parsed("events.geojson"))
    assert list_datasets() == [first]
    info = save_dataset(again, parsed("events.geojson"), replace=True)
    assert info.name == "baseline" and info.rows_kept == 3


def test_replace_names_the_version_it_replaces(backend):
    first = save_dataset("mine", parsed())
    second = save_dataset("mine", parsed("events.geojson"), replace=first.imported_at)  # the version asked about
    time.sleep(1.1)  # imported_at has whole seconds
    save_dataset("mine", parsed(), replace=True)  # someone else replaced it meanwhile
    with pytest.raises(StoreError, match="changed since"):
        save_dataset("mine", parsed("events.geojson"), replace=second.imported_at)
    assert list_datasets()[0].rows_kept == 8


def test_two_writers_of_one_name_are_never_both_told_they_succeeded(backend):
    result = parsed()
    outcomes: list[str] = []
    gate = threading.Barrier(4)

    def write() -> None:
        gate.wait()
        try:
            save_dataset("race", result)
            outcomes.append("saved")
        except StoreError:
            outcomes.append("refused")

    threads = [threading.Thread(target=write) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "saved"]


def test_a_new_name_is_published_with_an_atomic_create(data_dir, monkeypatch):
    """Even when the check under the lock is bypassed, a file that appeared meanwhile is not overwritten."""
    save_dataset("late", parsed())
    monkeypatch.setattr(store_gpkg, "_check_replace", lambda *a: None)
    with pytest.raises(StoreError, match="just written"):
        save_dataset("late", parsed("events.geojson"))
    assert len(load_dataset("late")) == 8


def test_a_killed_imports_files_are_removed_by_the_next_write(data_dir):
    save_dataset("one", parsed())
    left = [data_dir / ".one.999.dead.tmp.gpkg", data_dir / ".one.999.dead.tmp.gpkg-journal"]
    for path in left:
        path.write_bytes(b"x" * 1000)  # fresh: the age rule alone would keep them for a day
    save_dataset("two", parsed("events.geojson"))
    assert not any(p.exists() for p in left)
    assert sorted(p.name for p in data_dir.iterdir()) == ["one.gpkg", "two.gpkg"]


# -- the trash ----------------------------------------------------------------------------------
def test_a_delete_can_be_undone_for_a_day(backend):
    info = save_dataset("mine", parsed())
    store.delete_dataset("mine")
    assert list_datasets() == []
    (entry,) = trash.list_trash()
    assert entry.name == "mine" and entry.info.rows_kept == 8 and entry.restorable_until > entry.deleted_at
    restored = trash.restore_dataset("mine")
    assert restored.imported_at == info.imported_at and len(load_dataset("mine")) == 8
    assert trash.list_trash() == []


def test_restore_never_overwrites_and_old_entries_expire(backend, data_dir, monkeypatch):
    save_dataset("mine", parsed())
    store.delete_dataset("mine")
    newer = save_dataset("mine", parsed("events.geojson"))
    with pytest.raises(StoreError, match="exists"):
        trash.restore_dataset("mine")
    assert list_datasets() == [newer]
    monkeypatch.setattr(store_base, "TRASH_SECONDS", 0)
    assert trash.list_trash() == []
    assert backend != "gpkg" or not list((data_dir / store_gpkg.TRASH_DIR).iterdir())
    with pytest.raises(StoreError, match="no deleted dataset"):
        trash.restore_dataset("mine")


# -- reading files ------------------------------------------------------------------------------
HEAD = "date,lat,lon,notes\n"


def test_an_unbalanced_quote_is_reported_with_its_line_not_merged():
    text = HEAD + '2024-01-01,20.5,-101.2,"start\n2024-01-02,20.6,-101.3,other"\n2024-01-03,20.7,-101.4,ok\n'
    result = parse_upload(text.encode(), "q.csv", atlas=geodata_atlas())
    assert [r.line for r in result.rows] == [3, 4] and [r.notes for r in result.rows] == ['other"', "ok"]
    (bad,) = result.rejected
    assert bad.line == 2 and "unbalanced quote" in bad.reason
    to_the_end = HEAD + '2024-01-01,20.5,-101.2,"never closed\n2024-01-02,20.6,-101.3,b\n'
    result = parse_upload(to_the_end.encode(), "q.csv", atlas=geodata_atlas())
    assert [r.line for r in result.rows] == [3] and result.rejected[0].line == 2


def test_multi_line_quoted_notes_stay_valid():
    text = (HEAD + '2024-01-01,20.5,-101.2,"On 1 January, armed men\nattacked a bar; 3 killed"\n'
            '2024-01-03,20.7,-101.4,x\n')
    result = parse_upload(text.encode(), "notes.csv", atlas=geodata_atlas())
    assert not result.rejected and [r.line for r in result.rows] == [2, 4]
    assert result.rows[0].notes == "On 1 January, armed men\nattacked a bar; 3 killed"


def test_header_handling_is_linear():
    wide = ",".join(f"c{i}" for i in range(20_000)) + ",date,lat,lon\n" + "," * 20_000 + "2024-01-01,20.5,-101.2\n"
    start = time.perf_counter()
    assert len(parse_upload(wide.encode(), "wide.csv", atlas=geodata_atlas()).rows) == 1
    assert time.perf_counter() - start < 1.0
    dupes = ",".join(f"c{i}" for i in range(200_000)) + ",C7,date\n"
    start = time.perf_counter()
    with pytest.raises(ImportRejected, match="appears twice"):
        parse_upload(dupes.encode(), "dupes.csv", max_bytes=10**8, atlas=geodata_atlas())
    assert time.perf_counter() - start < 5.0


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named(encoding):
    raw = (HEAD + "2024-01-01,20.5,-101.2,Culiacán\n").encode(encoding)
    result = parse_upload(raw, "u16.csv", atlas=geodata_atlas())
    assert result.rows[0].notes == "Culiacán"
    assert any(encoding.upper() in n and "no byte-order mark" in n for n in result.notices)


def test_a_5000_digit_number_gets_a_clean_message():
    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"date": "2024-01-01"},
                                                      "geometry": {"type": "Point", "coordinates": [-101, 20]}}]}
    text = json.dumps(doc).replace('"2024-01-01"}', '"2024-01-01", "killed": ' + "9" * 5000 + "}")
    with pytest.raises(ImportRejected) as caught:
        parse_upload(text.encode(), "big.geojson", atlas=geodata_atlas())
    assert str(caught.value) == "not usable JSON: a number has more than 4,300 digits"
    assert "sys." not in str(caught.value)


# -- command line -------------------------------------------------------------------------------
def test_cli_needs_replace_and_restores_from_the_trash(backend, cli):
    assert cli("import", str(DATA / "acled_sample.csv"), "--name", "baseline").returncode == 0
    again = cli("import", str(DATA / "events.geojson"), "--name", "../BASELINE ")
    assert again.returncode == 2 and "exists" in again.stderr and "--replace" in again.stderr
    assert list_datasets()[0].rows_kept == 8
    assert cli("import", str(DATA / "events.geojson"), "--name", "baseline", "--replace").returncode == 0
    assert list_datasets()[0].rows_kept == 3
    assert "datasets restore baseline" in cli("datasets", "delete", "baseline").stdout
    listing = cli("datasets", "trash")
    assert listing.returncode == 0 and listing.stdout.startswith("baseline\t3 rows\tdeleted ")
    assert json.loads(cli("datasets", "trash", "--json").stdout)[0]["name"] == "baseline"
    assert cli("datasets", "restore", "baseline").returncode == 0 and list_datasets()[0].rows_kept == 3
    missing = cli("datasets", "restore", "baseline")
    assert missing.returncode == 2 and "no deleted dataset" in missing.stderr


def test_cli_never_prints_control_characters(cli, data_dir, tmp_path):
    hostile = tmp_path / "evil\x1b[31mred\x07.csv"
    hostile.write_bytes((DATA / "acled_sample.csv").read_bytes())
    assert cli("import", str(hostile), "--name", "evil").returncode == 0
    out = cli("datasets").stdout
    assert "\x1b" not in out and "\x07" not in out and "evil\\x1b[31mred\\x07.csv" in out
