"""Filtered layers, and whole views, as GeoJSON and CSV text that a user can send on.

:func:`to_geojson` and :func:`to_csv` write one layer (``python -m dashboard export``);
:func:`view_geojson` and :func:`view_csv` write every layer of a shared view, imported
datasets included, each feature tagged with its ``layer`` (``snapshot -o FILE.geojson|.csv``).

CSV cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``,
tab, carriage return) are prefixed with an apostrophe; numbers (a longitude of -99.1)
are written as they are.
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import pandas as pd
import shapely

from dashboard import config
from dashboard.atlas import filters
from dashboard.atlas.data import Atlas
from dashboard.map.compose import Imported
from dashboard.share.caption import caption_for
from dashboard.share.link import Snapshot, to_query_string
from dashboard.text import spreadsheet_csv
from dashboard.vocab import imported_dataset, imported_layer


def layer_columns() -> dict[str, tuple[str, ...]]:
    """Columns written per layer, in order (geometry is written as GeoJSON or lat/lon).

    Every data text in every language of :data:`dashboard.config.LANGUAGES`.
    """
    texts = config.language_columns
    places = ("id", *texts("name", plain_english=True), "kind", "admin1", "country", "precision", "geonames_id",
              "confidence", "sources", *texts("description"))
    return {
        "events": ("id", "date", "year", "date_precision", "place_id", "cartels", "actors", "type", "killed",
                   "killed_max", "injured", "disputed", *texts("dispute_note", plain_english=True), "confidence",
                   "confidence_claim", "sources", *texts("title"), *texts("summary")),
        "places": places,
        "crossings": places,
        "territories": ("id", "cartel", "year", "state", "status", "confidence", "sources",
                        *texts("note", plain_english=True)),
        "flows": ("id", "route", "seq", "from_place", "to_place", "kind", "evidence", "volume", "volume_unit",
                  "year_from", "year_to", "cartels", "confidence", "sources", *texts("label")),
        "chapters": ("id", *texts("title"), "year_from", "year_to", "zoom", "cartels", "events", "places",
                     "routes", "states", "sources"),
    }


# An imported dataset's layer is "imported:<name>" (see dashboard.imports.rows.ROW_COLUMNS).
IMPORTED_COLUMNS = ("id", "date", "year", "type", "type_original", "cartels", "actors", "place", "admin1",
                    "country", "killed", "injured", "source", "notes", "geocoded",
                    # kept from published layouts (UCDP, ACLED, INEGI tables): when, where and how many, as precise
                    # as the source says (datasets stored before these existed export them empty)
                    "date_end", "date_precision", "precision", "precision_code", "killed_low", "killed_high",
                    "organisations", "actor_names")


def columns_for(layer: str) -> tuple[str, ...]:
    return IMPORTED_COLUMNS if imported_dataset(layer) is not None else layer_columns()[layer]


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
    def rnd(c):  # nested coordinate lists
        return [rnd(x) for x in c] if isinstance(c[0], list | tuple) else [round(float(x), 5) for x in c]
    return {"type": geom["type"], "coordinates": rnd(geom["coordinates"])}


def to_csv(frame: gpd.GeoDataFrame, layer: str) -> str:
    """CSV of the layer's columns; points get lat/lon, lines their end points."""
    records = feature_records(frame, layer)
    extra: list[dict] = [point_columns(g) for g in frame.geometry]
    header = [c for c in layer_columns()[layer] if c in frame.columns] + sorted({k for e in extra for k in e})
    rows = ([plain_value({**rec, **ext}.get(c)) for c in header] for rec, ext in zip(records, extra, strict=True))
    return spreadsheet_csv(header, rows)


def point_columns(geom: object) -> dict:
    if isinstance(geom, shapely.Point):
        return {"lat": round(geom.y, 5), "lon": round(geom.x, 5)}
    if isinstance(geom, shapely.LineString):
        (x0, y0), (x1, y1) = geom.coords[0], geom.coords[-1]
        return {"from_lat": round(y0, 5), "from_lon": round(x0, 5), "to_lat": round(y1, 5), "to_lon": round(x1, 5)}
    return {}


# --- a whole view -----------------------------------------------------------------------------

VIEW_LAYERS = ("events", "places", "crossings", "flows", "territories")  # the order features are written in


def view_frames(atlas: Atlas, snap: Snapshot, imported: Imported | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The filtered frame of every visible data layer, then of every imported dataset shown."""
    frames = {k: filters.layer_for(atlas, k, snap.selection) for k in VIEW_LAYERS if k in snap.selection.layers}
    for name, frame in sorted((imported or {}).items()):
        frames[imported_layer(name)] = filters.imported_for(atlas, frame, snap.selection)
    return frames


def view_geojson(atlas: Atlas, snap: Snapshot, imported: Imported | None = None) -> str:
    """All visible features in one FeatureCollection; each carries ``layer``; metadata cites the view."""
    features = []
    for layer, frame in view_frames(atlas, snap, imported).items():
        for rec, geom in zip(feature_records(frame, layer), frame.geometry, strict=True):
            features.append({"type": "Feature", "id": rec["id"], "properties": {"layer": layer, **rec},
                             "geometry": json.loads(shapely.to_geojson(shapely.set_precision(geom, 1e-5)))})
    cap = caption_for(atlas, snap)
    meta = {"title": cap.title, "caption": cap.lines(), "data_version": atlas.version,
            "query": to_query_string(snap), "sources": _used_sources(atlas, features)}
    if imported:  # who published each imported dataset drawn, as given at import (the file name only if none was)
        from dashboard.share.credits import dataset_credits

        meta["datasets"] = [{"title": c.title, "source": c.source, "licence": c.licence, "citation": c.citation}
                            for c in dataset_credits(imported)]
    return json.dumps({"type": "FeatureCollection", "metadata": meta, "features": features}, ensure_ascii=False)


def _used_sources(atlas: Atlas, features: list[dict]) -> list[dict]:
    ids = sorted({s for f in features for s in f["properties"].get("sources") or []})
    src = atlas.sources.set_index("id")
    return [{"id": i, **{k: src.loc[i, k] for k in ("publisher", "title", "date", "url")}}
            for i in ids if i in src.index]


def view_csv(atlas: Atlas, snap: Snapshot, imported: Imported | None = None) -> str:
    """All visible features in one formula-safe table with a ``layer`` column."""
    frames = view_frames(atlas, snap, imported)
    header = ["layer", *dict.fromkeys(c for layer in frames for c in columns_for(layer))]
    header += ["lat", "lon", "from_lat", "from_lon", "to_lat", "to_lon"]
    rows = ([plain_value({"layer": layer, **rec, **point_columns(geom)}.get(c)) for c in header]
            for layer, frame in frames.items()
            for rec, geom in zip(feature_records(frame, layer), frame.geometry, strict=True))
    return spreadsheet_csv(header, rows)
