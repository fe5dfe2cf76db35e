"""How many and since when: the count over the map and the timeline under it (a Vega-Lite chart built with Altair,
which Streamlit ships, once per shape: :mod:`dashboard.views.timeline_chart`).

Dragging across the timeline's years sets the year filter (and so the URL); the year slider in the
sidebar stays the keyboard path. The chart is drawn in the page's second run, after the map.
"""

from __future__ import annotations

import streamlit as st

from dashboard.atlas.data import Atlas
from dashboard.config import YEAR_FLOOR, YEAR_MAX
from dashboard.i18n import t
from dashboard.model import Selection
from dashboard.text import safe
from dashboard.ui import state
from dashboard.ui.cache import imported_frame, in_view_for, shown_key, tallies_for, timeline_rows_for, timeline_spec
from dashboard.ui.map_view import CAPTION_GREY
from dashboard.views import counts
from dashboard.views.timeline_chart import chart_rows, chart_shape


def first_year(shown: dict) -> int:
    """The earliest year the page offers: 2006, or the first year of a shown dataset that reaches back."""
    return counts.earliest_year({name: (info.title, imported_frame(name, info.imported_at), None)
                                 for name, info in shown.items()})


def show_count(atlas: Atlas, sel: Selection, lang: str, shown: dict, chapter=None) -> None:
    """One line over the map: what the filters hold (as their export would; a chapter's own), imported data apart,
    and how many of its events the list beside the map holds."""
    chapter_id = chapter.id if chapter else None
    tallies = tallies_for(atlas.version, sel, lang, shown_key(shown), chapter_id)
    view = st.session_state.get(state.K_VIEW_NOW) or st.session_state[state.K_VIEW]
    every = in_view_for(atlas.version, sel, view, lang, chapter_id)
    head, rest = counts.count_line(atlas, sel, tallies[0], lang, sum(i.layer == "events" for i in every))
    parts = [f"<b>{safe(head)}</b> · {safe(rest)}"]
    parts += [f"<b>{safe(x.title)}</b>: {safe(counts.tally_text(x, lang))}" for x in tallies[1:]]
    line = " · ".join(parts)
    # A polite live region: a screen reader hears the new count after a filter change.
    st.markdown(f"<div role='status' aria-live='polite' class='atlas-count'>{line}</div>", unsafe_allow_html=True)
    notice = st.empty()  # always there, so the map below keeps its place in the page (no remount)
    if all(x.events == 0 for x in tallies):
        notice.warning(t("nothing_matches", lang), icon="🔍")


def _apply_span() -> None:
    """Callback of the chart: the years dragged across become the year filter."""
    picked = (st.session_state.get(state.K_TIMELINE) or {}).get("selection", {}).get("span", {})
    years = [int(y) for y in picked.get("year", []) if str(y).lstrip("-").isdigit()]
    if years:
        st.session_state[state.K_YEARS] = (max(min(years), YEAR_FLOOR), min(max(years), YEAR_MAX))
        st.session_state[state.K_SELECTED] = None


def show_timeline(atlas: Atlas, sel: Selection, lang: str, shown: dict, chapter=None) -> None:
    by = st.segmented_control(t("split_by", lang), ["type", "cartel"], key=state.K_TIMELINE_BY, default="type",
                              format_func=lambda k: t(f"by_{k}", lang)) or "type"
    rows = timeline_rows_for(atlas.version, sel, by, lang, shown_key(shown), chapter.id if chapter else None)
    shape = chart_shape(atlas, rows, by, lang, [info.title for info in shown.values()])
    # The spec is built and validated once per shape; only the rows change from run to run.
    st.vega_lite_chart(chart_rows(rows, sel), timeline_spec(shape, CAPTION_GREY), width="stretch",
                       key=state.K_TIMELINE, on_select=_apply_span, selection_mode="span",
                       alt=t("timeline_description", lang))
    st.caption(t("timeline_help", lang))
