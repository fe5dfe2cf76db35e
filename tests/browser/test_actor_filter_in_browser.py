"""The filter by the actors of imported data, in Debian chromium: a reader opens a file, picks an actor by typing,
and the count over the map and the link follow; an actor name that is markup stays text.

Real offline server; the file is written here and opened as a reader's own (never stored).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_e2e import NEXT_FRAMES, AtlasPage, upload

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)> ${x} `tick`"
CSV = ("date,lat,lon,actor1,actor2,killed\n"
       "2012-03-01,17.55,-99.50,Los Ardillos,Civilians (Mexico),2\n"
       "2013-05-02,17.56,-99.51,Los Ardillos,Los Rojos,1\n"
       "2014-07-03,17.57,-99.52,Cartel Independiente de Acapulco,,4\n"
       f"2016-02-05,17.58,-99.53,\"{HOSTILE}\",Los Ardillos,0\n"
       "2018-06-07,17.59,-99.54,Los Tlacos,,3\n")


@pytest.fixture
def app(window, offline_server):
    return window(offline_server, 1440, 900)


def imported_events(app: AtlasPage) -> int:
    text = app.page.locator(".atlas-count").first.inner_text()
    found = re.search(r"guerrero: (\d+) events?", text)
    assert found, text
    return int(found.group(1))


def test_picking_an_actor_narrows_the_count_and_the_link(app: AtlasPage, tmp_path: Path, screenshots) -> None:
    source = tmp_path / "guerrero.csv"
    source.write_text(CSV, encoding="utf-8")
    upload(app.open("from=2006"), source, "guerrero")
    assert imported_events(app) == 5
    box = app.sidebar.get_by_role("combobox", name=re.compile("Actors in imported data"))
    box.wait_for()

    box.click()
    box.press("ArrowDown")  # the list opens: most frequent first, each with its count, markup as plain text
    options = app.page.get_by_role("option").all_inner_texts()
    assert options[0] == "Los Ardillos (3)" and f"{HOSTILE} (1)" in options and len(options) == 6, options
    app.page.keyboard.press("Escape")

    def pick() -> None:
        box.click()
        box.press_sequentially("ardil")  # typing searches the list
        option = app.page.get_by_role("option", name="Los Ardillos (3)", exact=True)
        option.scroll_into_view_if_needed()
        app.page.evaluate(NEXT_FRAMES)
        option.click()
        app.page.keyboard.press("Escape")

    app.after(pick)
    assert imported_events(app) == 3
    assert app.params().get("actor") == ["Los Ardillos"]
    assert app.drawn().get("imported:guerrero") and len(app.drawn()["imported:guerrero"]) == 3
    app.shot(screenshots, "18-actor-filter")

    # hiding the dataset changes the options' counts; the choice stays, and applies again when it is back
    shown = app.sidebar.locator(".st-key-ds_guerrero label")
    app.after(lambda: shown.click())
    assert "guerrero:" not in app.page.locator(".atlas-count").first.inner_text()
    assert app.params().get("actor") == ["Los Ardillos"]
    app.after(lambda: shown.click())
    assert imported_events(app) == 3 and app.params().get("actor") == ["Los Ardillos"]
    assert app.dialogs == [] and app.page.evaluate("() => document.querySelector('img[src=\"x\"]')") is None
    app.assert_clean_console()
