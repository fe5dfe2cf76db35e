"""GeoJSON feature collections -> folium objects: the base map and one layer per kind."""

from __future__ import annotations

import folium
from branca.element import MacroElement
from jinja2 import Template

from dashboard.config import TileProvider
from dashboard.i18n import t
from dashboard.model import MapView

# z-order: first drawn is lowest.
LAYER_ORDER = ("territories", "highlights", "flows", "crossings", "places", "events")
POINT_LAYERS = {"events", "places", "crossings"}


class FullscreenControl(MacroElement):
    """A full-screen button with no plugin download (Fullscreen API, CSS fallback)."""

    _template = Template("""
    {% macro script(this, kwargs) %}
    (function(map){
      var Ctl = L.Control.extend({options: {position: 'topleft'}, onAdd: function(){
        var a = L.DomUtil.create('a', 'leaflet-bar atlas-fullscreen');
        a.href = '#'; a.role = 'button'; a.title = 'Full screen'; a.setAttribute('aria-label', 'Full screen');
        a.innerHTML = '<svg width="16" height="16" viewBox="0 0 16 16" style="margin-top:7px"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="#000" stroke-width="2"/></svg>';
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


def build_base_map(basemap: dict, provider: TileProvider, view: MapView) -> folium.Map:
    """The stable part of the map: tiles (or none), the boundary base map, scale bar, full screen.

    Built fresh every run (st_folium mutates it) but identical for identical
    inputs, so streamlit-folium keeps the same iframe and no flicker occurs.
    """
    m = folium.Map(location=[view.lat, view.lon], zoom_start=view.zoom, tiles=None, control_scale=True,
                   min_zoom=2, max_zoom=14, world_copy_jump=True)
    if provider.url:
        folium.TileLayer(provider.url, attr=provider.attribution, name=provider.name, max_zoom=19).add_to(m)
    else:
        m.get_root().header.add_child(folium.Element(
            "<style>.leaflet-container{background:#cfdde6}</style>"))
    folium.GeoJson(basemap, name="base", interactive=False, control=False).add_to(m)
    m.add_child(FullscreenControl())
    return m


def geojson_layer(fc: dict, kind: str, lang: str) -> folium.GeoJson:
    """One GeoJson layer for a whole kind; styles come from each feature's ``style`` property."""
    tooltip = None
    if fc["features"] and kind != "highlights":
        tooltip = folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True,
                                        style="max-width:320px;white-space:normal;")
    return folium.GeoJson(
        fc, name=t(kind, lang), tooltip=tooltip, control=False, interactive=kind != "highlights",
        marker=folium.CircleMarker(radius=5) if kind in POINT_LAYERS or kind == "highlights" else None,
    )


def feature_groups(collections: dict[str, dict], lang: str) -> list[folium.FeatureGroup]:
    """FeatureGroups in z-order, one per non-empty kind, with deterministic names."""
    groups = []
    for kind in LAYER_ORDER:
        fc = collections.get(kind)
        if fc is None:
            continue
        fg = folium.FeatureGroup(name=t(kind, lang), control=False)
        fg._name = "FeatureGroup"
        geojson_layer(fc, kind, lang).add_to(fg)
        groups.append(fg)
    return groups


def attribution_text(provider: TileProvider, version: str) -> str:
    return f"{provider.attribution} · Frontera Atlas data {version}"
