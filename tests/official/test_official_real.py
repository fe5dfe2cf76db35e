"""The official tables in ../shared/data/real as downloaded: sums checked against the files themselves.

These read the publishers' files at test time (never copied into the project) and skip, saying so,
where ../shared is absent.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import os
from pathlib import Path

import pytest

from dashboard.config import GEODATA_DIR
from dashboard.official.claims import check, load_claims
from dashboard.official.rates import yearly
from dashboard.official.recognise import read_official

# ../shared beside the repository (as in CI); ATLAS_SHARED_DATA names another copy.
REAL = Path(os.environ.get("ATLAS_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data")) / "real"
pytestmark = pytest.mark.skipif(not REAL.exists(), reason=f"the publishers' files are not here ({REAL} is absent)")


def real(rel: str):
    path = REAL / rel
    return read_official(path.read_bytes(), path.name)


def raw_rows(rel: str) -> list[dict[str, str]]:
    data = (REAL / rel).read_bytes()
    text = (gzip.decompress(data) if rel.endswith(".gz") else data).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def victims():
    return real("next/sesnsp_victimas_estatal_timeseries_2015_2025.csv.gz")


def test_homicide_victims_of_one_state_and_year_equal_the_files_sum(victims):
    rows = raw_rows("next/sesnsp_victimas_estatal_timeseries_2015_2025.csv.gz")
    expected = sum(int(r["total"]) for r in rows
                   if r["entidad"] == "Guanajuato" and r["delito"] == "Homicidio doloso" and r["isodate"][:4] == "2023")
    got = yearly(victims.frame, level="state", measures=["Homicidio doloso"], years=(2023, 2023))
    assert got.set_index("area").loc["11", "value"] == expected


def test_nacional_is_never_added_to_the_states(victims):
    states = yearly(victims.frame, level="state", measures=["Homicidio doloso"], years=(2024, 2024))["value"].sum()
    national = yearly(victims.frame, level="aggregate", measures=["Homicidio doloso"], years=(2024, 2024))
    assert states == national["value"].sum()  # the file's own Nacional row is the states' sum, not added to it


def test_months_not_yet_published_are_missing_not_zero(victims):
    f = victims.frame
    assert f.loc[f["period"] == "2025-06", "value"].isna().all()
    assert f.loc[f["period"] == "2025-01", "value"].notna().all()


def test_the_municipal_month_file_of_death_certificates_imports_whole():
    table = real("turn3/mexico-muni-month-homicide-rates-2000-2021.csv.gz")
    assert len(table.frame) == 651_288 and table.frame["area"].nunique() == 2_467
    f = table.frame
    assert f.loc[f["period"].str.startswith("2019"), "value"].sum() == pytest.approx(35_188, rel=0.01)


def test_the_homicide_claim_is_checked_against_january_june_2025_and_2024():
    tables = {"municipal": real("next/sesnsp_municipal_violencia_homicida_nacional_2024_2025.csv.gz"),
              "victims": real("next/sesnsp_victimas_estatal_timeseries_2015_2025.csv.gz")}
    claim = next(c for c in load_claims(GEODATA_DIR) if c.id == "homicides-down-20")
    result = check(claim, tables)
    assert result.table == "municipal" and result.months == (1, 2, 3, 4, 5, 6)
    assert result.compared().startswith("Jan–Jun 2025 against Jan–Jun 2024 (case files")
    assert not math.isnan(result.value) and result.value < 0
