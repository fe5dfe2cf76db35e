"""Sidebar section "Your data": upload, import report, the stored datasets as map layers."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t
from dashboard.imports import store
from dashboard.imports.upload import parse_upload
from dashboard.ui import state
from dashboard.ui.panels import md

# the import form's extra fields (labels in English until the i18n tables carry them)
K_COLUMNS, K_SOURCE, K_LICENCE, K_CITATION, K_DROP_OUTSIDE = (
    "upload_columns", "upload_source", "upload_licence", "upload_citation", "upload_drop_outside")


def _form_options() -> dict:
    """The column mapping (one FIELD=COLUMN per line or comma), attribution and the outside-area choice."""
    text = st.session_state.get(K_COLUMNS) or ""
    pairs = [p.strip() for line in text.splitlines() for p in line.split(",") if p.strip()]
    return {"columns": pairs, "drop_outside": bool(st.session_state.get(K_DROP_OUTSIDE)),
            "attribution": {"source": st.session_state.get(K_SOURCE) or "",
                            "licence": st.session_state.get(K_LICENCE) or "",
                            "citation": st.session_state.get(K_CITATION) or ""}}


def _import_upload(lang: str) -> None:
    upload = st.session_state.get("upload_file")
    name = (st.session_state.get("upload_name") or "").strip()
    if upload is None:
        return
    try:
        result = parse_upload(upload.getvalue(), upload.name, **_form_options())
        if not result.rows:
            why = f"no row could be imported ({result.summary()}); " + "; ".join(result.reasons(3))
            st.session_state[state.K_REPORT] = {"error": f"{upload.name}: {why}"}
            return
        info = store.save_dataset(name or upload.name.rsplit(".", 1)[0], result)
    except ValueError as exc:  # ImportRejected and StoreError: one-line messages for the user
        st.session_state[state.K_REPORT] = {"error": str(exc)}
        return
    st.session_state[state.K_REPORT] = {"name": info.name, "kept": info.rows_kept, "rejected": info.rows_rejected,
                                  "notices": list(result.notices), "report": result.report_csv(),
                                  "reasons": result.reasons(), "credit": info.credit()}
    st.session_state[state.dataset_shown_key(info.name)] = True  # a fresh import is drawn, even over an unticked one


def _extra_fields() -> None:
    st.caption("Optional: columns, source and licence")  # an expander may not sit in the form's expander
    st.text_area("Column mapping", key=K_COLUMNS, height=68, placeholder="killed=total.people.dead",
                 help="FIELD=COLUMN, one per line, when a column is not recognised by its name: date, date_end, "
                      "killed, killed_low, killed_high, injured, place, municipality, mun_code, state, "
                      "state_code, lat, lon, actor, cartel, id, type, source, notes")
    st.text_input("Source", key=K_SOURCE, max_chars=300, help="Who published the data (UCDP and ACLED are "
                  "recognised and filled in when left empty)")
    st.text_input("Licence", key=K_LICENCE, max_chars=200)
    st.text_input("Citation", key=K_CITATION, max_chars=500)
    st.checkbox("Drop rows outside Mexico, the US and the stories' places", key=K_DROP_OUTSIDE,
                help="By default they are kept and counted in the report")


def shown(infos: list[store.DatasetInfo]) -> list[store.DatasetInfo]:
    """Of the stored datasets ``infos``, those to draw: all unless the reader unticked one.

    Read from the checkboxes' state, so the map can be drawn before the sidebar exists.
    """
    return [info for info in infos if st.session_state.get(state.dataset_shown_key(info.name), True)]


def stored() -> list[store.DatasetInfo]:
    return store.list_datasets()


def show_datasets(lang: str, infos: list[store.DatasetInfo]) -> None:
    """Upload form, import report and the stored datasets ``infos``, each with a checkbox to draw it."""
    st.header(t("your_data", lang), anchor=False)
    # Built only while open, like the share panel: the upload form stays off the first load.
    form_panel = st.expander(t("import_file", lang), key=state.K_FORM_OPEN, on_change="rerun")
    if form_panel.open:
        with form_panel, st.form("upload_form", clear_on_submit=True, border=False):
            st.file_uploader(t("upload", lang), type=["csv", "geojson", "json", "txt"], key=state.K_UPLOAD_FILE,
                             help=t("upload_help", lang))
            st.text_input(t("dataset_name", lang), key=state.K_UPLOAD_NAME, max_chars=60)
            _extra_fields()
            st.form_submit_button(t("import", lang), on_click=_import_upload, args=(lang,))
    _show_report(lang)
    # Stored datasets survive restarts and show by default; a reader can untick them.
    for info in infos:
        cols = st.columns([4, 1])
        key = state.dataset_shown_key(info.name)
        st.session_state.setdefault(key, True)
        cols[0].checkbox(f"{info.title} ({info.rows_kept})", key=key,
                         help=f"{t('imported', lang)} {info.imported_at} · {info.rows_rejected} {t('rejected', lang)}")
        if cols[1].button("✕", key=state.dataset_delete_key(info.name), help=t("delete", lang)):
            store.delete_dataset(info.name)
            st.rerun()


def _show_report(lang: str) -> None:
    report = st.session_state.get(state.K_REPORT)
    if not report:
        return
    if "error" in report:
        st.error(md(report["error"]))
        return
    st.success(md(t("import_done", lang, name=report["name"], kept=report["kept"], rejected=report["rejected"])))
    for notice in report["notices"]:
        st.caption(md(notice))
    if report.get("credit"):
        st.caption(md(f"Credit: {report['credit']}"))
    if report["rejected"]:
        st.caption("\n".join(f"- {md(r)}" for r in report["reasons"]))
        st.download_button(t("download_report", lang), report["report"], f"{report['name']}-rejected.csv",
                           "text/csv", key=state.K_REPORT_DOWNLOAD, on_click="ignore")
