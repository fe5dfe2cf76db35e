"""Tables of counts per area and period (SESNSP, INEGI, CONAPO) recognised before any row is built.

Such a table holds totals (victims of a crime in a state in a month), not events: stored as events
a state-month total of 300 homicides would read as one event with 300 killed, placed at a town that
shares the state's name. They are recognised by their shape, whatever the user maps:

- month columns (``Enero`` … ``Diciembre``), or year columns (``1990``, ``1991`` …);
- an area (``Clave_Ent``, ``Cve. Municipio``, ``entidad`` …), a period (``Año``, ``Mes``, ``isodate`` …)
  and a measure (``delito``, ``homicides``, ``Homicidio doloso``, ``total`` …);
- title lines before the table, as INEGI's query exports have.

A file that names events (coordinates, an event id, actors, a description, a source) is never taken
for one. :func:`refuse_count_table` raises :class:`ImportRejected` with what the table holds.
"""

from __future__ import annotations

import csv

from dashboard.imports.columns import column_key
from dashboard.imports.rejections import ImportRejected

MONTH_KEYS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
              "noviembre", "diciembre", "january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december")
AREA_KEYS = ("clave_ent", "cve_ent", "cve_ente", "cve_municipio", "cve_mun", "ent_mun", "cvegeo", "cve", "entidad",
             "municipio", "estado", "state", "municipality")
PERIOD_KEYS = ("ano", "anio", "year", "mes", "month", "periodo", "period", "isodate", "trimestre", "quarter")
MEASURE_WORDS = ("delito", "homicid", "feminicid", "victima", "tasa", "rate", "pop_est", "poblacion", "population",
                 "total", "defunciones")
EVENT_KEYS = ("latitude", "latitud", "lat", "longitude", "longitud", "lon", "event_id", "event_id_cnty", "id",
              "actor", "actor1", "side_a", "notes", "description", "descripcion", "hechos", "source", "fuente",
              "where_coordinates", "lugar", "location")
WHAT_IS_DONE = ("the atlas never stores a count table as events (its totals would read as single events at the "
                "area's namesake town): `python -m dashboard import FILE` keeps the SESNSP, INEGI and CONAPO layouts "
                "it recognises apart, as official tables")


def count_table_shape(header: list[str]) -> dict[str, list[str]] | None:
    """{"areas", "periods", "measures"}: the columns of a count table, or None when the header is an event list's."""
    keys = [column_key(h) for h in header]
    if any(k in EVENT_KEYS for k in keys):
        return None
    months = [h for h, k in zip(header, keys, strict=True) if k in MONTH_KEYS]
    years = [h for h in header if h.strip().isdigit() and len(h.strip()) == 4]
    areas = [h for h, k in zip(header, keys, strict=True) if k in AREA_KEYS]
    periods = [h for h, k in zip(header, keys, strict=True) if k in PERIOD_KEYS]
    measures = [h for h, k in zip(header, keys, strict=True)
                if any(w in k for w in MEASURE_WORDS) and h not in areas + periods]
    if len(months) >= 6:
        return {"areas": areas, "periods": [*periods, f"{len(months)} month columns ({months[0]} … {months[-1]})"],
                "measures": measures or [h for h in header if h not in areas + periods + months][-3:]}
    if len(years) >= 5:
        return {"areas": areas or header[:1], "periods": [f"{len(years)} year columns ({years[0]} … {years[-1]})"],
                "measures": measures}
    if areas and periods and measures:
        return {"areas": areas, "periods": periods, "measures": measures}
    return None


def refuse_count_table(header: list[str], rows: list[list[str]]) -> None:
    """Raise :class:`ImportRejected` saying what the table holds when ``header`` is a count table's."""
    shape = count_table_shape(header)
    if shape is None:
        return
    where = {h: i for i, h in enumerate(header)}
    areas = "; ".join(f"{h} ({_distinct(rows, where[h]):,} values)" for h in shape["areas"][:2]) or "none named"
    periods = "; ".join(p if p not in where else f"{p} ({_distinct(rows, where[p]):,} values)"
                        for p in shape["periods"][:3])
    measures = ", ".join(shape["measures"][:4]) or "the counts"
    kinds = [h for h in header if column_key(h) in ("delito", "tipo_de_delito", "subtipo_de_delito", "modalidad")]
    if kinds:
        measures += f"; {kinds[-1]}: {_distinct(rows, where[kinds[-1]]):,} kinds"
    raise ImportRejected(f"a table of counts, not a list of events: {len(rows):,} rows of areas ({areas}) by "
                         f"period ({periods}), measures {measures}; {WHAT_IS_DONE}")


def refuse_titled_table(text: str) -> None:
    """Raise :class:`ImportRejected` for a query export whose table comes after title lines (INEGI)."""
    lines = text.splitlines()[:15]
    titles = [row[0] for row in csv.reader(lines[:4]) if len(row) == 1 and row[0].strip()]
    table_at = next((n for n, row in enumerate(csv.reader(lines), start=1) if len(row) >= 3), 0)
    if titles and table_at:
        raise ImportRejected(f"title lines ({titles[0][:60]!r} …) come before the table, which starts on line "
                             f"{table_at}: a query export such as INEGI's, a table of counts per area and period, "
                             f"not a list of events; {WHAT_IS_DONE}")


def _distinct(rows: list[list[str]], column: int) -> int:
    return len({row[column].strip() for row in rows if column < len(row) and row[column].strip()})


def refuse_title_row(header: list[str]) -> None:
    """Raise :class:`ImportRejected` when most of the first row is empty: a title over a table, not its header."""
    named = [h for h in header if h]
    if len(header) >= 4 and len(named) * 2 < len(header):
        raise ImportRejected(f"the first row names {len(named)} of {len(header)} columns ({', '.join(named[:3])!s}): "
                             "a title over the table, not a header (a cross-table of counts reads so); an event list "
                             "needs one header row naming its columns")
