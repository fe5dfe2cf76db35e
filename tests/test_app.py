"""AppTest tests of the Streamlit page (dashboard/app.py): widgets, URL state and what the map receives.

The st_folium component shows up in AppTest as an element with ``proto.component_name``
"streamlit_folium.st_folium" whose ``proto.json_args`` carry what the browser would get
(script, feature_group, center, zoom, js_links, ...). ``map_args`` is the one place that reads it.
Map clicks and pans are simulated by patching ``dashboard.ui.map_view.st_folium``: the real
component is still rendered, and the patch returns what the browser would report.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from unittest import mock

import pytest
import streamlit_folium
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the page imports the ``dashboard`` package
    sys.path.insert(0, str(ROOT))

from dashboard.atlas.data import load_atlas  # noqa: E402
from dashboard.config import GEODATA_DIR  # noqa: E402
from dashboard.map.leaflet import MOVES_FIELD  # noqa: E402
from dashboard.model import MapView, Selection  # noqa: E402
from dashboard.share.link import Snapshot, to_query_params  # noqa: E402

APP = "../dashboard/app.py"  # AppTest resolves this against this file's folder
TIMEOUT = 60
CHAPTERS = {c["id"]: c for c in tomllib.loads((ROOT / "geodata/chapters.toml").read_text("utf-8"))["chapter"]}
CHAPTER_IDS = list(CHAPTERS)
# A chapter opens on the view fitted to its story (dashboard/atlas/framing.py), not the one its table names.
VIEWS = {c.id: {"lat": c.view.lat, "lon": c.view.lon, "zoom": c.view.zoom} for c in load_atlas(GEODATA_DIR).chapters}
REAL_ST_FOLIUM = streamlit_folium.st_folium


# --------------------------------------------------------------------------- helpers


def new_app(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    return at


def run_ok(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if map_only(at):
        # A session's first run draws the map alone; in the browser the map's first report
        # brings the rest (test_first_run_draws_the_map_alone...). Any next run does too.
        at.run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def map_only(at: AppTest) -> bool:
    return "map_only_since" in at.session_state and bool(at.session_state["map_only_since"])


def map_args(at: AppTest) -> dict:
    """The arguments the page handed to the st_folium component (the only access to it)."""
    found = [el for el in at.get("component_instance")
             if getattr(el.proto, "component_name", "") == "streamlit_folium.st_folium"]
    assert len(found) == 1, f"expected one map component, found {len(found)}"
    return json.loads(found[0].proto.json_args)


def event_ids(at: AppTest) -> set[str]:
    """Ids of the events drawn in the map's events layer (a mark for several events at one place names them all)."""
    group = map_args(at)["feature_group"]
    single = set(re.findall(r'"id":\s*"(e\d+)",\s*"layer":\s*"events"', group))
    spots = re.findall(r'"ids":\s*\[([^\]]*)\]', group)  # only an events mark for several events has "ids"
    return single | {i for ids in spots for i in re.findall(r'"([^"]+)"', ids)}


def page_text(at: AppTest) -> str:
    """Every piece of visible text of the page that the tests look at."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info"):
        parts += [str(el.value) for el in getattr(at, kind)]
    parts += [str(w.label) for w in (*at.radio, *at.selectbox, *at.multiselect, *at.slider, *at.button,
                                     *at.checkbox)]
    return "\n".join(parts)


def legend(at: AppTest) -> str:
    texts = [m.value for m in at.markdown if "atlas-legend" in m.value]
    assert len(texts) == 1
    return texts[0]


def reporting_map(center: dict | None = None, zoom: int | None = None, click: tuple[str, str] | None = None,
                  count: int = 1, moves: int | None = None):
    """A stand-in for ``st_folium``: renders the real component, returns what the browser would report.

    Without ``center``/``zoom`` it is the map's first report: the view it was built at, before it
    moves to the one it was told to show (that move is not reported: mapbuild.ReaderMoves). With
    them the reader has moved the map there (``moves`` times, once unless given).
    """
    def fake(*args, **kwargs):
        REAL_ST_FOLIUM(*args, **kwargs)
        start = MapView()
        moved = center is not None or zoom is not None
        out = {"center": center or {"lat": start.lat, "lng": start.lon}, "zoom": start.zoom if zoom is None else zoom,
               "last_active_drawing": None, "last_object_clicked_count": None,
               MOVES_FIELD: (1 if moves is None else moves) if moved else 0}
        if click:
            out["last_active_drawing"] = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]},
                                          "properties": {"layer": click[0], "id": click[1]}}
            out["last_object_clicked_count"] = count
        return out
    return mock.patch("dashboard.ui.map_view.st_folium", side_effect=fake)


# --------------------------------------------------------------------------- 1. the page


def test_page_runs_with_a_locally_served_map_of_the_events() -> None:
    at = run_ok(new_app())
    args = map_args(at)
    assert args["js_links"], "the map needs Leaflet"
    assert not [u for u in args["js_links"] + args["css_links"] if "http" in u], args["js_links"]
    assert {"e07", "e43", "e25"} <= event_ids(at)
    assert "Salamanca" in args["feature_group"] or "Loma de Flores" in args["feature_group"]
    assert at.title[0].value == "Frontera Atlas"


# --------------------------------------------------------------------------- 2. filters


def test_first_run_draws_the_map_alone_and_its_report_brings_the_rest() -> None:
    at = new_app(cartel="cdn")
    at.run()
    assert map_only(at) and not at.exception
    assert event_ids(at) and "e43" not in event_ids(at), "the first run must already draw the filtered map"
    assert not at.multiselect and not at.slider and not at.expander, "controls arrived with the map"
    assert "Loading the controls" in " ".join(c.value for c in at.sidebar.caption)
    at = new_app(cartel="cdn")
    with reporting_map():  # as in the browser: Leaflet has drawn and reports its view
        at.run()  # one run from the outside; the report starts the second
    assert not map_only(at) and not at.exception
    assert at.multiselect(key="cartels").value == ["cdn"] and at.slider(key="years")
    assert "atlas-legend" in legend(at)
    assert [e.label for e in at.expander] == ["Share this view", "Import a file", "Official tables"]


def test_cartel_filter_changes_what_the_map_receives() -> None:
    at = run_ok(new_app())
    assert "e43" in event_ids(at)  # Salamanca massacre: CJNG and CSRL only
    at.multiselect(key="cartels").select("cdn")
    run_ok(at)
    ids = event_ids(at)
    assert "e07" in ids          # Villa Unión: CDN
    assert "e43" not in ids      # cjng/csrl only
    assert "e25" not in ids      # Culiacán war: sinaloa factions only
    assert "Cartel del Noreste" in legend(at)


def test_year_slider_drops_events_outside_the_range() -> None:
    at = run_ok(new_app())
    at.slider(key="years").set_range(2019, 2019)
    run_ok(at)
    ids = event_ids(at)
    assert {"e06", "e07"} <= ids                 # both in late 2019
    assert not ids & {"e43", "e25", "e09", "e02"}  # 2026, 2024, 2020, 2017
    assert "Period 2019–2019" in page_text(at)


def test_legend_names_the_territory_snapshot_shown() -> None:
    at = run_ok(new_app())
    at.slider(key="years").set_range(2006, 2022)
    run_ok(at)
    assert "Who holds each state, 2019" in legend(at)
    at.slider(key="years").set_range(2006, 2018)
    run_ok(at)
    assert "no snapshot before 2019" in legend(at)


# --------------------------------------------------------------------------- 3. chapters


def test_chapter_moves_the_map_and_sets_the_filters() -> None:
    at = run_ok(new_app())
    chapter = CHAPTERS["villa-union-2019"]
    at.selectbox(key="chapter").set_value("villa-union-2019")
    run_ok(at)
    args = map_args(at)
    assert args["center"] == pytest.approx([VIEWS[chapter["id"]]["lat"], VIEWS[chapter["id"]]["lon"]])
    assert args["zoom"] == VIEWS[chapter["id"]]["zoom"]
    assert at.slider(key="years").value == tuple(chapter["years"])
    assert sorted(at.multiselect(key="cartels").value) == sorted(chapter["cartels"])
    assert chapter["title_en"] in [s.value for s in at.subheader]
    assert "e07" in event_ids(at) and "e43" not in event_ids(at)


def test_next_and_previous_walk_the_story() -> None:
    at = run_ok(new_app())
    assert at.button(key="chapter_prev").disabled
    at.button(key="chapter_next").click()
    run_ok(at)
    assert at.selectbox(key="chapter").value == CHAPTER_IDS[0]
    assert CHAPTERS[CHAPTER_IDS[0]]["title_en"] in [s.value for s in at.subheader]
    at.button(key="chapter_next").click()
    run_ok(at)
    second = CHAPTERS[CHAPTER_IDS[1]]
    assert at.selectbox(key="chapter").value == CHAPTER_IDS[1]
    assert map_args(at)["center"] == pytest.approx([VIEWS[second["id"]]["lat"], VIEWS[second["id"]]["lon"]])
    assert at.slider(key="years").value == tuple(second["years"])
    at.button(key="chapter_prev").click()
    run_ok(at)
    assert at.selectbox(key="chapter").value == CHAPTER_IDS[0]
    assert at.slider(key="years").value == tuple(CHAPTERS[CHAPTER_IDS[0]]["years"])
    # the last chapter has no successor
    at.selectbox(key="chapter").set_value(CHAPTER_IDS[-1])
    run_ok(at)
    assert at.button(key="chapter_next").disabled and not at.button(key="chapter_prev").disabled


# --------------------------------------------------------------------------- 4. map clicks


def test_map_click_shows_details_and_opens_its_chapter() -> None:
    with reporting_map(click=("events", "e07")):
        at = run_ok(new_app())
        text = page_text(at)
        assert "CDN convoy storms Villa Unión town hall" in text
        assert "**Killed:** 22–26 \\(disputed\\)" in text
        open_button = at.button(key="open-villa-union-2019")
        assert "Villa Unión, 30 November 2019" in open_button.label
        assert at.selectbox(key="chapter").value is None
        open_button.click()
        run_ok(at)
        assert at.selectbox(key="chapter").value == "villa-union-2019"
        assert at.slider(key="years").value == (2019, 2019)
        view = VIEWS["villa-union-2019"]
        assert map_args(at)["center"] == pytest.approx([view["lat"], view["lon"]])
        assert map_args(at)["zoom"] == view["zoom"]


def test_map_click_as_reported_by_streamlit_folium() -> None:
    """The click exactly as the brief's browser payload: the map also reports the view it is at."""
    fake = {"last_active_drawing": {"type": "Feature", "properties": {"id": "e07", "layer": "events"}},
            "last_object_clicked_count": 1, "center": {"lat": 28.2, "lng": -100.7}, "zoom": 9, MOVES_FIELD: 1}

    def report(*args, **kwargs):
        REAL_ST_FOLIUM(*args, **kwargs)
        return fake

    with mock.patch("dashboard.ui.map_view.st_folium", side_effect=report):
        at = run_ok(new_app())
        assert "CDN convoy storms Villa Unión town hall" in page_text(at)
        assert at.query_params.get("zoom") == "9"  # the share link follows the map


def test_opening_a_chapter_after_panning_moves_the_map_to_the_chapter() -> None:
    """Pan the map (the component keeps reporting that view), then choose a chapter from the sidebar."""
    with reporting_map(center={"lat": 28.2, "lng": -100.7}, zoom=4):
        at = run_ok(new_app())
        assert at.query_params.get("lat") == "28.2000"
        at.selectbox(key="chapter").set_value("villa-union-2019")
        run_ok(at)
        view = VIEWS["villa-union-2019"]
        assert map_args(at)["center"] == pytest.approx([view["lat"], view["lon"]])
        assert map_args(at)["zoom"] == view["zoom"]
        assert (at.query_params.get("lat"), at.query_params.get("zoom")) == (f"{view['lat']:.4f}", str(view["zoom"]))


def test_share_link_follows_the_reader_back_to_the_view_reported_before_a_chapter() -> None:
    """Pan, open a chapter (its view is not reported back), pan back to exactly the first view."""
    with reporting_map(center={"lat": 28.2, "lng": -100.7}, zoom=4, moves=1):
        at = run_ok(new_app())
        at.selectbox(key="chapter").set_value("villa-union-2019")
        run_ok(at)
    assert at.query_params.get("lat") == f"{VIEWS['villa-union-2019']['lat']:.4f}"
    with reporting_map(center={"lat": 28.2, "lng": -100.7}, zoom=4, moves=2):  # same view, a new move
        run_ok(at)
    assert (at.query_params.get("lat"), at.query_params.get("lon"), at.query_params.get("zoom")) == \
        ("28.2000", "-100.7000", "4")


def test_the_maps_first_report_leaves_the_view_from_the_link() -> None:
    """The map reports once where it was built, before it moves to the linked view: not a move."""
    with reporting_map():
        at = run_ok(new_app(lat="19.5", lon="-102.1", zoom="8"))
    assert not map_only(at)  # the report did bring the rest of the page
    assert (at.query_params.get("lat"), at.query_params.get("lon"), at.query_params.get("zoom")) == \
        ("19.5000", "-102.1000", "8")
    assert map_args(at)["center"] == [19.5, -102.1] and map_args(at)["zoom"] == 8


# --------------------------------------------------------------------------- 5. URL parameters


def test_url_parameters_set_widgets_language_and_view() -> None:
    at = run_ok(new_app(cartel="cjng", **{"from": "2019"}, to="2023", lang="de", chapter="widow-in-michoacan",
                        lat="19.5", lon="-102.1", zoom="8"))
    assert at.multiselect(key="cartels").value == ["cjng"]
    assert at.slider(key="years").value == (2019, 2023)  # explicit filters win over the chapter's
    assert at.selectbox(key="chapter").value == "widow-in-michoacan"
    assert at.radio(key="lang").value == "de"
    assert "Sprache" in page_text(at)
    assert CHAPTERS["widow-in-michoacan"]["title_de"] in [s.value for s in at.subheader]
    args = map_args(at)
    assert args["center"] == pytest.approx([19.5, -102.1])
    assert args["zoom"] == 8
    assert not at.warning


def test_chapter_only_link_opens_the_chapter_as_told() -> None:
    at = run_ok(new_app(chapter="villa-union-2019"))
    chapter = CHAPTERS["villa-union-2019"]
    assert at.slider(key="years").value == tuple(chapter["years"])
    assert at.multiselect(key="cartels").value == chapter["cartels"]
    assert map_args(at)["zoom"] == VIEWS["villa-union-2019"]["zoom"]


def test_share_link_round_trip_restores_the_view() -> None:
    snap = Snapshot(Selection(cartels=("cdn", "sinaloa"), year_from=2019, year_to=2023, types=("attack",),
                              layers=("events", "flows")),
                    chapter="villa-union-2019", lang="de", view=MapView(25.0, -100.0, 6))
    params = to_query_params(snap)
    at = run_ok(new_app(**params))
    assert sorted(at.multiselect(key="cartels").value) == ["cdn", "sinaloa"]
    assert at.slider(key="years").value == (2019, 2023)
    assert at.multiselect(key="types").value == ["attack"]
    assert {k: at.checkbox(key=f"layer_{k}").value for k in ("territories", "events", "places", "flows",
                                                              "crossings")} == {
        "territories": False, "events": True, "places": False, "flows": True, "crossings": False}
    assert at.selectbox(key="chapter").value == "villa-union-2019"
    assert at.radio(key="lang").value == "de"
    args = map_args(at)
    assert args["center"] == pytest.approx([25.0, -100.0]) and args["zoom"] == 6
    # the chapter draws its own story (Villa Unión, e07) within the link's filters, nothing else
    assert event_ids(at) == {"e07"}
    assert not at.warning
    # the page writes the same link back
    def as_lists(d: dict) -> dict:
        return {k: sorted(v) if isinstance(v, list) else [v] for k, v in d.items()}
    assert as_lists(at.query_params) == as_lists(params)


# --------------------------------------------------------------------------- 6. bad parameters


def test_bad_url_parameters_are_dropped_with_a_visible_notice() -> None:
    at = run_ok(new_app(**{"from": "abc"}, cartel="<script>alert(1)</script>", zoom="999", bogus="1"))
    assert len(at.warning) == 1
    notice = at.warning[0].value
    for name in ("from", "cartel", "zoom", "bogus"):
        assert name in notice, notice
    assert "<script>" not in notice  # shown as text, escaped for markdown
    assert at.slider(key="years").value == (2006, 2026)
    assert at.multiselect(key="cartels").value == []
    args = map_args(at)
    assert args["zoom"] == MapView().zoom and "e43" in event_ids(at)  # the bad zoom fell back to the default
    assert "cartel" not in at.query_params and "bogus" not in at.query_params


# --------------------------------------------------------------------------- 7. language


def test_language_switch_translates_panels_and_map_tooltips() -> None:
    at = run_ok(new_app())
    assert "Killed:" in map_args(at)["feature_group"]
    at.radio(key="lang").set_value("de")
    run_ok(at)
    text = page_text(at)
    assert "Sprache" in text and "Legende" in legend(at)
    assert "Klicken Sie auf einen Ort" in text
    assert "Diese Ansicht in Worten" in text
    fg = map_args(at)["feature_group"]
    assert "Getötet" in fg or "Get\\u00f6tet" in fg
    assert "Killed:" not in fg
    assert at.query_params.get("lang") == "de"


# --------------------------------------------------------------------------- 8. embed


def test_embed_link_uses_streamlit_embed_mode_and_page_still_draws_the_map() -> None:
    # Streamlit reserves ?embed= (hidden from st.query_params; seen via st.context.is_embedded, which
    # AppTest cannot set), so the browser tests check the hidden sidebar; here: the link and the page.
    at = run_ok(new_app(embed="true", chapter="villa-union-2019"))
    assert map_args(at)["feature_group"]
    assert not at.code, "the closed share panel should not be built"
    at.session_state["share_open"] = True  # the reader opens "Share this view"
    run_ok(at)
    snippets = [c.value for c in at.code if "<iframe" in c.value]
    assert snippets, "the share panel shows no embed snippet"
    assert "embed=true" in snippets[0] and "chapter=villa-union-2019" in snippets[0]


# --------------------------------------------------------------------------- 9. large datasets


def test_a_large_stored_dataset_is_drawn_as_hexagons_and_a_hexagon_click_details_it() -> None:
    from dashboard.imports import store
    from dashboard.testing import synthetic_events

    store.save_frame("national", synthetic_events(6000, seed=5), source="synthetic", fmt="bench")
    at = run_ok(new_app())
    group = map_args(at)["feature_group"]
    hexes = re.findall(r'"id":"(hex:\d+:-?\d+:-?\d+)","layer":"imported:national"', group)
    assert hexes and len(hexes) == group.count('"layer":"imported:national"')  # hexagons only, no points
    assert "6,000 events in and around the view, counted in hexagons" in legend(at)
    with reporting_map(click=("imported:national", hexes[0])):
        run_ok(at)
    text = page_text(at)
    assert "Events in this hexagon" in text and "national: " in text


def test_an_imported_dataset_is_in_the_legend_and_the_account_with_its_count_and_source() -> None:
    from dashboard.imports import store
    from dashboard.testing import synthetic_events

    store.save_frame("my-list", synthetic_events(40, seed=3), source="my-list.csv", fmt="csv")
    at = run_ok(run_ok(new_app()))
    shown = legend(at)
    assert "my-list (imported) · 40 events · source: none given at import" in shown
    account = page_text(at).replace("\\", "")  # the account is markdown with its data text escaped
    assert "Imported dataset my-list: 40 events in this view (source: none given at import)" in account


def test_a_clicked_point_of_a_stored_dataset_gets_its_ring_at_its_place() -> None:
    """The page keeps a stored dataset without shapely points: the selected row's ring comes from its lat/lon."""
    from dashboard.imports import store
    from dashboard.testing import synthetic_events

    frame = synthetic_events(30, seed=11)
    store.save_frame("ringed", frame, source="ringed.csv", fmt="csv")
    row = store.load_dataset("ringed").iloc[0]
    at = run_ok(run_ok(new_app()))
    with reporting_map(click=("imported:ringed", str(row["id"]))):
        run_ok(at)
    assert "ringed" in page_text(at)   # its details beside the map
    run_ok(at)   # the map drawn after the click shows the ring
    # the ring's features carry a style and nothing else (no id, no layer): the selected point's halo and ring
    ring = r'"coordinates":\[(-?[\d.]+),(-?[\d.]+)\]\},"properties":\{"style":'
    rings = re.findall(ring, map_args(at)["feature_group"])
    assert len(rings) == 2, "no ring around the selected point"
    for lon, lat in rings:
        assert (float(lat), float(lon)) == pytest.approx((row["lat"], row["lon"]), abs=1e-4)
