"""Recognising a file's columns by name: which column holds the date, the place, the actors ...

Names are compared without case, accents, spaces or punctuation, so an ACLED export works as
it is (``event_id_cnty``, ``event_date``, ``year``, ``event_type``, ``sub_event_type``, ``actor1``,
``actor2``, ``admin1``, ``location``, ``latitude``, ``longitude``, ``fatalities``, ``source``,
``notes``, ``country``, ``iso`` ...), as does a plain sheet with ``place``/``location``/``city``/
``name``, optional ``state``/``admin1``, ``country``, ``date``, ``killed``, ``injured``, ``type``,
``actor``, ``cartel``, or GeoJSON properties with the same names.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

ROLES: dict[str, tuple[str, ...]] = {
    "id": ("event_id_cnty", "event_id", "id"),
    "date": ("event_date", "date", "fecha", "datum"),
    "year": ("year", "ano", "jahr"),
    "event_type": ("event_type",),
    "sub_event_type": ("sub_event_type",),
    "type": ("type", "kind", "category", "tipo", "typ"),
    "place": ("location", "place", "city", "town", "municipality", "name", "lugar", "ort"),
    "admin1": ("admin1", "state", "estado", "province", "region", "bundesland"),
    "country": ("country", "pais", "land", "country_code"),
    "iso": ("iso",),
    "lat": ("latitude", "lat", "latitud", "breite", "y"),
    "lon": ("longitude", "lon", "lng", "long", "longitud", "laenge", "x"),
    "killed": ("fatalities", "killed", "deaths", "dead", "muertos", "tote"),
    "injured": ("injured", "wounded", "heridos", "verletzte"),
    "source": ("source", "sources", "url", "link", "fuente", "quelle"),
    "notes": ("notes", "description", "summary", "note", "details", "notas"),
}
# every one of these columns that exists contributes actor text
ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "actor", "actors", "perpetrator")
CARTEL_COLUMNS = ("cartel", "cartels", "group", "organisation", "organization")


@dataclass(frozen=True)
class Columns:
    """Where each role lives: role -> column position (CSV) or property key (GeoJSON)."""

    single: dict[str, object]
    actors: tuple[object, ...]
    cartels: tuple[object, ...]
    names: dict[str, str]  # role -> the file's own column name, for messages

    @property
    def acled(self) -> bool:
        return "event_type" in self.single or self.names.get("id") == "event_id_cnty"


def column_key(text: str) -> str:
    """Column name key: 'Event Date' / 'event-date' / 'EVENT_DATE' -> 'event_date'."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return "_".join("".join(c if c.isalnum() else " " for c in plain).split())


def repeated_columns(header: list[str]) -> list[str]:
    """Column names (as written, sorted) whose key appears more than once: 'date' and 'Date' are one column."""
    keys = [column_key(h) for h in header]
    return sorted({h for h, k in zip(header, keys, strict=True) if k and keys.count(k) > 1})


def resolve_columns(header: list[str], keys: list[object] | None = None) -> Columns:
    """Map the file's column names onto roles; ``keys`` are what to look values up by (default: positions)."""
    keys = list(range(len(header))) if keys is None else keys
    by_norm: dict[str, tuple[object, str]] = {}
    for key, name in zip(keys, header, strict=True):
        by_norm.setdefault(column_key(name), (key, name))
    single: dict[str, object] = {}
    names: dict[str, str] = {}
    for role, candidates in ROLES.items():
        for cand in candidates:
            if cand in by_norm:
                single[role], names[role] = by_norm[cand]
                break
    used = set(single.values())
    actors = tuple(by_norm[c][0] for c in ACTOR_COLUMNS if c in by_norm and by_norm[c][0] not in used)
    cartels = tuple(by_norm[c][0] for c in CARTEL_COLUMNS if c in by_norm and by_norm[c][0] not in used)
    return Columns(single, actors, cartels, names)
