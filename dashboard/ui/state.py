"""Session state <-> URL. Widget keys are defined here, nowhere else."""

from __future__ import annotations

import time

import streamlit as st

from dashboard.config import YEAR_MAX, YEAR_MIN
from dashboard.vocab import LAYERS
from dashboard.data import Atlas
from dashboard.model import MapView, Selection
from dashboard.narrative import Chapter
from dashboard.sharing import Snapshot, from_query_params, to_query_params

K_LANG, K_CHAPTER, K_CARTELS, K_YEARS, K_TYPES = "lang", "chapter", "cartels", "years", "types"
K_VIEW = "view"            # MapView handed to the map (changes move the map)
K_VIEW_NOW = "view_now"    # MapView the map last reported (after panning)
K_NOTICES, K_SELECTED, K_CLICKS, K_PLAYING, K_EMBED = "notices", "selected", "clicks", "playing", "embed"
K_INIT = "initialised"
K_LAST_MOVES = "last_moves_report"  # the count of reader moves in the map's last report
K_MAP_ONLY = "map_only_since"  # set while the page shows only the map (a session's first run)


def layer_key(kind: str) -> str:
    return f"layer_{kind}"


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def init_from_url(atlas: Atlas) -> bool:
    """On a session's first run, read the URL into widget state and remember what was dropped.

    Returns whether this is that first run, which draws the map only (see app.py).
    """
    if st.session_state.get(K_INIT):
        st.session_state[K_MAP_ONLY] = None
        return False
    params = _url_params()
    snap, notices = from_query_params(params, list(atlas.cartels["id"]), [c.id for c in atlas.chapters])
    chapter = chapter_by_id(atlas, snap.chapter)
    # A link with only ?chapter=… opens the chapter as the story tells it; explicit filters win.
    explicit = any(k in params for k in ("cartel", "from", "to", "type", "layer"))
    apply_selection(chapter.selection if chapter and not explicit else snap.selection)
    st.session_state[K_LANG] = snap.lang
    st.session_state[K_CHAPTER] = snap.chapter
    view = snap.view or (chapter.view if chapter else MapView())
    st.session_state[K_VIEW] = view
    st.session_state[K_VIEW_NOW] = snap.view
    st.session_state[K_NOTICES] = notices
    # Streamlit keeps ?embed=true for itself (hidden from st.query_params): ask st.context.
    st.session_state[K_EMBED] = snap.embed or st.context.is_embedded
    st.session_state[K_INIT] = True
    st.session_state[K_MAP_ONLY] = time.monotonic()
    return True


def map_only_for() -> float:
    """Seconds the page has shown only the map; 0 once the whole page is there."""
    since = st.session_state.get(K_MAP_ONLY)
    return time.monotonic() - since if since else 0.0


def apply_selection(sel: Selection) -> None:
    st.session_state[K_CARTELS] = list(sel.cartels)
    st.session_state[K_YEARS] = (sel.year_from, sel.year_to)
    st.session_state[K_TYPES] = list(sel.types)
    for kind in LAYERS:
        st.session_state[layer_key(kind)] = kind in sel.layers


def chapter_by_id(atlas: Atlas, chapter_id: str | None) -> Chapter | None:
    return next((c for c in atlas.chapters if c.id == chapter_id), None)


def open_chapter(atlas: Atlas, chapter_id: str | None) -> None:
    """Callback: a chapter sets the filters and moves the map."""
    st.session_state[K_CHAPTER] = chapter_id
    chapter = chapter_by_id(atlas, chapter_id)
    if chapter is None:
        return
    apply_selection(chapter.selection)
    st.session_state[K_VIEW] = chapter.view
    st.session_state[K_VIEW_NOW] = None
    st.session_state[K_PLAYING] = False


def current_selection() -> Selection:
    years = st.session_state.get(K_YEARS, (YEAR_MIN, YEAR_MAX))
    return Selection(cartels=tuple(st.session_state.get(K_CARTELS, ())), year_from=int(years[0]),
                     year_to=int(years[1]), types=tuple(st.session_state.get(K_TYPES, ())),
                     layers=tuple(k for k in LAYERS if st.session_state.get(layer_key(k), True)))


def current_snapshot() -> Snapshot:
    view = st.session_state.get(K_VIEW_NOW) or st.session_state.get(K_VIEW)
    return Snapshot(current_selection(), st.session_state.get(K_CHAPTER), st.session_state.get(K_LANG, "en"),
                    None if view == MapView() else view, bool(st.session_state.get(K_EMBED)))


def write_url(snap: Snapshot) -> None:
    """Mirror the snapshot into the address bar (only when it changed, to avoid extra messages)."""
    # Streamlit owns ?embed= (it keeps it in the address itself and refuses to have it set).
    params = {k: v for k, v in to_query_params(snap).items() if k != "embed"}
    wanted = {k: (v if isinstance(v, list) else [v]) for k, v in params.items()}
    if wanted != _url_params():
        st.query_params.from_dict(params)
