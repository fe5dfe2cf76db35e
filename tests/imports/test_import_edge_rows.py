"""Rows at the edges of CSV (issue 32): a huge field costs its row only; a field that begins with a bare CR
is one field, not an unbalanced quote."""

from __future__ import annotations

from dashboard.imports.upload import parse_upload
from tests.geodata_atlas import geodata_atlas

HEADER = "notes,date,lat,lon\n"


def _parse(body: str):
    return parse_upload((HEADER + body).encode(), "edge.csv", atlas=geodata_atlas())


def test_a_field_over_the_csv_limit_rejects_its_row_with_a_reason_and_keeps_the_others():
    result = _parse("a,2024-01-01,19.4,-99.1\n" + "x" * 140_000 + ",2024-01-01,19.4,-99.1\nb,2024-01-02,19.4,-99.1\n")
    assert len(result.rows) == 2
    assert [(r.line, r.reason) for r in result.rejected] == [(3, "a field is longer than 131,072 characters")]


def test_a_quoted_field_that_begins_with_a_bare_cr_is_no_rejection():
    result = _parse('"\rnote",2024-01-01,19.4,-99.1\nb,2024-01-02,19.4,-99.1\n')
    assert result.rejected == [] and len(result.rows) == 2
    assert [r.notes.strip() for r in result.rows] == ["note", "b"]


def test_a_quote_that_never_closes_is_still_found():
    result = _parse('"open,2024-01-01,19.4,-99.1\nb,2024-01-02,19.4,-99.1\nc,2024-01-03,19.4,-99.1\n')
    assert [r.line for r in result.rejected] == [2] and len(result.rows) == 2
