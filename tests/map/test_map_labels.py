"""Labels: state names at country zoom, towns at regional zoom, never over the data or each other."""

from __future__ import annotations

import html
import itertools

import pytest
import shapely

from dashboard.map import label_layout, labels
from dashboard.map.compose import detail_window, map_collections
from dashboard.model import MapView, Selection


def _boxes(fc: dict, zoom: int) -> list[shapely.Polygon]:
    out = []
    for f in fc["features"]:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        c = labels.Candidate(html.unescape(p["text"]), lat, lon, p["kind"], p["size"],
                             0 if p["side"] == "center" else p["offset"] - label_layout.GAP_PX)
        x, y = labels.pixel(c.lat, c.lon, zoom)
        out.append(label_layout.text_box(c, x, y, p["side"]))
    return out


def test_country_zoom_names_states_and_no_towns(atlas) -> None:
    fc = map_collections(atlas, Selection(), "en", None, 5)["labels"]
    kinds = {f["properties"]["kind"] for f in fc["features"]}
    # states, the numbers on stacked marks, and where the flows start (the guns' origins): no towns
    states = sum(f["properties"]["kind"] == "state" for f in fc["features"])
    assert kinds == {"state", "count", "place"} and states >= 15
    origins = {html.unescape(f["properties"]["text"]) for f in fc["features"] if f["properties"]["kind"] == "place"}
    assert {"Houston", "Phoenix", "El Paso"} <= origins
    names = {f["properties"]["text"] for f in fc["features"] if f["properties"]["kind"] == "state"}
    assert {"Chihuahua", "Oaxaca", "Yucatán"} <= names


def test_regional_zoom_names_the_atlas_places_and_larger_towns(atlas) -> None:
    chapter = atlas.chapter("salamanca-sunday")
    fc = map_collections(atlas, chapter.selection, "en", chapter, chapter.view.zoom,
                         detail_window(chapter.view))["labels"]
    by_kind = {k: {f["properties"]["text"] for f in g}
               for k, g in itertools.groupby(sorted(fc["features"], key=lambda f: f["properties"]["kind"]),
                                             key=lambda f: f["properties"]["kind"])}
    assert "Celaya" in by_kind["place"] and "Irapuato" in by_kind["town"]


def test_labels_cover_neither_each_other_nor_the_drawn_points_and_lines(atlas) -> None:
    for zoom in (4, 5, 6, 8):
        layers = map_collections(atlas, Selection(), "en", None, zoom, detail_window(MapView(21.0, -101.0, zoom)))
        names = {**layers["labels"], "features": [f for f in layers["labels"]["features"]
                                                  if f["properties"]["kind"] != "count"]}  # counts sit on their mark
        boxes = _boxes(names, zoom)
        # (coordinates are rounded to 4 decimals on the way: allow a sliver of a pixel)
        assert all(a.intersection(b).area < 1 for a, b in itertools.combinations(boxes, 2)), zoom
        points = labels.obstacles_of(layers, zoom, "Point")
        assert not any(b.intersection(o).area >= 1 for b in boxes for o in points), zoom
        # a state's name may cross a thin flow line (over its halo); no other label does
        others = _boxes({"features": [f for f in names["features"] if f["properties"]["kind"] != "state"]}, zoom)
        lines = labels.obstacles_of(layers, zoom, "LineString")
        assert not any(b.intersection(o).area >= 1 for b in others for o in lines), zoom


def test_label_text_is_escaped_and_ids_carry_no_raw_text() -> None:
    c = labels.Candidate("<b>$x</b>", 20.0, -100.0, "town", 12, 3)
    f = labels.label_feature(c, "right")
    assert f["properties"]["text"] == "&lt;b&gt;&#36;x&lt;/b&gt;" and "<" not in f["id"]


def test_pixel_and_latlon_are_inverse() -> None:
    x, y = labels.pixel(20.5, -101.2, 7)
    lat, lon = label_layout.latlon(x, y, 7)
    assert abs(lat - 20.5) < 1e-9 and abs(lon + 101.2) < 1e-9


def _texts(fc: dict, kind: str | None = None) -> list[str]:
    return [html.unescape(f["properties"]["text"]) for f in fc["features"]
            if kind is None or f["properties"]["kind"] == kind]


def test_the_default_view_names_guanajuato_where_its_events_are(atlas) -> None:
    """States with the story's events are named first: Guanajuato carries its name under its events."""
    fc = map_collections(atlas, Selection(), "en", None, 5)["labels"]
    assert "Guanajuato" in _texts(fc, "state")


def test_a_chapter_names_its_own_places_and_where_its_flows_start_at_country_zoom(atlas) -> None:
    chapter = atlas.chapter("made-in-missouri")
    assert chapter.view.zoom < labels.TOWN_MIN_ZOOM  # towns are not named at this zoom: the story's names are
    fc = map_collections(atlas, chapter.selection, "en", chapter, chapter.view.zoom)["labels"]
    named = _texts(fc, "place")
    assert {"Lake City Army Ammunition Plant", "Independence, Missouri", "Villa Unión", "Mexico City"} <= set(named)
    assert named[0] == "Lake City Army Ammunition Plant"  # the chapter's own places first, in its order


def test_the_iron_river_names_its_us_source_cities(atlas) -> None:
    chapter = atlas.chapter("iron-river")
    fc = map_collections(atlas, chapter.selection, "en", chapter, chapter.view.zoom)["labels"]
    named = " ".join(_texts(fc, "place"))
    assert all(city in named for city in ("Houston", "Tucson", "Phoenix", "El Paso"))


def test_a_state_wide_marker_reads_as_a_state(atlas) -> None:
    chapter = atlas.chapter("follow-the-money")  # Kentucky: the source names only the state
    layers = map_collections(atlas, chapter.selection, "en", chapter, chapter.view.zoom)
    [marker] = [f for f in layers["places"]["features"] if f["id"] == "kentucky-state"]
    assert marker["properties"]["scope"] == "state" and marker["properties"]["style"]["fillOpacity"] == 0
    assert marker["properties"]["style"]["radius"] >= 2 * 4.5  # a wide ring, twice a town dot
    [label] = [f for f in layers["labels"]["features"] if "Kentucky" in f["properties"]["text"]]
    assert label["properties"]["kind"] == "state"  # set like a state's name


def test_labels_stay_inside_a_given_frame() -> None:
    """A frame (a snapshot's picture, a chapter's desktop frame) keeps every label wholly inside it."""
    x, y = labels.pixel(20.0, -100.0, 6)
    near_edge = labels.Candidate("A long name of a place", 20.0, -100.0, "place", 12, 5)
    [inside] = labels.place_labels([near_edge], [], 6, frame=(x - 200, y - 50, x + 20, y + 50))
    assert inside["properties"]["side"] == "left"  # the right side would reach past the frame
    assert labels.place_labels([near_edge], [], 6, frame=(x - 20, y - 50, x + 20, y + 50)) == []


def test_a_chapters_labels_never_overlap_at_its_zoom(atlas) -> None:
    for cid in ("salamanca-sunday", "villa-union-2019", "made-in-missouri", "iron-river"):
        chapter = atlas.chapter(cid)
        fc = map_collections(atlas, chapter.selection, "en", chapter, chapter.view.zoom,
                             detail_window(chapter.view))["labels"]
        boxes = _boxes({"features": [f for f in fc["features"] if f["properties"]["kind"] != "count"]},
                       chapter.view.zoom)
        assert all(a.intersection(b).area < 1 for a, b in itertools.combinations(boxes, 2)), cid


def _own_places(atlas, chapter, lang: str) -> dict[str, str]:
    """A chapter's own places (its places and the atlas places its routes start or end at): id -> name in ``lang``."""
    column = "name" if lang == "en" else f"name_{lang}"
    name = dict(zip(atlas.places["id"], atlas.places[column], strict=True))
    legs = atlas.flows[atlas.flows["route"].isin(chapter.routes)].sort_values("seq")
    ends = [p for _, leg in legs.groupby("route") for p in (leg["from_place"].iloc[0], leg["to_place"].iloc[-1])]
    return {p: name[p] for p in [*chapter.places, *ends] if p in name}


@pytest.mark.parametrize("lang", ["en", "de", "es"])
def test_every_chapter_names_all_its_own_places_at_its_desktop_view(atlas, lang: str) -> None:
    """San Antonio in the Iron River, Culiacán beside its events, Tepetitán beside Macuspana, the Lake City
    plant's long Spanish name clear of the key: all named, in every language."""
    unnamed = {}
    for chapter in atlas.chapters:
        fc = map_collections(atlas, chapter.selection, lang, chapter, chapter.view.zoom,
                             detail_window(chapter.view))["labels"]
        texts = set(_texts(fc))
        missing = [p for p, name in _own_places(atlas, chapter, lang).items()
                   if name not in texts and name.split(",")[0].split(" (")[0] not in texts]
        if missing:
            unnamed[chapter.id] = missing
    assert unnamed == {}


def test_an_own_name_moves_an_earlier_one_to_make_room_for_itself() -> None:
    """Two own names whose first spots collide: the first moves to another spot so the second is named too."""
    x, y = label_layout.pixel(29.0, -100.0, 4)
    lat, lon = label_layout.latlon(x + 30, y - 8, 4)  # a neighbour up and to the right, like San Antonio
    first = label_layout.Candidate("Piedras Negras", 29.0, -100.0, "place", 12, 12.5, key="pn", own=True)
    second = label_layout.Candidate("San Antonio", lat, lon, "place", 12, 12.5, key="sa", own=True)
    # only the spots above the two points are open: what is drawn takes everything lower
    drawn = [shapely.box(x - 300, y - 14, x + 300, y + 300)]
    placed = label_layout.place_labels([first, second], drawn, 4)
    assert sorted(html.unescape(f["properties"]["text"]) for f in placed) == ["Piedras Negras", "San Antonio"]
    assert placed[0]["properties"]["text"] == "Piedras Negras"  # the chapter's order kept


def test_no_chapter_name_lies_under_the_map_buttons_or_the_key(atlas) -> None:
    """The zoom and full-screen buttons cover the desktop map's upper left corner, the key its lower left one."""
    from dashboard.atlas import framing

    for chapter in atlas.chapters:
        zoom = chapter.view.zoom
        fc = map_collections(atlas, chapter.selection, "en", chapter, zoom, detail_window(chapter.view))["labels"]
        x, y = framing.world_px(chapter.view.lat, chapter.view.lon, zoom)
        left, top = x - framing.DESKTOP_MAP_PX[0] / 2, y - framing.DESKTOP_MAP_PX[1] / 2
        buttons = shapely.box(left, top, left + framing.CONTROLS_BOX_PX[0], top + framing.CONTROLS_BOX_PX[1])
        names = {"features": [f for f in fc["features"] if f["properties"]["kind"] != "count"]}
        assert not any(b.intersection(buttons).area >= 1 for b in _boxes(names, zoom)), chapter.id


def test_a_crowded_own_name_set_out_from_its_point_stays_nearer_it_than_any_other() -> None:
    """Beside its own ring there is no room: it moves out past the ring, to the side away from the other point."""
    x, y = label_layout.pixel(25.0, -105.0, 4)
    crowded = label_layout.Candidate("Culiacán", 25.0, -105.0, "place", 12, 5, key="c", own=True, reach_px=30)
    ring = shapely.Point(x, y).buffer(26)                 # the rings crowding its own take every spot beside it
    other = shapely.Point(x + 40, y - 25).buffer(5)       # another place up and to the right
    [label] = label_layout.place_labels([crowded], [ring, other], 4)
    assert label["properties"]["side"] == "left" and label["properties"]["offset"] == 33
