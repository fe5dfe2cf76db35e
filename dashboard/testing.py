"""Seeded data generators that the tests and the benchmarks share: synthetic events and an ACLED-style CSV.

They live here, not in ``dashboard/bench/``, so that a unit test needs nothing of the benchmarks.
``synthetic_events`` spreads its events around the places of the atlas it is given (the tests pass
the small atlas of ``tests/data/atlas/``; the benchmarks the real ``geodata/``).
"""

from __future__ import annotations

import csv
import io
import random
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import geopandas as gpd

    from dashboard.atlas.data import Atlas

VIOLENT_TYPES = ("attack", "armed-conflict", "massacre", "assassination", "military-operation", "arrest", "seizure")


def synthetic_events(n: int, seed: int = 7, atlas: Atlas | None = None) -> gpd.GeoDataFrame:
    """N seeded events spread like the real ones: around the atlas's places, most in Mexico.

    85 % fall within ~30 km of a place of the atlas (cities, border crossings), weighted
    towards Mexico; 15 % anywhere in Mexico's bounding box. Years lean towards the recent,
    casualties are skewed (most events kill nobody), cartels follow the atlas's ids.
    ``atlas`` defaults to the real ``geodata/``.
    """
    import pandas as pd

    from dashboard.atlas.data import load_atlas
    from dashboard.imports.rows import typed_columns

    rng = np.random.default_rng(seed)
    atlas = atlas if atlas is not None else load_atlas()
    places = atlas.places
    weights = np.where(places["country"].astype(str) == "MX", 4.0, 1.0)
    weights = weights / weights.sum()
    pick = rng.choice(len(places), size=n, p=weights)
    lat0, lon0 = places.geometry.y.to_numpy()[pick], places.geometry.x.to_numpy()[pick]
    spread = rng.choice([0.05, 0.15, 0.3], size=n, p=[0.3, 0.4, 0.3])
    lat, lon = lat0 + rng.normal(0, 1, n) * spread, lon0 + rng.normal(0, 1, n) * spread
    anywhere = rng.random(n) < 0.15
    lat[anywhere] = rng.uniform(15.0, 32.5, anywhere.sum())
    lon[anywhere] = rng.uniform(-117.0, -87.0, anywhere.sum())
    year = (2006 + np.floor(20.999 * rng.random(n) ** 0.6)).astype("int64")
    month, day = rng.integers(1, 13, n), rng.integers(1, 29, n)
    cartel_ids = np.array([*atlas.cartels["id"].tolist(), "other"], dtype=object)
    first = rng.integers(0, len(cartel_ids), n)
    second = rng.integers(0, len(cartel_ids), n)
    other = len(cartel_ids) - 1
    pair = (rng.random(n) < 0.2) & (first != second) & (first != other) & (second != other)
    # One code per combination, base ``other + 2``: (first, second) for a pair, (first, other + 1) alone.
    base = other + 2
    codes, inverse = np.unique(first * base + np.where(pair, second, other + 1), return_inverse=True)
    combos = np.empty(len(codes), dtype=object)
    combos[:] = [tuple(sorted(cartel_ids[[a] if b > other else [a, b]])) for a, b in (divmod(c, base) for c in codes)]
    cartels = combos[inverse]
    types = np.array(VIOLENT_TYPES, dtype=object)[rng.integers(0, len(VIOLENT_TYPES), n)]
    killed = rng.geometric(0.55, n) - 1
    injured = rng.geometric(0.6, n) - 1
    ids = pd.Series(np.arange(1, n + 1)).astype(str)
    date = (pd.Series(year).astype(str) + "-" + pd.Series(month).astype(str).str.zfill(2) + "-"
            + pd.Series(day).astype(str).str.zfill(2))
    frame = pd.DataFrame({
        "id": "syn-" + ids, "date": date, "year": year, "type": types, "type_original": types, "cartels": cartels,
        "actors": "Synthetic actor", "place": places["name"].to_numpy()[pick],
        "admin1": places["admin1"].to_numpy()[pick], "country": "MX", "lat": lat.round(5), "lon": lon.round(5),
        "killed": killed, "injured": injured, "source": "Synthetic (bench)", "notes": "", "geocoded": False,
        "line": np.arange(2, n + 2),
    })
    return typed_columns(frame)


# (location, admin1) pairs that the offline gazetteer resolves to exactly one town
UNAMBIGUOUS_TOWNS = (
    ("Culiacán", "Sinaloa"), ("Salamanca", "Guanajuato"), ("Celaya", "Guanajuato"), ("Irapuato", "Guanajuato"),
    ("Villa Unión", "Coahuila"), ("Uruapan", "Michoacán"), ("Apatzingán", "Michoacán"), ("Morelia", "Michoacán"),
    ("Villahermosa", "Tabasco"), ("Nuevo Laredo", "Tamaulipas"), ("Reynosa", "Tamaulipas"),
    ("Fresnillo", "Zacatecas"), ("Zacatecas", "Zacatecas"), ("Tijuana", "Baja California"),
    ("Chilpancingo", "Guerrero"), ("Ciudad Juárez", "Chihuahua"), ("Cuernavaca", "Morelos"),
    ("Guadalajara", "Jalisco"), ("Tlaquepaque", "Jalisco"), ("Coatzacoalcos", "Veracruz"),
    ("Mazatlán", "Sinaloa"), ("Los Mochis", "Sinaloa"), ("Tepic", "Nayarit"), ("Colima", "Colima"),
    ("Manzanillo", "Colima"), ("Hermosillo", "Sonora"), ("Monterrey", "Nuevo León"), ("Torreón", "Coahuila"),
)
ACTORS = ("CJNG: Jalisco New Generation Cartel", "Sinaloa Cartel", "Sinaloa Cartel (Los Chapitos)",
          "CDN: Cartel del Noreste", "Cartel de Santa Rosa de Lima", "La Nueva Familia Michoacana",
          "Unidentified Armed Group (Mexico)", "Police Forces of Mexico (2018-)", "Civilians (Mexico)")
TYPES = (("Violence against civilians", "Attack"), ("Battles", "Armed clash"),
         ("Explosions/Remote violence", "Grenade"), ("Strategic developments", "Arrests"),
         ("Protests", "Peaceful protest"))
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _state_centres() -> dict[str, tuple[float, float]]:
    """(lat, lon) inside each state of :data:`UNAMBIGUOUS_TOWNS` (a point of its outline's interior)."""
    from dashboard.imports.agreement import state_named, state_outlines

    points = {s: state_outlines()[state_named(s, "")].representative_point() for _, s in UNAMBIGUOUS_TOWNS}
    return {s: (p.y, p.x) for s, p in points.items()}


def synthetic_csv(n_rows: int, geocode: bool, seed: int = 6) -> bytes:
    """A seeded ACLED-style CSV; ``geocode=True`` leaves out coordinates (place + state only)."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    centres = _state_centres() if not geocode else {}
    header = ["event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "actor2", "admin1",
              "location", "fatalities", "source", "notes", "country", "iso"]
    if not geocode:
        header[9:9] = ["latitude", "longitude"]
    writer.writerow(header)
    for i in range(n_rows):
        year, month, day = rng.randint(2018, 2025), rng.randint(1, 12), rng.randint(1, 28)
        date = f"{day} {MONTHS[month - 1]} {year}" if i % 2 else f"{year}-{month:02d}-{day:02d}"
        etype, sub = rng.choice(TYPES)
        town, state = rng.choice(UNAMBIGUOUS_TOWNS)
        row = [f"MEX{i + 1}", date, str(year), etype, sub, rng.choice(ACTORS), rng.choice(ACTORS), state, town,
               str(rng.choice((0, 0, 0, 1, 1, 2, 3, 5))), "Synthetic source", f"Synthetic event number {i + 1}.",
               "Mexico", "484"]
        if not geocode:  # a point in the row's own state, as a published file has it (imports check that)
            lat, lon = centres[state]
            row[9:9] = [f"{lat + rng.uniform(-0.15, 0.15):.4f}", f"{lon + rng.uniform(-0.15, 0.15):.4f}"]
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


