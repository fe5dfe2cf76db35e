"""Parsing the values of one field: text cleaning, dates, casualty counts and coordinate numbers.

Each parser either returns the value or raises :class:`DateProblem` / :class:`ValueProblem`
with a reason a user can act on; nothing is guessed (``03/04/2024`` is ambiguous, not March).
Text is kept as text (escaping for HTML/JS happens in the map layer; CSV exports are made
formula-safe by :func:`dashboard.text.formula_safe`); control characters and bidi overrides
are removed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache

FIRST_YEAR = 1900  # dates before this are taken as typing errors


# --------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------
_BIDI = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF}


def clean_text(text: str, keep_newlines: bool = False) -> str:
    """Strip; drop control characters and bidi overrides (tabs/CR become spaces; newlines only in notes)."""
    if text.isprintable():
        return text.strip()
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch == "\n" and keep_newlines:
            out.append("\n")
        elif ch in "\t\r\n\x0b\x0c" or unicodedata.category(ch) == "Zs":
            out.append(" ")
        elif ord(ch) in _BIDI or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return "".join(out).strip()


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------
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
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]*(?:Z|[+-]\d\d:?\d\d)?)?", re.IGNORECASE)
_YMD_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_YM = re.compile(r"(\d{4})-(\d{1,2})")
_Y = re.compile(r"(\d{4})")
_D_MON_Y = re.compile(r"(\d{1,2})\.?[ -]+(?:de )?([a-z]+)\.?,?[ -]+(?:de )?(\d{4})")
_MON_D_Y = re.compile(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})")
_NUMERIC_DMY = re.compile(r"(\d{1,2})([/.])(\d{1,2})[/.](\d{4})")


class DateProblem(ValueError):
    """A date that cannot be used; ``str(exc)`` says why."""


def _day(year: int, month: int, day: int) -> str:
    try:
        when = dt.date(year, month, day)
    except ValueError:
        raise DateProblem("no such day") from None
    if when > dt.date.today():
        raise DateProblem("date is in the future")
    return when.isoformat()


@lru_cache(maxsize=65536)
def parse_date(text: str) -> tuple[str, int]:
    """(ISO date, year) for the date formats sheets and ACLED use; raise :class:`DateProblem`.

    ``2024-01-25``, ``2024/01/25``, ``25 January 2024``, ``25-Jan-2024``, ``25 de enero de 2024``,
    ``January 25, 2024``, ``25.01.2024`` (day first), ``25/01/2024`` when the order is evident
    (a day over 12), ``2024-01`` and ``2024`` (month / year precision). ``03/04/2024`` is
    ambiguous and rejected rather than guessed.
    """
    t = _date_words(text)
    if m := _ISO.fullmatch(t) or _YMD_SLASH.fullmatch(t):
        iso = _day(int(m[1]), int(m[2]), int(m[3]))
    elif m := _D_MON_Y.fullmatch(t):
        iso = _day(int(m[3]), _month(m[2]), int(m[1]))
    elif m := _MON_D_Y.fullmatch(t):
        iso = _day(int(m[3]), _month(m[1]), int(m[2]))
    elif m := _NUMERIC_DMY.fullmatch(t):
        iso = _numeric_day(int(m[1]), m[2], int(m[3]), int(m[4]))
    elif m := _YM.fullmatch(t):
        if not 1 <= int(m[2]) <= 12:
            raise DateProblem("no such month")
        iso = f"{int(m[1]):04d}-{int(m[2]):02d}"
        if iso > dt.date.today().isoformat()[:7]:
            raise DateProblem("date is in the future")
    elif m := _Y.fullmatch(t):
        iso = m[1]
        if int(iso) > dt.date.today().year:
            raise DateProblem("date is in the future")
    else:
        raise DateProblem("not a date this importer understands (use YYYY-MM-DD)")
    year = int(iso[:4])
    if year < FIRST_YEAR:
        raise DateProblem(f"year {year} is before {FIRST_YEAR}")
    return iso, year


def _month(name: str) -> int:
    month = MONTHS.get(name)
    if month is None:
        raise DateProblem(f"unknown month {name!r}")
    return month


def _numeric_day(a: int, sep: str, b: int, year: int) -> str:
    """``a/b/year`` or ``a.b.year``: dotted dates are day first; slashed ones only where the order is evident."""
    if sep == "." or a > 12:
        return _day(year, b, a)
    if b > 12:
        return _day(year, a, b)
    if a == b:
        return _day(year, a, a)
    raise DateProblem("day and month order is ambiguous; use YYYY-MM-DD")


def _date_words(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(plain.replace(",", ", ").split()).replace(" ,", ",")


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------
class ValueProblem(ValueError):
    """A count or coordinate that cannot be used; ``str(exc)`` names the column and says why."""


def parse_count(text: str, column: str) -> int | None:
    """A casualty count: '' -> None, '3' / '3.0' -> 3; otherwise :class:`ValueProblem`."""
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise ValueProblem(f"non-numeric {column} {text!r}") from None
        if not (math.isfinite(number) and number.is_integer()):
            raise ValueProblem(f"{column} {text!r} is not a whole number") from None
        value = int(number)
    if value < 0:
        raise ValueProblem(f"{column} {text!r} is negative")
    if value > 1_000_000:
        raise ValueProblem(f"{column} {text!r} is implausibly large")
    return value


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def parse_coord(value: object, column: str) -> float:
    """A latitude or longitude as a finite float (a decimal comma is accepted); otherwise :class:`ValueProblem`."""
    if isinstance(value, bool):
        raise ValueProblem(f"{column} {value!r} is not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        try:
            number = float(text)
        except ValueError:
            if _DECIMAL_COMMA.fullmatch(text):  # "20,57" from a semicolon-separated European sheet
                number = float(text.replace(",", "."))
            else:
                raise ValueProblem(f"{column} {text!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueProblem(f"{column} {value!r} is not a finite number")
    return number


def parse_coords(texts: list[str], column: str):
    """:func:`parse_coord` for many texts: (numpy array of numbers, NaN where none; problem or None per text).

    Empty texts are neither numbers nor problems. numpy reads numbers as ``float`` does, so only the
    texts it refuses (a decimal comma, a word) are read one by one.
    """
    import numpy as np

    numbers = np.full(len(texts), np.nan)
    problems: list[str | None] = [None] * len(texts)
    filled = [i for i, t in enumerate(texts) if t]
    try:
        numbers[filled] = np.array([texts[i] for i in filled], dtype=np.float64)
        doubtful = [i for i in filled if not math.isfinite(numbers[i])]
    except ValueError:
        doubtful = filled
    for i in doubtful:
        try:
            numbers[i] = parse_coord(texts[i], column)
        except ValueProblem as exc:
            numbers[i], problems[i] = np.nan, str(exc)
    return numbers, problems
