"""The articles' claims beside official tables: which table, which months, what figure."""

from __future__ import annotations

from pathlib import Path

from dashboard.config import GEODATA_DIR
from dashboard.official.claims import check, load_claims
from dashboard.official.recognise import read_official

DATA = Path(__file__).resolve().parent.parent / "data" / "official"


def table(name: str):
    return read_official((DATA / name).read_bytes(), name)


def claim(claim_id: str):
    return next(c for c in load_claims(GEODATA_DIR) if c.id == claim_id)


def test_every_claim_cites_a_source_and_is_written_in_every_language():
    claims = load_claims(GEODATA_DIR)
    assert {c.id for c in claims} >= {"homicides-down-20", "kidnapping-up", "extortion-up", "half-million-toll"}
    for c in claims:
        assert set(c.text) == {"en", "de", "es"} and all(c.text.values()) and all(c.table_needed.values())


def test_a_change_is_compared_like_for_like_over_the_months_both_years_published():
    # the fixture's victims series publishes all of 2024 and only January 2025
    result = check(claim("homicides-down-20"), {"victims": table("victimas_timeseries.csv")})
    assert result.table == "victims" and result.months == (1,)
    assert result.compared().startswith("Jan 2025 against Jan 2024 (victims")
    national_jan_2024 = sum(10 * (i + 1) + 1 for i in range(11))
    assert result.counts == (0.0 + national_jan_2024, national_jan_2024)  # the series repeats its months
    assert result.value == 0.0 and result.holds is False


def test_the_table_covering_most_months_is_used():
    claims_tables = {"victims": table("victimas_timeseries.csv"), "states": table("sesnsp_estatal.csv")}
    result = check(claim("extortion-up"), claims_tables)
    assert result.table == "victims"  # the state file has no extortion and no 2025


def test_a_claim_no_table_covers_says_which_table_would():
    result = check(claim("half-million-toll"), {"states": table("sesnsp_estatal.csv")})
    assert result.table is None and result.compared() == ""
    assert "RNPDNO" in result.claim.table_needed["en"]


def test_a_total_sums_the_published_months_of_the_claims_period():
    result = check(claim("half-million-toll"), {"deaths": table("homicidios_mun_mes.csv")})
    assert result.table == "deaths" and result.n_months == 12
    assert result.value == sum(30 + m for m in range(1, 13)) + 12
