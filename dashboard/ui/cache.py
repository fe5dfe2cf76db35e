"""Cached loaders: the atlas once per process, GeoJSON per view."""

from __future__ import annotations

import numpy as np
import streamlit as st

from dashboard.atlas.data import Atlas, load_atlas
from dashboard.atlas.files import data_version
from dashboard.config import GEODATA_DIR
from dashboard.imports import reader_files
from dashboard.imports.reader_files import HeldFile
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
SESSION_FRAMES = "session_frames"  # session-state key of a reader's own frames by key (HeldFile)


def _held() -> dict[str, HeldFile]:
    """This session's own files by key: in its session state, so they go when Streamlit drops the session."""
    return st.session_state.setdefault(SESSION_FRAMES, {})


def keep_session_file(key: str, frame) -> str | None:
    """Hold a reader's file for this session; None, or "session"/"process" when over that budget."""
    held, why = reader_files.hold(frame, list(_held().values()), reader_files.Budget.from_env())
    if held is not None:
        _held()[key] = held
    return why


def held_files() -> list[HeldFile]:
    return list(_held().values())


def drop_session_file(key: str) -> None:
    _held().pop(key, None)


def has_session_file(name: str, key: str) -> bool:
    return key in _held()


def imported_frame(name: str, imported_at: str):
    """A dataset's frame: a reader's own file from this session, a stored one read once per import.

    A reader's file is never put in a process-wide cache (which would keep it after the session);
    its ``session:<token>:…`` key, unique to the session, keeps the entries of :func:`imported_mask`
    and :func:`imported_layer_json` apart from every other session's, even for the same name.
    """
    if imported_at.startswith(SESSION_PREFIX):
        return _held()[imported_at].frame
    return _stored_frame(name, imported_at)


@st.cache_resource(max_entries=16, show_spinner=False)
def _stored_frame(name: str, imported_at: str):
    """A stored dataset, read once per import (``imported_at`` keys a re-import)."""
    from dashboard.imports import store

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
