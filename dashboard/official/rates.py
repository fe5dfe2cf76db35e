"""Yearly figures and rates per 100,000 people from a count table and a population table.

A year's value is the sum of its published months; a month not published is missing, so a year
with fewer months is **partial** and says which months it holds. Rates are annualised by months:
rate = value ÷ population × 100,000 × 12 ÷ (published months). The population is the table's figure
for the same year (CONAPO's are mid-year estimates). A state missing from a municipal population
table gets the sum of its municipalities; an area with no population for the year gets no rate and
is named, never divided by zero or by a neighbour's figure. Aggregates (national rows, "No
especificado") get no rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.official.areas import AGGREGATE, MUNICIPALITY, STATE
from dashboard.text import plain_words

EXPORT_COLUMNS = ("area", "area_name", "level", "period", "months", "measure", "unit", "value", "population",
                  "population_year", "rate_per_100k")


@dataclass
class Yearly:
    frame: pd.DataFrame                 # EXPORT_COLUMNS
    notes: list[str] = field(default_factory=list)


def measures_matching(frame: pd.DataFrame, measure: str | None) -> list[str]:
    """The table's measures a user's word means ("homicidio doloso" matches "Homicidio doloso")."""
    names = sorted(frame["measure"].unique())
    if not measure:
        return names
    wanted = plain_words(measure)
    return [m for m in names if plain_words(m) == wanted] or [m for m in names if wanted in plain_words(m)]


def yearly(counts: pd.DataFrame, *, level: str | None = None, measures: list[str] | None = None,
           years: tuple[int, int] | None = None) -> pd.DataFrame:
    """One row per area, year and measure (modalities summed): value, months published."""
    f = counts
    if level is not None:
        f = f[f["level"] == level]
    if measures is not None:
        f = f[f["measure"].isin(measures)]
    year = f["period"].str[:4].astype(int)
    if years is not None:
        f, year = f[year.between(*years)], year[year.between(*years)]
    f = f.assign(year=year)
    monthly = f
    if f["modality"].ne("").any():
        # Modalities summed per month first: a month counts as published when any of its values is.
        by_month = f.groupby(["area", "area_name", "level", "year", "period", "measure", "unit"], sort=False,
                             observed=True)["value"]
        monthly = by_month.sum(min_count=1).reset_index()
    grouped = monthly.groupby(["area", "area_name", "level", "year", "measure", "unit"], sort=True,
                              observed=True)["value"]
    out = pd.DataFrame({"value": grouped.sum(min_count=1), "months": grouped.count()}).reset_index()
    return out[out["months"] > 0].reset_index(drop=True)


def population_for(population: pd.DataFrame, areas: pd.DataFrame) -> pd.Series:
    """Population of each (area, year) row of ``areas``; a state missing from the table gets the sum of
    its municipalities; NaN where the table has no figure."""
    pop = population.set_index(["area", "year"])["population"]
    states = (population[population["level"] == MUNICIPALITY].assign(state=lambda p: p["area"].str[:2])
              .groupby(["state", "year"])["population"].sum())
    direct = pd.Series([pop.get((a, y), np.nan) for a, y in zip(areas["area"], areas["year"], strict=True)],
                       index=areas.index, dtype="float64")
    summed = pd.Series([states.get((a, y), np.nan) if lvl == STATE else np.nan
                        for a, y, lvl in zip(areas["area"], areas["year"], areas["level"], strict=True)],
                       index=areas.index, dtype="float64")
    return direct.fillna(summed)


def with_rates(rows: pd.DataFrame, population: pd.DataFrame | None) -> Yearly:
    """``yearly`` rows with population and annualised rate per 100,000 (or counts only, said so)."""
    out = rows.copy()
    out["period"] = out["year"].astype(str)
    notes = []
    partial = out[out["months"] < 12]
    if len(partial):
        notes.append(f"{partial['year'].nunique()} year(s) are partial (fewer than 12 published months): "
                     "values are their sums, rates are annualised × 12 ÷ months")
    if population is None:
        out["population"] = np.nan
        out["population_year"] = pd.NA
        out["rate_per_100k"] = np.nan
        notes.append("no population table: counts only, no rates")
        return Yearly(out[list(EXPORT_COLUMNS)], notes)
    out["population"] = population_for(population, out).where(out["level"] != AGGREGATE)
    out["population_year"] = out["year"].where(out["population"].notna())
    out["rate_per_100k"] = (out["value"] / out["population"] * 100_000 * 12 / out["months"]).round(2)
    lacking = out[(out["level"] != AGGREGATE) & out["population"].isna()]
    if len(lacking):
        names = sorted({f"{a} {n} ({y})" for a, n, y in lacking[["area", "area_name", "year"]].itertuples(index=False)})
        notes.append(f"{len(names)} area-year(s) have no population in the table, so no rate: {', '.join(names[:10])}")
    return Yearly(out[list(EXPORT_COLUMNS)], notes)
