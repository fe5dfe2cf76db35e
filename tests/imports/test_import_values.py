"""Field values: text cleaning and dates, parsed without guessing."""

from __future__ import annotations

import pytest

from dashboard.imports.values import DateProblem, clean_text, parse_date


@pytest.mark.parametrize(("text", "expected"), [
    ("plain", "plain"),
    ("  padded  ", "padded"),
    ("bell\x07 here", "bell here"),
    ("esc\x1b[31m", "esc[31m"),
    ("tab\there", "tab here"),
    ("bidi\u202egnp.exe", "bidignp.exe"),
    ("zero\u200bwidth", "zerowidth"),
    ("nbsp\u00a0x", "nbsp x"),
    ("line\nbreak", "line break"),
])
def test_control_characters_are_removed(text, expected):
    assert clean_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-01-25", ("2024-01-25", 2024)),
    ("2024-1-5", ("2024-01-05", 2024)),
    ("2024-01-25T13:45:00Z", ("2024-01-25", 2024)),
    ("2024-01-25 00:00:00", ("2024-01-25", 2024)),
    ("2024/01/25", ("2024-01-25", 2024)),
    ("25 January 2024", ("2024-01-25", 2024)),
    ("25 january 2024", ("2024-01-25", 2024)),
    ("5 Sept 2019", ("2019-09-05", 2019)),
    ("25-Jan-2024", ("2024-01-25", 2024)),
    ("25 de enero de 2024", ("2024-01-25", 2024)),
    ("30. November 2019", ("2019-11-30", 2019)),
    ("January 25, 2024", ("2024-01-25", 2024)),
    ("25.01.2024", ("2024-01-25", 2024)),
    ("25/01/2024", ("2024-01-25", 2024)),
    ("01/25/2024", ("2024-01-25", 2024)),
    ("04/04/2024", ("2024-04-04", 2024)),
    ("2024-05", ("2024-05", 2024)),
    ("2019", ("2019", 2019)),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "problem"), [
    ("31 February 2024", "no such day"),
    ("2024-13-45", "no such day"),
    ("2024-13", "no such month"),
    ("03/04/2024", "ambiguous"),
    ("25 Brumaire 2024", "unknown month"),
    ("yesterday", "not a date"),
    ("1850-01-01", "before 1900"),
    ("2999-01-01", "future"),
    ("2999", "future"),
])
def test_bad_dates(text, problem):
    with pytest.raises(DateProblem, match=problem):
        parse_date(text)


@pytest.mark.parametrize(("text", "order", "year", "expected"), [
    ("09/05/09", "dmy", 0, ("2009-05-09", 2009, "")),
    ("05/09/09", "mdy", 0, ("2009-05-09", 2009, "")),
    ("13/02/09", "", 0, ("2009-02-13", 2009, "")),  # the value shows the order
    ("02/13/2009", "", 0, ("2009-02-13", 2009, "")),
    ("22-abr-17", "", 0, ("2017-04-22", 2017, "")),
    ("9 de enero de 2018", "", 0, ("2018-01-09", 2018, "")),
    ("9 Jan 2018", "", 0, ("2018-01-09", 2018, "")),
    ("enero 2018", "", 0, ("2018-01", 2018, "")),
    ("enero de 2018", "", 0, ("2018-01", 2018, "")),
    ("23 de mayo 2018", "", 0, ("2018-05-23", 2018, "")),
    ("9 de enero", "", 2018, ("2018-01-09", 2018, "")),
    ("14 de abril ", "", 2018, ("2018-04-14", 2018, "")),
    ("del 3 al 5 de mayo de 2018", "", 0, ("2018-05-03", 2018, "2018-05-05")),
    ("3 y 4 de junio de 2018", "", 0, ("2018-06-03", 2018, "2018-06-04")),
    ("23 de junio y 24 de junio de 2018", "", 0, ("2018-06-23", 2018, "2018-06-24")),
    ("Del 26 al 29 de junio de 2018.", "", 0, ("2018-06-26", 2018, "2018-06-29")),
    ("Desde 02 de junio de 2018", "", 0, ("2018-06-02", 2018, "")),
    ("30 de abril al 2 de mayo", "", 2018, ("2018-04-30", 2018, "2018-05-02")),
])
def test_dates_as_written(text, order, year, expected):
    from dashboard.imports.dates import parse_when

    assert parse_when(text, order, year) == expected


@pytest.mark.parametrize(("text", "order", "year", "problem"), [
    ("9 de enero", "", 0, "--year YYYY"),
    ("03/04/13", "", 0, "--dayfirst or --monthfirst"),
    ("5 al 3 de mayo de 2018", "", 0, "ends"),
    ("22 de enero (edwin) 24 de junio de 2018", "", 0, "not a date"),
    ("31/02/09", "dmy", 0, "no such day"),
])
def test_dates_refused_with_what_to_do(text, order, year, problem):
    from dashboard.imports.dates import parse_when

    with pytest.raises(DateProblem, match=problem.replace("-", r"\-")):
        parse_when(text, order, year)


def test_column_order_is_proven_by_a_value_over_12():
    from dashboard.imports.dates import column_order

    assert column_order(["09/05/09", "13/02/09", "NA"]) == ("dmy", "13/02/09")
    assert column_order(["05/09/09", "02/13/09"]) == ("mdy", "02/13/09")
    assert column_order(["05/09/09", "04/03/09"]) == ("", "")
    assert column_order(["13/02/09", "02/13/09"]) == ("", "")  # both orders: no proof
