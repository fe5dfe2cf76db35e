"""Map layers: symbology as geometry, and every text field carried inert into the generated map."""

from __future__ import annotations

import math
import pytest
import shapely
import streamlit_folium

from dashboard.config import TILE_PROVIDERS
from dashboard.data import load_atlas
from dashboard.map.features import arrowhead, stripes, zoom_scale
from dashboard.map.leaflet import build_base_map, feature_groups, to_js_json
from dashboard.model import MapView, Selection
from dashboard.narrative import Chapter
from dashboard.views import legend_html, map_collections

# The last one is Jinja: folium's renderer once evaluated it on the server (folium_render).
JINJA = "{{ cycler.__init__.__globals__.os.getpid() }}{% if 1 %}if{% endif %}{# c #}"
PAYLOADS = ('<img src=x onerror="window.__xss=1">', "${window.__xss=1}", "`+alert(1)+`", "back\\slash",
            "</script><script>window.__xss=1</script>", JINJA)
TEXT_FIELDS = {
    "places.csv": ("name", "description_en", "description_de"),  # admin1 is checked against the boundaries
    "events.csv": ("actors", "title_en", "title_de", "summary_en", "summary_de", "dispute_note"),
    "cartels.csv": ("name", "name_de", "short"),
    "flows.csv": ("label_en", "label_de", "note_en", "note_de", "volume_unit"),
    "sources.csv": ("publisher", "title"),
}


def test_arrowhead_points_along_the_leg() -> None:
    leg = shapely.LineString([(0, 0), (10, 0)])
    head = arrowhead(leg, 1.0)
    assert head.contains(shapely.Point(9.5, 0)) and head.bounds[2] == pytest.approx(10)
    assert head.bounds[0] == pytest.approx(9.0)


def test_stripes_stay_inside_the_polygon_and_share_it_between_colours() -> None:
    square = shapely.box(0, 0, 4, 4)
    groups = stripes(square, 3, spacing=0.5)
    assert len(groups) == 3 and all(not g.is_empty for g in groups)
    assert all(square.buffer(1e-9).contains(g) for g in groups)
    lengths = [g.length for g in groups]
    assert max(lengths) / min(lengths) < 1.5  # no colour hides the others


def test_symbols_shrink_in_degrees_as_the_map_zooms_in() -> None:
    assert zoom_scale(4) == 1 and zoom_scale(5) == 0.5 and zoom_scale(10, max_zoom=6) == 0.25


def test_contested_states_are_drawn_as_stripes(atlas) -> None:  # noqa: ANN001
    fc = map_collections(atlas, Selection(cartels=("cjng", "csrl"), year_from=2025), "en", None)["territories"]
    guanajuato = [f for f in fc["features"] if f["properties"]["state"] == "Guanajuato"]
    colours = {f["properties"]["style"]["color"] for f in guanajuato if f["properties"].get("part") == "stripes"}
    assert colours == {atlas.cartel_color("cjng"), atlas.cartel_color("csrl")}


def test_event_circles_grow_with_casualties(atlas) -> None:  # noqa: ANN001
    fc = map_collections(atlas, Selection(), "en", None)["events"]
    radius = {f["id"]: f["properties"]["style"]["radius"] for f in fc["features"]}
    assert radius["e43"] > radius["e17"]  # 11 dead + 12 hurt vs a diplomatic visit
    assert math.isclose(radius["e17"], 5.0)


def poison(copy) -> None:  # noqa: ANN001
    for name, fields in TEXT_FIELDS.items():
        header, rows = copy.read(name)
        for i, row in enumerate(rows):
            for field in fields:
                if field in header:
                    row[field] = f"{row[field]} {PAYLOADS[i % len(PAYLOADS)]}"
        copy.write(name, header, rows)


def test_imported_datasets_lie_above_the_territories_and_under_the_story_layers(atlas) -> None:
    # Hexagons of a large dataset must not cover the curated flows, places and events, nor take their clicks.
    layer_json = {k: to_js_json(v) for k, v in map_collections(atlas, Selection(), "en", None, 5).items()}
    empty = '{"type": "FeatureCollection", "features": []}'
    layer_json |= {"imported:zeta": empty, "imported:acled-mx": empty}
    order = [fg._id for fg in feature_groups(layer_json, "en")]
    story = [order.index(kind) for kind in ("flows", "crossings", "places", "events")]
    assert order.index("territories") < order.index("imported_acled_mx") < order.index("imported_zeta") < min(story)
    assert sorted(order) == sorted(k.replace(":", "_").replace("-", "_") for k in layer_json)


def test_every_text_field_reaches_the_map_inert(make_geodata) -> None:  # noqa: ANN001
    copy = make_geodata()
    poison(copy)
    atlas = load_atlas(copy.root)
    chapter: Chapter = next(c for c in atlas.chapters if c.id == "villa-union-2019")
    js = []
    for lang in ("en", "de"):
        layers = map_collections(atlas, Selection(), lang, chapter, 6)
        m = build_base_map("{}", TILE_PROVIDERS["none"], MapView())
        for idx, fg in enumerate(feature_groups({k: to_js_json(v) for k, v in layers.items()}, lang)):
            js.append(streamlit_folium._get_feature_group_string(fg, m, idx))
        js.append(legend_html(atlas, Selection(), lang))
    text = "\n".join(js)
    assert "window.__xss" in text, "the payloads did not reach the map at all"
    assert "<img" not in text and "<script" not in text.lower().replace("\\u003cscript", "")
    assert "${" not in text and "`+alert" not in text
    assert "&lt;img src=x onerror=&quot;" in text, "payloads must arrive as escaped text"
    assert text.count(JINJA) >= 20, "template syntax in data must arrive as it is, not evaluated"
