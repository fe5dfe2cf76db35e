"""Compressed downloads, unpacked in memory: a ``.gz`` file, or a ``.zip`` holding one CSV or GeoJSON.

Publishers ship extracts compressed (UCDP's GED comes as a ZIP holding one CSV), and researchers keep
them that way. Unpacking happens in memory with the standard library only (never on disk, never with
GDAL), and the unpacked size is capped at the upload limit while it is read, so a small archive that
would unpack to gigabytes is refused after reading one byte more than the limit.
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from pathlib import PurePosixPath

from dashboard.imports.rejections import ImportRejected

GZIP_MAGIC, ZIP_MAGIC = b"\x1f\x8b", b"PK\x03\x04"
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".geojson", ".json")


def dataset_name_for(filename: str) -> str:
    """The name a file suggests for its dataset: "ged241-csv.zip" -> "ged241-csv", "x.csv.gz" -> "x"."""
    name = PurePosixPath(filename).name
    for suffix in (".gz", ".zip", ".xlsx", ".xls", ".ods", *DATA_SUFFIXES):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name


def unpack(raw: bytes, filename: str, max_bytes: int) -> tuple[bytes, str, str | None]:
    """(the data file's bytes, its name, a notice saying what was unpacked, or None for a plain file)."""
    if raw.startswith(GZIP_MAGIC):
        return _gunzip(raw, filename, max_bytes)
    if raw.startswith(ZIP_MAGIC):
        return _unzip(raw, filename, max_bytes)
    return raw, filename, None


def _too_large(max_bytes: int) -> ImportRejected:
    return ImportRejected(f"the archive unpacks to more than {max_bytes / 1e6:.1f} MB, the limit for one file")


def _gunzip(raw: bytes, filename: str, max_bytes: int) -> tuple[bytes, str, str]:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as packed:
            data = packed.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error):
        raise ImportRejected("the gzip file is damaged or incomplete") from None
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    name = filename[:-3] if filename.lower().endswith(".gz") else f"{PurePosixPath(filename).stem}.csv"
    return data, name, f"unpacked {name} from the gzip file {filename}"


def _data_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's data files: no folders, no macOS resource forks, no hidden files."""
    return [info for info in archive.infolist() if not info.is_dir()
            and not info.filename.startswith("__MACOSX/") and not PurePosixPath(info.filename).name.startswith(".")
            and PurePosixPath(info.filename).suffix.lower() in DATA_SUFFIXES]


def _unzip(raw: bytes, filename: str, max_bytes: int) -> tuple[bytes, str, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise ImportRejected("the ZIP archive is damaged or incomplete") from None
    with archive:
        names = archive.namelist()
        if "[Content_Types].xml" in names and any(n.startswith(("xl/", "word/", "ppt/")) for n in names):
            raise ImportRejected("not CSV or GeoJSON: looks like an Office file that is not a spreadsheet "
                                 "(spreadsheets .xlsx, .xls and .ods are read)")
        members = _data_members(archive)
        if len(members) != 1:
            inside = ", ".join(sorted(names)[:8]) + (" …" if len(names) > 8 else "")
            what = "no CSV or GeoJSON file" if not members else f"{len(members)} data files"
            raise ImportRejected(f"the ZIP archive holds {what} ({inside}); import one CSV or GeoJSON at a time")
        member = members[0]
        if member.file_size > max_bytes:
            raise _too_large(max_bytes)
        try:
            with archive.open(member) as packed:
                data = packed.read(max_bytes + 1)  # the header's size may lie: the read is capped too
        except RuntimeError:  # zipfile's word for an encrypted member
            raise ImportRejected("the file in the ZIP archive is encrypted") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            raise ImportRejected("the ZIP archive is damaged or uses a compression this importer cannot read") \
                from None
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    name = PurePosixPath(member.filename).name
    return data, name, f"unpacked {name} from the ZIP archive {filename}"
