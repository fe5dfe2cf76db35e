"""The articles' quantitative claims (``geodata/claims.csv``) set beside what official tables say.

A claim names a measure, an area (``00`` for the country), a period and — for a change — the period it
is compared with. Among the count tables given, the one that covers the most months of the claim is
used; the comparison is always like for like: the same months of the year in both periods, and only
months the table published ("January–June 2025 against January–June 2024" when a table stops in
June). What was compared is said in full. A claim no table covers says which table would.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.official.areas import NATIONAL, STATE, STATE_NAMES
from dashboard.official.table import OfficialTable

CLAIMS_FILE = "claims.csv"
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Claim:
    id: str
    source: str
    chapters: tuple[str, ...]
    measures: tuple[str, ...]
    area: str
    kind: str          # "change" (per cent against a base period) or "total"
    comparison: str    # "<=", ">=", "<", ">" or "~"
    figure: float
    period: tuple[str, str]
    base: tuple[str, str] | None
    text: dict[str, str]          # language -> the claim in our words
    table_needed: dict[str, str]  # language -> which table would check it


@dataclass(frozen=True)
class ClaimCheck:
    claim: Claim
    table: str | None          # the dataset compared, or None when no table covers the claim
    unit: str = ""
    months: tuple[int, ...] = ()   # months of the year compared (1-12)
    years: tuple[str, ...] = ()    # the years compared ("2025", "2024"), or the span of a total
    value: float | None = None     # the official figure: per cent change, or the total
    counts: tuple[float, ...] = ()  # the sums compared (claim period, base period), or (total,)
    holds: bool | None = None      # does the official figure bear the claim out (None: not a yes/no)
    n_months: int = 0              # published months the figure rests on (per period for a change)

    def compared(self) -> str:
        """What was compared, in words: "Jan–Jun 2025 against Jan–Jun 2024 (SESNSP case files, …)"."""
        if self.table is None:
            return ""
        span = _month_span(self.months)
        if self.claim.kind == "change":
            return f"{span} {self.years[0]} against {span} {self.years[1]} ({self.unit}, dataset {self.table!r})"
        return f"{self.years[0]} – {self.years[-1]}, {self.n_months} months ({self.unit}, dataset {self.table!r})"


def load_claims(root: Path) -> list[Claim]:
    path = root / CLAIMS_FILE
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [_claim(r) for r in csv.DictReader(fh)]


def _claim(r: dict[str, str]) -> Claim:
    langs = [k.removeprefix("claim_") for k in r if k.startswith("claim_") and k not in ("claim_from", "claim_to")]
    return Claim(r["id"], r["source"], tuple(filter(None, r["chapters"].split(";"))), tuple(r["measure"].split("|")),
                 r["area"], r["kind"], r["comparison"], float(r["figure"]), (r["claim_from"], r["claim_to"]),
                 (r["base_from"], r["base_to"]) if r["base_from"] else None,
                 {lang: r[f"claim_{lang}"] for lang in langs}, {lang: r[f"table_needed_{lang}"] for lang in langs})


def monthly_series(table: OfficialTable, claim: Claim) -> pd.Series:
    """The claim's measure in the claim's area per month (NaN: not published), from one table."""
    f = table.frame[table.frame["measure"].isin(claim.measures)]
    f = _rows_of_area(f, claim.area)
    if f.empty:
        return pd.Series(dtype="float64")
    return f.groupby("period")["value"].sum(min_count=1)


def _rows_of_area(f: pd.DataFrame, area: str) -> pd.DataFrame:
    """Rows that add up to ``area`` once each: the table's own national row when it has one; else its
    states; else its municipalities and the unplaced rows inside states."""
    if area == NATIONAL:
        if (national := f[f["area"] == NATIONAL]).size:
            return national
        if (states := f[f["level"] == STATE]).size:
            return states
        return f[(f["level"] != STATE) & (f["area"] != "abroad")]
    if area in STATE_NAMES:
        if (state := f[(f["area"] == area) & (f["level"] == STATE)]).size:
            return state
        inside = f["area"].str.startswith(area) | f["area"].str.startswith(f"unresolved-{area}")
        return f[inside & (f["level"] != STATE)]
    return f[f["area"] == area]


def check(claim: Claim, tables: dict[str, OfficialTable]) -> ClaimCheck:
    """The claim against the table that covers most of it (or no table)."""
    best = None
    for name, table in tables.items():
        series = monthly_series(table, claim)
        result = _change(claim, name, table, series) if claim.kind == "change" else _total(claim, name, table, series)
        if result is not None and (best is None or result.n_months > best.n_months):
            best = result
    return best or ClaimCheck(claim, None)


def _published(series: pd.Series, start: str, end: str) -> pd.Series:
    if series.empty:
        return series
    inside = series[(series.index >= start) & (series.index <= end)]
    return inside.dropna()


def _change(claim: Claim, name: str, table: OfficialTable, series: pd.Series) -> ClaimCheck | None:
    now, before = _published(series, *claim.period), _published(series, *claim.base)
    months = sorted({int(p[5:7]) for p in now.index} & {int(p[5:7]) for p in before.index})
    if not months:
        return None
    a = now[[p for p in now.index if int(p[5:7]) in months]].sum()
    b = before[[p for p in before.index if int(p[5:7]) in months]].sum()
    if b == 0:
        return None
    change = (a - b) / b * 100
    unit = table.frame["unit"].iloc[0]
    years = (claim.period[0][:4], claim.base[0][:4])
    return ClaimCheck(claim, name, unit, tuple(months), years, round(float(change), 1), (float(a), float(b)),
                      _holds(change, claim), len(months))


def _total(claim: Claim, name: str, table: OfficialTable, series: pd.Series) -> ClaimCheck | None:
    inside = _published(series, *claim.period)
    if inside.empty:
        return None
    unit = table.frame["unit"].iloc[0]
    return ClaimCheck(claim, name, unit, (), (inside.index[0], inside.index[-1]), float(inside.sum()),
                      (float(inside.sum()),), None, len(inside))


def _holds(value: float, claim: Claim) -> bool | None:
    ops = {"<=": value <= claim.figure, ">=": value >= claim.figure, "<": value < claim.figure,
           ">": value > claim.figure}
    return bool(ops[claim.comparison]) if claim.comparison in ops else None


def _month_span(months: tuple[int, ...]) -> str:
    if not months:
        return ""
    if list(months) == list(range(months[0], months[-1] + 1)):
        first, last = MONTH_NAMES[months[0] - 1], MONTH_NAMES[months[-1] - 1]
        return first if first == last else f"{first}–{last}"
    return ", ".join(MONTH_NAMES[m - 1] for m in months)


