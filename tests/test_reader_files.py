"""Readers' own files are bounded and theirs (issue 32): held in the reader's session, counted per
session and per process in bytes, refused with a reason when over budget, never evicting another's."""

from __future__ import annotations

import gc
from pathlib import Path

import pandas as pd
import pytest

from dashboard.imports import reader_files
from dashboard.imports.reader_files import MB, Budget
from tests.upload_form import form_page

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "import" / "acled_sample.csv"


def rows_csv(n: int) -> bytes:
    """``n`` events with coordinates (about 0.35 KB each once held as a frame)."""
    lines = ["lat,lon,date"] + [f"{19 + i % 900 / 100:.2f},{-99 - i % 700 / 100:.2f},2024-01-{1 + i % 28:02d}"
                                for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def test_a_file_is_refused_by_the_budget_it_would_break_first():
    budget = Budget(session=100, process=250)
    assert budget.refusal(40, session_used=50, process_used=200) is None
    assert budget.refusal(60, session_used=50, process_used=0) == "session"
    assert budget.refusal(40, session_used=0, process_used=220) == "process"
    assert Budget.from_env({"ATLAS_READER_SESSION_MB": "3", "ATLAS_READER_PROCESS_MB": "x"}) == Budget(3 * MB)


def test_held_files_count_while_a_session_holds_them_and_not_after():
    before = reader_files.held_bytes()
    frame = pd.DataFrame({"a": range(100_000)})
    session = {}
    held, why = reader_files.hold(frame, [], Budget())
    assert why is None and held.nbytes >= 800_000
    session["key"] = held
    assert reader_files.held_bytes() == before + held.nbytes
    del session, held, frame
    gc.collect()
    assert reader_files.held_bytes() == before  # nothing process-wide kept it


def _reader_page():
    """A page that opens the file the test puts in ``to_open`` as this session's own, and lists what it has."""
    import streamlit as st

    from dashboard.imports.upload import parse_upload
    from dashboard.ui import datasets, state
    from dashboard.ui.cache import get_atlas

    pending = st.session_state.pop("to_open", None)
    if pending:
        name, raw = pending
        datasets.open_in_session(name, name.split(".")[0], parse_upload(raw, name, atlas=get_atlas()))
    report = st.session_state.get(state.K_REPORT)
    if report and "error" in report:
        st.error(report["error"])
    st.session_state["mine"] = sorted(i.name for i in datasets.stored())


@pytest.fixture
def reader(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("ATLAS_STORE", raising=False)

    def open_page():
        at = AppTest.from_function(_reader_page, default_timeout=60)
        at.run()
        return at

    return open_page


def _open(at, name: str, raw: bytes):
    at.session_state["to_open"] = (name, raw)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at.session_state["mine"]


def test_another_readers_many_files_never_remove_mine(reader, monkeypatch):
    monkeypatch.setenv("ATLAS_READER_SESSION_MB", "1000")
    raw = SAMPLE.read_bytes()
    a, b = reader(), reader()
    assert _open(a, "mine.csv", raw) == ["mine"]
    for i in range(70):  # more than the 64 files the old process-wide list held in all
        _open(b, f"b{i}.csv", raw)
    assert len(b.session_state["mine"]) == 70
    a.run()
    assert a.session_state["mine"] == ["mine"]  # still there, still only mine


def test_a_reader_over_the_session_budget_is_told_and_keeps_the_files_they_had(reader, monkeypatch):
    monkeypatch.setenv("ATLAS_READER_SESSION_MB", "1")
    raw = rows_csv(2000)
    at = reader()
    opened = []
    for i in range(6):
        opened = _open(at, f"f{i}.csv", raw)
        if at.error:
            break
    assert at.error and "was not opened" in at.error[0].value and "1 MB a session may hold" in at.error[0].value
    assert 0 < len(opened) < 6


def test_a_full_server_refuses_a_new_file_with_a_reason(reader, monkeypatch):
    monkeypatch.setenv("ATLAS_READER_PROCESS_MB", "1")
    monkeypatch.setenv("ATLAS_READER_SESSION_MB", "1000")
    gc.collect()
    base = reader_files.held_bytes()
    if base:
        monkeypatch.setenv("ATLAS_READER_PROCESS_MB", str(base // MB + 1))
    raw = rows_csv(2000)
    a, b = reader(), reader()
    for i in range(6):
        _open(a, f"a{i}.csv", raw)
        if a.error:
            break
    assert a.error
    assert _open(b, "b.csv", raw) == [] and "the server holds as many readers' files" in b.error[0].value


def test_the_form_shows_only_the_message_of_the_file_just_sent(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "store"))
    at = AppTest.from_function(form_page, default_timeout=60)
    at.session_state["fake_upload"] = ("broken.csv", b"date,lat,lon\nnot a date,x,y\n")
    at.run()
    assert at.session_state["shown_report"]["error"].startswith("broken.csv: no row could be imported")
    at.session_state["fake_upload"] = ("good.csv", SAMPLE.read_bytes())
    at.run()
    report = at.session_state["shown_report"]
    assert "error" not in report and report["name"] == "good" and report["private"]
    at.session_state["fake_upload"] = None  # sent without a file: no message from an earlier one
    at.run()
    assert at.session_state["shown_report"] == {}
