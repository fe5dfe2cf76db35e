"""Several serve processes behind nginx (``python -m dashboard cluster``), in Debian chromium.

One cluster of two offline processes for the whole module, with a data directory of its own.
A browser is pinned to a process by giving it an ``atlas_route`` cookie that nginx hashes to that
process (found by asking nginx, as a browser would). Which process answered is read from the
``X-Atlas-Upstream`` response header and, for the websocket, from nginx's access log.
The test that kills a process comes last: the module's cluster has one process after it.
"""

from __future__ import annotations

import os
import signal
import time
import urllib.request

import pytest
from conftest import environment
from test_e2e import APP_IDLE, AtlasPage, upload

# Toasts leave after a few seconds: record every toast's text as it appears.
TOAST_WATCH = """() => { window.__atlasToasts = [];
  new MutationObserver(() => document.querySelectorAll('[data-testid="stToast"]').forEach(
    el => window.__atlasToasts.push(el.innerText))).observe(document.body, {childList: true, subtree: true}); }"""

pytestmark = pytest.mark.browser

ROUTE_COOKIE = "atlas_route"
NEWSROOM_CSV = """id,date,latitude,longitude,killed,place
nr-1,2024-02-03,25.6866,-100.3161,2,Monterrey
nr-2,2024-05-17,20.6597,-103.3496,1,Guadalajara
nr-3,2023-11-09,19.4326,-99.1332,3,Ciudad de México
"""
# Every connection state the page went through, sampled in the page (a reconnect can be brief).
RECORD_STATES = """window.__atlasStates = [];
setInterval(() => {
  const app = document.querySelector("[data-testid='stApp']");
  const widget = document.querySelector("[data-testid='stStatusWidget']");
  const seen = (app ? app.getAttribute('data-test-connection-state') : '') + '|' + (widget ? widget.innerText : '');
  if (window.__atlasStates[window.__atlasStates.length - 1] !== seen) window.__atlasStates.push(seen);
}, 20);"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    from dashboard.server.cluster import free_port, running_cluster

    store, run_dir = tmp_path_factory.mktemp("cluster-store"), tmp_path_factory.mktemp("cluster-run")
    # the cluster's one local link signs editors in: no secret, no fixed token
    with environment(ATLAS_DATA_DIR=str(store), ATLAS_EDITOR_SECRET=None, ATLAS_LOCAL_TOKEN=None), \
            running_cluster(processes=2, port=free_port(), offline=True, run_dir=run_dir) as running:
        yield running


def answered_by(header: str) -> str:
    """The process that answered: ``$upstream_addr`` lists every one tried, the last answered."""
    return header.split(",")[-1].strip()


def route_to(cluster, number: int) -> str:
    """A cookie value that nginx sends to process ``number``."""
    for i in range(200):
        request = urllib.request.Request(cluster.url + "_stcore/health", headers={"Cookie": f"{ROUTE_COOKIE}=r{i}"})
        with urllib.request.urlopen(request, timeout=10) as resp:
            if answered_by(resp.headers["X-Atlas-Upstream"]) == cluster.upstream(number):
                return f"r{i}"
    raise AssertionError(f"no route reaches process {number}")


def pinned_page(browser, cluster, number: int | None) -> tuple[AtlasPage, list[str]]:
    """A page in a fresh browser context (sent to process ``number``, or where nginx puts it).

    Returns the page and the list that collects the answering process of every response from nginx.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="en-GB")
    context.add_init_script(RECORD_STATES)
    if number is not None:
        context.add_cookies([{"name": ROUTE_COOKIE, "value": route_to(cluster, number), "url": cluster.url}])
    page = context.new_page()
    upstreams: list[str] = []
    page.on("response", lambda r: upstreams.append(answered_by(r.headers["x-atlas-upstream"]))
            if "x-atlas-upstream" in r.headers else None)
    return AtlasPage(page, cluster, None), upstreams


def route_of(app: AtlasPage) -> str:
    return next(c["value"] for c in app.page.context.cookies() if c["name"] == ROUTE_COOKIE)


def logged_upstreams(cluster, route: str) -> dict[str, set[str]]:
    """From nginx's access log: request path -> processes that answered it, for one route."""
    found: dict[str, set[str]] = {}
    for line in cluster.access_log().splitlines():
        if f"route={route} " in line:
            upstream = line.split(" upstream=", 1)[1].split(" status=", 1)[0]
            found.setdefault(line.rsplit(" ", 1)[1].rstrip('"'), set()).add(answered_by(upstream))
    return found


def next_chapter(app: AtlasPage) -> AtlasPage:
    return app.after(lambda: app.sidebar.get_by_role("button", name="Next ▶").click())


def test_a_viewer_stays_on_one_process_through_filters_and_chapters(browser, cluster) -> None:
    app, upstreams = pinned_page(browser, cluster, None)  # nginx chooses, and sets the cookie
    app.open()
    route = route_of(app)
    app.toggle_layer("Events")
    app.open("cartel=cdn&from=2019&to=2021")
    for _ in range(3):
        app = next_chapter(app)
    assert "chapter" in app.params(), app.page.url
    app.assert_clean_console()
    assert len(upstreams) > 10 and len(set(upstreams)) == 1, set(upstreams)
    app.page.context.close()  # the websocket closes, and nginx logs it
    time.sleep(0.5)
    logged = logged_upstreams(cluster, route)
    assert "/_stcore/stream" in logged, sorted(logged)
    assert set().union(*logged.values()) == set(upstreams), logged


def test_an_upload_through_the_balancer_is_listed_by_the_other_process(browser, cluster, tmp_path) -> None:
    from dashboard.imports.store import list_datasets

    reader, reader_upstreams = pinned_page(browser, cluster, 1)
    reader.open("cartel=sinaloa")
    assert "Newsroom desk" not in reader.sidebar.inner_text()
    editor, editor_upstreams = pinned_page(browser, cluster, 0)
    editor.open(cluster.editor_link.split("?", 1)[1])
    source = tmp_path / "newsroom.csv"
    source.write_text(NEWSROOM_CSV, encoding="utf-8")
    editor = upload(editor, source, "Newsroom desk")
    assert "3 rows kept, 0 rejected" in editor.sidebar.inner_text()
    assert [d.name for d in list_datasets(directory=cluster.data_dir)] == ["newsroom-desk"]
    # The reader's next change of view runs the page again on the other process, which lists it.
    reader = reader.after(lambda: reader.sidebar.get_by_role("button", name="Next ▶").click())
    assert "Newsroom desk (3)" in reader.sidebar.inner_text()
    assert set(editor_upstreams) == {cluster.upstream(0)} and set(reader_upstreams) == {cluster.upstream(1)}
    for app in (editor, reader):
        app.assert_clean_console()
        app.page.context.close()


def states(app: AtlasPage) -> list[str]:
    return app.page.evaluate("() => window.__atlasStates")


def test_killing_a_process_reconnects_its_viewers_and_spares_the_others(browser, cluster) -> None:
    doomed, doomed_upstreams = pinned_page(browser, cluster, 0)
    filtering, _ = pinned_page(browser, cluster, 0)  # its first change after the move is a filter
    spared, spared_upstreams = pinned_page(browser, cluster, 1)
    doomed.open("chapter=villa-union-2019")
    filtering.open("from=2025&chapter=pressure-from-the-north")
    spared.open("cartel=cdn&from=2019&to=2019")
    doomed_view = (doomed.params(), doomed.drawn(), doomed.view())
    for app in (doomed, spared):
        app.page.evaluate("() => { window.__atlasStates = []; }")
    os.kill(cluster.processes[0].pid, signal.SIGKILL)  # serve becomes Streamlit: this is the server
    cluster.processes[0].wait(timeout=10)
    # The page notices, says it is connecting, and comes back through nginx on the live process.
    for app in (doomed, filtering):
        app.page.wait_for_function("() => window.__atlasStates.some(s => !s.startsWith('CONNECTED'))",
                                   timeout=30_000)
        app.page.wait_for_selector(APP_IDLE, timeout=60_000)
    doomed = doomed.wait()
    # A filter as the first change on the live process: the new session takes the browser's widgets (the
    # year slider a pair, not one year) and draws the choice.
    box = filtering.sidebar.get_by_role("combobox", name="Cartels")
    box.click()
    filtering = filtering.after(lambda: (box.press_sequentially("Gulf"), box.press("Enter")))
    assert not filtering.page.get_by_test_id("stException").count()
    assert "Gulf Cartel" in filtering.page.get_by_test_id("stMain").inner_text()
    filtering.page.context.close()
    # Streamlit's status widget said so (its text is upper-cased by the page's style).
    assert any(s.split("|", 1)[1].lower() == "connecting" for s in states(doomed)), states(doomed)
    assert (doomed.params(), doomed.drawn(), doomed.view()) == doomed_view
    assert doomed_upstreams[-1] == cluster.upstream(1)
    assert not doomed.page.get_by_test_id("stException").count()
    # The other page never left its process, and a change of view still works there.
    spared = next_chapter(spared)
    assert all(s.startswith("CONNECTED") for s in states(spared)), states(spared)
    assert set(spared_upstreams) == {cluster.upstream(1)}
    spared.assert_clean_console()
    # The reader goes on from where they were, on the live process: the first click counts (the new
    # session takes the browser's widgets and replays a chapter step), and a toast says what happened.
    doomed.page.evaluate(TOAST_WATCH)
    before = doomed.drawn()
    doomed = next_chapter(doomed)
    assert doomed.drawn() != before and doomed_upstreams[-1] == cluster.upstream(1)
    doomed.page.wait_for_function("() => window.__atlasToasts.some(t => t.includes('connection to the server "
                                  "was renewed'))", timeout=10_000)
    for app in (doomed, spared):
        app.page.context.close()
