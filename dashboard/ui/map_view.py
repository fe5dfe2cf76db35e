"""The map component: the only place that calls ``st_folium``."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit_folium import st_folium

from dashboard.config import tile_provider
from dashboard.map.leaflet import MOVES_FIELD, ReaderMoves, build_base_map, feature_groups
from dashboard.model import MapView
from dashboard.ui import state
from dashboard.ui.cache import basemap_json

# Only what we act on: a click (feature + counter) and the reader's moves (view + counter).
RETURNED = ["last_active_drawing", "last_object_clicked_count", "center", "zoom", MOVES_FIELD]


@dataclass(frozen=True)
class MapEvent:
    clicked: tuple[str, str] | None   # (layer, feature id) of a new click
    view: MapView | None              # where the map is now, as of its last report
    moves: int | None                 # the reader's moves so far: 0 in the map's first report


def show_map(version: str, layer_json: dict[str, str], view: MapView, lang: str, height: int = 620) -> MapEvent:
    provider = tile_provider()
    base = build_base_map(basemap_json(version, provider.url is not None), provider, MapView())
    base.add_child(ReaderMoves())
    out = st_folium(
        base, key=state.K_MAP, height=height, use_container_width=True, returned_objects=RETURNED,
        feature_group_to_add=feature_groups(layer_json, lang), center=[view.lat, view.lon], zoom=view.zoom,
    ) or {}
    moves = out.get(MOVES_FIELD)
    return MapEvent(_new_click(out), _reported_view(out), moves if isinstance(moves, int) else None)


def _new_click(out: dict) -> tuple[str, str] | None:
    count = out.get("last_object_clicked_count")
    if count is None or count == st.session_state.get(state.K_CLICKS):
        return None
    st.session_state[state.K_CLICKS] = count
    props = (out.get("last_active_drawing") or {}).get("properties") or {}
    layer, fid = props.get("layer"), props.get("id")
    return (str(layer), str(fid)) if layer and fid else None


def _reported_view(out: dict) -> MapView | None:
    center, zoom = out.get("center"), out.get("zoom")
    if not center or zoom is None:
        return None
    try:
        return MapView(round(float(center["lat"]), 4), round(float(center["lng"]), 4), int(zoom))
    except (KeyError, TypeError, ValueError):
        return None
