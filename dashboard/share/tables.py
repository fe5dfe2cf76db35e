"""Filtered layers as GeoJSON and CSV text that a user can send on.

CSV cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``,
tab, carriage return) are prefixed with an apostrophe; numbers (a longitude of -99.1)
are written as they are.
"""

from __future__ import annotations

import csv
import io
import json
import math

import pandas as pd

import geopandas as gpd
import shapely

from dashboard.text import formula_safe

# Columns written per layer, in order (geometry is written as GeoJSON or lat/lon).
COLUMNS = {
    "events": ("id", "date", "year", "date_precision", "place_id", "cartels", "actors", "type", "killed",
               "killed_max", "injured", "disputed", "dispute_note", "confidence", "sources", "title_en",
               "title_de", "summary_en", "summary_de"),
    "places": ("id", "name", "kind", "admin1", "country", "precision", "geonames_id", "confidence", "sources",
               "description_en", "description_de"),
    "territories": ("id", "cartel", "year", "state", "status", "confidence", "sources", "note"),
    "flows": ("id", "route", "seq", "from_place", "to_place", "kind", "evidence", "volume", "volume_unit",
              "year_from", "year_to", "cartels", "confidence", "sources", "label_en", "label_de"),
    "chapters": ("id", "title_en", "title_de", "year_from", "year_to", "zoom", "cartels", "events", "places",
                 "routes", "states", "sources"),
}
COLUMNS["crossings"] = COLUMNS["places"]
# An imported dataset's layer is "imported:<name>" (see dashboard.imports.importer.ROW_COLUMNS).
IMPORTED_COLUMNS = ("id", "date", "year", "type", "type_original", "cartels", "actors", "place", "admin1",
                    "country", "killed", "injured", "source", "notes", "geocoded")


def columns_for(layer: str) -> tuple[str, ...]:
    return IMPORTED_COLUMNS if layer.startswith("imported:") else COLUMNS[layer]


def plain_value(value: object) -> object:
    """A JSON-ready scalar: tuples become lists, NA/NaN become None, numpy numbers become Python."""
    if isinstance(value, tuple | list):
        return [plain_value(v) for v in value]
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def feature_records(frame: gpd.GeoDataFrame, layer: str) -> list[dict]:
    """Rows as plain dicts of the layer's export columns (missing columns skipped)."""
    cols = [c for c in columns_for(layer) if c in frame.columns]
    return [{c: plain_value(v) for c, v in zip(cols, row, strict=True)} for row in frame[cols].itertuples(index=False)]


def to_geojson(frame: gpd.GeoDataFrame, layer: str, meta: dict | None = None) -> str:
    """A FeatureCollection whose features carry ``id`` and the layer's attributes."""
    records = feature_records(frame, layer)
    geoms = [shapely.geometry.mapping(g) if g is not None else None for g in frame.geometry]
    features = [{"type": "Feature", "id": rec["id"], "properties": rec, "geometry": _rounded(geom)}
                for rec, geom in zip(records, geoms, strict=True)]
    collection: dict = {"type": "FeatureCollection", "features": features}
    if meta:
        collection["metadata"] = meta
    return json.dumps(collection, ensure_ascii=False, indent=None, separators=(",", ":"))


def _rounded(geom: dict | None) -> dict | None:
    if geom is None:
        return None
    def rnd(c):  # noqa: ANN001, ANN202 - nested coordinate lists
        return [rnd(x) for x in c] if isinstance(c[0], list | tuple) else [round(float(x), 5) for x in c]
    return {"type": geom["type"], "coordinates": rnd(geom["coordinates"])}


def to_csv(frame: gpd.GeoDataFrame, layer: str) -> str:
    """CSV of the layer's columns; points get lat/lon, lines their end points."""
    records = feature_records(frame, layer)
    extra: list[dict] = [point_columns(g) for g in frame.geometry]
    header = [c for c in COLUMNS[layer] if c in frame.columns] + sorted({k for e in extra for k in e})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for rec, ext in zip(records, extra, strict=True):
        merged = {**rec, **ext}
        writer.writerow([formula_safe(plain_value(merged.get(c))) for c in header])
    return out.getvalue()


def point_columns(geom: object) -> dict:
    if isinstance(geom, shapely.Point):
        return {"lat": round(geom.y, 5), "lon": round(geom.x, 5)}
    if isinstance(geom, shapely.LineString):
        (x0, y0), (x1, y1) = geom.coords[0], geom.coords[-1]
        return {"from_lat": round(y0, 5), "from_lon": round(x0, 5), "to_lat": round(y1, 5), "to_lon": round(x1, 5)}
    return {}
