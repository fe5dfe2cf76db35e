"""Text that leaves the atlas: escaped for the page, safe in a spreadsheet, slugs for ids; names made comparable.

One place for each rule, so the map, the panels, the exports and the importer agree.
"""

from __future__ import annotations

import html
import json
import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Sequence

# A CSV cell starting with one of these is evaluated as a formula by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet may start a new cell inside a text: German-locale Excel splits on ";" and ignores
# quotes that do not open a cell, so a CR or LF there ends the row. A formula start (or a quote that would
# open a cell) right after one of these gets the same "'" as one at the start.
_INNER_CELL_START = re.compile(r'([;\r\n])(?=[=+\-@\t\r"])')
_QUOTE_WHEN = (",", ";", "\r", "\n", '"')
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def safe(value: object) -> str:
    """Escape text for anything that reaches folium/Leaflet or the page (stack-notes §6).

    ``html.escape`` alone leaves ``$``, backticks and backslashes, which break out
    of the JavaScript template literals folium writes.
    """
    return (html.escape("" if value is None else str(value), quote=True)
            .replace("$", "&#36;").replace("`", "&#96;").replace("\\", "&#92;"))


def number_text(value: object, lang: str, decimals: int | None = None) -> str:
    """A number in the reader's language: "1,400.5" in English and Mexican Spanish, "1.400,5" in German.

    Without ``decimals`` a whole number is written whole and anything else (a fraction, a text) is returned as
    it is; with ``decimals`` any real number is rounded to that many places. A missing figure (NaN) is "–".
    """
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        return str(value)
    if not math.isfinite(value):
        return "–"
    if decimals is None:
        if not float(value).is_integer():
            return str(value)
        decimals, value = 0, int(value)
    text = f"{value:,.{decimals}f}"
    return text.translate(_GERMAN_DIGITS) if lang == "de" else text


_GERMAN_DIGITS = str.maketrans(",.", ".,")


def dedent_by_lines(text: str) -> str:
    """What :func:`textwrap.dedent` returns, in time that grows with the number of lines, not of characters.

    ``textwrap.dedent`` runs three multi-line regular expressions over the whole text; streamlit-folium calls it
    on every layer's script on every rerun, and ours carry their GeoJSON on a few very long lines (a 143 KB
    layer has 110 lines), so those scans were a fifth of a filter change. The same rules, line by line: a line of
    only spaces and tabs becomes empty; the margin is the longest run of spaces and tabs that begins every other
    non-empty line; it is removed from each of them.
    """
    lines = text.split("\n")
    margin = None
    for i, line in enumerate(lines):
        content = line.lstrip(" \t")
        if not content:
            lines[i] = ""
            continue
        indent = line[:len(line) - len(content)]
        if margin is None or margin.startswith(indent):
            margin = indent
        elif not indent.startswith(margin):
            margin = margin[:next(k for k, (a, b) in enumerate(zip(margin, indent, strict=False)) if a != b)]
    if margin:
        lines = [line[len(margin):] if line else line for line in lines]
    return "\n".join(lines)


def formula_safe(value: object) -> str:
    """Text for a CSV cell that spreadsheets will not evaluate, read with "," or with ";" as the separator."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a number (e.g. a western longitude, -99.1) is data, not a formula
    text = "" if value is None else (";".join(map(str, value)) if isinstance(value, list) else str(value))
    text = _INNER_CELL_START.sub(r"\1'", text)
    return "'" + text if text.startswith(FORMULA_START) else text


def number_or_formula_safe(value: object) -> str:
    """Like :func:`formula_safe`, but text that is a plain number ("-101.2", raw values of a file) stays a number."""
    text = "" if value is None else str(value)
    return text if _PLAIN_NUMBER.fullmatch(text) else formula_safe(value)


def csv_field(text: str) -> str:
    """``text`` (already formula-safe) as one CSV field: quoted when it holds CR, LF, ",", ";" or a quote.

    Python's csv module quotes a lone CR only when it is in the line terminator, and never a ";".
    """
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in _QUOTE_WHEN) else text


def spreadsheet_csv(header: Sequence[str], rows: Iterable[Sequence[object]], cell=formula_safe) -> str:
    """CSV text every spreadsheet reads as data: each value through ``cell``, then :func:`csv_field`."""
    lines = [",".join(csv_field(cell(c)) for c in header)]
    lines.extend(",".join(csv_field(cell(v)) for v in row) for row in rows)
    return "\n".join(lines) + "\n"


def slugify(text: str) -> str:
    """Lowercase ASCII slug: 'Mi Lista (2024)' -> 'mi-lista-2024', 'Ciudad de México' -> 'ciudad-de-mexico'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


# Articles and joining words a name may carry or drop ("Cártel de Sinaloa", "Sinaloa Cartel").
NAME_STOPWORDS = frozenset({"de", "del", "la", "las", "los", "el", "the", "of", "y", "and"})


def plain_words(text: str) -> str:
    """Words without case, accents or punctuation, for matching names: 'Cártel de Sinaloa' -> 'cartel de sinaloa'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def name_key(text: str) -> str:
    """A name as the register and the cartel matcher compare it: plain words without articles ('cartel sinaloa')."""
    return " ".join(w for w in plain_words(text).split() if w not in NAME_STOPWORDS)


def script_json(data: object) -> str:
    """JSON safe to place inside a <script> (like Jinja's tojson: no raw <, >, &, ')."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("'", "\\u0027").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
