"""Generate geodata/boundaries/*.geojson from pip-installable sources.

Run: ``python geodata/scripts/build_boundaries.py`` (needs ``pip install libpysal``).

Sources
-------
- Mexico's 32 states: libpysal example ``mexico`` (``mexicojoin.shp``, INEGI-derived).
- The 48 contiguous US states: libpysal example ``us_income`` (``us48.shp``).
- Countries (context base map): Natural Earth 1:110m admin-0, shipped in the
  pyogrio wheel as a test fixture (public domain).

State names are normalised to the names used across ``geodata/`` (Ciudad de
México, Coahuila, Michoacán, ...). Geometries are lightly simplified and rounded
to 4 decimals (about 10 m) so the files stay small and diffs readable.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely

OUT = Path(__file__).resolve().parents[1] / "boundaries"
SIMPLIFY_DEG = 0.01
PRECISION_DEG = 1e-4

# libpysal's names (1990s INEGI spelling, no accents) -> names used in geodata/.
MX_NAMES = {
    "Baja California Norte": "Baja California",
    "Queretaro de Arteaga": "Querétaro",
    "Michoacan de Ocampo": "Michoacán",
    "Mexico": "México",
    "Distrito Federal": "Ciudad de México",
    "Yucatan": "Yucatán",
    "Coahuila De Zaragoza": "Coahuila",
    "San Luis Potosi": "San Luis Potosí",
    "Nuevo Leon": "Nuevo León",
    "Veracruz-Llave": "Veracruz",
}
# Countries kept for the context base map (ISO A2 as written by Natural Earth).
COUNTRIES = {"MX", "US", "CA", "GT", "BZ", "HN", "SV", "NI", "CR", "PA", "CU", "HT", "DO",
             "JM", "BS", "VE", "CO", "EC", "PE", "BR", "BO", "PY", "AR", "CL", "UY", "GY",
             "SR", "PR", "TT"}


def _example_path(example: str, filename: str) -> Path:
    import libpysal.examples as ex

    return Path(ex.__file__).parent / example / filename


def _tidy(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    geom = shapely.make_valid(gdf.geometry.values)
    geom = shapely.simplify(geom, SIMPLIFY_DEG, preserve_topology=True)
    geom = shapely.set_precision(geom, PRECISION_DEG)
    return gdf.set_geometry(gpd.GeoSeries(geom, crs=4326, index=gdf.index))


def build_mx_states() -> gpd.GeoDataFrame:
    raw = gpd.read_file(_example_path("mexico", "mexicojoin.shp")).set_crs(4326, allow_override=True)
    names = raw["NAME"].map(lambda n: MX_NAMES.get(n, n))
    out = gpd.GeoDataFrame({"name": names, "code": raw["CODE"], "country": "MX"}, geometry=raw.geometry)
    return _tidy(out).sort_values("name").reset_index(drop=True)


def build_us_states() -> gpd.GeoDataFrame:
    raw = gpd.read_file(_example_path("us_income", "us48.shp")).set_crs(4326, allow_override=True)
    out = gpd.GeoDataFrame(
        {"name": raw["STATE_NAME"], "code": "US-" + raw["STATE_ABBR"], "country": "US"}, geometry=raw.geometry
    )
    return _tidy(out).sort_values("name").reset_index(drop=True)


def build_countries() -> gpd.GeoDataFrame:
    import pyogrio

    path = Path(pyogrio.__file__).parent / "tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp"
    raw = gpd.read_file(path).to_crs(4326)
    code_col = "iso_a2" if "iso_a2" in raw.columns else "iso_a3"
    raw = raw.rename(columns={code_col: "code"})
    if code_col == "iso_a3":
        raw["code"] = raw["code"].map(_ISO3_TO_2).fillna("")
    keep = raw[raw["code"].isin(COUNTRIES)]
    out = gpd.GeoDataFrame({"name": keep["name"], "code": keep["code"], "country": keep["code"]},
                           geometry=keep.geometry)
    return _tidy(out).sort_values("name").reset_index(drop=True)


_ISO3_TO_2 = {"MEX": "MX", "USA": "US", "CAN": "CA", "GTM": "GT", "BLZ": "BZ", "HND": "HN", "SLV": "SV",
              "NIC": "NI", "CRI": "CR", "PAN": "PA", "CUB": "CU", "HTI": "HT", "DOM": "DO", "JAM": "JM",
              "BHS": "BS", "VEN": "VE", "COL": "CO", "ECU": "EC", "PER": "PE", "BRA": "BR", "BOL": "BO",
              "PRY": "PY", "ARG": "AR", "CHL": "CL", "URY": "UY", "GUY": "GY", "SUR": "SR", "PRI": "PR",
              "TTO": "TT"}


def write(gdf: gpd.GeoDataFrame, name: str) -> Path:
    path = OUT / name
    OUT.mkdir(parents=True, exist_ok=True)
    data = json.loads(gdf.to_json(drop_id=True))
    data.pop("bbox", None)
    # One feature per line keeps git diffs reviewable.
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in data["features"])
    path.write_text('{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n", encoding="utf-8")
    return path


def main() -> None:
    for gdf, name in ((build_mx_states(), "mx_states.geojson"), (build_us_states(), "us_states.geojson"),
                      (build_countries(), "countries.geojson")):
        path = write(gdf, name)
        print(f"{path.name}: {len(gdf)} features, {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
