"""Sidebar section "Your data": upload, import report, the stored datasets as map layers."""

from __future__ import annotations

import streamlit as st

from dashboard import importer, store
from dashboard.i18n import t
from dashboard.ui.panels import md

K_SHOWN = "datasets_shown"
K_REPORT = "import_report"


def _import_upload(lang: str) -> None:
    upload = st.session_state.get("upload_file")
    name = (st.session_state.get("upload_name") or "").strip()
    if upload is None:
        return
    try:
        result = importer.parse_upload(upload.getvalue(), upload.name)
        if not result.rows:
            st.session_state[K_REPORT] = {"error": f"{upload.name}: no row could be imported ({result.summary()}); "
                                                   + "; ".join(result.reasons(3))}
            return
        info = store.save_dataset(name or upload.name.rsplit(".", 1)[0], result)
    except ValueError as exc:  # ImportRejected and StoreError: one-line messages for the user
        st.session_state[K_REPORT] = {"error": str(exc)}
        return
    st.session_state[K_REPORT] = {"name": info.name, "kept": info.rows_kept, "rejected": info.rows_rejected,
                                  "notices": list(result.notices), "report": result.report_csv(),
                                  "reasons": result.reasons()}
    if K_SHOWN in st.session_state:
        st.session_state[K_SHOWN].add(info.name)


def stored() -> list[store.DatasetInfo]:
    return store.list_datasets()


def show_datasets(lang: str) -> tuple[str, ...]:
    """Upload form and dataset list; returns the names of the datasets to draw."""
    st.header(t("your_data", lang), anchor=False)
    with st.form("upload_form", clear_on_submit=True, border=False):
        st.file_uploader(t("upload", lang), type=["csv", "geojson", "json", "txt"], key="upload_file",
                         help=t("upload_help", lang))
        st.text_input(t("dataset_name", lang), key="upload_name", max_chars=60)
        st.form_submit_button(t("import", lang), on_click=_import_upload, args=(lang,))
    _show_report(lang)
    infos = stored()
    # Stored datasets survive restarts and show by default; a reader can untick them.
    shown: set[str] = st.session_state.setdefault(K_SHOWN, {info.name for info in infos})
    for info in infos:
        cols = st.columns([4, 1])
        on = cols[0].checkbox(f"{info.title} ({info.rows_kept})", value=info.name in shown, key=f"ds_{info.name}",
                              help=f"{t('imported', lang)} {info.imported_at} · {info.rows_rejected} "
                                   f"{t('rejected', lang)}")
        (shown.add if on else shown.discard)(info.name)
        if cols[1].button("✕", key=f"del_{info.name}", help=t("delete", lang)):
            store.delete_dataset(info.name)
            shown.discard(info.name)
            st.rerun()
    return tuple(sorted(shown))


def _show_report(lang: str) -> None:
    report = st.session_state.get(K_REPORT)
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
                           "text/csv", key="dl_report", on_click="ignore")
