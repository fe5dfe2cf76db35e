"""SESNSP's tables as published: case files per month in columns, the victims series, and the
municipal derivative with crimes as columns.

- **Wide months** (``Año, Clave_Ent, Entidad, [Cve. Municipio, Municipio,] Bien jurídico afectado, Tipo
  de delito, Subtipo de delito, Modalidad, Enero … Diciembre``): case files (carpetas de investigación)
  opened per month; the measure is the subtype ("Homicidio doloso"), the modality kept beside it. An
  empty month was not published. A file with ``Sexo``/``Rango de edad`` columns counts victims.
- **Long series** (``isodate, entidad, delito, total``): one row per state, month and crime; states by
  name, a "Nacional" row that is their sum (kept apart), months not yet published written as 0.
- **Crimes as columns** (``Entidad, Municipio, Feminicidio, Homicidio culposo, Homicidio doloso, Total,
  Año, Mes, …``): municipalities by name only; SESNSP publishes municipal figures only as case files.
"""

from __future__ import annotations

import pandas as pd

from dashboard.imports.municipalities import Municipalities
from dashboard.official.placing import place_municipal_codes, place_municipal_names, place_states
from dashboard.official.table import (
    COUNT_COLUMNS,
    COUNTS,
    MONTHS_ES,
    OfficialTable,
    counts_from_text,
    mark_unpublished,
    month_number,
    month_period,
    note_missing_periods,
)
from dashboard.text import plain_words

CASE_FILES, VICTIMS = "case files", "victims"


def columns_by_words(frame: pd.DataFrame) -> dict[str, str]:
    """plain words of each header -> the header as written ("Cve. Municipio" -> "cve municipio")."""
    return {plain_words(c): c for c in frame.columns}


def is_wide_months(cols: dict[str, str]) -> bool:
    return "ano" in cols and all(m in cols for m in MONTHS_ES[:3]) and ("clave ent" in cols or "entidad" in cols)


def is_long_series(cols: dict[str, str]) -> bool:
    return "entidad" in cols and "delito" in cols and "total" in cols and ("isodate" in cols or "fecha" in cols)


def is_crimes_as_columns(cols: dict[str, str]) -> bool:
    return {"entidad", "municipio", "ano", "mes"} <= set(cols)


def read_wide_months(frame: pd.DataFrame, towns: Municipalities) -> OfficialTable:
    cols = columns_by_words(frame)
    municipal = "cve municipio" in cols or "municipio" in cols
    if "cve municipio" in cols:
        areas, notes = place_municipal_codes(frame[cols["cve municipio"]], frame.get(cols.get("municipio", "")),
                                             towns)
    elif municipal:
        areas, notes = place_municipal_names(frame[cols["entidad"]], frame[cols["municipio"]], towns)
    else:
        areas, notes = place_states(frame[cols.get("clave ent") or cols["entidad"]])
    unit = VICTIMS if "sexo" in cols or "rango de edad" in cols else CASE_FILES
    measure = frame[cols.get("subtipo de delito") or cols.get("tipo de delito") or cols["delito"]]
    modality = frame[cols["modalidad"]] if "modalidad" in cols else pd.Series("", index=frame.index)
    base = areas.assign(year=frame[cols["ano"]].str.strip(), measure=measure.str.strip(),
                        modality=modality.str.strip(), unit=unit)
    months = [(i + 1, cols[m]) for i, m in enumerate(MONTHS_ES) if m in cols]
    parts = [base.assign(period=base["year"] + f"-{n:02d}", value=counts_from_text(frame[col])) for n, col in months]
    long = pd.concat(parts, ignore_index=True)[list(COUNT_COLUMNS)]
    long, zero_note = mark_unpublished(long)
    level = "municipality" if municipal else "state"
    layout = f"SESNSP {unit}, {level} × month (Enero … Diciembre in columns)"
    return OfficialTable(COUNTS, layout, long, [*notes, *note_missing_periods(long), *zero_note])


def read_long_series(frame: pd.DataFrame, towns: Municipalities, filename: str = "") -> OfficialTable:
    cols = columns_by_words(frame)
    areas, notes = place_states(frame[cols["entidad"]])
    dates = frame[cols.get("isodate") or cols["fecha"]].str.strip()
    named_victims = "victim" in plain_words(filename) or "victima" in plain_words(filename)
    unit = VICTIMS if named_victims else CASE_FILES
    long = areas.assign(period=dates.str[:7], measure=frame[cols["delito"]].str.strip(), modality="", unit=unit,
                        value=counts_from_text(frame[cols["total"]]))[list(COUNT_COLUMNS)]
    long, zero_note = mark_unpublished(long)
    unit_note = ([f"the file does not say what it counts; read as {unit} from its name"])
    return OfficialTable(COUNTS, f"SESNSP {unit}, state × month (long series: date, state, crime, total)", long,
                         [*notes, *unit_note, *zero_note])


def read_crimes_as_columns(frame: pd.DataFrame, towns: Municipalities) -> OfficialTable:
    cols = columns_by_words(frame)
    areas, notes = place_municipal_names(frame[cols["entidad"]], frame[cols["municipio"]], towns)
    months = frame[cols["mes"]].map(lambda m: month_number(str(m)) or 0)
    period = month_period(frame[cols["ano"]].str.strip(), months)
    skip = {"entidad", "municipio", "ano", "mes", "periodo", "total", "clave ent", "cve municipio"}
    parts, never = [], []
    for words, col in cols.items():
        if words in skip:
            continue
        values = counts_from_text(frame[col])
        if values.notna().sum() == 0 or values.fillna(0).eq(0).all():
            never.append(col)
            continue
        parts.append(areas.assign(period=period, measure=col, modality="", unit=CASE_FILES, value=values))
    long = pd.concat(parts, ignore_index=True)[list(COUNT_COLUMNS)]
    if never:
        notes.append(f"column(s) never filled (every value 0 or empty), not read as measures: {', '.join(never)}")
    notes.append("'Total' is the sum of the other columns and is not stored as a measure of its own")
    return OfficialTable(COUNTS, "SESNSP case files, municipality × month (crimes in columns, names without codes)",
                         long, notes)
