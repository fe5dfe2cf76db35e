"""Frontera Atlas, the Streamlit page. Reads like the page: state, controls, map + panel, account.

Map first: a session's first run draws only the title and the map. Everything else (the
controls, the side panel, the share panel, the account) follows in the next run, which the
map starts as soon as it has drawn and reported its view. On a 2-core machine the browser's
main thread is the bottleneck, and rendering some sixty widgets and texts in the same moment
as the map delays the map by over a second (``python -m dashboard bench --browser``).
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard.details import details_for, imported_cell_details, imported_details
from dashboard.i18n import t
from dashboard.map.compose import builtin_binned
from dashboard.map.hexbins import parse_hex_id, window_for
from dashboard.map.vendor import patch_folium
from dashboard.ui import controls, datasets, panels, share, state
from dashboard.ui.cache import (
    binning_view,
    get_atlas,
    imported_frame,
    imported_layer_json,
    imported_mask,
    layer_json_for,
)
from dashboard.ui.map_view import show_map
from dashboard.vocab import imported_dataset, imported_layer

st.set_page_config(page_title="Frontera Atlas", page_icon="🗺️", layout="wide")
patch_folium()
atlas = get_atlas()
map_only = state.init_from_url(atlas)  # True on the session's first run only
if st.session_state.get(state.K_EMBED) or st.context.is_embedded:
    st.markdown("<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl']{display:none}</style>",
                unsafe_allow_html=True)
lang = st.session_state[state.K_LANG]
stored = datasets.stored()  # one read of the store per run, shared by the sidebar, map and share panel
if map_only:
    st.sidebar.caption(t("loading_controls", lang))
else:
    controls.show_controls(atlas)
    with st.sidebar:
        datasets.show_datasets(lang, stored)
st.title(t("title", lang), anchor=False)
st.caption(t("subtitle", lang))
panels.show_notices(st.session_state.get(state.K_NOTICES, []), lang)


def rerun_map() -> None:
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:  # a full run cannot rerun only the fragment
        st.rerun()


@st.fragment
def map_and_panel() -> None:
    """Map and side panel rerun alone on a click or pan; filters rerun the whole page."""
    sel = state.current_selection()
    chapter = atlas.chapter(st.session_state.get(state.K_CHAPTER))
    map_col, side_col = st.columns([5, 2], gap="medium")
    shown = {info.name: info for info in datasets.shown(stored)}
    with map_col:
        view_now = st.session_state.get(state.K_VIEW_NOW) or st.session_state[state.K_VIEW]
        layers = layer_json_for(atlas.version, sel, lang, chapter.id if chapter else None, view_now.zoom)
        binned = builtin_binned(atlas, sel, lang, view_now.zoom)
        for name, info in shown.items():
            layers[imported_layer(name)], bins = imported_layer_json(name, info.imported_at, info.title, sel, lang,
                                                                   binning_view(view_now))
            binned += [bins] if bins else []
        event = show_map(atlas.version, layers, st.session_state[state.K_VIEW], lang)
    if event.clicked:
        st.session_state[state.K_SELECTED] = event.clicked
    # The map reports once when it has drawn (0 moves), then after each move the reader makes
    # (leaflet.ReaderMoves; the views this script asks for are not reported back). The
    # component repeats its last report on every run: act only on a new count, or a chapter
    # opened after panning would be pulled back to the old view.
    if event.moves is not None and event.moves != st.session_state.get(state.K_LAST_MOVES):
        st.session_state[state.K_LAST_MOVES] = event.moves
        moved_to = event.view if event.moves else None  # the first report is where the map started
        if moved_to is not None:
            st.session_state[state.K_VIEW_NOW] = moved_to
            state.write_url(state.current_snapshot())
        if st.session_state.get(state.K_MAP_ONLY):
            st.rerun(scope="app")  # the map has drawn: now the rest of the page
        if moved_to is not None and window_for(moved_to) != window_for(view_now):
            # A new zoom redraws arrowheads and stripes; a zoom or a long pan re-bins large layers.
            rerun_map()
    if st.session_state.get(state.K_MAP_ONLY):
        return
    with side_col:
        if chapter is not None:
            panels.show_chapter(chapter, atlas, lang)
        selected = st.session_state.get(state.K_SELECTED)
        details = None
        dataset = imported_dataset(selected[0]) if selected else None
        if dataset in shown:
            info = shown[dataset]
            frame = imported_frame(info.name, info.imported_at)
            if parse_hex_id(selected[1]):
                details = imported_cell_details(frame, imported_mask(info.name, info.imported_at, sel), selected[1],
                                                info.title, lang)
            else:
                details = imported_details(frame, selected[1], info.title, lang)
        elif selected:
            details = details_for(atlas, selected[0], selected[1], lang)
        panels.show_details(details, lang, on_open=lambda cid: state.open_chapter(atlas, cid))
        panels.show_legend(atlas, sel, lang, binned)


@st.fragment(run_every=2)
def finish_page_if_map_is_silent() -> None:
    """Safety net: should the map not report within seconds (its script failed), show the rest anyway."""
    if state.map_only_for() > 5:
        st.rerun(scope="app")


map_and_panel()
if map_only:
    finish_page_if_map_is_silent()
else:
    shown_frames = {info.name: imported_frame(info.name, info.imported_at) for info in datasets.shown(stored)}
    share.show_share_panel(atlas, state.current_snapshot(), lang, shown_frames)
    panels.show_account(atlas, state.current_selection(), lang)
    st.caption(f"{t('data_version', lang)}: {atlas.version}")
state.write_url(state.current_snapshot())
if st.session_state.get(state.K_PLAYING):
    controls.start_player()
