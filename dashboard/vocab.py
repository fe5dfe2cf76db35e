"""The one vocabulary of the atlas: every enumerated value the data, filters, map and exports share.

``validate`` checks ``geodata/`` against these tuples, the filters and the URL accept only them,
and the symbology and legend are keyed by them; i18n holds their words in each language.
"""

from __future__ import annotations

# The map's layers (drawn in the order map.compose.draw_order gives).
LAYERS = ("territories", "events", "places", "flows", "crossings")

EVENT_TYPES = (
    "massacre", "attack", "assassination", "armed-conflict", "military-operation", "strike",
    "arrest", "surrender", "transfer", "extradition", "court", "policy", "statement", "visit",
    "investigation", "leak", "milestone", "politics", "seizure",
)
# Event types grouped into three classes, each with one colour on the map.
TYPE_GROUP = {
    **dict.fromkeys(("massacre", "attack", "assassination", "armed-conflict", "military-operation", "strike"),
                    "violence"),
    **dict.fromkeys(("arrest", "surrender", "transfer", "extradition", "court", "seizure"), "enforcement"),
    **dict.fromkeys(("policy", "statement", "visit", "politics", "milestone", "leak", "investigation"),
                    "politics"),
}
TYPE_GROUPS = ("violence", "enforcement", "politics")

CONFIDENCE = ("H", "M", "L")
DATE_PRECISIONS = ("day", "month", "year")
PLACE_KINDS = ("city", "town", "site", "state", "country", "sea", "crossing", "airport", "prison", "port")
PLACE_PRECISIONS = ("site", "centroid", "proxy")
# A state's cartels per year (facts.md §3): "dominant" is the one cartel a source names as holding it;
# "significant" is the sources' "dominant or significant presence" where they name several.
TERRITORY_STATUSES = ("dominant", "significant", "present", "contested")
FLOW_KINDS = ("ammunition", "firearms")
FLOW_EVIDENCE = ("documented", "reported", "inferred")

# Several events at one place are drawn as one mark, "spot:<place id>" (map.features.event_features).
SPOT_PREFIX = "spot:"

# An imported dataset is drawn, filtered and exported as the layer "imported:<dataset name>".
IMPORTED_PREFIX = "imported:"


def imported_layer(dataset: str) -> str:
    """The layer id of an imported dataset."""
    return IMPORTED_PREFIX + dataset


def imported_dataset(layer: str) -> str | None:
    """The dataset name of an imported layer id, or None for a built-in layer."""
    return layer[len(IMPORTED_PREFIX):] if layer.startswith(IMPORTED_PREFIX) else None
