"""Recognising a file's columns by name: which column holds the date, the place, the actors ...

Names are compared without case, accents, spaces or punctuation. Published layouts are recognised
by their headers (:data:`LAYOUTS`): a UCDP GED download (``date_start``, ``date_end``,
``date_prec``, ``where_prec``, ``side_a``/``side_b``, ``best``/``low``/``high``, ``adm_1`` …; its
``region`` is a world region, not a state) and ACLED exports, current and older (``event_id_cnty``,
``event_date``, ``event_type``, ``actor1``, ``geo_precision``, ``time_precision`` …). Other tables
are read by the usual English and Spanish names (date/fecha, killed/muertos/homicidios,
state/estado/entidad, municipality/municipio, INEGI codes, actor/grupo …), and a user may map
any role to a column by name (``--column killed=total.people.dead``).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from dashboard.imports.rejections import ImportRejected

ROLES: dict[str, tuple[str, ...]] = {
    "id": ("event_id_cnty", "event_id", "id", "global_id", "folio"),
    "date": ("event_date", "date_start", "date", "fecha", "start_date", "fecha_inicio", "datum"),
    "date_end": ("date_end", "end_date", "fecha_fin", "fecha_final"),
    "date_prec": ("date_prec", "time_precision"),
    "year": ("year", "ano", "anio", "jahr"),
    "event_type": ("event_type",),
    "violence_type": ("type_of_violence",),  # UCDP GED: 1 state-based, 2 non-state, 3 one-sided
    "sub_event_type": ("sub_event_type",),
    "type": ("type", "kind", "category", "tipo", "typ"),
    "place": ("location", "place", "city", "town", "where_coordinates", "localidad", "lugar", "name", "ort"),
    "municipality": ("municipality", "municipio", "nom_mun", "nombre_municipio", "admin2", "adm_2", "mun"),
    "mun_code": ("cvegeo", "mun_code", "cve_mun", "cve_muni", "cve_municipio", "clave_municipio", "clave_mun",
                 "clave_del_municipio", "inegi", "inegi_code"),
    "state_code": ("state_code", "cve_ent", "cve_ente", "cve_entidad", "clave_entidad", "clave_ent",
                   "clave_de_la_entidad"),
    "admin1": ("admin1", "adm_1", "state", "estado", "entidad", "entidad_federativa", "nom_ent", "province",
               "bundesland"),
    "country": ("country", "pais", "land", "country_code"),
    "iso": ("iso",),
    "lat": ("latitude", "lat", "latitud", "breite", "y"),
    "lon": ("longitude", "lon", "lng", "long", "longitud", "laenge", "x"),
    "where_prec": ("where_prec", "geo_precision"),
    "killed": ("fatalities", "best", "killed", "deaths", "dead", "total_people_dead", "muertos", "fallecidos",
               "homicidios", "defunciones", "victimas", "tote"),
    "killed_low": ("low", "deaths_low", "low_est"),
    "killed_high": ("high", "deaths_high", "high_est"),
    "injured": ("injured", "wounded", "total_people_wounded", "heridos", "lesionados", "verletzte"),
    "source": ("source", "sources", "source_article", "url", "link", "fuente", "quelle"),
    "notes": ("notes", "description", "summary", "note", "details", "notas", "descripcion", "where_description"),
}
# every one of these columns that exists contributes actor text: only names that mean an actor or a perpetrator
# (a generic "grupo", "group" or "categoria" is often a batch or a category: it stays an extra field)
ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "ally_actor_1", "ally_actor_2", "side_a",
                 "side_b", "actor", "actors", "perpetrator", "perpetrators", "perpetrador", "perpetradores",
                 "perpetrador_especifico", "agresor", "agresores", "presunto_responsable", "grupo_delictivo",
                 "grupo_criminal", "grupo_armado", "organizacion_criminal", "organizacion_delictiva")
CARTEL_COLUMNS = ("cartel", "cartels", "carteles", "cartel_id")
# role names a user may map, and the words they may use for them
MAPPABLE = {**{r: r for r in ROLES}, "state": "admin1", "estado": "admin1", "municipio": "municipality",
            "deaths": "killed", "fatalities": "killed", "low": "killed_low", "high": "killed_high",
            "actor": "actor", "cartel": "cartel", "latitude": "lat", "longitude": "lon"}
# published layouts: name, the header keys that identify it (every one must be there)
LAYOUTS = (
    ("UCDP GED", ("id", "date_start", "date_end", "date_prec", "where_prec", "side_a", "side_b", "best")),
    ("ACLED", ("event_id_cnty", "event_date", "event_type", "actor1")),
    ("ACLED", ("event_date", "event_type", "actor1", "fatalities", "geo_precision")),
)


@dataclass(frozen=True)
class Columns:
    """Where each role lives: role -> column position (CSV) or property key (GeoJSON)."""

    single: dict[str, object]
    actors: tuple[object, ...]
    cartels: tuple[object, ...]
    names: dict[str, str]  # role -> the file's own column name, for messages
    layout: str = ""  # "UCDP GED", "ACLED" or "" (recognised by the usual names)
    mapped: dict[str, str] = field(default_factory=dict)  # role -> column the user mapped it to

    @property
    def acled(self) -> bool:
        return self.layout == "ACLED"

    @property
    def ucdp(self) -> bool:
        return self.layout == "UCDP GED"


def column_key(text: str) -> str:
    """Column name key: 'Event Date' / 'event-date' / 'EVENT_DATE' -> 'event_date'."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return "_".join("".join(c if c.isalnum() else " " for c in plain).split())


def repeated_columns(header: list[str]) -> list[str]:
    """Column names (as written, sorted) whose key appears more than once: 'date' and 'Date' are one column."""
    keys = [column_key(h) for h in header]
    counts = Counter(keys)  # linear: a header of 200,000 columns is checked in a blink
    return sorted({h for h, k in zip(header, keys, strict=True) if k and counts[k] > 1})


def parse_mapping(pairs: list[str] | dict[str, str] | None) -> dict[str, str]:
    """``["killed=total.people.dead", …]`` -> {role: column}; :class:`ImportRejected` for an unknown field."""
    items = pairs.items() if isinstance(pairs, dict) else (p.partition("=")[::2] for p in pairs or ())
    mapping: dict[str, str] = {}
    for role_text, column in items:
        role = MAPPABLE.get(column_key(role_text))
        if role is None or not str(column).strip():
            fields = ", ".join(sorted(set(MAPPABLE.values())))
            raise ImportRejected(f"column mapping {role_text}={column} is not FIELD=COLUMN with FIELD one of: {fields}")
        mapping[role] = str(column).strip()
    return mapping


DATE_PREFIXES = ("fecha_", "date_of_")  # "fecha_de_la_primera_nota…", "date_of_event": a date column by its name


def _date_by_prefix(by_norm: dict[str, tuple[object, str]]) -> tuple[object, str] | None:
    """The one column whose name starts like a date's ("fecha_de_…"), when no usual date name is there."""
    found = [v for k, v in by_norm.items() if k.startswith(DATE_PREFIXES) and not k.endswith(("_fin", "_final"))]
    return found[0] if len(found) == 1 else None


def layout_of(header: list[str]) -> str:
    keys = {column_key(h) for h in header}
    return next((name for name, needed in LAYOUTS if keys.issuperset(needed)), "")


def resolve_columns(header: list[str], keys: list[object] | None = None,
                    mapping: dict[str, str] | None = None) -> Columns:
    """Map the file's column names onto roles; ``keys`` are what to look values up by (default: positions).

    ``mapping`` (role -> column name as written, or its key) wins over the names recognised.
    """
    keys = list(range(len(header))) if keys is None else keys
    by_norm: dict[str, tuple[object, str]] = {}
    for key, name in zip(keys, header, strict=True):
        by_norm.setdefault(column_key(name), (key, name))
    single: dict[str, object] = {}
    names: dict[str, str] = {}
    mapping = mapping or {}
    for role, column in mapping.items():
        if column_key(column) not in by_norm:
            raise ImportRejected(f"column mapping {role}={column}: the file has no column {column!r}")
        if role not in ("actor", "cartel"):
            single[role], names[role] = by_norm[column_key(column)]
    for role, candidates in ROLES.items():
        for cand in candidates if role not in single else ():
            if cand in by_norm:
                single[role], names[role] = by_norm[cand]
                break
    if "date" not in single and (by_prefix := _date_by_prefix(by_norm)):
        single["date"], names["date"] = by_prefix
    used = set(single.values())
    extra_actor = tuple(by_norm[column_key(mapping["actor"])][0] for _ in (1,) if "actor" in mapping)
    extra_cartel = tuple(by_norm[column_key(mapping["cartel"])][0] for _ in (1,) if "cartel" in mapping)
    actors = extra_actor + tuple(by_norm[c][0] for c in ACTOR_COLUMNS
                                 if c in by_norm and by_norm[c][0] not in used | set(extra_actor))
    cartels = extra_cartel + tuple(by_norm[c][0] for c in CARTEL_COLUMNS
                                   if c in by_norm and by_norm[c][0] not in used | set(extra_cartel))
    return Columns(single, actors, cartels, names, layout_of(header), dict(mapping))
