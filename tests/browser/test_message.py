"""One message per map (issue 27), in a real browser: the key in sight with the map, never over the story; the
story's names on the map; on a phone the chapter, its map and Next in the first screen, the key one tap away.

Real server, Debian chromium, at 1440×900, 1920×1080 and 390×844.
"""

from __future__ import annotations

import pytest
from test_access import audit
from test_e2e import MAP_FRAME, AtlasPage

pytestmark = pytest.mark.browser

DESKTOPS = [(1440, 900), (1920, 1080)]
PHONE = (390, 844)
KEY = ".st-key-atlas_legend details"
CHAPTERS = ["salamanca-sunday", "villa-union-2019", "made-in-missouri", "iron-river"]
# The screen positions (in the page) of the chapter's own marks: its highlight rings, drawn on the story's features.
STORY_MARKS_JS = """() => { const out = [], box = map.getContainer().getBoundingClientRect();
  map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.layer === 'highlights' && l.getLatLng && p.part !== 'edge') {
      const pt = map.latLngToContainerPoint(l.getLatLng()); out.push([pt.x, pt.y, l.getRadius()]); } });
  return out; }"""
PLACE_LABELS_JS = """() => [...document.querySelectorAll('.atlas-label-place span, .atlas-label-state span')]
  .filter(s => s.style.visibility !== 'hidden').map(s => s.textContent)"""


@pytest.fixture
def sized(window, offline_server):
    return lambda size: window(offline_server, *size)


def box(app: AtlasPage, selector: str) -> dict:
    found = app.page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not on the page"
    return found


def story_marks(app: AtlasPage) -> list[tuple[float, float, float]]:
    """Page coordinates (x, y, radius) of the chapter's own marks."""
    frame = box(app, MAP_FRAME)
    return [(frame["x"] + x, frame["y"] + y, r) for x, y, r in app.frame.evaluate(STORY_MARKS_JS)]


@pytest.mark.parametrize("size", DESKTOPS, ids=[f"{w}x{h}" for w, h in DESKTOPS])
def test_the_key_is_over_the_map_in_the_first_screen_and_folds(sized, size, screenshots) -> None:
    app = sized(size).open()
    key, frame = box(app, KEY), box(app, MAP_FRAME)
    assert app.page.evaluate(f"() => document.querySelector('{KEY}').open")
    assert key["y"] + key["height"] <= size[1], (key, size)  # wholly in the first screen
    assert frame["x"] <= key["x"] and key["x"] + key["width"] <= frame["x"] + frame["width"]  # over the map
    assert frame["y"] <= key["y"] and key["y"] + key["height"] <= frame["y"] + frame["height"]
    entries = app.page.locator(f"{KEY} .atlas-legend-item").count()
    assert 0 < entries <= 12, entries
    assert "a number: events at one place" in app.page.locator(KEY).inner_text()
    app.page.locator(f"{KEY} summary").click()
    assert not app.page.evaluate(f"() => document.querySelector('{KEY}').open")  # folds with one click
    app.page.screenshot(path=str(screenshots / f"message-default-{size[0]}.png"))


@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.parametrize("size", DESKTOPS, ids=[f"{w}x{h}" for w, h in DESKTOPS])
def test_a_chapter_fits_its_story_in_the_frame_and_the_key_covers_none_of_it(sized, size, chapter,
                                                                                screenshots) -> None:
    app = sized(size).open(f"chapter={chapter}")
    key, frame = box(app, KEY), box(app, MAP_FRAME)
    marks = story_marks(app)
    assert marks, "the chapter highlights nothing"
    for x, y, r in marks:
        assert frame["x"] <= x <= frame["x"] + frame["width"] and frame["y"] <= y <= frame["y"] + frame["height"], \
            (chapter, x, y, frame)
        clear = (x + r < key["x"] or x - r > key["x"] + key["width"] or y + r < key["y"]
                 or y - r > key["y"] + key["height"])
        assert clear, (chapter, (x, y, r), key)
    app.page.screenshot(path=str(screenshots / f"message-{chapter}-{size[0]}.png"))


def test_the_story_s_places_are_named(sized) -> None:
    app = sized(DESKTOPS[0]).open("chapter=made-in-missouri")
    named = " ".join(app.frame.evaluate(PLACE_LABELS_JS))
    assert "Lake City Army Ammunition Plant" in named and "Independence" in named
    app = app.open("chapter=iron-river")
    named = " ".join(app.frame.evaluate(PLACE_LABELS_JS))
    assert all(city in named for city in ("Houston", "Tucson", "Phoenix", "El Paso")), named


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_on_a_phone_the_chapter_its_map_and_next_share_the_first_screen(sized, chapter, screenshots) -> None:
    app = sized(PHONE).open(f"chapter={chapter}")
    frame, next_button = box(app, MAP_FRAME), box(app, ".st-key-chapter_next_top button")
    assert next_button["y"] + next_button["height"] <= PHONE[1], next_button
    assert frame["y"] + frame["height"] <= next_button["y"]  # the map above, whole
    for x, y, _ in story_marks(app):  # the whole story in the phone's frame
        assert frame["x"] <= x <= frame["x"] + frame["width"] and frame["y"] <= y <= frame["y"] + frame["height"]
    # the key: folded right under the map, one tap opens it
    summary = box(app, f"{KEY} summary")
    assert 0 <= summary["y"] - (frame["y"] + frame["height"]) < 60, (summary, frame)
    assert not app.page.evaluate(f"() => document.querySelector('{KEY}').open")
    app.page.locator(f"{KEY} summary").click()
    assert app.page.evaluate(f"() => document.querySelector('{KEY}').open")
    app.page.screenshot(path=str(screenshots / f"message-phone-{chapter}.png"))


def test_one_language_switch_and_one_set_of_skip_links_in_sight(sized) -> None:
    for size in (DESKTOPS[0], PHONE):
        app = sized(size).open()
        assert app.page.locator(".atlas-skip:visible").count() == 1, size
        assert app.page.get_by_text("Deutsch", exact=True).locator("visible=true").count() == 1, size


def test_the_audit_catches_an_unnamed_graphic_and_the_page_has_none(sized) -> None:
    """axe's svg-img-alt: the timeline's year brush raised it on every page while the audit excluded it."""
    app = sized(DESKTOPS[0]).open("lang=es")
    assert not [line for line in audit(app) if line.startswith("svg-img-alt")]
    app.page.evaluate("""() => { const ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg');
        const g = document.createElementNS(ns, 'g'); g.setAttribute('role', 'graphics-symbol'); g.id = 'atlas-unnamed';
        g.appendChild(document.createElementNS(ns, 'rect')); svg.appendChild(g);
        document.querySelector('[data-testid=stMain]').prepend(svg); }""")
    assert any(line.startswith("svg-img-alt (serious)") and "#atlas-unnamed" in line for line in audit(app))


def test_german_numbers_and_a_whole_chart_key(sized) -> None:
    app = sized(DESKTOPS[1]).open("lang=de")
    count = app.page.locator(".atlas-count").inner_text()
    assert "1.565" in count, count
    chart = app.page.locator("[data-testid='stVegaLiteChart'] svg").first
    text = chart.text_content() or ""
    assert "Festnahmen, Gerichte, Überstellungen" in text, text  # the chart's key is never cut
    assert "1,000" not in text
