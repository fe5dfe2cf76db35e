"""Cached loaders: the atlas once per process, GeoJSON per view."""

from __future__ import annotations

import numpy as np
import streamlit as st

from dashboard.atlas.data import Atlas, load_atlas
from dashboard.atlas.files import data_version
from dashboard.config import GEODATA_DIR
from dashboard.map import hexbins
from dashboard.map.compose import map_collections
from dashboard.map.features import Binned, basemap_features, imported_layer
from dashboard.map.leaflet import to_js_json
from dashboard.model import MapView, Selection


@st.cache_resource(show_spinner=False)
def _atlas(root: str, version: str) -> Atlas:
    return load_atlas(GEODATA_DIR.__class__(root))


def get_atlas() -> Atlas:
    """The loaded atlas, shared read-only by all sessions; reloads when a data file changes."""
    return _atlas(str(GEODATA_DIR), data_version(GEODATA_DIR))


@st.cache_data(max_entries=512, show_spinner=False)
def layer_json_for(version: str, sel: Selection, lang: str, chapter_id: str | None, zoom: int,
                   window: tuple[float, float, float, float] | None = None) -> dict[str, str]:
    """Script-safe GeoJSON text per layer for a view (``version`` keys the cache to the data)."""
    atlas = get_atlas()
    chapter = atlas.chapter(chapter_id)
    return {kind: to_js_json(fc) for kind, fc in map_collections(atlas, sel, lang, chapter, zoom, window).items()}


@st.cache_data(show_spinner=False)
def basemap_json(version: str, with_tiles: bool) -> str:
    return to_js_json(basemap_features(get_atlas(), with_tiles))


SESSION_PREFIX = "session:"  # the imported_at of a reader's own file: "session:<session token>:<n>"
MAX_SESSION_FILES = 64


@st.cache_resource(show_spinner=False)
def _session_files() -> dict:
    """A reader's own files, by (name, key): kept in memory, never stored, found only with the session's token."""
    return {}


def keep_session_file(name: str, key: str, frame) -> None:
    """Hold a session's file for the map; the oldest go once there are too many."""
    files = _session_files()
    files[(name, key)] = frame
    while len(files) > MAX_SESSION_FILES:
        files.pop(next(iter(files)))


def has_session_file(name: str, key: str) -> bool:
    return (name, key) in _session_files()


@st.cache_resource(max_entries=16, show_spinner=False)
def imported_frame(name: str, imported_at: str):
    """A dataset, read once per import (``imported_at`` keys a re-import).

    A reader's own file has a ``session:<token>:…`` key, unique to its session, so no cache entry
    (here, in :func:`imported_mask` or in :func:`imported_layer_json`) is ever shared with another
    session, not even for the same name.
    """
    from dashboard.imports import store

    if imported_at.startswith(SESSION_PREFIX):
        return _session_files()[(name, imported_at)]
    return store.load_dataset(name)


@st.cache_resource(max_entries=16, show_spinner=False)
def imported_mask(name: str, imported_at: str, sel: Selection) -> np.ndarray:
    """Which rows of a stored dataset the selection keeps; shared by panning, clicks and the legend."""
    from dashboard.atlas.filters import imported_mask as mask_for

    return mask_for(get_atlas(), imported_frame(name, imported_at), sel)


@st.cache_data(max_entries=64, show_spinner=False)
def actor_counts(name: str, imported_at: str) -> list[tuple[str, int]]:
    """A dataset's actor names with how many rows name each, most frequent first (the actor filter's options)."""
    from dashboard.atlas.actor_filter import actor_counts as count

    return count(imported_frame(name, imported_at)["actor_names"])


@st.cache_data(max_entries=64, show_spinner=False)
def organisations_named(name: str, imported_at: str, atlas_ids: tuple[str, ...]) -> list[str]:
    """Register organisations (not map cartels) a dataset's rows name: the cartel filter offers them too."""
    from dashboard.atlas.register_filter import organisations_named as named

    return named([imported_frame(name, imported_at)], get_atlas().register, atlas_ids)


def binning_view(view: MapView) -> MapView:
    """``view`` snapped to the area that gets binned: pans within it hit the same cache entry."""
    window = hexbins.window_for(view)
    lat, lon = hexbins.from_mercator(np.array([(window.x0 + window.x1) / 2]), np.array([(window.y0 + window.y1) / 2]))
    return MapView(round(float(lat[0]), 6), round(float(lon[0]), 6), view.zoom)


@st.cache_data(max_entries=256, show_spinner=False)
def imported_layer_json(name: str, imported_at: str, title: str, sel: Selection, lang: str,
                        view: MapView) -> tuple[str, Binned | None]:
    """Script-safe GeoJSON of a stored dataset for a view: points, or hexagons when many."""
    frame = imported_frame(name, imported_at)
    fc, binned = imported_layer(frame, imported_mask(name, imported_at, sel), name, title, lang, view)
    return to_js_json(fc), binned
