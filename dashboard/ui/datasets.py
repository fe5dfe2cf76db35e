"""Sidebar section "Your data": sign-in, the import form, the datasets as map layers, delete and undo.

Editors (:mod:`dashboard.ui.auth`) store, replace and delete datasets for everyone; a name that
exists is replaced only after "Replace it?", and a delete asks first and can be undone (the trash
keeps it for a day). A reader's file is opened in their own session only (:func:`open_in_session`):
drawn, filtered and exported for them, never stored, never seen by another session.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import streamlit as st

from dashboard.i18n import plural, t
from dashboard.imports import store, trash
from dashboard.imports.reader_files import MB, Budget, frame_bytes
from dashboard.imports.store_outage import UNAVAILABLE, describe
from dashboard.imports.unpack import dataset_name_for
from dashboard.imports.upload import parse_upload
from dashboard.ui import auth, official, state
from dashboard.ui.cache import (
    SESSION_PREFIX,
    drop_session_file,
    get_atlas,
    has_session_file,
    held_files,
    keep_session_file,
)
from dashboard.ui.panels import md

# the import form's extra fields (labels in English until the i18n tables carry them)
K_COLUMNS, K_SOURCE, K_LICENCE, K_CITATION, K_DROP_OUTSIDE = (
    "upload_columns", "upload_source", "upload_licence", "upload_citation", "upload_drop_outside")
K_YEAR, K_ORDER, K_SHEET, K_TRUST = "upload_year", "upload_date_order", "upload_sheet", "upload_trust_points"
DATE_ORDERS = ("", "dmy", "mdy")
UPLOAD_TYPES = ["csv", "geojson", "json", "txt", "gz", "zip", "xlsx", "xls", "ods"]


def _form_options() -> dict:
    """The column mapping (one FIELD=COLUMN per line or comma), attribution and the outside-area choice."""
    text = st.session_state.get(K_COLUMNS) or ""
    pairs = [p.strip() for line in text.splitlines() for p in line.split(",") if p.strip()]
    year = (st.session_state.get(K_YEAR) or "").strip()
    return {"columns": pairs, "drop_outside": bool(st.session_state.get(K_DROP_OUTSIDE)),
            "year": int(year) if year.isdigit() and 1900 <= int(year) <= 2100 else 0,
            "date_order": st.session_state.get(K_ORDER) or "", "sheet": (st.session_state.get(K_SHEET) or None),
            "trust": "coordinates" if st.session_state.get(K_TRUST) else "names",
            "attribution": {"source": st.session_state.get(K_SOURCE) or "",
                            "licence": st.session_state.get(K_LICENCE) or "",
                            "citation": st.session_state.get(K_CITATION) or ""}}


def _import_upload(lang: str) -> None:
    upload = st.session_state.get(state.K_UPLOAD_FILE)
    name = (st.session_state.get(state.K_UPLOAD_NAME) or "").strip() or (dataset_name_for(upload.name)
                                                                           if upload else "")
    st.session_state[state.K_PENDING] = None
    st.session_state[state.K_REPORT] = None  # the form shows only the message of the file just sent
    if upload is None:
        return
    try:
        slug = store.dataset_slug(name)
        editor = auth.editor_identity() if auth.is_editor() else None
        if (taken := official.take_official_upload(upload.getvalue(), upload.name, name, editor)) is not None:
            st.session_state[state.K_REPORT] = taken  # a count or population table: never stored as events
            return
        result = parse_upload(upload.getvalue(), upload.name, atlas=get_atlas(), **_form_options())
        if not result.rows:
            why = f"no row could be imported ({result.summary()}); " + "; ".join(result.reasons(3))
            st.session_state[state.K_REPORT] = {"error": f"{upload.name}: {why}"}
            return
        if not (auth.is_editor() and st.session_state.get(state.K_STORE_IT, True)):
            info = open_in_session(name, slug, result, lang)
            if info is not None:
                _report(info, result, private=True)
            return
        existing = next((i for i in store.list_datasets() if i.name == slug), None)
        if existing is not None:  # ask first: nothing stored is replaced without a word
            st.session_state[state.K_PENDING] = {"name": name, "result": result, "existing": existing}
            return
        _report(store.save_dataset(name, result, editor=auth.editor_identity()), result)
    except UNAVAILABLE as exc:  # ImportRejected, StoreError, a missing driver: one line naming the file
        st.session_state[state.K_REPORT] = {"error": f"{upload.name}: {describe(exc)}"}
    except ValueError as exc:
        st.session_state[state.K_REPORT] = {"error": f"{upload.name}: {exc}"}


def _report(info: store.DatasetInfo, result, private: bool = False) -> None:
    st.session_state[state.K_REPORT] = {"name": info.name, "kept": info.rows_kept, "rejected": info.rows_rejected,
                                        "notices": list(result.notices), "report": result.report_csv(),
                                        "reasons": result.reasons(), "credit": info.credit(), "private": private}
    st.session_state[state.dataset_shown_key(info.name)] = True  # a fresh import is drawn, even over an unticked one


def open_in_session(name: str, slug: str, result, lang: str = "en") -> store.DatasetInfo | None:
    """A reader's file as a dataset of this session only: kept in its session state under its own key.

    None, with the reason in the form's report, when the file would take the session's or the
    process's readers' files over their budget (:mod:`dashboard.imports.reader_files`).
    """
    token = st.session_state.setdefault(state.K_SESSION_TOKEN, secrets.token_hex(16))
    files: dict = st.session_state.setdefault(state.K_SESSION_FILES, {})
    taken = set(files) | {i.name for i in _stored_or_none()}
    while slug in taken:  # never hide a stored layer, or another of this reader's files, under the same name
        slug = f"{slug}-mine"
    st.session_state[state.K_SESSION_SERIAL] = serial = st.session_state.get(state.K_SESSION_SERIAL, 0) + 1
    key = f"{SESSION_PREFIX}{token}:{serial}"
    result = result.renamed(slug)
    from dashboard.imports.rows import rows_to_frame

    frame = rows_to_frame(result.rows)
    frame.attrs["dataset"] = slug
    why = keep_session_file(key, frame)
    if why is not None:
        budget = Budget.from_env()
        needed = (frame_bytes(frame) + sum(h.nbytes for h in held_files())) // MB + 1
        message = t("session_files_full", lang, name=result.source_name, needed=needed, budget=budget.session // MB)
        if why == "process":
            message = t("server_files_full", lang, name=result.source_name, budget=budget.process // MB)
        st.session_state[state.K_REPORT] = {"error": message}
        return None
    info = store.DatasetInfo(slug, name.strip() or slug, key, len(result.rows), len(result.rejected),
                             result.source_name, result.format, Path(), result.attribution.get("source", ""),
                             result.attribution.get("licence", ""), result.attribution.get("citation", ""),
                             result.layout)
    files[slug] = info
    return info


def _replace(lang: str, yes: bool) -> None:
    pending = st.session_state.get(state.K_PENDING)
    st.session_state[state.K_PENDING] = None
    if not pending or not yes or not auth.is_editor():
        return
    try:  # replace exactly the version the editor was asked about
        info = store.save_dataset(pending["name"], pending["result"], replace=pending["existing"].imported_at,
                                  editor=auth.editor_identity())
    except (ValueError, ImportError) as exc:  # StoreError included: one line, the fix for a missing driver
        st.session_state[state.K_REPORT] = {"error": describe(exc)}
        return
    _report(info, pending["result"])


MAPPABLE_FIELDS = ("date, date_end, killed, killed_low, killed_high, injured, place, municipality, mun_code, state, "
                   "state_code, lat, lon, actor, cartel, id, type, source, notes")


def _extra_fields(lang: str = "en") -> None:
    st.caption(t("form_optional", lang))  # an expander may not sit in the form's expander
    st.text_area(t("form_columns", lang), key=K_COLUMNS, height=68, placeholder="killed=total.people.dead",
                 help=t("form_columns_help", lang, fields=MAPPABLE_FIELDS))
    st.text_input(t("form_source", lang), key=K_SOURCE, max_chars=300, help=t("form_source_help", lang))
    st.text_input(t("form_licence", lang), key=K_LICENCE, max_chars=200)
    st.text_input(t("form_citation", lang), key=K_CITATION, max_chars=500)
    st.checkbox(t("form_drop_outside", lang), key=K_DROP_OUTSIDE, help=t("form_drop_outside_help", lang))
    st.text_input(t("form_year", lang), key=K_YEAR, max_chars=4)
    st.selectbox(t("form_order", lang), DATE_ORDERS, key=K_ORDER,
                 format_func=lambda o: t(f"form_order_{o or 'auto'}", lang))
    st.text_input(t("form_sheet", lang), key=K_SHEET, max_chars=100)
    st.checkbox(t("form_trust", lang), key=K_TRUST, help=t("form_trust_help", lang))


def shown(infos: list[store.DatasetInfo]) -> list[store.DatasetInfo]:
    """Of the datasets ``infos``, those to draw: all unless the reader unticked one.

    Read from the checkboxes' state, so the map can be drawn before the sidebar exists.
    """
    return [info for info in infos if st.session_state.get(state.dataset_shown_key(info.name), True)]


def stored() -> list[store.DatasetInfo]:
    """The stored datasets, then this session's own files (which no other session sees).

    When the store does not answer (a database down, its driver missing) the run goes on with the
    session's own files, :func:`show_store_outage` says why, and the next run asks the store again.
    """
    own = [i for i in (st.session_state.get(state.K_SESSION_FILES) or {}).values()
           if has_session_file(i.name, i.imported_at)]
    try:
        shared = store.list_datasets()
    except UNAVAILABLE as exc:
        st.session_state[state.K_STORE_DOWN] = describe(exc)
        return own
    st.session_state[state.K_STORE_DOWN] = None
    return shared + own


def _stored_or_none() -> list[store.DatasetInfo]:
    try:
        return store.list_datasets()
    except UNAVAILABLE:
        return []


def show_store_outage(lang: str) -> None:
    """The notice of this run's store outage, if any (the map is drawn all the same)."""
    why = st.session_state.get(state.K_STORE_DOWN)
    if why:
        st.warning(md(t("store_unavailable", lang, why=why)), icon="⚠️")


def _is_private(info: store.DatasetInfo) -> bool:
    return info.imported_at.startswith(SESSION_PREFIX)


def show_datasets(lang: str, infos: list[store.DatasetInfo]) -> None:
    """Sign-in, upload form, import report and the datasets ``infos``, each with a checkbox to draw it."""
    st.header(t("your_data", lang), anchor=False)
    editor = auth.show_sign_in(lang)
    # Built only while open, like the share panel: the upload form stays off the first load.
    form_panel = st.expander(t("import_file", lang), key=state.K_FORM_OPEN, on_change="rerun")
    if form_panel.open:
        with form_panel, st.form("upload_form", clear_on_submit=True, border=False):
            st.file_uploader(t("upload", lang), type=UPLOAD_TYPES,
                             key=state.K_UPLOAD_FILE, help=t("upload_help", lang))
            st.text_input(t("dataset_name", lang), key=state.K_UPLOAD_NAME, max_chars=60)
            if editor:
                st.checkbox(t("store_for_everyone", lang), value=True, key=state.K_STORE_IT,
                            help=t("store_for_everyone_help", lang))
            else:
                st.caption(t("reader_note", lang))
            _extra_fields(lang)
            st.form_submit_button(t("import", lang), on_click=_import_upload, args=(lang,))
    _ask_replace(lang)
    _show_report(lang)
    _show_undo(lang, editor)
    for info in infos:
        _dataset_row(lang, info, editor)
    if editor:
        _show_trash(lang)


def _dataset_row(lang: str, info: store.DatasetInfo, editor: bool) -> None:
    cols = st.columns([4, 1])
    key = state.dataset_shown_key(info.name)
    st.session_state.setdefault(key, True)
    when = t("session_only", lang) if _is_private(info) else f"{t('imported', lang)} {info.imported_at}"
    cols[0].checkbox(md(f"{info.title} ({info.rows_kept})"), key=key,
                     help=md(f"{when} · {plural('rejected', info.rows_rejected, lang)}"))
    if editor and not _is_private(info):
        cols[1].button("✕", key=state.dataset_delete_key(info.name), help=t("delete", lang),
                       on_click=_ask_delete, args=(info.name,))
    elif _is_private(info):  # a reader's own file: gone from the session at once, nothing to undo on a server
        cols[1].button("✕", key=state.dataset_delete_key(info.name), help=t("delete", lang),
                       on_click=_close_session_file, args=(info.name, info.imported_at))
    if editor and st.session_state.get(state.K_CONFIRM_DELETE) == info.name:
        st.warning(md(t("delete_ask", lang, name=info.title)))
        yes, no = st.columns(2)
        yes.button(t("delete_yes", lang), key=state.K_DELETE_YES, on_click=_delete, args=(info.name,), type="primary")
        no.button(t("cancel", lang), key=state.K_DELETE_NO, on_click=_ask_delete, args=(None,))


def _close_session_file(name: str, key: str) -> None:
    (st.session_state.get(state.K_SESSION_FILES) or {}).pop(name, None)
    drop_session_file(key)


def _ask_delete(name: str | None) -> None:
    st.session_state[state.K_CONFIRM_DELETE] = name


def _delete(name: str) -> None:
    st.session_state[state.K_CONFIRM_DELETE] = None
    if not auth.is_editor():
        return
    try:
        info = store.delete_dataset(name)
    except (ValueError, ImportError) as exc:  # StoreError included: one line, the fix for a missing driver
        st.session_state[state.K_REPORT] = {"error": describe(exc)}
        return
    st.session_state[state.K_UNDO_NAME] = (info.name, info.title)


def _restore(name: str) -> None:
    st.session_state[state.K_UNDO_NAME] = None
    if not auth.is_editor():
        return
    try:
        trash.restore_dataset(name)
    except (ValueError, ImportError) as exc:  # StoreError included: one line, the fix for a missing driver
        st.session_state[state.K_REPORT] = {"error": describe(exc)}


def _show_undo(lang: str, editor: bool) -> None:
    deleted = st.session_state.get(state.K_UNDO_NAME)
    if editor and deleted:
        st.info(md(t("deleted_undo", lang, name=deleted[1])))
        st.button(t("undo", lang), key=state.K_UNDO, on_click=_restore, args=(deleted[0],))


def _show_trash(lang: str) -> None:
    try:
        entries = trash.list_trash()
    except UNAVAILABLE:  # said once, by show_store_outage
        return
    if not entries:
        return
    with st.expander(t("trash", lang)):
        for entry in entries:
            cols = st.columns([4, 2])
            cols[0].caption(md(f"{entry.info.title} ({entry.info.rows_kept}) · "
                               f"{t('deleted_at', lang, when=entry.deleted_at)}"))
            cols[1].button(t("restore", lang), key=state.restore_key(f"{entry.name}_{entry.deleted_ns}"),
                           on_click=_restore, args=(entry.name,))


def _ask_replace(lang: str) -> None:
    pending = st.session_state.get(state.K_PENDING)
    if not pending:
        return
    old = pending["existing"]
    st.warning(md(plural("replace_ask", old.rows_kept, lang, name=old.title, rows=old.rows_kept, when=old.imported_at)))
    yes, no = st.columns(2)
    yes.button(t("replace", lang), key=state.K_REPLACE_YES, on_click=_replace, args=(lang, True), type="primary")
    no.button(t("cancel", lang), key=state.K_REPLACE_NO, on_click=_replace, args=(lang, False))


def _show_report(lang: str) -> None:
    report = st.session_state.get(state.K_REPORT)
    if not report:
        return
    if "error" in report:
        st.error(md(report["error"]))
        return
    if "official" in report:
        official.show_official_report(report, lang)
        return
    st.success(md(plural("import_done", report["kept"], lang, name=report["name"], kept=report["kept"],
                         rejected=report["rejected"])))
    if report.get("private"):
        st.caption(t("reader_note", lang))
    for notice in report["notices"]:
        st.caption(md(notice))
    if report.get("credit"):
        st.caption(md(f"Credit: {report['credit']}"))
    if report["rejected"]:
        st.caption("\n".join(f"- {md(r)}" for r in report["reasons"]))
        st.download_button(t("download_report", lang), report["report"], f"{report['name']}-rejected.csv",
                           "text/csv", key=state.K_REPORT_DOWNLOAD, on_click="ignore")
