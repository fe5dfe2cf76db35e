"""How many and since when: the count over the map and the timeline under it (Altair, which Streamlit ships).

Dragging across the timeline's years sets the year filter (and so the URL); the year slider in the
sidebar stays the keyboard path. The chart is drawn in the page's second run, after the map.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.atlas.data import Atlas
from dashboard.config import YEAR_FLOOR, YEAR_MAX, YEAR_MIN
from dashboard.i18n import t
from dashboard.map import symbology
from dashboard.map.features import IMPORTED_OUTLINE
from dashboard.model import Selection
from dashboard.text import safe
from dashboard.ui import state
from dashboard.ui.cache import imported_frame, imported_mask, in_view_for
from dashboard.ui.map_view import CAPTION_GREY
from dashboard.views import counts
from dashboard.vocab import TYPE_GROUPS

POLITICS_FILL = "#D9D9D9"  # the map's white "politics" circles need a visible bar
# d3-format locales: German groups thousands with a point, Mexican Spanish and English with a comma.
NUMBER_LOCALE = {"en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
                 "es": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
                 "de": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " €"]}}


def shown_frames(shown: dict, sel: Selection) -> dict:
    """name -> (title, rows, mask of the selection) for each imported dataset on the map."""
    return {name: (info.title, imported_frame(name, info.imported_at), imported_mask(name, info.imported_at, sel))
            for name, info in shown.items()}


def first_year(shown: dict) -> int:
    """The earliest year the page offers: 2006, or the first year of a shown dataset that reaches back."""
    return counts.earliest_year({name: (info.title, imported_frame(name, info.imported_at), None)
                                 for name, info in shown.items()})


def show_count(atlas: Atlas, sel: Selection, lang: str, shown: dict, chapter=None) -> None:
    """One line over the map: what the filters hold (as their export would; a chapter's own), imported data apart."""
    tallies = counts.view_tallies(atlas, sel, shown_frames(shown, sel), lang, chapter)
    view = st.session_state.get(state.K_VIEW_NOW) or st.session_state[state.K_VIEW]
    every = in_view_for(atlas.version, sel, lang, view, chapter.id if chapter else None)
    head, rest = counts.count_line(atlas, sel, tallies[0], lang, sum(i.layer == "events" for i in every))
    parts = [f"<b>{safe(head)}</b> · {safe(rest)}"]
    parts += [f"<b>{safe(x.title)}</b>: {safe(counts.tally_text(x, lang))}" for x in tallies[1:]]
    line = " · ".join(parts)
    # A polite live region: a screen reader hears the new count after a filter change.
    st.markdown(f"<div role='status' aria-live='polite' class='atlas-count'>{line}</div>", unsafe_allow_html=True)
    notice = st.empty()  # always there, so the map below keeps its place in the page (no remount)
    if all(x.events == 0 for x in tallies):
        notice.warning(t("nothing_matches", lang), icon="🔍")


def _colours(atlas: Atlas, rows: pd.DataFrame, by: str, lang: str, imported: list[str]) -> tuple[list, list]:
    if by == "type":
        domain = [t(g, lang) for g in TYPE_GROUPS]
        colours = [symbology.GROUP_COLOR["violence"], symbology.GROUP_COLOR["enforcement"], POLITICS_FILL]
    else:
        named = {atlas.cartel_name(c, lang): atlas.cartel_color(c) for c in atlas.cartels["id"]}
        extra = {t("several_cartels", lang): "#6B6B6B", t("no_cartel_named", lang): "#BDBDBD"}
        groups = sorted(set(rows["group"]) - set(imported))
        domain, colours = groups, [named.get(g, extra.get(g, "#999999")) for g in groups]
    return domain + imported, colours + [IMPORTED_OUTLINE] * len(imported)


def timeline_chart(atlas: Atlas, rows: pd.DataFrame, sel: Selection, by: str, lang: str,
                   imported: list[str]) -> alt.VConcatChart:
    """Stacked bars of events and of deaths per year; the years outside the filter are faded."""
    years = list(range(min(YEAR_MIN, int(rows["year"].min()) if len(rows) else YEAR_MIN), YEAR_MAX + 1))
    rows = rows.assign(chosen=rows["year"].between(sel.year_from, sel.year_to))
    domain, colours = _colours(atlas, rows, by, lang, imported)
    span = alt.selection_interval(encodings=["x"], name="span")
    x = alt.X("year:O", title=None, scale=alt.Scale(domain=years), axis=alt.Axis(labelAngle=0, labelOverlap=True))
    # The chart's key in full: no label cut short ("Festnahmen, Gerichte, Ü…"); two columns fit every language.
    colour = alt.Color("group:N", title=t("split_by", lang), scale=alt.Scale(domain=domain, range=colours),
                       legend=alt.Legend(orient="bottom", columns=2, labelLimit=0, symbolStrokeColor="#555"))
    tips = [alt.Tooltip("year:O", title=t("year", lang)), alt.Tooltip("group:N", title=t("group", lang)),
            alt.Tooltip("events:Q", title=t("events", lang)), alt.Tooltip("killed:Q", title=t("deaths", lang))]
    base = alt.Chart(rows).mark_bar(stroke="#555", strokeWidth=0.3).encode(
        x=x, color=colour, tooltip=tips,
        opacity=alt.Opacity("chosen:N", scale=alt.Scale(domain=[True, False], range=[1.0, 0.3]), legend=None))
    top = base.encode(y=alt.Y("sum(events):Q", title=t("events", lang))).add_params(span).properties(height=110)
    bottom = base.encode(y=alt.Y("sum(killed):Q", title=t("deaths", lang))).properties(height=80)
    # Streamlit's chart theme draws axis and legend text in a faded grey (about 3.8:1): ours passes AA
    # Numbers in the reader's language ("1.000" in German) through Vega's format locale. The chart is one named
    # image (st.altair_chart's alt); its marks stay out of the accessibility tree (aria False), as axe's
    # svg-img-alt asks, and the year brush is named by the page (controls.page_helpers).
    return (alt.vconcat(top, bottom, spacing=6)
            .properties(title=t("timeline", lang))
            .configure(aria=False, locale={"number": NUMBER_LOCALE.get(lang, NUMBER_LOCALE["en"])})
            .configure_mark(aria=False)
            .configure_axis(labelColor=CAPTION_GREY, titleColor=CAPTION_GREY)
            .configure_legend(labelColor=CAPTION_GREY, titleColor=CAPTION_GREY))


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
    frames = shown_frames(shown, sel)
    rows = counts.timeline_rows(atlas, sel, by, lang, frames, chapter)
    chart = timeline_chart(atlas, rows, sel, by, lang, [title for title, _, _ in frames.values()])
    st.altair_chart(chart, width="stretch", key=state.K_TIMELINE, on_select=_apply_span,
                    selection_mode="span", alt=t("timeline_description", lang))
    st.caption(t("timeline_help", lang))
