"""Population tables, the denominators of rates: CONAPO's mid-year estimates by state or municipality
with one column per year (``ENTIDAD, 1970 … 2070``; ``CVE, Entidad, Municipio, 1990 … 2040``).

CONAPO's state file has no codes: states are found by name through :mod:`dashboard.official.areas`.
The census count (INEGI's pivot export) is read in :mod:`dashboard.official.inegi`.
"""

from __future__ import annotations

import pandas as pd

from dashboard.imports.municipalities import Municipalities
from dashboard.official.placing import place_municipal_codes, place_states
from dashboard.official.table import POPULATION, POPULATION_COLUMNS, OfficialTable, counts_from_text


def year_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c.strip().isdigit() and len(c.strip()) == 4]


def is_population_by_year(frame: pd.DataFrame) -> bool:
    words = {c.strip().casefold() for c in frame.columns}
    return len(year_columns(frame)) >= 5 and bool(words & {"entidad", "cve", "cvegeo", "clave"})


def read_population_by_year(frame: pd.DataFrame, towns: Municipalities) -> OfficialTable:
    by_word = {c.strip().casefold(): c for c in frame.columns}
    code = by_word.get("cve") or by_word.get("cvegeo")
    if code is not None:
        areas, notes = place_municipal_codes(frame[code], frame.get(by_word.get("municipio", "")), towns)
        level = "municipality"
    else:
        areas, notes = place_states(frame[by_word["entidad"]])
        level = "state"
    years = year_columns(frame)
    long = pd.concat([areas.assign(year=int(y), population=counts_from_text(frame[y])) for y in years],
                     ignore_index=True)[list(POPULATION_COLUMNS)]
    layout = f"population by {level} and year ({years[0]}–{years[-1]}, one column per year)"
    return OfficialTable(POPULATION, layout, long, notes)
