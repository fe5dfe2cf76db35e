"""The labels layer on the live map: text set where map.labels placed it, kept inside the map's frame."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from dashboard.map.labels import LABEL_HALO, LABEL_INK


class AtlasLabels(MacroElement):
    """Text labels (map.labels) as Leaflet markers that take no click, no hover and no Tab stop.

    Each label's text is escaped in Python; its side of the point and offset come with it, so
    the map sets it where the placement found room.
    """

    _template = Template("""
    {% macro script(this, kwargs) %}
    var {{ this.get_name() }} = L.geoJson({{ this.data_js }}, {
        interactive: false,
        pointToLayer: function (f, latlng) {
            var p = f.properties, shift = {center: 'translate(-50%,-50%)',
                right: 'translate(' + p.offset + 'px,-50%)', left: 'translate(calc(-100% - ' + p.offset + 'px),-50%)',
                above: 'translate(-50%,calc(-100% - ' + p.offset + 'px))', below: 'translate(-50%,' + p.offset + 'px)'};
            var html = '<span style="transform:' + shift[p.side] + ';font-size:' + p.size + 'px">' + p.text + '</span>';
            return L.marker(latlng, {icon: L.divIcon({className: 'atlas-label atlas-label-' + p.kind, html: html,
                                                      iconSize: null}),
                                     interactive: false, keyboard: false});
        }
    });
    // Never cut at the frame: the server places labels for the view's zoom, not knowing this window's frame.
    // A label reaching past the map's edge moves back inside, unless it would then cover another: then it hides.
    (function (layer) {
      var map = null;
      function keepInside() {
        if (!map) return;
        var box = map.getContainer().getBoundingClientRect(), spans = [];
        layer.eachLayer(function (m) { var el = m.getElement && m.getElement(); if (el && el.firstChild) {
          var s = el.firstChild; s.style.marginLeft = s.style.marginTop = '0px'; s.style.visibility = '';
          spans.push(s); } });
        var rects = spans.map(function (s) { return s.getBoundingClientRect(); });
        spans.forEach(function (s, i) {
          var r = rects[i], dx = 0, dy = 0;
          if (r.right > box.right - 4) dx = box.right - 4 - r.right;
          if (r.left + dx < box.left + 4) dx = box.left + 4 - r.left;
          if (r.bottom > box.bottom - 18) dy = box.bottom - 18 - r.bottom;
          if (r.top + dy < box.top + 4) dy = box.top + 4 - r.top;
          if (!dx && !dy) return;
          // Only a place's name moves (the story's names); a state's or a town's past the edge just hides.
          var moved = {left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy};
          var covers = rects.some(function (o, j) { return j !== i && o.left < moved.right && o.right > moved.left
                                                    && o.top < moved.bottom && o.bottom > moved.top; });
          var at = s.parentNode.getBoundingClientRect(), away = at.left < box.left || at.left > box.right
            || at.top < box.top || at.top > box.bottom;  // its point is out of the frame: a moved name would lie
          if (covers || away || !s.parentNode.classList.contains('atlas-label-place')) {
            s.style.visibility = 'hidden'; rects[i] = {left: 0, right: 0, top: 0, bottom: 0}; return;
          }
          s.style.marginLeft = dx + 'px'; s.style.marginTop = dy + 'px'; rects[i] = moved;
        });
      }
      layer.on('add', function () { map = layer._map; map.on('moveend zoomend resize', keepInside);
                                    setTimeout(keepInside, 0); });
      layer.on('remove', function () { if (map) map.off('moveend zoomend resize', keepInside); map = null; });
    })({{ this.get_name() }});
    {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
    {% endmacro %}
    """)

    def __init__(self, data_js: str, kind: str) -> None:
        super().__init__()
        self._name = "AtlasLabels"
        self._id = kind
        self.data_js = data_js


LABEL_CSS = (
    "<style>.atlas-label{background:none;border:none;pointer-events:none}"
    ".atlas-label span{position:absolute;white-space:nowrap;font-family:'Source Sans Pro',system-ui,sans-serif}"
    ".atlas-label-state span{text-transform:uppercase;letter-spacing:.06em;font-weight:600}"
    ".atlas-label-place span{font-weight:700}.atlas-label-count span{font-weight:700}"
    + "".join(f".atlas-label-{kind} span{{color:{LABEL_INK[kind]};text-shadow:0 0 2px {halo},0 0 2px {halo},"
              f"0 0 3px {halo},0 0 4px {halo}}}" for kind, halo in LABEL_HALO.items())
    + "</style>")
