"""Every CSV the atlas writes is data in every reader's spreadsheet, read with "," or with ";" as separator.

German-locale Excel opens a double-clicked CSV with ";" as the separator: quotes that do not open a
cell are then plain characters and a CR or LF inside them ends the row. A cell that begins with
=, +, -, @, a tab or a CR is a formula. Numbers stay numbers (a western longitude keeps its minus).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dashboard.text import FORMULA_START, spreadsheet_csv

HOSTILE = (
    "date,place,state,lat,lon,killed,actor,notes\n"
    '2024-01-25,Salamanca,Guanajuato,20.5698,-101.1977,3,"a;=HYPERLINK(""http://evil.invalid"")","x\r=1+2"\n'
    '2024-01-26,Salamanca,Guanajuato,20.5698,-101.1977,1,"b,-2+3","y\n@SUM(1);+cmd|\' /C calc\'!A0"\n'
    '2024-01-27,Culiacán,Sinaloa,24.8021,-107.3942,2,"\tc;\r-1","=1+1"\n'
    '2024-01-28,Culiacán,Sinaloa,95,-107.3942,2,"d","rejected;=HYPERLINK(1)\r=2"\n'
)


def formula_cells(text: str, sep: str) -> list[str]:
    """The cells a spreadsheet reading ``text`` with ``sep`` would evaluate (numbers are fine)."""
    bad = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
        for cell in row:
            if cell.startswith(FORMULA_START) and not _is_number(cell):
                bad.append(cell)
    return bad


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def assert_spreadsheet_safe(text: str) -> list[list[str]]:
    """Read ``text`` both ways; return the rows as read with "," (each as wide as the header)."""
    assert formula_cells(text, ",") == []
    assert formula_cells(text, ";") == []
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=","))
    assert {len(r) for r in rows} == {len(rows[0])}, "a CR or LF split a row"
    return rows


@pytest.fixture(scope="module")
def hostile(tiny_atlas):
    from dashboard.imports.upload import parse_upload

    return parse_upload(HOSTILE.encode(), "hostile.csv", atlas=tiny_atlas)


def test_writer_quotes_cr_lf_comma_and_semicolon_and_keeps_numbers() -> None:
    text = spreadsheet_csv(["a", "b", "c"], [["x\r=1+2", -99.1, "p;q"], ["m\nn", 0.5, "s,t"]])
    assert text == "a,b,c\n\"x\r'=1+2\",-99.1,\"p;q\"\n\"m\nn\",0.5,\"s,t\"\n"
    rows = assert_spreadsheet_safe(text)
    assert rows[1] == ["x\r'=1+2", "-99.1", "p;q"]  # what a comma-reading spreadsheet shows


def test_rejection_report_is_safe_both_ways(hostile) -> None:
    assert len(hostile.rejected) == 1
    rows = assert_spreadsheet_safe(hostile.report_csv())
    assert rows[1][0] == "8" and "-107.3942" in rows[1]  # the line number and the longitude stay numbers


def test_page_export_with_a_readers_file_is_safe_both_ways(tiny_atlas, hostile) -> None:
    from dashboard.share.link import Snapshot
    from dashboard.share.tables import view_csv

    rows = assert_spreadsheet_safe(view_csv(tiny_atlas, Snapshot(), {"hostile": hostile.to_frame()}))
    header, mine = rows[0], [r for r in rows if r[0] == "imported:hostile"]
    assert len(mine) == 3
    assert {r[header.index("lon")] for r in mine} == {"-101.1977", "-107.3942"}


def test_every_command_line_export_is_safe_both_ways(hostile, tmp_path, monkeypatch) -> None:
    from dashboard.cli.export import EXPORT_LAYERS
    from dashboard.cli.main import main
    from dashboard.imports.store import save_dataset

    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("ATLAS_STORE", raising=False)
    save_dataset("hostile", hostile)
    outputs = []
    for layer in (layer for layer in EXPORT_LAYERS if layer != "counts"):
        outputs.append(tmp_path / f"{layer}.csv")
        assert main(["export", layer, "--format", "csv", "-o", str(outputs[-1])]) == 0
    official = Path(__file__).resolve().parents[1] / "data" / "official" / "sesnsp_estatal.csv"
    assert main(["import", str(official), "--name", "by-state"]) == 0
    outputs.append(tmp_path / "counts.csv")
    assert main(["export", "counts", "--dataset", "by-state", "-o", str(outputs[-1])]) == 0
    outputs.append(tmp_path / "view.csv")
    assert main(["snapshot", "--dataset", "hostile", "-o", str(outputs[-1])]) == 0
    outputs.append(tmp_path / "report.csv")
    assert main(["import", str(_write(tmp_path, HOSTILE)), "--name", "again", "--report", str(outputs[-1])]) == 0
    for path in outputs:
        assert_spreadsheet_safe(path.read_text(encoding="utf-8"))
    view = path.parent / "view.csv"
    assert "imported:hostile" in view.read_text(encoding="utf-8")


def _write(folder, text: str):
    path = folder / "hostile.csv"
    path.write_bytes(text.encode())
    return path
