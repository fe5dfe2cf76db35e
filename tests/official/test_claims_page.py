"""The story's figures under their chapter, in the reader's language, with what was compared."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.official.recognise import read_official
from dashboard.official.store import save_table
from dashboard.text import number_text

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
DATA = Path(__file__).resolve().parent.parent / "data" / "official"


def test_numbers_are_written_in_the_readers_language():
    assert number_text(1400, "de") == "1.400" and number_text(1400, "en") == "1,400"
    assert number_text(-16.14, "de", 1) == "-16,1" and number_text(1234.56, "es", 1) == "1,234.6"
    assert number_text(float("nan"), "de", 1) == "–" and number_text(2.5, "en") == "2.5"


def _page(query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in (part.split("=") for part in query.split("&")):
        at.query_params[key] = value
    at.run()
    at.run()  # the second run draws the side panel (map first)
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_chapter_shows_its_claims_checked_against_a_stored_table(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ATLAS_STORE", raising=False)
    name = "victimas_timeseries.csv"
    save_table("victims", read_official((DATA / name).read_bytes(), name), source="SESNSP")
    at = _page("chapter=harfuch-numbers&lang=de")
    text = " ".join(m.value for m in [*at.markdown, *at.caption]).replace("\\", "")  # Markdown escapes
    assert "Zahlen der Geschichte im Abgleich mit amtlichen Tabellen" in text
    assert "Jan. 2025 gegenüber Jan. 2024" in text and "Tabelle „victims“" in text
    assert "Diese Tabelle stützt die Aussage nicht." in text  # homicides: 0 % in the fixture, not −20 %


def test_without_tables_a_claim_says_which_table_would_check_it(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ATLAS_STORE", raising=False)
    at = _page("chapter=harfuch-numbers")
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "No stored table covers this. It would take: SESNSP victims or case files" in captions
