"""When each record happened, for all records of a file at once: first day, year, last day of a range.

Each distinct date text is read once (:func:`~dashboard.imports.dates.parse_when`). The order of
numeric dates is the one the user gave (``--dayfirst`` / ``--monthfirst``) or the one the column
proves (a value over 12); a date without a year takes the row's year column, else the year the
user gave (``--year``). What was decided for the file is said in :attr:`Dated.notices`.
"""

from __future__ import annotations

import numpy as np

from dashboard.imports.columnar import RoleTexts
from dashboard.imports.columns import Columns
from dashboard.imports.dates import DateProblem, column_order, parse_when
from dashboard.imports.rejections import RowRejected

ORDER_NAMES = {"dmy": "day first (dd/mm/yy)", "mdy": "month first (mm/dd/yy)"}


class Dated:
    """Reads the date columns of records; ``order`` ("dmy", "mdy" or "") and ``year`` (0: none) as the user gave."""

    def __init__(self, columns: Columns, order: str = "", year: int = 0) -> None:
        self.names = columns.names
        self.order = order
        self.year = year
        self.notices: list[str] = []

    def dates(self, texts: RoleTexts, verdicts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(ISO first day, year, ISO last day or "") of every record; rejects the records without a usable date."""
        order = self.order
        if order:
            self.notices.append(f"numeric dates read {ORDER_NAMES[order]}, as asked")
        else:
            order, example = column_order(texts.distinct_texts("date"))
            if order:
                self.notices.append(f"numeric dates read {ORDER_NAMES[order]}: the column shows it "
                                    f"({self.names['date']} {example!r})")
        self._order = order
        dates = texts.per_distinct(("date", "year"), self._date)
        verdicts.reject(dates)
        first, year, end = dates.field(0, ""), dates.field(1, 0), dates.field(2, "")
        if "date_end" in self.names:
            texts.derive(("derived", "date"), first)
            given = texts.per_distinct(("date_end", ("derived", "date")), self._date_end)
            verdicts.reject(given)
            given_end = given.field(None, "")
            end = np.where(given_end != "", given_end, end)
        self._year_notice(texts, verdicts.alive)
        return first, year, end

    def _year_notice(self, texts: RoleTexts, alive: np.ndarray) -> None:
        if not self.year:
            return
        yearless = [t for t in texts.distinct_texts("date") if _has_no_year(t)]
        if yearless:
            count = int(np.isin(texts.column("date")[alive], yearless).sum())
            if count:
                self.notices.append(f"{count} date(s) without a year read as in {self.year}, as asked "
                                    f"(e.g. {yearless[0]!r})")

    def _date(self, date_text: str, year_text: str) -> tuple[str, int, str]:
        """(ISO date, year, last day); a ``year`` column gives a date without one its year, and must agree."""
        names = self.names
        if not date_text and len(year_text) == 4 and year_text.isdigit():  # a year column dates a row without a date
            date_text = year_text
        if not date_text:
            raise RowRejected(f"missing date ({names.get('date', 'date')} is empty)")
        row_year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else 0
        try:
            date, year, end = parse_when(date_text, self._order, row_year or self.year)
        except DateProblem as exc:
            raise RowRejected(f"bad date {date_text!r}: {exc}") from None
        if year_text and year_text != str(year) and len(date) == 10 and not _has_no_year(date_text):
            raise RowRejected(f"{names['date']} {date_text!r} and {names['year']} {year_text!r} disagree")
        return date, year, end

    def _date_end(self, text: str, date: str) -> str:
        """The last day of a date range ("" for a single day); it may not come before the first."""
        if not text:
            return ""
        try:
            end, _, _ = parse_when(text, self._order, self.year)
        except DateProblem as exc:
            raise RowRejected(f"bad {self.names['date_end']} {text!r}: {exc}") from None
        if end < date:
            raise RowRejected(f"{self.names['date_end']} {text!r} is before {self.names['date']}")
        return "" if end == date else end


def _has_no_year(text: str) -> bool:
    """Whether a date text reads only with a year given (no year of its own)."""
    try:
        parse_when(text)
    except DateProblem as exc:
        return "has no year" in str(exc)
    return False
