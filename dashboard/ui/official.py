"""Official tables on the page: listed in the sidebar with the datasets, and the story's figures checked
against them under the chapter that tells them. Tables are read once per stored version."""

from __future__ import annotations

import streamlit as st

from dashboard.config import GEODATA_DIR
from dashboard.i18n import t
from dashboard.imports.store_base import StoreError
from dashboard.imports.store_outage import UNAVAILABLE
from dashboard.official import store
from dashboard.official.claims import Claim, check, load_claims
from dashboard.ui.panels import md
from dashboard.views.claims import check_lines, unit_words


@st.cache_resource(show_spinner=False)
def _claims() -> list[Claim]:
    return load_claims(GEODATA_DIR)


@st.cache_resource(max_entries=8, show_spinner=False)
def _table(name: str, imported_at: str):
    return store.load_table(name)[1]


def stored_tables() -> list[store.TableInfo]:
    try:
        return store.list_tables()
    except (*UNAVAILABLE, OSError):  # an unreachable store or a missing driver: the atlas's own story stays readable
        return []


def show_chapter_claims(chapter_id: str, lang: str) -> None:
    """Under a chapter: each of its claims, with the official figure that checks it (or what would)."""
    claims = [c for c in _claims() if chapter_id in c.chapters]
    if not claims:
        return
    tables = {i.name: _table(i.name, i.imported_at) for i in stored_tables() if i.kind == "counts"}
    with st.container(border=True):
        st.markdown(f"**{md(t('claims_checked', lang))}**")
        for claim in claims:
            lines = check_lines(check(claim, tables), lang)
            st.markdown(f"“{md(lines[0])}”")
            st.caption(md(" ".join(lines[1:])))


def show_official_tables(lang: str) -> None:
    """The stored official tables, under the datasets: kind, unit, span and areas of each."""
    tables = stored_tables()
    with st.expander(t("official_tables", lang), expanded=False):
        if not tables:
            st.caption(md(t("official_tables_none", lang)))
        for info in tables:
            s = info.summary
            areas = ", ".join(f"{n:,} {level}" for level, n in sorted(s["areas"].items()))
            unit = ", ".join(unit_words(u, lang) for u in s.get("units", [])) or "—"
            st.markdown(f"**{md(info.name)}**")
            st.caption(md(t("official_table_line", lang, kind=t(f"kind_{info.kind}", lang), unit=unit,
                             first=s["periods"][0], last=s["periods"][1], areas=areas)) + " · " + md(info.source))


def take_official_upload(raw: bytes, filename: str, name: str, editor: str | None) -> dict | None:
    """An uploaded count or population table: stored by an editor as an official table (never as events);
    a reader is told that only an editor stores such tables. None when the file is no such table.
    Returns the form's report (an ``error`` or an ``official`` summary)."""
    from dashboard.imports.rejections import ImportRejected
    from dashboard.official.recognise import looks_official, read_official

    if not looks_official(raw):
        return None
    try:
        table = read_official(raw, filename)
    except ImportRejected as exc:
        return {"error": f"{filename}: {exc}"}
    if table is None:
        return None
    if editor is None:
        return {"error": f"{filename}: {table.layout}. A table of {table.kind}, not a list of events: "
                         "an editor stores it as an official table."}
    try:
        info = store.save_table(name, table, source=filename, editor=editor)
    except StoreError as exc:
        return {"error": f"{filename}: {exc}"}
    return {"official": info.name, "layout": table.layout, "notes": list(table.notes)}


def show_official_report(report: dict, lang: str) -> None:
    st.success(md(f"{t('official_tables', lang)}: {report['official']} — {report['layout']}"))
    for note in report["notes"]:
        st.caption(md(note))
