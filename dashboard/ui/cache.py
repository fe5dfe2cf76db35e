"""Cached loaders: the atlas once per process, GeoJSON per view."""

from __future__ import annotations

import streamlit as st

from dashboard.config import GEODATA_DIR
from dashboard.data import Atlas, data_version, load_atlas
from dashboard.model import Selection
from dashboard.views import map_collections


@st.cache_resource(show_spinner=False)
def _atlas(root: str, version: str) -> Atlas:
    return load_atlas(GEODATA_DIR.__class__(root))


def get_atlas() -> Atlas:
    """The loaded atlas, shared read-only by all sessions; reloads when a data file changes."""
    return _atlas(str(GEODATA_DIR), data_version(GEODATA_DIR))


@st.cache_data(max_entries=512, show_spinner=False)
def collections_for(version: str, sel: Selection, lang: str, chapter_id: str | None, zoom: int) -> dict[str, dict]:
    """GeoJSON per layer for a view (``version`` keys the cache to the data)."""
    atlas = get_atlas()
    chapter = next((c for c in atlas.chapters if c.id == chapter_id), None)
    return map_collections(atlas, sel, lang, chapter, zoom)
