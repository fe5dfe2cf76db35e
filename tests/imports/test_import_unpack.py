"""Compressed downloads: a .gz file or a ZIP holding one CSV/GeoJSON imports as the file inside would."""

from __future__ import annotations

import gzip
import io
import time
import zipfile
from pathlib import Path

import pytest

from dashboard.imports.rejections import ImportRejected
from dashboard.imports.upload import parse_upload
from tests.geodata_atlas import geodata_atlas

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
UCDP = (DATA / "ucdp_ged_layout.csv").read_bytes()


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def same_import(a, b) -> None:
    assert [r.id for r in a.rows] == [r.id for r in b.rows] and len(a.rejected) == len(b.rejected)
    assert a.layout == b.layout == "UCDP GED"


def test_a_gzip_file_imports_like_the_csv_inside() -> None:
    plain = parse_upload(UCDP, "ged.csv", atlas=geodata_atlas())
    packed = parse_upload(gzip.compress(UCDP), "ged.csv.gz", atlas=geodata_atlas())
    same_import(packed, plain)
    assert "unpacked ged.csv from the gzip file ged.csv.gz" in packed.notices
    assert packed.source_name == "ged.csv"


def test_a_zip_download_with_one_csv_and_mac_clutter_imports_that_csv() -> None:
    archive = zipped({"ged241-csv/ged241.csv": UCDP, "__MACOSX/ged241-csv/._ged241.csv": b"\x00\x05",
                      "ged241-csv/.DS_Store": b"\x00", "ged241-csv/": b""})
    result = parse_upload(archive, "ged241-csv.zip", atlas=geodata_atlas())
    same_import(result, parse_upload(UCDP, "ged241.csv", atlas=geodata_atlas()))
    assert "unpacked ged241.csv from the ZIP archive ged241-csv.zip" in result.notices


@pytest.mark.parametrize(("files", "message"), [
    ({"a.csv": UCDP, "b.csv": UCDP}, r"holds 2 data files \(a\.csv, b\.csv\); import one"),
    ({"readme.pdf": b"%PDF-1.4"}, r"holds no CSV or GeoJSON file \(readme\.pdf\)"),
    ({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}, "cannot be read as a spreadsheet"),
    ({"inner.csv": gzip.compress(UCDP)}, "gzip archive inside an archive"),
])
def test_archives_that_are_not_one_data_file_are_refused_in_one_line(files, message) -> None:
    with pytest.raises(ImportRejected, match=message) as err:
        parse_upload(zipped(files), "download.zip", atlas=geodata_atlas())
    assert "\n" not in str(err.value)


def test_a_small_archive_that_unpacks_beyond_the_limit_is_refused_quickly() -> None:
    bomb = gzip.compress(b"date,lat,lon\n" + b"2024-01-01,20.5,-101.2\n" * 2_000_000)  # 46 MB inside, 0.1 MB packed
    assert len(bomb) < 1_000_000
    start = time.perf_counter()
    with pytest.raises(ImportRejected, match=r"unpacks to more than 20\.0 MB"):
        parse_upload(bomb, "bomb.csv.gz", atlas=geodata_atlas())
    with pytest.raises(ImportRejected, match=r"unpacks to more than 20\.0 MB"):
        parse_upload(zipped({"bomb.csv": gzip.decompress(bomb)}), "bomb.zip", atlas=geodata_atlas())
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize(("raw", "message"), [
    (gzip.compress(UCDP)[:200], "gzip file is damaged or incomplete"),
    (b"PK\x03\x04" + b"\x00" * 40, "ZIP archive is damaged or incomplete"),
])
def test_damaged_archives_say_so(raw, message) -> None:
    with pytest.raises(ImportRejected, match=message):
        parse_upload(raw, "download.bin", atlas=geodata_atlas())


@pytest.mark.parametrize(("filename", "name"), [
    ("ged241-csv.zip", "ged241-csv"), ("acled_mexico.csv.gz", "acled_mexico"), ("events.geojson", "events"),
    ("Tabla 2024.CSV", "Tabla 2024"), ("plain", "plain"),
])
def test_the_dataset_name_a_file_suggests_leaves_out_its_archive_and_format_suffixes(filename, name) -> None:
    from dashboard.imports.unpack import dataset_name_for

    assert dataset_name_for(filename) == name


def test_the_command_line_imports_a_compressed_download_under_its_plain_name(cli, tmp_path) -> None:
    packed = tmp_path / "ged_extract.csv.gz"
    packed.write_bytes(gzip.compress(UCDP))
    proc = cli("import", str(packed))
    assert proc.returncode == 0, proc.stderr
    assert "unpacked ged_extract.csv from the gzip file" in proc.stdout + proc.stderr
    assert "saved dataset 'ged-extract'" in proc.stdout
