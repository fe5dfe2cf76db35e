"""Interface strings in English, German and Spanish. Data texts carry their own _en/_de/_es columns.

One table of strings, kept in a module per part of the atlas so each stays short: the page in
:mod:`dashboard.i18n.page`, the map (legend, territories, event types, tooltips) in
:mod:`dashboard.i18n.map`, what snapshots print in :mod:`dashboard.i18n.share`. Keys are unique
across them; every key has a text in each of :data:`dashboard.config.LANGUAGES`.
"""

from __future__ import annotations

from dashboard import config
from dashboard.i18n.access import ACCESS_STRINGS
from dashboard.i18n.choropleth import CHOROPLETH_STRINGS
from dashboard.i18n.key import KEY_STRINGS
from dashboard.i18n.map import MAP_STRINGS
from dashboard.i18n.official import OFFICIAL_STRINGS
from dashboard.i18n.page import PAGE_STRINGS
from dashboard.i18n.roles import ROLES_STRINGS
from dashboard.i18n.share import SHARE_STRINGS


def merged_strings(*parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The parts as one table; a key defined in two parts is refused (the later text would hide the earlier)."""
    merged: dict[str, dict[str, str]] = {}
    for part in parts:
        clash = merged.keys() & part.keys()
        if clash:
            raise ValueError(f"interface strings defined twice: {sorted(clash)}")
        merged.update(part)
    return merged


STRINGS = merged_strings(PAGE_STRINGS, MAP_STRINGS, SHARE_STRINGS, ACCESS_STRINGS, ROLES_STRINGS, OFFICIAL_STRINGS,
                         CHOROPLETH_STRINGS, KEY_STRINGS)


def untranslated() -> dict[str, tuple[str, ...]]:
    """Interface string key -> the languages of :data:`dashboard.config.LANGUAGES` it has no text in.

    Empty when every string is there in every language; a language added to the list shows up here
    for every key until its texts are written.
    """
    gaps = {key: tuple(lang for lang in config.LANGUAGES if not entry.get(lang, "").strip())
            for key, entry in STRINGS.items()}
    return {key: langs for key, langs in gaps.items() if langs}


def type_name(event_type: str, lang: str) -> str:
    """An event type's name in ``lang``; a type from an imported file that the atlas does not know, as it is."""
    key = "type_" + event_type.replace("-", "_")
    return t(key, lang) if key in STRINGS else event_type


def plural(key: str, count: int, lang: str, **fmt: object) -> str:
    """``key`` for ``count`` things: its singular ``key_one`` when ``count`` is 1, else ``key`` itself.

    English, German and Spanish agree: only 1 takes the singular (0 and 2 take the plural). ``n``
    in the text is the count unless ``fmt`` gives it already formatted ("1.412" in German).
    """
    one = key + "_one"
    return t(one if count == 1 and one in STRINGS else key, lang, **{"n": count, **fmt})


def t(key: str, lang: str, **fmt: object) -> str:
    """The interface string ``key`` in ``lang`` (English if missing), formatted with ``fmt``."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fmt) if fmt else text
