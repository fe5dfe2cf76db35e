"""Official count and population tables read as published: what a user of each layout gets.

Fixtures in tests/data/official/ are written here in the publishers' layouts (encodings, line ends,
title lines and formulas included). The real files in ../shared are read in test_official_real.py.
"""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import pytest

from dashboard.imports.rejections import ImportRejected
from dashboard.official.rates import measures_matching, with_rates, yearly
from dashboard.official.recognise import read_official

DATA = Path(__file__).resolve().parent.parent / "data" / "official"


def read(name: str, raw: bytes | None = None):
    table = read_official(raw if raw is not None else (DATA / name).read_bytes(), name)
    assert table is not None, f"{name} was not recognised as an official table"
    return table


def value(table, area: str, period: str, measure: str | None = None) -> float:
    f = table.frame[(table.frame["area"] == area) & (table.frame["period"] == period)]
    if measure:
        f = f[f["measure"] == measure]
    return f["value"].sum(min_count=1)


def test_sesnsp_state_file_in_latin1_reads_months_as_case_files_by_state_and_subtype():
    t = read("sesnsp_estatal.csv")
    assert t.kind == "counts" and "SESNSP case files, state" in t.layout
    assert "read as Windows-1252 (Latin-1)" in t.notes
    assert set(t.frame["area"]) == {"11", "27"} and set(t.frame["unit"]) == {"case files"}
    # modalities are kept beside the subtype and add up to it
    assert value(t, "11", "2023-02", "Homicidio doloso") == 12 + 0
    assert "Sin violencia, de coche" in set(t.frame["modality"])  # a quoted modality with a comma
    assert t.frame.loc[t.frame["area"] == "27", "area_name"].iloc[0] == "Tabasco"


def test_an_empty_month_is_not_published_never_zero():
    t = read("sesnsp_estatal.csv")
    assert math.isnan(value(t, "11", "2024-12", "Homicidio doloso"))
    assert value(t, "11", "2023-12", "Homicidio doloso") == 2
    assert any("2024-12" in n and "not published" in n for n in t.notes)


def test_a_municipal_file_places_integer_codes_and_keeps_other_municipalities_apart():
    t = read("sesnsp_municipal.csv")
    areas = t.frame.drop_duplicates("area").set_index("area")
    assert areas.loc["11027", "area_name"] == "Salamanca" and areas.loc["11027", "level"] == "municipality"
    other = [a for a in areas.index if a.startswith("11-")]
    assert other and areas.loc[other[0], "level"] == "aggregate"


def test_the_victims_series_keeps_nacional_apart_and_marks_zero_months_as_unpublished():
    t = read("victimas_timeseries.csv")
    assert set(t.frame["unit"]) == {"victims"}
    national = t.frame[t.frame["area"] == "00"]
    assert set(national["level"]) == {"aggregate"}
    states = t.frame[t.frame["level"] == "state"]
    assert states["area"].nunique() == 11  # long official names found: Veracruz de Ignacio de la Llave …
    # Feb-Dec 2025 were written as 0: they are missing, not zero
    assert math.isnan(value(t, "11", "2025-02", "Homicidio doloso"))
    assert value(t, "11", "2025-01", "Homicidio doloso") == 11
    assert any("not yet published" in n for n in t.notes)
    # the states' yearly sum is the Nacional row, never doubled by it
    rows = yearly(t.frame, level="state", measures=["Homicidio doloso"], years=(2024, 2024))
    assert rows["value"].sum() == value(t, "00", "2024-01") + sum(value(t, "00", f"2024-{m:02d}") for m in range(2, 13))


def test_a_table_with_crimes_in_columns_resolves_names_within_their_state():
    t = read("municipal_delitos_columnas.csv")
    assert set(t.frame["measure"]) == {"Feminicidio", "Homicidio culposo", "Homicidio doloso"}
    names = t.frame.drop_duplicates("area").set_index("area")["area_name"]
    assert names["11027"] == "Salamanca"
    # Emiliano Zapata exists in Morelos and Tabasco: each row goes to its own state's municipality
    zapatas = [a for a, n in names.items() if n == "Emiliano Zapata"]
    assert {a[:2] for a in zapatas} == {"17", "27"}
    assert value(t, "11027", "2024-02", "Homicidio doloso") == 40
    assert any("never filled" in n for n in t.notes) and any("'Total'" in n for n in t.notes)


def test_an_inegi_pivot_export_reads_codes_formulas_separators_and_its_month_basis():
    t = read("inegi_homicidios_2015.csv")
    assert set(t.frame["unit"]) == {"death certificates (month of registration)"}
    assert value(t, "11027", "2015-01") == 97
    assert value(t, "11", "2015-01") == 99  # the state subtotal row (code in an Excel formula)
    assert value(t, "00", "2015-01") == 100  # the national Total row, an aggregate
    levels = t.frame.drop_duplicates("area").set_index("area")["level"]
    assert levels["00"] == "aggregate" and levels["abroad"] == "aggregate"
    assert value(t, "abroad", "2015-09") == 0  # an empty cell of a pivot export is 0


def test_the_death_series_ignores_frozen_population_columns_and_names_newer_municipalities():
    t = read("homicidios_mun_mes.csv")
    assert value(t, "11027", "2020-03") == 33
    assert any("pop_est" in n for n in t.notes)
    assert any("02006" in n for n in t.notes)


def test_population_tables_by_state_name_by_municipal_code_and_from_the_census():
    states = read("conapo_entidad.csv")
    assert states.kind == "population"
    pop = states.frame.set_index(["area", "year"])["population"]
    assert pop[("05", 2020)] == 3_210_000 and pop[("15", 2019)] == 17_000_000  # Coahuila, Estado de México
    towns = read("conapo_municipal.csv").frame.set_index(["area", "year"])["population"]
    assert towns[("11027", 2024)] == 275_000
    census = read("inegi_censo2020.csv").frame.set_index("area")
    assert census.loc["11027", "population"] == 273_271 and census.loc["11027", "year"] == 2020


def test_rates_per_100k_are_annualised_over_published_months_and_computed_by_hand():
    counts = read("sesnsp_estatal.csv").frame
    pop = read("conapo_entidad.csv").frame
    rows = yearly(counts, level="state", measures=measures_matching(counts, "homicidio doloso"))
    out = with_rates(rows, pop).frame.set_index(["area", "period"])
    full = out.loc[("11", "2023")]
    assert full["months"] == 12 and full["value"] == 110 + 10
    assert full["rate_per_100k"] == pytest.approx(120 / 6_140_000 * 100_000, abs=0.01)
    partial = out.loc[("11", "2024")]
    assert partial["months"] == 11
    assert partial["rate_per_100k"] == pytest.approx(partial["value"] / 6_150_000 * 100_000 * 12 / 11, abs=0.01)


def test_an_area_without_population_is_named_and_gets_no_rate():
    counts = read("homicidios_mun_mes.csv").frame
    pop = read("conapo_municipal.csv").frame[lambda f: f["area"] != "02006"]
    result = with_rates(yearly(counts, level="municipality"), pop)
    lone = result.frame.set_index("area").loc["02006"]
    assert math.isnan(lone["rate_per_100k"])
    assert any("no population" in n and "02006" in n for n in result.notes)


def test_without_a_population_table_it_shows_counts_and_says_so():
    result = with_rates(yearly(read("sesnsp_estatal.csv").frame, level="state"), None)
    assert result.frame["rate_per_100k"].isna().all() and result.frame["value"].notna().any()
    assert any("counts only" in n for n in result.notes)


def test_a_gzipped_table_imports_as_downloaded_and_its_size_is_capped():
    raw = gzip.compress((DATA / "homicidios_mun_mes.csv").read_bytes())
    assert read("homicidios_mun_mes.csv.gz", raw).frame["value"].sum() > 0
    bomb = gzip.compress(b"ent_mun|year|month|homicides\n" + b"11027|2020|1|1\n" * 5_000_000)
    with pytest.raises(ImportRejected, match="MB"):
        read_official(bomb, "bomb.csv.gz")


def test_an_event_list_is_not_taken_for_a_count_table():
    events = b"event_date,latitude,longitude,fatalities\n2024-01-01,20.5,-101.2,3\n"
    assert read_official(events, "events.csv") is None
