"""Which official table a view draws as a choropleth, and the layer and key that follow from the store.

A view names a count table, a measure and rates or counts (:class:`CountsView`, in the link as
``counts=NAME&measure=…&rate=1``); its years are the view's year filter, clipped to the table's
span. The cartel filter does not apply: official tables count every homicide, not a cartel's.
"""

from __future__ import annotations

import functools

from dashboard.i18n import t
from dashboard.map.choropleth import Classed, Prepared, Request, choropleth, prepare
from dashboard.map.choropleth_layer import choropleth_collection, legend_entries
from dashboard.map.legend import LegendEntry
from dashboard.model import Selection
from dashboard.share.counts_link import CountsView

GUANAJUATO = "11"  # the municipal view beside the Salamanca chapter


def population_name(wanted: str | None) -> str | None:
    """The population table to divide by: the one named, else the only one stored, else the first."""
    from dashboard.official.store import list_tables

    names = sorted(i.name for i in list_tables() if i.kind == "population")
    if wanted is not None:
        if wanted not in names:
            raise ValueError(f"no population table {wanted!r}")
        return wanted
    return names[0] if names else None


@functools.lru_cache(maxsize=8)
def prepared_tables(table: str, population: str | None, imported_at: str = "") -> tuple[Prepared, str]:
    """A count table prepared for classing (``imported_at`` keys a re-import), and its source line."""
    from dashboard.official.store import load_table

    info, counts = load_table(table)
    pop = load_table(population)[1] if population else None
    return prepare(counts, pop), info.layout


def clipped_years(prepared: Prepared, sel: Selection) -> tuple[int, int]:
    """The view's years within the table's span (the last year when they miss it)."""
    first = int(prepared.rows["year"].min())
    lo, hi = max(sel.year_from, first), min(sel.year_to, prepared.last_year)
    return (lo, hi) if lo <= hi else (prepared.last_year, prepared.last_year)


def classed_for(view: CountsView, sel: Selection) -> tuple[Classed, str, str | None]:
    """The classed areas of a view, its source line and the population table used."""
    population = population_name(view.population) if view.rate else None
    prepared, source = prepared_tables(view.table, population)
    request = Request(view.table, view.measure, view.rate, clipped_years(prepared, sel), state=view.state)
    return choropleth(request, prepared), source, population


def counts_layer(view: CountsView, sel: Selection, lang: str, with_features: bool = True
                 ) -> tuple[dict, list[LegendEntry]]:
    """The choropleth's feature collection and its key entries, for the map, the PNG and the HTML."""
    classed, source, population = classed_for(view, sel)
    layer = choropleth_collection(classed, lang, view.state, with_features)
    key = legend_entries(classed, lang, view.table, source, population)
    if "territories" in sel.layers:  # their colours lie over the classes: say how to read them bare
        key.append(LegendEntry("note", t("choro_under_territories", lang)))
    return layer, key


@functools.lru_cache(maxsize=4)
def _counts_frame(table: str):
    from dashboard.official.store import load_table

    return load_table(table)[1].frame


def area_series(view: CountsView, area: str, sel: Selection) -> tuple[str, list[tuple[str, float | None]]]:
    """An area's monthly values over the view's years (None: a month not published), with its name."""
    classed, _, _ = classed_for(view, sel)
    frame = _counts_frame(view.table)
    measures = classed.measure.split(" + ")
    rows = frame[(frame["area"] == area) & frame["measure"].isin(measures)]
    year = rows["period"].str[:4].astype(int)
    rows = rows[year.between(*classed.years)]
    monthly = rows.groupby("period", sort=True)["value"].sum(min_count=1)
    name = str(rows["area_name"].iloc[0]) if len(rows) else area
    return name, [(p, None if v != v else float(v)) for p, v in monthly.items()]


def counts_export(view: CountsView, sel: Selection, fmt: str) -> str:
    """The choropleth's areas as CSV or GeoJSON: every area of the table, ``mapped`` false where no polygon
    exists (its geometry null), so none is dropped silently."""
    import csv
    import io
    import json

    import shapely

    from dashboard.map.choropleth import area_shapes
    from dashboard.map.choropleth_layer import export_rows
    from dashboard.text import formula_safe

    classed, source, population = classed_for(view, sel)
    rows = [{**r, "population_table": population or "", "source": source} for r in export_rows(classed)]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["area"], lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None or v != v else formula_safe(v) for k, v in r.items()} for r in rows)
        return out.getvalue()
    shapes = area_shapes(classed.level)
    features = [{"type": "Feature", "properties": {k: None if v != v else v for k, v in r.items()},
                 "geometry": json.loads(shapely.to_geojson(shapes[r["area"]])) if r["mapped"] else None}
                for r in rows]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
