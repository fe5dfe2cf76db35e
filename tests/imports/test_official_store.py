"""Official count and population tables in the store, on both backends, and on the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from dashboard.imports.store_base import StoreError
from dashboard.official import store
from dashboard.official.recognise import read_official

OFFICIAL = Path(__file__).resolve().parents[1] / "data" / "official"


def table(name: str):
    return read_official((OFFICIAL / name).read_bytes(), name)


def test_a_table_is_saved_listed_loaded_and_never_silently_replaced(backend):
    saved = store.save_table("Guanajuato SESNSP", table("sesnsp_municipal.csv"), source="SESNSP", editor="cli:me")
    assert saved.name == "guanajuato-sesnsp"
    listed = {t.name: t for t in store.list_tables()}
    assert listed["guanajuato-sesnsp"].kind == "counts" and listed["guanajuato-sesnsp"].source == "SESNSP"
    _, loaded = store.load_table("guanajuato-sesnsp")
    original = table("sesnsp_municipal.csv").frame
    assert len(loaded.frame) == len(original) and loaded.frame["value"].sum() == original["value"].sum()
    assert loaded.frame["value"].isna().sum() == original["value"].isna().sum()  # unpublished stays missing
    with pytest.raises(StoreError, match="exists"):
        store.save_table("guanajuato-sesnsp", table("sesnsp_estatal.csv"), source="x")
    store.save_table("guanajuato-sesnsp", table("sesnsp_estatal.csv"), source="x", replace=True)
    assert store.load_table("guanajuato-sesnsp")[1].frame["area"].nunique() == 2


def test_a_deleted_table_stays_in_the_trash_for_a_day_and_comes_back(backend):
    store.save_table("pop", table("conapo_entidad.csv"), source="CONAPO")
    store.delete_table("pop")
    assert [t.name for t in store.list_tables()] == []
    assert [t.name for t in store.list_trash()] == ["pop"]
    store.save_table("pop", table("conapo_municipal.csv"), source="CONAPO")
    with pytest.raises(StoreError, match="exists"):
        store.restore_table("pop")
    restored = store.restore_table("pop", replace=True)
    assert restored.kind == "population" and store.load_table("pop")[1].frame["area"].nunique() == 5


def test_import_recognises_a_count_table_and_never_stores_it_as_events(cli):
    proc = cli("import", str(OFFICIAL / "victimas_timeseries.csv"), "--name", "victims")
    assert proc.returncode == 0, proc.stderr
    assert "a table of counts, not a list of events" in proc.stdout and "not yet published" in proc.stdout
    listed = json.loads(cli("datasets", "list", "--json").stdout)
    assert [(d["name"], d["kind"]) for d in listed] == [("victims", "counts")]


def test_export_counts_writes_yearly_figures_and_rates_with_the_population_named(cli):
    cli("import", str(OFFICIAL / "sesnsp_estatal.csv"), "--name", "by-state")
    cli("import", str(OFFICIAL / "conapo_entidad.csv"), "--name", "pop")
    proc = cli("export", "counts", "--dataset", "by-state", "--measure", "homicidio doloso", "--rate",
               "--area", "state", "--from", "2023", "--to", "2023")
    assert proc.returncode == 0, proc.stderr
    rows = {r["area"]: r for r in csv.DictReader(io.StringIO(proc.stdout))}
    assert rows["11"]["value"] == "120.0" and rows["11"]["population_year"] == "2023"
    assert float(rows["11"]["rate_per_100k"]) == pytest.approx(120 / 6_140_000 * 100_000, abs=0.01)
    # the same read with ";" as German Excel does: no cell becomes a formula
    assert not any(cell.startswith(("=", "+", "@")) for line in proc.stdout.splitlines() for cell in line.split(";"))


@pytest.mark.parametrize("args, message", [
    (("--dataset", "nope"), "no counts table named 'nope'"),
    (("--dataset", "by-state", "--measure", "zzz"), "no measure 'zzz'"),
    (("--dataset", "by-state", "--from", "2030"), "the table covers 2023–2024"),
    (("--dataset", "by-state", "--from", "20x"), "is not a year"),
])
def test_export_counts_refuses_bad_names_measures_and_periods_in_one_line(cli, args, message):
    cli("import", str(OFFICIAL / "sesnsp_estatal.csv"), "--name", "by-state")
    proc = cli("export", "counts", *args)
    assert proc.returncode == 2 and message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_with_several_population_tables_the_user_chooses_one(cli):
    for name, file in (("by-state", "sesnsp_estatal.csv"), ("pop-a", "conapo_entidad.csv"),
                       ("pop-b", "conapo_entidad.csv")):
        cli("import", str(OFFICIAL / file), "--name", name)
    proc = cli("export", "counts", "--dataset", "by-state", "--rate")
    assert proc.returncode == 2 and "--population NAME" in proc.stderr
    assert cli("export", "counts", "--dataset", "by-state", "--rate", "--population", "pop-b").returncode == 0


def test_claims_are_checked_against_the_stored_tables(cli):
    cli("import", str(OFFICIAL / "victimas_timeseries.csv"), "--name", "victims")
    checks = {c["id"]: c for c in json.loads(cli("claims", "--json").stdout)}
    assert checks["extortion-up"]["table"] == "victims"
    assert checks["extortion-up"]["compared"].startswith("Jan 2025 against Jan 2024")
    assert checks["half-million-toll"]["table"] is None and "RNPDNO" in checks["half-million-toll"]["table_needed"]
