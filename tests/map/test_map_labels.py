"""Labels: state names at country zoom, towns at regional zoom, never over the data or each other."""

from __future__ import annotations

import html
import itertools

import shapely

from dashboard.map import labels
from dashboard.map.compose import detail_window, map_collections
from dashboard.model import MapView, Selection


def _boxes(fc: dict, zoom: int) -> list[shapely.Polygon]:
    out = []
    for f in fc["features"]:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        c = labels.Candidate(html.unescape(p["text"]), lat, lon, p["kind"], p["size"],
                             0 if p["side"] == "center" else p["offset"] - labels.GAP_PX)
        x, y = labels.pixel(c.lat, c.lon, zoom)
        out.append(labels.text_box(c, x, y, p["side"]))
    return out


def test_country_zoom_names_states_and_no_towns(tiny_atlas) -> None:
    fc = map_collections(tiny_atlas, Selection(), "en", None, 5)["labels"]
    kinds = {f["properties"]["kind"] for f in fc["features"]}
    assert kinds == {"state", "count"}
    names = {f["properties"]["text"] for f in fc["features"] if f["properties"]["kind"] == "state"}
    # the tiny atlas's seven states, but Sinaloa: its label would cover the mark of Culiacán's two events
    assert names == {"Ciudad de México", "Coahuila", "Guanajuato", "Jalisco", "Michoacán", "Tamaulipas"}
    bare = map_collections(tiny_atlas, Selection(layers=("territories",)), "en", None, 5)["labels"]
    assert {f["properties"]["text"] for f in bare["features"]} == names | {"Sinaloa"}  # no mark in the way


def test_regional_zoom_names_the_atlas_places_and_larger_towns(tiny_atlas) -> None:
    chapter = tiny_atlas.chapter("salamanca-sunday")
    fc = map_collections(tiny_atlas, chapter.selection, "en", chapter, chapter.view.zoom,
                         detail_window(chapter.view))["labels"]
    by_kind = {k: {f["properties"]["text"] for f in g}
               for k, g in itertools.groupby(sorted(fc["features"], key=lambda f: f["properties"]["kind"]),
                                             key=lambda f: f["properties"]["kind"])}
    assert "Celaya" in by_kind["place"] and "Irapuato" in by_kind["town"]
    assert "Celaya" not in by_kind["town"]  # a place of the atlas is named once, as the atlas's


def test_labels_cover_neither_each_other_nor_the_drawn_points_and_lines(tiny_atlas) -> None:
    for zoom in (4, 5, 6, 8):
        layers = map_collections(tiny_atlas, Selection(), "en", None, zoom, detail_window(MapView(21.0, -101.0, zoom)))
        names = {**layers["labels"], "features": [f for f in layers["labels"]["features"]
                                                  if f["properties"]["kind"] != "count"]}  # counts sit on their mark
        boxes = _boxes(names, zoom)
        # (coordinates are rounded to 4 decimals on the way: allow a sliver of a pixel)
        assert all(a.intersection(b).area < 1 for a, b in itertools.combinations(boxes, 2)), zoom
        obstacles = labels.obstacles_of(layers, zoom)
        assert not any(b.intersection(o).area >= 1 for b in boxes for o in obstacles), zoom


def test_label_text_is_escaped_and_ids_carry_no_raw_text() -> None:
    c = labels.Candidate("<b>$x</b>", 20.0, -100.0, "town", 12, 3)
    f = labels.label_feature(c, "right")
    assert f["properties"]["text"] == "&lt;b&gt;&#36;x&lt;/b&gt;" and "<" not in f["id"]


def test_pixel_and_latlon_are_inverse() -> None:
    x, y = labels.pixel(20.5, -101.2, 7)
    lat, lon = labels.latlon(x, y, 7)
    assert abs(lat - 20.5) < 1e-9 and abs(lon + 101.2) < 1e-9
