"""A widget value no widget offers (as a forged websocket message sends it) is a notice, not a traceback.

Streamlit takes a radio's or selectbox's value from the browser as sent; the test forges the widget
state the page's next run receives, as a hand-written websocket message would.
"""

from __future__ import annotations

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

APP = "../dashboard/app.py"


def _page():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.run()
    return at


def _forge(monkeypatch, widget, **value) -> None:
    """Make the next run receive ``value`` as ``widget``'s state, whatever its options."""
    forged = WidgetState(id=widget.id, **value)
    cls = type(widget)
    real = cls._widget_state.fget
    monkeypatch.setattr(cls, "_widget_state", property(lambda w: forged if w.id == forged.id else real(w)))


@pytest.mark.parametrize(("kind", "key", "value", "default"), [
    ("radio", "lang", {"string_value": "xx"}, "en"),
    ("selectbox", "chapter", {"string_value": "<img src=x>"}, None),
    ("selectbox", "compare", {"string_value": "2025"}, None),
])
def test_a_forged_value_is_reset_with_a_notice(monkeypatch, kind, key, value, default):
    at = _page()
    _forge(monkeypatch, next(w for w in at.get(kind) if w.key == key), **value)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state[key] == default
    notice = " ".join(w.value for w in at.warning).replace("\\", "")
    assert f"Ignored {key}=" in notice and "not a value this page offers" in notice


def _guarded_page():
    import streamlit as st

    from dashboard.ui.cache import get_atlas
    from dashboard.ui.widget_guard import reset_forged_values

    st.session_state.update(st.session_state.pop("forge", {}))
    reset_forged_values(get_atlas())


@pytest.mark.parametrize(("key", "forged", "default"), [
    ("years", (2010,), (2006, 2026)),
    ("years", (2030, 1990), (2006, 2026)),
    ("cartels", ["no-such-cartel"], []),
    ("types", "massacre", []),
    ("layer_events", "yes", True),
    ("actors", [1, 2], []),
])
def test_every_filter_value_is_checked(key, forged, default):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_guarded_page, default_timeout=60)
    at.session_state["forge"] = {key: forged}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state[key] == default
    assert any(str(n).startswith(f"Ignored {key}=") for n in at.session_state["notices"])


def test_a_map_value_of_the_wrong_shape_is_ignored():
    from dashboard.ui import map_view

    assert map_view._new_click({"last_object_clicked_count": 3, "last_active_drawing": "x"}) is None
    assert map_view._new_click({"last_object_clicked_count": 4, "last_active_drawing": {"properties": [1]}}) is None
