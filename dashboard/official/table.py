"""Count and population tables as the atlas keeps them: one long frame, whatever the layout read.

A **count table** holds one row per area, period and measure: ``area`` (INEGI code), ``level``
(state, municipality or aggregate, see :mod:`dashboard.official.areas`), ``area_name``, ``period``
("2024-03" for a month, "2024" for a year), ``measure`` ("Homicidio doloso"), ``modality`` ("Con arma
de fuego", or ""), ``unit`` ("case files", "victims", "death certificates") and ``value``. A value
that was not published is missing (NaN), never 0.

A **population table** holds ``area``, ``level``, ``area_name``, ``year`` and ``population``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

COUNTS, POPULATION = "counts", "population"
COUNT_COLUMNS = ("area", "level", "area_name", "period", "measure", "modality", "unit", "value")
POPULATION_COLUMNS = ("area", "level", "area_name", "year", "population")
MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre")
# A period whose every value is 0 is taken as not yet published only when it has this many values:
# a national table's month cannot be all zeros, a one-municipality table's month can.
UNPUBLISHED_MIN_VALUES = 10


@dataclass
class OfficialTable:
    kind: str                 # COUNTS or POPULATION
    layout: str               # what was recognised, in words ("SESNSP case files, state × month")
    frame: pd.DataFrame       # COUNT_COLUMNS or POPULATION_COLUMNS
    notes: list[str] = field(default_factory=list)  # what the reader did that a user must know

    def summary(self) -> dict:
        """Areas per level, periods (first, last, count), measures and units: what ``datasets`` lists."""
        f = self.frame
        time = "period" if self.kind == COUNTS else "year"
        periods = sorted(f[time].astype(str).unique())
        out = {"kind": self.kind, "layout": self.layout, "rows": len(f),
               "areas": {lvl: int(n) for lvl, n in f.groupby("level")["area"].nunique().items()},
               "periods": [periods[0], periods[-1], len(periods)] if periods else []}
        if self.kind == COUNTS:
            out["measures"] = sorted(f["measure"].unique())
            out["units"] = sorted(f["unit"].unique())
        return out


def month_period(year: pd.Series, month: pd.Series) -> pd.Series:
    """"2024-03" from year and month-number columns (as text or numbers); each distinct month formatted once."""
    months = pd.to_numeric(year).astype(int) * 100 + pd.to_numeric(month).astype(int)
    codes, uniques = pd.factorize(months)
    labels = np.array([f"{u // 100}-{u % 100:02d}" for u in uniques], dtype=object)
    return pd.Series(labels[codes], index=year.index)


def month_number(name: str) -> int | None:
    """1-12 for a Spanish month name ("Enero", "septiembre", "Setiembre"), else None."""
    key = name.strip().casefold().replace("setiembre", "septiembre")
    return MONTHS_ES.index(key) + 1 if key in MONTHS_ES else None


def counts_from_text(column: pd.Series) -> pd.Series:
    """Numbers as tables write them ("20,762", "4.0", "", " 3 ") -> float; empty stays missing."""
    try:  # the common case, plain numbers: no string work
        return pd.to_numeric(column).astype("float64")
    except (ValueError, TypeError):
        pass
    text = column.astype(str).str.strip().str.replace(",", "", regex=False)
    return pd.to_numeric(text.where(text != ""), errors="coerce")


def mark_unpublished(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Periods in which every value of the table is 0 become missing: publishers write months not yet
    published as 0 (the SESNSP victims series does for Feb–Dec 2025). Returns the frame and a note."""
    values = frame.groupby("period")["value"]
    all_zero = (values.max() == 0) & (values.count() >= UNPUBLISHED_MIN_VALUES)
    periods = sorted(all_zero[all_zero].index)
    if not periods:
        return frame, []
    frame = frame.copy()
    frame.loc[frame["period"].isin(periods), "value"] = np.nan
    return frame, [f"{_span(periods)}: every value is 0, taken as not yet published (missing, not zero)"]


def note_missing_periods(frame: pd.DataFrame) -> list[str]:
    """A note naming the periods with no published value at all (empty month columns)."""
    counted = frame.groupby("period")["value"].count()
    empty = sorted(counted[counted == 0].index)
    return [f"{_span(empty)}: not published in this file (empty), kept as missing"] if empty else []


def _span(periods: list[str]) -> str:
    return periods[0] if len(periods) == 1 else f"{periods[0]} – {periods[-1]} ({len(periods)} periods)"


def empty_counts() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in COUNT_COLUMNS})
