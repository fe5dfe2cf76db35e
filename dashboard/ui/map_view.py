"""The map component: the only place that calls ``st_folium``."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
import streamlit_folium
from streamlit.errors import StreamlitAPIException
from streamlit_folium import st_folium

from dashboard.atlas.data import Atlas
from dashboard.atlas.narrative import Chapter
from dashboard.config import tile_provider
from dashboard.i18n import t
from dashboard.map.compose import builtin_binned, detail_window
from dashboard.map.features import Binned
from dashboard.map.hexbins import window_for
from dashboard.map.leaflet import MOVES_FIELD, ReaderMoves, access_group, build_base_map, feature_groups
from dashboard.model import MapView, Selection
from dashboard.text import dedent_by_lines
from dashboard.ui import choropleth, state
from dashboard.ui.cache import (
    basemap_json,
    binning_view,
    chapter_fits_for,
    imported_frame,
    imported_layer_json,
    layer_json_for,
)
from dashboard.vocab import imported_dataset, imported_layer

# streamlit-folium runs textwrap.dedent over the map's and every layer's script on every rerun; its regular
# expressions scan our long GeoJSON lines character by character, a fifth of a filter change with 5,000 events
# (py-spy). The same result, found line by line (tests/test_text_rules.py holds them equal).
streamlit_folium.dedent = dedent_by_lines

# The map gets the room: most of the window's height at every size (streamlit-folium's own
# height is a fixed number of pixels), a little less on a phone so the page can still be scrolled.
CAPTION_GREY = "#5c5b59"  # small grey text (captions, the timeline's axes): 6.7:1 on white
MAP_ROOM_CSS = """<style>
.block-container, [data-testid="stMainBlockContainer"] {padding: 2.6rem 1.5rem 1rem 1.5rem}
[data-testid="stMainBlockContainer"] h1 {font-size: 1.9rem; padding: 0 0 .1rem 0}
/* Streamlit's header bar is taller than the page's top padding: see-through, so it hides no title */
[data-testid="stHeader"] {background: transparent; pointer-events: none}
[data-testid="stHeader"] * {pointer-events: auto}
iframe[title="streamlit_folium.st_folium"] {height: max(440px, calc(100vh - 225px)) !important}
.atlas-skip {font-size: .85rem}
/* Streamlit draws captions at 0.6 opacity (#9d9d9b on white, 2.7:1): full opacity, our grey (6.7:1) */
[data-testid="stCaptionContainer"] {color: CAPTION_GREY; opacity: 1}
[data-variant="segmented_control"] [data-testid="stMarkdownContainer"] p {color: #31333f}
.atlas-skip a:not(:focus) {color: inherit}
/* One language switch (by the title) and one set of skip links: the sidebar's on a desktop, the map's on a phone */
[data-testid="stSidebar"] .st-key-lang {display: none}
@media (min-width: 768px) {[data-testid="stElementContainer"]:has(.atlas-skip-main) {display: none}}
@media (max-width: 767.98px) {.atlas-skip-sidebar {display: none}}
/* The key in sight: folded with one tap, its rows wrap between symbols, never inside one */
.st-key-atlas_legend summary {font-weight: 600; cursor: pointer}
.atlas-key-part {white-space: nowrap; margin-right: .5rem; display: inline-block}
/* On a desktop the key lies over the map's lower left corner (the chapters' frames leave it free, atlas.framing) */
@media (min-width: 641px) {
  /* the map's column is as tall as what it holds (not stretched to the side panel's height): its foot is the map's */
  [data-testid="stColumn"]:has(.st-key-atlas_legend) {align-self: flex-start}
  [data-testid="stVerticalBlock"]:has(> [data-testid="stLayoutWrapper"] > .st-key-atlas_legend) {position: relative}
  [data-testid="stLayoutWrapper"]:has(> .st-key-atlas_legend) {position: absolute; left: 10px; bottom: 34px;
    width: 300px; z-index: 5; max-height: calc(max(440px, 100vh - 225px) - 150px); overflow: auto;
    background: rgba(255,255,255,.95); border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.35);
    padding: 4px 8px 20px 8px}
  /* a chapter's frame leaves a narrower strip for its shorter key (atlas.framing.KEY_STRIP_PX) */
  [data-testid="stMain"]:has(.st-key-atlas_chapter) [data-testid="stLayoutWrapper"]:has(> .st-key-atlas_legend) {
    width: 250px}
}
@media (max-width: 640px) {iframe[title="streamlit_folium.st_folium"] {height: 60vh !important}
  /* a chapter on a phone: its map, title and Next in the first screen, its text right under them */
  [data-testid="stMain"]:has(.st-key-atlas_chapter) iframe[title="streamlit_folium.st_folium"] {height: 42vh !important}
  .atlas-count {font-size: .85rem; line-height: 1.3}
  [data-testid="stMain"]:has(.st-key-atlas_chapter) [data-testid="stCaptionContainer"]:has(+ *) {margin: 0}
  [data-testid="stMainBlockContainer"] h1 {font-size: 1.5rem}
  /* Previous and Next side by side on a phone too */
  .st-key-atlas_chapter [data-testid="stHorizontalBlock"] {flex-wrap: nowrap; gap: .5rem}
  .st-key-atlas_chapter [data-testid="stColumn"] {min-width: 0 !important; width: auto !important;
    flex: 1 1 0 !important}
  .block-container, [data-testid="stMainBlockContainer"] {padding: 3.2rem .3rem 1rem .3rem}}
</style>""".replace("CAPTION_GREY", CAPTION_GREY)

# Only what we act on: a click (feature + counter) and the reader's moves (view + counter).
RETURNED = ["last_active_drawing", "last_object_clicked_count", "center", "zoom", MOVES_FIELD]


@dataclass(frozen=True)
class MapEvent:
    clicked: tuple[str, str] | None   # (layer, feature id) of a new click
    view: MapView | None              # where the map is now, as of its last report
    moves: int | None                 # the reader's moves so far: 0 in the map's first report


def show_map(version: str, layer_json: dict[str, str], view: MapView, lang: str, height: int = 620,
             selected: tuple[float, float] | None = None) -> MapEvent:
    st.markdown(MAP_ROOM_CSS, unsafe_allow_html=True)
    provider = tile_provider()
    base = build_base_map(basemap_json(version, provider.url is not None), provider, MapView())
    base.add_child(ReaderMoves(fits=chapter_fits_for(version)))
    out = st_folium(
        base, key=state.K_MAP, height=height, use_container_width=True, returned_objects=RETURNED,
        feature_group_to_add=[*feature_groups(layer_json, lang), _access(lang, selected)],
        center=[view.lat, view.lon], zoom=view.zoom,
    )
    out = out if isinstance(out, dict) else {}  # the component's value is the browser's word: check its shape
    moves = out.get(MOVES_FIELD)
    return MapEvent(_new_click(out), _reported_view(out), moves if isinstance(moves, int) else None)


def _access(lang: str, selected: tuple[float, float] | None):
    """The map's name and description for screen readers, and the ring on the selected feature."""
    help_text = t("map_help", lang, account=t("view_account", lang))
    return access_group(t("map_name", lang), t("map_role", lang), help_text, selected, t("full_screen", lang))


def selected_point(atlas: Atlas, shown: dict) -> tuple[float, float] | None:
    """(lat, lon) of the selected event, place or imported row; None for a line, a state or nothing."""
    selected = st.session_state.get(state.K_SELECTED)
    if not selected:
        return None
    layer, fid = selected
    dataset = imported_dataset(layer)
    if dataset is not None:
        info = shown.get(dataset)
        frame = imported_frame(info.name, info.imported_at) if info is not None else None
    else:
        frame = {"events": atlas.events, "places": atlas.places}.get(layer)
    if frame is None or "id" not in frame.columns:
        return None
    rows = frame[frame["id"].astype(str) == fid]
    if rows.empty:
        return None
    if "geometry" not in rows.columns:  # a stored dataset: the page keeps it without shapely points
        return round(float(rows["lat"].iloc[0]), 5), round(float(rows["lon"].iloc[0]), 5)
    point = rows.geometry.iloc[0]
    if point is None or point.geom_type != "Point":
        return None
    return round(point.y, 5), round(point.x, 5)


def _new_click(out: dict) -> tuple[str, str] | None:
    count = out.get("last_object_clicked_count")
    if count is None or count == st.session_state.get(state.K_CLICKS):
        return None
    st.session_state[state.K_CLICKS] = count
    drawing = out.get("last_active_drawing")
    props = drawing.get("properties") if isinstance(drawing, dict) else None
    layer, fid = (props.get("layer"), props.get("id")) if isinstance(props, dict) else (None, None)
    return (str(layer), str(fid)) if layer and fid else None


def _reported_view(out: dict) -> MapView | None:
    center, zoom = out.get("center"), out.get("zoom")
    if not center or zoom is None:
        return None
    try:
        return MapView(round(float(center["lat"]), 4), round(float(center["lng"]), 4), int(zoom))
    except (KeyError, TypeError, ValueError):
        return None


def show_atlas_map(atlas: Atlas, sel: Selection, lang: str, chapter: Chapter | None,
                   shown: dict) -> list[Binned]:
    """The map of the current view with the shown datasets; returns the layers drawn as hexagons (for the legend)."""
    view_now = st.session_state.get(state.K_VIEW_NOW) or st.session_state[state.K_VIEW]
    layers = layer_json_for(atlas.version, sel, lang, chapter.id if chapter else None, view_now.zoom,
                            detail_window(view_now))
    binned = builtin_binned(atlas, sel, lang, view_now.zoom)
    for name, info in shown.items():
        layers[imported_layer(name)], bins = imported_layer_json(name, info.imported_at, info.title, sel, lang,
                                                               binning_view(view_now))
        binned += [bins] if bins else []
    choropleth.add_layer(layers, sel, lang)  # official figures, under everything (map.compose.draw_order)
    event = show_map(atlas.version, layers, st.session_state[state.K_VIEW], lang,
                     selected=selected_point(atlas, shown))
    if event.clicked:
        st.session_state[state.K_SELECTED] = event.clicked
    _follow_reader(event, view_now)
    return binned


def _follow_reader(event: MapEvent, view_now: MapView) -> None:
    """Keep the URL and the drawn layers in step with where the reader has moved the map.

    The map reports once when it has drawn (0 moves), then after each move the reader makes
    (leaflet.ReaderMoves; the views this script asks for are not reported back). The component
    repeats its last report on every run: act only on a new count, or a chapter opened after
    panning would be pulled back to the old view.
    """
    if event.moves is None or event.moves == st.session_state.get(state.K_LAST_MOVES):
        return
    st.session_state[state.K_LAST_MOVES] = event.moves
    moved_to = event.view if event.moves else None  # the first report is where the map started
    if moved_to is not None:
        st.session_state[state.K_VIEW_NOW] = moved_to
        state.write_url(state.current_snapshot())
    if st.session_state.get(state.K_MAP_ONLY):
        st.rerun(scope="app")  # the map has drawn: now the rest of the page
    if moved_to is not None and window_for(moved_to) != window_for(view_now):
        _rerun_map()  # a new zoom redraws arrowheads and stripes; a zoom or a long pan re-bins large layers


def _rerun_map() -> None:
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:  # a full run cannot rerun only the fragment
        st.rerun()
