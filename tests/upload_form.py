"""The import form's callback as an AppTest page, for the tests that send files through it."""

from __future__ import annotations


def form_page():
    """The import form's callback with the file the test puts in ``fake_upload`` (AppTest has no uploader);
    ``None`` there is a send without a file. What the form reports is copied to ``shown_report``."""
    import streamlit as st

    from dashboard.ui import datasets, state

    class Upload:
        def __init__(self, name: str, raw: bytes) -> None:
            self.name, self._raw = name, raw

        def getvalue(self) -> bytes:
            return self._raw

    if "fake_upload" in st.session_state:
        sent = st.session_state.pop("fake_upload")
        st.session_state[state.K_UPLOAD_FILE] = Upload(*sent) if sent else None
        datasets._import_upload("en")
    st.session_state["shown_report"] = dict(st.session_state.get(state.K_REPORT) or {})
