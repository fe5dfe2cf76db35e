"""Frontera Atlas, the Streamlit page. Reads like the page: state, controls, map + panel, account.

Map first: a session's first run draws only the title and the map. Everything else (the
controls, the side panel, the share panel, the account) follows in the next run, which the
map starts as soon as it has drawn and reported its view. On a 2-core machine the browser's
main thread is the bottleneck, and rendering some sixty widgets and texts in the same moment
as the map delays the map by over a second (``python -m dashboard bench --browser``).
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t
from dashboard.map.vendor import patch_folium
from dashboard.ui import (
    auth,
    choropleth,
    controls,
    datasets,
    link_guard,
    map_view,
    official,
    panels,
    share_panel,
    state,
    timeline,
    widget_guard,
)
from dashboard.ui.cache import get_atlas, imported_frame

st.set_page_config(page_title="Frontera Atlas", page_icon="🗺️", layout="wide")
patch_folium()
atlas = get_atlas()
map_only = state.init_from_url(atlas)  # True on the session's first run only
widget_guard.reset_forged_values(atlas)  # a value no widget offers (a forged message) is a notice, not a traceback
auth.sign_in_from_link()  # the local editor link's ?token=, before the URL is rewritten
token_in_address = link_guard.drop_token_from_history()  # so Back cannot show it
if st.session_state.get(state.K_EMBED) or st.context.is_embedded:
    st.markdown("<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl']{display:none}</style>",
                unsafe_allow_html=True)
lang = st.session_state[state.K_LANG]
stored = datasets.stored()  # one read of the store per run, shared by the sidebar, map and share panel
with st.sidebar:
    panels.show_skip_links(lang)  # the sidebar comes first in the page's Tab order
if map_only:
    st.sidebar.caption(t("loading_controls", lang))
else:
    on_map = {i.name: i for i in datasets.shown(stored)}
    controls.show_controls(atlas, timeline.first_year(on_map), on_map)
    with st.sidebar:
        datasets.show_datasets(lang, stored)
        official.show_official_tables(lang)
        choropleth.show_counts_controls(lang)
        controls.close_sidebar_after_a_choice()
        controls.page_helpers(lang)
st.title(t("title", lang), anchor=False)
controls.show_language_switch()
st.caption(t("subtitle", lang))
panels.show_notices(st.session_state.get(state.K_NOTICES, []), lang)
datasets.show_store_outage(lang)
if st.session_state.pop(state.K_RECONNECTED, False):
    st.toast(t("reconnected", lang), icon="🔌")  # the page's server process went away: say so, briefly


@st.fragment
def map_and_panel() -> None:
    """Map and side panel rerun alone on a click or pan; filters rerun the whole page."""
    sel = state.current_selection()
    chapter = atlas.chapter(st.session_state.get(state.K_CHAPTER))
    map_col, side_col = st.columns([3, 1], gap="medium")
    shown = shown_datasets(chapter)
    with map_col:
        panels.show_skip_links(lang, "main")
        timeline.show_count(atlas, sel, lang, shown, chapter)
        binned = map_view.show_atlas_map(atlas, sel, lang, chapter, shown)
    if st.session_state.get(state.K_MAP_ONLY):
        return
    with map_col:
        panels.show_legend(atlas, sel, lang, binned, chapter, shown)
    with side_col:
        if chapter is not None:
            panels.show_chapter(chapter, atlas, lang)
            official.show_chapter_claims(chapter.id, lang)
        details = panels.selected_details(atlas, sel, lang, shown)
        panels.show_details(details, lang, on_open=lambda cid: state.open_chapter(atlas, cid))
        choropleth.show_key_and_area(sel, lang)
        panels.show_in_view(atlas, sel, lang, chapter)


def shown_datasets(chapter) -> dict:
    """The imported datasets on the map: none in a chapter, which tells the atlas's own story."""
    return {} if chapter is not None else {info.name: info for info in datasets.shown(stored)}


@st.fragment(run_every=2)
def finish_page_if_map_is_silent() -> None:
    """Safety net: should the map not report within seconds (its script failed), show the rest anyway."""
    if state.map_only_for() > 5:
        st.rerun(scope="app")


map_and_panel()
if map_only:
    finish_page_if_map_is_silent()
else:
    chapter_open = atlas.chapter(st.session_state.get(state.K_CHAPTER))
    shown = shown_datasets(chapter_open)
    timeline.show_timeline(atlas, state.current_selection(), lang, shown, chapter_open)
    shown_frames = {name: imported_frame(name, info.imported_at) for name, info in shown.items()}
    share_panel.show_share_panel(atlas, state.current_snapshot(), lang, shown_frames)
    panels.show_account(atlas, state.current_selection(), lang, shown, chapter_open)
    st.caption(f"{t('data_version', lang)}: {atlas.version}")
    link_guard.report_a_dropped_query()  # after the map's first run: Streamlit may have ignored the whole link
if not token_in_address:
    state.write_url(state.current_snapshot())
if st.session_state.get(state.K_PLAYING):
    controls.start_player()
