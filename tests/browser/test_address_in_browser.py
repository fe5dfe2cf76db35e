"""What the page's own scripts do to the address (issue 32): the sign-in token leaves the history, and a
link Streamlit ignores whole (over 1,000 parameters) is reported instead of silently shown as defaults."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import environment, running_server
from test_e2e import AtlasPage

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def laptop_server(server_logs, tmp_path_factory):
    folder = tmp_path_factory.mktemp("address-store")
    with environment(ATLAS_EDITOR_SECRET=None, ATLAS_DATA_DIR=str(folder), ATLAS_LOCAL_TOKEN=None), \
            running_server(server_logs, "address", offline=True) as server:
        yield server


def _history(page) -> list[str]:
    """Every address Back reaches from here, down to the page before the atlas."""
    seen = [page.url]
    for _ in range(10):
        if urlsplit(page.url).scheme not in ("http", "https"):
            break
        page.go_back(wait_until="commit")
        page.wait_for_timeout(300)
        seen.append(page.url)
    return seen


def test_back_never_shows_the_sign_in_token(context, laptop_server) -> None:
    printed = re.search(r"Editor sign-in \(keep it to yourself\): (\S+)", laptop_server.log.read_text())
    assert printed, laptop_server.log_tail()
    token = printed.group(1).split("?token=", 1)[1]
    page = context.new_page()
    page.goto("about:blank")
    editor = AtlasPage(page, laptop_server, context.traffic).open(f"token={token}&lang=de")
    assert "Als Redaktion angemeldet" in editor.page.get_by_test_id("stSidebar").inner_text()
    assert "token" not in editor.params() and editor.params().get("lang") == ["de"]
    history = _history(page)
    assert history[-1] == "about:blank", history  # Back left the atlas …
    assert not [url for url in history if token in url], history  # … and no entry on the way held the token


def test_a_link_streamlit_ignores_whole_is_reported(context, laptop_server) -> None:
    query = "&".join(["cartel=cjng"] * 1001)  # Streamlit reads at most 1,000 parameters
    app = AtlasPage(context.new_page(), laptop_server, context.traffic).open(query)
    deadline = 30
    notice = app.page.get_by_text("Ignored the whole link: it has 1,001 parameters")
    notice.wait_for(timeout=deadline * 1000)
    app = app.wait()
    assert "cartel" not in app.params() and "link_params" not in app.params()  # the address shows what is shown
    app.assert_clean_console()
