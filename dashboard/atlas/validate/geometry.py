"""Geographic checks of ``geodata/``: boundaries are there and valid, each place lies where it says.

The point-in-state check catches the classic geocoding traps (Villa Unión in Sinaloa vs
Coahuila, Salamanca in Spain, Tabasco the state), allowing ``COAST_TOLERANCE_KM`` for coastal points.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import shapely
import shapely.ops

from dashboard.atlas.files import BOUNDARY_FILES, Problem, Row, problem_at

COAST_TOLERANCE_KM = 15.0
# us48 (libpysal) folds the District of Columbia into its neighbours; DC was carved out of Maryland.
STATE_STAND_INS = {"District of Columbia": "Maryland"}


def haversine_km(a: shapely.Point, b: shapely.Point) -> float:
    lat1, lat2 = math.radians(a.y), math.radians(b.y)
    dlat, dlon = lat2 - lat1, math.radians(b.x - a.x)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def distance_to_polygon_km(point: shapely.Point, polygon) -> float:
    if polygon.contains(point):
        return 0.0
    nearest = shapely.ops.nearest_points(polygon, point)[0]
    return haversine_km(point, nearest)


def check_places_in_states(rows: list[Row], states: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> list[Problem]:
    """Each place must lie in the state (MX/US) or country it declares."""
    state_geom = {(r.country, r.name): r.geometry for r in states.itertuples()}
    country_geom = {r.code: r.geometry for r in countries.itertuples()}
    problems = []
    for row in rows:
        try:
            point = shapely.Point(float(row["lon"]), float(row["lat"]))
        except ValueError:
            continue  # reported by check_places_numbers
        country, admin1 = row["country"], row["admin1"]
        if country in ("MX", "US"):
            polygon = state_geom.get((country, STATE_STAND_INS.get(admin1, admin1)))
            if polygon is None:
                problems.append(problem_at(row, "admin1", f"unknown {country} state {admin1!r}"))
                continue
            label = f"{admin1}, {country}"
        elif country:
            polygon = country_geom.get(country)
            if polygon is None:
                problems.append(problem_at(row, "country", f"no boundary for country {country!r}"))
                continue
            label = country
        else:
            continue  # open sea: nothing to lie inside
        km = distance_to_polygon_km(point, polygon)
        if km > COAST_TOLERANCE_KM:
            where = f"point ({row['lat']}, {row['lon']}) of {row['id']!r}"
            problems.append(problem_at(row, "lat", f"{where} lies {km:.0f} km outside {label}"))
    return problems


def check_boundary_files(root: Path) -> list[Problem]:
    """The generated boundary files are there (they come from geodata/scripts/build_boundaries.py)."""
    return [Problem(name, None, None, "file is missing (run geodata/scripts/build_boundaries.py)")
            for name in BOUNDARY_FILES if not (root / name).exists()]


def check_boundary_geometry(states: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> list[Problem]:
    problems = []
    for frame, name in ((states, "boundaries/*_states.geojson"), (countries, BOUNDARY_FILES[2])):
        bad = frame[~frame.geometry.is_valid]
        problems += [Problem(name, None, "geometry", f"invalid geometry for {n!r}") for n in bad["name"]]
    return problems
