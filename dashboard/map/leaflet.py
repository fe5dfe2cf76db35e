"""GeoJSON feature collections -> folium objects: the base map and one layer per kind."""

from __future__ import annotations

import re

import folium
from branca.element import MacroElement
from jinja2 import Template

from dashboard.atlas.framing import KEY_STRIP_PX, MARGIN_PX
from dashboard.config import TileProvider
from dashboard.i18n import t
from dashboard.map import folium_render
from dashboard.map.compose import draw_order
from dashboard.map.folium_render import Rendered
from dashboard.map.leaflet_labels import LABEL_CSS, AtlasLabels
from dashboard.map.symbology import BASEMAP_COLOURS
from dashboard.model import MapView
from dashboard.text import script_json
from dashboard.vocab import imported_dataset


class FullscreenControl(MacroElement):
    """A full-screen button with no plugin download (Fullscreen API, CSS fallback), named in ``lang``.

    The live page builds it in English, so its map stays the same across languages, and
    :class:`MapAccess` renames it in the page's language.
    """

    _template = Template("""
    {% macro script(this, kwargs) %}
    (function(map){
      var Ctl = L.Control.extend({options: {position: 'topleft'}, onAdd: function(){
        var a = L.DomUtil.create('a', 'leaflet-bar atlas-fullscreen');
        a.href = '#'; a.role = 'button'; a.title = {{ this.label | tojson }};
        a.setAttribute('aria-label', {{ this.label | tojson }});
        a.innerHTML = '<svg width="16" height="16" viewBox="0 0 16 16" style="margin-top:7px">'
          + '<path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="#000" stroke-width="2"/></svg>';
        a.style.cssText = 'display:block;width:30px;height:30px;line-height:30px;text-align:center;'
          + 'background:#fff;text-decoration:none;';
        L.DomEvent.on(a, 'click', function(e){
          L.DomEvent.preventDefault(e); L.DomEvent.stopPropagation(e);
          var el = map.getContainer();
          if (document.fullscreenElement) { document.exitFullscreen(); }
          else if (el.requestFullscreen) { el.requestFullscreen().catch(function(){}); }
          setTimeout(function(){ map.invalidateSize(); }, 300);
        });
        return a;
      }});
      new Ctl().addTo(map);
    })({{ this._parent.get_name() }});
    {% endmacro %}
    """)

    def __init__(self, lang: str = "en") -> None:
        super().__init__()
        self._name = "FullscreenControl"
        self.label = t("full_screen", lang)


# streamlit-folium returns a fixed set of fields and none for our own data; the map numbers the
# reader's moves in this one, which only its Draw plugin uses (the atlas has none).
MOVES_FIELD = "last_circle_radius"
NARROW_MAP_PX = 640  # a map narrower than this (a phone) opens the default view one zoom out


class ReaderMoves(MacroElement):
    """The map shows the script's views whole and reports only the moves the reader makes.

    streamlit-folium moves the map with ``map.setView(center, zoom)`` when the script passes a
    new center or zoom, but (1) keeps the reader's zoom when only the center is new, so a
    chapter at the same zoom as the last one opened at whatever zoom the reader had, and
    (2) reports the move back like a pan, which reran the script a second time for a view it
    had asked for itself: about a third of the CPU a chapter change costs, in the browser and
    on the server (``python -m dashboard bench --viewers``). Here the component's own call
    applies both the center and the zoom it was last given, and the report of that move is
    marked as already known. Every other move (drag, zoom buttons, wheel, keys) counts one up in
    ``MOVES_FIELD``, so the script tells a reader's move from the last report repeated, even
    when the reader comes back to exactly the last reported view.

    The script's views are shown at once, without Leaflet's zoom animation: the component has
    already swapped in the new chapter's layers, so the animation showed them over the old view
    for a quarter of a second, and in a browser without GPU compositing its frames cost a fifth
    of the CPU of a chapter change. The reader's own zooming keeps its animation.
    """

    _template = Template("""
    {% macro script(this, kwargs) %}
    (function(map){
      var setView = map.setView, asked = null, home = {{ this.home | tojson }}, fits = {{ this.fits | tojson }};
      function at(c, zoom, v) {
        return zoom === v[2] && Math.abs(c.lat - v[0]) < 1e-6 && Math.abs(c.lng - v[1]) < 1e-6;
      }
      // The opening view shows all of Mexico on a desktop; a phone's narrow map needs one zoom out.
      // A chapter's view holds its whole story (atlas.framing) on a desktop map; a smaller frame zooms
      // out until it does, leaving the key's strip free where the key lies over the map.
      function fitted(center, zoom) {
        var c = L.latLng(center), size = map.getSize(), narrow = size.x < {{ this.narrow_px }};
        if (at(c, zoom, home)) return {center: c, zoom: narrow ? zoom - 1 : zoom};
        var fit = fits.filter(function (v) { return at(c, zoom, v); })[0];
        if (!fit) return {center: c, zoom: zoom};
        var strip = narrow ? 0 : {{ this.strip_px }}, m = {{ this.margin_px }};
        var b = L.latLngBounds([fit[3], fit[4]], [fit[5], fit[6]]);
        var z = Math.min(zoom, map.getBoundsZoom(b, false, L.point(strip + 2 * m, 2 * m)));
        if (z >= zoom && !narrow) return {center: c, zoom: zoom};  // a phone centres the story: no key over it
        var mid = map.project(b.getCenter(), z).subtract(L.point(strip / 2, 0));
        return {center: map.unproject(mid, z), zoom: z};
      }
      map.setView = function(center, zoom) {
        var g = window.__GLOBAL_DATA__;
        // Only the component calls with two arguments, passing the center or zoom it was given;
        // Leaflet's own handlers pass options.
        if (arguments.length === 2 && g && (center === g.last_center || zoom === g.last_zoom)) {
          center = g.last_center || center;
          var wanted = g.last_zoom || zoom, view = fitted(center, wanted);
          // A zoom out to fit a smaller frame is reported like a reader's move, so the server draws
          // the labels and bands for the zoom the reader sees; the script's own views are not.
          asked = view.zoom === wanted ? {center: L.latLng(center), zoom: wanted} : null;
          return setView.call(this, view.center, view.zoom, {animate: false});
        }
        return setView.apply(this, arguments);
      };
      map.on('moveend', function(){
        var g = window.__GLOBAL_DATA__, a = asked;
        asked = null;
        if (!g) return;
        var here = map.getCenter();
        // Leaflet snaps the view to whole pixels: within one pixel is the view asked for.
        if (a && map.getZoom() === a.zoom && map.project(here).distanceTo(map.project(a.center)) <= 1) {
          // The view the script asked for: what the component compares against, so no report.
          if (g.previous_data) g.previous_data = Object.assign({}, g.previous_data, {zoom: a.zoom, center: here});
        } else {
          g.{{ this.field }} = (g.{{ this.field }} || 0) + 1;
        }
      });
      // Leaflet focuses the map on mousedown so its arrow keys work; a plain focus() also scrolls the
      // page around the map's frame when the frame reaches past the window, and the click then lands
      // beside the feature pressed. Focus without scrolling.
      if (map.keyboard && map.keyboard.enabled()) {
        map.keyboard.disable();
        map.keyboard._onMouseDown = function () {
          if (!this._focused) this._map._container.focus({preventScroll: true});
        };
        map.keyboard.enable();
      }
      if (window.__GLOBAL_DATA__) window.__GLOBAL_DATA__.{{ this.field }} = 0;
    })({{ this._parent.get_name() }});
    {% endmacro %}
    """)

    def __init__(self, home: MapView | None = None, fits: list[list[float]] | None = None) -> None:
        super().__init__()
        self._name = "ReaderMoves"
        self.field = MOVES_FIELD
        home = home or MapView()
        self.home = [home.lat, home.lon, home.zoom]
        self.narrow_px = NARROW_MAP_PX
        self.fits = fits or []  # [lat, lon, zoom, south, west, north, east] per chapter (atlas.framing)
        self.strip_px, self.margin_px = KEY_STRIP_PX, MARGIN_PX



def build_base_map(basemap_js: str, provider: TileProvider, view: MapView, lang: str = "en") -> folium.Map:
    """The stable part of the map: tiles (or none), the boundary base map, scale bar, full screen.

    Built fresh every run (st_folium mutates it) but identical for identical
    inputs, so streamlit-folium keeps the same iframe and no flicker occurs.
    """
    folium_render.prepare()  # data is never evaluated as a template (folium_render)
    m = folium.Map(location=[view.lat, view.lon], zoom_start=view.zoom, tiles=None, control_scale=True,
                   min_zoom=2, max_zoom=14, world_copy_jump=True)
    if provider.url:
        folium.TileLayer(provider.url, attr=provider.attribution, name=provider.name, max_zoom=19).add_to(m)
    else:
        m.get_root().header.add_child(Rendered(
            f"<style>.leaflet-container{{background:{BASEMAP_COLOURS['sea']}}}</style>"))
    AtlasGeoJson(basemap_js, "base", interactive=False, tooltips=False).add_to(m)
    m.get_root().header.add_child(Rendered(
        "<style>.atlas-tip{min-width:220px;max-width:300px;white-space:normal;font-size:12.5px}</style>"))
    m.get_root().header.add_child(Rendered(LABEL_CSS))
    # The page sizes the map's frame to the window (ui/map_view.MAP_ROOM_CSS); the map fills its frame.
    m.get_root().header.add_child(Rendered("<style>html,body{margin:0;height:100%;overflow:hidden}"
                                           "#map_div{height:100vh !important}</style>"))
    m.get_root().header.add_child(Rendered(ACCESS_CSS))
    m.add_child(FullscreenControl(lang))
    return m


def to_js_json(data: dict) -> str:
    """JSON safe to place inside a <script> (like Jinja's tojson: no raw <, >, &, ')."""
    if isinstance(data, dict) and "packed_js" in data:  # a packed layer (map.choropleth_layer): script-safe
        return data["packed_js"]
    return script_json(data)


class AtlasGeoJson(MacroElement):
    """One Leaflet GeoJSON layer for a whole kind, from pre-serialised JSON.

    Lighter than ``folium.GeoJson``: styles come from each feature's ``style``
    property (points become circle markers with that style), tooltips from its
    pre-escaped ``tip`` property, and the JSON text is made once and cached, so a
    rerun does no serialising. The fixed id keeps the generated JS identical
    between runs, so streamlit-folium swaps nothing when nothing changed.
    """

    _template = Template("""
    {% macro script(this, kwargs) %}
    var {{ this.get_name() }} = L.geoJson({{ this.data_js }}, {
        interactive: {{ this.interactive | tojson }},
        style: function (f) { return f.properties.style; },
        pointToLayer: function (f, latlng) { return L.circleMarker(latlng, f.properties.style); }
    });
    {%- if this.counts %}
    // Several rows at one point: their number on the mark (the labels layer does this for the atlas's own).
    {{ this.get_name() }}.eachLayer(function (l) {
        var count = l.feature.properties.count;
        if (!count || !l.feature.properties.ids) return;  // hexagons carry a count too, but no ids
        var html = '<span style="transform:translate(-50%,-50%);font-size:12px">' + count + '</span>';
        L.marker(l.getLatLng(), {icon: L.divIcon({className: 'atlas-label atlas-label-count', iconSize: null,
                                                  html: html}),
                                 interactive: false, keyboard: false}).addTo({{ this._parent.get_name() }});
    });
    {%- endif %}
    {%- if this.tooltips %}
    {{ this.get_name() }}.bindTooltip(function (layer) { return layer.feature.properties.tip; },
                                      {sticky: true, className: "atlas-tip"});
    {%- endif %}
    {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
    {% endmacro %}
    """)

    def __init__(self, data_js: str, kind: str, interactive: bool = True, tooltips: bool = True,
                 counts: bool = False) -> None:
        super().__init__()
        self._name = "AtlasGeoJson"
        self._id = kind.replace("-", "_")
        self.data_js = data_js
        self.interactive = interactive
        self.tooltips = tooltips
        self.counts = counts


def feature_groups(layer_json: dict[str, str], lang: str) -> list[folium.FeatureGroup]:
    """FeatureGroups in z-order, one per visible kind, with deterministic names and ids."""
    groups = []
    for kind in draw_order(layer_json):
        data_js = layer_json[kind]
        dataset = imported_dataset(kind)
        fg = folium.FeatureGroup(name=dataset if dataset is not None else t(kind, lang), control=False)
        fg._id = re.sub(r"\W", "_", kind)  # a JavaScript identifier: "imported:my-data" -> "imported_my_data"
        if kind == "labels":
            AtlasLabels(data_js, fg._id).add_to(fg)
        else:
            interactive = kind != "highlights"
            AtlasGeoJson(data_js, fg._id, interactive=interactive, tooltips=interactive,
                         counts=dataset is not None).add_to(fg)
        groups.append(fg)
    return groups


# Keyboard and screen readers (issue 20): a clicked shape keeps no focus box; the map itself shows a
# clear ring when Tab reaches it; the selected feature gets a ring of its own; the description is
# for screen readers only.
ACCESS_CSS = (
    "<style>.leaflet-interactive:focus{outline:none}"
    ".leaflet-container:focus-visible{outline:3px solid #1d4ed8;outline-offset:-3px}"
    # Fixed, not absolute: an absolute element after the full-height map made the frame's page
    # scrollable, and the focus Leaflet gives the map on mousedown scrolled it, so a click missed.
    ".atlas-sr{position:fixed;top:0;left:0;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
    "white-space:nowrap}"
    "</style>")


class MapAccess(MacroElement):
    """The map as one Tab stop with a name and a description, in the page's language.

    Leaflet's keyboard handler on the map container pans with the arrow keys and zooms with +/-;
    nothing inside the map (markers, shapes, zoom buttons, links) takes a Tab stop of its own, now
    or when layers are swapped in later. The scale bar is lifted above the attribution wherever
    the two would overlap (a phone). Lives in a feature group, so a language change updates the
    words without a new map.
    """

    _template = Template("""
    {% macro script(this, kwargs) %}
    (function(map){
      var c = map.getContainer(), words = {{ this.words | tojson }};
      c.setAttribute('role', 'region');
      c.setAttribute('aria-roledescription', words.role);
      c.setAttribute('aria-label', words.name);
      var d = document.getElementById('atlas-map-help');
      if (!d) { d = document.createElement('p'); d.id = 'atlas-map-help'; d.className = 'atlas-sr';
                document.body.appendChild(d); }
      d.textContent = words.help;
      c.setAttribute('aria-describedby', 'atlas-map-help');
      var fs = c.querySelector('.atlas-fullscreen');
      if (fs) { fs.title = words.fullscreen; fs.setAttribute('aria-label', words.fullscreen); }
      if (window.__atlasAccess) { window.__atlasAccess(); return; }
      var queued = false;
      function calm() {
        queued = false;
        c.querySelectorAll('[tabindex], a[href], path.leaflet-interactive').forEach(function(el){
          if (el !== c && el.getAttribute('tabindex') !== '-1') el.setAttribute('tabindex', '-1');
        });
        var a = c.querySelector('.leaflet-control-attribution'), s = c.querySelector('.leaflet-control-scale');
        if (!a || !s) return;
        s.style.marginBottom = '';
        var ra = a.getBoundingClientRect(), rs = s.getBoundingClientRect();
        if (ra.left < rs.right && ra.right > rs.left && ra.top < rs.bottom)
          s.style.marginBottom = (rs.bottom - ra.top + 4 + parseFloat(getComputedStyle(s).marginBottom)) + 'px';
      }
      window.__atlasAccess = function(){ if (!queued) { queued = true; setTimeout(calm, 0); } };
      new MutationObserver(window.__atlasAccess).observe(c, {childList: true, subtree: true});
      map.on('resize', window.__atlasAccess);
      window.__atlasAccess();
    })(window.map || map_div);
    {% endmacro %}
    """)

    def __init__(self, name: str, role: str, help_text: str, fullscreen: str) -> None:
        super().__init__()
        self._name = "MapAccess"
        self._id = "access"
        self.words = {"name": name, "role": role, "help": help_text, "fullscreen": fullscreen}


SELECTED_STYLE = {"radius": 15, "color": "#111111", "weight": 3, "fill": False, "opacity": 1}


def access_group(name: str, role: str, help_text: str, selected: tuple[float, float] | None,
                 fullscreen: str) -> folium.FeatureGroup:
    """The map's words for screen readers (and its full-screen button's), and a ring around the selected point."""
    fg = folium.FeatureGroup(name="access", control=False)
    fg._id = "access"
    MapAccess(name, role, help_text, fullscreen).add_to(fg)
    if selected is not None:
        ring = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [selected[1], selected[0]]},
             "properties": {"style": {**SELECTED_STYLE, "radius": SELECTED_STYLE["radius"] + 2, "color": "#ffffff",
                                      "weight": 6}}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [selected[1], selected[0]]},
             "properties": {"style": SELECTED_STYLE}}]}
        AtlasGeoJson(to_js_json(ring), "selected", interactive=False, tooltips=False).add_to(fg)
    return fg

