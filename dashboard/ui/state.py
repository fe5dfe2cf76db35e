"""Session state <-> URL. Widget keys are defined here, nowhere else."""

from __future__ import annotations

import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.atlas.data import Atlas
from dashboard.atlas.narrative import chapter_or_filters, neighbours
from dashboard.atlas.register_filter import known_cartel_ids
from dashboard.model import MapView, Selection
from dashboard.share.link import Snapshot, from_query_params, to_query_params
from dashboard.share.view_fields import filter_params, selection_from_session, session_key, session_values

# The view's own fields take their keys from the view-field table (dashboard.share.view_fields).
K_LANG, K_CHAPTER, K_CARTELS, K_YEARS, K_TYPES = (session_key(n) for n in ("lang", "chapter", "cartel", "from", "type"))
K_VIEW = session_key("position")  # MapView handed to the map (changes move the map)
K_VIEW_NOW = "view_now"    # MapView the map last reported (after panning)
K_EMBED = session_key("embed")
K_NOTICES, K_SELECTED, K_CLICKS, K_PLAYING = "notices", "selected", "clicks", "playing"
K_COMPARE = session_key("compare")  # territories: the snapshot year to compare with (None: no comparison)
K_ACTORS = session_key("actor")     # actor names of imported datasets to keep (empty: all)
K_COUNTS = session_key("counts")    # the CountsView drawn (None: no official figures; ui.choropleth's widgets)
K_ONE_CARTEL = "one_cartel"       # the legend's "show one cartel's ground" choice
K_TIMELINE, K_TIMELINE_BY = "timeline", "timeline_by"  # the timeline chart (its selection) and its split
K_INIT = "initialised"
K_LAST_MOVES = "last_moves_report"  # the count of reader moves in the map's last report
K_MAP_ONLY = "map_only_since"  # set while the page shows only the map (a session's first run)
K_RECONNECTED = "reconnected"     # this session took over a page whose server process went away
K_CLOSE_SIDEBAR = "close_sidebar"  # count of chapter choices: a phone's sidebar (laid over the map) closes
K_SIDEBAR_CLOSED_FOR = "sidebar_closed_for"  # the choice the sidebar was last closed for
K_ARMED = "player_armed"          # the year player has drawn its first year
K_REPORT = "import_report"        # the last import's outcome, shown under the form
K_FORM_OPEN = "upload_open"       # the import form's expander
K_MAP = "atlas_map"               # the map component
K_LANG_SWITCH = "lang_switch"     # the language switch by the title, for phones (the sidebar's radio is K_LANG)
# Buttons and inputs (their keys are also what AppTest and the browser tests find them by).
K_PLAY_BUTTON, K_CHAPTER_PREV, K_CHAPTER_NEXT = "play_button", "chapter_prev", "chapter_next"
K_UPLOAD_FILE, K_UPLOAD_NAME, K_REPORT_DOWNLOAD = "upload_file", "upload_name", "dl_report"
# Editors and readers (issue 19): the role, the sign-in, what waits for a confirmation, the session's own files.
K_ROLE = "role"                   # "editor" once signed in (dashboard.roles); readers have none
K_SECRET, K_SIGN_IN_SECRET, K_SIGN_IN_MSG = "editor_secret", "sign_in_secret", "sign_in_message"
K_SIGN_IN, K_SIGN_OUT = "sign_in_provider", "sign_out"
K_STORE_IT = "upload_store"       # the editor's "Store for everyone" checkbox
K_PENDING = "import_pending"      # a parsed import waiting for "Replace it?"
K_REPLACE_YES, K_REPLACE_NO = "replace_yes", "replace_no"
K_CONFIRM_DELETE, K_DELETE_YES, K_DELETE_NO = "confirm_delete", "delete_yes", "delete_no"
K_UNDO_NAME, K_UNDO = "undo_name", "undo_delete"  # the last deleted dataset and its undo button
K_SESSION_FILES, K_SESSION_TOKEN = "session_files", "session_token"  # a reader's own files (never stored)
K_SESSION_SERIAL = "session_serial"  # how many files this session opened (numbers their keys)
K_STORE_DOWN = "store_down"       # why the dataset store did not answer this run (None: it did)
K_TOKEN_DROPPED = "token_dropped"  # the page's script replaced the sign-in token's history entry (link_guard)
K_TOKEN_TRIED = "token_tried"     # this session tried the sign-in link's token


def dataset_shown_key(name: str) -> str:
    """The checkbox that draws a stored dataset on the map."""
    return f"{session_key('dataset')}_{name}"


def dataset_delete_key(name: str) -> str:
    return f"del_{name}"


def restore_key(name: str) -> str:
    """The trash list's restore button of a deleted dataset."""
    return f"restore_{name}"


def open_chapter_key(chapter_id: str) -> str:
    """The button under a feature's details that opens a chapter it belongs to."""
    return f"open-{chapter_id}"


def layer_key(kind: str) -> str:
    """The checkbox of one layer (the codec of the ``layer`` field writes these keys)."""
    return f"{session_key('layer')}_{kind}"


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def init_from_url(atlas: Atlas) -> bool:
    """On a session's first run, read the URL into widget state and remember what was dropped.

    Returns whether this is that first run, which draws the map only (see app.py). A page that
    reconnected to a new session (its server process went away) keeps what its widgets show and
    gets its whole page at once: see :func:`browser_widgets`.
    """
    if st.session_state.get(K_INIT):
        st.session_state[K_MAP_ONLY] = None
        return False
    kept = browser_widgets()
    params = _url_params()
    known_actors = _stored_actor_names() if "actor" in params else None
    snap, notices = from_query_params(params, known_cartel_ids(atlas), atlas.chapter_ids, known_actors)
    chapter = atlas.chapter(snap.chapter)
    # A link with only ?chapter=… opens the chapter as the story tells it; explicit filters win.
    # Chapters tell the atlas's own story: the actors of imported data stay chosen with one.
    explicit = any(k in params for k in filter_params())
    apply_selection(chapter_or_filters(chapter, snap.selection, explicit).with_(actors=snap.selection.actors), kept)
    st.session_state[K_LANG] = snap.lang  # read before its widget is drawn, so never left to the browser
    _set_unless_kept(K_CHAPTER, snap.chapter, kept)
    view = snap.view or (chapter.view if chapter else MapView())
    st.session_state[K_VIEW] = view
    st.session_state[K_VIEW_NOW] = snap.view
    st.session_state[K_NOTICES] = notices
    st.session_state[K_COUNTS] = snap.counts
    # Streamlit keeps ?embed=true for itself (hidden from st.query_params): ask st.context.
    st.session_state[K_EMBED] = snap.embed or st.context.is_embedded
    st.session_state[K_INIT] = True
    st.session_state[K_RECONNECTED] = bool(kept)
    _replay_chapter_step(atlas, snap.chapter, kept)
    st.session_state[K_MAP_ONLY] = None if kept else time.monotonic()
    return not kept


def chapter_nav_key(label: str, where: str) -> str:
    """Previous/Next ("previous"/"next") above ("top") or below ("end") a chapter's text."""
    return f"chapter_{label}_{where}"


# The story's Previous/Next buttons (sidebar, and above and below a chapter's text) and their step.
CHAPTER_STEPS = {K_CHAPTER_PREV: 0, K_CHAPTER_NEXT: 1,
                 **{chapter_nav_key(label, where): step for label, step in (("previous", 0), ("next", 1))
                    for where in ("top", "end")}}


def browser_widgets() -> dict:
    """Widget key -> its value as the browser sent it with this session's first run (a WidgetState).

    A page opened afresh sends none. A page whose server process went away (it died, or the balancer
    moved the reader to another process) reconnects to a new session, and Streamlit asks for no run
    until the reader's next change, which then arrives with every widget's value (streamlit#9083).
    Those values are the reader's latest choice, newer than the URL. Streamlit 1.67 names a keyed
    widget ``$$ID-<hash>-<key>``.
    """
    ctx = get_script_run_ctx()
    widgets = ctx.session_state.get_widget_states() if ctx is not None else []
    return {w.id.split("-", 2)[-1]: w for w in widgets}


def _pressed(widget) -> bool:
    return widget is not None and widget.WhichOneof("value") == "trigger_value" and widget.trigger_value


def _browser_years(kept: dict) -> tuple[int, int] | None:
    """The year slider as the browser sent it. The slider is a range only when its state is a pair, which a
    new session must be told before the slider is drawn (else it reads the pair as one year)."""
    years = kept.get(K_YEARS)
    if years is None or years.WhichOneof("value") != "double_array_value" or len(years.double_array_value.data) != 2:
        return None
    low, high = (int(v) for v in years.double_array_value.data)
    return low, high


def _set_unless_kept(key: str, value, kept: dict) -> None:
    if key not in kept:
        st.session_state[key] = value


def _replay_chapter_step(atlas: Atlas, chapter_id: str | None, kept: dict) -> None:
    """A Previous/Next pressed as the page reconnected: its callback is unknown to the new session, so do its step."""
    steps = [step for key, step in CHAPTER_STEPS.items() if _pressed(kept.get(key))]
    if steps:
        target = neighbours(atlas.chapters, chapter_id)[steps[0]]
        if target is not None:
            open_chapter(atlas, target)


def _stored_actor_names() -> set[str] | None:
    """The actor names a link may choose: those of the stored datasets, which a new session shows."""
    from dashboard.imports import store
    from dashboard.imports.store_outage import UNAVAILABLE
    from dashboard.ui.cache import actor_counts

    try:
        infos = store.list_datasets()
    except UNAVAILABLE:  # the store is down: any well-formed name is kept (the page says the store is down)
        return None
    return {name for info in infos for name, _ in actor_counts(info.name, info.imported_at)}


def map_only_for() -> float:
    """Seconds the page has shown only the map; 0 once the whole page is there."""
    since = st.session_state.get(K_MAP_ONLY)
    return time.monotonic() - since if since else 0.0


def apply_selection(sel: Selection, kept: dict | None = None) -> None:
    """Set the filter widgets to ``sel``, except those whose value the browser just sent (``kept``)."""
    kept = kept or {}
    st.session_state.update(session_values(sel, kept))
    browser_years = _browser_years(kept)
    if browser_years:
        st.session_state[K_YEARS] = browser_years


def open_chapter(atlas: Atlas, chapter_id: str | None) -> None:
    """Callback: a chapter sets the filters and moves the map."""
    st.session_state[K_CHAPTER] = chapter_id
    st.session_state[K_CLOSE_SIDEBAR] = st.session_state.get(K_CLOSE_SIDEBAR, 0) + 1
    chapter = atlas.chapter(chapter_id)
    if chapter is None:
        return
    apply_selection(chapter.selection.with_(actors=tuple(st.session_state.get(K_ACTORS, ()))))
    st.session_state[K_VIEW] = chapter.view
    st.session_state[K_VIEW_NOW] = None
    st.session_state[K_PLAYING] = False


def current_selection() -> Selection:
    return selection_from_session(st.session_state)


def current_snapshot() -> Snapshot:
    view = st.session_state.get(K_VIEW_NOW) or st.session_state.get(K_VIEW)
    return Snapshot(current_selection(), st.session_state.get(K_CHAPTER), st.session_state.get(K_LANG, "en"),
                    None if view == MapView() else view, bool(st.session_state.get(K_EMBED)),
                    st.session_state.get(K_COUNTS))


def write_url(snap: Snapshot) -> None:
    """Mirror the snapshot into the address bar (only when it changed, to avoid extra messages)."""
    # Streamlit owns ?embed= (it keeps it in the address itself and refuses to have it set).
    params = {k: v for k, v in to_query_params(snap).items() if k != "embed"}
    wanted = {k: (v if isinstance(v, list) else [v]) for k, v in params.items()}
    if wanted != _url_params():
        st.query_params.from_dict(params)
