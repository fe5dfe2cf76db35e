"""Load ``geodata/`` into GeoDataFrames (EPSG:4326), once.

The files are plain CSV/TOML/GeoJSON so they stay reviewable; this module turns
them into typed frames. It validates first (:mod:`dashboard.validate`) and
refuses to build an :class:`Atlas` from broken data, naming file, row and field.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

import geopandas as gpd
import shapely

from dashboard.config import GEODATA_DIR

DATA_FILES = ("cartels.csv", "places.csv", "events.csv", "territories.csv", "flows.csv", "sources.csv",
              "chapters.toml")
BOUNDARY_FILES = ("boundaries/mx_states.geojson", "boundaries/us_states.geojson", "boundaries/countries.geojson")


class GeodataError(ValueError):
    """The data in ``geodata/`` is inconsistent; the message names file, row and field."""


@dataclass(frozen=True)
class Row:
    """One CSV record with the line it came from (header is line 1)."""

    file: str
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "") or ""


def read_rows(root: Path, name: str) -> list[Row]:
    """Read a CSV file as :class:`Row` records; every value is a stripped string."""
    with (root / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return [
            Row(name, reader.line_num, {k: (v or "").strip() for k, v in rec.items() if k is not None})
            for rec in reader
        ]


def split_list(value: str) -> tuple[str, ...]:
    """Split a ``;``-separated field into a tuple of non-empty, stripped items."""
    return tuple(part.strip() for part in value.split(";") if part.strip())


def data_version(root: Path = GEODATA_DIR) -> str:
    """A short content hash of every data file: cite it next to a snapshot."""
    digest = hashlib.sha256()
    for name in DATA_FILES + BOUNDARY_FILES:
        path = root / name
        if path.exists():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


@dataclass
class Atlas:
    """Everything the map draws, as frames in EPSG:4326. Treat as read-only."""

    cartels: pd.DataFrame
    places: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    territories: gpd.GeoDataFrame
    flows: gpd.GeoDataFrame
    sources: pd.DataFrame
    states: gpd.GeoDataFrame
    countries: gpd.GeoDataFrame
    version: str
    chapters: list = field(default_factory=list)
    # Derived values computed once per atlas (lookup tables, stripe geometry).
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def cartel_field(self, column: str) -> dict[str, str]:
        """cartel id -> value of ``column`` (name, name_de, short, color)."""
        key = ("cartel_field", column)
        if key not in self.memo:
            self.memo[key] = dict(zip(self.cartels["id"], self.cartels[column], strict=True))
        return self.memo[key]

    def cartel_color(self, cartel_id: str) -> str:
        return self.cartel_field("color").get(cartel_id, "#777777")


def missing(value: object) -> bool:
    """True for None, NaN and pandas' NA (which refuses ``==`` and ``bool``)."""
    return value is None or bool(pd.isna(value)) if not isinstance(value, tuple | list) else False


def records(frame: pd.DataFrame) -> list[SimpleNamespace]:
    """Rows as plain objects with attribute access: much faster than ``itertuples`` on small geo frames."""
    columns = list(frame.columns)
    return [SimpleNamespace(**dict(zip(columns, values, strict=True)))
            for values in zip(*(frame[c].tolist() for c in columns), strict=True)] if len(frame) else []


def _int_or_none(value: str) -> int | None:
    return int(value) if value.strip() else None


def read_boundaries(root: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return (states of Mexico and the US, countries), parsed with ``json`` only."""
    def load(name: str) -> gpd.GeoDataFrame:
        data = json.loads((root / name).read_text(encoding="utf-8"))
        return gpd.GeoDataFrame.from_features(data["features"], crs=4326)

    states = pd.concat([load(BOUNDARY_FILES[0]), load(BOUNDARY_FILES[1])], ignore_index=True)
    return gpd.GeoDataFrame(states, geometry="geometry", crs=4326), load(BOUNDARY_FILES[2])


def _frame(rows: list[Row]) -> pd.DataFrame:
    # Plain Python strings (object dtype): pandas 3's Arrow strings make the many small
    # per-view lookups of a map dashboard several times slower.
    return pd.DataFrame([r.values for r in rows], dtype=object)


def build_places(rows: list[Row]) -> gpd.GeoDataFrame:
    frame = _frame(rows)
    frame["lat"] = frame["lat"].astype(float)
    frame["lon"] = frame["lon"].astype(float)
    frame["sources"] = frame["sources"].map(split_list)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326)


def build_events(rows: list[Row], places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = _frame(rows)
    frame["year"] = frame["date"].str[:4].astype(int)
    for col in ("killed", "killed_max", "injured"):
        frame[col] = pd.array([_int_or_none(v) for v in frame[col]], dtype="Int64")
    frame["casualties"] = frame["killed"].fillna(0) + frame["injured"].fillna(0)
    frame["disputed"] = frame["disputed"].str.lower().eq("true")
    frame["cartels"] = frame["cartels"].map(split_list)
    frame["sources"] = frame["sources"].map(split_list)
    geom = places.set_index("id").geometry
    frame = frame.sort_values(["date", "id"]).reset_index(drop=True)
    return gpd.GeoDataFrame(frame, geometry=list(geom.loc[frame["place_id"]]), crs=4326)


def build_territories(rows: list[Row], states: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = _frame(rows)
    frame["year"] = frame["year"].astype(int)
    frame["sources"] = frame["sources"].map(split_list)
    frame["id"] = frame["cartel"] + "-" + frame["year"].astype(str) + "-" + frame["state"].map(_slug)
    geom = states[states["country"] == "MX"].set_index("name").geometry
    frame = frame.sort_values(["year", "state", "cartel"]).reset_index(drop=True)
    return gpd.GeoDataFrame(frame, geometry=list(geom.loc[frame["state"]]), crs=4326)


def build_flows(rows: list[Row], places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = _frame(rows)
    frame["seq"] = frame["seq"].astype(int)
    frame["year_from"] = frame["year_from"].astype(int)
    frame["year_to"] = frame["year_to"].astype(int)
    frame["volume"] = pd.array([float(v) if v else None for v in frame["volume"]], dtype="Float64")
    frame["cartels"] = frame["cartels"].map(split_list)
    frame["sources"] = frame["sources"].map(split_list)
    pts = places.set_index("id").geometry
    lines = [shapely.LineString([pts[a], pts[b]]) for a, b in zip(frame["from_place"], frame["to_place"], strict=True)]
    return gpd.GeoDataFrame(frame, geometry=lines, crs=4326)


def build_cartels(rows: list[Row]) -> pd.DataFrame:
    frame = _frame(rows)
    frame["aliases"] = frame["aliases"].map(split_list)
    return frame


def _slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def load_atlas(root: Path = GEODATA_DIR) -> Atlas:
    """Validate and load ``root``; raise :class:`GeodataError` listing every problem."""
    from dashboard.narrative import load_chapters
    from dashboard.validate import validate_geodata

    problems = validate_geodata(root)
    if problems:
        raise GeodataError(f"{len(problems)} problem(s) in {root}:\n" + "\n".join(map(str, problems)))
    states, countries = read_boundaries(root)
    places = build_places(read_rows(root, "places.csv"))
    return Atlas(
        cartels=build_cartels(read_rows(root, "cartels.csv")),
        places=places,
        events=build_events(read_rows(root, "events.csv"), places),
        territories=build_territories(read_rows(root, "territories.csv"), states),
        flows=build_flows(read_rows(root, "flows.csv"), places),
        sources=_frame(read_rows(root, "sources.csv")),
        states=states,
        countries=countries,
        version=data_version(root),
        chapters=load_chapters(root / "chapters.toml"),
    )
