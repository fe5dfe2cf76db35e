"""Sidebar section "Your data": upload, import report, the stored datasets as map layers."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t
from dashboard.imports import store
from dashboard.imports.upload import parse_upload
from dashboard.ui import state
from dashboard.ui.panels import md


def _import_upload(lang: str) -> None:
    upload = st.session_state.get("upload_file")
    name = (st.session_state.get("upload_name") or "").strip()
    if upload is None:
        return
    try:
        result = parse_upload(upload.getvalue(), upload.name)
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
                                  "reasons": result.reasons()}
    st.session_state[state.dataset_shown_key(info.name)] = True  # a fresh import is drawn, even over an unticked one


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
    if report["rejected"]:
        st.caption("\n".join(f"- {md(r)}" for r in report["reasons"]))
        st.download_button(t("download_report", lang), report["report"], f"{report['name']}-rejected.csv",
                           "text/csv", key=state.K_REPORT_DOWNLOAD, on_click="ignore")
