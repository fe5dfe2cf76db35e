"""What a reader sees at a glance: room for the map, all of Mexico, state names, who holds what and the change.

Real server, Debian chromium; the window sizes are the ones the issue names (1440×900, 390×844).
"""

from __future__ import annotations

import pytest
from test_e2e import AtlasPage

from dashboard.map.territories import CHANGE_COLOUR

pytestmark = pytest.mark.browser

MEXICO = ((14.53, -118.37), (32.72, -86.71))  # south-west and north-east corners of the country
TERRITORY_FILLS_JS = """() => {
  const out = {};
  map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.layer === 'territories' && !p.part) out[p.state] = l.options.fillColor;
  });
  return out;
}"""
VISIBLE_LABELS_JS = """(kind) => {
  const box = map.getContainer().getBoundingClientRect();
  return [...document.querySelectorAll('.atlas-label-' + kind + ' span')].filter(s => {
    const r = s.getBoundingClientRect();
    return r.width > 0 && getComputedStyle(s).visibility !== 'hidden'
      && r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
  }).map(s => s.textContent);
}"""


@pytest.fixture
def sized_app(window, offline_server):
    """An AtlasPage in a window of the given size."""
    return lambda width, height: window(offline_server, width, height)


def shows_all_of_mexico(app: AtlasPage) -> bool:
    return app.frame.evaluate("""([sw, ne]) => map.getBounds().contains(L.latLngBounds([sw, ne]))""", list(MEXICO))


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_the_opening_view_shows_all_of_mexico_with_its_state_names(sized_app, width: int, height: int,
                                                                    screenshots) -> None:
    app = sized_app(width, height).open()
    bounds = app.frame.evaluate("() => [map.getSize().x, map.getZoom(), map.getBounds().toBBoxString()]")
    assert shows_all_of_mexico(app), f"at {width}×{height} the opening view cuts off part of Mexico: {bounds}"
    states = app.frame.evaluate(VISIBLE_LABELS_JS, "state")
    assert len(states) >= 8, states
    assert {"Chihuahua", "Chih.", "Oaxaca", "Oax."} & set(states), states
    app.shot(screenshots, f"15-opening-{width}x{height}")


def test_the_iron_river_names_every_city_on_its_routes_on_the_desktop(sized_app, screenshots) -> None:
    """San Antonio among them: its text names it as a leading source city, its route starts there."""
    app = sized_app(1440, 900).open("chapter=iron-river")
    shown = app.frame.evaluate(VISIBLE_LABELS_JS, "place")
    cities = ("Houston", "Tucson", "Phoenix", "El Paso", "San Antonio", "McAllen", "Los Angeles", "Nuevo Laredo",
              "Piedras Negras", "Culiacán", "Hermosillo", "Ciudad Juárez", "Reynosa", "Tijuana")
    assert [c for c in cities if not any(text.startswith(c) for text in shown)] == [], shown
    app.shot(screenshots, "15-iron-river-1440x900")


def test_the_map_takes_most_of_the_window(sized_app) -> None:
    app = sized_app(1440, 900).open()
    box = app.page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
    assert box["height"] >= 0.7 * 900, box
    inner = app.frame.evaluate("() => map.getContainer().getBoundingClientRect().height")
    assert inner >= box["height"] - 2, "the map does not fill its frame"


def test_the_change_view_draws_cjngs_gains_and_losses_2019_to_2025(sized_app, screenshots) -> None:
    app = sized_app(1440, 900).open("cartel=cjng&to=2025&compare=2019")
    fills = app.frame.evaluate(TERRITORY_FILLS_JS)
    assert fills["Zacatecas"] == CHANGE_COLOUR["gained"]
    assert fills["Baja California Sur"] == CHANGE_COLOUR["lost"]
    legend = app.page.locator(".atlas-legend").inner_text()
    assert "2019 → 2025" in legend and "gained ground" in legend and "lost ground" in legend
    assert app.params().get("compare") == ["2019"]
    app.shot(screenshots, "15-change-cjng-2019-2025")
