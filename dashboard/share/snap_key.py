"""The key of a snapshot: what it draws inside its frame, from the page's own model (:mod:`dashboard.map.key`).

The printed forms and the page list the same entries: the cartels present, the symbol kinds present,
the flow kinds present, each once. The frame is what a snapshot shows of its view (the live map's
reference viewport around the view's centre at its zoom).
"""

from __future__ import annotations

from dashboard.atlas.data import Atlas
from dashboard.map.compose import ComposedView
from dashboard.map.key import key_entries
from dashboard.map.legend import LegendEntry
from dashboard.share.link import Snapshot
from dashboard.share.png_map import REFERENCE_VIEWPORT
from dashboard.views.in_view import view_box


def snapshot_key(atlas: Atlas, snap: Snapshot, composed: ComposedView) -> list[LegendEntry]:
    """The choropleth's key (if any), then the key of what the snapshot draws inside its frame."""
    frame = view_box(composed.view, REFERENCE_VIEWPORT)
    return [*composed.counts_key, *key_entries(atlas, snap.selection, snap.lang, composed.layers, frame,
                                               composed.binned, composed.chapter, composed.imported)]

