"""Uploads as a whole: encodings, hostile and broken files, limits, one-line errors."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from dashboard.imports.rejections import ImportRejected
from dashboard.imports.upload import parse_upload
from tests.geodata_atlas import geodata_atlas

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def test_semicolon_file_with_bom_and_decimal_commas(load):
    result = load("semicolon_bom.csv")
    assert not result.rejected
    assert "UTF-8 byte-order mark removed" in result.notices
    assert "semicolon-separated file" in result.notices
    rows = {r.line: r for r in result.rows}
    assert (rows[2].lat, rows[2].lon) == (20.5698, -101.1977)
    assert rows[2].notes == "Ataque armado en un bar, con coma dentro del texto"
    assert rows[3].cartels == ("sinaloa",) and rows[3].place == "Culiacán"
    assert rows[4].geocoded and rows[4].cartels == ("csrl",)
    assert result.columns[0] == "fecha"  # the BOM is not part of the first column name


def test_cp1252_file_is_read_with_a_notice(load):
    result = load("cp1252.csv")
    assert not result.rejected
    assert any("Windows-1252" in n for n in result.notices)
    assert [r.place for r in result.rows] == ["Culiacán", "Uruapan", "Villa Unión"]
    assert "–" in result.rows[0].notes  # cp1252 0x96, not a replacement character
    assert all(r.geocoded for r in result.rows)


def test_utf16_with_bom():
    raw = "date,lat,lon,place\n2024-01-01,20.5,-101.2,Culiacán\n".encode("utf-16")
    result = parse_upload(raw, "x.csv", atlas=geodata_atlas())
    assert result.rows[0].place == "Culiacán"
    assert any("UTF-16" in n for n in result.notices)


@pytest.mark.parametrize("name", ["evil.geojson", "evil_vrt.csv"])
def test_gdal_vrt_is_rejected_without_reading_files(no_gdal, name):
    raw = (DATA / name).read_bytes()
    assert b"/etc/passwd" in raw
    with pytest.raises(ImportRejected) as err:
        parse_upload(raw, name, atlas=geodata_atlas())
    message = str(err.value)
    assert "looks like XML" in message
    if name.endswith(".geojson"):
        assert message.startswith("not JSON")
    assert "root:" not in message and "\n" not in message


def test_every_fixture_parses_without_gdal(no_gdal):
    for path in DATA.iterdir():
        with contextlib.suppress(ImportRejected):
            parse_upload(path.read_bytes(), path.name, atlas=geodata_atlas())


@pytest.mark.parametrize(("raw", "filename", "message"), [
    (b"", "x.csv", "empty"),
    (b"   \n\n", "x.csv", "empty"),
    (b"PK\x03\x04rest-of-a-zip", "x.csv", "ZIP archive"),
    (b"SQLite format 3\x00....", "x.geojson", "SQLite"),
    (b"date,place\x00,lat\n", "x.csv", "NUL bytes"),
    (b"<!DOCTYPE html><html><body>hi</body></html>", "x.csv", "looks like HTML"),
    (b"date,place\n2024-01-01,Culiacan\n", "x.geojson", "not JSON"),
    (b'{"type": "FeatureCollection", "features": [', "x.geojson", "not valid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "x.json", "JSON"),
    (b"onlyonecolumn\nvalue\n", "x.csv", "fewer than two columns"),
    (b"place,notes\nCuliacan,x\n", "x.csv", "no date column"),
    (b"date,notes\n2024-01-01,x\n", "x.csv", "no latitude/longitude and no place-name column"),
    (b"date,place,Date\n2024-01-01,x,y\n", "x.csv", "appears twice"),
    (b"date,place\n", "x.csv", "no rows"),
    (b"date,place\n\xff\xfe\x81\x8d\x8f\n", "x.csv", "not UTF-8"),
])
def test_bad_files_get_one_line_errors(raw, filename, message):
    with pytest.raises(ImportRejected, match=message) as err:
        parse_upload(raw, filename, atlas=geodata_atlas())
    assert "\n" not in str(err.value)


def test_too_large_is_rejected_before_parsing(no_gdal):
    huge = b"date,lat,lon\n" + b"2024-01-01,20.5,-101.2\n" * 1_000_000  # ~23 MB, generated, not committed
    with pytest.raises(ImportRejected, match=r"file is 2\d\.\d MB; the limit is 20\.0 MB"):
        parse_upload(huge, "huge.csv", atlas=geodata_atlas())
    with pytest.raises(ImportRejected, match=r"limit is 0.0 MB"):
        parse_upload(b"date,lat,lon\n2024-01-01,20.5,-101.2\n", "x.csv", max_bytes=10, atlas=geodata_atlas())


def test_core_does_not_import_streamlit():
    import subprocess
    import sys

    code = ("import sys, dashboard.imports.upload, dashboard.imports.store, dashboard.bench.import_speed, "
            "dashboard.testing; print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "False"
