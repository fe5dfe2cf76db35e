"""Text that leaves the atlas: escaped for the page, safe in a spreadsheet, slugs for ids; names made comparable.

One place for each rule, so the map, the panels, the exports and the importer agree.
"""

from __future__ import annotations

import html
import unicodedata

# A CSV cell starting with one of these is evaluated as a formula by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> str:
    """Escape text for anything that reaches folium/Leaflet or the page (stack-notes §6).

    ``html.escape`` alone leaves ``$``, backticks and backslashes, which break out
    of the JavaScript template literals folium writes.
    """
    return (html.escape("" if value is None else str(value), quote=True)
            .replace("$", "&#36;").replace("`", "&#96;").replace("\\", "&#92;"))


def formula_safe(value: object) -> str:
    """Text for a CSV cell that spreadsheets will not evaluate."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a number (e.g. a western longitude, -99.1) is data, not a formula
    text = "" if value is None else (";".join(map(str, value)) if isinstance(value, list) else str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


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
