"""Editors and readers in the browser (issue 19): who sees which controls, the sign-ins, undo, private files.

Two servers of their own, each with its own store: one with an editor secret in the environment,
one with no sign-in configured (``serve`` prints a local editor link with a random token).
"""

from __future__ import annotations

import importlib.util
import re
import sys
import time
from pathlib import Path

import pytest
from conftest import environment
from test_e2e import IMPORT_DIR, AtlasPage, upload

pytestmark = pytest.mark.browser


def _browser_conftest():
    """This folder's conftest, as pytest loaded it ("conftest" alone may name the tests/ one)."""
    path = Path(__file__).with_name("conftest.py")
    for module in list(sys.modules.values()):
        if getattr(module, "__file__", None) and Path(module.__file__) == path:
            return module
    spec = importlib.util.spec_from_file_location("browser_conftest", path)
    module = sys.modules["browser_conftest"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


running_server = _browser_conftest().running_server

SECRET = "correct horse battery staple"


def _stored(folder: Path, name: str) -> None:
    from dashboard.imports.store import save_dataset
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    source = IMPORT_DIR / "acled_sample.csv"
    save_dataset(name, parse_upload(source.read_bytes(), source.name, atlas=geodata_atlas()), directory=folder)


@pytest.fixture(scope="module")
def secret_server(server_logs, tmp_path_factory):
    folder = tmp_path_factory.mktemp("roles-store")
    _stored(folder, "Shared events")
    with environment(ATLAS_EDITOR_SECRET=SECRET, ATLAS_DATA_DIR=str(folder), ATLAS_LOCAL_TOKEN=None), \
            running_server(server_logs, "roles-secret", offline=True) as server:
        server.store = folder
        yield server


@pytest.fixture(scope="module")
def local_server(server_logs, tmp_path_factory):
    folder = tmp_path_factory.mktemp("roles-local")
    _stored(folder, "Laptop events")
    with environment(ATLAS_EDITOR_SECRET=None, ATLAS_DATA_DIR=str(folder), ATLAS_LOCAL_TOKEN=None), \
            running_server(server_logs, "roles-local", offline=True) as server:
        yield server


def _sidebar(app: AtlasPage):
    return app.page.get_by_test_id("stSidebar")


def _delete_buttons(app: AtlasPage) -> int:
    return _sidebar(app).get_by_role("button", name="✕").count()


def _open_form(app: AtlasPage) -> None:
    sidebar = _sidebar(app)
    if not sidebar.locator("input[type='file']").count():
        sidebar.get_by_text("Import a file").click()
        sidebar.locator("input[type='file']").wait_for(state="attached")


def test_a_reader_sees_no_store_or_delete_control(context, secret_server) -> None:
    app = AtlasPage(context.new_page(), secret_server, context.traffic).open()
    assert "Shared events (8)" in _sidebar(app).inner_text()
    assert _delete_buttons(app) == 0
    _open_form(app)
    app.wait()
    assert _sidebar(app).get_by_text("Store for everyone").count() == 0
    assert "only in your session" in _sidebar(app).inner_text()
    app.assert_clean_console()


def test_an_editor_signs_in_with_the_secret_deletes_and_undoes(context, secret_server) -> None:
    from dashboard.imports.store import list_datasets

    app = AtlasPage(context.new_page(), secret_server, context.traffic).open()
    sidebar = _sidebar(app)
    sidebar.get_by_text("Editor sign-in").click()
    sidebar.get_by_label("Editor secret").fill("wrong")
    app = app.after(lambda: sidebar.get_by_role("button", name="Sign in", exact=True).click())
    assert "Wrong secret." in sidebar.inner_text() and _delete_buttons(app) == 0
    sidebar.get_by_label("Editor secret").fill(SECRET)
    app = app.after(lambda: sidebar.get_by_role("button", name="Sign in", exact=True).click())
    assert _delete_buttons(app) == 1 and "Signed in as editor" in sidebar.inner_text()
    _open_form(app)
    app.wait()
    assert sidebar.get_by_text("Store for everyone").count() == 1
    app = app.after(lambda: sidebar.get_by_role("button", name="✕").click())
    assert "can be restored for a day" in sidebar.inner_text()
    assert [d.name for d in list_datasets(directory=secret_server.store)] == ["shared-events"]  # not yet
    app = app.after(lambda: sidebar.get_by_role("button", name="Delete", exact=True).click())
    assert list_datasets(directory=secret_server.store) == []
    assert "imported:shared-events" not in app.drawn()
    app = app.after(lambda: sidebar.get_by_role("button", name="Undo").click())
    assert [d.name for d in list_datasets(directory=secret_server.store)] == ["shared-events"]
    assert app.drawn().get("imported:shared-events")
    app = app.after(lambda: sidebar.get_by_role("button", name="Sign out").click())
    assert _delete_buttons(app) == 0
    app.assert_clean_console()


def test_a_readers_file_is_invisible_in_another_session(context, secret_server) -> None:
    from dashboard.imports.store import list_datasets

    mine = upload(AtlasPage(context.new_page(), secret_server, context.traffic).open(),
                  IMPORT_DIR / "acled_sample.csv", "Only mine")
    deadline = time.monotonic() + 30  # under load the import's rerun can land after the first settle
    while not mine.drawn().get("imported:only-mine") and time.monotonic() < deadline:
        mine = mine.wait()
    assert mine.drawn().get("imported:only-mine"), _sidebar(mine).inner_text()
    assert "Only mine (8)" in _sidebar(mine).inner_text()
    other = AtlasPage(context.new_page(), secret_server, context.traffic).open()
    assert "imported:only-mine" not in other.drawn()
    assert "Only mine" not in _sidebar(other).inner_text()
    assert "only-mine" not in {d.name for d in list_datasets(directory=secret_server.store)}
    mine.assert_clean_console()


def test_the_printed_local_link_signs_in(context, local_server) -> None:
    printed = re.search(r"Editor sign-in \(keep it to yourself\): (\S+)", local_server.log.read_text())
    assert printed, local_server.log_tail()
    token = printed.group(1).split("?token=", 1)[1]
    reader = AtlasPage(context.new_page(), local_server, context.traffic).open("token=not-the-token")
    assert "Laptop events (8)" in _sidebar(reader).inner_text() and _delete_buttons(reader) == 0
    editor = AtlasPage(context.new_page(), local_server, context.traffic).open(f"token={token}")
    assert _delete_buttons(editor) == 1
    assert "token" not in editor.params()  # the token leaves the address bar
    assert not editor.page.get_by_text("Ignored").count()
    editor.assert_clean_console()
