"""An official table's bytes as text and as a frame of strings: unpacked, decoded, separator found.

National monthly tables are larger than the event importer's upload limit (the INEGI municipal-month
file unpacks to 25 MB and 651,288 rows), so they have limits of their own. Text is parsed by pandas'
C reader with every cell as a string (codes keep their zeros, "4.0" stays as written until read as a
number); GDAL never sees the file.
"""

from __future__ import annotations

import io

import pandas as pd

from dashboard.imports.rejections import ImportRejected
from dashboard.imports.unpack import unpack

MAX_TABLE_BYTES = 64 * 1024 * 1024  # unpacked: a national municipal-month table is about 25 MB
MAX_TABLE_ROWS = 2_000_000
SEPARATORS = (",", ";", "\t", "|")


def table_text(raw: bytes, filename: str) -> tuple[str, str, list[str]]:
    """(text, the encoding read, notes) for a possibly compressed file."""
    data, _, unpacked = unpack(raw, filename, MAX_TABLE_BYTES)
    if len(data) > MAX_TABLE_BYTES:
        raise ImportRejected(f"the table is larger than {MAX_TABLE_BYTES / 1e6:.0f} MB, the limit for one table")
    notes = [unpacked] if unpacked else []
    try:
        return data.decode("utf-8-sig"), "UTF-8", notes
    except UnicodeDecodeError:
        # SESNSP and INEGI publish in ISO-8859-1/Windows-1252; cp1252 is its superset for letters.
        return data.decode("cp1252", errors="replace"), "Windows-1252 (Latin-1)", notes


def separator_of(first_line: str) -> str:
    """The separator the header uses most: ',' ';' tab or '|'."""
    return max(SEPARATORS, key=first_line.count)


def frame_of(text: str, skip_lines: int = 0, text_columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every cell as a string ("" for empty), header from the first line after ``skip_lines``; with
    ``text_columns``, only those are strings and the rest are read as numbers (a large numeric table
    reads three times faster)."""
    lines = text.split("\n", skip_lines + 1)
    header = lines[skip_lines] if len(lines) > skip_lines else ""
    try:
        dtype = str if text_columns is None else dict.fromkeys(text_columns, str)
        frame = pd.read_csv(io.StringIO(text), sep=separator_of(header), dtype=dtype,
                            keep_default_na=text_columns is not None, skiprows=skip_lines, engine="c")
    except (pd.errors.ParserError, ValueError) as exc:
        raise ImportRejected(f"the table could not be read as delimited text: {str(exc).splitlines()[0]}") from None
    if len(frame) > MAX_TABLE_ROWS:
        raise ImportRejected(f"the table has {len(frame):,} rows; the limit is {MAX_TABLE_ROWS:,}")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame
