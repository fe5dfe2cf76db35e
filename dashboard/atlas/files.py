"""Reading ``geodata/`` as it is on disk: CSV rows with their line numbers, boundaries, the version.

Both the validator and the loader read through here, so neither imports the other's internals.
Boundary GeoJSON is parsed with ``json`` only (never GDAL auto-detection).
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard.config import GEODATA_DIR

DATA_FILES = ("cartels.csv", "places.csv", "events.csv", "territories.csv", "flows.csv", "sources.csv",
              "chapters.toml")
BOUNDARY_FILES = ("boundaries/mx_states.geojson", "boundaries/us_states.geojson", "boundaries/countries.geojson")


@dataclass(frozen=True)
class Row:
    """One CSV record with the line it came from (header is line 1)."""

    file: str
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "") or ""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, named by file, line and field."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: " + (f"field '{self.field}': " if self.field else "") + self.message


def problem_at(row: Row, field: str | None, message: str) -> Problem:
    return Problem(row.file, row.line, field, message)


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


def read_boundaries(root: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return (states of Mexico and the US, countries), parsed with ``json`` only."""
    def load(name: str) -> gpd.GeoDataFrame:
        data = json.loads((root / name).read_text(encoding="utf-8"))
        return gpd.GeoDataFrame.from_features(data["features"], crs=4326)

    states = pd.concat([load(BOUNDARY_FILES[0]), load(BOUNDARY_FILES[1])], ignore_index=True)
    return gpd.GeoDataFrame(states, geometry="geometry", crs=4326), load(BOUNDARY_FILES[2])
