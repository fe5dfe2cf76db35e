"""The standalone HTML, opened from disk in Chromium: the chapter's text is there, the title box and the
legend fold away and never lie over the chapter's focus, on a laptop and on a phone, with no network."""

from __future__ import annotations

import pytest

FOCUS_JS = """() => {
  const maps = Object.values(window).filter(v => v instanceof L.Map);
  if (maps.length !== 1) return null;
  const map = maps[0], box = map.getContainer().getBoundingClientRect(), out = [];
  map.eachLayer(l => {   // the chapter's highlighted events and places, as drawn (ring and all)
    if (l.feature && l.feature.properties.layer === 'highlights' && l.getRadius) {
      const p = map.latLngToContainerPoint(l.getLatLng()), r = l.getRadius() + (l.options.weight || 0);
      out.push({l: box.left + p.x - r, t: box.top + p.y - r, r: box.left + p.x + r, b: box.top + p.y + r});
    }
  });
  return out;
}"""

BOXES_JS = """() => ['#atlas-caption', '#atlas-legend'].map(sel => {
  const b = document.querySelector(sel).getBoundingClientRect();
  return {sel: sel, l: b.left, t: b.top, r: b.right, b: b.bottom};
})"""


@pytest.fixture(scope="module")
def chapter_html(tmp_path_factory) -> str:
    from dashboard.atlas.data import load_atlas
    from dashboard.config import TILE_PROVIDERS
    from dashboard.share.html import render_html
    from dashboard.share.link import Snapshot

    atlas = load_atlas()
    chapter = atlas.chapter("salamanca-sunday")
    path = tmp_path_factory.mktemp("html") / "salamanca.html"
    path.write_text(render_html(atlas, Snapshot(chapter.selection, chapter.id), TILE_PROVIDERS["none"]),
                    encoding="utf-8")
    return path.as_uri()


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_title_and_legend_never_cover_the_chapters_focus(context, chapter_html, screenshots, width, height) -> None:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    try:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(chapter_html)
        page.wait_for_function(f"() => {{ const f = ({FOCUS_JS})(); return f && f.length > 0; }}", timeout=30000)
        page.wait_for_timeout(300)   # the fit into the free room runs on load
        text = page.inner_text("body")
        assert "A Sunday match in Salamanca" in text
        assert "Loma de Flores" in page.content()   # the chapter's text, folded on a phone
        assert page.locator("#atlas-caption").is_visible() and page.locator("#atlas-legend").is_visible()
        focus, boxes = page.evaluate(FOCUS_JS), page.evaluate(BOXES_JS)
        assert len(focus) >= 5, "the chapter's events and places are not all drawn"
        inside = [f for f in focus if f["l"] >= 0 and f["t"] >= 0 and f["r"] <= width and f["b"] <= height]
        assert inside == focus, "part of the chapter's focus lies outside the window"
        for f in focus:
            for b in boxes:
                apart = f["r"] <= b["l"] or f["l"] >= b["r"] or f["b"] <= b["t"] or f["t"] >= b["b"]
                assert apart, f"{b['sel']} covers the chapter's focus at {width}x{height}"
        label = page.evaluate("() => Object.values(window).find(v => v instanceof L.Map)"
                              ".getContainer().getAttribute('aria-label')")
        assert label.startswith("Map: A Sunday match in Salamanca")
        page.locator("#atlas-legend > summary").click()   # the legend folds away, and opens again
        assert page.evaluate("() => document.querySelector('#atlas-legend').open") is (width <= 700)
        page.screenshot(path=str(screenshots / f"17-snapshot-html-{width}x{height}.png"))
        assert context.traffic.blocked == [], f"the file asked the network for {context.traffic.blocked}"
        assert not errors, errors
    finally:
        page.close()


POINTS_JS = """(points) => {
  const map = Object.values(window).find(v => v instanceof L.Map), box = map.getContainer().getBoundingClientRect();
  return points.map(p => { const q = map.latLngToContainerPoint(p); return {x: box.left + q.x, y: box.top + q.y}; });
}"""


@pytest.mark.parametrize("view", ["default", "iron-river"])
@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_the_boxes_never_cover_mexico_or_the_flows_origins(context, tmp_path, view, width, height) -> None:
    from dashboard.atlas.data import load_atlas
    from dashboard.config import TILE_PROVIDERS
    from dashboard.share.html import focus_points, render_html
    from dashboard.share.link import Snapshot

    atlas = load_atlas()
    chapter = atlas.chapter(view)
    snap = Snapshot(chapter.selection, chapter.id) if chapter else Snapshot()
    path = tmp_path / f"{view}.html"
    path.write_text(render_html(atlas, snap, TILE_PROVIDERS["none"]), encoding="utf-8")
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => Object.values(window).some(v => v instanceof L.Map)", timeout=30000)
        page.wait_for_timeout(400)   # the fit into the free room runs on load
        west, south, east, north = atlas.states[atlas.states["country"] == "MX"].total_bounds
        focus = focus_points(atlas, snap) if chapter else [[south, west], [north, east], [south, east], [north, west]]
        points, boxes = page.evaluate(POINTS_JS, focus), page.evaluate(BOXES_JS)
        for p in points:   # Mexico's corners, or the chapter's features and the flows' origins (Lake City, US cities)
            assert 0 <= p["x"] <= width and 0 <= p["y"] <= height, f"{p} lies outside the window"
            for b in boxes:
                assert not (b["l"] < p["x"] < b["r"] and b["t"] < p["y"] < b["b"]), f"{b['sel']} covers {p}"
    finally:
        page.close()
