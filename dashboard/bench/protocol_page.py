"""The page as a browser keeps it, without the browser: what ``bench --client protocol`` sends and reads.

A reader's browser talks to Streamlit over one websocket (``/_stcore/stream``) in protobuf
messages: it sends ``BackMsg``s (a rerun with the address's query string and every widget's
value) and reads ``ForwardMsg``s (``new_session``, the page's elements as deltas,
``page_info_changed`` when the script rewrites the address, ``script_finished``). :class:`Page`
keeps what the browser keeps between runs and builds the messages it would send, so a client
can load the server as readers do while using a small part of one core. No input/output here:
bytes in, messages out (:mod:`dashboard.bench.protocol_viewers` holds the sockets).

What it copies from the browser (Streamlit 1.67's frontend; checked against the frames
Chromium sent and received on this page):

- every widget's value goes with every rerun: the value the script set (``set_value``), else the
  one this reader chose, else the widget's default; a select box without a choice is sent as its
  id alone; a button is sent only in the rerun that presses it (``trigger_value``);
- widgets that a full run no longer draws are forgotten, as the browser's widget manager does;
- messages the server marks cacheable are kept, their hashes are reported with each rerun
  (``cached_message_hashes``), the server sends only a reference (``ref_hash``) for those, and a
  kept message is dropped after ``max_cached_message_age`` runs without use;
- the map component reports its view once, after the first run has drawn it (streamlit-folium's
  first ``setComponentValue``; this page then draws the rest of the page). It does not report
  again after a change: the views the script asks for are marked as known in the map
  (``map.leaflet.ReaderMoves``), and Chromium's frames showed no report after chapter and cartel
  changes. A reader's own pans and clicks, which do report, are not simulated.
- ``auto_rerun`` requests (a fragment that reruns on a timer) are not followed: on this page only
  the safety net for a map that never reports uses one, and the report arrives at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

SUBPROTOCOL = "streamlit"
# The frontend's second subprotocol entry when it has no XSRF cookie to send.
NO_XSRF_TOKEN = "PLACEHOLDER_AUTH_TOKEN"
FINISHED = ForwardMsg.ScriptFinishedStatus
RUN_DONE = (FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
DEFAULT_CACHE_AGE = 2  # Streamlit's global.maxCachedMessageAge, until new_session says otherwise


def subprotocols(xsrf_cookie: str | None) -> list[str]:
    """The websocket's subprotocol list as the frontend sends it: the protocol, then the XSRF token.

    Streamlit selects the first entry and reads the second as the token (a third, the last session's
    id, is sent only when a page reconnects).
    """
    return [SUBPROTOCOL, xsrf_cookie or NO_XSRF_TOKEN]


def _with_value(widget_id: str, kind: str, value) -> WidgetState:
    state = WidgetState(id=widget_id)
    if kind == "bool_value":
        state.bool_value = value
    elif kind == "string_value":
        state.string_value = value
    elif kind == "json_value":
        state.json_value = value
    else:  # string_array_value, double_array_value
        getattr(state, kind).data.extend(value)
    return state


def _choice(widget) -> str | None:
    """A select box's or radio's shown option: the script's value, else the default; None: no choice."""
    if widget.set_value:
        return widget.raw_value if widget.HasField("raw_value") else None
    return widget.options[widget.default] if widget.HasField("default") else None


def state_from_element(element: Element) -> WidgetState | None:
    """The value a browser sends for a widget it has just drawn; None for one it sends only when used."""
    kind = element.WhichOneof("type")
    w = getattr(element, kind)
    if kind == "checkbox":
        return _with_value(w.id, "bool_value", w.value if w.set_value else w.default)
    if kind == "multiselect":
        chosen = list(w.raw_values) if w.set_value else [w.options[i] for i in w.default]
        return _with_value(w.id, "string_array_value", chosen)
    if kind == "button_group":
        chosen = list(w.raw_values) if w.set_value else [w.options[i].content for i in w.default]
        return _with_value(w.id, "string_array_value", chosen)
    if kind == "slider":
        return _with_value(w.id, "double_array_value", list(w.value if w.set_value else w.default))
    if kind in ("selectbox", "radio"):
        chosen = _choice(w)
        return WidgetState(id=w.id) if chosen is None else _with_value(w.id, "string_value", chosen)
    return None  # buttons, the map (until it reports), and widgets this client never uses


MODELLED = {"checkbox", "multiselect", "button_group", "slider", "selectbox", "radio", "button",
            "download_button", "component_instance", "vega_lite_chart"}  # the last three: sent once used


def map_report(component: Element) -> str:
    """streamlit-folium's first report, as the browser sends it: the view drawn, no click, no move."""
    args = json.loads(component.component_instance.json_args or "{}")
    lat, lon = args.get("center") or (0.0, 0.0)
    return json.dumps({"last_object_clicked_count": 0, "last_active_drawing": None, "zoom": args.get("zoom"),
                       "last_circle_radius": 0, "center": {"lat": lat, "lng": lon}}, separators=(",", ":"))


@dataclass
class _Kept:
    msg: ForwardMsg
    run: int          # the run count when last used
    fragment_id: str


@dataclass
class MessageCache:
    """The frontend's cache of large messages: kept by hash, reported with each rerun, dropped when stale."""

    max_age: int = DEFAULT_CACHE_AGE
    runs: int = 0
    kept: dict[str, _Kept] = field(default_factory=dict)

    def resolve(self, msg: ForwardMsg) -> ForwardMsg:
        """The message itself (kept when cacheable), or the kept message a ``ref_hash`` names."""
        if msg.WhichOneof("type") != "ref_hash":
            if msg.metadata.cacheable and msg.hash and msg.hash not in self.kept:
                self.kept[msg.hash] = _Kept(msg, self.runs, msg.delta.fragment_id)
            return msg
        found = self.kept.get(msg.ref_hash)
        if found is None:
            raise KeyError(f"the server referred to a message this client does not hold ({msg.ref_hash[:12]})")
        found.run = self.runs
        full = ForwardMsg()
        full.CopyFrom(found.msg)
        full.metadata.CopyFrom(msg.metadata)  # where the element goes this time
        return full

    def run_finished(self, fragment_ids: tuple[str, ...] = ()) -> None:
        """Age every message (a fragment's run: only that fragment's) and drop those unused for too long."""
        self.runs += 1
        for key, kept in list(self.kept.items()):
            if fragment_ids and kept.fragment_id not in fragment_ids:
                continue
            if self.runs - kept.run > self.max_age:
                del self.kept[key]

    def hashes(self) -> list[str]:
        return list(self.kept)


class Page:
    """One reader's page: the widgets' values, the address's query string, the kept messages.

    Feed it every message the server sends (:meth:`receive`); ask it for the rerun a browser
    would send (:meth:`rerun`, :meth:`map_reports`). ``finished`` is the last run's end status
    (None while a run is going), ``errors`` what a reader would have seen go wrong.
    """

    def __init__(self, url: str, query_string: str = "") -> None:
        self.url, self.query_string = url, query_string
        self.page_script_hash = ""
        self.cache = MessageCache()
        self.widgets: dict[str, WidgetState] = {}   # what goes with every rerun
        self.elements: dict[str, Element] = {}      # each widget as last drawn (options, disabled)
        self.drawn: set[str] = set()                # widgets drawn by the run going on
        self.map_id, self.map_fragment, self.map_reported = "", "", False
        self.finished: int | None = None
        self.url_changed = False                    # the run going on (or last) rewrote the address
        self.errors: list[str] = []
        self.not_modelled: set[str] = set()         # widget kinds drawn that this client never sends

    def receive(self, data: bytes) -> ForwardMsg:
        msg = ForwardMsg()
        msg.ParseFromString(data)
        msg = self.cache.resolve(msg)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self._run_started(msg.new_session)
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._drawn(msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "page_info_changed":
            self.query_string, self.url_changed = msg.page_info_changed.query_string, True
        elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
            self.errors.append(f"the app failed to compile: {msg.session_event.script_compilation_exception.message}")
        elif kind == "script_finished":
            self._run_finished(msg.script_finished)
        return msg

    def _run_started(self, session) -> None:
        self.page_script_hash = session.page_script_hash
        if session.config.max_cached_message_age:
            self.cache.max_age = session.config.max_cached_message_age
        self.drawn, self.finished, self.url_changed = set(), None, False

    def _drawn(self, element: Element, fragment_id: str) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.errors.append(f"the app raised {element.exception.type}: {element.exception.message[:160]}")
            return
        widget_id = getattr(getattr(element, kind), "id", "")
        if not widget_id:
            return
        self.drawn.add(widget_id)
        self.elements[widget_id] = element
        if kind == "component_instance" and not self.map_id:
            self.map_id, self.map_fragment = widget_id, fragment_id
        if kind not in MODELLED:
            self.not_modelled.add(kind)
        state = state_from_element(element)
        # The browser takes the script's value, or a new widget's own; otherwise it keeps the reader's.
        if state is not None and (widget_id not in self.widgets or getattr(element, kind).set_value):
            self.widgets[widget_id] = state

    def _run_finished(self, status: int) -> None:
        self.finished = status
        if status == FINISHED.FINISHED_SUCCESSFULLY:  # a full run: widgets it did not draw are gone
            self.widgets = {k: v for k, v in self.widgets.items() if k in self.drawn}
        if status in RUN_DONE:
            self.cache.run_finished(() if status == FINISHED.FINISHED_SUCCESSFULLY else (self.map_fragment,))

    def widget_id(self, key: str) -> str:
        """The id Streamlit gave the widget with ``key`` (``$$ID-<hash>-<key>``)."""
        for widget_id in self.elements:
            if widget_id.endswith(f"-{key}"):
                return widget_id
        raise KeyError(f"the page has no widget {key!r}")

    def element(self, key: str):
        """The widget with ``key`` as last drawn (its options, whether it is disabled)."""
        element = self.elements[self.widget_id(key)]
        return getattr(element, element.WhichOneof("type"))

    def choose(self, key: str, options: list[str]) -> None:
        """The reader picks ``options`` in a multiselect (its state, sent with the next rerun)."""
        widget_id = self.widget_id(key)
        self.widgets[widget_id] = _with_value(widget_id, "string_array_value", options)

    def rerun(self, pressed: str | None = None, fragment_id: str = "") -> BackMsg:
        """The rerun a browser sends: address, every widget's value, the pressed button, the kept hashes.

        From here until its ``script_finished``, ``finished`` is None and ``url_changed`` tells whether
        the run rewrote the address.
        """
        self.finished, self.url_changed = None, False
        msg = BackMsg()
        run = msg.rerun_script
        run.query_string, run.page_script_hash, run.fragment_id = self.query_string, self.page_script_hash, fragment_id
        run.widget_states.widgets.extend(self.widgets.values())
        if pressed:
            run.widget_states.widgets.add(id=self.widget_id(pressed), trigger_value=True)
        run.cached_message_hashes.extend(self.cache.hashes())
        context = run.context_info
        context.timezone, context.timezone_offset, context.locale = "UTC", 0, "en-US"
        context.url, context.is_embedded, context.color_scheme = self.url, False, "light"
        return msg

    def map_reports(self) -> BackMsg | None:
        """The map's first report once it is drawn (a rerun of its fragment); None when it has reported."""
        if self.map_reported or not self.map_id:
            return None
        self.map_reported = True
        self.widgets[self.map_id] = _with_value(self.map_id, "json_value", map_report(self.elements[self.map_id]))
        return self.rerun(fragment_id=self.map_fragment)
