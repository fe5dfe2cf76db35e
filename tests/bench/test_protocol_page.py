"""The protocol client's page: the reruns it builds are the ones Chromium sends for the same page.

The expected messages were read from the frames Chromium sent to this app (Streamlit 1.67): every
widget's value with every rerun, a select box without a choice as its id alone, a button only when
pressed, the map's first report as a rerun of its fragment, the kept messages' hashes.
"""

from __future__ import annotations

import json

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.bench.protocol_page import NO_XSRF_TOKEN, Page, subprotocols

URL = "http://127.0.0.1:8501/"
MAP_ARGS = json.dumps({"script": "var map_div = L.map('map_div');", "center": [20.57, -101.03], "zoom": 10})


def wid(key: str) -> str:
    return f"$$ID-0123456789abcdef-{key}"


def new_session(max_age: int = 2) -> bytes:
    msg = ForwardMsg()
    msg.new_session.page_script_hash = "page-hash"
    msg.new_session.config.max_cached_message_age = max_age
    return msg.SerializeToString()


def element(kind: str, fragment_id: str = "", cache_hash: str = "", **fields) -> bytes:
    msg = ForwardMsg()
    widget = getattr(msg.delta.new_element, kind)
    for name, value in fields.items():
        if isinstance(value, list):
            getattr(widget, name).extend(value)
        else:
            setattr(widget, name, value)
    msg.delta.fragment_id = fragment_id
    if cache_hash:
        msg.hash, msg.metadata.cacheable = cache_hash, True
    return msg.SerializeToString()


def ref(cache_hash: str) -> bytes:
    msg = ForwardMsg(ref_hash=cache_hash)
    msg.metadata.delta_path.extend([0, 3])
    return msg.SerializeToString()


def finished(status: int = ForwardMsg.FINISHED_SUCCESSFULLY) -> bytes:
    return ForwardMsg(script_finished=status).SerializeToString()


def the_map(cache_hash: str = "map-hash") -> bytes:
    return element("component_instance", fragment_id="map-fragment", cache_hash=cache_hash, id=wid("atlas_map"),
                   json_args=MAP_ARGS, component_name="streamlit_folium.st_folium")


def first_page() -> list[bytes]:
    """The whole page's first run: the widgets this app draws, each as Streamlit 1.67 sends it."""
    return [new_session(),
            element("radio", id=wid("lang"), options=["English", "Deutsch"], default=0),
            element("selectbox", id=wid("chapter"), options=["— free exploration —", "1. Salamanca"]),
            element("button", id=wid("chapter_prev"), label="◀ Previous", disabled=True),
            element("button", id=wid("chapter_next"), label="Next ▶"),
            element("multiselect", id=wid("cartels"), options=["Sinaloa Cartel", "La Barredora"]),
            element("slider", id=wid("years"), default=[2006.0, 2026.0], min=2006.0, max=2026.0),
            element("checkbox", id=wid("layer_flows"), value=True, set_value=True),
            element("vega_lite_chart", id=wid("timeline"), spec="{}"),
            the_map(), finished()]


def opened() -> Page:
    page = Page(URL)
    for data in first_page():
        page.receive(data)
    return page


def sent(page: Page, **rerun) -> dict[str, tuple[str | None, object]]:
    msg = page.rerun(**rerun)
    return {w.id.rsplit("-", 1)[-1]: (w.WhichOneof("value"), _value(w)) for w in msg.rerun_script.widget_states.widgets}


def _value(widget):
    kind = widget.WhichOneof("value")
    value = getattr(widget, kind) if kind else None
    return list(value.data) if hasattr(value, "data") else value


def test_the_websocket_offers_streamlits_subprotocol_then_the_xsrf_cookie_as_the_frontend_does() -> None:
    assert subprotocols("2|ab|cd|1700") == ["streamlit", "2|ab|cd|1700"]
    assert subprotocols(None) == ["streamlit", NO_XSRF_TOKEN]


def test_every_widget_goes_with_a_rerun_as_drawn_and_a_button_only_when_pressed() -> None:
    page = opened()
    assert sent(page) == {"lang": ("string_value", "English"), "chapter": (None, None),
                          "cartels": ("string_array_value", []), "years": ("double_array_value", [2006.0, 2026.0]),
                          "layer_flows": ("bool_value", True)}
    pressed = sent(page, pressed="chapter_next")
    assert pressed["chapter_next"] == ("trigger_value", True)
    assert "chapter_next" not in sent(page), "a press goes with one rerun only"
    msg = page.rerun().rerun_script
    assert (msg.page_script_hash, msg.query_string, msg.context_info.url) == ("page-hash", "", URL)


def test_the_maps_first_report_reruns_its_fragment_with_the_view_it_was_given_then_never_again() -> None:
    page = opened()
    report = page.map_reports()
    assert report.rerun_script.fragment_id == "map-fragment"
    state = next(w for w in report.rerun_script.widget_states.widgets if w.id == wid("atlas_map"))
    assert json.loads(state.json_value) == {"last_object_clicked_count": 0, "last_active_drawing": None, "zoom": 10,
                                            "last_circle_radius": 0, "center": {"lat": 20.57, "lng": -101.03}}
    assert page.map_reports() is None
    assert sent(page)["atlas_map"][0] == "json_value", "the report goes with every later rerun, as the browser's does"


def test_the_scripts_value_replaces_the_readers_choice_which_is_otherwise_kept() -> None:
    page = opened()
    page.choose("cartels", ["La Barredora"])
    page.receive(new_session())
    page.receive(element("multiselect", id=wid("cartels"), options=["Sinaloa Cartel", "La Barredora"]))
    assert sent(page)["cartels"] == ("string_array_value", ["La Barredora"])
    page.receive(element("multiselect", id=wid("cartels"), options=["Sinaloa Cartel"], raw_values=["Sinaloa Cartel"],
                         set_value=True))
    page.receive(element("selectbox", id=wid("chapter"), options=["—", "1. Salamanca"], raw_value="1. Salamanca",
                         set_value=True))
    assert sent(page)["cartels"] == ("string_array_value", ["Sinaloa Cartel"])
    assert sent(page)["chapter"] == ("string_value", "1. Salamanca")


def test_a_full_run_forgets_the_widgets_it_no_longer_draws_a_run_cut_short_does_not() -> None:
    page = opened()
    page.receive(new_session())
    page.receive(element("checkbox", id=wid("layer_flows"), value=False, set_value=True))
    page.receive(finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN))
    assert "lang" in sent(page)
    page.receive(new_session())
    page.receive(element("checkbox", id=wid("layer_flows"), value=False, set_value=True))
    page.receive(finished())
    assert sent(page) == {"layer_flows": ("bool_value", False)}


def test_kept_messages_are_reported_resolved_by_reference_and_dropped_after_two_runs_without_it() -> None:
    page = opened()
    assert list(page.rerun().rerun_script.cached_message_hashes) == ["map-hash"]
    page.receive(new_session())
    page.receive(ref("map-hash"))  # the server sends the map by reference: the page still knows it
    page.receive(finished())
    assert page.widget_id("atlas_map") == wid("atlas_map")
    # Its age is the runs finished since it was last used (that run included); kept while it is 2 or less.
    page.receive(new_session())
    page.receive(finished())
    assert list(page.rerun().rerun_script.cached_message_hashes) == ["map-hash"], "one run unused: still kept"
    page.receive(new_session())
    page.receive(finished())
    assert list(page.rerun().rerun_script.cached_message_hashes) == []
    with pytest.raises(KeyError, match="does not hold"):
        page.receive(ref("map-hash"))


def test_the_address_the_script_writes_goes_with_the_next_rerun_and_exceptions_are_errors() -> None:
    page = opened()
    page.rerun(pressed="chapter_next")
    assert not page.url_changed and page.finished is None
    page.receive(new_session())
    msg = ForwardMsg()
    msg.page_info_changed.query_string = "chapter=salamanca-sunday&zoom=10"
    page.receive(msg.SerializeToString())
    page.receive(element("exception", type="KeyError", message="'cartel'"))
    page.receive(finished())
    assert page.url_changed and page.finished == ForwardMsg.FINISHED_SUCCESSFULLY
    assert page.rerun().rerun_script.query_string == "chapter=salamanca-sunday&zoom=10"
    assert page.errors == ["the app raised KeyError: 'cartel'"]
