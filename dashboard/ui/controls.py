"""Sidebar controls: language, story chapter, filters, layers, play."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from dashboard.atlas import actor_filter as actor_names
from dashboard.atlas.data import Atlas
from dashboard.atlas.filters import predecessors_left_out
from dashboard.atlas.narrative import neighbours
from dashboard.config import COMPARE_YEARS, LANGUAGES, YEAR_FLOOR, YEAR_MAX, YEAR_MIN
from dashboard.i18n import t, type_name
from dashboard.ui import state
from dashboard.ui.cache import actor_counts, organisations_named
from dashboard.ui.panels import md
from dashboard.vocab import EVENT_TYPES, LAYERS

LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "es": "Español"}


# Typing "Sinal" + Enter must not choose anything the reader did not ask for: Streamlit's fuzzy
# matching found "Sinal" in a CJNG name too, and its "Select N matches" row took Enter (issue 20).
NO_ACCIDENTS = {"filter_mode": "contains", "select_all": False}
# A dataset may name thousands of actors; the list offers the most frequent (typing searches among them).
MAX_ACTOR_OPTIONS = 1000


def _on_filter_change() -> None:
    st.session_state[state.K_SELECTED] = None  # a click on a feature that may now be hidden


def show_controls(atlas: Atlas, first_year: int = YEAR_MIN, shown: dict | None = None) -> None:
    """The sidebar's controls; ``shown``: the imported datasets on the map, whose actors can be chosen."""
    lang = st.session_state.get(state.K_LANG, "en")
    with st.sidebar:
        st.radio(t("language", lang), LANGUAGES, key=state.K_LANG, horizontal=True, on_change=_keep_ids_on_relabel,
                 format_func=LANGUAGE_NAMES.__getitem__)
        lang = st.session_state[state.K_LANG]
        _story_controls(atlas, lang)
        st.header(t("filters", lang), anchor=False)
        names = {**atlas.cartel_names(lang), **_register_names(atlas, shown or {})}
        chosen = [c for c in st.session_state.get(state.K_CARTELS) or () if c not in names]
        st.multiselect(t("cartels", lang), list(names) + chosen, key=state.K_CARTELS,
                       format_func=lambda c: names.get(c, c), placeholder=t("all_cartels", lang),
                       on_change=_on_filter_change, **NO_ACCIDENTS)
        if shown:
            for line in _predecessor_notes(atlas, tuple(st.session_state.get(state.K_CARTELS) or ()), lang):
                st.caption(md(line))
            for line in _lineage_notes(atlas, st.session_state.get(state.K_CARTELS) or ()):
                st.caption(md(line))
        _one_cartel_pills(atlas, lang)
        st.slider(t("years", lang), _slider_start(first_year), YEAR_MAX, key=state.K_YEARS,
                  on_change=_on_filter_change)
        _compare_control(lang)
        playing = st.session_state.get(state.K_PLAYING, False)
        st.button(t("stop" if playing else "play", lang), key=state.K_PLAY_BUTTON, on_click=_toggle_play)
        st.multiselect(t("event_types", lang), EVENT_TYPES, key=state.K_TYPES, placeholder=t("all_types", lang),
                       format_func=lambda k: type_name(k, lang), on_change=_on_filter_change, **NO_ACCIDENTS)
        _actor_filter(lang, shown or {})
        st.markdown(f"**{t('layers', lang)}**")
        for kind in LAYERS:
            st.checkbox(t(kind, lang), key=state.layer_key(kind))


def _register_names(atlas: Atlas, shown: dict) -> dict[str, str]:
    """Register organisations the shown datasets name that are no map cartel: id -> name (after the 11 cartels)."""
    atlas_ids = tuple(atlas.cartels["id"])
    named = {oid for info in shown.values() for oid in organisations_named(info.name, info.imported_at, atlas_ids)}
    register = atlas.register
    return {oid: register.orgs[oid].name for oid in register.orgs if oid in named}


def _lineage_notes(atlas: Atlas, chosen) -> list[str]:
    """A line on the lineage of each chosen register organisation that is no map cartel."""
    from dashboard.atlas.register_filter import lineage_note

    register, atlas_ids = atlas.register, set(atlas.cartels["id"])
    return [lineage_note(register, c) for c in chosen if c in register.orgs and c not in atlas_ids]


def _predecessor_notes(atlas: Atlas, cartels: tuple[str, ...], lang: str) -> list[str]:
    """One sentence per chosen cartel whose imported events start after a predecessor's (Los Zetas → CDN)."""
    # a link further back in the chain (a predecessor's predecessor) names the organisation it continued
    return [t("predecessors_left_out", lang, year=successor.start, predecessor=predecessor.name,
              cartel=atlas.cartel_name(successor.atlas_id, lang) if successor.atlas_id else successor.name)
            for successor, predecessor in predecessors_left_out(atlas, cartels)]


def _actor_filter(lang: str, shown: dict) -> None:
    """The actors of the imported datasets on the map, by name as written: most frequent first, with counts.

    Names are user data: Streamlit draws option labels as plain text, never as Markdown or HTML.
    """
    chosen = list(st.session_state.get(state.K_ACTORS) or [])
    if not shown and not chosen:
        return
    # The browser reports the choice by its label, and a label's count changes when a dataset is
    # shown or hidden: write the names back while they still decode, so the choice survives (as
    # _keep_ids_on_relabel does for the language switch).
    st.session_state[state.K_ACTORS] = chosen
    counts = actor_names.merged(actor_counts(info.name, info.imported_at) for info in shown.values())
    rows = dict(counts)
    st.multiselect(t("actors", lang), actor_names.options(counts, chosen, MAX_ACTOR_OPTIONS), key=state.K_ACTORS,
                   format_func=lambda name: actor_names.label(name, rows), placeholder=t("all_actors", lang),
                   help=t("actors_help", lang), on_change=_on_filter_change, **NO_ACCIDENTS)


def _slider_start(first_year: int) -> int:
    """The slider starts in 2006, or at the first year of a shown dataset that reaches further back."""
    chosen = st.session_state.get(state.K_YEARS)
    return max(YEAR_FLOOR, min(first_year, chosen[0]) if chosen else first_year)  # a link may ask for earlier


def _one_cartel_pills(atlas: Atlas, lang: str) -> None:
    """One click to a single cartel's ground: its states shaded by status (and its change, with a comparison)."""
    chosen = st.session_state.get(state.K_CARTELS, [])
    st.session_state[state.K_ONE_CARTEL] = chosen[0] if len(chosen) == 1 else None
    on_map = sorted(set(atlas.territories["cartel"]), key=lambda c: atlas.cartel_name(c, lang))
    short = atlas.cartel_field("short")
    st.pills(t("show_one_cartel", lang), on_map, key=state.K_ONE_CARTEL, selection_mode="single",
             format_func=lambda c: short.get(c, c), on_change=_pick_one_cartel)


def _pick_one_cartel() -> None:
    choice = st.session_state.get(state.K_ONE_CARTEL)
    st.session_state[state.K_CARTELS] = [choice] if choice else []
    _on_filter_change()


def _compare_control(lang: str) -> None:
    """The territories' change view: the snapshot year to compare the current one with."""
    years = [None, *COMPARE_YEARS]
    st.selectbox(t("compare_with", lang), years, key=state.K_COMPARE, on_change=_on_filter_change,
                 format_func=lambda y: t("no_comparison", lang) if y is None else str(y),
                 placeholder=t("no_comparison", lang))


def _keep_ids_on_relabel() -> None:
    """Callback of the language switch: re-set the values of widgets whose labels are translated.

    The browser reports a multiselect/selectbox choice by its label; after the labels
    change language, the old labels would no longer match and the ids would be lost.
    Writing the ids back now (while they still decode) makes the server's value win.
    """
    for key in (state.K_CARTELS, state.K_CHAPTER, state.K_TYPES, state.K_COMPARE):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _story_controls(atlas: Atlas, lang: str) -> None:
    st.header(t("story", lang), anchor=False)
    ids = [None] + [c.id for c in atlas.chapters]
    titles = {c.id: f"{i}. {c.title(lang)}" for i, c in enumerate(atlas.chapters, start=1)}
    st.selectbox(t("chapter", lang), ids, key=state.K_CHAPTER,
                 format_func=lambda cid: titles.get(cid, t("no_chapter", lang)), placeholder=t("no_chapter", lang),
                 on_change=lambda: state.open_chapter(atlas, st.session_state[state.K_CHAPTER]))
    prev_id, next_id = neighbours(atlas.chapters, st.session_state.get(state.K_CHAPTER))
    left, right = st.columns(2)
    left.button(t("previous", lang), key=state.K_CHAPTER_PREV, disabled=prev_id is None, width="stretch",
                on_click=state.open_chapter, args=(atlas, prev_id))
    right.button(t("next", lang), key=state.K_CHAPTER_NEXT, disabled=next_id is None, width="stretch",
                 on_click=state.open_chapter, args=(atlas, next_id))


def _toggle_play() -> None:
    playing = not st.session_state.get(state.K_PLAYING, False)
    st.session_state[state.K_PLAYING] = playing
    if playing:
        year_from, year_to = st.session_state.get(state.K_YEARS, (YEAR_MIN, YEAR_MAX))
        # Start from the first year of the range and step its end forward.
        st.session_state[state.K_YEARS] = (year_from, year_from if year_to == YEAR_MAX else year_to)




def start_player() -> None:
    """Call last on the page: an element inserted above the map would remount it."""
    st.session_state[state.K_ARMED] = False
    player()


@st.fragment(run_every=1.5)
def player() -> None:
    """While playing, advance the end of the year range by one each tick and redraw the page."""
    if not st.session_state.get(state.K_PLAYING):
        return
    if not st.session_state.get(state.K_ARMED):
        # The first call runs inline in the full page run, after the year slider exists:
        # only timer ticks (fragment-only runs) may move the slider's value.
        st.session_state[state.K_ARMED] = True
        return
    year_from, year_to = st.session_state.get(state.K_YEARS, (YEAR_MIN, YEAR_MAX))
    if year_to >= YEAR_MAX:
        st.session_state[state.K_PLAYING] = False
    else:
        st.session_state[state.K_YEARS] = (year_from, year_to + 1)
    st.rerun(scope="app")


def show_language_switch() -> None:
    """The language switch by the title: the sidebar is hidden on phones. It follows the sidebar's radio."""
    st.session_state[state.K_LANG_SWITCH] = st.session_state.get(state.K_LANG, "en")
    st.segmented_control(t("language", st.session_state[state.K_LANG_SWITCH]), LANGUAGES, key=state.K_LANG_SWITCH,
                         format_func=LANGUAGE_NAMES.__getitem__, label_visibility="collapsed",
                         on_change=_switch_language)


def _switch_language() -> None:
    choice = st.session_state.get(state.K_LANG_SWITCH)
    if choice in LANGUAGES:  # a click on the chosen language deselects it: keep the language
        st.session_state[state.K_LANG] = choice
        _keep_ids_on_relabel()


# Below 768 px Streamlit lays the sidebar over the page, and Streamlit 1.67 has no Python call to close
# it: after a chapter choice this script (in a zero-height frame of the page's own origin) presses the
# sidebar's own close button, so a phone reader sees the map and the chapter. Wider windows keep it open.
_CLOSE_SIDEBAR_ON_PHONE = """<script>/* choice {n} */
(function () {{
  const page = window.parent;
  if (page.innerWidth >= 768) return;
  const sidebar = page.document.querySelector('[data-testid="stSidebar"]');
  const close = page.document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (sidebar && sidebar.getAttribute('data-collapsed') === 'false' && close) close.click();
}})();
</script>"""


def close_sidebar_after_a_choice() -> None:
    """On a phone, close the sidebar once after each chapter choice (call inside the sidebar)."""
    choice = st.session_state.get(state.K_CLOSE_SIDEBAR, 0)
    if choice and st.session_state.get(state.K_SIDEBAR_CLOSED_FOR) != choice:
        st.session_state[state.K_SIDEBAR_CLOSED_FOR] = choice
        components.html(_CLOSE_SIDEBAR_ON_PHONE.format(n=choice), height=0)


# Two fixes of the page that Streamlit offers no call for, in one empty frame of the page's own origin:
# - a phone shows the key folded under the map (one tap opens it), so the chapter and its Next button stay in the
#   first screen; a desktop lays it open over the map. It runs once per page (Streamlit keeps a frame whose text
#   is unchanged), so the reader's own folding stays as it is afterwards;
# - the timeline's year brush: Vega-Lite draws its two rectangles as graphics with no name and no way to give them
#   one (axe: svg-img-alt, serious). They are named here, and again whenever the chart is drawn anew.
_PAGE_HELPERS = """<script>
(function () {
  const page = window.parent, doc = page.document, brush = %(brush)s;
  if (page.innerWidth <= 640) {
    let tries = 0;
    const timer = setInterval(function () {
      const key = doc.querySelector('.st-key-atlas_legend details');
      if (key || ++tries > 150) { clearInterval(timer); if (key) key.open = false; }
    }, 200);
  }
  let queued = false;
  function name() {
    queued = false;
    doc.querySelectorAll('g.span_brush, g.span_brush_bg').forEach(function (g) {
      if (g.getAttribute('aria-label') !== brush) g.setAttribute('aria-label', brush);
    });
  }
  new page.MutationObserver(function () { if (!queued) { queued = true; page.requestAnimationFrame(name); } })
    .observe(doc.body, {childList: true, subtree: true});
  name();
})();
</script>"""


def page_helpers(lang: str) -> None:
    """Fold the key on a phone once and name the timeline's year brush (call inside the sidebar: no room taken)."""
    import json

    components.html(_PAGE_HELPERS % {"brush": json.dumps(t("timeline_brush", lang))}, height=0)
