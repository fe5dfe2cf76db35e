"""Building rows: each field checked and converted, a bad record rejected with its line and reason."""

from __future__ import annotations

import pytest

from dashboard.imports.upload import parse_upload
from tests.geodata_atlas import geodata_atlas

ACLED_KEPT = [
    # id, date, type, cartels
    ("mex101", "2024-01-25", "attack", ("cjng",)),
    ("mex102", "2024-09-16", "armed-conflict", ("sinaloa", "chapitos", "mayiza")),
    ("mex103", "2019-11-30", "armed-conflict", ("cdn",)),
    ("mex104", "2023-03-04", "armed-conflict", ("cjng", "csrl")),
    ("mex105", "2024-05-10", "attack", ("carteles-unidos",)),
    ("mex106", "2023-12-20", "attack", ("la-barredora",)),
    ("mex109", "2024-07-25", "arrest", ("other",)),
    ("mex110", "2024-08-01", "politics", ("other",)),
]


ACLED_REJECTED = [
    (8, "latitude and longitude look swapped"),
    (9, "bad date '31 February 2024'"),
    (12, "non-numeric fatalities 'several'"),
]


@pytest.mark.parametrize(("row_id", "date", "event_type", "cartels"), ACLED_KEPT)
def test_acled_rows_kept(acled, row_id, date, event_type, cartels, kept):
    row = kept(acled)[row_id]
    assert (row.date, row.type, row.cartels) == (date, event_type, cartels)
    assert row.year == int(date[:4])
    assert row.country == "MX"
    assert not row.geocoded


def test_acled_keeps_exactly_the_good_rows(acled, kept, by_line):
    assert sorted(kept(acled)) == sorted(r[0] for r in ACLED_KEPT)
    assert sorted(by_line(acled)) == [line for line, _ in ACLED_REJECTED]
    assert "recognised ACLED export columns" in acled.notices


@pytest.mark.parametrize(("line", "reason"), ACLED_REJECTED)
def test_acled_rejected_rows_name_line_and_reason(acled, line, reason, by_line):
    rej = by_line(acled)[line]
    assert reason in rej.reason
    assert rej.values["event_id_cnty"] == f"MEX{100 + line - 1}"  # the raw row travels with the reason


def test_acled_fields_and_line_numbers(acled, kept):
    row = kept(acled)["mex101"]
    assert row.line == 2
    assert (row.lat, row.lon) == (20.5698, -101.1977)
    assert (row.killed, row.injured) == (3, None)
    assert row.type_original == "Violence against civilians: Attack"
    assert row.actors == "Cartel de Jalisco Nueva Generacion; Civilians (Mexico)"
    assert row.place == "Salamanca" and row.admin1 == "Guanajuato"
    assert row.source == "El Sol de Salamanca"
    assert row.notes.startswith("Armed men opened fire")
    assert kept(acled)["mex110"].actors == "Protesters (Mexico)"


ROW_CASES = [
    # extra columns, row, reason (substring) or None when kept
    ("2024-01-01,20.5,-101.2,1", None),
    (",20.5,-101.2,1", "missing date"),
    ("2024-01-01,20.5,,1", "lon is missing"),
    ("2024-01-01,north,-101.2,1", "lat 'north' is not a number"),
    ("2024-01-01,nan,-101.2,1", "lat is missing"),  # pandas writes a missing value as nan
    ("2024-01-01,inf,-101.2,1", "not a finite number"),
    ("2024-01-01,0,0,1", "look like a missing value"),
    ("2024-01-01,95,-101.2,1", "coordinates out of range (latitude 95"),
    ("2024-01-01,20.5,-181,1", "coordinates out of range (longitude -181"),
    ("2024-01-01,-101.2,20.5,1", "latitude and longitude look swapped"),
    ("2024-01-01,120,10,1", "latitude and longitude may be swapped"),
    ("2024-01-01,-80.19,25.76,1", "look swapped"),  # Miami, swapped: in range, but evidently swapped
    ("2024-01-01,-33.9,151.2,1", None),  # Sydney: not ours, but not evidently wrong either
    ("2024-01-01,20.5,-101.2,many", "non-numeric killed 'many'"),
    ("2024-01-01,20.5,-101.2,-3", "negative"),
    ("2024-01-01,20.5,-101.2,2.5", "not a whole number"),
    ("2024-01-01,20.5,-101.2,3.0", None),
    ("2024-01-01,20.5,-101.2", "3 fields, the header has 4"),
    ("2024-01-01,20.5,-101.2,1,surplus", "5 fields, the header has 4"),
    ("2024-01-01,20.5,-101.2,1,,", None),  # trailing empty fields from a spreadsheet
]


@pytest.mark.parametrize(("row", "reason"), ROW_CASES)
def test_row_validation(row, reason):
    result = parse_upload(f"date,lat,lon,killed\n{row}\n".encode(), "x.csv", atlas=geodata_atlas())
    if reason is None:
        assert len(result.rows) == 1, result.rejected
    else:
        assert not result.rows
        assert reason in result.rejected[0].reason and result.rejected[0].line == 2


def test_an_id_column_that_repeats_is_not_an_id_rows_are_numbered():
    raw = b"id,date,lat,lon\nA-1,2024-01-01,20.5,-101.2\na 1,2024-01-02,20.5,-101.2\nb,2024-01-02,20.5,-101.2\n"
    result = parse_upload(raw, "x.csv", atlas=geodata_atlas())
    assert [r.id for r in result.rows] == ["x-2", "x-3", "x-4"] and not result.rejected  # no row lost
    said = [n for n in result.notices if "not unique" in n]
    assert len(said) == 1 and "'a-1' on lines 2 and 3" in said[0]


def test_year_column_must_agree_with_date():
    raw = b"event_date,year,latitude,longitude\n2024-01-25,2023,20.5,-101.2\n2024-01-25,2024,20.5,-101.2\n"
    result = parse_upload(raw, "x.csv", atlas=geodata_atlas())
    assert len(result.rows) == 1 and "disagree" in result.rejected[0].reason


def test_unmatched_actors_become_other_and_no_actor_means_no_cartel():
    raw = (b"date,lat,lon,actor\n2024-01-01,20.5,-101.2,Grupo Desconocido\n2024-01-01,20.5,-101.2,\n")
    rows = parse_upload(raw, "x.csv", atlas=geodata_atlas()).rows
    assert [(r.cartels, r.actors) for r in rows] == [(("other",), "Grupo Desconocido"), ((), "")]


def test_script_payloads_stay_text(payloads, kept):
    rows = kept(payloads)
    assert rows["xss1"].place == "<script>alert('place')</script>"
    assert rows["xss1"].actors.startswith("<img src=x onerror=alert(1)>")
    assert rows["xss1"].source == "${alert(1)}"
    assert rows["xss1"].notes == "Backticks `${alert(document.cookie)}` and a backslash \\ and </div>"
    assert rows["xss1"].cartels == ("other",)
    assert rows["xss2"].actors.startswith("=cmd|' /C calc'!A0")  # kept as data; neutralised on export
    assert rows["xss2"].cartels == ("cjng",)


def test_notes_keep_newlines_and_lose_controls():
    raw = b'date,lat,lon,notes\n2024-01-01,20.5,-101.2,"first\nsecond\x07"\n'
    result = parse_upload(raw, "x.csv", atlas=geodata_atlas())
    assert result.rows[0].notes == "first\nsecond"


def test_a_row_with_several_problems_is_rejected_for_the_first_in_the_fixed_order():
    raw = (b"event_id_cnty,event_date,latitude,longitude,fatalities\n"
           b"a,2024-02-31,95,-101.2,many\n"  # date, count and coordinates all wrong: the date is named
           b"b,2024-01-01,95,-101.2,many\n"  # count and coordinates wrong: the count
           b"c,2024-01-01,95,-101.2,1\n"  # only the coordinates
           b"d,2024-01-01,20.5,-101.2,1\n")
    result = parse_upload(raw, "x.csv", atlas=geodata_atlas())
    reasons = {r.line: r.reason for r in result.rejected}
    assert reasons[2].startswith("bad date '2024-02-31'")
    assert reasons[3] == "non-numeric fatalities 'many'"
    assert reasons[4].startswith("coordinates out of range (latitude 95")
    assert [r.id for r in result.rows] == ["d"]


def test_rows_repeating_distinct_values_each_get_their_own_line_and_values():
    rows = "".join(f"MEX{n},2024-01-0{1 + n % 3},{20 + n / 100:.2f},-101.2,{n % 2}\n" for n in range(1, 30))
    raw = ("event_id_cnty,event_date,latitude,longitude,fatalities\n" + rows + "MEX99,2024-13-01,20,-101,1\n").encode()
    result = parse_upload(raw, "x.csv", atlas=geodata_atlas())
    assert [(r.line, r.killed, r.lat) for r in result.rows][:3] == [(2, 1, 20.01), (3, 0, 20.02), (4, 1, 20.03)]
    assert [r.date for r in result.rows][:3] == ["2024-01-02", "2024-01-03", "2024-01-01"]
    assert [(r.line, r.values["event_id_cnty"]) for r in result.rejected] == [(31, "MEX99")]
