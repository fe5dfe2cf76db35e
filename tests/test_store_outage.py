"""A store outage degrades the page and the command line, never crashes them (issue 32).

A real PostgreSQL is stopped in the middle of a session: the page draws the atlas's own map with a
notice and finds the datasets again on a later run once the server is back; a missing driver
(psycopg) is a notice on the page and one ``error:`` line naming the fix on the command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "import"
APP = "../dashboard/app.py"


def _page():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.run()  # the first run draws only the map
    return at


def _drawn(at) -> set[str]:
    return {c.key for c in at.checkbox if c.key.startswith("ds_")}


def _warnings(at) -> str:
    return " ".join(w.value for w in at.warning).replace("\\", "")  # as read: without Markdown escapes


@pytest.fixture
def own_server(tmp_path, monkeypatch):
    """A PostgreSQL server of this test alone (the session's shared one must not be stopped)."""
    import pg_cluster

    from dashboard.imports import store_pg

    try:
        cluster = pg_cluster.Cluster().start()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    monkeypatch.setenv("ATLAS_STORE", cluster.url())
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "store"))
    import streamlit as st

    st.cache_resource.clear()  # pages of earlier tests in this process left their stores' reads cached
    st.cache_data.clear()
    yield cluster
    store_pg.close_pools()
    cluster.stop()


def test_the_page_outlives_a_database_stopped_mid_session(own_server):
    from dashboard.imports.store import save_dataset
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    raw = (DATA / "acled_sample.csv").read_bytes()
    save_dataset("acled", parse_upload(raw, "acled_sample.csv", atlas=geodata_atlas()))
    at = _page()
    assert _drawn(at) == {"ds_acled"} and not at.warning
    own_server.pause()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Imported datasets are unavailable right now" in _warnings(at)
    assert _drawn(at) == set() and at.slider(key="years")  # the atlas's own page, filters and all
    own_server.resume()
    for _ in range(8):  # each pooled connection the stop broke fails once (datasets, official tables, choropleth)
        at.run()
        if _drawn(at):
            break
    assert _drawn(at) == {"ds_acled"} and "unavailable" not in _warnings(at)


def test_a_missing_driver_is_a_notice_on_the_page_and_one_line_on_the_command_line(tmp_path, monkeypatch, capsys):
    from dashboard.cli.main import main

    monkeypatch.setenv("ATLAS_STORE", "postgresql://atlas@127.0.0.1:1/atlas")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the postgres extra was never installed
    at = _page()
    assert not at.exception, [e.message for e in at.exception]
    assert "pip install -e '.[postgres]'" in _warnings(at)
    for argv in (["datasets", "list"], ["import", str(DATA / "acled_sample.csv")]):
        assert main(argv) != 0
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: ") and "pip install -e '.[postgres]'" in err[0], err


def test_an_unreachable_database_is_one_line_naming_the_cause_and_the_fix(tmp_path, monkeypatch, capsys):
    from dashboard.cli.main import main

    monkeypatch.setenv("ATLAS_STORE", "postgresql://atlas@127.0.0.1:1/atlas")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "store"))
    assert main(["datasets", "list"]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot open the dataset store" in err[0] and "unset ATLAS_STORE" in err[0], err
