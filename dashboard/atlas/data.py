"""Load ``geodata/`` into GeoDataFrames (EPSG:4326), once.

The files are plain CSV/TOML/GeoJSON so they stay reviewable; this module turns
them into typed frames. It validates first (:mod:`dashboard.atlas.validate.geodata`) and
refuses to build an :class:`Atlas` from broken data, naming file, row and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, SimpleNamespace

import geopandas as gpd
import pandas as pd
import shapely

from dashboard import config
from dashboard.atlas.files import BOUNDARY_FILES, Row, data_version, read_boundaries, read_rows, split_list
from dashboard.atlas.framing import fit_chapters
from dashboard.atlas.narrative import Chapter, load_chapters
from dashboard.atlas.register import REGISTER_FILE, Register
from dashboard.atlas.validate.geodata import validate_geodata
from dashboard.config import GEODATA_DIR
from dashboard.text import slugify


class GeodataError(ValueError):
    """The data in ``geodata/`` is inconsistent; the message names file, row and field."""




def cartel_name_column(lang: str) -> str:
    """The column of ``cartels.csv`` that names a cartel in ``lang`` (``name``, ``name_de`` …)."""
    return config.language_column("name", lang, plain_english=True)



def in_language(row: object, column: str, lang: str) -> str:
    """A translated data text of ``row`` (a Series, a mapping or a record) in ``lang``; English when it has none.

    The English column keeps its plain name, the others are ``<column>_de``, ``<column>_es`` …
    (:data:`dashboard.atlas.validate.translations.TRANSLATED_TEXTS` lists them).
    """
    def value(key: str) -> str:
        got = row.get(key) if isinstance(row, pd.Series | Mapping) else getattr(row, key, None)
        return "" if missing(got) else str(got)

    return (value(f"{column}_{lang}") if lang != "en" else "") or value(column)


@dataclass(frozen=True)
class Atlas:
    """Everything the map draws, as frames in EPSG:4326, and the cartel register imports are attributed by.

    Read-only. The lookups below are derived once, when the atlas is built; every cache of the page
    lives in ``dashboard/ui/cache.py`` (only the register remembers the actor names it has matched).
    """

    cartels: pd.DataFrame
    places: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    territories: gpd.GeoDataFrame
    flows: gpd.GeoDataFrame
    sources: pd.DataFrame
    states: gpd.GeoDataFrame
    countries: gpd.GeoDataFrame
    version: str
    register: Register
    chapters: tuple[Chapter, ...] = ()
    _by_cartel: Mapping[str, Mapping[str, str]] = field(init=False, repr=False, compare=False)
    _place_names: Mapping[str, Mapping[str, str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids = self.cartels["id"]
        columns = (*config.language_columns("name", plain_english=True), "short", "color", "parent")
        lookup = {c: MappingProxyType(dict(zip(ids, self.cartels[c], strict=True))) for c in columns}
        object.__setattr__(self, "chapters", tuple(self.chapters))
        object.__setattr__(self, "_by_cartel", MappingProxyType(lookup))
        names = {lang: MappingProxyType({r.id: in_language(r, "name", lang) for r in records(self.places)})
                 for lang in config.LANGUAGES}
        object.__setattr__(self, "_place_names", MappingProxyType(names))

    def cartel_field(self, column: str) -> Mapping[str, str]:
        """cartel id -> value of ``column`` (name and its other languages' columns, short, color)."""
        return self._by_cartel[column]

    def cartel_names(self, lang: str = "en") -> Mapping[str, str]:
        """cartel id -> its name in the interface language."""
        return self._by_cartel[cartel_name_column(lang if lang in config.LANGUAGES else "en")]

    def cartel_name(self, cartel_id: str, lang: str = "en") -> str:
        """A cartel's name in ``lang``; a register organisation that is no map cartel by its register name (the
        cartel filter offers them with imported data); an unknown id is shown as it is."""
        name = self.cartel_names(lang).get(cartel_id)
        if name is None and cartel_id in self.register.orgs:
            return self.register.orgs[cartel_id].name
        return name or cartel_id

    def place_name(self, place_id: str, lang: str = "en") -> str:
        """A place's name in ``lang`` ("Mexico City", "Mexiko-Stadt", "Ciudad de México"); an unknown id as it is."""
        return self._place_names.get(lang, self._place_names["en"]).get(place_id, place_id)

    def cartel_color(self, cartel_id: str) -> str:
        return self._by_cartel["color"].get(cartel_id, "#777777")

    def chapter(self, chapter_id: str | None) -> Chapter | None:
        """The chapter with this id, or None (also for None)."""
        return next((c for c in self.chapters if c.id == chapter_id), None)

    @property
    def chapter_ids(self) -> list[str]:
        return [c.id for c in self.chapters]


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


def _frame(rows: list[Row]) -> pd.DataFrame:
    # Plain Python strings (object dtype): pandas 3's Arrow strings make the many small
    # per-view lookups of a map dashboard several times slower.
    return pd.DataFrame([r.values for r in rows], dtype=object)


def build_places(rows: list[Row]) -> gpd.GeoDataFrame:
    frame = _frame(rows)
    frame["lat"] = frame["lat"].astype(float)
    frame["lon"] = frame["lon"].astype(float)
    frame["sources"] = frame["sources"].map(split_list)
    return with_points(frame)


def with_points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """``frame`` as a GeoDataFrame of points at its lat/lon (EPSG:4326); itself when it is one already.

    The page keeps a stored dataset without shapely points (a million cost 226 MB): what writes geometry, such
    as a view's exports, adds them here.
    """
    if isinstance(frame, gpd.GeoDataFrame):
        return frame
    out = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326)
    out.attrs.update(frame.attrs)
    return out


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
    frame["id"] = frame["cartel"] + "-" + frame["year"].astype(str) + "-" + frame["state"].map(slugify)
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


def load_atlas(root: Path = GEODATA_DIR) -> Atlas:
    """Validate and load ``root``; raise :class:`GeodataError` listing every problem."""
    # The boundaries are parsed once, for the checks and the atlas both.
    boundaries = read_boundaries(root) if all((root / name).exists() for name in BOUNDARY_FILES) else None
    problems = validate_geodata(root, boundaries)
    if problems:
        raise GeodataError(f"{len(problems)} problem(s) in {root}:\n" + "\n".join(map(str, problems)))
    states, countries = boundaries
    places = build_places(read_rows(root, "places.csv"))
    events = build_events(read_rows(root, "events.csv"), places)
    flows = build_flows(read_rows(root, "flows.csv"), places)
    return Atlas(
        cartels=build_cartels(read_rows(root, "cartels.csv")),
        places=places,
        events=events,
        territories=build_territories(read_rows(root, "territories.csv"), states),
        flows=flows,
        sources=_frame(read_rows(root, "sources.csv")),
        states=states,
        countries=countries,
        version=data_version(root),
        register=Register.from_rows(read_rows(root, REGISTER_FILE)),
        # A chapter opens on a frame that holds its whole story (atlas.framing).
        chapters=fit_chapters(load_chapters(root / "chapters.toml"), events, places, flows),
    )
