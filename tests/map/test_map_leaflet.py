"""The folium map: one GeoJson layer per kind in draw order, and every text field carried inert into it."""

from __future__ import annotations

import re

import folium
import streamlit_folium

from dashboard.atlas.data import load_atlas
from dashboard.atlas.narrative import Chapter
from dashboard.config import TILE_PROVIDERS
from dashboard.map.compose import draw_order, map_collections
from dashboard.map.leaflet import AtlasGeoJson, AtlasLabels, build_base_map, feature_groups, to_js_json
from dashboard.map.legend import view_legend_html
from dashboard.model import MapView, Selection

# The last one is Jinja: folium's renderer once evaluated it on the server (folium_render).
JINJA = "{{ cycler.__init__.__globals__.os.getpid() }}{% if 1 %}if{% endif %}{# c #}"
PAYLOADS = ('<img src=x onerror="window.__xss=1">', "${window.__xss=1}", "`+alert(1)+`", "back\\slash",
            "</script><script>window.__xss=1</script>", JINJA)
TEXT_FIELDS = {
    "places.csv": ("name", "name_de", "name_es", "description_en", "description_de"),  # admin1: checked on the map
    "events.csv": ("actors", "title_en", "title_de", "summary_en", "summary_de", "dispute_note", "dispute_note_de",
                   "dispute_note_es"),
    "cartels.csv": ("name", "name_de", "short"),
    "flows.csv": ("label_en", "label_de", "note_en", "note_de", "note_es", "volume_unit"),
    "sources.csv": ("publisher", "title"),
}


def poison(copy) -> None:
    for name, fields in TEXT_FIELDS.items():
        header, rows = copy.read(name)
        for i, row in enumerate(rows):
            for field in fields:
                if field in header:
                    row[field] = f"{row[field]} {PAYLOADS[i % len(PAYLOADS)]}"
        copy.write(name, header, rows)


def test_a_map_has_one_geojson_layer_per_kind_in_draw_order(tiny_atlas) -> None:
    layers = map_collections(tiny_atlas, Selection(), "en", tiny_atlas.chapter("villa-union-2019"), 5)
    m = build_base_map("{}", TILE_PROVIDERS["none"], MapView())
    for fg in feature_groups({k: to_js_json(v) for k, v in layers.items()}, "en"):
        fg.add_to(m)
    order = ["territories", "highlights", "flows", "crossings", "places", "events"]
    groups = [c for c in m._children.values() if isinstance(c, folium.FeatureGroup)]
    assert [g._id for g in groups] == draw_order(layers) == [*order, "labels"]
    for group in groups:  # one layer per kind, not one object per feature
        assert [type(c) for c in group._children.values()] == [AtlasLabels if group._id == "labels" else AtlasGeoJson]
    page = m.get_root().render()
    assert re.findall(r"var atlas_geo_json_(\w+) = L\.geoJson", page) == ["base", *order]
    interactive = re.findall(r"interactive: (\w+)", page)
    # The labels take no click, no hover and no Tab stop (their layer and each marker).
    assert interactive == ["false"] + ["false" if k == "highlights" else "true" for k in order] + ["false", "false"]
    assert "keyboard: false" in page


def test_imported_datasets_lie_above_the_territories_and_under_the_story_layers(tiny_atlas) -> None:
    # Hexagons of a large dataset must not cover the curated flows, places and events, nor take their clicks.
    layer_json = {k: to_js_json(v) for k, v in map_collections(tiny_atlas, Selection(), "en", None, 5).items()}
    empty = '{"type": "FeatureCollection", "features": []}'
    layer_json |= {"imported:zeta": empty, "imported:acled-mx": empty}
    order = [fg._id for fg in feature_groups(layer_json, "en")]
    story = [order.index(kind) for kind in ("flows", "crossings", "places", "events")]
    assert order.index("territories") < order.index("imported_acled_mx") < order.index("imported_zeta") < min(story)
    assert sorted(order) == sorted(k.replace(":", "_").replace("-", "_") for k in layer_json)


def test_every_text_field_reaches_the_map_inert(make_tiny_atlas) -> None:
    copy = make_tiny_atlas()
    poison(copy)
    poisoned = load_atlas(copy.root)
    chapter: Chapter = next(c for c in poisoned.chapters if c.id == "villa-union-2019")
    js = []
    for lang in ("en", "de"):
        layers = map_collections(poisoned, Selection(), lang, chapter, 6)
        m = build_base_map("{}", TILE_PROVIDERS["none"], MapView())
        for idx, fg in enumerate(feature_groups({k: to_js_json(v) for k, v in layers.items()}, lang)):
            js.append(streamlit_folium._get_feature_group_string(fg, m, idx))
        js.append(view_legend_html(poisoned, Selection(), lang))
    text = "\n".join(js)
    assert "window.__xss" in text, "the payloads did not reach the map at all"
    assert "<img" not in text and "<script" not in text.lower().replace("\\u003cscript", "")
    assert "${" not in text and "`+alert" not in text
    assert "&lt;img src=x onerror=&quot;" in text, "payloads must arrive as escaped text"
    assert text.count(JINJA) >= 20, "template syntax in data must arrive as it is, not evaluated"
