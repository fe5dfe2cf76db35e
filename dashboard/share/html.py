"""The standalone HTML map of a view: a folium page with Leaflet inlined, caption and legend included.

It opens from disk with no server and no internet: the form a published piece embeds. It
draws the layers :mod:`dashboard.map.compose` gives for the view, the legend of
:mod:`dashboard.map.legend`, and the caption of :mod:`dashboard.share.caption`.
"""

from __future__ import annotations

from dashboard.config import TileProvider, tile_provider
from dashboard.data import Atlas
from dashboard.map.compose import Imported, compose_snapshot
from dashboard.map.features import basemap_features
from dashboard.map.folium_render import Rendered
from dashboard.map.leaflet import build_base_map, feature_groups, to_js_json
from dashboard.map.legend import legend_entries, legend_html
from dashboard.map.vendor import inline_assets_html, patch_folium
from dashboard.share.caption import caption_for
from dashboard.sharing import Snapshot
from dashboard.text import safe

BOX = ("position:absolute;z-index:1000;background:rgba(255,255,255,.93);padding:8px 10px;"
       "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:13px sans-serif;")


def render_html(atlas: Atlas, snap: Snapshot, provider: TileProvider | None = None,
                imported: Imported | None = None) -> str:
    """A standalone interactive map of the view: Leaflet inlined, legend and credits included."""
    patch_folium()
    provider = provider or tile_provider()
    composed = compose_snapshot(atlas, snap, imported)
    m = build_base_map(to_js_json(basemap_features(atlas, provider.url is not None)), provider, composed.view)
    for fg in feature_groups({kind: to_js_json(fc) for kind, fc in composed.layers.items()}, snap.lang):
        fg.add_to(m)
    cap = caption_for(atlas, snap, provider)
    entries = legend_entries(atlas, snap.selection, snap.lang, composed.binned, composed.chapter, composed.imported)
    head = "".join(f"<div>{safe(line)}</div>" for line in cap.lines())
    m.get_root().html.add_child(Rendered(
        f"<div id='atlas-caption' style='{BOX}top:10px;left:60px;max-width:46%'>"
        f"<b style='font-size:15px'>{safe(cap.title)}</b>{head}</div>"
        f"<div id='atlas-legend' style='{BOX}bottom:24px;right:10px;max-height:70%;overflow:auto'>"
        f"{legend_html(entries, snap.lang)}</div>"))
    m.get_root().header.add_child(Rendered(f"<title>{safe(cap.title)}</title>"))
    return inline_assets_html(m.get_root().render())
