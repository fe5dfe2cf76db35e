"""Why something was not imported: a whole file (:class:`ImportRejected`), one record
(:class:`RowRejected` while building, :class:`Rejected` once recorded), and the report of
rejected rows a user downloads to fix the file (:func:`rejections_csv`, formula-safe)."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.text import formula_safe, number_or_formula_safe, spreadsheet_csv


class ImportRejected(ValueError):
    """The whole file cannot be imported; ``str(exc)`` is one line for the user."""


class RowRejected(Exception):
    """One record cannot become a row; raised while reading or building it, caught per record."""

    def __init__(self, reason: str, candidates: tuple = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.candidates = candidates


@dataclass(frozen=True)
class Rejected:
    """A row that was not imported, with why; ``candidates`` for ambiguous places."""

    line: int
    reason: str
    values: dict[str, str] = field(default_factory=dict)  # raw values by the file's column names
    candidates: tuple = ()  # gazetteer Candidates (name, admin1, country, lat, lon, ...)

    def candidates_text(self) -> str:
        return " | ".join(f"{c.name}, {c.admin1}, {c.country} ({c.lat:.5f}, {c.lon:.5f})" for c in self.candidates)


def rejections_csv(unit: str, columns: list[str], rejected: list[Rejected]) -> str:
    """Rejected rows as CSV text (``unit``, reason, candidates, then the file's columns), formula-safe."""
    extra = list(columns)
    for rej in rejected:  # GeoJSON properties may differ per feature
        extra.extend(k for k in rej.values if k not in extra)
    header = [unit, "reason", "candidates", *extra]
    rows = ([rej.line, formula_safe(rej.reason), formula_safe(rej.candidates_text()),
             *[rej.values.get(c, "") for c in extra]] for rej in rejected)
    return spreadsheet_csv(header, rows, cell=number_or_formula_safe)
