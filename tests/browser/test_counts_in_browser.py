"""How many, since when, in the browser: the count in the first screen, the timeline that filters, German.

Real server, Debian chromium at 1440×900.
"""

from __future__ import annotations

import re
import time

import pytest
from test_e2e import AtlasPage

pytestmark = pytest.mark.browser

CHART = "[data-testid='stVegaLiteChart']"


@pytest.fixture
def app(window, offline_server):
    return window(offline_server, 1440, 900)


def count_text(app: AtlasPage) -> str:
    return app.page.locator(".atlas-count").first.inner_text()


def first_screen(app: AtlasPage, selector: str) -> bool:
    box = app.page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 900


@pytest.mark.parametrize(("query", "args"), [
    ("", []), ("cartel=cjng", ["--cartel", "cjng"]), ("from=2019&to=2024", ["--from", "2019", "--to", "2024"]),
])
def test_the_count_in_the_first_screen_equals_the_export(app, export, query: str, args: list[str]) -> None:
    app.open(query)
    assert first_screen(app, ".atlas-count"), "the count is below the fold"
    cartels = tuple(args[1:2]) if args[:1] == ["--cartel"] else ()
    year_from, year_to = (int(args[1]), int(args[3])) if args[:1] == ["--from"] else (None, None)
    rows = export("events", cartels, year_from, year_to)["features"]
    killed = sum(r["properties"]["killed"] or 0 for r in rows)
    text = count_text(app)
    assert re.match(rf"{len(rows)} events in \d{{4}}–\d{{4}} · {killed:,}(–[\d,]+)? killed", text), (text, killed)


def test_a_filter_that_leaves_nothing_says_so(app) -> None:
    app.open("cartel=cjng&from=2019&to=2019&type=massacre")
    assert count_text(app).startswith("0 events")
    notice = app.page.get_by_text("No event matches these filters")
    assert notice.count() == 1 and first_screen(app, "[data-testid='stAlert']")


def test_dragging_across_the_timeline_sets_the_years_and_the_link(app, screenshots) -> None:
    app.open()
    chart = app.page.locator(CHART).first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    y = box["y"] + 70  # inside the events panel, under the title
    x0, x1 = box["x"] + box["width"] * 0.55, box["x"] + box["width"] * 0.80

    def drag() -> None:
        app.page.mouse.move(x0, y)
        app.page.mouse.down()
        app.page.mouse.move((x0 + x1) / 2, y, steps=4)
        app.page.mouse.move(x1, y, steps=4)
        app.page.mouse.up()

    app.after(drag)
    for _ in range(20):  # the URL follows the rerun the selection started
        if "from" in app.params():
            break
        time.sleep(0.5)
    params = app.params()
    year_from, year_to = int(params["from"][0]), int(params["to"][0])
    assert 2006 < year_from < year_to < 2026, params
    assert f"{year_from}–{year_to}" in count_text(app)
    app.shot(screenshots, "16-timeline-span")


def test_german_shows_no_english_cartel_name_raw_type_or_streamlit_placeholder(app) -> None:
    app.open("lang=de&from=2019")
    text = app.page.locator("[data-testid='stApp']").inner_text()
    for english in ("Jalisco New Generation Cartel", "Sinaloa Cartel", "Gulf Cartel", "Choose an option",
                    "armed-conflict", "military-operation", "Events and deaths per year"):
        assert english not in text, english
    assert "CJNG" in text and "Ereignisse und Tote pro Jahr" in text  # the key names cartels by their short names
