"""A count table uploaded on the page: an editor stores it as an official table, a reader is told who can;
neither ever stores it as events."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.upload_form import form_page

DATA = Path(__file__).resolve().parent.parent / "data" / "official"


def _upload(tmp_path, monkeypatch, editor: bool) -> dict:
    from dashboard.ui import auth

    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("ATLAS_STORE", raising=False)
    monkeypatch.setattr(auth, "is_editor", lambda: editor)
    monkeypatch.setattr(auth, "editor_identity", lambda: "test-editor")
    at = AppTest.from_function(form_page, default_timeout=60)
    at.session_state["fake_upload"] = ("sesnsp_estatal.csv", (DATA / "sesnsp_estatal.csv").read_bytes())
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at.session_state["shown_report"]


def test_an_editors_count_table_is_stored_as_an_official_table(tmp_path, monkeypatch):
    from dashboard.imports import store as events
    from dashboard.official import store

    report = _upload(tmp_path, monkeypatch, editor=True)
    assert report["official"] == "sesnsp-estatal" and "SESNSP case files" in report["layout"]
    assert [(t.name, t.kind, t.editor) for t in store.list_tables()] == [("sesnsp-estatal", "counts", "test-editor")]
    assert events.list_datasets() == []  # never stored as events


def test_a_reader_is_told_only_an_editor_stores_a_count_table(tmp_path, monkeypatch):
    from dashboard.official import store

    report = _upload(tmp_path, monkeypatch, editor=False)
    assert "not a list of events" in report["error"] and "an editor stores it" in report["error"]
    assert store.list_tables() == []
