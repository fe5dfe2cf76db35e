"""Cached loaders: the atlas once per process, GeoJSON per view, and each panel's rows per view.

A filter change reruns the whole page: the count, the map, the list of what is in view, the legend,
the timeline and the text account each ask about the same selection. Each asks here, keyed by the
data's version and the view (a :class:`Selection` is frozen, so it keys a cache), so going back to
a view costs nothing, and a reader's moves that keep the selection recompute nothing but the map.
"""

from __future__ import annotations

import functools

import numpy as np
import streamlit as st

from dashboard.atlas import filters
from dashboard.atlas.data import Atlas, load_atlas
from dashboard.atlas.files import BOUNDARY_FILES, DATA_FILES, data_version
from dashboard.config import GEODATA_DIR, YEAR_FLOOR, YEAR_MAX
from dashboard.imports import reader_files
from dashboard.imports.reader_files import HeldFile
from dashboard.map import hexbins, territories
from dashboard.map.compose import map_collections
from dashboard.map.features import Binned, basemap_features, imported_layer
from dashboard.map.leaflet import to_js_json
from dashboard.model import MapView, Selection
from dashboard.views import account, counts, in_view, timeline_chart


@st.cache_resource(show_spinner=False)
def _atlas(root: str, version: str) -> Atlas:
    return load_atlas(GEODATA_DIR.__class__(root))


@functools.lru_cache(maxsize=8)  # a plain memo: Streamlit's cache hashes its arguments slower than a stat
def _version(root: str, stamps: tuple) -> str:
    return data_version(GEODATA_DIR.__class__(root))


def _stamps(root) -> tuple:
    """(name, modified, size) of every data file: hashing their contents on every call cost a few ms a run."""
    paths = [root / name for name in DATA_FILES + BOUNDARY_FILES]
    return tuple((str(p), s.st_mtime_ns, s.st_size) for p in paths if p.exists() for s in [p.stat()])


def get_atlas() -> Atlas:
    """The loaded atlas, shared read-only by all sessions; reloads when a data file changes."""
    return _atlas(str(GEODATA_DIR), _version(str(GEODATA_DIR), _stamps(GEODATA_DIR)))


@st.cache_resource(max_entries=128, show_spinner=False)
def collections_for(version: str, sel: Selection, lang: str, chapter_id: str | None, zoom: int,
                    window: tuple[float, float, float, float] | None = None) -> dict[str, dict]:
    """The layers a view draws but its territories (map.compose), shared read-only by the map and its key."""
    atlas = get_atlas()
    return map_collections(atlas, sel, lang, atlas.chapter(chapter_id), zoom, window, territories_apart=True)


@st.cache_data(max_entries=512, show_spinner=False)
def layer_json_for(version: str, sel: Selection, lang: str, chapter_id: str | None, zoom: int,
                   window: tuple[float, float, float, float] | None = None) -> dict[str, str]:
    """Script-safe GeoJSON text per layer for a view (``version`` keys the cache to the data)."""
    collections = collections_for(version, sel, lang, chapter_id, zoom, window)
    out = {kind: to_js_json(fc) for kind, fc in collections.items()}
    if "territories" in sel.layers:
        out["territories"] = territories_json(version, filters.territory_key(sel), lang, zoom, window)
    return out


@st.cache_data(max_entries=512, show_spinner=False)
def key_for(version: str, sel: Selection, lang: str, chapter_id: str | None, view: MapView) -> list:
    """The key of what the view draws inside its frame (map.key), for the page's legend."""
    from dashboard.map.compose import detail_window
    from dashboard.map.key import key_entries

    atlas = get_atlas()
    drawn = collections_for(version, sel, lang, chapter_id, view.zoom, detail_window(view))
    return key_entries(atlas, sel, lang, drawn, in_view.view_box(view), chapter=atlas.chapter(chapter_id))


@st.cache_data(show_spinner=False)
def chapter_fits_for(version: str) -> list[list[float]]:
    """Each chapter's view and the bounds of its story (atlas.framing), once per data version."""
    from dashboard.atlas.framing import chapter_fits

    atlas = get_atlas()
    return chapter_fits(atlas.chapters, atlas.events, atlas.places, atlas.flows)


@st.cache_data(max_entries=128, show_spinner=False)
def territories_json(version: str, key: Selection, lang: str, zoom: int,
                     window: tuple[float, float, float, float] | None) -> str:
    """Script-safe GeoJSON of the territories for a :func:`filters.territory_key`: the same for every selection
    with the same snapshot year, cartels and comparison (their polygons and bands were a third of a change)."""
    atlas = get_atlas()
    return to_js_json(territories.territory_features(filters.territory_reading(atlas, key), atlas, lang, zoom, window))


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
    """A stored dataset, read once per import (``imported_at`` keys a re-import), without shapely points:
    everything the page does reads lat/lon, and the exports add the points (``rows.with_points``)."""
    from dashboard.imports import store

    return store.load_dataset(name, points=False)


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


@st.cache_data(max_entries=64, show_spinner=False)
def timeline_spec(shape: timeline_chart.ChartShape, grey: str) -> dict:
    """The timeline's Vega-Lite spec for a shape, built and validated by Altair once (a copy each call)."""
    return timeline_chart.timeline_spec(shape, grey)


Shown = tuple[tuple[str, str, str], ...]  # (name, imported_at, title) of each imported dataset on the map


def shown_key(shown: dict) -> Shown:
    """The datasets on the map (name -> DatasetInfo) as a cache key."""
    return tuple((name, info.imported_at, info.title) for name, info in shown.items())


def _imported(shown: Shown, sel: Selection | None) -> dict:
    """name -> (title, rows, the rows ``sel`` keeps, or None without one) of each dataset on the map."""
    return {name: (title, imported_frame(name, at), None if sel is None else imported_mask(name, at, sel))
            for name, at, title in shown}


@st.cache_data(max_entries=256, show_spinner=False)
def tallies_for(version: str, sel: Selection, lang: str, shown: Shown,
                chapter_id: str | None = None) -> list[counts.Tally]:
    """The count over the map (:func:`counts.view_tallies`) for a view (a chapter's: its own events)."""
    atlas = get_atlas()
    return counts.view_tallies(atlas, sel, _imported(shown, sel), lang, atlas.chapter(chapter_id))


def timeline_rows_for(version: str, sel: Selection, by: str, lang: str, shown: Shown, chapter_id: str | None = None):
    """The timeline's rows (:func:`counts.timeline_rows`): they cover every year, so the years do not key them."""
    return _timeline_rows(version, sel.with_(year_from=YEAR_FLOOR, year_to=YEAR_MAX), by, lang, shown, chapter_id)


@st.cache_data(max_entries=128, show_spinner=False)
def _timeline_rows(version: str, sel: Selection, by: str, lang: str, shown: Shown, chapter_id: str | None = None):
    atlas = get_atlas()  # it filters every year itself
    return counts.timeline_rows(atlas, sel, by, lang, _imported(shown, None), atlas.chapter(chapter_id))


@st.cache_data(max_entries=256, show_spinner=False)
def account_for(version: str, sel: Selection, lang: str, imported: tuple[tuple[str, int, str], ...],
                chapter_id: str | None = None) -> tuple[str, list[str]]:
    """The text account of a view (:func:`account.view_account`; a chapter's: its own features)."""
    atlas = get_atlas()
    return account.view_account(atlas, sel, lang, list(imported), atlas.chapter(chapter_id))


@st.cache_data(max_entries=256, show_spinner=False)
def in_view_for(version: str, sel: Selection, view: MapView, lang: str,
                chapter_id: str | None = None) -> list[in_view.Item]:
    """Everything the list beside the map would hold for the view (:func:`in_view.items_in_view`), once per run
    for the count line and the list both; the list shows the first :data:`in_view.IN_VIEW_LIMIT`."""
    atlas = get_atlas()
    return in_view.items_in_view(atlas, sel, view, lang, limit=1_000_000, chapter=atlas.chapter(chapter_id))[0]
