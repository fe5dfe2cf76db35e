"""The atlas in Spanish, in a real browser: ``?lang=es``, a chapter, and the switch by the title on a phone.

"English" is what tests/test_i18n_es.py measures: an English interface string (one that differs
from its Spanish text) shown as a whole phrase. Streamlit's own widget texts are not ours to
translate and are not interface strings, so they do not count.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_e2e import AtlasPage
from test_i18n_es import english_in

from dashboard.atlas.data import load_atlas

pytestmark = pytest.mark.browser

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
SIZES = [(1440, 900), (390, 844)]


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(GEODATA)


@pytest.fixture
def sized_app(window, offline_server):
    return lambda width, height: window(offline_server, width, height, locale="es-MX")


def visible_text(app: AtlasPage) -> str:
    """The page's visible text: the main area, and the sidebar where it is open."""
    return app.page.locator("body").inner_text()


def legend_text(app: AtlasPage) -> str:
    """The key's title and entries; on a phone the key is folded under the map, so its text is read whole."""
    return app.page.locator(".atlas-legend-box").first.text_content() or ""


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_spanish_page_and_a_chapter_show_no_english(sized_app, atlas, screenshots, width: int,
                                                         height: int) -> None:
    app = sized_app(width, height).open("lang=es")
    text = visible_text(app)
    assert "Atlas Frontera" in text and "Simbología" in legend_text(app)
    assert not english_in(text, atlas), english_in(text, atlas)
    assert not app.errors, app.errors
    app.shot(screenshots, f"20-es-default-{width}x{height}")

    app.open("lang=es&chapter=villa-union-2019")
    text = visible_text(app)
    assert "Villa Unión, 30 de noviembre de 2019" in text
    assert atlas.chapter("villa-union-2019").body("es")[:40] in text
    assert not english_in(text, atlas), english_in(text, atlas)
    tip = app.hover_tooltip(28.2223, -100.7262)  # Villa Unión
    assert not english_in(tip, atlas), (tip, english_in(tip, atlas))
    app.shot(screenshots, f"20-es-chapter-{width}x{height}")


def test_on_a_phone_the_switch_by_the_title_changes_the_language(sized_app, atlas, screenshots) -> None:
    app = sized_app(390, 844).open("lang=es")
    sidebar = app.page.get_by_test_id("stSidebar")
    assert not sidebar.is_visible() or sidebar.bounding_box()["x"] < 0, "the sidebar should start closed on a phone"
    switch = app.page.locator(".st-key-lang_switch")
    assert switch.is_visible()
    box = switch.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"the switch does not fit the phone: {box}"
    app.shot(screenshots, "20-es-switch-390x844")

    app.after(lambda: switch.get_by_text("Deutsch", exact=True).click())
    assert app.page.url.endswith("lang=de") or "lang=de" in app.page.url
    assert "Legende" in legend_text(app) and "Frontera-Atlas" in visible_text(app)

    app.after(lambda: switch.get_by_text("Español", exact=True).click())
    assert "lang=es" in app.page.url
    text = visible_text(app)
    assert "Simbología" in legend_text(app) and not english_in(text, atlas), english_in(text, atlas)
    app.shot(screenshots, "20-es-switched-back-390x844")


def test_a_mangled_links_notice_and_the_maps_buttons_are_in_spanish(sized_app, atlas) -> None:
    """Notices travel as a key and parameters (issue 25): a Spanish reader's warning is written in Spanish."""
    app = sized_app(390, 844).open("lang=es&from=abc&utm=x&zoom=7")
    warning = app.page.get_by_test_id("stAlert").first.inner_text()
    assert "Se ignoró from='abc': se esperaba un número de 1989 a 2026." in warning, warning
    assert "parámetro desconocido" in warning and "Ignored" not in warning, warning
    button = app.frame.locator(".atlas-fullscreen")
    assert button.get_attribute("aria-label") == "Pantalla completa" == button.get_attribute("title")
    app.after(lambda: app.page.locator(".st-key-lang_switch").get_by_text("Deutsch", exact=True).click())
    assert app.frame.locator(".atlas-fullscreen").get_attribute("aria-label") == "Vollbild"
    assert "Nicht übernommen: from='abc'" in app.page.get_by_test_id("stAlert").first.inner_text()
