"""The rejections report: formula-safe CSV of the rows that were not imported."""

from __future__ import annotations

import csv
import io


def test_report_is_formula_safe(payloads):
    report = payloads.report_csv()
    table = list(csv.reader(io.StringIO(report)))
    header, body = table[0], table[1:]
    assert header[:3] == ["line", "reason", "candidates"]
    assert [r[0] for r in body] == ["4", "5"]
    cells = [c for row in table for c in row]
    for cell in cells:
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            assert cell.lstrip("+-").replace(".", "", 1).isdigit(), f"formula cell in report: {cell!r}"
    assert "'=HYPERLINK(\"http://example.invalid\",\"x\")" in cells
    assert "'-2+3+cmd|' /C calc'!A0" in cells
    assert "-107.3942" in cells  # numbers stay numbers
