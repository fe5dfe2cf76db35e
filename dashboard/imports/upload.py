"""Bring your own events: an uploaded CSV or GeoJSON file's bytes -> an :class:`ImportResult`.

Pure core (no Streamlit). :func:`parse_upload` is the entry point: it checks the upload as a
whole (size, emptiness, binary formats such as Excel, SQLite or PDF; a .gz file or a ZIP holding one
CSV/GeoJSON is unpacked first, :mod:`dashboard.imports.unpack`), decodes the text,
decides the format by the file's *content* (:func:`sniff_format`; the name only labels it),
reads it (:mod:`dashboard.imports.formats`), builds one row per record
(:mod:`dashboard.imports.builder`) and adds notices about the file as a whole.

- Text is UTF-8 (with or without byte-order mark), UTF-16, or mostly UTF-8 with the bytes that
  are not read as Windows-1252 or Mac Roman, with a notice naming the lines
  (:mod:`dashboard.imports.encodings`).
- JSON is read as GeoJSON; XML and HTML are rejected ("not JSON: looks like XML": a GDAL VRT
  in disguise is never opened); anything else is read as CSV.

Good rows are kept, bad rows are reported, nothing is guessed: a place name with several
gazetteer candidates is "needs review", never silently the first. Whole-file problems (too
large, too many rows, not CSV/JSON, no date column …) raise :class:`ImportRejected` with a
one-line message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING

from dashboard.config import YEAR_MAX, YEAR_MIN
from dashboard.imports.builder import RowBuilder, build_rows
from dashboard.imports.cartel_matcher import CartelMatcher
from dashboard.imports.columns import Columns, parse_mapping
from dashboard.imports.encodings import decode_text
from dashboard.imports.formats import read_csv, read_geojson
from dashboard.imports.precision import attribution_for
from dashboard.imports.rejections import ImportRejected
from dashboard.imports.rows import EventRows, ImportResult
from dashboard.imports.sheets import sheet_as_csv, spreadsheet_kind
from dashboard.imports.unpack import unpack
from dashboard.text import slugify

if TYPE_CHECKING:
    from dashboard.atlas.data import Atlas

MAX_BYTES = 20_000_000
MAX_ROWS = 200_000

# leading bytes of files people export by mistake, and what to tell them
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive inside an archive"),
    (b"SQLite format 3\x00", "a SQLite database / GeoPackage; export it as CSV or GeoJSON"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive inside an archive"),
    (b"\xd0\xcf\x11\xe0", "an Office file that is not a spreadsheet"),
)


def parse_upload(raw: bytes, filename: str, *, atlas: Atlas, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS,
                 name: str | None = None, geocoder: Callable | None = None,
                 columns: list[str] | dict[str, str] | None = None,
                 attribution: dict[str, str] | None = None, drop_outside: bool = False, year: int = 0,
                 date_order: str = "", trust: str = "names", sheet: str | None = None) -> ImportResult:
    """Parse an uploaded file's bytes; ``filename`` is only a label (never opened).

    ``atlas`` names the cartels and organisations the actors are matched to (``atlas.cartels``, ``atlas.register``);
    ``name`` (default: the file name) gives the dataset slug used for generated ids;
    ``geocoder`` defaults to :func:`dashboard.imports.gazetteer.geocode`; ``columns`` maps fields to
    the file's columns (``["killed=total.people.dead"]`` or ``{"killed": "total.people.dead"}``);
    ``attribution`` gives source, licence and citation (prefilled for UCDP and ACLED);
    ``drop_outside`` drops the rows outside the atlas's area instead of keeping them; ``year`` is the year of
    dates written without one; ``date_order`` ("dmy" or "mdy") the order of numeric dates; ``trust``
    ("names" or "coordinates") which wins when a row's point lies outside the place it names; ``sheet``
    the sheet of a spreadsheet to read (default: the first).
    Raises :class:`ImportRejected` when the file as a whole cannot be imported.
    """
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise TypeError("parse_upload expects the file's bytes")
    raw = bytes(raw)
    check_size(raw, max_bytes)
    sheet_read = None
    if kind := spreadsheet_kind(raw):  # .xlsx, .xls, .ods: the sheet as the CSV a user would have saved
        raw, sheet_read = sheet_as_csv(raw, kind, sheet, max_bytes, max_rows)
    raw, filename, unpacked = unpack(raw, filename, max_bytes)  # a .gz file, or a .zip holding one data file
    check_upload(raw, max_bytes)
    mapping = parse_mapping(columns)
    text, notices = decode_text(raw)
    notices[:0] = [n for n in (sheet_read, unpacked) if n]
    if "\x00" in text:
        raise ImportRejected("not a text file (contains NUL bytes; read as UTF-8, then Windows-1252)")
    kind = sniff_format(text, filename)
    label = PurePath(filename or "upload").name
    dataset = slugify(name or PurePath(label).stem) or "import"
    matcher = CartelMatcher.from_cartels(atlas.cartels)
    if kind == "json":
        table = read_geojson(text, max_rows, mapping)
        unit, fmt = "feature", "geojson"
    else:
        table = read_csv(text, max_rows, notices, mapping)
        unit, fmt = "line", "csv"
    builder = RowBuilder(dataset, table.columns, geocoder, matcher, atlas.register, drop_outside=drop_outside,
                         header=table.header, keys=table.keys, date_order=date_order, year=year, trust=trust)
    rows, rejected = build_rows(builder, table.records)
    rows, id_notes = builder.finish(rows)
    notices[:0] = _layout_notices(table.columns)
    notices.extend(builder.when.notices + builder.where.notices)
    notices.extend(id_notes)
    notices.extend(_file_notices(builder, rows))
    layout = table.columns.layout
    return ImportResult(dataset, label, fmt, rows, rejected, notices, table.header, unit, layout,
                        attribution_for(layout, attribution), sum(builder.outside.values()))


def _layout_notices(columns: Columns) -> list[str]:
    """Which layout was recognised, and which columns the user mapped."""
    notices = [f"recognised {columns.layout} export columns" if columns.layout
               else "no published layout recognised; columns read by their names"]
    if columns.mapped:
        notices.append("column mapping: " + ", ".join(f"{role} = {col!r}" for role, col in columns.mapped.items()))
    return notices


def check_size(raw: bytes, max_bytes: int) -> None:
    if len(raw) > max_bytes:
        raise ImportRejected(f"file is {len(raw) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB")


def check_upload(raw: bytes, max_bytes: int) -> None:
    """Refuse, before reading any of it, a file that is too large, empty, or evidently not text."""
    check_size(raw, max_bytes)
    if not raw.strip():
        raise ImportRejected("file is empty")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise ImportRejected(f"not CSV or GeoJSON: looks like {what}")


def sniff_format(text: str, filename: str) -> str:
    """'json' or 'csv' from the content; raise :class:`ImportRejected` for XML/HTML/binary."""
    head = text.lstrip()[:1]
    suffix = PurePath(filename or "").suffix.lower()
    wants_json = suffix in (".json", ".geojson")
    if head in ("{", "["):
        return "json"
    if head == "<":
        kind = "HTML" if text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")) else "XML"
        what = "not JSON" if wants_json else "not CSV or GeoJSON"
        raise ImportRejected(f"{what}: looks like {kind} (e.g. a GDAL VRT); upload CSV or GeoJSON")
    if wants_json:
        raise ImportRejected(f"not JSON: a {suffix} file must start with '{{' (it starts with {text.lstrip()[:12]!r})")
    return "csv"


def _file_notices(builder: RowBuilder, rows: EventRows) -> list[str]:
    """Notices about the kept rows as a whole: unknown event types, no type column, years outside the atlas."""
    notices = []
    if builder.untyped:
        shown = ", ".join(f"{k!r} ({v})" for k, v in sorted(builder.untyped.items(), key=lambda kv: -kv[1])[:5])
        notices.append(f"{sum(builder.untyped.values())} row(s) keep an event type the atlas does not know "
                       f"(type left empty): {shown}")
    if not {"type", "event_type", "violence_type"} & set(builder.columns.single):
        notices.append("no event type column: imported rows have no type and show only when no type filter is set")
    years = rows.columns["year"]
    outside = int(((years < YEAR_MIN) | (years > YEAR_MAX)).sum())
    if outside:
        notices.append(f"{outside} row(s) dated outside the atlas years {YEAR_MIN}–{YEAR_MAX} (their years are kept)")
    if builder.outside:
        count = sum(builder.outside.values())
        top = ", ".join(f"{k} ({v})" for k, v in sorted(builder.outside.items(), key=lambda kv: -kv[1])[:5])
        what = "dropped" if builder.drop_outside else "kept (drop them with --drop-outside)"
        notices.append(f"{count} row(s) outside Mexico, the US and the stories' places, {what}: {top}")
    return notices
