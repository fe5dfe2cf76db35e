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
