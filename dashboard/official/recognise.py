"""Which official layout a file is, and reading it: ``read_official(raw, filename)``.

Each layout is recognised by its headers (or, for INEGI's pivot export, by its title lines), never by
the file name alone. A file that is none of them is not an official table (``None``): the event
importer takes it.
"""

from __future__ import annotations

from dashboard.imports.municipalities import Municipalities, default_municipalities
from dashboard.imports.rejections import ImportRejected
from dashboard.official import inegi, population, sesnsp
from dashboard.official.source_text import frame_of, separator_of, table_text
from dashboard.official.table import OfficialTable


def read_official(raw: bytes, filename: str, towns: Municipalities | None = None) -> OfficialTable | None:
    """The table a file holds, or None when it is no count or population table the atlas knows."""
    text, encoding, notes = table_text(raw, filename)
    table = _read_text(text, filename, towns or default_municipalities())
    if table is not None:
        table.notes[:0] = [*notes, f"read as {encoding}"]
    return table


def head_text(raw: bytes, size: int = 65536) -> str:
    """The first ``size`` bytes of a (possibly gzipped or zipped) file as text, for recognising it."""
    import gzip
    import io
    import zipfile

    try:
        if raw.startswith(b"\x1f\x8b"):
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as packed:
                raw = packed.read(size)
        elif raw.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                member = next((i for i in archive.infolist() if not i.is_dir()
                               and not i.filename.startswith("__MACOSX/")), None)
                raw = archive.open(member).read(size) if member else b""
    except (OSError, EOFError, zipfile.BadZipFile):
        return ""
    raw = raw[:size]
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 3:  # a character cut at the end of the sample
            return raw[:exc.start].decode("utf-8-sig")
        return raw.decode("cp1252", errors="replace")


def looks_official(raw: bytes) -> bool:
    """Whether the file's first lines are one of the official layouts (cheap: read before the whole file)."""
    text = head_text(raw)
    if inegi.is_pivot_export(text):
        return True
    lines = text.splitlines()
    if len(lines) < 2:
        return False
    try:
        frame = frame_of("\n".join(lines[:-1] or lines))
    except ImportRejected:
        return False
    cols = sesnsp.columns_by_words(frame)
    return (inegi.is_death_series(set(frame.columns)) or sesnsp.is_wide_months(cols) or sesnsp.is_long_series(cols)
            or sesnsp.is_crimes_as_columns(cols) or population.is_population_by_year(frame))


def _read_text(text: str, filename: str, towns: Municipalities) -> OfficialTable | None:
    if inegi.is_pivot_export(text):
        return inegi.read_pivot(text, towns)
    first = text.split("\n", 1)[0]
    if not first.strip():
        return None
    header = {c.strip() for c in first.strip().split(separator_of(first))}
    if inegi.is_death_series(header):  # large and numeric: numbers read as numbers
        return inegi.read_death_series(frame_of(text, text_columns=inegi.DEATH_SERIES_CODES), towns)
    frame = frame_of(text)
    cols = sesnsp.columns_by_words(frame)
    if sesnsp.is_wide_months(cols):
        return sesnsp.read_wide_months(frame, towns)
    if sesnsp.is_long_series(cols):
        return sesnsp.read_long_series(frame, towns, filename)
    if sesnsp.is_crimes_as_columns(cols):
        return sesnsp.read_crimes_as_columns(frame, towns)
    if population.is_population_by_year(frame):
        return population.read_population_by_year(frame, towns)
    return None
