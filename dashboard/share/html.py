"""The standalone HTML map of a view: a folium page with Leaflet inlined, words, legend and credits included.

It opens from disk with no server and no internet: the form a published piece embeds. It
draws the layers :mod:`dashboard.map.compose` gives for the view, the legend entries of
:mod:`dashboard.map.legend`, and the words of :mod:`dashboard.share.caption`, with the open
chapter's text in the snapshot's language. The title box and the legend fold away (``<details>``),
fit phones, and the map is fitted into the room they leave, so they never cover the chapter's
focus (its key events and places). The map carries a text alternative describing the view.
"""

from __future__ import annotations

from dashboard.atlas.data import Atlas
from dashboard.atlas.framing import focus_bounds
from dashboard.config import TileProvider, tile_provider
from dashboard.i18n import t
from dashboard.map.compose import Imported, compose_snapshot
from dashboard.map.features import basemap_features
from dashboard.map.folium_render import Rendered
from dashboard.map.leaflet import build_base_map, feature_groups, to_js_json
from dashboard.map.legend import entry_html
from dashboard.map.vendor import inline_assets_html, patch_folium
from dashboard.share.caption import Caption, Words, caption_for
from dashboard.share.link import Snapshot
from dashboard.share.snap_key import snapshot_key
from dashboard.text import safe
from dashboard.views.account import view_account

NARROW_PX = 700   # below this width the boxes span the map's width and start folded

CSS = f"""<style>
.atlas-box{{position:absolute;z-index:1000;background:rgba(255,255,255,.95);padding:8px 10px;border-radius:4px;
  box-shadow:0 1px 4px rgba(0,0,0,.3);font:13px/1.45 system-ui,sans-serif;color:#1a1a1a;box-sizing:border-box;
  overflow:auto}}
.atlas-box summary{{cursor:pointer}}
#atlas-caption{{top:10px;left:54px;width:min(380px,34vw);max-height:calc(100% - 20px)}}
#atlas-caption h1{{display:inline;font-size:17px;margin:0}}
#atlas-caption .atlas-sub{{color:#333;margin:2px 0 4px}}
#atlas-caption .atlas-chapter p{{margin:4px 0}}
#atlas-caption .atlas-note{{font-style:italic}}
#atlas-caption .atlas-credits{{font-size:11.5px;color:#333}}
#atlas-legend{{bottom:24px;right:10px;width:min(300px,30vw);max-height:calc(100% - 60px)}}
#atlas-legend summary{{font-weight:bold}}
.atlas-sr{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}}
@media (max-width:{NARROW_PX}px){{
  #atlas-caption{{left:50px;right:10px;width:auto;max-height:45%}}
  #atlas-caption h1{{font-size:15px}}
  #atlas-legend{{right:10px;left:auto;width:auto;max-width:calc(100% - 20px);max-height:40%}}
}}
</style>"""

# Fit the chapter's focus into the largest part of the map the boxes leave free; again when a box
# folds or opens and when the window changes. Phones open with the chapter text and legend folded.
FIT_JS = """<script>
window.addEventListener('load', function () {
  var map = %(map)s, focus = %(focus)s, maxZoom = %(zoom)s, narrow = window.innerWidth <= %(narrow)s;
  var cap = document.getElementById('atlas-caption'), leg = document.getElementById('atlas-legend');
  map.getContainer().setAttribute('role', 'region');
  map.getContainer().setAttribute('aria-label', %(alt)s);
  if (narrow) { document.querySelectorAll('#atlas-caption details, #atlas-legend')
                .forEach(function (d) { d.open = false; }); }
  if (!focus) return;
  function fit() {
    var size = map.getSize(), W = size.x, H = size.y, box = map.getContainer().getBoundingClientRect();
    function r(el) { var b = el.getBoundingClientRect();
      return {l: b.left - box.left - 8, t: b.top - box.top - 8, r: b.right - box.left + 8, b: b.bottom - box.top + 8}; }
    var c = r(cap), g = r(leg);
    var free = [[c.r, 0, W, g.t], [0, c.b, g.l, H], [0, c.b, W, g.t], [c.r, 0, g.l, H],
                [0, Math.max(c.b, 0), W, H], [Math.max(c.r, 0), 0, W, H]].map(function (f) {
      return [Math.max(f[0], 0), Math.max(f[1], 0), Math.min(f[2], W), Math.min(f[3], H)]; })
      .filter(function (f) {  // a free rectangle must miss both boxes
        return [c, g].every(function (k) { return f[2] <= k.l || f[0] >= k.r || f[3] <= k.t || f[1] >= k.b; }); });
    function room(f) { return Math.min(f[2] - f[0], (f[3] - f[1]) * 1.5); }
    free.sort(function (a, b) { return room(b) - room(a); });
    var f = free[0] || [0, 0, W, H];
    map.fitBounds(L.latLngBounds(focus), {paddingTopLeft: [f[0] + 24, f[1] + 24],
      paddingBottomRight: [W - f[2] + 24, H - f[3] + 24], maxZoom: maxZoom, animate: false});
  }
  fit();
  document.querySelectorAll('details').forEach(function (d) { d.addEventListener('toggle', fit); });
  window.addEventListener('resize', fit);
});
</script>"""


def focus_points(atlas: Atlas, snap: Snapshot) -> list[list[float]] | None:
    """[lat, lon] of what the boxes must never cover: a chapter's events and places with the corners of all its
    features (the flows' origins too, atlas.framing), or of its states' bounds; without a chapter and a view of
    the user's own, Mexico (the atlas's subject); else None."""
    chapter = atlas.chapter(snap.chapter)
    if chapter is None:
        if snap.view is not None:
            return None
        minx, miny, maxx, maxy = atlas.states[atlas.states["country"] == "MX"].total_bounds
        return [[float(miny), float(minx)], [float(maxy), float(maxx)]]
    ev = atlas.events[atlas.events["id"].isin(chapter.events)]
    pl = atlas.places[atlas.places["id"].isin(chapter.places)]
    points = [[float(p.y), float(p.x)] for p in (*ev.geometry, *pl.geometry) if p is not None and not p.is_empty]
    bounds = focus_bounds(chapter, atlas.events, atlas.places, atlas.flows)
    if bounds is not None:   # south, west, north, east
        points += [[bounds[0], bounds[1]], [bounds[2], bounds[3]]]
    if not points and chapter.states:
        minx, miny, maxx, maxy = atlas.states[atlas.states["name"].isin(chapter.states)].total_bounds
        points = [[miny, minx], [maxy, maxx]]
    return points or [[chapter.view.lat, chapter.view.lon]]


def alt_text(atlas: Atlas, snap: Snapshot, cap: Caption) -> str:
    """What the view shows, in words: the map's text alternative."""
    head, _ = view_account(atlas, snap.selection, snap.lang)
    text = t("alt_map", snap.lang, title=cap.title, what=head)
    chapter = atlas.chapter(snap.chapter)
    if chapter is not None and chapter.places:
        names = [atlas.place_name(p, snap.lang) for p in atlas.places["id"] if p in chapter.places]
        text += " " + t("alt_focus", snap.lang, names=", ".join(names))
    return text


def caption_html(atlas: Atlas, snap: Snapshot, cap: Caption) -> str:
    """The title box: title, subtitle, the chapter's text, the note and the credits, all escaped."""
    lang, chapter = snap.lang, atlas.chapter(snap.chapter)
    parts = [f"<h1>{safe(cap.title)}</h1>"]
    if cap.subtitle:
        parts.append(f"<div class='atlas-sub'>{safe(cap.subtitle)}</div>")
    if chapter is not None:
        paragraphs = "".join(f"<p>{safe(p.strip())}</p>" for p in chapter.body(lang).split("\n\n") if p.strip())
        parts.append(f"<details class='atlas-chapter' open><summary>{safe(t('chapter_text', lang))}: "
                     f"{safe(chapter.title(lang))}</summary>{paragraphs}</details>")
    if cap.note:
        parts.append(f"<div class='atlas-note'>{safe(t('note_label', lang))}: {safe(cap.note)}</div>")
    credits = [cap.filters, cap.sources, *cap.dataset_lines(), cap.version, cap.attribution]
    if cap.link:
        credits.append(f"{t('live_view', lang)}: {cap.link}")
    parts.append(f"<details class='atlas-credits'><summary>{safe(t('credits', lang))}</summary>"
                 + "".join(f"<div>{safe(x)}</div>" for x in credits if x) + "</details>")
    return f"<div id='atlas-caption' class='atlas-box'>{''.join(parts)}</div>"


def render_html(atlas: Atlas, snap: Snapshot, provider: TileProvider | None = None,
                imported: Imported | None = None, words: Words | None = None) -> str:
    """A standalone interactive map of the view: Leaflet inlined, words, chapter text, legend and credits included."""
    patch_folium()
    provider = provider or tile_provider()
    composed = compose_snapshot(atlas, snap, imported)
    m = build_base_map(to_js_json(basemap_features(atlas, provider.url is not None)), provider, composed.view,
                       snap.lang)
    for fg in feature_groups({kind: to_js_json(fc) for kind, fc in composed.layers.items()}, snap.lang):
        fg.add_to(m)
    cap = caption_for(atlas, snap, provider, words, dict(imported or {}))
    entries = snapshot_key(atlas, snap, composed)
    alt = alt_text(atlas, snap, cap)
    legend = "".join(entry_html(e) for e in entries)
    root = m.get_root()
    root.header.add_child(Rendered(f"<title>{safe(cap.title)}</title>"
                                   f"<meta name='description' content='{safe(alt)}'>{CSS}"))
    root.html.add_child(Rendered(
        caption_html(atlas, snap, cap)
        + f"<details id='atlas-legend' class='atlas-box' open><summary>{safe(t('legend', snap.lang))}</summary>"
        f"<div class='atlas-legend' style='font-size:13px;line-height:1.6'>{legend}</div></details>"
        f"<p id='atlas-alt' class='atlas-sr'>{safe(alt)}</p>"
        + FIT_JS % {"map": m.get_name(), "focus": to_js_json(focus_points(atlas, snap)),
                    "zoom": composed.view.zoom, "narrow": NARROW_PX, "alt": to_js_json(alt)}))
    return inline_assets_html(root.render())
