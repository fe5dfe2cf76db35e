"""folium maps render as before, but their rendered text is never evaluated again as a template."""

from __future__ import annotations

import re

import branca.element as be

from dashboard.config import TILE_PROVIDERS
from dashboard.map import folium_render
from dashboard.map.leaflet import build_base_map, feature_groups, to_js_json
from dashboard.model import MapView


def _page(tip: str) -> str:
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-99.1, 19.4]},
         "properties": {"layer": "events", "id": "e1", "tip": tip, "style": {"radius": 5}}}]}
    m = build_base_map(to_js_json(fc), TILE_PROVIDERS["none"], MapView())
    for fg in feature_groups({"events": to_js_json(fc)}, "en"):
        fg.add_to(m)
    return re.sub(r"[0-9a-f]{32}", "ID", m.get_root().render())


def test_ordinary_maps_render_exactly_as_branca_renders_them(monkeypatch) -> None:
    ours = _page("Culiacán: 3 killed")
    monkeypatch.setattr(be.MacroElement, "render", folium_render.ORIGINAL_MACRO_RENDER)
    assert _page("Culiacán: 3 killed") == ours
    assert "Culiac" in ours and "L.geoJson" in ours


def test_template_syntax_in_data_is_neither_run_nor_dropped(monkeypatch) -> None:
    payload = "{{ cycler.__init__.__globals__.os.getpid() }} {% if 1 %}x{% endif %} {# c #}"
    assert payload in _page(payload)
    monkeypatch.setattr(be.MacroElement, "render", folium_render.ORIGINAL_MACRO_RENDER)
    assert payload not in _page(payload), "branca alone evaluates it (the reason for folium_render)"


def test_element_ids_stay_unique_and_long_text_is_not_cached() -> None:
    ids = {be.Element()._id for _ in range(1000)}
    assert len(ids) == 1000 and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    before = folium_render._compiled.cache_info().currsize
    be.Template("x" * (folium_render._TEMPLATE_CACHE_MAX_CHARS + 1))
    assert folium_render._compiled.cache_info().currsize == before
