"""Event types: an ACLED event/sub-event type, a UCDP ``type_of_violence`` code or a sheet's ``type``
-> one of the atlas's event types.

Unknown types map to "" (the row is kept without a type, and the original text is kept too),
never to a near miss.
"""

from __future__ import annotations

from functools import lru_cache

from dashboard.text import plain_words, slugify
from dashboard.vocab import EVENT_TYPES

ACLED_EVENT_TYPES = {
    "battles": "armed-conflict",
    "violence against civilians": "attack",
    "explosions remote violence": "attack",
    "riots": "politics",
    "protests": "politics",
    "strategic developments": "policy",
}
ACLED_SUB_EVENT_TYPES = {
    "armed clash": "armed-conflict",
    "government regains territory": "military-operation",
    "non state actor overtakes territory": "armed-conflict",
    "attack": "attack",
    "abduction forced disappearance": "attack",
    "sexual violence": "attack",
    "air drone strike": "attack",
    "arrests": "arrest",
    "disrupted weapons use": "seizure",
    "looting property destruction": "attack",
}
# UCDP GED ``type_of_violence`` (codebook): what the code means, and the atlas's type for it. State-based
# and non-state conflict are fighting between armed sides (a government and a cartel, two cartels);
# one-sided violence is an organised group killing civilians.
UCDP_VIOLENCE_TYPES = {
    "1": ("state-based conflict", "armed-conflict"),
    "2": ("non-state conflict", "armed-conflict"),
    "3": ("one-sided violence", "attack"),
}
TYPE_SYNONYMS = {
    "killing": "attack", "murder": "attack", "homicide": "attack", "shooting": "attack", "ambush": "attack",
    "kidnapping": "attack", "abduction": "attack", "bombing": "attack", "explosion": "attack",
    "clash": "armed-conflict", "shootout": "armed-conflict", "battle": "armed-conflict", "firefight": "armed-conflict",
    "enfrentamiento": "armed-conflict", "balacera": "armed-conflict", "ataque": "attack", "asesinato": "assassination",
    "masacre": "massacre", "detention": "arrest", "detencion": "arrest", "capture": "arrest",
    "seized": "seizure", "decomiso": "seizure", "aseguramiento": "seizure", "protest": "politics",
    "election": "politics", "operation": "military-operation", "raid": "military-operation",
}


@lru_cache(maxsize=4096)
def map_type(event_type: str, sub_event_type: str = "", plain: str = "", violence: str = "") -> tuple[str, str]:
    """(atlas type or "", original text) for ACLED event/sub-event types, a UCDP violence code or a ``type``.

    UCDP's code is kept with its meaning as the original text: "type_of_violence 3: one-sided violence".
    """
    if violence:
        code = violence.removesuffix(".0")
        meaning, atlas_type = UCDP_VIOLENCE_TYPES.get(code, ("", ""))
        return atlas_type, f"type_of_violence {code}: {meaning}" if meaning else f"type_of_violence {code}"
    if event_type or sub_event_type:
        original = f"{event_type}: {sub_event_type}" if event_type and sub_event_type else event_type or sub_event_type
        sub = ACLED_SUB_EVENT_TYPES.get(plain_words(sub_event_type))
        return sub or ACLED_EVENT_TYPES.get(plain_words(event_type), ""), original
    if not plain:
        return "", ""
    key = slugify(plain)
    if key in EVENT_TYPES:
        return key, plain
    words = plain_words(plain)
    return ACLED_EVENT_TYPES.get(words) or ACLED_SUB_EVENT_TYPES.get(words) or TYPE_SYNONYMS.get(words, ""), plain
