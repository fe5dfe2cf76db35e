"""Spreadsheets (``.xlsx``, ``.xls``, ``.ods``) read as the CSV a user would have saved from them.

Newsrooms live in Excel. One reader serves all three formats: ``python-calamine`` (Rust's calamine;
no macros, no external links, formulas never evaluated: a formula cell reads as the value the
program that saved it stored, and one saved without a value reads as empty). The first sheet is
read, or the one named. Before the sheet is loaded, the archive's unpacked size (xlsx and ods are
ZIP files of XML) and, for xlsx, the extent its cells span are checked: calamine holds a sheet as a
dense grid, so two cells at A1 and XFD1048576 would ask for half a terabyte and abort the process.
The reader itself runs in a child process with a memory cap (:data:`READER_MEMORY`) and a time
limit, so whatever a hostile file still asks of it ends that process, never the server.

Cells become the text a CSV export would hold: whole numbers without ".0", codes stored as text keep
their leading zeros, dates as ISO dates (``2018-01-09``), date-times without a midnight time. The rows
then go through the same reader, limits and checks as an uploaded CSV file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import subprocess
import sys
import zipfile

from dashboard.imports.rejections import ImportRejected

OLE2_MAGIC, ZIP_MAGIC = b"\xd0\xcf\x11\xe0", b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
UNPACK_FACTOR = 8  # a sheet's XML is several times the CSV it makes: the unpacked cap is this times the upload limit
MAX_COLUMNS = 2_000
MAX_CELLS = 20_000_000  # the grid calamine allocates (width x height): about 20 MB of CSV text at a byte a cell
READER_MEMORY = 2_000_000_000  # bytes of address space the child reading a sheet may use
READER_SECONDS = 120
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="([0-9]{1,7})"')


def spreadsheet_kind(raw: bytes) -> str:
    """'xlsx', 'ods' or 'xls' for a spreadsheet's bytes, "" for anything else (other Office files included)."""
    if raw.startswith(OLE2_MAGIC):
        return "xls"
    if not raw.startswith(ZIP_MAGIC):
        return ""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype")[:60] == ODS_MIMETYPE:
                return "ods"
            if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
                return "xlsx"
    except (zipfile.BadZipFile, OSError, KeyError):
        return ""
    return ""


def sheet_as_csv(raw: bytes, kind: str, sheet: str | None, max_bytes: int, max_rows: int) -> tuple[bytes, str]:
    """(the sheet as UTF-8 CSV bytes, a notice saying which sheet was read); :class:`ImportRejected` otherwise.

    The checks run here; the reading runs in a child process (:func:`main`), capped in memory and time.
    """
    if kind in ("xlsx", "ods"):
        _check_unpacked(raw, max_bytes)
    if kind == "xlsx":
        _check_extent(raw, max_rows)
    command = [sys.executable, "-m", "dashboard.imports.sheets", kind, sheet or "", str(max_bytes), str(max_rows)]
    try:
        done = subprocess.run(command, input=raw, capture_output=True, timeout=READER_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise ImportRejected(f"reading the {kind} file took longer than {READER_SECONDS} s; "
                             "export the sheet as CSV") from None
    if done.returncode == 2:
        raise ImportRejected(done.stderr.decode("utf-8", "replace").strip()[:500])
    if done.returncode != 0:
        raise ImportRejected(f"the {kind} file cannot be read as a spreadsheet (the reader stopped: damaged, "
                             "or asks for too much memory); save it again or export the sheet as CSV")
    notice, _, data = done.stdout.partition(b"\n")
    return data, json.loads(notice)


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (READER_MEMORY, READER_MEMORY))


def read_sheet(raw: bytes, kind: str, sheet: str | None, max_bytes: int, max_rows: int) -> tuple[bytes, str]:
    """The reading itself (in the child process): the chosen sheet's cells as CSV text, and the notice."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        names = list(book.sheet_names)
        if not names:
            raise ImportRejected(f"the {kind} file has no sheet")
        if sheet is not None and sheet not in names:
            raise ImportRejected(f"no sheet {sheet!r} in the {kind} file; its sheets: {', '.join(names[:12])}")
        chosen = sheet if sheet is not None else names[0]
        table = book.get_sheet_by_name(chosen)
        if table.width > MAX_COLUMNS:
            raise ImportRejected(f"sheet {chosen!r} is {table.width:,} columns wide; the limit is {MAX_COLUMNS:,}")
        if table.height > max_rows + 1:
            raise ImportRejected(f"sheet {chosen!r} has more than {max_rows:,} rows; split the file or filter it first")
        rows = table.to_python(skip_empty_area=True)
    except ImportRejected:
        raise
    except Exception as exc:  # calamine's own errors (damaged, encrypted, not what it claims to be)
        raise ImportRejected(f"the {kind} file cannot be read as a spreadsheet ({type(exc).__name__}); "
                             "save it again or export the sheet as CSV") from None
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([cell_text(c) for c in row] for row in rows)
    data = out.getvalue().encode("utf-8")
    if len(data) > max_bytes:
        raise ImportRejected(f"sheet {chosen!r} makes {len(data) / 1e6:.1f} MB of text; the limit is "
                             f"{max_bytes / 1e6:.1f} MB")
    others = f" (of {len(names)}: {', '.join(names[:6])}; choose another with --sheet NAME)" if len(names) > 1 else ""
    return data, f"read sheet {chosen!r} of the {kind} file{others}"


def _check_extent(raw: bytes, max_rows: int) -> None:
    """Refuse an xlsx whose cells span more columns, rows or grid cells than the limits, before calamine sees it."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            width = height = 0
            with archive.open(info) as member:
                tail = b""
                while chunk := member.read(1 << 20):
                    block = tail + chunk
                    for letters, digits in _CELL_REF.findall(block):
                        width, height = max(width, _column_number(letters)), max(height, int(digits))
                    height = max([height, *(int(r) for r in _ROW_REF.findall(block))])
                    tail = block[-200:]
            if width > MAX_COLUMNS or height > max_rows + 1 or width * height > MAX_CELLS:
                raise ImportRejected(f"a sheet's cells span {width:,} columns by {height:,} rows; the limits are "
                                     f"{MAX_COLUMNS:,} columns, {max_rows + 1:,} rows and {MAX_CELLS:,} cells")


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _check_unpacked(raw: bytes, max_bytes: int) -> None:
    """Refuse an xlsx/ods whose members would unpack to more than the cap, from the archive's directory."""
    cap = UNPACK_FACTOR * max_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRejected("the spreadsheet (a ZIP archive) is damaged or incomplete") from None
    if total > cap:
        raise ImportRejected(f"the spreadsheet unpacks to {total / 1e6:,.1f} MB; the limit is {cap / 1e6:,.0f} MB")


def cell_text(value: object) -> str:
    """A cell as a CSV export writes it: '3' not '3.0', ISO dates, text as stored (leading zeros kept)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def main(argv: list[str]) -> int:
    """The child process: the spreadsheet's bytes on stdin, the notice (JSON) and the CSV on stdout."""
    kind, sheet, max_bytes, max_rows = argv
    _cap_memory()  # set here, in the child, not with preexec_fn (unsafe in a server's threads)
    try:
        data, notice = read_sheet(sys.stdin.buffer.read(), kind, sheet or None, int(max_bytes), int(max_rows))
    except ImportRejected as exc:
        sys.stderr.write(str(exc))
        return 2
    sys.stdout.buffer.write(json.dumps(notice).encode() + b"\n" + data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
