"""Reading an upload's text as records, CSV or GeoJSON, before any row is built.

A reader recognises the columns (:mod:`dashboard.imports.columns`), refuses with
:class:`ImportRejected` a file that lacks what every row needs, and returns a :class:`Table`
whose records are read lazily, one :class:`Record` at a time, so a whole-file problem found
late (too many rows, broken CSV) still rejects the whole file. A record the format itself
cannot use (wrong number of fields, not a Feature, not a point) comes as a :class:`Rejected`.

- CSV is read with :mod:`csv`; the delimiter (comma, semicolon, tab, pipe) is taken from the
  header line.
- GeoJSON (a ``FeatureCollection`` of ``Point`` features) is parsed with :mod:`json` and
  :mod:`shapely` only. Nothing a user uploads is ever handed to GDAL/pyogrio/``gpd.read_file``
  (a GDAL VRT disguised as ``.geojson`` would read local files, stack-notes §6.3).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from dashboard.imports.columns import Columns, repeated_columns, resolve_columns
from dashboard.imports.count_tables import (
    count_table_shape,
    refuse_count_table,
    refuse_title_row,
    refuse_titled_table,
)
from dashboard.imports.rejections import ImportRejected, Rejected, RowRejected
from dashboard.imports.values import clean_text


class Record(NamedTuple):
    """One CSV row or GeoJSON feature, ready for the row builder."""

    line: int  # CSV line (header = 1) or GeoJSON feature number
    get: Callable[[object], str]  # column position / property key -> raw text
    point: tuple[float, float] | None  # (lat, lon) of a GeoJSON point; None for CSV
    values: Callable[[], dict[str, str]]  # raw values by the file's names, made only for a rejection report
    fields: list[str] | None = None  # a CSV row's fields (the builder reads them as columns); None for GeoJSON


@dataclass
class Table:
    """A file read as a header and records: the file's own names, where each role is, the records (lazy)."""

    header: list[str]
    columns: Columns
    records: Iterator[Record | Rejected]
    keys: list | None = None  # what each column's values are looked up by (None: its position)


# --------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def _delimiter(header_line: str) -> str:
    counts = dict.fromkeys((",", ";", "\t", "|"), 0)
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


class _Lines:
    """The file's lines and the :mod:`csv` reader over them; reading can start again from any line.

    ``pos`` is the number of lines read so far (the reader counts them, in C).
    """

    def __init__(self, text: str, delim: str) -> None:
        self.lines = io.StringIO(text, newline="").readlines()  # split as csv would: \n, \r, \r\n only
        # Whether rows end in a bare CR (old Mac files); elsewhere a bare CR is inside a quoted field.
        self.cr_rows = bool(self.lines) and self.lines[0].endswith("\r")
        self.delim = delim
        self.restart(0)

    def restart(self, pos: int) -> None:
        """Read on from line ``pos`` (0-based) with a fresh reader, to resynchronise after a broken row."""
        source = iter(self.lines)
        source.__setstate__(pos)  # a list iterator is set to a position without copying or skipping
        self.base = pos
        self.reader = csv.reader(source, delimiter=self.delim)

    @property
    def pos(self) -> int:
        return self.base + self.reader.line_num


def read_csv(text: str, max_rows: int, notices: list[str], mapping: dict[str, str] | None = None) -> Table:
    """CSV text as a table; a delimiter other than the comma is named in ``notices``; ``mapping``: role -> column."""
    delim = _delimiter(text.split("\n", 1)[0])
    if delim != ",":
        notices.append(f"{DELIMITER_NAMES[delim]}-separated file")
    lines = _Lines(text, delim)
    try:
        header = _csv_header(lines.reader)
    except ImportRejected:
        refuse_titled_table(text)  # a query export's title lines read as a one-column header
        raise
    refuse_title_row(header)
    if count_table_shape(header) is not None:  # whatever the user maps: totals are never stored as events
        refuse_count_table(header, list(csv.reader(lines.lines[1:max_rows + 1], delimiter=delim)))
    columns = resolve_columns(header, mapping=mapping)
    _require_csv_roles(columns, header)
    return Table(header, columns, _csv_records(lines, delim, header, max_rows))


def _csv_header(reader) -> list[str]:  # reader: a csv.reader
    try:
        header = next(reader)
    except StopIteration:
        raise ImportRejected("file is empty") from None
    except csv.Error as exc:
        raise ImportRejected(f"cannot read the CSV header: {exc}") from None
    header = [clean_text(h) for h in header]
    if len(header) < 2:
        raise ImportRejected("CSV header has fewer than two columns (is this a CSV file?)")
    dupes = repeated_columns(header)
    if dupes:
        raise ImportRejected(f"column {dupes[0]!r} appears twice in the header")
    return header


def _require_csv_roles(columns: Columns, header: list[str]) -> None:
    """A date, and coordinates or a place name: without them no row of the file could be kept."""
    shown = ", ".join(header[:12]) + (" …" if len(header) > 12 else "")
    if "date" not in columns.single:
        raise ImportRejected(f"no date column (event_date, date_start, date or fecha) among: {shown}; "
                             "map one with --column date=COLUMN")
    has_coords = "lat" in columns.single and "lon" in columns.single
    if not has_coords and not {"place", "municipality", "mun_code"} & set(columns.single):
        raise ImportRejected(f"no latitude/longitude and no place-name column (location, place, city, municipio, "
                             f"INEGI code) among: {shown}; map one with --column place=COLUMN")


def _swallowed(lines: _Lines, start: int, fields_: list[str], width: int, delim: str) -> bool:
    """Whether a row that spans several lines is an unbalanced quote that ran into the next row(s).

    A quoted note may hold line breaks (ACLED's do); but when the row then has the wrong number of
    fields, or one of its later lines reads on its own as a whole row, the quote never closed.
    """
    if len(fields_) != width:
        return True
    # The row's lines after its first one that start after a row break (a line feed, or a bare CR in a
    # file whose rows end so): a quoted field may begin with a bare CR and what follows is still that field.
    later = [line for before, line in zip(lines.lines[start - 1:lines.pos - 1], lines.lines[start:lines.pos],
                                          strict=True) if before.endswith("\n") or lines.cr_rows]
    return any(len(next(csv.reader([line.rstrip("\r\n")], delimiter=delim), [])) == width for line in later)


def _csv_records(lines: _Lines, delim: str, header: list[str], max_rows: int) -> Iterator[Record | Rejected]:
    width = len(header)
    count = 0
    while True:
        start = lines.pos  # the row starts on the line after the previous row ended
        try:
            fields_ = next(lines.reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):  # one huge field: its row goes, the file stays
                count += 1
                yield Rejected(start + 1, f"a field is longer than {csv.field_size_limit():,} characters", {})
                lines.restart(max(start + 1, lines.pos))
                continue
            if lines.pos - start <= 1:
                raise ImportRejected(f"broken CSV near line {lines.pos}: {exc}") from None
            fields_ = None
        if fields_ is not None and (not fields_ or (len(fields_) == 1 and not fields_[0].strip())):
            continue
        count += 1
        if count > max_rows:
            raise ImportRejected(f"more than {max_rows:,} rows; split the file or filter it first")
        if lines.pos - start > 1 and (fields_ is None or _swallowed(lines, start + 1, fields_, width, delim)):
            first = next(csv.reader([lines.lines[start]], delimiter=delim), [])
            yield Rejected(start + 1, "unbalanced quote: a quoted field never closes on this line; the next lines "
                           "are read as their own rows", _csv_values(header, first))
            lines.restart(start + 1)  # read on from the next line, with a fresh reader
            continue
        if len(fields_) == width:  # the usual row, without a generator of its own
            yield Record(start + 1, fields_.__getitem__, None, partial(_csv_values, header, fields_), fields_)
        else:
            yield from _csv_record(start + 1, fields_, header, width)
    if count == 0:
        raise ImportRejected("the file has a header but no rows")


def _csv_record(line: int, fields_: list[str], header: list[str], width: int) -> Iterator[Record | Rejected]:
    n = len(fields_)
    if n != width:
        if n > width and not any(f.strip() for f in fields_[width:]):
            fields_ = fields_[:width]  # trailing empty fields, as spreadsheets write them
        else:
            yield Rejected(line, f"row has {n} fields, the header has {width}", _csv_values(header, fields_))
            return
    yield Record(line, fields_.__getitem__, None, partial(_csv_values, header, fields_), fields_)


def _csv_values(header: list[str], fields_: list[str]) -> dict[str, str]:
    raw = dict(zip(header, fields_, strict=False))
    if len(fields_) > len(header):
        raw["(extra fields)"] = " | ".join(fields_[len(header):])
    return raw


# --------------------------------------------------------------------------------------
# GeoJSON
# --------------------------------------------------------------------------------------
_FEATURE_ID = object()  # the key that reads a Feature's own "id" member instead of a property


def read_geojson(text: str, max_rows: int, mapping: dict[str, str] | None = None) -> Table:
    """GeoJSON text (a Feature or a FeatureCollection) as a table of its features' properties."""
    features = _features(_load_json(text), max_rows)
    keys = _property_names(features)
    header = [clean_text(str(k)) for k in keys]
    columns = resolve_columns(header, keys, mapping)
    if "id" not in columns.single:  # fall back to the Feature's own "id" member
        columns.single["id"] = _FEATURE_ID
    if "date" not in columns.single:
        raise ImportRejected(f"no date property (date or event_date) among: {', '.join(header[:12]) or 'none'}")
    return Table(header, columns, _feature_records(features, has_place="place" in columns.single), keys)


def _load_json(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise ImportRejected("not usable JSON: nested too deeply") from None
    except ValueError as exc:
        if "digits" in str(exc):  # Python's own message names sys.set_int_max_str_digits()
            raise ImportRejected("not usable JSON: a number has more than 4,300 digits") from None
        raise ImportRejected("not usable JSON: a value cannot be read") from None


def _features(obj: object, max_rows: int) -> list:
    """The features of a GeoJSON object (a lone Feature counts as a collection of one)."""
    if isinstance(obj, dict) and obj.get("type") == "Feature":
        features = [obj]
    elif isinstance(obj, dict) and obj.get("type") == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list):
            raise ImportRejected("GeoJSON FeatureCollection has no 'features' list")
    else:
        kind = obj.get("type") if isinstance(obj, dict) else type(obj).__name__
        raise ImportRejected(f"JSON is not a GeoJSON FeatureCollection (type {str(kind)[:40]!r})")
    if len(features) > max_rows:
        raise ImportRejected(f"more than {max_rows:,} features; split the file or filter it first")
    if not features:
        raise ImportRejected("the GeoJSON FeatureCollection has no features")
    return features


def _properties(feat: object) -> dict:
    props = feat.get("properties") if isinstance(feat, dict) else None
    return props if isinstance(props, dict) else {}


def _property_names(features: list) -> list[str]:
    """Every property name over all features, in order of first appearance (one column mapping for all)."""
    keys: list[str] = []
    seen: set[str] = set()
    for feat in features:
        for k in _properties(feat):
            if k not in seen:
                seen.add(k)
                keys.append(k)
    return keys


def _feature_records(features: list, has_place: bool) -> Iterator[Record | Rejected]:
    for n, feat in enumerate(features, start=1):
        props = _properties(feat)
        values = partial(_property_values, props)
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            yield Rejected(n, "not a GeoJSON Feature", values())
            continue
        try:
            point = _point(feat.get("geometry"))
            if point is None and not has_place:
                raise RowRejected("no geometry and no place name to geocode")
        except RowRejected as exc:
            yield Rejected(n, exc.reason, values(), exc.candidates)
            continue
        yield Record(n, partial(_feature_text, props, feat), point, values)


def _feature_text(props: dict, feat: dict, key: object) -> str:
    return _property_text(feat.get("id") if key is _FEATURE_ID else props.get(key))


def _property_values(props: dict) -> dict[str, str]:
    return {clean_text(str(k)): _property_text(v) for k, v in props.items()}


def _property_text(value: object) -> str:
    """A property value as the text a CSV cell would hold (numbers without a needless '.0', JSON for the rest)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value)) if math.isfinite(value) else str(value)
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)[:2000]


def _point(geom: object) -> tuple[float, float] | None:
    """(lat, lon) of a GeoJSON Point geometry via shapely; None for a null geometry."""
    import shapely.geometry

    if geom is None:
        return None
    if not isinstance(geom, dict):
        raise RowRejected("geometry is not a GeoJSON object")
    kind = geom.get("type")
    if kind != "Point":
        raise RowRejected(f"geometry is {str(kind)[:30]!r}; only points can be imported")
    coords = geom.get("coordinates")
    if (not isinstance(coords, list) or len(coords) not in (2, 3)
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)):
        raise RowRejected("point coordinates must be [longitude, latitude]")
    try:
        pt = shapely.geometry.shape({"type": "Point", "coordinates": [float(coords[0]), float(coords[1])]})
    except (ValueError, TypeError, OverflowError):
        raise RowRejected("point coordinates are not usable numbers") from None
    lon, lat = pt.x, pt.y
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise RowRejected("point coordinates are not finite numbers")
    return lat, lon
