"""INEGI's tables as exported: the web pivot tool's CSV (homicides by month, census population) and
the death-certificate series by area and month (``ent_mun|year|month|homicides|…``).

The pivot export is not a flat table: title lines ("Año de registro : 2014", "Según: Mes de
registro"), a header row, a national "Total" row, one subtotal row per state whose code cell is an
Excel formula (``=CONCATENAR(0,01)``), municipality rows coded " 01 001 ", numbers with thousands
separators, empty cells for 0, and a "FUENTE" footer. Its months are months of **registration** or of
**occurrence** as the title says; both are kept in the unit, since they differ by weeks to years.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from dashboard.imports.municipalities import Municipalities
from dashboard.imports.rejections import ImportRejected
from dashboard.official.areas import NATIONAL
from dashboard.official.placing import place_municipal_codes, place_states
from dashboard.official.table import (
    COUNT_COLUMNS,
    COUNTS,
    MONTHS_ES,
    POPULATION,
    POPULATION_COLUMNS,
    OfficialTable,
    counts_from_text,
    month_period,
)

DEATHS = "death certificates"
_FORMULA_CODE = re.compile(r"=\s*CONCATENAR\(\s*\d?\s*,\s*(\d+)\s*\)", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
DEATH_SERIES_CODES = ("ent_mun", "cve_ent")  # area codes: text, so "01001" keeps its zero


def is_pivot_export(text: str) -> bool:
    head = text[:2000]
    return "Consulta de:" in head and ("=CONCATENAR" in text[:20000] or '" 01 001 "' in text[:20000])


def is_death_series(cols: set[str]) -> bool:
    return {"year", "month", "homicides"} <= cols and ("ent_mun" in cols or "cve_ent" in cols)


def _pivot_rows(text: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(title and footer lines, data rows after the header, header) of a pivot export."""
    rows = list(csv.reader(io.StringIO(text)))
    start = next((i for i, r in enumerate(rows) if len(r) > 3 and r[2].strip() == "Total"), None)
    if start is None:
        raise ImportRejected("an INEGI export without its header row (\"Total\", then months or sexes)")
    title = [" ".join(r) for r in rows[:start]] + [" ".join(r) for r in rows if r and r[0].startswith("FUENTE")]
    body = [r for r in rows[start + 1:] if len(r) > 2 and not r[0].startswith("FUENTE")]
    return title, body, rows[start]


def _pivot_code(cell: str) -> str:
    """" 01 001 " -> "01001"; "=CONCATENAR(0,01) " -> "01"; " " (the national row) -> "00"."""
    if (m := _FORMULA_CODE.search(cell)) is not None:
        return f"{int(m.group(1)):02d}"
    digits = "".join(cell.split())
    return digits or NATIONAL


def _pivot_areas(codes: pd.Series, names: pd.Series, towns: Municipalities) -> tuple[pd.DataFrame, list[str]]:
    is_state = codes.str.len() <= 2
    states, notes = place_states(codes[is_state])
    municipal, more = place_municipal_codes(codes[~is_state], names[~is_state], towns)
    return pd.concat([states, municipal]).loc[codes.index], notes + more


def read_pivot(text: str, towns: Municipalities) -> OfficialTable:
    title, body, header = _pivot_rows(text)
    titles = " ".join(title)
    width = len(header)
    frame = pd.DataFrame([(r + [""] * width)[:width] for r in body], columns=[h.strip() or f"c{i}"
                                                                                 for i, h in enumerate(header)])
    codes, names = frame.iloc[:, 0].map(_pivot_code), frame.iloc[:, 1].str.strip()
    areas, notes = _pivot_areas(codes, names, towns)
    if "Hombres" in header:
        return _pivot_population(frame, areas, titles, notes)
    year = _YEAR.search(titles.split("Año", 1)[-1]) or _YEAR.search(titles)
    basis = "registration" if "Mes de registro" in titles else "occurrence"
    measure = re.sub(r"\s+", " ", title[0].strip(' "')) if title else "Defunciones por homicidio"
    parts = []
    for n, month in enumerate(MONTHS_ES, start=1):
        column = next((c for c in frame.columns if c.casefold() == month), None)
        if column is not None:  # an empty cell in a pivot export is 0, not missing
            parts.append(areas.assign(period=f"{year.group(0)}-{n:02d}", measure=measure, modality="",
                                      unit=f"{DEATHS} (month of {basis})",
                                      value=counts_from_text(frame[column]).fillna(0)))
    long = pd.concat(parts, ignore_index=True)[list(COUNT_COLUMNS)]
    notes.append(f"months are months of {basis} of the death certificate; state rows are the file's subtotals")
    return OfficialTable(COUNTS, f"INEGI pivot export, death certificates by area × month of {basis}", long, notes)


def _pivot_population(frame: pd.DataFrame, areas: pd.DataFrame, titles: str, notes: list[str]) -> OfficialTable:
    found = _YEAR.search(titles.split("Censo", 1)[-1]) or _YEAR.search(titles)
    if found is None:
        raise ImportRejected("the population export does not say its year; add it to the file's title")
    year = int(found.group(0))
    long = areas.assign(year=year, population=counts_from_text(frame["Total"]))[list(POPULATION_COLUMNS)]
    return OfficialTable(POPULATION, f"INEGI census pivot export, population by area ({year})", long, notes)


def read_death_series(frame: pd.DataFrame, towns: Municipalities) -> OfficialTable:
    cols = set(frame.columns)
    if "ent_mun" in cols:
        areas, notes = place_municipal_codes(frame["ent_mun"], None, towns)
    else:
        areas, notes = place_states(frame["cve_ent"])
    long = areas.assign(period=month_period(frame["year"], frame["month"]), measure="Homicidio (CIE-10 X85–Y09)",
                        modality="", unit=f"{DEATHS} (month of occurrence)",
                        value=counts_from_text(frame["homicides"]))[list(COUNT_COLUMNS)]
    ignored = [c for c in ("pop_est", "homicide_rate") if c in cols]
    if ignored:
        notes.append(f"columns {', '.join(ignored)} not read: their population is frozen at census years "
                     "(see the publisher's notes); rates are recomputed from a population table")
    level = "municipality" if "ent_mun" in cols else "state"
    return OfficialTable(COUNTS, f"death certificates (homicides), {level} × month of occurrence", long, notes)
