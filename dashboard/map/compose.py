"""What a view draws and in which order: its layers as GeoJSON, built-in and imported.

The live map (through ``dashboard/ui/cache.py``), the PNG and the standalone HTML all ask
this module which layers a view shows, so they draw the same things in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import geopandas as gpd

from dashboard.atlas import filters
from dashboard.atlas.data import Atlas
from dashboard.atlas.narrative import Chapter
from dashboard.i18n import t
from dashboard.map import features, hexbins, labels, territories
from dashboard.model import MapView, Selection
from dashboard.share.link import Snapshot
from dashboard.vocab import IMPORTED_PREFIX, imported_layer

Imported = Mapping[str, gpd.GeoDataFrame]  # dataset name -> its stored rows (see dashboard.imports.store)

# First drawn is lowest. Imported datasets lie above the territories and below the curated
# layers: a dataset of thousands of points, or its hexagons, must not cover the story's own
# flows, places and events, nor take their clicks.
UNDER_IMPORTED = ("choropleth", "territories", "highlights")  # official figures lowest: the stories over them
OVER_IMPORTED = ("flows", "crossings", "places", "events", "labels")  # labels last: they name what lies under them


def draw_order(kinds: Iterable[str]) -> list[str]:
    """``kinds`` (layer names, imported ones as "imported:NAME") from the lowest to the top."""
    kinds = set(kinds)
    imported = sorted(k for k in kinds if k.startswith(IMPORTED_PREFIX))
    return [k for k in (*UNDER_IMPORTED, *imported, *OVER_IMPORTED) if k in kinds]


def map_collections(atlas: Atlas, sel: Selection, lang: str, chapter: Chapter | None, zoom: int = 4,
                    window: tuple[float, float, float, float] | None = None,
                    territories_apart: bool = False) -> dict[str, dict]:
    """GeoJSON feature collections per visible layer (plus chapter highlights and labels).

    ``zoom`` sizes the symbols drawn as geometry (arrowheads, stripes) for the view; ``window``
    (a lon/lat box around the view, from :func:`detail_window`) bounds what is drawn in detail
    at street zoom: territory bands and town labels. With ``territories_apart`` the territories
    are left out, for a caller that draws them itself (the page keeps them by their reading,
    which many selections share); nothing else depends on them.
    """
    out: dict[str, dict] = {}
    if "territories" in sel.layers and not territories_apart:
        reading = filters.territory_reading(atlas, sel)
        out["territories"] = territories.territory_features(reading, atlas, lang, zoom, window)
    # A chapter draws its story: its own events, places and routes, nothing else (atlas.filters).
    if "flows" in sel.layers:
        out["flows"] = features.flow_features(filters.flows_for(atlas, sel, chapter), atlas, lang, zoom)
    if "crossings" in sel.layers:
        out["crossings"] = features.crossing_features(filters.crossings_for(atlas, sel, chapter), lang)
    if "places" in sel.layers:
        out["places"] = features.place_features(filters.places_for(atlas, sel, chapter), lang)
    if "events" in sel.layers:
        out["events"] = features.event_layer(filters.events_for(atlas, sel, chapter), atlas, lang, zoom)[0]
    if chapter is not None:
        out["highlights"] = features.highlight_features(atlas, chapter.events, chapter.places, chapter.routes,
                                                        chapter.states)
    out["labels"] = labels.label_features(atlas, out, zoom, window, chapter)
    return out


def detail_window(view: MapView) -> tuple[float, float, float, float] | None:
    """The lon/lat box drawn in detail around ``view`` at street zoom; None where the whole map is drawn."""
    return hexbins.window_for(view).lonlat_box() if view.zoom > territories.STRIPE_MAX_ZOOM else None


def builtin_binned(atlas: Atlas, sel: Selection, lang: str, zoom: int,
                   chapter: Chapter | None = None) -> list[features.Binned]:
    """The curated events layer, when it is drawn as hexagons (see :func:`features.event_layer`)."""
    if "events" not in sel.layers:
        return []
    frame = filters.events_for(atlas, sel, chapter)
    if hexbins.drawn_as_points(len(frame)):
        return []
    return [features.Binned("events", t("events", lang), len(frame), 0, zoom)]


def imported_collections(atlas: Atlas, sel: Selection, lang: str, imported: Imported | None,
                         view: MapView) -> tuple[dict[str, dict], list[features.Binned]]:
    """Imported datasets as the live map draws them for the view: points, or hexagons when many."""
    out, binned = {}, []
    for name, frame in sorted((imported or {}).items()):
        mask = filters.imported_mask(atlas, frame, sel)
        out[imported_layer(name)], bins = features.imported_layer(frame, mask, name, name, lang, view)
        binned += [bins] if bins else []
    return out, binned


def snapshot_view(atlas: Atlas, snap: Snapshot) -> MapView:
    """The snapshot's view, else its chapter's, else the default."""
    chapter = atlas.chapter(snap.chapter)
    return snap.view or (chapter.view if chapter else MapView())


@dataclass(frozen=True)
class ComposedView:
    """Everything a snapshot draws: where it looks, its layers from the lowest up, what is binned."""

    view: MapView
    chapter: Chapter | None
    layers: dict[str, dict]          # layer id -> feature collection, in draw order
    binned: list[features.Binned]    # layers drawn as hexagons, built-in first
    imported: tuple[str, ...]        # titles of the imported datasets shown
    counts_key: tuple = ()           # the choropleth's key entries (map.choropleth_view), first in the legend


def compose_snapshot(atlas: Atlas, snap: Snapshot, imported: Imported | None = None) -> ComposedView:
    """The layers of a snapshot exactly as the live map draws the same view."""
    view = snapshot_view(atlas, snap)
    chapter = atlas.chapter(snap.chapter)
    imported = None if chapter is not None else imported  # imported datasets do not join the story's chapters
    layers = map_collections(atlas, snap.selection, snap.lang, chapter, view.zoom, detail_window(view))
    extra, imported_bins = imported_collections(atlas, snap.selection, snap.lang, imported, view)
    layers.update(extra)
    binned = builtin_binned(atlas, snap.selection, snap.lang, view.zoom, chapter) + imported_bins
    key: list = []
    if snap.counts is not None:
        from dashboard.map.choropleth_view import counts_layer  # the official tables' store, only when asked

        layers["choropleth"], key = counts_layer(snap.counts, snap.selection, snap.lang)
    return ComposedView(view, chapter, {k: layers[k] for k in draw_order(layers)}, binned,
                        tuple(sorted(imported or {})), tuple(key))
