"""The timeline's chart: a Vega-Lite spec built with Altair once per shape, and the rows it draws.

Building the Altair chart and validating it against the whole Vega-Lite schema on every rerun took
a quarter of a filter change. What the spec says depends only on the chart's *shape* (the years on
its axis, the groups and their colours, the language of its titles), not on the numbers: the spec
is built and validated once per shape (``dashboard/ui/cache.py`` keeps it), and each run sends the
rows beside it as the chart's data (``st.vega_lite_chart(data, spec)``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import altair as alt
import pandas as pd

from dashboard.atlas.data import Atlas
from dashboard.config import YEAR_MAX, YEAR_MIN
from dashboard.i18n import t
from dashboard.map import symbology
from dashboard.map.features import IMPORTED_OUTLINE
from dashboard.model import Selection
from dashboard.vocab import TYPE_GROUPS

POLITICS_FILL = "#D9D9D9"  # the map's white "politics" circles need a visible bar
# Altair's theme is global to the process: one spec is built at a time (as Streamlit does for its charts).
_THEME_LOCK = threading.Lock()
DATA_NAME = "rows"  # a placeholder, so Altair shares one data between the two views (see timeline_spec)


@dataclass(frozen=True)
class ChartShape:
    """All the spec depends on: it keys the spec's cache."""

    years: tuple[int, ...]      # the x axis, every year shown
    domain: tuple[str, ...]     # the groups, in the legend's order
    colours: tuple[str, ...]    # one per group
    lang: str


def chart_shape(atlas: Atlas, rows: pd.DataFrame, by: str, lang: str, imported: list[str]) -> ChartShape:
    """The shape of the timeline of ``rows`` (:func:`dashboard.views.counts.timeline_rows`) split ``by``."""
    years = tuple(range(min(YEAR_MIN, int(rows["year"].min()) if len(rows) else YEAR_MIN), YEAR_MAX + 1))
    if by == "type":
        domain = [t(g, lang) for g in TYPE_GROUPS]
        colours = [symbology.GROUP_COLOR["violence"], symbology.GROUP_COLOR["enforcement"], POLITICS_FILL]
    else:
        named = {atlas.cartel_name(c, lang): atlas.cartel_color(c) for c in atlas.cartels["id"]}
        extra = {t("several_cartels", lang): "#6B6B6B", t("no_cartel_named", lang): "#BDBDBD"}
        groups = sorted(set(rows["group"]) - set(imported))
        domain, colours = groups, [named.get(g, extra.get(g, "#999999")) for g in groups]
    return ChartShape(years, (*domain, *imported), (*colours, *[IMPORTED_OUTLINE] * len(imported)), lang)


def chart_rows(rows: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    """The chart's data: the rows with ``chosen``, whether their year is inside the filter (others are faded)."""
    return rows.assign(chosen=rows["year"].between(sel.year_from, sel.year_to))


# d3-format locales: German groups thousands with a point, Mexican Spanish and English with a comma.
NUMBER_LOCALE = {"en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
                 "es": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
                 "de": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " €"]}}


def timeline_chart(shape: ChartShape, grey: str) -> alt.VConcatChart:
    """Stacked bars of events and of deaths per year, without data; axis and legend text in ``grey``."""
    lang = shape.lang
    span = alt.selection_interval(encodings=["x"], name="span")
    x = alt.X("year:O", title=None, scale=alt.Scale(domain=list(shape.years)),
              axis=alt.Axis(labelAngle=0, labelOverlap=True))
    colour = alt.Color("group:N", title=t("split_by", lang),
                       scale=alt.Scale(domain=list(shape.domain), range=list(shape.colours)),
                       # the chart's key in full: no label cut short ("Festnahmen, Gerichte, Ü…")
                       legend=alt.Legend(orient="bottom", columns=2, labelLimit=0, symbolStrokeColor="#555"))
    tips = [alt.Tooltip("year:O", title=t("year", lang)), alt.Tooltip("group:N", title=t("group", lang)),
            alt.Tooltip("events:Q", title=t("events", lang)), alt.Tooltip("killed:Q", title=t("deaths", lang))]
    base = alt.Chart(alt.Data(name=DATA_NAME)).mark_bar(stroke="#555", strokeWidth=0.3).encode(
        x=x, color=colour, tooltip=tips,
        opacity=alt.Opacity("chosen:N", scale=alt.Scale(domain=[True, False], range=[1.0, 0.3]), legend=None))
    top = base.encode(y=alt.Y("sum(events):Q", title=t("events", lang))).add_params(span).properties(height=110)
    bottom = base.encode(y=alt.Y("sum(killed):Q", title=t("deaths", lang))).properties(height=80)
    # Streamlit's chart theme draws axis and legend text in a faded grey (about 3.8:1): ours passes AA.
    # Numbers in the reader's language ("1.000" in German) through Vega's format locale. The chart is one named
    # image (st.vega_lite_chart's alt, ui/timeline.py); its marks stay out of the accessibility tree (aria False),
    # as axe's svg-img-alt asks, and the year brush is named by the page (ui/controls.page_helpers).
    return (alt.vconcat(top, bottom, spacing=6).properties(title=t("timeline", lang))
            .configure(aria=False, locale={"number": NUMBER_LOCALE.get(lang, NUMBER_LOCALE["en"])})
            .configure_mark(aria=False)
            .configure_axis(labelColor=grey, titleColor=grey)
            .configure_legend(labelColor=grey, titleColor=grey))


def timeline_spec(shape: ChartShape, grey: str) -> dict:
    """The chart of ``shape`` as a validated Vega-Lite dict, without Altair's default theme (as
    ``st.altair_chart`` converts a chart: Streamlit sizes it)."""
    with _THEME_LOCK, alt.theme.enable("none"):
        spec = timeline_chart(shape, grey).to_dict()
    del spec["data"]  # the placeholder: each run passes its rows as the chart's data, which both views share
    return spec
