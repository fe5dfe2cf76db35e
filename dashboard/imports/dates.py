"""Dates as people write them: ISO, numeric day-first or month-first, month names, no year, ranges.

:func:`parse_when` reads one cell into (first day, year, last day of a range). Numeric dates
(``09/05/09``, ``25/01/2024``) are read day first or month first only when the order is known:
given by the user (``order``), proven by the column (a value over 12, :func:`column_order`), or
evident in the value itself; ``03/04/2024`` is otherwise ambiguous and refused, never guessed.
Month names are English, Spanish or German, whole or abbreviated ("9 de enero de 2018",
"enero 2018", "9 Jan 2018", "22-abr-17"). A date without a year ("9 de enero") takes the
``year`` given, or is refused with that hint. Ranges ("del 3 al 5 de mayo de 2018", "3 y 4 de
junio de 2018", "23 de junio y 24 de junio de 2018") keep their first and last day.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

FIRST_YEAR = 1900  # dates before this are taken as typing errors
MONTHS = {
    "january": 1, "jan": 1, "enero": 1, "ene": 1, "januar": 1, "jaenner": 1,
    "february": 2, "feb": 2, "febrero": 2, "februar": 2,
    "march": 3, "mar": 3, "marzo": 3, "maerz": 3, "marz": 3, "mrz": 3,
    "april": 4, "apr": 4, "abril": 4, "abr": 4,
    "may": 5, "mayo": 5, "mai": 5,
    "june": 6, "jun": 6, "junio": 6, "juni": 6,
    "july": 7, "jul": 7, "julio": 7, "juli": 7,
    "august": 8, "aug": 8, "agosto": 8, "ago": 8,
    "september": 9, "sep": 9, "sept": 9, "septiembre": 9, "setiembre": 9, "set": 9,
    "october": 10, "oct": 10, "octubre": 10, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "noviembre": 11,
    "december": 12, "dec": 12, "diciembre": 12, "dic": 12, "dezember": 12, "dez": 12,
}
NO_YEAR_HINT = "the date has no year; give it with --year YYYY (in the upload form: Year of dates without one)"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ][0-9:.]*(?:z|[+-]\d\d:?\d\d)?)?")
_YMD_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_YM = re.compile(r"(\d{4})-(\d{1,2})")
_Y = re.compile(r"(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_D_MON_Y = re.compile(r"(\d{1,2})\.?[ -]+(?:de )?([a-z]+)\.?(?:,?[ -]+(?:de |del )?(\d{4}|\d{2}))?")
_MON_D_Y = re.compile(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?")
_MON_Y = re.compile(r"([a-z]+)\.?,?[ -]+(?:de |del )?(\d{4})")
_DAY = re.compile(r"(\d{1,2})")
_LEAD = re.compile(r"^(?:desde el |desde |del |a partir del |a partir de |el |from |since |on )")
_RANGE = re.compile(r" (?:al|a|y|e|hasta el|hasta|to|and|until|bis|-|–|—) ")
Parts = tuple[int | None, int | None, int | None]  # (year, month, day); None where the text does not say


class DateProblem(ValueError):
    """A date that cannot be used; ``str(exc)`` says why."""


@lru_cache(maxsize=65536)
def parse_when(text: str, order: str = "", year: int = 0) -> tuple[str, int, str]:
    """(ISO first day, year, ISO last day or "") of a date or a range; raise :class:`DateProblem`.

    ``order``: "dmy" or "mdy" for numeric dates (else they must show it); ``year``: for dates without one.
    """
    t = _LEAD.sub("", date_words(text)).rstrip(". ")
    pieces = _RANGE.split(t, maxsplit=1)
    if len(pieces) == 2 and pieces[0] and pieces[1]:
        last = _parts(pieces[1], order)
        first = _parts(pieces[0], order)
        first = (first[0] or last[0], first[1] or last[1], first[2])
        start, end = _iso(first, year), _iso(last, year)
        if end < start:
            raise DateProblem(f"the range ends ({end}) before it starts ({start})")
        return start, int(start[:4]), "" if end == start else end
    iso = _iso(_parts(t, order), year)
    return iso, int(iso[:4]), ""


def parse_date(text: str) -> tuple[str, int]:
    """(ISO date, year) of one date written in a usual way; see :func:`parse_when`."""
    iso, year, _ = parse_when(text)
    return iso, year


def _parts(t: str, order: str) -> Parts:
    """(year, month, day) of one date's text (without a range)."""
    if m := _ISO.fullmatch(t) or _YMD_SLASH.fullmatch(t):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _NUMERIC.fullmatch(t):
        month, day = _numeric_order(int(m[1]), m[2], int(m[3]), order)
        return _full_year(m[4]), month, day
    if m := _YM.fullmatch(t):
        if not 1 <= int(m[2]) <= 12:
            raise DateProblem("no such month")
        return int(m[1]), int(m[2]), None
    if m := _Y.fullmatch(t):
        return int(m[1]), None, None
    if m := _D_MON_Y.fullmatch(t):
        return (_full_year(m[3]) if m[3] else None), _month(m[2]), int(m[1])
    if (m := _MON_D_Y.fullmatch(t)) and m[1] in MONTHS:
        return (int(m[3]) if m[3] else None), _month(m[1]), int(m[2])
    if m := _MON_Y.fullmatch(t):
        return int(m[2]), _month(m[1]), None
    if m := _DAY.fullmatch(t):
        return None, None, int(m[1])
    if t in MONTHS:
        return None, MONTHS[t], None
    raise DateProblem("not a date this importer understands (use YYYY-MM-DD)")


def _iso(parts: Parts, default_year: int) -> str:
    year, month, day = parts
    if year is None:
        if not default_year:
            raise DateProblem(NO_YEAR_HINT)
        year = default_year
    if year < FIRST_YEAR:
        raise DateProblem(f"year {year} is before {FIRST_YEAR}")
    if month is None:
        if day is not None:
            raise DateProblem("a day without a month")
        if year > dt.date.today().year:
            raise DateProblem("date is in the future")
        return f"{year:04d}"
    if day is None:
        iso = f"{year:04d}-{month:02d}"
        if iso > dt.date.today().isoformat()[:7]:
            raise DateProblem("date is in the future")
        return iso
    try:
        when = dt.date(year, month, day)
    except ValueError:
        raise DateProblem("no such day") from None
    if when > dt.date.today():
        raise DateProblem("date is in the future")
    return when.isoformat()


def _full_year(text: str) -> int:
    """A year as written: '2009', or '09' (this century unless that is still to come, then the last)."""
    year = int(text)
    if len(text) == 4:
        return year
    this = dt.date.today().year
    return 2000 + year if 2000 + year <= this else 1900 + year


def _month(name: str) -> int:
    month = MONTHS.get(name)
    if month is None:
        raise DateProblem(f"unknown month {name!r}")
    return month


def _numeric_order(a: int, sep: str, b: int, order: str) -> tuple[int, int]:
    """(month, day) of ``a/b``: in the order given, else dotted dates day first, else where a value shows it."""
    if order == "dmy" or (not order and (sep == "." or a > 12)):
        return b, a
    if order == "mdy" or b > 12:
        return a, b
    if a == b:
        return a, a
    raise DateProblem("day and month order is ambiguous and the column does not show it (no day over 12); "
                      "give --dayfirst or --monthfirst, or use YYYY-MM-DD")


def column_order(texts: list[str]) -> tuple[str, str]:
    """("dmy" | "mdy" | "", an example) for a date column's numeric dates: the order a value over 12 proves.

    "" when no value shows it, or when values show both orders (each ambiguous value is then refused).
    """
    day_first = month_first = ""
    for text in texts:
        m = _NUMERIC.fullmatch(date_words(text))
        if m is None or m[2] == ".":
            continue
        a, b = int(m[1]), int(m[3])
        if a > 12 >= b and not day_first:
            day_first = text
        elif b > 12 >= a and not month_first:
            month_first = text
    if day_first and not month_first:
        return "dmy", day_first
    if month_first and not day_first:
        return "mdy", month_first
    return "", ""


def date_words(text: str) -> str:
    """Lower-case ASCII words, commas spaced: ' 9 de Enero, 2018 ' -> '9 de enero, 2018'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(plain.replace(",", ", ").split()).replace(" ,", ",")
