"""Files as newsrooms publish them: mixed encodings, "na", INEGI codes, day-first and Spanish dates,
points that disagree with their own row. Fixtures written here in the layouts of the PDH Ibero graves
table (graves_layout.csv) and Article 19's press attacks table (press_layout.csv)."""

from __future__ import annotations

import pytest

from dashboard.imports.encodings import decode_text
from dashboard.imports.rejections import ImportRejected
from dashboard.imports.upload import parse_upload as parse_with_atlas
from tests.geodata_atlas import geodata_atlas


def parse_upload(raw: bytes, filename: str, **kwargs):
    """parse_upload with the atlas of geodata/ (its cartels and register)."""
    return parse_with_atlas(raw, filename, atlas=geodata_atlas(), **kwargs)


@pytest.fixture(scope="module")
def graves():
    from tests.imports.conftest import DATA

    return parse_upload((DATA / "graves_layout.csv").read_bytes(), "graves_layout.csv",
                        columns=["killed=numero_de_cuerpos"])


@pytest.fixture(scope="module")
def press():
    from tests.imports.conftest import DATA

    return parse_upload((DATA / "press_layout.csv").read_bytes(), "press_layout.csv", year=2018)


def _rows(result) -> dict:
    return {r.line: r for r in result.rows}


def test_a_mostly_utf8_file_with_mac_lines_reads_both_right(graves):
    rows = _rows(graves)
    assert len(graves.rows) == 7 and not graves.rejected
    assert rows[4].admin1 == "Ciudad de México"  # Mac Roman 0x8E, not "MŽxico"
    assert rows[8].admin1 == "Michoacán de Ocampo"
    notice = next(n for n in graves.notices if "not UTF-8" in n)
    assert "Mac Roman" in notice and "lines 4, 8" in notice and "position" not in notice


def test_mixed_line_keeps_its_utf8_letters_and_mac_letters():
    raw = b"date,place,notes\n2020-01-01,Tlalpan,carretera Cuernavaca-M\x8exico; p\xc3\xa1gs 44\n"
    text, notices = decode_text(raw)
    assert "Cuernavaca-México; págs 44" in text and "line(s)" in notices[0] and "2" in notices[0]


def test_a_windows_1252_file_is_still_read_as_windows_1252():
    text, notices = decode_text("date,place\n2020-01-01,Quer\u00e9taro \u2013 centro\n".encode("cp1252"))
    assert "Querétaro – centro" in text and "Windows-1252" in notices[0]


def test_bad_utf16_names_a_line_not_a_byte():
    raw = "date,place\n2020-01-01,x\n".encode("utf-16-le")
    raw = b"\xff\xfe" + raw + b"\x00\xd8"  # a lone surrogate at the end, on line 3
    with pytest.raises(ImportRejected, match="line 3") as err:
        decode_text(raw)
    assert "position" not in str(err.value)


@pytest.mark.parametrize("missing", ["na", "NA", "n/a", "N/D", "nd", "s/d", "Sin dato", "sin datos", "-", "—",
                                     "Se reserva", "?", ""])
def test_missing_is_missing_in_counts_and_coordinates(missing):
    raw = (f"fecha,estado,municipio,latitud,longitud,muertos\n"
           f"2020-01-05,Sinaloa,Culiacán,{missing},{missing},{missing}\n").encode()
    result = parse_upload(raw, "x.csv")
    assert len(result.rows) == 1, result.rejected
    row = result.rows[0]
    assert row.killed is None and row.precision_code == "inegi:25006"  # unknown, and placed by its names


def test_inegi_codes_place_rows_before_names(graves):
    rows = _rows(graves)
    assert rows[2].precision_code == "inegi:08005"  # "Ascención" misspelt: the codes 08 and 5 place it
    assert rows[5].precision_code == "inegi:12035"  # "Iguala de la Indepencia"
    assert all(r.precision == "municipality" for r in graves.rows)


@pytest.mark.parametrize(("header", "codes", "expected"), [
    ("cve_ent,cve_mun", "25,6", "inegi:25006"),
    ("clave_ent,cve_muni", "08,037", "inegi:08037"),
    ("Clave_Ent,Cve. Municipio", "8,8037", "inegi:08037"),
    ("CVEGEO,x", "08037,", "inegi:08037"),
])
def test_code_columns_by_their_published_names(header, codes, expected):
    raw = f"fecha,municipio,{header}\n2020-01-05,Nombre mal escrito,{codes}\n".encode()
    result = parse_upload(raw, "x.csv")
    assert [r.precision_code for r in result.rows] == [expected], result.rejected


def test_day_first_dates_proven_by_the_column_and_missing_counts_unknown(graves):
    rows = _rows(graves)
    assert rows[2].date == "2009-05-09" and rows[3].date == "2009-02-13"
    assert rows[8].date == "2013-04-03"  # 03/04/13 alone is ambiguous; the column's 13/02/09 proves day first
    assert rows[6].date == "2017-04-22"  # 22-abr-17
    assert rows[7].date == "2012"  # no date: the row's year column dates it
    assert rows[2].killed == 14 and rows[5].killed is None and rows[8].killed is None  # "na", "N/D": unknown
    assert any("day first" in n and "13/02/09" in n for n in graves.notices)


def test_a_generic_grupo_column_is_not_an_actor(graves):
    assert all(r.actors == "" and r.cartels == () for r in graves.rows)


def test_perpetrator_column_is_an_actor(press):
    assert _rows(press)[5].actors == "Funcionario Público"


def test_order_given_by_the_user_wins():
    raw = b"fecha,estado,municipio\n05/09/09,Sinaloa,Culiac\xc3\xa1n\n"
    assert parse_upload(raw, "x.csv", date_order="mdy").rows[0].date == "2009-05-09"
    assert parse_upload(raw, "x.csv", date_order="dmy").rows[0].date == "2009-09-05"
    assert "--dayfirst or --monthfirst" in parse_upload(raw, "x.csv").rejected[0].reason


def test_dates_without_a_year_take_the_year_given_or_say_how(press):
    rows = _rows(press)
    assert rows[2].date == "2018-01-13" and rows[9].date == "2018-04-30"
    no_year = parse_upload(press_bytes(), "press.csv")
    assert "--year YYYY" in {r.line: r for r in no_year.rejected}[2].reason


def test_ranges_are_kept_as_ranges(press):
    rows = _rows(press)
    assert (rows[5].date, rows[5].date_end) == ("2018-06-03", "2018-06-04")
    assert (rows[7].date, rows[7].date_end) == ("2018-06-26", "2018-06-29")
    assert (rows[8].date, rows[8].date_end) == ("2018-06-02", "")  # "Desde 02 de junio de 2018"


def test_rows_that_are_no_records_say_why(press):
    reasons = {r.line: r.reason for r in press.rejected}
    assert set(reasons) == {10, 12, 13}
    assert reasons[10].startswith("withheld") and "Se reserva" in reasons[10]
    assert reasons[12].startswith("empty row")
    assert reasons[13].startswith("not an event") and "'86'" in reasons[13]


def test_a_point_outside_its_state_is_placed_at_the_named_place(press):
    rows = _rows(press)
    new_york = rows[3]  # CDMX, Cuauhtémoc, published at New York
    assert new_york.precision_code == "inegi:09015" and new_york.precision == "municipality"
    assert abs(new_york.lat - 19.43) < 0.1 and "40.7128, -74.006" in new_york.notes
    tlaxcala = rows[4]  # Puebla, Puebla, published inside Tlaxcala
    assert tlaxcala.precision_code == "inegi:21114" and "19.372, -97.8788" in tlaxcala.notes
    centre = rows[11]  # CDMX, "CDMX", published at the centre of Mexico: placed in the state
    assert centre.precision == "state" and 19.0 < centre.lat < 19.6
    assert rows[2].precision == "" and rows[2].lat == pytest.approx(23.2494)  # an agreeing point is left alone
    assert any("3 row(s) give coordinates outside the state they name" in n for n in press.notices)


def test_trusting_coordinates_keeps_the_points_with_a_note():
    result = parse_upload(press_bytes(), "press.csv", year=2018, trust="coordinates")
    row = _rows(result)[3]
    assert row.lat == pytest.approx(40.712775) and "kept there" in row.notes
    assert any("--trust coordinates" in n for n in result.notices)


def test_an_unreadable_coordinate_falls_back_to_the_place_name(press):
    row = _rows(press)[8]
    assert row.precision_code == "inegi:23005" and any("cannot be read" in n for n in press.notices)


def press_bytes() -> bytes:
    from tests.imports.conftest import DATA

    return (DATA / "press_layout.csv").read_bytes()


def test_a_range_reads_as_days_and_a_year_as_a_year(press, graves):
    assert _rows(press)[5].date_precision == "days" and _rows(press)[2].date_precision == ""
    assert _rows(graves)[7].date_precision == "year"
