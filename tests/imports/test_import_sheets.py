"""Excel and OpenDocument spreadsheets import like the CSV saved from them (python-calamine, one reader)."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from dashboard.imports.rejections import ImportRejected
from dashboard.imports.sheets import cell_text
from dashboard.imports.upload import parse_upload as parse_with_atlas
from tests.geodata_atlas import geodata_atlas
from tests.imports.sheet_files import far_cells_xlsx, ods, xlsx


def parse_upload(raw: bytes, filename: str, **kwargs):
    """parse_upload with the atlas of geodata/ (its cartels and register)."""
    return parse_with_atlas(raw, filename, atlas=geodata_atlas(), **kwargs)

HEADER = ["fecha", "estado", "municipio", "cve_ent", "cve_mun", "muertos", "notas"]
PRESS = [HEADER,
         [("date", 43109), "Sinaloa", "Culiacán", "25", "006", 3.0, "texto"],  # 2018-01-09 as Excel stores dates
         ["2018-02-01", "Chihuahua", "Juárez", "08", "037", ("formula", "1+1", 2), "fórmula con valor"],
         ["2018-02-02", "Chihuahua", "Juárez", "08", "037", ("formula", "1+2", None), "fórmula sin valor"]]


def test_an_xlsx_sheet_reads_as_its_csv_would():
    result = parse_upload(xlsx({"Datos": PRESS, "Notas": [["x"]]}), "agresiones.xlsx")
    rows = {r.line: r for r in result.rows}
    assert len(result.rows) == 3, result.rejected
    assert rows[2].date == "2018-01-09" and rows[2].killed == 3  # a date cell is a date; 3.0 is 3
    assert rows[2].precision_code == "inegi:25006"  # the text code "006" keeps its zeros
    assert rows[3].killed == 2  # a formula reads as its stored value, never evaluated
    assert rows[4].killed is None  # a formula saved without a value is empty: unknown
    assert any("read sheet 'Datos'" in n and "--sheet" in n for n in result.notices)
    assert result.source_name == "agresiones.xlsx"


def test_another_sheet_by_name():
    data = xlsx({"Portada": [["Agresiones 2018"]], "Datos": PRESS})
    assert len(parse_upload(data, "x.xlsx", sheet="Datos").rows) == 3
    with pytest.raises(ImportRejected, match=r"no sheet 'Otra'.*Portada, Datos"):
        parse_upload(data, "x.xlsx", sheet="Otra")


def test_an_ods_sheet_reads_too():
    result = parse_upload(ods([[*HEADER[:3], "muertos"], ["2018-01-09", "Sinaloa", "Culiacán", 2]]), "x.ods")
    assert [(r.date, r.killed, r.precision_code) for r in result.rows] == [("2018-01-09", 2, "inegi:25006")]


@pytest.mark.parametrize(("value", "text"), [(3.0, "3"), (2.5, "2.5"), ("08", "08"), (True, "TRUE"), (None, ""),
                                             ("a\nb", "a b")])
def test_cells_become_csv_text(value, text):
    assert cell_text(value) == text


def test_two_far_cells_are_refused_before_the_reader_sees_them():
    start = time.perf_counter()
    with pytest.raises(ImportRejected, match="16,384 columns by 1,048,576 rows"):
        parse_upload(far_cells_xlsx(), "bomb.xlsx")
    assert time.perf_counter() - start < 5


def test_a_spreadsheet_that_unpacks_too_far_is_refused_from_its_directory():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<x/>")
        z.writestr("xl/workbook.xml", "<x/>")
        z.writestr("xl/worksheets/sheet1.xml", b" " * 30_000_000)
    with pytest.raises(ImportRejected, match=r"unpacks to 30\.0 MB; the limit is 8 MB"):
        parse_upload(out.getvalue(), "bomb.xlsx", max_bytes=1_000_000)


@pytest.mark.parametrize(("raw", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cannot be read as a spreadsheet"),
    (xlsx({"Datos": PRESS})[:400], "cannot be read as a spreadsheet|damaged"),
])
def test_damaged_spreadsheets_get_one_line(raw, message):
    with pytest.raises(ImportRejected, match=message) as err:
        parse_upload(raw, "x.xls")
    assert "\n" not in str(err.value)


def test_the_sheet_limits_are_the_csv_limits():
    rows = [HEADER] + [["2018-01-09", "Sinaloa", "Culiacán", "25", "006", 1, ""]] * 12
    with pytest.raises(ImportRejected, match="limits are 2,000 columns, 11 rows"):
        parse_upload(xlsx({"Datos": rows}), "x.xlsx", max_rows=10)
