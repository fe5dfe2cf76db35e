"""Parsing the values of one field: text cleaning, dates, casualty counts and coordinate numbers.

Each parser either returns the value or raises :class:`DateProblem` / :class:`ValueProblem`
with a reason a user can act on; nothing is guessed (``03/04/2024`` is ambiguous, not March).
Text is kept as text (escaping for HTML/JS happens in the map layer; CSV exports are made
formula-safe by :func:`dashboard.text.formula_safe`); control characters and bidi overrides
are removed.
"""

from __future__ import annotations

import math
import re
import unicodedata

# dates live in dashboard.imports.dates; these names stay importable from here
from dashboard.imports.dates import FIRST_YEAR, MONTHS, DateProblem, parse_date, parse_when  # noqa: F401

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


# cells that say "no value" (in any case): missing in every column, as an empty cell is
MISSING = frozenset({"na", "n/a", "n.a.", "n.a", "#n/a", "nd", "n/d", "n.d.", "s/d", "sd", "s.d.", "sin dato",
                     "sin datos", "sin informacion", "sin información", "no disponible", "-", "--", "—", "–", "?",
                     "se reserva", "se reservan", "null", "nan"})


def is_missing(text: str) -> bool:
    """Whether a (stripped) cell says there is no value: 'na', 'N/D', 'Se reserva', '—', '?' …"""
    return len(text) <= 16 and text.casefold() in MISSING


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
