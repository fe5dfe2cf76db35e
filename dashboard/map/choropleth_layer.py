"""A classed choropleth (:mod:`dashboard.map.choropleth`) as map features, as a compact script, and as a key.

The live map receives the polygons packed: each ring's coordinates rounded to 0.001° (about
100 m, well under the 1 km simplification) and written as deltas in the variable-length
"encoded polyline" alphabet (printable ASCII 63–126), decoded by a few lines of JavaScript. The
2,465 municipalities take about 0.6 MB this way against 2.9 MB as GeoJSON, and the packed text of
a level is made once per process: switching measure or years sends the same geometry with new
classes. The PNG receives plain GeoJSON features with the same styles.
"""

from __future__ import annotations

import functools

import numpy as np
import shapely

from dashboard.i18n import plural, t
from dashboard.map.choropleth import MIN_POPULATION, NO_DATA_FILL, PALETTE, UNRELIABLE_FILL, Classed, area_shapes
from dashboard.map.features import collection, feature
from dashboard.map.legend import LegendEntry
from dashboard.text import number_text, safe, script_json

LAYER = "choropleth"
SCALE = 1000  # 0.001° per unit
FILL_OPACITY = 0.75
OUTLINE = "#6B6B6B"
# Who publishes what the key credits, by words of a table's layout or name (death certificates are INEGI's).
PUBLISHERS = {"SESNSP": ("SESNSP",), "INEGI": ("INEGI", "DEATH CERTIFICATES", "DEFUNCIONES"), "CONAPO": ("CONAPO",)}


def class_styles() -> list[dict]:
    """Leaflet styles by class: [no figure, unreliable, class 0, 1, …] (index = klass + 2)."""
    base = {"color": OUTLINE, "weight": 0.4, "opacity": 0.6, "fillOpacity": FILL_OPACITY}
    return ([{**base, "fillColor": NO_DATA_FILL, "fillOpacity": 0.3}, {**base, "fillColor": UNRELIABLE_FILL}]
            + [{**base, "fillColor": c} for c in PALETTE])


def _encode_values(values: np.ndarray) -> str:
    """Integers as the encoded-polyline alphabet: zigzag, then 5-bit groups from the low end."""
    out = []
    for v in values.tolist():
        v = ~(v << 1) if v < 0 else v << 1
        while v >= 0x20:
            out.append(chr((0x20 | (v & 0x1F)) + 63))
            v >>= 5
        out.append(chr(v + 63))
    return "".join(out)


def encode_ring(coords: np.ndarray) -> str:
    """A ring of (lon, lat) as deltas of 0.001° units, interleaved lon, lat."""
    ints = np.round(np.asarray(coords)[:, :2] * SCALE).astype(np.int64)
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return _encode_values(deltas.ravel())


def encode_geometry(geom: shapely.Geometry) -> str:
    """Polygons separated by ';', their rings by ','."""
    polys = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
    return ";".join(",".join(encode_ring(np.asarray(r.coords)) for r in (p.exterior, *p.interiors)) for p in polys)


@functools.lru_cache(maxsize=2)
def packed_geometry(level: str) -> dict[str, str]:
    """Every area of ``level`` packed, by code (once per process)."""
    return {code: encode_geometry(geom) for code, geom in area_shapes(level).items()}


DECODER = """(function(G,P,S){function ring(s){var o=[],i=0,x=0,y=0,k,r,h,b,d;while(i<s.length){for(k=0;k<2;k++){
r=0;h=0;do{b=s.charCodeAt(i++)-63;r|=(b&31)<<h;h+=5;}while(b>=32);d=(r&1)?~(r>>1):(r>>1);if(k)y+=d;else x+=d;}
o.push([x/SCALE,y/SCALE]);}return o;}
return {type:'FeatureCollection',features:P.map(function(p){return {type:'Feature',id:'area:'+p[0],
geometry:{type:'MultiPolygon',coordinates:G[p[0]].split(';').map(function(q){return q.split(',').map(ring);})},
properties:{id:'area:'+p[0],layer:'choropleth',tip:p[2],style:S[p[1]+2]}};})};})""".replace("SCALE", str(SCALE))


def area_tip(row, classed: Classed, lang: str) -> str:
    """The tooltip of one area, escaped."""
    name = safe(row.area_name)
    if not np.isfinite(row.figure) and not classed.rated:
        return t("choro_tip_none", lang, name=name)
    if classed.rated and np.isfinite(row.rate):
        tip = t("choro_tip_rate", lang, name=name, rate=number_text(row.rate, lang, 1),
                value=number_text(row.value, lang, 0), unit=safe(classed.unit),
                population=number_text(row.population, lang, 0))
    elif np.isfinite(row.value):
        tip = t("choro_tip_count", lang, name=name, value=number_text(row.value, lang, 0), unit=safe(classed.unit))
    else:
        return t("choro_tip_none", lang, name=name)
    return tip + (t("choro_tip_unreliable", lang) if not row.reliable else "")


def _drawn_codes(classed: Classed, state: str | None) -> list[str]:
    codes = area_shapes(classed.level).index
    return [c for c in codes if state is None or c[:2] == state]


def area_props(classed: Classed, lang: str, state: str | None = None) -> list[tuple[str, int, str]]:
    """(code, class, tooltip) for every polygon drawn; an area without a row has class -2 (no figure)."""
    rows = {r.area: r for r in classed.areas.itertuples(index=False)}
    out = []
    for code in _drawn_codes(classed, state):
        row = rows.get(code)
        if row is None:
            out.append((code, -2, t("choro_tip_none", lang, name=safe(code))))
        else:
            klass = int(row.klass) if row.reliable else (-1 if np.isfinite(row.figure) else -2)  # grey, or no figure
            out.append((code, klass, area_tip(row, classed, lang)))
    return out


def packed_js(classed: Classed, lang: str, state: str | None = None) -> str:
    """The layer as one script expression that evaluates to its GeoJSON (for ``AtlasGeoJson``)."""
    props = area_props(classed, lang, state)
    geometry = packed_geometry(classed.level)
    wanted = {code: geometry[code] for code, _, _ in props}
    return f"{DECODER}({script_json(wanted)},{script_json(props)},{script_json(class_styles())})"


def choropleth_collection(classed: Classed, lang: str, state: str | None = None, with_features: bool = True) -> dict:
    """A feature collection of the layer: plain features (for the PNG) and ``packed_js`` (for Leaflet)."""
    styles = class_styles()
    feats = []
    if with_features:
        shapes = area_shapes(classed.level)
        feats = [feature(shapes[code], f"area:{code}", LAYER, tip, styles[klass + 2], decimals=3)
                 for code, klass, tip in area_props(classed, lang, state)]
    return {**collection(feats), "packed_js": packed_js(classed, lang, state)}


def _break_labels(breaks: tuple[float, ...], lowest: float, lang: str) -> list[str]:
    if not breaks:
        return []
    lows = [lowest, *breaks[:-1]]
    return [f"{number_text(lo, lang, 1)}–{number_text(hi, lang, 1)}" for lo, hi in zip(lows, breaks, strict=True)]


def legend_entries(classed: Classed, lang: str, table: str, source: str, population: str | None) -> list[LegendEntry]:
    """The key: what is counted, over which years, classes and their bounds, small numbers, source, filters."""
    measure, unit = classed.measure, classed.unit
    heading = "choro_heading_rate" if classed.rated else "choro_heading_count"
    out = [LegendEntry("heading", t(heading, lang, measure=measure, unit=unit, period=classed.period))]
    reliable = classed.areas.loc[classed.areas["reliable"], "figure"]
    steps = tuple(zip(PALETTE, _break_labels(classed.breaks, float(reliable.min()) if len(reliable) else 0.0, lang),
                      strict=False))
    out.append(LegendEntry("ramp", plural("choro_classes", len(steps), lang,
                                     areas=t(f"choro_areas_{classed.level}", lang)), border=OUTLINE, steps=steps))
    if classed.rated:
        out.append(LegendEntry("fill", t("choro_unreliable", lang, population=f"{MIN_POPULATION:,}"),
                               UNRELIABLE_FILL, OUTLINE))
    out.append(LegendEntry("fill", t("choro_no_data", lang), NO_DATA_FILL, OUTLINE))
    if classed.rated and population:
        first, last = classed.population_years
        years = str(first) if first == last else f"{first}–{last}"
        out.append(LegendEntry("note", t("choro_population", lang, table=population, years=years)))
    elif not classed.rated:
        out.append(LegendEntry("note", t("choro_no_population", lang)))
    out.append(LegendEntry("note", t("choro_source", lang, table=table, source=source)))
    said = f"{source} {population or ''}".upper()
    publishers = [p for p, words in PUBLISHERS.items() if any(w in said for w in words)]
    out.append(LegendEntry("note", t("choro_credit", lang, publishers=", ".join(publishers) or source)))
    out.append(LegendEntry("note", t("choro_filters", lang)))
    if len(classed.unmapped):
        out.append(LegendEntry("note", t("choro_unmapped", lang, areas=unmapped_text(classed, lang))))
    return out


def unmapped_text(classed: Classed, lang: str) -> str:
    """The areas without a polygon, with their figures: "02006 San Quintín: 12, 9.1 per 100,000", numbers as
    the reader's language writes them."""
    parts = []
    for r in classed.unmapped.itertuples(index=False):
        rated = classed.rated and np.isfinite(r.rate)
        rate = t("choro_unmapped_rate", lang, rate=number_text(r.rate, lang, 1)) if rated else ""
        parts.append(f"{r.area} {r.area_name}: {number_text(r.value, lang, 0)}{rate}")
    return "; ".join(parts)


def export_rows(classed: Classed) -> list[dict]:
    """Every area of the layer, mapped or not, as export rows (``mapped`` says which have a polygon)."""
    rows = []
    for frame, mapped in ((classed.areas, True), (classed.unmapped, False)):
        for r in frame.itertuples(index=False):
            rows.append({"area": r.area, "area_name": r.area_name, "period": classed.period,
                         "measure": classed.measure, "unit": classed.unit, "value": r.value,
                         "population": r.population, "rate_per_100k": r.rate, "class": int(r.klass) + 1,
                         "reliable": bool(r.reliable), "mapped": mapped})
    return rows

