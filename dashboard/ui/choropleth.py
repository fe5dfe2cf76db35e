"""The official figures on the live map: choosing a count table, its layer, its key, an area's months.

The core is :mod:`dashboard.map.choropleth_view`; this module holds the widgets and the caches.
The layer follows the year filter (the view's years) and never the cartel filter (the key says so).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.i18n import t
from dashboard.map.choropleth_view import GUANAJUATO, area_series, classed_for, counts_layer
from dashboard.map.legend import legend_html
from dashboard.model import Selection
from dashboard.share.counts_link import CountsView
from dashboard.ui import state
from dashboard.ui.panels import md

K_COUNTS = state.K_COUNTS  # the CountsView drawn (None: no official figures on the map)
K_TABLE, K_MEASURE, K_RATE, K_GTO = "counts_table", "counts_measure", "counts_rate", "counts_guanajuato"
K_POPULATION = "counts_population"
LAYER = "choropleth"


def _count_tables() -> dict:
    from dashboard.ui.official import stored_tables  # an unreachable store lists none: the atlas stays

    return {i.name: i for i in stored_tables() if i.kind == "counts"}


def _population_tables() -> list[str]:
    from dashboard.ui.official import stored_tables

    return sorted(i.name for i in stored_tables() if i.kind == "population")


def _seed_widgets(view: CountsView | None) -> None:
    """A link's choropleth shown in the widgets on the first run."""
    if K_TABLE in st.session_state or view is None:
        return
    st.session_state[K_TABLE] = view.table
    st.session_state[K_MEASURE] = view.measure
    st.session_state[K_RATE] = view.rate
    st.session_state[K_GTO] = view.state == GUANAJUATO


def show_counts_controls(lang: str) -> None:
    """Sidebar: which count table the map draws, its measure, rates or counts, Guanajuato's municipalities."""
    tables = _count_tables()
    _seed_widgets(st.session_state.get(K_COUNTS))
    if not tables:
        st.session_state[K_COUNTS] = None
        return
    name = st.selectbox(t("choropleth", lang), [None, *tables], key=K_TABLE,
                        format_func=lambda n: "—" if n is None else n)
    if name is None or name not in tables:
        st.session_state[K_COUNTS] = None
        return
    measures = tables[name].summary.get("measures", [])
    if st.session_state.get(K_MEASURE) not in measures:
        st.session_state[K_MEASURE] = "Homicidio doloso" if "Homicidio doloso" in measures else measures[0]
    measure = st.selectbox(t("choro_measure", lang), measures, key=K_MEASURE)
    rate = st.toggle(t("choro_rate", lang), key=K_RATE)
    municipal = tables[name].summary.get("areas", {}).get("municipality", 0) > 0
    population = None
    populations = _population_tables()
    if rate and len(populations) > 1:  # several denominators: the reader picks one (one alone is used)
        population = st.selectbox(t("kind_population", lang), populations, key=K_POPULATION)
    gto = municipal and st.toggle(t("choro_guanajuato", lang), key=K_GTO)
    st.session_state[K_COUNTS] = CountsView(name, measure, bool(rate), population, GUANAJUATO if gto else None)


@st.cache_data(max_entries=64, show_spinner=False)
def _layer(view: CountsView, years: tuple[int, int], lang: str, layers: tuple[str, ...]) -> tuple[str, list]:
    sel = Selection(year_from=years[0], year_to=years[1], layers=layers)
    layer, key = counts_layer(view, sel, lang, with_features=False)
    return layer["packed_js"], key


def add_layer(layers: dict[str, str], sel: Selection, lang: str) -> None:
    """The choropleth's script under the other layers, when a count table is chosen."""
    view = st.session_state.get(K_COUNTS)
    if view is not None:
        layers[LAYER] = _layer(view, (sel.year_from, sel.year_to), lang, tuple(sel.layers))[0]


def show_key_and_area(sel: Selection, lang: str) -> None:
    """Side panel: the choropleth's key and, after a click on an area, its months and figures."""
    view = st.session_state.get(K_COUNTS)
    if view is None:
        return
    with st.container(border=True):
        key = _layer(view, (sel.year_from, sel.year_to), lang, tuple(sel.layers))[1]
        st.markdown(legend_html(key, lang), unsafe_allow_html=True)
    selected = st.session_state.get(state.K_SELECTED)
    if selected and selected[0] == LAYER and selected[1].startswith("area:"):
        _show_area(view, selected[1][5:], sel, lang)


def _show_area(view: CountsView, area: str, sel: Selection, lang: str) -> None:
    name, series = area_series(view, area, sel)
    classed = classed_for(view, sel)[0]
    rows = classed.areas[classed.areas["area"] == area]
    with st.container(border=True):
        st.markdown(f"**{md(name)}** ({md(area)}) · {md(classed.measure)}, {md(classed.unit)}, {md(classed.period)}")
        if len(rows):
            r = rows.iloc[0]
            figures = f"{r['value']:,.0f} {classed.unit}"
            if classed.rated and r["rate"] == r["rate"]:
                figures += f" · {r['rate']:,.1f} / 100,000 · {t('kind_population', lang)} {r['population']:,.0f}"
            st.caption(md(figures))
        frame = pd.DataFrame(series, columns=["month", "value"])
        frame["month"] = pd.to_datetime(frame["month"] + "-01")
        chart = alt.Chart(frame).mark_line(point=True).encode(
            x=alt.X("month:T", title=None), y=alt.Y("value:Q", title=classed.unit),
            tooltip=[alt.Tooltip("month:T", format="%Y-%m"), "value:Q"])
        st.altair_chart(chart, width="stretch")
